//! Addresses of the ledger that nothing answers any more: one problem per cause, with the fix.
//!
//! Takes the ledger lines no build file, `site.yaml` key or automatic answer covers; returns
//! problems at their lines in `addresses.txt`. The addresses of an edition folder or a
//! guideline folder that is gone are one problem (a renamed folder is one cause, however
//! many pages it held), and when exactly one folder appeared in its place the hint gives the
//! `redirects:` line that sends them all there, ready to paste; every hint also gives the
//! `retired:` line for addresses that are gone for good.

use super::file::{address_text, Entry, Kind, Ledger};
use super::published::Published;
use crate::address::{Mount, OutPath};
use crate::config::{Language, SiteConfig};
use crate::content::{EditionStatus, GuidelineId, GUIDELINE_FILE_NAME};
use crate::diagnostic::{Position, SourceError};
use std::collections::{BTreeMap, BTreeSet};

/// What the missing addresses are gone with.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Cause {
    /// The site was one guideline and is a portal now, without `formerly_root`.
    FormerSite,
    /// A guideline's folder (`<g>/`) is gone.
    Guideline(String),
    /// An edition's folder is gone (`<g>/<e>/`, or `<e>/`).
    Edition {
        guideline: Option<GuidelineId>,
        folder: OutPath,
        edition: String,
    },
    /// The address alone.
    Alone(OutPath),
}

/// The editions each guideline has, by guideline (`None`: the guideline of a site of one).
type Editions = BTreeMap<Option<GuidelineId>, BTreeSet<String>>;

/// What the ledger held and what the build has, to tell why addresses are gone.
struct Known<'a, 'p> {
    published: &'a Published<'p>,
    config: &'a SiteConfig,
    /// The editions of every guideline, as the ledger names them.
    was: Editions,
    /// The editions of every guideline in this build, drafts too.
    is: Editions,
    /// The published editions of every guideline in this build: what a renamed folder can be.
    published_now: Editions,
}

pub(super) fn problems(
    missing: &[&Entry],
    ledger: &Ledger,
    published: &Published<'_>,
    config: &SiteConfig,
) -> Vec<SourceError> {
    let portal = published.portal;
    let mut was: Editions = BTreeMap::new();
    for owner in ledger.entries.values().filter_map(|e| e.owner.as_ref()) {
        let editions = was.entry(owner.guideline.clone()).or_default();
        editions.extend(owner.edition.iter().map(|e| e.0.clone()));
    }
    let editions = |drafts: bool| -> Editions {
        portal
            .guidelines
            .iter()
            .map(|site| {
                let id = site.guideline.as_ref().map(|g| g.id.clone());
                let ids = site
                    .editions
                    .iter()
                    .filter(|e| drafts || e.status != EditionStatus::Draft);
                (id, ids.map(|e| e.id.0.clone()).collect())
            })
            .collect()
    };
    let known = Known {
        published,
        config,
        was,
        is: editions(true),
        published_now: editions(false),
    };
    let guidelines_now: BTreeSet<&str> = known.is.keys().flatten().map(|g| g.0.as_str()).collect();
    let former = former_root(missing, published, &known.was);
    let mut causes: BTreeMap<Cause, Vec<&Entry>> = BTreeMap::new();
    for entry in missing {
        let address = entry.address.as_str();
        let top = address.split('/').next().unwrap_or_default();
        let cause = if former.is_some() && !guidelines_now.contains(top) {
            Cause::FormerSite
        } else if portal.is_portal()
            && !guidelines_now.contains(top)
            && known.was.contains_key(&Some(GuidelineId(top.to_string())))
        {
            Cause::Guideline(top.to_string())
        } else {
            edition_gone(entry, &known).unwrap_or_else(|| Cause::Alone(entry.address.clone()))
        };
        causes.entry(cause).or_default().push(entry);
    }
    causes
        .into_iter()
        .filter_map(|(cause, entries)| known.problem(&cause, &entries))
        .collect()
}

/// The edition folder `entry` was in, when that folder is gone from its guideline.
fn edition_gone(entry: &Entry, known: &Known<'_, '_>) -> Option<Cause> {
    let published = known.published;
    let address = entry.address.as_str();
    let (guideline, prefix) = published
        .portal
        .guidelines
        .iter()
        .zip(published.addresses)
        .map(|(site, a)| (site.guideline.as_ref().map(|g| g.id.clone()), a.site_root()))
        .find(|(_, root)| address.starts_with(root.as_str()))?;
    let edition = address[prefix.as_str().len()..].split('/').next()?;
    let was = known
        .was
        .get(&guideline)
        .is_some_and(|e| e.contains(edition));
    let gone = !known
        .is
        .get(&guideline)
        .is_some_and(|e| e.contains(edition));
    let folder = crate::address::Addresses::from_ledger(&format!("{prefix}{edition}/"));
    (was && gone && !edition.is_empty()).then(|| Cause::Edition {
        guideline,
        folder,
        edition: edition.to_string(),
    })
}

impl Known<'_, '_> {
    /// The problem of the addresses `entries` gone with `cause`, at the first of their lines.
    fn problem(&self, cause: &Cause, entries: &[&Entry]) -> Option<SourceError> {
        let first = entries.iter().min_by_key(|e| (e.line, e.address.clone()))?;
        let since = entries.iter().map(|e| e.since).min().unwrap_or(first.since);
        let at = Position {
            line: first.line.unwrap_or(1),
            column: 1,
        };
        let folder = match cause {
            Cause::Guideline(g) => Some(format!("{g}/")),
            Cause::Edition { folder, .. } => Some(address_text(folder)),
            Cause::FormerSite | Cause::Alone(_) => None,
        };
        let message = message(entries, folder.as_deref(), since);
        let hint = match cause {
            Cause::FormerSite => former_site_hint(former_root(entries, self.published, &self.was)),
            Cause::Guideline(g) => {
                let old: BTreeSet<&str> = self.was.keys().flatten().map(|g| g.0.as_str()).collect();
                let new: Vec<String> = self
                    .published_now
                    .keys()
                    .flatten()
                    .map(|g| g.0.clone())
                    .filter(|g| !old.contains(g.as_str()))
                    .collect();
                self.moved_hint(
                    &format!("the guideline folder `{g}`"),
                    &format!("{g}/"),
                    &new,
                    Reason::Guideline,
                )
            }
            Cause::Edition {
                guideline,
                folder,
                edition,
            } => {
                let old = self.was.get(guideline).cloned().unwrap_or_default();
                let prefix = &folder.as_str()[..folder.as_str().len() - edition.len() - 1];
                let new: Vec<String> = self
                    .published_now
                    .get(guideline)
                    .into_iter()
                    .flatten()
                    .filter(|e| !old.contains(*e))
                    .map(|e| format!("{prefix}{e}"))
                    .collect();
                let named = match guideline {
                    Some(g) => format!("the edition folder `{edition}` of `{g}`"),
                    None => format!("the edition folder `{edition}`"),
                };
                self.moved_hint(&named, &address_text(folder), &new, Reason::Edition)
            }
            Cause::Alone(address) => self.alone_hint(first, address),
        };
        Some(
            SourceError::new(crate::address::LEDGER, message)
                .at(at)
                .hint(hint),
        )
    }

    /// A folder that is gone, with the one folder that appeared in its place if there is one.
    fn moved_hint(&self, named: &str, old: &str, new: &[String], reason: Reason) -> String {
        let moved = match new {
            [one] => format!(
                "{named} seems to have been renamed `{one}`. To send every old address on to the same place there, {}",
                yaml(self.config, "redirects", old, &format!("{one}/"))
            ),
            _ => format!(
                "if {named} was renamed, send its old addresses on to the new folder: {}",
                yaml(self.config, "redirects", old, "<new folder>/")
            ),
        };
        format!(
            "{moved}
{}",
            retire(self.config, old, reason)
        )
    }

    fn alone_hint(&self, entry: &Entry, address: &OutPath) -> String {
        let shown = address_text(address);
        let in_current = entry.owner.as_ref().and_then(|owner| {
            let (site, a) = self.published.guideline(owner.guideline.as_ref())?;
            let page = site.current().page_by_id(owner.page.as_ref()?)?;
            Some(a.page(&site.current().id.0, &page.url, Mount::SiteRoot))
        });
        let config = self.config;
        let moved = match in_current.filter(|_| entry.kind == Kind::Page) {
            Some(now) => format!(
                "the page is in the current edition at `{}`. To send readers there, {}",
                address_text(&now),
                yaml(config, "redirects", &shown, &address_text(&now))
            ),
            None if entry.kind == Kind::Page => format!(
                "restore the page; or, if it moved, {}",
                yaml(config, "redirects", &shown, "<new address>")
            ),
            None => format!(
                "if it moved, {}",
                yaml(config, "redirects", &shown, "<new address>")
            ),
        };
        format!(
            "{moved}
{}",
            retire(config, &shown, Reason::Page)
        )
    }
}

/// "`udgave-1/` and 2 addresses below it, published since 2025-03-01, are gone …".
fn message(entries: &[&Entry], folder: Option<&str>, since: crate::content::Date) -> String {
    if let [one] = entries {
        return format!(
            "`{}` ({}) was published on {since}, and this build no longer has it",
            address_text(&one.address),
            what(one)
        );
    }
    let head = entries
        .iter()
        .find(|e| Some(address_text(&e.address).as_str()) == folder);
    let rest: Vec<&&Entry> = entries
        .iter()
        .filter(|e| Some(e) != head.as_ref())
        .collect();
    let mut listed: Vec<String> = rest
        .iter()
        .take(4)
        .map(|e| format!("`{}`", address_text(&e.address)))
        .collect();
    if rest.len() > 4 {
        listed.push(format!("and {} more", rest.len() - 4));
    }
    let listed = listed.join(", ");
    match (head, folder) {
        (Some(_), Some(folder)) => format!(
            "`{folder}` and {} address{} below it, published since {since}, are gone from this build: {listed}",
            rest.len(),
            if rest.len() == 1 { "" } else { "es" }
        ),
        (None, Some(folder)) => format!(
            "{} addresses below `{folder}`, published since {since}, are gone from this build: {listed}",
            rest.len()
        ),
        _ => format!(
            "{} addresses, published since {since}, are gone from this build: {listed}",
            rest.len()
        ),
    }
}

/// "the page `gode-raad` of edition `udgave-1`", and so on.
pub(super) fn what(entry: &Entry) -> String {
    let owner = entry.owner.as_ref();
    let edition = owner
        .and_then(|o| o.edition.as_ref())
        .map_or_else(String::new, |e| format!(" of edition `{e}`"));
    match entry.kind {
        Kind::Page => match owner.and_then(|o| o.page.as_ref()) {
            Some(id) => format!("the page `{id}`{edition}"),
            None => "the page".into(),
        },
        Kind::Changes => format!("the \"what changed\" page{edition}"),
        Kind::Leaflet => format!("the leaflet page{edition}"),
        Kind::Pdf => format!("the leaflet PDF{edition}"),
        Kind::File => format!("the file{edition}"),
        Kind::Editions => "the editions overview".into(),
        Kind::Feed => "the feed".into(),
        Kind::Redirect => "a page sending readers on".into(),
        Kind::Notice => "a notice".into(),
        Kind::Site => "one of the site's own pages".into(),
    }
}

/// The ready-to-paste `site.yaml` text that adds `key: value` to `list:`.
fn yaml(config: &SiteConfig, list: &str, key: &str, value: &str) -> String {
    let has_list = match list {
        "redirects" => !config.redirects.is_empty(),
        _ => !config.retired.is_empty(),
    };
    if has_list {
        format!("add under `{list}:` in site.yaml:\n    {key}: {value}")
    } else {
        format!("add to site.yaml:\n    {list}:\n      {key}: {value}")
    }
}

/// What an example reason in a hint speaks of.
#[derive(Clone, Copy)]
enum Reason {
    Page,
    Edition,
    Guideline,
}

/// An example reason, in the site's language.
fn reason(config: &SiteConfig, reason: Reason) -> &'static str {
    match (config.language, reason) {
        (Language::Da, Reason::Page) => "Siden er ikke længere gældende.",
        (Language::Da, Reason::Edition) => "Udgaven er trukket tilbage.",
        (Language::Da, Reason::Guideline) => "Retningslinjen er ophævet.",
        (Language::En, Reason::Page) => "This page no longer applies.",
        (Language::En, Reason::Edition) => "This edition has been withdrawn.",
        (Language::En, Reason::Guideline) => "This guideline has been withdrawn.",
    }
}

fn retire(config: &SiteConfig, key: &str, why: Reason) -> String {
    let lead = match why {
        Reason::Page => "If it is gone for good, say why instead (readers see the reason there)",
        Reason::Edition | Reason::Guideline => {
            "If they are gone for good, say why instead (readers see the reason at each address)"
        }
    };
    format!(
        "{lead}: {}",
        yaml(config, "retired", key, reason(config, why))
    )
}

/// The guideline that was the whole site, when the missing addresses are what it had at
/// the root: the site was one guideline and is a portal now, or a guideline's lines lie
/// outside its folder (it had `formerly_root`). `Some(None)` when it cannot be told which.
fn former_root(
    missing: &[&Entry],
    published: &Published<'_>,
    was: &Editions,
) -> Option<Option<GuidelineId>> {
    let portal = published.portal;
    if !portal.is_portal() {
        return None;
    }
    let outside = missing.iter().find_map(|e| {
        let g = e.owner.as_ref()?.guideline.as_ref()?;
        (!e.address.as_str().starts_with(&format!("{g}/"))).then(|| g.clone())
    });
    if outside.is_some() {
        return Some(outside);
    }
    let editions = was.get(&None)?;
    Some(portal.guidelines.iter().find_map(|site| {
        let g = site.guideline.as_ref()?;
        site.editions
            .iter()
            .any(|e| editions.contains(&e.id.0))
            .then(|| g.id.clone())
    }))
}

fn former_site_hint(guideline: Option<Option<GuidelineId>>) -> String {
    let file = match guideline.flatten() {
        Some(g) => format!("content/{g}/{GUIDELINE_FILE_NAME}"),
        None => format!("the {GUIDELINE_FILE_NAME} of the guideline that was the whole site"),
    };
    format!(
        "these are addresses the site had when it was one guideline, at the site root; add `formerly_root: true` to {file}, and every address it had there answers again"
    )
}
