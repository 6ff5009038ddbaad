//! `content/<edition>/leaflet.yaml`: which pages fill which panels of the printed leaflet.
//!
//! ```yaml
//! layout: trifold-a4            # the theme's leaflets/trifold-a4.yaml
//! cover: { title: Retningslinjer, subtitle: for ansattes brug af … }
//! flap:   [{ page: du-maa-gerne.md, title: false }]
//! back:   []                    # extra text under the organisation, contact and QR code
//! inside: [{ page: gode-raad.md }, { page: fotos.md#tilladelse }]
//! ```
//! Panel text comes from the same Markdown the website uses; nothing is copied. A source is
//! a whole page (shown under its title unless `title: false`) or one section (`#anchor`).

use crate::content::{Edition, Page};
use crate::diagnostic::SourceError;
use crate::yaml::YamlBlock;
use serde::Deserialize;
use std::path::Path;

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
    /// Start this source at the top of the next panel.
    #[serde(default)]
    break_before: bool,
}

fn default_layout() -> String {
    "trifold-a4".to_string()
}

fn yes() -> bool {
    true
}

const KEYS: &[&str] = &["layout", "cover", "flap", "back", "inside"];

/// A validated leaflet plan for one edition.
#[derive(Debug)]
pub struct Plan<'a> {
    pub layout: String,
    pub cover_title: String,
    pub cover_subtitle: Option<String>,
    pub flap: Vec<Source<'a>>,
    pub back: Vec<Source<'a>>,
    pub inside: Vec<Source<'a>>,
}

/// A page, or a section of it, placed in a panel.
#[derive(Debug)]
pub struct Source<'a> {
    pub page: &'a Page,
    pub section: Option<String>,
    pub show_title: bool,
    pub break_before: bool,
}

/// Reads the plan; `site_title` is the cover title when the plan names none.
pub fn parse<'a>(
    edition: &'a Edition,
    text: &str,
    shown: &Path,
    site_title: &str,
) -> Result<Plan<'a>, Vec<SourceError>> {
    let block = YamlBlock {
        file: shown,
        text,
        lines_before: 0,
    };
    let raw: RawPlan = block.parse(KEYS)?;
    let mut errors = Vec::new();
    let mut resolve = |sources: Vec<RawSource>| -> Vec<Source<'a>> {
        sources
            .into_iter()
            .filter_map(|s| match resolve_source(edition, &s) {
                Ok(source) => Some(source),
                Err(message) => {
                    errors.push(SourceError::new(shown, message).at(page_position(&block, &s.page)).hint(
                        "name a page of this edition by its path, optionally with a heading's #anchor, e.g. `page: gode-raad.md#skriv-ikke-noget`",
                    ));
                    None
                }
            })
            .collect()
    };
    let plan = Plan {
        layout: raw.layout,
        cover_title: raw.cover.title.unwrap_or_else(|| site_title.to_string()),
        cover_subtitle: raw.cover.subtitle,
        flap: resolve(raw.flap),
        back: resolve(raw.back),
        inside: resolve(raw.inside),
    };
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

fn resolve_source<'a>(edition: &'a Edition, raw: &RawSource) -> Result<Source<'a>, String> {
    let (path, section) = match raw.page.split_once('#') {
        Some((p, s)) => (p, Some(s.to_string())),
        None => (raw.page.as_str(), None),
    };
    let page = edition
        .page_by_source(path)
        .ok_or_else(|| format!("edition `{}` has no page `{path}`", edition.id))?;
    if let Some(section) = &section {
        if crate::markdown::print_blocks(&page.body, page.body_line_offset, Some(section)).is_none()
        {
            return Err(format!(
                "{path} has no heading with the anchor `#{section}`"
            ));
        }
    }
    Ok(Source {
        page,
        section,
        show_title: raw.title,
        break_before: raw.break_before,
    })
}

/// Where `page: <value>` is written, for errors about it.
fn page_position(block: &YamlBlock<'_>, value: &str) -> crate::diagnostic::Position {
    match block.text.find(&format!("page: {value}")) {
        Some(offset) => block.position(offset),
        None => block.position(0),
    }
}
