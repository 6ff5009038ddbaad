//! Printed PDFs kept between builds, so an unchanged leaflet (every archived edition, and
//! the current one until its text changes) is printed once and then reused.
//!
//! A PDF is stored under a [`Key`]: a SHA-256 over everything that shapes it: the leaflet
//! page's HTML bytes, the theme's fonts, the layout file, the logo, the print options, the
//! bleed, the date written into the PDF (`SOURCE_DATE_EPOCH` or the edition's date) and
//! pjece's version. Anything else changing makes a new key, so a stale PDF is
//! never served; old entries are simply not found again, and `pjece clean` removes them all.
//! The browser's own version is left out on purpose: a plain `pjece build` must find the
//! PDFs without starting (or even having) a browser.
//!
//! Where the cache lives is asked of [`crate::address`]. Entries are written to a temporary
//! name and renamed, so a build that is interrupted never leaves half a PDF under a key.
//!
//! Nothing in the cache is trusted as found: beside each PDF its SHA-256 and length are
//! recorded (`<key>.pdf.sha256`), and an entry is used only if it is a regular file (not a
//! link to some other file) whose bytes still match that record. A truncated, edited or
//! swapped entry is removed and the leaflet printed again; it is never published.

use crate::address::Addresses;
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a printed PDF is a function of, as a hex digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(String);

impl Key {
    /// The key of a PDF made from `parts`, each length-prefixed so that no two different
    /// lists hash alike.
    pub(super) fn of(parts: &[&[u8]]) -> Key {
        let mut hash = Sha256::new();
        for part in parts {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        Key(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The cache folder of one site.
#[derive(Debug, Clone)]
pub struct PdfCache {
    dir: PathBuf,
}

impl PdfCache {
    /// The cache of the site in `root`.
    pub fn of_site(root: &Path) -> PdfCache {
        PdfCache {
            dir: Addresses::pdf_cache(root),
        }
    }

    /// The stored PDF for `key`, if there is one and it is whole: a regular file whose bytes
    /// match the record stored beside it. An entry that fails is removed, so that the PDF is
    /// printed and stored again.
    pub fn get(&self, key: &Key) -> Option<PathBuf> {
        let path = Addresses::cached_pdf(&self.dir, key.as_str());
        if !path.exists() && std::fs::symlink_metadata(&path).is_err() {
            return None;
        }
        if Record::of_file(&path).is_some_and(|found| Record::stored_for(&path) == Some(found)) {
            return Some(path);
        }
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(record_path(&path));
        None
    }

    /// Stores a copy of the PDF at `pdf` under `key`.
    pub fn put(&self, key: &Key, pdf: &Path) -> Result<()> {
        crate::fsx::create_dir_all(&self.dir)?;
        let target = Addresses::cached_pdf(&self.dir, key.as_str());
        let partial = target.with_extension(format!("partial-{}", std::process::id()));
        let record = Record::of_file(pdf)
            .with_context(|| format!("{} is not a regular file", pdf.display()))?;
        // The record first: a PDF without its record is never used, one with it is whole.
        std::fs::write(&partial, record.to_string())
            .and_then(|_| std::fs::rename(&partial, record_path(&target)))
            .and_then(|_| std::fs::copy(pdf, &partial))
            .and_then(|_| std::fs::rename(&partial, &target))
            .with_context(|| {
                format!(
                    "storing {} in the PDF cache {}",
                    pdf.display(),
                    self.dir.display()
                )
            })
    }
}

/// What a stored PDF must still be: its length and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Record {
    length: u64,
    sha256: String,
}

impl Record {
    /// The record of the regular file at `path`, read without following a symbolic link.
    fn of_file(path: &Path) -> Option<Record> {
        use std::io::Read;
        let mut file = open_regular(path)?;
        let mut hash = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        let mut length = 0u64;
        loop {
            let n = file.read(&mut buffer).ok()?;
            if n == 0 {
                break;
            }
            length += n as u64;
            hash.update(&buffer[..n]);
        }
        Some(Record {
            length,
            sha256: hash.finalize().iter().map(|b| format!("{b:02x}")).collect(),
        })
    }

    /// The record stored beside the cached PDF at `pdf`.
    fn stored_for(pdf: &Path) -> Option<Record> {
        use std::io::Read;
        let mut text = String::new();
        open_regular(&record_path(pdf))?
            .take(1024)
            .read_to_string(&mut text)
            .ok()?;
        let (length, sha256) = text.trim_end().split_once(' ')?;
        Some(Record {
            length: length.parse().ok()?,
            sha256: sha256.to_string(),
        })
    }
}

impl std::fmt::Display for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} {}", self.length, self.sha256)
    }
}

/// `<key>.pdf.sha256` beside `<key>.pdf`.
fn record_path(pdf: &Path) -> PathBuf {
    let mut name = pdf.file_name().unwrap_or_default().to_os_string();
    name.push(".sha256");
    pdf.with_file_name(name)
}

/// Opens `path` for reading if it is a regular file itself, not a link to one.
fn open_regular(path: &Path) -> Option<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path).ok()?;
    let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
        && file.metadata().is_ok_and(|m| m.is_file());
    regular.then_some(file)
}

/// Empties the PDF cache of the site in `root`; returns the folder removed, if there was one.
pub fn clean(root: &Path) -> Result<Option<PathBuf>> {
    let dir = Addresses::cache_root(root);
    if !dir.exists() {
        return Ok(None);
    }
    crate::fsx::remove_dir_all(&dir)?;
    Ok(Some(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_when_any_part_or_its_boundaries_differ() {
        let a = Key::of(&[b"ab", b"c"]);
        assert_eq!(a, Key::of(&[b"ab", b"c"]));
        assert_ne!(a, Key::of(&[b"a", b"bc"]));
        assert_ne!(a, Key::of(&[b"ab", b"d"]));
        assert_eq!(a.as_str().len(), 64);
    }

    #[test]
    fn a_stored_pdf_is_found_under_its_key_and_clean_removes_it() {
        let site = tempfile::tempdir().unwrap();
        let pdf = site.path().join("x.pdf");
        std::fs::write(&pdf, b"%PDF-1.7").unwrap();
        let cache = PdfCache::of_site(site.path());
        let key = Key::of(&[b"x"]);
        assert!(cache.get(&key).is_none());
        cache.put(&key, &pdf).unwrap();
        assert_eq!(
            std::fs::read(cache.get(&key).unwrap()).unwrap(),
            b"%PDF-1.7"
        );
        assert!(clean(site.path()).unwrap().is_some());
        assert!(cache.get(&key).is_none());
        assert!(clean(site.path()).unwrap().is_none());
    }

    /// Issue 21: a truncated entry, an entry swapped for a link to another file, and an
    /// entry without its record are not used, and are removed.
    #[test]
    fn an_entry_that_no_longer_matches_its_record_is_not_used_and_is_removed() {
        let site = tempfile::tempdir().unwrap();
        let pdf = site.path().join("x.pdf");
        std::fs::write(&pdf, b"%PDF-1.7 whole").unwrap();
        let secret = site.path().join("secret.txt");
        std::fs::write(&secret, b"%PDF-1.7 whole").unwrap();
        let cache = PdfCache::of_site(site.path());
        let key = Key::of(&[b"x"]);
        let stored = Addresses::cached_pdf(&cache.dir, key.as_str());

        cache.put(&key, &pdf).unwrap();
        std::fs::write(&stored, b"%PDF-1.7 wh").unwrap();
        assert!(cache.get(&key).is_none(), "truncated");
        assert!(!stored.exists() && !record_path(&stored).exists());

        cache.put(&key, &pdf).unwrap();
        std::fs::remove_file(&stored).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&secret, &stored).unwrap();
        assert!(cache.get(&key).is_none(), "a link, even to the same bytes");
        assert!(secret.exists(), "the link's target is left alone");
        assert!(std::fs::symlink_metadata(&stored).is_err());

        cache.put(&key, &pdf).unwrap();
        std::fs::remove_file(record_path(&stored)).unwrap();
        assert!(cache.get(&key).is_none(), "no record");

        cache.put(&key, &pdf).unwrap();
        assert_eq!(cache.get(&key), Some(stored));
    }
}
