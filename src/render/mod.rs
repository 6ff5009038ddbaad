//! Rendering: the site model and a theme in, the files of the built site out.
//!
//! Steps: compare editions (`history`) → Markdown of every page (in parallel; a build frees
//! each page's Markdown once rendered) → resolve every link (`links`; in a portal, links to
//! other guidelines through the [`PortalIndex`], `cross_links`) and check every anchor,
//! all problems at once → pages through the templates, once for every place they are
//! published (the edition folder, and the site root for the current edition; `here`) →
//! "what changed" pages → site-wide pages (editions overview, 404, sitemap, feed) → static
//! files and the files pages link to → redirects and notices at the root addresses of pages
//! that moved or were removed. Content pages go to a [`PageSink`] as they are made (a build's
//! fresh output folder, or memory); nothing else here writes to disk, and every path comes
//! from [`Addresses`].

mod changes;
mod cross_links;
mod feeds;
mod frame;
mod here;
mod history;
pub(crate) mod links;
mod lint;
pub(crate) mod moved;
mod pages;
mod patch;
pub(crate) mod portal;
mod redirects;
mod reuse;
mod search_page;
pub(crate) mod server_rules;
pub(crate) mod view;

pub use cross_links::{check_cross_anchors, PortalIndex};
pub use patch::{page_edit, PageEdit};
pub use portal::{front_page_with_pdfs, portal};
pub use reuse::Reuse;
pub use server_rules::Redirect;

use crate::address::{Addresses, Mount};
use crate::content::{Edition, Page, PageRef, Site};
use crate::diagnostic::{Diagnostics, SourceError};
use crate::markdown::{Heading, RawHtml, ReadText, Rendered};
use crate::output::{OutputFile, PageSink};
use crate::readability::{self, PageReport};
use crate::theme::Theme;
use crate::timings::{Stage, Timings};
use anyhow::Result;
use history::Timeline;
use links::{InternalLink, LinkedEdition};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

/// What rendering produced: the files, and what is worth a warning but does not stop a build.
pub struct Rendering {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<SourceError>,
    /// What the pages were rendered from, when the [`Reuse`] keeps work between builds
    /// (`serve`); a build drops it as soon as the pages are made.
    pub model: Option<Model>,
    /// What a portal's own pages need of the guideline (in a site of one guideline, its
    /// site-wide files are made from it already).
    pub summary: Summary,
    /// For checking the `#anchors` of links between guidelines once all are rendered.
    pub(crate) anchors: cross_links::Anchors,
    /// The readability findings about the pages of the editions being worked on, from the
    /// same parse the pages were rendered from; pages without findings are left out.
    pub readability: Vec<PageReport>,
}

/// What a guideline's rendering tells the portal around it.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// The addresses of the guideline for the sitemap.
    pub(crate) sitemap: Vec<view::SitemapUrl>,
    /// Every edition's change note as HTML, indexed like `site.editions`.
    pub(crate) notes_html: Vec<String>,
    /// Old addresses sent on to new ones.
    pub redirects: Vec<Redirect>,
}

/// What every page is rendered from besides the site and the theme: the linked text of
/// every page, the editions compared, and the site's colours and contact. `serve` keeps it
/// from the last good build, so that a save that changes only one page's text can show that
/// page before the whole site is built again ([`page_edit`]).
pub struct Model {
    /// Indexed like `site.editions`.
    pub(crate) text: Vec<EditionText>,
    pub(crate) timeline: Timeline,
    /// Indexed like `site.editions`: the anchors of the "what changed" page's sections.
    pub(crate) change_anchors: Vec<changes::SectionAnchors>,
    /// The site's colours and their shades, worked out once for every page's head.
    pub(crate) colors: view::ColorsView,
    /// `contact` from site.yaml as HTML, rendered once for every page's footer.
    pub(crate) contact_html: Option<String>,
    /// Per edition, the files beside the pages that some page links to.
    pub(crate) used_assets: Vec<BTreeSet<usize>>,
}

/// Everything the page renderers read, built once per build.
pub(crate) struct Ctx<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) addresses: &'a Addresses,
    pub(crate) reuse: &'a Reuse,
    /// Where content pages go as they are rendered.
    pub(crate) sink: PageSink<'a>,
    pub(crate) model: &'a Model,
    /// In a portal, the guideline's root (its current edition's front page).
    pub(crate) guideline_root: Option<crate::address::OutPath>,
}

/// An edition's pages as HTML, indexed like `Edition::pages`.
pub(crate) struct EditionText {
    pub(crate) pages: Vec<PageText>,
    pub(crate) note_html: String,
}

pub(crate) struct PageText {
    /// With every link pointing at its output address.
    pub(crate) html: String,
    pub(crate) headings: Vec<Heading>,
}

impl Ctx<'_> {
    /// `view` through the theme's `template`, or the same result from the last build when
    /// neither changed.
    pub(crate) fn render(&self, template: &str, view: &impl serde::Serialize) -> Result<String> {
        self.render_then(template, view, |html| html)
    }

    /// Like [`Ctx::render`], with `finish` applied to the result before it is kept; `finish`
    /// must depend on nothing but the HTML and the view.
    pub(crate) fn render_then(
        &self,
        template: &str,
        view: &impl serde::Serialize,
        finish: impl FnOnce(String) -> String,
    ) -> Result<String> {
        self.reuse
            .template(self.theme.fingerprint, template, view, || {
                self.theme.render(template, view).map(finish)
            })
    }

    pub(crate) fn edition_id(&self, e: usize) -> &str {
        &self.site.editions[e].id.0
    }

    /// Where a page of edition `e` stands under `mount`.
    pub(crate) fn page_address(
        &self,
        e: usize,
        page: &Page,
        mount: Mount,
    ) -> crate::address::OutPath {
        self.addresses.page(self.edition_id(e), &page.url, mount)
    }
}

/// Renders the whole site into output files; content pages go to `sink` as they are made.
///
/// Unless `reuse` keeps work from build to build (`serve`), each page's Markdown is freed as
/// soon as it is rendered (its `body` is left empty), so that a large site never holds its
/// Markdown and its HTML at once: at 10,000 pages that is 60 MB of the peak. Everything that
/// reads the Markdown runs before: the leaflets and the diffs between editions.
pub fn site(
    site: &mut Site,
    theme: &Theme,
    addresses: &Addresses,
    portal: &PortalIndex,
    reuse: &Reuse,
    sink: PageSink<'_>,
    timings: &mut Timings,
) -> Result<Rendering> {
    let timeline = timings.time(Stage::Diffs, || history::compute(site));
    let (mut markdown, readability) =
        timings.time(Stage::Markdown, || markdown_of_all_pages(site, reuse));
    let site: &Site = site; // only read from here on
    let links_started = Instant::now();
    let mut problems = Diagnostics::new();
    let linked: Vec<LinkedEdition> = site
        .editions
        .iter()
        .zip(&mut markdown)
        .enumerate()
        .map(|(e, (edition, (pages, _)))| {
            links::resolve_edition(
                edition,
                pages,
                addresses,
                portal.origin(site, e),
                |p| site.config.display(p),
                &mut problems,
            )
        })
        .collect();
    let notes: Vec<String> = site
        .editions
        .iter()
        .zip(&markdown)
        .enumerate()
        .map(|(e, (edition, (_, note)))| {
            let shown = site.config.display(&edition.dir.join("edition.yaml"));
            let origin = portal.origin(site, e);
            links::resolve_note(edition, note, addresses, origin, &shown, &mut problems)
        })
        .collect();
    check_anchors(site, &markdown, &linked, &mut problems);
    problems.extend(lint::duplicate_ids(site, &markdown));
    problems.into_result()?;
    let mut warnings = unused_assets(site, &linked);
    warnings.extend(lint::warnings(site, &markdown));
    let anchors = links::portal_anchors(&linked, addresses.in_portal());
    timings.add(Stage::Links, links_started.elapsed());
    let used_assets: Vec<_> = linked.iter().map(|l| l.used_assets.clone()).collect();
    let model = Model {
        used_assets,
        change_anchors: changes::section_anchors(site, &timeline),
        timeline,
        colors: frame::colors(site.config.colors),
        contact_html: site
            .config
            .contact
            .as_deref()
            .map(crate::markdown::render_fragment),
        text: markdown
            .into_iter()
            .zip(linked)
            .zip(notes)
            .map(|(((pages, _), linked), note_html)| EditionText {
                pages: pages
                    .into_iter()
                    .zip(linked.pages)
                    .map(|(rendered, page)| PageText {
                        html: page.html,
                        headings: rendered.headings,
                    })
                    .collect(),
                note_html,
            })
            .collect(),
    };
    let ctx = Ctx {
        site,
        theme,
        addresses,
        reuse,
        sink,
        model: &model,
        guideline_root: addresses.in_portal().then(|| addresses.site_root()),
    };
    let (files, redirects) = timings.time(Stage::Templates, || all_files(&ctx))?;
    let summary = Summary {
        // A site of one guideline wrote its sitemap already; a portal writes one for all.
        sitemap: if addresses.in_portal() {
            feeds::sitemap_urls(&ctx)
        } else {
            Vec::new()
        },
        notes_html: model.text.iter().map(|t| t.note_html.clone()).collect(),
        redirects,
    };
    Ok(Rendering {
        files,
        warnings,
        model: reuse.keeps_work().then_some(model),
        summary,
        anchors,
        readability,
    })
}

/// Every file of the website, once the text of every page is known, and the redirects
/// among them. One guideline of a portal leaves the site-wide files (404, sitemap, search
/// page, static files, redirect lists) to the portal.
fn all_files(ctx: &Ctx<'_>) -> Result<(Vec<OutputFile>, Vec<Redirect>)> {
    let used = &ctx.model.used_assets;
    let whole_site = !ctx.addresses.in_portal();
    let mut files = pages::all(ctx)?;
    files.extend(changes::all(ctx)?);
    files.extend(feeds::guideline_pages(ctx)?);
    if whole_site {
        files.extend(feeds::site_pages(ctx)?);
        files.extend(search_page::page(ctx)?);
        files.extend(shared_files(ctx.theme, ctx.addresses, &ctx.site.config));
    }
    files.extend(published_assets(ctx, used));
    let (moved, redirects) = redirects::all(ctx, &files, used)?;
    files.extend(moved);
    if whole_site {
        files.extend(server_rules::files(
            ctx.addresses,
            &ctx.site.config,
            &redirects,
        ));
    }
    Ok((files, redirects))
}

/// The theme's static files and the site's logos, shared by every page of the site.
pub(crate) fn shared_files(
    theme: &Theme,
    addresses: &Addresses,
    config: &crate::config::SiteConfig,
) -> Vec<OutputFile> {
    let mut files = static_files(theme, addresses);
    // The portal's own styles and scripts are published on portals only.
    if !addresses.in_portal() {
        files.retain(|f| !addresses.is_portal_static(&f.path));
    }
    if let Some(logo) = &config.logo {
        files.push(logo_file(config, addresses.logo(logo), logo));
    }
    if let Some(logo) = &config.logo_on_dark {
        files.push(logo_file(config, addresses.logo_on_dark(logo), logo));
    }
    files
}

/// The Markdown of every page and every change note, indexed like the site's editions, and
/// the readability findings about the pages of the editions being worked on, read from the
/// same parse (see [`crate::readability`]). Notes always show raw HTML as text; pages as
/// `markdown.raw_html` in site.yaml says. The pages' Markdown is freed once rendered unless
/// `reuse` keeps work (see [`site`]).
fn markdown_of_all_pages(
    site: &mut Site,
    reuse: &Reuse,
) -> (Vec<EditionMarkdown>, Vec<PageReport>) {
    let raw_html = site.config.raw_html;
    let keep = reuse.keeps_work();
    let rules = readability::Rules::of(&site.config);
    let config = &site.config;
    let (markdown, findings): (Vec<EditionMarkdown>, Vec<Vec<PageReport>>) = site
        .editions
        .par_iter_mut()
        .enumerate()
        .map(|(e, edition)| {
            let rules = rules
                .as_ref()
                .filter(|_| readability::judges(config, edition));
            let read = ReadText::when(rules.is_some());
            let (pages, findings): (Vec<Rendered>, Vec<Option<PageReport>>) = edition
                .pages
                .par_iter_mut()
                .enumerate()
                .map(|(p, page)| {
                    let mut rendered =
                        reuse.markdown(&page.body, page.body_line_offset, raw_html, read);
                    let at = PageRef {
                        edition: e,
                        page: p,
                    };
                    let findings = rules
                        .and_then(|rules| readability_of(rules, config, page, at, &mut rendered));
                    if !keep {
                        drop(std::mem::take(&mut page.body));
                    }
                    (rendered, findings)
                })
                .unzip();
            let mut note = reuse.markdown(
                &edition.note,
                edition.note_lines_before,
                RawHtml::Escape,
                ReadText::No,
            );
            for link in &mut note.links {
                link.position.column += edition.note_indent;
            }
            ((pages, note), findings.into_iter().flatten().collect())
        })
        .unzip();
    (markdown, findings.into_iter().flatten().collect())
}

/// The readability findings about `page` (at `at`), from the running text its rendering
/// read out, which is taken from `rendered`: the model keeps the HTML, not the text.
fn readability_of(
    rules: &readability::Rules,
    config: &crate::config::SiteConfig,
    page: &Page,
    at: PageRef,
    rendered: &mut Rendered,
) -> Option<PageReport> {
    let text = rendered.running_text.take()?;
    let findings = readability::page_findings_of(rules, config, page, &text);
    (!findings.is_empty()).then_some(PageReport { at, findings })
}

/// The rendered Markdown of an edition's pages and of its change note.
type EditionMarkdown = (Vec<Rendered>, Rendered);

/// Every `#anchor` of a link to another page names an id in that page.
fn check_anchors(
    site: &Site,
    markdown: &[(Vec<Rendered>, Rendered)],
    linked: &[LinkedEdition],
    problems: &mut Diagnostics,
) {
    for ((edition, (rendered, _)), linked) in site.editions.iter().zip(markdown).zip(linked) {
        // Only pages that a link points into with `#anchor` are searched for their ids.
        let targets: HashSet<usize> = linked
            .pages
            .iter()
            .flat_map(|p| &p.internal)
            .filter(|link| link.anchor.is_some())
            .map(|link| link.target)
            .collect();
        let anchors: std::collections::HashMap<usize, HashSet<&str>> = targets
            .into_par_iter()
            .map(|target| (target, links::element_ids(&linked.pages[target].html)))
            .collect();
        for (page, result) in edition.pages.iter().zip(&linked.pages) {
            for link in &result.internal {
                let Some(anchor) = &link.anchor else { continue };
                if !anchors
                    .get(&link.target)
                    .is_some_and(|ids| ids.contains(anchor.as_str()))
                {
                    problems.push(broken_anchor(
                        site,
                        edition,
                        page,
                        link,
                        anchor,
                        &rendered[link.target].headings,
                    ));
                }
            }
        }
    }
}

fn broken_anchor(
    site: &Site,
    edition: &Edition,
    page: &Page,
    link: &InternalLink,
    anchor: &str,
    headings: &[Heading],
) -> SourceError {
    let target_page = &edition.pages[link.target];
    let near = crate::diagnostic::suggest(anchor, headings.iter().map(|h| h.id.as_str()));
    let known: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
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

/// Files beside the pages that no page links to: not published, and worth a word.
fn unused_assets(site: &Site, linked: &[LinkedEdition]) -> Vec<SourceError> {
    let mut warnings = Vec::new();
    for (edition, linked) in site.editions.iter().zip(linked) {
        for (i, asset) in edition.assets.iter().enumerate() {
            if !linked.used_assets.contains(&i) {
                warnings.push(
                    SourceError::new(
                        site.config.display(&asset.source),
                        "no page links to this file, so it is not published",
                    )
                    .hint(
                        "link to it from a page, e.g. `![beskrivelse](billede.png)`, or remove it",
                    ),
                );
            }
        }
    }
    warnings
}

fn static_files(theme: &Theme, addresses: &Addresses) -> Vec<OutputFile> {
    theme
        .statics
        .iter()
        .map(|(path, bytes)| {
            OutputFile::generated(
                &addresses.static_file(path),
                format!("the file static/{path} of theme `{}`", theme.name),
                bytes.clone(),
            )
        })
        .collect()
}

/// The files pages link to, beside the pages in every mount of their edition.
fn published_assets(ctx: &Ctx<'_>, used: &[BTreeSet<usize>]) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (e, edition) in ctx.site.editions.iter().enumerate() {
        let mounts = ctx.site.mounts(e);
        for &i in &used[e] {
            let asset = &edition.assets[i];
            for &mount in mounts {
                files.push(OutputFile::copied(
                    ctx.addresses.asset(&edition.id.0, &asset.path, mount),
                    asset.source.clone(),
                    ctx.site.config.display(&asset.source),
                ));
            }
        }
    }
    files
}

/// A logo from site.yaml (checked while loading to be a file inside the site), published
/// under a fixed name for pages and leaflets.
fn logo_file(
    config: &crate::config::SiteConfig,
    to: crate::address::OutPath,
    logo: &std::path::Path,
) -> OutputFile {
    OutputFile::copied(to, config.root.join(logo), logo.to_path_buf())
}
