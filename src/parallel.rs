//! Maps over independent pieces of work on every core, or on this thread alone when the run is
//! small: a pre-commit run over one Dockerfile is done in about the time a thread pool takes to
//! start, so there the pool is never started. Results always keep the order of the input.

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

static THIS_THREAD_ONLY: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while a worker of [`map_one_per_core`] runs an item and other items wait: every core
    /// has an item of its own then, and handing inner work to the pool only adds wake-ups.
    static BUSY_WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs of at most this many files do their work on the calling thread.
pub const SMALL_RUN_FILES: usize = 8;

/// Says whether later maps may use the thread pool (decided once, from the number of files).
pub fn set_small_run(small: bool) {
    THIS_THREAD_ONLY.store(small, Ordering::Relaxed);
}

fn sequential(len: usize) -> bool {
    len < 2 || THIS_THREAD_ONLY.load(Ordering::Relaxed) || BUSY_WORKER.with(std::cell::Cell::get)
}

/// `items.map(f)`, in input order, on every core unless the run is small.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if sequential(items.len()) { items.into_iter().map(f).collect() } else { items.into_par_iter().map(f).collect() }
}

/// `items.iter().map(f)`, in input order, on every core unless the run is small.
pub fn map_ref<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync + Send) -> Vec<R> {
    if sequential(items.len()) { items.iter().map(f).collect() } else { items.par_iter().map(f).collect() }
}

/// `items.map(f)`, in input order, with at most one item in flight per core: each of a few
/// worker threads takes the next item when it has finished its last. For work that holds much
/// memory while it runs (a part of a run, with its parses) and itself maps in parallel inside:
/// under rayon, a thread waiting for its inner work steals and starts another item, so a large
/// run held dozens of parts at once and its peak memory grew with the repository.
pub fn map_one_per_core<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    if sequential(items.len()) {
        return items.into_iter().map(f).collect();
    }
    let len = items.len();
    let workers = rayon::current_num_threads().clamp(1, len);
    let queue = Mutex::new(items.into_iter().enumerate());
    let done: Mutex<Vec<Option<R>>> = Mutex::new((0..len).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // The lock is held only to take an item or to store a result, never while
                    // `f` runs (a panic in `f` then poisons nothing; it reaches the caller).
                    let (next, others_wait) = {
                        let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                        (queue.next(), queue.len() > 0)
                    };
                    let Some((index, item)) = next else { break };
                    // The last items share the cores their workers leave idle.
                    BUSY_WORKER.with(|busy| busy.set(others_wait));
                    let result = f(item);
                    BUSY_WORKER.with(|busy| busy.set(false));
                    done.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
                }
            });
        }
    });
    done.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().map(|r| r.expect("every item was mapped")).collect()
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

    #[test]
    fn one_per_core_keeps_the_input_order_and_bounds_what_is_in_flight() {
        use std::sync::atomic::AtomicUsize;
        let items: Vec<usize> = (0..64).collect();
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let out = map_one_per_core(items, |i| {
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            // Inner parallel work, as a part's transforms and verifications do.
            let inner: usize = map((0..16).collect(), |j: usize| j * i).into_iter().sum();
            in_flight.fetch_sub(1, Ordering::SeqCst);
            (i, inner)
        });
        assert_eq!(out, (0..64).map(|i| (i, (0..16).map(|j| j * i).sum())).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= rayon::current_num_threads(), "{} in flight", most.load(Ordering::SeqCst));
    }
}
