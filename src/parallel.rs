//! The threads a run's parallel parts use (parsing, encoding, building models), and one way of
//! spreading work over them.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `PROTOCHECK_THREADS`, else the available parallelism.
pub(crate) fn threads() -> usize {
    std::env::var("PROTOCHECK_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// The threads for `n` items of work: one below 64, where spreading costs more than it saves.
pub(crate) fn threads_for(n: usize) -> usize {
    if n < 64 {
        1
    } else {
        threads()
    }
}

/// The heavy tasks running at once (the two sides of a comparison, while both compile),
/// among which [`map`] shares its threads.
static SHARES: AtomicUsize = AtomicUsize::new(0);

/// One heavy task's share of the threads, held while it runs.
pub(crate) struct Share(());

impl Share {
    pub(crate) fn take() -> Share {
        SHARES.fetch_add(1, Ordering::Relaxed);
        Share(())
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        SHARES.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How many of `threads` a task may use now: all of them alone, a part of them while other
/// tasks hold shares too.
fn shared(threads: usize) -> usize {
    (threads / SHARES.load(Ordering::Relaxed).max(1)).max(1)
}

/// `f` of every item, in the items' order, computed on up to `threads` threads that take the
/// items one after another. While other heavy tasks run ([`Share`]), the helper threads
/// beyond this task's share wait, and join in as soon as those tasks end: a side still
/// linking keeps a core to itself. A panic in `f` is resumed on the calling thread.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_on(items, threads, true, f)
}

/// [`map`] on all of `threads` threads, whatever other tasks run: for work that was given
/// its thread count knowing them (a side's parse, sized against the other side's).
pub(crate) fn map_all<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_on(items, threads, false, f)
}

/// `share`: whether helper threads beyond this task's share wait while other tasks hold
/// shares.
fn map_on<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    share: bool,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = |helper: usize| {
        let mut done = Vec::new();
        loop {
            if share && helper >= shared(threads) {
                if next.load(Ordering::Relaxed) >= items.len() {
                    return done;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
                continue;
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|k| s.spawn(move || work(k))).collect();
        let mut all = work(0);
        for h in helpers {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (i, r) in all {
            slots[i] = Some(r);
        }
    });
    // Every index below `items.len()` was taken by exactly one thread.
    slots.into_iter().flatten().collect()
}

/// `items` cut into about `parts` runs of consecutive items of about the same total `weight`.
pub(crate) fn runs<T>(items: &[T], parts: usize, weight: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let total: usize = items.iter().map(&weight).sum();
    let target = total.div_ceil(parts.max(1)).max(1);
    let mut out = Vec::new();
    let (mut start, mut acc) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        acc += weight(item);
        if acc >= target {
            out.push(&items[start..=i]);
            start = i + 1;
            acc = 0;
        }
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_items_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 3, 8] {
            let got = map(&items, threads, |x| x * x);
            assert_eq!(got, items.iter().map(|x| x * x).collect::<Vec<_>>());
        }
        assert!(map(&[] as &[u8], 4, |x| *x).is_empty());
    }

    #[test]
    fn while_another_task_holds_a_share_the_work_still_completes_in_order() {
        let items: Vec<u64> = (0..200).collect();
        let (_this, _other) = (Share::take(), Share::take());
        let got = map(&items, 2, |x| x + 1);
        assert_eq!(got, items.iter().map(|x| x + 1).collect::<Vec<_>>());
    }

    #[test]
    fn map_all_keeps_its_threads_while_other_tasks_hold_shares() {
        let items: Vec<u64> = (0..200).collect();
        let shares: Vec<Share> = (0..4).map(|_| Share::take()).collect();
        type Work<'a> = &'a (dyn Fn(&u64) -> u64 + Sync);
        let threads_seen = |f: fn(&[u64], usize, Work<'_>) -> Vec<u64>| {
            let seen = std::sync::Mutex::new(std::collections::HashSet::new());
            let got = f(&items, 4, &|x| {
                if let Ok(mut s) = seen.lock() {
                    s.insert(std::thread::current().id());
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
                x * 3
            });
            assert_eq!(got, items.iter().map(|x| x * 3).collect::<Vec<_>>());
            seen.into_inner().map_or(0, |s| s.len())
        };
        // Four shares held: `map`'s share of four threads is one, the calling thread.
        assert_eq!(threads_seen(|i, t, f| map(i, t, f)), 1);
        assert!(threads_seen(|i, t, f| map_all(i, t, f)) >= 2);
        drop(shares);
    }

    #[test]
    fn runs_cover_every_item_once_in_order_with_balanced_weights() {
        let items: Vec<usize> = (1..=100).collect();
        let parts = runs(&items, 4, |x| *x);
        assert_eq!(parts.concat(), items);
        assert!(parts.len() >= 3 && parts.len() <= 5, "{}", parts.len());
        let total: usize = items.iter().sum();
        for p in &parts[..parts.len() - 1] {
            let w: usize = p.iter().sum();
            assert!(w >= total / 4 && w < total / 4 + 100, "{w}");
        }
        assert_eq!(runs(&items, 1, |x| *x), vec![&items[..]]);
        assert!(runs(&[] as &[usize], 3, |x| *x).is_empty());
    }
}
