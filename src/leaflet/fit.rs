//! The fit check: does every panel hold its text? Measured in Chromium, the engine that
//! prints the leaflet, so the answer matches the PDF exactly.
//!
//! A fixed panel (flap, back, cover) overflows when its content box scrolls
//! (`scrollHeight > clientHeight`); the inside text overflows when the browser has to open
//! a column past the last inside panel. A word too long for its column sticks out sideways
//! (`scrollWidth > clientWidth`). Each finding names the edition, the panel, the source file
//! and line of the first block that does not fit, and how much is over.
//!
//! The measurement reads the markup `leaflet.html` promises (documented in
//! `themes/kommune/README.md`): `.panel-content` inside `[data-panel]`, `.flow` with
//! `data-last-panel`, and `[data-source]` blocks. A template that renamed them would measure
//! nothing and so report that everything fits; the check therefore fails closed: the script
//! also reports what it found, and anything the layout says must be there and is not is an
//! error naming the template.

use super::LeafletOutput;
use crate::chromium::Browser;
use crate::diagnostic::{Diagnostics, Position, SourceError};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Runs in the leaflet page; returns the findings (see [`Finding`]) and what was measured
/// (see [`Found`]).
const MEASURE: &str = r#"(() => {
  const findings = [];
  const rectsPast = (el, right) => [...el.getClientRects()].filter(r => r.left >= right - 0.5);
  const lineHeight = el => parseFloat(getComputedStyle(el).lineHeight) || 16;
  const panels = [];
  for (const box of document.querySelectorAll('.panel-content')) {
    const holder = box.closest('[data-panel]');
    if (!holder) continue;
    const panel = holder.dataset.panel;
    panels.push(panel);
    if (box.scrollHeight > box.clientHeight + 1) {
      const limit = box.getBoundingClientRect().bottom + 0.5;
      const first = [...box.querySelectorAll('[data-source]')].find(b => b.getBoundingClientRect().bottom > limit);
      findings.push({ kind: 'overflow', panel, over_px: box.scrollHeight - box.clientHeight,
        line_px: lineHeight(box), source: first ? first.dataset.source : null,
        excerpt: first ? first.textContent.trim().slice(0, 60) : '' });
    }
  }
  const flows = document.querySelectorAll('.flow[data-last-panel]');
  for (const flow of flows) {
    const right = flow.getBoundingClientRect().right;
    const blocks = [...flow.querySelectorAll('[data-source]')];
    const past = blocks.filter(b => rectsPast(b, right).length > 0);
    if (past.length > 0) {
      const over = past.reduce((sum, b) => sum + rectsPast(b, right).reduce((s, r) => s + r.height, 0), 0);
      findings.push({ kind: 'extra-column', panel: flow.dataset.lastPanel, over_px: over,
        line_px: lineHeight(flow), source: past[0].dataset.source,
        excerpt: past[0].textContent.trim().slice(0, 60) });
    }
  }
  const sources = document.querySelectorAll('[data-source]');
  for (const block of sources) {
    if (block.scrollWidth > block.clientWidth + 1) {
      const holder = block.closest('[data-panel]');
      const flow = block.closest('.flow[data-last-panel]');
      const panel = holder ? holder.dataset.panel : flow ? flow.dataset.lastPanel : '?';
      findings.push({ kind: 'sideways', panel,
        over_px: block.scrollWidth - block.clientWidth, line_px: lineHeight(block),
        source: block.dataset.source, excerpt: block.textContent.trim().slice(0, 60) });
    }
  }
  return { findings, found: { panels, flows: flows.length, sources: sources.length } };
})()"#;

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
/// layout and plan.
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
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
struct Finding {
    kind: String,
    panel: String,
    over_px: f64,
    line_px: f64,
    source: Option<String>,
    excerpt: String,
}

/// CSS pixels are 1/96 inch.
const MM_PER_PX: f64 = 25.4 / 96.0;

/// Measures every leaflet (at trim size) in `out_dir`; returns one problem per finding and
/// per piece of markup the measurement needed and did not find.
pub(super) fn check(
    browser: &Browser,
    out_dir: &Path,
    leaflets: &[LeafletOutput],
) -> Result<Diagnostics> {
    let mut problems = Diagnostics::new();
    for leaflet in leaflets {
        let html = out_dir.join(leaflet.trim_html.file());
        let value = browser.evaluate_json(&html, MEASURE)?;
        let measured: Measurement =
            serde_json::from_value(value).context("reading the leaflet measurements")?;
        problems.extend(missing_markup(
            &leaflet.edition,
            &leaflet.expected,
            &measured.found,
        ));
        let plan_file = &leaflet.expected.plan_file;
        problems.extend(
            measured
                .findings
                .into_iter()
                .map(|f| describe(&leaflet.edition, plan_file, f)),
        );
    }
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

fn describe(edition: &str, plan_file: &Path, finding: Finding) -> SourceError {
    let (file, line) = match finding.source.as_deref().and_then(|s| s.rsplit_once(':')) {
        Some((file, line)) => (PathBuf::from(file), line.parse().ok()),
        None => (plan_file.to_path_buf(), None),
    };
    let mm = finding.over_px * MM_PER_PX;
    let lines = (finding.over_px / finding.line_px.max(1.0)).ceil();
    let panel = &finding.panel;
    let (message, hint) = match finding.kind.as_str() {
        "sideways" => (
            format!("leaflet of edition `{edition}`, panel {panel}: a word is {mm:.1} mm too wide for the column (\"{}\")", finding.excerpt),
            "break the long word or address with a hyphen or a space, or shorten it",
        ),
        "extra-column" => (
            format!("leaflet of edition `{edition}`, panel {panel}: the inside text needs a panel more; {mm:.1} mm (about {lines} lines) do not fit, from this block on (\"{}\")", finding.excerpt),
            "shorten the inside text, or move a section to the flap in leaflet.yaml",
        ),
        _ => (
            format!("leaflet of edition `{edition}`, panel {panel}: the text is {mm:.1} mm (about {lines} lines) too long, from this block on (\"{}\")", finding.excerpt),
            "shorten the text of this panel, or move part of it to another panel in leaflet.yaml",
        ),
    };
    let error = SourceError::new(file, message).hint(hint);
    match line {
        Some(line) => error.at(Position { line, column: 1 }),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_name_the_file_line_panel_and_amount() {
        let finding = Finding {
            kind: "extra-column".into(),
            panel: "F".into(),
            over_px: 96.0 / 25.4 * 12.0,
            line_px: 15.0,
            source: Some("content/e1/gode-raad.md:14".into()),
            excerpt: "Skriv ikke noget:".into(),
        };
        let text = describe("e1", Path::new("content/e1/leaflet.yaml"), finding).to_string();
        assert!(text.starts_with("content/e1/gode-raad.md:14:1: leaflet of edition `e1`, panel F: the inside text needs a panel more; 12.0 mm (about 4 lines)"), "{text}");
    }

    #[test]
    fn missing_markup_is_named_with_the_template() {
        let expected = Expected {
            template: PathBuf::from("templates/leaflet.html"),
            plan_file: PathBuf::from("content/e1/leaflet.yaml"),
            panels: vec!["A".into(), "B".into(), "C".into()],
            flows: 1,
            source_blocks: true,
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
