//! The imported document as plain data: what the reader found in the Word parts, before it
//! becomes Markdown pages.
//!
//! It keeps only what a page can show: headings with their level, paragraphs, quotes, list
//! items with their kind, depth and number, tables with header rows and merged cells, text
//! with bold and italic, links to web addresses and to bookmarks, images with their alt text,
//! footnotes and endnotes. Word's layout (fonts, spacing, sections) is gone here.

use super::numbering::ListKind;

/// A whole document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Document {
    /// From the Title style, else the file's properties (`docProps/core.xml`).
    pub(crate) title: Option<String>,
    pub(crate) blocks: Vec<Block>,
    /// Footnotes and endnotes by the key their references use.
    pub(crate) notes: Vec<(NoteRef, Vec<Block>)>,
}

/// One block of text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Heading { level: u8, text: Para },
    Paragraph(Para),
    Quote(Para),
    ListItem(Item),
    Table(Table),
}

/// A paragraph's text and the bookmarks that point at it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Para {
    pub(crate) inlines: Vec<Inline>,
    pub(crate) anchors: Vec<String>,
}

/// A list item: which list it belongs to (`w:numId`), how deep, and its number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub(crate) kind: ListKind,
    pub(crate) depth: u8,
    pub(crate) number: u32,
    pub(crate) text: Para,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Table {
    pub(crate) rows: Vec<Vec<Cell>>,
    /// How many rows at the top are header rows (at least one when the table has rows:
    /// without `w:tblHeader` the first row is taken as the header).
    pub(crate) header_rows: usize,
}

/// A table cell; merged cells span columns (`w:gridSpan`) and rows (`w:vMerge`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cell {
    pub(crate) blocks: Vec<Block>,
    pub(crate) col_span: usize,
    pub(crate) row_span: usize,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    Text {
        text: String,
        bold: bool,
        italic: bool,
    },
    Link {
        target: LinkTarget,
        inlines: Vec<Inline>,
    },
    Image(Image),
    Note(NoteRef),
    /// A line break inside the paragraph (`w:br`).
    Break,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// A web or mail address.
    Web(String),
    /// A bookmark in the document (`w:anchor`): a heading or place on one of the new pages.
    Bookmark(String),
}

/// An image: its part in the package and its alt text. `Some("")` is an image marked as
/// decorative, which needs none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    pub(crate) part: String,
    pub(crate) alt: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NoteKind {
    Footnote,
    Endnote,
}

/// A reference to a footnote or endnote by its id in the notes part.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct NoteRef {
    pub(crate) kind: NoteKind,
    pub(crate) id: String,
}

impl Para {
    /// The text as a reader sees it, without formatting.
    pub(crate) fn plain(&self) -> String {
        let mut out = String::new();
        plain_into(&self.inlines, &mut out);
        out
    }

    /// Whether the paragraph shows nothing (no text, no image).
    pub(crate) fn is_empty(&self) -> bool {
        !self.inlines.iter().any(Inline::shows_something)
    }
}

impl Inline {
    fn shows_something(&self) -> bool {
        match self {
            Inline::Text { text, .. } => !text.trim().is_empty(),
            Inline::Link { inlines, .. } => inlines.iter().any(Inline::shows_something),
            Inline::Image(_) | Inline::Note(_) => true,
            Inline::Break => false,
        }
    }
}

pub(crate) fn plain_into(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Link { inlines, .. } => plain_into(inlines, out),
            Inline::Break => out.push(' '),
            Inline::Image(_) | Inline::Note(_) => {}
        }
    }
}

impl Block {
    /// The text of the block, for matching pages by similarity.
    pub(crate) fn plain(&self) -> String {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => {
                text.plain()
            }
            Block::ListItem(item) => item.text.plain(),
            Block::Table(table) => table
                .rows
                .iter()
                .flatten()
                .flat_map(|c| c.blocks.iter().map(Block::plain))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}
