//! The "what changed" page of each edition (`<edition>/aendringer/`), through `changes.html`.
//!
//! Takes the [`Timeline`] (every comparison is already made there) and writes, for every
//! edition that has a published edition before it: the change note, pages added, removed and
//! renamed or moved (followed by `id`), and for each page whose text changed a condensed word
//! diff with links to both versions. Drafts get one too, against the current edition, so
//! editors can review a revision before publishing it.
//!
//! Each changed page's section has an anchor that the page's history links to; they are
//! worked out once for the whole site ([`section_anchors`]), so that both agree.

use super::frame::{banner, layout};
use super::history::{EditionChanges, PageChange, Timeline};
use super::view::{
    self, ChangedPage, ChangesView, DiffBlock, DiffGroup, DiffSegment, GroupKind, PageLink,
    RenamedPage,
};
use super::Ctx;
use crate::address::{Addresses, Mount, OutPath};
use crate::content::{Edition, EditionStatus, Page, Site};
use crate::diff::{self, BlockChange, BlockKind, SegmentKind, Shown};
use crate::output::OutputFile;
use anyhow::{Context, Result};
use rayon::prelude::*;

pub(super) fn all(ctx: &Ctx<'_>) -> Result<Vec<OutputFile>> {
    (0..ctx.site.editions.len())
        .into_par_iter()
        .filter(|&e| ctx.model.timeline.editions[e].against.is_some())
        .map(|e| {
            let id = ctx.edition_id(e);
            let here = ctx.addresses.changes(id);
            let html = render(ctx, e, &here)
                .with_context(|| format!("while rendering the changes of {id}"))?;
            Ok(OutputFile::generated(
                &here,
                format!("the “what changed” page of edition `{id}`"),
                html,
            ))
        })
        .collect()
}

fn render<'a>(ctx: &'a Ctx<'a>, e: usize, here: &OutPath) -> Result<String> {
    let site = ctx.site;
    let changes = &ctx.model.timeline.editions[e];
    let a = changes.against.expect("only editions with a predecessor");
    let (edition, old) = (&site.editions[e], &site.editions[a]);
    let language = site.config.language;
    let link = |ed: &Edition, page: &'a Page| page_link(ctx.addresses, here, ed, page);
    let strings = &ctx.theme.strings;
    let title = format!(
        "{} {} – {}",
        strings.get("changes_title").map_or("", String::as_str),
        edition.label,
        site.title()
    );
    let canonical = (edition.status != EditionStatus::Draft).then(|| ctx.addresses.absolute(here));
    let edition_href =
        |ed: &Edition| here.href_to(&ctx.addresses.edition_root(&ed.id.0, Mount::EditionFolder));
    let view = ChangesView {
        layout: layout(
            ctx,
            here,
            title,
            canonical,
            edition.status != EditionStatus::Current,
        ),
        edition: view::edition_view(
            edition,
            &ctx.model.text[e].note_html,
            language,
            edition_href(edition),
            Some(here.href_to(here)),
        ),
        against: view::edition_view(
            old,
            &ctx.model.text[a].note_html,
            language,
            edition_href(old),
            None,
        ),
        banner: banner(ctx, e, None, here),
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
            .enumerate()
            .filter_map(|(p, (page, change))| {
                let diff = change.diff.as_ref()?;
                let before = &old.pages[change.before?];
                Some(ChangedPage {
                    anchor: ctx.model.change_anchors[e].of(p)?.to_string(),
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
    ctx.render("changes.html", &view)
}

/// The element id of each changed page's section on its edition's "what changed" page, by
/// page of the edition.
pub(crate) struct SectionAnchors(Vec<Option<String>>);

impl SectionAnchors {
    /// The anchor of page `page`'s section; `None` for a page without one.
    pub(crate) fn of(&self, page: usize) -> Option<&str> {
        self.0.get(page)?.as_deref()
    }
}

/// The anchors of every "what changed" page, by edition: `side-<slug of the page id>`
/// ([`Addresses::changes_anchor`]), which two ids can share (`råd` and `raad`, the file
/// `a/b.md` and the id `a-b`). Then the first section in the page keeps it, as links to the
/// page have always landed there, and each later one is numbered (`side-raad-1`), so every
/// section has an anchor of its own and no anchor that stood alone before changes.
pub(crate) fn section_anchors(site: &Site, timeline: &Timeline) -> Vec<SectionAnchors> {
    site.editions
        .par_iter()
        .zip(&timeline.editions)
        .map(|(edition, changes)| {
            let plain = edition
                .pages
                .iter()
                .zip(&changes.pages)
                .map(|(page, change)| {
                    (changes.against.is_some() && has_section(change))
                        .then(|| Addresses::changes_anchor(&page.id.0))
                });
            SectionAnchors(numbered_after_the_first(plain.collect()))
        })
        .collect()
}

/// Whether a page has a section on its edition's "what changed" page: its text changed.
fn has_section(change: &PageChange) -> bool {
    change.before.is_some() && change.diff.is_some()
}

/// `anchors` with every repeat numbered: the first of each kept, the later ones given the
/// next number that no anchor in the list has.
fn numbered_after_the_first(anchors: Vec<Option<String>>) -> Vec<Option<String>> {
    let mut kept = std::collections::HashSet::new();
    let firsts: Vec<bool> = anchors
        .iter()
        .map(|anchor| anchor.as_ref().is_some_and(|a| kept.insert(a.clone())))
        .collect();
    let mut ids = crate::slug::IdAllocator::default();
    for anchor in &kept {
        ids.reserve(anchor);
    }
    anchors
        .into_iter()
        .zip(firsts)
        .map(|(anchor, first)| anchor.map(|a| if first { a } else { ids.unique(&a) }))
        .collect()
}

fn page_link<'a>(
    addresses: &Addresses,
    here: &OutPath,
    edition: &Edition,
    page: &'a Page,
) -> PageLink<'a> {
    PageLink {
        title: &page.title,
        path: &page.url,
        href: here.href_to(&addresses.page(&edition.id.0, &page.url, Mount::EditionFolder)),
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
                groups.push(group(GroupKind::Gap, 0, false, *n));
                continue;
            }
            Shown::Block(block) => block,
        };
        let (kind, level, ordered) = match block.kind {
            BlockKind::Heading(level) => (GroupKind::Heading, (level + 2).min(6), false),
            BlockKind::Paragraph | BlockKind::Html => (GroupKind::Paragraph, 0, false),
            BlockKind::Quote => (GroupKind::Quote, 0, false),
            BlockKind::Code => (GroupKind::Code, 0, false),
            BlockKind::ListItem { ordered, .. } => (GroupKind::List, 0, ordered),
            BlockKind::TableRow { .. } => (GroupKind::Table, 0, false),
        };
        let joins = matches!(kind, GroupKind::List | GroupKind::Table)
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

fn group(kind: GroupKind, level: u8, ordered: bool, skipped: usize) -> DiffGroup {
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
        change: block.change,
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
                            kind: s.kind,
                            text: s.text.clone(),
                            space_before,
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::numbered_after_the_first;

    #[test]
    fn repeated_anchors_are_numbered_after_the_first_and_lone_ones_kept() {
        let anchors = ["side-raad", "side-raad", "side-raad-1", "-", "side-raad"]
            .map(|a| (a != "-").then(|| a.to_string()));
        let numbered = numbered_after_the_first(anchors.to_vec());
        let shown: Vec<&str> = numbered
            .iter()
            .map(|a| a.as_deref().unwrap_or("-"))
            .collect();
        assert_eq!(
            shown,
            [
                "side-raad",
                "side-raad-2",
                "side-raad-1",
                "-",
                "side-raad-3"
            ]
        );
    }
}
