//! `formerly_root: true`: the guideline that used to be the whole site keeps the addresses it
//! had at the site root.
//!
//! Takes what the build publishes; returns, for every address the guideline publishes under
//! its folder (`<g>/udgave-1/gode-raad/`), an answer at the same address without the folder
//! (`udgave-1/gode-raad/`): a page that sends the reader on for what is a page, the file
//! itself for a PDF, an image or a feed. Addresses the portal fills itself (its front page,
//! feed, search page, sitemap and 404), addresses in another guideline's folder, and
//! addresses `site.yaml` says something about (`redirects:`, `retired:`) are left alone.

use super::published::Published;
use super::Answer;
use crate::address::{Addresses, OutPath};

/// The answers at the old root addresses of the guideline with `formerly_root`, if any.
pub(super) fn mirrors(
    published: &Published<'_>,
    site_addresses: &Addresses,
    covered: impl Fn(&OutPath) -> bool,
) -> Vec<Answer> {
    let portal = published.portal;
    let Some((site, a)) = portal
        .guidelines
        .iter()
        .zip(published.addresses)
        .find(|(site, _)| site.guideline.as_ref().is_some_and(|g| g.formerly_root))
    else {
        return Vec::new();
    };
    let own = site.guideline.as_ref().map(|g| g.id.0.as_str());
    // Another guideline's folder is that guideline's: an old address there is not filled.
    let others: Vec<&str> = portal
        .guidelines
        .iter()
        .filter_map(|s| s.guideline.as_ref())
        .map(|g| g.id.0.as_str())
        .filter(|id| Some(*id) != own)
        .collect();
    let mut answers = Vec::new();
    for address in published.for_readers(site_addresses) {
        let Some(old) = a.without_prefix(&address) else {
            continue;
        };
        let top = old.as_str().split('/').next().unwrap_or_default();
        if published.has(&old) || others.contains(&top) || covered(&old) {
            continue;
        }
        answers.push(if old.is_page() {
            Answer::Redirect {
                from: old,
                to: published.final_address(&address),
            }
        } else {
            Answer::Copy {
                at: old,
                of: address,
            }
        });
    }
    answers
}
