//! Bad input: every error names the file and line, says what was expected and how to fix it;
//! a failed build leaves the previous output as it was.

use crate::support::*;

#[test]
fn unknown_site_key_lists_valid_keys_and_suggests_the_nearest() {
    let site = SiteTest::new().file(
        "site.yaml",
        "title: R\norganisation: O\nbase_url: https://example.org/\nlangauge: da\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("site.yaml:4:1: unknown key `langauge`"),
        "{err}"
    );
    assert!(err.contains("did you mean `language`?"), "{err}");
    assert!(
        err.contains("`title`, `organisation`, `base_url`, `language`, `theme`"),
        "{err}"
    );
}

#[test]
fn front_matter_errors_are_placed_at_the_line_in_the_file() {
    let site = SiteTest::new().file(
        "content/e1/side.md",
        "---\ntitle: Side\nweigth: 3\n---\nTekst\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("content/e1/side.md:3:1: unknown key `weigth`"),
        "{err}"
    );
    assert!(err.contains("did you mean `weight`?"), "{err}");
}

#[test]
fn yaml_syntax_errors_in_front_matter_point_into_the_file() {
    let site = SiteTest::new().file(
        "content/e1/side.md",
        "---\ntitle: Side\nsummary: [ikke lukket\n---\nTekst\n",
    );
    let err = site.build_error();
    assert!(err.contains("content/e1/side.md:"), "{err}");
    let line: usize = err
        .split("side.md:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (3..=4).contains(&line),
        "line {line} should be inside the front matter: {err}"
    );
    assert!(err.contains("the YAML cannot be read"), "{err}");
}

#[test]
fn missing_title_and_missing_front_matter_are_explained() {
    let site = SiteTest::new()
        .file("content/e1/a.md", "---\nweight: 1\n---\n")
        .file("content/e1/b.md", "# Ingen front matter\n");
    let err = site.build_error();
    assert!(
        err.contains("content/e1/a.md:2:1: the required key `title` is missing"),
        "{err}"
    );
    assert!(
        err.contains("content/e1/b.md:1:1: missing front matter"),
        "{err}"
    );
    assert!(
        err.contains("title: Sidens titel"),
        "the hint shows an example: {err}"
    );
}

#[test]
fn broken_links_and_anchors_are_all_listed_with_positions() {
    let site = SiteTest::new()
        .page(
            "e1/a.md",
            "A",
            "## Kapitel\n\nSe [b](b.md) og [c](c.md#mangler).\n\n[billede](images/x.png)\n",
        )
        .page("e1/c.md", "C", "## Kapitel et\n");
    let err = site.build_error();
    assert!(
        err.contains("content/e1/a.md:6:4: the link `b.md` points to a page that does not exist"),
        "{err}"
    );
    assert!(
        err.contains("content/e1/a.md:6:17: the anchor `#mangler` does not exist in c.md"),
        "{err}"
    );
    assert!(
        err.contains(
            "content/e1/a.md:8:1: the link `images/x.png` points to a file that does not exist"
        ),
        "{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn exactly_one_edition_must_be_current() {
    let two = SiteTest::new()
        .edition("e2", "2. udgave", "2025-01-01", "current")
        .page("e2/index.md", "F", "");
    let err = two.build_error();
    assert!(
        err.contains("content/e1/edition.yaml:3:1: more than one edition is current (also: e2)"),
        "{err}"
    );
    assert!(err.contains("content/e2/edition.yaml:3:1"), "{err}");
    assert!(err.contains("`status: archived` on the old one"), "{err}");

    let none = SiteTest::new().edition("e1", "1. udgave", "2024-01-01", "archived");
    let err = none.build_error();
    assert!(err.contains("no edition has `status: current`"), "{err}");
}

#[test]
fn edition_yaml_values_are_checked() {
    let site = SiteTest::new().file(
        "content/e1/edition.yaml",
        "label: 1\npublished: 1. maj 2024\nstatus: current\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("content/e1/edition.yaml:2:1: `published` is not a date"),
        "{err}"
    );
    assert!(err.contains("YYYY-MM-DD"), "{err}");

    let site = SiteTest::new().file(
        "content/e1/edition.yaml",
        "label: 1\npublished: 2024-01-01\nstatus: aktuel\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("content/e1/edition.yaml:3:1") && err.contains("`current`"),
        "{err}"
    );
}

#[test]
fn an_edition_without_front_page_is_an_error() {
    let site = SiteTest::new()
        .remove("content/e1/index.md")
        .page("e1/a.md", "A", "");
    let err = site.build_error();
    assert!(err.contains("edition `e1` has no front page"), "{err}");
}

#[test]
fn two_pages_with_the_same_id_are_an_error() {
    let site = SiteTest::new()
        .file("content/e1/a.md", "---\ntitle: A\nid: samme\n---\n")
        .file("content/e1/b.md", "---\ntitle: B\nid: samme\n---\n");
    let err = site.build_error();
    assert!(
        err.contains("another page has the same id `samme`"),
        "{err}"
    );
}

#[test]
fn template_errors_name_the_template() {
    let site = SiteTest::new().file("templates/404.html", "<p>{{ layout.findes_ikke }}</p>");
    let err = site.build_error();
    assert!(err.contains("404.html"), "{err}");
    let site = SiteTest::new().file("templates/404.html", "<p>{% if %}</p>");
    let err = site.build_error();
    assert!(err.contains("404.html"), "{err}");
}

#[test]
fn unknown_theme_is_explained() {
    let site = SiteTest::new().file(
        "site.yaml",
        "title: R\norganisation: O\nbase_url: https://example.org/\ntheme: komune\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("there is no theme `komune`") && err.contains("did you mean `kommune`?"),
        "{err}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = SiteTest::new();
    site.build(&[]);
    let before: Vec<(String, Vec<u8>)> = walk(&site.out())
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(site.out().join(&f)).unwrap()))
        .collect();
    let broken = site.page("e1/ny.md", "Ny", "[x](mangler.md)\n");
    broken.build_error();
    let after: Vec<(String, Vec<u8>)> = walk(&broken.out())
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(broken.out().join(&f)).unwrap()))
        .collect();
    assert_eq!(before, after);
    let siblings: Vec<_> = std::fs::read_dir(broken.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        siblings.iter().all(|s| !s.contains("pjece-new")),
        "no half-written folder is left: {siblings:?}"
    );
}

#[test]
fn a_folder_pjece_did_not_create_is_never_replaced() {
    let site = SiteTest::new().file("public/mine.txt", "vigtigt");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("was not written by pjece"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.out().join("mine.txt")).unwrap(),
        "vigtigt"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let site = SiteTest::new();
    assert_eq!(site.run(&["build", "--root", "findes-ikke"]).code, 2);
    assert_eq!(site.run(&["build", "--ukendt"]).code, 2);
    let empty = SiteTest::empty();
    let run = empty.run(&["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let site = SiteTest::new();
    std::fs::write(
        site.root().join("content/e1/a.md"),
        b"---\ntitle: A\n---\nGr\xf8d\n",
    )
    .unwrap();
    let err = site.build_error();
    assert!(
        err.contains("content/e1/a.md:4:3: the file is not valid UTF-8"),
        "{err}"
    );
}

/// A key written twice is reported where it is written again, naming the line of the first,
/// in front matter and in edition.yaml alike.
// See: issue 21
#[test]
fn a_key_written_twice_is_reported_at_its_second_line() {
    let site = SiteTest::new().file(
        "content/e1/side.md",
        "---\ntitle: Side\nsummary: Kort\n  # note\ntitle: Anden titel\n---\nTekst\n",
    );
    let err = site.build_error();
    assert!(
        err.contains("content/e1/side.md:5:1: the key `title` is written twice (first on line 2)"),
        "{err}"
    );
    insta::assert_snapshot!(err);
    let edition = SiteTest::new().file(
        "content/e1/edition.yaml",
        "label: 1. udgave\npublished: 2024-01-01\nstatus: current\nnote: Første.\n\"label\": Igen\n",
    );
    let err = edition.build_error();
    assert!(
        err.contains(
            "content/e1/edition.yaml:5:1: the key `label` is written twice (first on line 1)"
        ),
        "{err}"
    );
}

/// Issue 21: a `base_url` with no server, or with a space, is refused at its line with a hint,
/// before it is written into every sitemap entry, feed and printed QR code.
#[test]
fn a_base_url_without_a_server_or_with_a_space_is_refused_at_its_line() {
    for (base_url, said) in [
        ("https:///retningslinjer/", "names no web server"),
        (
            "https://www.example.dk/sociale medier/",
            "has a space in it",
        ),
    ] {
        let site = SiteTest::new().file(
            "site.yaml",
            &format!("title: R\norganisation: O\nbase_url: {base_url}\n"),
        );
        let err = site.build_error();
        assert!(
            err.contains(&format!("site.yaml:3:1: `base_url` `{base_url}` {said}")),
            "{err}"
        );
        assert!(err.contains("hint: "), "{err}");
        assert!(!site.out().exists());
    }
}
