//! Order-keeping parallelism for the CPU-bound steps (turning thousands of feed items into
//! postings, tagging them, encoding them), on rayon's pool: its threads live for the whole
//! run, so the memory each frees is reused by the next batch instead of a new thread
//! asking the OS for fresh pages. Items are worked on where they lie, in contiguous chunks,
//! and results come back in input order.

use rayon::prelude::*;

/// Sizes rayon's pool, before anything uses it, to one thread fewer than the cores the
/// process may run on (one at least), unless `RAYON_NUM_THREADS` says otherwise.
///
/// The thread that runs a command is a stage of the stream too: it finishes and writes
/// each batch while the pool parses the next, and whatever reads the output (jq, a
/// script, a spreadsheet import) needs a core as well. On two cores, a pool of two beside
/// that thread spent 8-13% more CPU and wall time than a pool of one, written to a file,
/// to /dev/null or to a pipe (`jobtap parse`, 20,000 feed items): the postings crossed
/// between the cores at every step, and the writer and the reader of the pipe waited on
/// each other. With one pool thread the two cores make a two-stage pipeline.
pub fn init() {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Refused only when the pool already exists; it then keeps its size.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(pool_threads(cores))
        .build_global();
}

fn pool_threads(cores: usize) -> usize {
    cores.saturating_sub(1).max(1)
}

/// `f` on contiguous chunks of `items`, on the pool's threads, the results in chunk order.
/// Small inputs stay on this thread as a single chunk, and so does everything when the pool
/// has one thread: that thread is busy with the stage before this one.
pub fn chunks<T: Send, U: Send>(items: &mut [T], f: impl Fn(&mut [T]) -> U + Sync) -> Vec<U> {
    const SMALL: usize = 256;
    let threads = rayon::current_num_threads();
    if threads == 1 || items.len() < SMALL {
        return vec![f(items)];
    }
    // A few chunks per thread, so a core that finishes early takes over another's share.
    let size = items.len().div_ceil(threads * 4).max(SMALL / 4);
    items.par_chunks_mut(size).map(&f).collect()
}

/// Items in the `round`th batch of a stream handed over a batch at a time: small at first,
/// so the first output leaves while the pool is still starting on the rest, then doubling
/// up to one size that keeps every core busy and memory bounded.
pub fn batch_size(round: usize) -> usize {
    const FIRST: usize = 64;
    const FULL: usize = 512;
    // Doubling stops at FULL: a shift alone would push the size's bit out after some
    // sixty rounds and make it 0, which reads as the end of the stream.
    u32::try_from(round)
        .ok()
        .and_then(|r| 2usize.checked_pow(r))
        .and_then(|growth| FIRST.checked_mul(growth))
        .map_or(FULL, |n| n.min(FULL))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pool_leaves_a_core_to_the_stream() {
        let sizes: Vec<usize> = [1, 2, 4, 16].map(super::pool_threads).into();
        assert_eq!(sizes, [1, 1, 3, 15]);
    }

    #[test]
    fn batches_grow_to_a_bound() {
        let sizes: Vec<usize> = (0..6).map(super::batch_size).collect();
        assert_eq!(sizes, [64, 128, 256, 512, 512, 512]);
        assert_eq!(super::batch_size(100), 512);
        // Every round of a long stream gets a whole batch: a size of 0 would end it.
        assert!((0..100_000).all(|round| super::batch_size(round) == 512 || round < 3));
    }

    #[test]
    fn keeps_order_at_every_size() {
        for n in [0, 1, 255, 256, 1000, 4099] {
            let mut v: Vec<usize> = (0..n).collect();
            let doubled = super::chunks(&mut v, |c| c.iter().map(|x| x * 2).collect::<Vec<_>>());
            assert_eq!(doubled.concat(), (0..n).map(|x| x * 2).collect::<Vec<_>>());
            super::chunks(&mut v, |c| c.iter_mut().for_each(|x| *x += 1));
            assert_eq!(v, (1..=n).collect::<Vec<_>>());
        }
    }
}
