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

    /// The stored PDF for `key`, if there is one.
    pub fn get(&self, key: &Key) -> Option<PathBuf> {
        let path = Addresses::cached_pdf(&self.dir, key.as_str());
        path.is_file().then_some(path)
    }

    /// Stores a copy of the PDF at `pdf` under `key`.
    pub fn put(&self, key: &Key, pdf: &Path) -> Result<()> {
        crate::fsx::create_dir_all(&self.dir)?;
        let target = Addresses::cached_pdf(&self.dir, key.as_str());
        let partial = target.with_extension(format!("partial-{}", std::process::id()));
        std::fs::copy(pdf, &partial)
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
}
