//! The running text of a page body, as a reader reads it: paragraphs and list items, each a
//! block of its own, with link text kept.
//!
//! Left out: headings (short on purpose, and no sentences), tables and code (not prose),
//! image alt text, inline code and raw HTML. Each block keeps where its pieces stand in the
//! body, so a word or sentence found in it is placed at its line and column in the file.
//!
//! A [`Collector`] is shown the events of one parse of the body. The Markdown stage shows it
//! the events it renders the page from ([`super::render`] with running text asked for), so
//! that the readability stage reads the text without parsing every page a second time; the
//! readability stage parses a body itself only for what the build does not render, such as one
//! section of a page on a leaflet panel.

use pulldown_cmark::{Event, TagEnd};
use std::ops::Range;

/// The running text of a body: its blocks, one after another in one buffer (a site of 10,000
/// pages has hundreds of thousands of blocks: one allocation per page, not per block).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunningText {
    text: String,
    /// Where each block is in `text`.
    blocks: Vec<Range<usize>>,
    /// Where each piece of `text` starts: (offset in `text`, offset in the body).
    pieces: Vec<(usize, usize)>,
}

/// One paragraph or list item as plain text.
#[derive(Debug, Clone, Copy)]
pub struct TextBlock<'t> {
    pub text: &'t str,
    /// Where `text` starts in the running text's buffer.
    start: usize,
    pieces: &'t [(usize, usize)],
}

impl TextBlock<'_> {
    /// The offset in the body of byte `at` of `text`.
    pub fn body_offset(&self, at: usize) -> usize {
        let at = self.start + at;
        let i = self.pieces.partition_point(|&(text, _)| text <= at);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((text, body)) => body + (at - text),
            None => self.pieces.first().map_or(0, |&(_, body)| body),
        }
    }
}

impl RunningText {
    /// The blocks in the order of the text.
    pub fn blocks(&self) -> impl Iterator<Item = TextBlock<'_>> {
        self.blocks.iter().map(|range| TextBlock {
            text: &self.text[range.clone()],
            start: range.start,
            pieces: &self.pieces,
        })
    }
}

/// Reads the running text out of a body's events, one event at a time.
#[derive(Debug)]
pub struct Collector {
    out: RunningText,
    /// Where the block being read starts in `out.text`.
    block_start: usize,
    /// How many elements left out (headings, tables, code, images, raw HTML) are open.
    left_out: usize,
    /// Whether text is taken: always, unless the reader of a section says otherwise.
    inside: bool,
}

impl Default for Collector {
    fn default() -> Self {
        Collector {
            out: RunningText::default(),
            block_start: 0,
            left_out: 0,
            inside: true,
        }
    }
}

impl Collector {
    /// A collector for a body of `len` bytes: its running text is no longer, so the text is
    /// allocated once.
    pub fn for_body(len: usize) -> Self {
        let mut collector = Collector::default();
        collector.out.text.reserve(len);
        collector
    }

    /// Whether the text that follows is taken (the section being read) or passed over.
    pub fn take_text(&mut self, inside: bool) {
        self.inside = inside;
    }

    /// Takes in `event`, which starts at `body_offset` in the body.
    pub fn see(&mut self, event: &Event<'_>, body_offset: usize) {
        match event {
            Event::Start(tag) => {
                let tag = tag.to_end();
                if is_left_out(tag) {
                    self.left_out += 1;
                }
                if is_block(tag) {
                    self.end_block();
                }
            }
            Event::End(tag) => {
                if is_left_out(*tag) {
                    self.left_out = self.left_out.saturating_sub(1);
                }
                if is_block(*tag) {
                    self.end_block();
                }
            }
            Event::Text(text) if self.left_out == 0 && self.inside => {
                self.out.pieces.push((self.out.text.len(), body_offset));
                self.out.text.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak => {
                let text = &mut self.out.text;
                if text.len() > self.block_start && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }

    /// The running text of every event seen.
    pub fn finish(mut self) -> RunningText {
        self.end_block();
        self.out
    }

    /// Keeps the block being read if it has a letter or digit, and starts the next.
    fn end_block(&mut self) {
        let out = &mut self.out;
        let block = self.block_start..out.text.len();
        if out.text[block.clone()].chars().any(char::is_alphanumeric) {
            out.blocks.push(block);
        } else {
            out.text.truncate(block.start);
            let kept = out.pieces.partition_point(|&(text, _)| text < block.start);
            out.pieces.truncate(kept);
        }
        self.block_start = out.text.len();
    }
}

/// What readers do not read as running text.
fn is_left_out(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Heading(_)
            | TagEnd::Table
            | TagEnd::CodeBlock
            | TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
    )
}

/// Where a block of text starts and ends: a sentence never runs across it.
fn is_block(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::List(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Heading(_)
            | TagEnd::Table
            | TagEnd::CodeBlock
            | TagEnd::FootnoteDefinition
    )
}

/// The running text of `body`, from a parse of its own.
pub fn of(body: &str) -> RunningText {
    let mut collector = Collector::for_body(body.len());
    for (event, range) in pulldown_cmark::Parser::new_ext(body, super::options()).into_offset_iter()
    {
        collector.see(&event, range.start);
    }
    collector.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        of(body)
            .blocks()
            .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn paragraphs_and_list_items_are_blocks_and_the_rest_is_left_out() {
        let body = "# Titel\n\nSe [rådene](r.md) og ![logo](l.png) `kode`.\n\n- Et punkt\n- To\n  linjer\n\n| a | b |\n|---|---|\n| c | d |\n\n```\nkode her\n```\n\n<div>html</div>\n";
        assert_eq!(texts(body), ["Se rådene og .", "Et punkt", "To linjer"]);
    }

    #[test]
    fn offsets_lead_back_into_the_body() {
        let body = "Intro.\n\nFørste linje med\n[et link](x.md) her.\n";
        let text = of(body);
        let block = text.blocks().nth(1).unwrap();
        let at = block.text.find("link").unwrap();
        assert_eq!(&body[block.body_offset(at)..][..4], "link");
        let here = block.text.find("her").unwrap();
        assert_eq!(&body[block.body_offset(here)..][..3], "her");
    }

    #[test]
    fn a_block_without_letters_leaves_nothing_behind() {
        let body = "Før.\n\n- —\n\nEfter her.\n";
        let text = of(body);
        let blocks: Vec<_> = text.blocks().collect();
        assert_eq!(blocks.len(), 2);
        let at = blocks[1].text.find("her").unwrap();
        assert_eq!(&body[blocks[1].body_offset(at)..][..3], "her");
    }
}
