//! `formerly_root: true`: a site of one guideline moved into a portal keeps every address it
//! had. The old site is built with its leaflet PDFs, every file it published is listed, the
//! site is made a portal (`pjece guideline new --from-site`, and a second guideline), and
//! the new output is served over HTTP: every old address, followed through the pages that
//! send the reader on, ends on the same page (same `<title>` and `<h1>`) or the same file.
//!
//! See: the portal issue, item 9.

use crate::browser::serve;
use crate::support::*;
use scraper::Html;
use std::path::Path;
use std::time::Duration;

/// Three editions: `regler` renamed in e2 (same id), `gammel` removed in e2, an image, and a
/// leaflet in the current edition.
fn old_site() -> SiteTest {
    let with_id =
        |title: &str, id: &str, body: &str| format!("---\ntitle: {title}\nid: {id}\n---\n{body}");
    SiteTest::empty()
        .file("site.yaml", SITE_YAML)
        .edition("e1", "1. udgave", "2020-01-01", "archived")
        .page("e1/index.md", "Forside", "![Kort](billeder/kort.png)\n")
        .file("content/e1/billeder/kort.png", "kort fra 2020")
        .file(
            "content/e1/regler.md",
            &with_id("Regler", "regler", "Gamle regler.\n"),
        )
        .page("e1/gammel.md", "Gammel side", "Findes kun i 1. udgave.\n")
        .edition("e2", "2. udgave", "2022-01-01", "archived")
        .page("e2/index.md", "Forside", "![Kort](billeder/kort.png)\n")
        .file("content/e2/billeder/kort.png", "kort fra 2022")
        .file(
            "content/e2/nye-regler.md",
            &with_id("Regler", "regler", "Nye regler.\n"),
        )
        .edition("e3", "3. udgave", "2024-01-01", "current")
        .page("e3/index.md", "Forside", "Se [reglerne](nye-regler.md).\n")
        .file(
            "content/e3/nye-regler.md",
            &with_id("Regler", "regler", "De gældende regler.\n"),
        )
        .page("e3/flap.md", "Kort fortalt", "Sådan gør du.\n")
        .file(
            "content/e3/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: nye-regler.md\n",
        )
}

/// What a reader who opens `path` ends on: the status, the address after every page that
/// sends on (meta refresh) is followed, and the bytes there.
struct Landing {
    status: u16,
    path: String,
    bytes: Vec<u8>,
}

fn open(agent: &ureq::Agent, base: &str, path: &str) -> Landing {
    let mut path = path.to_string();
    for _ in 0..5 {
        let mut response = agent.get(&format!("{base}{path}")).call().unwrap();
        let status = response.status().as_u16();
        let bytes = response.body_mut().read_to_vec().unwrap();
        let next = std::str::from_utf8(&bytes)
            .ok()
            .filter(|_| path.ends_with(".html") || path.ends_with('/'))
            .and_then(refresh_url);
        match next {
            Some(url) => path = resolve(&path, &url),
            None => {
                return Landing {
                    status,
                    path,
                    bytes,
                }
            }
        }
    }
    panic!("{path}: more than five pages that send on");
}

fn refresh_url(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let meta = select(&doc, "meta[http-equiv=refresh]");
    let content = meta.first()?.value().attr("content")?;
    Some(content.split_once("url=")?.1.to_string())
}

/// `url` (relative) followed from the page at `from` (relative to the site root).
fn resolve(from: &str, url: &str) -> String {
    let mut segments: Vec<&str> = from.split('/').collect();
    segments.pop();
    for part in url.split('/') {
        match part {
            ".." => {
                segments.pop();
            }
            "." => {}
            other => segments.push(other),
        }
    }
    segments.join("/")
}

/// The `<title>` and `<h1>` of a page.
fn heading(bytes: &[u8]) -> (String, Option<String>) {
    let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
    let title = text(&select(&doc, "title")[0]);
    let h1 = select(&doc, "h1").first().map(text);
    (title, h1)
}

/// Addresses the portal fills with its own page or file, as a portal has them.
fn the_portals_own(path: &str) -> bool {
    path.starts_with("static/")
        || path.starts_with("pagefind/")
        || [
            ".pjece-output",
            "_redirects",
            "404.html",
            "sitemap.xml",
            "atom.xml",
            "index.html",
            "soeg/index.html",
        ]
        .contains(&path)
}

// See: issue 19
#[test]
fn every_address_of_a_site_moved_into_a_portal_with_formerly_root_keeps_answering() {
    let site = old_site();
    site.build(&["--pdf"]);
    let old = tempfile::tempdir().unwrap();
    let copy = std::process::Command::new("cp")
        .arg("-a")
        .arg(site.out())
        .arg(old.path().join("public"))
        .status()
        .unwrap();
    assert!(copy.success());
    let old_out = old.path().join("public");
    let old_files = walk(&old_out);
    for needed in [
        "regler/index.html",
        "gammel/index.html",
        "billeder/kort.png",
        "e3/folder/folder-e3.pdf",
        "e3/folder/folder-e3-tryk.pdf",
    ] {
        assert!(
            old_files.iter().any(|f| f == needed),
            "{needed} in {old_files:?}"
        );
    }

    let moved = site.run(&[
        "guideline",
        "new",
        "sm",
        "--title",
        "Retningslinjer",
        "--from-site",
    ]);
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    let added = site.run(&["guideline", "new", "ai", "--title", "Brug af AI"]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let guideline = std::fs::read_to_string(site.root().join("content/sm/guideline.yaml")).unwrap();
    assert!(guideline.contains("formerly_root: true"), "{guideline}");
    site.build(&["--pdf"]);
    assert!(site.exists("sm/e3/nye-regler/index.html") && site.exists("ai/index.html"));

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let before = serve(old_out.clone());
    let after = serve(site.out());
    let mut checked = 0;
    // The search index is made afresh for the portal, under other file names.
    for path in old_files.iter().filter(|p| !p.starts_with("pagefind/")) {
        let now = open(&agent, &after, path);
        assert_eq!(now.status, 200, "{path} → {}", now.path);
        if the_portals_own(path) {
            continue;
        }
        let was = open(&agent, &before, path);
        if path.ends_with(".html") {
            assert!(now.path.starts_with("sm/"), "{path} → {}", now.path);
            assert_eq!(
                heading(&now.bytes),
                heading(&was.bytes),
                "{path} → {}",
                now.path
            );
        } else {
            // A file answers as itself: the guideline's own copy, and for anything but a
            // leaflet PDF (whose QR code names the new address) the old bytes too.
            assert_eq!(now.path, *path, "a file is not sent on");
            let own = std::fs::read(site.out().join("sm").join(path)).unwrap();
            assert_eq!(now.bytes, own, "{path}");
            if path.ends_with(".pdf") {
                assert!(now.bytes.starts_with(b"%PDF"), "{path}");
            } else {
                assert_eq!(now.bytes, was.bytes, "{path}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} old addresses checked");

    // The renamed page's old address lands on the current page, the removed one on its notice.
    let regler = open(&agent, &after, "regler/");
    assert_eq!(regler.path, "sm/nye-regler/index.html");
    let gammel = heading(&open(&agent, &after, "gammel/").bytes);
    assert_eq!(gammel.1.as_deref(), Some("Siden findes ikke længere"));
    // Hosts that read `_redirects` send the pages on too; the portal's own pages stay.
    let redirects = site.read("_redirects");
    assert!(
        redirects.contains("/r/e1/regler/ /r/sm/e1/regler/ 301\n"),
        "{redirects}"
    );
    assert!(!redirects.contains("/r/ /r/sm/ 301"), "{redirects}");
    assert!(Path::new(&site.out().join("gaeldende/index.html")).is_file());
}

// See: issue 19
#[test]
fn without_formerly_root_the_old_root_addresses_are_one_problem_naming_the_file_to_fix() {
    let site = SiteTest::new().page("e1/regler.md", "Regler", "x\n");
    site.build(&[]);
    let moved = site.run(&["guideline", "new", "sm", "--title", "Regler", "--from-site"]);
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    let yaml = site.root().join("content/sm/guideline.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        text.replace("formerly_root: true", "formerly_root: false"),
    )
    .unwrap();
    let stderr = site.build_error();
    assert!(
        stderr.contains("addresses, published since ") && stderr.contains("`e1/regler/`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("add `formerly_root: true` to content/sm/guideline.yaml"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}
