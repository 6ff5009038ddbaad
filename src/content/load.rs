//! Loading: walk `content/`, read every edition and page, and build the [`Site`] model.
//!
//! Steps: list edition folders → parse each `edition.yaml` → check the edition rules (exactly
//! one `current`) → read the pages of the editions being built (in parallel) → index them by
//! source path and by id → check that ids and output paths are unique → read the edition's
//! `leaflet.yaml` against its pages. No Markdown is rendered here. All problems found, in
//! every edition, are reported together.

use super::edition::{self, EditionMeta};
use super::front_matter;
use super::leaflet_plan::{self, EditionPages, LeafletPlan};
use super::{Asset, Edition, EditionId, EditionStatus, Page, PageId, Site};
use crate::address::{strip_md_suffix, Addresses};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostics, SourceError};
use crate::slug::slugify;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Files in an edition folder that configure it rather than being copied as assets.
const EDITION_FILES: &[&str] = &[edition::FILE_NAME, leaflet_plan::FILE_NAME];

/// Reads the site's content. Drafts are skipped unless `include_drafts`.
pub fn load(config: SiteConfig, include_drafts: bool) -> Result<Site> {
    load_guideline(config, include_drafts, None)
}

/// Reads the editions in `config`'s content folder: the whole site, or in a portal the
/// guideline `guideline`.
pub(super) fn load_guideline(
    config: SiteConfig,
    include_drafts: bool,
    guideline: Option<super::Guideline>,
) -> Result<Site> {
    let title = guideline
        .as_ref()
        .map_or_else(|| config.title.clone(), |g| g.title.clone());
    let content = config.content_dir();
    if !content.is_dir() {
        return Err(
            SourceError::new(config.display(&content), "the content folder is missing")
                .hint("create content/<edition>/edition.yaml and content/<edition>/index.md")
                .into(),
        );
    }
    // An interrupted `pjece edition publish` is finished (or undone) before anything reads it.
    super::journal::finish_interrupted(&config)?;
    let mut problems = Diagnostics::new();
    let folders = subfolders(&content)?;
    let metas: Vec<(PathBuf, String, EditionMeta)> = folders
        .into_iter()
        .filter_map(|dir| match read_edition_meta(&config, &dir) {
            Ok(found) => Some(found),
            Err(errors) => {
                problems.extend(errors);
                None
            }
        })
        .collect();
    // With an edition.yaml unreadable, "no current edition" would be a consequence, not a
    // cause: report the file, and the rules once every file reads.
    if problems.is_empty() {
        problems.extend(check_edition_rules(&config, &metas));
        problems.extend(check_archived_before_current(&config, &metas));
    }
    let chosen: Vec<_> = metas
        .into_iter()
        .filter(|(_, _, meta)| include_drafts || meta.status != EditionStatus::Draft)
        .collect();
    let loaded: Vec<Result<Edition, Vec<SourceError>>> = chosen
        .into_par_iter()
        .map(|(dir, _, meta)| load_edition(&config, dir, meta, &title))
        .collect();
    let mut editions = Vec::new();
    for result in loaded {
        match result {
            Ok(edition) => editions.push(edition),
            Err(errors) => problems.extend(errors),
        }
    }
    problems.into_result()?;
    editions.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    let current = editions
        .iter()
        .position(|e| e.status == EditionStatus::Current)
        .expect("edition rules guarantee one current edition");
    check_root_collisions(&config, &editions, current)?;
    Ok(Site {
        config,
        guideline,
        editions,
        current,
    })
}

/// An edition as `edition.yaml` describes it, without its pages: for `pjece edition`.
#[derive(Debug, Clone)]
pub struct EditionSummary {
    pub id: EditionId,
    pub dir: PathBuf,
    pub label: String,
    pub published: super::Date,
    pub status: EditionStatus,
}

/// Every edition folder with its `edition.yaml`, oldest first; pages are not read.
pub fn list_editions(config: &SiteConfig) -> Result<Vec<EditionSummary>> {
    let content = config.content_dir();
    if !content.is_dir() {
        return Ok(Vec::new());
    }
    let mut problems = Diagnostics::new();
    let mut editions = Vec::new();
    for dir in subfolders(&content)? {
        match read_edition_meta(config, &dir) {
            Ok((dir, _, meta)) => editions.push(EditionSummary {
                id: EditionId(
                    dir.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .to_string(),
                ),
                dir,
                label: meta.label,
                published: meta.published,
                status: meta.status,
            }),
            Err(errors) => problems.extend(errors),
        }
    }
    problems.into_result()?;
    editions.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    Ok(editions)
}

/// The folders of `content` (edition folders, or a portal's guideline folders), sorted; hidden
/// ones left out.
pub(super) fn subfolders(content: &Path) -> Result<Vec<PathBuf>> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(content)
        .map_err(|e| anyhow::anyhow!("could not read {}: {e}", content.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        if entry.file_type()?.is_dir() && !name.to_string_lossy().starts_with('.') {
            folders.push(entry.path());
        }
    }
    folders.sort();
    Ok(folders)
}

fn read_edition_meta(
    config: &SiteConfig,
    dir: &Path,
) -> Result<(PathBuf, String, EditionMeta), Vec<SourceError>> {
    let path = dir.join(edition::FILE_NAME);
    let shown = config.display(&path);
    let id = dir
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    if !path.is_file() {
        return Err(vec![SourceError::new(
            &shown,
            "every edition folder needs an edition.yaml",
        )
        .hint(
            "create it with `label:`, `published: YYYY-MM-DD`, `status: draft` and `note:`",
        )]);
    }
    if slugify(&id) != id {
        return Err(vec![SourceError::new(
            config.display(dir),
            format!("the edition folder name `{id}` cannot be used in a web address"),
        )
        .hint(format!("rename the folder to `{}`", slugify(&id)))]);
    }
    let text = crate::fsx::read_to_string(&path)
        .map_err(|e| vec![SourceError::new(&shown, format!("{e:#}"))])?;
    let meta = edition::parse(&shown, &text)?;
    Ok((dir.to_path_buf(), text, meta))
}

/// Exactly one edition is current; the others are archived or drafts.
fn check_edition_rules(
    config: &SiteConfig,
    metas: &[(PathBuf, String, EditionMeta)],
) -> Vec<SourceError> {
    let current: Vec<_> = metas
        .iter()
        .filter(|(_, _, m)| m.status == EditionStatus::Current)
        .collect();
    match current.len() {
        1 => Vec::new(),
        0 if metas.is_empty() => vec![SourceError::new(config.display(&config.content_dir()), "there are no editions")
            .hint(format!(
                "create {}/<edition>/edition.yaml with `status: current` and an index.md beside it",
                config.display(&config.content_dir()).display()
            ))],
        0 => vec![SourceError::new(config.display(&config.content_dir()), "no edition has `status: current`")
            .hint(match newest_draft(metas) {
                Some(draft) => format!("to publish the draft, set `status: current` in {}", config.display(&draft.join(edition::FILE_NAME)).display()),
                None => "set `status: current` in the edition.yaml of the edition readers should see".to_string(),
            })],
        _ => current
            .iter()
            .map(|(dir, text, _)| {
                let others: Vec<String> = current
                    .iter()
                    .filter(|(d, _, _)| d != dir)
                    .map(|(d, _, _)| d.file_name().unwrap_or_default().to_string_lossy().to_string())
                    .collect();
                edition::status_error(
                    &config.display(&dir.join(edition::FILE_NAME)),
                    text,
                    format!("more than one edition is current (also: {})", others.join(", ")),
                )
                .hint("publishing a new edition means `status: current` on it and `status: archived` on the old one")
            })
            .collect(),
    }
}

/// The draft published last; with no current edition, the one being published.
fn newest_draft(metas: &[(PathBuf, String, EditionMeta)]) -> Option<&Path> {
    metas
        .iter()
        .filter(|(_, _, m)| m.status == EditionStatus::Draft)
        .max_by_key(|(_, _, m)| m.published)
        .map(|(dir, _, _)| dir.as_path())
}

/// An archived edition dated after the current one is a publication left half done: the new
/// edition was archived instead of the old one, or the new one kept the old one's date.
fn check_archived_before_current(
    config: &SiteConfig,
    metas: &[(PathBuf, String, EditionMeta)],
) -> Vec<SourceError> {
    let Some((current_dir, _, current)) = metas
        .iter()
        .find(|(_, _, m)| m.status == EditionStatus::Current)
    else {
        return Vec::new();
    };
    let name = |dir: &Path| {
        dir.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string()
    };
    metas
        .iter()
        .filter(|(_, _, m)| m.status == EditionStatus::Archived && m.published > current.published)
        .map(|(dir, text, meta)| {
            edition::status_error(
                &config.display(&dir.join(edition::FILE_NAME)),
                text,
                format!(
                    "the archived edition `{}` ({}) is newer than the current edition `{}` ({})",
                    name(dir),
                    meta.published,
                    name(current_dir),
                    current.published
                ),
            )
            .hint("publishing a new edition means `status: current` and today's `published:` date on it, and `status: archived` on the one before")
        })
        .collect()
}

fn load_edition(
    config: &SiteConfig,
    dir: PathBuf,
    meta: EditionMeta,
    title: &str,
) -> Result<Edition, Vec<SourceError>> {
    let id = EditionId(
        dir.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string(),
    );
    let (page_files, asset_files) = walk_edition(config, &dir)?;
    let (mut pages, unreadable, mut errors) = load_pages(config, &page_files);
    if !pages.iter().any(|p| p.path == "index.md") {
        errors.push(
            SourceError::new(
                config.display(&dir),
                format!("edition `{id}` has no front page"),
            )
            .hint("add an index.md with front matter (`title:`) to the edition folder"),
        );
    }
    // Sorted before anything takes an index into `pages`: the indexes and the leaflet plan.
    pages.sort_by(|a, b| {
        let key = |p: &Page| (p.path != "index.md", p.weight, p.path.clone());
        key(a).cmp(&key(b))
    });
    let by_source = index_unique(config, &pages, |p| p.path.clone(), "source", &mut errors);
    let by_id = index_unique(config, &pages, |p| p.id.clone(), "id", &mut errors);
    index_unique(
        config,
        &pages,
        |p| p.url.clone(),
        "web address",
        &mut errors,
    );
    let edition_pages = EditionPages {
        id: &id,
        pages: &pages,
        by_source: &by_source,
        unreadable: &unreadable,
    };
    let leaflet = match load_leaflet_plan(config, &dir, &edition_pages, title) {
        Ok(plan) => plan,
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    if meta.status == EditionStatus::Archived && !meta.reprint {
        if let Some((recorded, problem)) = &meta.fingerprint {
            if *recorded != edition::fingerprint_of(&pages) {
                errors.push(problem.clone());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut assets: Vec<Asset> = asset_files
        .into_iter()
        .map(|(source, path)| Asset { source, path })
        .collect();
    assets.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Edition {
        id,
        label: meta.label,
        published: meta.published,
        status: meta.status,
        note: meta.note,
        note_lines_before: meta.note_lines_before,
        note_indent: meta.note_indent,
        dir,
        pages,
        assets,
        leaflet,
        by_source,
        by_id,
    })
}

/// Reads the pages in parallel: those that loaded, the paths of those that did not, and why.
fn load_pages(config: &SiteConfig, files: &Files) -> (Vec<Page>, Vec<String>, Vec<SourceError>) {
    let results: Vec<Result<Page, Vec<SourceError>>> = files
        .par_iter()
        .map(|(path, rel)| load_page(config, path, rel))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut unreadable = Vec::new();
    let mut errors = Vec::new();
    for (result, (_, rel)) in results.into_iter().zip(files) {
        match result {
            Ok(page) => pages.push(page),
            Err(e) => {
                errors.extend(e);
                unreadable.push(rel.clone());
            }
        }
    }
    (pages, unreadable, errors)
}

/// The edition's `leaflet.yaml`, checked against its pages; `None` without one.
fn load_leaflet_plan(
    config: &SiteConfig,
    dir: &Path,
    pages: &EditionPages<'_>,
    title: &str,
) -> Result<Option<LeafletPlan>, Vec<SourceError>> {
    let path = dir.join(leaflet_plan::FILE_NAME);
    if !path.is_file() {
        return Ok(None);
    }
    let shown = config.display(&path);
    let text = crate::fsx::read_to_string(&path).map_err(|e| vec![as_source_error(&shown, e)])?;
    leaflet_plan::parse(&path, &shown, &text, pages, title).map(Some)
}

type Files = Vec<(PathBuf, String)>;

/// Lists Markdown pages and asset files below an edition folder, with their relative paths.
/// Hidden files and the lock files and backups that editors and office programs leave
/// beside a document are skipped silently: they are never meant to be published. Paths are
/// in Unicode's composed form (NFC): macOS saves "råd" decomposed, and links are typed
/// composed. A symlink is followed only to a file inside the site folder.
fn walk_edition(config: &SiteConfig, dir: &Path) -> Result<(Files, Files), Vec<SourceError>> {
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut errors = Vec::new();
    let site_root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            vec![SourceError::new(
                config.display(dir),
                format!("could not read the folder: {e}"),
            )]
        })?;
        if entry.file_type().is_symlink() {
            let target = entry.path().canonicalize().ok();
            if !target.is_some_and(|t| t.starts_with(&site_root) && t.is_file()) {
                errors.push(
                    SourceError::new(
                        config.display(entry.path()),
                        "this is a link to a file outside the site folder (or to nothing)",
                    )
                    .hint("copy the file into the site folder instead of linking to it"),
                );
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let rel: String = crate::fsx::slash_path(dir, entry.path()).nfc().collect();
        if strip_md_suffix(&rel).is_some() {
            pages.push((entry.path().to_path_buf(), rel));
        } else if !EDITION_FILES.contains(&rel.as_str()) {
            assets.push((entry.path().to_path_buf(), rel));
        }
    }
    errors.extend(same_name_twice(config, &assets));
    if errors.is_empty() {
        Ok((pages, assets))
    } else {
        Err(errors)
    }
}

/// Two files whose names differ only in case or Unicode form would be one address on many
/// web servers and file systems: an error naming both, not a coin toss.
fn same_name_twice(config: &SiteConfig, files: &Files) -> Vec<SourceError> {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let mut errors = Vec::new();
    for (path, rel) in files {
        if let Some(first) = seen.insert(rel.to_lowercase(), path) {
            errors.push(
                SourceError::new(
                    config.display(path),
                    format!(
                        "another file has the same name but for case or accents' encoding: {}",
                        config.display(first).display()
                    ),
                )
                .hint("keep one of the two files, or rename one"),
            );
        }
    }
    errors
}

/// Dotfiles, Office lock files (`~$Retningslinjer.docx`), editor backups and swap files
/// (`side.md~`, `side.md.bak`, `.side.md.swp`, `#side.md#`) and the files Windows leaves in
/// folders (`Thumbs.db`, `desktop.ini`).
pub(crate) fn is_ignored(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".bak", ".swp", ".swo", ".tmp"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

/// `page` read again from its file, as a build would load it now.
pub(crate) fn reload_page(config: &SiteConfig, page: &Page) -> Result<Page, Vec<SourceError>> {
    load_page(config, &page.source, &page.path)
}

fn load_page(config: &SiteConfig, path: &Path, rel: &str) -> Result<Page, Vec<SourceError>> {
    let shown = config.display(path);
    let text = crate::fsx::read_to_string(path).map_err(|e| vec![as_source_error(&shown, e)])?;
    parse_page(config, path, rel, &text)
}

/// `page` as it would be with `text` in its file (the editor's unsaved text), read exactly
/// as the file would be.
pub(crate) fn page_with_text(
    config: &SiteConfig,
    page: &Page,
    text: &str,
) -> Result<Page, Vec<SourceError>> {
    parse_page(config, &page.source, &page.path, text)
}

fn parse_page(
    config: &SiteConfig,
    path: &Path,
    rel: &str,
    text: &str,
) -> Result<Page, Vec<SourceError>> {
    let shown = config.display(path);
    let text = front_matter::normalise(text);
    let split = front_matter::split(&shown, &text).map_err(|e| vec![e])?;
    let raw = front_matter::parse(&shown, &split)?;
    let url = Addresses::page_in_edition(rel).ok_or_else(|| {
        vec![
            SourceError::new(&shown, "the file name gives an empty web address")
                .hint("name the file with letters or digits, e.g. `gode-raad.md`"),
        ]
    })?;
    let default_id = strip_md_suffix(rel).unwrap_or(rel).to_string();
    Ok(Page {
        id: PageId(raw.id.unwrap_or(default_id)),
        source: path.to_path_buf(),
        path: rel.to_string(),
        url,
        title: raw.title,
        weight: raw.weight.unwrap_or(0),
        summary: raw.summary,
        body: split.body.to_string(),
        body_line_offset: split.body_line_offset,
    })
}

fn as_source_error(shown: &Path, e: anyhow::Error) -> SourceError {
    match e.downcast::<SourceError>() {
        Ok(mut se) => {
            se.file = shown.to_path_buf();
            se
        }
        Err(e) => SourceError::new(shown, format!("{e:#}")),
    }
}

fn index_unique<K: std::hash::Hash + Eq + std::fmt::Display>(
    config: &SiteConfig,
    pages: &[Page],
    key: impl Fn(&Page) -> K,
    what: &str,
    errors: &mut Vec<SourceError>,
) -> HashMap<K, usize> {
    let mut index: HashMap<K, usize> = HashMap::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        if let Some(&first) = index.get(&key(page)) {
            errors.push(
                SourceError::new(
                    config.display(&page.source),
                    format!(
                        "another page has the same {what} `{}`: {}",
                        key(page),
                        pages[first].path
                    ),
                )
                .hint("give each page its own `id:` in the front matter or rename one file"),
            );
        } else {
            index.insert(key(page), i);
        }
    }
    index
}

/// The current edition is also published at the site root, beside the edition folders and
/// pjece's own files, so its top-level pages must not take one of those names; inside every
/// edition, pjece's own folders ("what changed", the leaflet) are taken too.
fn check_root_collisions(config: &SiteConfig, editions: &[Edition], current: usize) -> Result<()> {
    let addresses = Addresses::new(config);
    let mut at_root: Vec<&str> = addresses.reserved_at_root();
    at_root.extend(editions.iter().map(|e| e.id.0.as_str()));
    let in_edition = addresses.reserved_in_edition();
    let mut problems = Diagnostics::new();
    for (index, edition) in editions.iter().enumerate() {
        for page in &edition.pages {
            let top = page.url.split('/').next().unwrap_or_default();
            if (index == current && at_root.contains(&top)) || in_edition.contains(&top) {
                problems.push(SourceError::new(config.display(&page.source), format!("the page's web address `{top}/` is used by pjece itself or by an edition"))
                    .hint("rename the file (its `id:` keeps it linked across editions)"));
            }
        }
    }
    problems.into_result()
}

#[cfg(test)]
mod tests {
    use super::is_ignored;

    #[test]
    fn lock_files_backups_and_dotfiles_are_ignored() {
        for name in [
            ".DS_Store",
            "~$rapport.docx",
            "side.md~",
            "side.md.bak",
            ".side.md.swp",
            "#side.md#",
            "Thumbs.db",
            "desktop.ini",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["logo.png", "gode-raad.md", "Noter.MD", "bilag.pdf"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
