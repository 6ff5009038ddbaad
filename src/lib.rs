//! pjece turns Markdown guideline editions into a versioned static website and a print-ready
//! tri-fold leaflet.
//!
//! The build is a pipeline of plain data, one module per stage:
//!
//! ```text
//! site.yaml ─▶ config::load ─▶ SiteConfig
//! content/  ─▶ content::load_portal ─▶ Portal { guidelines: [Site { editions: [Edition {
//!                                       pages, assets, leaflet plan }] }] }
//!                                       (one Site for a site of one guideline)
//! themes/   ─▶ theme::load ─▶ Theme (Tera templates, static files, interface strings)
//! (Site, Theme, Addresses) ─▶ leaflet::render ─▶ Vec<LeafletOutput> (pages + PDF cache keys)
//! Portal ─▶ render::PortalIndex (what a link to another guideline finds)
//! (Site, Theme, PortalIndex) ─▶ render::site ─▶ Vec<OutputFile>  (per guideline; pages in
//!                                                     parallel, each written into the fresh
//!                                                     output folder as it is made; a build
//!                                                     frees each page's Markdown), and the
//!                                                     readability findings of each page,
//!                                                     from the parse it is rendered from
//! (Portal, summaries) ─▶ render::portal ─▶ Vec<OutputFile>  (front page, in force on a date,
//!                                                     recent changes, feed, sitemap, search
//!                                                     page, redirects: a portal's own files)
//! (files, addresses.txt) ─▶ ledger::settle ─▶ pages and files at old addresses, or every
//!                           address that no longer answers as one list of problems
//! (Site, fresh folder) ─▶ search::index_folder ─▶ Vec<OutputFile>  (the Pagefind index, pagefind/…)
//! Vec<OutputFile> ─▶ output::Staging ─▶ public/      (the rest written, then an atomic swap)
//! written leaflets ─▶ leaflet::measure_and_print ─▶ fit check + PDFs   (the only browser;
//!                    leaflets whose PDFs are in the cache are not opened at all)
//! published addresses ─▶ ledger::record ─▶ addresses.txt   (`build` without `--drafts`)
//! ```
//! Beside the build, the commands that write sources: `init`, `edition new|publish`
//! (`edition_cmd`), `guideline new` (`guideline_cmd`) and `import` (a Word .docx ─▶
//! `import` ─▶ a new edition folder in content/), each written whole or not at all.
//! `check` runs the same pipeline in memory, writes the leaflet pages and what they load to a
//! temporary folder and measures them there; `serve` runs it in memory after every save and
//! answers requests from the result.
//! Every stage returns its result or an error that names the file, line and column.

pub mod address;
pub mod budget;
pub mod chromium;
pub mod cli;
pub mod config;
pub mod content;
pub mod contrast;
pub mod diagnostic;
pub(crate) mod diff;
pub(crate) mod edit;
pub mod edition_cmd;
pub mod fsx;
/// Entry points for the fuzz targets in `fuzz/`; not part of pjece's interface.
#[doc(hidden)]
pub mod fuzzing;
pub mod guideline_cmd;
pub mod import;
pub mod init;
pub mod interrupt;
pub mod leaflet;
pub mod ledger;
pub mod markdown;
pub mod output;
pub mod pause;
pub mod readability;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod timings;
pub mod urls;
pub mod yaml;

/// The unit tests count allocations as `pjece` does (see `main.rs` and [`budget`]).
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: budget::Counting<std::alloc::System> = budget::Counting(std::alloc::System);

use anyhow::{Context, Result};
use std::path::PathBuf;
use timings::{Stage, Timings};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml`).
    pub root: PathBuf,
    /// The output folder; `<root>/public` unless given.
    pub out: PathBuf,
    pub drafts: bool,
    /// Print every leaflet to PDF with Chromium (and check that its text fits).
    pub pdf: bool,
}

/// A summary of a finished build, for the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub editions: usize,
    pub pages: usize,
    pub files: usize,
    pub leaflets: usize,
    /// The PDFs published, in the output folder.
    pub pdfs: Vec<PathBuf>,
    /// How many of them were printed by this build, and how many came from the PDF cache.
    pub pdfs_printed: usize,
    pub pdfs_reused: usize,
    /// Every path written into the output folder, relative to it; each was made by
    /// [`address`], the one module that says where things go.
    pub written: Vec<address::OutPath>,
    /// Problems that do not stop a build (files no page links to).
    pub warnings: Vec<diagnostic::SourceError>,
    /// Advice that never fails a build, not even `check --strict` (a plainer word, LIX
    /// 41–44; see [`readability`]).
    pub notes: Vec<diagnostic::SourceError>,
    /// Where the build's time went.
    pub timings: Timings,
    /// The print shop's check of each print PDF this build printed (shown in Danish).
    pub print_preflight: Vec<leaflet::Preflight>,
    /// Why the print PDFs are not PDF/X-4, when Ghostscript is missing or too old.
    pub print_note: Option<String>,
}

/// The site in memory: everything `build` and `check` share before anything is written.
struct Built {
    portal: content::Portal,
    theme: theme::Theme,
    /// The address scheme of each guideline, indexed like `portal.guidelines`.
    addresses: Vec<address::Addresses>,
    /// The website's files and the leaflet pages (without links to PDFs).
    files: output::SiteFiles,
    leaflets: Vec<leaflet::LeafletOutput>,
    warnings: Vec<diagnostic::SourceError>,
    notes: Vec<diagnostic::SourceError>,
    /// The readability findings of each guideline's pages (indexed like
    /// `portal.guidelines`), for `serve` to show over each page.
    readability: Vec<Vec<readability::PageReport>>,
    /// What the pages were rendered from, kept when `reuse` keeps work (`serve`), for a site
    /// of one guideline.
    model: Option<render::Model>,
    /// The old root addresses every guideline sends on, for the address ledger.
    redirects: Vec<render::Redirect>,
    /// What each guideline's rendering told the portal, for pages made again later.
    summaries: Vec<render::Summary>,
}

impl Built {
    /// The scheme of the site's own files (the portal's, or the one guideline's).
    fn site_addresses(&self) -> address::Addresses {
        if self.portal.is_portal() {
            address::Addresses::portal(&self.portal.config)
        } else {
            self.addresses[0].clone()
        }
    }
}

fn load_and_render(
    root: &std::path::Path,
    drafts: bool,
    reuse: &render::Reuse,
    sink: output::PageSink<'_>,
    timings: &mut Timings,
) -> Result<Built> {
    load_and_render_with(root, drafts, reuse, sink, timings, None)
}

/// [`load_and_render`] with a page's `unsaved` text in place of its file's: the preview of
/// `serve`'s editor, the whole site built in memory as it would be once the text is saved.
fn load_and_render_with(
    root: &std::path::Path,
    drafts: bool,
    reuse: &render::Reuse,
    sink: output::PageSink<'_>,
    timings: &mut Timings,
    unsaved: Option<&content::Unsaved>,
) -> Result<Built> {
    let (mut portal, theme) = timings.time(Stage::Load, || -> Result<_> {
        let config = config::load(root)?;
        let mut portal = content::load_portal(config, drafts)?;
        if let Some(unsaved) = unsaved {
            if let Err(errors) = portal.put_unsaved(unsaved) {
                let mut list = diagnostic::Diagnostics::new();
                list.extend(errors);
                list.into_result()?;
            }
        }
        let theme = theme::load(&portal.config)?;
        Ok((portal, theme))
    })?;
    let addresses: Vec<address::Addresses> = portal
        .guidelines
        .iter()
        .map(|site| address::Addresses::new(&site.config))
        .collect();
    // The website and the leaflets are rendered apart; the problems of both are one list. The
    // leaflets first: rendering the website frees the pages' Markdown in a build.
    let leaflets = timings.time(Stage::Leaflets, || -> Result<Vec<_>> {
        use rayon::prelude::*;
        let all = portal
            .guidelines
            .par_iter()
            .zip(&addresses)
            .map(|(site, a)| leaflet::render(site, &theme, a))
            .collect();
        diagnostic::all(all).map(|l| l.into_iter().flatten().collect())
    });
    let in_portal = portal.is_portal();
    // Made before the guidelines are rendered (which frees their Markdown): what a link to
    // another guideline finds.
    let index = render::PortalIndex::of(&portal, &addresses);
    let mut renderings = Vec::new();
    for (site, a) in portal.guidelines.iter_mut().zip(&addresses) {
        renderings.push(render::site(site, &theme, a, &index, reuse, sink, timings));
    }
    let website = diagnostic::all(renderings);
    let (renderings, leaflets) = diagnostic::both(website, leaflets)?;
    render::check_cross_anchors(&index, &renderings)?;
    let summaries: Vec<render::Summary> = renderings.iter().map(|r| r.summary.clone()).collect();
    let redirects = summaries.iter().flat_map(|s| s.redirects.clone()).collect();
    let mut warnings = Vec::new();
    let mut model = None;
    let mut files = Vec::new();
    let mut readability = Vec::new();
    let mut said = std::collections::HashSet::new();
    for rendering in renderings {
        readability.push(rendering.readability);
        // A warning about site.yaml comes from every guideline of a portal: say it once.
        warnings.extend(
            rendering
                .warnings
                .into_iter()
                .filter(|w| said.insert(w.to_string())),
        );
        model = rendering.model;
        files.extend(rendering.files);
    }
    let (more, notes) = readability_findings(&readability, &leaflets);
    warnings.extend(more);
    // Stand-in addresses are worth a warning until something would carry them for good.
    warnings.extend(portal.config.placeholders.iter().cloned());
    if in_portal {
        model = None;
        files.extend(timings.time(Stage::Templates, || {
            render::portal(&portal, &theme, &summaries)
        })?);
    }
    // The leaflet pages without PDF links; a build that publishes PDFs links them.
    let files = output::SiteFiles::assemble(
        files
            .into_iter()
            .chain(leaflets.iter().flat_map(|l| l.pages(false))),
    )?;
    Ok(Built {
        portal,
        theme,
        addresses,
        files,
        leaflets,
        warnings,
        notes,
        readability,
        model,
        redirects,
        summaries,
    })
}

/// The readability findings of every page and leaflet, as warnings and notes.
fn readability_findings(
    pages: &[Vec<readability::PageReport>],
    leaflets: &[leaflet::LeafletOutput],
) -> (Vec<diagnostic::SourceError>, Vec<diagnostic::SourceError>) {
    let (mut warnings, mut notes) = (Vec::new(), Vec::new());
    let all = pages
        .iter()
        .flatten()
        .flat_map(|p| &p.findings)
        .chain(leaflets.iter().flat_map(|l| &l.readability));
    for finding in all {
        match finding.severity {
            readability::Severity::Warning => warnings.push(finding.problem.clone()),
            readability::Severity::Note => notes.push(finding.problem.clone()),
        }
    }
    (warnings, notes)
}

/// The site with its search index (`pagefind/…`), made from the pages as rendered. `serve`
/// indexes in the background instead, so that a save shows before the index is done.
fn with_search_index(mut built: Built, timings: &mut Timings) -> Result<Built> {
    let index = timings.time(Stage::Search, || {
        search::index(&built.portal, &built.addresses, &built.files)
    })?;
    for file in index {
        built.files.insert_new(file)?;
    }
    Ok(built)
}

/// The whole site in memory, search index included, as `check` and `validate` judge it.
fn load_render_and_index(root: &std::path::Path, drafts: bool) -> Result<Built> {
    let mut timings = Timings::new();
    let built = load_and_render(
        root,
        drafts,
        &render::Reuse::off(),
        output::PageSink::Memory,
        &mut timings,
    )?;
    with_search_index(built, &mut timings)
}

/// The leaflets' files for the output: with `pdf`, the pages linking their PDFs, the PDFs
/// found in `cache` and the leaflets still to print; without, a leaflet whose two PDFs
/// are both in the cache is still published with them, and the others without PDFs.
struct LeafletFiles<'a> {
    files: Vec<output::OutputFile>,
    to_print: Vec<leaflet::LeafletOutput>,
    reused: Vec<&'a leaflet::LeafletOutput>,
    /// Published without their PDFs (not printed, not in the cache).
    unprinted: Vec<&'a leaflet::LeafletOutput>,
}

fn leaflet_files<'a>(
    leaflets: &'a [leaflet::LeafletOutput],
    cache: &leaflet::PdfCache,
    pdf: bool,
) -> LeafletFiles<'a> {
    let mut out = LeafletFiles {
        files: Vec::new(),
        to_print: Vec::new(),
        reused: Vec::new(),
        unprinted: Vec::new(),
    };
    for leaflet in leaflets {
        match leaflet.cached_pdfs(cache) {
            Some(pdfs) => {
                out.files.extend(leaflet.pages(true));
                out.files.extend(pdfs);
                out.reused.push(leaflet);
            }
            None => {
                out.files.extend(leaflet.pages(pdf));
                if pdf {
                    out.to_print.push(leaflet.clone());
                } else {
                    out.unprinted.push(leaflet);
                }
            }
        }
    }
    out
}

/// Builds the site: load, render, write; with `pdf`, also measure and print the leaflets
/// not already in the PDF cache before the new output replaces the old. PDFs in the cache
/// are published by every build, with `pdf` or not.
pub fn build(options: &BuildOptions) -> Result<Report> {
    let out = output::resolve_out(&options.out, &options.root)?;
    let mut timings = Timings::new();
    // Pages are written into the fresh folder as they are rendered; it replaces `out` only
    // once everything else has succeeded, and is removed if anything fails.
    let staging = output::Staging::begin(&out)?;
    let mut built = load_and_render(
        &options.root,
        options.drafts,
        &render::Reuse::off(),
        output::PageSink::Folder(staging.path()),
        &mut timings,
    )?;
    if options.pdf {
        refuse_placeholders(&built.portal.config, "print or publish the leaflets' PDFs")?;
    }
    let cache = leaflet::PdfCache::of_site(&options.root);
    let leaflets = leaflet_files(&built.leaflets, &cache, options.pdf);
    let mut files = std::mem::take(&mut built.files);
    for file in leaflets.files {
        files.replace(file);
    }
    if built.portal.is_portal() {
        // The front page links the PDFs of the leaflets this build publishes.
        let with_pdfs = leaflets
            .reused
            .iter()
            .copied()
            .chain(&leaflets.to_print)
            .map(|l| l.edition.clone())
            .collect();
        files.replace(render::front_page_with_pdfs(
            &built.portal,
            &built.theme,
            &built.summaries,
            &with_pdfs,
        )?);
    }
    // Every address the site has published must answer before anything more is written.
    let (to_print, unprinted) = (pdfs_of(&leaflets.to_print), pdfs_of(leaflets.unprinted));
    let site_addresses = built.site_addresses();
    let settled = timings.time(Stage::Templates, || {
        ledger::settle(&ledger::Input {
            root: &options.root,
            portal: &built.portal,
            theme: &built.theme,
            addresses: &built.addresses,
            site_addresses: &site_addresses,
            files: &files,
            redirects: &built.redirects,
            pdfs: &to_print,
            unprinted: &unprinted,
            written_in: Some(staging.path()),
        })
    })?;
    for file in &settled.server_rules {
        files.replace(file.clone());
    }
    timings.time(Stage::Write, || staging.write(files.iter()))?;
    let index = timings.time(Stage::Search, || {
        search::index_folder(&built.portal, &built.addresses, staging.path())
    })?;
    timings.time(Stage::Write, || staging.write(index.iter()))?;
    for file in index {
        files.insert_new(file)?;
    }
    let printed = timings
        .time(
            if options.pdf {
                Stage::Pdfs
            } else {
                Stage::Write
            },
            || leaflet::measure_and_print(staging.path(), &leaflets.to_print, true, Some(&cache)),
        )?
        .len();
    // Copies at old addresses may be of the PDFs just printed.
    timings.time(Stage::Write, || staging.write(settled.files.iter()))?;
    timings.time(Stage::Write, || staging.swap_in())?;
    // Drafts are not published: their addresses are not promised to anyone.
    if !options.drafts {
        ledger::record(&options.root, &settled)?;
    }
    for file in settled.files {
        files.replace(file);
    }
    built.warnings.extend(settled.warnings);
    let mut published: Vec<&leaflet::LeafletOutput> = leaflets.reused.clone();
    published.extend(&leaflets.to_print);
    let pdfs = published
        .iter()
        .flat_map(|l| [&l.trim.pdf, &l.bleed.pdf])
        .map(|p| out.join(p.file()))
        .collect::<Vec<_>>();
    let reused = 2 * leaflets.reused.len();
    let written = files
        .iter()
        .map(|f| f.path.clone())
        .chain(
            leaflets
                .to_print
                .iter()
                .flat_map(|l| [l.trim.pdf.clone(), l.bleed.pdf.clone()]),
        )
        .collect();
    let mut report = report(&built, files.len(), written, pdfs);
    report.pdfs_printed = printed;
    report.pdfs_reused = reused;
    report.timings = timings;
    if !leaflets.to_print.is_empty() {
        report.print_note = leaflet::Ghostscript::find().note();
        report.print_preflight = leaflets
            .to_print
            .iter()
            .filter_map(|l| leaflet::Preflight::of(&out.join(l.bleed.pdf.file())).ok())
            .collect();
    }
    Ok(report)
}

/// Everything `build` validates plus the leaflet fit, measured in Chromium, and the web PDF
/// of every leaflet, printed into a scratch folder and held to the accessibility rules; the
/// output folder is not touched.
pub fn check(root: &std::path::Path, drafts: bool) -> Result<Report> {
    let mut built = load_render_and_index(root, drafts)?;
    let settled = settle_in_memory(root, &built)?;
    built.warnings.extend(settled.warnings);
    let scratch = tempfile::tempdir().context("could not create a temporary folder")?;
    let needed = leaflet::files_to_measure(built.files.iter(), &built.leaflets);
    output::write_all(scratch.path(), needed)?;
    leaflet::measure_and_check(scratch.path(), &built.leaflets)?;
    Ok(report(
        &built,
        built.files.len(),
        addressed(&built),
        Vec::new(),
    ))
}

/// Everything `build` validates, without measuring the leaflets (for machines without a
/// browser); nothing is written.
pub fn validate(root: &std::path::Path, drafts: bool) -> Result<Report> {
    let mut built = load_render_and_index(root, drafts)?;
    let settled = settle_in_memory(root, &built)?;
    built.warnings.extend(settled.warnings);
    Ok(report(
        &built,
        built.files.len(),
        addressed(&built),
        Vec::new(),
    ))
}

/// The PDFs of `leaflets`, both prints of each.
fn pdfs_of<'a>(
    leaflets: impl IntoIterator<Item = &'a leaflet::LeafletOutput>,
) -> Vec<address::OutPath> {
    leaflets
        .into_iter()
        .flat_map(|l| [l.trim.pdf.clone(), l.bleed.pdf.clone()])
        .collect()
}

/// The address ledger held against the site in memory, as `check` and `validate` judge it:
/// every leaflet's PDFs count as published (`build --pdf` prints them); nothing is written.
fn settle_in_memory(root: &std::path::Path, built: &Built) -> Result<ledger::Settled> {
    let site_addresses = built.site_addresses();
    ledger::settle(&ledger::Input {
        root,
        portal: &built.portal,
        theme: &built.theme,
        addresses: &built.addresses,
        site_addresses: &site_addresses,
        files: &built.files,
        redirects: &built.redirects,
        pdfs: &pdfs_of(&built.leaflets),
        unprinted: &[],
        written_in: None,
    })
}

/// Empties the site's PDF cache; returns the folder removed, if there was one.
pub fn clean(root: &std::path::Path) -> Result<Option<PathBuf>> {
    leaflet::clean_cache(root)
}

/// Refuses to go on while site.yaml holds stand-in addresses (`base_url:
/// https://example.org/`): a printed leaflet's QR code cannot be changed. `doing` says what
/// was refused.
fn refuse_placeholders(config: &config::SiteConfig, doing: &str) -> Result<()> {
    if config.placeholders.is_empty() {
        return Ok(());
    }
    let mut list = diagnostic::Diagnostics::new();
    list.extend(config.placeholders.iter().cloned());
    list.into_result().map_err(|problems| {
        problems.context(format!(
            "pjece will not {doing} while site.yaml holds example addresses (nothing was written)"
        ))
    })
}

/// Prints the leaflet of one edition (the current one unless named) to PDFs in `out`,
/// reusing the PDF cache. In a portal, of the guideline named (or whose folder `cwd` is in).
pub fn print_leaflet(
    root: &std::path::Path,
    guideline: Option<&str>,
    edition: Option<&str>,
    out: &std::path::Path,
) -> Result<Vec<PathBuf>> {
    let site_config = config::load(root)?;
    refuse_placeholders(&site_config, "print a leaflet")?;
    let chosen_config = content::find_guideline(
        &site_config,
        guideline,
        &std::env::current_dir().unwrap_or_default(),
    )?;
    let mut built = load_and_render(
        root,
        true,
        &render::Reuse::off(),
        output::PageSink::Memory,
        &mut Timings::new(),
    )?;
    let site = match &chosen_config.portal_segment {
        Some(g) => built.portal.guideline(g),
        None => built.portal.guidelines.first(),
    }
    .context("the guideline was not built")?;
    let id = match edition {
        Some(e) => site
            .editions
            .iter()
            .find(|x| x.id.0 == e)
            .map_or_else(|| e.to_string(), |x| site.qualified_id(x)),
        None => site.qualified_id(site.current()),
    };
    let chosen: Vec<_> = built
        .leaflets
        .iter()
        .filter(|l| l.edition == id)
        .cloned()
        .collect();
    if chosen.is_empty() {
        let with: Vec<&str> = built.leaflets.iter().map(|l| l.edition.as_str()).collect();
        return Err(diagnostic::UsageError(format!(
            "edition `{id}` has no leaflet; editions with a leaflet.yaml: {}",
            if with.is_empty() {
                "none".to_string()
            } else {
                with.join(", ")
            }
        ))
        .into());
    }
    let cache = leaflet::PdfCache::of_site(root);
    let leaflets = leaflet_files(&chosen, &cache, true);
    let mut files = std::mem::take(&mut built.files);
    for file in leaflets.files {
        files.replace(file);
    }
    let scratch = tempfile::tempdir().context("could not create a temporary folder")?;
    output::write_all(
        scratch.path(),
        leaflet::files_to_measure(files.iter(), &chosen),
    )?;
    leaflet::measure_and_print(scratch.path(), &leaflets.to_print, true, Some(&cache))?;
    fsx::create_dir_all(out)?;
    let mut written = Vec::new();
    for leaflet in &chosen {
        for pdf in [&leaflet.trim.pdf, &leaflet.bleed.pdf] {
            let from = scratch.path().join(pdf.file());
            let target = out.join(from.file_name().unwrap_or_default());
            output::copy_published(&from, &target)?;
            written.push(target);
        }
    }
    Ok(written)
}

/// The report of a build that wrote `files` (the rest of `written` is printed PDFs).
fn report(
    built: &Built,
    files: usize,
    mut written: Vec<address::OutPath>,
    pdfs: Vec<PathBuf>,
) -> Report {
    written.push(built.site_addresses().marker());
    Report {
        editions: built.portal.editions(),
        pages: built.portal.pages(),
        files,
        leaflets: built.leaflets.len(),
        pdfs,
        pdfs_printed: 0,
        pdfs_reused: 0,
        written,
        warnings: built.warnings.clone(),
        notes: built.notes.clone(),
        timings: Timings::new(),
        print_preflight: Vec::new(),
        print_note: None,
    }
}

/// The addresses of the site's files and the leaflet pages, before any PDF.
fn addressed(built: &Built) -> Vec<address::OutPath> {
    built.files.iter().map(|f| f.path.clone()).collect()
}
