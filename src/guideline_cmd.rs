//! `pjece guideline new ID --title T`: a new guideline in a portal, ready to build.
//!
//! Takes the site folder and what the editor named; writes `content/<id>/guideline.yaml` and
//! a first edition (`content/<id>/udgave-1/`) from the same starter texts as `pjece init`,
//! and returns the next steps. The first edition is current, not a draft: a guideline without
//! a current edition fails the whole portal's build, and adding a guideline must never break
//! the guidelines already published. The next steps say so, so that the editor writes the
//! pages before the next build goes on the web server.
//!
//! `--from-site` turns a site of one guideline into a portal instead: its edition folders move
//! into `content/<id>/` (renames only, so nothing is copied and nothing lost) beside a
//! `guideline.yaml` with `formerly_root: true`, which keeps the addresses the site had
//! answering. Everything is made in a hidden folder first and renamed into place, and a
//! failure moves back what was moved. Mistakes in the call are usage errors, exit code 2.

use crate::address::Addresses;
use crate::config::{self, SiteConfig};
use crate::content::GUIDELINE_FILE_NAME;
use crate::diagnostic::UsageError;
use crate::init::{first_edition, guideline_yaml, GuidelineText, FIRST_EDITION};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// What `pjece guideline new` was asked for.
#[derive(Debug, Clone)]
pub struct NewGuideline {
    /// The folder name, also the guideline's web address segment.
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub category: Option<String>,
    pub owner: Option<String>,
    /// Move the editions of a site of one guideline into the new guideline.
    pub from_site: bool,
}

/// Creates the guideline `new.id` in the site at `root`; returns what to tell the editor.
pub fn new_guideline(root: &Path, new: &NewGuideline) -> Result<String> {
    let config = config::load(root)?;
    refuse_unusable_id(&config, &new.id)?;
    if new.title.trim().is_empty() {
        return Err(UsageError(
            "--title is empty; give the guideline's title as readers should see it, e.g. --title \"Retningslinjer for hjemmearbejde\"".into(),
        )
        .into());
    }
    let content = config.content_dir();
    let target = content.join(&new.id);
    if target.exists() {
        return Err(UsageError(format!(
            "{}/ already exists; choose another id",
            config.display(&target).display()
        ))
        .into());
    }
    let editions = top_folders(&content)?
        .into_iter()
        .filter(|dir| dir.join("edition.yaml").is_file())
        .collect::<Vec<_>>();
    let text = GuidelineText {
        title: new.title.trim(),
        summary: new.summary.as_deref(),
        category: new.category.as_deref(),
        owner: new.owner.as_deref(),
        formerly_root: new.from_site,
    };
    match (new.from_site, editions.is_empty()) {
        (false, true) => {
            create(&content, &new.id, &text)?;
            Ok(next_steps(&config, &new.id))
        }
        (false, false) => Err(not_a_portal(&config, &editions, new).into()),
        (true, true) => Err(UsageError(format!(
            "--from-site: {} holds no editions to move; leave out --from-site to add a new guideline",
            config.display(&content).display()
        ))
        .into()),
        (true, false) => {
            let moved = convert(&content, &new.id, &text)?;
            Ok(converted(&config, &new.id, &moved))
        }
    }
}

/// A guideline's folder name becomes a top-level address of the portal: it must be a web
/// address segment, and not one of the portal's own pages.
fn refuse_unusable_id(config: &SiteConfig, id: &str) -> Result<()> {
    let slug = crate::slug::slugify(id);
    if slug.is_empty() {
        return Err(UsageError(format!(
            "`{id}` cannot be used in a web address; use small letters, digits and hyphens, e.g. `hjemmearbejde`"
        ))
        .into());
    }
    if slug != id {
        return Err(UsageError(format!(
            "`{id}` cannot be used in a web address; try `{slug}`"
        ))
        .into());
    }
    let reserved = Addresses::portal(config).reserved_in_portal();
    if reserved.contains(&id) {
        return Err(UsageError(format!(
            "`{id}` is the address of one of the portal's own pages; choose another id, e.g. `{id}-retningslinjer` (the portal's own names are {})",
            reserved.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// The message for `guideline new` in a site of one guideline: what a portal is and the
/// command that makes one.
fn not_a_portal(config: &SiteConfig, editions: &[PathBuf], new: &NewGuideline) -> UsageError {
    let names = folder_names(editions);
    UsageError(format!(
        "this site holds one guideline, not a portal: its editions ({}) are directly in {}/\n  \
         hint: first make it a portal by moving those editions into a guideline folder of their own:\n    \
         pjece guideline new ID --title \"{}\" --from-site\n  \
         (ID: the web address the current guideline should have, in small letters, e.g. `sociale-medier`; its old addresses keep answering),\n  \
         then run `pjece guideline new {} --title …` again",
        names.join(", "),
        config.display(&config.content_dir()).display(),
        config.title.replace('"', "\\\""),
        new.id
    ))
}

/// Writes the guideline into a hidden folder and renames it into place, so that a build or
/// `serve` never reads half a guideline.
fn create(content: &Path, id: &str, text: &GuidelineText<'_>) -> Result<()> {
    let staging = staging_dir(content, id)?;
    let written = (|| -> Result<()> {
        crate::fsx::write(
            &staging.join(GUIDELINE_FILE_NAME),
            guideline_yaml(text).as_bytes(),
        )?;
        let today = crate::content::Date::today().to_string();
        for (path, body) in first_edition(text.title, &today) {
            crate::fsx::write(&staging.join(FIRST_EDITION).join(path), body.as_bytes())?;
        }
        crate::fsx::rename(&staging, &content.join(id))
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    written
}

/// Moves every folder of `content` into `content/<id>/` beside a new `guideline.yaml`; returns
/// the folders' names. On any failure, everything moved goes back.
fn convert(content: &Path, id: &str, text: &GuidelineText<'_>) -> Result<Vec<String>> {
    let folders = top_folders(content)?;
    let staging = staging_dir(content, id)?;
    crate::fsx::write(
        &staging.join(GUIDELINE_FILE_NAME),
        guideline_yaml(text).as_bytes(),
    )?;
    let mut moved: Vec<&PathBuf> = Vec::new();
    let mut result = Ok(());
    for folder in &folders {
        let name = folder.file_name().unwrap_or_default();
        match crate::fsx::rename(folder, &staging.join(name)) {
            Ok(()) => moved.push(folder),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    if result.is_ok() {
        result = crate::fsx::rename(&staging, &content.join(id));
    }
    if let Err(e) = result {
        for folder in moved {
            let name = folder.file_name().unwrap_or_default();
            let _ = std::fs::rename(staging.join(name), folder);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(folder_names(&folders))
}

/// `content/.<id>.pjece-new/`, empty; hidden, so no build reads it.
fn staging_dir(content: &Path, id: &str) -> Result<PathBuf> {
    let staging = content.join(format!(".{id}.pjece-new"));
    if staging.exists() {
        crate::fsx::remove_dir_all(&staging)?;
    }
    crate::fsx::create_dir_all(&staging)?;
    Ok(staging)
}

/// The folders of `content` that are not hidden, by name; none when it does not exist.
fn top_folders(content: &Path) -> Result<Vec<PathBuf>> {
    if !content.is_dir() {
        return Ok(Vec::new());
    }
    let mut folders = Vec::new();
    let entries = std::fs::read_dir(content)
        .map_err(|e| anyhow::anyhow!("could not read {}: {e}", content.display()))?;
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() && !entry.file_name().to_string_lossy().starts_with('.') {
            folders.push(entry.path());
        }
    }
    folders.sort();
    Ok(folders)
}

fn next_steps(config: &SiteConfig, id: &str) -> String {
    let folder = config.display(&config.content_dir().join(id));
    let folder = folder.display();
    let root = config.root.display();
    format!(
        "created the guideline `{id}` in {folder}/: {GUIDELINE_FILE_NAME} and a first edition, {FIRST_EDITION}, current from today\n\
         it is on the website from the next build: write its pages before a build goes on the web server\n\
         next:\n  \
         1. see it: `pjece serve --root {root}` and open the address it prints with {id}/ added\n  \
         2. edit the pages in {folder}/{FIRST_EDITION}/ and the front page text in {folder}/{GUIDELINE_FILE_NAME}\n  \
         3. a new edition later: `pjece edition new udgave-2 --guideline {id}`"
    )
}

fn converted(config: &SiteConfig, id: &str, moved: &[String]) -> String {
    let folder = config.display(&config.content_dir().join(id));
    let folder = folder.display();
    format!(
        "made the site a portal: moved {} into {folder}/ and wrote {folder}/{GUIDELINE_FILE_NAME} with `formerly_root: true`, so the addresses the site had keep answering\n\
         next:\n  \
         1. `title` in site.yaml is now the portal's title (on its front page): give it the portal's name\n  \
         2. add a guideline: `pjece guideline new ID --title …`\n  \
         3. check everything: `pjece check`",
        moved.join(", ")
    )
}

/// The last segment of each folder: the ids of edition folders.
fn folder_names(folders: &[PathBuf]) -> Vec<String> {
    folders
        .iter()
        .map(|d| {
            d.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}
