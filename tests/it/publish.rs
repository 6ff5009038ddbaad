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

/// The archived edition's edition.yaml without the `fingerprint:` line that publish adds at
/// its end, which must be a SHA-256 hex digest.
fn archived(site: &SiteTest, path: &str) -> String {
    let text = read(site, path);
    let (kept, last) = text.trim_end_matches('\n').rsplit_once('\n').unwrap();
    let digest = last
        .strip_prefix("fingerprint: ")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
        "{text}"
    );
    format!("{kept}\n")
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
        archived(&site, "content/e1/edition.yaml"),
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
            .starts_with("no errors, 2 warnings: 1 edition, 3 pages, 1 leaflet"),
        "{}",
        check.stdout
    );
    // Its `base_url` is a stand-in: a warning, and no leaflet is printed with it.
    let placeholder = "site.yaml:9:1: `base_url` is still the example address `https://www.example.dk/retningslinjer/`";
    assert!(check.stderr.contains(placeholder), "{}", check.stderr);
    let print = site.run(&["build", "--root", "ny", "--pdf"]);
    assert_eq!(print.code, 1, "{}", print.stderr);
    assert!(
        print.stderr.contains("pjece will not print or publish the leaflets' PDFs while site.yaml holds example addresses (nothing was written)"),
        "{}",
        print.stderr
    );
    assert!(print.stderr.contains(placeholder), "{}", print.stderr);
    assert!(!root.join("public").exists(), "nothing was written");
    let leaflet = site.run(&["leaflet", "--root", "ny", "--out", "pdf"]);
    assert_eq!(leaflet.code, 1, "{}", leaflet.stderr);
    assert!(
        leaflet
            .stderr
            .contains("pjece will not print a leaflet while site.yaml holds example addresses"),
        "{}",
        leaflet.stderr
    );
    assert!(!site.root().join("pdf").exists());
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        yaml.replace(
            "https://www.example.dk/retningslinjer/",
            "https://kommune.test/retningslinjer/",
        ),
    )
    .unwrap();
    let build = site.run(&["build", "--root", "ny"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let html = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(html.contains("Regler: brug af &quot;AI&quot;"), "{html}");
    assert!(html.contains("Aabenraa Kommune"));

    // Its example pages carry an `id:`: renamed in the next edition, a page keeps its address.
    let new = site.run(&["edition", "new", "udgave-2", "--root", "ny"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    let edition = root.join("content/udgave-2");
    std::fs::rename(edition.join("gode-raad.md"), edition.join("raad.md")).unwrap();
    for file in ["index.md", "det-maa-du-gerne.md", "leaflet.yaml"] {
        let text = std::fs::read_to_string(edition.join(file)).unwrap();
        std::fs::write(edition.join(file), text.replace("gode-raad.md", "raad.md")).unwrap();
    }
    let yaml = std::fs::read_to_string(edition.join("edition.yaml")).unwrap();
    let published = yaml.lines().find(|l| l.starts_with("published:")).unwrap();
    std::fs::write(
        edition.join("edition.yaml"),
        format!("label: 2. udgave\n{published}\nstatus: draft\nnote: Siden med gode råd har fået et kortere navn.\n"),
    )
    .unwrap();
    // From the folder above, with a relative `--root`: publishing takes its lock all the same.
    let publish = site.run(&["edition", "publish", "udgave-2", "--root", "ny"]);
    assert_eq!(publish.code, 0, "{}", publish.stderr);
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

/// The statuses an `edition.yaml` states, however it writes its `status:` key.
fn statuses(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).unwrap_or_else(|e| panic!("not valid YAML ({e}):\n{text}"));
    let map = value.as_mapping().expect("a mapping");
    map.iter()
        .filter(|(k, _)| k.as_str() == Some("status"))
        .map(|(_, v)| v.as_str().unwrap_or("?").to_string())
        .collect()
}

/// `status:` written in forms a line-based edit misses: a quoted key, a space before the
/// colon, a byte-order mark, the value on the next line, a quoted value and CRLF endings.
/// Each is edited in place, with one `status:` afterwards and the site building.
// See: issue 21
#[test]
fn publish_edits_status_in_every_block_form_it_is_written_in() {
    let cases = [
        (
            "label: 2. udgave\npublished: 2025-01-01\n\"status\": draft # kladde\nnote: Fotos.\n",
            "label: 2. udgave\npublished: 2025-03-01\n\"status\": current # kladde\nnote: Fotos.\n",
        ),
        (
            "label: 2. udgave\npublished: 2025-01-01\nstatus : draft\nnote: Fotos.\n",
            "label: 2. udgave\npublished: 2025-03-01\nstatus : current\nnote: Fotos.\n",
        ),
        (
            "\u{feff}status: draft\nlabel: 2. udgave\npublished: 2025-01-01\nnote: Fotos.\n",
            "\u{feff}status: current\nlabel: 2. udgave\npublished: 2025-03-01\nnote: Fotos.\n",
        ),
        (
            "label: 2. udgave\npublished: 2025-01-01\nstatus:\n  draft\nnote: Fotos.\n",
            "label: 2. udgave\npublished: 2025-03-01\nstatus:\n  current\nnote: Fotos.\n",
        ),
        (
            "label: 2. udgave\r\npublished: \"2025-01-01\"\r\nstatus: 'draft'   # kladde\r\nnote: |\r\n  status: draft\r\n",
            "label: 2. udgave\r\npublished: \"2025-03-01\"\r\nstatus: 'current'   # kladde\r\nnote: |\r\n  status: draft\r\n",
        ),
    ];
    for (draft, expected) in cases {
        let site = site_with_draft(draft, "Ny velkomst.\n").file(
            "content/e1/edition.yaml",
            "label: 1. udgave\npublished: 2024-01-01\n'status' :   current # nu\nnote: Første.\n",
        );
        let run = site.run(&["edition", "publish", "e2", "--date", "2025-03-01"]);
        assert_eq!(run.code, 0, "{draft:?}: {}", run.stderr);
        let edited = read(&site, "content/e2/edition.yaml");
        assert_eq!(edited, expected, "{draft:?}");
        assert_eq!(statuses(&edited), ["current"], "{draft:?}");
        assert_eq!(
            archived(&site, "content/e1/edition.yaml"),
            "label: 1. udgave\npublished: 2024-01-01\n'status' :   archived # nu\nnote: Første.\n"
        );
        site.build(&[]);
        assert!(
            site.read("index.html").contains("Ny velkomst."),
            "{draft:?}"
        );
    }
}

/// What cannot be edited in place (a flow mapping, a block value, an anchor, a tag) is
/// refused before anything is written, at the place in the file, saying what to write.
// See: issue 21
#[test]
fn publish_refuses_a_status_it_cannot_edit_in_place_and_writes_nothing() {
    let cases = [
        (
            "{label: 2. udgave, published: 2025-01-01, status: draft, note: Fotos.}\n",
            "content/e2/edition.yaml:1:1: ",
        ),
        (
            "label: 2. udgave\npublished: 2025-01-01\nstatus: |-\n  draft\nnote: Fotos.\n",
            "content/e2/edition.yaml:3:1: ",
        ),
        (
            "label: 2. udgave\npublished: 2025-01-01\nstatus: &s draft\nnote: Fotos.\n",
            "content/e2/edition.yaml:3:1: ",
        ),
        (
            "label: 2. udgave\npublished: 2025-01-01\nstatus: !!str draft\nnote: Fotos.\n",
            "content/e2/edition.yaml:3:1: ",
        ),
    ];
    for (draft, place) in cases {
        let site = site_with_draft(draft, "Ny velkomst.\n");
        assert!(
            site.run(&["build", "--drafts"]).code == 0,
            "{draft:?} is valid"
        );
        assert_refused(
            &site,
            &[],
            &[place, "write `status: draft` on a line of its own"],
        );
    }
    // The edition before is edited too: it is checked before the draft is written.
    let site = site_with_draft(DRAFT_YAML, "Ny velkomst.\n").file(
        "content/e1/edition.yaml",
        "{label: 1. udgave, published: 2024-01-01, status: current, note: Første.}\n",
    );
    assert_refused(
        &site,
        &[],
        &[
            "content/e1/edition.yaml:1:1: ",
            "write `status: current` on a line of its own",
        ],
    );
}

/// Every file below `content/` that a publish writes only for a moment.
fn publish_leftovers(site: &SiteTest) -> Vec<String> {
    walk(&site.root().join("content"))
        .into_iter()
        .filter(|f| f.contains("pjece-new") || f.contains(".pjece-publish"))
        .collect()
}

/// A publish killed between its two renames leaves a journal; the next command that loads
/// the site completes it, so the site has one current edition and the publish is done.
// See: issue 21
#[test]
fn a_publish_killed_between_its_renames_is_completed_by_the_next_build() {
    let site = site_with_draft(DRAFT_YAML, "Ny velkomst.\n");
    let killed = site
        .pause_at(
            "publish.renamed-first",
            &["edition", "publish", "e2", "--date", "2025-03-01"],
        )
        .signal(libc::SIGKILL);
    assert_eq!(killed.code, 128 + libc::SIGKILL, "{}", killed.stderr);
    assert_eq!(
        statuses(&read(&site, "content/e2/edition.yaml")),
        ["current"]
    );
    assert_eq!(
        statuses(&read(&site, "content/e1/edition.yaml")),
        ["current"]
    );

    let build = site.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("note: an interrupted `pjece edition publish e2` was completed"),
        "{}",
        build.stderr
    );
    assert_eq!(
        archived(&site, "content/e1/edition.yaml"),
        "label: 1. udgave\npublished: 2024-01-01\nstatus: archived\nnote: Første.\n"
    );
    assert!(read(&site, "content/e2/edition.yaml").contains("published: 2025-03-01\n"));
    assert!(site.read("index.html").contains("Ny velkomst."));
    assert!(
        publish_leftovers(&site).is_empty(),
        "{:?}",
        publish_leftovers(&site)
    );

    let again = site.run(&["edition", "publish", "e2"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("edition `e2` is already the current edition"),
        "{}",
        again.stderr
    );
}

/// A publish killed before its journal had changed nothing: its temporaries (and those of
/// earlier versions, `edition.yaml.pjece-new`) are removed with a note, and never block the
/// next publish.
// See: issue 21
#[test]
fn temporaries_of_a_publish_killed_before_its_journal_are_rolled_back() {
    let site = site_with_draft(DRAFT_YAML, "Ny velkomst.\n");
    let killed = site
        .pause_at(
            "publish.temporaries-written",
            &["edition", "publish", "e2", "--date", "2025-03-01"],
        )
        .signal(libc::SIGKILL);
    assert_eq!(killed.code, 128 + libc::SIGKILL, "{}", killed.stderr);
    assert!(!publish_leftovers(&site).is_empty());
    let site = site.file("content/e1/edition.yaml.pjece-new", "status: archived\n");

    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stderr.contains("note: an interrupted `pjece edition publish` had changed nothing and was rolled back: removed content/e1/.edition.yaml.pjece-new, content/e1/edition.yaml.pjece-new, content/e2/.edition.yaml.pjece-new"),
        "{}",
        check.stderr
    );
    assert!(
        publish_leftovers(&site).is_empty(),
        "{:?}",
        publish_leftovers(&site)
    );
    assert!(read(&site, "content/e2/edition.yaml").contains("status: draft"));

    let run = site.run(&["edition", "publish", "e2", "--date", "2025-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        statuses(&read(&site, "content/e1/edition.yaml")),
        ["archived"]
    );
    assert_eq!(
        statuses(&read(&site, "content/e2/edition.yaml")),
        ["current"]
    );
    assert!(
        publish_leftovers(&site).is_empty(),
        "{:?}",
        publish_leftovers(&site)
    );
}

/// An edition's folder is an address: `edition new` refuses an id that readers were given
/// as the address of something else (here a page since renamed, whose old address now sends
/// them on), since the edition would take that address over once published.
// See: issue 21
#[test]
fn edition_new_refuses_an_id_that_was_published_as_another_address() {
    let site = SiteTest::new().page("e1/regler.md", "Regler", "Reglerne.\n");
    site.build(&[]);
    let site = site.remove("content/e1/regler.md").file(
        "content/e1/regler-for-brug.md",
        "---\ntitle: Regler\nid: regler\n---\nReglerne.\n",
    );
    site.build(&[]);
    assert!(
        site.exists("regler/index.html"),
        "the old address sends readers on"
    );

    let run = site.run(&["edition", "new", "regler"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("`regler` is an address readers already have: regler/ is the page `regler` of edition `e1`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("choose another id"), "{}", run.stderr);
    assert!(!site.root().join("content/regler").exists());
    // Below an address too: `e1/regler/` belongs to the edition `e1`, which exists.
    let run = site.run(&["edition", "new", "e2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn publish_refuses_a_page_renamed_without_an_id_until_it_keeps_the_old_one() {
    let site = site_with_draft(DRAFT_YAML, "Velkommen igen.\n")
        .page("e1/gode-raad.md", "Gode råd", "Tænk dig om.\n")
        .page("e2/raad.md", "Gode råd", "Tænk dig godt om.\n")
        .page("e1/fotos.md", "Fotos", "Spørg først.\n")
        .page("e2/billeder.md", "Billeder", "Spørg først.\n");
    // Published once, with the current edition's pages at the site root.
    site.build(&[]);
    assert_refused(
        &site,
        &[],
        &[
            "content/e2/raad.md: `raad.md` looks like `gode-raad.md` of the current edition `e1` renamed, but the two have no `id:` in common",
            "hint: if it is the same page, write `id: gode-raad` in the front matter of `raad.md`",
            // The same text under a new title is a rename too.
            "content/e2/billeder.md: `billeder.md` looks like `fotos.md` of the current edition `e1` renamed",
            "`--force` publishes anyway",
        ],
    );
    let site = site
        .file(
            "content/e2/raad.md",
            "---\ntitle: Gode råd\nid: gode-raad\n---\nTænk dig godt om.\n",
        )
        .file(
            "content/e2/billeder.md",
            "---\ntitle: Billeder\nid: fotos\n---\nSpørg først.\n",
        );
    let run = site.run(&["edition", "publish", "e2", "--date", "2025-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build(&[]);
    // The old root addresses lead to the renamed pages.
    let old = site.read("gode-raad/index.html");
    assert!(old.contains("url=../raad/index.html"), "{old}");
    assert!(site
        .read("fotos/index.html")
        .contains("url=../billeder/index.html"));
}

#[test]
fn an_archived_edition_changed_after_publishing_is_an_error_until_a_reprint_says_why() {
    let site = site_with_draft(DRAFT_YAML, "Ny velkomst.\n");
    let run = site.run(&["edition", "publish", "e2", "--date", "2025-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build(&[]);
    // A page of the archived edition is changed afterwards.
    let site = site.page("e1/index.md", "Forside", "Velkommen, med en ny sætning.\n");
    let err = site.build_error();
    assert!(
        err.contains("content/e1/edition.yaml:5:1: the edition is archived, and its pages have changed since it was"),
        "{err}"
    );
    assert!(err.contains("`reprint: <why>`"), "{err}");
    // Said why, it builds (and its leaflet would be printed again).
    let yaml = read(&site, "content/e1/edition.yaml");
    let site = site.file(
        "content/e1/edition.yaml",
        &format!("{yaml}reprint: rettet telefonnummer til HR\n"),
    );
    site.build(&[]);
    assert!(site
        .read("e1/index.html")
        .contains("Velkommen, med en ny sætning."));
    // An empty reason is not a reason.
    let site = site.file("content/e1/edition.yaml", &format!("{yaml}reprint: \"\"\n"));
    assert!(site
        .build_error()
        .contains("`reprint` must say why the archived edition is changed and printed again"));
}
