//! YAML blocks (site.yaml, edition.yaml, front matter) parsed into typed structs, with every
//! error placed at its line and column in the *file*.
//!
//! A front-matter block starts a few lines into its file, so positions that the YAML parser
//! reports against the block are shifted by the block's first line (zola once got this wrong,
//! zola#1133). Unknown keys are caught before typed parsing so the error can list the valid
//! keys and suggest the nearest one, which serde's own message does not do.

use crate::diagnostic::{suggest, Position, SourceError};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A YAML block and where it sits in its file.
#[derive(Debug, Clone, Copy)]
pub struct YamlBlock<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// How many lines of the file come before the block.
    pub lines_before: usize,
}

impl YamlBlock<'_> {
    /// A position inside the block, as a position in the file.
    pub fn position(&self, offset: usize) -> Position {
        Position::of_offset(self.text, offset).shifted(self.lines_before)
    }

    /// The position of top-level `key:` in the block, or of the block's start.
    pub fn key_position(&self, key: &str) -> Position {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let quoted = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
            if quoted.iter().any(|k| {
                line.strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            }) {
                return self.position(offset);
            }
            offset += line.len();
        }
        self.position(0)
    }

    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> SourceError {
        SourceError::new(self.file, message).at(self.key_position(key))
    }

    /// Parses the block into `T`, whose accepted top-level keys are `keys`.
    pub fn parse<T: DeserializeOwned>(&self, keys: &[&str]) -> Result<T, Vec<SourceError>> {
        let value: serde_yaml::Value =
            serde_yaml::from_str(self.text).map_err(|e| vec![self.syntax_error(&e)])?;
        match &value {
            serde_yaml::Value::Null => {}
            serde_yaml::Value::Mapping(map) => self.check_keys(map, keys)?,
            _ => {
                return Err(vec![SourceError::new(
                    self.file,
                    "expected `key: value` lines",
                )
                .at(self.position(0))
                .hint(format!("valid keys are {}", list(keys)))])
            }
        }
        let text = if value.is_null() { "{}" } else { self.text };
        serde_yaml::from_str(text).map_err(|e| vec![self.value_error(&e, keys)])
    }

    fn check_keys(&self, map: &serde_yaml::Mapping, keys: &[&str]) -> Result<(), Vec<SourceError>> {
        let errors: Vec<SourceError> = map
            .keys()
            .filter_map(|k| {
                let name = k.as_str().map_or_else(|| format!("{k:?}"), str::to_string);
                (!keys.contains(&name.as_str())).then(|| {
                    let hint = match suggest(&name, keys.iter().copied()) {
                        Some(near) => {
                            format!("did you mean `{near}`? Valid keys are {}", list(keys))
                        }
                        None => format!("valid keys are {}", list(keys)),
                    };
                    self.error_at_key(&name, format!("unknown key `{name}`"))
                        .hint(hint)
                })
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn syntax_error(&self, e: &serde_yaml::Error) -> SourceError {
        let position = e
            .location()
            .map_or(self.position(0), |l| self.position(l.index()));
        SourceError::new(self.file, format!("invalid YAML: {}", without_location(e)))
            .at(position)
            .hint("check the indentation and quote values that contain `: ` or start with a special character")
    }

    fn value_error(&self, e: &serde_yaml::Error, keys: &[&str]) -> SourceError {
        let message = without_location(e);
        // serde names the field in backticks: "missing field `title`", "title: invalid type …".
        let field = keys
            .iter()
            .find(|k| message.starts_with(&format!("{k}:")) || message.contains(&format!("`{k}`")));
        let position = match (e.location(), field) {
            (_, Some(k)) => self.key_position(k),
            (Some(l), None) => self.position(l.index()),
            (None, None) => self.position(0),
        };
        SourceError::new(self.file, message).at(position)
    }
}

/// The parser's message without its " at line 2 column 3" suffix, which counts from the block.
fn without_location(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest
        .find(" at line ")
        .or_else(|| rest.find(" at position "))
    {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 4..];
        let skip = tail
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == ' '))
            .map_or(tail.len(), |(j, _)| j);
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        weight: i64,
    }
    const KEYS: &[&str] = &["title", "weight"];

    fn block(text: &str) -> YamlBlock<'_> {
        YamlBlock {
            file: Path::new("x.md"),
            text,
            lines_before: 1,
        }
    }

    #[test]
    fn unknown_keys_are_placed_in_the_file_and_get_a_suggestion() {
        let errors = block("title: a\nwieght: 3\n")
            .parse::<Meta>(KEYS)
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].position, Some(Position { line: 3, column: 1 }));
        assert!(errors[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `weight`?"));
    }

    #[test]
    fn type_errors_point_at_the_key() {
        let errors = block("title: a\nweight: tung\n")
            .parse::<Meta>(KEYS)
            .unwrap_err();
        assert_eq!(errors[0].position, Some(Position { line: 3, column: 1 }));
        assert!(
            !errors[0].message.contains("at line"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn syntax_errors_are_shifted_by_the_lines_before_the_block() {
        let errors = block("title: a\nweight: [1\n")
            .parse::<Meta>(KEYS)
            .unwrap_err();
        assert!(errors[0].position.unwrap().line >= 3, "{:?}", errors[0]);
        assert!(errors[0].message.starts_with("invalid YAML"));
    }

    #[test]
    fn missing_required_key_is_reported() {
        let errors = block("weight: 1\n").parse::<Meta>(KEYS).unwrap_err();
        assert!(
            errors[0].message.contains("missing field `title`"),
            "{}",
            errors[0].message
        );
    }
}
