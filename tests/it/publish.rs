//! `pjece edition publish`: a draft becomes current in one step, or nothing is written.

use crate::support::*;

const DRAFT_YAML: &str = "# anden udgave\nlabel: 2. udgave\npublished: 2025-01-01\nstatus: draft # kladde\nnote: |\n  Reglerne om fotos er skrevet om.\n";

/// e1 current, e2 a draft that rewrites the front page.
fn site_with_draft(draft_yaml: &str, front_page: &str) -> SiteTest {
    SiteTest::new()
        .file(
            "content/e1/edition.yaml",
            "label: 1. udgave\npublished: 2024-01-01\nstatus: current\nnote: Første.\n",
        )
        .file("content/e2/edition.yaml", draft_yaml)
        .page("e2/index.md", "Forside", front_page)
}

fn read(site: &SiteTest, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap()
}

// See: issue 8
#[test]
fn publish_flips_both_editions_keeping_comments_and_layout() {
    let site = site_with_draft(DRAFT_YAML, "Ny velkomst.\n");
    let run = site.run(&["edition", "publish", "e2", "--date", "2025-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("published `e2` (2. udgave) as the current edition, dated 2025-03-01; `e1` (1. udgave) is archived"), "{}", run.stdout);
    assert_eq!(
        read(&site, "content/e2/edition.yaml"),
        "# anden udgave\nlabel: 2. udgave\npublished: 2025-03-01\nstatus: current # kladde\nnote: |\n  Reglerne om fotos er skrevet om.\n"
    );
    assert_eq!(
        read(&site, "content/e1/edition.yaml"),
        "label: 1. udgave\npublished: 2024-01-01\nstatus: archived\nnote: Første.\n"
    );
    site.build(&[]);
    assert!(site.read("index.html").contains("Ny velkomst."));
    assert!(site.exists("e1/index.html"));
}

/// Each refusal names the problem, and both files stay byte for byte as they were.
fn assert_refused(site: &SiteTest, args: &[&str], expected: &[&str]) {
    let before = (
        read(site, "content/e1/edition.yaml"),
        read(site, "content/e2/edition.yaml"),
    );
    let mut all = vec!["edition", "publish", "e2"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    assert_ne!(run.code, 0, "{}", run.stdout);
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "missing {text:?} in:\n{}",
            run.stderr
        );
    }
    let after = (
        read(site, "content/e1/edition.yaml"),
        read(site, "content/e2/edition.yaml"),
    );
    assert_eq!(before, after, "nothing may be written");
    let leftovers: Vec<_> = walk(&site.root().join("content"))
        .into_iter()
        .filter(|f| f.contains("pjece-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// See: issue 8
#[test]
fn publish_refuses_a_placeholder_label_an_empty_note_and_no_changes() {
    let yaml = "label: e2\npublished: 2025-01-01\nstatus: draft\nnote: |\n  \n";
    let site = site_with_draft(yaml, "Velkommen.\n");
    assert_refused(
        &site,
        &[],
        &[
            "content/e2/edition.yaml:1:1: the label `e2` looks like a placeholder",
            "content/e2/edition.yaml:4:1: the change note is empty",
            "content/e2: no page of `e2` differs from the current edition `e1`",
            "`--force` publishes anyway",
        ],
    );
    let run = site.run(&["edition", "publish", "e2", "--force"]);
    assert_eq!(
        run.code, 0,
        "--force overrides content warnings: {}",
        run.stderr
    );
    assert!(read(&site, "content/e2/edition.yaml").contains("status: current"));
}

// See: issue 8
#[test]
fn publish_refuses_an_early_date_and_errors_even_with_force() {
    let site = site_with_draft(DRAFT_YAML, "Ny velkomst.\n");
    assert_refused(
        &site,
        &["--date", "2023-12-31"],
        &["--date 2023-12-31 is before the current edition `e1` (2024-01-01)"],
    );
    let broken = site.page("e2/side.md", "Side", "[brudt](findes-ikke.md)\n");
    assert_refused(&broken, &["--force"], &["content/e2/side.md:4:1: the link `findes-ikke.md` points to a page that does not exist"]);
    assert_refused(
        &broken,
        &["--date", "2025-02-30"],
        &["`2025-02-30` is not a calendar date"],
    );
}

// See: issue 8
#[test]
fn publish_refuses_editions_that_are_not_drafts() {
    let site = site_with_draft(DRAFT_YAML, "Ny velkomst.\n");
    let run = site.run(&["edition", "publish", "e1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("edition `e1` is already the current edition"),
        "{}",
        run.stderr
    );
    let run = site.run(&["edition", "publish", "e9"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("there is no edition `e9` (the editions are: e1, e2)"),
        "{}",
        run.stderr
    );
}

// See: issue 8
#[test]
fn init_makes_a_site_that_builds_and_whose_leaflet_fits() {
    let site = SiteTest::empty();
    let run = site.run(&[
        "init",
        "ny",
        "--title",
        "Regler: brug af \"AI\"",
        "--organisation",
        "Aabenraa Kommune",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("pjece serve"), "{}", run.stdout);
    assert!(
        run.stdout.contains("pjece edition publish"),
        "{}",
        run.stdout
    );
    let root = site.root().join("ny");
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).unwrap(),
        "/public/\n/.pjece-cache/\n"
    );
    let check = site.run(&["check", "--root", "ny"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check
            .stdout
            .starts_with("no errors, 1 warning: 1 edition, 3 pages, 1 leaflet"),
        "{}",
        check.stdout
    );
    let build = site.run(&["build", "--root", "ny"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let html = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(html.contains("Regler: brug af &quot;AI&quot;"), "{html}");
    assert!(html.contains("Aabenraa Kommune"));
}

// See: issue 8
#[test]
fn init_refuses_a_folder_with_anything_in_it() {
    let site = SiteTest::empty().file("mappe/noter.txt", "vigtigt");
    let run = site.run(&["init", "mappe"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(walk(&site.root().join("mappe")), ["noter.txt"]);
}
