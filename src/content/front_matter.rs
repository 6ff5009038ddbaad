//! Splits a page into its YAML front matter and Markdown body, and parses the front matter.
//!
//! Files may start with a byte-order mark and use CRLF line endings (both common from Windows
//! editors); both are normalised away before anything else looks at the text, which keeps line
//! numbers identical to what the editor shows.

use crate::diagnostic::{Position, SourceError};
use crate::yaml::YamlBlock;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    pub title: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub summary: Option<String>,
}

const KEYS: &[&str] = &["title", "id", "weight", "summary"];

/// A page file cut in two: the YAML between the `---` lines and the Markdown after them.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines before the YAML (the opening `---`).
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// Lines before the body.
    pub body_line_offset: usize,
}

/// Normalises BOM and CRLF so that offsets, lines and columns match what editors show.
pub(super) fn normalise(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
}

/// Finds the front matter of an already normalised page text.
pub fn split<'a>(shown: &Path, text: &'a str) -> Result<Split<'a>, SourceError> {
    let example = "start the file with\n  ---\n  title: Sidens titel\n  ---";
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("--- \n"))
    else {
        return Err(SourceError::new(
            shown,
            "missing front matter: the page must start with a `---` line",
        )
        .at(Position { line: 1, column: 1 })
        .hint(example));
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_line_offset: 1,
                body,
                body_line_offset: 1 + yaml.matches('\n').count() + 1,
            });
        }
        offset += line.len();
    }
    Err(
        SourceError::new(shown, "the front matter that starts here is never closed")
            .at(Position { line: 1, column: 1 })
            .hint("end the front matter with a line holding only `---`"),
    )
}

/// Normalises, splits and parses a whole page text: the front matter and the split, or the
/// problems found. Loading does the same steps one by one, keeping the text it normalised.
pub(crate) fn read(shown: &Path, text: &str) -> Result<(RawFrontMatter, String), Vec<SourceError>> {
    let text = normalise(text);
    let split = split(shown, &text).map_err(|e| vec![e])?;
    let raw = parse(shown, &split)?;
    Ok((raw, split.body.to_string()))
}

pub(super) fn parse(shown: &Path, split: &Split<'_>) -> Result<RawFrontMatter, Vec<SourceError>> {
    let block = YamlBlock {
        file: shown,
        text: split.yaml,
        lines_before: split.yaml_line_offset,
    };
    let raw: RawFrontMatter = block.parse(KEYS)?;
    if raw.title.trim().is_empty() {
        return Err(vec![block
            .error_at_key("title", "`title` is empty")
            .hint("give the page a title")]);
    }
    if let Some(id) = &raw.id {
        if id.trim().is_empty() || id.contains(char::is_whitespace) {
            return Err(vec![block
                .error_at_key(
                    "id",
                    format!("`id` must be one word without spaces, not `{id}`"),
                )
                .hint("use letters, digits, `-` and `/`, e.g. `id: gode-raad`")]);
        }
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = normalise("\u{feff}---\r\ntitle: Å\r\n---\r\nBrødtekst\r\n");
        let s = split(Path::new("a.md"), &text).unwrap();
        assert_eq!(s.yaml, "title: Å\n");
        assert_eq!(s.body, "Brødtekst\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        assert!(split(Path::new("a.md"), "# Titel\n")
            .unwrap_err()
            .message
            .contains("missing front matter"));
        assert!(split(Path::new("a.md"), "---\ntitle: x\n")
            .unwrap_err()
            .message
            .contains("never closed"));
    }

    /// From the `front_matter` fuzz target: a closing line at the very end of the file (no
    /// newline, here followed by a form feed, which counts as trailing space) still closes
    /// the front matter, and the body is empty.
    #[test]
    fn a_closing_line_at_the_end_of_the_file_needs_no_newline() {
        let text = "---\ntitle: x\nweigth: [1, {a: b}]\n---\x0c";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: x\nweigth: [1, {a: b}]\n");
        assert_eq!(s.body, "");
        let e = parse(Path::new("a.md"), &s).unwrap_err();
        assert!(
            e[0].message.contains("unknown key `weigth`"),
            "{}",
            e[0].message
        );
        assert_eq!(e[0].position, Some(Position { line: 3, column: 1 }));
    }

    #[test]
    fn yaml_errors_are_reported_at_the_file_line() {
        let text = "---\ntitle: x\nweigth: 2\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let e = parse(Path::new("a.md"), &s).unwrap_err();
        assert_eq!(e[0].position, Some(Position { line: 3, column: 1 }));
    }
}
