//! Which pages changed in which edition: computed once, before any page is rendered.
//!
//! Takes the site; returns a [`Timeline`]: for every page of every edition, the same page in
//! the published edition before (by `id`), the word diff when its text changed, and the
//! edition where its text last changed, linked to the change before that. One pass over the
//! editions, oldest first, each page looked up by id in the edition before, so the work grows
//! with pages × editions and nothing is compared twice. The "what changed" pages, the "last
//! changed" line and every page's history read from here.

use crate::content::{PageRef, Site};
use crate::diff::{self, PageDiff};
use rayon::prelude::*;

pub(crate) struct Timeline {
    pub(crate) editions: Vec<EditionChanges>,
}

pub(crate) struct EditionChanges {
    /// The published edition this one is compared with; `None` for the first.
    pub(crate) against: Option<usize>,
    /// One entry per page of this edition.
    pub(crate) pages: Vec<PageChange>,
    /// Pages of `against` that this edition no longer has.
    pub(crate) removed: Vec<usize>,
}

pub(crate) struct PageChange {
    /// The same page in `against`.
    pub(crate) before: Option<usize>,
    /// The comparison with `before`, when the text differs.
    pub(crate) diff: Option<PageDiff>,
    /// Where the page's text last changed (this edition, if it is new or changed here).
    pub(crate) last_change: PageRef,
    /// When the text changed here: where it changed the time before.
    pub(crate) earlier_change: Option<PageRef>,
}

impl PageChange {
    pub(crate) fn is_new(&self) -> bool {
        self.before.is_none()
    }
}

impl Timeline {
    pub(crate) fn page(&self, at: PageRef) -> &PageChange {
        &self.editions[at.edition].pages[at.page]
    }

    /// Every edition in which the page's text changed, newest first (ending with the one
    /// where it appeared).
    pub(crate) fn history(&self, page: PageRef) -> Vec<PageRef> {
        let mut entries = vec![self.page(page).last_change];
        while let Some(earlier) = self
            .page(*entries.last().expect("not empty"))
            .earlier_change
        {
            entries.push(earlier);
        }
        entries
    }
}

/// How a page's text changed from `old` to `new`, or `None` when it did not (in anything a
/// reader would see).
pub(crate) fn text_diff(old: &str, new: &str) -> Option<PageDiff> {
    (old != new)
        .then(|| diff::compare(old, new))
        .filter(PageDiff::is_changed)
}

pub(crate) fn compute(site: &Site) -> Timeline {
    let mut editions: Vec<EditionChanges> = Vec::with_capacity(site.editions.len());
    for (e, edition) in site.editions.iter().enumerate() {
        let against = site.previous_published_index(e);
        let pages = edition
            .pages
            .par_iter()
            .enumerate()
            .map(|(p, page)| {
                let before = against.and_then(|a| {
                    let q = site.editions[a].page_index_by_id(&page.id)?;
                    Some((a, q))
                });
                let Some((a, q)) = before else {
                    return PageChange {
                        before: None,
                        diff: None,
                        last_change: PageRef {
                            edition: e,
                            page: p,
                        },
                        earlier_change: None,
                    };
                };
                let old = &site.editions[a].pages[q];
                let previous = &editions[a].pages[q];
                let diff = text_diff(&old.body, &page.body);
                let changed = diff.is_some();
                PageChange {
                    before: Some(q),
                    diff,
                    last_change: if changed {
                        PageRef {
                            edition: e,
                            page: p,
                        }
                    } else {
                        previous.last_change
                    },
                    earlier_change: changed.then_some(previous.last_change),
                }
            })
            .collect();
        let removed = against.map_or_else(Vec::new, |a| {
            let old = &site.editions[a];
            (0..old.pages.len())
                .filter(|&q| edition.page_by_id(&old.pages[q].id).is_none())
                .collect()
        });
        editions.push(EditionChanges {
            against,
            pages,
            removed,
        });
    }
    Timeline { editions }
}
