//! Rebuilding, one build at a time, off the request path.
//!
//! One thread owns the builds. It waits for a change, takes every other change that arrived
//! meanwhile (saves during a build become one rebuild after it, not a queue of them), runs
//! the same pipeline as `pjece build --drafts` in memory and hands the result to the
//! [`State`]: a good build replaces the served site in one step and reloads open pages, a
//! failed one is printed and shown over open pages while the old site stays.
//!
//! The thread keeps a [`Reuse`] from build to build: the Markdown of pages whose text did not
//! change and the pages whose template view did not change are taken over from the build
//! before, so a one-page edit renders that page and whatever shows it, not the whole site.

use super::leaflet_check::LeafletChecks;
use super::search_index::SearchIndexer;
use super::state::{problems, Snapshot, State};
use super::watch::Watcher;
use crate::render::Reuse;
use crate::report::{self, Style};
use crate::timings::Timings;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

/// What runs in the background after a good build: the leaflet fit check and the search
/// index, each on its own thread with the newest build only.
pub(crate) struct Workers {
    pub(crate) leaflets: LeafletChecks,
    pub(crate) search: SearchIndexer,
}

/// Builds once, then again after every batch of changes, until the watcher is gone.
pub(crate) fn run(
    root: &Path,
    state: &Arc<State>,
    changes: &Receiver<()>,
    mut watcher: Watcher,
    workers: &Workers,
) {
    let reuse = Reuse::kept();
    build_and_publish(root, state, workers, &reuse);
    while changes.recv().is_ok() {
        while changes.try_recv().is_ok() {}
        watcher.watch_new_folders();
        build_and_publish(root, state, workers, &reuse);
    }
}

fn build_and_publish(root: &Path, state: &Arc<State>, workers: &Workers, reuse: &Reuse) {
    let started = Instant::now();
    let mut timings = Timings::new();
    let result = crate::load_and_render(
        root,
        true,
        reuse,
        crate::output::PageSink::Memory,
        &mut timings,
    );
    let (rendered, reused) = reuse.templates_rendered_and_reused();
    reuse.end_build();
    match result {
        Ok(built) => {
            if !built.warnings.is_empty() {
                let text = report::warnings(&built.warnings, root, Style::for_stderr());
                eprintln!("{text}");
            }
            let generation = state.next_generation();
            let files = built.files.len();
            let snapshot = Arc::new(Snapshot {
                files: built.files,
                addresses: built.addresses.clone(),
                language: built.site.config.language,
                generation,
            });
            state.publish(Arc::clone(&snapshot));
            println!(
                "built {files} files in {} ms ({}; {rendered} rendered through templates, {reused} reused)",
                started.elapsed().as_millis(),
                timings.one_line()
            );
            workers
                .leaflets
                .after_good_build(Arc::clone(&snapshot), built.leaflets);
            workers
                .search
                .after_good_build(built.site, built.addresses, snapshot);
        }
        Err(error) => {
            eprintln!("{}", report::describe(&error, root, Style::for_stderr()));
            eprintln!("the site could not be built; still serving the last version that built");
            state.fail(problems(&error));
        }
    }
}
