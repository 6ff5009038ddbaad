//! A portal: many guidelines on one website. Each test builds a small portal of its own and
//! reads what the build wrote: the front page, the breadcrumbs and edition switcher of a
//! guideline's pages, the page of editions in force on a date (its table, and its date
//! picker in Chromium), recent changes, the feed and sitemap across guidelines, the
//! problems a portal's folders can have, and axe on the new page kinds.

use crate::browser::{axe_source, emulate, eval_json, open, serve, Scheme, AXE_RUN};
use crate::support::*;

/// `content/<id>/guideline.yaml`.
trait PortalFixture {
    fn guideline(self, id: &str, yaml: &str) -> Self;
}

impl PortalFixture for SiteTest {
    fn guideline(self, id: &str, yaml: &str) -> Self {
        self.file(&format!("content/{id}/guideline.yaml"), yaml)
    }
}

/// Three guidelines: social media (two editions, the first archived), AI (three editions)
/// and working from home (one, no category), with a draft of AI for `--drafts`.
pub(crate) fn portal() -> SiteTest {
    SiteTest::empty()
        .file("site.yaml", SITE_YAML)
        .guideline("sociale-medier", "title: Sociale medier\nsummary: Brug af sociale medier i arbejdstiden.\ncategory: Personale\nowner: HR\nweight: 1\n")
        .edition("sociale-medier/u1", "1. udgave", "2020-03-01", "archived")
        .page("sociale-medier/u1/index.md", "Sociale medier", "Første udgave.\n")
        .page("sociale-medier/u1/gode-raad.md", "Gode råd", "Tænk dig om.\n")
        .edition("sociale-medier/u2", "2. udgave", "2024-06-01", "current")
        .page("sociale-medier/u2/index.md", "Sociale medier", "Anden udgave.\n")
        .page("sociale-medier/u2/gode-raad.md", "Gode råd", "Tænk dig godt om.\n")
        .guideline("ai", "title: Brug af AI\ncategory: IT\nowner: Digitalisering\n")
        .edition("ai/2019", "2019-udgaven", "2019-01-01", "archived")
        .page("ai/2019/index.md", "Brug af AI", "Den første.\n")
        .edition("ai/2022", "2022-udgaven", "2022-05-15", "archived")
        .page("ai/2022/index.md", "Brug af AI", "Den anden.\n")
        .edition("ai/2025", "2025-udgaven", "2025-02-01", "current")
        .page("ai/2025/index.md", "Brug af AI", "Den tredje.\n")
        .page("ai/2025/regler.md", "Regler", "Del ikke personoplysninger.\n")
        .edition("ai/2026", "2026-udgaven", "2026-06-01", "draft")
        .page("ai/2026/index.md", "Brug af AI", "Den fjerde.\n")
        .guideline("hjemmearbejde", "title: Hjemmearbejde\n")
        .edition("hjemmearbejde/h1", "1. udgave", "2023-09-01", "current")
        .page("hjemmearbejde/h1/index.md", "Hjemmearbejde", "Arbejd hjemme.\n")
}

// See: issue 19
#[test]
fn the_front_page_lists_every_guideline_by_category_with_its_current_edition() {
    let site = portal();
    site.build(&[]);
    let html = site.html("index.html");
    let categories: Vec<String> = select(&html, ".portal-category > h2")
        .iter()
        .map(text)
        .collect();
    assert_eq!(categories, ["IT", "Personale", "Øvrige retningslinjer"]);
    let cards = select(&html, ".guideline");
    let titles: Vec<String> = cards.iter().map(|c| text(&select_in(c, "h3")[0])).collect();
    assert_eq!(titles, ["Brug af AI", "Sociale medier", "Hjemmearbejde"]);
    let ai = text(&cards[0]);
    assert!(
        ai.contains("Gældende udgave: 2025-udgaven, gældende fra 1. februar 2025"),
        "{ai}"
    );
    assert!(ai.contains("Ansvarlig: Digitalisering"), "{ai}");
    assert!(
        ai.contains("Regler"),
        "the card links the guideline's pages: {ai}"
    );
    assert!(
        !ai.contains("2026"),
        "a draft is not on the front page of a build without drafts"
    );
    let social = text(&cards[1]);
    assert!(
        social.contains("Brug af sociale medier i arbejdstiden."),
        "{social}"
    );
    assert!(social.contains("Hvad er ændret"), "{social}");
    assert!(
        !text(&cards[2]).contains("Hvad er ændret"),
        "one edition has nothing changed"
    );
    let links: Vec<&str> = select(&html, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for wanted in [
        "ai/index.html",
        "ai/regler/index.html",
        "sociale-medier/u2/aendringer/index.html",
        "gaeldende/index.html",
        "seneste/index.html",
    ] {
        assert!(links.contains(&wanted), "no link to {wanted} in {links:?}");
    }
    assert!(
        select(&html, "script").is_empty(),
        "the front page needs no script"
    );
    for file in html_files(&site.out()) {
        if file != "404.html" {
            assert_links_resolve(&site.out(), &file);
        }
    }
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

// See: issue 19
#[test]
fn guideline_pages_lead_back_through_the_portal_and_switch_only_their_own_editions() {
    let site = portal();
    site.build(&[]);
    let page = site.html("sociale-medier/gode-raad/index.html");
    let crumbs: Vec<String> = select(&page, ".breadcrumbs li").iter().map(text).collect();
    assert_eq!(
        crumbs,
        ["Alle retningslinjer", "Sociale medier", "Gode råd"]
    );
    let hrefs: Vec<&str> = select(&page, ".breadcrumbs a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["../../index.html", "../index.html"]);
    let front = site.html("ai/index.html");
    let crumbs: Vec<String> = select(&front, ".breadcrumbs li").iter().map(text).collect();
    assert_eq!(crumbs, ["Alle retningslinjer", "Brug af AI"]);
    let switcher: Vec<String> = select(&front, ".switcher li a").iter().map(text).collect();
    assert_eq!(switcher, ["2025-udgaven", "2022-udgaven", "2019-udgaven"]);
    let brand = select(&front, ".brand")[0].value().attr("href").unwrap();
    assert_eq!(brand, "../index.html", "the header leads to the portal");
    assert_eq!(
        text(&select(&front, "title")[0]),
        "Brug af AI",
        "a guideline's page is titled by its guideline"
    );
    // Archived copies keep their banner and permanent address under the guideline.
    let archived = site.html("sociale-medier/u1/gode-raad/index.html");
    assert!(text(&select(&archived, ".banner")[0]).contains("tidligere udgave"));
    // Pages of a guideline's own kinds have the way back too.
    let overview = site.html("ai/udgaver/index.html");
    let crumbs: Vec<String> = select(&overview, ".portal-crumbs li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(crumbs, ["Alle retningslinjer", "Brug af AI"]);
}

// See: issue 19
#[test]
fn the_in_force_table_gives_every_editions_first_and_last_day() {
    let site = portal();
    site.build(&[]);
    let html = site.html("gaeldende/index.html");
    let ai = select(&html, "#gaeldende-ai ~ div tbody tr");
    let rows: Vec<(String, Option<String>)> = select(&html, ".in-force-guideline")
        .iter()
        .find(|s| text(&select_in(s, "h2")[0]) == "Brug af AI")
        .map(|s| {
            select_in(s, "tbody tr")
                .iter()
                .map(|r| {
                    (
                        r.value().attr("data-from").unwrap().to_string(),
                        r.value().attr("data-until").map(str::to_string),
                    )
                })
                .collect()
        })
        .unwrap();
    assert_eq!(ai.len(), 3);
    assert_eq!(
        rows,
        [
            ("2025-02-01".to_string(), None),
            ("2022-05-15".to_string(), Some("2025-01-31".to_string())),
            ("2019-01-01".to_string(), Some("2022-05-14".to_string())),
        ]
    );
    let words = text(&html.root_element());
    assert!(
        words.contains("14. maj 2022"),
        "dates are written out: {words}"
    );
    assert!(words.contains("gælder stadig"));
}

// See: issue 19
#[test]
fn recent_changes_the_feed_and_the_sitemap_span_every_guideline() {
    let site = portal();
    site.build(&[]);
    let recent = site.html("seneste/index.html");
    let entries: Vec<String> = select(&recent, ".edition h2").iter().map(text).collect();
    assert_eq!(
        entries,
        [
            "Brug af AI: 2025-udgaven",
            "Sociale medier: 2. udgave",
            "Hjemmearbejde: 1. udgave",
            "Brug af AI: 2022-udgaven",
            "Sociale medier: 1. udgave",
            "Brug af AI: 2019-udgaven",
        ]
    );
    let feed = atom_syndication::Feed::read_from(site.read("atom.xml").as_bytes()).unwrap();
    assert_eq!(feed.entries().len(), 6);
    assert_eq!(
        feed.entries()[0].title().as_str(),
        "Brug af AI: 2025-udgaven"
    );
    assert_eq!(
        feed.entries()[1].links()[0].href(),
        "https://kommune.test/r/sociale-medier/u2/aendringer/"
    );
    let own = atom_syndication::Feed::read_from(site.read("ai/atom.xml").as_bytes()).unwrap();
    assert_eq!(own.entries().len(), 3, "each guideline keeps its own feed");
    let sitemap = site.read("sitemap.xml");
    for loc in [
        "https://kommune.test/r/",
        "https://kommune.test/r/gaeldende/",
        "https://kommune.test/r/ai/",
        "https://kommune.test/r/ai/regler/",
        "https://kommune.test/r/sociale-medier/gode-raad/",
        "https://kommune.test/r/hjemmearbejde/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{loc}</loc>")),
            "{loc} not in {sitemap}"
        );
    }
    assert!(
        !sitemap.contains("/u1/"),
        "archived editions stay out of the sitemap"
    );
}

// See: issue 19
#[test]
fn a_portal_of_guidelines_beside_edition_folders_is_an_error_naming_both() {
    let site = portal()
        .edition("u9", "Løs udgave", "2024-01-01", "current")
        .page("u9/index.md", "Løs", "x\n")
        .guideline("soeg", "title: Søgning\n")
        .edition("soeg/s1", "1", "2024-01-01", "current")
        .page("soeg/s1/index.md", "S", "x\n")
        .guideline("tom", "titel: Tom\n");
    let stderr = site.build_error();
    assert!(
        stderr.contains(
            "content/u9: the folder `u9` is an edition, but the content folder holds guidelines"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("`soeg` is one of the portal's own addresses"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/tom/guideline.yaml:1:1"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    assert!(!site.exists("index.html"), "nothing is written");
}

// See: issue 19
#[test]
fn a_site_of_one_guideline_publishes_none_of_the_portals_files() {
    let site = SiteTest::new();
    site.build(&[]);
    for file in [
        "gaeldende/index.html",
        "seneste/index.html",
        "static/portal/portal.css",
    ] {
        assert!(!site.exists(file), "{file} is a portal's file");
    }
    assert!(!site.read("index.html").contains("portal"));
}

// See: issue 19
#[test]
fn the_date_picker_names_the_edition_of_every_guideline_in_force_that_day() {
    let site = portal();
    site.build(&[]);
    let base = serve(site.out());
    let browser = crate::serve::browser();
    let tab = browser.new_tab().unwrap();
    let status = |date: &str| {
        open(&tab, &format!("{base}gaeldende/index.html?dato={date}"));
        let hits = eval_json(
            &tab,
            "JSON.stringify([...document.querySelectorAll('tr.in-force-hit th')].map(t => t.textContent.trim()))",
        );
        let said = eval_json(
            &tab,
            "document.getElementById('in-force-status').textContent",
        );
        (hits, said.as_str().unwrap_or_default().to_string())
    };
    // Before every edition, between editions, on a first and a last day, and today.
    let (hits, said) = status("2018-06-01");
    assert_eq!(hits, serde_json::json!([]));
    assert!(
        said.contains("Brug af AI: ingen udgave var gældende"),
        "{said}"
    );
    let (hits, _) = status("2022-05-14");
    assert_eq!(hits, serde_json::json!(["2019-udgaven", "1. udgave"]));
    let (hits, _) = status("2022-05-15");
    assert_eq!(hits, serde_json::json!(["2022-udgaven", "1. udgave"]));
    let (hits, said) = status("2024-06-01");
    assert_eq!(
        hits,
        serde_json::json!(["2022-udgaven", "2. udgave", "1. udgave"])
    );
    assert!(said.starts_with("Gældende den 1. juni 2024:"), "{said}");
    let (hits, _) = status("2031-01-01");
    assert_eq!(
        hits,
        serde_json::json!(["2025-udgaven", "2. udgave", "1. udgave"])
    );
}

// See: issue 19
#[test]
fn the_portals_page_kinds_pass_axe_at_both_widths_in_both_schemes() {
    let axe = axe_source();
    let site = portal();
    site.build(&["--drafts"]);
    let base = serve(site.out());
    let browser = crate::serve::browser();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(std::time::Duration::from_secs(30));
    let mut problems = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        for width in [375, 1280] {
            emulate(&tab, width, scheme);
            for file in [
                "index.html",
                "gaeldende/index.html?dato=2022-06-01",
                "seneste/index.html",
                "ai/index.html",
                "ai/regler/index.html",
                "ai/udgaver/index.html",
                "soeg/index.html",
                "404.html",
            ] {
                open(&tab, &format!("{base}{file}"));
                let h1 = eval_json(&tab, "document.querySelectorAll('h1').length");
                if h1 != serde_json::json!(1) {
                    problems.push(format!("{file} {width}px: {h1} h1 elements"));
                }
                let wide = eval_json(
                    &tab,
                    "document.documentElement.scrollWidth > document.documentElement.clientWidth",
                );
                if wide == serde_json::json!(true) {
                    problems.push(format!("{file} scrolls sideways at {width}px"));
                }
                tab.evaluate(&axe, false).unwrap();
                let violations = eval_json(&tab, AXE_RUN);
                if violations.as_array().is_none_or(|v| !v.is_empty()) {
                    problems.push(format!(
                        "{file} at {width}px, {scheme:?}: {}",
                        serde_json::to_string_pretty(&violations).unwrap()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}
