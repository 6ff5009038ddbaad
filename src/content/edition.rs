//! `content/<edition>/edition.yaml`: an edition's label, date, status and change note.

use crate::config::Language;
use crate::diagnostic::SourceError;
use crate::yaml::YamlBlock;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

pub(super) const FILE_NAME: &str = "edition.yaml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditionStatus {
    Draft,
    Current,
    Archived,
}

/// A calendar date as written in `published: 2025-03-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not written as YYYY-MM-DD.
    Format,
    /// Written right, but no such day: "November has 30 days".
    Impossible(String),
}

impl Date {
    /// Today's date (UTC) from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::days_after_1970(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// The calendar date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`), so
    /// pjece needs no date library for the dates it makes up.
    pub fn days_after_1970(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year).unwrap_or(u16::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    pub fn parse(text: &str) -> Option<Date> {
        Date::read(text).ok()
    }

    /// Reads `YYYY-MM-DD`, telling a wrongly written date from an impossible one.
    pub fn read(text: &str) -> Result<Date, DateError> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = match (parts.next(), parts.next(), parts.next()) {
            (Some(y), Some(m), Some(d)) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                (y, m, d)
            }
            _ => return Err(DateError::Format),
        };
        let number = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse::<u16>().ok())
                .flatten()
                .ok_or(DateError::Format)
        };
        let (year, month, day) = (number(y)?, number(m)?, number(d)?);
        if !(1..=12).contains(&month) {
            return Err(DateError::Impossible(format!(
                "there is no month {month}; months go from 01 to 12"
            )));
        }
        let date = Date {
            year,
            month: month as u8,
            day: day.min(255) as u8,
        };
        if day == 0 || day > u16::from(date.days_in_month()) {
            return Err(DateError::Impossible(format!(
                "{} {year} has {} days",
                MONTHS_EN[usize::from(date.month) - 1],
                date.days_in_month()
            )));
        }
        Ok(date)
    }

    fn days_in_month(self) -> u8 {
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// The date as readers write it: "1. januar 2019" in Danish, "1 January 2019" in English.
    pub fn long(self, language: Language) -> String {
        const DA: [&str; 12] = [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ];
        let month = usize::from(self.month.clamp(1, 12)) - 1;
        match language {
            Language::Da => format!("{}. {} {}", self.day, DA[month], self.year),
            Language::En => format!("{} {} {}", self.day, MONTHS_EN[month], self.year),
        }
    }

    /// The day before: the last day an edition was in force when its successor is in force
    /// from this day.
    pub fn day_before(self) -> Date {
        if self.day > 1 {
            return Date {
                day: self.day - 1,
                ..self
            };
        }
        let (year, month) = if self.month > 1 {
            (self.year, self.month - 1)
        } else {
            (self.year.saturating_sub(1), 12)
        };
        let first = Date {
            year,
            month,
            day: 1,
        };
        Date {
            day: first.days_in_month(),
            ..first
        }
    }

    /// RFC 3339 midnight UTC, for Atom and sitemaps.
    pub fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    label: String,
    published: String,
    status: EditionStatus,
    #[serde(default)]
    note: String,
    fingerprint: Option<String>,
    reprint: Option<serde_yaml::Value>,
}

const KEYS: &[&str] = &[
    "label",
    "published",
    "status",
    "note",
    "fingerprint",
    "reprint",
];

/// What `edition.yaml` says, validated.
pub(super) struct EditionMeta {
    pub label: String,
    pub published: Date,
    pub status: EditionStatus,
    pub note: String,
    /// How many lines of `edition.yaml` precede the note's text, and how far its lines are
    /// indented there, to place its links.
    pub note_lines_before: usize,
    pub note_indent: usize,
    /// `fingerprint:`, which `publish` writes when it archives the edition: what its pages
    /// were then ([`fingerprint_of`]), and the problem to report if they are no longer.
    pub fingerprint: Option<(String, SourceError)>,
    /// `reprint: <why>`: the archived edition is corrected on purpose and printed again.
    pub reprint: bool,
}

pub(super) fn parse(shown: &Path, text: &str) -> Result<EditionMeta, Vec<SourceError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let block = YamlBlock {
        file: shown,
        text,
        lines_before: 0,
    };
    let raw: RawEdition = block.parse(KEYS)?;
    let published = Date::read(&raw.published).map_err(|e| {
        let error = match e {
            DateError::Format => block
                .error_at_key(
                    "published",
                    format!("`published` is not a date: `{}`", raw.published),
                )
                .hint("write the date as YYYY-MM-DD, e.g. `published: 2025-03-01`"),
            DateError::Impossible(why) => block
                .error_at_key(
                    "published",
                    format!(
                        "`{}` is not a day in the calendar: {why}",
                        raw.published.trim()
                    ),
                )
                .hint("correct the day or the month"),
        };
        vec![error]
    })?;
    if raw.label.trim().is_empty() {
        return Err(vec![block.error_at_key("label", "`label` is empty").hint(
            "name the edition as readers should see it, e.g. `label: 2. udgave`",
        )]);
    }
    let reprint = match &raw.reprint {
        None => false,
        Some(serde_yaml::Value::Bool(true)) => true,
        Some(serde_yaml::Value::String(why)) if !why.trim().is_empty() => true,
        Some(_) => {
            return Err(vec![block
                .error_at_key("reprint", "`reprint` must say why the archived edition is changed and printed again")
                .hint("write the reason, e.g. `reprint: rettet telefonnummer til HR`, or remove the line")]);
        }
    };
    let fingerprint = raw.fingerprint.map(|f| {
        let problem = block
            .error_at_key(
                "fingerprint",
                "the edition is archived, and its pages have changed since it was: readers, links and printed leaflets quote it as it was published",
            )
            .hint("undo the change (with version control: `git checkout` the edition's folder), or, to correct the edition and print it again on purpose, say why in this file: `reprint: <why>`");
        (f.trim().to_string(), problem)
    });
    Ok(EditionMeta {
        fingerprint,
        reprint,
        label: raw.label,
        published,
        status: raw.status,
        note_lines_before: note_lines_before(&block),
        note_indent: note_indent(&block),
        note: raw.note,
    })
}

/// What the pages of an edition say, as one SHA-256 hex digest: each page's path, title and
/// text. `publish` writes it into the edition it archives; an archived edition whose pages no
/// longer give it was changed after the fact.
pub(crate) fn fingerprint_of(pages: &[super::Page]) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<&super::Page> = pages.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut hash = Sha256::new();
    for page in sorted {
        for part in [&page.path, &page.title, &page.body] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// `note: |` puts the text on the lines after the key; `note: Tekst` on the key's own line.
fn note_lines_before(block: &YamlBlock<'_>) -> usize {
    let line = block.key_position("note").line;
    let after_key = block
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split_once(':'))
        .map_or("", |(_, rest)| rest.trim());
    if after_key.is_empty() || after_key.starts_with(['|', '>']) {
        line
    } else {
        line - 1
    }
}

/// The indentation of a `note: |` block's first line of text (0 for `note: Tekst`).
fn note_indent(block: &YamlBlock<'_>) -> usize {
    let first = note_lines_before(block);
    if first < block.key_position("note").line {
        return 0;
    }
    block
        .text
        .lines()
        .skip(first)
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.len() - l.trim_start().len())
}

/// The position of `status:` in an edition.yaml, for errors about the set of editions.
pub(super) fn status_error(shown: &Path, text: &str, message: String) -> SourceError {
    let block = YamlBlock {
        file: shown,
        text,
        lines_before: 0,
    };
    block.error_at_key("status", message)
}

#[cfg(test)]
mod day_tests {
    use super::Date;

    #[test]
    fn the_day_before_crosses_months_years_and_leap_days() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2025-03-02").day_before(), d("2025-03-01"));
        assert_eq!(d("2024-03-01").day_before(), d("2024-02-29"));
        assert_eq!(d("2025-03-01").day_before(), d("2025-02-28"));
        assert_eq!(d("2025-01-01").day_before(), d("2024-12-31"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_1970_become_calendar_dates() {
        assert_eq!(Date::days_after_1970(0).to_string(), "1970-01-01");
        assert_eq!(Date::days_after_1970(19_782).to_string(), "2024-02-29");
        assert_eq!(Date::days_after_1970(20_088).to_string(), "2024-12-31");
    }

    #[test]
    fn dates_are_checked_for_real_calendar_days() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("1/2/2023").is_none());
        assert_eq!(
            Date::read("2026-11-31"),
            Err(DateError::Impossible("November 2026 has 30 days".into()))
        );
        assert_eq!(Date::read("2026-1-31"), Err(DateError::Format));
        assert_eq!(Date::read("2026-+1-31"), Err(DateError::Format));
    }

    #[test]
    fn danish_long_dates() {
        let date = Date::parse("2025-03-01").unwrap();
        assert_eq!(date.long(Language::Da), "1. marts 2025");
        assert_eq!(date.long(Language::En), "1 March 2025");
    }

    #[test]
    fn unknown_status_names_the_valid_ones() {
        let text = "label: x\npublished: 2024-01-01\nstatus: aktuel\n";
        let errors = parse(Path::new("e.yaml"), text).err().unwrap();
        assert_eq!(errors[0].position.unwrap().line, 3);
        assert_eq!(
            errors[0].message,
            "`status: aktuel` is not one of the allowed values"
        );
        assert!(
            errors[0].hint.as_deref().unwrap().contains("`current`"),
            "{:?}",
            errors[0].hint
        );
    }
}
