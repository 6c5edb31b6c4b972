//! Order-keeping parallelism for the CPU-bound steps (turning thousands of feed items into
//! postings, tagging them, encoding them). Scoped threads over one contiguous chunk per
//! core: no pool to keep alive, results come back in input order, and items are worked on
//! where they lie instead of being moved into per-thread vectors and back.

/// `f` on one contiguous chunk of `items` per core, the results in chunk order. Small
/// inputs stay on this thread as a single chunk.
pub fn chunks<T: Send, U: Send>(items: &mut [T], f: impl Fn(&mut [T]) -> U + Sync) -> Vec<U> {
    const SMALL: usize = 256;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads == 1 || items.len() < SMALL {
        return vec![f(items)];
    }
    let per_thread = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks_mut(per_thread)
            .map(|chunk| scope.spawn(move || f(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a parallel step panicked"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_at_every_size() {
        for n in [0, 1, 255, 256, 1000, 4099] {
            let mut v: Vec<usize> = (0..n).collect();
            let doubled = super::chunks(&mut v, |c| c.iter().map(|x| x * 2).collect::<Vec<_>>());
            assert!(n < 256 || doubled.len() > 1, "{n} items split");
            assert_eq!(doubled.concat(), (0..n).map(|x| x * 2).collect::<Vec<_>>());
            super::chunks(&mut v, |c| c.iter_mut().for_each(|x| *x += 1));
            assert_eq!(v, (1..=n).collect::<Vec<_>>());
        }
    }
}
