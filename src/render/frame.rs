//! What every page kind shares around its content: the layout (`base.html`: header, links to
//! the front page, the editions overview and the feed) and the notice on pages of archived
//! editions and drafts.

use super::view::{Banner, Layout, RemovedIn};
use super::Ctx;
use crate::address::{Mount, OutPath};
use crate::content::{EditionStatus, Page};

/// The layout of the page at `here`.
pub(super) fn layout<'a>(
    ctx: &'a Ctx<'a>,
    here: &OutPath,
    title: String,
    canonical: Option<String>,
    noindex: bool,
) -> Layout<'a> {
    let site = ctx.site;
    let a = ctx.addresses;
    Layout {
        lang: site.config.language.code(),
        site_title: &site.config.title,
        organisation: &site.config.organisation,
        t: &ctx.theme.strings,
        root: here.to_root(),
        title,
        canonical,
        noindex,
        home_href: here.href_to(&a.site_root()),
        editions_href: here.href_to(&a.editions_overview()),
        feed_href: here.href_to(&a.feed()),
        search_href: site.config.search.then(|| here.href_to(&a.search_page())),
    }
}

/// "Gode råd – Retningslinjer", with the edition's label outside the current edition.
pub(super) fn page_title(ctx: &Ctx<'_>, e: usize, page: &Page) -> String {
    let site_title = &ctx.site.config.title;
    let edition = &ctx.site.editions[e];
    let mut title = if &page.title == site_title {
        site_title.clone()
    } else {
        format!("{} – {site_title}", page.title)
    };
    if edition.status != EditionStatus::Current {
        title = format!("{title} ({})", edition.label);
    }
    title
}

/// The notice on pages of archived editions and drafts; `page` is the page shown, to link the
/// same page in the current edition, or to say that it no longer exists there.
pub(super) fn banner<'a>(
    ctx: &'a Ctx<'a>,
    e: usize,
    page: Option<&Page>,
    here: &OutPath,
) -> Option<Banner<'a>> {
    let site = ctx.site;
    let edition = &site.editions[e];
    if edition.status == EditionStatus::Current {
        return None;
    }
    let language = site.config.language;
    let current = site.current();
    let target = page.and_then(|page| current.page_by_id(&page.id));
    let current_address = match target {
        Some(t) => ctx.page_address(site.current, t, Mount::SiteRoot),
        None => ctx.addresses.site_root(),
    };
    let removed_in = match (page, target) {
        (Some(page), None) => removed_in(ctx, &page.id),
        _ => None,
    };
    Some(Banner {
        kind: edition.status,
        current_label: &current.label,
        current_href: here.href_to(&current_address),
        same_page: target.is_some(),
        removed_in,
        valid_from: edition.published.long(language),
        valid_until: site
            .next_published(e)
            .map(|next| next.published.long(language)),
    })
}

/// The published edition that dropped the page `id`: the one after the last that had it.
pub(super) fn removed_in<'a>(
    ctx: &'a Ctx<'a>,
    id: &crate::content::PageId,
) -> Option<RemovedIn<'a>> {
    let site = ctx.site;
    let last = last_edition_with(ctx, id)?;
    let next = site.next_published(last)?;
    Some(RemovedIn {
        label: &next.label,
        published: next.published.long(site.config.language),
        published_iso: next.published.to_string(),
    })
}

/// The newest published edition (up to the current one) that has the page `id`.
pub(super) fn last_edition_with(ctx: &Ctx<'_>, id: &crate::content::PageId) -> Option<usize> {
    let site = ctx.site;
    (0..=site.current).rev().find(|&i| {
        site.editions[i].status != EditionStatus::Draft && site.editions[i].page_by_id(id).is_some()
    })
}
