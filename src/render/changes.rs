//! The "what changed" page of each edition (`<edition>/aendringer/`), through `changes.html`.
//!
//! Takes the [`Timeline`] (every comparison is already made there) and writes, for every
//! edition that has a published edition before it: the change note, pages added, removed and
//! renamed or moved (followed by `id`), and for each page whose text changed a condensed word
//! diff with links to both versions. Drafts get one too, against the current edition, so
//! editors can review a revision before publishing it.

use super::history::{EditionChanges, Timeline};
use super::pages::{banner_for, layout};
use super::view::{
    self, ChangedPage, ChangesView, DiffBlock, DiffGroup, DiffSegment, PageLink, RenamedPage,
};
use super::RenderedSite;
use crate::content::{Edition, EditionStatus, Page, Site};
use crate::diff::{self, BlockChange, BlockKind, Change, SegmentKind, Shown};
use crate::output::OutputFile;
use crate::theme::Theme;
use crate::urls;
use anyhow::{Context, Result};
use rayon::prelude::*;

/// The folder of edition `e`'s "what changed" page, relative to the site root.
pub(super) fn changes_dir(site: &Site, e: usize) -> String {
    format!(
        "{}/{}/",
        site.editions[e].id,
        site.config.language.url_words().changes
    )
}

/// The element id of a page's section on a "what changed" page.
pub(super) fn page_anchor(page: &Page) -> String {
    format!("side-{}", crate::slug::slugify(&page.id.0))
}

pub(super) fn all(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
    timeline: &Timeline,
) -> Result<Vec<OutputFile>> {
    (0..site.editions.len())
        .into_par_iter()
        .filter(|&e| timeline.editions[e].against.is_some())
        .map(|e| {
            let dir = changes_dir(site, e);
            let html = render(site, theme, rendered, timeline, e, &dir).with_context(|| {
                format!("while rendering the changes of {}", site.editions[e].id)
            })?;
            Ok(OutputFile::bytes(format!("{dir}index.html"), html))
        })
        .collect()
}

fn render<'a>(
    site: &'a Site,
    theme: &'a Theme,
    rendered: &'a RenderedSite,
    timeline: &'a Timeline,
    e: usize,
    dir: &str,
) -> Result<String> {
    let changes = &timeline.editions[e];
    let a = changes.against.expect("only editions with a predecessor");
    let (edition, old) = (&site.editions[e], &site.editions[a]);
    let language = site.config.language;
    let link = |ed: &Edition, page: &'a Page| page_link(dir, ed, page);
    let strings = &theme.strings;
    let title = format!(
        "{} {} – {}",
        strings.get("changes_title").map_or("", String::as_str),
        edition.label,
        site.config.title
    );
    let canonical =
        (edition.status != EditionStatus::Draft).then(|| format!("{}{dir}", site.config.base_url));
    let edition_href = |ed: &Edition| urls::relative(dir, &format!("{}/", ed.id));
    let view = ChangesView {
        layout: layout(
            site,
            theme,
            dir,
            title,
            canonical,
            edition.status != EditionStatus::Current,
        ),
        edition: view::edition_view(
            edition,
            &rendered.editions[e].note_html,
            language,
            edition_href(edition),
            Some("index.html".to_string()),
        ),
        against: view::edition_view(
            old,
            &rendered.editions[a].note_html,
            language,
            edition_href(old),
            None,
        ),
        banner: banner_for(site, e, None, dir),
        added: pages_where(edition, changes, |c| c.is_new())
            .map(|p| link(edition, p))
            .collect(),
        removed: changes
            .removed
            .iter()
            .map(|&q| link(old, &old.pages[q]))
            .collect(),
        renamed: renamed(edition, old, changes)
            .map(|(new, before)| RenamedPage {
                old: link(old, before),
                new: link(edition, new),
            })
            .collect(),
        changed: edition
            .pages
            .iter()
            .zip(&changes.pages)
            .filter_map(|(page, change)| {
                let diff = change.diff.as_ref()?;
                let before = &old.pages[change.before?];
                Some(ChangedPage {
                    anchor: page_anchor(page),
                    new: link(edition, page),
                    old: link(old, before),
                    groups: groups(&diff::condense(&diff.blocks)),
                })
            })
            .collect(),
        unchanged: changes
            .pages
            .iter()
            .filter(|c| !c.is_new() && c.diff.is_none())
            .count(),
    };
    theme.render("changes.html", &view)
}

fn page_link<'a>(dir: &str, edition: &Edition, page: &'a Page) -> PageLink<'a> {
    PageLink {
        title: &page.title,
        path: &page.url,
        href: urls::relative(dir, &format!("{}/{}", edition.id, page.url)),
    }
}

fn pages_where<'a>(
    edition: &'a Edition,
    changes: &'a EditionChanges,
    keep: impl Fn(&super::history::PageChange) -> bool + 'a,
) -> impl Iterator<Item = &'a Page> + 'a {
    edition
        .pages
        .iter()
        .zip(&changes.pages)
        .filter(move |(_, c)| keep(c))
        .map(|(p, _)| p)
}

/// Pages at a new address or under a new title, with the version before.
fn renamed<'a>(
    edition: &'a Edition,
    old: &'a Edition,
    changes: &'a EditionChanges,
) -> impl Iterator<Item = (&'a Page, &'a Page)> + 'a {
    edition
        .pages
        .iter()
        .zip(&changes.pages)
        .filter_map(move |(page, c)| {
            let before = &old.pages[c.before?];
            (before.url != page.url || before.title != page.title).then_some((page, before))
        })
}

/// Condensed diff blocks, consecutive list items and table rows gathered into one element.
fn groups(shown: &[Shown]) -> Vec<DiffGroup> {
    let mut groups: Vec<DiffGroup> = Vec::new();
    for item in shown {
        let block = match item {
            Shown::Gap(n) => {
                groups.push(group("gap", 0, false, *n));
                continue;
            }
            Shown::Block(block) => block,
        };
        let (kind, level, ordered) = match block.kind {
            BlockKind::Heading(level) => ("heading", (level + 2).min(6), false),
            BlockKind::Paragraph | BlockKind::Html => ("paragraph", 0, false),
            BlockKind::Quote => ("quote", 0, false),
            BlockKind::Code => ("code", 0, false),
            BlockKind::ListItem { ordered, .. } => ("list", 0, ordered),
            BlockKind::TableRow { .. } => ("table", 0, false),
        };
        let joins = matches!(kind, "list" | "table")
            && groups
                .last()
                .is_some_and(|g| g.kind == kind && g.ordered == ordered);
        if !joins {
            groups.push(group(kind, level, ordered, 0));
        }
        groups
            .last_mut()
            .expect("pushed above")
            .blocks
            .push(diff_block(block));
    }
    groups
}

fn group(kind: &'static str, level: u8, ordered: bool, skipped: usize) -> DiffGroup {
    DiffGroup {
        kind,
        level,
        ordered,
        blocks: Vec::new(),
        skipped,
    }
}

fn diff_block(block: &BlockChange) -> DiffBlock {
    let (depth, header) = match block.kind {
        BlockKind::ListItem { depth, .. } => (depth, false),
        BlockKind::TableRow { header } => (0, header),
        _ => (0, false),
    };
    DiffBlock {
        change: match block.change {
            Change::Same => "same",
            Change::Edited => "edited",
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Moved => "moved",
        },
        depth,
        header,
        parts: block
            .parts
            .iter()
            .map(|segments| {
                let mut previous = SegmentKind::Equal;
                segments
                    .iter()
                    .map(|s| {
                        let space_before =
                            s.kind == SegmentKind::Insert && previous == SegmentKind::Delete;
                        previous = s.kind;
                        DiffSegment {
                            kind: match s.kind {
                                SegmentKind::Equal => "equal",
                                SegmentKind::Delete => "delete",
                                SegmentKind::Insert => "insert",
                            },
                            text: s.text.clone(),
                            space_before,
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}
