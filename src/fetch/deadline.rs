//! A source's deadline (`--source-timeout`): how long it may spend on the network —
//! requests, robots.txt, retries and their backoffs — before it is reported failed with what
//! it had fetched kept. The waits for its turns of a host's rate are not counted: they are
//! the politeness the user asked for, and grow with the pages a source has (twenty
//! Craigslist pages at 1/5s are 100 s of waiting and well-behaved).

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::{sync::Notify, time::Instant};

pub struct Deadline {
    limit: Duration,
    clock: Mutex<Clock>,
    resumed: Notify,
}

struct Clock {
    started: Instant,
    /// Time spent in waits that do not count, finished ones.
    not_counted: Duration,
    /// Waits going on now, and since when (one source asks one thing at a time, but a
    /// count costs nothing and cannot go wrong).
    waiting: usize,
    since: Instant,
}

impl Deadline {
    /// A deadline `limit` from now.
    pub fn new(limit: Duration) -> Deadline {
        let now = Instant::now();
        Deadline {
            limit,
            clock: Mutex::new(Clock {
                started: now,
                not_counted: Duration::ZERO,
                waiting: 0,
                since: now,
            }),
            resumed: Notify::new(),
        }
    }

    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Runs `wait` without counting its time against the deadline.
    pub async fn not_counting<F: Future>(&self, wait: F) -> F::Output {
        {
            let mut clock = self.clock();
            if clock.waiting == 0 {
                clock.since = Instant::now();
            }
            clock.waiting += 1;
        }
        // Ended on drop, so a wait cut short (the source given up) cannot stop the clock.
        let _counting_again = Resume(self);
        wait.await
    }

    /// Resolves once the counted time has reached the limit.
    pub async fn passed(&self) {
        loop {
            // Made before the clock is read, so a wait that ends in between still wakes it.
            let resumed = self.resumed.notified();
            let due = {
                let clock = self.clock();
                (clock.waiting == 0).then(|| clock.started + self.limit + clock.not_counted)
            };
            match due {
                None => resumed.await,
                Some(at) if at <= Instant::now() => return,
                Some(at) => tokio::time::sleep_until(at).await,
            }
        }
    }

    fn clock(&self) -> MutexGuard<'_, Clock> {
        self.clock.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct Resume<'a>(&'a Deadline);

impl Drop for Resume<'_> {
    fn drop(&mut self) {
        let mut clock = self.0.clock();
        clock.waiting -= 1;
        if clock.waiting == 0 {
            let waited = clock.since.elapsed();
            clock.not_counted += waited;
            drop(clock);
            self.0.resumed.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::sleep;

    /// When `passed` resolves, in seconds from the start, racing `work`.
    async fn passes_at(deadline: &Deadline, work: impl Future<Output = ()>) -> f64 {
        let start = Instant::now();
        tokio::select! {
            () = deadline.passed() => start.elapsed().as_secs_f64(),
            () = work => panic!("the work ended before the deadline"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn counts_only_what_is_not_a_wait_for_a_turn() {
        let d = Deadline::new(Duration::from_secs(60));
        let work = async {
            sleep(Duration::from_secs(20)).await;
            d.not_counting(sleep(Duration::from_secs(100))).await;
            sleep(Duration::from_secs(1000)).await;
        };
        assert_eq!(passes_at(&d, work).await.round(), 160.0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_in_progress_at_the_limit_holds_it_off_until_it_ends() {
        let d = Deadline::new(Duration::from_secs(10));
        let work = async {
            sleep(Duration::from_secs(5)).await;
            d.not_counting(sleep(Duration::from_secs(30))).await;
            std::future::pending::<()>().await;
        };
        assert_eq!(passes_at(&d, work).await.round(), 40.0);
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_but_work_passes_at_the_limit() {
        let d = Deadline::new(Duration::from_secs(60));
        assert_eq!(passes_at(&d, std::future::pending()).await.round(), 60.0);
    }
}
