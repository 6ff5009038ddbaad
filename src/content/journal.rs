//! Publishing writes two files; the journal makes the pair survive an interruption.
//!
//! `pjece edition publish` changes the draft's `edition.yaml` and the current edition's. A
//! rename replaces one file whole, but nothing replaces two at once: a run killed between
//! the renames (`kill -9`, a power cut) would leave two current editions. So before the first
//! rename, the publish writes a journal, `.pjece-publish.journal` in the guideline's content
//! folder, holding every file's text before and after. Steps:
//!
//! 1. take a lock file (`.pjece-publish-<random>.lock`), held while the process runs;
//! 2. write each new text to a hidden temporary beside its file (`.edition.yaml.pjece-new`);
//! 3. write the journal (under a temporary name, then renamed), then rename the temporaries
//!    into place, then remove the journal and the lock.
//!
//! Every command that loads the site first calls [`finish_interrupted`]: with a journal whose
//! lock nobody holds, the publish is completed when every file still reads as before or as
//! after it (rolled forward), and left as it is, saying so, when one was changed since.
//! Temporaries without a journal are from a publish that had changed nothing yet: they are
//! removed (rolled back). Each outcome is one line on stderr. While another pjece holds a
//! lock, its files are left alone.

use crate::config::SiteConfig;
use crate::fsx::FileLock;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The journal's name in a guideline's content folder (hidden, so no build reads it).
const JOURNAL: &str = ".pjece-publish.journal";
const LOCK_PREFIX: &str = ".pjece-publish-";
const LOCK_SUFFIX: &str = ".lock";
/// The temporary beside each `edition.yaml`, and the one earlier versions wrote.
const TEMPORARIES: [&str; 2] = [".edition.yaml.pjece-new", "edition.yaml.pjece-new"];

/// One file a publish replaces: its text before and after.
pub(crate) struct FileChange {
    /// `content/<edition>/edition.yaml`.
    pub(crate) path: PathBuf,
    pub(crate) before: String,
    pub(crate) after: String,
}

/// What the journal says: the edition published and every file, relative to the content
/// folder.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    edition: String,
    files: Vec<JournalFile>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JournalFile {
    /// `<edition>/edition.yaml`.
    path: String,
    before: String,
    after: String,
}

/// Replaces every file of `changes` (all in edition folders of `content`), or none; once
/// the journal is written, a later run finishes what an interrupted one began.
pub(crate) fn write_all(content: &Path, edition: &str, changes: &[FileChange]) -> Result<()> {
    let lock = FileLock::create_new(content, LOCK_PREFIX, LOCK_SUFFIX)?;
    if other_lock_held(content, lock.path()) {
        lock.remove();
        anyhow::bail!(
            "another pjece is publishing an edition of {} right now; try again when it is done",
            content.display()
        );
    }
    let written = write_temporaries(changes).and_then(|temporaries| {
        crate::pause::step("publish.temporaries-written");
        write_journal(content, edition, changes).map(|()| temporaries)
    });
    let temporaries = match written {
        Ok(temporaries) => temporaries,
        Err(e) => {
            remove_quietly(changes.iter().map(|c| temporary_of(&c.path)));
            remove_quietly([content.join(JOURNAL), journal_temporary(content)]);
            lock.remove();
            return Err(e);
        }
    };
    for (i, (change, temporary)) in changes.iter().zip(&temporaries).enumerate() {
        if let Err(e) = crate::fsx::rename(temporary, &change.path) {
            // Nothing half-done stays behind: the files already replaced get their old text.
            for done in &changes[..i] {
                let _ = replace(&done.path, &done.before);
            }
            remove_quietly(temporaries[i..].iter().cloned());
            remove_quietly([content.join(JOURNAL)]);
            lock.remove();
            return Err(e);
        }
        if i == 0 {
            crate::pause::step("publish.renamed-first");
        }
    }
    sync_dir(content);
    remove_file(&content.join(JOURNAL))?;
    lock.remove();
    Ok(())
}

fn write_temporaries(changes: &[FileChange]) -> Result<Vec<PathBuf>> {
    changes
        .iter()
        .map(|change| {
            let temporary = temporary_of(&change.path);
            write_synced(&temporary, &change.after)?;
            Ok(temporary)
        })
        .collect()
}

fn write_journal(content: &Path, edition: &str, changes: &[FileChange]) -> Result<()> {
    let files = changes
        .iter()
        .map(|c| {
            let path = c
                .path
                .strip_prefix(content)
                .ok()
                .and_then(journal_path)
                .with_context(|| format!("{} is not in {}", c.path.display(), content.display()))?;
            Ok(JournalFile {
                path,
                before: c.before.clone(),
                after: c.after.clone(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let journal = Journal {
        edition: edition.to_string(),
        files,
    };
    let text = serde_json::to_string_pretty(&journal)?;
    let temporary = journal_temporary(content);
    write_synced(&temporary, &text)?;
    crate::fsx::rename(&temporary, &content.join(JOURNAL))?;
    sync_dir(content);
    Ok(())
}

/// Finishes or undoes what an interrupted `pjece edition publish` left in `config`'s content
/// folder; one line on stderr says which. Nothing when no publish was interrupted.
pub(crate) fn finish_interrupted(config: &SiteConfig) -> Result<()> {
    let content = config.content_dir();
    let journal = content.join(JOURNAL);
    let temporaries = leftover_temporaries(&content);
    let locks = lock_files(&content);
    if !journal.exists() && temporaries.is_empty() && locks.is_empty() {
        return Ok(());
    }
    // Our own lock first, then the others': of a publish and a recovery starting at once, at
    // least one sees the other.
    let own = FileLock::create_new(&content, LOCK_PREFIX, LOCK_SUFFIX)?;
    let mut abandoned = Vec::new();
    for path in locks {
        match FileLock::take_abandoned(&path) {
            Some(lock) => abandoned.push(lock),
            None if path.exists() => {
                own.remove();
                return Ok(()); // a running pjece is publishing; its files are its own
            }
            None => {}
        }
    }
    let shown = |path: &Path| config.display(path).display().to_string();
    if journal.exists() {
        let note = settle_journal(&content, &journal, &shown)?;
        eprintln!("note: {note}");
    } else if !temporaries.is_empty() {
        let names: Vec<String> = temporaries.iter().map(|t| shown(t)).collect();
        eprintln!(
            "note: an interrupted `pjece edition publish` had changed nothing and was rolled back: removed {}",
            names.join(", ")
        );
    }
    remove_quietly(leftover_temporaries(&content));
    remove_quietly([journal_temporary(&content)]);
    abandoned.into_iter().for_each(FileLock::remove);
    own.remove();
    Ok(())
}

/// Completes the journal's publish, or leaves the files when one was changed since; returns
/// what was done, in words. The journal is gone afterwards.
fn settle_journal(
    content: &Path,
    journal_path: &Path,
    shown: &dyn Fn(&Path) -> String,
) -> Result<String> {
    let text = crate::fsx::read_to_string(journal_path)?;
    let journal: Journal = serde_json::from_str(&text)
        .ok()
        .filter(|j: &Journal| j.files.iter().all(|f| journal_path_is_safe(&f.path)))
        .with_context(|| {
            format!(
                "{} is not a journal pjece can read; check `status:` in the editions' edition.yaml files (`pjece check` says what is wrong), then delete it",
                shown(journal_path)
            )
        })?;
    let files: Vec<(PathBuf, &JournalFile)> = journal
        .files
        .iter()
        .map(|f| (content.join(&f.path), f))
        .collect();
    let changed: Vec<String> = files
        .iter()
        .filter(|(path, f)| {
            let now = std::fs::read_to_string(path).unwrap_or_default();
            now != f.before && now != f.after
        })
        .map(|(path, _)| shown(path))
        .collect();
    let names: Vec<String> = files.iter().map(|(path, _)| shown(path)).collect();
    let note = if changed.is_empty() {
        for (path, f) in &files {
            if std::fs::read_to_string(path).ok().as_deref() != Some(f.after.as_str()) {
                replace(path, &f.after)?;
            }
        }
        format!(
            "an interrupted `pjece edition publish {}` was completed: {} now say what it wrote",
            journal.edition,
            names.join(" and ")
        )
    } else {
        format!(
            "an interrupted `pjece edition publish {}` was not completed, since {} changed after it; check `status:` in {}",
            journal.edition,
            changed.join(" and "),
            names.join(" and ")
        )
    };
    sync_dir(content);
    remove_file(journal_path)?;
    Ok(note)
}

/// `path` gets `text` whole: written beside it, then renamed over it.
fn replace(path: &Path, text: &str) -> Result<()> {
    let temporary = temporary_of(path);
    write_synced(&temporary, text)?;
    crate::fsx::rename(&temporary, path)
}

fn remove_file(path: &Path) -> Result<()> {
    std::fs::remove_file(path).with_context(|| format!("could not remove {}", path.display()))
}

fn write_synced(path: &Path, text: &str) -> Result<()> {
    let mut file = std::fs::File::create(path)
        .with_context(|| format!("could not create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("could not write {}", path.display()))
}

/// Makes the renames in `dir` durable before the next step relies on them; where a folder
/// cannot be synced, the step goes on as before.
fn sync_dir(dir: &Path) {
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

fn temporary_of(path: &Path) -> PathBuf {
    path.with_file_name(TEMPORARIES[0])
}

fn journal_temporary(content: &Path) -> PathBuf {
    content.join(format!("{JOURNAL}.pjece-new"))
}

/// `<edition>/edition.yaml` written with `/`, for a path inside the content folder.
fn journal_path(relative: &Path) -> Option<String> {
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let path = parts.join("/");
    journal_path_is_safe(&path).then_some(path)
}

/// Only an `edition.yaml` in a folder of the content folder is ever written from a journal.
fn journal_path_is_safe(path: &str) -> bool {
    match path.split('/').collect::<Vec<_>>().as_slice() {
        [folder, "edition.yaml"] => !folder.is_empty() && *folder != "." && *folder != "..",
        _ => false,
    }
}

/// The temporaries of `edition.yaml` in the edition folders of `content`.
fn leftover_temporaries(content: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(content) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .flat_map(|e| TEMPORARIES.map(|name| e.path().join(name)))
        .filter(|path| path.is_file())
        .collect();
    found.sort();
    found
}

fn lock_files(content: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(content) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.starts_with(LOCK_PREFIX) && name.ends_with(LOCK_SUFFIX)
        })
        .map(|e| e.path())
        .collect()
}

/// Whether a lock file other than `own` is held by a running process. Told apart by name:
/// both are in `content`, and `own` may be spelt from the root (the lock file's path is made
/// absolute when `content` is relative, as with `--root site`).
fn other_lock_held(content: &Path, own: &Path) -> bool {
    lock_files(content)
        .into_iter()
        .filter(|path| path.file_name() != own.file_name())
        .any(|path| match FileLock::take_abandoned(&path) {
            Some(_) => false, // dropped again: its remover is whoever finds it next
            None => path.exists(),
        })
}

fn remove_quietly(paths: impl IntoIterator<Item = PathBuf>) {
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_edition_files_of_the_content_folder_are_journalled() {
        assert_eq!(
            journal_path(Path::new("udgave-2/edition.yaml")).as_deref(),
            Some("udgave-2/edition.yaml")
        );
        for unsafe_path in [
            "../site.yaml",
            "edition.yaml",
            "a/b/edition.yaml",
            "../edition.yaml",
        ] {
            assert!(!journal_path_is_safe(unsafe_path), "{unsafe_path}");
        }
    }
}
