//! Rendering: the site model and a theme in, the files of the built site out (in memory).
//!
//! Steps: Markdown of every page (in parallel) → check every internal link and anchor, all
//! problems at once → pages through the templates, once per place they are published (the
//! edition folder, and the site root for the current edition) → site-wide pages (editions
//! overview, 404, sitemap, feed) → static files and assets. Nothing here writes to disk.

mod changes;
mod feeds;
mod history;
mod pages;
pub(crate) mod view;

use crate::content::{Edition, Site};
use crate::diagnostic::{Diagnostics, SourceError};
use crate::markdown::{self, Rendered};
use crate::output::{Contents, OutputFile};
use crate::theme::Theme;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::HashSet;

/// Every page of every edition rendered to HTML, indexed like `Site::editions[e].pages[p]`.
pub(crate) struct RenderedSite {
    pub editions: Vec<RenderedEdition>,
}

pub(crate) struct RenderedEdition {
    pub pages: Vec<Rendered>,
    pub note_html: String,
}

/// Renders the whole site into output files.
pub fn site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    let rendered = markdown_of_all_pages(site);
    check_links(site, &rendered).into_result()?;
    let timeline = history::compute(site);
    let mut files = pages::all(site, theme, &rendered, &timeline)?;
    files.extend(changes::all(site, theme, &rendered, &timeline)?);
    files.extend(feeds::site_pages(site, theme, &rendered)?);
    files.extend(static_and_assets(site, theme));
    if let Some(logo) = &site.config.logo {
        files.push(logo_file(site, logo)?);
    }
    Ok(files)
}

/// The logo from site.yaml, published as `static/logo.<ext>` for pages and leaflets.
fn logo_file(site: &Site, logo: &std::path::Path) -> Result<OutputFile> {
    let source = site.config.root.join(logo);
    if !source.is_file() {
        let shown = std::path::PathBuf::from(crate::config::FILE_NAME);
        let text = crate::fsx::read_to_string(&site.config.root.join(crate::config::FILE_NAME))?;
        let block = crate::yaml::YamlBlock {
            file: &shown,
            text: &text,
            lines_before: 0,
        };
        return Err(block
            .error_at_key(
                "logo",
                format!("the logo file {} does not exist", logo.display()),
            )
            .hint("give the logo's path relative to the site folder, e.g. `logo: images/logo.svg`")
            .into());
    }
    Ok(OutputFile {
        path: format!("static/{}", logo_file_name(logo)),
        contents: Contents::Copy(source),
    })
}

/// `grafik/Logo.SVG` → `logo.svg`.
pub(crate) fn logo_file_name(logo: &std::path::Path) -> String {
    let ext = logo
        .extension()
        .map_or_else(String::new, |e| e.to_string_lossy().to_lowercase());
    format!("logo.{ext}")
}

fn markdown_of_all_pages(site: &Site) -> RenderedSite {
    let editions = site
        .editions
        .par_iter()
        .map(|edition| RenderedEdition {
            pages: edition
                .pages
                .par_iter()
                .map(|page| {
                    markdown::render_page(edition, page, &site.config.display(&page.source))
                })
                .collect(),
            note_html: markdown::render_fragment(&edition.note),
        })
        .collect();
    RenderedSite { editions }
}

/// Broken links and anchors, of every page, as one list.
fn check_links(site: &Site, rendered: &RenderedSite) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for (edition, pages) in site.editions.iter().zip(&rendered.editions) {
        let anchors: Vec<HashSet<&str>> =
            pages.pages.iter().map(|r| element_ids(&r.html)).collect();
        for (page, result) in edition.pages.iter().zip(&pages.pages) {
            problems.extend(result.problems.iter().cloned());
            for link in &result.links {
                let Some(anchor) = &link.anchor else { continue };
                if !anchors[link.target].contains(anchor.as_str()) {
                    problems.push(broken_anchor(
                        site,
                        edition,
                        page,
                        link,
                        anchor,
                        &pages.pages[link.target],
                    ));
                }
            }
        }
    }
    problems
}

fn broken_anchor(
    site: &Site,
    edition: &Edition,
    page: &crate::content::Page,
    link: &markdown::InternalLink,
    anchor: &str,
    target: &Rendered,
) -> SourceError {
    let target_page = &edition.pages[link.target];
    let near = crate::diagnostic::suggest(anchor, target.headings.iter().map(|h| h.id.as_str()));
    let known: Vec<&str> = target.headings.iter().map(|h| h.id.as_str()).collect();
    let hint = match (near, known.is_empty()) {
        (Some(n), _) => format!("did you mean `#{n}`?"),
        (None, true) => format!("{} has no headings to link to", target_page.path),
        (None, false) => format!(
            "the headings of {} have the anchors {}",
            target_page.path,
            known.join(", ")
        ),
    };
    SourceError::new(
        site.config.display(&page.source),
        format!(
            "the anchor `#{anchor}` does not exist in {}",
            target_page.path
        ),
    )
    .at(link.position)
    .hint(hint)
}

/// Every `id="…"` in a piece of HTML: heading anchors, footnotes, and ids in raw HTML.
fn element_ids(html: &str) -> HashSet<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn static_and_assets(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = theme
        .statics
        .iter()
        .map(|(path, bytes)| OutputFile::bytes(format!("static/{path}"), bytes.clone()))
        .collect();
    for (index, edition) in site.editions.iter().enumerate() {
        for asset in &edition.assets {
            let copy = |path: String| OutputFile {
                path,
                contents: Contents::Copy(asset.source.clone()),
            };
            files.push(copy(format!("{}/{}", edition.id, asset.path)));
            if index == site.current {
                files.push(copy(asset.path.clone()));
            }
        }
    }
    files
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
