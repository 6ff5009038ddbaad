//! Physical leaflet layouts, read from the theme's `leaflets/<name>.yaml`.
//!
//! A layout is data: sheet size, bleed, margins and, per printed page, the panels with their
//! widths and roles. A fold lists its panels left to right over the sheet's full height; a
//! poster lists `rows`, bands from top to bottom with a `height` each and their own panels
//! side by side. Both are read into the same model (rows of panels), so another fold (an A5
//! folder, a four-panel fold) or another poster is a new file, not new code. The panels with
//! role `inside` on one page stand side by side in one row and form a single text flow.
//!
//! The order panels are read in (the cover, the inside panels, the flap, the back) comes from
//! their roles ([`Role::reading_rank`]), not from the file: a layout lists panels as they
//! stand on the sheet, for printing.

use crate::diagnostic::{Position, SourceError};
use crate::theme::Theme;
use crate::yaml::YamlBlock;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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

impl Role {
    /// Where the role's panels come in the leaflet's reading order, which is the order of the
    /// print HTML and so of the tagged PDF a screen reader follows: the cover, the inside
    /// panels left to right, the flap, the back. Panels of one role keep the layout's order
    /// (pages first to last, rows top to bottom, panels left to right). The order comes
    /// from the roles, so every layout (a fold, an A5 folder, a poster) reads the same way
    /// without saying so in its file; where a panel stands on the sheet does not change it.
    pub fn reading_rank(self) -> u8 {
        match self {
            Role::Cover => 0,
            Role::Inside => 1,
            Role::Flap => 2,
            Role::Back => 3,
        }
    }
}

/// A checked layout: every page as bands from top to bottom, each band's panels from left
/// to right.
#[derive(Debug, Clone)]
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

/// One printed side of the sheet.
#[derive(Debug, Clone)]
pub struct SheetPage {
    pub name: String,
    /// From top to bottom; a fold has one row the height of the sheet.
    pub rows: Vec<Row>,
}

/// A band across the whole sheet, `height` mm high, `y` mm below the top trim edge.
#[derive(Debug, Clone)]
pub struct Row {
    pub y: f64,
    pub height: f64,
    pub panels: Vec<Panel>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub id: String,
    pub role: Role,
    pub width: f64,
}

impl Layout {
    /// Whether any page has a panel of `role`.
    pub fn has(&self, role: Role) -> bool {
        self.pages
            .iter()
            .flat_map(SheetPage::panels)
            .any(|panel| panel.role == role)
    }
}

impl SheetPage {
    /// Every panel of the side, row by row, left to right.
    pub fn panels(&self) -> impl Iterator<Item = &Panel> {
        self.rows.iter().flat_map(|row| &row.panels)
    }
}

/// The layout file as written: a page lists either `panels` side by side over the sheet's
/// full height (every fold) or `rows`, bands from top to bottom with their own panels (a
/// poster with a title band, text columns and a sender band).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayoutFile {
    name: String,
    sheet: Sheet,
    bleed: f64,
    margin: f64,
    min_edge: f64,
    pages: Vec<PageFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFile {
    name: String,
    panels: Option<Vec<Panel>>,
    rows: Option<Vec<RowFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowFile {
    height: f64,
    panels: Vec<Panel>,
}

const KEYS: &[&str] = &["name", "sheet", "bleed", "margin", "min_edge", "pages"];

/// A layout file that reads as YAML but does not describe a printable sheet.
#[derive(Debug, Clone, PartialEq)]
struct Invalid {
    message: String,
    hint: String,
    at: Place,
}

/// Where in the layout file an [`Invalid`] is shown.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// A top-level key.
    Key(&'static str),
    /// The page with this `name`.
    Page(String),
}

impl Invalid {
    fn at_page(page: &str, message: String, hint: &str) -> Invalid {
        Invalid {
            message,
            hint: hint.to_string(),
            at: Place::Page(page.to_string()),
        }
    }
}

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
    parse(&shown, &String::from_utf8_lossy(bytes))
}

/// Reads and checks the layout file `text`, shown in messages as `shown`.
pub(super) fn parse(shown: &Path, text: &str) -> Result<Layout, SourceError> {
    let block = YamlBlock {
        file: shown,
        text,
        lines_before: 0,
    };
    let file: LayoutFile = block.parse(KEYS).map_err(|mut e| e.remove(0))?;
    checked(file).map_err(|invalid| {
        let position = match &invalid.at {
            Place::Key(key) => block.key_position(key),
            Place::Page(page) => {
                page_position(text, page).unwrap_or_else(|| block.key_position("pages"))
            }
        };
        SourceError::new(shown, invalid.message)
            .at(position)
            .hint(invalid.hint)
    })
}

/// Where page `name` is named (`- name: outside`) in the layout `text`.
fn page_position(text: &str, name: &str) -> Option<Position> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let item = line.trim_start().trim_start_matches('-').trim_start();
        let value = item
            .strip_prefix("name:")
            .map(|v| v.trim().trim_matches(['"', '\'']));
        if value == Some(name) {
            let column = line.len() - item.len();
            return Some(Position::of_offset(text, offset + column));
        }
        offset += line.len();
    }
    None
}

/// The file's pages as rows, checked.
fn checked(file: LayoutFile) -> Result<Layout, Invalid> {
    let sheet = file.sheet;
    let pages = file
        .pages
        .into_iter()
        .map(|page| page_rows(page, sheet))
        .collect::<Result<_, _>>()?;
    let layout = Layout {
        name: file.name,
        sheet,
        bleed: file.bleed,
        margin: file.margin,
        min_edge: file.min_edge,
        pages,
    };
    check(&layout)?;
    Ok(layout)
}

/// A page's `panels` become one row the height of the sheet; its `rows` are stacked from
/// the top.
fn page_rows(page: PageFile, sheet: Sheet) -> Result<SheetPage, Invalid> {
    let rows = match (page.panels, page.rows) {
        (Some(panels), None) => vec![Row {
            y: 0.0,
            height: sheet.height,
            panels,
        }],
        (None, Some(rows)) => {
            let mut y = 0.0;
            rows.into_iter()
                .map(|row| {
                    let placed = Row {
                        y,
                        height: row.height,
                        panels: row.panels,
                    };
                    y += row.height;
                    placed
                })
                .collect()
        }
        (panels, _) => {
            let message = match panels {
                Some(_) => format!("page `{}` has both `panels` and `rows`", page.name),
                None => format!("page `{}` has neither `panels` nor `rows`", page.name),
            };
            return Err(Invalid::at_page(
                &page.name,
                message,
                "give a page `panels` side by side over the full sheet height (a fold), or `rows` (bands from top to bottom, each with `height` and `panels`)",
            ));
        }
    };
    Ok(SheetPage {
        name: page.name,
        rows,
    })
}

/// Rows fill the sheet's height and panels each row's width exactly, the inside panels of a
/// side form one run, and text stays clear of trim edges and folds.
fn check(layout: &Layout) -> Result<(), Invalid> {
    if layout.margin < layout.min_edge {
        return Err(Invalid {
            message: format!(
                "`margin` ({} mm) is below `min_edge` ({} mm)",
                layout.margin, layout.min_edge
            ),
            hint: "text would come closer to a trim edge or fold than `min_edge` allows; raise `margin`".to_string(),
            at: Place::Key("margin"),
        });
    }
    for page in &layout.pages {
        check_heights(layout, page)?;
        for (n, row) in page.rows.iter().enumerate() {
            check_widths(layout, page, n, row)?;
        }
        check_flow(layout, page)?;
    }
    Ok(())
}

fn check_heights(layout: &Layout, page: &SheetPage) -> Result<(), Invalid> {
    let total: f64 = page.rows.iter().map(|row| row.height).sum();
    if (total - layout.sheet.height).abs() > 0.01 {
        return Err(Invalid::at_page(
            &page.name,
            format!(
                "the rows of page `{}` are {total} mm high together, the sheet {} mm",
                page.name, layout.sheet.height
            ),
            "make the rows' `height`s add up to the sheet's `height`",
        ));
    }
    if let Some(row) = page
        .rows
        .iter()
        .position(|row| row.height <= 2.0 * layout.margin)
    {
        return Err(Invalid::at_page(
            &page.name,
            format!(
                "row {} of page `{}` is {} mm high, no more than its margins ({} mm each)",
                row + 1,
                page.name,
                page.rows[row].height,
                layout.margin
            ),
            "make the row higher than twice the `margin`, so it has room for text",
        ));
    }
    Ok(())
}

fn check_widths(layout: &Layout, page: &SheetPage, n: usize, row: &Row) -> Result<(), Invalid> {
    let total: f64 = row.panels.iter().map(|p| p.width).sum();
    if (total - layout.sheet.width).abs() <= 0.01 {
        return Ok(());
    }
    let panels = if page.rows.len() == 1 {
        format!("the panels of page `{}`", page.name)
    } else {
        format!("the panels of row {} of page `{}`", n + 1, page.name)
    };
    Err(Invalid::at_page(
        &page.name,
        format!(
            "{panels} are {total} mm wide together, the sheet {} mm",
            layout.sheet.width
        ),
        "make the panels' `width`s add up to the sheet's `width`",
    ))
}

/// The inside panels of a side are one text flow: side by side in one row, and its columns
/// clear of the trim edge.
fn check_flow(layout: &Layout, page: &SheetPage) -> Result<(), Invalid> {
    let Some(flow) = Flow::of(layout, page) else {
        return Ok(());
    };
    let inside = page.panels().filter(|p| p.role == Role::Inside).count();
    if inside != flow.panel_count {
        return Err(Invalid::at_page(
            &page.name,
            format!(
                "the inside panels of page `{}` are not side by side in one row",
                page.name
            ),
            "the inside panels of a page carry one text in columns: put them next to each other in one row",
        ));
    }
    let right_edge = flow.x + flow.width();
    if right_edge > layout.sheet.width - layout.min_edge + 0.01 {
        return Err(Invalid::at_page(
            &page.name,
            format!(
                "the inside flow of page `{}` comes closer than {} mm to the edge",
                page.name, layout.min_edge
            ),
            "the columns are as wide as the first inside panel allows; make the last inside panel at most `margin` − `min_edge` mm narrower than the first",
        ));
    }
    Ok(())
}

/// The geometry of the text flowing across consecutive `inside` panels of one row, as equal
/// CSS columns. Column width and gap are chosen so that the margins sit symmetrically around
/// each fold: columns of (first panel − 2 × margin) with gaps of 2 × margin. Above and below
/// the text is the margin of its row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Left edge of the first column, from the sheet's left trim edge.
    pub x: f64,
    /// Top of the columns, from the sheet's top trim edge.
    pub y: f64,
    pub height: f64,
    pub column_width: f64,
    pub gap: f64,
    pub panel_count: usize,
    /// Index of the flow's row on its page, and of the first flow panel in that row.
    pub row: usize,
    pub first_panel: usize,
}

impl Flow {
    pub fn of(layout: &Layout, page: &SheetPage) -> Option<Flow> {
        let (row_index, row, first) = page.rows.iter().enumerate().find_map(|(i, row)| {
            let first = row.panels.iter().position(|p| p.role == Role::Inside)?;
            Some((i, row, first))
        })?;
        let count = row.panels[first..]
            .iter()
            .take_while(|p| p.role == Role::Inside)
            .count();
        let x: f64 = row.panels[..first].iter().map(|p| p.width).sum::<f64>() + layout.margin;
        Some(Flow {
            x,
            y: row.y + layout.margin,
            height: row.height - 2.0 * layout.margin,
            column_width: row.panels[first].width - 2.0 * layout.margin,
            gap: 2.0 * layout.margin,
            panel_count: count,
            row: row_index,
            first_panel: first,
        })
    }

    pub fn width(&self) -> f64 {
        self.panel_count as f64 * (self.column_width + self.gap) - self.gap
    }

    /// The flow's last panel, which a column past the flow would follow.
    pub fn last_panel<'a>(&self, page: &'a SheetPage) -> &'a Panel {
        &page.rows[self.row].panels[self.first_panel + self.panel_count - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout in `text`, checked.
    fn checked_text(text: &str) -> Result<Layout, Invalid> {
        checked(serde_yaml::from_str(text).unwrap())
    }

    fn trifold() -> Layout {
        checked_text(include_str!(
            "../../themes/kommune/leaflets/trifold-a4.yaml"
        ))
        .unwrap()
    }

    const POSTER: &str = include_str!("../../themes/kommune/leaflets/poster-a4.yaml");

    #[test]
    fn the_kommune_trifold_is_consistent() {
        let layout = trifold();
        let flow = Flow::of(&layout, &layout.pages[1]).unwrap();
        assert_eq!(
            (flow.x, flow.column_width, flow.gap, flow.panel_count),
            (10.0, 80.0, 20.0, 3)
        );
        assert_eq!((flow.y, flow.height), (10.0, 190.0));
        assert_eq!(flow.last_panel(&layout.pages[1]).id, "F");
        assert!(Flow::of(&layout, &layout.pages[0]).is_none());
    }

    #[test]
    fn the_kommune_a5_folder_is_consistent() {
        let text = include_str!("../../themes/kommune/leaflets/bifold-a5.yaml");
        let layout = checked_text(text).unwrap();
        let flow = Flow::of(&layout, &layout.pages[1]).unwrap();
        assert_eq!(
            (flow.x, flow.column_width, flow.gap, flow.panel_count),
            (12.0, 124.5, 24.0, 2)
        );
    }

    #[test]
    fn the_kommune_poster_is_one_a4_portrait_page_of_three_bands() {
        let layout = checked_text(POSTER).unwrap();
        assert_eq!((layout.sheet.width, layout.sheet.height), (210.0, 297.0));
        assert_eq!(layout.pages.len(), 1, "one printed side");
        let page = &layout.pages[0];
        let roles: Vec<Vec<Role>> = page
            .rows
            .iter()
            .map(|row| row.panels.iter().map(|p| p.role).collect())
            .collect();
        assert_eq!(
            roles,
            [
                vec![Role::Cover],
                vec![Role::Inside, Role::Inside],
                vec![Role::Back]
            ]
        );
        let flow = Flow::of(&layout, page).unwrap();
        let middle = &page.rows[1];
        assert_eq!(flow.row, 1);
        assert_eq!(flow.y, middle.y + layout.margin);
        assert_eq!(flow.height, middle.height - 2.0 * layout.margin);
        assert_eq!((flow.x, flow.panel_count), (layout.margin, 2));
        assert_eq!(flow.x + flow.width(), 210.0 - layout.margin);
        assert_eq!(flow.last_panel(page).id, page.rows[1].panels[1].id);
    }

    #[test]
    fn panels_must_fill_the_sheet() {
        let mut layout = trifold();
        layout.pages[0].rows[0].panels[0].width = 90.0;
        let invalid = check(&layout).unwrap_err();
        assert!(invalid.message.contains("290 mm wide"), "{invalid:?}");
        assert_eq!(invalid.at, Place::Page("outside".into()));
    }

    #[test]
    fn rows_must_fill_the_sheet_height_and_each_row_its_width() {
        let short = POSTER.replacen("height: 60", "height: 50", 1);
        let invalid = checked_text(&short).unwrap_err();
        assert!(
            invalid
                .message
                .contains("287 mm high together, the sheet 297 mm"),
            "{invalid:?}"
        );
        assert!(invalid.hint.contains("`height`s"), "{invalid:?}");

        let narrow = POSTER.replacen("width: 105", "width: 100", 1);
        let invalid = checked_text(&narrow).unwrap_err();
        assert!(
            invalid
                .message
                .starts_with("the panels of row 2 of page `poster` are 205 mm wide"),
            "{invalid:?}"
        );
    }

    #[test]
    fn a_page_has_panels_or_rows_not_both() {
        let text = "name: x\nsheet: { width: 100, height: 100 }\nbleed: 3\nmargin: 10\nmin_edge: 5\npages:\n  - name: front\n    panels: [{ id: A, role: cover, width: 100 }]\n    rows: [{ height: 100, panels: [{ id: B, role: back, width: 100 }] }]\n";
        let invalid = checked_text(text).unwrap_err();
        assert!(
            invalid.message.contains("both `panels` and `rows`"),
            "{invalid:?}"
        );
        let text = "name: x\nsheet: { width: 100, height: 100 }\nbleed: 3\nmargin: 10\nmin_edge: 5\npages:\n  - name: front\n";
        let invalid = checked_text(text).unwrap_err();
        assert!(invalid.message.contains("neither"), "{invalid:?}");
    }

    #[test]
    fn a_row_needs_room_for_text_inside_its_margins() {
        let text = POSTER.replacen("height: 60", "height: 20", 1).replacen(
            "height: 193",
            "height: 233",
            1,
        );
        let invalid = checked_text(&text).unwrap_err();
        assert!(
            invalid
                .message
                .starts_with("row 1 of page `poster` is 20 mm high"),
            "{invalid:?}"
        );
    }

    #[test]
    fn inside_panels_stand_side_by_side_in_one_row() {
        let text = "name: x\nsheet: { width: 100, height: 200 }\nbleed: 3\nmargin: 10\nmin_edge: 5\npages:\n  - name: front\n    rows:\n      - { height: 100, panels: [{ id: A, role: inside, width: 100 }] }\n      - { height: 100, panels: [{ id: B, role: inside, width: 100 }] }\n";
        let invalid = checked_text(text).unwrap_err();
        assert!(
            invalid.message.contains("not side by side in one row"),
            "{invalid:?}"
        );
    }

    #[test]
    fn an_invalid_layout_is_an_error_at_its_page_with_a_hint() {
        let text = POSTER.replacen("height: 44", "height: 40", 1);
        let error = parse(Path::new("themes/kommune/leaflets/poster-a4.yaml"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("themes/kommune/leaflets/poster-a4.yaml:16:5: the rows of page `poster` are 293 mm high together, the sheet 297 mm"),
            "{error}"
        );
        assert!(
            error.contains("hint: make the rows' `height`s add up"),
            "{error}"
        );

        let text = POSTER.replacen("height: 60", "hieght: 60", 1);
        let error = parse(Path::new("poster-a4.yaml"), &text)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("poster-a4.yaml:"), "{error}");
        assert!(error.contains("hieght"), "{error}");
    }

    #[test]
    fn a_page_is_found_by_its_name() {
        let text = "pages:\n  - name: outside\n    panels: []\n  - name: \"inside\"\n";
        assert_eq!(
            page_position(text, "inside"),
            Some(Position { line: 4, column: 5 })
        );
        assert_eq!(page_position(text, "poster"), None);
    }
}
