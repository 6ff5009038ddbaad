//! The print leaflet, printed by the real Chromium and inspected with poppler-utils and
//! zbarimg: page sizes, print boxes, fonts, where the words land, the QR code, and the fit
//! check. These tests need Chromium, poppler-utils and zbar-tools (`make test` installs
//! them) and fail without them.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// The repository's own sample portal built with `--pdf` once, shared by the tests below;
/// the brochure's guideline is in `sociale-medier/`.
fn sample() -> &'static Path {
    static OUT: OnceLock<(SiteTest, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let site = sample_copy();
        site.build(&["--pdf"]);
        let out = site.out();
        (site, out)
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
    sample().join("sociale-medier/udgave-1/folder/folder-udgave-1.pdf")
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
    let pdf = sample().join("sociale-medier/udgave-1/folder/folder-udgave-1-tryk.pdf");
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
        "https://kommune.test/sociale-medier/udgave-1/"
    );
}

#[test]
fn edition_pages_link_their_leaflet_and_the_leaflet_links_its_pdfs() {
    let out = sample();
    let page =
        std::fs::read_to_string(out.join("sociale-medier/udgave-1/gode-raad/index.html")).unwrap();
    assert!(
        page.contains("href=\"../folder/index.html\""),
        "the edition page links its leaflet"
    );
    assert_links_resolve(out, "sociale-medier/udgave-1/folder/index.html");
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("sociale-medier/udgave-1/folder/index.html")).unwrap(),
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

/// Words of page `page` of `pdf` with their left edge in millimetres.
fn words_of(pdf: &Path, page: u32) -> Vec<(String, f64)> {
    let n = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(output.status.success());
    let xml = String::from_utf8_lossy(&output.stdout);
    xml.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let start = l.find("xMin=\"").unwrap() + 6;
            let x: f64 = l[start..].split('"').next().unwrap().parse().unwrap();
            let word = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            (word.replace('\u{ad}', ""), x / PT_PER_MM)
        })
        .collect()
}

/// The inside panel (D, E, F of the tri-fold) a word starting `x` mm from the left is in.
fn inside_panel(x: f64) -> &'static str {
    match x {
        x if x < 100.0 => "D",
        x if x < 200.0 => "E",
        _ => "F",
    }
}

const FILLER: &str = "Som ansat i kommunen kan du have behov for at tilgå et socialt medie i forbindelse med dit arbejde, og det er helt i orden. ";

/// How many variants of the heading fixture there are: each moves the headings a few lines
/// further down the inside flow, so that across them the page title and the `##` heading
/// each land at and around the foot of panel D.
const HEADING_VARIANTS: usize = 8;

/// Edition `v<n>` of the heading fixture: a page of filler, then a page whose title
/// (markers `Qa<n>` … `Qz<n>`) is followed at once by a `##` heading (`Qh<n>` … `Qk<n>`) and
/// its text (`Qt<n>`), then enough text to fill the flow. Markers are words with digits, so
/// never hyphenated, and unique in the PDF.
fn heading_site() -> SiteTest {
    // About 10 sentences fill a column; the whole fills the three nearly, so that the
    // balanced columns are full and the headings fall near the foot of panel D.
    headings_site(
        "flap:\n  - page: index.md\ninside:\n  - page: fyld.md\n  - page: regler.md\n",
        6,
        26,
    )
}

/// The heading fixture with leaflet plan `plan` (inside: `fyld.md`, then `regler.md`):
/// variant `n` has `first + n` sentences of filler before the headings, `total` in all.
fn headings_site(plan: &str, first: usize, total: usize) -> SiteTest {
    let mut site = SiteTest::empty().file(
        "site.yaml",
        "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\n",
    );
    for n in 0..HEADING_VARIANTS {
        let id = format!("v{n}");
        let status = if n + 1 == HEADING_VARIANTS {
            "current"
        } else {
            "archived"
        };
        let paragraphs = |sentences: usize| -> String {
            (0..sentences.div_ceil(4))
                .map(|i| format!("{}\n\n", FILLER.repeat((sentences - 4 * i).min(4))))
                .collect()
        };
        let before = first + n;
        let (filler, after) = (paragraphs(before), paragraphs(total - before));
        site = site
            .edition(
                &id,
                &format!("Variant {n}"),
                &format!("2024-01-{:02}", n + 1),
                status,
            )
            .page(&format!("{id}/index.md"), "Forside", "Velkommen.\n")
            .page(&format!("{id}/fyld.md"), "Indledning", &filler)
            .page(
                &format!("{id}/regler.md"),
                &format!("Qa{n} Det må du ikke skrive i et AI-værktøj Qz{n}"),
                &format!(
                    "## Qh{n} Oplysninger om borgere og kolleger Qk{n}\n\nQt{n} {}\n\n{after}",
                    FILLER.repeat(2)
                ),
            )
            .file(&format!("content/{id}/leaflet.yaml"), plan);
    }
    site
}

/// Where each heading marker and the first word of the text after it landed, per variant:
/// the panel `panel_of` names for its left edge on page `page`.
fn heading_panels(
    out: &Path,
    page: u32,
    panel_of: fn(f64) -> &'static str,
) -> Vec<Vec<(String, &'static str)>> {
    (0..HEADING_VARIANTS)
        .map(|n| {
            let pdf = out.join(format!("v{n}/folder/folder-v{n}.pdf"));
            let words = words_of(&pdf, page);
            ["Qa", "Qz", "Qh", "Qk", "Qt"]
                .iter()
                .map(|marker| {
                    let word = format!("{marker}{n}");
                    let x = words
                        .iter()
                        .find(|(w, _)| *w == word)
                        .unwrap_or_else(|| panic!("{word} not in {}", pdf.display()))
                        .1;
                    (word, panel_of(x))
                })
                .collect()
        })
        .collect()
}

/// Asserts that in every variant the heading markers print in the panel of the text after
/// them, and that across the variants that panel changes.
fn assert_headings_with_their_text(panels: &[Vec<(String, &'static str)>]) {
    let mut seen = std::collections::BTreeSet::new();
    for variant in panels {
        let text_panel = variant[4].1;
        for (word, panel) in variant {
            assert_eq!(
                *panel, text_panel,
                "heading word {word} not with its text: {variant:?}"
            );
        }
        seen.insert(text_panel);
    }
    assert!(
        seen.len() > 1,
        "the variants should move the headings across a panel edge: {panels:?}"
    );
}

// See: issue 10
#[test]
fn every_heading_prints_in_the_panel_of_its_text_wherever_it_falls() {
    let site = heading_site();
    site.build(&["--pdf"]);

    assert_headings_with_their_text(&heading_panels(&site.out(), 2, inside_panel));
    // Headings are never hyphenated.
    let html = site.read("v0/folder/index.html");
    let title = html.split("<h2 class=\"page-title\">").nth(1).unwrap();
    assert!(
        !title.split("</h2>").next().unwrap().contains('\u{ad}'),
        "{title}"
    );
}

/// A template override whose CSS no longer keeps headings with their text.
fn defeated_template() -> String {
    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/kommune/templates/leaflet.html"),
    )
    .unwrap();
    theme.replace(
        "</style>",
        "h1, h2, h3, h4, h5, h6, .keep-with-next, .block { break-inside: auto !important; break-after: auto !important; orphans: 1 !important; widows: 1 !important; }\n</style>",
    )
}

// See: issue 10
#[test]
fn the_fit_check_reports_a_heading_left_at_the_foot_of_a_panel() {
    let site = heading_site().file("templates/leaflet.html", &defeated_template());
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("is the last thing in panel D; its text starts in panel E")
            || run.stderr.contains("is split between panels D and E"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/v"), "{}", run.stderr);
    assert!(run.stderr.contains("/regler.md:"), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{ad}'),
        "quotes carry no soft hyphens"
    );
    assert!(run.stderr.contains("break_before: true"), "{}", run.stderr);
}

// See: issue 10
#[test]
fn a_cover_subtitle_or_contact_text_too_long_is_blamed_on_its_key() {
    let subtitle = "for ansattes brug af sociale medier i arbejdstiden ".repeat(12);
    let contact = "Ring til HR-afdelingen på telefon 88 72 40 00 hver dag. ".repeat(40);
    let site = leaflet_site("Kort.\n")
        .file(
            "content/e1/leaflet.yaml",
            &format!("cover:\n  subtitle: {subtitle}\nflap:\n  - page: flap.md\ninside:\n  - page: inde.md\n"),
        )
        .file(
            "site.yaml",
            &format!("title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\ncontact: {contact}\n"),
        );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/e1/leaflet.yaml:2:3: leaflet of edition `e1`, panel C: the text is"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`cover.subtitle` (\"for ansattes brug"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: shorten `cover.subtitle` by about"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("site.yaml:4:1: leaflet of edition `e1`, panel B: the text is"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: shorten `contact` by about"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("(\"\")"),
        "no empty quotes: {}",
        run.stderr
    );
}

// See: issue 10
#[test]
fn a_repeat_build_reuses_every_pdf_and_a_plain_build_still_publishes_them() {
    let site = leaflet_site("Kort.\n");
    let first = site.run(&["build", "--pdf"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("PDFs: 2 printed, 0 reused"),
        "{}",
        first.stdout
    );
    let pdf = site.out().join("e1/folder/folder-e1.pdf");
    let printed = std::fs::read(&pdf).unwrap();

    let again = site.run(&["build", "--pdf"]);
    assert!(
        again.stdout.contains("PDFs: 0 printed, 2 reused"),
        "{}",
        again.stdout
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), printed);

    let plain = site.run(&["build"]);
    assert!(
        plain.stdout.contains("PDFs: 0 printed, 2 reused"),
        "{}",
        plain.stdout
    );
    assert!(pdf.is_file() && site.out().join("e1/folder/folder-e1-tryk.pdf").is_file());
    assert_links_resolve(&site.out(), "e1/folder/index.html");

    // A changed text prints again; `clean` empties the cache.
    let site = site.page("e1/inde.md", "Inde", "Anden tekst.\n");
    let changed = site.run(&["build", "--pdf"]);
    assert!(
        changed.stdout.contains("PDFs: 2 printed, 0 reused"),
        "{}",
        changed.stdout
    );
    let clean = site.run(&["clean"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(!site.root().join(".pjece-cache").exists());
    let plain = site.run(&["build"]);
    assert!(!plain.stdout.contains("PDFs:"), "{}", plain.stdout);
    assert!(!pdf.exists(), "nothing cached, nothing published");
    assert_links_resolve(&site.out(), "e1/folder/index.html");
}

// See: issue 10
#[test]
fn every_output_file_is_world_readable_whatever_the_umask() {
    let site = leaflet_site("Kort.\n");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 077 && exec '{}' build --pdf",
            env!("CARGO_BIN_EXE_pjece")
        ))
        .current_dir(site.root())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&site.out()), 0o755);
    let files = walk(&site.out());
    assert!(files.iter().any(|f| f.ends_with("-tryk.pdf")), "{files:?}");
    for file in files {
        let path = site.out().join(&file);
        assert_eq!(mode(&path), 0o644, "{file}");
        let mut dir = path.parent().unwrap();
        while dir != site.out() {
            assert_eq!(mode(dir), 0o755, "{}", dir.display());
            dir = dir.parent().unwrap();
        }
    }
}

// See: issue 10
#[test]
fn a_site_hyphenation_list_extends_the_built_in_one() {
    let site = leaflet_site("Kom til vores workshop om sociale medier.\n");
    site.build(&[]);
    assert!(site
        .read("e1/folder/index.html")
        .contains("wor\u{ad}ks\u{ad}hop"));
    let site = site.file("hyphenation.txt", "# Vores egne ord\nwork-shop\n");
    site.build(&[]);
    let html = site.read("e1/folder/index.html");
    assert!(html.contains("work\u{ad}shop "), "{html}");

    let site = site.file("hyphenation.txt", "work-shop\n  so_me\n");
    let err = site.build_error();
    assert!(
        err.contains("hyphenation.txt:2:5: not a hyphenation entry: `_` in `so_me`"),
        "{err}"
    );
}

/// Page count, page size, TrimBox and MediaBox of the bleed print, and embedded fonts of
/// the two PDFs of edition `id` in `out`, for a layout with a sheet of `w` × `h` mm.
fn assert_prints(out: &Path, id: &str, pages: usize, (w, h): (f64, f64), bleed: f64) {
    let trim = out.join(format!("{id}/folder/folder-{id}.pdf"));
    let info = tool("pdfinfo", &[], &trim);
    assert_eq!(numbers_after(&info, "Pages:"), [pages as f64], "{info}");
    let size = numbers_after(&info, "Page size:");
    assert!(
        (size[0] / PT_PER_MM - w).abs() < 0.5 && (size[1] / PT_PER_MM - h).abs() < 0.5,
        "{size:?}"
    );
    let bleed_pdf = out.join(format!("{id}/folder/folder-{id}-tryk.pdf"));
    let last = pages.to_string();
    let info = tool("pdfinfo", &["-box", "-f", "1", "-l", &last], &bleed_pdf);
    for page in 1..=pages {
        let label = format!("Page {page:>4}");
        let media = numbers_after(&info, &format!("{label} MediaBox:"));
        let trim_box = numbers_after(&info, &format!("{label} TrimBox:"));
        let mm = |b: &[f64]| ((b[2] - b[0]) / PT_PER_MM, (b[3] - b[1]) / PT_PER_MM);
        let (mw, mh) = mm(&media);
        let (tw, th) = mm(&trim_box);
        assert!(
            (mw - w - 2.0 * bleed).abs() < 0.5 && (mh - h - 2.0 * bleed).abs() < 0.5,
            "MediaBox {media:?}"
        );
        assert!(
            (tw - w).abs() < 0.5 && (th - h).abs() < 0.5,
            "TrimBox {trim_box:?}"
        );
        assert!(
            (trim_box[0] - media[0] - bleed * PT_PER_MM).abs() < 0.5,
            "TrimBox {trim_box:?} inside {media:?}"
        );
    }
    for pdf in [&trim, &bleed_pdf] {
        let fonts = tool("pdffonts", &[], pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(columns[columns.len() - 5], "yes", "not embedded: {row}");
            assert!(row.contains("SourceSans3"), "a fallback font: {row}");
        }
    }
}

// See: issue 10
#[test]
fn the_a5_folder_prints_two_a4_landscape_sides_with_bleed() {
    let body: String = (0..6)
        .map(|i| format!("## Afsnit {i}\n\n{}\n\n", FILLER.repeat(3)))
        .collect();
    let site = SiteTest::new()
        .page("e1/regler.md", "Regler", &body)
        .file(
            "content/e1/leaflet.yaml",
            "layout: bifold-a5\ncover:\n  subtitle: for ansatte\ninside:\n  - page: regler.md\n",
        )
        .file("site.yaml", "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\ncontact: HR, telefon 88 72 40 00\n");
    site.build(&["--pdf"]);
    assert_prints(&site.out(), "e1", 2, (297.0, 210.0), 3.0);
    let words = words_of(&site.out().join("e1/folder/folder-e1.pdf"), 1);
    let x = |word: &str| {
        words
            .iter()
            .find(|(w, _)| w == word)
            .unwrap_or_else(|| panic!("{word}: {words:?}"))
            .1
    };
    assert!(x("Retningslinjer") > 148.5, "the cover is the right half");
    assert!(x("HR,") < 148.5, "the back is the left half");
    let inside = words_of(&site.out().join("e1/folder/folder-e1.pdf"), 2);
    assert!(inside.iter().any(|(w, x)| w == "Afsnit" && *x < 148.5));
    assert!(
        inside.iter().any(|(w, x)| w == "Afsnit" && *x > 148.5),
        "the text flows onto the second page"
    );

    // The A5 folder has no flap: text planned for one is an error, not lost.
    let site = site.file(
        "content/e1/leaflet.yaml",
        "layout: bifold-a5\nflap:\n  - page: regler.md\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("content/e1/leaflet.yaml:2:1: the layout `bifold-a5` has no flap panel"),
        "{err}"
    );
}

// See: issue 10
#[test]
fn a_cover_title_taken_from_the_site_title_is_blamed_on_site_yaml() {
    let title = "Retningslinjer for ansattes brug af sociale medier ".repeat(8);
    let site = leaflet_site("Kort.\n").file(
        "site.yaml",
        &format!("organisation: Testkommune\ntitle: {title}\nbase_url: https://kommune.test/r/\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("site.yaml:2:1: leaflet of edition `e1`, panel C: the text is"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: shorten `title` by about"),
        "{}",
        run.stderr
    );
}

/// Words of page `page` of `pdf` with the left and top edge of each in millimetres.
fn word_boxes(pdf: &Path, page: u32) -> Vec<(String, f64, f64)> {
    let n = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-bbox"])
        .arg(pdf)
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
            let word = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            (
                word.replace('\u{ad}', ""),
                attr("xMin") / PT_PER_MM,
                attr("yMin") / PT_PER_MM,
            )
        })
        .collect()
}

/// The bands of `poster-a4`, from the top trim edge: title band to 60 mm, text to 253 mm,
/// sender band below; the text columns meet at 105 mm.
const POSTER_TITLE_BAND: f64 = 60.0;
const POSTER_SENDER_BAND: f64 = 253.0;
const POSTER_MIDDLE: f64 = 105.0;

/// A site whose edition `e1` is a poster of `body`, with a subtitle and contact text.
fn poster_site(body: &str) -> SiteTest {
    SiteTest::new()
        .page("e1/regler.md", "Regler", body)
        .file(
            "content/e1/leaflet.yaml",
            "layout: poster-a4\ncover:\n  subtitle: for ansatte\ninside:\n  - page: regler.md\n",
        )
        .file(
            "site.yaml",
            "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\ncontact: HR, telefon 88 72 40 00\n",
        )
}

// See: issue 10
#[test]
fn the_poster_prints_one_a4_portrait_page_in_three_bands_with_bleed() {
    let body: String = (0..4)
        .map(|i| format!("## Afsnit {i}\n\n{}\n\n", FILLER.repeat(3)))
        .collect();
    let site = poster_site(&body);
    site.build(&["--pdf"]);
    assert_prints(&site.out(), "e1", 1, (210.0, 297.0), 3.0);

    let words = word_boxes(&site.out().join("e1/folder/folder-e1.pdf"), 1);
    let at = |word: &str| -> Vec<(f64, f64)> {
        let found: Vec<(f64, f64)> = words
            .iter()
            .filter(|(w, _, _)| w == word)
            .map(|(_, x, y)| (*x, *y))
            .collect();
        assert!(!found.is_empty(), "{word} not in {words:?}");
        found
    };
    let (_, title_y) = at("Retningslinjer")[0];
    assert!(
        title_y < POSTER_TITLE_BAND,
        "the title is in the title band"
    );
    assert!(at("ansatte")[0].1 < POSTER_TITLE_BAND, "so is the subtitle");
    assert!(
        at("Testkommune")
            .iter()
            .any(|(_, y)| *y < POSTER_TITLE_BAND),
        "and the organisation"
    );
    let sections = at("Afsnit");
    assert!(sections
        .iter()
        .all(|(_, y)| (POSTER_TITLE_BAND..POSTER_SENDER_BAND).contains(y)));
    assert!(
        sections.iter().any(|(x, _)| *x < POSTER_MIDDLE)
            && sections.iter().any(|(x, _)| *x > POSTER_MIDDLE),
        "the text runs in two columns: {sections:?}"
    );
    assert!(
        at("88")[0].1 > POSTER_SENDER_BAND,
        "the contact is in the sender band"
    );
    assert!(
        at("Testkommune")
            .iter()
            .any(|(_, y)| *y > POSTER_SENDER_BAND),
        "so is the organisation"
    );
    assert!(at("1.")[0].1 > POSTER_SENDER_BAND, "and the edition");

    // The poster has no flap: text planned for one is an error, not lost.
    let site = site.file(
        "content/e1/leaflet.yaml",
        "layout: poster-a4\nflap:\n  - page: regler.md\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("content/e1/leaflet.yaml:2:1: the layout `poster-a4` has no flap panel"),
        "{err}"
    );
}

// See: issue 10
#[test]
fn the_poster_reports_text_too_long_for_its_columns_and_bands() {
    let body: String = (0..12)
        .map(|i| format!("Afsnit {i}. {}\n\n", FILLER.repeat(4)))
        .collect();
    let run = poster_site(&body).run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("leaflet of edition `e1`, panel C: the inside text needs a panel more"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/e1/regler.md:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("leave a section out of `inside:`"),
        "the poster has no flap to move text to: {}",
        run.stderr
    );

    let subtitle = "for ansattes brug af sociale medier i arbejdstiden ".repeat(6);
    let contact = "Ring til HR-afdelingen på telefon 88 72 40 00 hver dag. ".repeat(12);
    let site = poster_site("Kort tekst.\n")
        .file(
            "content/e1/leaflet.yaml",
            &format!("layout: poster-a4\ncover:\n  subtitle: {subtitle}\ninside:\n  - page: regler.md\n"),
        )
        .file(
            "site.yaml",
            &format!("title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\ncontact: {contact}\n"),
        );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/e1/leaflet.yaml:3:3: leaflet of edition `e1`, panel A: the text is"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: shorten `cover.subtitle` by about"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("site.yaml:4:1: leaflet of edition `e1`, panel D: the text is"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: shorten `contact` by about"),
        "{}",
        run.stderr
    );
}

// See: issue 10
#[test]
fn a_heading_at_the_foot_of_the_posters_first_column_moves_to_the_second() {
    // About 9 sentences fill a poster column; the whole fills both nearly, so the headings
    // fall at and around the foot of column B.
    let site = headings_site(
        "layout: poster-a4\ninside:\n  - page: fyld.md\n  - page: regler.md\n",
        3,
        14,
    );
    site.build(&["--pdf"]);
    let column = |x: f64| if x < POSTER_MIDDLE { "B" } else { "C" };
    assert_headings_with_their_text(&heading_panels(&site.out(), 1, column));

    // Without the theme's rules a heading is left at the foot of column B, and the fit
    // check says so.
    let run = site
        .file("templates/leaflet.html", &defeated_template())
        .run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("is the last thing in panel B; its text starts in panel C")
            || run.stderr.contains("is split between panels B and C"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("/regler.md:"), "{}", run.stderr);
}

/// The portal's front page links the PDFs of each current leaflet the build published.
#[test]
fn the_portal_front_page_links_the_current_leaflets_pdfs() {
    let out = sample();
    let html =
        scraper::Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let pdfs: Vec<String> = select(&html, ".guideline a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| href.ends_with(".pdf"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        pdfs,
        [
            "sociale-medier/udgave-2/folder/folder-udgave-2.pdf",
            "sociale-medier/udgave-2/folder/folder-udgave-2-tryk.pdf"
        ]
    );
    assert_links_resolve(out, "index.html");
}

/// The catalog, the Info dictionary and the XMP packet of the PDF at `pdf`.
fn pdf_ua_parts(doc: &lopdf::Document) -> (lopdf::Dictionary, lopdf::Dictionary, String) {
    let catalog = doc.catalog().unwrap().clone();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_id).unwrap().clone();
    let metadata = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = doc
        .get_object(metadata)
        .unwrap()
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap();
    (catalog, info, String::from_utf8(xmp).unwrap())
}

fn text_of(object: &lopdf::Object) -> String {
    lopdf::decode_text_string(object).unwrap()
}

/// The outline's titles, depth first.
fn outline_titles(doc: &lopdf::Document) -> Vec<String> {
    fn walk(doc: &lopdf::Document, item: lopdf::ObjectId, out: &mut Vec<String>) {
        let mut next = Some(item);
        while let Some(id) = next {
            let dict = doc.get_dictionary(id).unwrap();
            out.push(text_of(dict.get(b"Title").unwrap()));
            if let Ok(first) = dict.get(b"First") {
                walk(doc, first.as_reference().unwrap(), out);
            }
            next = dict.get(b"Next").ok().map(|n| n.as_reference().unwrap());
        }
    }
    let catalog = doc.catalog().unwrap();
    let root = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let first = doc.get_dictionary(root).unwrap().get(b"First").unwrap();
    let mut titles = Vec::new();
    walk(doc, first.as_reference().unwrap(), &mut titles);
    titles
}

/// The headings of a leaflet page, as a browser reads them, without soft hyphens.
fn page_headings(html: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    select(
        &page,
        ".leaflet h1, .leaflet h2, .leaflet h3, .leaflet h4, .leaflet h5, .leaflet h6",
    )
    .iter()
    .map(|h| text(h).replace('\u{ad}', ""))
    .collect()
}

/// Every word of the leaflet page that carries a soft hyphen, without it.
fn hyphenated_words(html: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let all: String = select(&page, ".leaflet")
        .iter()
        .map(|s| s.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    let mut words: Vec<String> = all
        .split(|c: char| !c.is_alphanumeric() && c != '\u{ad}')
        .filter(|w| w.contains('\u{ad}'))
        .map(|w| w.replace('\u{ad}', ""))
        .collect();
    words.sort();
    words.dedup();
    words
}

#[test]
fn the_web_pdf_claims_pdf_ua_with_title_language_and_the_fixed_dates() {
    let doc = lopdf::Document::load(trim_pdf()).unwrap();
    let (catalog, info, xmp) = pdf_ua_parts(&doc);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    let title = text_of(info.get(b"Title").unwrap());
    assert!(title.starts_with("Retningslinjer"), "{title}");
    assert!(
        xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")),
        "{xmp}"
    );
    assert!(
        xmp.contains("<dc:language><rdf:Bag><rdf:li>da</rdf:li>"),
        "{xmp}"
    );
    // D:YYYYMMDDHHmmSSZ in the Info dictionary, YYYY-MM-DDTHH:mm:SSZ in the XMP.
    let created = text_of(info.get(b"CreationDate").unwrap());
    let d = &created[2..];
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    );
    for key in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        assert!(
            xmp.contains(&format!("<{key}>{iso}</{key}>")),
            "{key}: {xmp}"
        );
    }
    assert_eq!(text_of(catalog.get(b"Lang").unwrap()), "da");
    let prefs = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let mark = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    for page in doc.get_pages().into_values() {
        let page = doc.get_dictionary(page).unwrap();
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
    }
}

#[test]
fn the_web_pdf_outline_is_the_leaflets_headings_in_order() {
    for edition in ["udgave-1", "udgave-2"] {
        let folder = sample().join(format!("sociale-medier/{edition}/folder"));
        let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
        let expected = page_headings(&html);
        assert!(expected.len() >= 2, "{expected:?}");
        let doc = lopdf::Document::load(folder.join(format!("folder-{edition}.pdf"))).unwrap();
        assert_eq!(outline_titles(&doc), expected, "{edition}");
    }
}

#[test]
fn every_hyphenated_word_of_the_web_pdf_extracts_whole() {
    let folder = sample().join("sociale-medier/udgave-2/folder");
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    let hyphenated = hyphenated_words(&html);
    assert!(
        hyphenated.iter().any(|w| w == "Sønderborg"),
        "{hyphenated:?}"
    );
    let output = Command::new("pdftotext")
        .arg(folder.join("folder-udgave-2.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{ad}'), "soft hyphens in the text layer");
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
    let broken: Vec<&String> = hyphenated
        .iter()
        .filter(|w| !words.contains(&w.as_str()))
        .collect();
    assert!(broken.is_empty(), "not found whole: {broken:?}");
    // Every time the leaflet says it, not only where no line breaks the word.
    let in_page = select(&scraper::Html::parse_document(&html), ".leaflet")
        .iter()
        .map(|s| s.text().collect::<String>().replace('\u{ad}', ""))
        .collect::<String>()
        .matches("Sønderborg")
        .count();
    let in_pdf = words.iter().filter(|w| **w == "Sønderborg").count();
    assert_eq!(
        in_pdf, in_page,
        "Sønderborg found {in_pdf} of {in_page} times"
    );
}

#[test]
fn the_qr_code_is_a_figure_whose_alt_text_names_the_address() {
    let doc = lopdf::Document::load(trim_pdf()).unwrap();
    let alts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"Figure".as_slice()))
        .filter_map(|d| d.get(b"Alt").ok().map(text_of))
        .collect();
    assert!(
        alts.iter().any(|alt| alt
            == "QR-kode med adressen til retningslinjerne på nettet: \
                kommune.test/sociale-medier/udgave-1"),
        "{alts:?}"
    );
}

#[test]
fn every_link_in_the_web_pdf_is_described_by_its_text() {
    let site = SiteTest::empty()
        .file(
            "site.yaml",
            "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\n\
             contact: \"Skriv til [hr@example.org](mailto:hr@example.org) eller se [vores side](https://example.org/hr/)\"\n",
        )
        .edition("e1", "1. udgave", "2024-01-01", "current")
        .page("e1/index.md", "Forside", "Velkommen.\n")
        .page("e1/inde.md", "Inde", "Kort tekst.\n")
        .file("content/e1/leaflet.yaml", "inside:\n  - page: inde.md\n");
    // Dated by the edition, whatever the environment says.
    let run = site.run_with_env(&["build", "--pdf"], &[("SOURCE_DATE_EPOCH", None)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = lopdf::Document::load(site.out().join("e1/folder/folder-e1.pdf")).unwrap();
    let mut contents: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link".as_slice()))
        .map(|d| text_of(d.get(b"Contents").expect("a link without /Contents")))
        .collect();
    contents.sort();
    assert_eq!(contents, ["hr@example.org", "vores side"]);
    let (catalog, info, xmp) = pdf_ua_parts(&doc);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<xmp:CreateDate>2024-01-01T00:00:00Z</xmp:CreateDate>"),
        "{xmp}"
    );
    assert_eq!(
        text_of(info.get(b"CreationDate").unwrap()),
        "D:20240101000000Z"
    );
    assert_eq!(text_of(catalog.get(b"Lang").unwrap()), "da");
    let html = site.read("e1/folder/index.html");
    assert_eq!(outline_titles(&doc), page_headings(&html));
}

#[test]
fn check_holds_the_web_pdf_to_the_accessibility_rules() {
    // The sample passes; a site's own template whose cover title is a level 3 heading
    // makes a PDF whose headings do not start at level 1.
    let run = sample_copy().run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/kommune/templates/leaflet.html"),
    )
    .unwrap();
    let template = theme.replace(
        "<h1 data-key=\"cover.title\">{{ cover_title }}</h1>",
        "<h3 data-key=\"cover.title\">{{ cover_title }}</h3>",
    );
    assert_ne!(
        template, theme,
        "the theme's cover title is no longer found"
    );
    let site = leaflet_site("Kort.\n").file("templates/leaflet.html", &template);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let problem = run
        .stderr
        .lines()
        .skip_while(|l| !l.contains("web PDF"))
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(problem);
}

#[test]
fn check_names_a_verapdf_that_cannot_be_started() {
    let site = leaflet_site("Kort.\n");
    let run = site.run_with_env(&["check"], &[("VERAPDF", Some("/ingen/verapdf"))]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("veraPDF could not be started (VERAPDF=/ingen/verapdf)")
            && run.stderr.contains("unset it to skip veraPDF"),
        "{}",
        run.stderr
    );
}

// ---- Reading order (issue 20): panels in reading order, headings without skipped levels ----

/// A leaflet in `layout` with a cover, the inside page `Regler` (its title shown, a `##`
/// and a `###` below it), a flap opening with a lead-in (where the layout has a flap) and a
/// back text without its title (where the back is more than the poster's sender band).
fn reading_order_site(layout: &str) -> SiteTest {
    let flap = if layout == "trifold-a4" {
        "flap:\n  - page: flap.md\n    title: false\n"
    } else {
        ""
    };
    let back = if layout == "poster-a4" {
        ""
    } else {
        "back:\n  - page: bag.md\n    title: false\n"
    };
    SiteTest::new()
        .file(
            "site.yaml",
            "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\ncontact: HR, telefon 88 72 40 00\n",
        )
        .page(
            "e1/regler.md",
            "Regler",
            "Indeord står først.\n\n## Afsnit\n\nMere tekst.\n\n### Underafsnit\n\nSidste tekst.\n",
        )
        .page("e1/flap.md", "Flap", "Du må gerne:\n\n- Klapord i en liste.\n")
        .page("e1/bag.md", "Bag", "## Bagside\n\nBagord til sidst.\n")
        .file(
            "content/e1/leaflet.yaml",
            &format!(
                "layout: {layout}\ncover:\n  subtitle: for ansatte\n{flap}inside:\n  - page: regler.md\n{back}"
            ),
        )
}

/// The three layouts of the theme, each with its panels in reading order: the cover, the
/// inside panels left to right, the flap, the back.
const READING_ORDERS: [(&str, &[&str]); 3] = [
    ("trifold-a4", &["C", "D", "E", "F", "A", "B"]),
    ("bifold-a5", &["C", "D", "E", "B"]),
    ("poster-a4", &["A", "B", "C", "D"]),
];

/// The leaflet page's headings in document order: level and text without soft hyphens.
fn html_headings(html: &scraper::Html) -> Vec<(u8, String)> {
    select(
        html,
        ".leaflet h1, .leaflet h2, .leaflet h3, .leaflet h4, .leaflet h5, .leaflet h6",
    )
    .iter()
    .map(|h| {
        let level = h.value().name()[1..].parse().unwrap();
        (level, text(h).replace('\u{ad}', ""))
    })
    .collect()
}

/// The first heading is the only `h1`, and no heading is more than one level below the one
/// before it.
fn assert_outline(headings: &[(u8, String)], context: &str) {
    assert_eq!(
        headings.first().map(|h| h.0),
        Some(1),
        "{context}: {headings:?}"
    );
    for pair in headings.windows(2) {
        let (before, after) = (pair[0].0, pair[1].0);
        assert!(
            (2..=before + 1).contains(&after),
            "{context}: {after} after {before} in {headings:?}"
        );
    }
}

// See: issue 20
#[test]
fn every_layouts_leaflet_page_holds_its_panels_in_reading_order_with_headings_in_sequence() {
    for (layout, order) in READING_ORDERS {
        let site = reading_order_site(layout);
        site.build(&[]);
        for page in ["e1/folder/index.html", "e1/folder/tryk.html"] {
            let html = site.html(page);
            let panels: Vec<String> = select(&html, "[data-panel]")
                .iter()
                .map(|p| p.value().attr("data-panel").unwrap().to_string())
                .collect();
            assert_eq!(panels, order, "{layout} {page}");
            // Each sheet side is still one page of the print, in page order.
            let sheets = select(&html, ".sheets > .sheet").len();
            assert_eq!(
                sheets,
                if layout == "poster-a4" { 1 } else { 2 },
                "{layout}"
            );

            let headings = html_headings(&html);
            assert_outline(&headings, layout);
            let mut expected = vec![
                (1, "Retningslinjer"),
                (2, "Regler"),
                (3, "Afsnit"),
                (4, "Underafsnit"),
            ];
            if layout == "trifold-a4" {
                expected.push((2, "Du må gerne:"));
            }
            // The back page's `##` is the top of its panel: its title is not shown.
            if layout != "poster-a4" {
                expected.push((2, "Bagside"));
            }
            let expected: Vec<(u8, String)> = expected
                .into_iter()
                .map(|(l, t)| (l, t.to_string()))
                .collect();
            assert_eq!(headings, expected, "{layout} {page}");
        }
        // Headings keep the look of their level in the page, the lead-in its look as the
        // flap's first paragraph.
        let html = site.read("e1/folder/index.html");
        assert!(
            html.contains("<h3 id=\"afsnit\" class=\"look-2\">Afsnit</h3>"),
            "{html}"
        );
        assert_eq!(
            html.contains("<h2 id=\"bagside\" class=\"look-2\">Bagside</h2>"),
            layout != "poster-a4"
        );
        assert_eq!(
            html.contains("<h2 class=\"lead-in\">Du må gerne:</h2>"),
            layout == "trifold-a4"
        );
    }
}

/// The tagged PDF's structure tree as poppler reads it (`pdfinfo -struct-text`): every
/// element's type with the text of everything below it, in structure order, without soft
/// hyphens.
fn structure(pdf: &Path) -> Vec<(String, String)> {
    let tree = tool("pdfinfo", &["-struct-text"], pdf);
    let lines: Vec<(usize, &str)> = tree
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| (l.len() - l.trim_start().len(), l.trim()))
        .collect();
    let mut found = Vec::new();
    for (i, (indent, line)) in lines.iter().enumerate() {
        if line.starts_with('"') {
            continue;
        }
        let kind = line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let text: String = lines[i + 1..]
            .iter()
            .take_while(|(deeper, _)| deeper > indent)
            .filter_map(|(_, l)| l.strip_prefix('"'))
            .map(|l| l.trim_end_matches('"').replace('\u{ad}', "") + " ")
            .collect();
        found.push((kind, text));
    }
    found
}

/// Every `/S` of the structure tree in order, walked from `/StructTreeRoot` through `/K`.
fn structure_types(doc: &lopdf::Document) -> Vec<String> {
    fn walk(doc: &lopdf::Document, object: &lopdf::Object, out: &mut Vec<String>) {
        let object = match object {
            lopdf::Object::Reference(id) => match doc.get_object(*id) {
                Ok(o) => o,
                Err(_) => return,
            },
            other => other,
        };
        match object {
            lopdf::Object::Array(items) => items.iter().for_each(|i| walk(doc, i, out)),
            lopdf::Object::Dictionary(d) => {
                if let Ok(kind) = d.get(b"S").and_then(|s| s.as_name()) {
                    out.push(String::from_utf8_lossy(kind).into_owned());
                }
                if let Ok(kids) = d.get(b"K") {
                    walk(doc, kids, out);
                }
            }
            _ => {}
        }
    }
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .expect("the PDF is tagged");
    let mut types = Vec::new();
    walk(doc, root, &mut types);
    types
}

// See: issue 20
#[test]
fn every_layouts_tagged_pdf_reads_from_the_cover_title_in_reading_order() {
    for (layout, _) in READING_ORDERS {
        let site = reading_order_site(layout);
        site.build(&["--pdf"]);
        let pdf = site.out().join("e1/folder/folder-e1.pdf");

        // The structure tree (lopdf): its first heading is the h1, before any other text.
        let doc = lopdf::Document::load(&pdf).unwrap();
        let types = structure_types(&doc);
        let first_heading = types.iter().find(|t| t.starts_with('H') && t.len() == 2);
        assert_eq!(
            first_heading.map(String::as_str),
            Some("H1"),
            "{layout}: {types:?}"
        );
        let first_text = types.iter().position(|t| t == "P" || t == "L" || t == "LI");
        let h1 = types.iter().position(|t| t == "H1").unwrap();
        assert!(first_text.is_none_or(|p| h1 < p), "{layout}: {types:?}");

        // Its text (poppler): the title, then each panel's own word in reading order.
        let tree = structure(&pdf);
        let headings: Vec<(u8, String)> = tree
            .iter()
            .filter(|(kind, _)| kind.len() == 2 && kind.starts_with('H'))
            .map(|(kind, text)| (kind[1..].parse().unwrap(), text.trim().to_string()))
            .collect();
        assert_eq!(
            headings.first(),
            Some(&(1, "Retningslinjer".to_string())),
            "{layout}: {tree:?}"
        );
        assert_outline(&headings, layout);
        let all = &tree[0].1;
        // Words Danish hyphenation leaves whole: the text layer breaks a word at its soft
        // hyphens.
        let mut markers = vec!["Retningslinjer", "for ansatte", "Regler", "Underafsnit"];
        if layout == "trifold-a4" {
            markers.push("Du må gerne:");
        }
        markers.push("HR, telefon");
        if layout != "poster-a4" {
            markers.push("Bagside");
        }
        let at: Vec<usize> = markers
            .iter()
            .map(|m| {
                all.find(m)
                    .unwrap_or_else(|| panic!("{layout}: {m} not in {all}"))
            })
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "{layout}: {markers:?} at {at:?} in {all}"
        );
    }
}

/// Issue 21: the PDF cache is not trusted as found. A truncated entry, or one swapped for a
/// link to a file outside the site, is never published: the leaflet is printed again.
#[test]
fn a_poisoned_pdf_cache_entry_is_printed_again_never_published() {
    let site = leaflet_site("Kort.\n");
    let first = site.run(&["build", "--pdf"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let pdf = site.out().join("e1/folder/folder-e1.pdf");
    let printed = std::fs::read(&pdf).unwrap();
    let cached: Vec<_> = walk(&site.root().join(".pjece-cache/pdf"))
        .into_iter()
        .filter(|name| name.ends_with(".pdf"))
        .map(|name| site.root().join(".pjece-cache/pdf").join(name))
        .collect();
    assert_eq!(cached.len(), 2, "{cached:?}");
    let secret = site.root().join("hemmelig.txt");
    std::fs::write(&secret, "adgangskode: 1234\n").unwrap();
    let entry = cached
        .iter()
        .find(|path| std::fs::read(path).unwrap() == printed)
        .unwrap();
    std::fs::remove_file(entry).unwrap();
    std::os::unix::fs::symlink(&secret, entry).unwrap();
    let other = cached.iter().find(|path| *path != entry).unwrap();
    let whole = std::fs::read(other).unwrap();
    std::fs::write(other, &whole[..whole.len() / 2]).unwrap();

    let plain = site.run(&["build"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(!pdf.exists(), "a poisoned entry is not published");
    assert!(walk(&site.out()).iter().all(|f| !f.ends_with(".pdf")));

    let again = site.run(&["build", "--pdf"]);
    assert!(
        again.stdout.contains("PDFs: 2 printed, 0 reused"),
        "{}",
        again.stdout
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), printed);
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "adgangskode: 1234\n"
    );
}

/// An 8 × 8 PNG of one colour.
const PNG: [u8; 74] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 0,
    0, 0, 75, 109, 41, 220, 0, 0, 0, 17, 73, 68, 65, 84, 120, 156, 99, 80, 72, 88, 128, 21, 49, 12,
    45, 9, 0, 2, 108, 72, 1, 178, 220, 109, 130, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Issue 21: an image in a page of the leaflet is found from the page's own folder, as on
/// the web, and printed in both PDFs; it once resolved against the leaflet's folder and was
/// missing from the leaflet without a word.
#[test]
fn an_image_in_a_leaflet_page_is_found_from_the_pages_folder_and_printed() {
    let site = SiteTest::new()
        .page(
            "e1/flap.md",
            "Flap",
            "Kort tekst.\n\n![Kommunens våbenskjold](billeder/våben.png)\n",
        )
        .page(
            "e1/raad/inde.md",
            "Inde",
            "Kort tekst.\n\n![Kort over rådhuset](../billeder/våben.png)\n",
        )
        .file(
            "content/e1/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: raad/inde.md\n",
        );
    std::fs::create_dir_all(site.root().join("content/e1/billeder")).unwrap();
    std::fs::write(site.root().join("content/e1/billeder/våben.png"), PNG).unwrap();
    let run = site.run(&["build", "--pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["e1/folder/index.html", "e1/folder/tryk.html"] {
        let html = site.html(page);
        assert_eq!(
            select(&html, "img[alt='Kommunens våbenskjold']").len(),
            1,
            "{page}"
        );
        assert_eq!(
            select(&html, "img[alt='Kort over rådhuset']").len(),
            1,
            "{page}"
        );
        assert_links_resolve(&site.out(), page);
    }
    for pdf in ["e1/folder/folder-e1.pdf", "e1/folder/folder-e1-tryk.pdf"] {
        let list = std::process::Command::new("pdfimages")
            .arg("-list")
            .arg(site.out().join(pdf))
            .output()
            .unwrap();
        let list = String::from_utf8_lossy(&list.stdout);
        let images = list
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .count();
        assert!(images >= 2, "{pdf} holds fewer than two images:\n{list}");
    }
}

/// Issue 21: a page whose body opens with its own title as `# …` shows the title once on the
/// web, and once in the leaflet too.
#[test]
fn a_body_opening_with_its_title_prints_the_title_once_in_the_leaflet() {
    let site =
        leaflet_site("Kort.\n").page("e1/inde.md", "Gode råd", "# Gode råd\n\nKort tekst.\n");
    site.build(&[]);
    let html = site.html("e1/folder/index.html");
    let titles = select(&html, "h1, h2, h3, h4")
        .iter()
        .filter(|h| text(h) == "Gode råd")
        .count();
    assert_eq!(titles, 1);
}

#[test]
fn a_leaflet_names_its_own_contact_and_the_website_keeps_site_yamls() {
    let site = leaflet_site("Kort.\n")
        .file(
            "site.yaml",
            "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\ncontact: HR, telefon 88 72 40 00\n",
        )
        .file(
            "content/e1/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: inde.md\ncontact: Spørg din leder, eller ring til **IT** på 88 72 41 00\n",
        );
    site.build(&[]);
    let leaflet = site.read("e1/folder/index.html");
    assert!(
        leaflet.contains("data-key=\"contact\"><p>Spørg din leder, eller ring til <strong>IT</strong> på 88 72 41 00</p>"),
        "{leaflet}"
    );
    assert!(!leaflet.contains("HR, telefon"), "{leaflet}");
    let page = site.read("e1/inde/index.html");
    assert!(
        page.contains("HR, telefon 88 72 40 00"),
        "the footer keeps site.yaml's"
    );
    assert!(!page.contains("Spørg din leder, eller ring"));

    // `contact: ""` leaves the back without a contact, whatever site.yaml says.
    let site = site.file(
        "content/e1/leaflet.yaml",
        "flap:\n  - page: flap.md\ninside:\n  - page: inde.md\ncontact: \"\"\n",
    );
    site.build(&[]);
    let leaflet = site.read("e1/folder/index.html");
    assert!(!leaflet.contains("data-key=\"contact\""), "{leaflet}");

    // Too long, it is blamed where it is written: in leaflet.yaml.
    let contact = "Ring til HR-afdelingen på telefon 88 72 40 00 hver dag. ".repeat(40);
    let site = site.file(
        "content/e1/leaflet.yaml",
        &format!("flap:\n  - page: flap.md\ninside:\n  - page: inde.md\ncontact: {contact}\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/e1/leaflet.yaml:5:1: leaflet of edition `e1`, panel B: the text is"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: shorten `contact` by about"),
        "{}",
        run.stderr
    );
}
