//! The text of the leaflet's panels: the planned pages as print blocks.
//!
//! Each page (or section) of the plan becomes a `<section class="source">` of top-level
//! blocks, every block tagged `data-source="<file>:<line>"` so that the fit check can name the
//! first line that does not fit. Links print as plain text, `<!-- pjece:break -->` becomes a
//! column break, and Danish soft hyphens are inserted last.

use super::hyphenate;
use crate::config::SiteConfig;
use crate::content::{Edition, LeafletPlan, PlanSource};
use crate::markdown;

/// The HTML of the text panels, by role.
pub(super) struct PanelContent {
    pub flap: String,
    pub back: String,
    pub inside: String,
    /// How many `[data-source]` blocks the three hold together.
    pub blocks: usize,
}

impl PanelContent {
    pub(super) fn of(config: &SiteConfig, edition: &Edition, plan: &LeafletPlan) -> Self {
        let mut blocks = 0;
        let exceptions = hyphenate::Exceptions::danish(&config.hyphenation);
        let mut html = |sources: &[PlanSource]| {
            let (html, count) = blocks_html(config, edition, sources);
            blocks += count;
            hyphenate::hyphenate_html_with(&html, config.language.code(), &exceptions)
        };
        let (flap, back, inside) = (html(&plan.flap), html(&plan.back), html(&plan.inside));
        PanelContent {
            flap,
            back,
            inside,
            blocks,
        }
    }
}

/// Every block wrapped in an element naming its source line; returns the HTML and the
/// number of such blocks.
fn blocks_html(config: &SiteConfig, edition: &Edition, sources: &[PlanSource]) -> (String, usize) {
    let mut html = String::new();
    let mut count = 0;
    for source in sources {
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
        if source.show_title && source.section.is_none() {
            items.push(Item {
                html: format!(
                    "<h2 class=\"page-title\">{}</h2>",
                    markdown::escape_html(&page.title)
                ),
                line: 2,
                class: " heading",
                keeps_with_next: true,
            });
        }
        // Loading checked the anchor, so a section is always found.
        let blocks =
            markdown::print_blocks(&page.body, page.body_line_offset, source.section.as_deref())
                .unwrap_or_default();
        items.extend(blocks.iter().map(|block| {
            Item {
                html: block
                    .html
                    .replace("<!-- pjece:break -->", "<div class=\"column-break\"></div>")
                    .trim_end()
                    .to_string(),
                line: block.line,
                class: if block.is_heading { " heading" } else { "" },
                keeps_with_next: keeps_with_next(block),
            }
        }));
        count += items.len();
        html.push_str(&grouped_html(&items, &shown.to_string()));
        html.push_str("</section>\n");
    }
    (html, count)
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
    block.is_heading || block.html.trim_end().ends_with(":</p>")
}
