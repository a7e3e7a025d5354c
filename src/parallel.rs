//! Maps over independent pieces of work on every core, or on this thread alone when the run is
//! small: a pre-commit run over one Dockerfile is done in about the time a thread pool takes to
//! start, so there the pool is never started. Results always keep the order of the input.

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

static THIS_THREAD_ONLY: AtomicBool = AtomicBool::new(false);

/// Runs of at most this many files do their work on the calling thread.
pub const SMALL_RUN_FILES: usize = 8;

/// Says whether later maps may use the thread pool (decided once, from the number of files).
pub fn set_small_run(small: bool) {
    THIS_THREAD_ONLY.store(small, Ordering::Relaxed);
}

fn sequential(len: usize) -> bool {
    len < 2 || THIS_THREAD_ONLY.load(Ordering::Relaxed)
}

/// `items.map(f)`, in input order, on every core unless the run is small.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if sequential(items.len()) { items.into_iter().map(f).collect() } else { items.into_par_iter().map(f).collect() }
}

/// `items.iter().map(f)`, in input order, on every core unless the run is small.
pub fn map_ref<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync + Send) -> Vec<R> {
    if sequential(items.len()) { items.iter().map(f).collect() } else { items.par_iter().map(f).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_keep_the_input_order() {
        let items: Vec<usize> = (0..100).collect();
        let doubled: Vec<usize> = (0..100).map(|i| i * 2).collect();
        set_small_run(false);
        assert_eq!(map(items.clone(), |i| i * 2), doubled);
        assert_eq!(map_ref(&items, |i| i * 2), doubled);
        set_small_run(true);
        assert_eq!(map(items.clone(), |i| i * 2), doubled);
        assert_eq!(map_ref(&items, |i| i * 2), doubled);
        set_small_run(false);
    }
}
