//! File-system helpers that put the path into every error.
//!
//! `std::io::Error` alone says "No such file or directory" without saying which; every read and
//! write in pjece goes through here so the message always names the file.

use anyhow::{Context, Result};
use std::path::Path;

pub fn read_to_string(path: &Path) -> Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        anyhow::Error::new(
            crate::diagnostic::SourceError::new(path, "the file is not valid UTF-8")
                .at_offset(&String::from_utf8_lossy(&e.as_bytes()[..offset]), offset)
                .hint(
                    "save the file as UTF-8 (most editors offer this under \"Save with encoding\")",
                ),
        )
    })
}

/// `path` relative to `root`, with `/` between segments on every platform: the form used
/// for page paths, asset paths and theme files throughout pjece.
pub fn slash_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("could not create the folder {}", path.display()))
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("could not rename {} to {}", from.display(), to.display()))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path)
        .with_context(|| format!("could not remove the folder {}", path.display()))
}

pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .with_context(|| format!("could not copy {} to {}", from.display(), to.display()))
}
