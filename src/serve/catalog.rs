//! What the editor can open, from the last good build: every guideline, edition and page
//! with the files they are written in and the addresses that show them.
//!
//! Files are named as pjece names them in its messages: relative to the site folder, with
//! `/` (`content/sociale-medier/udgave-2/gode-raad.md`). The editor asks only for files
//! named here (or new ones in an edition folder named here), so a request can never name a
//! file the build does not know as a source.

use crate::address::{Addresses, Mount, Print};
use crate::content::{EditionStatus, Portal, Site};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Every editable source of the last good build.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Catalog {
    pub(crate) guidelines: Vec<GuidelineEntry>,
    /// Which page a served file shows, by the file's path (`udgave-2/gode-raad/index.html`).
    #[serde(skip)]
    by_view: HashMap<String, PageAt>,
    /// Which page a source file is, by its name.
    #[serde(skip)]
    by_file: HashMap<String, PageAt>,
}

/// Where a page is in the [`Catalog`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageAt {
    pub(crate) guideline: usize,
    pub(crate) edition: usize,
    pub(crate) page: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct GuidelineEntry {
    /// The guideline's folder name in a portal; `None` for a site of one guideline.
    pub(crate) id: Option<String>,
    pub(crate) title: String,
    /// `guideline.yaml`, in a portal.
    pub(crate) yaml: Option<String>,
    pub(crate) editions: Vec<EditionEntry>,
}

#[derive(Debug, Serialize)]
pub(crate) struct EditionEntry {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) status: EditionStatus,
    /// The edition's folder and its `edition.yaml`.
    pub(crate) dir: String,
    pub(crate) yaml: String,
    pub(crate) pages: Vec<PageEntry>,
    /// The leaflet page (trim size), if the edition has a leaflet.
    pub(crate) leaflet: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PageEntry {
    pub(crate) file: String,
    pub(crate) title: String,
    /// The page's file name within its edition (`gode-raad.md`), what a link to it names.
    pub(crate) path: String,
    /// The address that shows it: its permanent one, in the edition's folder.
    pub(crate) view: String,
}

impl Catalog {
    /// The sources of `portal` as built, `addresses` indexed like its guidelines.
    pub(crate) fn of(portal: &Portal, addresses: &[Addresses]) -> Catalog {
        let mut catalog = Catalog::default();
        for (g, (site, addresses)) in portal.guidelines.iter().zip(addresses).enumerate() {
            let entry = guideline_entry(site, addresses);
            for (e, edition) in entry.editions.iter().enumerate() {
                for (p, page) in edition.pages.iter().enumerate() {
                    let at = PageAt {
                        guideline: g,
                        edition: e,
                        page: p,
                    };
                    catalog.by_file.insert(page.file.clone(), at);
                    catalog.by_view.insert(page.view.clone(), at);
                    // The current edition is also at the site root.
                    if site.current == e {
                        let root =
                            addresses.page(&edition.id, &page_url(site, e, p), Mount::SiteRoot);
                        catalog.by_view.insert(root.file(), at);
                    }
                }
            }
            catalog.guidelines.push(entry);
        }
        catalog
    }

    /// The page a served file shows (`index.html` of a page's folder), if any.
    pub(crate) fn page_shown_at(&self, view: &str) -> Option<PageAt> {
        self.by_view.get(view).copied()
    }

    /// Whether the served file `view` shows text the editor can open: a page, or a leaflet.
    pub(crate) fn is_editable(&self, view: &str) -> bool {
        self.by_view.contains_key(view)
            || self
                .guidelines
                .iter()
                .flat_map(|g| &g.editions)
                .any(|e| e.leaflet.as_deref() == Some(view))
    }

    /// The page written in `file`, if it is one.
    pub(crate) fn page_in(&self, file: &str) -> Option<PageAt> {
        self.by_file.get(file).copied()
    }

    pub(crate) fn page(&self, at: PageAt) -> &PageEntry {
        &self.edition(at).pages[at.page]
    }

    pub(crate) fn edition(&self, at: PageAt) -> &EditionEntry {
        &self.guidelines[at.guideline].editions[at.edition]
    }

    /// The edition whose folder or `edition.yaml` is `file`.
    pub(crate) fn edition_of_file(&self, file: &str) -> Option<(usize, usize)> {
        self.guidelines
            .iter()
            .enumerate()
            .find_map(|(g, guideline)| {
                guideline
                    .editions
                    .iter()
                    .position(|e| e.dir == file || e.yaml == file)
                    .map(|e| (g, e))
            })
    }

    /// Whether `file` is a `guideline.yaml` of the portal.
    pub(crate) fn is_guideline_yaml(&self, file: &str) -> bool {
        self.guidelines
            .iter()
            .any(|g| g.yaml.as_deref() == Some(file))
    }
}

fn page_url(site: &Site, edition: usize, page: usize) -> String {
    site.editions[edition].pages[page].url.clone()
}

fn guideline_entry(site: &Site, addresses: &Addresses) -> GuidelineEntry {
    let shown = |path: &Path| crate::fsx::slash_path(Path::new(""), &site.config.display(path));
    GuidelineEntry {
        id: site.guideline.as_ref().map(|g| g.id.0.clone()),
        title: site.title().to_string(),
        yaml: site
            .guideline
            .as_ref()
            .map(|g| shown(&g.dir.join(crate::content::GUIDELINE_FILE_NAME))),
        editions: site
            .editions
            .iter()
            .map(|edition| {
                let id = &edition.id.0;
                EditionEntry {
                    id: id.clone(),
                    label: edition.label.clone(),
                    status: edition.status,
                    dir: shown(&edition.dir),
                    yaml: shown(&edition.dir.join("edition.yaml")),
                    pages: edition
                        .pages
                        .iter()
                        .map(|page| PageEntry {
                            file: shown(&page.source),
                            title: page.title.clone(),
                            path: page.path.clone(),
                            view: addresses.page(id, &page.url, Mount::EditionFolder).file(),
                        })
                        .collect(),
                    leaflet: edition
                        .leaflet
                        .as_ref()
                        .map(|_| addresses.leaflet_html(id, Print::Trim).file()),
                }
            })
            .collect(),
    }
}
