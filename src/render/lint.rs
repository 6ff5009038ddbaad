//! Warnings: what builds but a reader would trip over.
//!
//! Takes the site and what the Markdown stage found in each page; returns warnings with file,
//! line and column: images without alt text, empty links, skipped heading levels, a second
//! main heading (`#`) beside the page's title, two pages of one edition with the same title, a
//! Danish site without an accessibility statement, and drafts with a placeholder label or an
//! empty change note; and, as errors, ids given twice in one page ([`duplicate_ids`]). Only the
//! editions an editor still works on are looked at (the current one and drafts); archived
//! editions are history and stay as they were published.

use crate::config::Language;
use crate::content::{EditionStatus, Site};
use crate::diagnostic::SourceError;
use crate::markdown::{repeats_title, DuplicateId, Finding, FindingKind, IdOwner, Rendered};
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
            warnings.extend(
                rendered
                    .findings
                    .iter()
                    .filter_map(|f| finding(&shown, &page.title, f)),
            );
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

/// The warning for what the Markdown stage found in a page titled `title`; `None` for a
/// `# …` that only repeats the title (the page shows it once, as its main heading).
fn finding(shown: &std::path::Path, title: &str, finding: &Finding) -> Option<SourceError> {
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
        FindingKind::MainHeading(heading) if repeats_title(heading, title) => return None,
        FindingKind::MainHeading(heading) => main_heading(title, &heading.text, heading.opens_body),
    };
    Some(
        SourceError::new(shown, message)
            .at(finding.position)
            .hint(hint),
    )
}

/// A `#` heading beside the title, which the page already shows as its main heading.
fn main_heading(title: &str, text: &str, opens_body: bool) -> (String, String) {
    let message = format!(
        "the page has two main headings (h1): its title \"{title}\" and \"{text}\"; use `##` for sections"
    );
    let hint = if opens_body {
        format!("the page shows its title (`title:` at the top of the file) as its main heading; write `## {text}` here, or, if this is the page's title, put it in `title: {text}` and delete this line")
    } else {
        format!("the page shows its title (`title:` at the top of the file) as its main heading, so a section starts with `##`: write `## {text}` here")
    };
    (message, hint)
}

/// Errors: an id given twice in one page of an edition being worked on, where a heading has
/// it. The second element can never be reached by its anchor, so such a page is not
/// published; archived editions are left as they were published, like the warnings.
pub(super) fn duplicate_ids(
    site: &Site,
    markdown: &[(Vec<Rendered>, Rendered)],
) -> Vec<SourceError> {
    let mut errors = Vec::new();
    for (edition, (pages, _)) in site.editions.iter().zip(markdown) {
        if edition.status == EditionStatus::Archived {
            continue;
        }
        for (page, rendered) in edition.pages.iter().zip(pages) {
            let shown = site.config.display(&page.source);
            errors.extend(
                rendered
                    .duplicate_ids
                    .iter()
                    .map(|d| duplicate_id(&shown, d)),
            );
        }
    }
    errors
}

/// The error at the second of two elements with one id; one of the two is a heading.
fn duplicate_id(shown: &std::path::Path, duplicate: &DuplicateId) -> SourceError {
    let DuplicateId { id, first, .. } = duplicate;
    let (this, that) = (
        named("this", duplicate.kind, id),
        named("the", duplicate.first_kind, id),
    );
    let line = first.line;
    let hint = match (duplicate.kind, duplicate.first_kind) {
        (IdOwner::Heading, IdOwner::Footnote) => format!(
            "rename the footnote on line {line}, there and where the text refers to it, e.g. `[^{id}-note]`; readers never see its label"
        ),
        (IdOwner::Heading, _) => format!(
            "give this heading an id of its own at the end of its line, e.g. `{{#{id}-2}}`; a link to `#{id}` leads to {that} on line {line}"
        ),
        (IdOwner::RawHtml, _) => format!(
            "change the id in this HTML, or give the heading on line {line} an id of its own at the end of its line, e.g. `{{#{id}-2}}`"
        ),
        (IdOwner::Footnote, _) => format!(
            "rename the footnote, here and where the text refers to it, e.g. `[^{id}-note]`; readers never see its label"
        ),
    };
    SourceError::new(
        shown,
        format!("the id `{id}` of {this} is already the id of {that} on line {line}; each id names one place in the page"),
    )
    .at(duplicate.position)
    .hint(hint)
}

/// "this heading", "the HTML", "the footnote `[^id]`".
fn named(article: &str, owner: IdOwner, id: &str) -> String {
    match owner {
        IdOwner::Heading => format!("{article} heading"),
        IdOwner::RawHtml => format!("{article} HTML"),
        IdOwner::Footnote => format!("{article} footnote `[^{id}]`"),
    }
}
