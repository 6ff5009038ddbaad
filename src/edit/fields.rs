//! Form fields and the page's text, read from and written into the files they live in, the
//! same bytes but for the values changed ([`crate::yaml::edit`] does the YAML).
//!
//! A page is its front matter (between `---` lines) and its Markdown body. The editor shows
//! them apart: the body as text, the front matter's keys as fields. Both are written back
//! into the one file, each without touching the other's bytes; the body keeps the file's
//! line endings (`\r\n` stays `\r\n`).

use crate::diagnostic::SourceError;
use crate::yaml::edit::{set_values, set_values_in, Setting};
use crate::yaml::YamlBlock;
use std::collections::BTreeMap;
use std::path::Path;

/// A key of a form and its new value; `None` removes the key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field<'a> {
    pub(crate) key: &'a str,
    pub(crate) value: Option<&'a str>,
}

impl<'a> From<Field<'a>> for Setting<'a> {
    fn from(field: Field<'a>) -> Self {
        Setting {
            key: field.key,
            value: field.value,
        }
    }
}

/// Where a page's parts are in its text: the YAML between the `---` lines, and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    /// The front matter's YAML, as a range of the text (empty at 0 when there is none).
    yaml: std::ops::Range<usize>,
    /// Lines before the YAML (the opening `---`, and nothing else).
    yaml_lines_before: usize,
    body_start: usize,
    /// Lines before the body.
    body_line_offset: usize,
    has_front_matter: bool,
}

/// Finds the front matter the way the build does ([`crate::content::split_front_matter`]),
/// on the text as it is (a byte-order mark and `\r\n` included).
fn parts(text: &str) -> Parts {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let opening = ["---\n", "---\r\n", "--- \n", "--- \r\n"]
        .iter()
        .find(|o| rest.starts_with(**o));
    let none = Parts {
        yaml: 0..0,
        yaml_lines_before: 1,
        body_start: 0,
        body_line_offset: 0,
        has_front_matter: false,
    };
    let Some(opening) = opening else {
        return none;
    };
    let yaml_start = bom + opening.len();
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let lines = text[yaml_start..offset].matches('\n').count();
            return Parts {
                yaml: yaml_start..offset,
                yaml_lines_before: 1,
                body_start: offset + line.len(),
                body_line_offset: 1 + lines + 1,
                has_front_matter: true,
            };
        }
        offset += line.len();
    }
    none
}

/// Where the page's Markdown body starts in `text` (0 without front matter).
pub(crate) fn body_start(text: &str) -> usize {
    parts(text).body_start
}

/// The page's Markdown body (line endings as `\n`, as a text field shows them) and how many
/// lines of the file come before it.
pub(crate) fn body_of(text: &str) -> (String, usize) {
    let parts = parts(text);
    (
        text[parts.body_start..].replace("\r\n", "\n"),
        parts.body_line_offset,
    )
}

/// `text` with `body` as its Markdown body; the front matter's bytes unchanged, the body's
/// line endings those of the file.
pub(crate) fn replace_body(text: &str, body: &str) -> String {
    let parts = parts(text);
    let body = body.replace("\r\n", "\n");
    let body = if text.contains("\r\n") {
        body.replace('\n', "\r\n")
    } else {
        body
    };
    format!("{}{body}", &text[..parts.body_start])
}

/// The values of `keys` in the page's front matter (the keys it has, as text).
pub(crate) fn read_front_matter_fields(
    file: &Path,
    text: &str,
    keys: &[&str],
) -> Result<BTreeMap<String, String>, SourceError> {
    let parts = parts(text);
    read_yaml(file, &text[parts.yaml.clone()], keys)
}

/// The values of `keys` in a YAML file.
pub(crate) fn read_fields(
    file: &Path,
    text: &str,
    keys: &[&str],
) -> Result<BTreeMap<String, String>, SourceError> {
    read_yaml(file, text.strip_prefix('\u{feff}').unwrap_or(text), keys)
}

fn read_yaml(
    file: &Path,
    yaml: &str,
    keys: &[&str],
) -> Result<BTreeMap<String, String>, SourceError> {
    if yaml.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).map_err(|e| {
        SourceError::new(file, format!("the YAML cannot be read: {e}"))
            .hint("check the indentation (spaces only) and quote values that contain `: `")
    })?;
    Ok(keys
        .iter()
        .filter_map(|key| {
            let text = match value.get(*key)? {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Number(n) => n.to_string(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((key.to_string(), text))
        })
        .collect())
}

/// The page's text with `fields` set in its front matter (a page without one gets one).
pub(crate) fn set_front_matter_fields(
    file: &Path,
    text: &str,
    fields: &[Field<'_>],
) -> Result<String, SourceError> {
    let parts = parts(text);
    let settings: Vec<Setting<'_>> = fields.iter().map(|&f| f.into()).collect();
    if !parts.has_front_matter {
        let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let yaml = set_values_in(
            &YamlBlock {
                file,
                text: "",
                lines_before: 1,
            },
            &settings,
        )?;
        return Ok(format!(
            "---{ending}{}---{ending}{text}",
            yaml.replace('\n', ending)
        ));
    }
    let yaml = &text[parts.yaml.clone()];
    let edited = set_values_in(
        &YamlBlock {
            file,
            text: yaml,
            lines_before: parts.yaml_lines_before,
        },
        &settings,
    )?;
    Ok(format!(
        "{}{edited}{}",
        &text[..parts.yaml.start],
        &text[parts.yaml.end..]
    ))
}

/// A YAML file's text with `fields` set.
pub(crate) fn set_yaml_fields(
    file: &Path,
    text: &str,
    fields: &[Field<'_>],
) -> Result<String, SourceError> {
    let settings: Vec<Setting<'_>> = fields.iter().map(|&f| f.into()).collect();
    set_values(file, text, &settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, fields: &[(&str, Option<&str>)]) -> String {
        let fields: Vec<Field<'_>> = fields
            .iter()
            .map(|&(key, value)| Field { key, value })
            .collect();
        set_front_matter_fields(Path::new("side.md"), text, &fields).unwrap()
    }

    #[test]
    fn the_body_and_its_line_offset_match_the_build() {
        let text = "---\ntitle: Råd\n---\nTekst.\n";
        assert_eq!(body_of(text), ("Tekst.\n".to_string(), 3));
        assert_eq!(
            body_of("Ingen forside.\n"),
            ("Ingen forside.\n".to_string(), 0)
        );
        let crlf = "\u{feff}---\r\ntitle: Råd\r\n---\r\nEt.\r\nTo.\r\n";
        assert_eq!(body_of(crlf), ("Et.\nTo.\n".to_string(), 3));
        assert_eq!(
            replace_body(crlf, "Nyt.\nAndet.\n"),
            "\u{feff}---\r\ntitle: Råd\r\n---\r\nNyt.\r\nAndet.\r\n"
        );
    }

    #[test]
    fn fields_change_in_place_and_the_rest_stays_byte_for_byte() {
        let text = "---\n# kommentar\ntitle: Råd   # titel\nweight: 2\n---\nTekst.\n";
        assert_eq!(
            set(text, &[("title", Some("Gode råd"))]),
            "---\n# kommentar\ntitle: Gode råd   # titel\nweight: 2\n---\nTekst.\n"
        );
        assert_eq!(
            set(text, &[("summary", Some("Kort om det"))]),
            "---\n# kommentar\ntitle: Råd   # titel\nweight: 2\nsummary: Kort om det\n---\nTekst.\n"
        );
        assert_eq!(
            set(text, &[("weight", None)]),
            "---\n# kommentar\ntitle: Råd   # titel\n---\nTekst.\n"
        );
    }

    #[test]
    fn values_that_would_read_as_something_else_are_quoted() {
        let text = "---\ntitle: Råd\n---\n";
        for (value, written) in [
            ("Regler: sådan", "\"Regler: sådan\""),
            ("ja", "ja"),
            ("true", "\"true\""),
            ("2026", "\"2026\""),
            ("# ikke en kommentar", "\"# ikke en kommentar\""),
            ("Sig \"hej\"", "Sig \"hej\""),
        ] {
            let edited = set(text, &[("title", Some(value))]);
            assert_eq!(edited, format!("---\ntitle: {written}\n---\n"), "{value}");
            let read = read_front_matter_fields(Path::new("side.md"), &edited, &["title"]).unwrap();
            assert_eq!(read["title"], value);
        }
    }

    #[test]
    fn a_page_without_front_matter_gets_one() {
        assert_eq!(
            set("Tekst.\n", &[("title", Some("Ny"))]),
            "---\ntitle: Ny\n---\nTekst.\n"
        );
    }

    #[test]
    fn an_empty_block_note_as_edition_new_writes_it_takes_text() {
        let text = "label: udgave-2\nstatus: draft\n# What changed\nnote: |\n  \n";
        let fields = [Field {
            key: "note",
            value: Some("Et nyt afsnit.\n"),
        }];
        let edited = set_yaml_fields(Path::new("edition.yaml"), text, &fields).unwrap();
        let read = read_fields(Path::new("edition.yaml"), &edited, &["note", "status"]).unwrap();
        assert_eq!(read["note"], "Et nyt afsnit.\n", "{edited}");
        assert!(
            edited.starts_with(
                "label: udgave-2\nstatus: draft\n# What changed\nnote: |\n  Et nyt afsnit.\n"
            ),
            "{edited}"
        );
    }

    #[test]
    fn a_block_note_is_replaced_as_a_block_with_its_indentation() {
        let text = "label: 2. udgave\nnote: |\n    Gammel note.\n    Linje to.\n\nstatus: draft\n";
        let fields = [Field {
            key: "note",
            value: Some("Ny note.\nMed to linjer.\n"),
        }];
        let edited = set_yaml_fields(Path::new("edition.yaml"), text, &fields).unwrap();
        assert_eq!(
            edited,
            "label: 2. udgave\nnote: |\n    Ny note.\n    Med to linjer.\n\nstatus: draft\n"
        );
        let read = read_fields(Path::new("edition.yaml"), &edited, &["note", "status"]).unwrap();
        assert_eq!(read["note"], "Ny note.\nMed to linjer.\n");
        assert_eq!(read["status"], "draft");
    }

    #[test]
    fn a_value_that_cannot_be_changed_in_place_is_refused_at_its_line() {
        let error = set_front_matter_fields(
            Path::new("side.md"),
            "---\nweight: 1\ntitle: &t Råd\n---\n",
            &[Field {
                key: "title",
                value: Some("Ny"),
            }],
        )
        .unwrap_err();
        assert!(error.to_string().contains("side.md:3:"), "{error}");
    }

    #[test]
    fn a_windows_page_keeps_its_bom_line_endings_quotes_and_comments() {
        let text = "\u{feff}---\r\n\"title\" : 'Råd'  # titel\r\nsummary:\r\n  Kort om det\r\nweight: 2\r\n---\r\nTekst.\r\n";
        assert_eq!(
            set(text, &[("title", Some("Gode råd")), ("summary", Some("Længere: om det")), ("weight", None)]),
            "\u{feff}---\r\n\"title\" : 'Gode råd'  # titel\r\nsummary:\r\n  \"Længere: om det\"\r\n---\r\nTekst.\r\n"
        );
        assert_eq!(
            set(text, &[("id", Some("raad"))]),
            "\u{feff}---\r\n\"title\" : 'Råd'  # titel\r\nsummary:\r\n  Kort om det\r\nweight: 2\r\nid: raad\r\n---\r\nTekst.\r\n"
        );
        let read =
            read_front_matter_fields(Path::new("side.md"), text, &["title", "summary", "weight"])
                .unwrap();
        assert_eq!(read["title"], "Råd");
        assert_eq!(read["summary"], "Kort om det");
        assert_eq!(read["weight"], "2");
    }

    #[test]
    fn front_matter_that_cannot_be_edited_is_refused_at_the_files_line() {
        let refused = |text: &str| {
            set_front_matter_fields(
                Path::new("side.md"),
                text,
                &[Field {
                    key: "title",
                    value: Some("Ny"),
                }],
            )
            .unwrap_err()
            .to_string()
        };
        let flow = refused("---\n{title: Råd, weight: 1}\n---\n");
        assert!(flow.starts_with("side.md:2:1: "), "{flow}");
        let folded = refused("---\nweight: 1\ntitle: >\n  Råd\n---\n");
        assert!(folded.starts_with("side.md:3:1: "), "{folded}");
        let anchored = refused("---\r\nweight: 1\r\n\r\ntitle: &t Råd\r\n---\r\n");
        assert!(anchored.starts_with("side.md:4:1: "), "{anchored}");
    }

    #[test]
    fn values_of_several_lines_and_special_words_read_back_as_written() {
        let text = "---\ntitle: Råd\n---\n";
        for value in [
            "yes",
            "null",
            "12",
            "1.5",
            "- punkt",
            "[a]",
            "a #b",
            "to\nlinjer",
            "æøå: ÆØÅ",
            " luft ",
        ] {
            let edited = set(text, &[("title", Some(value))]);
            let read = read_front_matter_fields(Path::new("side.md"), &edited, &["title"]).unwrap();
            assert_eq!(read["title"], value, "{edited}");
        }
        assert_eq!(
            set(text, &[("title", Some("æøå"))]),
            "---\ntitle: æøå\n---\n"
        );
    }
}
