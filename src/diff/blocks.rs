//! Markdown → a flat list of text blocks, the unit the diff aligns.
//!
//! An editor thinks of a page as headings, paragraphs, list items and table rows, so that is
//! what the diff compares: each block keeps its kind (so a heading is shown as a heading and
//! a list item as a list item) and its visible text (link targets, emphasis and line wrapping
//! are left out, so only changes a reader can see count). Whitespace is collapsed, which makes
//! re-wrapped lines compare equal; code blocks keep theirs, where it matters.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What a block is, as far as showing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum BlockKind {
    Heading(u8),
    Paragraph,
    /// `depth` 1 is a top-level item; nested lists count up.
    ListItem {
        depth: u8,
        ordered: bool,
    },
    TableRow {
        header: bool,
    },
    Code,
    Quote,
    Html,
}

impl BlockKind {
    /// Kinds that can be paired as "the same block, edited".
    pub(crate) fn family(self) -> u8 {
        match self {
            BlockKind::Heading(_) => 0,
            BlockKind::ListItem { .. } => 1,
            BlockKind::TableRow { .. } => 2,
            BlockKind::Code => 3,
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::Html => 4,
        }
    }
}

/// One block of a page: its kind and its text, one part per table cell (else one part).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Block {
    pub(crate) kind: BlockKind,
    pub(crate) parts: Vec<String>,
}

impl Block {
    /// The block's text as one string (cells separated by ` | `), for similarity.
    pub(crate) fn text(&self) -> String {
        self.parts.join(" | ")
    }
}

/// The blocks of a Markdown body, in reading order.
pub(crate) fn parse(markdown: &str) -> Vec<Block> {
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        builder.event(event);
    }
    builder.flush();
    builder.blocks
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    List { ordered: bool },
    Item,
    Quote,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    pending: Option<Block>,
    containers: Vec<Container>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.push_text(&t),
            Event::Html(t) => self.push_text(&t),
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            Event::TaskListMarker(done) => self.push_text(if done { "☑ " } else { "☐ " }),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => self.open(BlockKind::Heading(level as u8)),
            Tag::Paragraph => self.open_paragraph(),
            Tag::List(start) => {
                self.flush();
                self.containers.push(Container::List {
                    ordered: start.is_some(),
                });
            }
            Tag::Item => {
                self.containers.push(Container::Item);
                self.open(self.item_kind());
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(_) => self.open(BlockKind::Code),
            Tag::HtmlBlock => self.open(BlockKind::Html),
            Tag::Table(_) => self.flush(),
            Tag::TableHead => self.open(BlockKind::TableRow { header: true }),
            Tag::TableRow => self.open(BlockKind::TableRow { header: false }),
            Tag::TableCell => {
                if let Some(block) = &mut self.pending {
                    block.parts.push(String::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.containers.last() == Some(&Container::Item) => {}
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::TableHead
            | TagEnd::TableRow => self.flush(),
            TagEnd::Item | TagEnd::List(_) | TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
            }
            _ => {}
        }
    }

    /// A paragraph inside a list item continues the item's text (loose lists).
    fn open_paragraph(&mut self) {
        if self.containers.last() == Some(&Container::Item) {
            let kind = self.item_kind();
            if self.pending.as_ref().is_some_and(|b| b.kind == kind) {
                self.push_text(" ");
            } else {
                self.open(kind);
            }
        } else if self.containers.contains(&Container::Quote) {
            self.open(BlockKind::Quote);
        } else {
            self.open(BlockKind::Paragraph);
        }
    }

    fn item_kind(&self) -> BlockKind {
        let mut lists = self.containers.iter().filter_map(|c| match c {
            Container::List { ordered } => Some(*ordered),
            _ => None,
        });
        let depth = lists.clone().count();
        BlockKind::ListItem {
            depth: u8::try_from(depth).unwrap_or(u8::MAX),
            ordered: lists.next_back().unwrap_or(false),
        }
    }

    fn open(&mut self, kind: BlockKind) {
        self.flush();
        let parts = match kind {
            BlockKind::TableRow { .. } => Vec::new(),
            _ => vec![String::new()],
        };
        self.pending = Some(Block { kind, parts });
    }

    fn push_text(&mut self, text: &str) {
        if self.pending.is_none() {
            self.open_paragraph();
        }
        if let Some(part) = self.pending.as_mut().and_then(|b| b.parts.last_mut()) {
            part.push_str(text);
        }
    }

    /// Ends the pending block; blocks without visible text are dropped.
    fn flush(&mut self) {
        let Some(mut block) = self.pending.take() else {
            return;
        };
        for part in &mut block.parts {
            *part = if block.kind == BlockKind::Code {
                part.trim_end().to_string()
            } else {
                collapse_whitespace(part)
            };
        }
        if block.parts.iter().any(|p| !p.is_empty()) {
            self.blocks.push(block);
        }
    }
}

/// Runs of whitespace become one space, with none at the ends: wrapping is not a change.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(markdown: &str) -> Vec<(BlockKind, String)> {
        parse(markdown)
            .into_iter()
            .map(|b| (b.kind, b.text()))
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_nested_lists_become_blocks() {
        let blocks = kinds_and_texts(
            "## Skriv *ikke*\n\nEn [lang](a.md)\nlinje.\n\n- et\n  - to\n- tre\n\n1. først\n",
        );
        let item = |depth, ordered| BlockKind::ListItem { depth, ordered };
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Heading(2), "Skriv ikke".into()),
                (BlockKind::Paragraph, "En lang linje.".into()),
                (item(1, false), "et".into()),
                (item(2, false), "to".into()),
                (item(1, false), "tre".into()),
                (item(1, true), "først".into()),
            ]
        );
    }

    #[test]
    fn loose_list_items_keep_all_their_text_in_one_block() {
        let blocks = kinds_and_texts("- a\n\n  b\n\n- c\n");
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!(blocks[0].1, "a b");
    }

    #[test]
    fn table_rows_keep_their_cells() {
        let blocks = parse("| Hvem | Hvad |\n|---|---|\n| Leder | Godkender |\n");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].kind, BlockKind::TableRow { header: true });
        assert_eq!(blocks[1].parts, vec!["Leder", "Godkender"]);
    }

    #[test]
    fn quotes_code_and_task_lists() {
        let blocks = kinds_and_texts("> citat\n\n```\nkode  her\n```\n\n- [x] gjort\n");
        assert_eq!(blocks[0], (BlockKind::Quote, "citat".into()));
        assert_eq!(blocks[1], (BlockKind::Code, "kode  her".into()));
        assert_eq!(blocks[2].1, "☑ gjort");
    }
}
