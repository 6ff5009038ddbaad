//! `pjece import FILE.docx`: a Word document becomes a new edition of a guideline.
//!
//! Takes the .docx and where to put it; writes a new edition folder and returns the import
//! report. Steps: open the package with every check on it ([`package`]) → read it into the
//! document model ([`convert`], [`read`]: styles → structure) → cut it into pages
//! ([`pages`]) → match them to the current edition's pages, keeping their ids
//! ([`matching`]) → pictures into `images/` ([`media`]) → Markdown ([`to_markdown`]) → the
//! whole edition written into a hidden folder and renamed into place, so a failure (or a
//! build meanwhile) never sees half an edition. Nothing is written before everything has
//! been read and checked.
//!
//! The edition is a draft when the guideline has a current edition (review it with
//! `pjece build --drafts`, publish it with `pjece edition publish`); the first edition of a
//! new guideline is current, because a guideline without a current edition stops the whole
//! site's build (as `pjece guideline new` does).

mod convert;
mod matching;
mod media;
mod model;
mod numbering;
mod package;
mod pages;
mod read;
mod report;
mod styles;
mod to_markdown;
mod xml;

use crate::config::{self, SiteConfig};
use crate::content::{EditionStatus, GUIDELINE_FILE_NAME};
use crate::diagnostic::{SourceError, UsageError};
use crate::edition_cmd::Target;
use anyhow::Result;
use matching::{Matched, OldPage};
use pages::PageDraft;
use read::Changes;
use report::{Comment, ImportReport, LeafletOutcome, PageLine};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The largest .docx pjece opens (a guideline with many photos is 20–50 MB).
const MAX_FILE: u64 = 200 * 1024 * 1024;

/// What to do with the document's tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackedChanges {
    /// Stop, listing them (the default: the editor decides).
    Refuse,
    Accept,
    Reject,
}

/// What `pjece import` was asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub file: PathBuf,
    /// The new edition's folder name [default: the next `udgave-N`].
    pub edition: Option<String>,
    /// Headings of this level and above start a page.
    pub split_level: u8,
    pub changes: TrackedChanges,
}

/// Where the edition goes.
struct Destination {
    /// The guideline's settings (its folder as the content folder).
    config: SiteConfig,
    /// In a portal, a guideline that does not exist yet: its id.
    new_guideline: Option<String>,
}

/// Imports `options.file` as a new edition; returns the report and the next steps.
pub fn import(target: &Target<'_>, options: &ImportOptions) -> Result<String> {
    if !(1..=6).contains(&options.split_level) {
        return Err(UsageError(format!(
            "--split-level {}: give a heading level from 1 to 6 (1: a page per Heading 1)",
            options.split_level
        ))
        .into());
    }
    let site = config::load(&target.root)?;
    let destination = destination(&site, target)?;
    let config = &destination.config;
    let shown = shown_path(&options.file);
    let bytes = read_file(&options.file, &shown)?;
    let mut package = package::Package::open(&shown, bytes)?;
    crate::pause::step("import-read");
    let changes = match options.changes {
        TrackedChanges::Reject => Changes::Reject,
        TrackedChanges::Accept | TrackedChanges::Refuse => Changes::Accept,
    };
    let converted = convert::convert(&mut package, &site.import.styles, changes)?;
    if options.changes == TrackedChanges::Refuse && !converted.findings.changes.is_empty() {
        return Err(refuse_changes(&shown, &converted.findings.changes).into());
    }
    let editions = if destination.new_guideline.is_some() {
        Vec::new()
    } else {
        crate::content::list_editions(config)?
    };
    let id = edition_id(config, &editions, options.edition.as_deref())?;
    let has_current = editions.iter().any(|e| e.status == EditionStatus::Current);
    let reserved = crate::address::Addresses::new(config).reserved_at_root();
    let fallback_title = options
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_else(|| "Forside".to_string());
    let mut drafts = pages::split(
        &converted.document,
        options.split_level,
        &fallback_title,
        &reserved,
    );
    let current = if has_current {
        current_edition(config)?
    } else {
        Current::default()
    };
    let matched = matching::match_pages(&mut drafts, &current.pages);
    let images = media::images_of(
        converted
            .document
            .blocks
            .iter()
            .chain(converted.document.notes.iter().flat_map(|(_, b)| b)),
    );
    let media = media::extract(&mut package, &images)?;
    let targets = to_markdown::Targets {
        bookmarks: to_markdown::bookmark_targets(&drafts),
        images: media.paths.clone(),
        notes: converted.document.notes.iter().cloned().collect(),
    };
    let mut report = ImportReport {
        images_left_out: media.left_out.clone(),
        unmapped: converted.findings.unmapped.clone(),
        dropped: converted.findings.dropped.clone(),
        ..ImportReport::default()
    };
    if options.changes != TrackedChanges::Refuse && !converted.findings.changes.is_empty() {
        report.changes = Some((
            options.changes == TrackedChanges::Accept,
            converted.findings.changes.clone(),
        ));
    }
    report.comments = comments(&converted, &drafts);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (page, how) in drafts.iter().zip(&matched) {
        let written = to_markdown::page(page, &targets);
        report.fake_headings.extend(
            written
                .fake_headings
                .iter()
                .map(|t| (page.file.clone(), t.clone())),
        );
        report.missing_alt.extend(
            written
                .missing_alt
                .iter()
                .map(|i| (page.file.clone(), i.clone())),
        );
        report.pages.push(PageLine {
            file: page.file.clone(),
            title: page.title.clone(),
            matched: how.clone(),
        });
        files.push((
            page.file.clone(),
            page_file(page, &written.body).into_bytes(),
        ));
    }
    let status = if has_current {
        EditionStatus::Draft
    } else {
        EditionStatus::Current
    };
    files.push((
        "edition.yaml".to_string(),
        edition_yaml(&id, status, &shown).into_bytes(),
    ));
    let folder = config.content_dir().join(&id);
    report.heading = format!(
        "imported {} into {}/ ({}, {} page{})",
        shown.display(),
        site.display(&folder).display(),
        if status == EditionStatus::Draft {
            "a draft"
        } else {
            "the first edition, current"
        },
        drafts.len(),
        if drafts.len() == 1 { "" } else { "s" }
    );
    let carried = current.leaflet_plan.as_deref().map(|plan| {
        let renamed = drafts
            .iter()
            .zip(&matched)
            .filter_map(|(page, how)| match how {
                Matched::ByTitle { old_path } | Matched::ByText { old_path, .. } => {
                    Some((old_path.clone(), page.file.clone()))
                }
                Matched::New => None,
            })
            .collect();
        carried_leaflet_plan(plan, &renamed)
    });
    match carried {
        Some(Ok(plan)) => {
            report.leaflet = LeafletOutcome::Carried;
            files.push(("leaflet.yaml".to_string(), plan.into_bytes()));
        }
        Some(Err(missing)) => report.leaflet = LeafletOutcome::Proposed { missing },
        None => {
            report.leaflet = LeafletOutcome::Proposed {
                missing: Vec::new(),
            }
        }
    }
    if report.leaflet != LeafletOutcome::Carried {
        files.push((
            report::PROPOSAL_FILE_NAME.to_string(),
            leaflet_proposal(&drafts).into_bytes(),
        ));
    }
    let text = report.text();
    files.push((report::FILE_NAME.to_string(), text.clone().into_bytes()));
    for file in media.files {
        files.push((file.path, file.bytes));
    }
    write_edition(&site, &destination, &id, &files, &converted)?;
    Ok(format!(
        "{text}\n{}",
        next_steps(&site, config, &id, status, &matched)
    ))
}

/// The guideline the edition belongs to; in a portal, `--guideline ID` may name a new one.
fn destination(site: &SiteConfig, target: &Target<'_>) -> Result<Destination> {
    let content = site.content_dir();
    if crate::content::is_portal(&content) {
        if let Some(id) = target.guideline {
            if !content.join(id).join(GUIDELINE_FILE_NAME).is_file() {
                check_guideline_id(site, id)?;
                let mut config = site.clone();
                config.content = content.join(id);
                config.portal_segment = Some(id.to_string());
                return Ok(Destination {
                    config,
                    new_guideline: Some(id.to_string()),
                });
            }
        }
    }
    Ok(Destination {
        config: crate::content::find_guideline(site, target.guideline, target.cwd)?,
        new_guideline: None,
    })
}

fn check_guideline_id(site: &SiteConfig, id: &str) -> Result<()> {
    let slug = crate::slug::slugify(id);
    if slug.is_empty() || slug != id {
        return Err(UsageError(format!(
            "--guideline {id}: a new guideline's id must be usable in a web address; try `{}`",
            if slug.is_empty() {
                "hjemmearbejde".to_string()
            } else {
                slug
            }
        ))
        .into());
    }
    if crate::address::Addresses::portal(site)
        .reserved_in_portal()
        .contains(&id)
    {
        return Err(UsageError(format!(
            "--guideline {id}: `{id}` is the address of one of the portal's own pages; choose another id"
        ))
        .into());
    }
    if site.content_dir().join(id).exists() {
        return Err(UsageError(format!(
            "--guideline {id}: content/{id}/ exists but holds no guideline.yaml; add one or choose another id"
        ))
        .into());
    }
    Ok(())
}

/// The file as given, for messages (relative paths stay relative).
fn shown_path(file: &Path) -> PathBuf {
    file.to_path_buf()
}

fn read_file(file: &Path, shown: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(file)
        .map_err(|e| UsageError(format!("{}: cannot be read ({e})", shown.display())))?;
    if !meta.is_file() {
        return Err(UsageError(format!(
            "{}: not a file; name the .docx to import",
            shown.display()
        ))
        .into());
    }
    if meta.len() > MAX_FILE {
        return Err(SourceError::new(
            shown,
            format!("the file is {} MB; pjece imports documents up to {} MB", meta.len() / (1024 * 1024), MAX_FILE / (1024 * 1024)),
        )
        .hint("make the pictures smaller in Word (Picture Format › Compress Pictures), save and import again")
        .into());
    }
    crate::fsx::read(file)
}

fn refuse_changes(shown: &Path, changes: &[read::TrackedChange]) -> SourceError {
    let shown_changes: Vec<String> = changes
        .iter()
        .take(20)
        .map(|c| format!("  {}", report::change_line(c)))
        .collect();
    let more = if changes.len() > 20 {
        format!("\n  … and {} more", changes.len() - 20)
    } else {
        String::new()
    };
    SourceError::new(
        shown,
        format!(
            "the document has {} tracked change{} not yet accepted or rejected:\n{}{more}",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" },
            shown_changes.join("\n")
        ),
    )
    .hint("decide in Word (Review › Accept or Reject) and save, or import with --accept-changes (the text as it reads with the changes) or --reject-changes (the text without them)")
}

/// `--edition ID` checked, or the next free `udgave-N`.
fn edition_id(
    config: &SiteConfig,
    editions: &[crate::content::EditionSummary],
    wanted: Option<&str>,
) -> Result<String> {
    let content = config.content_dir();
    if let Some(id) = wanted {
        if id.is_empty() || crate::slug::slugify(id) != id {
            return Err(UsageError(format!(
                "--edition {id}: cannot be used in a web address; try `{}`",
                crate::slug::slugify(id)
            ))
            .into());
        }
        if content.join(id).exists() {
            return Err(UsageError(format!(
                "--edition {id}: the edition already exists ({}); choose another id",
                config.display(&content.join(id)).display()
            ))
            .into());
        }
        return Ok(id.to_string());
    }
    let mut n = editions.len() + 1;
    loop {
        let id = format!("udgave-{n}");
        if !content.join(&id).exists() {
            return Ok(id);
        }
        n += 1;
    }
}

/// What the import takes over from the current edition: its pages, for matching, and the
/// text of its leaflet plan, if it has one.
#[derive(Debug, Default)]
struct Current {
    pages: Vec<OldPage>,
    leaflet_plan: Option<String>,
}

fn current_edition(config: &SiteConfig) -> Result<Current> {
    let site = crate::content::load(config.clone(), false)?;
    let current = site.current();
    let leaflet_plan = match &current.leaflet {
        Some(plan) => Some(crate::fsx::read_to_string(&config.root.join(&plan.file))?),
        None => None,
    };
    Ok(Current {
        pages: current
            .pages
            .iter()
            .map(|p| OldPage {
                path: p.path.clone(),
                id: p.id.0.clone(),
                title: p.title.clone(),
                text: p.body.clone(),
            })
            .collect(),
        leaflet_plan,
    })
}

/// A file name as a value of the plan: as it stands when YAML reads it so (Danish slugs
/// do), else quoted.
fn plan_value(file: &str) -> String {
    let plain = file
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if plain {
        file.to_string()
    } else {
        yaml_string(file)
    }
}

/// The current edition's leaflet plan for the new edition: every `page:` it names changed to
/// the file of the imported page matched to it (`renamed`: old file → new file), all else
/// (cover, layout, comments) as written. `Err` with the pages it names that the document no
/// longer has: then the editor decides, from the proposal.
fn carried_leaflet_plan(
    plan: &str,
    renamed: &std::collections::HashMap<String, String>,
) -> Result<String, Vec<String>> {
    let Ok(documents) = crate::yaml::spans::documents(plan) else {
        return Err(Vec::new());
    };
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut missing = Vec::new();
    let mut nodes: Vec<&crate::yaml::spans::Node> = documents.iter().collect();
    while let Some(node) = nodes.pop() {
        match &node.kind {
            crate::yaml::spans::Kind::Mapping { entries, .. } => {
                for (key, value) in entries {
                    match (key.as_scalar(), value.as_scalar()) {
                        (Some("page"), Some(old)) => match renamed.get(old) {
                            Some(new) if new != old => {
                                edits.push((value.span.clone(), plan_value(new)));
                            }
                            Some(_) => {}
                            None => missing.push(old.to_string()),
                        },
                        _ => nodes.push(value),
                    }
                }
            }
            crate::yaml::spans::Kind::Sequence(items) => nodes.extend(items.iter()),
            _ => {}
        }
    }
    if !missing.is_empty() {
        missing.sort();
        return Err(missing);
    }
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut text = plan.to_string();
    for (span, value) in edits {
        text.replace_range(span, &value);
    }
    Ok(text)
}

/// Every comment with the page it starts on.
fn comments(converted: &convert::Converted, drafts: &[PageDraft]) -> Vec<Comment> {
    let at: HashMap<&str, usize> = converted
        .findings
        .comments_at
        .iter()
        .map(|(id, block)| (id.as_str(), *block))
        .collect();
    converted
        .comments
        .iter()
        .map(|c| {
            let page = at
                .get(c.id.as_str())
                .and_then(|&block| {
                    drafts.iter().rev().find(|p| {
                        p.first_block <= block && (p.level > 0 || block < first_page_start(drafts))
                    })
                })
                .or(drafts.first())
                .map_or_else(String::new, |p| p.file.clone());
            Comment {
                page,
                author: c.author.clone(),
                date: c.date.clone(),
                text: c.text.clone(),
            }
        })
        .collect()
}

fn first_page_start(drafts: &[PageDraft]) -> usize {
    drafts.get(1).map_or(usize::MAX, |p| p.first_block)
}

/// A leaflet plan from the imported pages: the first page on the flap, the others inside,
/// each page a line the editor keeps or deletes, since a whole guideline seldom fits.
fn leaflet_proposal(drafts: &[PageDraft]) -> String {
    let mut out = String::from(
        "# A proposed leaflet plan from the imported pages (see `content/<edition>/leaflet.yaml`\n\
         # in pjece's README). Rename this file to leaflet.yaml to use it, keep the pages that\n\
         # belong in a leaflet, and run `pjece check`, which tells whether the text fits the panels.\n",
    );
    out.push_str(&format!(
        "cover:\n  title: {}\n",
        yaml_string(&drafts[0].title)
    ));
    let pages: Vec<&PageDraft> = drafts.iter().skip(1).collect();
    if let Some(first) = pages.first() {
        out.push_str(&format!(
            "flap:                 # panel A, read first when the cover is opened\n  - page: {}\n",
            yaml_string(&first.file)
        ));
    }
    if pages.len() > 1 {
        out.push_str("inside:               # flows across the inside panels\n");
        for page in &pages[1..] {
            out.push_str(&format!("  - page: {}\n", yaml_string(&page.file)));
        }
    }
    out
}

/// Front matter and body.
fn page_file(page: &PageDraft, body: &str) -> String {
    let mut front = format!("---\ntitle: {}\n", yaml_string(&page.title));
    if page.file != pages::FRONT_PAGE || page.id != "index" {
        front.push_str(&format!("id: {}\n", yaml_string(&page.id)));
    }
    if page.weight != 0 {
        front.push_str(&format!("weight: {}\n", page.weight));
    }
    front.push_str("---\n");
    if !body.is_empty() {
        front.push('\n');
        front.push_str(body);
    }
    front
}

/// A YAML scalar in double quotes, escaped.
fn yaml_string(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

fn edition_yaml(id: &str, status: EditionStatus, source: &Path) -> String {
    let status = match status {
        EditionStatus::Draft => "draft",
        _ => "current",
    };
    let file = source
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    format!(
        "# imported from {file} with `pjece import`; see .import-report.txt in this folder\n\
         # the edition's name as readers see it, e.g. \"3. udgave\"\n\
         label: {id}\n\
         # the date the edition takes effect (YYYY-MM-DD)\n\
         published: {}\n\
         status: {status}\n\
         # What changed in this edition (Markdown); shown on the \"what changed\" page and in the feed.\n\
         note: |\n  \n",
        crate::content::Date::today()
    )
}

/// Writes every file into a hidden folder beside the edition (or the new guideline) and
/// renames it into place.
fn write_edition(
    site: &SiteConfig,
    destination: &Destination,
    id: &str,
    files: &[(String, Vec<u8>)],
    converted: &convert::Converted,
) -> Result<()> {
    let (parent, name, edition_dir) = match &destination.new_guideline {
        Some(guideline) => (site.content_dir(), guideline.clone(), PathBuf::from(id)),
        None => (
            destination.config.content_dir(),
            id.to_string(),
            PathBuf::new(),
        ),
    };
    let staging = parent.join(format!(".{name}.pjece-import"));
    if staging.exists() {
        crate::fsx::remove_dir_all(&staging)?;
    }
    let written = (|| -> Result<()> {
        if destination.new_guideline.is_some() {
            let title = converted
                .document
                .title
                .clone()
                .unwrap_or_else(|| name.clone());
            crate::fsx::write(
                &staging.join(GUIDELINE_FILE_NAME),
                format!(
                    "# the guideline's title, as readers see it\ntitle: {}\n",
                    yaml_string(&title)
                )
                .as_bytes(),
            )?;
        }
        for (path, bytes) in files {
            crate::fsx::write(&staging.join(&edition_dir).join(path), bytes)?;
        }
        crate::pause::step("import-staged");
        crate::fsx::rename(&staging, &parent.join(&name))
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    written
}

fn next_steps(
    site: &SiteConfig,
    config: &SiteConfig,
    id: &str,
    status: EditionStatus,
    matched: &[Matched],
) -> String {
    let folder = site
        .display(&config.content_dir().join(id))
        .display()
        .to_string();
    let flag = config
        .portal_segment
        .as_ref()
        .map_or_else(String::new, |g| format!(" --guideline {g}"));
    let renamed = matched
        .iter()
        .filter(|m| matches!(m, Matched::ByText { .. }))
        .count();
    let mut text = format!(
        "next:\n  1. read the report above ({folder}/{}) and the pages in {folder}/; fill in `label` and `note` in {folder}/edition.yaml\n  2. review: `pjece build --drafts`",
        report::FILE_NAME
    );
    if status == EditionStatus::Draft {
        text.push_str(&format!(
            ", and the draft's \"what changed\" page{}\n  3. publish: `pjece edition publish {id}{flag}`",
            if renamed > 0 { format!(" ({renamed} renamed page{} {} {} history)", if renamed == 1 { "" } else { "s" }, if renamed == 1 { "keeps" } else { "keep" }, if renamed == 1 { "its" } else { "their" }) } else { String::new() }
        ));
    } else {
        text.push_str(
            "\n  3. this first edition is current: the next build puts it on the website",
        );
    }
    text
}
