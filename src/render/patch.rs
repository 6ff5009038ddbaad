//! Showing a one-page text edit before the whole site is built again (`pjece serve`).
//!
//! Most saves change the text of one page and nothing else. Its new text reaches other files
//! too (the "what changed" page, the leaflet, the search index), but what the author is
//! looking at is the page itself. [`page_edit`] renders just that page, at each of its
//! addresses, from the [`Model`] of the last good build with the page's new text put in, so
//! `serve` can show it at once and then build the whole site as usual, which brings every
//! other file up to date.
//!
//! The shortcut is only taken when the page comes out exactly as a full build would render
//! it; otherwise it answers `None` and the full build shows the save. It declines when:
//! - the front matter changed (title, summary, weight, id: other pages show those);
//! - a link in the new text is broken, or links to a file no page linked to before (the
//!   full build reports the one and publishes the other), or the text gives an id twice;
//! - an `#anchor` link out of the page finds no target, or an id that other pages may link
//!   to is gone from the page;
//! - the page turns from unchanged to changed against the edition before it, or back (its
//!   "last changed" line and history would change).

use super::links;
use super::{history, pages, Ctx, Model, PageText, Reuse};
use crate::address::Addresses;
use crate::content::{Page, PageRef, Site};
use crate::markdown::ReadText;
use crate::output::{OutputFile, PageSink};
use crate::theme::Theme;
use anyhow::Result;

/// A page as saved: where it stands in the last good build, and the page read again.
pub struct PageEdit {
    pub at: PageRef,
    pub page: Page,
}

/// The files of the edited pages, as the next full build will render them, or `None` when
/// an edit reaches beyond its page (see the module documentation). On success `model` holds
/// the new text, so the next edit starts from it.
pub fn page_edit(
    site: &Site,
    theme: &Theme,
    addresses: &Addresses,
    model: &mut Model,
    reuse: &Reuse,
    edits: &[PageEdit],
) -> Result<Option<Vec<OutputFile>>> {
    let mut texts = Vec::with_capacity(edits.len());
    for edit in edits {
        match new_text(site, addresses, model, reuse, edit) {
            Some(text) => texts.push(text),
            None => return Ok(None),
        }
    }
    for (edit, text) in edits.iter().zip(texts) {
        model.text[edit.at.edition].pages[edit.at.page] = text;
    }
    let ctx = Ctx {
        site,
        theme,
        addresses,
        reuse,
        sink: PageSink::Memory,
        model,
        guideline_root: addresses.in_portal().then(|| addresses.site_root()),
    };
    let mut files = Vec::new();
    for edit in edits {
        files.extend(pages::page_files(&ctx, edit.at)?);
    }
    Ok(Some(files))
}

/// The edited page's linked text, if the edit changes nothing but that page.
fn new_text(
    site: &Site,
    addresses: &Addresses,
    model: &Model,
    reuse: &Reuse,
    edit: &PageEdit,
) -> Option<PageText> {
    let PageEdit { at, page } = edit;
    let edition = &site.editions[at.edition];
    let old = site.page(*at);
    if !same_front_matter(old, page) {
        return None;
    }
    // Read as the whole build reads it, so that the build after this finds it done.
    let read = ReadText::when(crate::readability::judges(&site.config, edition));
    let mut rendered = reuse.markdown(
        &page.body,
        page.body_line_offset,
        site.config.raw_html,
        read,
    );
    if !rendered.duplicate_ids.is_empty() {
        return None;
    }
    // Only a site of one guideline takes this way, with no other guideline to link to.
    let resolved = links::resolve_page(edition, page, &mut rendered, addresses, None, |p| {
        site.config.display(p)
    });
    let used = &model.used_assets[at.edition];
    if !resolved.problems.is_empty() || !resolved.assets.iter().all(|a| used.contains(a)) {
        return None;
    }
    let text = &model.text[at.edition].pages;
    let new_ids = links::element_ids(&resolved.page.html);
    let anchors_found = resolved.page.internal.iter().all(|link| {
        link.anchor.as_deref().is_none_or(|anchor| {
            if link.target == at.page {
                new_ids.contains(anchor)
            } else {
                links::element_ids(&text[link.target].html).contains(anchor)
            }
        })
    });
    let ids_kept = links::element_ids(&text[at.page].html).is_subset(&new_ids);
    if !anchors_found || !ids_kept || changes_status(site, model, *at, page) {
        return None;
    }
    Some(PageText {
        html: resolved.page.html,
        headings: rendered.headings,
    })
}

/// Everything but the text and where it starts: what other pages show of this one.
fn same_front_matter(old: &Page, new: &Page) -> bool {
    old.id == new.id
        && old.source == new.source
        && old.path == new.path
        && old.url == new.url
        && old.title == new.title
        && old.weight == new.weight
        && old.summary == new.summary
}

/// Whether the new text turns the page from unchanged to changed against the edition before
/// it, or back.
fn changes_status(site: &Site, model: &Model, at: PageRef, page: &Page) -> bool {
    let change = model.timeline.page(at);
    let (Some(before), Some(against)) =
        (change.before, model.timeline.editions[at.edition].against)
    else {
        return false;
    };
    let old = &site.editions[against].pages[before];
    history::text_diff(&old.body, &page.body).is_some() != change.diff.is_some()
}
