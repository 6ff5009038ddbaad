//! Printing leaflets to PDF with Chromium: one PDF at trim size (office printers, the web)
//! and one with bleed whose TrimBox and BleedBox tell the print shop where to cut.

use super::LeafletOutput;
use crate::chromium::Browser;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Prints every leaflet in `out_dir` beside its HTML; returns the PDFs written.
pub(crate) fn print_all(
    browser: &Browser,
    out_dir: &Path,
    leaflets: &[LeafletOutput],
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for leaflet in leaflets {
        let dir = out_dir.join(&leaflet.dir);
        let trim = dir.join(&leaflet.trim_pdf);
        browser.print_pdf(&dir.join(super::TRIM_HTML), &trim)?;
        let bleed = dir.join(&leaflet.bleed_pdf);
        browser.print_pdf(&dir.join(super::BLEED_HTML), &bleed)?;
        super::pdf_boxes::set_print_boxes(&bleed, leaflet.bleed_mm)?;
        written.extend([trim, bleed]);
    }
    Ok(written)
}
