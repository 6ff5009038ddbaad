//! `content/<edition>/leaflet.yaml`: which pages fill which panels of the printed leaflet.
//!
//! ```yaml
//! layout: trifold-a4            # the theme's leaflets/trifold-a4.yaml
//! cover: { title: Retningslinjer, subtitle: for ansattes brug af … }
//! flap:   [{ page: du-maa-gerne.md, title: false }]
//! back:   []                    # extra text under the organisation, contact and QR code
//! inside: [{ page: gode-raad.md }, { page: fotos.md#tilladelse }]
//! contact: Ring til HR på 88 72 40 00   # the leaflet's own; else site.yaml's, "" for none
//! ```
//! Panel text comes from the same Markdown the website uses; nothing is copied. A source is
//! a whole page (shown under its title unless `title: false`) or one section (`#anchor`).
//!
//! The plan is read while the edition loads, not when the leaflet is drawn, so a page it
//! names that does not exist, an anchor no heading has or a misspelt key is reported in the
//! same round as every other content problem. What it keeps is owned and checked: pages by
//! their index in `Edition::pages`, anchors known to exist. Only the layout name waits for
//! the theme, which the leaflet stage loads.

use super::{EditionId, Page};
use crate::diagnostic::{suggest, Position, SourceError};
use crate::yaml::YamlBlock;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The plan's file name in an edition folder.
pub const FILE_NAME: &str = "leaflet.yaml";

/// The layout used when the plan names none.
const DEFAULT_LAYOUT: &str = "trifold-a4";

/// A validated leaflet plan for one edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafletPlan {
    /// The plan's file on disk, for messages about the leaflet as a whole.
    pub file: PathBuf,
    /// The name of the theme's physical layout, `leaflets/<layout>.yaml`.
    pub layout: String,
    pub cover: Cover,
    pub flap: Vec<PlanSource>,
    pub back: Vec<PlanSource>,
    pub inside: Vec<PlanSource>,
    /// The contact text on the back panel.
    pub contact: LeafletContact,
}

/// Which contact text the leaflet's back panel shows: a leaflet handed out at a meeting may
/// name another contact than the website's footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafletContact {
    /// No `contact:` in the plan: site.yaml's `contact`, as in every page's footer.
    Site,
    /// `contact: …` in the plan (Markdown).
    Own(String),
    /// `contact: ""`: none on the leaflet, whatever site.yaml says.
    Hidden,
}

/// The words on the front panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// The plan's `cover.title`, else the site title.
    pub title: String,
    pub subtitle: Option<String>,
}

/// A page, or a section of it, placed in a panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSource {
    /// Index of the page in `Edition::pages`.
    pub page: usize,
    /// A heading's anchor: the section under it, up to the next heading of its level.
    pub section: Option<String>,
    /// Print the page title above a whole page.
    pub show_title: bool,
    /// Start this source at the top of the next panel.
    pub break_before: bool,
}

impl LeafletPlan {
    /// Whether any panel gets text from a page.
    pub fn has_text(&self) -> bool {
        !(self.flap.is_empty() && self.back.is_empty() && self.inside.is_empty())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default = "default_layout")]
    layout: String,
    #[serde(default)]
    cover: RawCover,
    #[serde(default)]
    flap: Vec<RawSource>,
    #[serde(default)]
    back: Vec<RawSource>,
    #[serde(default)]
    inside: Vec<RawSource>,
    contact: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCover {
    title: Option<String>,
    subtitle: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    page: String,
    #[serde(default = "yes")]
    title: bool,
    #[serde(default)]
    break_before: bool,
}

fn default_layout() -> String {
    DEFAULT_LAYOUT.to_string()
}

fn yes() -> bool {
    true
}

const KEYS: &[&str] = &["layout", "cover", "flap", "back", "inside", "contact"];

/// The pages of the edition a plan may name.
pub(super) struct EditionPages<'a> {
    pub id: &'a EditionId,
    /// Sorted as in `Edition::pages`.
    pub pages: &'a [Page],
    pub by_source: &'a HashMap<String, usize>,
    /// Source paths of pages that could not be read; their errors are already reported,
    /// so the plan naming them is not a second problem.
    pub unreadable: &'a [String],
}

/// Reads and checks the plan in `text` (the file `file`, shown in messages as `shown`);
/// `site_title` is the cover title when the plan names none.
pub(super) fn parse(
    file: &Path,
    shown: &Path,
    text: &str,
    pages: &EditionPages<'_>,
    site_title: &str,
) -> Result<LeafletPlan, Vec<SourceError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let block = YamlBlock {
        file: shown,
        text,
        lines_before: 0,
    };
    let raw: RawPlan = block.parse(KEYS)?;
    let mut errors = Vec::new();
    let mut resolve = |sources: Vec<RawSource>| -> Vec<PlanSource> {
        sources
            .into_iter()
            .filter_map(|raw| match resolve_source(pages, &raw) {
                Ok(source) => source,
                Err((message, hint)) => {
                    errors.push(
                        SourceError::new(shown, message)
                            .at(page_position(&block, &raw.page))
                            .hint(hint),
                    );
                    None
                }
            })
            .collect()
    };
    let plan = LeafletPlan {
        file: file.to_path_buf(),
        layout: raw.layout,
        cover: Cover {
            title: raw.cover.title.unwrap_or_else(|| site_title.to_string()),
            subtitle: raw.cover.subtitle,
        },
        flap: resolve(raw.flap),
        back: resolve(raw.back),
        inside: resolve(raw.inside),
        contact: match raw.contact.as_deref().map(str::trim) {
            None => LeafletContact::Site,
            Some("") => LeafletContact::Hidden,
            Some(own) => LeafletContact::Own(own.to_string()),
        },
    };
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// The source a `page:` entry names; `Ok(None)` for a page whose own error is reported.
fn resolve_source(
    pages: &EditionPages<'_>,
    raw: &RawSource,
) -> Result<Option<PlanSource>, (String, String)> {
    let (path, section) = match raw.page.split_once('#') {
        Some((p, s)) => (p, Some(s.to_string())),
        None => (raw.page.as_str(), None),
    };
    let Some(&index) = pages.by_source.get(path) else {
        if pages.unreadable.iter().any(|p| p == path) {
            return Ok(None);
        }
        let hint = match suggest(path, pages.pages.iter().map(|p| p.path.as_str())) {
            Some(near) => format!("did you mean `{near}`? Name a page of this edition by its path"),
            None => "name a page of this edition by its path, optionally with a heading's #anchor, e.g. `page: gode-raad.md#skriv-ikke-noget`".to_string(),
        };
        return Err((format!("edition `{}` has no page `{path}`", pages.id), hint));
    };
    if let Some(section) = &section {
        let anchors = crate::markdown::heading_ids(&pages.pages[index].body);
        if !anchors.contains(section) {
            let hint = match suggest(section, anchors.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `#{near}`?"),
                None if anchors.is_empty() => {
                    format!("{path} has no headings; name the whole page")
                }
                None => format!("the anchors of {path}: #{}", anchors.join(", #")),
            };
            return Err((
                format!("{path} has no heading with the anchor `#{section}`"),
                hint,
            ));
        }
    }
    Ok(Some(PlanSource {
        page: index,
        section,
        show_title: raw.title,
        break_before: raw.break_before,
    }))
}

/// Where `page: <value>` is written, for errors about it.
fn page_position(block: &YamlBlock<'_>, value: &str) -> Position {
    match block.text.find(&format!("page: {value}")) {
        Some(offset) => block.position(offset),
        None => block.position(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, body: &str) -> Page {
        Page {
            id: super::super::PageId(path.trim_end_matches(".md").into()),
            source: PathBuf::from(path),
            path: path.into(),
            url: String::new(),
            title: path.into(),
            weight: 0,
            summary: None,
            body: body.into(),
            body_line_offset: 3,
        }
    }

    fn parse_with(text: &str) -> Result<LeafletPlan, Vec<SourceError>> {
        let pages = [
            page("index.md", "Forside.\n"),
            page("fotos.md", "## Tilladelse\n\nSpørg først.\n"),
        ];
        let by_source = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        let id = EditionId("e1".into());
        let unreadable = ["brudt.md".to_string()];
        let edition = EditionPages {
            id: &id,
            pages: &pages,
            by_source: &by_source,
            unreadable: &unreadable,
        };
        let file = Path::new("content/e1/leaflet.yaml");
        parse(file, file, text, &edition, "Retningslinjer")
    }

    #[test]
    fn sources_refer_to_pages_by_index_and_default_the_cover_to_the_site_title() {
        let plan =
            parse_with("inside:\n  - page: fotos.md#tilladelse\n    break_before: true\n").unwrap();
        assert_eq!(plan.layout, "trifold-a4");
        assert_eq!(plan.cover.title, "Retningslinjer");
        assert_eq!(
            plan.inside,
            [PlanSource {
                page: 1,
                section: Some("tilladelse".into()),
                show_title: true,
                break_before: true,
            }]
        );
        assert!(plan.has_text());
    }

    #[test]
    fn every_missing_page_and_anchor_is_reported_at_its_line() {
        let errors = parse_with(
            "flap:\n  - page: foto.md\nback:\n  - page: brudt.md\ninside:\n  - page: fotos.md#tilladlse\n",
        )
        .unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text[0].starts_with("content/e1/leaflet.yaml:2:5: edition `e1` has no page `foto.md`"),
            "{}",
            text[0]
        );
        assert!(text[0].contains("did you mean `fotos.md`?"), "{}", text[0]);
        assert!(
            text[1].starts_with(
                "content/e1/leaflet.yaml:6:5: fotos.md has no heading with the anchor `#tilladlse`"
            ),
            "{}",
            text[1]
        );
        assert!(
            text[1].contains("did you mean `#tilladelse`?"),
            "{}",
            text[1]
        );
    }

    #[test]
    fn unknown_keys_are_named() {
        let errors = parse_with("flaps: []\n").unwrap_err();
        assert!(
            errors[0].to_string().contains("did you mean `flap`?"),
            "{}",
            errors[0]
        );
    }
}
