//! Addresses are forever: old root addresses of renamed and removed pages keep answering,
//! every output file has its address from the one address module, two files never share a
//! path, and only files that something links to are published.

use crate::support::*;
use std::path::Path;

/// Three editions: `regler` is renamed in e2 (same id), `gammel` exists in e1 only, and e3 is
/// current. e1 and e2 were each current once, so their root addresses were given out.
fn three_editions() -> SiteTest {
    SiteTest::new()
        .file(
            "content/e1/edition.yaml",
            "label: 1. udgave\npublished: 2019-05-01\nstatus: archived\nnote: Første.\n",
        )
        .page(
            "e1/index.md",
            "Forside",
            "Se [reglerne](regler.md) og [det gamle](gammel.md).\n",
        )
        .file(
            "content/e1/regler.md",
            "---\ntitle: Regler\nid: regler\n---\nTekst.\n",
        )
        .page("e1/gammel.md", "Gamle regler", "Tekst.\n")
        .edition("e2", "2. udgave", "2022-02-01", "archived")
        .page(
            "e2/index.md",
            "Forside",
            "Se [reglerne](sub/nye-regler.md).\n",
        )
        .file(
            "content/e2/sub/nye-regler.md",
            "---\ntitle: Nye regler\nid: regler\n---\nTekst.\n",
        )
        .edition("e3", "3. udgave", "2025-03-01", "current")
        .page(
            "e3/index.md",
            "Forside",
            "Se [reglerne](regler/nyeste.md).\n",
        )
        .file(
            "content/e3/regler/nyeste.md",
            "---\ntitle: Nyeste regler\nid: regler\n---\nTekst.\n",
        )
}

/// The address a page's `<meta http-equiv="refresh">` sends the browser to, resolved
/// against the page's own folder, with the canonical link beside it.
fn follow_refresh(site: &SiteTest, file: &str) -> (String, String) {
    let html = site.html(file);
    let refresh = select(&html, r#"meta[http-equiv="refresh"]"#);
    assert_eq!(refresh.len(), 1, "{file} has no refresh");
    let content = refresh[0].value().attr("content").unwrap();
    let target = content.split_once("url=").unwrap().1;
    let folder = Path::new(file).parent().unwrap();
    let resolved = normalise_slashes(&folder.join(target));
    let canonical = select(&html, r#"link[rel="canonical"]"#)[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        select(&html, r#"meta[name="robots"]"#)[0]
            .value()
            .attr("content"),
        Some("noindex")
    );
    let visible: Vec<_> = select(&html, "a[href]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        visible.contains(&target.to_string()),
        "no visible link in {file}"
    );
    (resolved, canonical)
}

fn normalise_slashes(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

// See: issue 7
#[test]
fn renamed_pages_old_root_addresses_redirect_to_the_current_page() {
    let site = three_editions();
    site.build(&[]);
    for old in ["regler/index.html", "sub/nye-regler/index.html"] {
        let (target, canonical) = follow_refresh(&site, old);
        assert_eq!(target, "regler/nyeste/index.html", "{old}");
        assert!(site.exists(&target));
        assert_eq!(canonical, "https://kommune.test/r/regler/nyeste/");
    }
    let redirects = site.read("_redirects");
    assert_eq!(
        redirects,
        "/r/regler/ /r/regler/nyeste/ 301\n/r/sub/nye-regler/ /r/regler/nyeste/ 301\n"
    );
}

// See: issue 7
#[test]
fn a_removed_pages_old_root_address_explains_and_links_to_the_last_edition_with_it() {
    let site = three_editions();
    site.build(&[]);
    let html = site.html("gammel/index.html");
    let main = text(&select(&html, "main")[0]);
    assert!(main.contains("Siden findes ikke længere"), "{main}");
    assert!(
        main.contains("Gamle regler blev fjernet i 2. udgave (1. februar 2022)"),
        "{main}"
    );
    assert_eq!(
        select(&html, r#"meta[name="robots"]"#)[0]
            .value()
            .attr("content"),
        Some("noindex")
    );
    let links: Vec<_> = select(&html, "main a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["../e1/gammel/index.html", "../index.html"]);
    assert_links_resolve(&site.out(), "gammel/index.html");
    assert!(!site.read("_redirects").contains("gammel"));
}

// See: issue 7
#[test]
fn an_archived_copy_of_a_removed_page_says_so_in_its_banner() {
    let site = three_editions();
    site.build(&[]);
    let html = site.html("e1/gammel/index.html");
    let banner = text(&select(&html, ".banner-archived")[0]);
    assert!(
        banner.contains("Siden findes ikke i den gældende udgave; den blev fjernet i 2. udgave (1. februar 2022)"),
        "{banner}"
    );
    let html = site.html("e1/regler/index.html");
    let banner = text(&select(&html, ".banner-archived")[0]);
    assert!(!banner.contains("fjernet"), "{banner}");
    assert!(
        banner.contains("Se siden i den gældende udgave"),
        "{banner}"
    );
}

// See: issue 7
#[test]
fn links_to_the_edition_front_page_as_a_folder_build() {
    let site = SiteTest::new()
        .page(
            "e1/index.md",
            "Forside",
            "[her](./) og [også her](index.md)\n",
        )
        .page(
            "e1/sub/side.md",
            "Side",
            "[forsiden](../) og [igen](../index.md) og [mappen](./)\n",
        )
        .page("e1/sub/index.md", "Undermappe", "Tekst.\n");
    site.build(&[]);
    let html = site.html("sub/side/index.html");
    let links: Vec<_> = select(&html, "article a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        ["../../index.html", "../../index.html", "../index.html"]
    );
    assert_links_resolve(&site.out(), "sub/side/index.html");
    assert_links_resolve(&site.out(), "index.html");
}

// See: issue 7
#[test]
fn a_file_that_would_land_on_a_generated_page_is_an_error_naming_both() {
    let site = SiteTest::new()
        .file(
            "content/e1/edition.yaml",
            "label: 1. udgave\npublished: 2019-05-01\nstatus: archived\nnote: x\n",
        )
        .edition("e2", "2. udgave", "2022-02-01", "current")
        .page(
            "e2/index.md",
            "Forside",
            "[gammel oversigt](aendringer/index.html)\n",
        )
        .file("content/e2/aendringer/index.html", "<p>egen side</p>");
    let err = site.build_error();
    assert_eq!(
        err.trim_end(),
        "error: content/e2/aendringer/index.html: would be published at `e2/aendringer/index.html`, where the “what changed” page of edition `e2` is published too\n |\n\
         hint: rename or move the file; pjece's own pages keep their addresses\n\n1 problem found"
    );
    assert!(!site.out().exists(), "nothing is written");
}

// See: issue 7
#[test]
fn only_linked_files_are_published_and_check_lists_the_others() {
    let site = SiteTest::new()
        .page(
            "e1/index.md",
            "Forside",
            "![logo](billeder/logo.png)\n\n<img src=\"billeder/rå.svg\" alt=\"\">\n",
        )
        .file("content/e1/billeder/logo.png", "PNG")
        .file("content/e1/billeder/rå.svg", "<svg/>")
        .file("content/e1/billeder/gammel.png", "PNG")
        .file("content/e1/~$Retningslinjer.docx", "lock")
        .file("content/e1/gode-raad.md~", "backup")
        .file("content/e1/side.md.bak", "backup")
        .file("content/e1/.side.md.swp", "swap")
        .file("content/e1/Thumbs.db", "x")
        .file("content/e1/desktop.ini", "x")
        .file("content/e1/Noter.MD", "---\ntitle: Noter\n---\nTekst.\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        "warning: content/e1/billeder/gammel.png: no page links to this file, so it is not published\n |\n\
         hint: link to it from a page, e.g. `![beskrivelse](billede.png)`, or remove it"
    );
    assert!(
        run.stdout.starts_with("no errors, 1 warning:"),
        "{}",
        run.stdout
    );
    site.build(&[]);
    let files = walk(&site.out());
    for published in [
        "billeder/logo.png",
        "e1/billeder/logo.png",
        "billeder/rå.svg",
        "noter/index.html",
    ] {
        assert!(
            files.contains(&published.to_string()),
            "{published} missing: {files:?}"
        );
    }
    for name in [
        "gammel.png",
        "docx",
        "~",
        ".bak",
        ".swp",
        "Thumbs",
        "desktop",
        "Noter.MD",
    ] {
        assert!(
            !files.iter().any(|f| f.contains(name)),
            "{name} was published: {files:?}"
        );
    }
}

/// Every file in a built site was addressed by the address module: the build reports the
/// addresses it wrote (which only that module can make), and the folder holds exactly those.
// See: issue 7
#[test]
fn every_output_file_was_addressed_by_the_address_module() {
    let site = three_editions()
        .file("content/e3/billeder/kort.png", "PNG")
        .page("e3/kort.md", "Kort", "![kort](billeder/kort.png)\n")
        .file("content/e3/leaflet.yaml", "inside:\n  - page: kort.md\n");
    let report = pjece::build(&pjece::BuildOptions {
        root: site.root().to_path_buf(),
        out: site.out(),
        drafts: false,
        pdf: true,
    })
    .unwrap();
    let mut addressed: Vec<String> = report.written.iter().map(|p| p.to_string()).collect();
    addressed.sort();
    assert_eq!(walk(&site.out()), addressed);
    assert!(addressed.iter().any(|p| p.ends_with(".pdf")));
}

// See: issue 7
#[test]
fn files_linked_from_once_current_editions_keep_their_root_addresses() {
    let site = three_editions()
        .page(
            "e1/kort.md",
            "Kort",
            "![Kort over rådhuset](billeder/kort.png)\n",
        )
        .file("content/e1/billeder/kort.png", "PNG e1")
        .page(
            "e2/kort.md",
            "Kort",
            "![Kort over rådhuset](billeder/kort.png)\n",
        )
        .file("content/e2/billeder/kort.png", "PNG e2");
    site.build(&[]);
    assert_eq!(
        site.read("billeder/kort.png"),
        "PNG e2",
        "the newest copy answers"
    );
    assert_eq!(site.read("e1/billeder/kort.png"), "PNG e1");
}
