fn main() -> std::process::ExitCode {
    jobtap::cli::main()
}
