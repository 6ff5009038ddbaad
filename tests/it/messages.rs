//! What an editor reads when something is wrong: one snapshot per kind of problem, rendered
//! as the terminal shows it (without colour: the tests' standard error is not a terminal).

use crate::support::*;

fn error_of(site: SiteTest) -> String {
    site.build_error()
}

fn page(front_matter: &str) -> SiteTest {
    SiteTest::new().file(
        "content/e1/side.md",
        &format!("---\n{front_matter}\n---\nTekst.\n"),
    )
}

// See: issue 8
#[test]
fn unknown_key() {
    insta::assert_snapshot!(error_of(page("title: Side\nweigth: 3")));
}

// See: issue 8
#[test]
fn tab_in_indentation() {
    insta::assert_snapshot!(error_of(page("title: Side\n\tweight: 3")));
}

// See: issue 8
#[test]
fn missing_required_key() {
    insta::assert_snapshot!(error_of(page("summary: Kort")));
}

// See: issue 8
#[test]
fn wrong_kind_of_value() {
    insta::assert_snapshot!(error_of(page("title: Side\nweight: tung")));
}

// See: issue 8
#[test]
fn value_not_in_the_allowed_list() {
    let site = SiteTest::new().edition("e1", "1. udgave", "2024-01-01", "aktuel");
    insta::assert_snapshot!(error_of(site));
}

// See: issue 8
#[test]
fn impossible_date() {
    let site = SiteTest::new().edition("e1", "1. udgave", "2026-11-31", "current");
    insta::assert_snapshot!(error_of(site));
}

// See: issue 8
#[test]
fn broken_link_with_a_suggestion() {
    let site = SiteTest::new()
        .page("e1/gode-raad.md", "Gode råd", "Tekst.\n")
        .page("e1/index.md", "Forside", "Se [rådene](gode-rad.md).\n");
    insta::assert_snapshot!(error_of(site));
}

// See: issue 8
#[test]
fn a_broken_edition_file_is_reported_and_not_its_consequences() {
    let site = SiteTest::new().file(
        "content/e1/edition.yaml",
        "label: 1. udgave\npublished: 2024-01-01\n\tstatus: current\n",
    );
    let err = error_of(site);
    assert!(!err.contains("no edition has"), "{err}");
    insta::assert_snapshot!(err);
}

// See: issue 8
#[test]
fn check_lists_warnings_apart_from_errors_and_strict_fails_on_them() {
    let site = SiteTest::new()
        .page(
            "e1/index.md",
            "Forside",
            "![](billeder/kort.png) [](side.md) [tom]()\n\n## Afsnit\n\n#### For dybt\n",
        )
        .page("e1/side.md", "Forside", "Tekst.\n")
        .file("content/e1/billeder/kort.png", "PNG")
        .file(
            "content/e2/edition.yaml",
            "label: e2\npublished: 2025-01-01\nstatus: draft\n",
        )
        .page("e2/index.md", "Kladde", "Tekst.\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "warnings alone pass: {}", run.stderr);
    assert!(
        run.stdout.starts_with("no errors, 7 warnings"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stderr);
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict
            .stderr
            .ends_with("7 warnings with --strict; fix them or leave out --strict\n"),
        "{}",
        strict.stderr
    );
}

// See: issue 7 (the leaflet's problems come in the first round with the website's)
#[test]
fn website_and_leaflet_problems_are_listed_together() {
    let site = SiteTest::new()
        .page("e1/index.md", "Forside", "[brudt](findes-ikke.md)\n")
        .file("content/e1/leaflet.yaml", "layout: trifold-a3\n");
    let err = error_of(site);
    assert!(
        err.contains("content/e1/index.md:4:1: the link `findes-ikke.md`"),
        "{err}"
    );
    assert!(err.contains("has no leaflet layout `trifold-a3`"), "{err}");
    assert!(err.ends_with("2 problems found\n"), "{err}");
}
