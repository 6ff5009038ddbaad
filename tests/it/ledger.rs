//! The address ledger (`addresses.txt`): every address a build publishes is recorded, and an
//! address a later build no longer answers is answered as `site.yaml` says, answered by the
//! same page elsewhere, or stops the build naming the address, its date and the fix.
//!
//! See: the portal issue, item 8.

use crate::support::*;
use std::path::Path;

/// 2025-03-01 00:00 UTC, the day of the first build.
const MARCH: &str = "1740787200";
/// 2025-09-15 12:00 UTC, a later build.
const SEPTEMBER: &str = "1757937600";

/// Two published editions: `gode-raad` in both, with an image in the first; `tips` only in
/// the current one.
fn two_editions() -> SiteTest {
    SiteTest::empty()
        .file("site.yaml", SITE_YAML)
        .edition("udgave-1", "1. udgave", "2020-01-01", "archived")
        .page(
            "udgave-1/index.md",
            "Forside",
            "Se [rådene](gode-raad.md).\n",
        )
        .page(
            "udgave-1/gode-raad.md",
            "Gode råd",
            "![Kort](billeder/kort.png)\n",
        )
        .file("content/udgave-1/billeder/kort.png", "PNG-bytes-1")
        .edition("udgave-2", "2. udgave", "2024-01-01", "current")
        .page(
            "udgave-2/index.md",
            "Forside",
            "Se [rådene](gode-raad.md) og [tips](tips.md).\n",
        )
        .page("udgave-2/gode-raad.md", "Gode råd", "Nye råd.\n")
        .page("udgave-2/tips.md", "Tips", "Et tip.\n")
}

/// `pjece <args>` as on the day `epoch` (`SOURCE_DATE_EPOCH`).
fn run_on(site: &SiteTest, epoch: &str, args: &[&str]) -> Run {
    site.run_with_env(args, &[("SOURCE_DATE_EPOCH", Some(epoch))])
}

fn built_on(site: &SiteTest, epoch: &str, args: &[&str]) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = run_on(site, epoch, &all);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
}

fn ledger(site: &SiteTest) -> String {
    std::fs::read_to_string(site.root().join("addresses.txt")).unwrap()
}

/// The ledger's lines without its header.
fn lines(site: &SiteTest) -> Vec<String> {
    ledger(site)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn rename(site: &SiteTest, from: &str, to: &str) {
    std::fs::rename(site.root().join(from), site.root().join(to)).unwrap();
}

/// Where a page that sends the reader on points, relative to it.
fn refresh_target(site: &SiteTest, path: &str) -> String {
    let html = site.html(path);
    let meta = select(&html, "meta[http-equiv=refresh]");
    let content = meta[0].value().attr("content").unwrap();
    content.split_once("url=").unwrap().1.to_string()
}

// See: issue 19
#[test]
fn a_first_build_records_every_published_address_sorted_and_later_builds_keep_their_dates() {
    let site = two_editions();
    built_on(&site, MARCH, &[]);
    let text = ledger(&site);
    assert!(text.starts_with("# Adresseliste"), "{text}");
    assert!(
        text.contains("# Address ledger") && text.contains("Commit it"),
        "{text}"
    );
    assert!(
        text.contains("\n# base_url: https://kommune.test/r/\n"),
        "{text}"
    );
    // Pages, files, feeds, the "what changed" page and the editions overview; not the
    // theme's files, the search index, the 404 page, the sitemap, _redirects or the mark.
    assert_eq!(
        lines(&site),
        [
            "/ 2025-03-01 page - udgave-2 index",
            "atom.xml 2025-03-01 feed -",
            "billeder/kort.png 2025-03-01 file - udgave-1",
            "gode-raad/ 2025-03-01 page - udgave-2 gode-raad",
            "soeg/ 2025-03-01 site",
            "tips/ 2025-03-01 page - udgave-2 tips",
            "udgave-1/ 2025-03-01 page - udgave-1 index",
            "udgave-1/billeder/kort.png 2025-03-01 file - udgave-1",
            "udgave-1/gode-raad/ 2025-03-01 page - udgave-1 gode-raad",
            "udgave-2/ 2025-03-01 page - udgave-2 index",
            "udgave-2/aendringer/ 2025-03-01 changes - udgave-2",
            "udgave-2/gode-raad/ 2025-03-01 page - udgave-2 gode-raad",
            "udgave-2/tips/ 2025-03-01 page - udgave-2 tips",
            "udgaver/ 2025-03-01 editions -",
        ]
    );
    let mut sorted = lines(&site);
    sorted.sort();
    assert_eq!(sorted, lines(&site));

    // A later build of the same site writes the same file; a new page is added with its day.
    built_on(&site, SEPTEMBER, &[]);
    assert_eq!(ledger(&site), text);
    let site = site.page("udgave-2/nyt.md", "Nyt", "Nyt.\n");
    built_on(&site, SEPTEMBER, &[]);
    let now = lines(&site);
    assert!(
        now.contains(&"nyt/ 2025-09-15 page - udgave-2 nyt".to_string()),
        "{now:?}"
    );
    assert!(
        now.contains(&"tips/ 2025-03-01 page - udgave-2 tips".to_string()),
        "{now:?}"
    );
}

// See: issue 19
#[test]
fn renaming_an_edition_folder_stops_the_build_naming_the_addresses_their_date_and_the_fix() {
    let site = two_editions();
    built_on(&site, MARCH, &[]);
    let before = ledger(&site);
    rename(&site, "content/udgave-1", "content/2019");
    let run = run_on(&site, SEPTEMBER, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
    // Nothing is written: the site as it was stays published, and the ledger as it was.
    assert!(site.exists("udgave-1/gode-raad/index.html"));
    assert!(!site.exists("2019"));
    assert_eq!(ledger(&site), before);
}

// See: issue 19
#[test]
fn a_redirects_folder_key_sends_every_old_address_on_with_a_page_a_rule_and_the_files() {
    let site = two_editions();
    built_on(&site, MARCH, &[]);
    rename(&site, "content/udgave-1", "content/2019");
    let site = site.file(
        "site.yaml",
        &format!("{SITE_YAML}redirects: {{udgave-1/: 2019/}}\n"),
    );
    built_on(&site, SEPTEMBER, &[]);

    // The old page sends the reader on to the same page in the renamed folder.
    let old = "udgave-1/gode-raad/index.html";
    assert_eq!(
        refresh_target(&site, old),
        "../../2019/gode-raad/index.html"
    );
    let html = site.html(old);
    let canonical = select(&html, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some("https://kommune.test/r/2019/gode-raad/")
    );
    assert_eq!(select(&html, "meta[name=robots]").len(), 1);
    assert_links_resolve(&site.out(), old);
    assert_eq!(
        refresh_target(&site, "udgave-1/index.html"),
        "../2019/index.html"
    );
    // A file is answered by the file itself, and hosts that read `_redirects` move all.
    assert_eq!(
        std::fs::read(site.out().join("udgave-1/billeder/kort.png")).unwrap(),
        b"PNG-bytes-1"
    );
    let redirects = site.read("_redirects");
    for line in [
        "/r/udgave-1/ /r/2019/ 301",
        "/r/udgave-1/gode-raad/ /r/2019/gode-raad/ 301",
        "/r/udgave-1/billeder/kort.png /r/2019/billeder/kort.png 301",
    ] {
        assert!(
            redirects.lines().any(|l| l == line),
            "{line} in:\n{redirects}"
        );
    }
    // The ledger keeps the old addresses, with their first day, beside the new ones.
    let now = lines(&site);
    for line in [
        "udgave-1/gode-raad/ 2025-03-01 page - udgave-1 gode-raad",
        "2019/gode-raad/ 2025-09-15 page - 2019 gode-raad",
    ] {
        assert!(now.contains(&line.to_string()), "{line} in {now:?}");
    }
}

// See: issue 19
#[test]
fn a_redirect_to_an_address_the_site_does_not_have_is_an_error_at_its_key() {
    let site = two_editions();
    built_on(&site, MARCH, &[]);
    rename(&site, "content/udgave-1", "content/2019");
    let site = site.file(
        "site.yaml",
        &format!("{SITE_YAML}redirects:\n  /udgave-1/: 2091/\n"),
    );
    let run = run_on(&site, SEPTEMBER, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "site.yaml:6:3: `udgave-1/` in `redirects:` sends readers where this site has nothing: `udgave-1/` → `2091/`, `udgave-1/billeder/kort.png` → `2091/billeder/kort.png`, `udgave-1/gode-raad/` → `2091/gode-raad/`"
        ),
        "{}",
        run.stderr
    );
}

// See: issue 19
#[test]
fn retired_addresses_say_why_they_no_longer_answer() {
    let site = two_editions();
    built_on(&site, MARCH, &[]);
    let site = site.remove("content/udgave-2/tips.md").page(
        "udgave-2/index.md",
        "Forside",
        "Se [rådene](gode-raad.md).\n",
    );
    let stderr = run_on(&site, SEPTEMBER, &["build"]).stderr;
    assert!(
        stderr.contains("addresses.txt:18:1: `tips/` (the page `tips` of edition `udgave-2`) was published on 2025-03-01, and this build no longer has it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("udgave-2/tips/: Siden er ikke længere gældende."),
        "{stderr}"
    );
    let site = site.file(
        "site.yaml",
        &format!(
            "{SITE_YAML}retired:\n  tips/: \"Tipsene står nu under [Gode råd](https://kommune.test/r/gode-raad/).\"\n  udgave-2/tips/: Tipsene er samlet under Gode råd.\n"
        ),
    );
    built_on(&site, SEPTEMBER, &[]);
    let html = site.html("tips/index.html");
    assert_eq!(
        text(&select(&html, "main h1")[0]),
        "Adressen bruges ikke længere"
    );
    let link = select(&html, "main a");
    assert_eq!(text(&link[0]), "Gode råd");
    assert_eq!(
        link[0].value().attr("href"),
        Some("https://kommune.test/r/gode-raad/")
    );
    assert_eq!(select(&html, "meta[name=robots]").len(), 1);
    assert_links_resolve(&site.out(), "tips/index.html");
    assert!(site
        .read("udgave-2/tips/index.html")
        .contains("Tipsene er samlet under Gode råd."));
    // A retired address keeps its line: it is answered, by its notice.
    assert!(lines(&site).contains(&"tips/ 2025-03-01 page - udgave-2 tips".to_string()));
}

// See: issue 19
#[test]
fn a_page_renamed_with_the_same_id_answers_at_its_old_addresses_by_itself() {
    let site = two_editions();
    built_on(&site, MARCH, &[]);
    let site = site
        .remove("content/udgave-2/tips.md")
        .file(
            "content/udgave-2/gode-tips.md",
            "---\ntitle: Gode tips\nid: tips\n---\nEt tip.\n",
        )
        .page(
            "udgave-2/index.md",
            "Forside",
            "Se [rådene](gode-raad.md) og [tips](gode-tips.md).\n",
        );
    built_on(&site, SEPTEMBER, &[]);
    assert_eq!(
        refresh_target(&site, "tips/index.html"),
        "../gode-tips/index.html"
    );
    assert_eq!(
        refresh_target(&site, "udgave-2/tips/index.html"),
        "../gode-tips/index.html"
    );
    assert!(site.read("tips/index.html").contains(">Gode tips</a>"));
    let redirects = site.read("_redirects");
    assert!(
        redirects.contains("/r/tips/ /r/gode-tips/ 301\n"),
        "{redirects}"
    );
    assert!(
        redirects.contains("/r/udgave-2/tips/ /r/udgave-2/gode-tips/ 301\n"),
        "{redirects}"
    );
}

// See: issue 19
#[test]
fn check_and_draft_builds_compare_with_the_ledger_and_never_write_it() {
    let site = two_editions();
    let check = run_on(&site, MARCH, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let drafts = run_on(&site, MARCH, &["build", "--drafts"]);
    assert_eq!(drafts.code, 0, "{}", drafts.stderr);
    assert!(!site.root().join("addresses.txt").exists());

    built_on(&site, MARCH, &[]);
    let before = ledger(&site);
    // A draft's pages are not published: a build with drafts records nothing.
    let site = site
        .edition("udgave-3", "3. udgave", "2025-06-01", "draft")
        .page("udgave-3/index.md", "Forside", "Kladde.\n")
        .page("udgave-3/kladde.md", "Kladde", "Kladde.\n");
    built_on(&site, SEPTEMBER, &["--drafts"]);
    assert!(site.exists("udgave-3/kladde/index.html"));
    assert_eq!(ledger(&site), before);

    // `check` finds what `build` would refuse, and leaves the ledger as it is.
    rename(&site, "content/udgave-1", "content/2019");
    let check = run_on(&site, SEPTEMBER, &["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "addresses.txt:19:1: `udgave-1/` and 2 addresses below it, published since 2025-03-01, are gone from this build"
        ),
        "{}",
        check.stderr
    );
    assert_eq!(ledger(&site), before);
}

/// A portal of two guidelines, `sm` with two editions and `ai` with one.
fn portal() -> SiteTest {
    SiteTest::empty()
        .file("site.yaml", SITE_YAML)
        .file("content/sm/guideline.yaml", "title: Sociale medier\n")
        .edition("sm/u1", "1. udgave", "2020-01-01", "archived")
        .page("sm/u1/index.md", "Sociale medier", "x\n")
        .edition("sm/u2", "2. udgave", "2024-01-01", "current")
        .page("sm/u2/index.md", "Sociale medier", "x\n")
        .page("sm/u2/regler.md", "Regler", "x\n")
        .file("content/ai/guideline.yaml", "title: AI\n")
        .edition("ai/2026", "2026", "2026-01-01", "current")
        .page("ai/2026/index.md", "AI", "x\n")
}

// See: issue 19
#[test]
fn renaming_a_guideline_folder_is_answered_by_one_redirects_line() {
    let site = portal();
    built_on(&site, MARCH, &[]);
    assert!(lines(&site).contains(&"sm/u1/ 2025-03-01 page sm u1 index".to_string()));
    rename(&site, "content/sm", "content/sociale-medier");
    let stderr = run_on(&site, SEPTEMBER, &["build"]).stderr;
    assert!(
        stderr.contains("the guideline folder `sm` seems to have been renamed `sociale-medier`"),
        "{stderr}"
    );
    assert!(stderr.contains("sm/: sociale-medier/\n"), "{stderr}");
    let site = site.file(
        "site.yaml",
        &format!("{SITE_YAML}redirects:\n  sm/: sociale-medier/\n"),
    );
    built_on(&site, SEPTEMBER, &[]);
    assert_eq!(
        refresh_target(&site, "sm/u1/index.html"),
        "../../sociale-medier/u1/index.html"
    );
    assert_eq!(
        refresh_target(&site, "sm/regler/index.html"),
        "../../sociale-medier/regler/index.html"
    );
    // The feed, a file, is the feed itself.
    assert_eq!(
        site.read("sm/atom.xml"),
        site.read("sociale-medier/atom.xml")
    );
}

// See: issue 19
#[test]
fn a_site_that_became_a_guideline_of_a_portal_at_its_parent_address_keeps_every_address() {
    let site = SiteTest::empty()
        .file(
            "site.yaml",
            "title: Sociale medier\norganisation: Testkommune\nbase_url: https://kommune.test/r/sm/\n",
        )
        .edition("u1", "1. udgave", "2020-01-01", "current")
        .page("u1/index.md", "Sociale medier", "x\n")
        .page("u1/regler.md", "Regler", "x\n");
    built_on(&site, MARCH, &[]);
    assert!(lines(&site).contains(&"regler/ 2025-03-01 page - u1 regler".to_string()));
    let root = site.root();
    std::fs::create_dir_all(root.join("content/sm")).unwrap();
    rename(&site, "content/u1", "content/sm/u1");
    let site = site
        .file("content/sm/guideline.yaml", "title: Sociale medier\n")
        .file("site.yaml", SITE_YAML)
        .file("content/ai/guideline.yaml", "title: AI\n")
        .edition("ai/2026", "2026", "2026-01-01", "current")
        .page("ai/2026/index.md", "AI", "x\n");
    built_on(&site, SEPTEMBER, &[]);
    let now = lines(&site);
    // The ledger is read from the portal's address: the old lines are under `sm/` now.
    for line in [
        "sm/regler/ 2025-03-01 page sm u1 regler",
        "sm/u1/ 2025-03-01 page sm u1 index",
        "ai/ 2025-09-15 page ai 2026 index",
    ] {
        assert!(now.contains(&line.to_string()), "{line} in {now:?}");
    }
    assert!(!now.iter().any(|l| l.starts_with("regler/")), "{now:?}");
    assert!(ledger(&site).contains("\n# base_url: https://kommune.test/r/\n"));
    // The old site's search page is the portal's now.
    assert_eq!(
        refresh_target(&site, "sm/soeg/index.html"),
        "../../soeg/index.html"
    );
    assert!(Path::new(&site.out().join("sm/regler/index.html")).is_file());
}

// See: issue 19
#[test]
fn a_plain_build_without_the_pdf_cache_keeps_the_ledgers_pdfs_and_says_to_print_them() {
    let site = SiteTest::new()
        .page("e1/flap.md", "Flap", "Kort.\n")
        .page("e1/inde.md", "Inde", "Kort tekst.\n")
        .file(
            "content/e1/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: inde.md\n",
        );
    built_on(&site, MARCH, &["--pdf"]);
    assert!(lines(&site).contains(&"e1/folder/folder-e1.pdf 2025-03-01 pdf - e1".to_string()));
    assert_eq!(site.run(&["clean"]).code, 0);
    let plain = run_on(&site, SEPTEMBER, &["build"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(
        plain.stderr.contains("warning: addresses.txt:")
            && plain.stderr.contains("the leaflet PDF `e1/folder/folder-e1.pdf` is left out of this build (published since 2025-03-01): it is not in the PDF cache")
            && plain.stderr.contains("build with `pjece build --pdf`"),
        "{}",
        plain.stderr
    );
    assert!(lines(&site).contains(&"e1/folder/folder-e1.pdf 2025-03-01 pdf - e1".to_string()));
}
