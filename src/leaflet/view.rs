//! What `leaflet.html` receives: a typed view of one print (trim size or bleed) of one
//! edition's leaflet, with every link made relative to that print's own address.

use super::blocks::PanelContent;
use super::layout::{Flow, Layout, Role};
use super::qr;
use crate::address::{Addresses, Mount, OutPath, Print};
use crate::content::{Edition, LeafletPlan, Site};
use crate::markdown;
use crate::theme::Theme;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything one edition's leaflet is drawn from.
pub(super) struct Leaflet<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub addresses: &'a Addresses,
    pub edition: &'a Edition,
    pub plan: &'a LeafletPlan,
    pub layout: &'a Layout,
    pub content: &'a PanelContent,
}

#[derive(Debug, Serialize)]
pub(super) struct LeafletView<'a> {
    lang: &'static str,
    t: &'a BTreeMap<String, String>,
    title: String,
    /// The theme's web fonts, relative to the leaflet.
    fonts_href: String,
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
    web_href: String,
    trim_href: String,
    bleed_href: String,
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

impl<'a> Leaflet<'a> {
    /// The view of `print`; `with_pdfs` links the PDFs printed beside it.
    pub(super) fn view(&self, print: Print, with_pdfs: bool) -> Result<LeafletView<'a>> {
        let (site, edition, a) = (self.site, self.edition, self.addresses);
        let id = &edition.id.0;
        let here = a.leaflet_html(id, print);
        let bleed = match print {
            Print::Trim => 0.0,
            Print::Bleed => self.layout.bleed,
        };
        let edition_url = a.absolute(&a.edition_root(id, Mount::EditionFolder));
        let pdf = |p: Print| with_pdfs.then(|| here.href_to(&a.leaflet_pdf(id, p)));
        Ok(LeafletView {
            lang: site.config.language.code(),
            t: &self.theme.strings,
            title: format!("{} – {}", self.plan.cover.title, edition.label),
            fonts_href: here.href_to(&a.static_file("fonts/fonts.css")),
            width: self.layout.sheet.width,
            height: self.layout.sheet.height,
            bleed,
            margin: self.layout.margin,
            sheets: self.sheets(bleed),
            organisation: &site.config.organisation,
            contact_html: site
                .config
                .contact
                .as_deref()
                .map(markdown::render_fragment),
            logo_src: site.config.logo.as_ref().map(|l| here.href_to(&a.logo(l))),
            qr_svg: qr::qr_svg(&edition_url)?,
            edition_url,
            edition_label: &edition.label,
            edition_date: edition.published.long(site.config.language),
            cover_title: &self.plan.cover.title,
            cover_subtitle: self.plan.cover.subtitle.as_deref(),
            web_href: here.href_to(&a.edition_root(id, Mount::EditionFolder)),
            trim_href: self.link(&here, Print::Trim),
            bleed_href: self.link(&here, Print::Bleed),
            pdf_href: pdf(Print::Trim),
            bleed_pdf_href: pdf(Print::Bleed),
        })
    }

    fn link(&self, here: &OutPath, to: Print) -> String {
        here.href_to(&self.addresses.leaflet_html(&self.edition.id.0, to))
    }

    fn sheets(&self, bleed: f64) -> Vec<SheetView> {
        self.layout
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
                        let view = PanelView {
                            id: panel.id.clone(),
                            role: panel.role,
                            x,
                            width: panel.width,
                            bleed_left: if i == 0 { bleed } else { 0.0 },
                            bleed_right: if i == last { bleed } else { 0.0 },
                            html: self.panel_html(panel.role),
                        };
                        x += panel.width;
                        view
                    })
                    .collect();
                let flow = Flow::of(self.layout, page).map(|f| FlowView {
                    x: f.x,
                    width: f.width(),
                    column_width: f.column_width,
                    gap: f.gap,
                    columns: f.panel_count,
                    last_panel: page.panels[f.first_panel + f.panel_count - 1].id.clone(),
                    html: self.content.inside.clone(),
                });
                SheetView {
                    name: page.name.clone(),
                    panels,
                    flow,
                }
            })
            .collect()
    }

    /// The text of a fixed panel; inside panels take theirs from the sheet's flow.
    fn panel_html(&self, role: Role) -> String {
        match role {
            Role::Flap => self.content.flap.clone(),
            Role::Back => self.content.back.clone(),
            Role::Cover | Role::Inside => String::new(),
        }
    }
}
