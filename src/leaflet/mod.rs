//! The print leaflet: a stage of its own. For every edition whose content has a leaflet plan
//! it writes print-ready HTML laid out like the organisation's folded brochure and, after the
//! site is written, measures and prints it in Chromium.
//!
//! Steps: the edition's [`LeafletPlan`](crate::content::LeafletPlan), read and checked while
//! loading, and the theme's physical layout (`layout`) → the planned pages as print blocks
//! (`blocks`: links as plain text, Danish soft hyphens from `hyphenate`, each block tagged
//! with its source file and line) → the `leaflet.html` template filled twice (`view`), at trim
//! size and with bleed for the print shop, with a QR code (`qr`) to the edition. Then
//! [`measure_and_print`] starts the one browser the build uses: `fit` measures whether every
//! panel holds its text, `print` makes the PDFs and `pdf_boxes` marks where to cut.
//!
//! Every address it writes or links to comes from [`Addresses`]; it reads the content model
//! and the theme and needs nothing from the website's render stage.

mod blocks;
mod fit;
mod hyphenate;
pub mod layout;
mod pdf_boxes;
mod print;
mod qr;
mod view;

use crate::address::{Addresses, OutPath, Print};
use crate::chromium::Browser;
use crate::content::{Edition, LeafletPlan, Site};
use crate::diagnostic::{Diagnostics, SourceError};
use crate::output::OutputFile;
use crate::theme::Theme;
use anyhow::Result;
use blocks::PanelContent;
use layout::{Flow, Layout, Role};
use std::path::{Path, PathBuf};

/// The leaflet template every theme provides.
const TEMPLATE: &str = "leaflet.html";

/// One edition's leaflet, ready to measure and print.
#[derive(Debug, Clone)]
pub struct LeafletOutput {
    pub edition: String,
    pub bleed_mm: f64,
    /// The leaflet at trim size (also what the fit check measures) and with bleed.
    pub trim_html: OutPath,
    pub bleed_html: OutPath,
    /// Where the PDFs of the two are printed.
    pub trim_pdf: OutPath,
    pub bleed_pdf: OutPath,
    /// The markup the fit check must find in the page.
    expected: fit::Expected,
}

/// The leaflets of every edition that has a plan, as output files plus what printing needs.
/// `with_pdf_links` links the PDFs from the leaflet pages (when they will be printed).
pub fn render(
    site: &Site,
    theme: &Theme,
    addresses: &Addresses,
    with_pdf_links: bool,
) -> Result<(Vec<OutputFile>, Vec<LeafletOutput>)> {
    let mut files = Vec::new();
    let mut leaflets = Vec::new();
    let mut problems = Diagnostics::new();
    for edition in &site.editions {
        let Some(plan) = &edition.leaflet else {
            continue;
        };
        match render_edition(site, theme, addresses, edition, plan, with_pdf_links) {
            Ok((mut f, leaflet)) => {
                files.append(&mut f);
                leaflets.push(leaflet);
            }
            Err(error) => problems.push(error),
        }
    }
    problems.into_result()?;
    Ok((files, leaflets))
}

/// Measures the leaflets written below `dir` in Chromium, failing on any panel that does not
/// hold its text (or a template the measurement cannot read), and with `print` prints them
/// to PDF beside their HTML. Returns the PDFs written. The only place the build starts a
/// browser; with no leaflets, none is started.
pub fn measure_and_print(
    dir: &Path,
    leaflets: &[LeafletOutput],
    print: bool,
) -> Result<Vec<PathBuf>> {
    if leaflets.is_empty() {
        return Ok(Vec::new());
    }
    let n = leaflets.len();
    progress(&format!(
        "measuring {n} leaflet{} in Chromium…",
        if n == 1 { "" } else { "s" }
    ));
    let browser = Browser::launch()?;
    fit::check(&browser, dir, leaflets)?.into_result()?;
    if print {
        progress(&format!("printing {} PDFs…", 2 * n));
        print::print_all(&browser, dir, leaflets)
    } else {
        Ok(Vec::new())
    }
}

/// A line on the terminal for the steps that take seconds; nothing when output is piped.
fn progress(line: &str) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprintln!("{line}");
    }
}

fn render_edition(
    site: &Site,
    theme: &Theme,
    addresses: &Addresses,
    edition: &Edition,
    plan: &LeafletPlan,
    with_pdf_links: bool,
) -> Result<(Vec<OutputFile>, LeafletOutput), SourceError> {
    let layout = layout::load(theme, &plan.layout)?;
    let content = PanelContent::of(&site.config, edition, plan);
    let template = theme.template_file(TEMPLATE);
    let id = &edition.id.0;
    let leaflet = view::Leaflet {
        site,
        theme,
        addresses,
        edition,
        plan,
        layout: &layout,
        content: &content,
    };
    let mut files = Vec::new();
    for print in [Print::Trim, Print::Bleed] {
        let view = leaflet
            .view(print, with_pdf_links)
            .map_err(|e| SourceError::new(site.config.display(&plan.file), format!("{e:#}")))?;
        let html = theme
            .render(TEMPLATE, &view)
            .map_err(|e| SourceError::new(&template, format!("{e:#}")))?;
        let path = addresses.leaflet_html(id, print);
        let what = match print {
            Print::Trim => format!("the leaflet of edition `{id}`"),
            Print::Bleed => format!("the print-shop leaflet of edition `{id}`"),
        };
        files.push(OutputFile::generated(&path, what, html));
    }
    let output = LeafletOutput {
        edition: id.clone(),
        bleed_mm: layout.bleed,
        trim_html: addresses.leaflet_html(id, Print::Trim),
        bleed_html: addresses.leaflet_html(id, Print::Bleed),
        trim_pdf: addresses.leaflet_pdf(id, Print::Trim),
        bleed_pdf: addresses.leaflet_pdf(id, Print::Bleed),
        expected: expected_markup(&layout, template, site.config.display(&plan.file), &content),
    };
    Ok((files, output))
}

/// What the fit check must find in the page for its answer to mean anything.
fn expected_markup(
    layout: &Layout,
    template: PathBuf,
    plan_file: PathBuf,
    content: &PanelContent,
) -> fit::Expected {
    let panels = layout
        .pages
        .iter()
        .flat_map(|page| &page.panels)
        .filter(|panel| panel.role != Role::Inside)
        .map(|panel| panel.id.clone())
        .collect();
    let flows = layout
        .pages
        .iter()
        .filter(|page| Flow::of(layout, page).is_some())
        .count();
    fit::Expected {
        template,
        plan_file,
        panels,
        flows,
        source_blocks: content.blocks > 0,
    }
}
