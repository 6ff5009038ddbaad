//! The background workers of `serve` (leaflet fit check, search index) work on the newest
//! build only: builds that were replaced while a worker was busy are skipped.

use std::sync::mpsc::Receiver;

/// Waits for a job, then takes every job queued behind it and keeps the last; `None` once
/// the sender is gone.
pub(crate) fn newest<T>(queue: &Receiver<T>) -> Option<T> {
    let mut job = queue.recv().ok()?;
    while let Ok(newer) = queue.try_recv() {
        job = newer;
    }
    Some(job)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_job_replaces_the_queued_ones_and_a_closed_queue_ends() {
        let (send, queue) = std::sync::mpsc::channel();
        for job in 1..=3 {
            send.send(job).unwrap();
        }
        assert_eq!(newest(&queue), Some(3));
        drop(send);
        assert_eq!(newest(&queue), None);
    }
}
