//! The print shop's PDF/X-4: the sample brochure's bleed PDF converted by the real
//! Ghostscript and read back with lopdf, pdfinfo and Ghostscript's own CMYK renderer.
//! These tests need Ghostscript 10.05 or newer in `GS` (`make test` installs 10.07 into
//! .cache/gs and sets it), Chromium and poppler-utils, and fail without them.

use crate::support::*;
use lopdf::content::Content;
use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The Ghostscript to convert with: `GS`, else where `make gs` puts it.
fn gs() -> String {
    let path = std::env::var_os("GS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/gs/bin/gs"));
    let version = Command::new(&path)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let numbers: Vec<u32> = version.split('.').filter_map(|n| n.parse().ok()).collect();
    assert!(
        numbers.len() >= 2 && (numbers[0], numbers[1]) >= (10, 5),
        "Ghostscript 10.05 or newer is needed for the PDF/X-4 tests and {} is {version:?}: run `make gs` (or `make test`), or set GS=/path/to/gs",
        path.display()
    );
    path.to_string_lossy().into_owned()
}

/// The sample site with the print shop's colour for the primary colour, built with `--pdf`
/// once and converted by Ghostscript; the site is kept for the rebuilds below.
fn converted() -> &'static (SiteTest, String) {
    static SITE: OnceLock<(SiteTest, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = sample_copy();
        let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap()
            + "print:\n  output_condition: FOGRA39\n  colors_cmyk:\n    primary: [100, 40, 0, 20]\n";
        let site = site.file("site.yaml", &yaml);
        let run = site.run_with_env(&["build", "--pdf"], &[("GS", Some(&gs()))]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        (site, run.stdout)
    })
}

fn print_pdf() -> PathBuf {
    converted()
        .0
        .out()
        .join("sociale-medier/udgave-2/folder/folder-udgave-2-tryk.pdf")
}

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    match doc.get_dictionary(info).ok()?.get(key).ok()? {
        Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

fn metadata(doc: &Document) -> String {
    let id = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

// See: issue 20
#[test]
fn the_print_pdf_is_pdf_x4_with_a_cmyk_output_intent_and_its_print_boxes() {
    let doc = Document::load(print_pdf()).unwrap();
    assert_eq!(
        info_string(&doc, b"GTS_PDFXVersion").as_deref(),
        Some("PDF/X-4")
    );
    let xmp = metadata(&doc);
    assert!(
        xmp.contains("pdfxid:GTS_PDFXVersion='PDF/X-4'"),
        "the XMP must say PDF/X-4: {xmp}"
    );
    let intents = doc
        .catalog()
        .unwrap()
        .get(b"OutputIntents")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = match &intents[0] {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("an output intent that is {other:?}"),
    };
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(
        intent
            .get(b"OutputConditionIdentifier")
            .unwrap()
            .as_str()
            .unwrap(),
        b"FOGRA39"
    );
    let profile = intent
        .get(b"DestOutputProfile")
        .unwrap()
        .as_reference()
        .unwrap();
    let profile = doc.get_object(profile).unwrap().as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    let icc = profile
        .decompressed_content()
        .unwrap_or(profile.content.clone());
    assert_eq!(
        &icc[16..20],
        b"CMYK",
        "the output profile is a CMYK profile"
    );

    // The print boxes as before: 303 × 216 mm with 3 mm of bleed around the A4 trim.
    let info = Command::new("pdfinfo")
        .args(["-box", "-f", "1", "-l", "2"])
        .arg(print_pdf())
        .output()
        .expect("pdfinfo (poppler-utils) is needed");
    let info = String::from_utf8_lossy(&info.stdout);
    for page in [1, 2] {
        let boxes = |name: &str| -> Vec<f64> {
            let label = format!("Page    {page} {name}:");
            let line = info
                .lines()
                .find(|l| l.starts_with(&label))
                .unwrap_or_else(|| panic!("no {label} in {info}"));
            line[label.len()..]
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect()
        };
        let close =
            |got: &[f64], want: [f64; 4]| got.iter().zip(want).all(|(g, w)| (g - w).abs() < 0.05);
        assert!(
            close(&boxes("MediaBox"), [0.0, 0.0, 858.90, 612.28]),
            "{info}"
        );
        assert!(
            close(&boxes("BleedBox"), [0.0, 0.0, 858.90, 612.28]),
            "{info}"
        );
        assert!(
            close(&boxes("TrimBox"), [8.50, 8.50, 850.39, 603.78]),
            "{info}"
        );
    }
}

/// Every fill colour a text-showing operator paints with, on every page, as the
/// operator that set it (`0 0 0 1 k`).
fn text_fill_colours(doc: &Document) -> Vec<(String, Vec<f32>)> {
    let mut found = Vec::new();
    for (_, page) in doc.get_pages() {
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let mut fill = ("none".to_string(), Vec::new());
        let mut stack = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "q" => stack.push(fill.clone()),
                "Q" => fill = stack.pop().unwrap_or(fill.clone()),
                "k" | "rg" | "g" | "sc" | "scn" => {
                    fill = (
                        op.operator.clone(),
                        op.operands
                            .iter()
                            .filter_map(|o| o.as_float().ok())
                            .collect(),
                    )
                }
                "Tj" | "TJ" | "'" | "\"" if !found.contains(&fill) => found.push(fill.clone()),
                _ => {}
            }
        }
    }
    found
}

fn all_operators(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .into_values()
        .flat_map(|page| {
            Content::decode(&doc.get_page_content(page))
                .unwrap()
                .operations
        })
        .map(|op| op.operator)
        .collect()
}

fn is_cmyk(colour: &(String, Vec<f32>), want: [f32; 4]) -> bool {
    colour.0 == "k"
        && colour.1.len() == 4
        && colour
            .1
            .iter()
            .zip(want)
            .all(|(g, w)| (g - w).abs() < 0.005)
}

// See: issue 20
#[test]
fn text_is_black_ink_only_and_the_site_colour_its_given_inks() {
    let doc = Document::load(print_pdf()).unwrap();
    let operators = all_operators(&doc);
    for rgb in ["rg", "RG"] {
        assert!(
            !operators.iter().any(|o| o == rgb),
            "no RGB colour is left in the content streams"
        );
    }
    let colours = text_fill_colours(&doc);
    assert!(
        colours.iter().any(|c| is_cmyk(c, [0.0, 0.0, 0.0, 1.0])),
        "body text is printed in DeviceCMYK 0/0/0/1: {colours:?}"
    );
    for colour in &colours {
        assert_eq!(colour.0, "k", "text is painted in DeviceCMYK: {colours:?}");
        let (c, m, y, k) = (colour.1[0], colour.1[1], colour.1[2], colour.1[3]);
        assert!(
            !(k > 0.9 && c + m + y > 0.0),
            "no text in rich black (black with colour under it): {colours:?}"
        );
    }
    // The cover's blue, `primary: [100, 40, 0, 20]` in site.yaml, exactly.
    let fills: Vec<(String, Vec<f32>)> = doc
        .get_pages()
        .into_values()
        .flat_map(|page| {
            Content::decode(&doc.get_page_content(page))
                .unwrap()
                .operations
        })
        .filter(|op| op.operator == "k")
        .map(|op| {
            (
                "k".to_string(),
                op.operands
                    .iter()
                    .filter_map(|o| o.as_float().ok())
                    .collect(),
            )
        })
        .collect();
    assert!(
        fills.iter().any(|c| is_cmyk(c, [1.0, 0.4, 0.0, 0.2])),
        "the primary colour is 100/40/0/20: {fills:?}"
    );
}

/// The largest sum of the four inks over every pixel of every page, in percent, as
/// Ghostscript renders the PDF in CMYK (`pamcmyk32`) at 72 dpi.
fn max_total_ink(pdf: &Path) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(gs())
        .args([
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=pamcmyk32",
            "-r72",
        ])
        .arg(format!("-sOutputFile={}/p%d.pam", dir.path().display()))
        .arg(pdf)
        .status()
        .unwrap();
    assert!(status.success());
    let mut max = 0u32;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let start = bytes
            .windows(7)
            .position(|w| w == b"ENDHDR\n")
            .expect("a PAM header")
            + 7;
        for pixel in bytes[start..].chunks_exact(4) {
            max = max.max(pixel.iter().map(|&v| u32::from(v)).sum());
        }
    }
    f64::from(max) * 100.0 / 255.0
}

// See: issue 20
#[test]
fn no_spot_of_the_print_pdf_has_more_than_300_percent_ink() {
    let ink = max_total_ink(&print_pdf());
    assert!(ink <= 300.0, "at most 300 % ink, found {ink:.0} %");
    assert!(ink >= 100.0, "the page has black text at least: {ink:.0} %");
}

// See: issue 20
#[test]
fn the_build_report_shows_the_preflight_in_danish() {
    let stdout = &converted().1;
    for line in [
        "tjek af trykfilen folder-udgave-2-tryk.pdf: PDF/X-4, farveprofil FOGRA39",
        "  sidestørrelse 303 × 216 mm, beskåret format 297 × 210 mm, 3 mm til beskæring på hver side",
        "  skrifter: SourceSans3-Bold, SourceSans3-Regular (alle indlejret)",
        "  farverum: DeviceCMYK",
    ] {
        assert!(stdout.lines().any(|l| l == line), "no line {line:?} in:\n{stdout}");
    }
    let ink = stdout
        .lines()
        .find_map(|l| l.strip_prefix("  største samlede farvemængde i tekst og flader: "))
        .unwrap_or_else(|| panic!("no total ink line in:\n{stdout}"));
    let percent: u32 = ink.split(' ').next().unwrap().parse().unwrap();
    assert!(percent <= 300 && ink.ends_with("(højst 300 %)"), "{ink}");
}

// See: issue 20
#[test]
fn the_conversion_is_reproducible_and_cached_by_ghostscript_version() {
    let (site, _) = converted();
    let doc = Document::load(print_pdf()).unwrap();
    let date = info_string(&doc, b"ModDate").unwrap();
    let xmp = metadata(&doc);
    // D:20250101000000Z is 2025-01-01T00:00:00Z in the XMP.
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[2..6],
        &date[6..8],
        &date[8..10],
        &date[10..12],
        &date[12..14],
        &date[14..16]
    );
    assert!(
        xmp.contains(&format!("<xmp:ModifyDate>{iso}</xmp:ModifyDate>")),
        "the XMP dates are the PDF's ({iso}): {xmp}"
    );
    let first = std::fs::read(print_pdf()).unwrap();

    // Printed and converted afresh, the same bytes.
    let again = tempfile::tempdir().unwrap();
    let copy = SiteTest { dir: again };
    for file in ["site.yaml", "addresses.txt"] {
        std::fs::copy(site.root().join(file), copy.root().join(file)).unwrap();
    }
    copy_tree(&site.root().join("content"), &copy.root().join("content"));
    let run = copy.run_with_env(&["build", "--pdf"], &[("GS", Some(&gs()))]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fresh = copy
        .out()
        .join("sociale-medier/udgave-2/folder/folder-udgave-2-tryk.pdf");
    assert!(
        std::fs::read(&fresh).unwrap() == first,
        "the same bytes twice"
    );

    // The same Ghostscript finds the cache; without one the print PDF is made again, as
    // Chromium printed it (a leaflet is reused only with both its PDFs, so both are
    // printed), and the report says why.
    let cached = copy.run_with_env(&["build", "--pdf"], &[("GS", Some(&gs()))]);
    assert!(
        cached.stdout.contains("PDFs: 0 printed, 4 reused"),
        "{}",
        cached.stdout
    );
    let without = copy.run_with_env(&["build", "--pdf"], &[("GS", Some("/nonexistent/gs"))]);
    assert_eq!(without.code, 0, "{}", without.stderr);
    assert!(
        without.stdout.contains("PDFs: 4 printed, 0 reused"),
        "{}",
        without.stdout
    );
    assert!(
        without
            .stdout
            .contains("bemærk: trykfilen (-tryk.pdf) er ikke PDF/X-4")
            && without
                .stdout
                .contains("note: the print PDF (-tryk.pdf) is not PDF/X-4"),
        "{}",
        without.stdout
    );
    let plain = Document::load(&fresh).unwrap();
    assert_eq!(info_string(&plain, b"GTS_PDFXVersion"), None);
}

// See: issue 20
#[test]
fn print_settings_that_cannot_be_printed_are_errors_at_their_line() {
    let site = |print: &str| SiteTest::new().file("site.yaml", &format!("{SITE_YAML}{print}"));
    let too_much =
        site("print:\n  colors_cmyk:\n    primary: [100, 100, 100, 100]\n").build_error();
    assert!(
        too_much.contains("site.yaml:6:3:")
            && too_much.contains("`colors_cmyk.primary` puts 400 % ink on the paper; print shops allow at most 300 %"),
        "{too_much}"
    );
    let unknown = site("print:\n  colors_cmyk:\n    blå: [100, 0, 0, 0]\n").build_error();
    assert!(
        unknown.contains("`colors_cmyk` has no colour called `blå`")
            && unknown.contains("primary, accent, ink, muted or tint"),
        "{unknown}"
    );
    let three = site("print:\n  colors_cmyk:\n    ink: [0, 0, 100]\n").build_error();
    assert!(three.contains("must be four ink percentages"), "{three}");
    let missing = site("print:\n  output_intent: tryk/ingen.icc\n").build_error();
    assert!(
        missing.contains("site.yaml:6:3:")
            && missing.contains("the colour profile tryk/ingen.icc does not exist"),
        "{missing}"
    );
}
