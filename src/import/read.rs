//! `word/document.xml` (and the notes parts) → the [`Document`] model.
//!
//! Takes the parsed parts, the styles and numbering; returns the document and
//! [`Findings`], what the report needs: tracked changes, where comments stand, styles nobody
//! mapped, and what was left out. The body is read block by block: a paragraph's role comes
//! from its own outline level, then its style ([`Styles::role`]); its numbering from its own
//! `w:numPr`, then its style's; its runs' bold and italic from direct formatting over the
//! character style over the paragraph style. Fields are followed across runs and paragraphs
//! (`w:fldChar` begin → separate → end): a table of contents, page numbers and other
//! generated text are left out, other fields keep the text Word shows. Tracked changes are
//! taken as accepted or rejected ([`Changes`]) and all listed.

use super::model::*;
use super::numbering::{Counters, Numbering};
use super::package::Relationships;
use super::styles::{NumberingRef, Styles};
use super::xml::{Element, Node};
use crate::config::StyleRole;
use std::collections::BTreeMap;

/// What to do with tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Changes {
    Accept,
    Reject,
}

/// A tracked change as Word records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TrackedChange {
    pub(crate) inserted: bool,
    pub(crate) author: String,
    pub(crate) date: String,
    pub(crate) text: String,
}

/// What the reader saw besides the content.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub(crate) changes: Vec<TrackedChange>,
    /// Comment id → the top-level block it starts in.
    pub(crate) comments_at: Vec<(String, usize)>,
    /// Custom style name → how many paragraphs have it.
    pub(crate) unmapped: BTreeMap<String, usize>,
    /// What was left out, each kind once with a count.
    pub(crate) dropped: BTreeMap<String, usize>,
}

/// Fields whose text Word generates: left out.
const GENERATED_FIELDS: &[&str] = &[
    "TOC",
    "PAGE",
    "NUMPAGES",
    "SECTIONPAGES",
    "PAGEREF",
    "INDEX",
    "TC",
    "XE",
    "NOTEREF",
    "SEQ",
    "STYLEREF",
    "FILENAME",
    "DATE",
    "TIME",
    "PRINTDATE",
    "SAVEDATE",
    "CREATEDATE",
];

#[derive(Debug)]
struct Field {
    instr: String,
    /// Past `separate`: the runs now are the field's result.
    in_result: bool,
    generated: bool,
    /// A `HYPERLINK` field: its target and where its result starts in the paragraph's
    /// inlines, which become the link's text at `end`.
    link: Option<(LinkTarget, usize)>,
}

/// The reading context of one document.
pub(crate) struct Reader<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    rels: &'a Relationships,
    changes: Changes,
    counters: Counters,
    fields: Vec<Field>,
    pending_anchors: Vec<String>,
    /// Blocks found inside a paragraph (text boxes), placed after it.
    after: Vec<Block>,
    /// The index the next top-level block will have.
    block_index: usize,
    pub(crate) findings: Findings,
    pub(crate) title: Option<String>,
}

/// A paragraph's run formatting inherited from its style.
#[derive(Debug, Clone, Copy, Default)]
struct RunContext {
    bold: bool,
    italic: bool,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        styles: &'a Styles,
        numbering: &'a Numbering,
        rels: &'a Relationships,
        changes: Changes,
    ) -> Self {
        Reader {
            styles,
            numbering,
            rels,
            changes,
            counters: Counters::default(),
            fields: Vec::new(),
            pending_anchors: Vec::new(),
            after: Vec::new(),
            block_index: 0,
            findings: Findings::default(),
            title: None,
        }
    }

    /// The blocks of `w:body`, counting top-level blocks for the comments' places.
    pub(crate) fn body(&mut self, body: &Element) -> Vec<Block> {
        let mut out = Vec::new();
        self.blocks_into(body, &mut out, true);
        out
    }

    /// The blocks of a note, a cell or a text box (not counted as top-level blocks).
    pub(crate) fn nested(&mut self, container: &Element) -> Vec<Block> {
        let mut out = Vec::new();
        self.blocks_into(container, &mut out, false);
        out
    }

    fn blocks_into(&mut self, container: &Element, out: &mut Vec<Block>, top: bool) {
        for child in container.elements() {
            match child.name.as_str() {
                "w:p" => {
                    if top {
                        self.block_index = out.len();
                    }
                    if let Some(block) = self.paragraph(child) {
                        out.push(block);
                    }
                    out.append(&mut self.after);
                }
                "w:tbl" => {
                    if top {
                        self.block_index = out.len();
                    }
                    let table = self.table(child);
                    if !table.rows.is_empty() {
                        out.push(Block::Table(table));
                    }
                }
                "w:sdt" => {
                    if let Some(content) = child.child("w:sdtContent") {
                        self.blocks_into(content, out, top);
                    }
                }
                "w:customXml" | "w:smartTag" => self.blocks_into(child, out, top),
                "w:ins" | "w:moveTo" => {
                    self.record_change(child, true);
                    if self.changes == Changes::Accept {
                        self.blocks_into(child, out, top);
                    }
                }
                "w:del" | "w:moveFrom" => {
                    self.record_change(child, false);
                    if self.changes == Changes::Reject {
                        self.blocks_into(child, out, top);
                    }
                }
                "w:bookmarkStart" => self.bookmark(child),
                _ => {}
            }
        }
    }

    fn bookmark(&mut self, start: &Element) {
        if let Some(name) = start.attr("w:name") {
            if name != "_GoBack" {
                self.pending_anchors.push(name.to_string());
            }
        }
    }

    fn record_change(&mut self, change: &Element, inserted: bool) {
        let mut text = String::new();
        deleted_or_inserted_text(change, &mut text);
        self.findings.changes.push(TrackedChange {
            inserted,
            author: change.attr("w:author").unwrap_or("unknown").to_string(),
            date: change.attr("w:date").unwrap_or_default().to_string(),
            text: text.trim().to_string(),
        });
    }

    fn drop(&mut self, what: &str) {
        *self.findings.dropped.entry(what.to_string()).or_default() += 1;
    }

    /// One `w:p`; `None` for paragraphs that show nothing or belong to a table of contents.
    fn paragraph(&mut self, p: &Element) -> Option<Block> {
        let ppr = p.child("w:pPr");
        let style = self
            .styles
            .paragraph_style(ppr.and_then(|p| p.child_val("w:pStyle")))
            .map(str::to_string);
        let direct_outline = ppr
            .and_then(|p| p.child_val("w:outlineLvl"))
            .and_then(|v| v.parse::<u8>().ok());
        let role = match direct_outline {
            Some(level) if level < 9 => Some(StyleRole::Heading(level.min(5) + 1)),
            _ => style.as_deref().and_then(|s| self.styles.role(s)),
        };
        let numbering = self.numbering_of(ppr, style.as_deref());
        let (bold, italic) = style
            .as_deref()
            .map_or((false, false), |s| self.styles.emphasis(s));
        let mut inlines = Vec::new();
        self.inlines_into(p, RunContext { bold, italic }, &mut inlines);
        let toc = style
            .as_deref()
            .is_some_and(|s| self.styles.is_table_of_contents(s));
        let text = Para {
            inlines,
            anchors: std::mem::take(&mut self.pending_anchors),
        };
        if toc {
            self.drop("table of contents (made again by the website's navigation)");
            return None;
        }
        if text.is_empty() {
            // A bookmark on an empty paragraph belongs to the next one.
            self.pending_anchors = text.anchors;
            return None;
        }
        if let Some(style) = style.as_deref() {
            if role.is_none() && numbering.is_none() && self.styles.is_unmapped_custom(style) {
                *self
                    .findings
                    .unmapped
                    .entry(self.styles.name(style).to_string())
                    .or_default() += 1;
            }
        }
        Some(match (role, numbering) {
            (Some(StyleRole::Heading(level)), _) => Block::Heading {
                level,
                text: without_emphasis(text),
            },
            (Some(StyleRole::Title), _) if self.title.is_none() => {
                self.title = Some(text.plain().trim().to_string());
                return None;
            }
            (Some(StyleRole::Quote), _) => Block::Quote(text),
            (_, Some(list)) => match self.numbering.kind(list.num_id, list.level) {
                Some(kind) => Block::ListItem(Item {
                    kind,
                    depth: list.level,
                    number: self.counters.next(self.numbering, list.num_id, list.level),
                    text,
                }),
                None => Block::Paragraph(text),
            },
            _ => Block::Paragraph(text),
        })
    }

    /// The paragraph's own `w:numPr`, else its style's; `w:numId="0"` means none.
    fn numbering_of(&self, ppr: Option<&Element>, style: Option<&str>) -> Option<NumberingRef> {
        let own = ppr.and_then(|p| p.child("w:numPr"));
        let from_style = style.and_then(|s| self.styles.numbering(s));
        let num_id = own
            .and_then(|n| n.child_val("w:numId"))
            .and_then(|v| v.parse().ok())
            .or(from_style.map(|n| n.num_id))?;
        let level = own
            .and_then(|n| n.child_val("w:ilvl"))
            .and_then(|v| v.parse().ok())
            .or(from_style.map(|n| n.level))
            .unwrap_or(0);
        (num_id != 0).then_some(NumberingRef {
            num_id,
            level: level.min(8),
        })
    }

    fn suppressed(&self) -> bool {
        self.fields.iter().any(|f| !f.in_result || f.generated)
    }

    fn inlines_into(&mut self, parent: &Element, ctx: RunContext, out: &mut Vec<Inline>) {
        for child in parent.elements() {
            match child.name.as_str() {
                "w:r" => self.run(child, ctx, out),
                "w:hyperlink" => {
                    let mut inner = Vec::new();
                    self.inlines_into(child, ctx, &mut inner);
                    out.extend(self.link(child, inner));
                }
                "w:ins" | "w:moveTo" => {
                    self.record_change(child, true);
                    if self.changes == Changes::Accept {
                        self.inlines_into(child, ctx, out);
                    }
                }
                "w:del" | "w:moveFrom" => {
                    self.record_change(child, false);
                    if self.changes == Changes::Reject {
                        self.inlines_into(child, ctx, out);
                    }
                }
                "w:smartTag" | "w:customXml" | "w:dir" | "w:bdo" => {
                    self.inlines_into(child, ctx, out)
                }
                "w:sdt" => {
                    if let Some(content) = child.child("w:sdtContent") {
                        self.inlines_into(content, ctx, out);
                    }
                }
                "w:fldSimple" => {
                    let instr = child.attr("w:instr").unwrap_or_default();
                    if is_generated(instr) {
                        self.drop(&format!("field {}", field_name(instr)));
                    } else {
                        self.inlines_into(child, ctx, out);
                    }
                }
                "w:bookmarkStart" => self.bookmark(child),
                "w:commentRangeStart" => {
                    if let Some(id) = child.attr("w:id") {
                        self.findings
                            .comments_at
                            .push((id.to_string(), self.block_index));
                    }
                }
                "m:oMath" | "m:oMathPara" => {
                    self.drop("formula (kept as plain text)");
                    out.push(text(child.text(), ctx));
                }
                _ => {}
            }
        }
    }

    /// A `w:hyperlink` around `inner`: to a web address through its relationship, or to a
    /// bookmark (`w:anchor`).
    fn link(&self, link: &Element, inner: Vec<Inline>) -> Vec<Inline> {
        let anchor = link.attr("w:anchor");
        let web = link
            .attr("r:id")
            .and_then(|id| self.rels.get(id))
            .filter(|r| r.external)
            .map(|r| match anchor {
                Some(a) => format!("{}#{a}", r.target),
                None => r.target.clone(),
            });
        let target = match (web, anchor) {
            (Some(url), _) => LinkTarget::Web(url),
            (None, Some(anchor)) => LinkTarget::Bookmark(anchor.to_string()),
            (None, None) => return inner,
        };
        if inner.is_empty() {
            return inner;
        }
        vec![Inline::Link {
            target,
            inlines: inner,
        }]
    }

    fn run(&mut self, r: &Element, ctx: RunContext, out: &mut Vec<Inline>) {
        let rpr = r.child("w:rPr");
        let (mut bold, mut italic) = (ctx.bold, ctx.italic);
        if let Some(style) = rpr.and_then(|p| p.child_val("w:rStyle")) {
            let (b, i) = self.styles.emphasis(style);
            bold |= b;
            italic |= i;
        }
        if let Some(rpr) = rpr {
            bold = rpr.toggle("w:b").unwrap_or(bold);
            italic = rpr.toggle("w:i").unwrap_or(italic);
        }
        let ctx = RunContext { bold, italic };
        for child in r.elements() {
            match child.name.as_str() {
                "w:fldChar" => self.field_char(child, out),
                "w:instrText" => {
                    if let Some(field) = self.fields.last_mut() {
                        field.instr.push_str(&child.text());
                    }
                }
                _ if self.suppressed() => {}
                "w:t" => out.push(text(child.text(), ctx)),
                "w:delText" if self.changes == Changes::Reject => out.push(text(child.text(), ctx)),
                "w:tab" | "w:ptab" => out.push(text(" ".into(), ctx)),
                // Page and column breaks are layout; only line breaks are text.
                "w:br" | "w:cr" if child.attr("w:type").is_none_or(|t| t == "textWrapping") => {
                    out.push(Inline::Break)
                }
                "w:noBreakHyphen" => out.push(text("\u{2011}".into(), ctx)),
                "w:softHyphen" => out.push(text("\u{00AD}".into(), ctx)),
                "w:sym" => {
                    if let Some(c) = child
                        .attr("w:char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                        .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c))
                    {
                        out.push(text(c.to_string(), ctx));
                    } else {
                        self.drop("symbol from a symbol font");
                    }
                }
                "w:footnoteReference" | "w:endnoteReference" => {
                    if let Some(id) = child.attr("w:id") {
                        out.push(Inline::Note(NoteRef {
                            kind: if child.name == "w:footnoteReference" {
                                NoteKind::Footnote
                            } else {
                                NoteKind::Endnote
                            },
                            id: id.to_string(),
                        }));
                    }
                }
                "w:drawing" => self.drawing(child, out),
                "w:pict" | "w:object" => self.vml(child, out),
                "mc:AlternateContent" => {
                    // Word writes a drawing twice, new (`mc:Choice`) and old (`mc:Fallback`).
                    if let Some(choice) = child.child("mc:Choice") {
                        let run = Element {
                            name: "w:r".into(),
                            attrs: Vec::new(),
                            children: choice.children.clone(),
                        };
                        self.run(&run, ctx, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn field_char(&mut self, fld: &Element, out: &mut Vec<Inline>) {
        match fld.attr("w:fldCharType") {
            Some("begin") => self.fields.push(Field {
                instr: String::new(),
                in_result: false,
                generated: false,
                link: None,
            }),
            Some("separate") => {
                let generated = self.fields.last().is_some_and(|f| is_generated(&f.instr));
                let at = out.len();
                if let Some(field) = self.fields.last_mut() {
                    field.in_result = true;
                    field.generated = generated;
                    field.link = hyperlink_field(&field.instr).map(|t| (t, at));
                }
                if generated {
                    let name = self
                        .fields
                        .last()
                        .map(|f| field_name(&f.instr))
                        .unwrap_or_default();
                    self.drop(&format!("field {name}"));
                }
            }
            Some("end") => {
                if let Some(Field {
                    link: Some((target, at)),
                    ..
                }) = self.fields.pop()
                {
                    if at < out.len() {
                        let inlines: Vec<Inline> = out.drain(at..).collect();
                        out.push(Inline::Link { target, inlines });
                    }
                }
            }
            _ => {}
        }
    }

    /// A DrawingML picture (`wp:inline` or `wp:anchor`) with its alt text; text boxes keep
    /// their paragraphs (placed after this one); charts and shapes are left out.
    fn drawing(&mut self, drawing: &Element, out: &mut Vec<Inline>) {
        if let Some(text_box) = drawing.descendant("w:txbxContent") {
            let blocks = self.nested(text_box);
            self.after.extend(blocks);
            return;
        }
        let doc_pr = drawing.descendant("wp:docPr");
        let decorative = doc_pr
            .and_then(|d| d.descendant("adec:decorative"))
            .is_some_and(|d| d.attr("val") != Some("0"));
        let alt = doc_pr
            .and_then(|d| d.attr("descr").or(d.attr("title")))
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .or_else(|| decorative.then(String::new));
        let part = drawing
            .descendant("a:blip")
            .and_then(|b| b.attr("r:embed"))
            .and_then(|id| self.rels.get(id))
            .filter(|r| !r.external)
            .map(|r| r.target.clone());
        match part {
            Some(part) => out.push(Inline::Image(Image { part, alt })),
            None => self.drop("chart, diagram or shape (not a picture)"),
        }
    }

    /// An old-style (VML) picture: `v:imagedata r:id`, alt text from `v:shape alt`.
    fn vml(&mut self, pict: &Element, out: &mut Vec<Inline>) {
        if let Some(text_box) = pict.descendant("w:txbxContent") {
            let blocks = self.nested(text_box);
            self.after.extend(blocks);
            return;
        }
        let part = pict
            .descendant("v:imagedata")
            .and_then(|i| i.attr("r:id"))
            .and_then(|id| self.rels.get(id))
            .filter(|r| !r.external)
            .map(|r| r.target.clone());
        let alt = pict
            .descendant("v:shape")
            .and_then(|s| s.attr("alt"))
            .filter(|a| !a.trim().is_empty())
            .map(str::to_string);
        match part {
            Some(part) => out.push(Inline::Image(Image { part, alt })),
            None => self.drop("embedded object (not a picture)"),
        }
    }

    fn table(&mut self, tbl: &Element) -> Table {
        // Each cell with the grid column it starts at and its vertical merge.
        let mut grid: Vec<Vec<(usize, Cell, Option<bool>)>> = Vec::new();
        let mut header_rows = 0;
        let mut header_run = true;
        for tr in rows_of(tbl) {
            let is_header = tr
                .child("w:trPr")
                .and_then(|p| p.toggle("w:tblHeader"))
                .unwrap_or(false);
            if header_run && is_header {
                header_rows += 1;
            } else {
                header_run = false;
            }
            let mut row = Vec::new();
            let mut column = 0;
            for tc in cells_of(tr) {
                let pr = tc.child("w:tcPr");
                let span = pr
                    .and_then(|p| p.child_val("w:gridSpan"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                // `Some(true)`: starts a vertical merge; `Some(false)`: continues one.
                let merge = pr
                    .and_then(|p| p.child("w:vMerge"))
                    .map(|m| m.attr("w:val") == Some("restart"));
                let blocks = self.nested(tc);
                row.push((
                    column,
                    Cell {
                        blocks,
                        col_span: span,
                        row_span: 1,
                    },
                    merge,
                ));
                column += span;
            }
            grid.push(row);
        }
        for r in 0..grid.len() {
            for c in 0..grid[r].len() {
                if grid[r][c].2 != Some(false) {
                    continue;
                }
                let column = grid[r][c].0;
                // The cell the merge started in: the nearest row above not continuing it.
                if let Some(above) = (0..r).rev().find_map(|up| {
                    grid[up]
                        .iter()
                        .position(|(col, _, m)| *col == column && *m != Some(false))
                        .map(|i| (up, i))
                }) {
                    grid[above.0][above.1].1.row_span += 1;
                }
            }
        }
        let rows: Vec<Vec<Cell>> = grid
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .filter(|(_, _, m)| *m != Some(false))
                    .map(|(_, cell, _)| cell)
                    .collect()
            })
            .collect();
        Table {
            header_rows: if rows.is_empty() {
                0
            } else {
                header_rows.max(1)
            },
            rows,
        }
    }

    /// The notes of a footnotes or endnotes part (without Word's separators).
    pub(crate) fn notes(&mut self, part: &Element, kind: NoteKind) -> Vec<(NoteRef, Vec<Block>)> {
        let name = match kind {
            NoteKind::Footnote => "w:footnote",
            NoteKind::Endnote => "w:endnote",
        };
        part.children_named(name)
            .filter(|n| n.attr("w:type").is_none_or(|t| t == "normal"))
            .filter_map(|n| {
                let id = n.attr("w:id")?.to_string();
                Some((NoteRef { kind, id }, self.nested(n)))
            })
            .collect()
    }
}

/// Table rows, also those inside content controls and tracked insertions.
fn rows_of(tbl: &Element) -> Vec<&Element> {
    let mut rows = Vec::new();
    for child in tbl.elements() {
        match child.name.as_str() {
            "w:tr" => rows.push(child),
            "w:sdt" => {
                if let Some(content) = child.child("w:sdtContent") {
                    rows.extend(rows_of(content));
                }
            }
            _ => {}
        }
    }
    rows
}

fn cells_of(tr: &Element) -> Vec<&Element> {
    let mut cells = Vec::new();
    for child in tr.elements() {
        match child.name.as_str() {
            "w:tc" => cells.push(child),
            "w:sdt" => {
                if let Some(content) = child.child("w:sdtContent") {
                    cells.extend(cells_of(content));
                }
            }
            _ => {}
        }
    }
    cells
}

fn text(text: String, ctx: RunContext) -> Inline {
    Inline::Text {
        text,
        bold: ctx.bold,
        italic: ctx.italic,
    }
}

/// A heading's text is shown in the heading's own type: bold and italic in it are dropped.
fn without_emphasis(mut para: Para) -> Para {
    fn plain(inlines: &mut [Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { bold, italic, .. } => {
                    *bold = false;
                    *italic = false;
                }
                Inline::Link { inlines, .. } => plain(inlines),
                _ => {}
            }
        }
    }
    plain(&mut para.inlines);
    para
}

/// The text a tracked change adds or takes away.
fn deleted_or_inserted_text(el: &Element, out: &mut String) {
    for node in &el.children {
        if let Node::Element(child) = node {
            match child.name.as_str() {
                "w:t" | "w:delText" => out.push_str(&child.text()),
                _ => deleted_or_inserted_text(child, out),
            }
        }
    }
}

/// `HYPERLINK "https://…"` → the address; `HYPERLINK \l "bookmark"` → the bookmark.
fn hyperlink_field(instr: &str) -> Option<LinkTarget> {
    let rest = instr.trim().strip_prefix("HYPERLINK")?;
    let bookmark = rest.contains("\\l");
    let quoted = rest.split('"').nth(1).map(str::to_string).or_else(|| {
        rest.split_whitespace()
            .find(|w| !w.starts_with('\\'))
            .map(str::to_string)
    })?;
    Some(if bookmark {
        LinkTarget::Bookmark(quoted)
    } else {
        LinkTarget::Web(quoted)
    })
}

/// `TOC \o "1-3" \h` → `TOC`.
fn field_name(instr: &str) -> String {
    instr
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_uppercase()
}

fn is_generated(instr: &str) -> bool {
    GENERATED_FIELDS.contains(&field_name(instr).as_str())
}
