//! The address ledger: every address the site has published keeps answering, or the build
//! says which one does not and how to fix it.
//!
//! `addresses.txt` in the site folder ([`file`]) lists every address a build has published,
//! with the day it was first published; it is committed with the content, like a lock file.
//! Once the site is rendered and before anything is written:
//!
//! 1. the ledger is read (a first build has none), and moved along when the site moved into
//!    a folder of a portal at the old site's parent address (its `base_url` says);
//! 2. a guideline with `formerly_root` answers at its old root addresses ([`formerly`]);
//! 3. every address of the ledger and every key of `site.yaml`'s `redirects:` and
//!    `retired:` that the build does not answer is answered as `site.yaml` says ([`rules`]),
//!    or by the same page elsewhere (same guideline, page id and edition; at the root, the
//!    current edition), or is a problem naming the address, the day it was first published
//!    and the fix ([`missing`]), all problems at once;
//! 4. the answers become files: pages that send the reader on, pages that say why an
//!    address is retired, copies of files, and `_redirects` and the server rules again with
//!    the new moves ([`Settled`]);
//! 5. a build that publishes (`pjece build` without `--drafts`) writes the ledger with every
//!    address it published once its output is in place ([`record`]). `check` compares and
//!    writes nothing; `serve` leaves the ledger alone.
//!
//! Renaming a guideline or an edition folder can then never silently break an address.

mod answers;
mod file;
mod formerly;
mod judge;
mod missing;
mod published;
mod rules;

use crate::address::{Addresses, OutPath};
use crate::content::{Date, GuidelineId, Portal};
use crate::diagnostic::SourceError;
use crate::output::{OutputFile, SiteFiles};
use crate::render::Redirect;
use answers::Answer;
use anyhow::Result;
use file::{Entry, Ledger};
use judge::{Judge, Verdict};
use published::Published;
use rules::Rules;
use std::collections::BTreeMap;
use std::path::Path;

/// What the ledger is compared with: the site as the build renders it.
pub(crate) struct Input<'a> {
    /// The site folder, where `addresses.txt` is.
    pub(crate) root: &'a Path,
    pub(crate) portal: &'a Portal,
    pub(crate) theme: &'a crate::theme::Theme,
    /// Each guideline's address scheme, indexed like `portal.guidelines`.
    pub(crate) addresses: &'a [Addresses],
    /// The scheme of the site's own files (the portal's, or the one guideline's).
    pub(crate) site_addresses: &'a Addresses,
    pub(crate) files: &'a SiteFiles,
    /// The old root addresses the guidelines already send on.
    pub(crate) redirects: &'a [Redirect],
    /// PDFs the build publishes that are not among `files` (printed by this build).
    pub(crate) pdfs: &'a [OutPath],
    /// PDFs of leaflets published without them (not printed, not in the PDF cache).
    pub(crate) unprinted: &'a [OutPath],
    /// The fresh output folder the build's pages are written in, for copies of them.
    pub(crate) written_in: Option<&'a Path>,
}

/// How the build answers the ledger.
pub(crate) struct Settled {
    /// Pages and files at old addresses; written once the PDFs are printed, since a copy
    /// may be of one.
    pub(crate) files: Vec<OutputFile>,
    /// `_redirects` and the server rules with every move, in place of the ones rendered
    /// (none when nothing moved beyond what the guidelines send on themselves).
    pub(crate) server_rules: Vec<OutputFile>,
    /// A PDF the build leaves unprinted, a `site.yaml` key nothing needed.
    pub(crate) warnings: Vec<SourceError>,
    next: Ledger,
    base_url: String,
}

/// Answers every address of the ledger, or fails listing every one that nothing answers.
pub(crate) fn settle(input: &Input<'_>) -> Result<Settled> {
    let config = &input.portal.config;
    let date = build_date()?;
    let published = Published::new(input);
    let ledger = Ledger::read(input.root)?
        .map(|l| adapted(l, &published, &config.base_url))
        .unwrap_or_default();
    let rules = Rules::of(config);
    let mut answers = formerly::mirrors(&published, input.site_addresses, |a| rules.covers(a));
    let judge = Judge {
        published: &published,
        rules: &rules,
        mirrored: answers.iter().map(|a| a.at().as_file()).collect(),
    };
    // Every address of the ledger, and every address `site.yaml` names.
    let mut asked: BTreeMap<OutPath, Option<&Entry>> = ledger
        .entries
        .iter()
        .filter(|(a, _)| input.site_addresses.is_for_readers(a))
        .map(|(a, e)| (a.clone(), Some(e)))
        .collect();
    for rule in rules.all() {
        asked.entry(rule.from.clone()).or_insert(None);
    }
    let (mut warnings, mut missing) = (Vec::new(), Vec::new());
    let mut nowhere: BTreeMap<&str, Vec<(&rules::Rule<'_>, &OutPath)>> = BTreeMap::new();
    for (address, entry) in &asked {
        match judge.verdict(address, *entry) {
            Verdict::Answered(answer) => answers.push(answer),
            Verdict::Warning(warning) => warnings.push(warning),
            Verdict::SentNowhere(rule) => {
                nowhere.entry(rule.key).or_default().push((rule, address))
            }
            Verdict::Missing(entry) => missing.push(entry),
            Verdict::Fine => {}
        }
    }
    let mut problems: Vec<SourceError> = nowhere
        .values()
        .filter_map(|sent| judge::unknown_target(&rules, sent))
        .collect();
    problems.extend(missing::problems(&missing, &ledger, &published, config));
    if !problems.is_empty() {
        return Err(crate::config::errors_to_anyhow(problems));
    }
    warnings.extend(rules.unused());
    let (files, moves) = answers::files(&answers, &published, input)?;
    let server_rules = if moves.is_empty() {
        Vec::new()
    } else {
        let mut all = input.redirects.to_vec();
        all.extend(moves);
        crate::render::server_rules::files(input.site_addresses, config, &all)
    };
    let next = answers::next_ledger(
        ledger,
        &published,
        &files,
        &answers,
        input.site_addresses,
        date,
    );
    Ok(Settled {
        files,
        server_rules,
        warnings,
        next,
        base_url: config.base_url.clone(),
    })
}

/// Writes the ledger of a build that published its output.
pub(crate) fn record(root: &Path, settled: &Settled) -> Result<()> {
    settled.next.write(root, &settled.base_url)
}

/// An address of the ledger, in words.
pub(crate) struct Taken {
    /// As the ledger writes it (`regler/`).
    pub(crate) address: String,
    /// "the page `regler` of edition `udgave-1`".
    pub(crate) what: String,
    pub(crate) since: Date,
}

/// The first address of the ledger in the site folder `root` that is `folder` or lies below
/// it: for `pjece edition new`, whose folder must not take over an address readers have.
pub(crate) fn taken_at_or_below(root: &Path, folder: &OutPath) -> Result<Option<Taken>> {
    let Some(ledger) = Ledger::read(root)? else {
        return Ok(None);
    };
    Ok(ledger
        .entries
        .values()
        .find(|e| e.address.as_str().starts_with(folder.as_str()))
        .map(|e| Taken {
            address: file::address_text(&e.address),
            what: missing::what(e),
            since: e.since,
        }))
}

/// The addresses of the ledger in the site folder `root` that readers were given of the
/// page `page` of edition `edition` (of `guideline` in a portal), oldest line first: what
/// deleting the page takes from them.
pub(crate) fn published_page(
    root: &Path,
    guideline: Option<&GuidelineId>,
    edition: &str,
    page: &str,
) -> Result<Vec<Taken>> {
    let Some(ledger) = Ledger::read(root)? else {
        return Ok(Vec::new());
    };
    let mut found: Vec<&Entry> = ledger
        .entries
        .values()
        .filter(|e| e.kind == file::Kind::Page)
        .filter(|e| {
            e.owner.as_ref().is_some_and(|o| {
                o.guideline.as_ref() == guideline
                    && o.edition.as_ref().is_some_and(|id| id.0 == edition)
                    && o.page.as_ref().is_some_and(|id| id.0 == page)
            })
        })
        .collect();
    found.sort_by_key(|e| (e.line, e.address.clone()));
    Ok(found
        .into_iter()
        .map(|e| Taken {
            address: file::address_text(&e.address),
            what: missing::what(e),
            since: e.since,
        })
        .collect())
}

/// The ledger as this site reads it: when `base_url` moved up to a portal above the old
/// site (`…/sociale-medier/` → `…/`), every address gets the folder between the two in
/// front, and lines of the one guideline the site was belong to that guideline; in a portal
/// with `formerly_root`, they belong to that guideline.
fn adapted(mut ledger: Ledger, published: &Published<'_>, base_url: &str) -> Ledger {
    let slash = |u: &str| format!("{}/", u.trim_end_matches('/'));
    let moved_below = ledger
        .base_url
        .as_deref()
        .map(slash)
        .and_then(|was| was.strip_prefix(&slash(base_url)).map(str::to_string))
        .filter(|folder| !folder.is_empty());
    // The folder is the guideline's, even when the guideline has another folder name now:
    // then the lines are a guideline folder that is gone, whose hint is `redirects:`.
    let folder_guideline = moved_below
        .as_deref()
        .filter(|_| published.portal.is_portal())
        .and_then(|f| f.split('/').next())
        .map(|top| GuidelineId(top.to_string()));
    let formerly = published
        .portal
        .guidelines
        .iter()
        .filter_map(|s| s.guideline.as_ref())
        .find(|g| g.formerly_root)
        .map(|g| g.id.clone());
    let one_guideline = match &moved_below {
        Some(_) => folder_guideline,
        None => formerly,
    };
    let entries = std::mem::take(&mut ledger.entries);
    for (_, mut entry) in entries {
        if let Some(folder) = &moved_below {
            entry.address = Addresses::from_ledger(&format!("{folder}{}", entry.address.as_str()));
        }
        if let Some(owner) = entry.owner.as_mut().filter(|o| o.guideline.is_none()) {
            owner.guideline = one_guideline.clone();
        }
        ledger.entries.insert(entry.address.clone(), entry);
    }
    ledger
}

/// The day a build is made "as of": `SOURCE_DATE_EPOCH` when set, else today (UTC).
fn build_date() -> Result<Date> {
    Ok(match crate::leaflet::source_date_epoch()? {
        Some(seconds) => {
            crate::content::Date::days_after_1970(i64::try_from(seconds / 86_400).unwrap_or(0))
        }
        None => crate::content::Date::today(),
    })
}
