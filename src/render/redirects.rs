//! Old root addresses keep answering.
//!
//! Readers are given the site-root address of a page (`/du-maa-gerne/`), and an edition that
//! renames, moves or removes that page must not break it. For every page that stood at the
//! root while its edition was current (every published edition was) and whose root address
//! the current edition no longer fills:
//!
//! - renamed or moved (the same `id` is in the current edition): a small page that sends the
//!   browser on (meta refresh, canonical link, `noindex`, a visible link), plus a line in
//!   `_redirects` (`from to 301`) for web hosts that read that file;
//! - removed: a page that says in which edition (and when) the page was removed, and links to
//!   it in the last edition that had it and to the front page; `noindex`.
//!
//! Files pages linked to (images, PDFs) keep answering at their old root addresses too: a file
//! the current edition no longer has is published there from the last edition that had it.
//!
//! Addresses the build already fills (pages, assets, pjece's own files) are left alone, and so
//! are addresses under an edition folder or one of pjece's own names.

use super::frame::{last_edition_with, layout, removed_in};
use super::server_rules::Redirect;
use super::view::{RedirectView, RemovedView};
use super::Ctx;
use crate::address::{Mount, OutPath};
use crate::content::{EditionStatus, PageRef};
use crate::output::OutputFile;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The pages at vacated root addresses, and the redirects among them.
pub(super) fn all(
    ctx: &Ctx<'_>,
    files: &[OutputFile],
    used_assets: &[BTreeSet<usize>],
) -> Result<(Vec<OutputFile>, Vec<Redirect>)> {
    let taken: HashSet<&OutPath> = files.iter().map(|f| &f.path).collect();
    let mut out = vacated_asset_addresses(ctx, &taken, used_assets);
    let mut redirects = Vec::new();
    for (old, at) in vacated_root_addresses(ctx, &taken) {
        let page = ctx.site.page(at);
        let current = ctx.site.current();
        let shown = ctx.site.config.display(&page.source);
        let html = match current.page_by_id(&page.id) {
            Some(moved) => {
                let new = ctx.page_address(ctx.site.current, moved, Mount::SiteRoot);
                let html = redirect_page(ctx, &old, &new, &moved.title);
                redirects.push(Redirect {
                    from: old.clone(),
                    to: new,
                });
                html
            }
            None => removed_page(ctx, &old, at),
        }
        .with_context(|| format!("while rendering the old address of {}", shown.display()))?;
        out.push(OutputFile::generated(
            &old,
            format!("the old address of {}", shown.display()),
            html,
        ));
    }
    Ok((out, redirects))
}

/// Root addresses that published editions gave pages and that nothing fills now, each with
/// the page that stood there last.
fn vacated_root_addresses(ctx: &Ctx<'_>, taken: &HashSet<&OutPath>) -> BTreeMap<OutPath, PageRef> {
    let site = ctx.site;
    let reserved = reserved_at_root(ctx);
    let mut vacated = BTreeMap::new();
    let was_current =
        |e: usize| e < site.current && site.editions[e].status == EditionStatus::Archived;
    for at in site.page_refs().filter(|at| was_current(at.edition)) {
        let page = site.page(at);
        let root = ctx.page_address(at.edition, page, Mount::SiteRoot);
        let top = page.url.split('/').next().unwrap_or_default();
        if taken.contains(&root.as_file()) || reserved.contains(&top) {
            continue;
        }
        // Oldest first, so the page that stood there last wins.
        vacated.insert(root, at);
    }
    vacated
}

/// Files that pages of once-current editions linked to at the root, and that nothing fills
/// now, each from the newest edition that had it.
fn vacated_asset_addresses(
    ctx: &Ctx<'_>,
    taken: &HashSet<&OutPath>,
    used_assets: &[BTreeSet<usize>],
) -> Vec<OutputFile> {
    let site = ctx.site;
    let reserved = reserved_at_root(ctx);
    let mut vacated: BTreeMap<OutPath, OutputFile> = BTreeMap::new();
    for e in (0..site.current).filter(|&e| site.editions[e].status == EditionStatus::Archived) {
        let edition = &site.editions[e];
        for &i in &used_assets[e] {
            let asset = &edition.assets[i];
            let root = ctx
                .addresses
                .asset(&edition.id.0, &asset.path, Mount::SiteRoot);
            let top = asset.path.split('/').next().unwrap_or_default();
            if taken.contains(&root) || reserved.contains(&top) {
                continue;
            }
            // Oldest first, so the newest copy wins.
            vacated.insert(
                root.clone(),
                OutputFile::copied(
                    root,
                    asset.source.clone(),
                    site.config.display(&asset.source),
                ),
            );
        }
    }
    vacated.into_values().collect()
}

/// Top-level names at the root that belong to pjece's own files or to edition folders.
fn reserved_at_root<'a>(ctx: &Ctx<'a>) -> Vec<&'a str> {
    let mut reserved: Vec<&str> = ctx.addresses.reserved_at_root();
    reserved.extend(ctx.site.editions.iter().map(|e| e.id.0.as_str()));
    reserved
}

fn redirect_page(ctx: &Ctx<'_>, old: &OutPath, new: &OutPath, title: &str) -> Result<String> {
    let view = RedirectView {
        layout: layout(
            ctx,
            old,
            format!("{title} – {}", ctx.site.title()),
            Some(ctx.addresses.absolute(new)),
            true,
        ),
        title,
        href: old.href_to(new),
        url: ctx.addresses.absolute(new),
    };
    ctx.render("redirect.html", &view)
}

fn removed_page(ctx: &Ctx<'_>, old: &OutPath, at: PageRef) -> Result<String> {
    let site = ctx.site;
    let page = site.page(at);
    let last = last_edition_with(ctx, &page.id).unwrap_or(at.edition);
    let last_page = site.editions[last].page_by_id(&page.id).unwrap_or(page);
    let removed = removed_in(ctx, &page.id).context("a removed page has an edition after it")?;
    let view = RemovedView {
        layout: layout(
            ctx,
            old,
            format!("{} – {}", page.title, site.title()),
            None,
            true,
        ),
        title: &last_page.title,
        removed_in: removed,
        last_label: &site.editions[last].label,
        last_href: old.href_to(&ctx.page_address(last, last_page, Mount::EditionFolder)),
    };
    ctx.render("removed.html", &view)
}
