//! The import report: what an editor should look at after an import, printed and written
//! into the new edition as `.import-report.txt` (hidden, so the build neither publishes nor
//! warns about it).
//!
//! Takes what the reader, the page writer and the matching found; returns plain text, one
//! section per kind of finding, each line naming the page it concerns.

use super::matching::Matched;
use super::read::TrackedChange;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The report's file name inside the edition folder.
pub(crate) const FILE_NAME: &str = ".import-report.txt";

/// One page as imported.
#[derive(Debug, Clone)]
pub(crate) struct PageLine {
    pub(crate) file: String,
    pub(crate) title: String,
    pub(crate) matched: Matched,
}

/// A comment from the document, with the page it was on.
#[derive(Debug, Clone)]
pub(crate) struct Comment {
    pub(crate) page: String,
    pub(crate) author: String,
    pub(crate) date: String,
    pub(crate) text: String,
}

/// Everything the report lists.
#[derive(Debug, Default)]
pub(crate) struct ImportReport {
    /// `vejledning.docx → content/udgave-2/ (draft)`.
    pub(crate) heading: String,
    pub(crate) pages: Vec<PageLine>,
    /// The tracked changes and whether they were accepted (`true`) or rejected.
    pub(crate) changes: Option<(bool, Vec<TrackedChange>)>,
    pub(crate) comments: Vec<Comment>,
    /// Page → text of paragraphs that look like headings.
    pub(crate) fake_headings: Vec<(String, String)>,
    pub(crate) unmapped: BTreeMap<String, usize>,
    pub(crate) dropped: BTreeMap<String, usize>,
    /// Page → image path.
    pub(crate) missing_alt: Vec<(String, String)>,
    /// Image part → why it was left out.
    pub(crate) images_left_out: BTreeMap<String, &'static str>,
    pub(crate) leaflet: LeafletOutcome,
}

/// What became of the leaflet plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LeafletOutcome {
    /// The current edition's plan, its pages changed to the imported ones matched to them.
    Carried,
    /// A plan proposed from the imported pages ([`PROPOSAL_FILE_NAME`]); `missing` are the
    /// pages the current edition's plan names that the document no longer has.
    Proposed { missing: Vec<String> },
}

impl Default for LeafletOutcome {
    fn default() -> Self {
        LeafletOutcome::Proposed {
            missing: Vec::new(),
        }
    }
}

/// The proposed leaflet plan's file: hidden, so that it changes nothing until the editor
/// renames it `leaflet.yaml` (a `leaflet.yaml` makes a leaflet, even one of comments only).
pub(crate) const PROPOSAL_FILE_NAME: &str = ".leaflet-proposal.yaml";

impl ImportReport {
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.heading);
        let _ = writeln!(out, "\npages ({}):", self.pages.len());
        let width = self
            .pages
            .iter()
            .map(|p| p.file.chars().count())
            .max()
            .unwrap_or(0);
        for page in &self.pages {
            let pad = " ".repeat(width - page.file.chars().count());
            let how = match &page.matched {
                Matched::New => String::new(),
                Matched::ByTitle { old_path } if *old_path == page.file => "  (same page as before)".to_string(),
                Matched::ByTitle { old_path } => format!("  (same page as {old_path})"),
                Matched::ByText { old_path, old_title, percent } => format!(
                    "  (renamed: was \"{old_title}\", {old_path}; {percent} % of the words alike; the old address will redirect)"
                ),
            };
            let _ = writeln!(out, "  {}{pad}  {}{how}", page.file, page.title);
        }
        if let Some((accepted, changes)) = &self.changes {
            let _ = writeln!(
                out,
                "\ntracked changes ({}, {}):",
                changes.len(),
                if *accepted {
                    "accepted with --accept-changes"
                } else {
                    "rejected with --reject-changes"
                }
            );
            for change in changes {
                let _ = writeln!(out, "  {}", change_line(change));
            }
        }
        if !self.comments.is_empty() {
            let _ = writeln!(
                out,
                "\ncomments ({}, not imported; answer them in the pages or in Word):",
                self.comments.len()
            );
            for c in &self.comments {
                let _ = writeln!(
                    out,
                    "  {}: {}{}: \"{}\"",
                    c.page,
                    c.author,
                    date_part(&c.date),
                    c.text
                );
            }
        }
        if !self.fake_headings.is_empty() {
            let _ = writeln!(out, "\nlooks like a heading (a short bold paragraph; if it is one, make it `## …` in the page, or give it a heading style in Word):");
            for (page, text) in &self.fake_headings {
                let _ = writeln!(out, "  {page}: \"{text}\"");
            }
        }
        if !self.unmapped.is_empty() {
            let _ = writeln!(out, "\nstyles pjece does not know (kept as ordinary paragraphs; to import them as headings or quotes, add them under `import: styles:` in site.yaml, e.g. `\"{}\": 2`):", self.unmapped.keys().next().map_or("", String::as_str));
            for (style, n) in &self.unmapped {
                let _ = writeln!(
                    out,
                    "  \"{style}\": {n} paragraph{}",
                    if *n == 1 { "" } else { "s" }
                );
            }
        }
        if !self.dropped.is_empty() || !self.images_left_out.is_empty() {
            let _ = writeln!(out, "\nleft out:");
            for (what, n) in &self.dropped {
                let _ = writeln!(
                    out,
                    "  {what}{}",
                    if *n > 1 {
                        format!(" ({n} times)")
                    } else {
                        String::new()
                    }
                );
            }
            for (part, why) in &self.images_left_out {
                let _ = writeln!(
                    out,
                    "  picture {part}: {why}; save it as PNG and add it to the page"
                );
            }
        }
        match &self.leaflet {
            LeafletOutcome::Carried => {
                let _ = writeln!(out, "\nleaflet: the current edition's leaflet.yaml, with its pages changed to the imported ones; run `pjece check` to see that the text still fits");
            }
            LeafletOutcome::Proposed { missing } if !missing.is_empty() => {
                let _ = writeln!(out, "\nleaflet: the current edition's leaflet.yaml names pages the document no longer has ({}); a proposed plan from the imported pages is in {PROPOSAL_FILE_NAME} in the edition folder: rename it leaflet.yaml, or copy the old plan and change those pages", missing.join(", "));
            }
            LeafletOutcome::Proposed { .. } => {
                let _ = writeln!(out, "\nleaflet: a proposed plan from these pages is in {PROPOSAL_FILE_NAME} in the edition folder; rename it leaflet.yaml to use it");
            }
        }
        if !self.missing_alt.is_empty() {
            let _ = writeln!(out, "\nwarning: pictures without alt text (readers who cannot see them get nothing; write what each shows between the brackets of `![…]` in the page, or in Word: right-click › View Alt Text):");
            for (page, image) in &self.missing_alt {
                let _ = writeln!(out, "  {page}: {image}");
            }
        }
        out
    }
}

/// `inserted by Anne Jensen on 2025-03-04: "ny tekst"`.
pub(crate) fn change_line(change: &TrackedChange) -> String {
    let text: String = change.text.chars().take(60).collect();
    let more = if change.text.chars().count() > 60 {
        "…"
    } else {
        ""
    };
    format!(
        "{} by {}{}: \"{text}{more}\"",
        if change.inserted {
            "inserted"
        } else {
            "deleted"
        },
        change.author,
        date_part(&change.date)
    )
}

/// ` on 2025-03-04` from Word's `2025-03-04T10:00:00Z`.
fn date_part(date: &str) -> String {
    match date.get(..10) {
        Some(day) if !day.is_empty() => format!(" on {day}"),
        _ => String::new(),
    }
}
