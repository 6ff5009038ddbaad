//! The site model: plain data passed from loading to rendering.
//!
//! ```text
//! Site ─ editions (oldest first) ─ Edition ─ pages (navigation order) ─ Page
//!                                          └ assets (images and other files beside pages)
//! ```
//! Everything here is resolved while loading: ids, output paths, the edition order, the
//! indexes used to find "the same page" in another edition, the leaflet plan's pages. Nothing is filled in later, so
//! rendering can read the model from many threads without locks.

mod edition;
mod front_matter;
mod guideline;
pub(crate) mod journal;
mod leaflet_plan;
mod load;
mod portal;

pub use edition::{Date, DateError, EditionStatus};
/// The whole reading of a page file's head, for the fuzz targets.
pub(crate) use front_matter::read as read_front_matter;
pub use front_matter::split as split_front_matter;
pub use guideline::{Guideline, GuidelineId, FILE_NAME as GUIDELINE_FILE_NAME};
pub use leaflet_plan::{
    Cover, LeafletContact, LeafletPlan, PlanSource, FILE_NAME as LEAFLET_FILE_NAME,
};
/// Whether a file is one the site never publishes (lock files, backups, dotfiles); `serve`
/// asks the same question so that such files never start a rebuild.
pub(crate) use load::{is_ignored, reload_page};
pub use load::{list_editions, load, EditionSummary};
pub use portal::{find_guideline, guidelines, is_portal, load_portal, Portal};

use crate::config::SiteConfig;
use std::collections::HashMap;
use std::path::PathBuf;

/// An edition's folder name under `content/`; also its URL segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EditionId(pub String);

/// A page's identity across editions: `id` from front matter, or its path without `.md`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub String);

impl std::fmt::Display for EditionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for PageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A page in an edition: indexes into `Site::editions[edition].pages[page]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageRef {
    pub edition: usize,
    pub page: usize,
}

/// Text typed in the editor of `pjece serve` and not yet saved, previewed in place of the
/// text of its page file (see [`Portal::put_unsaved`]).
#[derive(Debug, Clone)]
pub struct Unsaved {
    pub file: PathBuf,
    pub text: String,
}

/// Everything a build knows about the content of one guideline: the whole site, or one
/// guideline of a portal.
#[derive(Debug)]
pub struct Site {
    /// In a portal, the site's settings with the guideline's own content folder and
    /// address prefix (`portal_segment`).
    pub config: SiteConfig,
    /// What `guideline.yaml` says, in a portal.
    pub guideline: Option<Guideline>,
    /// Published editions (and drafts when asked for), oldest first.
    pub editions: Vec<Edition>,
    /// Index into `editions` of the one edition with status `current`.
    pub current: usize,
}

impl Site {
    /// The guideline's title: `guideline.yaml`'s in a portal, else the site's.
    pub fn title(&self) -> &str {
        self.guideline
            .as_ref()
            .map_or(&self.config.title, |g| &g.title)
    }

    /// An edition's name across a portal: `<guideline>/<edition>`, since guidelines may
    /// name their editions alike; its id in a site of one guideline.
    pub fn qualified_id(&self, edition: &Edition) -> String {
        match &self.guideline {
            Some(g) => format!("{}/{}", g.id, edition.id),
            None => edition.id.0.clone(),
        }
    }

    pub fn current(&self) -> &Edition {
        &self.editions[self.current]
    }

    /// Where readers find edition `e`: the site root for the current edition, else its folder.
    /// Pages there are the ones linked from outside and indexed for search.
    pub fn readers_mount(&self, e: usize) -> crate::address::Mount {
        if e == self.current {
            crate::address::Mount::SiteRoot
        } else {
            crate::address::Mount::EditionFolder
        }
    }

    /// Every place edition `e` is published: its folder (a permanent address), and the site
    /// root as well for the current edition.
    pub fn mounts(&self, e: usize) -> &'static [crate::address::Mount] {
        use crate::address::Mount;
        if e == self.current {
            &[Mount::EditionFolder, Mount::SiteRoot]
        } else {
            &[Mount::EditionFolder]
        }
    }

    pub fn page(&self, at: PageRef) -> &Page {
        &self.editions[at.edition].pages[at.page]
    }

    /// Every page of every edition, edition by edition.
    pub fn page_refs(&self) -> impl Iterator<Item = PageRef> + '_ {
        self.editions
            .iter()
            .enumerate()
            .flat_map(|(edition, e)| (0..e.pages.len()).map(move |page| PageRef { edition, page }))
    }

    /// The published edition before `index`, which its changes are measured against.
    pub fn previous_published(&self, index: usize) -> Option<&Edition> {
        self.previous_published_index(index)
            .map(|i| &self.editions[i])
    }

    /// The index of [`Site::previous_published`].
    pub fn previous_published_index(&self, index: usize) -> Option<usize> {
        self.editions[..index]
            .iter()
            .rposition(|e| e.status != EditionStatus::Draft)
    }

    /// The published edition after `index`: the one that replaced it.
    pub fn next_published(&self, index: usize) -> Option<&Edition> {
        self.editions[index + 1..]
            .iter()
            .find(|e| e.status != EditionStatus::Draft)
    }
}

#[derive(Debug)]
pub struct Edition {
    pub id: EditionId,
    pub label: String,
    pub published: Date,
    pub status: EditionStatus,
    /// The change note, Markdown.
    pub note: String,
    /// How many lines of `edition.yaml` precede the note's text, and its indentation there.
    pub note_lines_before: usize,
    pub note_indent: usize,
    /// `content/<id>/`.
    pub dir: PathBuf,
    /// In navigation order: the front page first, then by `weight`, then by path.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// What `leaflet.yaml` asks for, checked against the pages, if the edition has a print
    /// leaflet.
    pub leaflet: Option<LeafletPlan>,
    by_source: HashMap<String, usize>,
    by_id: HashMap<PageId, usize>,
}

impl Edition {
    /// What the edition's pages say, as the digest `publish` records when it archives the
    /// edition (`fingerprint:` in edition.yaml).
    pub(crate) fn text_fingerprint(&self) -> String {
        edition::fingerprint_of(&self.pages)
    }

    /// A label that is still the folder name (as `pjece edition new` writes it), empty, or a
    /// to-do marker: not for readers' eyes.
    pub fn has_placeholder_label(&self) -> bool {
        is_placeholder_label(&self.label, &self.id.0)
    }

    /// The page written at `content/<edition>/<path>` (slash-separated, relative).
    pub fn page_by_source(&self, path: &str) -> Option<&Page> {
        self.by_source.get(path).map(|&i| &self.pages[i])
    }

    pub fn page_index_by_source(&self, path: &str) -> Option<usize> {
        self.by_source.get(path).copied()
    }

    pub fn page_by_id(&self, id: &PageId) -> Option<&Page> {
        self.by_id.get(id).map(|&i| &self.pages[i])
    }

    pub fn page_index_by_id(&self, id: &PageId) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The edition's `index.md`; loading guarantees it exists.
    pub fn front_page(&self) -> &Page {
        &self.pages[0]
    }

    /// An edition made in memory instead of read from `content/`, so that link resolution can
    /// be exercised without files (the fuzz targets do). Pages are in navigation order, the
    /// front page first; of pages sharing a path or id the first is the one found.
    pub(crate) fn in_memory(
        id: &str,
        published: Date,
        pages: Vec<Page>,
        assets: Vec<Asset>,
    ) -> Edition {
        let mut by_source = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            by_source.entry(page.path.clone()).or_insert(i);
            by_id.entry(page.id.clone()).or_insert(i);
        }
        let mut assets = assets;
        assets.sort_by(|a, b| a.path.cmp(&b.path));
        Edition {
            id: EditionId(id.to_string()),
            label: id.to_string(),
            published,
            status: EditionStatus::Current,
            note: String::new(),
            note_lines_before: 0,
            note_indent: 0,
            dir: PathBuf::from("content").join(id),
            pages,
            assets,
            leaflet: None,
            by_source,
            by_id,
        }
    }

    /// The index in `assets` of the file at `path` (relative to the edition folder).
    pub fn asset_index(&self, path: &str) -> Option<usize> {
        self.assets
            .binary_search_by(|a| a.path.as_str().cmp(path))
            .ok()
    }
}

#[derive(Debug)]
pub struct Page {
    pub id: PageId,
    /// The file on disk.
    pub source: PathBuf,
    /// The source path relative to the edition folder, slash-separated: `sub/side.md`.
    pub path: String,
    /// The output folder relative to the edition root: `""` for the front page, `sub/side/`.
    pub url: String,
    pub title: String,
    pub weight: i64,
    pub summary: Option<String>,
    /// The Markdown after the front matter, with line endings normalised to `\n`. A build
    /// empties it once the page is rendered (`render::site`), to hold less memory.
    pub body: String,
    /// How many lines of the file precede `body`, to turn body offsets into file lines.
    pub body_line_offset: usize,
}

/// A file beside the pages (an image, a PDF) copied to the output unchanged.
#[derive(Debug)]
pub struct Asset {
    pub source: PathBuf,
    /// Relative to the edition folder, slash-separated; also its output path.
    pub path: String,
}

/// A label that is still the folder name, empty, or a to-do marker.
pub(crate) fn is_placeholder_label(label: &str, id: &str) -> bool {
    let label = label.trim();
    let lower = label.to_lowercase();
    label.is_empty()
        || label == id
        || ["todo", "xxx", "??", "tbd", "fixme"]
            .iter()
            .any(|marker| lower.contains(marker))
        || ["udgave", "ny udgave", "edition", "new edition", "label"].contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::is_placeholder_label;

    #[test]
    fn placeholder_labels_are_recognised() {
        assert!(is_placeholder_label("udgave-3", "udgave-3"));
        assert!(is_placeholder_label("TODO", "u3"));
        assert!(is_placeholder_label("  ", "u3"));
        assert!(!is_placeholder_label("3. udgave", "udgave-3"));
    }
}
