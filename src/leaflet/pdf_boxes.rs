//! Print-shop page boxes for the bleed PDF.
//!
//! Print shops want 3 mm of background beyond the trim edge on every side and a PDF that
//! says where to cut. Headless Chromium ignores CSS `bleed` and `marks`, so the bleed
//! variant is printed on a page box enlarged by the bleed on each side (303 × 216 mm for an
//! A4 sheet) with the artwork offset by the bleed. This module then writes the boxes that
//! tell the shop's software what is what, on every page:
//! - MediaBox = CropBox = BleedBox: the whole printed sheet, trim size plus bleed;
//! - TrimBox: the MediaBox inset by the bleed, the finished 297 × 210 mm sheet.
//!
//! Chromium lays pages out in whole CSS pixels, so a 216 mm page comes out 612.00 pt high
//! instead of 612.28 pt. Paper formats are whole millimetres, so the printed size is
//! snapped to the nearest millimetre; the box stays anchored at the top-left corner,
//! where Chromium starts laying out, so the TrimBox sits exactly on the artwork.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use lopdf::{Dictionary, Document, Object, ObjectId};

const POINTS_PER_MM: f64 = 72.0 / 25.4;

/// The largest bleed accepted. Shops ask for 2–5 mm; more than this is a unit mistake
/// (points or pixels passed as millimetres).
const MAX_BLEED_MM: f64 = 20.0;

/// Sets MediaBox, CropBox, BleedBox and TrimBox on every page of `pdf`, a file printed
/// with `bleed_mm` of bleed on each side, and rewrites the file atomically.
#[cfg(test)]
pub(crate) fn set_print_boxes(pdf: &Path, bleed_mm: f64) -> Result<()> {
    check_bleed(bleed_mm)?;
    let mut doc =
        Document::load(pdf).with_context(|| format!("reading the PDF {}", pdf.display()))?;
    set_boxes(&mut doc, bleed_mm, pdf)?;
    super::pdf_stamp::save_atomically(&mut doc, pdf)
}

fn check_bleed(bleed_mm: f64) -> Result<()> {
    if !(0.0..=MAX_BLEED_MM).contains(&bleed_mm) {
        bail!("a bleed of {bleed_mm} mm is outside 0–{MAX_BLEED_MM} mm");
    }
    Ok(())
}

/// Sets the print boxes on every page of `doc`, printed with `bleed_mm` of bleed on each
/// side; `shown` names the PDF in messages.
pub(super) fn set_boxes(doc: &mut Document, bleed_mm: f64, shown: &Path) -> Result<()> {
    check_bleed(bleed_mm)?;
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if pages.is_empty() {
        bail!("{} has no pages", shown.display());
    }
    for (number, id) in pages {
        set_page_boxes(doc, id, bleed_mm).with_context(|| {
            format!(
                "setting the print boxes of page {number} of {}",
                shown.display()
            )
        })?;
    }
    Ok(())
}

fn set_page_boxes(doc: &mut Document, page: ObjectId, bleed_mm: f64) -> Result<()> {
    let printed = media_box(doc, page)?;
    let media = snap_to_millimetres(printed);
    let bleed = bleed_mm * POINTS_PER_MM;
    if media.width() <= 2.0 * bleed || media.height() <= 2.0 * bleed {
        bail!(
            "the page ({:.1} × {:.1} mm) is too small for a bleed of {bleed_mm} mm",
            media.width() / POINTS_PER_MM,
            media.height() / POINTS_PER_MM
        );
    }
    let trim = media.inset(bleed);
    let dict = doc
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|err| anyhow!("the page object is not a dictionary: {err}"))?;
    for key in ["MediaBox", "CropBox", "BleedBox"] {
        dict.set(key, media.to_object());
    }
    dict.set("TrimBox", trim.to_object());
    Ok(())
}

/// A PDF rectangle in points: lower-left and upper-right corners.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn width(self) -> f64 {
        self.x1 - self.x0
    }

    fn height(self) -> f64 {
        self.y1 - self.y0
    }

    fn inset(self, by: f64) -> Rect {
        Rect {
            x0: self.x0 + by,
            y0: self.y0 + by,
            x1: self.x1 - by,
            y1: self.y1 - by,
        }
    }

    fn to_object(self) -> Object {
        // Two decimals (1/100 pt) is far below any printer's resolution.
        let round = |v: f64| Object::Real(((v * 100.0).round() / 100.0) as f32);
        Object::Array(vec![
            round(self.x0),
            round(self.y0),
            round(self.x1),
            round(self.y1),
        ])
    }
}

/// Rounds the page to whole millimetres, keeping the top-left corner in place.
fn snap_to_millimetres(printed: Rect) -> Rect {
    let snap = |points: f64| (points / POINTS_PER_MM).round() * POINTS_PER_MM;
    Rect {
        x0: printed.x0,
        y0: printed.y1 - snap(printed.height()),
        x1: printed.x0 + snap(printed.width()),
        y1: printed.y1,
    }
}

/// The page's MediaBox, which PDF lets a page inherit from its parent page-tree nodes.
fn media_box(doc: &Document, page: ObjectId) -> Result<Rect> {
    let mut node: &Dictionary = doc.get_dictionary(page)?;
    // The page tree is shallow; the bound only guards against a parent cycle.
    for _ in 0..64 {
        if let Ok(found) = node.get(b"MediaBox") {
            return rect_from(doc, found);
        }
        let parent = node
            .get(b"Parent")
            .and_then(Object::as_reference)
            .map_err(|_| anyhow!("the page has no MediaBox"))?;
        node = doc.get_dictionary(parent)?;
    }
    bail!("the page tree is too deep or has a cycle")
}

fn rect_from(doc: &Document, object: &Object) -> Result<Rect> {
    let object = match object {
        Object::Reference(id) => doc.get_object(*id)?,
        other => other,
    };
    let numbers = object
        .as_array()?
        .iter()
        .map(|n| n.as_float().map(f64::from))
        .collect::<lopdf::Result<Vec<f64>>>()?;
    let [a, b, c, d] = numbers[..] else {
        bail!("a box has {} numbers instead of 4", numbers.len());
    };
    // PDF allows any two opposite corners; normalise to lower-left, upper-right.
    Ok(Rect {
        x0: a.min(c),
        y0: b.min(d),
        x1: a.max(c),
        y1: b.max(d),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chromium::Browser;

    /// Two sheets printed as the bleed variant: a 303 × 216 mm page box, the 297 × 210 mm
    /// artwork offset by 3 mm, background running into the bleed.
    const BLEED_SHEETS: &str = r#"<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Beskæring</title><style>
@page { size: 303mm 216mm; margin: 0 }
body { margin: 0 }
.bleed { width: 303mm; height: 216mm; background: #9cf; break-after: page; position: relative }
.sheet { position: absolute; left: 3mm; top: 3mm; width: 297mm; height: 210mm }
</style></head><body>
<div class="bleed"><div class="sheet">Udvendig</div></div>
<div class="bleed"><div class="sheet">Indvendig</div></div>
</body></html>"#;

    fn print_bleed_pdf(dir: &Path) -> std::path::PathBuf {
        let html = dir.join("bleed.html");
        std::fs::write(&html, BLEED_SHEETS).unwrap();
        let pdf = dir.join("bleed.pdf");
        Browser::launch().unwrap().print_pdf(&html, &pdf).unwrap();
        pdf
    }

    /// `pdfinfo -box` lines such as `TrimBox:  8.50  8.50  850.39  603.78` for page 1.
    fn pdfinfo_boxes(pdf: &Path, page: u32) -> std::collections::HashMap<String, Rect> {
        let page = page.to_string();
        let output = std::process::Command::new("pdfinfo")
            .args(["-box", "-f", &page, "-l", &page])
            .arg(pdf)
            .output()
            .expect("pdfinfo (poppler-utils) must be installed");
        assert!(output.status.success(), "{output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines()
            .filter_map(|line| {
                let (label, numbers) = line.split_once("Box:")?;
                let name = label.rsplit(' ').next()?.to_string() + "Box";
                let v: Vec<f64> = numbers
                    .split_whitespace()
                    .map(|n| n.parse().unwrap())
                    .collect();
                Some((
                    name,
                    Rect {
                        x0: v[0],
                        y0: v[1],
                        x1: v[2],
                        y1: v[3],
                    },
                ))
            })
            .collect()
    }

    fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{what}: {actual} is not {expected} ± {tolerance}"
        );
    }

    fn assert_print_boxes(media: Rect, bleed: Rect, trim: Rect) {
        assert_close(media.width(), 858.90, 0.5, "MediaBox width (303 mm)");
        assert_close(media.height(), 612.28, 0.5, "MediaBox height (216 mm)");
        assert_eq!(bleed, media, "BleedBox is the whole sheet");
        assert_close(trim.width(), 841.89, 0.5, "TrimBox width (297 mm)");
        assert_close(trim.height(), 595.28, 0.5, "TrimBox height (210 mm)");
        for (edge, offset) in [
            ("left", trim.x0 - media.x0),
            ("bottom", trim.y0 - media.y0),
            ("right", media.x1 - trim.x1),
            ("top", media.y1 - trim.y1),
        ] {
            assert_close(offset, 8.50, 0.02, &format!("TrimBox {edge} offset (3 mm)"));
        }
    }

    #[test]
    fn bleed_pdf_gets_trim_and_bleed_boxes_on_every_page() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = print_bleed_pdf(dir.path());
        set_print_boxes(&pdf, 3.0).unwrap();

        for page in [1, 2] {
            let boxes = pdfinfo_boxes(&pdf, page);
            assert_print_boxes(boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]);
        }

        let doc = Document::load(&pdf).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);
        for id in pages.values() {
            let dict = doc.get_dictionary(*id).unwrap();
            let read = |key: &[u8]| rect_from(&doc, dict.get(key).unwrap()).unwrap();
            assert_print_boxes(read(b"MediaBox"), read(b"BleedBox"), read(b"TrimBox"));
        }

        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            2,
            "only the HTML and the PDF: {leftovers:?}"
        );
    }

    #[test]
    fn running_twice_gives_the_same_boxes() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = print_bleed_pdf(dir.path());
        set_print_boxes(&pdf, 3.0).unwrap();
        let once = pdfinfo_boxes(&pdf, 1);
        set_print_boxes(&pdf, 3.0).unwrap();
        assert_eq!(pdfinfo_boxes(&pdf, 1), once);
    }

    #[test]
    fn snapping_keeps_the_top_left_corner() {
        let printed = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 858.96,
            y1: 612.0,
        };
        let media = snap_to_millimetres(printed);
        assert_close(media.width(), 303.0 * POINTS_PER_MM, 1e-9, "width");
        assert_close(media.height(), 216.0 * POINTS_PER_MM, 1e-9, "height");
        assert_eq!((media.x0, media.y1), (0.0, 612.0));
    }

    #[test]
    fn unreasonable_bleed_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("x.pdf");
        for bleed in [-1.0, 25.0, f64::NAN] {
            let err = set_print_boxes(&pdf, bleed).unwrap_err().to_string();
            assert!(err.contains("bleed"), "{err}");
        }
    }

    #[test]
    fn a_file_that_is_not_a_pdf_is_an_error_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("ikke.pdf");
        std::fs::write(&pdf, "ikke en pdf").unwrap();
        let err = format!("{:#}", set_print_boxes(&pdf, 3.0).unwrap_err());
        assert!(err.contains("reading the PDF"), "{err}");
        assert_eq!(std::fs::read_to_string(&pdf).unwrap(), "ikke en pdf");
    }
}
