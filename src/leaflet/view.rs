//! What `leaflet.html` receives: a typed view of one print (trim size or bleed) of one
//! edition's leaflet, with every link made relative to that print's own address.
//!
//! The view holds the printed sheet sides (`sheets`, one PDF page each, in page order: a
//! print shop imposes by page) apart from the text drawn on them (`parts`, in reading
//! order: the cover, the inside text, the flap, the back; see [`Role::reading_rank`]).
//! The template sets the parts over their sheet by CSS, so the HTML, and with it the tagged
//! PDF a screen reader follows, starts with the title while each sheet prints as before.

use super::blocks::PanelContent;
use super::layout::{Flow, Layout, Panel, Role, Row, SheetPage};
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
    /// The readability of each part with text, shown on screen above the sheets.
    pub readability: &'a [crate::readability::PartScore],
    /// The QR code of the edition's address, made once for the four pages of the leaflet.
    pub qr_svg: String,
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
    /// The printed sides, in page order, each with its panels in the layout's order (as
    /// templates written before `parts` read them).
    sheets: Vec<SheetView>,
    /// What is drawn on them, in reading order.
    parts: Vec<PartView>,
    organisation: &'a str,
    contact_html: Option<String>,
    logo_src: Option<String>,
    /// `logo_on_dark`, for the cover in the primary colour; the cover falls back to `logo_src`.
    logo_on_dark_src: Option<String>,
    /// `colors.primary` and `colors.accent` from site.yaml (`#rrggbb`).
    primary: String,
    accent: String,
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
    /// LIX of each part with text, for the toolbar (on screen only: the toolbar is not
    /// printed, so the PDFs do not show it).
    readability: Vec<ReadabilityView>,
}

/// One part's readability as the toolbar shows it: `Flappen (panel A): LIX 47 (svær)`.
#[derive(Debug, Serialize)]
struct ReadabilityView {
    /// The layout's panels of the part (`A`, or `D, E, F`).
    panels: String,
    /// The part's name in the site's language.
    part: &'static str,
    lix: Option<u32>,
    /// `LIX 47 (svær)`, or why there is no figure.
    label: String,
    /// `easy`, `medium`, `hard` or `very-hard`, for a class.
    band: &'static str,
}

/// The ids of the panels `part` is printed on, in the layout's order.
pub(super) fn panel_ids(layout: &Layout, part: crate::readability::Part) -> Vec<String> {
    use crate::readability::Part;
    let role = match part {
        Part::Flap => Role::Flap,
        Part::Back => Role::Back,
        Part::Inside => Role::Inside,
    };
    layout
        .pages
        .iter()
        .flat_map(|p| p.panels())
        .filter(|p| p.role == role)
        .map(|p| p.id.clone())
        .collect()
}

/// One printed side of the sheet: a page of the PDF.
#[derive(Debug, Serialize)]
struct SheetView {
    name: String,
    panels: Vec<PanelView>,
    flow: Option<FlowView>,
}

/// One part of the leaflet in reading order, drawn over the sheet side `page` (counted from
/// 0): a fixed panel, or a side's inside panels with the text flowing over them.
#[derive(Debug, Serialize)]
struct PartView {
    page: usize,
    sheet: String,
    panels: Vec<PanelView>,
    flow: Option<FlowView>,
}

impl PartView {
    /// Where the part comes in reading order: by its panels' role, then (a stable sort)
    /// in the layout's order.
    fn rank(&self) -> u8 {
        self.panels
            .first()
            .map_or(Role::Inside, |p| p.role)
            .reading_rank()
    }
}

#[derive(Debug, Serialize)]
struct PanelView {
    id: String,
    role: Role,
    shape: Shape,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    /// How far the panel's background reaches past the sheet's trim edges it touches.
    bleed_left: f64,
    bleed_right: f64,
    bleed_top: f64,
    bleed_bottom: f64,
    html: String,
}

/// Whether a panel stands upright (a fold's panel) or lies across the sheet (a poster's
/// title or sender band): the template sets a band's cover and sender in a line, not a
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Shape {
    Tall,
    Wide,
}

impl Shape {
    fn of(width: f64, height: f64) -> Shape {
        if width > height {
            Shape::Wide
        } else {
            Shape::Tall
        }
    }
}

#[derive(Debug, Serialize)]
struct FlowView {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
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
            parts: parts(self.layout, bleed, &|role| self.panel_html(role), &|page| {
                self.flow(page)
            }),
            organisation: &site.config.organisation,
            contact_html: leaflet_contact(self.plan, &site.config).map(markdown::render_fragment),
            logo_src: site.config.logo.as_ref().map(|l| here.href_to(&a.logo(l))),
            logo_on_dark_src: site
                .config
                .logo_on_dark
                .as_ref()
                .map(|l| here.href_to(&a.logo_on_dark(l))),
            primary: site.config.colors.primary.hex(),
            accent: site.config.colors.accent.hex(),
            qr_svg: self.qr_svg.clone(),
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
            readability: self.readability_views(),
        })
    }

    fn readability_views(&self) -> Vec<ReadabilityView> {
        use crate::readability::Band;
        let language = self.site.config.language;
        self.readability
            .iter()
            .map(|p| ReadabilityView {
                panels: panel_ids(self.layout, p.part).join(", "),
                part: crate::readability::part_name(p.part, language),
                lix: p.score.is_measurable().then(|| p.score.lix()),
                label: p.label(language),
                band: match p.band {
                    Band::Easy => "easy",
                    Band::Medium => "medium",
                    Band::Hard => "hard",
                    Band::VeryHard => "very-hard",
                },
            })
            .collect()
    }

    fn link(&self, here: &OutPath, to: Print) -> String {
        here.href_to(&self.addresses.leaflet_html(&self.edition.id.0, to))
    }

    fn sheets(&self, bleed: f64) -> Vec<SheetView> {
        self.layout
            .pages
            .iter()
            .map(|page| SheetView {
                name: page.name.clone(),
                panels: panel_views(page, bleed, &|role| self.panel_html(role)),
                flow: self.flow(page),
            })
            .collect()
    }

    /// The text flowing over the inside panels of `page`.
    fn flow(&self, page: &SheetPage) -> Option<FlowView> {
        Flow::of(self.layout, page).map(|f| FlowView {
            x: f.x,
            y: f.y,
            width: f.width(),
            height: f.height,
            column_width: f.column_width,
            gap: f.gap,
            columns: f.panel_count,
            last_panel: f.last_panel(page).id.clone(),
            html: self.content.inside.clone(),
        })
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

/// Every panel and inside flow of `layout` as parts in reading order; `html` gives a fixed
/// panel's text, `flow` a side's inside text.
fn parts(
    layout: &Layout,
    bleed: f64,
    html: &dyn Fn(Role) -> String,
    flow: &dyn Fn(&SheetPage) -> Option<FlowView>,
) -> Vec<PartView> {
    let mut parts: Vec<PartView> = layout
        .pages
        .iter()
        .enumerate()
        .flat_map(|(index, page)| page_parts(index, page, bleed, html, flow(page)))
        .collect();
    parts.sort_by_key(PartView::rank);
    parts
}

/// The parts of one sheet side, in the layout's order: each fixed panel alone, and the
/// inside panels together with the text that flows over them (where the first of them
/// stands).
fn page_parts(
    index: usize,
    page: &SheetPage,
    bleed: f64,
    html: &dyn Fn(Role) -> String,
    flow: Option<FlowView>,
) -> Vec<PartView> {
    let part = |panels: Vec<PanelView>, flow: Option<FlowView>| PartView {
        page: index,
        sheet: page.name.clone(),
        panels,
        flow,
    };
    let mut parts = Vec::new();
    let (mut inside, mut inside_at) = (Vec::new(), None);
    for panel in panel_views(page, bleed, html) {
        if panel.role == Role::Inside {
            inside_at.get_or_insert(parts.len());
            inside.push(panel);
        } else {
            parts.push(part(vec![panel], None));
        }
    }
    if let Some(at) = inside_at {
        parts.insert(at, part(inside, flow));
    }
    parts
}

/// Every panel of `page`, placed: rows from the top, panels from the left, each with its
/// text from `html`; a panel's background reaches `bleed` past each trim edge it touches.
fn panel_views(page: &SheetPage, bleed: f64, html: &dyn Fn(Role) -> String) -> Vec<PanelView> {
    let last_row = page.rows.len() - 1;
    page.rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            let (top, bottom) = (r == 0, r == last_row);
            let last = row.panels.len() - 1;
            let mut x = 0.0;
            row.panels.iter().enumerate().map(move |(i, panel)| {
                let edges = Edges {
                    left: i == 0,
                    right: i == last,
                    top,
                    bottom,
                };
                let view = panel_view(panel, row, x, edges, bleed, html(panel.role));
                x += panel.width;
                view
            })
        })
        .collect()
}

fn panel_view(
    panel: &Panel,
    row: &Row,
    x: f64,
    edges: Edges,
    bleed: f64,
    html: String,
) -> PanelView {
    let past = |edge: bool| if edge { bleed } else { 0.0 };
    PanelView {
        id: panel.id.clone(),
        role: panel.role,
        shape: Shape::of(panel.width, row.height),
        x,
        y: row.y,
        width: panel.width,
        height: row.height,
        bleed_left: past(edges.left),
        bleed_right: past(edges.right),
        bleed_top: past(edges.top),
        bleed_bottom: past(edges.bottom),
        html,
    }
}

/// Which trim edges of the sheet a panel touches.
#[derive(Debug, Clone, Copy)]
struct Edges {
    left: bool,
    right: bool,
    top: bool,
    bottom: bool,
}

/// The contact text of a leaflet's back panel: the plan's own, else site.yaml's.
pub(super) fn leaflet_contact<'a>(
    plan: &'a crate::content::LeafletPlan,
    config: &'a crate::config::SiteConfig,
) -> Option<&'a str> {
    use crate::content::LeafletContact;
    match &plan.contact {
        LeafletContact::Site => config.contact.as_deref(),
        LeafletContact::Own(own) => Some(own),
        LeafletContact::Hidden => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_band_lies_and_a_fold_panel_stands() {
        assert_eq!(Shape::of(210.0, 60.0), Shape::Wide);
        assert_eq!(Shape::of(100.0, 210.0), Shape::Tall);
        assert_eq!(Shape::of(148.5, 210.0), Shape::Tall);
    }

    fn panel(id: &str, role: Role, width: f64) -> Panel {
        Panel {
            id: id.into(),
            role,
            width,
        }
    }

    /// The theme's layouts, read from its files.
    fn theme_layout(name: &str) -> Layout {
        let text = match name {
            "trifold-a4" => include_str!("../../themes/kommune/leaflets/trifold-a4.yaml"),
            "bifold-a5" => include_str!("../../themes/kommune/leaflets/bifold-a5.yaml"),
            _ => include_str!("../../themes/kommune/leaflets/poster-a4.yaml"),
        };
        super::super::layout::parse(std::path::Path::new(name), text).unwrap()
    }

    #[test]
    fn every_layout_is_read_cover_inside_flap_back_whatever_its_imposition() {
        for (name, expected) in [
            ("trifold-a4", vec![(0, "C"), (1, "DEF"), (0, "A"), (0, "B")]),
            ("bifold-a5", vec![(0, "C"), (1, "DE"), (0, "B")]),
            ("poster-a4", vec![(0, "A"), (0, "BC"), (0, "D")]),
        ] {
            let layout = theme_layout(name);
            let parts = parts(&layout, 0.0, &|_| String::new(), &|_| None);
            let order: Vec<(usize, String)> = parts
                .iter()
                .map(|p| (p.page, p.panels.iter().map(|v| v.id.as_str()).collect()))
                .collect();
            let expected: Vec<(usize, String)> = expected
                .into_iter()
                .map(|(p, ids)| (p, ids.into()))
                .collect();
            assert_eq!(order, expected, "{name}");
        }
    }

    #[test]
    fn each_band_bleeds_past_the_trim_edges_it_touches_only() {
        let row = |y: f64, height: f64, panels: Vec<Panel>| Row { y, height, panels };
        let poster = SheetPage {
            name: "poster".into(),
            rows: vec![
                row(0.0, 60.0, vec![panel("A", Role::Cover, 210.0)]),
                row(
                    60.0,
                    193.0,
                    vec![
                        panel("B", Role::Inside, 105.0),
                        panel("C", Role::Inside, 105.0),
                    ],
                ),
                row(253.0, 44.0, vec![panel("D", Role::Back, 210.0)]),
            ],
        };
        let views = panel_views(&poster, 3.0, &|role| format!("{role:?}"));
        let geometry: Vec<(&str, f64, f64, f64, f64)> = views
            .iter()
            .map(|v| (v.id.as_str(), v.x, v.y, v.width, v.height))
            .collect();
        assert_eq!(
            geometry,
            [
                ("A", 0.0, 0.0, 210.0, 60.0),
                ("B", 0.0, 60.0, 105.0, 193.0),
                ("C", 105.0, 60.0, 105.0, 193.0),
                ("D", 0.0, 253.0, 210.0, 44.0)
            ]
        );
        let bleeds: Vec<[f64; 4]> = views
            .iter()
            .map(|v| [v.bleed_left, v.bleed_right, v.bleed_top, v.bleed_bottom])
            .collect();
        assert_eq!(
            bleeds,
            [
                [3.0, 3.0, 3.0, 0.0],
                [3.0, 0.0, 0.0, 0.0],
                [0.0, 3.0, 0.0, 0.0],
                [3.0, 3.0, 0.0, 3.0]
            ]
        );
        assert_eq!(views[0].shape, Shape::Wide);
        assert_eq!(views[1].shape, Shape::Tall);
        assert_eq!(views[3].html, "Back");
    }
}
