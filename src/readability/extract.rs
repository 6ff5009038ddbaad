//! The running text of a page body, as a reader reads it: paragraphs and list items, each a
//! block of its own, with link text kept.
//!
//! Left out: headings (short on purpose, and no sentences), tables and code (not prose),
//! image alt text, inline code and raw HTML. Each block keeps where its pieces stand in the
//! body, so a word or sentence found in it is placed at its line and column in the file.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One paragraph or list item as plain text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct TextBlock {
    pub(crate) text: String,
    /// Where each piece of `text` starts: (offset in `text`, offset in the body).
    pieces: Vec<(usize, usize)>,
}

impl TextBlock {
    /// The offset in the body of byte `at` of `text`.
    pub(crate) fn body_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(text, _)| text <= at);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((text, body)) => body + (at - text),
            None => self.pieces.first().map_or(0, |&(_, body)| body),
        }
    }

    fn push(&mut self, text: &str, body_offset: usize) {
        self.pieces.push((self.text.len(), body_offset));
        self.text.push_str(text);
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    /// Empties the block for the next one, keeping its buffers.
    fn clear(&mut self) {
        self.text.clear();
        self.pieces.clear();
    }
}

/// The blocks of `body` (see [`each_block`]), collected.
#[cfg(test)]
pub(crate) fn blocks(body: &str, section: Option<&str>) -> Vec<TextBlock> {
    let mut blocks = Vec::new();
    each_block(body, section, |block| blocks.push(block.clone()));
    blocks
}

/// Hands `each` the blocks of `body`, or of the section under the heading with anchor
/// `section` (up to the next heading of its level or above), as the leaflet prints it. One
/// block's buffers are reused for the next: a site of 10,000 pages has hundreds of thousands.
pub(crate) fn each_block(body: &str, section: Option<&str>, mut each: impl FnMut(&TextBlock)) {
    let ids = match section {
        Some(_) => crate::markdown::heading_ids(body),
        None => Vec::new(),
    };
    let mut headings = 0usize;
    // With a section: `None` before it, `Some(level)` inside it; without: always inside.
    let mut inside: Option<u8> = if section.is_none() { Some(0) } else { None };
    let mut left_out = 0usize;
    let mut current = TextBlock::default();
    let mut flush = |current: &mut TextBlock| {
        if current.text.chars().any(char::is_alphanumeric) {
            each(current);
        }
        current.clear();
    };
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, .. }) = &event {
            let level = *level as u8;
            if let Some(section) = section {
                if inside.is_some_and(|open| level <= open) {
                    inside = None;
                }
                if ids.get(headings).map(String::as_str) == Some(section) {
                    inside = Some(level);
                }
            }
            headings += 1;
        }
        match event {
            Event::Start(tag) => {
                if is_left_out(&tag) {
                    left_out += 1;
                }
                if is_block(&tag) {
                    flush(&mut current);
                }
            }
            Event::End(tag) => {
                if is_left_out_end(tag) {
                    left_out = left_out.saturating_sub(1);
                }
                if is_block_end(tag) {
                    flush(&mut current);
                }
            }
            Event::Text(text) if left_out == 0 && inside.is_some() => {
                current.push(&text, range.start);
            }
            Event::SoftBreak | Event::HardBreak => current.space(),
            _ => {}
        }
    }
    flush(&mut current);
}

/// What readers do not read as running text.
fn is_left_out(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Heading { .. }
            | Tag::Table(_)
            | Tag::CodeBlock(_)
            | Tag::Image { .. }
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
    )
}

fn is_left_out_end(tag: TagEnd) -> bool {
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

/// Where a block of text starts: a sentence never runs across it.
fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Item
            | Tag::List(_)
            | Tag::BlockQuote(_)
            | Tag::Heading { .. }
            | Tag::Table(_)
            | Tag::CodeBlock(_)
            | Tag::FootnoteDefinition(_)
    )
}

fn is_block_end(tag: TagEnd) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str, section: Option<&str>) -> Vec<String> {
        blocks(body, section)
            .into_iter()
            .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn paragraphs_and_list_items_are_blocks_and_the_rest_is_left_out() {
        let body = "# Titel\n\nSe [rådene](r.md) og ![logo](l.png) `kode`.\n\n- Et punkt\n- To\n  linjer\n\n| a | b |\n|---|---|\n| c | d |\n\n```\nkode her\n```\n\n<div>html</div>\n";
        assert_eq!(
            texts(body, None),
            ["Se rådene og .", "Et punkt", "To linjer"]
        );
    }

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level() {
        let body = "Før.\n\n## Tilladelse\n\nSpørg først.\n\n### Under\n\nOgså her.\n\n## Andet\n\nIkke her.\n";
        assert_eq!(
            texts(body, Some("tilladelse")),
            ["Spørg først.", "Også her."]
        );
    }

    #[test]
    fn offsets_lead_back_into_the_body() {
        let body = "Første linje med\n[et link](x.md) her.\n";
        let block = &blocks(body, None)[0];
        let at = block.text.find("link").unwrap();
        assert_eq!(&body[block.body_offset(at)..][..4], "link");
        let here = block.text.find("her").unwrap();
        assert_eq!(&body[block.body_offset(here)..][..3], "her");
    }
}
