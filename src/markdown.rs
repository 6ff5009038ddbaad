//! Markdown → HTML for one page, with internal links rewritten to output addresses.
//!
//! Takes a page and the edition it belongs to; returns [`Rendered`]: the HTML, the page's
//! headings (with the ids used as anchors), the internal links found, and any links that point
//! nowhere. Anchors of *other* pages are checked afterwards by the caller, once every page's
//! headings are known, so this stage never needs to look at another page's text.

use crate::content::{Edition, Page};
use crate::diagnostic::{suggest, Position, SourceError};
use crate::slug::{slugify, IdAllocator};
use crate::urls;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link to a page of the same edition, kept so its `#anchor` can be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Index of the target in `Edition::pages`.
    pub target: usize,
    pub anchor: Option<String>,
    pub position: Position,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    pub problems: Vec<SourceError>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown that is not a page (a change note): same syntax, links left as written.
pub fn render_fragment(markdown: &str) -> String {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    assign_heading_ids(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Renders one page of `edition`; `shown` is the page's path as messages show it.
pub fn render_page(edition: &Edition, page: &Page, shown: &Path) -> Rendered {
    let mut out = Rendered::default();
    let parsed: Vec<(Event, Range<usize>)> = Parser::new_ext(&page.body, options())
        .into_offset_iter()
        .collect();
    let (mut events, ranges): (Vec<Event>, Vec<Range<usize>>) = parsed.into_iter().unzip();
    out.headings = assign_heading_ids(&mut events);
    let resolver = LinkResolver {
        edition,
        page,
        shown,
    };
    for (event, range) in events.iter_mut().zip(&ranges) {
        let position =
            || Position::of_offset(&page.body, range.start).shifted(page.body_line_offset);
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        match resolver.resolve(dest, position()) {
            Resolved::External => {}
            Resolved::Page { href, link } => {
                *dest = CowStr::from(href);
                out.links.push(link);
            }
            Resolved::Asset(href) => *dest = CowStr::from(href),
            Resolved::Broken(problem) => out.problems.push(problem),
        }
    }
    let mut html = String::with_capacity(page.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = html;
    out
}

/// Gives every heading an id: the author's `{#id}` if written, else a slug of its text.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut ids = IdAllocator::default();
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
            headings.push(Heading { level, id, text });
        }
        i += 1;
    }
    headings
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

enum Resolved {
    External,
    Page { href: String, link: InternalLink },
    Asset(String),
    Broken(SourceError),
}

struct LinkResolver<'a> {
    edition: &'a Edition,
    page: &'a Page,
    shown: &'a Path,
}

impl LinkResolver<'_> {
    fn resolve(&self, dest: &str, position: Position) -> Resolved {
        if is_external(dest) {
            return Resolved::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        let anchor = fragment.filter(|f| !f.is_empty()).map(urls::percent_decode);
        if path.is_empty() {
            let target = self
                .edition
                .page_index_by_source(&self.page.path)
                .unwrap_or_default();
            let link = InternalLink {
                target,
                anchor,
                position,
            };
            return Resolved::Page {
                href: dest.to_string(),
                link,
            };
        }
        let Some(target_path) = urls::resolve(
            urls::parent_dir(&self.page.path),
            &urls::percent_decode(path),
        ) else {
            return Resolved::Broken(self.broken(
                position,
                format!("the link `{dest}` points outside the edition folder"),
                None,
            ));
        };
        let from = &self.page.url;
        if target_path.ends_with(".md") {
            return match self.edition.page_index_by_source(&target_path) {
                Some(target) => {
                    let mut href = urls::relative(from, &self.edition.pages[target].url);
                    if let Some(f) = fragment {
                        href.push('#');
                        href.push_str(f);
                    }
                    Resolved::Page {
                        href,
                        link: InternalLink {
                            target,
                            anchor,
                            position,
                        },
                    }
                }
                None => {
                    let near = suggest(
                        &target_path,
                        self.edition.pages.iter().map(|p| p.path.as_str()),
                    );
                    Resolved::Broken(self.broken(position, format!("the link `{dest}` points to a page that does not exist ({target_path})"), near))
                }
            };
        }
        let folder = target_path.trim_end_matches('/');
        if let Some(asset) = self.edition.asset(&target_path) {
            let mut href = urls::relative(from, &asset.path);
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            return Resolved::Asset(href);
        }
        if let Some(index) = self
            .edition
            .page_index_by_source(&format!("{folder}/index.md"))
        {
            let href = urls::relative(from, &self.edition.pages[index].url);
            return Resolved::Page {
                href,
                link: InternalLink {
                    target: index,
                    anchor,
                    position,
                },
            };
        }
        let near = suggest(
            &target_path,
            self.edition.assets.iter().map(|a| a.path.as_str()),
        );
        Resolved::Broken(self.broken(
            position,
            format!("the link `{dest}` points to a file that does not exist ({target_path})"),
            near,
        ))
    }

    fn broken(&self, position: Position, message: String, near: Option<&str>) -> SourceError {
        let hint = match near {
            Some(near) => format!("did you mean `{near}`? Paths are relative to this page's folder"),
            None => "link to pages by their .md path relative to this page, e.g. `[tekst](gode-raad.md#afsnit)`".to_string(),
        };
        SourceError::new(self.shown, message)
            .at(position)
            .hint(hint)
    }
}

/// Links pjece leaves alone: web addresses, mail, phone, and root-relative paths.
fn is_external(dest: &str) -> bool {
    if dest.starts_with('/') {
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
    fn external_links_are_recognised() {
        assert!(is_external("https://example.org/a.md"));
        assert!(is_external("mailto:a@b.dk"));
        assert!(is_external("/absolut"));
        assert!(!is_external("gode-raad.md#a:b"));
        assert!(!is_external("../x.md"));
    }

    #[test]
    fn heading_ids_of_a_body_match_the_rendered_anchors() {
        let body = "# Gode råd\n\n## Svar\n\n## Svar\n\nTekst.\n";
        assert_eq!(heading_ids(body), ["gode-raad", "svar", "svar-1"]);
        let blocks = print_blocks(body, 3, Some("svar-1")).unwrap();
        assert_eq!(blocks[0].line, 8);
        assert!(print_blocks(body, 0, Some("findes-ikke")).is_none());
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
/// of file lines before the body, so each block's line is a line of the file. `None` when
/// `section` names no heading of the body.
pub fn print_blocks(
    body: &str,
    body_line_offset: usize,
    section: Option<&str>,
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
        if !matches!(
            event,
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)
        ) {
            current.push(event);
        }
        if depth == 0 {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, current.drain(..));
            let line = Position::of_offset(body, start).line + body_line_offset;
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
