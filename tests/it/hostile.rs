//! Careless and hostile input: pjece refuses, never loses the published site, never writes
//! outside its output folder. One small fixture per case.

use crate::support::*;
use std::path::Path;

/// Every file below `dir` with its bytes, to compare a folder before and after.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walk(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pjece-"))
        .collect()
}

// See: issue 11
#[test]
fn an_output_folder_spelt_with_dot_dot_is_replaced_in_place() {
    let site = SiteTest::new();
    site.build(&[]);
    let site = site.page("e1/ny.md", "Ny side", "Tekst.\n");
    site.build(&["--out", "public/../public"]);
    assert!(site.exists("ny/index.html"));
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}

// See: issue 11
#[test]
fn an_output_folder_in_or_around_the_sources_is_refused() {
    let site = SiteTest::new();
    let before = snapshot(site.root());
    for out in [
        "content",
        "content/e1/ud",
        ".",
        "..",
        "templates/x",
        "public/..",
    ] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains("would replace the site's own files"),
            "{}",
            run.stderr
        );
        assert_eq!(
            snapshot(site.root()),
            before,
            "--out {out} changed the site"
        );
    }
}

// See: issue 11
#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_stays_a_symlink() {
    let site = SiteTest::new();
    let target = site.root().join("web");
    std::fs::create_dir(&target).unwrap();
    std::os::unix::fs::symlink(&target, site.out()).unwrap();
    site.build(&[]);
    site.build(&[]);
    assert!(std::fs::symlink_metadata(site.out())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(target.join("index.html").is_file());
}

// See: issue 11
#[test]
fn leftovers_of_interrupted_builds_are_removed_and_nothing_else() {
    let site = SiteTest::new();
    site.build(&[]);
    let dead = site.root().join(".public.pjece-new-999999999");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(".pjece-output"), "").unwrap();
    let foreign = site.root().join(".public.pjece-new-999999998");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("vigtig.txt"), "x").unwrap();
    site.build(&[]);
    assert!(
        !dead.exists(),
        "a marked leftover of a dead build is removed"
    );
    assert!(
        foreign.join("vigtig.txt").exists(),
        "an unmarked folder is never touched"
    );
}

// See: issue 11
#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_the_previous_output_and_no_leftovers() {
    let mut site = SiteTest::new();
    site.build(&[]);
    let before = snapshot(&site.out());
    for i in 0..3000 {
        site = site.page(
            &format!("e1/side-{i}.md"),
            &format!("Side {i}"),
            &"Tekst med [et link](index.md). ".repeat(50),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pjece"))
        .arg("build")
        .current_dir(site.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    // SIGTERM, as a service manager or `kill` sends it.
    let _ = std::process::Command::new("kill")
        .arg(child.id().to_string())
        .status();
    let status = child.wait().unwrap();
    if status.code() == Some(130) {
        assert_eq!(snapshot(&site.out()), before, "the previous output stays");
    } else {
        assert!(status.success(), "{status:?}");
        assert!(site.exists("side-2999/index.html"));
    }
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}

const SITE: &str = "title: R\norganisation: O\nbase_url: https://kommune.test/r/\n";

// See: issue 11
#[test]
fn a_logo_outside_the_site_folder_is_refused_at_its_line() {
    for logo in ["/etc/passwd", "../hemmelig.png", "billeder/../../x.png"] {
        let site = SiteTest::new().file("site.yaml", &format!("{SITE}logo: {logo}\n"));
        let err = site.build_error();
        assert!(
            err.contains(&format!(
                "site.yaml:4:1: the logo `{logo}` is outside the site folder"
            )),
            "{err}"
        );
        assert!(!site.out().exists());
    }
}

// See: issue 11
#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_refused_for_the_logo_and_beside_pages() {
    let site = SiteTest::new().file("site.yaml", &format!("{SITE}logo: logo.png\n"));
    std::os::unix::fs::symlink("/etc/passwd", site.root().join("logo.png")).unwrap();
    let err = site.build_error();
    assert!(
        err.contains("site.yaml:4:1: the logo `logo.png` is outside the site folder"),
        "{err}"
    );
    let site = SiteTest::new().page("e1/index.md", "Forside", "[fil](miljo.txt)\n");
    std::os::unix::fs::symlink(
        "/proc/self/environ",
        site.root().join("content/e1/miljo.txt"),
    )
    .unwrap();
    let err = site.build_error();
    assert!(
        err.contains("content/e1/miljo.txt: this is a link to a file outside the site folder"),
        "{err}"
    );
}

// See: issue 11
#[test]
fn a_theme_is_a_name_not_a_path() {
    let site = SiteTest::new().file(
        "site.yaml",
        &format!("{SITE}theme: ../../andet-site/themes/x\n"),
    );
    let err = site.build_error();
    assert!(
        err.contains("site.yaml:4:1: `theme: ../../andet-site/themes/x` is not a theme name"),
        "{err}"
    );
}

// See: issue 11
#[test]
fn change_notes_show_html_as_text_and_their_links_are_checked_and_absolute() {
    let site = SiteTest::new()
        .file("content/e1/edition.yaml", "label: 1. udgave\npublished: 2024-01-01\nstatus: current\nnote: |\n  Se <script>alert(1)</script> og [reglerne](regler.md#a).\n")
        .page("e1/regler.md", "Regler", "## A\n");
    site.build(&[]);
    let overview = site.read("udgaver/index.html");
    assert!(
        overview.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{overview}"
    );
    assert!(!overview.contains("<script>"));
    assert!(
        overview.contains(r#"href="https://kommune.test/r/e1/regler/#a""#),
        "{overview}"
    );
    let broken = site.file("content/e1/edition.yaml", "label: 1. udgave\npublished: 2024-01-01\nstatus: current\nnote: |\n  Se [reglerne](reglr.md).\n");
    let err = broken.build_error();
    assert!(
        err.contains(
            "content/e1/edition.yaml:5:6: the link `reglr.md` points to a page that does not exist"
        ),
        "{err}"
    );
}

// See: issue 11
#[test]
fn raw_html_in_pages_can_be_escaped_for_untrusted_authors() {
    let site = SiteTest::new().page("e1/index.md", "Forside", "<img src=x onerror=alert(1)>\n");
    site.build(&[]);
    assert!(
        site.read("index.html")
            .contains("<img src=x onerror=alert(1)>"),
        "kept by default"
    );
    let site = site.file(
        "site.yaml",
        &format!("{SITE}markdown:\n  raw_html: escape\n"),
    );
    site.build(&[]);
    assert!(site
        .read("index.html")
        .contains("&lt;img src=x onerror=alert(1)&gt;"));
}

// See: issue 11
#[test]
fn decomposed_file_names_get_the_danish_address_and_twins_are_an_error() {
    // "gode råd" as macOS saves it: a + combining ring above.
    let site = SiteTest::new()
        .page("e1/gode ra\u{30a}d.md", "Gode råd", "Tekst.\n")
        .page("e1/index.md", "Forside", "[råd](gode%20r%C3%A5d.md)\n");
    site.build(&[]);
    assert!(
        site.exists("gode-raad/index.html"),
        "{:?}",
        walk(&site.out())
    );
    let twins = SiteTest::new()
        .page("e1/index.md", "Forside", "![a](Kort.png)\n")
        .file("content/e1/Kort.png", "A")
        .file("content/e1/kort.png", "B");
    let err = twins.build_error();
    assert!(
        err.contains("another file has the same name but for case"),
        "{err}"
    );
}

// See: issue 11
#[test]
fn a_quote_in_a_file_name_does_not_break_the_leaflet_markup() {
    let site = SiteTest::new()
        .page("e1/sig \"nej\".md", "Sig nej", "Tekst.\n")
        .file(
            "content/e1/leaflet.yaml",
            "inside:\n  - page: sig \"nej\".md\n",
        );
    site.build(&[]);
    let html = site.html("e1/folder/index.html");
    let sources: Vec<_> = select(&html, "[data-source]")
        .iter()
        .map(|e| e.value().attr("data-source").unwrap().to_string())
        .collect();
    assert!(
        sources.contains(&"content/e1/sig \"nej\".md:2".to_string()),
        "{sources:?}"
    );
}

// See: issue 11
#[test]
fn edition_new_refuses_ids_that_take_generated_or_page_addresses_and_does_not_guess() {
    let site = SiteTest::new().page("e1/kontakt.md", "Kontakt", "Tekst.\n");
    for id in ["udgaver", "static", "kontakt"] {
        let run = site.run(&["edition", "new", id]);
        assert_eq!(run.code, 2, "{id}: {}", run.stderr);
        assert!(run.stderr.contains("is the address of"), "{}", run.stderr);
        assert!(!site.root().join("content").join(id).exists());
    }
    let two = site
        .edition("e2", "2. udgave", "2025-01-01", "current")
        .page("e2/index.md", "Forside", "Tekst.\n");
    let run = two.run(&["edition", "new", "e3"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("more than one edition is current (e1, e2)"),
        "{}",
        run.stderr
    );
    assert!(!two.root().join("content/e3").exists());
    let hidden: Vec<_> = walk(&two.root().join("content"))
        .into_iter()
        .filter(|f| f.contains("pjece-new"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

// See: issue 11
#[test]
fn awkward_but_valid_pages_build() {
    let ten_mb: String =
        "Et afsnit om sociale medier med [et link](index.md) i.\n\n".repeat(180_000);
    let deep = format!("{}dybt\n", "> ".repeat(10_000));
    let deep_list = format!(
        "{}punkt\n",
        (0..10_000)
            .map(|i| format!("{}- ", "  ".repeat(i % 50)))
            .collect::<String>()
    );
    let site = SiteTest::new()
        .file(
            "content/e1/bom.md",
            "\u{feff}---\ntitle: BOM\n---\nTekst.\n",
        )
        .file(
            "content/e1/crlf.md",
            "---\r\ntitle: CRLF\r\n---\r\nLinje et\r\n\r\n- punkt\r\n",
        )
        .file(
            "content/e1/tab.md",
            "---\ntitle: Tab\n---\n\tkode med tab\n\n-\tpunkt\n",
        )
        .file("content/e1/tom.md", "---\ntitle: Tom\n---\n")
        .page("e1/stor.md", "Stor", &ten_mb)
        .page("e1/dyb.md", "Dyb", &deep)
        .page("e1/liste.md", "Liste", &deep_list)
        .page("e1/Gode råd for æøå.md", "Gode råd", "Tekst.\n");
    site.build(&[]);
    for path in [
        "bom/index.html",
        "crlf/index.html",
        "tab/index.html",
        "tom/index.html",
        "stor/index.html",
        "dyb/index.html",
        "liste/index.html",
        "gode-raad-for-aeoeaa/index.html",
    ] {
        assert!(site.exists(path), "{path}");
    }
}

// See: issue 11
#[test]
fn an_endless_template_loop_is_an_error_naming_the_template() {
    let site = SiteTest::new().file(
        "templates/404.html",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("404.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("would run more than 100000 times"),
        "{}",
        run.stderr
    );
}

/// Issue 21: a one-line template that doubles a text forty times would ask for a terabyte;
/// its rendering is stopped at its memory budget with an error naming the template, and
/// the previous output stays.
#[test]
fn a_template_that_doubles_a_text_in_a_loop_stops_at_its_memory_budget() {
    let site = SiteTest::new();
    site.build(&[]);
    let site = site.file(
        "templates/404.html",
        "{% set s = \"x\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s }}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("404.html"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the template needs more than 256 MB of memory"),
        "{}",
        run.stderr
    );
    assert!(site.exists("index.html"), "the previous output stays");
}

// See: issue 11
#[test]
fn two_unrelated_large_editions_compare_in_bounded_time() {
    let words = |seed: u64| -> String {
        let mut x = seed;
        (0..60_000)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if i % 12 == 11 {
                    format!("o{}\n\n", x >> 40)
                } else {
                    format!("o{} ", x >> 40)
                }
            })
            .collect()
    };
    let site = SiteTest::new()
        .file(
            "content/e1/edition.yaml",
            "label: 1\npublished: 2024-01-01\nstatus: archived\nnote: x\n",
        )
        .page("e1/lang.md", "Lang", &words(1))
        .edition("e2", "2", "2025-01-01", "current")
        .page("e2/index.md", "Forside", "Tekst.\n")
        .page("e2/lang.md", "Lang", &words(2));
    site.build(&[]);
    assert!(site.exists("e2/aendringer/index.html"));
}

// See: issue 11
#[test]
fn two_builds_of_the_same_sources_are_byte_identical() {
    let site = SiteTest::new()
        .file(
            "content/e1/edition.yaml",
            "label: 1. udgave\npublished: 2024-01-01\nstatus: archived\nnote: Første.\n",
        )
        .page(
            "e1/regler.md",
            "Regler",
            "## A\n\nTekst om [forsiden](index.md).\n",
        )
        .edition("e2", "2. udgave", "2025-01-01", "current")
        .page("e2/index.md", "Forside", "Ny tekst.\n")
        .page(
            "e2/regler.md",
            "Regler",
            "## A\n\nÆndret tekst om [forsiden](index.md).\n",
        )
        .file("content/e2/leaflet.yaml", "inside:\n  - page: regler.md\n");
    site.build(&[]);
    let first = snapshot(&site.out());
    site.build(&[]);
    assert_eq!(snapshot(&site.out()), first);
}

/// A site with a leaflet, dated 2024-01-01.
fn leaflet_site() -> SiteTest {
    SiteTest::new()
        .page("e1/inde.md", "Inde", "Kort tekst om gode råd.\n")
        .file("content/e1/leaflet.yaml", "inside:\n  - page: inde.md\n")
}

/// Builds with `--pdf` into `out` with `SOURCE_DATE_EPOCH` set to `epoch` (or unset), and
/// asserts success.
fn build_pdfs(site: &SiteTest, out: &str, epoch: Option<&str>) -> Run {
    let run = site.run_with_env(
        &["build", "--pdf", "--out", out],
        &[("SOURCE_DATE_EPOCH", epoch)],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

/// `CreationDate` and `ModDate` of `pdf` as `pdfinfo -isodates` shows them.
fn pdf_dates(pdf: &Path) -> (String, String) {
    let output = std::process::Command::new("pdfinfo")
        .arg("-isodates")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in\n{text}"))
            .trim()
            .to_string()
    };
    (field("CreationDate:"), field("ModDate:"))
}

// See: issue 11
#[test]
fn two_builds_with_pdfs_printed_afresh_are_byte_identical() {
    let site = leaflet_site();
    let first = build_pdfs(&site, "a", None);
    assert!(first.stdout.contains("PDFs: 2 printed"), "{}", first.stdout);
    let clean = site.run(&["clean"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let second = build_pdfs(&site, "b", None);
    assert!(
        second.stdout.contains("PDFs: 2 printed, 0 reused"),
        "Chromium must print again: {}",
        second.stdout
    );

    let (a, b) = (
        snapshot(&site.root().join("a")),
        snapshot(&site.root().join("b")),
    );
    let pdfs: Vec<&String> = a
        .iter()
        .map(|(f, _)| f)
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");
    assert_eq!(
        a.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        b.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    for ((file, first), (_, second)) in a.iter().zip(&b) {
        assert!(first == second, "{file} differs between the two builds");
    }
    // Without SOURCE_DATE_EPOCH, the edition's date at midnight UTC.
    let dates = pdf_dates(&site.root().join("a").join(pdfs[0]));
    assert_eq!(
        dates,
        (
            "2024-01-01T00:00:00Z".to_string(),
            "2024-01-01T00:00:00Z".to_string()
        )
    );
}

// See: issue 11
#[test]
fn pdfs_carry_the_source_date_epoch_and_a_new_one_prints_afresh() {
    let site = leaflet_site();
    build_pdfs(&site, "a", Some("1700000000"));
    let expected = "2023-11-14T22:13:20Z".to_string();
    for pdf in ["folder-e1.pdf", "folder-e1-tryk.pdf"] {
        let dates = pdf_dates(&site.root().join("a/e1/folder").join(pdf));
        assert_eq!(dates, (expected.clone(), expected.clone()), "{pdf}");
    }

    // The date is part of the PDF cache key: another date is not served from the cache.
    let later = build_pdfs(&site, "b", Some("1700086400"));
    assert!(
        later.stdout.contains("PDFs: 2 printed, 0 reused"),
        "{}",
        later.stdout
    );
    let dates = pdf_dates(&site.root().join("b/e1/folder/folder-e1.pdf"));
    assert_eq!(dates.0, "2023-11-15T22:13:20Z");

    let again = build_pdfs(&site, "c", Some("1700000000"));
    assert!(
        again.stdout.contains("PDFs: 0 printed, 2 reused"),
        "{}",
        again.stdout
    );
}

// See: issue 11
#[test]
fn a_source_date_epoch_that_is_not_a_number_is_refused() {
    let site = leaflet_site();
    let run = site.run_with_env(&["build"], &[("SOURCE_DATE_EPOCH", Some("i går"))]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("SOURCE_DATE_EPOCH is `i går`, not a number of seconds"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists(), "a refused build writes nothing");
}

// See: issue 11
#[test]
fn measuring_a_leaflet_writes_nothing_into_the_home_folder() {
    let site = SiteTest::new()
        .page("e1/inde.md", "Inde", "Kort tekst.\n")
        .file("content/e1/leaflet.yaml", "inside:\n  - page: inde.md\n");
    let home = site.root().join("hjem");
    std::fs::create_dir(&home).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pjece"))
        .arg("check")
        .current_dir(site.root())
        .env("HOME", &home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_CACHE_HOME")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(walk(&home), Vec::<String>::new());
}

// See: issue 11
#[test]
fn a_chrome_that_is_not_a_browser_fails_within_seconds_and_keeps_the_published_site() {
    let site = SiteTest::new()
        .page("e1/regler.md", "Regler", "Tekst.\n")
        .file("content/e1/leaflet.yaml", "inside:\n  - page: regler.md\n");
    site.build(&[]);
    let before = snapshot(&site.out());
    for not_a_browser in ["/bin/sleep", "/bin/true"] {
        let started = std::time::Instant::now();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_pjece"))
            .args(["build", "--pdf"])
            .current_dir(site.root())
            .env("CHROME", not_a_browser)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{not_a_browser}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "{not_a_browser} is not a Chromium or Chrome browser"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("apt-get install chromium"), "{stderr}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{not_a_browser} took {:?}",
            started.elapsed()
        );
        assert_eq!(snapshot(&site.out()), before, "the published site is kept");
        assert!(leftovers(site.root()).is_empty());
    }
}
