//! The print leaflet: for every edition with a `leaflet.yaml`, print-ready HTML laid out
//! like the organisation's folded brochure, and (on request) its PDFs printed by Chromium.
//!
//! Steps: read the edition's plan (`plan`) and the theme's physical layout (`layout`) →
//! turn the planned pages into print blocks (links as plain text, Danish soft hyphens, each
//! block tagged with its source file and line) → fill the `leaflet.html` template twice, at
//! trim size and with bleed for the print shop. After the site is written, `print` makes the
//! PDFs and `fit` measures in the same browser whether every panel holds its text.

pub mod fit;
mod hyphenate;
pub mod layout;
mod pdf_boxes;
pub mod plan;
pub mod print;
mod qr;

use crate::content::{Edition, Site};
use crate::diagnostic::SourceError;
use crate::markdown;
use crate::output::OutputFile;
use crate::render::view::long_date;
use crate::theme::Theme;
use anyhow::Result;
use layout::{Flow, Layout, Role};
use serde::Serialize;
use std::collections::BTreeMap;

pub const FILE_NAME: &str = "leaflet.yaml";
/// The leaflet at trim size, for screens, office printers and the web.
pub const TRIM_HTML: &str = "index.html";
/// The leaflet with bleed, for the print shop.
pub const BLEED_HTML: &str = "tryk.html";

/// One edition's leaflet, ready to print.
#[derive(Debug, Clone)]
pub struct LeafletOutput {
    pub edition: String,
    /// Folder of the leaflet relative to the output root: `udgave-2/folder/`.
    pub dir: String,
    pub bleed_mm: f64,
    /// File names of the PDFs inside `dir`.
    pub trim_pdf: String,
    pub bleed_pdf: String,
}

/// The leaflets of every edition that has a plan, as output files plus what printing needs.
pub fn render(
    site: &Site,
    theme: &Theme,
    with_pdf_links: bool,
) -> Result<(Vec<OutputFile>, Vec<LeafletOutput>)> {
    let mut files = Vec::new();
    let mut leaflets = Vec::new();
    let mut problems = crate::diagnostic::Diagnostics::new();
    for edition in &site.editions {
        let Some(text) = &edition.leaflet else {
            continue;
        };
        match render_edition(site, theme, edition, text, with_pdf_links) {
            Ok((mut f, leaflet)) => {
                files.append(&mut f);
                leaflets.push(leaflet);
            }
            Err(errors) => problems.extend(errors),
        }
    }
    problems.into_result()?;
    Ok((files, leaflets))
}

/// The address of an edition's leaflet folder below the site root.
pub fn leaflet_dir(site: &Site, edition: &Edition) -> String {
    format!(
        "{}/{}/",
        edition.id,
        site.config.language.url_words().leaflet
    )
}

fn render_edition(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    text: &str,
    with_pdf_links: bool,
) -> Result<(Vec<OutputFile>, LeafletOutput), Vec<SourceError>> {
    let shown = site.config.display(&edition.dir.join(FILE_NAME));
    let plan = plan::parse(edition, text, &shown, &site.config.title)?;
    let layout = layout::load(theme, &plan.layout).map_err(|e| vec![e])?;
    let dir = leaflet_dir(site, edition);
    let base = format!(
        "{}-{}",
        site.config.language.url_words().leaflet,
        edition.id
    );
    let leaflet = LeafletOutput {
        edition: edition.id.0.clone(),
        dir: dir.clone(),
        bleed_mm: layout.bleed,
        trim_pdf: format!("{base}.pdf"),
        bleed_pdf: format!("{base}-tryk.pdf"),
    };
    let content = PanelContent::from_plan(site, &plan);
    let mut files = Vec::new();
    for (name, bleed) in [(TRIM_HTML, 0.0), (BLEED_HTML, layout.bleed)] {
        let view = view(
            site,
            theme,
            edition,
            &plan,
            &layout,
            &content,
            bleed,
            with_pdf_links.then_some(&leaflet),
        )
        .map_err(|e| vec![SourceError::new(&shown, format!("{e:#}"))])?;
        let html = theme.render("leaflet.html", &view).map_err(|e| {
            vec![SourceError::new(
                format!("themes/{}/templates/leaflet.html", theme.name),
                format!("{e:#}"),
            )]
        })?;
        files.push(OutputFile::bytes(format!("{dir}{name}"), html));
    }
    Ok((files, leaflet))
}

/// The HTML of the text panels, by role.
struct PanelContent {
    flap: String,
    back: String,
    inside: String,
}

impl PanelContent {
    fn from_plan(site: &Site, plan: &plan::Plan<'_>) -> Self {
        let lang = site.config.language.code();
        let html = |sources: &[plan::Source<'_>]| {
            hyphenate::hyphenate_html(&blocks_html(site, sources), lang)
        };
        PanelContent {
            flap: html(&plan.flap),
            back: html(&plan.back),
            inside: html(&plan.inside),
        }
    }
}

/// Every block wrapped in an element naming its source line, so the fit check can say
/// which file and line is the first that does not fit.
fn blocks_html(site: &Site, sources: &[plan::Source<'_>]) -> String {
    let mut html = String::new();
    for source in sources {
        let shown = site.config.display(&source.page.source);
        let shown = shown.display();
        let break_class = if source.break_before {
            " break-before"
        } else {
            ""
        };
        html.push_str(&format!("<section class=\"source{break_class}\">\n"));
        if source.show_title && source.section.is_none() {
            html.push_str(&format!(
                "<h2 class=\"block page-title\" data-source=\"{shown}:2\">{}</h2>\n",
                markdown::escape_html(&source.page.title)
            ));
        }
        let blocks =
            markdown::print_blocks(source.page, source.section.as_deref()).unwrap_or_default();
        let mut pending_lead: Option<String> = None;
        for (i, block) in blocks.iter().enumerate() {
            let block_html = block
                .html
                .replace("<!-- pjece:break -->", "<div class=\"column-break\"></div>");
            let block_html = block_html.trim_end();
            let kind = if block.is_heading { " heading" } else { "" };
            let opening = pending_lead.take().unwrap_or_else(|| {
                format!(
                    "<div class=\"block{kind}\" data-source=\"{shown}:{}\">",
                    block.line
                )
            });
            if keeps_with_next(block) && blocks.get(i + 1).is_some() {
                // A heading or a "Skriv ikke noget:" lead-in never ends a panel alone: it
                // shares an unbreakable wrapper with the block after it.
                pending_lead = Some(format!(
                    "{opening}<div class=\"keep-with-next\">{block_html}</div>"
                ));
                continue;
            }
            html.push_str(&format!("{opening}{block_html}</div>\n"));
        }
        html.push_str("</section>\n");
    }
    html
}

/// Headings and paragraphs that introduce what follows ("Skriv ikke noget:").
fn keeps_with_next(block: &markdown::Block) -> bool {
    block.is_heading || block.html.trim_end().ends_with(":</p>")
}

#[derive(Debug, Serialize)]
struct LeafletView<'a> {
    lang: &'static str,
    t: &'a BTreeMap<String, String>,
    title: String,
    /// Relative path from the leaflet to the site root.
    root: &'static str,
    width: f64,
    height: f64,
    bleed: f64,
    margin: f64,
    sheets: Vec<SheetView>,
    organisation: &'a str,
    contact_html: Option<String>,
    logo_src: Option<String>,
    qr_svg: String,
    edition_url: String,
    edition_label: &'a str,
    edition_date: String,
    cover_title: &'a str,
    cover_subtitle: Option<&'a str>,
    web_href: &'static str,
    trim_href: &'static str,
    bleed_href: &'static str,
    pdf_href: Option<String>,
    bleed_pdf_href: Option<String>,
}

#[derive(Debug, Serialize)]
struct SheetView {
    name: String,
    panels: Vec<PanelView>,
    flow: Option<FlowView>,
}

#[derive(Debug, Serialize)]
struct PanelView {
    id: String,
    role: Role,
    x: f64,
    width: f64,
    /// How far the panel's background reaches past the sheet's left and right trim edges.
    bleed_left: f64,
    bleed_right: f64,
    html: String,
}

#[derive(Debug, Serialize)]
struct FlowView {
    x: f64,
    width: f64,
    column_width: f64,
    gap: f64,
    columns: usize,
    /// The panel a fourth column would follow, named in fit errors.
    last_panel: String,
    html: String,
}

#[allow(clippy::too_many_arguments)]
fn view<'a>(
    site: &'a Site,
    theme: &'a Theme,
    edition: &'a Edition,
    plan: &'a plan::Plan<'a>,
    layout: &Layout,
    content: &PanelContent,
    bleed: f64,
    pdfs: Option<&LeafletOutput>,
) -> Result<LeafletView<'a>> {
    let edition_url = format!("{}{}/", site.config.base_url, edition.id);
    let sheets = layout
        .pages
        .iter()
        .map(|page| {
            let mut x = 0.0;
            let last = page.panels.len() - 1;
            let panels = page
                .panels
                .iter()
                .enumerate()
                .map(|(i, panel)| {
                    let html = match panel.role {
                        Role::Flap => content.flap.clone(),
                        Role::Back => content.back.clone(),
                        Role::Cover | Role::Inside => String::new(),
                    };
                    let view = PanelView {
                        id: panel.id.clone(),
                        role: panel.role,
                        x,
                        width: panel.width,
                        bleed_left: if i == 0 { bleed } else { 0.0 },
                        bleed_right: if i == last { bleed } else { 0.0 },
                        html,
                    };
                    x += panel.width;
                    view
                })
                .collect();
            let flow = Flow::of(layout, page).map(|f| FlowView {
                x: f.x,
                width: f.width(),
                column_width: f.column_width,
                gap: f.gap,
                columns: f.panel_count,
                last_panel: page.panels[f.first_panel + f.panel_count - 1].id.clone(),
                html: content.inside.clone(),
            });
            SheetView {
                name: page.name.clone(),
                panels,
                flow,
            }
        })
        .collect();
    let logo_src = site
        .config
        .logo
        .as_ref()
        .map(|logo| format!("../../static/{}", crate::render::logo_file_name(logo)));
    Ok(LeafletView {
        lang: site.config.language.code(),
        t: &theme.strings,
        title: format!("{} – {}", plan.cover_title, edition.label),
        root: "../../",
        width: layout.sheet.width,
        height: layout.sheet.height,
        bleed,
        margin: layout.margin,
        sheets,
        organisation: &site.config.organisation,
        contact_html: site
            .config
            .contact
            .as_deref()
            .map(markdown::render_fragment),
        logo_src,
        qr_svg: qr::qr_svg(&edition_url)?,
        edition_url,
        edition_label: &edition.label,
        edition_date: long_date(edition.published, site.config.language),
        cover_title: &plan.cover_title,
        cover_subtitle: plan.cover_subtitle.as_deref(),
        web_href: "../index.html",
        trim_href: TRIM_HTML,
        bleed_href: BLEED_HTML,
        pdf_href: pdfs.map(|p| p.trim_pdf.clone()),
        bleed_pdf_href: pdfs.map(|p| p.bleed_pdf.clone()),
    })
}
