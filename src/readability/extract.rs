//! The running text that the build does not hand over: one section of a page (a leaflet part
//! prints sections), or a page the Markdown stage does not render (the page being edited).
//! What counts as running text is the Markdown stage's ([`crate::markdown::running_text`]).

use crate::markdown::running_text::{self, Collector, RunningText};
use pulldown_cmark::{Event, Parser, Tag};

/// The running text of `body`, or of the section under the heading with anchor `section` (up
/// to the next heading of its level or above), as the leaflet prints it.
pub(crate) fn running_text(body: &str, section: Option<&str>) -> RunningText {
    let Some(section) = section else {
        return running_text::of(body);
    };
    let ids = crate::markdown::heading_ids(body);
    let mut headings = 0usize;
    // `None` before the section, `Some(level)` inside it.
    let mut inside: Option<u8> = None;
    let mut collector = Collector::for_body(body.len());
    collector.take_text(false);
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, .. }) = &event {
            let level = *level as u8;
            if inside.is_some_and(|open| level <= open) {
                inside = None;
            }
            if ids.get(headings).map(String::as_str) == Some(section) {
                inside = Some(level);
            }
            headings += 1;
            collector.take_text(inside.is_some());
        }
        collector.see(&event, range.start);
    }
    collector.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str, section: Option<&str>) -> Vec<String> {
        running_text(body, section)
            .blocks()
            .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level() {
        let body = "Før.\n\n## Tilladelse\n\nSpørg først.\n\n### Under\n\nOgså her.\n\n## Andet\n\nIkke her.\n";
        assert_eq!(
            texts(body, Some("tilladelse")),
            ["Spørg først.", "Også her."]
        );
        assert_eq!(texts(body, None).len(), 4);
    }
}
