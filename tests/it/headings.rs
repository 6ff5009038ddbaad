//! A page's headings and anchors: one main heading (h1) per page, every heading id unique in
//! its page, and every section of a "what changed" page at an anchor of its own. Checked by
//! parsing the built HTML and by reading what `check` and `build` say.

use crate::support::*;
use std::path::Path;

/// A page whose body opens with its own title as `# …`, as authors coming from other tools
/// write it, and a link into the page at that heading's anchor.
/// See: issue 21
#[test]
fn a_body_heading_equal_to_the_title_is_shown_once_as_the_pages_h1() {
    let site = SiteTest::new()
        .page(
            "e1/index.md",
            "Forside",
            "Se [reglerne](regler.md#gode-raad).\n",
        )
        .page(
            "e1/regler.md",
            "Gode råd",
            "# Gode råd\n\nTekst.\n\n## Afsnit\n\nMere tekst.\n",
        );
    site.build(&[]);
    let html = site.html("regler/index.html");
    let h1s = select(&html, "h1");
    assert_eq!(
        h1s.iter().map(text).collect::<Vec<_>>(),
        ["Gode råd"],
        "exactly one h1"
    );
    assert_eq!(
        h1s[0].value().attr("id"),
        Some("gode-raad"),
        "the heading's anchor stays, so links to it still land"
    );
    assert_eq!(select(&html, "main h2#afsnit").len(), 1);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        !check.stderr.contains("main headings"),
        "a body that opens with the title is not warned about:\n{}",
        check.stderr
    );
}

/// A `#` heading other than the title is a second h1 on the page: `check` says where.
/// See: issue 21
#[test]
fn a_second_main_heading_is_a_check_warning_at_its_line() {
    let site = SiteTest::new()
        .page("e1/anden.md", "Regler", "# Noget andet\n\nTekst.\n")
        .page(
            "e1/senere.md",
            "Senere",
            "# Senere\n\nTekst.\n\n# Et nyt afsnit\n\nMere.\n",
        );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "warnings only: {}", check.stderr);
    for at in ["content/e1/anden.md:4:1:", "content/e1/senere.md:8:1:"] {
        let line = check
            .stderr
            .lines()
            .find(|l| l.contains(at))
            .unwrap_or_else(|| panic!("no warning at {at}:\n{}", check.stderr));
        assert!(
            line.contains("the page has two main headings (h1)"),
            "{line}"
        );
    }
    assert!(
        check.stderr.contains("use `##` for sections"),
        "{}",
        check.stderr
    );
    assert_eq!(
        check.stderr.matches("two main headings").count(),
        2,
        "the opening `# Senere` is the title, not a second heading:\n{}",
        check.stderr
    );
}

/// Two headings with one `{#id}` would give the page two elements with that id, and links to
/// it would land on the first only.
/// See: issue 21
#[test]
fn two_headings_with_one_explicit_id_are_an_error_at_the_second() {
    let site = SiteTest::new().page(
        "e1/side.md",
        "Side",
        "## Første {#x}\n\nTekst.\n\n## Anden {#x}\n",
    );
    let err = site.build_error();
    let line = err
        .lines()
        .find(|l| l.contains("content/e1/side.md:8:1:"))
        .unwrap_or_else(|| panic!("no error at the second heading:\n{err}"));
    assert!(line.contains("`x`") && line.contains("line 4"), "{line}");
    assert!(err.contains("hint:"), "{err}");
}

/// An `id` written in raw HTML that a heading's anchor also has.
/// See: issue 21
#[test]
fn a_raw_html_id_equal_to_a_heading_id_is_an_error() {
    let site = SiteTest::new().page(
        "e1/side.md",
        "Side",
        "<div id=\"svar\">Boks</div>\n\n## Svar\n",
    );
    let err = site.build_error();
    let line = err
        .lines()
        .find(|l| l.contains("content/e1/side.md:6:1:"))
        .unwrap_or_else(|| panic!("no error at the heading:\n{err}"));
    assert!(line.contains("`svar`") && line.contains("line 4"), "{line}");
}

/// Page ids that make the same anchor on the "what changed" page: `a/b` (the file `a/b.md`)
/// and `a-b`, `råd` and `raad`. Each changed page gets its own section id, the first keeps
/// the plain one, and every link to a section (the page histories) lands on it.
/// See: issue 21
#[test]
fn changes_page_sections_have_unique_anchors_that_every_link_finds() {
    let page =
        |id: &str, title: &str, text: &str| format!("---\ntitle: {title}\nid: {id}\n---\n{text}\n");
    let mut site = SiteTest::new().edition("e1", "1. udgave", "2020-01-01", "archived");
    for (e, word) in [("e1", "gammel"), ("e2", "ny")] {
        site = site
            .file(
                &format!("content/{e}/a/b.md"),
                &format!("---\ntitle: A b\n---\nTekst {word}.\n"),
            )
            .file(
                &format!("content/{e}/a-b.md"),
                &page("a-b", "A-b", &format!("Tekst {word}.")),
            )
            .file(
                &format!("content/{e}/raad.md"),
                &page("raad", "Raad", &format!("Råd {word}.")),
            )
            .file(
                &format!("content/{e}/raad2.md"),
                &page("råd", "Råd", &format!("Råd {word}.")),
            );
    }
    let site = site.page("e2/index.md", "Forside", "Velkommen.\n").edition(
        "e2",
        "2. udgave",
        "2024-01-01",
        "current",
    );
    site.build(&[]);
    let changes = "e2/aendringer/index.html";
    let html = site.html(changes);
    let sections: Vec<String> = select(&html, ".changed-page")
        .iter()
        .map(|s| s.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(sections.len(), 4, "{sections:?}");
    let mut ids = element_ids(&html);
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "every id once: {sections:?}");
    for plain in ["side-a-b", "side-raad"] {
        assert!(
            sections.iter().any(|s| s == plain),
            "{plain} in {sections:?}"
        );
    }
    let mut linked = 0;
    for file in html_files(&site.out()) {
        let page = site.html(&file);
        let title = select(&page, "h1").first().map(text);
        for a in select(&page, "a[href*='#side-']") {
            let href = a.value().attr("href").unwrap();
            let (path, anchor) = href.split_once('#').unwrap();
            let target = site.html(&resolve(&file, path));
            let found = select(&target, &format!("[id='{anchor}']"));
            assert_eq!(found.len(), 1, "{file}: {href} lands on one element");
            let section = select_in(&found[0], "h3").first().map(text);
            assert_eq!(
                section, title,
                "{file}: {href} lands on its own page's section"
            );
            linked += 1;
        }
    }
    assert!(
        linked >= 8,
        "both copies of each changed page link to its section ({linked} links)"
    );
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

fn element_ids(html: &scraper::Html) -> Vec<String> {
    select(html, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

/// The built file a relative `href` (without its fragment) in `from` names.
fn resolve(from: &str, href: &str) -> String {
    let dir = Path::new(from).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = Vec::new();
    for part in dir.join(href).components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    let path = parts.join("/");
    if href.is_empty() {
        from.to_string()
    } else if href.ends_with('/') || path.is_empty() {
        format!("{path}/index.html")
            .trim_start_matches('/')
            .to_string()
    } else {
        path
    }
}

/// Issue 21: a heading "Indhold" once took the id of the page's `<main id="indhold">`, which
/// the skip link leads to; the ids of the page around the text are never given to headings.
#[test]
fn a_heading_never_takes_an_id_of_the_page_around_it() {
    let site = SiteTest::new().page(
        "e1/regler.md",
        "Regler",
        "## Indhold\n\nTekst.\n\n## Page history\n\nTekst.\n",
    );
    site.build(&[]);
    let html = std::fs::read_to_string(site.out().join("regler/index.html")).unwrap();
    let document = scraper::Html::parse_document(&html);
    let mut ids: Vec<&str> = select(&document, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is used twice: {ids:?}");
    let main = select(&document, "main#indhold");
    assert_eq!(main.len(), 1);
}

/// The ids reserved for the page frame are all the ids the `kommune` theme's page frame has.
#[test]
fn every_id_of_the_themes_page_frame_is_reserved_from_headings() {
    let templates =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/kommune/templates");
    for template in ["base.html", "page.html", "search_box.html"] {
        let text = std::fs::read_to_string(templates.join(template)).unwrap();
        for id in text
            .split("id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            if id.contains("{{") {
                continue;
            }
            assert!(
                pjece::markdown::FRAME_IDS.contains(&id),
                "{template} has id=\"{id}\", which headings may take: add it to FRAME_IDS"
            );
        }
    }
}
