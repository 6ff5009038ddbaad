//! Giving top-level keys of a YAML file (`edition.yaml`, `guideline.yaml`, a page's front
//! matter) new values in place, removing them, or refusing to.
//!
//! The file is the editor's: `publish` and the forms of `serve`'s editor change the
//! characters of each value and nothing else, so comments, key order, quoting and line endings stay as they were written. The text
//! is read with a parser that reports where each key and value stands ([`crate::yaml::spans`]),
//! so every valid way of writing `status: draft` (a quoted key, `status :`, a byte-order mark,
//! the value on the next line, a comment after it) is found. What cannot be changed by
//! replacing one value (a `{ … }` mapping, a block value, an anchor other keys may share, a
//! tag, a key written twice) is refused at its place, saying what to write instead. The result
//! is read back before it is used: a text that does not say what was meant is refused too.

use crate::diagnostic::SourceError;
use crate::yaml::spans::{self, Kind, Node, Style};
use crate::yaml::YamlBlock;
use std::path::Path;

/// A top-level key and the value it is to have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Setting<'a> {
    pub(crate) key: &'a str,
    /// `None` removes the key.
    pub(crate) value: Option<&'a str>,
}

impl<'a> Setting<'a> {
    pub(crate) fn new(key: &'a str, value: &'a str) -> Self {
        Setting {
            key,
            value: Some(value),
        }
    }
}

/// `text` with every setting's value in place of the old one (a key the file lacks is added
/// at the end), or why that cannot be done safely.
pub(crate) fn set_values(
    file: &Path,
    text: &str,
    settings: &[Setting<'_>],
) -> Result<String, SourceError> {
    set_values_in(
        &YamlBlock {
            file,
            text,
            lines_before: 0,
        },
        settings,
    )
}

/// [`set_values`] for a block of YAML inside a file (a page's front matter): positions in
/// errors count the file's lines.
pub(crate) fn set_values_in(
    block: &YamlBlock<'_>,
    settings: &[Setting<'_>],
) -> Result<String, SourceError> {
    let text = block.text;
    if text.trim().is_empty() {
        return Ok(added(text, settings));
    }
    let root = top_mapping(block, settings)?;
    let mut replacements = Vec::new();
    let mut missing = Vec::new();
    for setting in settings {
        match (value_of(block, &root, setting)?, setting.value) {
            (Some((key, value)), Some(new)) => {
                replacements.push(replacement(text, key, value, new));
            }
            (Some((key, value)), None) => {
                replacements.push((whole_lines(text, key, value), String::new()))
            }
            (None, Some(_)) => missing.push(*setting),
            (None, None) => {}
        }
    }
    let block = &block;
    replacements.sort_by_key(|(span, _)| span.start);
    let mut edited = text.to_string();
    for (span, new) in replacements.iter().rev() {
        edited.replace_range(span.clone(), new);
    }
    if !missing.is_empty() {
        append(block, &root, &mut edited, &missing)?;
    }
    read_back(block, &root, &edited, settings)?;
    Ok(edited)
}

/// `text` (empty or blank) with `key: value` lines for every value given.
fn added(text: &str, settings: &[Setting<'_>]) -> String {
    let mut out = text.to_string();
    for setting in settings {
        if let Some(value) = setting.value {
            out.push_str(&format!("{}: {}\n", setting.key, written(value, "  ")));
        }
    }
    out
}

/// The bytes to replace and what to put there: the value's own characters for a single-line
/// value, from its `|` on for a block.
fn replacement(text: &str, key: &Node, old: &Node, new: &str) -> (std::ops::Range<usize>, String) {
    let block = matches!(
        old.kind,
        Kind::Scalar {
            style: Style::Block,
            ..
        }
    );
    if block && old.span.is_empty() {
        // An empty block (`note: |` and blank lines): the new block takes the `|`'s place.
        let at = block_indicator(text, key).unwrap_or(old.span.start);
        let written = block_text(new, "  ");
        return (at..at + 1, written.trim_end_matches('\n').to_string());
    }
    if old.span.is_empty() {
        // `summary:` with nothing after it: the new value goes after the colon.
        let colon = text[old.span.start..]
            .find(':')
            .map_or(old.span.start, |i| old.span.start + i + 1);
        return (colon..colon, format!(" {}", written(new, "  ")));
    }
    if !block {
        return (old.span.clone(), styled(old, new));
    }
    let indicator = block_indicator(text, key).unwrap_or(old.span.start);
    let line_start = text[..old.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..old.span.start];
    let indent = if indent.trim().is_empty() && !indent.is_empty() {
        indent
    } else {
        "  "
    };
    let kept_blank: usize = text[old.span.clone()].trim_end_matches(['\n', '\r']).len();
    let end = old.span.start + kept_blank;
    (
        indicator..end,
        block_text(new, indent).trim_end_matches('\n').to_string(),
    )
}

/// The lines of a key and its value, to take out of the file.
fn whole_lines(text: &str, key: &Node, value: &Node) -> std::ops::Range<usize> {
    let start = text[..key.span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[value.span.end.max(key.span.end)..]
        .find('\n')
        .map_or(text.len(), |i| value.span.end.max(key.span.end) + i + 1);
    let end = if text[value.span.clone()].ends_with('\n') {
        value.span.end
    } else {
        end
    };
    start..end
}

/// `value` as a YAML value that reads back as exactly it: plain where that is safe, quoted
/// where plain would read as something else (`ja`, `12`, `a: b`), a block for several lines.
pub(crate) fn written(value: &str, indent: &str) -> String {
    if value.contains('\n') {
        return block_text(value, indent).trim_end_matches('\n').to_string();
    }
    if reads_plain(value) {
        return value.to_string();
    }
    format!(
        "\"{}\"",
        value
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\t', "\\t")
    )
}

/// Words that YAML 1.1 readers (many tools besides pjece) take for `true`, `false` or
/// nothing: quoted, so the value is text wherever the file is read.
const YAML_1_1_WORDS: &[&str] = &[
    "y", "yes", "n", "no", "on", "off", "true", "false", "null", "~",
];

fn reads_plain(value: &str) -> bool {
    !value.is_empty()
        && value.trim() == value
        && !YAML_1_1_WORDS.contains(&value.to_lowercase().as_str())
        && serde_yaml::from_str::<serde_yaml::Value>(&format!("k: {value}\n"))
            .ok()
            .and_then(|v| v.get("k").and_then(|v| v.as_str()).map(|s| s == value))
            == Some(true)
}

/// `value` as a `|` block: its lines indented by `indent`, the last line break kept as the
/// value has it (`|-` when it has none).
fn block_text(value: &str, indent: &str) -> String {
    let chomp = if value.ends_with('\n') { "" } else { "-" };
    let mut out = format!("|{chomp}\n");
    for line in value.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            out.push_str(indent);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The document's one mapping, written a key per line.
fn top_mapping(block: &YamlBlock<'_>, settings: &[Setting<'_>]) -> Result<Node, SourceError> {
    let first = settings.first().map_or("status", |s| s.key);
    let refuse = |offset: usize, message: &str, hint: String| {
        SourceError::new(block.file, message)
            .at(block.position(offset))
            .hint(hint)
    };
    let documents = spans::documents(block.text).map_err(|e| {
        refuse(
            e.offset,
            &format!("the YAML cannot be read: {}", e.message),
            "check the indentation (spaces only) and quote values that contain `: `".into(),
        )
    })?;
    let [root] = documents.as_slice() else {
        return Err(refuse(
            documents.get(1).map_or(0, |d| d.span.start),
            "the file holds more than one YAML document (`---` between them)",
            "keep one document: `label:`, `published:`, `status:` and `note:`, each once".into(),
        ));
    };
    match &root.kind {
        Kind::Mapping { flow: false, .. } if !root.anchored && !root.tagged => Ok(root.clone()),
        Kind::Mapping {
            flow: true,
            entries,
        } => {
            let old = entries
                .iter()
                .find(|(k, _)| k.as_scalar() == Some(first))
                .and_then(|(_, v)| v.as_scalar())
                .unwrap_or("…");
            Err(refuse(
                root.span.start,
                "the keys are written as one `{ … }` mapping, which pjece cannot edit in place",
                format!("write `{first}: {old}` on a line of its own, and every other key too, without `{{` and `}}`"),
            ))
        }
        _ => Err(refuse(
            root.span.start,
            "expected `key: value` lines",
            format!("write `{first}: …` on a line of its own"),
        )),
    }
}

/// The value node of top-level `key`, `None` when the file has no such key, or why it
/// cannot be replaced.
fn value_of<'n>(
    block: &YamlBlock<'_>,
    root: &'n Node,
    setting: &Setting<'_>,
) -> Result<Option<(&'n Node, &'n Node)>, SourceError> {
    let key = setting.key;
    let merged = root
        .entries()
        .iter()
        .find(|(k, _)| k.as_scalar() == Some("<<"));
    let mut found = root
        .entries()
        .iter()
        .filter(|(k, _)| k.as_scalar() == Some(key));
    let Some((key_node, value)) = found.next() else {
        return match merged {
            Some((k, _)) => Err(cannot_edit(
                block,
                k,
                key,
                "…",
                "the keys are merged in from elsewhere (`<<:`)",
            )),
            None => Ok(None),
        };
    };
    let old = value.as_scalar().unwrap_or("…");
    if let Some((again, _)) = found.next() {
        let first = block.position(key_node.span.start).line;
        return Err(SourceError::new(
            block.file,
            format!("`{key}:` is written twice (first on line {first})"),
        )
        .at(block.position(again.span.start))
        .hint(format!("keep one line `{key}: {old}` and delete the other")));
    }
    let problem = if key_node.anchored || key_node.tagged {
        Some("the key has an anchor (`&…`) or a tag (`!…`)")
    } else {
        match &value.kind {
            Kind::Scalar { .. } if value.anchored => {
                Some("the value has an anchor (`&…`) that other keys may refer to")
            }
            Kind::Scalar { .. } if value.tagged => Some("the value has a tag (`!…`)"),
            Kind::Scalar {
                style: Style::Block,
                ..
            } if setting
                .value
                .is_some_and(|v| !v.contains('\n') || !block_value_ok(block, key_node)) =>
            {
                Some("the value is written as a block (`|` or `>`)")
            }
            Kind::Scalar { .. } => None,
            Kind::Alias => Some("the value refers to another one (`*…`)"),
            Kind::Sequence(_) | Kind::Mapping { .. } => Some("the value is not a single word"),
        }
    };
    match problem {
        Some(why) => Err(cannot_edit(block, key_node, key, old, why)),
        None => Ok(Some((key_node, value))),
    }
}

fn cannot_edit(block: &YamlBlock<'_>, at: &Node, key: &str, old: &str, why: &str) -> SourceError {
    SourceError::new(
        block.file,
        format!("pjece cannot change `{key}:` in place: {why}"),
    )
    .at(block.position(at.span.start))
    .hint(format!("write `{key}: {old}` on a line of its own"))
}

/// `new` written the way the old value was: plain, `'single'` or `"double"` quoted.
fn styled(old: &Node, new: &str) -> String {
    if new.contains('\n') {
        return written(new, "  ");
    }
    match &old.kind {
        Kind::Scalar {
            style: Style::SingleQuoted,
            ..
        } => format!("'{}'", new.replace('\'', "''")),
        Kind::Scalar {
            style: Style::DoubleQuoted,
            ..
        } => format!("\"{}\"", new.replace('\\', "\\\\").replace('"', "\\\"")),
        _ => written(new, "  "),
    }
}

/// Whether a block value is a `|` block, which a new text of several lines can replace
/// keeping every character of it (a `>` block would fold its lines).
fn block_value_ok(block: &YamlBlock<'_>, key: &Node) -> bool {
    block_indicator(block.text, key).is_some_and(|i| block.text[i..].starts_with('|'))
}

/// Where the `|` or `>` of the block value after `key` stands: the first character after
/// the key's colon that is no space.
fn block_indicator(text: &str, key: &Node) -> Option<usize> {
    let after = &text[key.span.end..];
    let colon = after.find(':')?;
    let value = after[colon + 1..].find(|c: char| c != ' ' && c != '\t')?;
    let at = key.span.end + colon + 1 + value;
    text[at..].starts_with(['|', '>']).then_some(at)
}

/// `text` with `entries` (`address: reason`) added to the top-level mapping `key` (`retired:`
/// of `site.yaml`), which is made at the end of the file when it has none; an entry the
/// mapping already has keeps its value. Every other line stays as it was.
pub(crate) fn add_entries(
    file: &Path,
    text: &str,
    key: &str,
    entries: &[(&str, &str)],
) -> Result<String, SourceError> {
    let block = YamlBlock {
        file,
        text,
        lines_before: 0,
    };
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = |indent: &str, (k, v): &(&str, &str)| {
        format!(
            "{indent}{}: {}{ending}",
            written(k, "  "),
            written(v, "    ")
        )
    };
    let mut edited = text.to_string();
    if text.trim().is_empty() {
        edited.push_str(&format!("{key}:{ending}"));
        entries.iter().for_each(|e| edited.push_str(&line("  ", e)));
        return Ok(edited);
    }
    let root = top_mapping(&block, &[Setting { key, value: None }])?;
    let found = root
        .entries()
        .iter()
        .find(|(k, _)| k.as_scalar() == Some(key));
    let Some((key_node, value)) = found else {
        if keys_indented(&block, &root) {
            return Err(SourceError::new(
                file,
                format!(
                    "the file has no `{key}:`, and its keys are indented, so pjece cannot add one"
                ),
            )
            .at(block.position(root.span.start))
            .hint(format!(
                "write the keys at the start of their lines, and `{key}:` on a line of its own"
            )));
        }
        if !edited.ends_with('\n') {
            edited.push_str(ending);
        }
        edited.push_str(&format!("{key}:{ending}"));
        entries.iter().for_each(|e| edited.push_str(&line("  ", e)));
        return read_back_entries(&block, &edited, key, entries).map(|()| edited);
    };
    let refuse = |why: &str| {
        SourceError::new(file, format!("pjece cannot add to `{key}:` in place: {why}"))
            .at(block.position(key_node.span.start))
            .hint(format!(
                "write `{key}:` on a line of its own and each address below it on a line of its own, indented, e.g. `  gammel-side/: Siden er fjernet.`"
            ))
    };
    let (indent, end) = match &value.kind {
        Kind::Mapping {
            flow: false,
            entries: old,
        } if !old.is_empty() && !value.anchored => {
            let first = &old[0].0;
            let line_start = text[..first.span.start].rfind('\n').map_or(0, |i| i + 1);
            let last_end = old
                .iter()
                .map(|(k, v)| k.span.end.max(v.span.end))
                .max()
                .unwrap_or(0);
            let end = if text[..last_end].ends_with('\n') {
                last_end
            } else {
                text[last_end..]
                    .find('\n')
                    .map_or(text.len(), |i| last_end + i + 1)
            };
            (text[line_start..first.span.start].to_string(), end)
        }
        Kind::Scalar {
            value: v,
            style: Style::Plain,
        } if v.is_empty() && !value.anchored => {
            let end = text[key_node.span.end..]
                .find('\n')
                .map_or(text.len(), |i| key_node.span.end + i + 1);
            ("  ".to_string(), end)
        }
        Kind::Mapping { flow: true, .. } => {
            return Err(refuse("it is written as one `{ … }` mapping"))
        }
        _ => return Err(refuse("it is not a list of `address: reason` lines")),
    };
    if !indent.trim().is_empty() || indent.is_empty() {
        return Err(refuse("its lines are not indented below it"));
    }
    let have: Vec<&str> = value
        .entries()
        .iter()
        .filter_map(|(k, _)| k.as_scalar())
        .collect();
    let mut lines = String::new();
    if end == text.len() && !text.ends_with('\n') {
        lines.push_str(ending);
    }
    for entry in entries.iter().filter(|(k, _)| !have.contains(k)) {
        lines.push_str(&line(&indent, entry));
    }
    edited.insert_str(end, &lines);
    read_back_entries(&block, &edited, key, entries)?;
    Ok(edited)
}

/// Whether the mapping's keys are indented, so that a key added at the start of a line
/// would not belong to it.
fn keys_indented(block: &YamlBlock<'_>, root: &Node) -> bool {
    root.entries().first().is_some_and(|(k, _)| {
        let line_start = block.text[..k.span.start].rfind('\n').map_or(0, |i| i + 1);
        !block.text[line_start..k.span.start]
            .trim_start_matches('\u{feff}')
            .is_empty()
    })
}

/// Reads the text with `entries` added back as the build reads it: every other key as it
/// was, and `key` holding every entry.
fn read_back_entries(
    block: &YamlBlock<'_>,
    edited: &str,
    key: &str,
    entries: &[(&str, &str)],
) -> Result<(), SourceError> {
    let read = |t: &str| {
        serde_yaml::from_str::<serde_yaml::Value>(t.strip_prefix('\u{feff}').unwrap_or(t)).ok()
    };
    let (Some(before), Some(after)) = (read(block.text), read(edited)) else {
        return Err(SourceError::new(
            block.file,
            format!("pjece cannot add to `{key}:` in place: the edited file would not read"),
        )
        .at(block.key_position(key)));
    };
    let others_kept = before.as_mapping().is_some_and(|m| {
        m.iter()
            .filter(|(k, _)| k.as_str() != Some(key))
            .all(|(k, v)| after.get(k) == Some(v))
    });
    let added = entries.iter().all(|(k, v)| {
        let now = after
            .get(key)
            .and_then(|m| m.get(*k))
            .and_then(|v| v.as_str());
        let was = before
            .get(key)
            .and_then(|m| m.get(*k))
            .and_then(|v| v.as_str());
        now == Some(was.unwrap_or(v))
    });
    if others_kept && added {
        return Ok(());
    }
    Err(SourceError::new(
        block.file,
        format!("pjece cannot add to `{key}:` in place: the edited file would not read as meant"),
    )
    .at(block.key_position(key))
    .hint(format!("write `{key}:` on a line of its own and each address below it on a line of its own, indented")))
}

/// Adds `key: value` lines for the keys the file lacks, after its last line, ending them as
/// the file ends its lines. Only a mapping whose keys start their lines can grow that way.
fn append(
    block: &YamlBlock<'_>,
    root: &Node,
    edited: &mut String,
    missing: &[Setting<'_>],
) -> Result<(), SourceError> {
    if keys_indented(block, root) {
        let key = missing[0].key;
        return Err(SourceError::new(
            block.file,
            format!("the file has no `{key}:`, and its keys are indented, so pjece cannot add one"),
        )
        .at(block.position(root.span.start))
        .hint(format!(
            "write the keys at the start of their lines, and `{key}: {}` on a line of its own",
            missing[0].value.unwrap_or("…")
        )));
    }
    let ending = if block.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    if !edited.is_empty() && !edited.ends_with('\n') {
        edited.push_str(ending);
    }
    for setting in missing {
        let value = written(setting.value.unwrap_or_default(), "  ").replace('\n', ending);
        edited.push_str(&format!("{}: {value}{ending}", setting.key));
    }
    Ok(())
}

/// Reads the edited text back, with the same parser and with the one the build uses: every
/// setting once with its new value, every other key as it was.
fn read_back(
    block: &YamlBlock<'_>,
    before: &Node,
    edited: &str,
    settings: &[Setting<'_>],
) -> Result<(), SourceError> {
    let expected: Vec<(String, String)> = before
        .entries()
        .iter()
        .filter(|(k, _)| settings.iter().all(|s| k.as_scalar() != Some(s.key)))
        .map(|(k, v)| (scalar_or_span(block.text, k), scalar_or_span(block.text, v)))
        .chain(
            settings
                .iter()
                .filter_map(|s| Some((s.key.to_string(), s.value?.to_string()))),
        )
        .collect();
    let read = spans::documents(edited)
        .ok()
        .and_then(|docs| match docs.as_slice() {
            [root] => Some(
                root.entries()
                    .iter()
                    .map(|(k, v)| (scalar_or_span(edited, k), scalar_or_span(edited, v)))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        });
    let same_keys = read.as_ref().is_some_and(|read| {
        read.len() == expected.len() && expected.iter().all(|pair| read.contains(pair))
    });
    let build_reads = serde_yaml::from_str::<serde_yaml::Value>(
        edited.strip_prefix('\u{feff}').unwrap_or(edited),
    )
    .ok()
    .is_some_and(|value| {
        settings
            .iter()
            .all(|s| value.get(s.key).and_then(|v| v.as_str()) == s.value)
    });
    if same_keys && build_reads {
        return Ok(());
    }
    let first = settings[0];
    let old = before
        .entries()
        .iter()
        .find(|(k, _)| k.as_scalar() == Some(first.key))
        .and_then(|(_, v)| v.as_scalar())
        .unwrap_or("…");
    Err(SourceError::new(
        block.file,
        format!(
            "pjece cannot change `{}:` in place: the edited file would not read as `{}: {}`",
            first.key,
            first.key,
            first.value.unwrap_or("")
        ),
    )
    .at(block.key_position(first.key))
    .hint(format!("write `{}: {old}` on a line of its own", first.key)))
}

/// A scalar's text; the text of anything else as written.
fn scalar_or_span(text: &str, node: &Node) -> String {
    node.as_scalar()
        .map_or_else(|| text[node.span.clone()].to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, values: &[(&str, &str)]) -> Result<String, String> {
        let settings: Vec<Setting<'_>> = values
            .iter()
            .map(|&(key, value)| Setting::new(key, value))
            .collect();
        set_values(Path::new("edition.yaml"), text, &settings).map_err(|e| e.to_string())
    }

    #[test]
    fn values_change_in_place_keeping_comments_order_quotes_and_line_endings() {
        let text = "# udgaven\r\nlabel: 3. udgave\r\nstatus: draft   # kladde\r\npublished: '2025-01-01'\r\nnote: |\r\n  status: draft i teksten\r\n";
        assert_eq!(
            set(text, &[("status", "current"), ("published", "2026-12-01")]).unwrap(),
            "# udgaven\r\nlabel: 3. udgave\r\nstatus: current   # kladde\r\npublished: '2026-12-01'\r\nnote: |\r\n  status: draft i teksten\r\n"
        );
        assert_eq!(
            set(
                "\u{feff}\"status\" : \"draft\"\n",
                &[("status", "archived")]
            )
            .unwrap(),
            "\u{feff}\"status\" : \"archived\"\n"
        );
        assert_eq!(
            set("æ: ø\nstatus:\n  draft\n", &[("status", "current")]).unwrap(),
            "æ: ø\nstatus:\n  current\n"
        );
    }

    #[test]
    fn a_missing_key_is_added_on_a_line_of_its_own() {
        assert_eq!(
            set("label: x", &[("status", "archived")]).unwrap(),
            "label: x\nstatus: archived\n"
        );
        assert_eq!(
            set("label: x\r\n# slut\r\n", &[("status", "archived")]).unwrap(),
            "label: x\r\n# slut\r\nstatus: archived\r\n"
        );
        assert_eq!(
            set("\u{feff}label: x\n", &[("status", "archived")]).unwrap(),
            "\u{feff}label: x\nstatus: archived\n"
        );
        let indented = set("  label: x\n", &[("status", "archived")]).unwrap_err();
        assert!(indented.contains("its keys are indented"), "{indented}");
    }

    #[test]
    fn what_cannot_be_edited_in_place_is_refused_at_its_place() {
        let refused = |text: &str| set(text, &[("status", "current")]).unwrap_err();
        let flow = refused("{label: x, status: draft}\n");
        assert!(flow.starts_with("edition.yaml:1:1: "), "{flow}");
        assert!(
            flow.contains("write `status: draft` on a line of its own"),
            "{flow}"
        );
        for text in [
            "label: x\nstatus: >\n  draft\n",
            "label: x\nstatus: &s draft\nnote: *s\n",
            "label: x\nstatus: !!str draft\n",
            "label: x\n&k status: draft\n",
            "label: &s draft\nstatus: *s\n",
            "label: x\nstatus: draft\nstatus: draft\n",
        ] {
            let error = refused(text);
            assert!(
                error.starts_with("edition.yaml:2:1: ") || error.starts_with("edition.yaml:3:1: "),
                "{text:?}: {error}"
            );
            assert!(error.contains("`status: "), "{error}");
        }
        let merged = refused("base: &b {status: draft}\n<<: *b\n");
        assert!(merged.contains("merged in"), "{merged}");
        let after_end = refused("label: x\n...\n");
        assert!(
            after_end.contains("would not read as `status: current`"),
            "{after_end}"
        );
    }

    fn add(text: &str) -> Result<String, String> {
        add_entries(
            Path::new("site.yaml"),
            text,
            "retired",
            &[
                ("e1/regler/", "Siden er fjernet."),
                ("regler/", "Siden er fjernet."),
            ],
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn entries_are_added_below_a_mapping_or_with_it() {
        assert_eq!(
            add("title: Råd\r\n# slut\r\n").unwrap(),
            "title: Råd\r\n# slut\r\nretired:\r\n  e1/regler/: Siden er fjernet.\r\n  regler/: Siden er fjernet.\r\n"
        );
        assert_eq!(
            add("retired:\n    gammel/: Væk.   # kommentar\ntitle: Råd\n").unwrap(),
            "retired:\n    gammel/: Væk.   # kommentar\n    e1/regler/: Siden er fjernet.\n    regler/: Siden er fjernet.\ntitle: Råd\n"
        );
        assert_eq!(
            add("title: Råd\nretired:\n  regler/: \"Allerede: væk\"").unwrap(),
            "title: Råd\nretired:\n  regler/: \"Allerede: væk\"\n  e1/regler/: Siden er fjernet.\n"
        );
        assert_eq!(
            add("retired:\ntitle: Råd\n").unwrap(),
            "retired:\n  e1/regler/: Siden er fjernet.\n  regler/: Siden er fjernet.\ntitle: Råd\n"
        );
        let flow = add("title: Råd\nretired: {gammel/: Væk.}\n").unwrap_err();
        assert!(flow.starts_with("site.yaml:2:1: "), "{flow}");
    }

    #[test]
    fn an_empty_value_and_yaml_1_1_words_are_written_so_they_read_as_text() {
        assert_eq!(
            set("summary:\ntitle: x\n", &[("summary", "Kort")]).unwrap(),
            "summary: Kort\ntitle: x\n"
        );
        assert_eq!(
            set("title: x\nsummary:   # c\n", &[("summary", "yes")]).unwrap(),
            "title: x\nsummary: \"yes\"   # c\n"
        );
        assert_eq!(
            set("summary: \"\"\n", &[("summary", "Off")]).unwrap(),
            "summary: \"Off\"\n"
        );
    }
}
