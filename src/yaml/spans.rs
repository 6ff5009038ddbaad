//! YAML read as a tree of nodes that know where they stand in the text.
//!
//! serde reads a YAML file into values and forgets where each came from; two jobs need the
//! places themselves: editing one value of `edition.yaml` in place (`pjece edition publish`
//! replaces exactly the characters of `status:`'s value and nothing around it), and saying on
//! which line a key is written a second time. This module reads the text with a parser that
//! reports spans (saphyr) and returns [`Node`]s whose spans are byte ranges of the text. It
//! reads; it never writes.

use saphyr_parser::{Event, Parser, ScalarStyle};
use std::ops::Range;

/// One node of a YAML document and the bytes of the text it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// The node's bytes, its anchor and tag included (`&a draft`, `!!str draft`, `"draft"`);
    /// for a block scalar (`|`, `>`), its lines of text without the indicator line.
    pub(crate) span: Range<usize>,
    pub(crate) kind: Kind,
    /// Whether the node has an anchor (`&name`) that other nodes may refer to.
    pub(crate) anchored: bool,
    /// Whether the node has a tag (`!!str`, `!name`).
    pub(crate) tagged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Scalar {
        value: String,
        style: Style,
    },
    /// `*name`: a reference to an anchored node.
    Alias,
    Sequence(Vec<Node>),
    Mapping {
        /// Written `{ key: value, … }` rather than one key per line.
        flow: bool,
        entries: Vec<(Node, Node)>,
    },
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` or `>` and the indented lines below.
    Block,
}

/// Why the text is not YAML, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// A key written a second time in the same mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    pub(crate) key: String,
    /// Byte offset of the first key.
    pub(crate) first: usize,
    /// Byte offset of the key written again.
    pub(crate) again: usize,
}

impl Node {
    /// The scalar's text, `None` for collections and aliases.
    pub(crate) fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The entries of a mapping; none for anything else.
    pub(crate) fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            Kind::Mapping { entries, .. } => entries,
            _ => &[],
        }
    }
}

/// Every document of `text`, in order (a file without `---` has one).
pub(crate) fn documents(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let bytes = ByteOffsets::new(text);
    let mut tree = Tree::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            offset: bytes.of(e.marker().index()),
            message: e.info().to_string(),
        })?;
        let range = bytes.of(span.start.index())..bytes.of(span.end.index());
        tree.take(event, range, text);
    }
    Ok(tree.documents)
}

/// Every key written twice in one mapping, anywhere in `nodes`, in the order of the text.
pub(crate) fn duplicate_keys(nodes: &[Node]) -> Vec<Duplicate> {
    let mut found = Vec::new();
    for node in nodes {
        collect_duplicates(node, &mut found);
    }
    found.sort_by_key(|d| d.again);
    found
}

fn collect_duplicates(node: &Node, found: &mut Vec<Duplicate>) {
    match &node.kind {
        Kind::Mapping { entries, .. } => {
            let mut seen: Vec<(&str, usize)> = Vec::new();
            for (key, value) in entries {
                if let Some(name) = key.as_scalar() {
                    match seen.iter().find(|(s, _)| *s == name) {
                        Some(&(_, first)) => found.push(Duplicate {
                            key: name.to_string(),
                            first,
                            again: key.span.start,
                        }),
                        None => seen.push((name, key.span.start)),
                    }
                }
                collect_duplicates(value, found);
            }
        }
        Kind::Sequence(items) => items.iter().for_each(|n| collect_duplicates(n, found)),
        Kind::Scalar { .. } | Kind::Alias => {}
    }
}

/// The parser counts in characters; the text is sliced in bytes.
struct ByteOffsets(Vec<usize>);

impl ByteOffsets {
    fn new(text: &str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        ByteOffsets(offsets)
    }

    fn of(&self, chars: usize) -> usize {
        self.0
            .get(chars)
            .copied()
            .unwrap_or_else(|| *self.0.last().unwrap_or(&0))
    }
}

/// Where a quoted scalar ends: just after its closing quote. The parser's span of a quoted
/// value in a block mapping runs on over the spaces and comment after it (`'draft'   # x`),
/// which an edit of the value must keep.
fn closing_quote(text: &str, span: &Range<usize>, style: Style) -> Option<usize> {
    let quote = match style {
        Style::SingleQuoted => '\'',
        Style::DoubleQuoted => '"',
        Style::Plain | Style::Block => return None,
    };
    let within = text.get(span.clone())?;
    let open = within.find(quote)?;
    let mut chars = within[open + 1..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(span.start + open + 1 + i + 1),
            _ => {}
        }
    }
    None
}

/// The collections being read, innermost last.
#[derive(Default)]
struct Tree {
    open: Vec<Open>,
    documents: Vec<Node>,
}

struct Open {
    start: usize,
    anchored: bool,
    tagged: bool,
    body: OpenBody,
}

enum OpenBody {
    Sequence(Vec<Node>),
    Mapping {
        flow: bool,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

impl Tree {
    fn take(&mut self, event: Event<'_>, span: Range<usize>, text: &str) {
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                let span = match closing_quote(text, &span, style) {
                    Some(end) => span.start..end,
                    None => span,
                };
                self.add(Node {
                    span,
                    kind: Kind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                    anchored: anchor != 0,
                    tagged: tag.is_some(),
                });
            }
            Event::Alias(_) => self.add(Node {
                span,
                kind: Kind::Alias,
                anchored: false,
                tagged: false,
            }),
            Event::SequenceStart(anchor, tag) => self.open.push(Open {
                start: span.start,
                anchored: anchor != 0,
                tagged: tag.is_some(),
                body: OpenBody::Sequence(Vec::new()),
            }),
            Event::MappingStart(anchor, tag) => {
                // A block mapping starts with an empty span at its first key; a flow mapping's
                // span is its `{` (after any anchor or tag).
                let flow = text.get(span.clone()).is_some_and(|s| s.ends_with('{'));
                self.open.push(Open {
                    start: span.start,
                    anchored: anchor != 0,
                    tagged: tag.is_some(),
                    body: OpenBody::Mapping {
                        flow,
                        entries: Vec::new(),
                        key: None,
                    },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = self.open.pop() {
                    let kind = match open.body {
                        OpenBody::Sequence(items) => Kind::Sequence(items),
                        OpenBody::Mapping { flow, entries, .. } => Kind::Mapping { flow, entries },
                    };
                    self.add(Node {
                        span: open.start..span.end.max(open.start),
                        kind,
                        anchored: open.anchored,
                        tagged: open.tagged,
                    });
                }
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {}
        }
    }

    /// A finished node goes into the collection around it, or is a document.
    fn add(&mut self, node: Node) {
        match self.open.last_mut().map(|o| &mut o.body) {
            None => self.documents.push(node),
            Some(OpenBody::Sequence(items)) => items.push(node),
            Some(OpenBody::Mapping { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        documents(text).unwrap().remove(0)
    }

    fn value_text<'a>(text: &'a str, key: &str) -> &'a str {
        let node = root(text);
        let (_, value) = node
            .entries()
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .unwrap();
        &text[value.span.clone()]
    }

    #[test]
    fn value_spans_are_byte_ranges_without_comments_or_line_endings() {
        assert_eq!(
            value_text("ø: æ\nstatus: draft # kladde\r\n", "status"),
            "draft"
        );
        assert_eq!(value_text("\u{feff}status: 'draft'\n", "status"), "'draft'");
        assert_eq!(
            value_text("\"status\" : \"draft\"\n", "status"),
            "\"draft\""
        );
        assert_eq!(value_text("status: 'it''s'  # x\r\n", "status"), "'it''s'");
        assert_eq!(
            value_text("status: \"a\\\"b\" # x\n", "status"),
            "\"a\\\"b\""
        );
        assert_eq!(value_text("status: &a 'x' # y\n", "status"), "&a 'x'");
        assert_eq!(value_text("status:\n  draft\nnote: x\n", "status"), "draft");
        assert_eq!(
            value_text("status: &a draft\nx: *a\n", "status"),
            "&a draft"
        );
    }

    #[test]
    fn flow_mappings_are_told_from_block_mappings() {
        assert!(matches!(
            root("{a: 1}\n").kind,
            Kind::Mapping { flow: true, .. }
        ));
        assert!(matches!(
            root("a: 1\n").kind,
            Kind::Mapping { flow: false, .. }
        ));
        let nested = root("a: {b: 1}\n");
        assert!(matches!(
            nested.entries()[0].1.kind,
            Kind::Mapping { flow: true, .. }
        ));
    }

    #[test]
    fn keys_written_twice_are_found_at_any_depth() {
        let text = "title: a\ncolors:\n  primary: x\n  primary: y\ntitle: b\n";
        let found = duplicate_keys(&documents(text).unwrap());
        let places: Vec<(&str, usize, usize)> = found
            .iter()
            .map(|d| (d.key.as_str(), d.first, d.again))
            .collect();
        assert_eq!(places, [("primary", 19, 32), ("title", 0, 43)]);
    }

    #[test]
    fn syntax_errors_have_a_byte_offset() {
        let error = documents("æ: [1\n").unwrap_err();
        assert!(error.offset <= 7, "{error:?}");
    }
}
