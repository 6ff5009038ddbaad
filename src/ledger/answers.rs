//! The answers at old addresses as files: pages that send the reader on, pages that say why
//! an address is retired, copies of files; and the ledger after the build.
//!
//! Takes the answers the build settled on and what it publishes; returns the files and the
//! moves among them (for `_redirects` and the server rules), and the next ledger.

use super::file::{Entry, Kind, Ledger, Owner};
use super::published::Published;
use super::Input;
use crate::address::{Addresses, OutPath};
use crate::content::Date;
use crate::output::OutputFile;
use crate::render::moved::OldAddressPages;
use crate::render::Redirect;
use anyhow::Result;
use std::collections::HashMap;

/// One old address answered.
pub(super) enum Answer {
    /// A page at `from` that sends readers on to `to`, and a 301 for servers that read
    /// redirect lists; a file at `from` is answered by the file at `to` instead.
    Redirect { from: OutPath, to: OutPath },
    /// The file at `of` published again at `at`, as itself: no 301, since the file answers.
    Copy { at: OutPath, of: OutPath },
    /// A page at `at` that says why it no longer answers.
    Retired { at: OutPath, reason: String },
}

impl Answer {
    pub(super) fn at(&self) -> &OutPath {
        match self {
            Answer::Redirect { from, .. } => from,
            Answer::Copy { at, .. } | Answer::Retired { at, .. } => at,
        }
    }
}

/// The files of the answers, and the moves among them for the servers' redirect lists.
pub(super) fn files(
    answers: &[Answer],
    published: &Published<'_>,
    input: &Input<'_>,
) -> Result<(Vec<OutputFile>, Vec<Redirect>)> {
    let pages = OldAddressPages::new(&input.portal.config, input.theme, input.site_addresses);
    let mut files = Vec::new();
    let mut moves = Vec::new();
    for answer in answers {
        match answer {
            Answer::Redirect { from, to } => {
                if from.is_page() {
                    let title = published.title(to, input.site_addresses);
                    files.push(pages.redirect(from, to, &title)?);
                } else if !to.is_page() {
                    files.extend(published.copy(from, to));
                }
                moves.push(Redirect {
                    from: from.clone(),
                    to: to.clone(),
                });
            }
            Answer::Copy { at, of } => files.extend(published.copy(at, of)),
            Answer::Retired { at, reason } => {
                // A file's address cannot show a page; it simply stops answering.
                if at.is_page() {
                    files.push(pages.retired(at, reason)?);
                }
            }
        }
    }
    Ok((files, moves))
}

/// The ledger after this build: every line it had, and every address this build published,
/// new ones dated `date`. An address answered on behalf of what stood there before keeps
/// what its line said.
pub(super) fn next_ledger(
    mut ledger: Ledger,
    published: &Published<'_>,
    files: &[OutputFile],
    answers: &[Answer],
    site: &Addresses,
    date: Date,
) -> Ledger {
    let stand_ins: HashMap<OutPath, (Kind, Option<Owner>)> = answers
        .iter()
        .map(|a| {
            let what = match a {
                // Whose page it sends readers to, so that a later build can tell what an
                // old root address of a guideline was.
                Answer::Redirect { to, .. } => (Kind::Redirect, published.kind(to).1),
                Answer::Retired { .. } => (Kind::Notice, None),
                Answer::Copy { of, .. } => published.kind(of),
            };
            (a.at().as_served(), what)
        })
        .collect();
    let now = published
        .for_readers(site)
        .into_iter()
        .chain(files.iter().map(|f| f.path.as_served()))
        .chain(stand_ins.keys().cloned());
    for address in now {
        let (kind, owner) = stand_ins
            .get(&address)
            .cloned()
            .unwrap_or_else(|| published.kind(&address));
        match ledger.entries.get_mut(&address) {
            Some(_) if kind.is_stand_in() => {}
            Some(known) => {
                known.kind = kind;
                known.owner = owner;
            }
            None => {
                ledger.entries.insert(
                    address.clone(),
                    Entry {
                        address,
                        since: date,
                        kind,
                        owner,
                        line: None,
                    },
                );
            }
        }
    }
    ledger
}
