//! Order-keeping parallelism for the CPU-bound steps (turning thousands of feed items into
//! postings, tagging them, encoding them), on rayon's pool: its threads live for the whole
//! run, so the memory each frees is reused by the next batch instead of a new thread
//! asking the OS for fresh pages. Items are worked on where they lie, in contiguous chunks,
//! and results come back in input order.

use rayon::prelude::*;

/// `f` on contiguous chunks of `items`, on every core, the results in chunk order. Small
/// inputs stay on this thread as a single chunk.
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

#[cfg(test)]
mod tests {
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
