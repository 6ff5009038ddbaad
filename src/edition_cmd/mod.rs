//! `pjece edition new`, `list` and `publish`: starting, listing and publishing editions.
//!
//! A new edition starts as a draft copy of the current one (or of `--from`), so the editor
//! edits a full set of pages and the "what changed" page (built with `--drafts`) shows exactly
//! what they changed. `publish` (in `publish`) makes it the current edition. Mistakes in the call (an existing or unusable id, an unknown `--from`) are
//! usage errors, exit code 2.
//!
//! In a portal each command works inside one guideline ([`Target`]): the one named with
//! `--guideline`, or the guideline folder the command runs in. Its settings are the site's
//! with the guideline's folder as the content folder, so everything below works on a
//! guideline as on a site of one guideline.

mod publish;

pub use publish::{publish, PublishOptions};

use crate::config::{self, SiteConfig};
use crate::content::{list_editions, Date, EditionStatus, EditionSummary};
use crate::diagnostic::UsageError;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// What an edition command works on: the site folder and, in a portal, the guideline named
/// (or the one whose folder `cwd` is in).
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The site folder, holding `site.yaml`.
    pub root: PathBuf,
    /// `--guideline ID`.
    pub guideline: Option<&'a str>,
    /// The folder the command runs in.
    pub cwd: &'a Path,
}

impl Target<'_> {
    /// The guideline's settings (the site's own in a site of one guideline); a usage error
    /// listing the guidelines when a portal's command names none.
    fn config(&self) -> Result<SiteConfig> {
        crate::content::find_guideline(&config::load(&self.root)?, self.guideline, self.cwd)
    }
}

/// ` --guideline <id>` for the commands an editor is told to run next, in a portal.
fn guideline_flag(config: &SiteConfig) -> String {
    config
        .portal_segment
        .as_ref()
        .map_or_else(String::new, |g| format!(" --guideline {g}"))
}

/// Copies edition `from` (default: the current one) to `content/<id>/` as a draft; returns
/// what to tell the editor.
pub fn new_edition(target: &Target<'_>, id: &str, from: Option<&str>) -> Result<String> {
    let config = target.config()?;
    if id.is_empty() || crate::slug::slugify(id) != id {
        return Err(UsageError(format!(
            "`{id}` cannot be used in a web address; try `{}`",
            crate::slug::slugify(id)
        ))
        .into());
    }
    let root = &target.root;
    let target = config.content_dir().join(id);
    if target.exists() {
        return Err(UsageError(format!(
            "the edition `{id}` already exists ({}); choose another id",
            config.display(&target).display()
        ))
        .into());
    }
    refuse_taken_address(&config, root, id)?;
    let editions = list_editions(&config)?;
    let source = source_edition(&editions, from)?;
    // Copied into a hidden folder first and renamed into place: a copy that fails halfway
    // leaves no half-made edition that the build would then read.
    let staging = config.content_dir().join(format!(".{id}.pjece-new"));
    if staging.exists() {
        crate::fsx::remove_dir_all(&staging)?;
    }
    let copied = copy_edition(&source.dir, &staging).and_then(|pages| {
        crate::fsx::write(
            &staging.join("edition.yaml"),
            edition_yaml(id, Date::today()).as_bytes(),
        )?;
        crate::fsx::rename(&staging, &target)?;
        Ok(pages)
    });
    if copied.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    Ok(next_steps(&config, source, id, copied?))
}

/// An edition's folder name becomes a top-level address beside pjece's own files and the
/// current edition's pages: it must not take one of theirs, nor one that any build has
/// published (the address ledger in the site folder `root`), whose redirect or notice the
/// edition would silently replace once published.
fn refuse_taken_address(config: &SiteConfig, root: &Path, id: &str) -> Result<()> {
    let addresses = crate::address::Addresses::new(config);
    if addresses.reserved_at_root().contains(&id) {
        return Err(UsageError(format!(
            "`{id}` is the address of one of pjece's own pages; choose another id, e.g. `udgave-3`"
        ))
        .into());
    }
    let current_pages = crate::content::load(config.clone(), false)
        .map(|site| {
            site.current()
                .pages
                .iter()
                .any(|p| p.url.split('/').next() == Some(id))
        })
        .unwrap_or(false);
    if current_pages {
        return Err(UsageError(format!(
            "`{id}` is the address of a page of the current edition; choose another id, e.g. `udgave-3`"
        ))
        .into());
    }
    let folder = addresses.edition_root(id, crate::address::Mount::EditionFolder);
    if let Some(taken) = crate::ledger::taken_at_or_below(root, &folder)? {
        return Err(UsageError(format!(
            "`{id}` is an address readers already have: {} is {}, published since {} ({}); an edition named so would take it over once published; choose another id, e.g. `udgave-3`",
            taken.address,
            taken.what,
            taken.since,
            crate::address::LEDGER
        ))
        .into());
    }
    Ok(())
}

fn source_edition<'a>(
    editions: &'a [EditionSummary],
    from: Option<&str>,
) -> Result<&'a EditionSummary> {
    let ids = || {
        editions
            .iter()
            .map(|e| e.id.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match from {
        Some(from) => editions.iter().find(|e| e.id.0 == from).ok_or_else(|| {
            UsageError(format!(
                "--from {from}: no such edition (the editions are: {})",
                ids()
            ))
            .into()
        }),
        None => {
            let current: Vec<&EditionSummary> = editions
                .iter()
                .filter(|e| e.status == EditionStatus::Current)
                .collect();
            match current.as_slice() {
                [one] => Ok(one),
                [] => Err(UsageError(format!(
                    "no edition is current; name the one to copy with --from (the editions are: {})",
                    ids()
                ))
                .into()),
                several => Err(UsageError(format!(
                    "more than one edition is current ({}); fix that first (`pjece check` explains), or name the one to copy with --from",
                    several.iter().map(|e| e.id.0.as_str()).collect::<Vec<_>>().join(", ")
                ))
                .into()),
            }
        }
    }
}

/// Copies every file but `edition.yaml`; returns how many pages were copied.
fn copy_edition(from: &Path, to: &Path) -> Result<usize> {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry?;
        let rel = entry.path().strip_prefix(from)?;
        if !entry.file_type().is_file() || rel == Path::new("edition.yaml") {
            continue;
        }
        crate::fsx::copy(entry.path(), &to.join(rel))?;
        pages += usize::from(rel.extension().is_some_and(|e| e == "md"));
    }
    Ok(pages)
}

fn edition_yaml(id: &str, today: Date) -> String {
    format!(
        "# the edition's name as readers see it, e.g. \"3. udgave\"\n\
         label: {id}\n\
         # the date the edition takes effect (YYYY-MM-DD)\n\
         published: {today}\n\
         # to publish: `current` here, and `archived` on the edition before\n\
         status: draft\n\
         # What changed in this edition (Markdown); shown on the \"what changed\" page and in the feed.\n\
         note: |\n  \n"
    )
}

fn next_steps(config: &SiteConfig, source: &EditionSummary, id: &str, pages: usize) -> String {
    let shown = |path: &Path| config.display(path).display().to_string();
    let folder = shown(&config.content_dir().join(id));
    let yaml = shown(&config.content_dir().join(id).join("edition.yaml"));
    let old_yaml = shown(&source.dir.join("edition.yaml"));
    let changes = crate::address::Addresses::new(config).changes(id).file();
    let flag = guideline_flag(config);
    format!(
        "created {folder}/ as a draft copy of `{}` ({pages} pages)\n\
         next:\n  \
         1. edit the pages in {folder}/ and fill in `label` and `note` in {yaml}\n  \
         2. review: `pjece build --drafts`, then open public/{changes}\n  \
         3. publish: `pjece edition publish {id}{flag}` (sets `status: current` in {yaml} and `status: archived` in {old_yaml})",
        source.id
    )
}

/// One line per edition, oldest first: id, label, status, date. In a portal without a
/// chosen guideline, every guideline's editions under its id and title.
pub fn list(target: &Target<'_>) -> Result<String> {
    let config = match target.config() {
        Ok(config) => config,
        Err(e) if target.guideline.is_none() && e.is::<UsageError>() => {
            let site = config::load(&target.root)?;
            if !crate::content::is_portal(&site.content_dir()) {
                return Err(e);
            }
            return list_all(&site);
        }
        Err(e) => return Err(e),
    };
    let editions = list_editions(&config)?;
    if editions.is_empty() {
        return Ok("no editions yet: create content/<edition>/edition.yaml".to_string());
    }
    Ok(edition_lines(&editions, ""))
}

/// Every guideline of the portal `config` with its editions, a blank line between them.
fn list_all(config: &SiteConfig) -> Result<String> {
    let mut blocks = Vec::new();
    for (guideline, own) in crate::content::guidelines(config)? {
        let editions = list_editions(&own)?;
        let lines = if editions.is_empty() {
            "  no editions yet".to_string()
        } else {
            edition_lines(&editions, "  ")
        };
        blocks.push(format!("{}: {}\n{lines}", guideline.id, guideline.title));
    }
    Ok(blocks.join("\n\n"))
}

/// The editions in aligned columns, each line starting with `indent`.
fn edition_lines(editions: &[EditionSummary], indent: &str) -> String {
    let id_width = editions.iter().map(|e| e.id.0.len()).max().unwrap_or(0);
    let label_width = editions
        .iter()
        .map(|e| e.label.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<String> = editions
        .iter()
        .map(|e| {
            let status = match e.status {
                EditionStatus::Draft => "draft",
                EditionStatus::Current => "current",
                EditionStatus::Archived => "archived",
            };
            let pad = label_width - e.label.chars().count();
            format!(
                "{indent}{:id_width$}  {}{}  {status:8}  {}",
                e.id.0,
                e.label,
                " ".repeat(pad),
                e.published
            )
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_edition_yaml_is_a_valid_draft() {
        let date = Date::parse("2025-03-01").unwrap();
        let text = edition_yaml("udgave-3", date);
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(yaml["status"].as_str(), Some("draft"));
        assert_eq!(yaml["published"].as_str(), Some("2025-03-01"));
    }
}
