//! Rebuilding, off the request path, in two threads.
//!
//! The full builder runs the same pipeline as `pjece build --drafts` in memory and hands the
//! result to the [`State`]: a good build replaces the served site in one step and reloads the
//! open pages it changed, a failed one is printed and shown over open pages while the old site
//! stays. Saves that arrive during a build become one build after it, not a queue of them.
//!
//! It keeps a [`Reuse`] from build to build: the Markdown of pages whose text did not change
//! and the pages whose template view did not change are taken over from the build before, so
//! a one-page edit renders that page and whatever shows it, not the whole site. A failed
//! build does not end the cache's build: the save that fixes it finds everything the last
//! good build rendered, instead of the nothing a build that stopped at a front-matter error
//! asked for.
//!
//! A full build still reads and links every page, which takes a second or more on a site of
//! thousands of pages. So the thread that takes the file events first shows a batch of saves
//! that changed only the text of existing pages: those pages are rendered alone from the
//! last good build ([`render::page_edit`]) and served over it at once, even while a full
//! build is running; then it asks for a full build, which brings the rest of the site up to
//! date. A full build that began before an edit was shown serves that edit over its own
//! pages, so a save never seems to go back. Open pages ask whether their own page changed
//! before reloading, so the edited page reloads once and the others not at all.
//!
//! The builder thread owns the watcher and the background workers. Told to stop
//! ([`Builder::stop`]), it stops watching, lets the build under way finish, starts nothing
//! new, and waits a bounded time for the workers' jobs under way.

use super::catalog::Catalog;
use super::leaflet_check::LeafletChecks;
use super::queue::{join_by, Newest};
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
use anyhow::{Context, Result};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

/// What runs in the background after a good build: the leaflet fit check and the search
/// index, each on its own thread with the newest build only.
struct Workers {
    leaflets: LeafletChecks,
    search: SearchIndexer,
}

impl Workers {
    /// No new job starts from now on.
    fn close(&self) {
        self.leaflets.close();
        self.search.close();
    }

    /// Waits until `deadline` for the jobs under way; whether both ended.
    fn stop(self, deadline: Instant) -> bool {
        let leaflets = self.leaflets.stop(deadline);
        self.search.stop(deadline) && leaflets
    }
}

/// What wakes the builder.
enum Wake {
    /// Files of the site changed (absolute paths).
    Changed(Vec<PathBuf>),
    /// The server is stopping: finish the build under way by `by`, start no other.
    Stop { by: Instant },
}

/// The running builder, on a thread of its own with its watcher and workers.
pub(crate) struct Builder {
    wake: Sender<Wake>,
    thread: JoinHandle<()>,
}

impl Builder {
    /// Starts watching the site folder `root` and the builder thread, which makes the first
    /// build at once.
    pub(crate) fn start(root: &Path, poll: bool, state: &Arc<State>) -> Result<Builder> {
        let (wake, changes) = mpsc::channel();
        let on_change = {
            let wake = wake.clone();
            Arc::new(move |paths| {
                let _ = wake.send(Wake::Changed(paths));
            })
        };
        let watcher = super::watch::Watcher::start(root, poll, on_change)?;
        let could_not = "could not start the builder";
        let workers = Workers {
            leaflets: LeafletChecks::start(Arc::clone(state)).context(could_not)?,
            search: SearchIndexer::start(Arc::clone(state)).context(could_not)?,
        };
        let root = root.to_path_buf();
        let state = Arc::clone(state);
        let thread = std::thread::Builder::new()
            .name("pjece-build".into())
            .spawn(move || run(&root, &state, &changes, watcher, workers))
            .context(could_not)?;
        Ok(Builder { wake, thread })
    }

    /// Stops watching and building, and waits until `deadline` for the build and the
    /// background jobs under way; whether everything ended by then. What is still busy is
    /// left to end with the process.
    pub(crate) fn stop(self, deadline: Instant) -> bool {
        let _ = self.wake.send(Wake::Stop { by: deadline });
        join_by(self.thread, deadline)
    }
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

/// Builds once, then again after every batch of changes, until told to stop. A batch that
/// only changed the text of pages shows those pages first ([`show_page_edits`]).
fn run(
    root: &Path,
    state: &Arc<State>,
    changes: &Receiver<Wake>,
    mut watcher: Watcher,
    workers: Workers,
) {
    let shown = Mutex::new(Shown::default());
    let reuse = Reuse::kept();
    // Saves during a build become one build after it: the queue holds one request at most.
    let wanted = Newest::<()>::new();
    let mut stop_by = None;
    std::thread::scope(|scope| {
        let (reuse, shown, wanted, workers) = (&reuse, &shown, &wanted, &workers);
        scope.spawn(move || {
            while wanted.take().is_some() {
                build_and_publish(root, state, workers, reuse, shown);
            }
        });
        wanted.put(());
        loop {
            let changed = match next_batch(changes) {
                Batch::Changed(changed) => changed,
                Batch::Stop(by) => {
                    stop_by = by;
                    break;
                }
            };
            watcher.refresh(&changed);
            show_page_edits(shown, &changed, state, reuse);
            wanted.put(());
        }
        watcher.stop();
        workers.close();
        wanted.close();
    });
    workers.stop(stop_by.unwrap_or_else(Instant::now));
}

/// What the builder does next.
enum Batch {
    Changed(BTreeSet<PathBuf>),
    /// Stop, finishing by the time given, if any.
    Stop(Option<Instant>),
}

/// Waits for changes and takes every change queued behind them, as one batch.
fn next_batch(changes: &Receiver<Wake>) -> Batch {
    let mut changed = BTreeSet::new();
    let mut next = changes.recv().ok();
    loop {
        match next {
            Some(Wake::Changed(paths)) => changed.extend(paths),
            Some(Wake::Stop { by }) => return Batch::Stop(Some(by)),
            None if changed.is_empty() => return Batch::Stop(None),
            None => return Batch::Changed(changed),
        }
        next = changes.try_recv().ok();
    }
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
    // The edited pages' readability at once, as the editor saves.
    let site = &last.portal.guidelines[0];
    for edit in &page_edits {
        let findings = crate::readability::page_findings(&site.config, &edit.page);
        let shown = crate::readability::PageReport {
            at: edit.at,
            findings,
        };
        show_page_readability(
            state,
            snapshot.generation,
            site,
            &last.addresses,
            &shown,
            &edit.page,
        );
    }
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
    // Counted from here: a failed build before this one leaves its counts standing.
    let (rendered_before, reused_before) = reuse.templates_rendered_and_reused();
    let result = crate::load_and_render(
        root,
        true,
        reuse,
        crate::output::PageSink::Memory,
        &mut timings,
    );
    let (rendered, reused) = reuse.templates_rendered_and_reused();
    let (rendered, reused) = (rendered - rendered_before, reused - reused_before);
    let mut built = match result {
        Ok(built) => {
            reuse.end_build();
            built
        }
        // The reuse cache is kept as it is: ending the build would make what this build
        // asked for (nothing, when the build failed early) all that the next one can take
        // over, and the fixing save would render the whole site again. Kept, the next build
        // finds what this one rendered and all the last good one did.
        Err(error) => {
            eprintln!("{}", report::describe(&error, root, Style::for_stderr()));
            eprintln!("the site could not be built; still serving the last version that built");
            state.fail(problems(&error));
            lock(shown).last = None;
            return;
        }
    };
    // Every address published before (the address ledger) answers as the built site will
    // answer it: the old address of a page renamed in the editor sends readers on.
    match crate::settle_in_memory(root, &built) {
        Ok(settled) => settled
            .files
            .into_iter()
            .for_each(|file| built.files.replace(file)),
        Err(error) => eprintln!("{}", report::describe(&error, root, Style::for_stderr())),
    }
    if !built.warnings.is_empty() {
        let text = report::warnings(&built.warnings, root, Style::for_stderr());
        eprintln!("{text}");
    }
    if !built.notes.is_empty() {
        eprintln!(
            "{} notes on readability, shown over their pages",
            built.notes.len()
        );
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
    state.set_catalog(Catalog::of(&portal, &built.addresses));
    state.publish(Arc::clone(&snapshot));
    for ((site, addresses), reports) in portal
        .guidelines
        .iter()
        .zip(&built.addresses)
        .zip(&built.readability)
    {
        for shown in reports {
            let page = site.page(shown.at);
            show_page_readability(state, snapshot.generation, site, addresses, shown, page);
        }
    }
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

/// Shows the readability findings of `page` over it, in every place it is published (the
/// current edition's pages are at the site root too).
fn show_page_readability(
    state: &State,
    generation: u64,
    site: &Site,
    addresses: &Addresses,
    shown: &crate::readability::PageReport,
    page: &crate::content::Page,
) {
    let problems: Vec<_> = shown
        .findings
        .iter()
        .map(|f| super::state::Problem::at_level(&f.problem, f.severity.into()))
        .collect();
    let edition = &site.editions[shown.at.edition].id.0;
    for &mount in site.mounts(shown.at.edition) {
        let at = addresses.page(edition, &page.url, mount);
        state.set_page_findings(generation, &at, problems.clone());
    }
}

fn lock<T>(shared: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// Every page of `site` by its file made absolute, the way the watcher names changes.
fn pages_by_file(site: &Site) -> HashMap<PathBuf, PageRef> {
    site.page_refs()
        .filter_map(|at| Some((std::path::absolute(&site.page(at).source).ok()?, at)))
        .collect()
}
