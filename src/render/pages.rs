//! Content pages through the `page.html` template, with navigation, edition switcher and the
//! notice on pages of archived editions and drafts.
//!
//! The current edition is published twice: in its edition folder (a permanent address) and
//! at the site root (the address readers are given). Links inside an edition are relative,
//! so the two copies differ only in their links to files outside it; a page of the current
//! edition is rendered once and split into both ([`super::here`]). With search on, the page
//! at the address readers share (not the current edition's permanent copy) is marked up for
//! the search index ([`crate::search::prepare`]).

use super::frame::{banner, layout, page_title};
use super::here::{self, Here, Hrefs};
use super::view::{
    self, Crumb, HistoryEntry, NavFolder, NavItem, NavLink, PageHistory, PageView, SwitchLink,
};
use super::Ctx;
use crate::address::{Mount, OutPath};
use crate::content::{EditionStatus, PageRef};
use crate::output::OutputFile;
use anyhow::{Context, Result};
use rayon::prelude::*;

/// Above this many pages, an edition's pages get previous/next links instead of a full list
/// in every page's navigation: a full list on each of 10,000 pages would grow the site with
/// the square of its size. The front page always lists every page.
const FULL_NAV_LIMIT: usize = 60;

pub(super) fn all(ctx: &Ctx<'_>) -> Result<Vec<OutputFile>> {
    let site = ctx.site;
    let pages: Vec<PageRef> = site.page_refs().collect();
    let files: Vec<Vec<OutputFile>> = pages
        .par_iter()
        .map(|&at| {
            page_files(ctx, at)?
                .into_iter()
                .map(|file| ctx.sink.put(file))
                .collect()
        })
        .collect::<Result<_>>()?;
    Ok(files.into_iter().flatten().collect())
}

/// Page `at` at each address it is published at, rendered once for all of them.
pub(super) fn page_files(ctx: &Ctx<'_>, at: PageRef) -> Result<Vec<OutputFile>> {
    let page = ctx.site.page(at);
    let shown = ctx.site.config.display(&page.source);
    let pages = render_page(ctx, at, &here_of(ctx, at))
        .with_context(|| format!("while rendering {}", shown.display()))?;
    Ok(pages
        .into_iter()
        .map(|(address, html)| OutputFile::rendered(&address, &shown, html))
        .collect())
}

/// Where page `at` is published: its edition folder, and the site root too for a page of the
/// current edition.
fn here_of(ctx: &Ctx<'_>, at: PageRef) -> Here {
    let address = |mount| ctx.page_address(at.edition, ctx.site.page(at), mount);
    match ctx.site.mounts(at.edition) {
        [mount] => Here::One {
            at: address(*mount),
            mount: *mount,
        },
        _ => Here::Both {
            root: address(Mount::SiteRoot),
            folder: address(Mount::EditionFolder),
        },
    }
}

/// The page's HTML at each of its addresses.
fn render_page(ctx: &Ctx<'_>, at: PageRef, here: &Here) -> Result<Vec<(OutPath, String)>> {
    let site = ctx.site;
    let e = at.edition;
    let edition = &site.editions[e];
    let page = site.page(at);
    let text = &ctx.model.text[e];
    let a = ctx.addresses;
    let id = edition.id.0.as_str();
    let (title_id, content) = shown_content(&text.pages[at.page], &page.title);
    let view = PageView {
        layout: layout(
            ctx,
            here,
            page_title(ctx, e, page),
            canonical(ctx, at),
            edition.status != EditionStatus::Current,
        ),
        edition: view::edition_view(
            edition,
            &text.note_html,
            site.config.language,
            here.href_in_mount(|mount| a.edition_root(id, mount)),
            ctx.model.timeline.editions[e]
                .against
                .map(|_| here.href_to(&a.changes(id))),
        ),
        title: &page.title,
        title_id,
        summary: page.summary.as_deref(),
        content,
        is_front_page: at.page == 0,
        toc: text.pages[at.page]
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .collect(),
        nav: navigation(ctx, at, here),
        breadcrumbs: breadcrumbs(ctx, at, here),
        switcher: switcher(ctx, at, here),
        banner: banner(ctx, e, Some(page), here),
        history: history(ctx, at, here),
        leaflet_href: edition
            .leaflet
            .as_ref()
            .map(|_| here.href_to(&a.leaflet_dir(id))),
        indexed_in: (site.config.search && readers_see(here, site.readers_mount(e)))
            .then(|| crate::search::marks(site, edition)),
    };
    let mark = |html: String| match &view.indexed_in {
        Some(marks) => crate::search::prepare(&html, marks),
        None => html,
    };
    match here {
        Here::One { at, .. } => Ok(vec![(
            at.clone(),
            ctx.render_then("page.html", &view, mark)?,
        )]),
        // The copy readers share (the root) is marked for search; the permanent one is not.
        Here::Both { root, folder } => {
            let both = ctx.render_then("page.html", &view, |text| {
                let (at_root, in_folder) = here::split(&text);
                here::pack(&mark(at_root), &in_folder)
            })?;
            let (at_root, in_folder) = here::unpack(&both);
            Ok(vec![(root.clone(), at_root), (folder.clone(), in_folder)])
        }
    }
}

/// The page's text as the template shows it below the title, and the anchor the title
/// carries: a body that opens with its title as `# …` (as text written for other tools often
/// does) would show it twice, as two main headings, so the template's title stands for it.
fn shown_content<'a>(text: &'a super::PageText, title: &str) -> (Option<&'a str>, &'a str) {
    match crate::markdown::without_title_heading(&text.html, &text.headings, title) {
        Some((heading, rest)) => (Some(&heading.id), rest),
        None => (None, &text.html),
    }
}

/// Whether the page at `here` is (also) published where readers find its edition.
fn readers_see(here: &Here, readers: Mount) -> bool {
    match here {
        Here::One { mount, .. } => *mount == readers,
        Here::Both { .. } => true,
    }
}

/// When the page's text last changed and the editions in which it did, each linked to the
/// page's changes on that edition's "what changed" page.
fn history<'a>(ctx: &'a Ctx<'a>, at: PageRef, here: &Here) -> PageHistory<'a> {
    let site = ctx.site;
    let language = site.config.language;
    let timeline = &ctx.model.timeline;
    let last = &site.editions[timeline.page(at).last_change.edition];
    let entries = timeline
        .history(at)
        .into_iter()
        .map(|entry| {
            let edition = &site.editions[entry.edition];
            let shown = site.page(entry);
            let is_diff = !timeline.page(entry).is_new();
            let page_href =
                here.href_to(&ctx.page_address(entry.edition, shown, Mount::EditionFolder));
            let anchor = ctx.model.change_anchors[entry.edition].of(entry.page);
            let href = match anchor.filter(|_| is_diff) {
                Some(anchor) => here.href_to_anchor(&ctx.addresses.changes(&edition.id.0), anchor),
                None => page_href.clone(),
            };
            HistoryEntry {
                label: &edition.label,
                published: edition.published.long(language),
                published_iso: edition.published.to_string(),
                note_html: &ctx.model.text[entry.edition].note_html,
                page_href,
                href,
                is_diff,
            }
        })
        .collect();
    PageHistory {
        last_changed: last.published.long(language),
        last_changed_iso: last.published.to_string(),
        entries,
    }
}

/// Pages of the current edition point search engines at the site root; archived pages at
/// themselves (they are permanent); drafts at nothing.
fn canonical(ctx: &Ctx<'_>, at: PageRef) -> Option<String> {
    let edition = &ctx.site.editions[at.edition];
    let page = ctx.site.page(at);
    let mount = match edition.status {
        EditionStatus::Current => Mount::SiteRoot,
        EditionStatus::Archived => Mount::EditionFolder,
        EditionStatus::Draft => return None,
    };
    Some(
        ctx.addresses
            .absolute(&ctx.page_address(at.edition, page, mount)),
    )
}

/// The edition's pages (or, in a large edition, the page's neighbours), each page of a
/// sub-folder nested under its folder, so the navigation shows the edition as it is filed.
fn navigation<'a>(ctx: &'a Ctx<'a>, at: PageRef, here: &Here) -> Vec<NavItem<'a>> {
    let edition = &ctx.site.editions[at.edition];
    let shown: Vec<usize> = if edition.pages.len() <= FULL_NAV_LIMIT || at.page == 0 {
        (0..edition.pages.len()).collect()
    } else {
        [0, at.page.saturating_sub(1), at.page, at.page + 1]
            .into_iter()
            .filter(|&i| i < edition.pages.len())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let mut items = Vec::new();
    for i in shown {
        let page = &edition.pages[i];
        let front = (i == 0)
            .then(|| ctx.theme.strings.get("front_page"))
            .flatten();
        let link = NavLink {
            title: front.map_or(page.title.as_str(), String::as_str),
            summary: page.summary.as_deref(),
            href: here.href_in_mount(|mount| ctx.page_address(at.edition, page, mount)),
            current: i == at.page,
        };
        let (folders, is_folder_page) = folders_of(&page.path);
        file_under(&mut items, &folders, link, is_folder_page);
    }
    items
}

/// The folders of a page's source path, and whether the page is its folder's `index.md`
/// (`a/b/index.md` → `[a, b]`, true; `a/side.md` → `[a]`, false; `index.md` → `[]`, false).
fn folders_of(path: &str) -> (Vec<&str>, bool) {
    let mut segments: Vec<&str> = path.split('/').collect();
    let file = segments.pop().unwrap_or_default();
    let is_index = crate::address::strip_md_suffix(file) == Some("index") && !segments.is_empty();
    (segments, is_index)
}

/// Puts `link` into the navigation under `folders`, making the folders it needs; a folder's
/// own `index.md` gives the folder its title and link instead of becoming an entry.
fn file_under<'a>(
    items: &mut Vec<NavItem<'a>>,
    folders: &[&str],
    link: NavLink<'a>,
    is_folder_page: bool,
) {
    let Some((first, rest)) = folders.split_first() else {
        items.push(NavItem::Page(link));
        return;
    };
    let at = items
        .iter()
        .position(|item| matches!(item, NavItem::Folder(f) if f.name == *first))
        .unwrap_or_else(|| {
            items.push(NavItem::Folder(NavFolder {
                title: folder_title(first),
                href: None,
                current: false,
                name: (*first).to_string(),
                items: Vec::new(),
            }));
            items.len() - 1
        });
    let NavItem::Folder(folder) = &mut items[at] else {
        unreachable!("the position found or made is a folder")
    };
    if rest.is_empty() && is_folder_page {
        folder.title = link.title.to_string();
        folder.href = Some(link.href);
        folder.current = link.current;
    } else {
        file_under(&mut folder.items, rest, link, is_folder_page);
    }
}

/// A folder without a page of its own is named by its folder name in words.
fn folder_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// Front page › folders › the page; each folder linked when it has an `index.md`.
/// In a portal: the portal › the guideline › folders › the page, on the guideline's front
/// page too.
fn breadcrumbs(ctx: &Ctx<'_>, at: PageRef, here: &Here) -> Vec<Crumb> {
    let in_portal = ctx.guideline_root.is_some();
    if at.page == 0 && !in_portal {
        return Vec::new();
    }
    let edition = &ctx.site.editions[at.edition];
    let page = &edition.pages[at.page];
    let front = edition.front_page();
    let front_href = here.href_in_mount(|mount| ctx.page_address(at.edition, front, mount));
    let mut crumbs = Vec::new();
    if in_portal {
        crumbs.push(Crumb {
            title: ctx
                .theme
                .strings
                .get("portal_front")
                .cloned()
                .unwrap_or_default(),
            href: Some(here.href_to(&ctx.addresses.portal_front())),
        });
        crumbs.push(Crumb {
            title: ctx.site.title().to_string(),
            href: (at.page != 0).then_some(front_href),
        });
        if at.page == 0 {
            return crumbs;
        }
    } else {
        crumbs.push(Crumb {
            title: ctx
                .theme
                .strings
                .get("front_page")
                .cloned()
                .unwrap_or_else(|| front.title.clone()),
            href: Some(front_href),
        });
    }
    let (folders, is_folder_page) = folders_of(&page.path);
    let parents = if is_folder_page {
        &folders[..folders.len() - 1]
    } else {
        &folders[..]
    };
    for depth in 1..=parents.len() {
        let index = format!("{}/index.md", parents[..depth].join("/"));
        let folder_page = edition.page_by_source(&index);
        crumbs.push(Crumb {
            title: folder_page
                .map_or_else(|| folder_title(parents[depth - 1]), |p| p.title.clone()),
            href: folder_page
                .map(|p| here.href_in_mount(|mount| ctx.page_address(at.edition, p, mount))),
        });
    }
    crumbs.push(Crumb {
        title: page.title.clone(),
        href: None,
    });
    crumbs
}

/// The same page (by id) in every edition of the build, or that edition's front page. The
/// current edition is linked at the site root, the address readers share.
fn switcher<'a>(ctx: &'a Ctx<'a>, at: PageRef, here: &Here) -> Vec<SwitchLink<'a>> {
    let site = ctx.site;
    let page = site.page(at);
    site.editions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, other)| {
            let target = other.page_by_id(&page.id);
            let mount = ctx.site.readers_mount(i);
            let address = match target {
                Some(t) => ctx.page_address(i, t, mount),
                None => ctx.addresses.edition_root(&other.id.0, mount),
            };
            SwitchLink {
                label: &other.label,
                published: other.published.long(site.config.language),
                status: other.status,
                href: here.href_to(&address),
                current: i == at.edition,
                same_page: target.is_some(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_source_paths() {
        assert_eq!(folders_of("index.md"), (vec![], false));
        assert_eq!(folders_of("side.md"), (vec![], false));
        assert_eq!(folders_of("raad/side.md"), (vec!["raad"], false));
        assert_eq!(folders_of("raad/index.md"), (vec!["raad"], true));
        assert_eq!(folders_of("a/b/INDEX.MD"), (vec!["a", "b"], false));
    }

    #[test]
    fn folders_without_a_page_are_named_in_words() {
        assert_eq!(folder_title("gode-raad"), "Gode raad");
        assert_eq!(folder_title("øvrige_regler"), "Øvrige regler");
    }
}
