//! Link resolution: the pass between Markdown and templates.
//!
//! Takes every page's [`Rendered`] Markdown (which lists the link targets as written) and the
//! site model; returns each page's final HTML with every link pointing at its output address,
//! the links to other pages (so their `#anchors` can be checked once every page is known), the
//! files beside the pages that something links to (only those are published), and every
//! broken link as a problem with its file, line and column.
//!
//! Links are written relative to the page, and a page keeps its place relative to the rest of
//! its edition in both mounts (site root and edition folder), so one resolution serves both.
//! A link to another guideline of a portal (`cross_links`) is the exception: its folder tree
//! is another, so from a page of the current edition it is written for both addresses
//! (`here`). In a site of one guideline a link from the site root (`/…`) is left as written.

use super::cross_links::{Anchors, CrossAnchor, Found, Leads, Origin, Refusal};
use super::here::{self, Here, Hrefs};
use crate::address::{strip_md_suffix, Addresses, Mount, OutPath};
use crate::content::{Edition, EditionStatus, Page};
use crate::diagnostic::{suggest, Diagnostics, Position, SourceError};
use crate::markdown::{self, Link, LinkKind, Rendered};
use crate::urls;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// A page's HTML with its links filled in.
pub(crate) struct LinkedPage {
    pub(crate) html: String,
    /// Links to pages of the same edition.
    pub(crate) internal: Vec<InternalLink>,
    /// Links with an `#anchor` to pages of other guidelines.
    pub(crate) cross: Vec<CrossAnchor>,
}

/// A link to a page of the same edition, kept so its `#anchor` can be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternalLink {
    /// Index of the target in `Edition::pages`.
    pub(crate) target: usize,
    pub(crate) anchor: Option<String>,
    pub(crate) position: Position,
}

pub(crate) struct LinkedEdition {
    pub(crate) pages: Vec<LinkedPage>,
    /// Indexes into `Edition::assets` of the files some page links to.
    pub(crate) used_assets: BTreeSet<usize>,
}

/// What a link target names.
enum Target {
    Page {
        index: usize,
        anchor: Option<String>,
    },
    Asset(usize),
    /// A page of another guideline, at its address.
    Elsewhere {
        found: Found,
        at: OutPath,
        anchor: Option<String>,
    },
    /// A path from the site root in a site of one guideline.
    AsWritten,
}

/// A link's address as written into the HTML (unescaped).
struct Href {
    text: String,
    /// Spelt for both addresses of a page of the current edition (see `here`).
    for_both: bool,
}

/// Resolves the links of every page of `edition`; `rendered` is indexed like its pages.
/// `origin` places the edition in a portal (`None` in a site of one guideline).
pub(crate) fn resolve_edition(
    edition: &Edition,
    rendered: &mut [Rendered],
    addresses: &Addresses,
    origin: Option<Origin<'_>>,
    shown: impl Fn(&Path) -> std::path::PathBuf + Sync,
    problems: &mut Diagnostics,
) -> LinkedEdition {
    // Pages are resolved in parallel; the assets they use and their problems are gathered
    // afterwards, in page order, so the report reads the same on every run.
    let resolved: Vec<ResolvedPage> = edition
        .pages
        .par_iter()
        .zip(rendered.par_iter_mut())
        .map(|(page, result)| resolve_page(edition, page, result, addresses, origin, &shown))
        .collect();
    let mut used_assets = BTreeSet::new();
    let mut pages = Vec::with_capacity(resolved.len());
    for resolved in resolved {
        used_assets.extend(resolved.assets);
        for problem in resolved.problems {
            problems.push(problem);
        }
        pages.push(resolved.page);
    }
    LinkedEdition { pages, used_assets }
}

/// One page's links resolved: its HTML, the files beside the pages it links to (indexes
/// into `Edition::assets`) and its broken links.
pub(crate) struct ResolvedPage {
    pub(crate) page: LinkedPage,
    pub(crate) assets: Vec<usize>,
    pub(crate) problems: Vec<SourceError>,
}

/// Resolves the links of `page` of `edition`, whose Markdown is `rendered`.
pub(crate) fn resolve_page(
    edition: &Edition,
    page: &Page,
    rendered: &mut Rendered,
    addresses: &Addresses,
    origin: Option<Origin<'_>>,
    shown: impl Fn(&Path) -> std::path::PathBuf,
) -> ResolvedPage {
    let resolver = Resolver {
        edition,
        page,
        addresses,
        origin,
    };
    let mut internal = Vec::new();
    let mut cross = Vec::new();
    let mut assets = Vec::new();
    let mut problems = Vec::new();
    let mut hrefs = Vec::with_capacity(rendered.links.len());
    for link in &rendered.links {
        match resolver.target(link) {
            Ok((target, fragment)) => {
                hrefs.push(resolver.href(&target, fragment, link));
                let markdown = link.kind == LinkKind::Markdown;
                match target {
                    Target::Page { index, anchor } if markdown => {
                        internal.push(InternalLink {
                            target: index,
                            anchor,
                            position: link.position,
                        });
                    }
                    Target::Elsewhere {
                        found,
                        anchor: Some(anchor),
                        ..
                    } if markdown => cross.push(CrossAnchor {
                        target: found,
                        anchor,
                        source: shown(&page.source),
                        position: link.position,
                    }),
                    Target::Asset(index) => assets.push(index),
                    Target::Page { .. } | Target::Elsewhere { .. } | Target::AsWritten => {}
                }
            }
            Err(problem) => {
                hrefs.push(Href {
                    text: link.dest.clone(),
                    for_both: false,
                });
                // Raw HTML is the author's own business; only Markdown links are checked.
                if link.kind == LinkKind::Markdown {
                    problems.push(problem.into_error(&shown(&page.source), link));
                }
            }
        }
    }
    ResolvedPage {
        page: LinkedPage {
            html: rendered.take_html_written(|i, out| {
                let href = &hrefs[i];
                if href.for_both {
                    here::write_around_markers(out, &href.text, markdown::escape_href);
                } else {
                    markdown::escape_href(out, &href.text);
                }
            }),
            internal,
            cross,
        },
        assets,
        problems,
    }
}

/// The change note's HTML with every link as an absolute address: a note is shown on many
/// pages at different depths (and in the feed), so a relative link could not serve them all.
/// Links are written as from the edition's front page, and checked like page links.
pub(crate) fn resolve_note(
    edition: &Edition,
    note: &Rendered,
    addresses: &Addresses,
    origin: Option<Origin<'_>>,
    shown: &Path,
    problems: &mut Diagnostics,
) -> String {
    let resolver = Resolver {
        edition,
        page: edition.front_page(),
        addresses,
        origin,
    };
    let hrefs: Vec<String> = note
        .links
        .iter()
        .map(|link| match resolver.target(link) {
            Ok((target, fragment)) => resolver.absolute(&target, fragment, link),
            Err(problem) => {
                if link.kind == LinkKind::Markdown {
                    problems.push(problem.into_error(shown, link));
                }
                link.dest.clone()
            }
        })
        .collect();
    note.html_with(|i| hrefs[i].clone())
}

/// Why a link is broken, before it is placed in its file.
struct Broken {
    message: String,
    near: Option<String>,
    /// Said instead of the hint made from `near`.
    hint: Option<String>,
}

impl Broken {
    fn into_error(self, shown: &Path, link: &Link) -> SourceError {
        let hint = match (self.hint, self.near) {
            (Some(hint), _) => hint,
            (None, Some(near)) => format!(
                "did you mean `{}`? Paths are relative to this page's folder",
                urls::escape_url_syntax(&near).replace(' ', "%20")
            ),
            (None, None) => "link to pages by their .md path relative to this page, e.g. `[tekst](gode-raad.md#afsnit)`".to_string(),
        };
        SourceError::new(shown, self.message)
            .at(link.position)
            .hint(hint)
    }

    /// For a link `/<guideline>/…` to the page's own guideline: the nearest page named the
    /// same way.
    fn in_own_guideline(self, guideline: &str) -> Broken {
        Broken {
            hint: self.near.as_ref().map(|near| {
                format!("did you mean `/{guideline}/{near}`? After the guideline comes the page's path in the edition folder")
            }),
            ..self
        }
    }
}

impl From<Refusal> for Broken {
    fn from(refusal: Refusal) -> Broken {
        Broken {
            message: refusal.message,
            near: None,
            hint: Some(refusal.hint),
        }
    }
}

struct Resolver<'a> {
    edition: &'a Edition,
    page: &'a Page,
    addresses: &'a Addresses,
    /// Where the edition stands in a portal; `None` in a site of one guideline.
    origin: Option<Origin<'a>>,
}

impl Resolver<'_> {
    /// What `link` names, and its `#fragment` as written.
    fn target<'l>(&self, link: &'l Link) -> Result<(Target, Option<&'l str>), Broken> {
        let dest = link.dest.as_str();
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        let anchor = fragment.filter(|f| !f.is_empty()).map(urls::percent_decode);
        if path.is_empty() {
            let index = self
                .edition
                .page_index_by_source(&self.page.path)
                .unwrap_or_default();
            return Ok((Target::Page { index, anchor }, fragment));
        }
        let decoded = urls::percent_decode(path);
        let page_dir = urls::parent_dir(&self.page.path);
        if markdown::is_from_site_root(path) {
            let Some(origin) = self.origin else {
                return Ok((Target::AsWritten, fragment));
            };
            let leads = origin.root_path(dest, page_dir, &decoded)?;
            return self
                .led_to(leads, dest, anchor, fragment)
                .map_err(|broken| broken.in_own_guideline(origin.guideline_id()));
        }
        let Some(target_path) = urls::resolve(page_dir, &decoded) else {
            if let Some(origin) = self.origin {
                let leads = origin.beyond_edition(dest, page_dir, &decoded)?;
                return self.led_to(leads, dest, anchor, fragment);
            }
            return Err(Broken {
                message: format!("the link `{dest}` points outside the edition folder"),
                near: None,
                hint: None,
            });
        };
        let target = self.in_edition(dest, &target_path, anchor)?;
        Ok((target, fragment))
    }

    /// The target of a link that left the edition folder (in a portal).
    fn led_to<'l>(
        &self,
        leads: Leads,
        dest: &str,
        anchor: Option<String>,
        fragment: Option<&'l str>,
    ) -> Result<(Target, Option<&'l str>), Broken> {
        let target = match leads {
            Leads::Own(path) => self.in_edition(dest, &path, anchor)?,
            Leads::Other(found, at) => Target::Elsewhere { found, at, anchor },
        };
        Ok((target, fragment))
    }

    /// What `target_path` (from the edition folder's root) names in this page's edition.
    fn in_edition(
        &self,
        dest: &str,
        target_path: &str,
        anchor: Option<String>,
    ) -> Result<Target, Broken> {
        if strip_md_suffix(target_path).is_some() {
            return match self.edition.page_index_by_source(target_path) {
                Some(index) => Ok(Target::Page { index, anchor }),
                None => Err(Broken {
                    message: format!(
                        "the link `{dest}` points to a page that does not exist ({target_path})"
                    ),
                    near: suggest(
                        target_path,
                        self.edition.pages.iter().map(|p| p.path.as_str()),
                    )
                    .map(str::to_string),
                    hint: None,
                }),
            };
        }
        if let Some(index) = self.edition.asset_index(target_path) {
            return Ok(Target::Asset(index));
        }
        // A folder (`./`, `../`, `sub/`) is its index page.
        let folder = target_path.trim_end_matches('/');
        let index_page = if folder.is_empty() {
            "index.md".to_string()
        } else {
            format!("{folder}/index.md")
        };
        if let Some(index) = self.edition.page_index_by_source(&index_page) {
            return Ok(Target::Page { index, anchor });
        }
        Err(Broken {
            message: format!(
                "the link `{dest}` points to a file that does not exist ({target_path})"
            ),
            near: suggest(
                target_path,
                self.edition.assets.iter().map(|a| a.path.as_str()),
            )
            .map(str::to_string),
            hint: None,
        })
    }

    /// The permanent absolute address of `target`, with the fragment as written.
    fn absolute(&self, target: &Target, fragment: Option<&str>, link: &Link) -> String {
        let id = self.edition.id.0.as_str();
        let address = match target {
            Target::Page { index, .. } => {
                self.addresses
                    .page(id, &self.edition.pages[*index].url, Mount::EditionFolder)
            }
            Target::Asset(index) => {
                self.addresses
                    .asset(id, &self.edition.assets[*index].path, Mount::EditionFolder)
            }
            // Every guideline of a portal has the same `base_url`.
            Target::Elsewhere { at, .. } => at.clone(),
            Target::AsWritten => return link.dest.clone(),
        };
        let mut href = self.addresses.absolute(&address);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }

    /// The relative address of `target` from this page, with the fragment as written.
    fn href(&self, target: &Target, fragment: Option<&str>, link: &Link) -> Href {
        let id = self.edition.id.0.as_str();
        let here = self
            .addresses
            .page(id, &self.page.url, Mount::EditionFolder);
        let mut for_both = false;
        let mut href = match target {
            Target::Page { index, .. } if self.edition.pages[*index].path == self.page.path => {
                String::new()
            }
            Target::Page { index, .. } => here.href_to(&self.addresses.page(
                id,
                &self.edition.pages[*index].url,
                Mount::EditionFolder,
            )),
            Target::Asset(index) => here.href_to(&self.addresses.asset(
                id,
                &self.edition.assets[*index].path,
                Mount::EditionFolder,
            )),
            Target::Elsewhere { at, .. } => {
                let from = self.published_at();
                for_both = matches!(from, Here::Both { .. });
                from.href_to(at)
            }
            Target::AsWritten => {
                return Href {
                    text: link.dest.clone(),
                    for_both,
                }
            }
        };
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        if href.is_empty() {
            href = here.href_to(&here);
        }
        Href {
            text: href,
            for_both,
        }
    }

    /// Where this page is published: in its edition folder, and at the site root too for the
    /// current edition (as `Site::mounts` says).
    fn published_at(&self) -> Here {
        let id = self.edition.id.0.as_str();
        let at = |mount| self.addresses.page(id, &self.page.url, mount);
        if self.edition.status == EditionStatus::Current {
            Here::Both {
                root: at(Mount::SiteRoot),
                folder: at(Mount::EditionFolder),
            }
        } else {
            Here::One {
                at: at(Mount::EditionFolder),
                mount: Mount::EditionFolder,
            }
        }
    }
}

/// What the portal needs of a guideline's links to check the `#anchors` of links between
/// guidelines (`cross_links::check_cross_anchors`): those links, and the ids of every page, which
/// other guidelines may link into. Only in a portal.
pub(crate) fn portal_anchors(linked: &[LinkedEdition], in_portal: bool) -> Anchors {
    if !in_portal {
        return Anchors::default();
    }
    Anchors {
        requests: linked
            .iter()
            .flat_map(|e| &e.pages)
            .flat_map(|p| p.cross.iter().cloned())
            .collect(),
        ids: linked
            .iter()
            .map(|e| {
                e.pages
                    .par_iter()
                    .map(|p| {
                        let mut ids: Vec<String> = element_ids(&p.html)
                            .into_iter()
                            .map(str::to_string)
                            .collect();
                        ids.sort_unstable();
                        ids
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Every `id="…"` in a piece of HTML: heading anchors, footnotes, and ids in raw HTML.
pub(crate) fn element_ids(html: &str) -> HashSet<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::element_ids;

    #[test]
    fn finds_ids_of_headings_and_raw_html() {
        let ids = element_ids(r#"<h2 id="a">x</h2><p><a id="b-c"></a></p><div class="id"></div>"#);
        assert!(ids.contains("a") && ids.contains("b-c") && ids.len() == 2);
    }
}
