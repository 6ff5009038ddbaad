//! The queues between `serve`'s threads (builder, leaflet fit check, search index): each
//! holds one job at most, the newest.
//!
//! A worker only ever needs the newest build: a job replaced while the worker was busy is
//! stale, and it is dropped when it is replaced, not when the worker gets round to it. So a
//! queue never holds more than one job however fast the saves come, and the builds a job
//! holds on to (a whole site in memory) are freed at once. Closing a queue drops its pending
//! job and ends the worker's loop after the job it is on.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A queue of one: the newest job not yet taken.
pub(crate) struct Newest<T> {
    slot: Mutex<Slot<T>>,
    changed: Condvar,
}

struct Slot<T> {
    job: Option<T>,
    closed: bool,
}

impl<T> Newest<T> {
    pub(crate) fn new() -> Newest<T> {
        Newest {
            slot: Mutex::new(Slot {
                job: None,
                closed: false,
            }),
            changed: Condvar::new(),
        }
    }

    /// Puts `job` in place of the one waiting, which is dropped; nothing once closed.
    pub(crate) fn put(&self, job: T) {
        let replaced = {
            let mut slot = self.lock();
            if slot.closed {
                return;
            }
            slot.job.replace(job)
        };
        self.changed.notify_one();
        // Dropped outside the lock: a stale job can be a whole site.
        drop(replaced);
    }

    /// Waits for a job and takes it; `None` once the queue is closed.
    pub(crate) fn take(&self) -> Option<T> {
        let mut slot = self.lock();
        loop {
            if slot.closed {
                return None;
            }
            if let Some(job) = slot.job.take() {
                return Some(job);
            }
            slot = self.changed.wait(slot).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Ends the queue: the waiting job is dropped and [`Newest::take`] returns `None`.
    pub(crate) fn close(&self) {
        let pending = {
            let mut slot = self.lock();
            slot.closed = true;
            slot.job.take()
        };
        self.changed.notify_all();
        drop(pending);
    }

    fn lock(&self) -> MutexGuard<'_, Slot<T>> {
        // A panic while holding the lock leaves at most one finished job behind.
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A thread working through a [`Newest`] queue; dropping it closes the queue.
pub(crate) struct Worker<T> {
    queue: std::sync::Arc<Newest<T>>,
    thread: Option<JoinHandle<()>>,
}

impl<T: Send + 'static> Worker<T> {
    /// Starts the thread `name`, which runs `work` on the queue (until `take` returns `None`).
    pub(crate) fn start(
        name: &str,
        work: impl FnOnce(&Newest<T>) + Send + 'static,
    ) -> std::io::Result<Worker<T>> {
        let queue = std::sync::Arc::new(Newest::new());
        let shared = std::sync::Arc::clone(&queue);
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || work(&shared))?;
        Ok(Worker {
            queue,
            thread: Some(thread),
        })
    }

    /// Hands the worker `job`, in place of any job it has not begun.
    pub(crate) fn send(&self, job: T) {
        self.queue.put(job);
    }

    /// Closes the queue, so that the worker takes no new job.
    pub(crate) fn close(&self) {
        self.queue.close();
    }

    /// Closes the queue and waits until `deadline` for the job under way to end; whether the
    /// thread ended.
    pub(crate) fn stop(mut self, deadline: Instant) -> bool {
        self.close();
        self.thread.take().is_none_or(|t| join_by(t, deadline))
    }
}

impl<T> Drop for Worker<T> {
    fn drop(&mut self) {
        self.queue.close();
    }
}

/// Waits until `thread` has ended or `deadline` has passed; whether it ended. A thread still
/// busy then is left to end with the process: stopping must not wait on a long job.
pub(crate) fn join_by(thread: JoinHandle<()>, deadline: Instant) -> bool {
    while !thread.is_finished() {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = thread.join();
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A job that counts how many jobs are alive, the way a build held in memory would.
    struct Job {
        number: usize,
        alive: Arc<AtomicUsize>,
    }

    impl Job {
        fn new(number: usize, alive: &Arc<AtomicUsize>) -> Job {
            alive.fetch_add(1, Ordering::SeqCst);
            Job {
                number,
                alive: Arc::clone(alive),
            }
        }
    }

    impl Drop for Job {
        fn drop(&mut self) {
            self.alive.fetch_sub(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn a_replaced_job_is_dropped_at_once_so_the_queue_holds_one_job_whatever_the_saves() {
        let alive = Arc::new(AtomicUsize::new(0));
        let queue = Newest::new();
        for number in 1..=10_000 {
            queue.put(Job::new(number, &alive));
            assert_eq!(alive.load(Ordering::SeqCst), 1, "after job {number}");
        }
        let taken = queue.take().unwrap();
        assert_eq!(taken.number, 10_000);
        drop(taken);
        assert_eq!(alive.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_waiting_worker_gets_the_next_job_and_a_closed_queue_ends_it() {
        let queue = Arc::new(Newest::new());
        let worker = {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                while let Some(job) = queue.take() {
                    seen.push(job);
                }
                seen
            })
        };
        queue.put(1);
        while queue.lock().job.is_some() {
            std::thread::yield_now();
        }
        queue.put(2);
        queue.close();
        queue.put(3);
        let seen = worker.join().unwrap();
        assert_eq!(seen.first(), Some(&1));
        assert!(!seen.contains(&3), "a job after closing: {seen:?}");
    }

    #[test]
    fn closing_drops_the_waiting_job() {
        let alive = Arc::new(AtomicUsize::new(0));
        let queue = Newest::new();
        queue.put(Job::new(1, &alive));
        queue.close();
        assert_eq!(alive.load(Ordering::SeqCst), 0);
        assert!(queue.take().is_none());
    }

    #[test]
    fn a_thread_still_busy_at_the_deadline_is_left_running() {
        let busy = std::thread::spawn(|| std::thread::sleep(Duration::from_secs(5)));
        let started = Instant::now();
        assert!(!join_by(busy, Instant::now() + Duration::from_millis(50)));
        assert!(started.elapsed() < Duration::from_secs(1));
        let done = std::thread::spawn(|| ());
        assert!(join_by(done, Instant::now() + Duration::from_secs(5)));
    }
}
