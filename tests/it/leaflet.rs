//! The print leaflet, printed by the real Chromium and inspected with poppler-utils and
//! zbarimg: page sizes, print boxes, fonts, where the words land, the QR code, and the fit
//! check. These tests need Chromium, poppler-utils and zbar-tools (`make test` installs
//! them) and fail without them.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// The repository's own sample site built with `--pdf` once, shared by the tests below.
fn sample() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let run = Command::new(env!("CARGO_BIN_EXE_pjece"))
            .args([
                "build",
                "--pdf",
                "--root",
                env!("CARGO_MANIFEST_DIR"),
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        (dir, out)
    });
    out
}

fn tool(program: &str, args: &[&str], file: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (make deps installs it): {e}")
        });
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn trim_pdf() -> PathBuf {
    sample().join("udgave-1/folder/folder-udgave-1.pdf")
}

/// Numbers after `label` in `pdfinfo` output: `Page size: 841.89 x 595.28 pts`.
fn numbers_after(text: &str, label: &str) -> Vec<f64> {
    let line = text
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label} in {text}"));
    line[label.len()..]
        .split(|c: char| c.is_whitespace() || c == 'x')
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn trim_pdf_has_two_a4_landscape_pages() {
    let info = tool("pdfinfo", &[], &trim_pdf());
    assert_eq!(numbers_after(&info, "Pages:"), [2.0]);
    let size = numbers_after(&info, "Page size:");
    assert!(
        (size[0] - 841.89).abs() <= 0.5 && (size[1] - 595.28).abs() <= 0.5,
        "{size:?}"
    );
}

#[test]
fn bleed_pdf_has_bleed_media_box_and_a4_trim_box() {
    let pdf = sample().join("udgave-1/folder/folder-udgave-1-tryk.pdf");
    let info = tool("pdfinfo", &["-box", "-f", "1", "-l", "2"], &pdf);
    for page in ["Page    1", "Page    2"] {
        let media = numbers_after(&info, &format!("{page} MediaBox:"));
        let trim = numbers_after(&info, &format!("{page} TrimBox:"));
        let (w, h) = (media[2] - media[0], media[3] - media[1]);
        assert!(
            (w / PT_PER_MM - 303.0).abs() < 0.5 && (h / PT_PER_MM - 216.0).abs() < 0.5,
            "MediaBox {media:?}"
        );
        let (w, h) = (trim[2] - trim[0], trim[3] - trim[1]);
        assert!(
            (w / PT_PER_MM - 297.0).abs() < 0.5 && (h / PT_PER_MM - 210.0).abs() < 0.5,
            "TrimBox {trim:?}"
        );
    }
}

#[test]
fn every_font_is_embedded() {
    let fonts = tool("pdffonts", &[], &trim_pdf());
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(columns[columns.len() - 5], "yes", "not embedded: {row}");
        assert!(
            row.contains("SourceSans3"),
            "a fallback font slipped in: {row}"
        );
    }
}

/// Words of one PDF page with their left and right edges in millimetres.
fn words(page: u32) -> Vec<(String, f64, f64)> {
    let n = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-bbox"])
        .arg(trim_pdf())
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(output.status.success());
    let xml = String::from_utf8_lossy(&output.stdout);
    xml.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let attr = |name: &str| -> f64 {
                let start = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                l[start..].split('"').next().unwrap().parse().unwrap()
            };
            let word = l
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string();
            (word, attr("xMin") / PT_PER_MM, attr("xMax") / PT_PER_MM)
        })
        .collect()
}

fn assert_word_in_panel(page: u32, word: &str, panel: &str, from_mm: f64, to_mm: f64) {
    let all = words(page);
    let found: Vec<_> = all
        .iter()
        .filter(|(w, _, _)| w.replace('\u{ad}', "") == word)
        .collect();
    assert!(!found.is_empty(), "`{word}` not on page {page}");
    assert!(
        found
            .iter()
            .any(|(_, left, right)| *left >= from_mm && *right <= to_mm),
        "`{word}` at {found:?} mm, none inside panel {panel} ({from_mm}–{to_mm} mm)"
    );
}

#[test]
fn the_panels_hold_the_brochure_text_where_the_original_has_it() {
    assert_word_in_panel(1, "Retningslinjer", "C", 197.0, 297.0);
    assert_word_in_panel(1, "arbejdstiden", "C", 197.0, 297.0);
    assert_word_in_panel(1, "Du", "A", 0.0, 97.0);
    assert_word_in_panel(1, "gerne:", "A", 0.0, 97.0);
    assert_word_in_panel(2, "Gode", "D", 0.0, 100.0);
    assert_word_in_panel(2, "Facebook", "D", 0.0, 100.0);
    let last = words(2).pop().unwrap();
    assert_eq!(
        last.0.replace('\u{ad}', ""),
        "konsekvenser.",
        "the brochure's last sentence ends page 2"
    );
    assert_word_in_panel(2, "konsekvenser.", "F", 200.0, 297.0);
}

#[test]
fn the_qr_code_in_the_pdf_reads_as_the_edition_address() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("side");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-f", "1", "-l", "1", "-png"])
        .arg(trim_pdf())
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let decoded = tool("zbarimg", &["--raw", "-q"], &png);
    assert_eq!(
        decoded.trim(),
        "https://example.org/sociale-medier/udgave-1/"
    );
}

#[test]
fn edition_pages_link_their_leaflet_and_the_leaflet_links_its_pdfs() {
    let out = sample();
    let page = std::fs::read_to_string(out.join("udgave-1/gode-raad/index.html")).unwrap();
    assert!(
        page.contains("href=\"../folder/index.html\""),
        "the edition page links its leaflet"
    );
    assert_links_resolve(out, "udgave-1/folder/index.html");
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("udgave-1/folder/index.html")).unwrap(),
    );
    let pdf_links: Vec<_> = select(&html, ".toolbar a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.ends_with(".pdf"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        pdf_links,
        ["folder-udgave-1.pdf", "folder-udgave-1-tryk.pdf"]
    );
}

/// A small site whose flap holds `flap_body`.
fn leaflet_site(flap_body: &str) -> SiteTest {
    SiteTest::new()
        .page("e1/flap.md", "Flap", flap_body)
        .page("e1/inde.md", "Inde", "Kort tekst.\n")
        .file(
            "content/e1/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: inde.md\n",
        )
}

#[test]
fn text_that_overflows_a_panel_fails_the_check_naming_panel_file_and_amount() {
    let paragraph = "Som ansat i kommunen kan du have behov for at tilgå et socialt medie i forbindelse med dit arbejde. ".repeat(6);
    let body: String = (0..12)
        .map(|i| format!("Afsnit {i}. {paragraph}\n\n"))
        .collect();
    let site = leaflet_site(&body);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("leaflet of edition `e1`, panel A: the text is"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/e1/flap.md:"), "{}", run.stderr);
    assert!(run.stderr.contains(" mm (about "), "{}", run.stderr);
    assert!(!site.out().exists(), "check writes no output");

    let run = site.run(&["build", "--pdf"]);
    assert_eq!(run.code, 1);
    assert!(!site.out().exists(), "a failed build writes no output");
}

#[test]
fn inside_text_that_needs_a_fourth_panel_is_reported() {
    let paragraph = "Facebook og andre sociale medier er ikke bare dig og dine venner. ".repeat(8);
    let body: String = (0..30)
        .map(|i| format!("Afsnit {i}. {paragraph}\n\n"))
        .collect();
    let site = leaflet_site("Kort.\n").page("e1/inde.md", "Inde", &body);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("panel F: the inside text needs a panel more"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/e1/inde.md:"), "{}", run.stderr);
}

#[test]
fn a_word_too_long_for_its_column_is_reported() {
    let site = leaflet_site(&format!("Se {}.\n", "x".repeat(120)));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("panel A: a word is"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/e1/flap.md:4:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn leaflet_command_prints_one_edition_to_a_folder() {
    let site = leaflet_site("Kort.\n");
    let target = site.root().join("tryk");
    let run = site.run(&["leaflet", "e1", "--out", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(target.join("folder-e1.pdf").is_file() && target.join("folder-e1-tryk.pdf").is_file());
    let run = site.run(&["leaflet", "e9"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("edition `e9` has no leaflet"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_leaflet_plan_naming_a_missing_page_is_an_error_at_its_line() {
    let site = leaflet_site("Kort.\n").file(
        "content/e1/leaflet.yaml",
        "flap:\n  - page: findes-ikke.md\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("content/e1/leaflet.yaml:2:5: edition `e1` has no page `findes-ikke.md`"),
        "{err}"
    );
}

#[test]
fn a_leaflet_plan_error_is_reported_with_the_other_editions_errors_in_one_round() {
    let site = leaflet_site("Kort.\n")
        .file(
            "content/e1/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: inde.md#findes-ikke\n",
        )
        .edition("e0", "0. udgave", "2023-01-01", "archived")
        .page("e0/index.md", "Forside", "Hej.\n")
        .file("content/e0/side.md", "---\ntitel: Side\n---\nHej.\n");
    let err = site.build_error();
    assert!(
        err.contains(
            "content/e1/leaflet.yaml:4:5: inde.md has no heading with the anchor `#findes-ikke`"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/e0/side.md:2:1: unknown key `titel`"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn a_leaflet_template_without_the_measured_markup_fails_the_check() {
    // A site's own leaflet.html that renders the text but renames the panel boxes: the fit
    // check would measure nothing, so it must refuse rather than report that all fits.
    let template = r#"<!DOCTYPE html><html><head><title>{{ title }}</title></head><body>
{% for sheet in sheets %}<div class="sheet">
{% for panel in sheet.panels %}<div class="box">{{ panel.html | safe }}</div>{% endfor %}
{% if sheet.flow %}<div class="flow" data-last-panel="{{ sheet.flow.last_panel }}">{{ sheet.flow.html | safe }}</div>{% endif %}
</div>{% endfor %}</body></html>"#;
    let site = leaflet_site("Kort.\n").file("templates/leaflet.html", template);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "templates/leaflet.html: leaflet of edition `e1` cannot be measured: panel A has no `.panel-content`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("panel C has no"), "{}", run.stderr);
    assert!(
        run.stderr.contains("themes/kommune/README.md"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("themes/kommune/templates"),
        "{}",
        run.stderr
    );
}
