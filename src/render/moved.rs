//! Pages at addresses the site once had and no longer fills with a page of its own: a page
//! that sends the reader on to the new address, or one that says why the address is retired.
//!
//! Takes the site's settings, the theme and the site-wide address scheme (the portal's, or
//! the one guideline's); returns one [`OutputFile`] per address. The address ledger
//! (the `ledger` module) decides which addresses need one and where each leads; this module
//! only dresses them in the site's layout, like every other page.

use super::frame::{colors, layout_in, Frame};
use super::view::{ColorsView, Layout, RedirectView};
use crate::address::{Addresses, OutPath};
use crate::config::SiteConfig;
use crate::output::OutputFile;
use crate::theme::Theme;
use anyhow::{Context, Result};
use serde::Serialize;

/// What the pages at old addresses are made from, worked out once per build.
pub(crate) struct OldAddressPages<'a> {
    config: &'a SiteConfig,
    theme: &'a Theme,
    addresses: &'a Addresses,
    colors: ColorsView,
    contact_html: Option<String>,
}

/// A page at an address that is no longer in use, with the reason `site.yaml` gives.
#[derive(Serialize)]
struct RetiredView<'a> {
    layout: Layout<'a>,
    /// `retired:`'s reason as HTML (Markdown, raw HTML shown as text), so it can link on.
    reason_html: String,
}

impl<'a> OldAddressPages<'a> {
    /// `addresses` is the scheme of the site's own pages: the portal's, or the guideline's
    /// in a site of one guideline.
    pub(crate) fn new(config: &'a SiteConfig, theme: &'a Theme, addresses: &'a Addresses) -> Self {
        OldAddressPages {
            config,
            theme,
            addresses,
            colors: colors(config.colors),
            contact_html: config
                .contact
                .as_deref()
                .map(crate::markdown::render_fragment),
        }
    }

    fn frame(&self) -> Frame<'_> {
        Frame {
            config: self.config,
            theme: self.theme,
            addresses: self.addresses,
            colors: &self.colors,
            contact_html: self.contact_html.as_deref(),
            guideline: None,
        }
    }

    /// The page at `old` that sends the browser on to `new` (meta refresh, canonical link,
    /// `noindex`, a visible link named `title`).
    pub(crate) fn redirect(&self, old: &OutPath, new: &OutPath, title: &str) -> Result<OutputFile> {
        let url = self.addresses.absolute(new);
        let view = RedirectView {
            layout: layout_in(
                self.frame(),
                old,
                format!("{title} – {}", self.config.title),
                Some(url.clone()),
                true,
            ),
            title,
            href: old.href_to(new),
            url,
        };
        let html = self
            .theme
            .render("redirect.html", &view)
            .with_context(|| format!("while rendering the old address {old}"))?;
        Ok(OutputFile::generated(
            old,
            format!("the old address {old}, sent on to {new}"),
            html,
        ))
    }

    /// The page at `old` that says why the address no longer answers (`noindex`).
    pub(crate) fn retired(&self, old: &OutPath, reason: &str) -> Result<OutputFile> {
        let title = self
            .theme
            .strings
            .get("retired_title")
            .cloned()
            .unwrap_or_default();
        let view = RetiredView {
            layout: layout_in(
                self.frame(),
                old,
                format!("{title} – {}", self.config.title),
                None,
                true,
            ),
            reason_html: crate::markdown::render_fragment(reason),
        };
        let html = self
            .theme
            .render("retired.html", &view)
            .with_context(|| format!("while rendering the retired address {old}"))?;
        Ok(OutputFile::generated(
            old,
            format!("the retired address {old}"),
            html,
        ))
    }
}
