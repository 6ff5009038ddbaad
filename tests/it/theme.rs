//! The kommune theme's settings and structure: logo, colours, footer, breadcrumbs, nested
//! navigation, and the problems an editor is told about (a colour too light to read, a
//! Danish site without an accessibility statement). `showcase()` is also the site the
//! browser tests (`browser.rs`) check for accessibility and take screenshots of.

use crate::support::*;

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="40" height="40" fill="#00587a"/><text x="48" y="27" font-size="16" fill="#00587a">Test</text></svg>"##;
const LOGO_ON_DARK: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="40" height="40" fill="#ffffff"/><text x="48" y="27" font-size="16" fill="#ffffff">Test</text></svg>"##;

/// Every setting of the theme. The primary colour passes against white with little to spare
/// (4.59:1), so the browser tests see that links on the theme's tinted boxes still pass.
pub(crate) const SHOWCASE_YAML: &str = r##"title: Retningslinjer for ansattes brug af sociale medier
organisation: Testkommune
base_url: https://kommune.test/r/
logo: grafik/logo.svg
logo_on_dark: grafik/logo-hvid.svg
colors:
  primary: "#0b7db0"
  accent: "#8a3b12"
contact: |
  HR-afdelingen, telefon 12 34 56 78
  <b>ikke fed</b>
accessibility_statement: https://www.was.digst.dk/test
footer_links:
  - text: Om webstedet
    url: https://example.org/om/
  - text: Privatlivspolitik
    url: https://example.org/privatliv/
"##;

const WIDE_TABLE: &str = "| Platform | Må bruges | Hvornår | Hvem godkender | Bemærkning |\n|---|---|---|---|---|\n| Facebook | Ja | I pauser og efter aftale med lederen | Nærmeste leder | Husk tavshedspligten og kommunens retningslinjer for kommunikation |\n| LinkedIn | Ja | Når det er relevant for arbejdet | Ingen | Fagligt netværk |\n";
const LONG_WORD: &str = "Læs mere på https://www.example.org/meget/lang/adresse/som/ikke/har/mellemrum/og/skal/brydes/paa/smalle/skaerme/ og om arbejdsmiljørepræsentantsuppleantvalgreglerne.\n";

/// A site with every page kind: an archived, a current and a draft edition, a sub-folder
/// with its own front page, a page that moved (a redirect at its old root address), a wide
/// table, a long address, and a leaflet.
pub(crate) fn showcase() -> SiteTest {
    let page_with_id =
        |title: &str, id: &str, body: &str| format!("---\ntitle: {title}\nid: {id}\n---\n{body}");
    SiteTest::empty()
        .file("site.yaml", SHOWCASE_YAML)
        .file("grafik/logo.svg", LOGO)
        .file("grafik/logo-hvid.svg", LOGO_ON_DARK)
        .edition("e1", "1. udgave", "2023-01-01", "archived")
        .page("e1/index.md", "Retningslinjer", "Velkommen til retningslinjerne.\n\nSe [reglerne](regler.md).\n")
        .file("content/e1/regler.md", &page_with_id("Regler", "regler", "## Hovedregel\n\nBrug sociale medier med omtanke.\n"))
        .page("e1/raad/index.md", "Gode råd", "Råd om god adfærd.\n")
        .page("e1/raad/billeder.md", "Billeder", "Spørg altid, før du deler billeder.\n")
        .edition("e2", "2. udgave", "2024-01-01", "current")
        .page("e2/index.md", "Retningslinjer", &format!("Velkommen til retningslinjerne.\n\nSe [reglerne](ansvar/regler.md) og [rådene](raad/index.md).\n\n{LONG_WORD}"))
        .file("content/e2/ansvar/regler.md", &page_with_id("Regler", "regler", &format!("## Hovedregel\n\nBrug sociale medier med omtanke og respekt.\n\n## Oversigt\n\n{WIDE_TABLE}")))
        .page("e2/raad/index.md", "Gode råd", "Råd om god adfærd.\n")
        .page("e2/raad/billeder.md", "Billeder", "Spørg altid, før du deler billeder af kolleger.\n")
        .page("e2/raad/tekst.md", "Tekst", "Skriv kort og klart.\n")
        .file("content/e2/leaflet.yaml", "layout: trifold-a4\ncover:\n  title: Retningslinjer\n  subtitle: for brug af sociale medier\ninside:\n  - page: ansvar/regler.md\n")
        .edition("e3", "3. udgave", "2025-01-01", "draft")
        .page("e3/index.md", "Retningslinjer", "Velkommen til de nye retningslinjer.\n")
        .file("content/e3/ansvar/regler.md", &page_with_id("Regler", "regler", "## Hovedregel\n\nBrug sociale medier med omtanke, respekt og sund fornuft.\n"))
        .page("e3/raad/index.md", "Gode råd", "Råd om god adfærd.\n")
        .page("e3/raad/billeder.md", "Billeder", "Spørg altid først.\n")
}

/// Every page kind of the showcase site, by a name for messages and screenshots, and its
/// file in the output.
pub(crate) const PAGE_KINDS: &[(&str, &str)] = &[
    ("front", "index.html"),
    ("content", "raad/billeder/index.html"),
    ("archived", "e1/regler/index.html"),
    ("draft", "e3/raad/billeder/index.html"),
    ("changes", "e2/aendringer/index.html"),
    ("editions", "udgaver/index.html"),
    ("not-found", "404.html"),
    ("leaflet", "e2/folder/index.html"),
    ("redirect", "regler/index.html"),
];

/// The web pages among the page kinds (the leaflet and the redirect have no header).
const WITH_LAYOUT: &[&str] = &[
    "index.html",
    "raad/billeder/index.html",
    "e1/regler/index.html",
    "e3/raad/billeder/index.html",
    "e2/aendringer/index.html",
    "udgaver/index.html",
    "404.html",
];

#[test]
fn settings_appear_on_every_page_kind() {
    let site = showcase();
    site.build(&["--drafts"]);
    for (_, file) in PAGE_KINDS {
        assert!(site.exists(file), "{file} was not built");
    }
    for file in WITH_LAYOUT {
        let links_resolve = *file != "404.html"; // served at any address, so its links start at the server root
        let html = site.html(file);
        let logo = select(&html, ".site-header img.logo");
        assert_eq!(logo.len(), 1, "{file}: one logo in the header");
        assert_eq!(logo[0].value().attr("alt"), Some("Testkommune"), "{file}");
        assert!(
            logo[0]
                .value()
                .attr("src")
                .unwrap()
                .ends_with("static/logo-on-dark.svg"),
            "{file}: the header bar is dark, so it shows logo_on_dark"
        );
        let style = text(&select(&html, "head style")[0]);
        assert!(style.contains("--primary: #0b7db0"), "{file}: {style}");
        assert!(style.contains("--accent: #8a3b12"), "{file}: {style}");
        let footer = select(&html, ".site-footer")[0];
        let footer_text = text(&footer);
        assert!(
            footer_text.contains("HR-afdelingen, telefon 12 34 56 78"),
            "{file}: {footer_text}"
        );
        assert!(
            footer_text.contains("<b>ikke fed</b>"),
            "{file}: raw HTML in contact is shown as text"
        );
        let statement = select(&html, ".site-footer a.statement");
        assert_eq!(statement.len(), 1, "{file}");
        assert_eq!(text(&statement[0]), "Tilgængelighedserklæring");
        assert_eq!(
            statement[0].value().attr("href"),
            Some("https://www.was.digst.dk/test")
        );
        let links: Vec<String> = select(&html, ".footer-links a").iter().map(text).collect();
        assert!(
            links.contains(&"Om webstedet".to_string()),
            "{file}: {links:?}"
        );
        assert!(
            links.contains(&"Privatlivspolitik".to_string()),
            "{file}: {links:?}"
        );
        assert_eq!(select(&html, "h1").len(), 1, "{file}: one h1");
        assert_eq!(text(&select(&html, "a.skip")[0]), "Gå til sidens indhold");
        assert!(
            select(&html, "link[rel=stylesheet]").iter().any(|l| l
                .value()
                .attr("href")
                .unwrap()
                .ends_with("static/fonts/fonts.css")),
            "{file}: the web pages load the theme's fonts"
        );
        assert!(
            select(&html, "script").is_empty(),
            "{file}: works without JavaScript"
        );
        for element in select(&html, "link[rel=stylesheet], img, iframe, source") {
            let value = element.value();
            let target = value.attr("href").or(value.attr("src")).unwrap_or("");
            assert!(
                !target.contains("://"),
                "{file}: no requests outside the site: {target}"
            );
        }
        if links_resolve {
            assert_links_resolve(&site.out(), file);
        }
    }
    assert!(site.exists("static/logo.svg"));
    assert!(site.exists("static/logo-on-dark.svg"));
    let leaflet = site.read("e2/folder/index.html");
    assert!(
        leaflet.contains("--accent: #0b7db0"),
        "the leaflet takes the primary colour"
    );
    let leaflet = site.html("e2/folder/index.html");
    assert_eq!(
        select(&leaflet, ".cover-sender img")[0].value().attr("src"),
        Some("../../static/logo-on-dark.svg")
    );
    assert_eq!(
        select(&leaflet, ".back-sender img")[0].value().attr("src"),
        Some("../../static/logo.svg")
    );
}

#[test]
fn without_a_dark_logo_the_header_shows_the_logo_on_a_plate() {
    let site = SiteTest::new()
        .file("site.yaml", &format!("{SITE_YAML}logo: logo.svg\n"))
        .file("logo.svg", LOGO);
    site.build(&[]);
    let html = site.html("index.html");
    let logo = select(&html, ".site-header .logo-plate img.logo");
    assert_eq!(logo.len(), 1);
    assert_eq!(logo[0].value().attr("src"), Some("static/logo.svg"));
    assert_eq!(logo[0].value().attr("alt"), Some("Testkommune"));
}

#[test]
fn sub_folders_nest_in_the_navigation_and_the_breadcrumbs() {
    let site = showcase();
    site.build(&[]);
    let html = site.html("raad/billeder/index.html");
    let folders = select(&html, "nav.pages > ul > li.folder");
    let titles: Vec<String> = folders
        .iter()
        .map(|f| text(&select_in(f, ".folder-title")[0]))
        .collect();
    assert_eq!(
        titles,
        ["Ansvar", "Gode råd"],
        "a folder without index.md is named after the folder"
    );
    let nested: Vec<String> = select(&html, "nav.pages li.folder > ul > li > a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(nested, ["Regler", "Billeder", "Tekst"]);
    let current = select(&html, "nav.pages a[aria-current=page]");
    assert_eq!(current.iter().map(text).collect::<Vec<_>>(), ["Billeder"]);
    let top: Vec<String> = select(&html, "nav.pages > ul > li > a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        top,
        ["Forside", "Gode råd"],
        "the front page, and the folder with its own page"
    );

    let crumbs: Vec<String> = select(&html, ".breadcrumbs li").iter().map(text).collect();
    assert_eq!(crumbs, ["Forside", "Gode råd", "Billeder"]);
    let links: Vec<&str> = select(&html, ".breadcrumbs a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(links, ["../../index.html", "../index.html"]);
    assert_eq!(select(&html, ".breadcrumbs [aria-current=page]").len(), 1);

    let regler = site.html("ansvar/regler/index.html");
    let crumbs: Vec<String> = select(&regler, ".breadcrumbs li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(crumbs, ["Forside", "Ansvar", "Regler"]);
    assert_eq!(
        select(&regler, ".breadcrumbs a").len(),
        1,
        "a folder without a page is not a link"
    );
    assert!(
        select(&site.html("index.html"), ".breadcrumbs").is_empty(),
        "none on the front page"
    );
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

#[test]
fn english_sites_get_english_interface_strings() {
    let site = SiteTest::new().file(
        "site.yaml",
        "title: Guidelines\norganisation: Test\nbase_url: https://example.org/\nlanguage: en\naccessibility_statement: https://example.org/a11y\n",
    );
    site.build(&[]);
    let html = site.html("index.html");
    assert_eq!(text(&select(&html, "a.skip")[0]), "Skip to content");
    assert_eq!(
        text(&select(&html, "a.statement")[0]),
        "Accessibility statement"
    );
}

#[test]
fn a_colour_too_light_to_read_is_an_error_with_a_darker_suggestion() {
    let site = SiteTest::new().file(
        "site.yaml",
        &format!("{SITE_YAML}colors:\n  primary: \"#4fa3d1\"\n"),
    );
    insta::assert_snapshot!(site.build_error());
}

#[test]
fn an_accent_too_light_is_reported_at_its_key() {
    let site = SiteTest::new().file(
        "site.yaml",
        &format!("{SITE_YAML}colors: {{ primary: \"#00587a\", accent: \"#ffcc00\" }}\n"),
    );
    let error = site.build_error();
    assert!(error.contains("site.yaml:5:31"), "{error}");
    assert!(error.contains("`#ffcc00`"), "{error}");
    assert!(error.contains("accent: \"#"), "{error}");
}

#[test]
fn settings_are_checked() {
    for (yaml, says) in [
        ("colors:\n  primary: blå\n", "not a colour"),
        (
            "colors:\n  primary: \"#00587a\"\n  secondary: \"#000000\"\n",
            "secondary",
        ),
        (
            "footer_links:\n  - text: Om\n    url: om.html\n",
            "not a full web address",
        ),
        (
            "footer_links:\n  - text: \"\"\n    url: https://example.org/\n",
            "no text",
        ),
        ("logo_on_dark: ../logo.svg\n", "outside the site folder"),
    ] {
        let site = SiteTest::new().file("site.yaml", &format!("{SITE_YAML}{yaml}"));
        let error = site.build_error();
        assert!(error.contains(says), "{yaml}: {error}");
        assert!(error.contains("site.yaml:"), "{yaml}: {error}");
    }
}

#[test]
fn check_warns_when_a_danish_site_has_no_accessibility_statement() {
    let site = SiteTest::new().file(
        "site.yaml",
        "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "a warning, not an error: {}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("no accessibility statement"), "{all}");
    assert!(all.contains("was.digst.dk"), "{all}");
    let english = SiteTest::new().file(
        "site.yaml",
        "title: R\norganisation: O\nbase_url: https://kommune.test/r/\nlanguage: en\n",
    );
    let run = english.run(&["check", "--strict"]);
    assert_eq!(
        run.code, 0,
        "only Danish sites are held to it: {}{}",
        run.stdout, run.stderr
    );
}
