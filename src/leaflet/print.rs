//! Printing leaflets to PDF with Chromium: one PDF at trim size (office printers, the web)
//! and one with bleed whose TrimBox and BleedBox tell the print shop where to cut.

use super::LeafletOutput;
use crate::chromium::Browser;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Prints every leaflet in `out_dir` beside its HTML; returns the PDFs written.
pub(super) fn print_all(
    browser: &Browser,
    out_dir: &Path,
    leaflets: &[LeafletOutput],
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for leaflet in leaflets {
        let trim = out_dir.join(leaflet.trim_pdf.file());
        browser.print_pdf(&out_dir.join(leaflet.trim_html.file()), &trim)?;
        let bleed = out_dir.join(leaflet.bleed_pdf.file());
        browser.print_pdf(&out_dir.join(leaflet.bleed_html.file()), &bleed)?;
        super::pdf_boxes::set_print_boxes(&bleed, leaflet.bleed_mm)?;
        written.extend([trim, bleed]);
    }
    Ok(written)
}
