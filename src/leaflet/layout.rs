//! Physical leaflet layouts, read from the theme's `leaflets/<name>.yaml`.
//!
//! A layout is data: sheet size, bleed, margins and, per printed page, the panels from left
//! to right with their widths and roles. Another fold (an A5 folder, a four-panel fold) is a
//! new file, not new code. The panels with role `inside` on one page form a single text flow.

use crate::diagnostic::SourceError;
use crate::theme::Theme;
use crate::yaml::YamlBlock;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The front: title and organisation.
    Cover,
    /// The outside back: organisation, logo, contact, QR code, edition.
    Back,
    /// The panel that folds in, read when the cover is opened.
    Flap,
    /// Inside panels: one text flowing from the first to the last.
    Inside,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub name: String,
    pub sheet: Sheet,
    pub bleed: f64,
    pub margin: f64,
    pub min_edge: f64,
    pub pages: Vec<SheetPage>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetPage {
    pub name: String,
    pub panels: Vec<Panel>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub id: String,
    pub role: Role,
    pub width: f64,
}

const KEYS: &[&str] = &["name", "sheet", "bleed", "margin", "min_edge", "pages"];

/// Loads and checks layout `name` of the theme.
pub fn load(theme: &Theme, name: &str) -> Result<Layout, SourceError> {
    let path = format!("leaflets/{name}.yaml");
    let shown = PathBuf::from(format!("themes/{}/{path}", theme.name));
    let Some(bytes) = theme.files.get(&path) else {
        let available: Vec<&str> = theme
            .files
            .keys()
            .filter_map(|k| k.strip_prefix("leaflets/")?.strip_suffix(".yaml"))
            .collect();
        return Err(SourceError::new(
            &shown,
            format!("theme `{}` has no leaflet layout `{name}`", theme.name),
        )
        .hint(format!("available layouts: {}", available.join(", "))));
    };
    let text = String::from_utf8_lossy(bytes);
    let block = YamlBlock {
        file: &shown,
        text: &text,
        lines_before: 0,
    };
    let layout: Layout = block.parse(KEYS).map_err(|mut e| e.remove(0))?;
    check(&layout).map_err(|message| SourceError::new(&shown, message))?;
    Ok(layout)
}

/// Panels fill the sheet exactly, and text stays clear of trim edges and folds.
fn check(layout: &Layout) -> Result<(), String> {
    if layout.margin < layout.min_edge {
        return Err(format!(
            "`margin` ({} mm) is below `min_edge` ({} mm)",
            layout.margin, layout.min_edge
        ));
    }
    for page in &layout.pages {
        let total: f64 = page.panels.iter().map(|p| p.width).sum();
        if (total - layout.sheet.width).abs() > 0.01 {
            return Err(format!(
                "the panels of page `{}` are {total} mm wide together, the sheet {} mm",
                page.name, layout.sheet.width
            ));
        }
        if let Some(flow) = Flow::of(layout, page) {
            let right_edge =
                flow.x + flow.panel_count as f64 * (flow.column_width + flow.gap) - flow.gap;
            if right_edge > layout.sheet.width - layout.min_edge + 0.01 {
                return Err(format!(
                    "the inside flow of page `{}` comes closer than {} mm to the edge",
                    page.name, layout.min_edge
                ));
            }
        }
    }
    Ok(())
}

/// The geometry of the text flowing across consecutive `inside` panels, as equal CSS
/// columns. Column width and gap are chosen so that the margins sit symmetrically around
/// each fold: columns of (first panel − 2 × margin) with gaps of 2 × margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Left edge of the first column, from the sheet's left trim edge.
    pub x: f64,
    pub column_width: f64,
    pub gap: f64,
    pub panel_count: usize,
    /// Index of the first flow panel on its page.
    pub first_panel: usize,
}

impl Flow {
    pub fn of(layout: &Layout, page: &SheetPage) -> Option<Flow> {
        let first = page.panels.iter().position(|p| p.role == Role::Inside)?;
        let count = page.panels[first..]
            .iter()
            .take_while(|p| p.role == Role::Inside)
            .count();
        let x: f64 = page.panels[..first].iter().map(|p| p.width).sum::<f64>() + layout.margin;
        Some(Flow {
            x,
            column_width: page.panels[first].width - 2.0 * layout.margin,
            gap: 2.0 * layout.margin,
            panel_count: count,
            first_panel: first,
        })
    }

    pub fn width(&self) -> f64 {
        self.panel_count as f64 * (self.column_width + self.gap) - self.gap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trifold() -> Layout {
        let text = include_str!("../../themes/kommune/leaflets/trifold-a4.yaml");
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn the_kommune_trifold_is_consistent() {
        let layout = trifold();
        check(&layout).unwrap();
        let flow = Flow::of(&layout, &layout.pages[1]).unwrap();
        assert_eq!(
            (flow.x, flow.column_width, flow.gap, flow.panel_count),
            (10.0, 80.0, 20.0, 3)
        );
        assert!(Flow::of(&layout, &layout.pages[0]).is_none());
    }

    #[test]
    fn the_kommune_a5_folder_is_consistent() {
        let text = include_str!("../../themes/kommune/leaflets/bifold-a5.yaml");
        let layout: Layout = serde_yaml::from_str(text).unwrap();
        check(&layout).unwrap();
        let flow = Flow::of(&layout, &layout.pages[1]).unwrap();
        assert_eq!(
            (flow.x, flow.column_width, flow.gap, flow.panel_count),
            (12.0, 124.5, 24.0, 2)
        );
    }

    #[test]
    fn panels_must_fill_the_sheet() {
        let mut layout = trifold();
        layout.pages[0].panels[0].width = 90.0;
        assert!(check(&layout).unwrap_err().contains("290 mm wide"));
    }
}
