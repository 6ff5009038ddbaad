//! A whole package → the [`Document`] model: which parts are read, in which order.
//!
//! Takes an opened [`Package`]; returns the document, the reader's [`Findings`] and the
//! comments. Steps: styles.xml → [`Styles`] (with the site's style map), numbering.xml →
//! [`Numbering`], the main part's relationships (links, images, notes) → the body →
//! footnotes and endnotes (only those referred to are shown) → comments.xml (listed, never
//! imported) → the title from the Title style, else `docProps/core.xml`.

use super::model::{Document, NoteKind};
use super::numbering::Numbering;
use super::package::Package;
use super::read::{Changes, Findings, Reader};
use super::styles::Styles;
use crate::config::StyleRole;
use crate::diagnostic::SourceError;

/// A comment as Word stores it.
#[derive(Debug, Clone)]
pub(crate) struct RawComment {
    pub(crate) id: String,
    pub(crate) author: String,
    pub(crate) date: String,
    pub(crate) text: String,
}

/// What a package holds.
#[derive(Debug)]
pub(crate) struct Converted {
    pub(crate) document: Document,
    pub(crate) findings: Findings,
    pub(crate) comments: Vec<RawComment>,
}

/// Reads the document in `package`.
pub(crate) fn convert(
    package: &mut Package,
    style_map: &[(String, StyleRole)],
    changes: Changes,
) -> Result<Converted, SourceError> {
    let main = package.main.clone();
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let part = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let rels = package.relationships(&main)?;
    let target_of = |kind: &str, fallback: &str| {
        rels.values()
            .find(|r| r.kind.ends_with(kind) && !r.external)
            .map_or_else(|| part(fallback), |r| r.target.clone())
    };
    let styles_part = package.xml(&target_of("/styles", "styles.xml"))?;
    let styles = Styles::read(styles_part.as_ref(), style_map);
    let numbering_part = package.xml(&target_of("/numbering", "numbering.xml"))?;
    let numbering = Numbering::read(numbering_part.as_ref());
    let document = package
        .xml(&main)?
        .expect("the package checked that its main part exists");
    let Some(body) = document.child("w:body") else {
        return Err(SourceError::new(
            package.shown().join(&main),
            "the document has no body (w:body)",
        )
        .hint("open the document in Word, save it again and import the new file"));
    };
    let mut reader = Reader::new(&styles, &numbering, &rels, changes);
    let blocks = reader.body(body);
    let mut notes = Vec::new();
    for (kind, rel, fallback) in [
        (NoteKind::Footnote, "/footnotes", "footnotes.xml"),
        (NoteKind::Endnote, "/endnotes", "endnotes.xml"),
    ] {
        let name = target_of(rel, fallback);
        if let Some(notes_part) = package.xml(&name)? {
            // Links and images in notes have their own relationships.
            let note_rels = package.relationships(&name)?;
            let mut note_reader = Reader::new(&styles, &numbering, &note_rels, changes);
            notes.extend(note_reader.notes(&notes_part, kind));
            reader.findings.changes.extend(note_reader.findings.changes);
            for (what, n) in note_reader.findings.dropped {
                *reader.findings.dropped.entry(what).or_default() += n;
            }
        }
    }
    let comments = match package.xml(&target_of("/comments", "comments.xml"))? {
        Some(part) => part
            .children_named("w:comment")
            .map(|c| RawComment {
                id: c.attr("w:id").unwrap_or_default().to_string(),
                author: c.attr("w:author").unwrap_or("unknown").to_string(),
                date: c.attr("w:date").unwrap_or_default().to_string(),
                text: c
                    .children_named("w:p")
                    .map(|p| p.text())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .trim()
                    .to_string(),
            })
            .collect(),
        None => Vec::new(),
    };
    let title = match reader.title.take() {
        Some(title) => Some(title),
        None => core_title(package)?,
    };
    Ok(Converted {
        document: Document {
            title,
            blocks,
            notes,
        },
        findings: reader.findings,
        comments,
    })
}

/// `dc:title` of `docProps/core.xml`, when the author filled it in.
fn core_title(package: &mut Package) -> Result<Option<String>, SourceError> {
    let Some(core) = package.xml("docProps/core.xml")? else {
        return Ok(None);
    };
    Ok(core
        .child("dc:title")
        .map(|t| t.text().trim().to_string())
        .filter(|t| !t.is_empty()))
}
