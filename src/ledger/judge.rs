//! One old address judged: answered by the build, as `site.yaml` says, by the same page
//! elsewhere, or missing.
//!
//! Takes an address of the ledger (or a key of `site.yaml`) and what the build publishes;
//! returns a [`Verdict`]. The order is the one the README gives: the build's own file, a
//! leaflet PDF this build leaves unprinted (a warning, not an error), `redirects:` and
//! `retired:`, then the same page elsewhere; what is left is missing.

use super::answers::Answer;
use super::file::{self, Entry, Kind};
use super::published::Published;
use super::rules::{Rule, Rules, Says};
use crate::address::OutPath;
use crate::diagnostic::{Position, SourceError};
use std::collections::HashSet;

/// What is known when one old address is judged.
pub(super) struct Judge<'a, 'p> {
    pub(super) published: &'a Published<'p>,
    pub(super) rules: &'a Rules<'a>,
    /// The old root addresses a guideline with `formerly_root` answers.
    pub(super) mirrored: HashSet<OutPath>,
}

/// How one address of the ledger (or of `site.yaml`) is answered.
pub(super) enum Verdict<'a, 'e> {
    /// The build has it: nothing to do.
    Fine,
    Answered(Answer),
    Warning(SourceError),
    /// A `redirects:` key sends it where the site has nothing.
    SentNowhere(&'a Rule<'a>),
    Missing(&'e Entry),
}

impl<'a> Judge<'a, '_> {
    fn answered(&self, address: &OutPath) -> bool {
        self.published.has(address) || self.mirrored.contains(&address.as_file())
    }

    /// The build's own file, then a leaflet PDF left unprinted (a warning), then what
    /// `site.yaml` says, then the same page elsewhere; else the address is missing.
    pub(super) fn verdict<'e>(
        &self,
        address: &OutPath,
        entry: Option<&'e Entry>,
    ) -> Verdict<'a, 'e> {
        let published = self.published;
        if self.answered(address) {
            return Verdict::Fine;
        }
        if published.unprinted.contains(&address.as_file()) {
            return entry.map_or(Verdict::Fine, |e| Verdict::Warning(unprinted(e, None)));
        }
        if let Some(rule) = self.rules.cover(address) {
            rule.mark_used();
            return match &rule.says {
                Says::Retired(reason) => Verdict::Answered(Answer::Retired {
                    at: address.clone(),
                    reason: reason.to_string(),
                }),
                Says::MovedTo(_) => match self.destination(rule, address) {
                    Sent::To(to) => Verdict::Answered(Answer::Redirect {
                        from: address.clone(),
                        to: published.final_address(&to),
                    }),
                    Sent::Unprinted(to) => {
                        entry.map_or(Verdict::Fine, |e| Verdict::Warning(unprinted(e, Some(&to))))
                    }
                    Sent::Nowhere => Verdict::SentNowhere(rule),
                },
            };
        }
        let Some(entry) = entry else {
            return Verdict::Fine;
        };
        let automatic = match (&entry.kind, &entry.owner) {
            (Kind::Page, Some(owner)) => published.same_page(address, owner),
            (Kind::Site, _) => published.same_site_page(address),
            _ => None,
        };
        match automatic {
            Some(to) => Verdict::Answered(Answer::Redirect {
                from: address.clone(),
                to: published.final_address(&to),
            }),
            None => Verdict::Missing(entry),
        }
    }

    /// Where `rule` sends `address`: the first of its targets the build answers, following
    /// further `redirects:` keys from a target that is gone too (`udgave-1/` → `2019/`, and
    /// `2019/` → `aar-2019/` once that folder was renamed as well).
    fn destination(&self, rule: &Rule<'_>, address: &OutPath) -> Sent {
        let mut tried = rule.targets(address);
        for _ in 0..8 {
            if let Some(found) = tried.iter().find(|t| self.answered(t)) {
                return Sent::To(found.clone());
            }
            let unprinted = &self.published.unprinted;
            if let Some(pdf) = tried.iter().find(|t| unprinted.contains(&t.as_file())) {
                return Sent::Unprinted(pdf.clone());
            }
            tried = tried
                .iter()
                .filter_map(|t| {
                    let next = self
                        .rules
                        .cover(t)
                        .filter(|r| matches!(r.says, Says::MovedTo(_)))?;
                    next.mark_used();
                    Some(next.targets(t))
                })
                .flatten()
                .collect();
        }
        Sent::Nowhere
    }
}

/// A warning for a leaflet PDF of the ledger that this build leaves out, since it does not
/// print it (itself, or `to`, the PDF `redirects:` sends it to).
fn unprinted(entry: &Entry, to: Option<&OutPath>) -> SourceError {
    let sent = to.map_or_else(String::new, |to| {
        format!(", sent on to `{}`,", file::address_text(to))
    });
    SourceError::new(
        crate::address::LEDGER,
        format!(
            "the leaflet PDF `{}`{sent} is left out of this build (published since {}): it is not in the PDF cache",
            file::address_text(&entry.address),
            entry.since
        ),
    )
    .at(Position {
        line: entry.line.unwrap_or(1),
        column: 1,
    })
    .hint("build with `pjece build --pdf` to print it, so the address keeps answering")
}

/// Where a `redirects:` key sends an address.
enum Sent {
    To(OutPath),
    /// To a leaflet PDF this build publishes the leaflet of, but does not print.
    Unprinted(OutPath),
    Nowhere,
}

/// A `redirects:` key that sends addresses where the site has nothing: one problem at the
/// key, naming each address and where it was sent.
pub(super) fn unknown_target(
    rules: &Rules<'_>,
    sent: &[(&Rule<'_>, &OutPath)],
) -> Option<SourceError> {
    let (rule, _) = sent.first()?;
    let pairs: Vec<String> = sent
        .iter()
        .take(4)
        .map(|(r, address)| {
            let to = r
                .targets(address)
                .last()
                .map_or_else(String::new, file::address_text);
            format!("`{}` → `{to}`", file::address_text(address))
        })
        .collect();
    let more = match sent.len() {
        n if n > 4 => format!(" and {} more", n - 4),
        _ => String::new(),
    };
    let message = format!(
        "`{}` in `redirects:` sends readers where this site has nothing: {}{more}",
        rule.key,
        pairs.join(", ")
    );
    let hint = "write the address the site has now, from the site root as the address ledger lists it; if that folder was renamed as well, send it on with a line of its own (`old/: new/`); an address that is gone for good goes under `retired:` with the reason";
    Some(rules.error(rule, message).hint(hint))
}
