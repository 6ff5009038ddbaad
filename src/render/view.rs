//! The template contract: typed views handed to Tera.
//!
//! Templates see only these structs (never an ad-hoc map), so a misspelt field is a Tera error
//! naming the template and line, and a rename on the Rust side happens in one place.

use crate::config::Language;
use crate::content::{Edition, EditionStatus};
use crate::diff::{Change, SegmentKind};
use crate::markdown::Heading;
use serde::Serialize;

/// What the shared layout (`base.html`) needs on every page. The interface strings are at
/// `layout.t` too: the theme adds them from one value shared by all pages (`Theme::render`).
#[derive(Debug, Serialize)]
pub(crate) struct Layout<'a> {
    pub(crate) lang: &'static str,
    pub(crate) site_title: &'a str,
    pub(crate) organisation: &'a str,
    /// The relative path from this page to the site root (`""`, `"../"`, …), for static files.
    pub(crate) root: String,
    /// The document `<title>`.
    pub(crate) title: String,
    pub(crate) canonical: Option<String>,
    /// Archived editions and drafts stay out of search engines.
    pub(crate) noindex: bool,
    pub(crate) home_href: String,
    pub(crate) editions_href: String,
    pub(crate) feed_href: String,
    /// The theme's `static/fonts/fonts.css`, so the web pages use the leaflet's typeface.
    pub(crate) fonts_href: String,
    /// `logo` and `logo_on_dark` from site.yaml; the organisation's name is the alt text.
    pub(crate) logo: Option<LogoView>,
    pub(crate) colors: &'a ColorsView,
    /// `contact` from site.yaml as HTML (raw HTML in it shown as text).
    pub(crate) contact_html: Option<&'a str>,
    pub(crate) accessibility_statement: Option<&'a str>,
    pub(crate) footer_links: Vec<FooterLinkView<'a>>,
    /// The search page the header's search box sends its query to; `None` with `search: false`.
    pub(crate) search_href: Option<String>,
    /// On a guideline's pages in a portal: the guideline the search box searches (the search
    /// page offers all guidelines too).
    pub(crate) search_guideline: Option<&'a str>,
    /// On every page of a portal: the way back to its front page and its guideline.
    pub(crate) portal: Option<PortalLinks<'a>>,
}

/// The portal around a page: its front page, the page of editions in force on a date, and
/// the guideline the page belongs to (none on the portal's own pages).
#[derive(Debug, Serialize)]
pub(crate) struct PortalLinks<'a> {
    pub(crate) front_title: String,
    pub(crate) front_href: String,
    pub(crate) in_force_href: String,
    pub(crate) guideline_title: Option<&'a str>,
    pub(crate) guideline_href: Option<String>,
}

/// The logo for the page's light background and, when the site has one, the dark header bar.
#[derive(Debug, Serialize)]
pub(crate) struct LogoView {
    pub(crate) src: String,
    /// `logo_on_dark`; without it the header shows `src` on a light plate.
    pub(crate) on_dark_src: Option<String>,
}

/// The site's colours as CSS values (`#rrggbb`), for custom properties in each page's head.
/// The `*_on_dark` shades are for the dark colour scheme, where links sit on a dark page.
#[derive(Debug, Serialize)]
pub(crate) struct ColorsView {
    pub(crate) primary: String,
    /// `primary`, darkened where needed to keep 4.5:1 on the theme's tinted light
    /// backgrounds (footer, alerts, the table of contents), for links there.
    pub(crate) primary_on_tint: String,
    pub(crate) accent: String,
    pub(crate) primary_on_dark: String,
    pub(crate) accent_on_dark: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct FooterLinkView<'a> {
    pub(crate) text: &'a str,
    pub(crate) url: &'a str,
}

#[derive(Debug, Serialize)]
pub(crate) struct EditionView<'a> {
    pub(crate) id: &'a str,
    pub(crate) label: &'a str,
    pub(crate) published: String,
    pub(crate) published_iso: String,
    pub(crate) status: EditionStatus,
    pub(crate) note_html: &'a str,
    /// From the page being rendered to this edition's front page.
    pub(crate) href: String,
    /// From the page being rendered to this edition's "what changed" page, if it has one.
    pub(crate) changes_href: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) layout: Layout<'a>,
    pub(crate) edition: EditionView<'a>,
    pub(crate) title: &'a str,
    /// The anchor of the body's `# …` that repeats the title, which the page's main heading
    /// carries instead, since `content` leaves that heading out.
    pub(crate) title_id: Option<&'a str>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) content: &'a str,
    pub(crate) is_front_page: bool,
    pub(crate) toc: Vec<&'a Heading>,
    /// Pages of the edition; pages in sub-folders nested under their folder.
    pub(crate) nav: Vec<NavItem<'a>>,
    /// From the edition's front page through the page's folders to the page itself (the
    /// last crumb, without a link); empty on the front page.
    pub(crate) breadcrumbs: Vec<Crumb>,
    pub(crate) switcher: Vec<SwitchLink<'a>>,
    pub(crate) banner: Option<Banner<'a>>,
    pub(crate) history: PageHistory<'a>,
    /// The edition's print leaflet, when it has one.
    pub(crate) leaflet_href: Option<String>,
    /// The marks for the search index this copy of the page carries, when it is marked up
    /// for it (see `search::prepare`); part of the view so that a page taken over from the
    /// last build carries the same marks.
    pub(crate) indexed_in: Option<crate::search::Marks>,
}

/// When a page's text last changed, and every edition in which it did.
#[derive(Debug, Serialize)]
pub(crate) struct PageHistory<'a> {
    /// The date of the edition in which the text last changed (not the build date).
    pub(crate) last_changed: String,
    pub(crate) last_changed_iso: String,
    /// Newest first; the last entry is the edition in which the page appeared.
    pub(crate) entries: Vec<HistoryEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct HistoryEntry<'a> {
    pub(crate) label: &'a str,
    pub(crate) published: String,
    pub(crate) published_iso: String,
    pub(crate) note_html: &'a str,
    /// To the page as it read in that edition.
    pub(crate) page_href: String,
    /// To this page's changes on that edition's "what changed" page, or, for the edition in
    /// which the page appeared, to the page in that edition.
    pub(crate) href: String,
    pub(crate) is_diff: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct NavLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) summary: Option<&'a str>,
    pub(crate) href: String,
    pub(crate) current: bool,
}

/// An entry of the navigation: a page, or a folder of pages listed under it.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum NavItem<'a> {
    Page(NavLink<'a>),
    Folder(NavFolder<'a>),
}

/// A sub-folder of an edition in the navigation.
#[derive(Debug, Serialize)]
pub(crate) struct NavFolder<'a> {
    /// The title of the folder's `index.md`, else its name in words (`gode-raad` → "Gode raad").
    pub(crate) title: String,
    /// To the folder's `index.md`, when it has one.
    pub(crate) href: Option<String>,
    /// The folder's own page is the one shown.
    pub(crate) current: bool,
    /// The folder's segment in the source path, to find it again while nesting.
    #[serde(skip)]
    pub(crate) name: String,
    pub(crate) items: Vec<NavItem<'a>>,
}

/// One step of the breadcrumbs.
#[derive(Debug, Serialize)]
pub(crate) struct Crumb {
    pub(crate) title: String,
    /// `None` for the page shown, and for a folder without a page of its own.
    pub(crate) href: Option<String>,
}

/// One entry of the edition switcher: the same page in another edition, or its front page.
#[derive(Debug, Serialize)]
pub(crate) struct SwitchLink<'a> {
    pub(crate) label: &'a str,
    pub(crate) published: String,
    pub(crate) status: EditionStatus,
    pub(crate) href: String,
    /// This is the edition being shown.
    pub(crate) current: bool,
    /// The page exists in that edition (else the link goes to its front page).
    pub(crate) same_page: bool,
}

/// The notice on pages that are not from the current edition.
#[derive(Debug, Serialize)]
pub(crate) struct Banner<'a> {
    /// `archived` or `draft`.
    pub(crate) kind: EditionStatus,
    pub(crate) current_label: &'a str,
    pub(crate) current_href: String,
    pub(crate) same_page: bool,
    /// The page shown no longer exists in the current edition: the edition that removed it.
    pub(crate) removed_in: Option<RemovedIn<'a>>,
    /// The edition's date, and the date it was replaced (archived editions).
    pub(crate) valid_from: String,
    pub(crate) valid_until: Option<String>,
}

/// The edition in which a page was removed.
#[derive(Debug, Serialize)]
pub(crate) struct RemovedIn<'a> {
    pub(crate) label: &'a str,
    pub(crate) published: String,
    pub(crate) published_iso: String,
}

/// A page at an old root address that now stands elsewhere.
#[derive(Debug, Serialize)]
pub(crate) struct RedirectView<'a> {
    pub(crate) layout: Layout<'a>,
    pub(crate) title: &'a str,
    /// Relative, for the refresh and the visible link.
    pub(crate) href: String,
    /// Absolute, for the canonical link.
    pub(crate) url: String,
}

/// A page at an old root address whose page no longer exists.
#[derive(Debug, Serialize)]
pub(crate) struct RemovedView<'a> {
    pub(crate) layout: Layout<'a>,
    pub(crate) title: &'a str,
    pub(crate) removed_in: RemovedIn<'a>,
    /// The last edition that had the page, and the page there.
    pub(crate) last_label: &'a str,
    pub(crate) last_href: String,
}

/// An edition's "what changed" page.
#[derive(Debug, Serialize)]
pub(crate) struct ChangesView<'a> {
    pub(crate) layout: Layout<'a>,
    pub(crate) edition: EditionView<'a>,
    /// The edition compared with.
    pub(crate) against: EditionView<'a>,
    pub(crate) banner: Option<Banner<'a>>,
    pub(crate) added: Vec<PageLink<'a>>,
    pub(crate) removed: Vec<PageLink<'a>>,
    pub(crate) renamed: Vec<RenamedPage<'a>>,
    pub(crate) changed: Vec<ChangedPage<'a>>,
    /// Pages whose text is the same in both editions.
    pub(crate) unchanged: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct PageLink<'a> {
    pub(crate) title: &'a str,
    /// The page's address within its edition, as readers see it (`gode-raad/`).
    pub(crate) path: &'a str,
    pub(crate) href: String,
}

/// A page found by its `id` at another address or under another title.
#[derive(Debug, Serialize)]
pub(crate) struct RenamedPage<'a> {
    pub(crate) old: PageLink<'a>,
    pub(crate) new: PageLink<'a>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ChangedPage<'a> {
    /// The element id of this page's section, linked from the page's history.
    pub(crate) anchor: String,
    pub(crate) new: PageLink<'a>,
    pub(crate) old: PageLink<'a>,
    pub(crate) groups: Vec<DiffGroup>,
}

/// Consecutive diff blocks shown in one element: a list, a table, or a single block.
#[derive(Debug, Serialize)]
pub(crate) struct DiffGroup {
    pub(crate) kind: GroupKind,
    /// For headings: the HTML level on the changes page, below its page titles (`h3`).
    pub(crate) level: u8,
    pub(crate) ordered: bool,
    pub(crate) blocks: Vec<DiffBlock>,
    /// For gaps: how many unchanged blocks are left out.
    pub(crate) skipped: usize,
}

/// What element a [`DiffGroup`] is shown as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum GroupKind {
    Heading,
    Paragraph,
    Quote,
    Code,
    List,
    Table,
    /// Unchanged blocks left out.
    Gap,
}

#[derive(Debug, Serialize)]
pub(crate) struct DiffBlock {
    pub(crate) change: Change,
    /// List nesting depth, 1 for top-level items.
    pub(crate) depth: u8,
    /// A table's header row.
    pub(crate) header: bool,
    /// The text, one list of segments per table cell (else one).
    pub(crate) parts: Vec<Vec<DiffSegment>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct DiffSegment {
    pub(crate) kind: SegmentKind,
    pub(crate) text: String,
    /// An insertion right after a deletion, set apart from it by a space.
    pub(crate) space_before: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct EditionsView<'a> {
    pub(crate) layout: Layout<'a>,
    pub(crate) editions: Vec<EditionView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct NotFoundView<'a> {
    pub(crate) layout: Layout<'a>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SitemapView {
    pub(crate) urls: Vec<SitemapUrl>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SitemapUrl {
    pub(crate) loc: String,
    pub(crate) lastmod: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct FeedView<'a> {
    pub(crate) lang: &'static str,
    pub(crate) title: &'a str,
    pub(crate) author: &'a str,
    pub(crate) id: String,
    pub(crate) self_url: String,
    pub(crate) site_url: String,
    pub(crate) updated: String,
    pub(crate) entries: Vec<FeedEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FeedEntry<'a> {
    pub(crate) title: &'a str,
    /// The guideline's title, in a portal's feed across guidelines.
    pub(crate) guideline: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) id: String,
    pub(crate) updated: String,
    pub(crate) content_html: String,
}

pub(crate) fn edition_view<'a>(
    edition: &'a Edition,
    note_html: &'a str,
    language: Language,
    href: String,
    changes_href: Option<String>,
) -> EditionView<'a> {
    EditionView {
        id: &edition.id.0,
        label: &edition.label,
        published: edition.published.long(language),
        published_iso: edition.published.to_string(),
        status: edition.status,
        note_html,
        href,
        changes_href,
    }
}
