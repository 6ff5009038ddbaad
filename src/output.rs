//! Writing the output folder atomically.
//!
//! The new site is written into a fresh sibling folder (`.public.pjece-new-<pid>`), then
//! swapped in with renames, so readers of `public/` see the old site or the new one, never a
//! mix, and a failed build leaves the previous output untouched. pjece marks folders it
//! creates with a `.pjece-output` file and refuses to replace any non-empty folder without
//! that mark: it must never delete someone's files because `--out` was mistyped.

use crate::diagnostic::UsageError;
use crate::fsx;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The mark pjece leaves in every output folder it writes.
pub const MARKER: &str = ".pjece-output";

/// The bytes of one output file, or the source file to copy them from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// One file of the built site, at `path` relative to the output folder (slash-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes.into()),
        }
    }
}

/// Replaces `out` with a folder holding exactly `files`.
pub fn replace_dir(out: &Path, files: &[OutputFile]) -> Result<()> {
    replace_dir_with(out, files, |_| Ok(()))
}

/// Like [`replace_dir`], but runs `finish` on the fresh folder before it is swapped in
/// (printing PDFs, measuring leaflets); if `finish` fails, the old output stays.
pub fn replace_dir_with(
    out: &Path,
    files: &[OutputFile],
    finish: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    check_replaceable(out)?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fsx::create_dir_all(parent)?;
    let name = out
        .file_name()
        .context("the output folder needs a name")?
        .to_string_lossy()
        .to_string();
    let fresh = parent.join(format!(".{name}.pjece-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.pjece-old-{}", std::process::id()));
    if fresh.exists() {
        fsx::remove_dir_all(&fresh)?;
    }
    if let Err(e) = write_all(&fresh, files).and_then(|()| finish(&fresh)) {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e);
    }
    swap_in(&fresh, out, &old)
}

fn check_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(UsageError(format!(
            "{} exists and is not a folder; pjece will not replace it",
            out.display()
        ))
        .into());
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("could not read {}", out.display()))?
        .next()
        .is_none();
    if empty || out.join(MARKER).is_file() {
        return Ok(());
    }
    Err(UsageError(format!(
        "{} already exists and was not written by pjece; refusing to replace it\n  hint: choose another folder with --out, or move that folder away",
        out.display()
    ))
    .into())
}

pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    fsx::create_dir_all(dir)?;
    fsx::write(
        &dir.join(MARKER),
        b"This folder is written by pjece and replaced on every build.\n",
    )?;
    for file in files {
        let target = dir.join(&file.path);
        match &file.contents {
            Contents::Bytes(bytes) => fsx::write(&target, bytes)?,
            Contents::Copy(source) => {
                if let Some(parent) = target.parent() {
                    fsx::create_dir_all(parent)?;
                }
                std::fs::copy(source, &target).with_context(|| {
                    format!(
                        "could not copy {} to {}",
                        source.display(),
                        target.display()
                    )
                })?;
            }
        }
    }
    Ok(())
}

/// Moves the old output aside, the new one into place, then deletes the old one; puts the
/// old one back if the second rename fails.
fn swap_in(fresh: &Path, out: &Path, old: &Path) -> Result<()> {
    if !out.exists() {
        return fsx::rename(fresh, out);
    }
    fsx::rename(out, old)?;
    if let Err(e) = fsx::rename(fresh, out) {
        fsx::rename(old, out)?;
        let _ = std::fs::remove_dir_all(fresh);
        return Err(e);
    }
    fsx::remove_dir_all(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_its_own_output_and_refuses_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        replace_dir(&out, &[OutputFile::bytes("a/index.html", "1")]).unwrap();
        replace_dir(&out, &[OutputFile::bytes("b.html", "2")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "2");

        let foreign = tmp.path().join("documents");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("vigtig.txt"), "x").unwrap();
        let err = replace_dir(&foreign, &[OutputFile::bytes("b.html", "2")]).unwrap_err();
        assert!(err.to_string().contains("not written by pjece"), "{err}");
        assert!(foreign.join("vigtig.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        replace_dir(&out, &[OutputFile::bytes("index.html", "old")]).unwrap();
        let missing = OutputFile {
            path: "x.png".into(),
            contents: Contents::Copy(tmp.path().join("nope.png")),
        };
        assert!(replace_dir(&out, &[OutputFile::bytes("index.html", "new"), missing]).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
