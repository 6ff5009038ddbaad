//! Rebuilding, one build at a time, off the request path.
//!
//! One thread owns the builds. It waits for a change, takes every other change that arrived
//! meanwhile (saves during a build become one rebuild after it, not a queue of them), runs
//! the same pipeline as `pjece build --drafts` in memory and hands the result to the
//! [`State`]: a good build replaces the served site in one step and reloads open pages, a
//! failed one is printed and shown over open pages while the old site stays.

use super::leaflet_check::LeafletChecks;
use super::state::{problems, Snapshot, State};
use super::watch::Watcher;
use crate::report::{self, Style};
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

/// Builds once, then again after every batch of changes, until the watcher is gone.
pub(crate) fn run(
    root: &Path,
    state: &Arc<State>,
    changes: &Receiver<()>,
    mut watcher: Watcher,
    leaflets: &LeafletChecks,
) {
    build_and_publish(root, state, leaflets);
    while changes.recv().is_ok() {
        while changes.try_recv().is_ok() {}
        watcher.watch_new_folders();
        build_and_publish(root, state, leaflets);
    }
}

fn build_and_publish(root: &Path, state: &Arc<State>, leaflets: &LeafletChecks) {
    let started = Instant::now();
    match crate::load_and_render(root, true) {
        Ok(built) => {
            if !built.warnings.is_empty() {
                let text = report::warnings(&built.warnings, root, Style::for_stderr());
                eprintln!("{text}");
            }
            let generation = state.next_generation();
            let files = built.files.len();
            let snapshot = Arc::new(Snapshot {
                files: built.files,
                addresses: built.addresses,
                language: built.site.config.language,
                generation,
            });
            state.publish(Arc::clone(&snapshot));
            println!(
                "built {files} files in {} ms",
                started.elapsed().as_millis()
            );
            leaflets.after_good_build(snapshot, built.leaflets);
        }
        Err(error) => {
            eprintln!("{}", report::describe(&error, root, Style::for_stderr()));
            eprintln!("the site could not be built; still serving the last version that built");
            state.fail(problems(&error));
        }
    }
}
