//! Publishing updates: "what changed" pages, last-changed dates, page history, archive
//! banners, drafts under review, the feed, and `pjece edition`. Diff markup is checked by
//! parsing the built HTML.

use crate::support::*;

/// Three published editions:
/// - e1 → e2: `gammel.md` removed, `ny.md` added, `regler.md` moved to `sub/nye-regler.md`
///   (same `id`) with two words of a sentence with æøå changed, a weight-only change on
///   `tabel.md`, and a front page whose link to the moved page changes only its target.
/// - e2 → e3: the list on the rules page reordered, one table cell edited.
fn three_editions() -> SiteTest {
    let rules = |path: &str, sentence: &str, list: &str| {
        (
            format!("content/{path}"),
            format!("---\ntitle: Regler\nid: regler\n---\n## Skriv ikke noget\n\n{sentence}\n\n{list}\nEt afsnit, der ikke ændres.\n"),
        )
    };
    let list = "- om kolleger\n- om borgere\n- om ledere\n";
    let reordered = "- om ledere\n- om kolleger\n- om borgere\n";
    let old_sentence = "Du må gerne bruge sociale medier,\nnår det sker med omtanke og i pauserne.";
    let new_sentence = "Du må gerne bruge sociale medier, når det sker med omhu og på arbejdet.";
    let table = |cell: &str, weight: u8| {
        format!("---\ntitle: Tabel\nweight: {weight}\n---\n| Hvem | Må |\n|---|---|\n| Leder | {cell} |\n| Ansat | Skrive |\n")
    };
    let (r1, r1_text) = rules("e1/regler.md", old_sentence, list);
    let (r2, r2_text) = rules("e2/sub/nye-regler.md", new_sentence, list);
    let (r3, r3_text) = rules("e3/sub/nye-regler.md", new_sentence, reordered);
    SiteTest::new()
        .edition("e1", "1. udgave", "2020-01-01", "archived")
        .page("e1/index.md", "Forside", "Se [reglerne](regler.md).\n")
        .file(&r1, &r1_text)
        .file("content/e1/tabel.md", &table("Godkende", 1))
        .page("e1/gammel.md", "Kun i første udgave", "Tekst.\n")
        .edition("e2", "2. udgave", "2022-01-01", "archived")
        .page(
            "e2/index.md",
            "Forside",
            "Se [reglerne](sub/nye-regler.md).\n",
        )
        .file(&r2, &r2_text)
        .file("content/e2/tabel.md", &table("Godkende", 5))
        .page("e2/ny.md", "Ny side", "Ny tekst.\n")
        .edition("e3", "3. udgave", "2024-01-01", "current")
        .page(
            "e3/index.md",
            "Forside",
            "Se [reglerne](sub/nye-regler.md).\n",
        )
        .file(&r3, &r3_text)
        .file("content/e3/tabel.md", &table("Godkende alle opslag", 5))
        .page("e3/ny.md", "Ny side", "Ny tekst.\n")
}

fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).iter().map(text).collect()
}

/// The visible text of marked words, without the screen-reader prefix.
fn marked(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| {
            let hidden: String = select_in(e, ".visually-hidden").iter().map(text).collect();
            text(e).trim_start_matches(&hidden).trim().to_string()
        })
        .collect()
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

#[test]
fn two_changed_words_are_exactly_what_the_changes_page_marks() {
    let site = three_editions();
    site.build(&[]);
    let html = site.html("e2/aendringer/index.html");
    assert_eq!(
        texts(&html, ".changed-page h3"),
        ["Regler"],
        "only the rules page changed its text (not the weight-only or link-target-only pages)"
    );
    assert_eq!(
        marked(&html, ".changed-page del"),
        ["omtanke", "i pauserne"]
    );
    assert_eq!(marked(&html, ".changed-page ins"), ["omhu", "på arbejdet"]);
    let hidden = texts(&html, ".changed-page del .visually-hidden");
    assert_eq!(hidden, ["slettet:", "slettet:"]);
    assert_eq!(
        texts(&html, ".changed-page ins .visually-hidden")[0],
        "indsat:"
    );
    assert_eq!(
        texts(&html, ".changed-page .diff h4"),
        ["Skriv ikke noget"],
        "the heading above the change is kept, as a heading"
    );
}

#[test]
fn added_removed_and_renamed_pages_are_listed_with_links_to_both_versions() {
    let site = three_editions();
    site.build(&[]);
    let page = "e2/aendringer/index.html";
    let html = site.html(page);
    assert_eq!(texts(&html, ".changes-added li"), ["Ny side"]);
    assert_eq!(
        texts(&html, ".changes-removed li"),
        ["Kun i første udgave (1. udgave)"]
    );
    let renamed = texts(&html, ".changes-renamed li");
    assert_eq!(renamed, ["Regler (/regler/) → Regler (/sub/nye-regler/)"]);
    let links: Vec<_> = select(&html, "#side-regler .meta a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        ["../sub/nye-regler/index.html", "../../e1/regler/index.html"]
    );
    assert!(text(&select(&html, ".note")[0]).contains("Ændringer i 2. udgave"));
    assert_links_resolve(&site.out(), page);
}

#[test]
fn a_reordered_list_shows_a_moved_item_and_a_table_cell_change_stays_in_its_cell() {
    let site = three_editions();
    site.build(&[]);
    let html = site.html("e3/aendringer/index.html");
    assert_eq!(texts(&html, ".changed-page h3"), ["Regler", "Tabel"]);
    let rules = &select(&html, "#side-regler")[0];
    assert!(select_in(rules, "del, ins").is_empty(), "no text changed");
    let moved: Vec<String> = select_in(rules, "li.diff-moved").iter().map(text).collect();
    assert_eq!(moved, ["Flyttet: om ledere"]);
    let table = &select(&html, "#side-tabel")[0];
    let cells = select_in(table, "tr.diff-edited td");
    assert_eq!(cells.len(), 2);
    assert!(select_in(&cells[0], "ins, del").is_empty());
    let inserted: Vec<String> = select_in(&cells[1], "ins").iter().map(text).collect();
    assert_eq!(inserted, ["indsat: alle opslag"]);
    assert_eq!(
        select_in(table, "th").len(),
        2,
        "the header row is kept as context"
    );
}

#[test]
fn pages_show_when_their_text_last_changed_and_their_history() {
    let site = three_editions();
    site.build(&[]);
    let last = |path: &str| text(&select(&site.html(path), ".last-changed time")[0]);
    assert_eq!(last("tabel/index.html"), "1. januar 2024");
    assert_eq!(
        last("index.html"),
        "1. januar 2020",
        "a new link target is no text change"
    );
    assert_eq!(last("sub/nye-regler/index.html"), "1. januar 2024");
    assert_eq!(last("e2/tabel/index.html"), "1. januar 2020");

    let html = site.html("sub/nye-regler/index.html");
    let entries: Vec<_> = select(&html, ".history li > a:first-child")
        .iter()
        .map(text)
        .collect();
    assert_eq!(entries, ["3. udgave", "2. udgave", "1. udgave"]);
    let diff_links: Vec<_> = select(&html, ".history li a:nth-of-type(2)")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        diff_links,
        [
            "../../e3/aendringer/index.html#side-regler",
            "../../e2/aendringer/index.html#side-regler"
        ]
    );
    assert_links_resolve(&site.out(), "sub/nye-regler/index.html");
    assert_links_resolve(&site.out(), "e1/regler/index.html");
}

#[test]
fn archived_banners_name_the_dates_and_archived_pages_are_noindex() {
    let site = three_editions();
    site.build(&[]);
    let html = site.html("e1/regler/index.html");
    let banner = text(&select(&html, ".banner-archived p")[0]);
    assert!(
        banner.contains("gældende fra 1. januar 2020 til 1. januar 2022"),
        "{banner}"
    );
    assert_eq!(
        select(&html, ".banner-archived a")[0].value().attr("href"),
        Some("../../sub/nye-regler/index.html")
    );
    assert_eq!(select(&html, r#"meta[name="robots"]"#).len(), 1);
    assert_eq!(
        select(&html, r#"link[rel="canonical"]"#)[0]
            .value()
            .attr("href"),
        Some("https://kommune.test/r/e1/regler/")
    );
    let changes = site.html("e2/aendringer/index.html");
    assert_eq!(select(&changes, ".banner-archived").len(), 1);
    assert_eq!(select(&changes, r#"meta[name="robots"]"#).len(), 1);
}

#[test]
fn the_feed_is_valid_atom_with_one_entry_per_published_edition() {
    let site = three_editions()
        .edition("e4", "4. udgave", "2025-01-01", "draft")
        .page("e4/index.md", "Forside", "Kladde.\n");
    site.build(&["--drafts"]);
    let feed: atom_syndication::Feed = site.read("atom.xml").parse().expect("valid Atom");
    let entries: Vec<(&str, &str)> = feed
        .entries()
        .iter()
        .map(|e| (e.title().as_str(), e.links()[0].href()))
        .collect();
    assert_eq!(
        entries,
        [
            ("3. udgave", "https://kommune.test/r/e3/aendringer/"),
            ("2. udgave", "https://kommune.test/r/e2/aendringer/"),
            ("1. udgave", "https://kommune.test/r/e1/"),
        ]
    );
    let note = feed.entries()[0].content().unwrap().value().unwrap();
    assert!(note.contains("Ændringer i 3. udgave"), "{note}");
    assert!(!site.read("sitemap.xml").contains("/e4/"));
}

#[test]
fn drafts_get_a_changes_page_against_the_current_edition_only_when_asked_for() {
    let site = three_editions()
        .edition("e4", "4. udgave", "2025-01-01", "draft")
        .page(
            "e4/index.md",
            "Forside",
            "Se [reglerne](sub/nye-regler.md) i kladden.\n",
        )
        .file(
            "content/e4/sub/nye-regler.md",
            "---\ntitle: Regler\nid: regler\n---\nKort.\n",
        );
    site.build(&[]);
    assert!(!site.exists("e4"));
    site.build(&["--drafts"]);
    let html = site.html("e4/aendringer/index.html");
    assert_eq!(select(&html, ".banner-draft").len(), 1);
    assert!(text(&select(&html, ".meta")[0]).contains("Sammenlignet med 3. udgave"));
    assert_eq!(texts(&html, ".changes-removed li a"), ["Ny side", "Tabel"]);
    assert_eq!(marked(&html, "#side-index ins"), ["i kladden"]);
}

#[test]
fn edition_new_copies_the_current_edition_as_a_draft() {
    let site = three_editions();
    let run = site.run(&["edition", "new", "e5"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("status: current"), "{}", run.stdout);
    let yaml = std::fs::read_to_string(site.root().join("content/e5/edition.yaml")).unwrap();
    assert!(yaml.contains("status: draft"), "{yaml}");
    assert!(site.root().join("content/e5/sub/nye-regler.md").is_file());
    assert!(site.root().join("content/e5/ny.md").is_file());

    let list = site.run(&["edition", "list"]);
    assert_eq!(list.code, 0);
    let lines: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", list.stdout);
    assert!(
        lines[2].contains("e3") && lines[2].contains("current") && lines[2].contains("2024-01-01")
    );
    assert!(lines[3].starts_with("e5") && lines[3].contains("draft"));

    site.build(&["--drafts"]);
    let html = site.html("e5/aendringer/index.html");
    assert_eq!(texts(&html, ".changed-page h3"), Vec::<String>::new());

    assert_eq!(
        site.run(&["edition", "new", "e5"]).code,
        2,
        "an existing id"
    );
    let unknown = site.run(&["edition", "new", "e6", "--from", "e9"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("e1, e2, e3, e5"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn half_done_publishing_is_explained() {
    let site = three_editions().edition("e4", "4. udgave", "2025-01-01", "current");
    let err = site.build_error();
    assert!(err.contains("more than one edition is current"), "{err}");
    assert!(err.contains("`status: archived` on the old one"), "{err}");

    let site = three_editions()
        .edition("e3", "3. udgave", "2024-01-01", "archived")
        .edition("e4", "4. udgave", "2025-01-01", "draft");
    let err = site.build_error();
    assert!(err.contains("no edition has `status: current`"), "{err}");
    assert!(err.contains("content/e4/edition.yaml"), "{err}");
}
