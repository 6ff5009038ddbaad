//! A portal's own pages: everything site-wide once every guideline is rendered.
//!
//! Steps: the front page (every guideline by category, with its current edition, the date
//! it is in force from, its owner and links to its pages, leaflet and changes) → the page of
//! editions in force on any date → recent changes across guidelines → one Atom feed across
//! guidelines → the sitemap of every guideline → 404 and the search page → the theme's files
//! → the redirect lists of every guideline together. Each guideline's own pages come from
//! [`super::site`], run once per guideline with the guideline's address scheme.

use super::frame::{colors, layout_in, Frame};
use super::server_rules::{self, Redirect};
use super::view::{FeedEntry, FeedView, Layout, SitemapUrl, SitemapView};
use super::Summary;
use crate::address::{Addresses, Mount, OutPath, Print};
use crate::config::Language;
use crate::content::{Date, Edition, EditionStatus, Portal, Site};
use crate::output::OutputFile;
use crate::theme::Theme;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeSet;

/// The portal's own files; `summaries` are the guidelines' renderings, in the order of
/// `portal.guidelines`. The front page links no leaflet PDF: a build that publishes PDFs
/// makes it again with [`front_page_with_pdfs`].
pub fn portal(portal: &Portal, theme: &Theme, summaries: &[Summary]) -> Result<Vec<OutputFile>> {
    let parts = Parts::of(portal);
    let frame = || parts.frame(theme);
    let guidelines = listed(portal, summaries);
    let addresses = &parts.addresses;
    let a = &addresses;
    let mut files = vec![
        OutputFile::generated(
            &a.portal_front(),
            "the portal's front page",
            theme.render(
                "portal.html",
                &front_page(frame(), &guidelines, &BTreeSet::new()),
            )?,
        ),
        OutputFile::generated(
            &a.in_force(),
            "the page of editions in force on a date",
            theme.render("in_force.html", &in_force(frame(), &guidelines))?,
        ),
        OutputFile::generated(
            &a.recent_changes(),
            "the recent changes of every guideline",
            theme.render("recent.html", &recent(frame(), &guidelines))?,
        ),
        OutputFile::generated(
            &a.portal_feed(),
            "the portal's Atom feed",
            theme.render("atom.xml", &feed(portal, a, &guidelines))?,
        ),
        OutputFile::generated(
            &a.sitemap(),
            "the sitemap",
            theme.render("sitemap.xml", &sitemap(a, &guidelines))?,
        ),
        OutputFile::generated(
            &a.not_found(),
            "the 404 page",
            super::feeds::not_found_page(frame(), |t, v| theme.render(t, v))?,
        ),
    ];
    files.extend(super::search_page::portal_page(frame(), portal)?);
    files.extend(super::shared_files(theme, a, &portal.config));
    let redirects: Vec<Redirect> = summaries
        .iter()
        .flat_map(|s| s.redirects.iter().cloned())
        .collect();
    files.extend(server_rules::files(a, &portal.config, &redirects));
    Ok(files)
}

/// The front page again, linking the PDFs of the current editions whose leaflets this build
/// publishes (`with_pdfs`: their `Site::qualified_id`s).
pub fn front_page_with_pdfs(
    portal: &Portal,
    theme: &Theme,
    summaries: &[Summary],
    with_pdfs: &BTreeSet<String>,
) -> Result<OutputFile> {
    let parts = Parts::of(portal);
    let guidelines = listed(portal, summaries);
    Ok(OutputFile::generated(
        &parts.addresses.portal_front(),
        "the portal's front page",
        theme.render(
            "portal.html",
            &front_page(parts.frame(theme), &guidelines, with_pdfs),
        )?,
    ))
}

/// What the layout of the portal's own pages is made from, worked out once.
struct Parts<'a> {
    config: &'a crate::config::SiteConfig,
    addresses: Addresses,
    colors: super::view::ColorsView,
    contact_html: Option<String>,
}

impl<'a> Parts<'a> {
    fn of(portal: &'a Portal) -> Parts<'a> {
        let config = &portal.config;
        Parts {
            config,
            addresses: Addresses::portal(config),
            colors: colors(config.colors),
            contact_html: config
                .contact
                .as_deref()
                .map(crate::markdown::render_fragment),
        }
    }

    fn frame<'b>(&'b self, theme: &'b Theme) -> Frame<'b> {
        Frame {
            config: self.config,
            theme,
            addresses: &self.addresses,
            colors: &self.colors,
            contact_html: self.contact_html.as_deref(),
            guideline: None,
        }
    }
}

fn listed<'a>(portal: &'a Portal, summaries: &'a [Summary]) -> Vec<Listed<'a>> {
    portal
        .guidelines
        .iter()
        .zip(summaries)
        .map(|(site, summary)| Listed {
            site,
            addresses: Addresses::new(&site.config),
            summary,
        })
        .collect()
}

/// A guideline as the portal's pages list it.
struct Listed<'a> {
    site: &'a Site,
    addresses: Addresses,
    summary: &'a Summary,
}

impl Listed<'_> {
    fn id(&self) -> &str {
        self.site.guideline.as_ref().map_or("", |g| g.id.0.as_str())
    }

    /// The published editions, oldest first, with the day each stopped being in force.
    fn published(&self) -> impl Iterator<Item = (usize, &Edition, Option<Date>)> + '_ {
        let site = self.site;
        site.editions
            .iter()
            .enumerate()
            .filter(|(_, e)| e.status != EditionStatus::Draft)
            .map(move |(i, e)| {
                (
                    i,
                    e,
                    site.next_published(i).map(|n| n.published.day_before()),
                )
            })
    }
}

#[derive(Serialize)]
struct FrontView<'a> {
    layout: Layout<'a>,
    categories: Vec<CategoryView<'a>>,
    in_force_href: String,
    recent_href: String,
}

#[derive(Serialize)]
struct CategoryView<'a> {
    /// `None` for the guidelines without a category.
    title: Option<&'a str>,
    guidelines: Vec<GuidelineCard<'a>>,
}

#[derive(Serialize)]
struct GuidelineCard<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    owner: Option<&'a str>,
    href: String,
    current_label: &'a str,
    in_force_from: String,
    in_force_from_iso: String,
    pages: Vec<Link<'a>>,
    editions_href: String,
    changes_href: Option<String>,
    leaflet_href: Option<String>,
    /// The current leaflet's PDFs, trim size and for the print shop, when the build
    /// publishes them.
    pdf_hrefs: Option<[String; 2]>,
    feed_href: String,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    href: String,
}

fn front_page<'a>(
    frame: Frame<'a>,
    guidelines: &'a [Listed<'a>],
    with_pdfs: &BTreeSet<String>,
) -> FrontView<'a> {
    let here = frame.addresses.portal_front();
    let language = frame.config.language;
    let title = frame.config.title.clone();
    let canonical = Some(frame.addresses.absolute(&here));
    let in_force_href = here.href_to(&frame.addresses.in_force());
    let recent_href = here.href_to(&frame.addresses.recent_changes());
    let mut categories: Vec<CategoryView<'_>> = Vec::new();
    for listed in reading_order(guidelines) {
        let category = listed
            .site
            .guideline
            .as_ref()
            .and_then(|g| g.category.as_deref());
        let card = card(&here, listed, language, with_pdfs);
        match categories.last_mut() {
            Some(last) if last.title == category => last.guidelines.push(card),
            _ => categories.push(CategoryView {
                title: category,
                guidelines: vec![card],
            }),
        }
    }
    FrontView {
        layout: layout_in(frame, &here, title, canonical, false),
        categories,
        in_force_href,
        recent_href,
    }
}

/// "Gældende på dato – <portal>": the interface string `key` and the portal's title.
fn titled(frame: &Frame<'_>, key: &str) -> String {
    let words = frame.theme.strings.get(key).map_or("", String::as_str);
    format!("{words} – {}", frame.config.title)
}

/// The guidelines as the front page lists them: by category (those without one last), then
/// by `weight`, then by title; the in-force page keeps the same order.
fn reading_order<'a>(guidelines: &'a [Listed<'a>]) -> Vec<&'a Listed<'a>> {
    let mut sorted: Vec<&Listed<'_>> = guidelines.iter().collect();
    sorted.sort_by_cached_key(|l| {
        let g = l.site.guideline.as_ref();
        let category = g.and_then(|g| g.category.clone());
        (
            category.is_none(),
            category,
            g.map_or(0, |g| g.weight),
            l.site.title().to_lowercase(),
        )
    });
    sorted
}

fn card<'a>(
    here: &OutPath,
    listed: &'a Listed<'a>,
    language: Language,
    with_pdfs: &BTreeSet<String>,
) -> GuidelineCard<'a> {
    let site = listed.site;
    let a = &listed.addresses;
    let current = site.current();
    let g = site.guideline.as_ref();
    GuidelineCard {
        id: listed.id(),
        title: site.title(),
        summary: g.and_then(|g| g.summary.as_deref()),
        owner: g.and_then(|g| g.owner.as_deref()),
        href: here.href_to(&a.site_root()),
        current_label: &current.label,
        in_force_from: current.published.long(language),
        in_force_from_iso: current.published.to_string(),
        pages: current
            .pages
            .iter()
            .skip(1)
            .filter(|p| !p.url.trim_end_matches('/').contains('/'))
            .map(|p| Link {
                title: &p.title,
                href: here.href_to(&a.page(&current.id.0, &p.url, Mount::SiteRoot)),
            })
            .collect(),
        editions_href: here.href_to(&a.editions_overview()),
        changes_href: site
            .previous_published_index(site.current)
            .map(|_| here.href_to(&a.changes(&current.id.0))),
        leaflet_href: current
            .leaflet
            .as_ref()
            .map(|_| here.href_to(&a.leaflet_html(&current.id.0, Print::Trim))),
        pdf_hrefs: with_pdfs.contains(&site.qualified_id(current)).then(|| {
            [Print::Trim, Print::Bleed]
                .map(|print| here.href_to(&a.leaflet_pdf(&current.id.0, print)))
        }),
        feed_href: here.href_to(&a.feed()),
    }
}

#[derive(Serialize)]
struct InForceView<'a> {
    layout: Layout<'a>,
    guidelines: Vec<InForceGuideline<'a>>,
    /// The first and last day any edition is in force from, for the date picker's range.
    first_date: String,
}

#[derive(Serialize)]
struct InForceGuideline<'a> {
    id: &'a str,
    title: &'a str,
    href: String,
    /// Newest first.
    editions: Vec<InForceEdition<'a>>,
}

#[derive(Serialize)]
struct InForceEdition<'a> {
    label: &'a str,
    href: String,
    status: EditionStatus,
    from: String,
    from_iso: String,
    /// The last day it was in force; `None` while it is.
    until: Option<String>,
    until_iso: Option<String>,
}

/// Which edition of every guideline was in force on a date: a table of date ranges that
/// needs no script, and a date field that picks out the editions of one day with it.
fn in_force<'a>(frame: Frame<'a>, guidelines: &'a [Listed<'a>]) -> InForceView<'a> {
    let a = frame.addresses;
    let here = a.in_force();
    let language = frame.config.language;
    let title = titled(&frame, "in_force_title");
    let canonical = Some(a.absolute(&here));
    let first_date = guidelines
        .iter()
        .flat_map(|l| l.published().map(|(_, e, _)| e.published))
        .min()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let guidelines = reading_order(guidelines)
        .into_iter()
        .map(|l| InForceGuideline {
            id: l.id(),
            title: l.site.title(),
            href: here.href_to(&l.addresses.site_root()),
            editions: l
                .published()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .map(|(_, e, until)| InForceEdition {
                    label: &e.label,
                    href: here.href_to(&l.addresses.edition_root(&e.id.0, Mount::EditionFolder)),
                    status: e.status,
                    from: e.published.long(language),
                    from_iso: e.published.to_string(),
                    until: until.map(|d| d.long(language)),
                    until_iso: until.map(|d| d.to_string()),
                })
                .collect(),
        })
        .collect();
    InForceView {
        layout: layout_in(frame, &here, title, canonical, false),
        guidelines,
        first_date,
    }
}

#[derive(Serialize)]
struct RecentView<'a> {
    layout: Layout<'a>,
    entries: Vec<RecentEntry<'a>>,
}

#[derive(Serialize)]
struct RecentEntry<'a> {
    guideline: &'a str,
    guideline_href: String,
    label: &'a str,
    href: String,
    published: String,
    published_iso: String,
    status: EditionStatus,
    note_html: &'a str,
    changes_href: Option<String>,
}

/// Every published edition of every guideline, newest first (then by guideline).
fn newest_first<'a>(guidelines: &'a [Listed<'a>]) -> Vec<(&'a Listed<'a>, usize, &'a Edition)> {
    let mut all: Vec<_> = guidelines
        .iter()
        .flat_map(|l| l.published().map(move |(i, e, _)| (l, i, e)))
        .collect();
    all.sort_by(|x, y| (y.2.published, x.0.id(), &x.2.id).cmp(&(x.2.published, y.0.id(), &y.2.id)));
    all
}

fn recent<'a>(frame: Frame<'a>, guidelines: &'a [Listed<'a>]) -> RecentView<'a> {
    let a = frame.addresses;
    let here = a.recent_changes();
    let language = frame.config.language;
    let title = titled(&frame, "recent_title");
    let canonical = Some(a.absolute(&here));
    let entries = newest_first(guidelines)
        .into_iter()
        .map(|(l, i, e)| RecentEntry {
            guideline: l.site.title(),
            guideline_href: here.href_to(&l.addresses.site_root()),
            label: &e.label,
            href: here.href_to(&l.addresses.edition_root(&e.id.0, Mount::EditionFolder)),
            published: e.published.long(language),
            published_iso: e.published.to_string(),
            status: e.status,
            note_html: l.summary.notes_html.get(i).map_or("", String::as_str),
            changes_href: l
                .site
                .previous_published_index(i)
                .map(|_| here.href_to(&l.addresses.changes(&e.id.0))),
        })
        .collect();
    RecentView {
        layout: layout_in(frame, &here, title, canonical, false),
        entries,
    }
}

/// One entry per published edition of every guideline, newest first.
fn feed<'a>(portal: &'a Portal, a: &Addresses, guidelines: &'a [Listed<'a>]) -> FeedView<'a> {
    let entries: Vec<FeedEntry<'a>> = newest_first(guidelines)
        .into_iter()
        .map(|(l, i, e)| {
            let ga = &l.addresses;
            let edition_url = ga.absolute(&ga.edition_root(&e.id.0, Mount::EditionFolder));
            FeedEntry {
                title: &e.label,
                guideline: Some(l.site.title()),
                url: match l.site.previous_published_index(i) {
                    Some(_) => ga.absolute(&ga.changes(&e.id.0)),
                    None => edition_url.clone(),
                },
                id: edition_url,
                updated: e.published.rfc3339(),
                content_html: l.summary.notes_html.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect();
    FeedView {
        lang: portal.config.language.code(),
        title: &portal.config.title,
        author: &portal.config.organisation,
        id: a.absolute(&a.portal_front()),
        self_url: a.absolute(&a.portal_feed()),
        site_url: a.absolute(&a.portal_front()),
        updated: entries
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()),
        entries,
    }
}

/// The portal's own pages and every guideline's addresses for search engines.
fn sitemap(a: &Addresses, guidelines: &[Listed<'_>]) -> SitemapView {
    let newest = guidelines
        .iter()
        .map(|l| l.site.current().published)
        .max()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut urls: Vec<SitemapUrl> = [a.portal_front(), a.in_force(), a.recent_changes()]
        .iter()
        .map(|p| SitemapUrl {
            loc: a.absolute(p),
            lastmod: newest.clone(),
        })
        .collect();
    urls.extend(
        guidelines
            .iter()
            .flat_map(|l| l.summary.sitemap.iter().cloned()),
    );
    SitemapView { urls }
}
