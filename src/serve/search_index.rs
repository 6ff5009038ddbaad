//! The search index under `serve`, built in the background after each good build.
//!
//! Indexing every page takes Pagefind far longer than rendering one edit (seconds on a large
//! site), so it never holds up a rebuild: the new site is served at once, and one worker
//! thread indexes the newest build only (builds replaced while it was busy are skipped).
//! Until it is done the index of the build before answers, so the search page keeps working
//! and finds the new text a moment later.
//!
//! The worker has a rayon pool of its own, and it and its threads run at a lower priority:
//! on a large site Pagefind keeps every core busy for seconds, and in the shared pool its
//! work would hold up the next rebuild's until it was done.

use super::queue::{Newest, Worker};
use super::state::{Snapshot, State};
use crate::address::Addresses;
use crate::content::Portal;
use crate::output::SiteFiles;
use std::sync::Arc;
use std::time::Instant;

/// One good build to index.
struct Job {
    site: Arc<Portal>,
    addresses: Vec<Addresses>,
    snapshot: Arc<Snapshot>,
}

/// The handle the builder uses; dropping it stops the worker after the index under way.
pub(crate) struct SearchIndexer {
    worker: Worker<Job>,
}

impl SearchIndexer {
    pub(crate) fn start(state: Arc<State>) -> std::io::Result<SearchIndexer> {
        let worker = Worker::start("pjece-search-index", move |queue| work(&state, queue))?;
        Ok(SearchIndexer { worker })
    }

    /// Called by the builder after each good build, with the site it was built from; a build
    /// not yet indexed is skipped.
    pub(crate) fn after_good_build(
        &self,
        site: Arc<Portal>,
        addresses: Vec<Addresses>,
        snapshot: Arc<Snapshot>,
    ) {
        self.worker.send(Job {
            site,
            addresses,
            snapshot,
        });
    }

    /// No index is started from now on.
    pub(crate) fn close(&self) {
        self.worker.close();
    }

    /// Stops the worker, waiting until `deadline` for the index under way; whether it ended.
    pub(crate) fn stop(self, deadline: Instant) -> bool {
        self.worker.stop(deadline)
    }
}

fn work(state: &State, queue: &Newest<Job>) {
    super::lower_priority();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "pjece-search".to_string())
        .start_handler(|_| super::lower_priority())
        .build();
    while let Some(job) = queue.take() {
        let started = Instant::now();
        let index = || crate::search::index(&job.site, &job.addresses, &job.snapshot.files);
        let indexed = match &pool {
            Ok(pool) => pool.install(index),
            Err(_) => index(),
        }
        .and_then(SiteFiles::assemble);
        match indexed {
            Ok(files) => {
                state.set_search_index(files);
                println!(
                    "search index updated in {} ms",
                    started.elapsed().as_millis()
                );
            }
            Err(error) => eprintln!(
                "{}\nthe search index could not be updated; searching finds the last version",
                crate::report::chain(&error)
            ),
        }
    }
}
