//! The text of the leaflet's panels: the planned pages as print blocks.
//!
//! Each page (or section) of the plan becomes a `<section class="source">` of top-level
//! blocks, every block tagged `data-source="<file>:<line>"` so that the fit check can name the
//! first line that does not fit. Links print as plain text, `<!-- pjece:break -->` becomes a
//! column break, and Danish soft hyphens are inserted last.
//!
//! The headings make one outline for the whole leaflet, in reading order (inside, flap, back,
//! after the cover's `h1`): a shown page title is an `h2` and the page's own headings one
//! level below it (`##` prints as `h3`); a section or a page without its title starts at
//! `h2`; no heading is more than one level below the one before it. Each Markdown heading
//! keeps its look through a `look-<level>` class naming its level in the page, so the outline
//! changes what a screen reader hears, not what is printed. A lead-in ("Du må gerne:") that
//! opens the flap is set large as the flap's heading, so it is an `h2 class="lead-in"`.

use super::hyphenate;
use crate::address::{Addresses, Mount, OutPath};
use crate::config::SiteConfig;
use crate::content::{Edition, LeafletPlan, PlanSource};
use crate::{markdown, urls};

/// The HTML of the text panels, by role.
pub(super) struct PanelContent {
    pub flap: String,
    pub back: String,
    pub inside: String,
    /// How many `[data-source]` blocks the three hold together.
    pub blocks: usize,
}

impl PanelContent {
    pub(super) fn of(
        config: &SiteConfig,
        addresses: &Addresses,
        edition: &Edition,
        plan: &LeafletPlan,
    ) -> Self {
        let mut blocks = 0;
        let exceptions = hyphenate::Exceptions::danish(&config.hyphenation);
        let mut outline = Outline::after_cover();
        let images = Images { addresses, edition };
        let mut html = |sources: &[PlanSource], panel: Panel| {
            let (html, count) = blocks_html(config, &images, sources, panel, &mut outline);
            blocks += count;
            hyphenate::hyphenate_html_with(&html, config.language.code(), &exceptions)
        };
        // In reading order, which the outline follows.
        let inside = html(&plan.inside, Panel::Other);
        let flap = html(&plan.flap, Panel::Flap);
        let back = html(&plan.back, Panel::Other);
        PanelContent {
            flap,
            back,
            inside,
            blocks,
        }
    }
}

/// Which panel a text is for: the flap sets a lead-in that opens it as its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Flap,
    Other,
}

/// The leaflet's heading levels so far, in reading order.
struct Outline {
    /// The level of the last heading; the cover title is the `h1`.
    last: u8,
}

impl Outline {
    fn after_cover() -> Outline {
        Outline { last: 1 }
    }

    /// The level a heading `wanted` at is printed at: never a second `h1`, never more than
    /// one level below the heading before it.
    fn place(&mut self, wanted: u8) -> u8 {
        let level = wanted.clamp(2, (self.last + 1).min(6));
        self.last = level;
        level
    }
}

/// Every block wrapped in an element naming its source line; returns the HTML and the
/// number of such blocks.
/// Where the images of the edition's pages are published, as seen from its leaflet pages.
struct Images<'a> {
    addresses: &'a Addresses,
    edition: &'a Edition,
}

impl Images<'_> {
    /// The source of an image written `dest` in the page at `page_path` (from the edition
    /// folder), relative to the leaflet's folder: the author wrote it relative to the page,
    /// as on the web. `None` for an image elsewhere (another site, the site root) or not
    /// found, which loading has reported already.
    fn src(&self, page_path: &str, dest: &str) -> Option<String> {
        if markdown::is_external(dest) || markdown::is_from_site_root(dest) {
            return None;
        }
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        let source = urls::resolve(urls::parent_dir(page_path), &urls::percent_decode(path))?;
        let index = self.edition.asset_index(&source)?;
        let id = self.edition.id.0.as_str();
        let asset = &self.edition.assets[index].path;
        let leaflet: OutPath = self.addresses.leaflet_dir(id);
        Some(leaflet.href_to(&self.addresses.asset(id, asset, Mount::EditionFolder)))
    }
}

fn blocks_html(
    config: &SiteConfig,
    images: &Images<'_>,
    sources: &[PlanSource],
    panel: Panel,
    outline: &mut Outline,
) -> (String, usize) {
    let edition = images.edition;
    let mut html = String::new();
    let mut count = 0;
    for (index, source) in sources.iter().enumerate() {
        let page = &edition.pages[source.page];
        // The file name goes into an attribute: a `"` in it must not end the attribute.
        let shown = markdown::escape_html(&config.display(&page.source).display().to_string());
        let break_class = if source.break_before {
            " break-before"
        } else {
            ""
        };
        html.push_str(&format!("<section class=\"source{break_class}\">\n"));
        let mut items = Vec::new();
        let titled = source.show_title && source.section.is_none();
        if titled {
            let level = outline.place(2);
            items.push(Item {
                html: format!(
                    "<h{level} class=\"page-title\">{}</h{level}>",
                    markdown::escape_html(&page.title)
                ),
                line: 2,
                class: " heading",
                keeps_with_next: true,
            });
        }
        // Loading checked the anchor, so a section is always found.
        let blocks = markdown::print_blocks(
            &page.body,
            page.body_line_offset,
            source.section.as_deref(),
            |dest| images.src(&page.path, dest),
        )
        .unwrap_or_default();
        // Below a shown title (the page's `#` on the web) the page's headings go one down.
        let shift = u8::from(titled);
        // A body that opens with its own title as `# …` shows it once, as on the web.
        let skip = usize::from(
            titled
                && blocks
                    .first()
                    .is_some_and(|b| repeats_title(b, &page.title)),
        );
        for (i, block) in blocks.iter().enumerate().skip(skip) {
            let html = block
                .html
                .replace("<!-- pjece:break -->", "<div class=\"column-break\"></div>");
            let html = html.trim_end();
            let opens_flap = panel == Panel::Flap && index == 0 && i == 0 && !titled;
            let (html, is_heading) = match heading_level(html) {
                Some(level) if block.is_heading => {
                    let printed = outline.place(level + shift);
                    (
                        relevel(html, level, printed, &format!("look-{level}")),
                        true,
                    )
                }
                _ if opens_flap && is_lead_in(html) => {
                    outline.place(2);
                    (lead_in_heading(html), true)
                }
                _ => (html.to_string(), false),
            };
            items.push(Item {
                html,
                line: block.line,
                class: if is_heading { " heading" } else { "" },
                keeps_with_next: keeps_with_next(block),
            });
        }
        count += items.len();
        html.push_str(&grouped_html(&items, &shown.to_string()));
        html.push_str("</section>\n");
    }
    (html, count)
}

/// Whether `block` is the page's title written again as the body's opening `# …`.
fn repeats_title(block: &markdown::Block, title: &str) -> bool {
    let mut text = String::new();
    let mut in_tag = false;
    for c in block.html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    block.is_heading
        && heading_level(&block.html) == Some(1)
        && text
            .split_whitespace()
            .eq(markdown::escape_html(title).split_whitespace())
}

/// One print block of a source, before grouping.
struct Item {
    html: String,
    line: usize,
    class: &'static str,
    keeps_with_next: bool,
}

/// Every item as a block naming its source line; a run of headings and lead-ins is wrapped
/// together with the block after it in an unbreakable `.keep-with-next`, so a heading is
/// never the last thing in a panel or column.
fn grouped_html(items: &[Item], shown: &str) -> String {
    let mut html = String::new();
    let mut open_group = false;
    for (i, item) in items.iter().enumerate() {
        let leads = item.keeps_with_next && i + 1 < items.len();
        if leads && !open_group {
            html.push_str("<div class=\"keep-with-next\">");
            open_group = true;
        }
        html.push_str(&format!(
            "<div class=\"block{}\" data-source=\"{shown}:{}\">{}</div>",
            item.class, item.line, item.html
        ));
        if open_group && !leads {
            html.push_str("</div>");
            open_group = false;
        }
        html.push('\n');
    }
    html
}

/// Headings and paragraphs that introduce what follows ("Skriv ikke noget:").
fn keeps_with_next(block: &markdown::Block) -> bool {
    block.is_heading || is_lead_in(block.html.trim_end())
}

/// A paragraph ending in a colon: it introduces what follows.
fn is_lead_in(html: &str) -> bool {
    html.starts_with("<p>") && html.ends_with(":</p>")
}

/// A lead-in paragraph as the heading of its panel, looking as it did as a paragraph.
fn lead_in_heading(html: &str) -> String {
    let text = &html["<p>".len()..html.len() - "</p>".len()];
    format!("<h2 class=\"lead-in\">{text}</h2>")
}

/// The level of the heading an HTML block is (`<h3 …>…</h3>`), if it is one.
fn heading_level(html: &str) -> Option<u8> {
    let bytes = html.as_bytes();
    match (bytes.first(), bytes.get(1), bytes.get(2), bytes.get(3)) {
        (Some(b'<'), Some(b'h'), Some(digit @ b'1'..=b'6'), Some(b' ' | b'>')) => {
            Some(digit - b'0')
        }
        _ => None,
    }
}

/// The heading block `html` (level `from`) at level `to`, with `class` added.
fn relevel(html: &str, from: u8, to: u8, class: &str) -> String {
    let open_end = html.find('>').unwrap_or(html.len());
    let (open, rest) = html.split_at(open_end);
    let attributes = &open[3..];
    let attributes = match attributes.find(" class=\"") {
        Some(at) => {
            let at = at + " class=\"".len();
            format!("{}{class} {}", &attributes[..at], &attributes[at..])
        }
        None => format!("{attributes} class=\"{class}\""),
    };
    let close = format!("</h{from}>");
    let body = rest.strip_suffix(&close).unwrap_or(rest);
    format!("<h{to}{attributes}{body}</h{to}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_never_skips_a_level_nor_repeats_the_title() {
        let mut outline = Outline::after_cover();
        let placed: Vec<u8> = [1, 4, 3, 2, 6, 5].map(|l| outline.place(l)).to_vec();
        assert_eq!(placed, [2, 3, 3, 2, 3, 4]);
    }

    #[test]
    fn a_heading_moves_level_and_keeps_its_look_and_attributes() {
        assert_eq!(heading_level("<h2 id=\"a\">A</h2>"), Some(2));
        assert_eq!(heading_level("<hr />"), None);
        assert_eq!(heading_level("<p>h2</p>"), None);
        assert_eq!(
            relevel("<h2 id=\"a\">Afsnit <em>1</em></h2>", 2, 3, "look-2"),
            "<h3 id=\"a\" class=\"look-2\">Afsnit <em>1</em></h3>"
        );
        assert_eq!(
            relevel("<h3 id=\"b\" class=\"vigtig\">B</h3>", 3, 2, "look-3"),
            "<h2 id=\"b\" class=\"look-3 vigtig\">B</h2>"
        );
        assert_eq!(
            relevel("<h4>C</h4>", 4, 4, "look-4"),
            "<h4 class=\"look-4\">C</h4>"
        );
    }

    #[test]
    fn a_lead_in_becomes_a_heading_and_other_paragraphs_do_not() {
        assert!(is_lead_in("<p>Du må gerne:</p>"));
        assert!(!is_lead_in("<p>Du må gerne.</p>"));
        assert!(!is_lead_in("<ul><li>a:</li></ul>"));
        assert_eq!(
            lead_in_heading("<p>Du må <strong>gerne</strong>:</p>"),
            "<h2 class=\"lead-in\">Du må <strong>gerne</strong>:</h2>"
        );
    }
}
