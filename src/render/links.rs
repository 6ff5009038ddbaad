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

use crate::address::{strip_md_suffix, Addresses, Mount};
use crate::content::{Edition, Page};
use crate::diagnostic::{suggest, Diagnostics, Position, SourceError};
use crate::markdown::{Link, LinkKind, Rendered};
use crate::urls;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// A page's HTML with its links filled in.
pub(crate) struct LinkedPage {
    pub(crate) html: String,
    /// Links to pages of the same edition.
    pub(crate) internal: Vec<InternalLink>,
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
}

/// Resolves the links of every page of `edition`; `rendered` is indexed like its pages.
pub(crate) fn resolve_edition(
    edition: &Edition,
    rendered: &mut [Rendered],
    addresses: &Addresses,
    shown: impl Fn(&Path) -> std::path::PathBuf + Sync,
    problems: &mut Diagnostics,
) -> LinkedEdition {
    // Pages are resolved in parallel; the assets they use and their problems are gathered
    // afterwards, in page order, so the report reads the same on every run.
    let resolved: Vec<ResolvedPage> = edition
        .pages
        .par_iter()
        .zip(rendered.par_iter_mut())
        .map(|(page, result)| resolve_page(edition, page, result, addresses, &shown))
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
    shown: impl Fn(&Path) -> std::path::PathBuf,
) -> ResolvedPage {
    let resolver = Resolver {
        edition,
        page,
        addresses,
    };
    let mut internal = Vec::new();
    let mut assets = Vec::new();
    let mut problems = Vec::new();
    let mut hrefs = Vec::with_capacity(rendered.links.len());
    for link in &rendered.links {
        match resolver.target(link) {
            Ok((target, fragment)) => {
                hrefs.push(resolver.href(&target, fragment));
                match target {
                    Target::Page { index, anchor } if link.kind == LinkKind::Markdown => {
                        internal.push(InternalLink {
                            target: index,
                            anchor,
                            position: link.position,
                        });
                    }
                    Target::Asset(index) => assets.push(index),
                    Target::Page { .. } => {}
                }
            }
            Err(problem) => {
                hrefs.push(link.dest.clone());
                // Raw HTML is the author's own business; only Markdown links are checked.
                if link.kind == LinkKind::Markdown {
                    problems.push(problem.into_error(&shown(&page.source), link));
                }
            }
        }
    }
    ResolvedPage {
        page: LinkedPage {
            html: rendered.take_html_with(|i| hrefs[i].clone()),
            internal,
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
    shown: &Path,
    problems: &mut Diagnostics,
) -> String {
    let resolver = Resolver {
        edition,
        page: edition.front_page(),
        addresses,
    };
    let hrefs: Vec<String> = note
        .links
        .iter()
        .map(|link| match resolver.target(link) {
            Ok((target, fragment)) => resolver.absolute(&target, fragment),
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
}

impl Broken {
    fn into_error(self, shown: &Path, link: &Link) -> SourceError {
        let hint = match self.near {
            Some(near) => format!("did you mean `{near}`? Paths are relative to this page's folder"),
            None => "link to pages by their .md path relative to this page, e.g. `[tekst](gode-raad.md#afsnit)`".to_string(),
        };
        SourceError::new(shown, self.message)
            .at(link.position)
            .hint(hint)
    }
}

struct Resolver<'a> {
    edition: &'a Edition,
    page: &'a Page,
    addresses: &'a Addresses,
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
        let Some(target_path) = urls::resolve(
            urls::parent_dir(&self.page.path),
            &urls::percent_decode(path),
        ) else {
            return Err(Broken {
                message: format!("the link `{dest}` points outside the edition folder"),
                near: None,
            });
        };
        if strip_md_suffix(&target_path).is_some() {
            return match self.edition.page_index_by_source(&target_path) {
                Some(index) => Ok((Target::Page { index, anchor }, fragment)),
                None => Err(Broken {
                    message: format!(
                        "the link `{dest}` points to a page that does not exist ({target_path})"
                    ),
                    near: suggest(
                        &target_path,
                        self.edition.pages.iter().map(|p| p.path.as_str()),
                    )
                    .map(str::to_string),
                }),
            };
        }
        if let Some(index) = self.edition.asset_index(&target_path) {
            return Ok((Target::Asset(index), fragment));
        }
        // A folder (`./`, `../`, `sub/`) is its index page.
        let folder = target_path.trim_end_matches('/');
        let index_page = if folder.is_empty() {
            "index.md".to_string()
        } else {
            format!("{folder}/index.md")
        };
        if let Some(index) = self.edition.page_index_by_source(&index_page) {
            return Ok((Target::Page { index, anchor }, fragment));
        }
        Err(Broken {
            message: format!(
                "the link `{dest}` points to a file that does not exist ({target_path})"
            ),
            near: suggest(
                &target_path,
                self.edition.assets.iter().map(|a| a.path.as_str()),
            )
            .map(str::to_string),
        })
    }

    /// The permanent absolute address of `target`, with the fragment as written.
    fn absolute(&self, target: &Target, fragment: Option<&str>) -> String {
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
        };
        let mut href = self.addresses.absolute(&address);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }

    /// The relative address of `target` from this page, with the fragment as written.
    fn href(&self, target: &Target, fragment: Option<&str>) -> String {
        let id = self.edition.id.0.as_str();
        let here = self
            .addresses
            .page(id, &self.page.url, Mount::EditionFolder);
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
        };
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        if href.is_empty() {
            href = here.href_to(&here);
        }
        href
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
