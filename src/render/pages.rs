//! Content pages through the `page.html` template, with navigation, edition switcher and the
//! notice on pages of archived editions and drafts.
//!
//! The current edition is published twice: in its edition folder (a permanent address) and
//! at the site root (the address readers are given). The Markdown HTML is the same in both
//! places because links inside an edition are relative; only the layout around it differs.

use super::changes::{changes_dir, page_anchor};
use super::history::Timeline;
use super::view::{self, Banner, HistoryEntry, Layout, NavLink, PageHistory, PageView, SwitchLink};
use super::RenderedSite;
use crate::content::{Edition, EditionStatus, Page, Site};
use crate::output::OutputFile;
use crate::theme::Theme;
use crate::urls;
use anyhow::{Context, Result};
use rayon::prelude::*;

/// Above this many pages, an edition's pages get previous/next links instead of a full list
/// in every page's navigation: a full list on each of 10,000 pages would grow the site with
/// the square of its size. The front page always lists every page.
const FULL_NAV_LIMIT: usize = 60;

/// Where a copy of an edition is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mount {
    EditionFolder,
    SiteRoot,
}

/// The folder of `page` of `edition` in the output, relative to the site root.
pub(super) fn page_dir(edition: &Edition, page: &Page, mount: Mount) -> String {
    match mount {
        Mount::EditionFolder => format!("{}/{}", edition.id, page.url),
        Mount::SiteRoot => page.url.clone(),
    }
}

pub(super) fn all(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
    timeline: &Timeline,
) -> Result<Vec<OutputFile>> {
    let mut jobs = Vec::new();
    for (e, edition) in site.editions.iter().enumerate() {
        for p in 0..edition.pages.len() {
            jobs.push((e, p, Mount::EditionFolder));
            if e == site.current {
                jobs.push((e, p, Mount::SiteRoot));
            }
        }
    }
    jobs.par_iter()
        .map(|&(e, p, mount)| {
            let edition = &site.editions[e];
            let page = &edition.pages[p];
            let dir = page_dir(edition, page, mount);
            let html =
                render_page(site, theme, rendered, timeline, e, p, &dir).with_context(|| {
                    format!(
                        "while rendering {}",
                        site.config.display(&page.source).display()
                    )
                })?;
            Ok(OutputFile::bytes(format!("{dir}index.html"), html))
        })
        .collect()
}

fn render_page(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
    timeline: &Timeline,
    e: usize,
    p: usize,
    dir: &str,
) -> Result<String> {
    let edition = &site.editions[e];
    let page = &edition.pages[p];
    let result = &rendered.editions[e].pages[p];
    let language = site.config.language;
    let edition_root = urls::relative(dir, &join(edition_base(site, e, dir), ""));
    let view = PageView {
        layout: layout(
            site,
            theme,
            dir,
            page_title(site, edition, page),
            canonical(site, edition, page),
            edition.status != EditionStatus::Current,
        ),
        edition: view::edition_view(
            edition,
            &rendered.editions[e].note_html,
            language,
            edition_root,
            timeline.editions[e]
                .against
                .map(|_| urls::relative(dir, &changes_dir(site, e))),
        ),
        title: &page.title,
        summary: page.summary.as_deref(),
        content: &result.html,
        is_front_page: p == 0,
        toc: result.headings.iter().filter(|h| h.level == 2).collect(),
        nav: navigation(edition, p, dir, edition_base(site, e, dir)),
        switcher: switcher(site, e, page, dir),
        banner: banner_for(site, e, Some(page), dir),
        history: history(site, rendered, timeline, (e, p), dir),
        leaflet_href: edition
            .leaflet
            .as_ref()
            .map(|_| urls::relative(dir, &crate::leaflet::leaflet_dir(site, edition))),
    };
    theme.render("page.html", &view)
}

/// When the page's text last changed and the editions in which it did, each linked to the
/// page's changes on that edition's "what changed" page.
fn history<'a>(
    site: &'a Site,
    rendered: &'a RenderedSite,
    timeline: &Timeline,
    page: (usize, usize),
    dir: &str,
) -> PageHistory<'a> {
    let language = site.config.language;
    let (last_e, _) = timeline.page(page).last_change;
    let last = &site.editions[last_e];
    let entries = timeline
        .history(page)
        .into_iter()
        .map(|(e, p)| {
            let edition = &site.editions[e];
            let shown = &edition.pages[p];
            let is_diff = !timeline.page((e, p)).is_new();
            let page_href = urls::relative(dir, &format!("{}/{}", edition.id, shown.url));
            let href = if is_diff {
                let target = urls::relative(dir, &changes_dir(site, e));
                format!("{target}#{}", page_anchor(shown))
            } else {
                page_href.clone()
            };
            HistoryEntry {
                label: &edition.label,
                published: view::long_date(edition.published, language),
                published_iso: edition.published.to_string(),
                note_html: &rendered.editions[e].note_html,
                page_href,
                href,
                is_diff,
            }
        })
        .collect();
    PageHistory {
        last_changed: view::long_date(last.published, language),
        last_changed_iso: last.published.to_string(),
        entries,
    }
}

/// The folder (relative to the site root, without trailing slash, `""` for the root) that
/// holds the edition in which `dir` lies.
fn edition_base<'a>(site: &'a Site, e: usize, dir: &str) -> &'a str {
    let id = site.editions[e].id.0.as_str();
    if dir.starts_with(&format!("{id}/")) {
        id
    } else {
        ""
    }
}

pub(super) fn layout<'a>(
    site: &'a Site,
    theme: &'a Theme,
    dir: &str,
    title: String,
    canonical: Option<String>,
    noindex: bool,
) -> Layout<'a> {
    let words = site.config.language.url_words();
    Layout {
        lang: site.config.language.code(),
        site_title: &site.config.title,
        organisation: &site.config.organisation,
        t: &theme.strings,
        root: "../".repeat(dir.matches('/').count()),
        title,
        canonical,
        noindex,
        home_href: urls::relative(dir, ""),
        editions_href: urls::relative(dir, &format!("{}/", words.editions)),
        feed_href: urls::relative(dir, "atom.xml"),
    }
}

fn page_title(site: &Site, edition: &Edition, page: &Page) -> String {
    let site_title = &site.config.title;
    let mut title = if &page.title == site_title {
        site_title.clone()
    } else {
        format!("{} – {site_title}", page.title)
    };
    if edition.status != EditionStatus::Current {
        title = format!("{title} ({})", edition.label);
    }
    title
}

/// Pages of the current edition point search engines at the site root; archived pages at
/// themselves (they are permanent); drafts at nothing.
fn canonical(site: &Site, edition: &Edition, page: &Page) -> Option<String> {
    let base = &site.config.base_url;
    match edition.status {
        EditionStatus::Current => Some(format!("{base}{}", page.url)),
        EditionStatus::Archived => Some(format!("{base}{}/{}", edition.id, page.url)),
        EditionStatus::Draft => None,
    }
}

fn navigation<'a>(edition: &'a Edition, p: usize, dir: &str, base: &str) -> Vec<NavLink<'a>> {
    let link = |i: usize| {
        let page = &edition.pages[i];
        NavLink {
            title: &page.title,
            summary: page.summary.as_deref(),
            href: urls::relative(dir, &join(base, &page.url)),
            current: i == p,
        }
    };
    if edition.pages.len() <= FULL_NAV_LIMIT || p == 0 {
        (0..edition.pages.len()).map(link).collect()
    } else {
        [0, p.saturating_sub(1), p, p + 1]
            .into_iter()
            .filter(|&i| i < edition.pages.len())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(link)
            .collect()
    }
}

fn join(base: &str, url: &str) -> String {
    if base.is_empty() {
        url.to_string()
    } else {
        format!("{base}/{url}")
    }
}

/// The same page (by id) in every edition of the build, or that edition's front page.
fn switcher<'a>(site: &'a Site, e: usize, page: &Page, dir: &str) -> Vec<SwitchLink<'a>> {
    site.editions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, other)| {
            let target = other.page_by_id(&page.id);
            let url = target.map_or("", |t| t.url.as_str());
            // The current edition is linked at the site root, the address readers share.
            let folder = if other.status == EditionStatus::Current {
                String::new()
            } else {
                format!("{}/", other.id)
            };
            SwitchLink {
                label: &other.label,
                published: view::long_date(other.published, site.config.language),
                status: view::status_name(other.status),
                href: urls::relative(dir, &format!("{folder}{url}")),
                current: i == e,
                same_page: target.is_some(),
            }
        })
        .collect()
}

/// The notice on pages of archived editions and drafts; `page` is the page shown, to link
/// the same page in the current edition (else its front page).
pub(super) fn banner_for<'a>(
    site: &'a Site,
    e: usize,
    page: Option<&Page>,
    dir: &str,
) -> Option<Banner<'a>> {
    let edition = &site.editions[e];
    let kind = match edition.status {
        EditionStatus::Current => return None,
        EditionStatus::Archived => "archived",
        EditionStatus::Draft => "draft",
    };
    let language = site.config.language;
    let current = site.current();
    let target = page.and_then(|page| current.page_by_id(&page.id));
    Some(Banner {
        kind,
        current_label: &current.label,
        current_href: urls::relative(dir, target.map_or("", |t| t.url.as_str())),
        same_page: target.is_some(),
        valid_from: view::long_date(edition.published, language),
        valid_until: site
            .next_published(e)
            .map(|next| view::long_date(next.published, language)),
    })
}
