//! The commands of a portal, run as the real binary on small portals: `guideline new`,
//! `init --portal`, the edition commands with `--guideline` or run in a guideline's folder,
//! `leaflet --guideline` (printed by the real Chromium), `check`, and `serve` over HTTP.

use crate::serve::{assert_served_as_a_clean_build_makes_it, save_by_rename, Server};
use crate::support::*;
use scraper::Html;
use std::path::Path;
use std::process::Command;

/// Two guidelines: `sociale-medier` (edition `u1`, current, with a leaflet) and `ai` (edition
/// `a1`, current).
fn portal() -> SiteTest {
    SiteTest::empty()
        .file("site.yaml", SITE_YAML)
        .file(
            "content/sociale-medier/guideline.yaml",
            "title: Sociale medier\ncategory: Personale\n",
        )
        .edition("sociale-medier/u1", "1. udgave", "2024-01-01", "current")
        .page(
            "sociale-medier/u1/index.md",
            "Sociale medier",
            "Velkommen.\n",
        )
        .page(
            "sociale-medier/u1/gode-raad.md",
            "Gode råd",
            "Tænk dig om.\n",
        )
        .file(
            "content/sociale-medier/u1/leaflet.yaml",
            "flap:\n  - page: index.md\ninside:\n  - page: gode-raad.md\n",
        )
        .file("content/ai/guideline.yaml", "title: Brug af AI\n")
        .edition("ai/a1", "1. udgave", "2025-01-01", "current")
        .page(
            "ai/a1/index.md",
            "Brug af AI",
            "Del ikke personoplysninger.\n",
        )
}

/// `pjece <args>` run in `dir` below the site folder, without `--root`.
fn run_in(site: &SiteTest, dir: &str, args: &[&str]) -> Run {
    Run::of(
        Command::new(env!("CARGO_BIN_EXE_pjece"))
            .args(args)
            .current_dir(site.root().join(dir))
            .output()
            .unwrap(),
    )
}

fn source(site: &SiteTest, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn refused(run: &Run) -> &str {
    assert_eq!(
        run.code, 2,
        "expected a usage error:\n{}{}",
        run.stdout, run.stderr
    );
    &run.stderr
}

// See: issue 19
#[test]
fn guideline_new_writes_a_guideline_that_builds_at_once_and_is_on_the_front_page() {
    let site = portal();
    let run = site.run(&[
        "guideline",
        "new",
        "hjemmearbejde",
        "--title",
        "Retningslinjer for hjemmearbejde: \"hjemme\"",
        "--summary",
        "Hvornår og hvordan du arbejder hjemme.",
        "--category",
        "Personale",
        "--owner",
        "HR",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("`pjece edition new udgave-2 --guideline hjemmearbejde`"),
        "{}",
        run.stdout
    );
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&source(&site, "content/hjemmearbejde/guideline.yaml")).unwrap();
    assert_eq!(
        yaml["title"].as_str(),
        Some("Retningslinjer for hjemmearbejde: \"hjemme\"")
    );
    assert_eq!(yaml["category"].as_str(), Some("Personale"));
    assert_eq!(yaml["owner"].as_str(), Some("HR"));
    let edition: serde_yaml::Value = serde_yaml::from_str(&source(
        &site,
        "content/hjemmearbejde/udgave-1/edition.yaml",
    ))
    .unwrap();
    assert_eq!(edition["status"].as_str(), Some("current"));
    assert!(
        walk(&site.root().join("content"))
            .iter()
            .all(|f| !f.contains("pjece-new")),
        "no staging folder is left behind"
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check
            .stdout
            .starts_with("no problems: 3 editions, 6 pages, 2 leaflets"),
        "{}",
        check.stdout
    );
    site.build(&[]);
    let page = site.html("hjemmearbejde/index.html");
    assert_eq!(
        text(&select(&page, "h1")[0]),
        "Retningslinjer for hjemmearbejde: \"hjemme\""
    );
    assert!(site.exists("hjemmearbejde/gode-raad/index.html"));
    let front = site.html("index.html");
    let personale: Vec<String> = select(&front, ".guideline h3").iter().map(text).collect();
    assert!(
        personale.contains(&"Retningslinjer for hjemmearbejde: \"hjemme\"".to_string()),
        "{personale:?}"
    );
}

// See: issue 19
#[test]
fn guideline_new_refuses_a_taken_reserved_or_unusable_id_and_writes_nothing() {
    let site = portal();
    let before = walk(site.root());
    let mut messages = Vec::new();
    for id in ["ai", "soeg", "Hjemme Arbejde", "!!"] {
        let run = site.run(&["guideline", "new", id, "--title", "Ny"]);
        messages.push(format!("{id}: {}", refused(&run)));
    }
    let run = site.run(&["guideline", "new", "ny", "--title", " "]);
    messages.push(format!("empty title: {}", refused(&run)));
    assert_eq!(walk(site.root()), before, "nothing may be written");
    insta::assert_snapshot!(messages.join("\n"));
}

// See: issue 19
#[test]
fn guideline_new_in_a_site_of_one_guideline_says_how_to_make_it_a_portal() {
    let site = SiteTest::new();
    let run = site.run(&[
        "guideline",
        "new",
        "hjemmearbejde",
        "--title",
        "Hjemmearbejde",
    ]);
    insta::assert_snapshot!(refused(&run));
    assert!(!site.root().join("content/hjemmearbejde").exists());
}

// See: issue 19
#[test]
fn guideline_new_from_site_moves_the_editions_into_a_guideline_that_builds() {
    let site = SiteTest::new()
        .page("e1/gode-raad.md", "Gode råd", "Tænk dig om.\n")
        .edition("e2", "2. udgave", "2025-01-01", "draft")
        .page("e2/index.md", "Forside", "Ny velkomst.\n");
    let before: Vec<String> = walk(&site.root().join("content"));
    let run = site.run(&[
        "guideline",
        "new",
        "sociale-medier",
        "--title",
        "Sociale medier",
        "--from-site",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("moved e1, e2 into content/sociale-medier/"),
        "{}",
        run.stdout
    );
    let mut after: Vec<String> = walk(&site.root().join("content/sociale-medier"));
    after.retain(|f| f != "guideline.yaml");
    assert_eq!(after, before, "every file moved, none lost");
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&source(&site, "content/sociale-medier/guideline.yaml")).unwrap();
    assert_eq!(yaml["formerly_root"].as_bool(), Some(true));
    site.build(&["--drafts"]);
    assert!(site
        .read("sociale-medier/gode-raad/index.html")
        .contains("Tænk dig om."));
    assert!(site
        .read("sociale-medier/e2/index.html")
        .contains("Ny velkomst."));
    // A second guideline now goes in beside it.
    let run = site.run(&["guideline", "new", "ai", "--title", "Brug af AI"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = site.run(&["guideline", "new", "ai2", "--title", "AI", "--from-site"]);
    assert!(
        refused(&run).contains("holds no editions to move"),
        "{}",
        run.stderr
    );
    site.build(&[]);
    assert!(site.exists("ai/index.html"));
}

// See: issue 19
#[test]
fn init_portal_makes_a_portal_that_builds_and_whose_leaflet_fits() {
    let site = SiteTest::empty();
    let run = site.run(&[
        "init",
        "--portal",
        "ny",
        "--organisation",
        "Aabenraa Kommune",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("pjece guideline new"), "{}", run.stdout);
    let root = site.root().join("ny");
    assert!(root
        .join("content/min-retningslinje/guideline.yaml")
        .is_file());
    let check = site.run(&["check", "--root", "ny"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check
            .stdout
            .starts_with("no errors, 2 warnings: 1 edition, 3 pages, 1 leaflet fit"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stderr
            .contains("`base_url` is still the example address"),
        "{}",
        check.stderr
    );
    let build = site.run(&["build", "--root", "ny"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let front =
        Html::parse_document(&std::fs::read_to_string(root.join("public/index.html")).unwrap());
    let cards: Vec<String> = select(&front, ".guideline h3").iter().map(text).collect();
    assert_eq!(cards, ["Min retningslinje"]);
    assert!(root
        .join("public/min-retningslinje/gode-raad/index.html")
        .is_file());
    let again = site.run(&["init", "--portal", "ny"]);
    assert!(refused(&again).contains("is not empty"), "{}", again.stderr);
}

// See: issue 19
#[test]
fn edition_new_and_publish_work_on_the_guideline_named_or_the_one_they_run_in() {
    let site = portal();
    let run = site.run(&["edition", "new", "a2", "--guideline", "ai"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("created content/ai/a2/ as a draft copy of `a1` (1 pages)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("`pjece edition publish a2 --guideline ai`"),
        "{}",
        run.stdout
    );
    // Run in the guideline's folder: the site folder is found above it.
    let run = run_in(&site, "content/sociale-medier", &["edition", "new", "u2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .root()
        .join("content/sociale-medier/u2/gode-raad.md")
        .is_file());
    let list = site.run(&["edition", "list", "--guideline", "ai"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert_eq!(
        list.stdout.trim_end(),
        format!(
            "a1  1. udgave  current   2025-01-01\na2  a2         draft     {}",
            edition_date(&site, "content/ai/a2/edition.yaml")
        )
    );
    let draft = "label: 2. udgave\npublished: 2025-06-01\nstatus: draft\nnote: Nye regler.\n";
    std::fs::write(site.root().join("content/ai/a2/edition.yaml"), draft).unwrap();
    std::fs::write(
        site.root().join("content/ai/a2/index.md"),
        "---\ntitle: Brug af AI\n---\nDel aldrig personoplysninger.\n",
    )
    .unwrap();
    let run = run_in(
        &site,
        "content/ai/a2",
        &["edition", "publish", "a2", "--date", "2025-06-01"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("published `a2` (2. udgave) as the current edition of `ai`, dated 2025-06-01; `a1` (1. udgave) is archived"),
        "{}",
        run.stdout
    );
    assert!(source(&site, "content/ai/a1/edition.yaml").contains("status: archived"));
    assert!(source(&site, "content/ai/a2/edition.yaml").contains("status: current"));
    assert!(
        source(&site, "content/sociale-medier/u1/edition.yaml").contains("status: current"),
        "the other guideline is left alone"
    );
    // The draft left in sociale-medier is a placeholder copy; the site builds without it.
    site.build(&[]);
    assert!(site
        .read("ai/index.html")
        .contains("Del aldrig personoplysninger."));
    assert!(site
        .read("ai/a1/index.html")
        .contains("Del ikke personoplysninger."));
}

/// The `published:` date `edition new` wrote (today's).
fn edition_date(site: &SiteTest, path: &str) -> String {
    let yaml: serde_yaml::Value = serde_yaml::from_str(&source(site, path)).unwrap();
    yaml["published"].as_str().unwrap().to_string()
}

// See: issue 19
#[test]
fn in_a_portal_an_edition_command_without_a_guideline_lists_the_guidelines() {
    let site = portal();
    let new = site.run(&["edition", "new", "u2"]);
    let publish = site.run(&["edition", "publish", "u2"]);
    let unknown = site.run(&["edition", "new", "u2", "--guideline", "hjemmearbejde"]);
    let leaflet = site.run(&["leaflet"]);
    insta::assert_snapshot!(format!(
        "edition new: {}edition publish: {}--guideline hjemmearbejde: {}leaflet: {}",
        refused(&new),
        refused(&publish),
        refused(&unknown),
        refused(&leaflet)
    ));
    assert!(!site.root().join("content/u2").exists());
    let in_one = SiteTest::new().run(&["edition", "list", "--guideline", "ai"]);
    assert!(
        refused(&in_one).contains("this site holds one guideline, not a portal"),
        "{}",
        in_one.stderr
    );
}

// See: issue 19
#[test]
fn edition_list_in_a_portal_lists_every_guideline_unless_one_is_chosen() {
    let site = portal();
    let all = site.run(&["edition", "list"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(
        all.stdout.trim_end(),
        "ai: Brug af AI\n  a1  1. udgave  current   2025-01-01\n\n\
         sociale-medier: Sociale medier\n  u1  1. udgave  current   2024-01-01"
    );
    let one = run_in(&site, "content/sociale-medier/u1", &["edition", "list"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout.trim_end(), "u1  1. udgave  current   2024-01-01");
}

// See: issue 19
#[test]
fn publish_checks_the_whole_portal_not_only_its_guideline() {
    let site = portal()
        .edition("ai/a2", "2. udgave", "2025-06-01", "draft")
        .page("ai/a2/index.md", "Brug af AI", "Nye regler.\n")
        .page(
            "sociale-medier/u1/gode-raad.md",
            "Gode råd",
            "Se [reglerne](regler.md).\n",
        );
    let before = source(&site, "content/ai/a2/edition.yaml");
    let run = site.run(&["edition", "publish", "a2", "--guideline", "ai"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("content/sociale-medier/u1/gode-raad.md:4:4"),
        "the other guideline's broken link stops it:\n{}",
        run.stderr
    );
    assert_eq!(source(&site, "content/ai/a2/edition.yaml"), before);
}

// See: issue 19
#[test]
fn leaflet_prints_the_pdfs_of_the_guideline_named_or_the_one_it_runs_in() {
    let site = portal();
    let run = site.run(&["leaflet", "--guideline", "sociale-medier", "--out", "pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut printed = walk(&site.root().join("pdf"));
    printed.sort();
    assert_eq!(printed, ["folder-u1-tryk.pdf", "folder-u1.pdf"]);
    for pdf in &printed {
        let bytes = std::fs::read(site.root().join("pdf").join(pdf)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{pdf} is a PDF");
    }
    let run = run_in(
        &site,
        "content/sociale-medier",
        &["leaflet", "u1", "--out", "../../pdf2"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join("pdf2/folder-u1.pdf").is_file());
    let run = site.run(&["leaflet", "--guideline", "ai"]);
    assert!(refused(&run).contains("has no leaflet"), "{}", run.stderr);
}

// See: issue 19
#[test]
fn check_lists_the_problems_of_every_guideline_of_a_portal_at_once() {
    let site = portal()
        .page("ai/a1/regler.md", "Regler", "Se [mere](mere.md).\n")
        .page(
            "sociale-medier/u1/gode-raad.md",
            "Gode råd",
            "![](mangler.png)\n",
        );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for place in [
        "content/ai/a1/regler.md:4:4",
        "content/sociale-medier/u1/gode-raad.md:4:1",
    ] {
        assert!(
            run.stderr.contains(place),
            "{place} missing in:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("2 problems found"), "{}", run.stderr);
    let good = portal().run(&["check"]);
    assert_eq!(good.code, 0, "{}", good.stderr);
    assert!(
        good.stdout
            .starts_with("no problems: 2 editions, 3 pages, 1 leaflet fit their panels"),
        "{}",
        good.stdout
    );
}

// See: issue 19
#[test]
fn serve_shows_a_saved_page_and_a_new_guideline_title_in_a_portal() {
    let site = portal();
    let server = Server::start(site.root());
    let (status, _, front) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        front.contains("Sociale medier") && front.contains("Brug af AI"),
        "{front}"
    );
    let (status, _, page) = server.get("/sociale-medier/gode-raad/");
    assert_eq!(status, 200);
    assert!(page.contains("Tænk dig om."));
    save_by_rename(
        &site.root().join("content/sociale-medier/u1/gode-raad.md"),
        "---\ntitle: Gode råd\n---\nTænk dig godt om, før du skriver.\n",
    );
    server.wait_for("the saved page", || {
        server
            .get("/sociale-medier/gode-raad/")
            .2
            .contains("Tænk dig godt om")
    });
    assert!(
        server
            .get("/sociale-medier/u1/gode-raad/")
            .2
            .contains("Tænk dig godt om"),
        "the edition's own address shows the save too"
    );
    save_by_rename(
        &site.root().join("content/ai/guideline.yaml"),
        "title: Kunstig intelligens\n",
    );
    server.wait_for("the new title on the front page", || {
        server.get("/").2.contains("Kunstig intelligens")
    });
    assert!(server.get("/ai/").2.contains("Kunstig intelligens"));
    assert_eq!(server.get("/ingen-retningslinje/").0, 404);
    assert!(!Path::new(&site.out()).exists(), "serve writes nothing");
    // Whatever the rebuilds took over from the builds before, every page served is the page
    // a clean build writes.
    assert_served_as_a_clean_build_makes_it(&site, &server);
}
