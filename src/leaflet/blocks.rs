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
        let mut html = |sources: &[PlanSource]| {
            let (html, count) = blocks_html(config, edition, sources);
            blocks += count;
            hyphenate::hyphenate_html(&html, config.language.code())
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
        if source.show_title && source.section.is_none() {
            html.push_str(&format!(
                "<h2 class=\"block page-title\" data-source=\"{shown}:2\">{}</h2>\n",
                markdown::escape_html(&page.title)
            ));
            count += 1;
        }
        // Loading checked the anchor, so a section is always found.
        let blocks =
            markdown::print_blocks(&page.body, page.body_line_offset, source.section.as_deref())
                .unwrap_or_default();
        let mut pending_lead: Option<String> = None;
        for (i, block) in blocks.iter().enumerate() {
            let block_html = block
                .html
                .replace("<!-- pjece:break -->", "<div class=\"column-break\"></div>");
            let block_html = block_html.trim_end();
            let kind = if block.is_heading { " heading" } else { "" };
            let opening = pending_lead.take().unwrap_or_else(|| {
                count += 1;
                format!(
                    "<div class=\"block{kind}\" data-source=\"{shown}:{}\">",
                    block.line
                )
            });
            if keeps_with_next(block) && blocks.get(i + 1).is_some() {
                // A heading or a "Skriv ikke noget:" lead-in never ends a panel alone: it
                // shares an unbreakable wrapper with the block after it.
                pending_lead = Some(format!(
                    "{opening}<div class=\"keep-with-next\">{block_html}</div>"
                ));
                continue;
            }
            html.push_str(&format!("{opening}{block_html}</div>\n"));
        }
        html.push_str("</section>\n");
    }
    (html, count)
}

/// Headings and paragraphs that introduce what follows ("Skriv ikke noget:").
fn keeps_with_next(block: &markdown::Block) -> bool {
    block.is_heading || block.html.trim_end().ends_with(":</p>")
}
