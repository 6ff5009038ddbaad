//! `content/<guideline>/guideline.yaml`: one guideline of a portal, with its editions in the
//! folders beside the file.
//!
//! A content folder whose sub-folders hold `guideline.yaml` files is a portal: many
//! guidelines on one website. A content folder whose sub-folders hold `edition.yaml` files is
//! a site of one guideline, at the addresses it always had.

use crate::diagnostic::SourceError;
use crate::yaml::YamlBlock;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "guideline.yaml";

/// A guideline's folder name under `content/`; also its URL segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GuidelineId(pub String);

impl std::fmt::Display for GuidelineId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `guideline.yaml` says, validated.
#[derive(Debug, Clone)]
pub struct Guideline {
    pub id: GuidelineId,
    /// `content/<id>/`.
    pub dir: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    /// The heading the portal's front page lists the guideline under.
    pub category: Option<String>,
    /// Who answers for the guideline (a department, a role).
    pub owner: Option<String>,
    /// Order on the front page within its category (then by title).
    pub weight: i64,
    /// The guideline used to be the whole site, at the site root: its old root addresses
    /// keep answering.
    pub formerly_root: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuideline {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    formerly_root: bool,
}

const KEYS: &[&str] = &[
    "title",
    "summary",
    "category",
    "owner",
    "weight",
    "formerly_root",
];

/// Reads `guideline.yaml` (`text`, shown in messages as `shown`) of the folder `dir`.
pub(super) fn parse(dir: &Path, shown: &Path, text: &str) -> Result<Guideline, Vec<SourceError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let block = YamlBlock {
        file: shown,
        text,
        lines_before: 0,
    };
    let raw: RawGuideline = block.parse(KEYS)?;
    if raw.title.trim().is_empty() {
        return Err(vec![block.error_at_key("title", "`title` is empty").hint(
            "write the guideline's name as readers should see it, e.g. `title: Retningslinjer for brug af AI`",
        )]);
    }
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(Guideline {
        id: GuidelineId(
            dir.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string(),
        ),
        dir: dir.to_path_buf(),
        title: raw.title.trim().to_string(),
        summary: nonempty(raw.summary),
        category: nonempty(raw.category),
        owner: nonempty(raw.owner),
        weight: raw.weight,
        formerly_root: raw.formerly_root,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guideline_needs_a_title_and_knows_its_keys() {
        let dir = Path::new("content/ai");
        let shown = Path::new("content/ai/guideline.yaml");
        let g = parse(dir, shown, "title: Brug af AI\ncategory: IT\nweight: 2\n").unwrap();
        assert_eq!(g.id.0, "ai");
        assert_eq!(g.category.as_deref(), Some("IT"));
        assert_eq!(g.weight, 2);
        assert!(!g.formerly_root);
        let errors = parse(dir, shown, "titel: Brug af AI\n").unwrap_err();
        assert!(
            errors[0].to_string().contains("did you mean `title`"),
            "{}",
            errors[0]
        );
        let errors = parse(dir, shown, "title: ' '\n").unwrap_err();
        assert!(errors[0].to_string().contains("`title` is empty"));
    }
}
