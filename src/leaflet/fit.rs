//! The fit check: does every panel hold its text? Measured in Chromium, the engine that
//! prints the leaflet, so the answer matches the PDF exactly.
//!
//! A fixed panel (flap, back, cover) overflows when its content box scrolls
//! (`scrollHeight > clientHeight`); the inside text overflows when the browser has to open
//! a column past the last inside panel. A word too long for its column sticks out sideways
//! (`scrollWidth > clientWidth`). Each finding names the edition, the panel, the source file
//! and line of the first block that does not fit, and how much is over.

use super::LeafletOutput;
use crate::chromium::Browser;
use crate::diagnostic::{Diagnostics, Position, SourceError};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Runs in the leaflet page; returns a list of findings (see [`Finding`]).
const MEASURE: &str = r#"(() => {
  const findings = [];
  const rectsPast = (el, right) => [...el.getClientRects()].filter(r => r.left >= right - 0.5);
  const lineHeight = el => parseFloat(getComputedStyle(el).lineHeight) || 16;
  for (const box of document.querySelectorAll('.panel-content')) {
    const panel = box.closest('[data-panel]').dataset.panel;
    if (box.scrollHeight > box.clientHeight + 1) {
      const limit = box.getBoundingClientRect().bottom + 0.5;
      const first = [...box.querySelectorAll('[data-source]')].find(b => b.getBoundingClientRect().bottom > limit);
      findings.push({ kind: 'overflow', panel, over_px: box.scrollHeight - box.clientHeight,
        line_px: lineHeight(box), source: first ? first.dataset.source : null,
        excerpt: first ? first.textContent.trim().slice(0, 60) : '' });
    }
  }
  for (const flow of document.querySelectorAll('.flow')) {
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
  for (const block of document.querySelectorAll('[data-source]')) {
    if (block.scrollWidth > block.clientWidth + 1) {
      const panel = block.closest('[data-panel]') || block.closest('.flow');
      findings.push({ kind: 'sideways', panel: panel.dataset.panel || panel.dataset.lastPanel,
        over_px: block.scrollWidth - block.clientWidth, line_px: lineHeight(block),
        source: block.dataset.source, excerpt: block.textContent.trim().slice(0, 60) });
    }
  }
  return findings;
})()"#;

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

/// Measures every leaflet (at trim size) in `out_dir`; returns one problem per finding.
pub(crate) fn check(
    browser: &Browser,
    out_dir: &Path,
    leaflets: &[LeafletOutput],
) -> Result<Diagnostics> {
    let mut problems = Diagnostics::new();
    for leaflet in leaflets {
        let html = out_dir.join(&leaflet.dir).join(super::TRIM_HTML);
        let value = browser.evaluate_json(&html, MEASURE)?;
        let findings: Vec<Finding> =
            serde_json::from_value(value).context("reading the leaflet measurements")?;
        problems.extend(findings.into_iter().map(|f| describe(&leaflet.edition, f)));
    }
    Ok(problems)
}

fn describe(edition: &str, finding: Finding) -> SourceError {
    let (file, line) = match finding.source.as_deref().and_then(|s| s.rsplit_once(':')) {
        Some((file, line)) => (PathBuf::from(file), line.parse().ok()),
        None => (
            PathBuf::from(format!("content/{edition}/{}", super::FILE_NAME)),
            None,
        ),
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
        let text = describe("e1", finding).to_string();
        assert!(text.starts_with("content/e1/gode-raad.md:14:1: leaflet of edition `e1`, panel F: the inside text needs a panel more; 12.0 mm (about 4 lines)"), "{text}");
    }
}
