//! Reproducible PDFs: two builds of the same sources give byte-identical PDFs.
//!
//! Chromium writes the moment it printed into every PDF (`CreationDate`, `ModDate`); those
//! are replaced by one fixed date: `SOURCE_DATE_EPOCH` when it is set (the
//! reproducible-builds.org convention: seconds since 1970-01-01 UTC, usually the last
//! commit's time), else the edition's `published` date at 00:00 UTC. The document `/ID`,
//! which PDF writers often make from the clock or a random number, is made from a hash of the
//! document itself. lopdf writes objects in the order of their numbers, so saving adds
//! nothing that varies from run to run.
//!
//! The date is part of the PDF cache key (see [`super::cache`]), so changing
//! `SOURCE_DATE_EPOCH` prints afresh instead of serving a PDF with another date.

use crate::content::Date;
use anyhow::{bail, Context, Result};
use lopdf::{Dictionary, Document, Object, StringFormat};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// The environment variable reproducible builds set to the time they build "as of".
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// The last second a four-digit PDF year can show: 9999-12-31 23:59:59 UTC.
const LAST_SECOND: u64 = 253_402_300_799;

const SECONDS_PER_DAY: u64 = 86_400;

/// A moment as PDF writes dates: `D:YYYYMMDDHHmmSSZ`, in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfDate(String);

impl PdfDate {
    /// The moment as XMP metadata writes dates: `D:20250101000000Z` → `2025-01-01T00:00:00Z`.
    pub(super) fn xmp(&self) -> String {
        let d = self.0.trim_start_matches("D:");
        let part = |from: usize, to: usize| d.get(from..to).unwrap_or("00");
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            part(0, 4),
            part(4, 6),
            part(6, 8),
            part(8, 10),
            part(10, 12),
            part(12, 14)
        )
    }

    /// The moment `seconds` after 1970-01-01 00:00:00 UTC.
    fn from_epoch(seconds: u64) -> PdfDate {
        let (days, rest) = (seconds / SECONDS_PER_DAY, seconds % SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        PdfDate(format!(
            "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ))
    }

    /// Midnight UTC at the start of `date`.
    fn midnight(date: Date) -> PdfDate {
        PdfDate(format!(
            "D:{:04}{:02}{:02}000000Z",
            date.year, date.month, date.day
        ))
    }

    /// The date the PDFs of an edition published on `published` carry: `epoch` (read by
    /// [`source_date_epoch`]) when given, else that day at midnight UTC.
    pub(super) fn of_edition(epoch: Option<u64>, published: Date) -> PdfDate {
        epoch.map_or_else(|| PdfDate::midnight(published), PdfDate::from_epoch)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `SOURCE_DATE_EPOCH` from the environment: `None` when unset or empty, an error when it
/// is not a whole number of seconds a PDF can show.
pub(crate) fn source_date_epoch() -> Result<Option<u64>> {
    match std::env::var(SOURCE_DATE_EPOCH) {
        Ok(value) => parse_epoch(&value),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(value)) => {
            bail!("{SOURCE_DATE_EPOCH} is {value:?}, not a number of seconds since 1970-01-01")
        }
    }
}

fn parse_epoch(value: &str) -> Result<Option<u64>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let hint = "set it to whole seconds since 1970-01-01 00:00 UTC, e.g. \
                `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`, or unset it to date the PDFs \
                by the edition's `published` date";
    let seconds: u64 = match value.parse() {
        Ok(seconds) if value.bytes().all(|b| b.is_ascii_digit()) => seconds,
        _ => bail!("{SOURCE_DATE_EPOCH} is `{value}`, not a number of seconds; {hint}"),
    };
    if seconds > LAST_SECOND {
        bail!("{SOURCE_DATE_EPOCH} is `{value}`, a moment after the year 9999; {hint}");
    }
    Ok(Some(seconds))
}

/// Year, month and day of the day `days` after 1970-01-01 (the proleptic Gregorian calendar;
/// Howard Hinnant's `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Gives `doc` the fixed dates and an `/ID` made from its own content, so that the same
/// printed page always saves to the same bytes.
pub(super) fn stamp(doc: &mut Document, date: &PdfDate) -> Result<()> {
    let info = info_dictionary(doc)?;
    for key in ["CreationDate", "ModDate"] {
        info.set(
            key,
            Object::String(date.as_str().as_bytes().to_vec(), StringFormat::Literal),
        );
    }
    doc.trailer.remove(b"ID");
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .context("writing the PDF to derive its ID")?;
    let digest = Sha256::digest(&bytes);
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// The document information dictionary, made (and referenced from the trailer) when the
/// PDF has none.
fn info_dictionary(doc: &mut Document) -> Result<&mut Dictionary> {
    let id = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => *id,
        Ok(Object::Dictionary(_)) => {
            return doc
                .trailer
                .get_mut(b"Info")
                .and_then(Object::as_dict_mut)
                .context("the PDF's Info entry");
        }
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", Object::Reference(id));
            id
        }
    };
    doc.get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .context("the PDF's Info entry is not a dictionary")
}

/// Writes beside the target and renames over it, so an interrupted build never leaves a
/// half-written PDF where the print shop would pick it up; the PDF ends up 0644.
pub(super) fn save_atomically(doc: &mut Document, pdf: &Path) -> Result<()> {
    let dir = pdf
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    doc.save_to(temp.as_file_mut())
        .with_context(|| format!("writing the PDF for {}", pdf.display()))?;
    temp.as_file_mut()
        .flush()
        .with_context(|| format!("writing the PDF for {}", pdf.display()))?;
    temp.persist(pdf)
        .with_context(|| format!("replacing {}", pdf.display()))?;
    // A temporary file is made readable by its owner only; the PDF is published.
    crate::output::set_published_mode(pdf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn epoch_seconds_become_a_pdf_date_in_utc() {
        assert_eq!(PdfDate::from_epoch(0).as_str(), "D:19700101000000Z");
        assert_eq!(
            PdfDate::from_epoch(1_700_000_000).as_str(),
            "D:20231114221320Z"
        );
        // A leap day, and the last second of a year.
        assert_eq!(
            PdfDate::from_epoch(951_782_400).as_str(),
            "D:20000229000000Z"
        );
        assert_eq!(
            PdfDate::from_epoch(1_735_689_599).as_str(),
            "D:20241231235959Z"
        );
        assert_eq!(
            PdfDate::from_epoch(LAST_SECOND).as_str(),
            "D:99991231235959Z"
        );
    }

    #[test]
    fn without_an_epoch_the_edition_date_at_midnight_is_used() {
        let published = Date {
            year: 2025,
            month: 3,
            day: 1,
        };
        assert_eq!(
            PdfDate::of_edition(None, published).as_str(),
            "D:20250301000000Z"
        );
        assert_eq!(
            PdfDate::of_edition(Some(0), published).as_str(),
            "D:19700101000000Z"
        );
    }

    #[test]
    fn source_date_epoch_must_be_whole_seconds() {
        assert_eq!(parse_epoch("1700000000").unwrap(), Some(1_700_000_000));
        assert_eq!(parse_epoch(" 42\n").unwrap(), Some(42));
        assert_eq!(parse_epoch("").unwrap(), None);
        for bad in ["i går", "-1", "+5", "1.5", "1e9", "99999999999999999999999"] {
            let err = parse_epoch(bad).unwrap_err().to_string();
            assert!(
                err.contains("SOURCE_DATE_EPOCH") && err.contains(bad),
                "{err}"
            );
        }
        let err = parse_epoch("253402300800").unwrap_err().to_string();
        assert!(err.contains("9999"), "{err}");
    }

    fn one_page_pdf() -> Document {
        let mut doc = Document::with_version("1.4");
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page.into()],
                "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages,
        });
        doc.trailer.set("Root", catalog);
        doc
    }

    fn saved(doc: &mut Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn stamping_sets_both_dates_and_an_id_that_follows_the_content() {
        let date = PdfDate::from_epoch(1_700_000_000);
        let mut a = one_page_pdf();
        a.trailer.set(
            "ID",
            Object::String(b"tilfaeldig".to_vec(), StringFormat::Literal),
        );
        stamp(&mut a, &date).unwrap();
        let mut b = one_page_pdf();
        stamp(&mut b, &date).unwrap();
        assert_eq!(saved(&mut a), saved(&mut b), "same content, same bytes");

        let info_id = a.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = a.get_dictionary(info_id).unwrap();
        for key in [&b"CreationDate"[..], b"ModDate"] {
            assert_eq!(
                info.get(key).unwrap().as_str().unwrap(),
                b"D:20231114221320Z"
            );
        }

        let mut later = one_page_pdf();
        stamp(&mut later, &PdfDate::from_epoch(1_700_000_001)).unwrap();
        assert_ne!(
            later.trailer.get(b"ID").unwrap(),
            a.trailer.get(b"ID").unwrap(),
            "another date is another document"
        );
    }
}
