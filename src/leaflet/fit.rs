//! The fit check: does every panel hold its text, and does every heading stay with it?
//! Measured in Chromium, the engine that prints the leaflet, so the answer matches the PDF.
//!
//! A fixed panel (flap, back, cover) overflows when its content box scrolls
//! (`scrollHeight > clientHeight`); the inside text overflows when the browser has to open
//! a column past the last inside panel. A word too long for its column sticks out sideways
//! (`scrollWidth > clientWidth`). A heading in the inside flow is *split* when its lines lie
//! in two columns, and *stranded* when the first text after it starts in another column
//! than its last line: the template's CSS should prevent both, and this is where a theme
//! that lost those rules (or a browser that ignored them) is caught rather than printed.
//!
//! Each finding names the edition, the panel, where the text comes from and how much is
//! over. Text from a page is named by its file and line; text from a setting (the cover's
//! subtitle, the contact text) by the key in `leaflet.yaml` or `site.yaml` that holds it,
//! with line and column. Quotes are the text as a reader sees it, without soft hyphens.
//!
//! The measurement reads the markup `leaflet.html` promises (documented in
//! `themes/kommune/README.md`): `.panel-content` inside `[data-panel]`, `.flow` with
//! `data-last-panel`, `[data-source]` blocks and `[data-key]` settings. A template that
//! renamed them would measure nothing and so report that everything fits; the check
//! therefore fails closed: the script also reports what it found, and anything the layout
//! says must be there and is not is an error naming the template.

use super::LeafletOutput;
use crate::chromium::Page;
use crate::diagnostic::{Position, SourceError};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::PathBuf;

/// Runs in the leaflet page; returns the findings (see [`Finding`]) and what was measured
/// (see [`Found`]).
const MEASURE: &str = include_str!("measure.js");

/// What [`MEASURE`] returns.
#[derive(Debug, Deserialize)]
struct Measurement {
    findings: Vec<Finding>,
    found: Found,
}

/// The markup the measurement found to measure.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
struct Found {
    /// Ids of the `[data-panel]` elements holding a `.panel-content`.
    panels: Vec<String>,
    /// `.flow` elements with `data-last-panel`.
    flows: usize,
    /// `[data-source]` blocks.
    sources: usize,
}

/// What one leaflet's page must contain for the measurement to mean anything, from its
/// layout and plan, and where the settings it shows are written.
#[derive(Debug, Clone)]
pub(super) struct Expected {
    /// The template the page was made from, as messages show it.
    pub template: PathBuf,
    /// The edition's leaflet.yaml, as messages show it.
    pub plan_file: PathBuf,
    /// Every panel that is not an inside panel: each needs a `.panel-content`.
    pub panels: Vec<String>,
    /// Sheet sides with inside panels: each needs a `.flow`.
    pub flows: usize,
    /// Whether the plan put text blocks in the page.
    pub source_blocks: bool,
    /// Whether the layout has a flap, where inside text that does not fit could go instead.
    pub has_flap: bool,
    /// The settings shown in fixed panels (`cover.subtitle`, `contact`), by `data-key`.
    pub keys: Vec<SettingPlace>,
}

/// Where a setting shown in the leaflet is written: `cover.subtitle` in leaflet.yaml.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SettingPlace {
    /// As the template's `data-key` names it.
    pub key: String,
    /// As the file writes it: `cover.title` in leaflet.yaml, or `title` in site.yaml when
    /// the plan leaves the cover title to the site's.
    pub shown: String,
    /// The file, as messages show it.
    pub file: PathBuf,
    pub position: Option<Position>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
struct Finding {
    kind: String,
    panel: String,
    over_px: f64,
    line_px: f64,
    source: Option<String>,
    /// The `data-key` of the setting whose text does not fit, when no page text is to blame.
    #[serde(default)]
    key: Option<String>,
    excerpt: String,
    /// For a split or stranded heading: the panel its text continues in.
    #[serde(default)]
    next_panel: Option<String>,
}

/// CSS pixels are 1/96 inch.
const MM_PER_PX: f64 = 25.4 / 96.0;

/// Measures one leaflet (at trim size) open in `page`; returns one problem per finding and
/// per piece of markup the measurement needed and did not find.
pub(super) fn measure(page: &Page<'_>, leaflet: &LeafletOutput) -> Result<Vec<SourceError>> {
    let value = page.evaluate_json(MEASURE)?;
    let measured: Measurement =
        serde_json::from_value(value).context("reading the leaflet measurements")?;
    let mut problems = missing_markup(&leaflet.edition, &leaflet.expected, &measured.found);
    problems.extend(
        measured
            .findings
            .into_iter()
            .map(|f| describe(&leaflet.edition, &leaflet.expected, f)),
    );
    Ok(problems)
}

/// Where to read what the fit check needs of a template.
const CONTRACT_HINT: &str = "the fit check measures the markup described in themes/kommune/README.md (\"What the fit check reads\"); keep those classes and attributes in a theme's leaflet.html, or the leaflet cannot be checked";

/// One error per piece of markup the layout and plan call for that the page lacks.
fn missing_markup(edition: &str, expected: &Expected, found: &Found) -> Vec<SourceError> {
    let mut missing: Vec<String> = expected
        .panels
        .iter()
        .filter(|id| !found.panels.contains(id))
        .map(|id| format!("panel {id} has no `.panel-content` element inside its `[data-panel=\"{id}\"]` element"))
        .collect();
    if found.flows < expected.flows {
        missing.push(format!(
            "the layout has inside panels on {} sheet side(s), but the page has {} `.flow` element(s) with `data-last-panel`",
            expected.flows, found.flows
        ));
    }
    if expected.source_blocks && found.sources == 0 {
        missing.push("no element has `data-source`: the panel text (`panel.html`, `sheet.flow.html`) is not in the page".to_string());
    }
    missing
        .into_iter()
        .map(|what| {
            SourceError::new(
                &expected.template,
                format!("leaflet of edition `{edition}` cannot be measured: {what}"),
            )
            .hint(CONTRACT_HINT)
        })
        .collect()
}

fn describe(edition: &str, expected: &Expected, finding: Finding) -> SourceError {
    let mm = finding.over_px * MM_PER_PX;
    let lines = (finding.over_px / finding.line_px.max(1.0)).ceil() as usize;
    let about = format!("about {lines} line{}", if lines == 1 { "" } else { "s" });
    let panel = &finding.panel;
    let quote = &finding.excerpt;
    let next = finding.next_panel.as_deref().unwrap_or("the next panel");
    let setting = finding
        .key
        .as_deref()
        .filter(|_| finding.source.is_none())
        .and_then(|key| expected.keys.iter().find(|place| place.key == key));
    let (message, hint) = match finding.kind.as_str() {
        "sideways" => (
            format!("leaflet of edition `{edition}`, panel {panel}: a word is {mm:.1} mm too wide for the column (\"{quote}\")"),
            "break the long word or address with a hyphen or a space, or shorten it".to_string(),
        ),
        "extra-column" => (
            format!("leaflet of edition `{edition}`, panel {panel}: the inside text needs a panel more; {mm:.1} mm ({about}) do not fit, from this block on (\"{quote}\")"),
            if expected.has_flap {
                format!("shorten the inside text by {about}, or move a section to the flap in leaflet.yaml")
            } else {
                format!("shorten the inside text by {about}, or leave a section out of `inside:` in leaflet.yaml")
            },
        ),
        "heading-split" => (
            format!("leaflet of edition `{edition}`, panel {panel}: the heading \"{quote}\" is split between panels {panel} and {next}"),
            HEADING_HINT.to_string(),
        ),
        "heading-stranded" => (
            format!("leaflet of edition `{edition}`, panel {panel}: the heading \"{quote}\" is the last thing in panel {panel}; its text starts in panel {next}"),
            HEADING_HINT.to_string(),
        ),
        _ => match setting {
            Some(place) => (
                format!("leaflet of edition `{edition}`, panel {panel}: the text is {mm:.1} mm ({about}) too long for the panel; `{}` (\"{quote}\") does not fit", place.shown),
                format!("shorten `{}` by {about}, or make room in panel {panel}", place.shown),
            ),
            None => (
                format!("leaflet of edition `{edition}`, panel {panel}: the text is {mm:.1} mm ({about}) too long, from this block on (\"{quote}\")"),
                format!("shorten the text of this panel by {about}, or move part of it to another panel in leaflet.yaml"),
            ),
        },
    };
    if let Some(place) = setting {
        let error = SourceError::new(&place.file, message).hint(hint);
        return match place.position {
            Some(position) => error.at(position),
            None => error,
        };
    }
    let (file, line) = match finding.source.as_deref().and_then(|s| s.rsplit_once(':')) {
        Some((file, line)) => (PathBuf::from(file), line.parse().ok()),
        None => (expected.plan_file.clone(), None),
    };
    let error = SourceError::new(file, message).hint(hint);
    match line {
        Some(line) => error.at(Position { line, column: 1 }),
        None => error,
    }
}

/// What to do about a heading that does not stay with its text.
const HEADING_HINT: &str = "the theme keeps headings with their text (`break-inside: avoid` and `break-after: avoid` on h1–h6, `.keep-with-next` around a heading and the block after it); restore those rules if a template override removed them, or start the section in the next panel with `break_before: true` in leaflet.yaml or a `<!-- pjece:break -->` line";

/// Where `key` (dotted for nesting: `cover.subtitle`) is written in the YAML `text`: each
/// segment is looked for as `segment:` after the line of the one before. `None` when it is
/// not written there (a default).
pub(super) fn key_position(text: &str, key: &str) -> Option<Position> {
    let mut from = 0;
    let mut found = None;
    for segment in key.split('.') {
        let mut offset = from;
        let mut hit = None;
        for line in text[from..].split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            if rest
                .strip_prefix(segment)
                .is_some_and(|after| after.trim_start().starts_with(':'))
            {
                hit = Some(offset + indent);
                break;
            }
            offset += line.len();
        }
        let at = hit?;
        found = Some(Position::of_offset(text, at));
        from = at;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected() -> Expected {
        Expected {
            template: PathBuf::from("templates/leaflet.html"),
            plan_file: PathBuf::from("content/e1/leaflet.yaml"),
            panels: vec!["A".into(), "B".into(), "C".into()],
            flows: 1,
            source_blocks: true,
            has_flap: true,
            keys: vec![SettingPlace {
                key: "cover.subtitle".into(),
                shown: "cover.subtitle".into(),
                file: PathBuf::from("content/e1/leaflet.yaml"),
                position: Some(Position { line: 4, column: 3 }),
            }],
        }
    }

    #[test]
    fn findings_name_the_file_line_panel_and_amount() {
        let finding = Finding {
            kind: "extra-column".into(),
            panel: "F".into(),
            over_px: 96.0 / 25.4 * 12.0,
            line_px: 15.0,
            source: Some("content/e1/gode-raad.md:14".into()),
            excerpt: "Skriv ikke noget:".into(),
            ..Finding::default()
        };
        let error = describe("e1", &expected(), finding);
        let text = error.to_string();
        assert!(text.starts_with("content/e1/gode-raad.md:14:1: leaflet of edition `e1`, panel F: the inside text needs a panel more; 12.0 mm (about 4 lines)"), "{text}");
        assert!(text.contains("by about 4 lines"), "{text}");
        assert!(text.contains("to the flap"), "{text}");
    }

    #[test]
    fn without_a_flap_overflowing_inside_text_is_not_sent_to_one() {
        let finding = Finding {
            kind: "extra-column".into(),
            panel: "C".into(),
            over_px: 96.0 / 25.4 * 12.0,
            line_px: 15.0,
            source: Some("content/e1/regler.md:3".into()),
            excerpt: "Regler".into(),
            ..Finding::default()
        };
        let poster = Expected {
            has_flap: false,
            ..expected()
        };
        let text = describe("e1", &poster, finding).to_string();
        assert!(!text.contains("flap"), "{text}");
        assert!(text.contains("leave a section out of `inside:`"), "{text}");
    }

    #[test]
    fn an_overflowing_setting_is_blamed_on_its_key() {
        let finding = Finding {
            kind: "overflow".into(),
            panel: "C".into(),
            over_px: 30.0,
            line_px: 15.0,
            key: Some("cover.subtitle".into()),
            excerpt: "for ansattes brug".into(),
            ..Finding::default()
        };
        let text = describe("e1", &expected(), finding).to_string();
        assert!(text.starts_with("content/e1/leaflet.yaml:4:3: leaflet of edition `e1`, panel C: the text is 7.9 mm (about 2 lines) too long for the panel; `cover.subtitle` (\"for ansattes brug\")"), "{text}");
        assert!(
            text.contains("shorten `cover.subtitle` by about 2 lines"),
            "{text}"
        );
    }

    #[test]
    fn a_stranded_heading_names_both_panels() {
        let finding = Finding {
            kind: "heading-stranded".into(),
            panel: "D".into(),
            source: Some("content/e1/a.md:7".into()),
            excerpt: "Det må du ikke".into(),
            next_panel: Some("E".into()),
            ..Finding::default()
        };
        let text = describe("e1", &expected(), finding).to_string();
        assert!(text.starts_with("content/e1/a.md:7:1: leaflet of edition `e1`, panel D: the heading \"Det må du ikke\" is the last thing in panel D; its text starts in panel E"), "{text}");
    }

    #[test]
    fn keys_are_found_below_their_parents() {
        let text = "layout: x\ntitle: no\ncover:\n  title: Ja\n  subtitle: Mere\n";
        assert_eq!(
            key_position(text, "cover.subtitle"),
            Some(Position { line: 5, column: 3 })
        );
        assert_eq!(
            key_position(text, "cover.title"),
            Some(Position { line: 4, column: 3 })
        );
        assert_eq!(key_position(text, "contact"), None);
    }

    #[test]
    fn missing_markup_is_named_with_the_template() {
        let expected = Expected {
            template: PathBuf::from("templates/leaflet.html"),
            plan_file: PathBuf::from("content/e1/leaflet.yaml"),
            panels: vec!["A".into(), "B".into(), "C".into()],
            flows: 1,
            source_blocks: true,
            has_flap: true,
            keys: Vec::new(),
        };
        let found = Found {
            panels: vec!["B".into()],
            flows: 0,
            sources: 0,
        };
        let errors: Vec<String> = missing_markup("e1", &expected, &found)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("templates/leaflet.html: leaflet of edition `e1` cannot be measured: panel A has no `.panel-content`"), "{}", errors[0]);
        assert!(
            errors[2].contains("1 sheet side(s), but the page has 0 `.flow`"),
            "{}",
            errors[2]
        );
        assert!(
            errors[3].contains("themes/kommune/README.md"),
            "{}",
            errors[3]
        );
        let all = Found {
            panels: vec!["A".into(), "B".into(), "C".into()],
            flows: 1,
            sources: 12,
        };
        assert!(missing_markup("e1", &expected, &all).is_empty());
    }
}
