//! New, renamed and deleted pages, each checked before anything is written; every file
//! written in one step, none written through a symlink, none overwritten by surprise.
//!
//! - A new page's file name comes from its title (`Gode råd` → `gode-raad.md`), and it gets
//!   an `id:` from the start, so renaming it later keeps its identity.
//! - A rename stays in the page's folder and keeps the page's `id` (writing the old one into
//!   the front matter first when it has none): the address ledger then sends the old
//!   addresses on to the new ones ("the same page elsewhere"). The links of the edition's
//!   pages and its `leaflet.yaml` that name the old file are changed to the new name, so the
//!   site still builds.
//! - Deleting: [`consequences`] first says, in the site's language, what it means: which
//!   addresses readers were given of the page and what they will show, and which pages and
//!   which leaflet panel name it (the build fails on those until they are changed). A
//!   published address that nothing else would answer gets a `retired:` line in `site.yaml`,
//!   so it shows readers that the page was removed instead of stopping the next build. The
//!   file is moved to `.pjece/deleted/<time>/<its path>` in the site folder, never destroyed:
//!   hidden, so neither built nor watched, and a mistake is undone by moving it back.

use super::fields::{read_fields, read_front_matter_fields, set_front_matter_fields, Field};
use super::links;
use crate::config::Language;
use crate::content::{Date, GuidelineId};
use crate::diagnostic::SourceError;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Where deleted pages are kept, below the site folder.
pub(crate) const DELETED: &str = ".pjece/deleted";

/// The file that makes a folder an edition.
const EDITION_FILE: &str = "edition.yaml";

/// A sentence in the site's language.
fn say(language: Language, da: String, en: String) -> String {
    match language {
        Language::Da => da,
        Language::En => en,
    }
}

/// A refusal about `file`, with what to do instead.
fn refuse(file: &Path, message: String, hint: String) -> anyhow::Error {
    SourceError::new(shown(file), message).hint(hint).into()
}

/// `path` as the editor names files: from the site folder (the nearest one above it with a
/// `site.yaml`), as it is when there is none.
fn shown(path: &Path) -> PathBuf {
    path.ancestors()
        .skip(1)
        .find(|dir| dir.join(crate::config::FILE_NAME).is_file())
        .and_then(|root| path.strip_prefix(root).ok())
        .map_or_else(|| path.to_path_buf(), Path::to_path_buf)
}

/// Whether anything is at `path`, a dangling symlink included.
fn taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// `<stem>-2.md`, `<stem>-3.md`, …: the first name free in `dir`.
fn free_name(dir: &Path, stem: &str) -> String {
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|s| !taken(&dir.join(format!("{s}.md"))))
        .unwrap_or_default()
}

/// Writes `bytes` to the new file `path` in one step, refusing if something is there.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use anyhow::Context;
    use std::io::Write;
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".pjece-save-")
        .tempfile_in(folder)
        .with_context(|| format!("could not write beside {}", path.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("could not write {}", path.display()))?;
    temp.persist_noclobber(path)
        .map_err(|e| e.error)
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}

/// Where a page stands in the site.
struct Place {
    /// The folder of its edition (the nearest one above it with an `edition.yaml`).
    edition: PathBuf,
    edition_id: String,
    /// The guideline whose folder holds the edition, in a portal.
    guideline: Option<GuidelineId>,
    /// Its path in the edition, with `/` (`a/regler.md`).
    rel: String,
}

fn place(file: &Path, language: Language) -> Result<Place> {
    let edition = file
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(EDITION_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            refuse(
                file,
                say(
                    language,
                    "siden ligger ikke i en udgaves mappe".into(),
                    "the page is in no edition's folder".into(),
                ),
                say(
                    language,
                    "sider ligger i content/<udgave>/, ved siden af edition.yaml".into(),
                    "pages are in content/<edition>/, beside edition.yaml".into(),
                ),
            )
        })?;
    let name = |dir: &Path| {
        dir.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string()
    };
    let guideline = edition
        .parent()
        .filter(|g| g.join(crate::content::GUIDELINE_FILE_NAME).is_file())
        .map(|g| GuidelineId(name(g)));
    Ok(Place {
        edition_id: name(&edition),
        rel: crate::fsx::slash_path(&edition, file),
        edition,
        guideline,
    })
}

/// The page's id: its front matter's `id`, else its path in the edition without `.md`.
fn page_id(file: &Path, text: &str, rel: &str) -> Result<String> {
    Ok(read_front_matter_fields(file, text, &["id"])?
        .remove("id")
        .unwrap_or_else(|| default_id(rel)))
}

fn default_id(rel: &str) -> String {
    rel.strip_suffix(".md").unwrap_or(rel).to_string()
}

/// Every Markdown page of the edition folder, hidden folders and symlinks left out.
fn edition_pages(edition: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(edition)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy())
        })
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    pages
}

/// Makes `<slug of title>.md` in the edition folder `dir`, with the title, an `id` and a
/// first line of text; its path.
pub(crate) fn new_page(dir: &Path, title: &str, language: Language) -> Result<PathBuf> {
    let title = title.trim();
    let slug = crate::slug::slugify(title);
    if slug.is_empty() {
        return Err(refuse(
            dir,
            say(
                language,
                "siden har ingen titel".into(),
                "the page has no title".into(),
            ),
            say(
                language,
                "giv siden en titel med bogstaver eller tal, fx `Gode råd`".into(),
                "give the page a title with letters or digits, e.g. `Good advice`".into(),
            ),
        ));
    }
    if !dir.join(EDITION_FILE).is_file() {
        return Err(refuse(
            dir,
            say(
                language,
                "mappen er ikke en udgave".into(),
                "the folder is not an edition".into(),
            ),
            say(
                language,
                "lav siden i en udgaves mappe (den med edition.yaml)".into(),
                "make the page in an edition's folder (the one with edition.yaml)".into(),
            ),
        ));
    }
    let file = dir.join(format!("{slug}.md"));
    let used_id = edition_pages(dir).into_iter().find(|p| {
        crate::fsx::read_to_string(p).ok().is_some_and(|t| {
            let rel = crate::fsx::slash_path(dir, p);
            page_id(p, &t, &rel).ok().as_deref() == Some(slug.as_str())
        })
    });
    if taken(&file) || slug == "index" || used_id.is_some() {
        let free = free_name(dir, &slug);
        return Err(refuse(
            &file,
            say(
                language,
                format!("der er allerede en side, der hedder {slug}"),
                format!("there already is a page called {slug}"),
            ),
            say(
                language,
                format!(
                    "giv siden en anden titel; fx bliver `{title} {}` til {free}.md",
                    &free[slug.len() + 1..]
                ),
                format!(
                    "give the page another title; e.g. `{title} {}` becomes {free}.md",
                    &free[slug.len() + 1..]
                ),
            ),
        ));
    }
    let first_line = say(
        language,
        "Skriv sidens tekst her.".into(),
        "Write the page's text here.".into(),
    );
    let text = set_front_matter_fields(
        &shown(&file),
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
    write_new(&file, text.as_bytes())?;
    Ok(file)
}

/// A page renamed, and the links that were changed to its new name.
#[derive(Debug)]
pub(crate) struct Renamed {
    pub(crate) file: PathBuf,
    /// Each file whose links (or leaflet panels) named the page, with the lines changed: for
    /// an editor that says what else the rename changed.
    #[allow(dead_code)]
    pub(crate) changed: Vec<(PathBuf, Vec<usize>)>,
}

/// [`rename`], for callers that need only the new path.
pub(crate) fn rename_page(file: &Path, new_stem: &str, language: Language) -> Result<PathBuf> {
    rename(file, new_stem, language).map(|r| r.file)
}

/// Renames the page `file` to `<new_stem>.md` in its folder, keeping its `id`, and changes
/// the edition's links to it and its `leaflet.yaml` to the new name.
pub(crate) fn rename(file: &Path, new_stem: &str, language: Language) -> Result<Renamed> {
    let new_stem = new_stem.trim();
    let new_stem = new_stem.strip_suffix(".md").unwrap_or(new_stem);
    let slug = crate::slug::slugify(new_stem);
    if slug.is_empty() || slug != new_stem {
        let hint = match slug.is_empty() {
            true => say(
                language,
                "brug bogstaver, tal og bindestreger, fx `gode-raad`".into(),
                "use letters, digits and hyphens, e.g. `good-advice`".into(),
            ),
            false => say(
                language,
                format!("skriv `{slug}`"),
                format!("write `{slug}`"),
            ),
        };
        return Err(refuse(
            file,
            say(
                language,
                format!("`{new_stem}` kan ikke være en del af en webadresse"),
                format!("`{new_stem}` cannot be part of a web address"),
            ),
            hint,
        ));
    }
    if file.file_name().is_some_and(|n| n == "index.md") || slug == "index" {
        return Err(refuse(
            file,
            say(
                language,
                "forsiden (index.md) kan ikke omdøbes".into(),
                "the front page (index.md) cannot be renamed".into(),
            ),
            say(
                language,
                "forsiden er udgavens adresse; omdøb de andre sider".into(),
                "the front page is the edition's address; rename the other pages".into(),
            ),
        ));
    }
    if std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(
            file,
            say(
                language,
                "siden er en genvej til en anden fil".into(),
                "the page is a link to another file".into(),
            ),
            say(
                language,
                "omdøb filen, den peger på".into(),
                "rename the file it points to".into(),
            ),
        ));
    }
    let target = file.with_file_name(format!("{slug}.md"));
    if target == file {
        return Ok(Renamed {
            file: target,
            changed: Vec::new(),
        });
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    if taken(&target) {
        return Err(refuse(
            &target,
            say(
                language,
                format!("der er allerede en side, der hedder {slug}.md"),
                format!("there already is a page called {slug}.md"),
            ),
            say(
                language,
                format!("vælg et andet navn, fx `{}`", free_name(dir, &slug)),
                format!("choose another name, e.g. `{}`", free_name(dir, &slug)),
            ),
        ));
    }
    let place = place(file, language)?;
    let text = crate::fsx::read_to_string(file)?;
    let new_rel = match place.rel.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{slug}.md"),
        None => format!("{slug}.md"),
    };
    // Every text to write, made before anything is written.
    let mut own = text.clone();
    if !read_front_matter_fields(&shown(file), &text, &["id"])?.contains_key("id") {
        own = set_front_matter_fields(
            &shown(file),
            &text,
            &[Field {
                key: "id",
                value: Some(&default_id(&place.rel)),
            }],
        )?;
    }
    let (own, own_lines) = relinked(&own, &place.rel, &place.rel, &format!("{slug}.md"));
    let mut others = Vec::new();
    for page in edition_pages(&place.edition)
        .into_iter()
        .filter(|p| p != file)
    {
        let Ok(other) = crate::fsx::read_to_string(&page) else {
            continue;
        };
        let from = crate::fsx::slash_path(&place.edition, &page);
        let (edited, lines) = relinked(&other, &from, &place.rel, &format!("{slug}.md"));
        if !lines.is_empty() {
            others.push((page, edited, lines));
        }
    }
    let plan_file = place.edition.join(crate::content::LEAFLET_FILE_NAME);
    if let Ok(plan) = crate::fsx::read_to_string(&plan_file) {
        let (edited, lines) = leaflet_renamed(&plan, &place.rel, &new_rel);
        if !lines.is_empty() {
            others.push((plan_file, edited, lines));
        }
    }
    // The page first (its id, its own links), then its new name, then what names it.
    if own != text {
        crate::fsx::write_atomically(file, own.as_bytes())?;
    }
    std::fs::hard_link(file, &target)
        .and_then(|()| std::fs::remove_file(file))
        .or_else(|_| std::fs::rename(file, &target))
        .map_err(|e| {
            anyhow::anyhow!(
                "could not rename {} to {}: {e}",
                file.display(),
                target.display()
            )
        })?;
    let mut changed = Vec::new();
    if !own_lines.is_empty() {
        changed.push((target.clone(), own_lines));
    }
    for (page, edited, lines) in others {
        crate::fsx::write_atomically(&page, edited.as_bytes())?;
        changed.push((page, lines));
    }
    Ok(Renamed {
        file: target,
        changed,
    })
}

/// The page text `text` (at `from` in the edition) with every link to the page at `old`
/// named `new_name` instead; the lines changed.
fn relinked(text: &str, from: &str, old: &str, new_name: &str) -> (String, Vec<usize>) {
    let old_name = old.rsplit('/').next().unwrap_or(old);
    let mut edited = text.to_string();
    let mut lines = Vec::new();
    for link in links::page_links(text).into_iter().rev() {
        let path = &text[link.path.clone()];
        if links::resolve(from, path).as_deref() == Some(old) && path.ends_with(old_name) {
            edited.replace_range(link.path.end - old_name.len()..link.path.end, new_name);
            lines.push(link.line);
        }
    }
    lines.reverse();
    lines.dedup();
    (edited, lines)
}

/// The places in `leaflet.yaml` that name the page `rel` (`page: regler.md#afsnit`): the
/// byte range of the path and its line.
fn leaflet_mentions(plan: &str, rel: &str) -> Vec<(std::ops::Range<usize>, usize)> {
    plan.match_indices(rel)
        .filter(|(at, _)| {
            let before = plan[..*at].trim_end_matches(['"', '\'']).trim_end();
            let after = &plan[at + rel.len()..];
            before.ends_with("page:")
                && after
                    .chars()
                    .next()
                    .is_none_or(|c| "#\"', }]\r\n".contains(c))
        })
        .map(|(at, _)| (at..at + rel.len(), plan[..at].matches('\n').count() + 1))
        .collect()
}

fn leaflet_renamed(plan: &str, old: &str, new: &str) -> (String, Vec<usize>) {
    let mut edited = plan.to_string();
    let mentions = leaflet_mentions(plan, old);
    for (range, _) in mentions.iter().rev() {
        edited.replace_range(range.clone(), new);
    }
    (edited, mentions.into_iter().map(|(_, line)| line).collect())
}

/// What one address readers were given of a page shows once the page is deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Afterwards {
    /// That the page was removed, with a link to the last edition that had it (the page is
    /// at the same place in an archived edition).
    RemovedNotice,
    /// What `site.yaml`'s `redirects:` or `retired:` already says of it.
    AsSiteYamlSays,
    /// That the page was removed: deleting writes a `retired:` line into `site.yaml`.
    Retired,
}

/// An address readers were given of the page.
#[derive(Debug, Clone)]
pub(crate) struct PublishedAddress {
    /// From the site root, as the address ledger writes it (`regler/`).
    pub(crate) address: String,
    pub(crate) since: Date,
    pub(crate) afterwards: Afterwards,
}

/// What deleting a page means.
#[derive(Debug, Clone)]
pub(crate) struct Consequences {
    pub(crate) title: String,
    /// From the address ledger (`addresses.txt`); none when the page was never published.
    pub(crate) published: Vec<PublishedAddress>,
    /// The pages that link to it, relative to the site folder, each with its lines: the
    /// build fails on those links until they are changed.
    pub(crate) linked_from: Vec<(String, Vec<usize>)>,
    /// The lines of the edition's `leaflet.yaml` that put the page in a panel.
    pub(crate) in_leaflet: Vec<usize>,
}

impl Consequences {
    /// One sentence each, in words an editor understands.
    pub(crate) fn sentences(&self, language: Language) -> Vec<String> {
        let mut said = Vec::new();
        if self.published.is_empty() {
            said.push(say(
                language,
                "Siden er ikke udgivet: ingen læser har fået dens adresse.".into(),
                "The page has not been published: no reader has its address.".into(),
            ));
        }
        for p in &self.published {
            let shown = format!("/{}", p.address.trim_start_matches('/'));
            said.push(match p.afterwards {
                Afterwards::RemovedNotice => say(
                    language,
                    format!("Adressen {shown} er udgivet (siden {}). Bagefter fortæller den, at siden er fjernet, og linker til den sidste udgave, der havde den.", p.since),
                    format!("The address {shown} is published (since {}). Afterwards it says that the page was removed, and links to the last edition that had it.", p.since),
                ),
                Afterwards::AsSiteYamlSays => say(
                    language,
                    format!("Adressen {shown} er udgivet (siden {}). Bagefter svarer den, som sitets indstillinger (site.yaml) siger.", p.since),
                    format!("The address {shown} is published (since {}). Afterwards it answers as the site's settings (site.yaml) say.", p.since),
                ),
                Afterwards::Retired => say(
                    language,
                    format!("Adressen {shown} er udgivet (siden {}). Bagefter viser den en forklaring: »{}«", p.since, retired_reason(&self.title, language)),
                    format!("The address {shown} is published (since {}). Afterwards it shows an explanation: “{}”", p.since, retired_reason(&self.title, language)),
                ),
            });
        }
        for (file, lines) in &self.linked_from {
            for line in lines {
                said.push(say(
                    language,
                    format!("{file}:{line} linker til siden. Ret eller fjern linket, ellers kan sitet ikke bygges."),
                    format!("{file}:{line} links to the page. Change or remove the link, or the site cannot be built."),
                ));
            }
        }
        for line in &self.in_leaflet {
            said.push(say(
                language,
                format!("Folderen bruger siden (leaflet.yaml:{line}). Tag den ud af folderen, ellers kan sitet ikke bygges."),
                format!("The leaflet uses the page (leaflet.yaml:{line}). Take it out of the leaflet, or the site cannot be built."),
            ));
        }
        said.push(say(
            language,
            format!("Filen gemmes i mappen {DELETED}/ i sitets mappe, så den kan hentes tilbage."),
            format!("The file is kept in the folder {DELETED}/ of the site folder, so it can be brought back."),
        ));
        said
    }
}

/// What a retired address tells readers.
fn retired_reason(title: &str, language: Language) -> String {
    say(
        language,
        format!("Siden »{title}« er fjernet."),
        format!("The page “{title}” has been removed."),
    )
}

/// What deleting the page `file` means, a sentence each, in the site's language.
pub(crate) fn delete_consequences(
    root: &Path,
    file: &Path,
    language: Language,
) -> Result<Vec<String>> {
    Ok(consequences(root, file, language)?.sentences(language))
}

/// What deleting the page `file` of the site in `root` means; refused for an edition's
/// front page.
pub(crate) fn consequences(root: &Path, file: &Path, language: Language) -> Result<Consequences> {
    if file.file_name().is_some_and(|n| n == "index.md") {
        return Err(refuse(
            file,
            say(
                language,
                "forsiden (index.md) kan ikke slettes".into(),
                "the front page (index.md) cannot be deleted".into(),
            ),
            say(
                language,
                "forsiden er udgavens adresse; skriv en ny tekst på den i stedet".into(),
                "the front page is the edition's address; write new text on it instead".into(),
            ),
        ));
    }
    let place = place(file, language)?;
    let text = crate::fsx::read_to_string(file)?;
    let id = page_id(&shown(file), &text, &place.rel)?;
    let title = read_front_matter_fields(&shown(file), &text, &["title"])?
        .remove("title")
        .unwrap_or_else(|| id.clone());
    let config = crate::config::load(root).ok();
    let covered = |address: &str| {
        config.as_ref().is_some_and(|c| {
            c.redirects
                .keys()
                .chain(c.retired.keys())
                .any(|k| k == address || (k.ends_with('/') && address.starts_with(k.as_str())))
        })
    };
    let in_folder = match &place.guideline {
        Some(g) => format!("{g}/{}/", place.edition_id),
        None => format!("{}/", place.edition_id),
    };
    let archived_has_it = archived_siblings(&place).any(|dir| dir.join(&place.rel).is_file());
    let published =
        crate::ledger::published_page(root, place.guideline.as_ref(), &place.edition_id, &id)?
            .into_iter()
            .map(|taken| {
                let afterwards = if covered(&taken.address) {
                    Afterwards::AsSiteYamlSays
                } else if !taken.address.starts_with(&in_folder) && archived_has_it {
                    Afterwards::RemovedNotice
                } else {
                    Afterwards::Retired
                };
                PublishedAddress {
                    address: taken.address,
                    since: taken.since,
                    afterwards,
                }
            })
            .collect();
    let mut linked_from = Vec::new();
    for page in edition_pages(&place.edition)
        .into_iter()
        .filter(|p| p != file)
    {
        let Ok(other) = crate::fsx::read_to_string(&page) else {
            continue;
        };
        let from = crate::fsx::slash_path(&place.edition, &page);
        let mut lines: Vec<usize> = links::page_links(&other)
            .into_iter()
            .filter(|l| {
                links::resolve(&from, &other[l.path.clone()]).as_deref() == Some(&place.rel)
            })
            .map(|l| l.line)
            .collect();
        lines.dedup();
        if !lines.is_empty() {
            linked_from.push((crate::fsx::slash_path(root, &page), lines));
        }
    }
    let in_leaflet =
        crate::fsx::read_to_string(&place.edition.join(crate::content::LEAFLET_FILE_NAME))
            .map(|plan| {
                leaflet_mentions(&plan, &place.rel)
                    .into_iter()
                    .map(|(_, l)| l)
                    .collect()
            })
            .unwrap_or_default();
    Ok(Consequences {
        title,
        published,
        linked_from,
        in_leaflet,
    })
}

/// The other edition folders of the page's guideline whose `edition.yaml` says `archived`.
fn archived_siblings(place: &Place) -> impl Iterator<Item = PathBuf> + '_ {
    let parent = place
        .edition
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(move |dir| *dir != place.edition)
        .filter(|dir| {
            let yaml = dir.join(EDITION_FILE);
            crate::fsx::read_to_string(&yaml)
                .ok()
                .and_then(|t| read_fields(&yaml, &t, &["status"]).ok())
                .is_some_and(|f| f.get("status").is_some_and(|s| s == "archived"))
        })
}

/// Deletes the page `file` of the site in `root`: its published addresses that nothing
/// else answers get a `retired:` line in `site.yaml`, and the file is moved to
/// `.pjece/deleted/<time>/<its path>`; where it is now.
pub(crate) fn delete_page(root: &Path, file: &Path, language: Language) -> Result<PathBuf> {
    let consequences = consequences(root, file, language)?;
    let reason = retired_reason(&consequences.title, language);
    let retire: Vec<(&str, &str)> = consequences
        .published
        .iter()
        .filter(|p| p.afterwards == Afterwards::Retired)
        .map(|p| (p.address.as_str(), reason.as_str()))
        .collect();
    let settings = root.join(crate::config::FILE_NAME);
    let site_yaml = match retire.is_empty() {
        true => None,
        false => {
            let text = crate::fsx::read_to_string(&settings)?;
            let shown = Path::new(crate::config::FILE_NAME);
            Some(crate::yaml::edit::add_entries(
                shown, &text, "retired", &retire,
            )?)
        }
    };
    let kept = kept_path(root, file)?;
    if let Some(folder) = kept.parent() {
        crate::fsx::create_dir_all(folder)?;
    }
    if let Some(text) = site_yaml {
        crate::fsx::write_atomically(&settings, text.as_bytes())?;
    }
    crate::fsx::rename(file, &kept)?;
    Ok(kept)
}

/// `<root>/.pjece/deleted/<UTC time>/<path of file in root>`, free.
fn kept_path(root: &Path, file: &Path) -> Result<PathBuf> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = Date::days_after_1970(i64::try_from(seconds / 86_400).unwrap_or(0));
    let time = seconds % 86_400;
    let stamp = format!(
        "{day}T{:02}-{:02}-{:02}",
        time / 3600,
        time / 60 % 60,
        time % 60
    );
    let relative = file.strip_prefix(root).unwrap_or(file);
    let base = root.join(DELETED);
    Ok((1..)
        .map(|n| match n {
            1 => base.join(&stamp).join(relative),
            n => base.join(format!("{stamp}-{n}")).join(relative),
        })
        .find(|p| !taken(p))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let e1 = dir.path().join("content/e1");
        std::fs::create_dir_all(e1.join("sub")).unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: Råd\nlanguage: da\n").unwrap();
        std::fs::write(
            e1.join("edition.yaml"),
            "label: 1\npublished: 2025-01-01\nstatus: current\n",
        )
        .unwrap();
        std::fs::write(
            e1.join("index.md"),
            "---\ntitle: Forside\n---\nSe [reglerne](regler.md#a).\n\n`[ikke](regler.md)`\n",
        )
        .unwrap();
        std::fs::write(
            e1.join("sub/mere.md"),
            "---\ntitle: Mere\n---\n[r](../regler.md)\n",
        )
        .unwrap();
        std::fs::write(
            e1.join("regler.md"),
            "---\ntitle: Regler\n---\nRegler og [mig](regler.md).\n",
        )
        .unwrap();
        std::fs::write(
            e1.join("leaflet.yaml"),
            "inside: [{ page: regler.md#a }, { page: index.md }]\n",
        )
        .unwrap();
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
        let again = again.downcast::<SourceError>().unwrap();
        assert!(again.message.contains("allerede"), "{again}");
        assert!(
            again
                .hint
                .as_deref()
                .unwrap()
                .contains("gode-raad-brug-2.md"),
            "{again}"
        );
        let english = new_page(&e1, "  ", Language::En).unwrap_err();
        assert!(english.to_string().contains("no title"), "{english}");
        assert!(new_page(&e1, "Index", Language::Da).is_err());
    }

    #[test]
    fn a_renamed_page_keeps_its_id_and_the_links_to_it_follow() {
        let dir = edition();
        let e1 = dir.path().join("content/e1");
        let renamed = rename(&e1.join("regler.md"), "retningslinjer", Language::Da).unwrap();
        assert_eq!(renamed.file, e1.join("retningslinjer.md"));
        assert_eq!(
            std::fs::read_to_string(&renamed.file).unwrap(),
            "---\ntitle: Regler\nid: regler\n---\nRegler og [mig](retningslinjer.md).\n"
        );
        assert_eq!(
            std::fs::read_to_string(e1.join("index.md")).unwrap(),
            "---\ntitle: Forside\n---\nSe [reglerne](retningslinjer.md#a).\n\n`[ikke](regler.md)`\n"
        );
        assert_eq!(
            std::fs::read_to_string(e1.join("sub/mere.md")).unwrap(),
            "---\ntitle: Mere\n---\n[r](../retningslinjer.md)\n"
        );
        assert_eq!(
            std::fs::read_to_string(e1.join("leaflet.yaml")).unwrap(),
            "inside: [{ page: retningslinjer.md#a }, { page: index.md }]\n"
        );
        assert!(!e1.join("regler.md").exists());
        let changed: Vec<(String, Vec<usize>)> = renamed
            .changed
            .iter()
            .map(|(f, l)| (crate::fsx::slash_path(&e1, f), l.clone()))
            .collect();
        assert!(
            changed.contains(&("index.md".into(), vec![4])),
            "{changed:?}"
        );
        assert!(
            changed.contains(&("leaflet.yaml".into(), vec![1])),
            "{changed:?}"
        );
        let spaced = rename(&renamed.file, "Med Mellemrum", Language::Da).unwrap_err();
        assert!(
            spaced
                .downcast_ref::<SourceError>()
                .unwrap()
                .hint
                .as_deref()
                == Some("skriv `med-mellemrum`")
        );
        assert!(rename(&e1.join("index.md"), "x", Language::Da).is_err());
        assert!(rename(&renamed.file, "sub", Language::Da).is_ok());
        std::fs::write(e1.join("optaget.md"), "---\ntitle: O\n---\n").unwrap();
        let taken = rename(&e1.join("sub.md"), "optaget", Language::En).unwrap_err();
        assert!(taken.to_string().contains("already"), "{taken}");
    }

    #[test]
    fn deleting_names_the_links_and_the_leaflet_and_keeps_the_file() {
        let dir = edition();
        let e1 = dir.path().join("content/e1");
        let found = consequences(dir.path(), &e1.join("regler.md"), Language::Da).unwrap();
        assert!(found.published.is_empty());
        assert_eq!(
            found.linked_from,
            [
                ("content/e1/index.md".to_string(), vec![4]),
                ("content/e1/sub/mere.md".to_string(), vec![4])
            ]
        );
        assert_eq!(found.in_leaflet, [1]);
        let said = found.sentences(Language::Da);
        assert!(said[0].contains("ikke udgivet"), "{said:?}");
        assert!(
            said[1].starts_with("content/e1/index.md:4 linker"),
            "{said:?}"
        );
        assert!(said[3].contains("leaflet.yaml:1"), "{said:?}");
        let kept = delete_page(dir.path(), &e1.join("regler.md"), Language::Da).unwrap();
        assert!(kept.starts_with(dir.path().join(DELETED)));
        assert!(kept.ends_with("content/e1/regler.md") && kept.is_file());
        assert!(!e1.join("regler.md").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site.yaml")).unwrap(),
            "title: Råd\nlanguage: da\n"
        );
        assert!(consequences(dir.path(), &e1.join("index.md"), Language::Da).is_err());
    }
}
