//! Which files the editor may read and write: sources inside the site's content folder, and
//! nothing else, whatever a request names.
//!
//! A request names a file as pjece's messages do, relative to the site folder with `/`
//! (`content/udgave-2/gode-raad.md`). It is refused unless every part of it is a plain name
//! (no `..`, no absolute path, no `\`), it lies below the content folder, no part of it is
//! hidden (`.git`, `.pjece`), its kind is one the request may touch (a page, an edition's
//! YAML, an image), and no folder on the way and not the file itself is a symlink: a write
//! through a link could reach anywhere. Writes replace the file in one step
//! ([`crate::fsx::write_atomically`]), which replaces a link rather than following it.

use crate::config::Language;
use std::path::{Component, Path, PathBuf};

/// The largest text the editor saves (a page, a YAML file).
pub(crate) const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// The largest image it accepts.
pub(crate) const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// What a file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Page,
    Yaml,
    Image,
}

impl Kind {
    fn of(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "md" => Some(Kind::Page),
            "yaml" | "yml" => Some(Kind::Yaml),
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" => Some(Kind::Image),
            _ => None,
        }
    }
}

/// A file below the content folder that the editor may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    /// As messages name it: `content/…/x.md`.
    pub(crate) shown: String,
    /// `shown` below the site folder.
    pub(crate) path: PathBuf,
    pub(crate) kind: Kind,
}

/// Why a named file is not one the editor touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// `..`, an absolute path, a `\`, an empty or odd name.
    NotAName,
    /// Not below the content folder.
    Outside,
    /// A hidden file or folder on the way.
    Hidden,
    /// Not a kind the request may touch.
    WrongKind,
    /// A symlink on the way.
    Symlink,
}

impl Refused {
    pub(crate) fn message(self, language: Language) -> &'static str {
        match (self, language) {
            (Refused::NotAName, Language::Da) => {
                "filnavnet kan ikke bruges: kun navne i mapper, uden `..`"
            }
            (Refused::NotAName, Language::En) => {
                "the file name cannot be used: names of folders and files only, no `..`"
            }
            (Refused::Outside, Language::Da) => "editoren ændrer kun filer i indholdsmappen",
            (Refused::Outside, Language::En) => {
                "the editor changes files in the content folder only"
            }
            (Refused::Hidden, Language::Da) => "skjulte filer og mapper ændres ikke",
            (Refused::Hidden, Language::En) => "hidden files and folders are not changed",
            (Refused::WrongKind, Language::Da) => {
                "den slags fil ændrer editoren ikke (kun sider, udgavens YAML og billeder)"
            }
            (Refused::WrongKind, Language::En) => {
                "the editor does not change this kind of file (pages, edition YAML and images only)"
            }
            (Refused::Symlink, Language::Da) => {
                "filen eller en mappe på vejen er en genvej (symlink); den ændres ikke"
            }
            (Refused::Symlink, Language::En) => {
                "the file or a folder on its way is a symlink; it is not changed"
            }
        }
    }
}

/// The site folder and its content folder, which every named file is checked against.
#[derive(Debug, Clone)]
pub(crate) struct ContentFolder {
    site: PathBuf,
    /// The content folder relative to the site folder, as names (`["content"]`).
    content: Vec<String>,
}

impl ContentFolder {
    pub(crate) fn new(site: &Path, content: &Path) -> ContentFolder {
        let relative = content.strip_prefix(site).unwrap_or(content);
        ContentFolder {
            site: site.to_path_buf(),
            content: relative
                .components()
                .filter_map(|c| match c {
                    Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect(),
        }
    }

    /// `shown` as a file the editor may touch, of one of `kinds`.
    pub(crate) fn source(&self, shown: &str, kinds: &[Kind]) -> Result<Source, Refused> {
        let names = names(shown)?;
        if names.len() <= self.content.len() || names[..self.content.len()] != self.content[..] {
            return Err(Refused::Outside);
        }
        if names.iter().any(|n| n.starts_with('.')) {
            return Err(Refused::Hidden);
        }
        let kind = Kind::of(names.last().map_or("", |n| n.as_str())).ok_or(Refused::WrongKind)?;
        if !kinds.contains(&kind) {
            return Err(Refused::WrongKind);
        }
        let path = names.iter().fold(self.site.clone(), |p, n| p.join(n));
        self.refuse_symlinks(&names)?;
        Ok(Source {
            shown: names.join("/"),
            path,
            kind,
        })
    }

    /// A folder below the content folder (an edition's), checked as [`Self::source`] checks
    /// a file.
    pub(crate) fn folder(&self, shown: &str) -> Result<PathBuf, Refused> {
        let names = names(shown)?;
        if names.len() <= self.content.len() || names[..self.content.len()] != self.content[..] {
            return Err(Refused::Outside);
        }
        if names.iter().any(|n| n.starts_with('.')) {
            return Err(Refused::Hidden);
        }
        self.refuse_symlinks(&names)?;
        Ok(names.iter().fold(self.site.clone(), |p, n| p.join(n)))
    }

    /// Every folder below the site folder on the way to the file, and the file, must not be
    /// symlinks (a missing file is fine: it is about to be made).
    fn refuse_symlinks(&self, names: &[String]) -> Result<(), Refused> {
        let mut path = self.site.clone();
        for name in names {
            path.push(name);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => return Err(Refused::Symlink),
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(())
    }
}

/// The parts of a slash-separated relative name, each a plain name.
fn names(shown: &str) -> Result<Vec<String>, Refused> {
    if shown.is_empty() || shown.contains('\\') || shown.contains('\0') || shown.len() > 1024 {
        return Err(Refused::NotAName);
    }
    let parts: Vec<String> = shown.split('/').map(str::to_string).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p == "." || p == ".." || p.contains(':'))
    {
        return Err(Refused::NotAName);
    }
    Ok(parts)
}

/// A hash of a file's bytes: what the editor compares to see whether the file changed on
/// disk since it was opened.
pub(crate) fn version(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, ContentFolder) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/e1")).unwrap();
        std::fs::write(dir.path().join("content/e1/a.md"), "x").unwrap();
        let folder = ContentFolder::new(dir.path(), &dir.path().join("content"));
        (dir, folder)
    }

    #[test]
    fn names_below_the_content_folder_of_the_right_kind_are_sources() {
        let (dir, folder) = folder();
        let source = folder.source("content/e1/a.md", &[Kind::Page]).unwrap();
        assert_eq!(source.path, dir.path().join("content/e1/a.md"));
        assert_eq!(source.kind, Kind::Page);
        assert!(folder.source("content/e1/ny.md", &[Kind::Page]).is_ok());
    }

    #[test]
    fn traversal_absolute_hidden_other_kinds_and_outside_are_refused() {
        let (_dir, folder) = folder();
        let page = [Kind::Page];
        for (name, why) in [
            ("content/../site.yaml", Refused::NotAName),
            ("content/e1/../../site.yaml", Refused::NotAName),
            ("/etc/passwd", Refused::NotAName),
            ("content\\e1\\a.md", Refused::NotAName),
            ("C:/x.md", Refused::NotAName),
            ("", Refused::NotAName),
            ("site.yaml", Refused::Outside),
            ("themes/x.md", Refused::Outside),
            ("content", Refused::Outside),
            ("content/.git/config.md", Refused::Hidden),
            ("content/e1/.a.md", Refused::Hidden),
            ("content/e1/a.html", Refused::WrongKind),
            ("content/e1/edition.yaml", Refused::WrongKind),
        ] {
            assert_eq!(folder.source(name, &page), Err(why), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_on_the_way_or_at_the_file_is_refused() {
        let (dir, folder) = folder();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/ud")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("content/e1/b.md")).unwrap();
        assert_eq!(
            folder.source("content/ud/x.md", &[Kind::Page]),
            Err(Refused::Symlink)
        );
        assert_eq!(
            folder.source("content/e1/b.md", &[Kind::Page]),
            Err(Refused::Symlink)
        );
    }
}
