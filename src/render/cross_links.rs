//! Links between the guidelines of a portal: which page of which edition such a link names.
//!
//! Takes the portal's guidelines before any is rendered and makes a [`PortalIndex`]: every
//! guideline's editions with their dates, status and pages. Link resolution (`links`) asks it
//! what a link that leaves its own guideline names, and gets the page (with the address the
//! target guideline's [`Addresses`] give it) or a problem to report. Two forms:
//!
//! - `/<guideline>/<page>.md`, a path from the content folder without an edition
//!   (`/<guideline>/` and `/<guideline>/index.md` name its front page), names the page in the
//!   edition *in force*. From a current edition or a draft that is the target's current
//!   edition, at the address readers are given. From an archived edition it is the target's
//!   edition that was in force on the archived edition's last day (the day before the edition
//!   that replaced it was published), at its permanent address: an old edition keeps linking
//!   what its readers were pointed to then. When the target had no edition yet on that day,
//!   its first published edition is the nearest thing to what was meant. Drafts of the target
//!   are never in force, so never named this way. A link to the page's own guideline
//!   (`/sociale-medier/…` in sociale-medier) stays inside the page's own edition, like a link
//!   written relative to it: the edition in force on an archived edition's last day is that
//!   edition itself, and a draft links to its own pages, which is what they will be once it is
//!   published.
//! - A path relative to the page that leads into another guideline's edition folder
//!   (`../../sociale-medier/udgave-1/gode-raad.md`) names that edition's page, pinned, at its
//!   permanent address. A published page cannot pin a draft (it would break once the draft
//!   is left out of a build); a draft can.
//!
//! Every such link is checked: a guideline, edition or page that does not exist is a problem
//! with a suggestion of the nearest one. Their `#anchors` can only be checked once the target
//! guideline is rendered too, so each guideline's rendering hands on its requests and the ids
//! of its pages ([`Anchors`]), and [`check_cross_anchors`] checks them all after the last one.

use super::Rendering;
use crate::address::{strip_md_suffix, Addresses, Mount, OutPath};
use crate::content::{Date, EditionStatus, Portal, Site};
use crate::diagnostic::{suggest, Diagnostics, Position, SourceError};
use crate::urls;
use anyhow::Result;
use std::collections::HashMap;
use std::path::PathBuf;

/// Every guideline of a portal with its editions and pages, read-only while the guidelines
/// are rendered one after another. Empty for a site of one guideline, which has no other
/// guideline to link to.
#[derive(Debug, Default)]
pub struct PortalIndex {
    guidelines: Vec<Indexed>,
    /// The address scheme of each guideline, indexed like `guidelines`.
    addresses: Vec<Addresses>,
}

#[derive(Debug)]
struct Indexed {
    id: String,
    /// `content/<guideline>/`, to tell an edition left out of the build (a draft) from one
    /// that is not there.
    dir: PathBuf,
    current: usize,
    /// Oldest first, like `Site::editions`.
    editions: Vec<IndexedEdition>,
}

#[derive(Debug)]
struct IndexedEdition {
    id: String,
    status: EditionStatus,
    published: Date,
    /// For an archived edition, the last day it was in force.
    last_day: Option<Date>,
    by_source: HashMap<String, usize>,
    /// Source paths in navigation order, for suggestions.
    paths: Vec<String>,
    /// Output folders within the edition, indexed like `paths`.
    urls: Vec<String>,
}

impl PortalIndex {
    /// The index of `portal`, whose guidelines have the `addresses` given (indexed alike).
    pub fn of(portal: &Portal, addresses: &[Addresses]) -> PortalIndex {
        if !portal.is_portal() {
            return PortalIndex::default();
        }
        let (guidelines, addresses) = portal
            .guidelines
            .iter()
            .zip(addresses)
            .filter_map(|(site, a)| {
                let g = site.guideline.as_ref()?;
                let indexed = Indexed {
                    id: g.id.0.clone(),
                    dir: g.dir.clone(),
                    current: site.current,
                    editions: (0..site.editions.len())
                        .map(|e| indexed_edition(site, e))
                        .collect(),
                };
                Some((indexed, a.clone()))
            })
            .unzip();
        PortalIndex {
            guidelines,
            addresses,
        }
    }

    /// Where edition `e` of `site` stands among the guidelines; `None` outside a portal.
    pub(crate) fn origin(&self, site: &Site, edition: usize) -> Option<Origin<'_>> {
        let id = &site.guideline.as_ref()?.id.0;
        let guideline = self.position(id)?;
        (edition < self.guidelines[guideline].editions.len()).then_some(Origin {
            index: self,
            guideline,
            edition,
        })
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.guidelines.iter().position(|g| g.id == id)
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        self.guidelines.iter().map(|g| g.id.as_str())
    }
}

fn indexed_edition(site: &Site, e: usize) -> IndexedEdition {
    let edition = &site.editions[e];
    let last_day = (edition.status == EditionStatus::Archived).then(|| {
        // An archived edition sharing its date with the current one may sort after it.
        site.next_published(e)
            .unwrap_or(site.current())
            .published
            .day_before()
    });
    IndexedEdition {
        id: edition.id.0.clone(),
        status: edition.status,
        published: edition.published,
        last_day,
        by_source: edition
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect(),
        paths: edition.pages.iter().map(|p| p.path.clone()).collect(),
        urls: edition.pages.iter().map(|p| p.url.clone()).collect(),
    }
}

impl Indexed {
    /// The edition in force on `day`: the last one published by then. Before the first was
    /// published, the first: a link to a guideline that did not exist yet is best served by
    /// the guideline as it first came out.
    fn in_force_on(&self, day: Date) -> usize {
        let published = || {
            self.editions
                .iter()
                .enumerate()
                .filter(|(_, e)| e.status != EditionStatus::Draft)
        };
        published()
            .rfind(|(_, e)| e.published <= day)
            .or_else(|| published().next())
            .map_or(self.current, |(i, _)| i)
    }

    fn edition(&self, id: &str) -> Option<usize> {
        self.editions.iter().position(|e| e.id == id)
    }
}

impl IndexedEdition {
    /// The page a path within the edition names: a `.md` file, or a folder's `index.md`.
    fn find(&self, path: &str) -> Option<usize> {
        self.by_source.get(&page_path(path)).copied()
    }
}

/// The source path a link's path within an edition names: itself for a `.md` file, else the
/// `index.md` of the folder (the edition's own for an empty path).
fn page_path(path: &str) -> String {
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        "index.md".to_string()
    } else if strip_md_suffix(path).is_some() {
        path.to_string()
    } else {
        format!("{path}/index.md")
    }
}

/// The page whose links are resolved: its guideline and edition in the [`PortalIndex`].
#[derive(Clone, Copy)]
pub(crate) struct Origin<'a> {
    index: &'a PortalIndex,
    guideline: usize,
    edition: usize,
}

/// A page of another guideline: indexes into the [`PortalIndex`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    guideline: usize,
    edition: usize,
    page: usize,
}

/// What a link that leaves the page's edition leads to.
pub(crate) enum Leads {
    /// A path within the page's own edition, from its folder's root.
    Own(String),
    /// A page of another guideline, at its address: in the site root (of the guideline's
    /// folder) for its edition in force now, else in its edition's folder.
    Other(Found, OutPath),
}

/// Why such a link is broken, before it is placed in its file.
pub(crate) struct Refusal {
    pub(crate) message: String,
    pub(crate) hint: String,
}

impl<'a> Origin<'a> {
    fn own(&self) -> &'a Indexed {
        &self.index.guidelines[self.guideline]
    }

    fn own_edition(&self) -> &'a IndexedEdition {
        &self.own().editions[self.edition]
    }

    /// The id of the page's own guideline.
    pub(crate) fn guideline_id(&self) -> &'a str {
        &self.own().id
    }

    /// What `/<guideline>/<page>` names (`path` percent-decoded, `dest` as written), from a
    /// page in the folder `page_dir` of its edition.
    pub(crate) fn root_path(
        &self,
        dest: &str,
        page_dir: &str,
        path: &str,
    ) -> Result<Leads, Refusal> {
        let Some(rest) = urls::resolve("", path) else {
            return Err(Refusal {
                message: format!("the link `{dest}` points outside the content folder"),
                hint: self.root_form_hint(),
            });
        };
        let (id, within) = rest.split_once('/').unwrap_or((&rest, ""));
        let Some(g) = self.index.position(id) else {
            return Err(self.no_guideline(dest, id, within));
        };
        if g == self.guideline {
            return Ok(Leads::Own(within.to_string()));
        }
        let target = &self.index.guidelines[g];
        let (edition, mount) = match self.own_edition().last_day {
            Some(day) => (target.in_force_on(day), Mount::EditionFolder),
            None => (target.current, Mount::SiteRoot),
        };
        match target.editions[edition].find(within) {
            Some(page) => Ok(self.found(g, edition, page, mount)),
            None => Err(self.no_page_in_force(dest, page_dir, target, edition, within)),
        }
    }

    /// What a relative `path` names that climbs out of the page's edition folder (from its
    /// folder `page_dir`): a page of another guideline's edition, pinned.
    pub(crate) fn beyond_edition(
        &self,
        dest: &str,
        page_dir: &str,
        path: &str,
    ) -> Result<Leads, Refusal> {
        let own = self.own();
        let base = format!("{}/{}/{page_dir}", own.id, self.own_edition().id);
        let Some(full) = urls::resolve(&base, path) else {
            return Err(Refusal {
                message: format!("the link `{dest}` points outside the content folder"),
                hint: format!(
                    "paths are relative to this page's folder, content/{base}, and `{}` leads up to content/",
                    climb(page_dir)
                ),
            });
        };
        let mut parts = full.splitn(3, '/');
        let (id, edition_id, within) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let Some(g) = self.index.position(id) else {
            return Err(self.not_into_a_guideline(dest, id, &full));
        };
        if g == self.guideline {
            if edition_id == self.own_edition().id {
                return Ok(Leads::Own(within.to_string()));
            }
            return Err(Refusal {
                message: format!(
                    "the link `{dest}` points into another edition of this guideline ({full})"
                ),
                hint: "a page links to pages of its own edition, by their path from this page's folder; readers reach the other editions with the edition switcher".to_string(),
            });
        }
        let target = &self.index.guidelines[g];
        let edition = match target.edition(edition_id) {
            Some(e) if target.editions[e].status != EditionStatus::Draft => e,
            Some(e) if self.own_edition().status == EditionStatus::Draft => e,
            _ => return Err(self.no_edition(dest, target, edition_id, within)),
        };
        match target.editions[edition].find(within) {
            Some(page) => Ok(self.found(g, edition, page, Mount::EditionFolder)),
            None => {
                let tried = format!("{}/{}/{}", target.id, edition_id, page_path(within));
                let climb = climb(page_dir);
                let hint = match suggest(
                    &page_path(within),
                    target.editions[edition].paths.iter().map(String::as_str),
                ) {
                    Some(near) => format!(
                        "did you mean `{climb}{}/{edition_id}/{near}`? Paths are relative to this page's folder",
                        target.id
                    ),
                    None => pages_hint(target, edition),
                };
                Err(Refusal {
                    message: format!(
                        "the link `{dest}` points to a page that does not exist ({tried})"
                    ),
                    hint,
                })
            }
        }
    }

    fn found(&self, guideline: usize, edition: usize, page: usize, mount: Mount) -> Leads {
        let target = &self.index.guidelines[guideline];
        let e = &target.editions[edition];
        let at = self.index.addresses[guideline].page(&e.id, &e.urls[page], mount);
        Leads::Other(
            Found {
                guideline,
                edition,
                page,
            },
            at,
        )
    }

    fn root_form_hint(&self) -> String {
        format!(
            "a link that starts with `/` names a guideline's folder in content/ and then a page of its edition in force, e.g. `/{}/index.md`; the guidelines are {}",
            self.other_or_own().id,
            self.index.ids().collect::<Vec<_>>().join(", ")
        )
    }

    /// Another guideline than the page's own, for examples in hints.
    fn other_or_own(&self) -> &'a Indexed {
        let all = &self.index.guidelines;
        all.iter()
            .find(|g| g.id != self.own().id)
            .unwrap_or(self.own())
    }

    fn no_guideline(&self, dest: &str, id: &str, within: &str) -> Refusal {
        let hint = if strip_md_suffix(id).is_some() && within.is_empty() {
            format!(
                "in a portal a link that starts with `/` names a guideline first: `/{}/{id}` for this guideline's page, or write the path from this page's folder without the `/`",
                self.own().id
            )
        } else {
            match suggest(id, self.index.ids()) {
                Some(near) => format!(
                    "did you mean `/{near}/{within}`? A link that starts with `/` names a guideline's folder in content/ and then a page of its edition in force"
                ),
                None => self.root_form_hint(),
            }
        };
        Refusal {
            message: format!("the link `{dest}` names the guideline `{id}`, which does not exist"),
            hint,
        }
    }

    fn no_page_in_force(
        &self,
        dest: &str,
        page_dir: &str,
        target: &Indexed,
        edition: usize,
        within: &str,
    ) -> Refusal {
        let e = &target.editions[edition];
        let tried = page_path(within);
        let (first, after) = within.split_once('/').unwrap_or((within, ""));
        let hint = if let Some(pinned) = target.edition(first) {
            format!(
                "leave out the edition: `/{g}/{after}` names the page in the edition in force; to link to edition `{first}` whatever is in force, write the path from this page's folder: `{}{g}/{}/{after}`",
                climb(page_dir),
                target.editions[pinned].id,
                g = target.id,
            )
        } else {
            match suggest(&tried, e.paths.iter().map(String::as_str)) {
                Some(near) => format!(
                    "did you mean `/{}/{near}`? After the guideline comes the page's path in its edition folder",
                    target.id
                ),
                None => pages_hint(target, edition),
            }
        };
        Refusal {
            message: format!(
                "the link `{dest}` points to a page that does not exist in the guideline `{}` ({tried}, in its edition `{}`)",
                target.id, e.id
            ),
            hint,
        }
    }

    fn not_into_a_guideline(&self, dest: &str, id: &str, full: &str) -> Refusal {
        let example = self.other_or_own();
        let hint = match suggest(id, self.index.ids()) {
            Some(near) => format!("did you mean the guideline `{near}`? A path out of this edition leads into another guideline's edition folder, e.g. `{near}/<edition>/side.md` from content/"),
            None => format!(
                "a path out of this edition leads into another guideline's edition folder (the guidelines are {}); or write `/{}/side.md` for a page of its edition in force",
                self.index.ids().collect::<Vec<_>>().join(", "),
                example.id
            ),
        };
        Refusal {
            message: format!(
                "the link `{dest}` points outside the edition folder, to {full}, and `{id}` is not a guideline"
            ),
            hint,
        }
    }

    fn no_edition(&self, dest: &str, target: &Indexed, edition: &str, within: &str) -> Refusal {
        let in_force = format!("`/{}/{within}`", target.id);
        let published: Vec<&str> = target
            .editions
            .iter()
            .filter(|e| e.status != EditionStatus::Draft)
            .map(|e| e.id.as_str())
            .collect();
        if edition.is_empty() {
            return Refusal {
                message: format!(
                    "the link `{dest}` points to the folder of the guideline `{}`, not into one of its editions",
                    target.id
                ),
                hint: format!(
                    "write {in_force} for its edition in force, or name one of its editions ({})",
                    published.join(", ")
                ),
            };
        }
        let is_draft = target.edition(edition).is_some()
            || target.dir.join(edition).join("edition.yaml").is_file();
        if is_draft {
            return Refusal {
                message: format!(
                    "the link `{dest}` points into {}/{edition}, a draft, which a published page cannot link to",
                    target.id
                ),
                hint: format!(
                    "link to the edition in force with {in_force}, or add this link once {}/{edition} is published",
                    target.id
                ),
            };
        }
        let hint = match suggest(edition, published.iter().copied()) {
            Some(near) => format!("did you mean the edition `{near}`?"),
            None => format!(
                "its editions are {}; or write {in_force} for the edition in force",
                published.join(", ")
            ),
        };
        Refusal {
            message: format!(
                "the link `{dest}` points into the guideline `{}`, which has no edition `{edition}`",
                target.id
            ),
            hint,
        }
    }
}

/// The way from a page in `page_dir` of its edition up to the content folder, as the start
/// of a link (`../../` from the edition's own folder): a source path, for hints.
fn climb(page_dir: &str) -> String {
    format!(
        "{}/",
        urls::up_from(&format!("guideline/edition/{page_dir}"))
    )
}

fn pages_hint(target: &Indexed, edition: usize) -> String {
    let e = &target.editions[edition];
    format!(
        "the pages of {}/{} are {}",
        target.id,
        e.id,
        e.paths.join(", ")
    )
}

/// What a guideline's rendering hands on for the `#anchors` of its links to other guidelines.
#[derive(Debug, Default)]
pub(crate) struct Anchors {
    /// Every link to another guideline's page with an `#anchor`.
    pub(crate) requests: Vec<CrossAnchor>,
    /// The element ids of every page, by edition and page, sorted; empty outside a portal.
    pub(crate) ids: Vec<Vec<Vec<String>>>,
}

/// A link with an `#anchor` to a page of another guideline.
#[derive(Debug, Clone)]
pub(crate) struct CrossAnchor {
    pub(crate) target: Found,
    pub(crate) anchor: String,
    /// The linking page's file, as shown in messages, and where the link starts in it.
    pub(crate) source: PathBuf,
    pub(crate) position: Position,
}

/// Checks that every `#anchor` of a link between guidelines names an id in the page it links
/// to; `renderings` is indexed like the index's guidelines (the portal's).
pub fn check_cross_anchors(index: &PortalIndex, renderings: &[Rendering]) -> Result<()> {
    let mut problems = Diagnostics::new();
    for request in renderings.iter().flat_map(|r| &r.anchors.requests) {
        let Found {
            guideline,
            edition,
            page,
        } = request.target;
        let Some(ids) = renderings
            .get(guideline)
            .and_then(|r| r.anchors.ids.get(edition)?.get(page))
        else {
            continue;
        };
        if ids.binary_search(&request.anchor).is_ok() {
            continue;
        }
        let target = &index.guidelines[guideline];
        let e = &target.editions[edition];
        let shown = format!("{}/{}/{}", target.id, e.id, e.paths[page]);
        let hint = match suggest(&request.anchor, ids.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `#{near}`?"),
            None if ids.is_empty() => format!("{shown} has no headings to link to"),
            None => format!("the ids in {shown} are {}", ids.join(", ")),
        };
        problems.push(
            SourceError::new(
                &request.source,
                format!("the anchor `#{}` does not exist in {shown}", request.anchor),
            )
            .at(request.position)
            .hint(hint),
        );
    }
    problems.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition(id: &str, status: EditionStatus, published: &str) -> IndexedEdition {
        IndexedEdition {
            id: id.into(),
            status,
            published: Date::parse(published).unwrap(),
            last_day: None,
            by_source: HashMap::new(),
            paths: Vec::new(),
            urls: Vec::new(),
        }
    }

    #[test]
    fn the_edition_in_force_on_a_day_is_the_last_published_by_then_or_else_the_first() {
        let g = Indexed {
            id: "ai".into(),
            dir: PathBuf::from("content/ai"),
            current: 2,
            editions: vec![
                edition("2019", EditionStatus::Archived, "2019-01-01"),
                edition("2022", EditionStatus::Archived, "2022-05-15"),
                edition("2025", EditionStatus::Current, "2025-02-01"),
                edition("2026", EditionStatus::Draft, "2026-06-01"),
            ],
        };
        let on = |day: &str| {
            g.editions[g.in_force_on(Date::parse(day).unwrap())]
                .id
                .clone()
        };
        assert_eq!(on("2018-12-31"), "2019");
        assert_eq!(on("2019-01-01"), "2019");
        assert_eq!(on("2022-05-14"), "2019");
        assert_eq!(on("2022-05-15"), "2022");
        assert_eq!(on("2027-01-01"), "2025", "a draft is never in force");
    }

    #[test]
    fn a_path_names_a_page_or_a_folders_front_page() {
        assert_eq!(page_path(""), "index.md");
        assert_eq!(page_path("regler.md"), "regler.md");
        assert_eq!(page_path("sub/"), "sub/index.md");
        assert_eq!(page_path("sub"), "sub/index.md");
        assert_eq!(climb(""), "../../");
        assert_eq!(climb("sub/"), "../../../");
    }
}
