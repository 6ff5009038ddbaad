//! What every page kind shares around its content: the layout (`base.html`: header, links to
//! the front page, the editions overview and the feed) and the notice on pages of archived
//! editions and drafts.

use super::here::Hrefs;
use super::view::{Banner, ColorsView, FooterLinkView, Layout, LogoView, PortalLinks, RemovedIn};
use super::Ctx;
use crate::address::Mount;
use crate::address::OutPath;
use crate::config::Colors;
use crate::content::{EditionStatus, Page};
use crate::contrast::{self, Rgb};

/// What the layout of every page is made from: the site's settings, the theme, the address
/// scheme, and what is worked out once per build (colours, contact). A guideline's pages
/// have it from their [`Ctx`]; a portal's own pages from the portal.
pub(crate) struct Frame<'a> {
    pub(crate) config: &'a crate::config::SiteConfig,
    pub(crate) theme: &'a crate::theme::Theme,
    pub(crate) addresses: &'a crate::address::Addresses,
    pub(crate) colors: &'a ColorsView,
    pub(crate) contact_html: Option<&'a str>,
    /// In a portal, the guideline the page belongs to (for the breadcrumbs), if any.
    pub(crate) guideline: Option<GuidelineCrumb<'a>>,
}

/// The guideline a page of a portal belongs to.
#[derive(Clone, Copy)]
pub(crate) struct GuidelineCrumb<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    /// The guideline's current edition: its front page at the guideline's root.
    pub(crate) root: &'a OutPath,
}

impl<'a> Ctx<'a> {
    /// The frame of this guideline's pages.
    pub(crate) fn frame(&'a self) -> Frame<'a> {
        Frame {
            config: &self.site.config,
            theme: self.theme,
            addresses: self.addresses,
            colors: &self.model.colors,
            contact_html: self.model.contact_html.as_deref(),
            guideline: (self.guideline_root.as_ref())
                .zip(self.site.guideline.as_ref())
                .map(|(root, g)| GuidelineCrumb {
                    id: &g.id.0,
                    title: self.site.title(),
                    root,
                }),
        }
    }
}

/// The layout of the page at `here`.
pub(super) fn layout<'a>(
    ctx: &'a Ctx<'a>,
    here: &impl Hrefs,
    title: String,
    canonical: Option<String>,
    noindex: bool,
) -> Layout<'a> {
    layout_in(ctx.frame(), here, title, canonical, noindex)
}

/// The layout of the page at `here` in `frame`.
pub(super) fn layout_in<'a>(
    frame: Frame<'a>,
    here: &impl Hrefs,
    title: String,
    canonical: Option<String>,
    noindex: bool,
) -> Layout<'a> {
    let config = frame.config;
    let a = frame.addresses;
    Layout {
        lang: config.language.code(),
        site_title: &config.title,
        organisation: &config.organisation,
        root: here.to_root(),
        title,
        canonical,
        noindex,
        home_href: here.href_to(&if a.in_portal() {
            a.portal_front()
        } else {
            a.site_root()
        }),
        editions_href: here.href_to(&if a.in_portal() && frame.guideline.is_none() {
            a.recent_changes()
        } else {
            a.editions_overview()
        }),
        feed_href: here.href_to(&a.feed()),
        fonts_href: here.href_to(&a.static_file("fonts/fonts.css")),
        logo: config.logo.as_ref().map(|logo| LogoView {
            src: here.href_to(&a.logo(logo)),
            on_dark_src: config
                .logo_on_dark
                .as_ref()
                .map(|dark| here.href_to(&a.logo_on_dark(dark))),
        }),
        colors: frame.colors,
        contact_html: frame.contact_html,
        accessibility_statement: config.accessibility_statement.as_deref(),
        footer_links: config
            .footer_links
            .iter()
            .map(|l| FooterLinkView {
                text: &l.text,
                url: &l.url,
            })
            .collect(),
        search_href: config.search.then(|| here.href_to(&a.search_page())),
        search_guideline: frame.guideline.map(|g| g.id),
        portal: a.in_portal().then(|| PortalLinks {
            front_title: frame
                .theme
                .strings
                .get("portal_front")
                .cloned()
                .unwrap_or_default(),
            front_href: here.href_to(&a.portal_front()),
            in_force_href: here.href_to(&a.in_force()),
            guideline_title: frame.guideline.map(|g| g.title),
            guideline_href: frame.guideline.map(|g| here.href_to(g.root)),
        }),
    }
}

/// The dark colour scheme's page background; the `*_on_dark` shades are checked against it.
pub(crate) const DARK_PAPER: Rgb = Rgb(0x14, 0x1a, 0x1e);

/// The tinted light backgrounds of the kommune theme (`--tint`, `--warn-bg`, `--info-bg` in
/// style.css) that carry links: site.yaml's colours are checked against white only, so links
/// on these get a shade that passes on each.
pub(crate) const LIGHT_TINTS: [Rgb; 3] = [
    Rgb(0xf5, 0xf5, 0xf5),
    Rgb(0xff, 0xf1, 0xc2),
    Rgb(0xe6, 0xf1, 0xf6),
];

/// The site's colours, with lighter shades of them that read on the dark scheme's page and
/// darker ones, where needed, for the tinted boxes of the light scheme.
pub(crate) fn colors(colors: Colors) -> ColorsView {
    let on_dark = |c: Rgb| contrast::lighter_passing(c, DARK_PAPER, 7.0).hex();
    let on_tint = LIGHT_TINTS.iter().fold(colors.primary, |c, &tint| {
        if contrast::ratio(c, tint) >= contrast::AA_TEXT {
            c
        } else {
            contrast::darker_passing(c, tint, contrast::AA_TEXT)
        }
    });
    ColorsView {
        primary_on_tint: on_tint.hex(),
        primary: colors.primary.hex(),
        accent: colors.accent.hex(),
        primary_on_dark: on_dark(colors.primary),
        accent_on_dark: on_dark(colors.accent),
    }
}

/// "Gode råd – Retningslinjer", with the edition's label outside the current edition.
pub(super) fn page_title(ctx: &Ctx<'_>, e: usize, page: &Page) -> String {
    let site_title = ctx.site.title();
    let edition = &ctx.site.editions[e];
    let mut title = if page.title == site_title {
        site_title.to_string()
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
    here: &impl Hrefs,
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
