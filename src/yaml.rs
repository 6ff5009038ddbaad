//! YAML blocks (site.yaml, edition.yaml, front matter) parsed into typed structs, with every
//! error placed at its line and column in the *file*.
//!
//! A front-matter block starts a few lines into its file, so positions that the YAML parser
//! reports against the block are shifted by the block's first line (zola once got this wrong,
//! zola#1133). Unknown keys are caught before typed parsing so the error can list the valid
//! keys and suggest the nearest one, which serde's own message does not do.

pub(crate) mod edit;
pub(crate) mod spans;

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

    /// Where `key` stands inside the mapping under the top-level `parent` (`colors:` then an
    /// indented `primary:`, or `colors: { primary: … }` on one line); the parent's position
    /// when it is not found.
    pub fn nested_key_position(&self, parent: &str, key: &str) -> Position {
        let start = self.key_position(parent);
        // Lines of this block, counted from 1 (positions count from the file's first line).
        let parent_line = start.line - self.lines_before;
        let mut offset = 0;
        for (i, line) in self.text.split_inclusive('\n').enumerate() {
            let number = i + 1;
            if number == parent_line {
                let needle = format!("{key}:");
                if let Some(at) = line.find(&needle).filter(|&at| at > parent.len()) {
                    return self.position(offset + at);
                }
            } else if number > parent_line {
                let body = line.trim_start();
                let indent = line.len() - body.len();
                if indent == 0 && !body.trim().is_empty() && !body.starts_with('#') {
                    break;
                }
                if body
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
                {
                    return self.position(offset + indent);
                }
            }
            offset += line.len();
        }
        start
    }

    pub fn error_at_nested_key(
        &self,
        parent: &str,
        key: &str,
        message: impl Into<String>,
    ) -> SourceError {
        SourceError::new(self.file, message).at(self.nested_key_position(parent, key))
    }

    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> SourceError {
        SourceError::new(self.file, message).at(self.key_position(key))
    }

    /// Parses the block into `T`, whose accepted top-level keys are `keys`.
    pub fn parse<T: DeserializeOwned>(&self, keys: &[&str]) -> Result<T, Vec<SourceError>> {
        let value: serde_yaml::Value = serde_yaml::from_str(self.text).map_err(|e| {
            let twice = self.duplicate_key_errors();
            if twice.is_empty() {
                vec![self.syntax_error(&e)]
            } else {
                twice
            }
        })?;
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

    /// Every key written a second time in its mapping, placed where it is written again:
    /// serde's own error is placed at the start of the mapping. None when there are none, or
    /// when the text cannot be read (the syntax error then says why).
    fn duplicate_key_errors(&self) -> Vec<SourceError> {
        let Ok(documents) = spans::documents(self.text) else {
            return Vec::new();
        };
        spans::duplicate_keys(&documents)
            .into_iter()
            .map(|twice| {
                let first = self.position(twice.first).line;
                SourceError::new(
                    self.file,
                    format!(
                        "the key `{}` is written twice (first on line {first})",
                        twice.key
                    ),
                )
                .at(self.position(twice.again))
                .hint(format!(
                    "keep one of the two `{}:` lines and delete the other",
                    twice.key
                ))
            })
            .collect()
    }

    fn syntax_error(&self, e: &serde_yaml::Error) -> SourceError {
        let offset = e.location().map(|l| l.index());
        let position = offset.map_or(self.position(0), |o| self.position(o));
        let raw = without_location(e);
        let line_has_tab = offset.is_some_and(|o| {
            let start = self.text[..o.min(self.text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            self.text[start..]
                .split('\n')
                .next()
                .unwrap_or("")
                .contains('\t')
        });
        let (message, hint) = if raw.contains("tab") || line_has_tab {
            (
                "this line is indented with a tab; YAML files are indented with spaces".to_string(),
                "replace the tab at the start of the line with spaces (two per level)",
            )
        } else if raw.contains("cannot start any token") {
            (
                "this value starts with a character YAML reserves (such as `@`, `` ` ``, `%` or `|`)".to_string(),
                "put the value in quotes, e.g. `title: \"@kommune på nettet\"`",
            )
        } else if raw.contains("mapping values are not allowed") {
            (
                "a value contains `: `, which YAML reads as a new key".to_string(),
                "put the value in quotes, e.g. `title: \"Regler: sociale medier\"`",
            )
        } else {
            (
                format!("the YAML cannot be read: {raw}"),
                "check the indentation (spaces only, the same for keys at the same level) and quote values that contain `: ` or start with a special character",
            )
        };
        SourceError::new(self.file, message).at(position).hint(hint)
    }

    fn value_error(&self, e: &serde_yaml::Error, keys: &[&str]) -> SourceError {
        let message = without_location(e);
        // serde names the field in backticks: "missing field `title`", "title: invalid type …".
        let field = keys
            .iter()
            .find(|k| message.starts_with(&format!("{k}:")) || message.contains(&format!("`{k}`")));
        let position = match (e.location(), field) {
            (_, Some(k)) if !message.starts_with("missing field") => self.key_position(k),
            (Some(l), _) => self.position(l.index()),
            (None, _) => self.position(0),
        };
        let (message, hint) = for_editors(&message);
        SourceError::new(self.file, message)
            .at(position)
            .maybe_hint(hint)
    }
}

/// serde's messages in words an editor understands: "missing field", "unknown variant" and
/// "invalid type: sequence, expected a string" say what to write instead.
fn for_editors(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = rest.trim_matches('`');
        return (
            format!("the required key `{key}` is missing"),
            Some(format!("add a line `{key}: …`")),
        );
    }
    let (key, rest) = match message.split_once(": ") {
        Some((key, rest)) if !key.contains(' ') => (key, rest),
        _ => return (message.to_string(), None),
    };
    if let Some(variant) = rest.strip_prefix("unknown variant ") {
        // serde lists the values as "one of `a`, `b`, `c`", or "`a` or `b`" for two.
        let (value, allowed) = variant.split_once(", expected ").unwrap_or((variant, ""));
        let allowed = allowed.strip_prefix("one of ").unwrap_or(allowed);
        // A value in a list is named by its key alone: `server_rules[0]` → `server_rules`.
        let key = key.split('[').next().unwrap_or(key);
        return (
            format!(
                "`{key}: {}` is not one of the allowed values",
                value.trim_matches('`')
            ),
            (!allowed.is_empty()).then(|| format!("write one of: {allowed}")),
        );
    }
    if let Some(types) = rest.strip_prefix("invalid type: ") {
        let (found, expected) = types.split_once(", expected ").unwrap_or((types, ""));
        return (
            format!(
                "`{key}` should be {}, not {}",
                in_words(expected),
                in_words(found)
            ),
            Some(format!("write `{key}:` followed by {}", in_words(expected))),
        );
    }
    (message.to_string(), None)
}

/// `i64` → "a whole number", `sequence` → "a list", `string "x"` → `"x"`.
fn in_words(kind: &str) -> String {
    let kind = kind.trim();
    let word = kind.split([' ', '`']).next().unwrap_or(kind);
    let value = kind.split_once(' ').map(|(_, v)| v.trim_matches('`'));
    match word {
        "i64" | "i32" | "u8" | "u16" | "u32" | "u64" | "usize" | "integer" => match value {
            Some(v) if word == "integer" => format!("the number {v}"),
            _ => "a whole number".to_string(),
        },
        "floating" => format!(
            "the decimal number {}",
            kind.rsplit('`').nth(1).unwrap_or("")
        ),
        "string" | "a" if kind.contains("string") => match value {
            Some(v) if word == "string" => format!("the text {v}"),
            _ => "text".to_string(),
        },
        "sequence" | "a" if kind.contains("sequence") => {
            "a list (lines starting with `- `)".to_string()
        }
        "map" | "struct" => "`key: value` lines".to_string(),
        "boolean" | "bool" => "`true` or `false`".to_string(),
        "unit" | "null" => "nothing".to_string(),
        _ => kind.to_string(),
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
    fn nested_keys_are_found_indented_or_in_braces() {
        // lines_before is 1: positions are one line further down in the file.
        let indented = block("title: a\ncolors:\n  # brand\n  primary: x\n  accent: y\nlogo: z\n");
        assert_eq!(
            indented.nested_key_position("colors", "accent"),
            Position { line: 6, column: 3 }
        );
        let braces = block("colors: { primary: x, accent: y }\n");
        assert_eq!(
            braces.nested_key_position("colors", "accent"),
            Position {
                line: 2,
                column: 23
            }
        );
        // Not under `colors`: the parent's own position.
        let elsewhere = block("colors:\n  primary: x\naccent: y\n");
        assert_eq!(
            elsewhere.nested_key_position("colors", "accent"),
            Position { line: 2, column: 1 }
        );
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
        assert!(
            errors[0].message.starts_with("the YAML cannot be read"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn missing_required_key_is_reported() {
        let errors = block("weight: 1\n").parse::<Meta>(KEYS).unwrap_err();
        assert_eq!(errors[0].message, "the required key `title` is missing");
        assert_eq!(errors[0].hint.as_deref(), Some("add a line `title: …`"));
    }

    #[test]
    fn yaml_jargon_is_translated() {
        let message = |text: &str| {
            block(text).parse::<Meta>(KEYS).unwrap_err()[0]
                .message
                .clone()
        };
        assert_eq!(
            message("title: a\nweight: tung\n"),
            "`weight` should be a whole number, not the text \"tung\""
        );
        assert_eq!(
            message("title: [a, b]\n"),
            "`title` should be text, not a list (lines starting with `- `)"
        );
        assert_eq!(
            message("title: a\nweight: 1.5\n"),
            "`weight` should be a whole number, not the decimal number 1.5"
        );
        assert_eq!(
            message("title: a\n\tweight: 3\n"),
            "this line is indented with a tab; YAML files are indented with spaces"
        );
        assert_eq!(
            message("title: Regler: sociale\n"),
            "a value contains `: `, which YAML reads as a new key"
        );
        let (text, hint) = for_editors(
            "status: unknown variant `aktuel`, expected one of `draft`, `current`, `archived`",
        );
        assert_eq!(text, "`status: aktuel` is not one of the allowed values");
        assert_eq!(
            hint.as_deref(),
            Some("write one of: `draft`, `current`, `archived`")
        );
    }
}
