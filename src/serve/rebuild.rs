//! Rebuilding, off the request path, in two threads.
//!
//! The full builder runs the same pipeline as `pjece build --drafts` in memory and hands the
//! result to the [`State`]: a good build replaces the served site in one step and reloads the
//! open pages it changed, a failed one is printed and shown over open pages while the old site
//! stays. Saves that arrive during a build become one build after it, not a queue of them.
//!
//! It keeps a [`Reuse`] from build to build: the Markdown of pages whose text did not change
//! and the pages whose template view did not change are taken over from the build before, so
//! a one-page edit renders that page and whatever shows it, not the whole site.
//!
//! A full build still reads and links every page, which takes a second or more on a site of
//! thousands of pages. So the thread that takes the file events first shows a batch of saves
//! that changed only the text of existing pages: those pages are rendered alone from the
//! last good build ([`render::page_edit`]) and served over it at once, even while a full
//! build is running; then it asks for a full build, which brings the rest of the site up to
//! date. A full build that began before an edit was shown serves that edit over its own
//! pages, so a save never seems to go back. Open pages ask whether their own page changed
//! before reloading, so the edited page reloads once and the others not at all.

use super::leaflet_check::LeafletChecks;
use super::queue::newest;
use super::search_index::SearchIndexer;
use super::state::{problems, Snapshot, State};
use super::watch::Watcher;
use crate::address::Addresses;
use crate::content::{PageRef, Portal, Site};
use crate::output::OutputFile;
use crate::render::{self, Model, PageEdit, Reuse};
use crate::report::{self, Style};
use crate::theme::Theme;
use crate::timings::Timings;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What runs in the background after a good build: the leaflet fit check and the search
/// index, each on its own thread with the newest build only.
pub(crate) struct Workers {
    pub(crate) leaflets: LeafletChecks,
    pub(crate) search: SearchIndexer,
}

/// The last good build, kept to show a one-page edit before the next full build.
struct LastBuild {
    /// A site of one guideline: a portal is always built whole.
    portal: Arc<Portal>,
    theme: Theme,
    addresses: Addresses,
    model: Model,
    snapshot: Arc<Snapshot>,
    /// Every page by its file, as the watcher names it (absolute).
    pages: HashMap<PathBuf, PageRef>,
}

impl LastBuild {
    fn site(&self) -> &Site {
        &self.portal.guidelines[0]
    }
}

/// What the two threads share: the last good build, which edits are shown against, and the
/// edits shown since a full build began.
#[derive(Default)]
struct Shown {
    last: Option<LastBuild>,
    /// Pages shown after a save, numbered in the order they were shown.
    edits: Vec<(u64, OutputFile)>,
    next_edit: u64,
}

/// Builds once, then again after every batch of changes, until the watcher is gone. A batch
/// that only changed the text of pages shows those pages first ([`show_page_edits`]).
pub(crate) fn run(
    root: &Path,
    state: &Arc<State>,
    changes: &Receiver<Vec<PathBuf>>,
    mut watcher: Watcher,
    workers: &Workers,
) {
    let shown = Mutex::new(Shown::default());
    let reuse = Reuse::kept();
    let (wanted, builds) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let (reuse, shown) = (&reuse, &shown);
        scope.spawn(move || {
            while newest(&builds).is_some() {
                build_and_publish(root, state, workers, reuse, shown);
            }
        });
        let _ = wanted.send(());
        while let Ok(first) = changes.recv() {
            let mut changed: BTreeSet<PathBuf> = first.into_iter().collect();
            while let Ok(more) = changes.try_recv() {
                changed.extend(more);
            }
            watcher.watch_new_folders();
            show_page_edits(shown, &changed, state, reuse);
            let _ = wanted.send(());
        }
        drop(wanted);
    });
}

/// When every changed file is a page of the last good build whose front matter stayed the
/// same, serves those pages re-rendered over that build at once. Anything else waits for the
/// full build.
fn show_page_edits(
    shown: &Mutex<Shown>,
    changed: &BTreeSet<PathBuf>,
    state: &State,
    reuse: &Reuse,
) {
    let started = Instant::now();
    let mut shown = lock(shown);
    let Shown {
        last: Some(last),
        edits,
        next_edit,
    } = &mut *shown
    else {
        return;
    };
    let Some(page_edits) = page_edits(last, changed) else {
        return;
    };
    let rendered = render::page_edit(
        &last.portal.guidelines[0],
        &last.theme,
        &last.addresses,
        &mut last.model,
        reuse,
        &page_edits,
    );
    let Ok(Some(files)) = rendered else {
        return;
    };
    edits.extend(files.iter().map(|f| (*next_edit, f.clone())));
    *next_edit += 1;
    let snapshot = Arc::new(last.snapshot.with_edits(files, state.next_generation()));
    state.publish(Arc::clone(&snapshot));
    last.snapshot = snapshot;
    let names: Vec<String> = page_edits
        .iter()
        .map(|e| {
            last.site()
                .config
                .display(&e.page.source)
                .display()
                .to_string()
        })
        .collect();
    println!(
        "showed {} in {:.1} ms; building the whole site",
        names.join(", "),
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// The changed files read again as pages, if every one of them is a page of the last build.
fn page_edits(last: &LastBuild, changed: &BTreeSet<PathBuf>) -> Option<Vec<PageEdit>> {
    changed
        .iter()
        .map(|path| {
            let at = *last.pages.get(path)?;
            let site = last.site();
            let page = crate::content::reload_page(&site.config, site.page(at)).ok()?;
            Some(PageEdit { at, page })
        })
        .collect()
}

/// One full build, published (with the edits shown since it began served over it) or
/// reported. After a failed build, saves wait for a full build: showing one page alone would
/// take the build's problems off the open pages until the next one failed.
fn build_and_publish(
    root: &Path,
    state: &Arc<State>,
    workers: &Workers,
    reuse: &Reuse,
    shown: &Mutex<Shown>,
) {
    let started = Instant::now();
    let first_edit_after = lock(shown).next_edit;
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
    let built = match result {
        Ok(built) => built,
        Err(error) => {
            eprintln!("{}", report::describe(&error, root, Style::for_stderr()));
            eprintln!("the site could not be built; still serving the last version that built");
            state.fail(problems(&error));
            lock(shown).last = None;
            return;
        }
    };
    if !built.warnings.is_empty() {
        let text = report::warnings(&built.warnings, root, Style::for_stderr());
        eprintln!("{text}");
    }
    let files = built.files.len();
    let site_addresses = built.site_addresses();
    let language = built.portal.config.language;
    let portal = Arc::new(built.portal);
    // Worked out before taking the lock, which holds up showing edits meanwhile.
    let pages = pages_by_file(&portal.guidelines[0]);
    let mut shown = lock(shown);
    shown.edits.retain(|(n, _)| *n >= first_edit_after);
    let later: Vec<OutputFile> = shown.edits.iter().map(|(_, f)| f.clone()).collect();
    let snapshot = Arc::new(
        Snapshot::new(
            built.files,
            site_addresses,
            language,
            state.next_generation(),
        )
        .with_edits(later, state.next_generation()),
    );
    state.publish(Arc::clone(&snapshot));
    println!(
        "built {files} files in {} ms ({}; {rendered} rendered through templates, {reused} reused)",
        started.elapsed().as_millis(),
        timings.one_line()
    );
    workers
        .leaflets
        .after_good_build(Arc::clone(&snapshot), built.leaflets);
    workers.search.after_good_build(
        Arc::clone(&portal),
        built.addresses.clone(),
        Arc::clone(&snapshot),
    );
    shown.last = built.model.map(|model| LastBuild {
        pages,
        portal,
        theme: built.theme,
        addresses: built.addresses[0].clone(),
        model,
        snapshot,
    });
}

fn lock(shown: &Mutex<Shown>) -> std::sync::MutexGuard<'_, Shown> {
    shown.lock().unwrap_or_else(|e| e.into_inner())
}

/// Every page of `site` by its file made absolute, the way the watcher names changes.
fn pages_by_file(site: &Site) -> HashMap<PathBuf, PageRef> {
    site.page_refs()
        .filter_map(|at| Some((std::path::absolute(&site.page(at).source).ok()?, at)))
        .collect()
}
