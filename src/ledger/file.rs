//! `addresses.txt`: the address ledger as a plain, sorted text file.
//!
//! ```text
//! # … what the file is, in Danish and English …
//! # base_url: https://example.org/
//! / 2025-03-01 site
//! gode-raad/ 2025-03-01 page - udgave-2 gode-raad
//! udgave-2/folder/folder-udgave-2.pdf 2025-03-01 pdf - udgave-2
//! ```
//!
//! One line per address: the address from `base_url` (the root folder written `/`), the date
//! it was first published, what it is ([`Kind`]) and, for what belongs to a guideline, the
//! guideline (`-` in a site of one guideline), the edition and the page id. Spaces, `%` and
//! `#` in addresses and ids are written `%20`, `%25`, `%23`, so a line splits at spaces.
//! Lines are sorted by address, so two builds of the same site write the same file and a
//! merge of two branches' ledgers is the lines of both: duplicates keep the earliest date.

use crate::address::{Addresses, OutPath};
use crate::content::{Date, EditionId, GuidelineId, PageId};
use crate::diagnostic::{Position, SourceError};
use anyhow::{Context, Result};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::collections::BTreeMap;
use std::path::Path;

/// What an address of the ledger was when it was last published as itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A page of an edition (in the edition's folder, or at the root for the current one).
    Page,
    /// An edition's "what changed" page.
    Changes,
    /// An edition's leaflet page (trim size or with bleed).
    Leaflet,
    /// A printed leaflet.
    Pdf,
    /// A file beside the pages (an image, a document).
    File,
    /// A guideline's editions overview.
    Editions,
    /// An Atom feed.
    Feed,
    /// A page sending readers on to an address that moved.
    Redirect,
    /// A page saying that a page was removed, or why an address is retired.
    Notice,
    /// The site's own pages: front page, search, sitemap, 404, the portal's overviews.
    Site,
}

const KINDS: [(Kind, &str); 10] = [
    (Kind::Page, "page"),
    (Kind::Changes, "changes"),
    (Kind::Leaflet, "leaflet"),
    (Kind::Pdf, "pdf"),
    (Kind::File, "file"),
    (Kind::Editions, "editions"),
    (Kind::Feed, "feed"),
    (Kind::Redirect, "redirect"),
    (Kind::Notice, "notice"),
    (Kind::Site, "site"),
];

impl Kind {
    fn word(self) -> &'static str {
        KINDS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("file", |(_, w)| w)
    }

    /// Whether the address is answered on behalf of something else (a redirect, a notice),
    /// so the ledger keeps what the address was before.
    pub(crate) fn is_stand_in(self) -> bool {
        matches!(self, Kind::Redirect | Kind::Notice)
    }
}

/// The guideline, edition and page an address belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Owner {
    /// `None` in a site of one guideline.
    pub(crate) guideline: Option<GuidelineId>,
    pub(crate) edition: Option<EditionId>,
    pub(crate) page: Option<PageId>,
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// As readers are given it: folders end in `/`.
    pub(crate) address: OutPath,
    pub(crate) since: Date,
    pub(crate) kind: Kind,
    /// `None` for what belongs to the site as a whole.
    pub(crate) owner: Option<Owner>,
    /// The line of `addresses.txt` it was read from; `None` for an address new in this build.
    pub(crate) line: Option<usize>,
}

/// Every address the site has published, by address.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ledger {
    /// The `base_url` the addresses start from, as the file says.
    pub(crate) base_url: Option<String>,
    pub(crate) entries: BTreeMap<OutPath, Entry>,
}

const HEADER: &str = "\
# Adresseliste: hver adresse, webstedet har udgivet, og den dag den først blev udgivet.
# pjece skriver filen ved hver `pjece build`. Læg den i versionsstyring sammen med indholdet:
# en adresse her, som en senere build ikke længere har, stopper den build, indtil site.yaml
# siger, hvor adressen er flyttet hen (`redirects:`), eller hvorfor den er væk (`retired:`).
#
# Address ledger: every address this website has published, and the day it first was.
# pjece writes it on every `pjece build`. Commit it with the content: an address here that a
# later build no longer has stops that build until site.yaml says where the address moved
# (`redirects:`) or why it is gone (`retired:`).
#
# address · first published · kind · guideline (- if one) · edition · page id
";

const BASE_URL: &str = "# base_url: ";

/// Characters written percent-encoded, so that a line splits at spaces and never starts a
/// comment.
const ENCODED: &AsciiSet = &CONTROLS.add(b' ').add(b'%').add(b'#');

impl Ledger {
    /// The ledger in the site folder `root`, or `None` when the site has none yet.
    pub(crate) fn read(root: &Path) -> Result<Option<Ledger>> {
        let path = Addresses::ledger(root);
        if !path.is_file() {
            return Ok(None);
        }
        let bytes =
            std::fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
        let shown = Path::new(crate::address::LEDGER);
        let text = String::from_utf8(bytes).map_err(|_| {
            SourceError::new(shown, "the address ledger is not valid UTF-8").hint(
                "pjece writes it as UTF-8; restore it from version control (`git checkout addresses.txt`)",
            )
        })?;
        Ok(Some(parse(&text).map_err(crate::config::errors_to_anyhow)?))
    }

    /// Writes the ledger into the site folder `root`: under a temporary name, then renamed,
    /// so an interrupted build never leaves half a ledger.
    pub(crate) fn write(&self, root: &Path, base_url: &str) -> Result<()> {
        let path = Addresses::ledger(root);
        let temporary = path.with_file_name(format!(
            ".{}.pjece-new-{}",
            crate::address::LEDGER,
            std::process::id()
        ));
        crate::fsx::write(&temporary, self.text(base_url).as_bytes())?;
        crate::fsx::rename(&temporary, &path)
    }

    /// The file's text, for the site published at `base_url`.
    pub(crate) fn text(&self, base_url: &str) -> String {
        let mut out = String::from(HEADER);
        out.push_str(&format!("{BASE_URL}{base_url}\n"));
        for entry in self.entries.values() {
            out.push_str(&line(entry));
            out.push('\n');
        }
        out
    }
}

fn line(entry: &Entry) -> String {
    let mut words = vec![
        address_text(&entry.address),
        entry.since.to_string(),
        entry.kind.word().to_string(),
    ];
    if let Some(owner) = &entry.owner {
        words.push(
            owner
                .guideline
                .as_ref()
                .map_or_else(|| "-".to_string(), |g| encode(&g.0)),
        );
        words.extend(owner.edition.iter().map(|e| encode(&e.0)));
        words.extend(owner.page.iter().map(|p| encode(&p.0)));
    }
    words.join(" ")
}

/// An address as the ledger (and its messages) write it: the root folder is `/`.
pub(crate) fn address_text(address: &OutPath) -> String {
    if address.as_str().is_empty() {
        "/".to_string()
    } else {
        encode(address.as_str())
    }
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, ENCODED).to_string()
}

fn decode(word: &str) -> Option<String> {
    percent_decode_str(word)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// Reads the ledger's text; every line that cannot be read is a problem at its line.
pub(crate) fn parse(text: &str) -> Result<Ledger, Vec<SourceError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ledger = Ledger::default();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let raw = raw.trim_end_matches('\r');
        if let Some(url) = raw.strip_prefix(BASE_URL) {
            ledger.base_url = Some(url.trim().to_string());
            continue;
        }
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        match parse_line(raw, number) {
            Ok(entry) => {
                let keep_earlier = ledger
                    .entries
                    .get(&entry.address)
                    .is_some_and(|known| known.since <= entry.since);
                if !keep_earlier {
                    ledger.entries.insert(entry.address.clone(), entry);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(ledger)
    } else {
        Err(problems)
    }
}

fn parse_line(raw: &str, number: usize) -> Result<Entry, SourceError> {
    let at = |column: usize| Position {
        line: number,
        column,
    };
    let shown = Path::new(crate::address::LEDGER);
    if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| raw.starts_with(m))
    {
        return Err(SourceError::new(shown, "a merge left its marker in the address ledger")
            .at(at(1))
            .hint("keep the lines of both sides and delete the marker lines (<<<<<<<, =======, >>>>>>>); the next build sorts the file again"));
    }
    let words: Vec<(usize, &str)> = raw
        .split(' ')
        .scan(1, |column, word| {
            let start = *column;
            *column += word.chars().count() + 1;
            Some((start, word))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let bad = |column: usize, what: String| {
        SourceError::new(shown, what).at(at(column)).hint(
            "each line is `address date kind …`, as pjece writes it; restore the line from version control, or delete it to forget the address",
        )
    };
    let (Some(&(_, address)), Some(&(date_column, date)), Some(&(kind_column, kind))) =
        (words.first(), words.get(1), words.get(2))
    else {
        return Err(bad(
            1,
            "this line of the address ledger is incomplete".into(),
        ));
    };
    // Read as a request for it would be, so that no line can name a place outside the
    // site (`..`, `//`, a backslash): pages are written at these addresses.
    let address = match address {
        "/" => Some(OutPath::from_request("/")),
        other => (!other.starts_with('/')).then(|| OutPath::from_request(&format!("/{other}"))),
    }
    .flatten()
    .ok_or_else(|| bad(1, format!("`{address}` is not an address of the site")))?;
    let since = Date::parse(date)
        .ok_or_else(|| bad(date_column, format!("`{date}` is not a date (YYYY-MM-DD)")))?;
    let kind = KINDS
        .iter()
        .find(|(_, w)| *w == kind)
        .map(|(k, _)| *k)
        .ok_or_else(|| {
            let known: Vec<&str> = KINDS.iter().map(|(_, w)| *w).collect();
            bad(
                kind_column,
                format!("`{kind}` is not a kind of address ({})", known.join(", ")),
            )
        })?;
    let rest: Vec<String> = words[3..]
        .iter()
        .map(|(column, w)| decode(w).ok_or_else(|| bad(*column, format!("`{w}` is not UTF-8"))))
        .collect::<Result<_, _>>()?;
    if rest.len() > 3 {
        return Err(bad(
            words[6].0,
            "this line has more words than pjece writes".into(),
        ));
    }
    let owner = rest.first().map(|g| Owner {
        guideline: (g != "-").then(|| GuidelineId(g.clone())),
        edition: rest.get(1).map(|e| EditionId(e.clone())),
        page: rest.get(2).map(|p| PageId(p.clone())),
    });
    Ok(Entry {
        address,
        since,
        kind,
        owner,
        line: Some(number),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(address: &str, kind: Kind, owner: Option<Owner>) -> Entry {
        Entry {
            address: Addresses::from_ledger(address),
            since: Date::parse("2025-03-01").unwrap(),
            kind,
            owner,
            line: None,
        }
    }

    #[test]
    fn a_ledger_reads_back_what_it_writes() {
        let mut ledger = Ledger::default();
        let page = Owner {
            guideline: None,
            edition: Some(EditionId("udgave-2".into())),
            page: Some(PageId("sub/gode raad".into())),
        };
        for e in [
            entry("", Kind::Site, None),
            entry("gode-raad/", Kind::Page, Some(page.clone())),
            entry("udgave-2/billeder/Foto 50%.png", Kind::File, None),
            entry("#x/", Kind::Notice, None),
        ] {
            ledger.entries.insert(e.address.clone(), e);
        }
        let text = ledger.text("https://example.org/r/");
        assert!(text.contains(
            "\n/ 2025-03-01 site\n%23x/ 2025-03-01 notice\ngode-raad/ 2025-03-01 page - udgave-2 sub/gode%20raad\nudgave-2/billeder/Foto%2050%25.png 2025-03-01 file\n"
        ), "{text}");
        let back = parse(&text).unwrap();
        assert_eq!(back.base_url.as_deref(), Some("https://example.org/r/"));
        let entries: Vec<Entry> = back
            .entries
            .into_values()
            .map(|e| Entry { line: None, ..e })
            .collect();
        let written: Vec<Entry> = ledger.entries.into_values().collect();
        assert_eq!(entries, written);
    }

    #[test]
    fn a_merged_ledger_keeps_the_earliest_date_and_reports_bad_lines_where_they_are() {
        let merged = parse("a/ 2025-05-01 page - e1 a\na/ 2024-01-01 page - e1 a\n").unwrap();
        assert_eq!(merged.entries.len(), 1);
        assert_eq!(merged.entries.values().next().unwrap().line, Some(2));
        let problems =
            parse("a/ 2025-05-01 page\n<<<<<<< HEAD\nb/ 2025-13-01 page\nc/ 2025-01-01 sider\n")
                .unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown[0].starts_with("addresses.txt:2:1: a merge left its marker"),
            "{shown:?}"
        );
        assert!(
            shown[1].starts_with("addresses.txt:3:4: `2025-13-01` is not a date"),
            "{shown:?}"
        );
        assert!(
            shown[2].starts_with("addresses.txt:4:15: `sider` is not a kind"),
            "{shown:?}"
        );
    }
}
