// Parsing a large feed allocates a string or two per field of tens of thousands of
// postings from two threads at once; mimalloc's thread-local free lists do that with less
// lock traffic and fewer fresh pages than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    jobtap::cli::main()
}
