//! The search page: where the search box in every page's header sends its query (a plain GET
//! form, so the box works as a link without scripts). The page runs the search in the
//! reader's browser with the index the `search` stage builds; it needs no server.

use super::frame::layout;
use super::view::Layout;
use super::Ctx;
use crate::content::EditionStatus;
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
        ctx.site.config.title
    );
    let view = SearchView {
        layout: layout(ctx, &here, title, Some(a.absolute(&here)), true),
        editions: ctx
            .site
            .editions
            .iter()
            .rev()
            .map(|e| EditionChoice {
                id: &e.id.0,
                label: &e.label,
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

#[derive(Serialize)]
struct SearchView<'a> {
    layout: Layout<'a>,
    /// Newest first, for the edition filter.
    editions: Vec<EditionChoice<'a>>,
    /// What the filter searches unless the reader picks another edition.
    current_edition: &'a str,
    script_href: String,
    /// The script that reads the search index (Pagefind's `pagefind.js`).
    pagefind_href: String,
}

#[derive(Serialize)]
struct EditionChoice<'a> {
    id: &'a str,
    label: &'a str,
    status: EditionStatus,
}
