//! Successful builds: what the produced website contains, checked by parsing the HTML.

use crate::support::*;

/// Two published editions and a draft: a page renamed between editions (same `id`), a page
/// that only exists in the old edition, an image, links with anchors.
fn editions_site() -> SiteTest {
    SiteTest::new()
        .file("content/e1/edition.yaml", "label: 1. udgave\npublished: 2019-05-01\nstatus: archived\nnote: Den første udgave.\n")
        .page("e1/index.md", "Forside", "Se [reglerne](regler.md#skriv-ikke-noget) og [fotos](gammel.md).\n")
        .file("content/e1/regler.md", "---\ntitle: Regler\nid: regler\nweight: 2\n---\n## Skriv ikke noget\n\n- om kolleger\n")
        .page("e1/gammel.md", "Kun i første udgave", "Tekst.\n")
        .edition("e2", "2. udgave", "2025-02-01", "current")
        .page("e2/index.md", "Forside", "Se [reglerne](sub/nye-regler.md#skriv-ikke-noget).\n\n![Logo](images/logo.png)\n")
        .file("content/e2/sub/nye-regler.md", "---\ntitle: Nye regler\nid: regler\n---\n## Skriv ikke noget\n\nSe [forsiden](../index.md) og [AI-værktøjer](#ai-vaerktoejer-og-chatbots).\n\n## AI-værktøjer og chatbots\n")
        .file("content/e2/images/logo.png", "PNG")
        .edition("e3", "3. udgave", "2026-01-01", "draft")
        .page("e3/index.md", "Forside i kladde", "Kladde.\n")
}

#[test]
fn every_link_of_every_page_resolves() {
    let site = editions_site();
    site.build(&[]);
    let files = html_files(&site.out());
    assert!(files.len() >= 9, "{files:?}");
    for file in files.iter().filter(|f| f.as_str() != "404.html") {
        assert_links_resolve(&site.out(), file);
    }
}

#[test]
fn current_edition_is_at_the_root_and_in_its_folder() {
    let site = editions_site();
    site.build(&[]);
    for path in [
        "index.html",
        "sub/nye-regler/index.html",
        "e2/index.html",
        "e2/sub/nye-regler/index.html",
        "e1/regler/index.html",
        "e1/gammel/index.html",
    ] {
        assert!(site.exists(path), "{path} missing");
    }
    let html = site.html("sub/nye-regler/index.html");
    assert_eq!(text(&select(&html, "h1")[0]), "Nye regler");
    assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("da"));
}

#[test]
fn switcher_lands_on_the_same_page_by_id_or_the_front_page() {
    let site = editions_site();
    site.build(&[]);
    let html = site.html("e1/regler/index.html");
    let links: Vec<_> = select(&html, ".switcher a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["../../sub/nye-regler/index.html", "index.html"]);

    let html = site.html("e1/gammel/index.html");
    let first = select(&html, ".switcher a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        first, "../../index.html",
        "a page missing from the current edition switches to its front page"
    );
}

#[test]
fn archived_pages_carry_a_banner_to_the_current_page() {
    let site = editions_site();
    site.build(&[]);
    let html = site.html("e1/regler/index.html");
    let banner = select(&html, ".banner-archived a");
    assert_eq!(banner.len(), 1);
    assert_eq!(
        banner[0].value().attr("href"),
        Some("../../sub/nye-regler/index.html")
    );
    assert_eq!(
        select(&html, r#"meta[name="robots"][content="noindex"]"#).len(),
        1
    );
    assert!(select(&site.html("index.html"), ".banner").is_empty());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = editions_site();
    site.build(&[]);
    assert!(!site.exists("e3"));
    assert!(!site.read("udgaver/index.html").contains("3. udgave"));
    assert!(!site.read("index.html").contains("3. udgave"));

    site.build(&["--drafts"]);
    let html = site.html("e3/index.html");
    assert_eq!(select(&html, ".banner-draft").len(), 1);
    assert!(site.read("udgaver/index.html").contains("3. udgave"));
    assert!(
        !site.read("sitemap.xml").contains("/e3/"),
        "drafts never reach the sitemap"
    );
    assert!(
        !site.read("atom.xml").contains("3. udgave"),
        "drafts never reach the feed"
    );
}

#[test]
fn internal_links_are_rewritten_and_headings_get_danish_ids() {
    let site = editions_site();
    site.build(&[]);
    let html = site.html("sub/nye-regler/index.html");
    assert_eq!(select(&html, "h2#ai-vaerktoejer-og-chatbots").len(), 1);
    let hrefs: Vec<_> = select(&html, "article > p a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(hrefs, ["../../index.html", "#ai-vaerktoejer-og-chatbots"]);
    let front = site.html("index.html");
    assert_eq!(
        select(&front, "article a")[0].value().attr("href"),
        Some("sub/nye-regler/index.html#skriv-ikke-noget")
    );
    assert_eq!(
        select(&front, "article img")[0].value().attr("src"),
        Some("images/logo.png")
    );
    assert_eq!(site.read("images/logo.png"), "PNG");
    assert_eq!(site.read("e2/images/logo.png"), "PNG");
}

#[test]
fn editions_overview_lists_every_published_edition_with_date_and_note() {
    let site = editions_site();
    site.build(&[]);
    let html = site.html("udgaver/index.html");
    let items: Vec<String> = select(&html, ".editions > li").iter().map(text).collect();
    assert_eq!(items.len(), 2);
    assert!(
        items[0].contains("2. udgave")
            && items[0].contains("1. februar 2025")
            && items[0].contains("Ændringer i 2. udgave"),
        "{items:?}"
    );
    assert!(
        items[1].contains("1. udgave")
            && items[1].contains("1. maj 2019")
            && items[1].contains("Den første udgave"),
        "{items:?}"
    );
}

#[test]
fn sitemap_and_feed_are_well_formed_with_absolute_urls() {
    let site = editions_site();
    site.build(&[]);
    let sitemap = site.read("sitemap.xml");
    let locs = xml_texts(&sitemap, "loc");
    assert!(
        locs.contains(&"https://kommune.test/r/sub/nye-regler/".to_string()),
        "{locs:?}"
    );
    assert!(locs
        .iter()
        .all(|l| l.starts_with("https://kommune.test/r/")));
    let feed = site.read("atom.xml");
    let titles = xml_texts(&feed, "title");
    assert_eq!(titles, ["Retningslinjer", "2. udgave", "1. udgave"]);
    assert!(xml_texts(&feed, "updated")
        .iter()
        .all(|d| d.ends_with("T00:00:00Z")));
}

/// The text of every `<name>` element; panics when the XML is not well-formed.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut inside, mut found) = (false, Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == name => inside = true,
            Event::End(e) if e.name().as_ref() == name => inside = false,
            Event::Text(t) if inside => found.push(
                quick_xml::escape::unescape(&t.xml10_content())
                    .unwrap()
                    .into_owned(),
            ),
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

#[test]
fn not_found_page_uses_paths_from_the_base_url() {
    let site = editions_site();
    site.build(&[]);
    let html = site.html("404.html");
    assert_eq!(
        select(&html, r#"link[rel="stylesheet"]"#)[0]
            .value()
            .attr("href"),
        Some("/r/static/style.css")
    );
}

/// Issue 21: the 404 page answers missing addresses at any depth, so every address it names
/// (styles, web fonts, logo, links) is a path from the server root, never a relative one
/// that would lead elsewhere from `/r/a/b/c/`.
#[test]
fn every_address_of_the_not_found_page_is_a_path_from_the_server_root() {
    let site = editions_site()
        .file("site.yaml", &format!("{SITE_YAML}logo: logo.svg\n"))
        .file(
            "logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        );
    site.build(&[]);
    let html = site.html("404.html");
    let addresses: Vec<String> = select(&html, "[href], [src]")
        .iter()
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .filter(|a| !a.contains("://") && !a.starts_with('#') && !a.starts_with("mailto:"))
        .map(str::to_string)
        .collect();
    assert!(addresses.len() >= 5, "{addresses:?}");
    assert!(
        addresses.iter().any(|a| a.ends_with("fonts.css")),
        "{addresses:?}"
    );
    assert!(
        addresses.iter().any(|a| a.contains("logo")),
        "{addresses:?}"
    );
    for address in &addresses {
        assert!(
            address.starts_with("/r/"),
            "{address} is not a path from the server root"
        );
        let file = address.trim_start_matches("/r/");
        let file = if file.is_empty() || file.ends_with('/') {
            format!("{file}index.html")
        } else {
            file.to_string()
        };
        assert!(site.exists(&file), "{address} names no file");
    }
}

#[test]
fn pages_with_bom_crlf_and_danish_file_names_build() {
    let site = SiteTest::new()
        .file("content/e1/Gode råd.md", "\u{feff}---\r\ntitle: Gode råd\r\n---\r\n## Æble og øl\r\n\r\nTekst med [link](index.md).\r\n");
    site.build(&[]);
    let html = site.html("gode-raad/index.html");
    assert_eq!(select(&html, "h2#aeble-og-oel").len(), 1);
    assert_links_resolve(&site.out(), "gode-raad/index.html");
}

#[test]
fn site_builds_from_another_folder_with_root_and_the_builtin_theme() {
    let site = SiteTest::new();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("ud");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_pjece"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(&out)
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.join("static/style.css").is_file());
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_site_template_overrides_the_theme_template() {
    let site = SiteTest::new().file(
        "templates/404.html",
        "<p>egen 404 {{ layout.t.not_found_title }}</p>",
    );
    site.build(&[]);
    assert_eq!(site.read("404.html"), "<p>egen 404 Siden findes ikke</p>");
}

#[test]
fn english_sites_get_english_interface_and_url_words() {
    let site = SiteTest::new().file(
        "site.yaml",
        "title: Guidelines\norganisation: Test\nbase_url: https://example.org/\nlanguage: en\n",
    );
    site.build(&[]);
    assert!(site.exists("editions/index.html"));
    assert!(site.read("index.html").contains("Skip to content"));
    assert_eq!(
        select(&site.html("index.html"), "html")[0]
            .value()
            .attr("lang"),
        Some("en")
    );
}

/// Issue 21: a file whose name holds `#`, `?` or `%` is linked with those written as escapes,
/// so the link leads to the file rather than to a fragment of another address; a link that
/// writes the `#` as it stands is told how to write it.
#[test]
fn a_file_named_with_url_syntax_is_linked_by_escapes_and_the_hint_says_how() {
    let site = SiteTest::new()
        .page(
            "e1/index.md",
            "Forside",
            "Se [bilag](bilag%231.pdf) og [tabel](50%25%3F.pdf).\n",
        )
        .file("content/e1/bilag#1.pdf", "%PDF-1.7")
        .file("content/e1/50%?.pdf", "%PDF-1.7");
    site.build(&[]);
    let html = site.html("index.html");
    let hrefs: Vec<_> = select(&html, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.ends_with(".pdf"))
        .map(str::to_string)
        .collect();
    assert_eq!(hrefs, ["bilag%231.pdf", "50%25%3F.pdf"]);
    assert_links_resolve(&site.out(), "index.html");

    let site = site.page("e1/index.md", "Forside", "Se [bilag](bilag#1.pdf).\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("did you mean `bilag%231.pdf`?"),
        "{}",
        run.stderr
    );
}
