//! Site-wide pages: the editions overview, the 404 page, `sitemap.xml` and the Atom feed.

use super::pages::layout;
use super::view::{self, EditionsView, FeedEntry, FeedView, NotFoundView, SitemapUrl, SitemapView};
use super::RenderedSite;
use crate::content::{EditionStatus, Site};
use crate::output::OutputFile;
use crate::theme::Theme;
use crate::urls;
use anyhow::Result;

pub(super) fn site_pages(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
) -> Result<Vec<OutputFile>> {
    Ok(vec![
        editions_overview(site, theme, rendered)?,
        not_found(site, theme)?,
        OutputFile::bytes("sitemap.xml", theme.render("sitemap.xml", &sitemap(site))?),
        OutputFile::bytes("atom.xml", theme.render("atom.xml", &feed(site, rendered))?),
    ])
}

fn editions_overview(site: &Site, theme: &Theme, rendered: &RenderedSite) -> Result<OutputFile> {
    let words = site.config.language.url_words();
    let dir = format!("{}/", words.editions);
    let title = format!(
        "{} – {}",
        theme
            .strings
            .get("editions_title")
            .map_or("", String::as_str),
        site.config.title
    );
    let canonical = Some(format!("{}{dir}", site.config.base_url));
    let editions = site
        .editions
        .iter()
        .zip(&rendered.editions)
        .rev()
        .map(|(e, r)| {
            view::edition_view(
                e,
                &r.note_html,
                site.config.language,
                urls::relative(&dir, &format!("{}/", e.id)),
                has_changes(site, e).then(|| {
                    urls::relative(
                        &dir,
                        &format!("{}/{}/", e.id, site.config.language.url_words().changes),
                    )
                }),
            )
        })
        .collect();
    let view = EditionsView {
        layout: layout(site, theme, &dir, title, canonical, false),
        editions,
    };
    Ok(OutputFile::bytes(
        format!("{dir}index.html"),
        theme.render("editions.html", &view)?,
    ))
}

/// Whether `edition` has a "what changed" page: it has a published edition before it.
fn has_changes(site: &Site, edition: &crate::content::Edition) -> bool {
    site.editions
        .iter()
        .position(|e| std::ptr::eq(e, edition))
        .and_then(|i| site.previous_published_index(i))
        .is_some()
}

/// The 404 page is served for any missing address, at any depth, so its links are absolute
/// paths from the site's base (taken from `base_url`) rather than relative ones.
fn not_found(site: &Site, theme: &Theme) -> Result<OutputFile> {
    let base_path = base_path(&site.config.base_url);
    let title = format!(
        "{} – {}",
        theme
            .strings
            .get("not_found_title")
            .map_or("", String::as_str),
        site.config.title
    );
    let mut layout = layout(site, theme, "", title, None, true);
    layout.root = base_path.clone();
    layout.home_href = base_path.clone();
    layout.editions_href = format!("{base_path}{}/", site.config.language.url_words().editions);
    layout.feed_href = format!("{base_path}atom.xml");
    Ok(OutputFile::bytes(
        "404.html",
        theme.render("404.html", &NotFoundView { layout })?,
    ))
}

/// `https://example.org/sider/` → `/sider/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string())
}

/// The addresses search engines should index: the current edition at the site root and the
/// editions overview. Archived editions are `noindex`, drafts are never listed.
fn sitemap(site: &Site) -> SitemapView {
    let base = &site.config.base_url;
    let current = site.current();
    let lastmod = current.published.to_string();
    let mut urls: Vec<SitemapUrl> = current
        .pages
        .iter()
        .map(|p| SitemapUrl {
            loc: format!("{base}{}", p.url),
            lastmod: lastmod.clone(),
        })
        .collect();
    if has_changes(site, current) {
        urls.push(SitemapUrl {
            loc: format!(
                "{base}{}/{}/",
                current.id,
                site.config.language.url_words().changes
            ),
            lastmod: lastmod.clone(),
        });
    }
    urls.push(SitemapUrl {
        loc: format!("{base}{}/", site.config.language.url_words().editions),
        lastmod,
    });
    SitemapView { urls }
}

/// One entry per published edition, newest first, carrying its change note and linking to
/// its "what changed" page.
fn feed<'a>(site: &'a Site, rendered: &RenderedSite) -> FeedView<'a> {
    let base = &site.config.base_url;
    let published = site
        .editions
        .iter()
        .zip(&rendered.editions)
        .filter(|(e, _)| e.status != EditionStatus::Draft);
    let entries: Vec<FeedEntry> = published
        .rev()
        .map(|(e, r)| FeedEntry {
            title: &e.label,
            // Readers of the feed want to know what is new: the "what changed" page says it.
            url: if has_changes(site, e) {
                format!(
                    "{base}{}/{}/",
                    e.id,
                    site.config.language.url_words().changes
                )
            } else {
                format!("{base}{}/", e.id)
            },
            id: format!("{base}{}/", e.id),
            updated: e.published.rfc3339(),
            content_html: r.note_html.clone(),
        })
        .collect();
    FeedView {
        lang: site.config.language.code(),
        title: &site.config.title,
        author: &site.config.organisation,
        id: base.clone(),
        self_url: format!("{base}atom.xml"),
        site_url: base.clone(),
        updated: entries
            .first()
            .map_or_else(|| site.current().published.rfc3339(), |e| e.updated.clone()),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://example.org/sider/"), "/sider/");
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
