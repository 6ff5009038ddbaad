//! What the preview server knows between requests: the last good site and the problems to
//! show over open pages.
//!
//! The builder thread replaces the [`Snapshot`] in one step after a good build, so a request
//! sees the old site or the new one, never a mix, and a failed build simply leaves the old
//! one in place. Problems travel to open pages as a [`Status`] on a watch channel: every page
//! gets the newest one when it connects and each change after that. `generation` counts good
//! builds; a page served from an older generation reloads itself.

use super::catalog::Catalog;
use crate::address::{Addresses, OutPath};
use crate::config::Language;
use crate::diagnostic::{Diagnostics, SourceError};
use crate::output::{OutputFile, SiteFiles};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use tokio::sync::watch;

/// One good build, served from memory.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// The files of the last full build, shared with the snapshots that edit it.
    pub(crate) files: Arc<SiteFiles>,
    /// Pages shown again after a save, before the next full build (served over `files`).
    pub(crate) edits: SiteFiles,
    pub(crate) addresses: Addresses,
    pub(crate) language: Language,
    /// The build this site came from (1 for the first good build).
    pub(crate) generation: u64,
}

impl Snapshot {
    /// A full build's site.
    pub(crate) fn new(
        files: SiteFiles,
        addresses: Addresses,
        language: Language,
        generation: u64,
    ) -> Snapshot {
        Snapshot {
            files: Arc::new(files),
            edits: SiteFiles::default(),
            addresses,
            language,
            generation,
        }
    }

    /// This site with `pages` in place of the same files, as `generation`.
    pub(crate) fn with_edits(&self, pages: Vec<OutputFile>, generation: u64) -> Snapshot {
        let mut edits = self.edits.clone();
        for page in pages {
            edits.replace(page);
        }
        Snapshot {
            files: Arc::clone(&self.files),
            edits,
            addresses: self.addresses.clone(),
            language: self.language,
            generation,
        }
    }

    pub(crate) fn contains(&self, path: &OutPath) -> bool {
        self.edits.contains(path) || self.files.contains(path)
    }

    pub(crate) fn get(&self, path: &OutPath) -> Option<&OutputFile> {
        self.edits.get(path).or_else(|| self.files.get(path))
    }
}

/// What every open page is told: which build it should show and what is wrong.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Status {
    pub(crate) generation: u64,
    /// Why the last build failed; empty after a good build.
    pub(crate) errors: Vec<Problem>,
    /// Findings about single pages of the current build, by the page's file
    /// (`udgave-2/folder/index.html`), e.g. leaflet text that does not fit.
    pub(crate) pages: BTreeMap<String, Vec<Problem>>,
    /// The server is stopping: event streams end so that shutdown does not wait for them.
    #[serde(skip)]
    pub(crate) closing: bool,
}

/// How much a problem matters, as the overlay and the editor show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    /// The site cannot be built.
    Error,
    /// Built, but worth fixing (`check --strict` fails on it): text that does not fit, LIX 45+.
    Warning,
    /// Advice that never fails a build (a plainer word, LIX 41–44).
    Note,
}

impl Level {
    pub(crate) const ALL: [Level; 3] = [Level::Error, Level::Warning, Level::Note];

    /// The level as the overlay's and the editor's scripts name it (its JSON form).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    /// The level's name for readers, as the overlay and the editor show it.
    pub(crate) fn name(self, language: Language) -> &'static str {
        match (self, language) {
            (Level::Error, Language::Da) => "Fejl",
            (Level::Warning, Language::Da) => "Advarsel",
            (Level::Note, Language::Da) => "Råd",
            (Level::Error, Language::En) => "Error",
            (Level::Warning, Language::En) => "Warning",
            (Level::Note, Language::En) => "Advice",
        }
    }
}

impl From<crate::readability::Severity> for Level {
    fn from(severity: crate::readability::Severity) -> Self {
        match severity {
            crate::readability::Severity::Warning => Level::Warning,
            crate::readability::Severity::Note => Level::Note,
        }
    }
}

/// A [`SourceError`] as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Problem {
    pub(crate) level: Level,
    pub(crate) file: String,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Problem {
    /// `e` as a problem of `level` (a [`SourceError`] alone is an error).
    pub(crate) fn at_level(e: &SourceError, level: Level) -> Problem {
        Problem {
            level,
            ..Problem::from(e)
        }
    }
}

impl From<&SourceError> for Problem {
    fn from(e: &SourceError) -> Self {
        Problem {
            level: Level::Error,
            file: e.file.display().to_string(),
            line: e.position.map(|p| p.line),
            column: e.position.map(|p| p.column),
            message: e.message.clone(),
            hint: e.hint.clone(),
        }
    }
}

/// Every problem a failed build names: each entry of a [`Diagnostics`] list, a single
/// [`SourceError`], or else the error's own text.
pub(crate) fn problems(error: &anyhow::Error) -> Vec<Problem> {
    for cause in error.chain() {
        if let Some(list) = cause.downcast_ref::<Diagnostics>() {
            return list.errors().iter().map(Problem::from).collect();
        }
        if let Some(one) = cause.downcast_ref::<SourceError>() {
            return vec![Problem::from(one)];
        }
    }
    vec![Problem {
        level: Level::Error,
        file: String::new(),
        line: None,
        column: None,
        message: crate::report::chain(error),
        hint: None,
    }]
}

/// Shared between the server's requests and the builder thread.
#[derive(Debug)]
pub(crate) struct State {
    site: RwLock<Option<Arc<Snapshot>>>,
    /// The newest search index (`pagefind/…`), made in the background after a good build;
    /// it may be a build behind the site for a moment.
    search: RwLock<Arc<SiteFiles>>,
    /// What the editor can open, from the last good build.
    catalog: RwLock<Arc<Catalog>>,
    status: watch::Sender<Status>,
}

impl State {
    pub(crate) fn new() -> Arc<State> {
        Arc::new(State {
            site: RwLock::new(None),
            search: RwLock::new(Arc::new(SiteFiles::default())),
            catalog: RwLock::new(Arc::new(Catalog::default())),
            status: watch::Sender::new(Status::default()),
        })
    }

    /// The last good site; `None` until the first build succeeds.
    pub(crate) fn site(&self) -> Option<Arc<Snapshot>> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn search_index(&self) -> Arc<SiteFiles> {
        self.search
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn set_search_index(&self, files: SiteFiles) {
        *self.search.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
    }

    pub(crate) fn catalog(&self) -> Arc<Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn set_catalog(&self, catalog: Catalog) {
        *self.catalog.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalog);
    }

    pub(crate) fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Status> {
        self.status.subscribe()
    }

    /// The generation the next good build gets.
    pub(crate) fn next_generation(&self) -> u64 {
        self.status.borrow().generation + 1
    }

    /// Serves `snapshot` from now on and clears every problem: open pages reload.
    pub(crate) fn publish(&self, snapshot: Arc<Snapshot>) {
        let generation = snapshot.generation;
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Some(snapshot);
        self.status.send_modify(|s| {
            s.generation = generation;
            s.errors.clear();
            s.pages.clear();
        });
    }

    /// Keeps the current site and shows `errors` over every open page.
    pub(crate) fn fail(&self, errors: Vec<Problem>) {
        self.status.send_modify(|s| s.errors = errors);
    }

    /// Shows `findings` over the page whose file is `page`, if the site is still the one of
    /// `generation` (findings about an older build are dropped); no findings clear it.
    pub(crate) fn set_page_findings(
        &self,
        generation: u64,
        page: &OutPath,
        findings: Vec<Problem>,
    ) {
        self.status.send_if_modified(|s| {
            if s.generation != generation {
                return false;
            }
            if findings.is_empty() {
                s.pages.remove(&page.file()).is_some()
            } else {
                s.pages.insert(page.file(), findings);
                true
            }
        });
    }

    /// Ends every event stream, so that the server can stop.
    pub(crate) fn close(&self) {
        self.status.send_modify(|s| s.closing = true);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The settings of a small site (base path `/r/`), for the server's unit tests.
    pub(crate) fn config() -> crate::config::SiteConfig {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\norganisation: O\nbase_url: https://example.org/r/\n",
        )
        .unwrap();
        crate::config::load(dir.path()).unwrap()
    }

    #[test]
    fn diagnostics_become_one_problem_each() {
        let mut list = Diagnostics::new();
        list.push(SourceError::new("a.md", "one").hint("fix"));
        list.push(SourceError::new("b.md", "two"));
        let error = list.into_result().unwrap_err();
        let found = problems(&error);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].hint.as_deref(), Some("fix"));
        let plain = problems(&anyhow::anyhow!("disk full"));
        assert_eq!(plain[0].message, "error: disk full");
    }

    #[test]
    fn a_failure_keeps_the_generation_and_a_good_build_clears_the_problems() {
        let state = State::new();
        state.fail(vec![Problem::from(&SourceError::new("a.md", "x"))]);
        assert_eq!(state.status().generation, 0);
        assert_eq!(state.status().errors.len(), 1);
        state.status.send_modify(|s| s.generation = 1);
        let page = OutPath::for_tests("e1/folder/index.html");
        state.set_page_findings(0, &page, state.status().errors.clone());
        assert!(state.status().pages.is_empty(), "findings for an old build");
        state.set_page_findings(1, &page, state.status().errors.clone());
        assert_eq!(state.status().pages.len(), 1);
    }
}
