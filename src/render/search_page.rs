//! The search page: where the search box in every page's header sends its query (a plain GET
//! form, so the box works as a link without scripts). The page runs the search in the
//! reader's browser with the index the `search` stage builds; it needs no server.
//!
//! A portal has one search page for all its guidelines, with a choice of guideline beside
//! the choice of edition; both are fields of the form (`?q=…&guideline=…&edition=…`), so a
//! shared link repeats the search.

use super::frame::{layout, layout_in, Frame};
use super::view::Layout;
use super::Ctx;
use crate::content::{EditionStatus, Portal};
use crate::output::OutputFile;
use anyhow::Result;
use serde::Serialize;

/// The search page, or nothing with `search: false`.
pub(super) fn page(ctx: &Ctx<'_>) -> Result<Option<OutputFile>> {
    if !ctx.site.config.search {
        return Ok(None);
    }
    let a = ctx.addresses;
    let here = a.search_page();
    let t = &ctx.theme.strings;
    let title = format!(
        "{} – {}",
        t.get("search_title").map_or("", String::as_str),
        ctx.site.title()
    );
    let view = SearchView {
        layout: layout(ctx, &here, title, Some(a.absolute(&here)), true),
        guidelines: Vec::new(),
        editions: ctx
            .site
            .editions
            .iter()
            .rev()
            .map(|e| EditionChoice {
                id: e.id.0.clone(),
                label: e.label.clone(),
                status: e.status,
            })
            .collect(),
        current_edition: &ctx.site.current().id.0,
        script_href: here.href_to(&a.static_file("search.js")),
        pagefind_href: here.href_to(&a.search_file("pagefind.js")),
    };
    Ok(Some(OutputFile::generated(
        &here,
        "the search page",
        ctx.render("search.html", &view)?,
    )))
}

/// The search page of a portal: a choice of guideline beside the choice of edition, which
/// lists every guideline's editions under its title. Unless the reader picks one, it searches
/// the current edition of every guideline; the search box of a guideline's pages sends its
/// guideline along, so its readers search that guideline first and can widen the search.
pub(super) fn portal_page(frame: Frame<'_>, portal: &Portal) -> Result<Option<OutputFile>> {
    if !frame.config.search {
        return Ok(None);
    }
    let a = frame.addresses;
    let here = a.search_page();
    let t = &frame.theme.strings;
    let title = format!(
        "{} – {}",
        t.get("search_title").map_or("", String::as_str),
        frame.config.title
    );
    let theme = frame.theme;
    let guidelines = portal
        .guidelines
        .iter()
        .filter_map(|site| {
            let g = site.guideline.as_ref()?;
            Some(GuidelineChoice {
                id: &g.id.0,
                title: &g.title,
                editions: site
                    .editions
                    .iter()
                    .rev()
                    .map(|e| EditionChoice {
                        id: crate::search::edition_filter(site, e),
                        label: e.label.clone(),
                        status: e.status,
                    })
                    .collect(),
            })
        })
        .collect();
    let view = SearchView {
        script_href: here.href_to(&a.static_file("search.js")),
        pagefind_href: here.href_to(&a.search_file("pagefind.js")),
        layout: layout_in(frame, &here, title, Some(a.absolute(&here)), true),
        guidelines,
        editions: Vec::new(),
        current_edition: crate::search::CURRENT_EDITIONS,
    };
    Ok(Some(OutputFile::generated(
        &here,
        "the search page",
        theme.render("search.html", &view)?,
    )))
}

#[derive(Serialize)]
struct GuidelineChoice<'a> {
    id: &'a str,
    title: &'a str,
    editions: Vec<EditionChoice>,
}

#[derive(Serialize)]
struct SearchView<'a> {
    layout: Layout<'a>,
    /// In a portal: every guideline with its editions (and `editions` is empty).
    guidelines: Vec<GuidelineChoice<'a>>,
    /// Newest first, for the edition filter.
    editions: Vec<EditionChoice>,
    /// What the filter searches unless the reader picks another edition: the current
    /// edition's id, in a portal the value that stands for every current edition.
    current_edition: &'a str,
    script_href: String,
    /// The script that reads the search index (Pagefind's `pagefind.js`).
    pagefind_href: String,
}

#[derive(Serialize)]
struct EditionChoice {
    /// The value of the search index's edition filter.
    id: String,
    label: String,
    status: EditionStatus,
}
