//! pjece turns Markdown guideline editions into a versioned static website and a print-ready
//! tri-fold leaflet.
//!
//! The build is a pipeline of plain data, one module per stage:
//!
//! ```text
//! site.yaml ─▶ config::load ─▶ SiteConfig
//! content/  ─▶ content::load ─▶ Site { editions: [Edition { pages, assets, leaflet plan }] }
//! themes/   ─▶ theme::load ─▶ Theme (Tera templates, static files, interface strings)
//! (Site, Theme) ─▶ render::site ─▶ Vec<OutputFile>        (in memory, pages in parallel)
//! (Site, Theme, Addresses) ─▶ leaflet::render ─▶ leaflet HTML files + Vec<LeafletOutput>
//! Vec<OutputFile> ─▶ output::replace_dir ─▶ public/      (atomic swap of the whole folder)
//! written leaflets ─▶ leaflet::measure_and_print ─▶ fit check + PDFs   (the only browser)
//! ```
//! `check` runs the same pipeline into a temporary folder and measures the leaflets there;
//! `serve` runs it in memory after every save and answers requests from the result.
//! Every stage returns its result or an error that names the file, line and column.

pub mod address;
pub mod chromium;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub(crate) mod diff;
pub mod edition_cmd;
pub mod fsx;
pub mod init;
pub mod leaflet;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod urls;
pub mod yaml;

use anyhow::{Context, Result};
use std::path::PathBuf;

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
    pub pdfs: Vec<PathBuf>,
    /// Every path written into the output folder, relative to it; each was made by
    /// [`address`], the one module that says where things go.
    pub written: Vec<address::OutPath>,
    /// Problems that do not stop a build (files no page links to).
    pub warnings: Vec<diagnostic::SourceError>,
}

/// The site in memory: everything `build` and `check` share before anything is written.
struct Built {
    site: content::Site,
    addresses: address::Addresses,
    files: output::SiteFiles,
    leaflets: Vec<leaflet::LeafletOutput>,
    warnings: Vec<diagnostic::SourceError>,
}

fn load_and_render(root: &std::path::Path, drafts: bool, pdf_links: bool) -> Result<Built> {
    let config = config::load(root)?;
    let site = content::load(config, drafts)?;
    let theme = theme::load(&site.config)?;
    let addresses = address::Addresses::new(&site.config);
    // The website and the leaflets are rendered apart; the problems of both are one list.
    let (rendering, leaflet) = diagnostic::both(
        render::site(&site, &theme, &addresses),
        leaflet::render(&site, &theme, &addresses, pdf_links),
    )?;
    let (leaflet_files, leaflets) = leaflet;
    let files = output::SiteFiles::assemble(rendering.files.into_iter().chain(leaflet_files))?;
    Ok(Built {
        site,
        addresses,
        files,
        leaflets,
        warnings: rendering.warnings,
    })
}

/// Builds the site: load, render, write; with `pdf`, also measure and print the leaflets
/// before the new output replaces the old.
pub fn build(options: &BuildOptions) -> Result<Report> {
    let out = output::resolve_out(&options.out, &options.root)?;
    let built = load_and_render(&options.root, options.drafts, options.pdf)?;
    let mut pdfs = Vec::new();
    output::replace_dir_with(&out, &built.files, |dir| {
        if options.pdf {
            pdfs = leaflet::measure_and_print(dir, &built.leaflets, true)?
                .into_iter()
                .map(|p| out.join(p.strip_prefix(dir).unwrap_or(&p)))
                .collect();
        }
        Ok(())
    })?;
    Ok(report(built, pdfs))
}

/// Everything `build` validates plus the leaflet fit, measured in Chromium; the output
/// folder is not touched.
pub fn check(root: &std::path::Path, drafts: bool) -> Result<Report> {
    let built = load_and_render(root, drafts, false)?;
    let scratch = tempfile::tempdir().context("could not create a temporary folder")?;
    output::write_all(scratch.path(), built.files.iter())?;
    leaflet::measure_and_print(scratch.path(), &built.leaflets, false)?;
    Ok(report(built, Vec::new()))
}

/// Everything `build` validates, without measuring the leaflets (for machines without a
/// browser); nothing is written.
pub fn validate(root: &std::path::Path, drafts: bool) -> Result<Report> {
    let built = load_and_render(root, drafts, false)?;
    Ok(report(built, Vec::new()))
}

/// Prints the leaflet of one edition (the current one unless named) to PDFs in `out`.
pub fn print_leaflet(
    root: &std::path::Path,
    edition: Option<&str>,
    out: &std::path::Path,
) -> Result<Vec<PathBuf>> {
    let built = load_and_render(root, true, true)?;
    let id = edition.map_or_else(|| built.site.current().id.0.clone(), str::to_string);
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
    let scratch = tempfile::tempdir().context("could not create a temporary folder")?;
    output::write_all(scratch.path(), built.files.iter())?;
    let printed = leaflet::measure_and_print(scratch.path(), &chosen, true)?;
    fsx::create_dir_all(out)?;
    let mut written = Vec::new();
    for pdf in printed {
        let target = out.join(pdf.file_name().unwrap_or_default());
        std::fs::copy(&pdf, &target)
            .with_context(|| format!("could not copy the PDF to {}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

fn report(built: Built, pdfs: Vec<PathBuf>) -> Report {
    let mut written: Vec<address::OutPath> = built.files.iter().map(|f| f.path.clone()).collect();
    written.push(built.addresses.marker());
    if !pdfs.is_empty() {
        for leaflet in &built.leaflets {
            written.extend([leaflet.trim_pdf.clone(), leaflet.bleed_pdf.clone()]);
        }
    }
    Report {
        editions: built.site.editions.len(),
        pages: built.site.editions.iter().map(|e| e.pages.len()).sum(),
        files: built.files.len(),
        leaflets: built.leaflets.len(),
        pdfs,
        written,
        warnings: built.warnings,
    }
}
