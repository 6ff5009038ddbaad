//! Site-wide pages: the editions overview, the 404 page, `sitemap.xml` and the Atom feed.

use super::frame::{layout, layout_in, Frame};
use super::here::FromServerRoot;
use super::view::{self, EditionsView, FeedEntry, FeedView, NotFoundView, SitemapUrl, SitemapView};
use super::Ctx;
use crate::address::Mount;
use crate::content::{EditionStatus, Site};
use crate::output::OutputFile;
use anyhow::Result;

/// The guideline's editions overview and Atom feed.
pub(super) fn guideline_pages(ctx: &Ctx<'_>) -> Result<Vec<OutputFile>> {
    Ok(vec![
        editions_overview(ctx)?,
        OutputFile::generated(
            &ctx.addresses.feed(),
            "the Atom feed",
            ctx.render("atom.xml", &feed(ctx))?,
        ),
    ])
}

/// The 404 page and the sitemap of a site of one guideline (a portal makes its own).
pub(super) fn site_pages(ctx: &Ctx<'_>) -> Result<Vec<OutputFile>> {
    let sitemap = SitemapView {
        urls: sitemap_urls(ctx),
    };
    Ok(vec![
        not_found(ctx)?,
        OutputFile::generated(
            &ctx.addresses.sitemap(),
            "the sitemap",
            ctx.render("sitemap.xml", &sitemap)?,
        ),
    ])
}

fn editions_overview(ctx: &Ctx<'_>) -> Result<OutputFile> {
    let site = ctx.site;
    let a = ctx.addresses;
    let here = a.editions_overview();
    let title = format!(
        "{} – {}",
        ctx.theme
            .strings
            .get("editions_title")
            .map_or("", String::as_str),
        site.title()
    );
    let canonical = Some(a.absolute(&here));
    let editions = site
        .editions
        .iter()
        .enumerate()
        .rev()
        .map(|(e, edition)| {
            view::edition_view(
                edition,
                &ctx.model.text[e].note_html,
                site.config.language,
                here.href_to(&a.edition_root(&edition.id.0, Mount::EditionFolder)),
                has_changes(site, e).then(|| here.href_to(&a.changes(&edition.id.0))),
            )
        })
        .collect();
    let view = EditionsView {
        layout: layout(ctx, &here, title, canonical, false),
        editions,
    };
    Ok(OutputFile::generated(
        &here,
        "the editions overview",
        ctx.render("editions.html", &view)?,
    ))
}

/// Whether edition `e` has a "what changed" page: it has a published edition before it.
fn has_changes(site: &Site, e: usize) -> bool {
    site.previous_published_index(e).is_some()
}

/// The 404 page is served for any missing address, at any depth, so its links are paths from
/// the web server's root (taken from `base_url`) rather than relative ones.
fn not_found(ctx: &Ctx<'_>) -> Result<OutputFile> {
    let html = not_found_page(ctx.frame(), |template, view| ctx.render(template, view))?;
    Ok(OutputFile::generated(
        &ctx.addresses.not_found(),
        "the 404 page",
        html,
    ))
}

/// The 404 page's HTML in `frame` (a site's, or a portal's), rendered by `render`.
pub(super) fn not_found_page(
    frame: Frame<'_>,
    render: impl FnOnce(&str, &NotFoundView<'_>) -> Result<String>,
) -> Result<String> {
    let a = frame.addresses;
    let title = format!(
        "{} – {}",
        frame
            .theme
            .strings
            .get("not_found_title")
            .map_or("", String::as_str),
        frame.config.title
    );
    let layout = layout_in(frame, &FromServerRoot(a), title, None, true);
    render("404.html", &NotFoundView { layout })
}

/// The addresses search engines should index: the current edition at the site root and the
/// editions overview. Archived editions are `noindex`, drafts are never listed.
pub(super) fn sitemap_urls(ctx: &Ctx<'_>) -> Vec<SitemapUrl> {
    let site = ctx.site;
    let a = ctx.addresses;
    let current = site.current();
    let lastmod = current.published.to_string();
    let mut urls: Vec<SitemapUrl> = current
        .pages
        .iter()
        .map(|p| SitemapUrl {
            loc: a.absolute(&ctx.page_address(site.current, p, Mount::SiteRoot)),
            lastmod: lastmod.clone(),
        })
        .collect();
    if has_changes(site, site.current) {
        urls.push(SitemapUrl {
            loc: a.absolute(&a.changes(&current.id.0)),
            lastmod: lastmod.clone(),
        });
    }
    urls.push(SitemapUrl {
        loc: a.absolute(&a.editions_overview()),
        lastmod,
    });
    urls
}

/// One entry per published edition, newest first, carrying its change note and linking to
/// its "what changed" page.
fn feed<'a>(ctx: &'a Ctx<'a>) -> FeedView<'a> {
    let site = ctx.site;
    let a = ctx.addresses;
    let entries: Vec<FeedEntry> = site
        .editions
        .iter()
        .enumerate()
        .filter(|(_, e)| e.status != EditionStatus::Draft)
        .rev()
        .map(|(i, e)| {
            let edition_url = a.absolute(&a.edition_root(&e.id.0, Mount::EditionFolder));
            FeedEntry {
                title: &e.label,
                guideline: None,
                // Readers of the feed want to know what is new: the "what changed" page says it.
                url: if has_changes(site, i) {
                    a.absolute(&a.changes(&e.id.0))
                } else {
                    edition_url.clone()
                },
                id: edition_url,
                updated: e.published.rfc3339(),
                content_html: ctx.model.text[i].note_html.clone(),
            }
        })
        .collect();
    FeedView {
        lang: site.config.language.code(),
        title: site.title(),
        author: &site.config.organisation,
        id: a.absolute(&a.site_root()),
        self_url: a.absolute(&a.feed()),
        site_url: a.absolute(&a.site_root()),
        updated: entries
            .first()
            .map_or_else(|| site.current().published.rfc3339(), |e| e.updated.clone()),
        entries,
    }
}
