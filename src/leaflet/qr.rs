//! QR codes for the leaflet's back panel, linking to the edition's permanent web address.
//!
//! Readers scan leaflets years after printing, often from a worn or folded sheet, so the
//! code uses error correction level M (15 % of the code may be damaged) and the full
//! 4-module quiet zone. The SVG has a `viewBox` and no width or height: the theme's CSS
//! decides the printed size (about 20–25 mm), and the modules stay sharp at any scale.

use std::fmt::Write as _;

use anyhow::{bail, Context, Result};
use qrcode::{Color, EcLevel, QrCode};

/// The blank margin the QR specification asks for, in modules.
const QUIET_ZONE: usize = 4;

/// Encodes `url` as an SVG QR code: black modules on a white square.
pub(crate) fn qr_svg(url: &str) -> Result<String> {
    if url.trim().is_empty() {
        bail!("cannot make a QR code for an empty web address");
    }
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .with_context(|| format!("encoding {url:?} as a QR code"))?;
    let modules = code.to_colors();
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" role="img" aria-label="QR: {label}"><rect width="{size}" height="{size}" fill="#ffffff"/><path fill="#000000" d=""##,
        label = escape_attribute(url),
    );
    for (y, row) in modules.chunks(width).enumerate() {
        for (x, run) in dark_runs(row) {
            let (left, top) = (x + QUIET_ZONE, y + QUIET_ZONE);
            // A run of dark modules as one rectangle keeps the path short.
            let _ = write!(svg, "M{left} {top}h{run}v1h-{run}z");
        }
    }
    svg.push_str(r#""/></svg>"#);
    Ok(svg)
}

/// The dark stretches of one row, as (first column, length).
fn dark_runs(row: &[Color]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (x, color) in row.iter().chain([&Color::Light]).enumerate() {
        match (color, start) {
            (Color::Dark, None) => start = Some(x),
            (Color::Light, Some(first)) => {
                runs.push((first, x - first));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rasterises the SVG with resvg at `pixels_per_module` and reads it back with rqrr, an
    /// independent decoder: the only proof that matters is that a reader gets the URL.
    fn decode(svg: &str, pixels_per_module: f32) -> Vec<String> {
        let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
        let size = tree.size();
        let width = (size.width() * pixels_per_module).ceil() as u32;
        let height = (size.height() * pixels_per_module).ceil() as u32;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).unwrap();
        let scale = resvg::tiny_skia::Transform::from_scale(pixels_per_module, pixels_per_module);
        resvg::render(&tree, scale, &mut pixmap.as_mut());
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(width as usize, height as usize, |x, y| {
                let pixel = pixmap.pixel(x as u32, y as u32).unwrap();
                // Transparent pixels would read as black; the SVG must paint its own white.
                assert_eq!(pixel.alpha(), 255, "unpainted pixel at {x},{y}");
                pixel.green()
            });
        image
            .detect_grids()
            .iter()
            .map(|grid| grid.decode().unwrap().1)
            .collect()
    }

    #[test]
    fn decodes_to_the_url() {
        let url = "https://retningslinjer.sonderborg.dk/2025/sociale-medier/";
        let svg = qr_svg(url).unwrap();
        assert_eq!(decode(&svg, 8.0), [url]);
        // A small rendering, as on a 300 dpi print of a 20 mm code, still reads.
        assert_eq!(decode(&svg, 3.0), [url]);
    }

    #[test]
    fn decodes_a_long_address_with_a_query() {
        let url =
            "https://www.sonderborgkommune.dk/retningslinjer/ansattes-brug-af-sociale-medier/\
                   udgave/2025-03-01/?kilde=pjece&sprog=da#gode-raad";
        assert_eq!(decode(&qr_svg(url).unwrap(), 6.0), [url]);
    }

    #[test]
    fn scales_by_css_with_a_quiet_zone() {
        let svg = qr_svg("https://example.org/").unwrap();
        let root = svg.split('>').next().unwrap();
        assert!(root.contains(r#"viewBox="0 0 "#), "{root}");
        assert!(
            !root.contains("width=") && !root.contains("height="),
            "{root}"
        );
        // Version 2 at level M is 25 modules, plus 4 on each side.
        assert!(root.contains(r#"viewBox="0 0 33 33""#), "{root}");
        assert!(svg.contains(r##"fill="#000000""##));
        // The first dark module (the finder pattern's corner) sits inside the quiet zone.
        assert!(svg.contains(r#"d="M4 4h7v1h-7z"#), "{svg}");
    }

    #[test]
    fn the_label_is_escaped() {
        let svg = qr_svg(r#"https://example.org/?a=1&b="2""#).unwrap();
        assert!(svg.contains("a=1&amp;b=&quot;2&quot;"), "{svg}");
        let mut reader = quick_xml::Reader::from_str(&svg);
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Eof => break,
                _ => continue,
            }
        }
    }

    #[test]
    fn unusable_input_is_an_error() {
        assert!(qr_svg("  ").is_err());
        let too_long = format!("https://example.org/{}", "x".repeat(5000));
        let err = qr_svg(&too_long).unwrap_err().to_string();
        assert!(err.contains("QR code"), "{err}");
    }

    #[test]
    fn runs_cover_every_dark_module() {
        use Color::{Dark as D, Light as L};
        assert_eq!(dark_runs(&[D, D, L, D, L, L, D]), [(0, 2), (3, 1), (6, 1)]);
        assert_eq!(dark_runs(&[L, L]), []);
    }
}
