//! Warnings: what builds but a reader would trip over.
//!
//! Takes the site and what the Markdown stage found in each page; returns warnings with file,
//! line and column: images without alt text, empty links, skipped heading levels, two pages of
//! one edition with the same title, a Danish site without an accessibility statement, and
//! drafts with a placeholder label or an empty change note. Only the editions an editor still works on are looked at (the current one and
//! drafts); archived editions are history and stay as they were published.

use crate::config::Language;
use crate::content::{EditionStatus, Site};
use crate::diagnostic::SourceError;
use crate::markdown::{Finding, FindingKind, Rendered};
use std::collections::HashMap;

/// Every warning about the editions being worked on; `markdown` is indexed like the site.
pub(super) fn warnings(site: &Site, markdown: &[(Vec<Rendered>, Rendered)]) -> Vec<SourceError> {
    let mut warnings: Vec<SourceError> = missing_statement(site).into_iter().collect();
    for (edition, (pages, _)) in site.editions.iter().zip(markdown) {
        if edition.status == EditionStatus::Archived {
            continue;
        }
        let mut titles: HashMap<&str, &std::path::Path> = HashMap::new();
        for (page, rendered) in edition.pages.iter().zip(pages) {
            let shown = site.config.display(&page.source);
            warnings.extend(rendered.findings.iter().map(|f| finding(&shown, f)));
            if let Some(first) = titles.insert(&page.title, &page.source) {
                warnings.push(
                    SourceError::new(&shown, format!("another page of this edition has the title \"{}\": {}", page.title, site.config.display(first).display()))
                        .hint("give each page its own title, so readers can tell them apart in the navigation and in search results"),
                );
            }
        }
        if edition.status == EditionStatus::Draft {
            let file = site.config.display(&edition.dir.join("edition.yaml"));
            if edition.has_placeholder_label() {
                warnings.push(
                    SourceError::new(&file, format!("the draft's label `{}` looks like a placeholder", edition.label))
                        .hint("write the edition's name as readers should see it, e.g. `label: 3. udgave`"),
                );
            }
            if edition.note.trim().is_empty() {
                warnings.push(
                    SourceError::new(&file, "the draft's change note is empty")
                        .hint("say what changed under `note:`; readers see it on the \"what changed\" page and in the feed"),
                );
            }
        }
    }
    warnings
}

/// Danish public bodies must link an accessibility statement from every page (lov om
/// tilgængelighed af offentlige organers websteder); the statement is made on was.digst.dk.
fn missing_statement(site: &Site) -> Option<SourceError> {
    let config = &site.config;
    (config.language == Language::Da && config.accessibility_statement.is_none()).then(|| {
        SourceError::new(
            crate::config::FILE_NAME,
            "the site has no accessibility statement (`accessibility_statement`)",
        )
        .hint("public bodies in Denmark must link one from every page: make it on https://was.digst.dk and add `accessibility_statement: https://www.was.digst.dk/…` to site.yaml")
    })
}

fn finding(shown: &std::path::Path, finding: &Finding) -> SourceError {
    let (message, hint) = match &finding.kind {
        FindingKind::ImageWithoutAlt => (
            "this image has no alt text".to_string(),
            "describe the image between the brackets, e.g. `![Kommunens logo](logo.png)`; screen readers read it out".to_string(),
        ),
        FindingKind::EmptyLinkText => (
            "this link has no text".to_string(),
            "write what the link leads to between the brackets, e.g. `[Gode råd](gode-raad.md)`".to_string(),
        ),
        FindingKind::EmptyLinkTarget => (
            "this link leads nowhere".to_string(),
            "write the page or address between the parentheses, e.g. `[Gode råd](gode-raad.md)`".to_string(),
        ),
        FindingKind::SkippedHeadingLevel { level, previous } => (
            format!(
                "a level-{level} heading follows a level-{previous} heading, so the outline skips a level"
            ),
            format!(
                "use `{}` here (the page title is level 1); screen readers navigate by these levels",
                "#".repeat(usize::from(previous + 1))
            ),
        ),
    };
    SourceError::new(shown, message)
        .at(finding.position)
        .hint(hint)
}
