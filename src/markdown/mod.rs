//! Markdown → HTML, returning what the text refers to.
//!
//! Takes a page's Markdown; returns [`Rendered`]: the HTML, the headings (with the ids used as
//! anchors) and every link and image target the text names, with its position. This stage
//! knows nothing of the site: the targets are resolved afterwards in a pass of their own
//! (`render::links`), which fills in each link's address with [`Rendered::html_with`]. Until
//! then a link's address in the HTML is a placeholder that cannot occur in the page's text.
//! Web addresses are left as written; a path from the site root (`/ai/regler.md`) is listed
//! too, since in a portal it names a page of another guideline. Asked for it, the same parse
//! also gives the page's running text ([`running_text`]), which the readability stage reads.

pub mod running_text;

use crate::diagnostic::{Position, Positions};
use crate::slug::{slugify, IdAllocator};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use running_text::RunningText;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// The body's first block is this heading, at level 1 and without raw HTML in it: the
    /// page's title written again when its text is the title (see [`repeats_title`]).
    #[serde(skip)]
    pub opens_body: bool,
}

/// A link or image target as written in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    /// Where the link starts, in the page's file.
    pub position: Position,
    pub kind: LinkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)` or `![alt](dest)`: its address in the HTML is filled in later.
    Markdown,
    /// `href="…"` or `src="…"` in raw HTML: left as written, but what it names is published.
    RawHtml,
}

/// Something in the text a reader would trip over, though the page builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub position: Position,
    pub kind: FindingKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// `![](billede.png)`: a screen reader has nothing to say about it.
    ImageWithoutAlt,
    /// `[](side.md)`: a link with nothing to click or read out.
    EmptyLinkText,
    /// `[tekst]()`: a link to nowhere.
    EmptyLinkTarget,
    /// `####` after `##`: the outline jumps a level (the page title is level 1).
    SkippedHeadingLevel { level: u8, previous: u8 },
    /// `# …`: a level-1 heading, a second main heading beside the page's title, unless it
    /// opens the body with the title's own words (see [`repeats_title`]), which only the
    /// stage that knows the title can tell.
    MainHeading(Heading),
}

/// An id that two elements of a page were given, at least one of them a heading: its
/// anchor can lead to only one of them, and the HTML is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateId {
    pub id: String,
    /// The second element, where it is written.
    pub position: Position,
    pub kind: IdOwner,
    /// The first element with the id, where it is written.
    pub first: Position,
    pub first_kind: IdOwner,
}

/// What gave an element of a page its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdOwner {
    /// A heading: its `{#id}`, or the id made from its text.
    Heading,
    /// An `id="…"` in HTML written into the Markdown.
    RawHtml,
    /// A footnote's label (`[^label]: …`), the id of the footnote's text.
    Footnote,
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// HTML with a placeholder for the address of every [`LinkKind::Markdown`] link.
    html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub findings: Vec<Finding>,
    /// Ids given twice in the page; none in a page that can be published.
    pub duplicate_ids: Vec<DuplicateId>,
    /// The page's running text, when [`render`] was asked for it ([`ReadText::Yes`]).
    pub running_text: Option<RunningText>,
    placeholder: String,
}

impl Rendered {
    /// The HTML with the address of link `i` (an index into `links`) from `href(i)`;
    /// `href` returns the address to write, unescaped.
    pub fn html_with(&self, mut href: impl FnMut(usize) -> String) -> String {
        self.html_written(|i, out| escape_href(out, &href(i)))
    }

    /// Like [`Rendered::take_html_with`], with `write(i, out)` putting link `i`'s address into
    /// `out` itself, escaped (see [`escape_href`]): for an address that carries more than the
    /// address, such as a link spelt for two places the page is published at.
    pub fn take_html_written(&mut self, write: impl FnMut(usize, &mut String)) -> String {
        if self.links.is_empty() {
            return std::mem::take(&mut self.html);
        }
        let html = self.html_written(write);
        self.html = String::new();
        html
    }

    fn html_written(&self, mut write: impl FnMut(usize, &mut String)) -> String {
        let mut out = String::with_capacity(self.html.len() + self.links.len() * 16);
        let mut rest = self.html.as_str();
        // memchr's substring search: several times faster than `str::find` over whole pages.
        let placeholder = memchr::memmem::Finder::new(&self.placeholder);
        while let Some(at) = placeholder.find(rest.as_bytes()) {
            out.push_str(&rest[..at]);
            let after = &rest[at + self.placeholder.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let index: usize = after[..digits].parse().unwrap_or(usize::MAX);
            if index < self.links.len() {
                write(index, &mut out);
            }
            rest = &after[digits..];
        }
        out.push_str(rest);
        out
    }

    /// Like [`Rendered::html_with`], and frees the HTML with placeholders, which nothing reads
    /// once the links are filled in: a build then holds one copy of every page's HTML, not two.
    pub fn take_html_with(&mut self, mut href: impl FnMut(usize) -> String) -> String {
        self.take_html_written(|i, out| escape_href(out, &href(i)))
    }
}

/// `href` escaped into `out` for an attribute: the same escaping pulldown-cmark gives the
/// addresses it writes itself.
pub fn escape_href(out: &mut String, href: &str) {
    let _ = pulldown_cmark_escape::escape_href(out, href);
}

/// What to do with HTML written into the Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Pass it through: authors may embed a video or a table pjece cannot write.
    #[default]
    Keep,
    /// Show it as text: for sites whose authors are not all trusted with the page's markup.
    Escape,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown that is not a page (contact text): same syntax, links left as written,
/// raw HTML shown as text (it lands on every page and the leaflet).
pub fn render_fragment(markdown: &str) -> String {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options())
        .map(escape_raw_html)
        .collect();
    assign_heading_ids(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Raw HTML as text, which the HTML writer escapes.
fn escape_raw_html(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    }
}

/// Whether [`render`] also reads out the page's running text, from the same parse: for the
/// readability stage, which then need not parse the page again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadText {
    Yes,
    No,
}

impl ReadText {
    /// `Yes` when the running text is `wanted`.
    pub fn when(wanted: bool) -> ReadText {
        if wanted {
            ReadText::Yes
        } else {
            ReadText::No
        }
    }
}

/// Renders a page's Markdown `body`, which starts after `lines_before` lines of its file.
pub fn render(body: &str, lines_before: usize, raw_html: RawHtml, read: ReadText) -> Rendered {
    let mut text = (read == ReadText::Yes).then(|| running_text::Collector::for_body(body.len()));
    let parsed: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, range)| {
            // As written: raw HTML is left out of the running text, whether shown or not.
            if let Some(text) = &mut text {
                text.see(&event, range.start);
            }
            match raw_html {
                RawHtml::Keep => (event, range),
                RawHtml::Escape => (escape_raw_html(event), range),
            }
        })
        .collect();
    let (mut events, ranges): (Vec<Event>, Vec<Range<usize>>) = parsed.into_iter().unzip();
    let mut out = Rendered {
        headings: assign_heading_ids(&mut events),
        placeholder: placeholder_for(&events),
        running_text: text.map(running_text::Collector::finish),
        ..Rendered::default()
    };
    let mut positions = Positions::new(body);
    let mut lint = Lint::default();
    let mut ids = PageIds::default();
    for (event, range) in events.iter_mut().zip(&ranges) {
        let mut position = || positions.of(range.start).shifted(lines_before);
        lint.see(event, &mut position, &mut out.findings);
        ids.see(event, &mut position);
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if is_external(dest_url) && !is_from_site_root(dest_url) {
                    continue;
                }
                let token = format!("{}{}", out.placeholder, out.links.len());
                out.links.push(Link {
                    dest: std::mem::replace(dest_url, CowStr::from(token)).to_string(),
                    position: position(),
                    kind: LinkKind::Markdown,
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for dest in raw_html_targets(html).filter(|d| !is_external(d)) {
                    out.links.push(Link {
                        dest: dest.to_string(),
                        position: position(),
                        kind: LinkKind::RawHtml,
                    });
                }
            }
            _ => {}
        }
    }
    out.findings
        .extend(main_headings(&out.headings, &ids.headings));
    // In the order of the text, as the other findings were found.
    out.findings.sort_by_key(|finding| finding.position);
    out.duplicate_ids = ids.duplicates(&out.headings);
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, scrollable_tables(events));
    // A build holds every page's HTML until its pages are written; not the spare room.
    out.html.shrink_to_fit();
    out
}

/// Every table in its own box that scrolls sideways (focusable, so it scrolls by keyboard), so
/// that a wide table never widens the page on a phone.
fn scrollable_tables(events: Vec<Event<'_>>) -> impl Iterator<Item = Event<'_>> {
    events.into_iter().flat_map(|event| {
        let (before, after) = match &event {
            Event::Start(Tag::Table(_)) => (
                Some(Event::Html(
                    r#"<div class="table-scroll" tabindex="0">"#.into(),
                )),
                None,
            ),
            Event::End(TagEnd::Table) => (None, Some(Event::Html("</div>".into()))),
            _ => (None, None),
        };
        [before, Some(event), after].into_iter().flatten()
    })
}

/// Every level-1 heading of a page, where it starts (`starts` is indexed like `headings`).
fn main_headings<'h>(
    headings: &'h [Heading],
    starts: &'h [Position],
) -> impl Iterator<Item = Finding> + 'h {
    headings
        .iter()
        .zip(starts)
        .filter(|(heading, _)| heading.level == 1)
        .map(|(heading, &position)| Finding {
            position,
            kind: FindingKind::MainHeading(heading.clone()),
        })
}

/// Whether `heading` is the page's title written again as the body's `# …`: it opens the
/// body, and its words are the title's. The page template shows the title as the page's
/// main heading, so this one is not shown a second time (see [`without_title_heading`]).
pub fn repeats_title(heading: &Heading, title: &str) -> bool {
    heading.opens_body && heading.text.split_whitespace().eq(title.split_whitespace())
}

/// The page's HTML (with its links filled in) without its opening heading when that heading
/// repeats the page's `title` ([`repeats_title`]), with the heading; `None` when it does
/// not. `headings` are the page's, from [`Rendered::headings`].
pub fn without_title_heading<'h>(
    html: &'h str,
    headings: &'h [Heading],
    title: &str,
) -> Option<(&'h Heading, &'h str)> {
    let heading = headings.first().filter(|h| repeats_title(h, title))?;
    // The HTML opens with the heading, and the first `</h1>` closes it: a heading without
    // raw HTML holds only escaped text, so nothing inside it can spell one.
    let inside = html.strip_prefix("<h1")?;
    let end = inside.find("</h1>")? + "</h1>".len();
    Some((heading, inside[end..].trim_start_matches('\n')))
}

/// The ids a page gives its elements, with where each is written, in the order of the text:
/// to find an id given twice ([`DuplicateId`]).
#[derive(Default)]
struct PageIds {
    /// Where each heading starts, indexed like the page's headings.
    headings: Vec<Position>,
    /// Ids of raw HTML and footnotes.
    others: Vec<(String, Position, IdOwner)>,
}

impl PageIds {
    fn see(&mut self, event: &Event, position: &mut impl FnMut() -> Position) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.headings.push(position()),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.others
                    .push((label.to_string(), position(), IdOwner::Footnote));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for id in raw_html_attributes(html, &["id="]) {
                    self.others
                        .push((id.to_string(), position(), IdOwner::RawHtml));
                }
            }
            _ => {}
        }
    }

    /// Every id given a second time where a heading has it or gives it (ids that only raw
    /// HTML and footnotes share are the author's markup, not pjece's anchors).
    fn duplicates(self, headings: &[Heading]) -> Vec<DuplicateId> {
        let mut all: Vec<(&str, Position, IdOwner)> = headings
            .iter()
            .zip(&self.headings)
            .map(|(heading, &at)| (heading.id.as_str(), at, IdOwner::Heading))
            .chain(
                self.others
                    .iter()
                    .map(|(id, at, owner)| (id.as_str(), *at, *owner)),
            )
            .collect();
        all.sort_by_key(|&(_, at, _)| at);
        let mut first: std::collections::HashMap<&str, (Position, IdOwner)> =
            std::collections::HashMap::new();
        let mut found = Vec::new();
        for (id, at, owner) in all {
            let Some(&(first_at, first_owner)) = first.get(id) else {
                first.insert(id, (at, owner));
                continue;
            };
            if owner == IdOwner::Heading || first_owner == IdOwner::Heading {
                found.push(DuplicateId {
                    id: id.to_string(),
                    position: at,
                    kind: owner,
                    first: first_at,
                    first_kind: first_owner,
                });
            }
        }
        found
    }
}

/// Follows the events of a page for [`Finding`]s: open links and images with the length of
/// their text, and the level of the last heading.
#[derive(Default)]
struct Lint {
    open: Vec<(FindingKind, Position, usize)>,
    heading_level: u8,
}

impl Lint {
    fn see(
        &mut self,
        event: &Event,
        position: &mut impl FnMut() -> Position,
        out: &mut Vec<Finding>,
    ) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if dest_url.is_empty() {
                    out.push(Finding {
                        position: position(),
                        kind: FindingKind::EmptyLinkTarget,
                    });
                }
                self.open.push((FindingKind::EmptyLinkText, position(), 0));
            }
            Event::Start(Tag::Image { .. }) => {
                self.open
                    .push((FindingKind::ImageWithoutAlt, position(), 0));
            }
            Event::Text(text) | Event::Code(text) => {
                for open in &mut self.open {
                    open.2 += text.trim().len();
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some((kind, at, 0)) = self.open.pop() {
                    out.push(Finding { position: at, kind });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(*level);
                let previous = self.heading_level.max(1);
                if level > previous + 1 {
                    out.push(Finding {
                        position: position(),
                        kind: FindingKind::SkippedHeadingLevel { level, previous },
                    });
                }
                self.heading_level = level;
            }
            _ => {}
        }
    }
}

/// A placeholder prefix that occurs nowhere in the HTML the page's own text makes, so that
/// nothing the author wrote can be mistaken for one. The body alone is not enough to check:
/// `pjece&#45;link-0` and `pjece\-link-0` decode to the prefix, and a heading "Pjece link 0"
/// gets it as its id. So the check is over the text of every event, decoded, ids assigned,
/// run together (escaping the HTML cannot make the prefix: it has none of `&<>"%`).
fn placeholder_for(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        event_text(event, &mut |part| text.push_str(part));
    }
    placeholder_avoiding(&text)
}

/// `pjece-link-` and one `x` more than follows it anywhere in `text`: found in one pass,
/// where adding an `x` and searching again would take quadratic time on a hostile page.
fn placeholder_avoiding(text: &str) -> String {
    const BASE: &str = "pjece-link-";
    // memchr's substring search: `str::match_indices` took a tenth of the Markdown stage.
    let longest = memchr::memmem::find_iter(text.as_bytes(), BASE)
        .map(|at| {
            text[at + BASE.len()..]
                .bytes()
                .take_while(|&b| b == b'x')
                .count()
        })
        .max();
    match longest {
        Some(xs) => format!("{BASE}{}", "x".repeat(xs + 1)),
        None => BASE.to_string(),
    }
}

/// Every piece of text an event can put into the HTML, in the order of the events.
fn event_text<'e>(event: &'e Event<'_>, out: &mut impl FnMut(&'e str)) {
    match event {
        Event::Text(t)
        | Event::Code(t)
        | Event::InlineMath(t)
        | Event::DisplayMath(t)
        | Event::Html(t)
        | Event::InlineHtml(t)
        | Event::FootnoteReference(t) => out(t),
        Event::Start(tag) => match tag {
            Tag::Heading {
                id, classes, attrs, ..
            } => {
                id.iter().for_each(|id| out(id));
                classes.iter().for_each(|class| out(class));
                for (name, value) in attrs {
                    out(name);
                    value.iter().for_each(|value| out(value));
                }
            }
            Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)) => out(info),
            Tag::FootnoteDefinition(label) => out(label),
            Tag::Link {
                dest_url,
                title,
                id,
                ..
            }
            | Tag::Image {
                dest_url,
                title,
                id,
                ..
            } => {
                out(dest_url);
                out(title);
                out(id);
            }
            _ => {}
        },
        _ => {}
    }
}

/// The values of `href="…"` and `src="…"` attributes in a piece of raw HTML.
fn raw_html_targets(html: &str) -> impl Iterator<Item = &str> {
    raw_html_attributes(html, &["href=", "src="])
}

/// The quoted values of the attributes `names` (each written with its `=`, in lower case) in
/// a piece of raw HTML, name by name.
fn raw_html_attributes<'h>(html: &'h str, names: &[&str]) -> impl Iterator<Item = &'h str> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for name in names {
        let mut from = 0;
        while let Some(i) = lower[from..].find(name) {
            let start = from + i + name.len();
            from = start;
            let boundary = from - name.len();
            if boundary > 0 && !lower.as_bytes()[boundary - 1].is_ascii_whitespace() {
                continue;
            }
            let Some(quote) = html[start..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                continue;
            };
            let value_start = start + 1;
            if let Some(len) = html[value_start..].find(quote) {
                found.push((value_start, value_start + len));
            }
        }
    }
    found.into_iter().map(move |(a, b)| &html[a..b])
}

/// The ids the page around the Markdown already has (the `kommune` theme's `<main
/// id="indhold">` that the skip link leads to, the page history, the header's search box):
/// a heading "Indhold" must not take one of them, or the skip link would lead to it.
pub const FRAME_IDS: [&str; 3] = ["indhold", "page-history", "search-box-q"];

/// Gives every heading an id: the author's `{#id}` if written, else a slug of its text that
/// is not yet taken in the page (nor by [`FRAME_IDS`]).
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut ids = IdAllocator::default();
    for id in FRAME_IDS {
        ids.reserve(id);
    }
    for event in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.reserve(id);
        }
    }
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let (level, explicit) = (heading_level(*level), id.clone());
            let text = heading_text(&events[i + 1..]);
            let id = explicit
                .map(|s| s.to_string())
                .unwrap_or_else(|| ids.unique(&slugify(&text)));
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id.clone()));
            }
            let opens_body = i == 0 && level == 1 && !has_raw_html(&events[1..]);
            headings.push(Heading {
                level,
                id,
                text,
                opens_body,
            });
        }
        i += 1;
    }
    headings
}

/// Whether the heading whose events follow holds raw HTML.
fn has_raw_html(events: &[Event]) -> bool {
    events
        .iter()
        .take_while(|event| !matches!(event, Event::End(TagEnd::Heading(_))))
        .any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// A path from the site root (`/ai/regler.md`), not a web address without its scheme
/// (`//example.org/`). Markdown links of this kind are listed among a page's links all the
/// same: in a portal they name a page of a guideline; elsewhere they are written as they are.
pub fn is_from_site_root(dest: &str) -> bool {
    dest.starts_with('/') && !dest.starts_with("//")
}

/// Links pjece leaves alone: web addresses, mail, phone, root-relative paths and empty ones.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with('/') || dest.is_empty() {
        return true;
    }
    let scheme_end = dest.find(':');
    let path_end = dest.find(['/', '#', '?']).unwrap_or(dest.len());
    scheme_end.is_some_and(|i| i < path_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_in_its_own_scroll_box_and_nothing_else_is() {
        let text =
            "| Situation | Må du? |\n|---|---|\n| Opslag | ja |\n\nTekst.\n\n| a |\n|---|\n| b |\n";
        let html = render(text, 0, RawHtml::Escape, ReadText::No).html_with(|_| String::new());
        let open = r#"<div class="table-scroll" tabindex="0"><table>"#;
        assert_eq!(html.matches(open).count(), 2, "{html}");
        assert_eq!(html.matches("</table>\n</div>").count(), 2, "{html}");
        assert_eq!(html.matches("<div").count(), 2, "{html}");
        let plain = render("Ingen tabel her.\n", 0, RawHtml::Escape, ReadText::No)
            .html_with(|_| String::new());
        assert!(!plain.contains("table-scroll"), "{plain}");
    }

    #[test]
    fn heading_ids_transliterate_danish_and_stay_unique() {
        let html = render_fragment(
            "# AI-værktøjer og chatbots\n\n## Svar\n\n## Svar\n\n## Egen {#mit-id}\n",
        );
        assert!(
            html.contains(r#"<h1 id="ai-vaerktoejer-og-chatbots">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<h2 id="svar">"#) && html.contains(r#"<h2 id="svar-1">"#),
            "{html}"
        );
        assert!(html.contains(r#"<h2 id="mit-id">"#), "{html}");
    }

    #[test]
    fn extensions_are_enabled() {
        let html = render_fragment("| a |\n|---|\n| b |\n\n~~x~~ [^1]\n\n[^1]: n\n\n- [x] gjort\n");
        for needle in ["<table>", "<del>x</del>", "footnote", "checkbox"] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn links_are_returned_with_positions_and_filled_in_later() {
        let body = "Se [regler](regler.md#a) og ![logo](img/logo.png).\n\n<img src=\"img/x.png\"> [web](https://x.dk)\n";
        let rendered = render(body, 3, RawHtml::Keep, ReadText::No);
        let dests: Vec<(&str, usize, LinkKind)> = rendered
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.position.line, l.kind))
            .collect();
        assert_eq!(
            dests,
            [
                ("regler.md#a", 4, LinkKind::Markdown),
                ("img/logo.png", 4, LinkKind::Markdown),
                ("img/x.png", 6, LinkKind::RawHtml)
            ]
        );
        let html = rendered.html_with(|i| format!("to/{i} æ"));
        assert!(
            html.contains(r#"<a href="to/0%20%C3%A6">regler</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="to/1%20%C3%A6" alt="logo" />"#),
            "{html}"
        );
        assert!(html.contains(r#"href="https://x.dk""#), "{html}");
    }

    #[test]
    fn findings_name_what_a_reader_would_trip_over() {
        let body = "![](a.png) ![logo](b.png) [](c.md) [tekst]() [ok](d.md)\n\n## To\n\n#### Fire\n\n### Tre\n";
        let kinds: Vec<(usize, FindingKind)> = render(body, 0, RawHtml::Keep, ReadText::No)
            .findings
            .into_iter()
            .map(|f| (f.position.column, f.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (1, FindingKind::ImageWithoutAlt),
                (27, FindingKind::EmptyLinkText),
                (36, FindingKind::EmptyLinkTarget),
                (
                    1,
                    FindingKind::SkippedHeadingLevel {
                        level: 4,
                        previous: 2
                    }
                ),
            ]
        );
    }

    #[test]
    fn raw_html_is_escaped_in_fragments_and_on_request() {
        assert!(render_fragment("Ny <script>alert(1)</script>\n").contains("&lt;script&gt;"));
        let page =
            render("<b>fed</b>\n", 0, RawHtml::Escape, ReadText::No).html_with(|_| String::new());
        assert!(page.contains("&lt;b&gt;fed&lt;/b&gt;"), "{page}");
        let kept =
            render("<b>fed</b>\n", 0, RawHtml::Keep, ReadText::No).html_with(|_| String::new());
        assert!(kept.contains("<b>fed</b>"), "{kept}");
    }

    #[test]
    fn text_that_looks_like_a_placeholder_stays_text() {
        let rendered = render("pjece-link-0 [a](b.md)\n", 0, RawHtml::Keep, ReadText::No);
        let html = rendered.html_with(|_| "b/".into());
        assert!(html.contains("pjece-link-0 <a href=\"b/\">a</a>"), "{html}");
    }

    /// Caught by the property the `markdown_links` fuzz target checks: text that only decodes to a placeholder
    /// (an entity, a backslash escape) or a heading whose id is one was taken for a link
    /// and replaced by its address.
    #[test]
    fn text_that_decodes_to_a_placeholder_stays_text() {
        for (body, kept) in [
            ("pjece&#45;link-0 [a](b.md)\n", "pjece-link-0 <a"),
            ("pjece\\-link-0 [a](b.md)\n", "pjece-link-0 <a"),
            ("![pjece&#45;link-0](b.png)\n", "alt=\"pjece-link-0\""),
            ("# Pjece link 0\n\n[a](b.md)\n", "id=\"pjece-link-0\""),
        ] {
            let rendered = render(body, 0, RawHtml::Keep, ReadText::No);
            let mut asked = 0;
            let html = rendered.html_with(|_| {
                asked += 1;
                "b/".into()
            });
            assert_eq!(asked, 1, "{body:?} → {html}");
            assert!(html.contains(kept), "{body:?} → {html}");
        }
    }

    /// From the `markdown_links` fuzz target: a link inside an image's description becomes
    /// alt text, so only the image's address is filled in, and the link's own is not written.
    #[test]
    fn a_link_inside_an_image_description_is_alt_text() {
        let body = "![, [mappe](./) oge](./) og ![billede](billede.png)\n";
        let rendered = render(body, 0, RawHtml::Keep, ReadText::No);
        assert_eq!(rendered.links.len(), 3);
        let mut asked = Vec::new();
        let html = rendered.html_with(|i| {
            asked.push(i);
            format!("adresse-{i}")
        });
        assert_eq!(asked, [0, 2], "{html}");
        assert!(html.contains("alt=\", mappe oge\""), "{html}");
        assert!(!html.contains("pjece-link"), "{html}");
    }

    /// A page full of would-be placeholders (`pjece-link-` and ever more `x`) gets a longer
    /// one found in a single pass, not by searching the page again for each `x`.
    #[test]
    fn a_placeholder_is_found_in_linear_time() {
        assert_eq!(placeholder_avoiding("ingen"), "pjece-link-");
        assert_eq!(
            placeholder_avoiding("pjece-link- pjece-link-xx pjece-link-x"),
            "pjece-link-xxx"
        );
        let hostile = format!("pjece-link-{} [a](b.md)\n", "x".repeat(200_000));
        let started = std::time::Instant::now();
        let rendered = render(&hostile, 0, RawHtml::Keep, ReadText::No);
        assert_eq!(rendered.links.len(), 1);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://example.org/a.md"));
        assert!(is_external("mailto:a@b.dk"));
        assert!(is_external("/absolut"));
        assert!(!is_external("gode-raad.md#a:b"));
        assert!(!is_external("../x.md"));
    }

    #[test]
    fn an_opening_heading_with_the_title_is_left_out_and_keeps_its_anchor() {
        let rendered = render(
            "# Gode  råd\n\nTekst.\n\n# Mere\n",
            3,
            RawHtml::Keep,
            ReadText::No,
        );
        let html = rendered.html_with(|_| String::new());
        let title = "Gode råd";
        let (heading, rest) = without_title_heading(&html, &rendered.headings, title).unwrap();
        assert_eq!(heading.id, "gode-raad");
        assert_eq!(rest, "<p>Tekst.</p>\n<h1 id=\"mere\">Mere</h1>\n");
        assert!(without_title_heading(&html, &rendered.headings, "Andet").is_none());
        let main: Vec<(usize, bool)> = rendered
            .findings
            .iter()
            .filter_map(|f| match &f.kind {
                FindingKind::MainHeading(h) => Some((f.position.line, h.opens_body)),
                _ => None,
            })
            .collect();
        assert_eq!(main, [(4, true), (8, false)]);
        for body in ["Indledning.\n\n# Gode råd\n", "# Gode <b>råd</b>\n"] {
            let rendered = render(body, 0, RawHtml::Keep, ReadText::No);
            let html = rendered.html_with(|_| String::new());
            assert!(
                without_title_heading(&html, &rendered.headings, "Gode råd").is_none(),
                "{body:?}"
            );
        }
    }

    #[test]
    fn ids_given_twice_name_both_places() {
        let body = "## A {#x}\n\n## B {#x}\n\n<div id=\"svar\">\n\n## Svar\n\nSe[^c].\n\n[^c]: Note.\n\n## C\n\n<p id=\"boks\"></p> <p id=\"boks\"></p>\n";
        let rendered = render(body, 0, RawHtml::Keep, ReadText::No);
        let found: Vec<(&str, usize, IdOwner, usize, IdOwner)> = rendered
            .duplicate_ids
            .iter()
            .map(|d| {
                (
                    d.id.as_str(),
                    d.position.line,
                    d.kind,
                    d.first.line,
                    d.first_kind,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("x", 3, IdOwner::Heading, 1, IdOwner::Heading),
                ("svar", 7, IdOwner::Heading, 5, IdOwner::RawHtml),
                ("c", 13, IdOwner::Heading, 11, IdOwner::Footnote),
            ]
        );
        assert!(
            render(body, 0, RawHtml::Escape, ReadText::No)
                .duplicate_ids
                .len()
                == 2,
            "escaped HTML has no ids"
        );
        assert!(render(
            "## Svar\n\n## Svar\n\n## Andet {#svar-1}\n",
            0,
            RawHtml::Keep,
            ReadText::No
        )
        .duplicate_ids
        .is_empty());
    }

    #[test]
    fn heading_ids_of_a_body_match_the_rendered_anchors() {
        let body = "# Gode råd\n\n## Svar\n\n## Svar\n\nTekst.\n";
        assert_eq!(heading_ids(body), ["gode-raad", "svar", "svar-1"]);
        let blocks = print_blocks(body, 3, Some("svar-1"), |_| None).unwrap();
        assert_eq!(blocks[0].line, 8);
        assert!(print_blocks(body, 0, Some("findes-ikke"), |_| None).is_none());
    }
}

/// One top-level block (paragraph, list, heading, table, …) of a page, for the leaflet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub html: String,
    /// 1-based line in the page's file where the block starts.
    pub line: usize,
    pub is_heading: bool,
}

/// The anchors of every heading in a page body, as the web page and the leaflet give them.
/// Takes the Markdown alone, so loading can check `#anchor`s before anything is rendered.
pub fn heading_ids(body: &str) -> Vec<String> {
    let mut events: Vec<Event> = Parser::new_ext(body, options()).collect();
    assign_heading_ids(&mut events)
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// A page body (or the section under heading `#section`) as top-level blocks for print:
/// links become plain text, since paper cannot follow them. `body_line_offset` is the number
/// of file lines before the body, so each block's line is a line of the file. Each image's
/// source is what `image_src` makes of it as written (the print is published in another
/// folder than the page), or left as written where it says `None`. `None` when `section`
/// names no heading of the body.
pub fn print_blocks(
    body: &str,
    body_line_offset: usize,
    section: Option<&str>,
    image_src: impl Fn(&str) -> Option<String>,
) -> Option<Vec<Block>> {
    let parsed: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let (mut events, ranges): (Vec<Event>, Vec<Range<usize>>) = parsed.into_iter().unzip();
    assign_heading_ids(&mut events);
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Vec<Event> = Vec::new();
    let mut start = 0usize;
    let mut block_level: Option<u8> = None;
    let mut positions = Positions::new(body);
    for (event, range) in events.into_iter().zip(ranges) {
        if depth == 0 {
            start = range.start;
            block_level = match &event {
                Event::Start(Tag::Heading { level, .. }) => Some(heading_level(*level)),
                _ => None,
            };
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {}
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => current.push(Event::Start(Tag::Image {
                link_type,
                dest_url: image_src(&dest_url).map_or(dest_url, CowStr::from),
                title,
                id,
            })),
            event => current.push(event),
        }
        if depth == 0 {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, current.drain(..));
            let line = positions.of(start).line + body_line_offset;
            blocks.push((
                Block {
                    html,
                    line,
                    is_heading: block_level.is_some(),
                },
                block_level,
                start,
            ));
        }
    }
    let Some(section) = section else {
        return Some(blocks.into_iter().map(|(b, _, _)| b).collect());
    };
    let first = blocks.iter().position(|(b, level, _)| {
        level.is_some() && b.html.contains(&format!(" id=\"{section}\""))
    })?;
    let level = blocks[first].1.unwrap_or(1);
    let end = blocks[first + 1..]
        .iter()
        .position(|(_, l, _)| l.is_some_and(|l| l <= level))
        .map_or(blocks.len(), |i| first + 1 + i);
    Some(blocks.drain(first..end).map(|(b, _, _)| b).collect())
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
