//! `pjece edition publish ID`: a draft becomes the current edition, in one step.
//!
//! Publishing by hand means two edits in two `edition.yaml` files, and a half-done one breaks
//! the build. This command makes both edits (`status:` and `published:` on the draft,
//! `status: archived` on the current edition) and nothing else: comments, order, quoting and
//! line endings stay as the editor wrote them, and a file it cannot edit in place is refused
//! before anything is written (`yaml_edit`). Before writing, it runs the full check (with the
//! leaflet fit when Chromium is installed) and looks for what readers should not see: a label
//! that is still a placeholder, an empty change note, an edition that changes no text. Errors
//! always stop it; those content warnings stop it unless `--force`. Both files are written,
//! or neither, even when the run is killed between them (`journal`). In a portal the check
//! covers the whole portal, not only the guideline published: a link from another guideline
//! to a page the draft removes fails it too.

use crate::config::SiteConfig;
use crate::content::journal::{self, FileChange};
use crate::content::{self, Date, Edition, EditionStatus, Site};
use crate::diagnostic::{Diagnostics, SourceError, UsageError};
use crate::yaml::edit::{self as yaml_edit, Setting};
use crate::yaml::YamlBlock;
use anyhow::Result;
use std::path::Path;

/// What `pjece edition publish` was asked to do.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    pub id: String,
    /// The publication date; today when not given.
    pub date: Option<Date>,
    /// Publish despite content warnings (never despite errors).
    pub force: bool,
}

/// Publishes the draft `options.id` of the guideline `target` names; returns what to tell
/// the editor.
pub fn publish(target: &super::Target<'_>, options: &PublishOptions) -> Result<String> {
    let config = target.config()?;
    let site = content::load(config.clone(), true)?;
    let draft_index = find_draft(&site, &options.id)?;
    let draft = &site.editions[draft_index];
    let current = site.current();
    let date = options.date.unwrap_or_else(crate::content::Date::today);
    if date < current.published {
        return Err(UsageError(format!(
            "--date {date} is before the current edition `{}` ({}); an edition replaces the one before it\n  hint: give a date on or after {}",
            current.id, current.published, current.published
        ))
        .into());
    }
    // `pjece check --drafts` on the whole site: every guideline of a portal, not only this one.
    run_full_check(&target.root)?;
    let warnings = content_warnings(&config, draft, current);
    if !warnings.is_empty() && !options.force {
        let mut problems = Diagnostics::new();
        problems.extend(warnings);
        let listed = problems.into_result().unwrap_err();
        return Err(listed.context(format!(
            "edition `{}` is not ready to publish (nothing was changed; `--force` publishes anyway)",
            draft.id
        )));
    }
    let date_text = date.to_string();
    let fingerprint = current.text_fingerprint();
    let edits = [
        edit(
            &config,
            &draft.dir,
            &[
                Setting::new("status", "current"),
                Setting::new("published", &date_text),
            ],
        )?,
        edit(
            &config,
            &current.dir,
            &[
                Setting::new("status", "archived"),
                // What it says now: an archived edition changed later is an error.
                Setting::new("fingerprint", &fingerprint),
            ],
        )?,
    ];
    journal::write_all(&config.content_dir(), &draft.id.0, &edits)?;
    let whose = config
        .portal_segment
        .as_ref()
        .map_or_else(String::new, |g| format!(" of `{g}`"));
    Ok(format!(
        "published `{}` ({}) as the current edition{whose}, dated {date}; `{}` ({}) is archived\n\
         next: `pjece build` (with `--pdf` for the leaflet), then put public/ on the web server",
        draft.id, draft.label, current.id, current.label
    ))
}

fn find_draft(site: &Site, id: &str) -> Result<usize> {
    let ids: Vec<&str> = site.editions.iter().map(|e| e.id.0.as_str()).collect();
    let Some(index) = site.editions.iter().position(|e| e.id.0 == id) else {
        return Err(UsageError(format!(
            "there is no edition `{id}` (the editions are: {})",
            ids.join(", ")
        ))
        .into());
    };
    match site.editions[index].status {
        EditionStatus::Draft => Ok(index),
        EditionStatus::Current => {
            Err(UsageError(format!("edition `{id}` is already the current edition")).into())
        }
        EditionStatus::Archived => Err(UsageError(format!(
            "edition `{id}` is archived; to publish a revision, start a new edition with `pjece edition new`"
        ))
        .into()),
    }
}

/// Everything `pjece check --drafts` checks; the leaflet fit only where Chromium is installed.
fn run_full_check(root: &Path) -> Result<()> {
    if crate::chromium::find_chromium().is_ok() {
        crate::check(root, true).map(|_| ())
    } else {
        crate::validate(root, true).map(|_| ())
    }
}

/// What an editor would not want readers to see, each placed in the draft's `edition.yaml`.
fn content_warnings(config: &SiteConfig, draft: &Edition, current: &Edition) -> Vec<SourceError> {
    let path = draft.dir.join("edition.yaml");
    let shown = config.display(&path);
    let text = crate::fsx::read_to_string(&path).unwrap_or_default();
    let block = YamlBlock {
        file: &shown,
        text: &text,
        lines_before: 0,
    };
    // The site's addresses first: the edition's leaflet and feed would carry them.
    let mut warnings = config.placeholders.clone();
    if draft.has_placeholder_label() {
        warnings.push(
            block
                .error_at_key(
                    "label",
                    format!("the label `{}` looks like a placeholder", draft.label),
                )
                .hint("write the edition's name as readers should see it, e.g. `label: 3. udgave`"),
        );
    }
    if draft.note.trim().is_empty() {
        warnings.push(
            block
                .error_at_key("note", "the change note is empty")
                .hint("say in a sentence or two what changed; readers see it on the \"what changed\" page and in the feed"),
        );
    }
    warnings.extend(renamed_without_id(config, draft, current));
    if !changes_text(draft, current) {
        warnings.push(
            SourceError::new(
                config.display(&draft.dir),
                format!(
                    "no page of `{}` differs from the current edition `{}`",
                    draft.id, current.id
                ),
            )
            .hint("edit the pages of the draft first; `pjece build --drafts` shows what changed"),
        );
    }
    warnings
}

/// A page of the draft that looks like a page of the current edition under a new file name
/// (the same title, or the same text) with no `id:` in common: published so, the old page's
/// address would say the page was removed instead of leading to it.
fn renamed_without_id(config: &SiteConfig, draft: &Edition, current: &Edition) -> Vec<SourceError> {
    let gone: Vec<_> = current
        .pages
        .iter()
        .filter(|page| draft.page_by_id(&page.id).is_none())
        .collect();
    draft
        .pages
        .iter()
        .filter(|page| current.page_by_id(&page.id).is_none())
        .filter_map(|page| {
            let before = gone.iter().find(|old| {
                old.title == page.title || (!old.body.trim().is_empty() && old.body == page.body)
            })?;
            Some(
                SourceError::new(
                    config.display(&page.source),
                    format!(
                        "`{}` looks like `{}` of the current edition `{}` renamed, but the two have no `id:` in common: the old page's address would say it was removed",
                        page.path, before.path, current.id
                    ),
                )
                .hint(format!(
                    "if it is the same page, write `id: {}` in the front matter of `{}`, so that the old address leads to it; if it is a new page, give it a title of its own",
                    before.id, page.path
                )),
            )
        })
        .collect()
}

/// Whether the draft adds, removes, renames or rewrites any page of the current edition.
fn changes_text(draft: &Edition, current: &Edition) -> bool {
    draft.pages.len() != current.pages.len()
        || draft
            .pages
            .iter()
            .any(|page| match current.page_by_id(&page.id) {
                None => true,
                Some(before) => {
                    before.body != page.body || before.title != page.title || before.url != page.url
                }
            })
}

/// The change of `dir/edition.yaml` that gives its keys the values of `settings`, or why it
/// cannot be made in place; every change of a publish is known before anything is written.
fn edit(config: &SiteConfig, dir: &Path, settings: &[Setting<'_>]) -> Result<FileChange> {
    let path = dir.join("edition.yaml");
    let before = crate::fsx::read_to_string(&path)?;
    let after = yaml_edit::set_values(&config.display(&path), &before, settings)?;
    Ok(FileChange {
        path,
        before,
        after,
    })
}
