//! A [`PageDraft`]'s blocks → the Markdown body of its page.
//!
//! Takes the page and [`Targets`] (where each bookmark, image and note went); returns the
//! Markdown and what the report wants from it (images without alt text, short bold
//! paragraphs that look like headings). The Markdown is written for editors to keep
//! editing: text is escaped only where Markdown would misread it; lists are tight, nested by
//! indentation, and a list that restarts directly after another switches its marker (`1.` /
//! `1)`, `-` / `*`), which is how CommonMark tells two lists apart; tables are pipe tables,
//! or HTML tables with Markdown in their cells where cells are merged or hold more than one
//! paragraph; footnotes and endnotes are numbered per page (`[^1]`) and written at its end.

use super::model::*;
use super::numbering::ListKind;
use super::pages::PageDraft;
use crate::slug::{slugify, IdAllocator};
use std::collections::HashMap;

/// Where the document's bookmarks, images and notes end up.
#[derive(Debug, Default)]
pub(crate) struct Targets {
    /// Bookmark → the page file and the heading id on it.
    pub(crate) bookmarks: HashMap<String, (String, Option<String>)>,
    /// Image part → its path in the edition (`images/figur-1.png`).
    pub(crate) images: HashMap<String, String>,
    pub(crate) notes: HashMap<NoteRef, Vec<Block>>,
}

/// A page's Markdown and what the report says about it.
#[derive(Debug, Default)]
pub(crate) struct Written {
    pub(crate) body: String,
    /// The images of the page without alt text (their paths).
    pub(crate) missing_alt: Vec<String>,
    /// Short bold paragraphs that look like headings.
    pub(crate) fake_headings: Vec<String>,
}

/// Records where every bookmark of `pages` points: its page, and the heading it is on or
/// under, with the heading ids pjece gives them (the slug, numbered when repeated).
pub(crate) fn bookmark_targets(pages: &[PageDraft]) -> HashMap<String, (String, Option<String>)> {
    let mut out = HashMap::new();
    for page in pages {
        for anchor in &page.anchors {
            out.insert(anchor.clone(), (page.file.clone(), None));
        }
        let mut ids = IdAllocator::default();
        let mut under: Option<String> = None;
        for block in &page.blocks {
            let anchors = match block {
                Block::Heading { text, .. } => {
                    under = Some(ids.unique(&slugify(text.plain().trim())));
                    &text.anchors
                }
                Block::Paragraph(text) | Block::Quote(text) => &text.anchors,
                Block::ListItem(item) => &item.text.anchors,
                Block::Table(_) => continue,
            };
            for anchor in anchors {
                out.insert(anchor.clone(), (page.file.clone(), under.clone()));
            }
        }
    }
    out
}

/// Writes `page` as Markdown.
pub(crate) fn page(page: &PageDraft, targets: &Targets) -> Written {
    let mut writer = Writer {
        targets,
        file: &page.file,
        notes: Vec::new(),
        written: Written::default(),
    };
    let body = writer.blocks(&page.blocks, true);
    let mut out = body;
    // Notes may refer to further notes; each is written once, in the order first referred to.
    let mut i = 0;
    let mut definitions = Vec::new();
    while i < writer.notes.len() {
        let note = writer.notes[i].clone();
        let blocks = targets.notes.get(&note).cloned().unwrap_or_default();
        let text = writer.blocks(&blocks, false);
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default().to_string();
        let rest: Vec<String> = lines
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("    {l}")
                }
            })
            .collect();
        let mut definition = format!("[^{}]: {first}", i + 1);
        for line in rest {
            definition.push('\n');
            definition.push_str(&line);
        }
        definitions.push(definition);
        i += 1;
    }
    if !definitions.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&definitions.join("\n\n"));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    writer.written.body = out;
    writer.written
}

struct Writer<'a> {
    targets: &'a Targets,
    file: &'a str,
    /// The notes referred to so far, numbered by position.
    notes: Vec<NoteRef>,
    written: Written,
}

/// One open list level: its kind, marker style and the width of its items' indentation.
#[derive(Debug, Clone, Copy)]
struct Open {
    kind: ListKind,
    last: u32,
    alternate: bool,
    width: usize,
}

impl Writer<'_> {
    fn blocks(&mut self, blocks: &[Block], top: bool) -> String {
        let mut out = String::new();
        let mut lists: Vec<Open> = Vec::new();
        // Per depth: the marker style of the list that just ended there, so that a new list
        // right after it gets the other marker.
        let mut ended: Vec<Option<(ListKind, bool)>> = Vec::new();
        let mut ids = IdAllocator::default();
        for block in blocks {
            let text = match block {
                Block::ListItem(item) => {
                    let line = self.list_item(item, &mut lists, &mut ended);
                    if !out.is_empty() {
                        out.push_str(if line.1 { "\n" } else { "\n\n" });
                    }
                    out.push_str(&line.0);
                    continue;
                }
                Block::Heading { level, text } => {
                    let id = ids.unique(&slugify(text.plain().trim()));
                    self.heading(*level, text, &id)
                }
                Block::Paragraph(text) => {
                    let md = self.inlines(&text.inlines, Context::Block);
                    if top && looks_like_heading(text) {
                        self.written
                            .fake_headings
                            .push(text.plain().trim().to_string());
                    }
                    md
                }
                Block::Quote(text) => self
                    .inlines(&text.inlines, Context::Block)
                    .lines()
                    .map(|l| format!("> {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Table(table) => self.table(table),
            };
            lists.clear();
            ended.clear();
            if text.trim().is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&text);
        }
        out
    }

    /// One list item line; `true` when it continues the list before it.
    fn list_item(
        &mut self,
        item: &Item,
        lists: &mut Vec<Open>,
        ended: &mut Vec<Option<(ListKind, bool)>>,
    ) -> (String, bool) {
        let depth = usize::from(item.depth).min(lists.len());
        let continues = !lists.is_empty();
        while lists.len() > depth + 1 {
            lists.pop();
        }
        let restart = lists.get(depth).is_some_and(|open| {
            open.kind != item.kind || (item.kind == ListKind::Ordered && item.number <= open.last)
        });
        if restart {
            let open = lists.pop().expect("checked above");
            if ended.len() <= depth {
                ended.resize(depth + 1, None);
            }
            ended[depth] = Some((open.kind, open.alternate));
        }
        if lists.len() == depth {
            let alternate = ended
                .get(depth)
                .copied()
                .flatten()
                .is_some_and(|(kind, alt)| kind == item.kind && !alt);
            let marker_width = marker(item.kind, item.number, alternate).len();
            lists.push(Open {
                kind: item.kind,
                last: item.number,
                alternate,
                width: marker_width,
            });
        }
        let open = lists.last_mut().expect("pushed above");
        open.last = item.number;
        let (kind, alternate) = (open.kind, open.alternate);
        let indent: usize = lists[..lists.len() - 1].iter().map(|o| o.width).sum();
        let mark = marker(kind, item.number, alternate);
        let pad = " ".repeat(indent);
        let text = self.inlines(&item.text.inlines, Context::Block);
        let continuation = " ".repeat(indent + mark.len());
        let body = text.replace('\n', &format!("\n{continuation}"));
        (format!("{pad}{mark}{body}"), continues)
    }

    fn heading(&mut self, level: u8, text: &Para, id: &str) -> String {
        let mut md = self.inlines(&text.inlines, Context::Heading);
        if md.ends_with('#') {
            md.insert(md.len() - 1, '\\');
        }
        let attribute = if text.anchors.is_empty() {
            String::new()
        } else {
            format!(" {{#{id}}}")
        };
        format!(
            "{} {md}{attribute}",
            "#".repeat(usize::from(level.clamp(1, 6)))
        )
    }

    fn table(&mut self, table: &Table) -> String {
        let simple = table.header_rows <= 1
            && table.rows.iter().flatten().all(|c| {
                c.col_span == 1
                    && c.row_span == 1
                    && c.blocks.len() <= 1
                    && c.blocks.iter().all(|b| matches!(b, Block::Paragraph(_)))
            })
            && table.rows.iter().all(|r| r.len() == table.rows[0].len());
        if simple {
            self.pipe_table(table)
        } else {
            self.html_table(table)
        }
    }

    fn pipe_table(&mut self, table: &Table) -> String {
        let columns = table.rows[0].len().max(1);
        let mut lines = Vec::new();
        for (i, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| match cell.blocks.first() {
                    Some(Block::Paragraph(p)) => self.inlines(&p.inlines, Context::Cell),
                    _ => String::new(),
                })
                .collect();
            lines.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}", "---|".repeat(columns)));
            }
        }
        lines.join("\n")
    }

    /// An HTML table whose cells hold Markdown: each cell's Markdown stands between blank
    /// lines, where CommonMark reads it as Markdown again (links, emphasis, lists).
    fn html_table(&mut self, table: &Table) -> String {
        let mut out = String::from("<table>\n");
        for (i, row) in table.rows.iter().enumerate() {
            if i == 0 && table.header_rows > 0 {
                out.push_str("<thead>\n");
            }
            if i == table.header_rows {
                out.push_str("<tbody>\n");
            }
            out.push_str("<tr>\n");
            let tag = if i < table.header_rows { "th" } else { "td" };
            for cell in row {
                let mut attrs = String::new();
                if cell.col_span > 1 {
                    attrs.push_str(&format!(" colspan=\"{}\"", cell.col_span));
                }
                if cell.row_span > 1 {
                    attrs.push_str(&format!(" rowspan=\"{}\"", cell.row_span));
                }
                let content = self.blocks(&cell.blocks, false);
                if content.trim().is_empty() {
                    out.push_str(&format!("<{tag}{attrs}></{tag}>\n"));
                } else {
                    out.push_str(&format!("<{tag}{attrs}>\n\n{content}\n\n</{tag}>\n"));
                }
            }
            out.push_str("</tr>\n");
            if i + 1 == table.header_rows {
                out.push_str("</thead>\n");
            }
        }
        if table.rows.len() > table.header_rows {
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>");
        out
    }

    fn inlines(&mut self, inlines: &[Inline], ctx: Context) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < inlines.len() {
            match &inlines[i] {
                Inline::Text { bold, italic, .. } => {
                    let (bold, italic) = (*bold, *italic);
                    let mut run = String::new();
                    while let Some(Inline::Text {
                        text,
                        bold: b,
                        italic: it,
                    }) = inlines.get(i)
                    {
                        if (*b, *it) != (bold, italic) {
                            break;
                        }
                        run.push_str(text);
                        i += 1;
                    }
                    out.push_str(&emphasised(&escape(&run, ctx), bold, italic));
                    continue;
                }
                Inline::Link {
                    target,
                    inlines: inner,
                } => {
                    let text = self.inlines(inner, ctx);
                    out.push_str(&self.link(target, &text));
                }
                Inline::Image(image) => out.push_str(&self.image(image)),
                Inline::Note(note) => {
                    let n = match self.notes.iter().position(|n| n == note) {
                        Some(n) => n + 1,
                        None => {
                            self.notes.push(note.clone());
                            self.notes.len()
                        }
                    };
                    out.push_str(&format!("[^{n}]"));
                }
                Inline::Break => out.push_str(match ctx {
                    Context::Block => "\\\n",
                    Context::Cell => "<br>",
                    Context::Heading => " ",
                }),
            }
            i += 1;
        }
        let trimmed = out.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\n');
        let trimmed = trimmed.strip_suffix('\\').unwrap_or(trimmed).trim_end();
        escape_line_start(trimmed)
    }

    fn link(&self, target: &LinkTarget, text: &str) -> String {
        let address = match target {
            LinkTarget::Web(url) => url.clone(),
            LinkTarget::Bookmark(name) => match self.targets.bookmarks.get(name) {
                Some((file, id)) => match (file == self.file, id) {
                    (true, Some(id)) => format!("#{id}"),
                    (false, Some(id)) => format!("{file}#{id}"),
                    (_, None) => file.clone(),
                },
                None => return text.to_string(),
            },
        };
        if text.is_empty() {
            return String::new();
        }
        let address = if address.contains([' ', '(', ')', '<', '>']) {
            format!("<{}>", address.replace('<', "%3C").replace('>', "%3E"))
        } else {
            address
        };
        format!("[{text}]({address})")
    }

    fn image(&mut self, image: &Image) -> String {
        let Some(path) = self.targets.images.get(&image.part) else {
            return String::new();
        };
        if image.alt.is_none() {
            self.written.missing_alt.push(path.clone());
        }
        let alt = image
            .alt
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        format!("![{}]({path})", escape(&alt, Context::Cell))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Cell,
    Heading,
}

fn marker(kind: ListKind, number: u32, alternate: bool) -> String {
    match (kind, alternate) {
        (ListKind::Bullet, false) => "- ".to_string(),
        (ListKind::Bullet, true) => "* ".to_string(),
        (ListKind::Ordered, false) => format!("{number}. "),
        (ListKind::Ordered, true) => format!("{number}) "),
    }
}

/// `**text**` around the words, with the spaces at either end left outside the markers
/// (CommonMark does not read `** text**` as bold).
fn emphasised(text: &str, bold: bool, italic: bool) -> String {
    let marks = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => return text.to_string(),
    };
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    format!("{}{marks}{core}{marks}{}", &text[..start], &text[end..])
}

/// Escapes what Markdown would read as markup inside a line.
fn escape(text: &str, ctx: Context) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let special = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => true,
            '{' => ctx == Context::Heading,
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '!' => next == Some('['),
            '\n' => {
                out.push(' ');
                continue;
            }
            _ => false,
        };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a start of line that Markdown would read as a heading, list, quote or rule.
fn escape_line_start(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let lead = &line[..line.len() - trimmed.len()];
        out.push_str(lead);
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let after_digits = trimmed[digits..].chars().next();
        let block_marker = matches!(trimmed.chars().next(), Some('#' | '>' | '-' | '+' | '='))
            && (trimmed.len() == 1
                || trimmed[1..].starts_with([' ', '#', '-', '=', '+'])
                || trimmed.starts_with('>'));
        if block_marker {
            out.push('\\');
            out.push_str(trimmed);
        } else if digits > 0 && digits < 10 && matches!(after_digits, Some('.' | ')')) {
            out.push_str(&trimmed[..digits]);
            out.push('\\');
            out.push_str(&trimmed[digits..]);
        } else {
            out.push_str(trimmed);
        }
    }
    out
}

/// A short paragraph all in bold, without a full stop: an editor's heading made by hand.
fn looks_like_heading(text: &Para) -> bool {
    let plain = text.plain();
    let plain = plain.trim();
    let words = plain.split_whitespace().count();
    let all_bold = text.inlines.iter().all(|i| match i {
        Inline::Text { text, bold, .. } => *bold || text.trim().is_empty(),
        Inline::Break => true,
        _ => false,
    });
    all_bold
        && (1..=12).contains(&words)
        && plain.chars().count() <= 80
        && !plain.ends_with(['.', ',', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, bold: bool) -> Inline {
        Inline::Text {
            text: text.into(),
            bold,
            italic: false,
        }
    }

    fn para(inlines: Vec<Inline>) -> Para {
        Para {
            inlines,
            anchors: Vec::new(),
        }
    }

    fn item(kind: ListKind, depth: u8, number: u32, text: &str) -> Block {
        Block::ListItem(Item {
            kind,
            depth,
            number,
            text: para(vec![t(text, false)]),
        })
    }

    fn write(blocks: Vec<Block>) -> String {
        let page = PageDraft {
            file: "side.md".into(),
            title: "Side".into(),
            id: "side".into(),
            weight: 10,
            blocks,
            level: 1,
            anchors: Vec::new(),
            first_block: 0,
        };
        super::page(&page, &Targets::default()).body
    }

    #[test]
    fn bold_keeps_its_spaces_outside_the_markers_and_markup_is_escaped() {
        let md = write(vec![Block::Paragraph(para(vec![
            t("Skriv ", false),
            t("altid ", true),
            t("*ikke* [x] 2 < 3", false),
        ]))]);
        assert_eq!(md, "Skriv **altid** \\*ikke\\* \\[x\\] 2 \\< 3\n");
        assert_eq!(
            write(vec![Block::Paragraph(para(vec![t("1. maj", false)]))]),
            "1\\. maj\n"
        );
    }

    #[test]
    fn nested_lists_indent_and_a_restarted_list_changes_its_marker() {
        let md = write(vec![
            item(ListKind::Ordered, 0, 1, "Et"),
            item(ListKind::Bullet, 1, 1, "Under"),
            item(ListKind::Ordered, 0, 2, "To"),
            item(ListKind::Ordered, 0, 1, "Igen"),
        ]);
        assert_eq!(md, "1. Et\n   - Under\n2. To\n1) Igen\n");
    }
}
