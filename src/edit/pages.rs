//! New, renamed and deleted pages, each checked before anything is written.
//!
//! - A new page's file name comes from its title (`Gode råd` → `gode-raad.md`), and it gets
//!   an `id:` from the start, so renaming it later keeps its identity.
//! - A rename stays in the page's folder and keeps the page's `id` (writing the old one into
//!   the front matter first when it has none): pjece then sends the old address on to the
//!   new one, as it does for any page whose file moved between editions.
//! - A deleted page is moved to `.pjece/slettet/<time>/` in the site folder (hidden, so
//!   neither built nor watched), never destroyed: a mistake is undone by moving it back.
//!   Before, [`delete_consequences`] says what deleting means for readers and for the pages
//!   that link to it.

use super::fields::{body_of, read_front_matter_fields, set_front_matter_fields, Field};
use crate::config::Language;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Makes `<slug of title>.md` in the edition folder `dir`; its path.
pub(crate) fn new_page(dir: &Path, title: &str, language: Language) -> Result<PathBuf> {
    let title = title.trim();
    let slug = crate::slug::slugify(title);
    if slug.is_empty() {
        bail!(match language {
            Language::Da => "giv siden en titel med bogstaver eller tal",
            Language::En => "give the page a title with letters or digits",
        });
    }
    let file = dir.join(format!("{slug}.md"));
    if file.exists() || slug == "index" {
        bail!(match language {
            Language::Da =>
                format!("der er allerede en side, der hedder {slug}.md; vælg en anden titel"),
            Language::En =>
                format!("there already is a page called {slug}.md; choose another title"),
        });
    }
    let first_line = match language {
        Language::Da => "Skriv sidens tekst her.",
        Language::En => "Write the page's text here.",
    };
    let text = set_front_matter_fields(
        &file,
        &format!("{first_line}\n"),
        &[
            Field {
                key: "title",
                value: Some(title),
            },
            Field {
                key: "id",
                value: Some(&slug),
            },
        ],
    )?;
    crate::fsx::write_atomically(&file, text.as_bytes())?;
    Ok(file)
}

/// Renames the page `file` to `<new_stem>.md` in its folder, keeping its `id`; the new path.
pub(crate) fn rename_page(file: &Path, new_stem: &str, language: Language) -> Result<PathBuf> {
    let new_stem = new_stem.trim();
    let slug = crate::slug::slugify(new_stem);
    if slug.is_empty() || slug != new_stem {
        bail!(match language {
            Language::Da =>
                format!("`{new_stem}` kan ikke bruges i en webadresse; skriv fx `{slug}`"),
            Language::En =>
                format!("`{new_stem}` cannot be used in a web address; write e.g. `{slug}`"),
        });
    }
    if file.file_name().is_some_and(|n| n == "index.md") || slug == "index" {
        bail!(match language {
            Language::Da => "forsiden (index.md) kan ikke omdøbes: den er udgavens adresse",
            Language::En =>
                "the front page (index.md) cannot be renamed: it is the edition's address",
        });
    }
    let target = file.with_file_name(format!("{slug}.md"));
    if target.exists() {
        bail!(match language {
            Language::Da => format!("der er allerede en side, der hedder {slug}.md"),
            Language::En => format!("there already is a page called {slug}.md"),
        });
    }
    keep_identity(file)?;
    crate::fsx::rename(file, &target)?;
    Ok(target)
}

/// Writes the page's own `id` (its path in the edition without `.md`) into its front
/// matter, if it has none: the id is what ties the old address to the new file.
fn keep_identity(file: &Path) -> Result<()> {
    let text = crate::fsx::read_to_string(file)?;
    if read_front_matter_fields(file, &text, &["id"])?.contains_key("id") {
        return Ok(());
    }
    let edition = edition_folder(file).context("the page is in no edition folder")?;
    let id = crate::fsx::slash_path(&edition, file);
    let id = id.strip_suffix(".md").unwrap_or(&id);
    let edited = set_front_matter_fields(
        file,
        &text,
        &[Field {
            key: "id",
            value: Some(id),
        }],
    )?;
    crate::fsx::write_atomically(file, edited.as_bytes())
}

/// The folder of the edition `file` is in: the nearest one above it with an `edition.yaml`.
fn edition_folder(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .find(|dir| dir.join("edition.yaml").is_file())
        .map(Path::to_path_buf)
}

/// What deleting the page `file` means, a sentence each, in the site's language.
pub(crate) fn delete_consequences(
    root: &Path,
    file: &Path,
    language: Language,
) -> Result<Vec<String>> {
    if file.file_name().is_some_and(|n| n == "index.md") {
        bail!(match language {
            Language::Da => "forsiden (index.md) kan ikke slettes: den er udgavens adresse",
            Language::En =>
                "the front page (index.md) cannot be deleted: it is the edition's address",
        });
    }
    let edition = edition_folder(file).context("the page is in no edition folder")?;
    let status = crate::fsx::read_to_string(&edition.join("edition.yaml"))
        .ok()
        .and_then(|t| super::fields::read_fields(file, &t, &["status"]).ok())
        .and_then(|f| f.get("status").cloned())
        .unwrap_or_default();
    let mut said = vec![match (status == "draft", language) {
        (true, Language::Da) => "Udgaven er en kladde: ingen udgivet adresse ændres.".to_string(),
        (true, Language::En) => "The edition is a draft: no published address changes.".to_string(),
        (false, Language::Da) => "Sidens adresse er udgivet: den vil vise en forklaring om, at siden er fjernet, og henvise til udgaven.".to_string(),
        (false, Language::En) => "The page's address is published: it will show an explanation that the page was removed, pointing to the edition.".to_string(),
    }];
    for (other, line) in links_to(&edition, file) {
        let shown = crate::fsx::slash_path(root, &other);
        said.push(match language {
            Language::Da => format!(
                "{shown}:{line} linker til siden; ret linket, ellers kan sitet ikke bygges."
            ),
            Language::En => format!(
                "{shown}:{line} links to the page; change the link, or the site cannot be built."
            ),
        });
    }
    let kept = match language {
        Language::Da => "Siden gemmes i mappen .pjece/slettet/ i sitets mappe, så den kan hentes tilbage.",
        Language::En => "The page is kept in the folder .pjece/slettet/ of the site folder, so it can be brought back.",
    };
    said.push(kept.to_string());
    Ok(said)
}

/// Every page of the edition whose Markdown links to `file`, with the line of the link.
fn links_to(edition: &Path, file: &Path) -> Vec<(PathBuf, usize)> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(edition)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let path = entry.path();
        if path == file || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let (body, offset) = body_of(&text);
        for (i, line) in body.lines().enumerate() {
            if links_to_name(line, &name) {
                found.push((path.to_path_buf(), offset + i + 1));
            }
        }
    }
    found.sort();
    found
}

/// Whether a Markdown line holds a link whose target ends in `name` (`](gode-raad.md)`,
/// `](../e1/gode-raad.md#x)`, `]: gode-raad.md`).
fn links_to_name(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let before = &line[..at];
        let after = &line[at + name.len()..];
        let target_start = before
            .rfind("](")
            .map(|i| i + 2)
            .or_else(|| before.rfind("]: ").map(|i| i + 3));
        let ends = after.is_empty() || after.starts_with([')', '#', ' ', '"']);
        target_start.is_some_and(|s| !before[s..].contains([' ', ')'])) && ends
    })
}

/// Moves the page `file` into `.pjece/slettet/<seconds since 1970>/` below the site folder
/// `root`, keeping its path; where it is now.
pub(crate) fn delete_page(root: &Path, file: &Path, language: Language) -> Result<PathBuf> {
    delete_consequences(root, file, language)?;
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let relative = file.strip_prefix(root).unwrap_or(file);
    let kept = root
        .join(".pjece")
        .join("slettet")
        .join(seconds.to_string())
        .join(relative);
    if let Some(folder) = kept.parent() {
        crate::fsx::create_dir_all(folder)?;
    }
    crate::fsx::rename(file, &kept)?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let e1 = dir.path().join("content/e1");
        std::fs::create_dir_all(&e1).unwrap();
        std::fs::write(
            e1.join("edition.yaml"),
            "label: 1\npublished: 2025-01-01\nstatus: current\n",
        )
        .unwrap();
        std::fs::write(
            e1.join("index.md"),
            "---\ntitle: Forside\n---\nSe [reglerne](regler.md).\n",
        )
        .unwrap();
        std::fs::write(e1.join("regler.md"), "---\ntitle: Regler\n---\nRegler.\n").unwrap();
        dir
    }

    #[test]
    fn a_new_page_is_named_from_its_title_with_an_id() {
        let dir = edition();
        let e1 = dir.path().join("content/e1");
        let file = new_page(&e1, "Gode råd: brug", Language::Da).unwrap();
        assert_eq!(file, e1.join("gode-raad-brug.md"));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "---\ntitle: \"Gode råd: brug\"\nid: gode-raad-brug\n---\nSkriv sidens tekst her.\n"
        );
        let again = new_page(&e1, "Gode råd: brug", Language::Da).unwrap_err();
        assert!(again.to_string().contains("allerede"), "{again}");
    }

    #[test]
    fn a_renamed_page_keeps_its_id() {
        let dir = edition();
        let e1 = dir.path().join("content/e1");
        let new = rename_page(&e1.join("regler.md"), "retningslinjer", Language::Da).unwrap();
        assert_eq!(
            std::fs::read_to_string(&new).unwrap(),
            "---\ntitle: Regler\nid: regler\n---\nRegler.\n"
        );
        assert!(!e1.join("regler.md").exists());
        assert!(rename_page(&new, "Med Mellemrum", Language::Da).is_err());
        assert!(rename_page(&e1.join("index.md"), "x", Language::Da).is_err());
    }

    #[test]
    fn deleting_names_the_links_to_the_page_and_keeps_it() {
        let dir = edition();
        let e1 = dir.path().join("content/e1");
        let said = delete_consequences(dir.path(), &e1.join("regler.md"), Language::Da).unwrap();
        assert!(said[0].contains("forklaring"), "{said:?}");
        assert!(
            said[1].starts_with("content/e1/index.md:4 linker"),
            "{said:?}"
        );
        let kept = delete_page(dir.path(), &e1.join("regler.md"), Language::Da).unwrap();
        assert!(kept.starts_with(dir.path().join(".pjece/slettet")));
        assert!(kept.ends_with("content/e1/regler.md") && kept.is_file());
        assert!(!e1.join("regler.md").exists());
    }

    #[test]
    fn links_are_found_by_their_target() {
        assert!(links_to_name("Se [x](regler.md).", "regler.md"));
        assert!(links_to_name("Se [x](../e1/regler.md#a).", "regler.md"));
        assert!(links_to_name("[x]: regler.md", "regler.md"));
        assert!(!links_to_name("Filen regler.md nævnes.", "regler.md"));
        assert!(!links_to_name("Se [x](gamle-regler.md.bak).", "regler.md"));
    }
}
