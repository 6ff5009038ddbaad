//! Readability (issue 24): LIX per page and per leaflet part, long sentences and plainer
//! words, in `pjece check`, over the page under `pjece serve`, and on the leaflet page.

use crate::serve::{browser, save_and_wait_for_the_build, Server};
use crate::support::*;

/// The brochure's hard paragraph after a short lead-in: 51 words in 3 sentences, 16 long
/// (LIX 17 + 31.4 = 48), a 33-word sentence at line 6 of the page's file.
const HARD: &str = "Du må gerne spørge.\n\nFacebook og andre sociale medier kan kun anvendes, hvis man opretter en privat profil. Såfremt ansatte i Sønderborg Kommune har brug for at tilgå et socialt medie i forbindelse med deres arbejde, kan ansatte ikke tvinges til at oprette en profil på Facebook og andre sociale medie.\n";

/// An English page: long words in long sentences, one of 31 words.
const HARD_EN: &str = "Employees are expected to utilise the organisation's official communication channels whenever information concerning municipal services is published, and subsequent to publication they should monitor the responses. In accordance with the regulations, employees may not commence any communication on behalf of the municipality without authorisation.\n";

fn hard_site() -> SiteTest {
    SiteTest::new().page("e1/brug.md", "Brug i arbejdstiden", HARD)
}

/// Check's standard error without the trailing newline, as the editor reads it.
fn check(site: &SiteTest, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// See: issue 24
#[test]
fn check_reports_the_lix_of_a_hard_page_its_long_sentence_and_plainer_words_in_danish() {
    let run = check(&hard_site(), &[]);
    assert_eq!(run.code, 0, "warnings, not errors: {}", run.stderr);
    assert!(
        run.stdout
            .starts_with("no errors, 2 warnings: 1 edition, 2 pages"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("4 notes on readability (advice; notes never fail --strict)"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stderr);
}

/// See: issue 24
#[test]
fn an_english_site_gets_the_same_in_english() {
    let site = SiteTest::new()
        .file(
            "site.yaml",
            "title: Guidelines\norganisation: Council\nbase_url: https://kommune.test/g/\nlanguage: en\n",
        )
        .page("e1/use.md", "Use at work", HARD_EN);
    let run = check(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

/// See: issue 24
#[test]
fn thresholds_come_from_site_yaml() {
    let site = hard_site().file(
        "site.yaml",
        &format!("{SITE_YAML}readability:\n  lix_note: 45\n  lix_warning: 60\n  sentence_words: 40\n  words: {{ spørge: høre, såfremt: \"\" }}\n"),
    );
    let run = check(&site, &["--strict"]);
    assert_eq!(run.code, 0, "only notes are left: {}", run.stderr);
    let all = run.stderr;
    assert!(
        all.contains("note: content/e1/brug.md: LIX 48 (middel)"),
        "{all}"
    );
    assert!(!all.contains("sætningen har"), "{all}");
    assert!(
        all.contains("\"spørge\" kan skrives enklere: \"høre\""),
        "{all}"
    );
    assert!(!all.contains("\"Såfremt\""), "taken off the list: {all}");
}

/// See: issue 24
#[test]
fn readability_false_turns_it_off() {
    let site = hard_site().file("site.yaml", &format!("{SITE_YAML}readability: false\n"));
    let run = check(&site, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("no problems:"), "{}", run.stdout);
    assert!(
        !run.stderr.contains("LIX") && !run.stdout.contains("note"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

/// See: issue 24
#[test]
fn a_mistake_in_the_readability_settings_is_an_error_at_its_key() {
    let site = hard_site().file(
        "site.yaml",
        &format!("{SITE_YAML}readability:\n  lix_warnig: 50\n"),
    );
    insta::assert_snapshot!(site.build_error());
    let site = hard_site().file(
        "site.yaml",
        &format!("{SITE_YAML}readability:\n  sentence_words: mange\n"),
    );
    let err = site.build_error();
    assert!(
        err.contains(
            "site.yaml:6:3: `readability.sentence_words` must be a whole number from 5 to 200"
        ),
        "{err}"
    );
}

/// See: issue 24
#[test]
fn strict_fails_on_a_readability_warning_and_never_on_a_note() {
    let run = check(&hard_site(), &["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("2 warnings with --strict; fix them or leave out --strict\n"),
        "{}",
        run.stderr
    );
    let notes_only = SiteTest::new().page(
        "e1/kort.md",
        "Kort",
        "Såfremt du er i tvivl, så spørg din leder.\n",
    );
    let run = check(&notes_only, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: content/e1/kort.md:4:1: \"Såfremt\""),
        "{}",
        run.stderr
    );
}

/// See: issue 24
#[test]
fn the_sample_site_flags_the_brochures_hard_page_with_its_longest_sentence() {
    let run = check(&sample_copy(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = "content/sociale-medier/udgave-2/brug-i-arbejdstiden.md";
    assert!(
        run.stderr
            .contains(&format!("warning: {page}: LIX 51 (svær)")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "warning: {page}:15:88: sætningen har 33 ord (højst 25): \"Såfremt ansatte i Sønderborg Kommune har …\""
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/sociale-medier/udgave-2/leaflet.yaml:6:1: folderen i udgaven `sociale-medier/udgave-2`, flappen (panel A): LIX 51 (svær)"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("sociale-medier/udgave-1/"),
        "archived editions are not judged: {}",
        run.stderr
    );
}

/// See: issue 24
#[test]
fn the_leaflet_page_shows_each_parts_lix_on_screen_and_check_names_the_panel() {
    let site = hard_site().file(
        "content/e1/leaflet.yaml",
        "flap:\n  - page: brug.md\n    title: false\ninside:\n  - page: index.md\n",
    );
    site.build(&[]);
    let html = site.html("e1/folder/index.html");
    let shown: Vec<String> = select(&html, ".toolbar .lix")
        .iter()
        .map(|e| text(e))
        .collect();
    assert_eq!(
        shown,
        [
            "Flappen (A): LIX 48 (svær)",
            "Indersiden (D, E, F): 1 ord, for kort til LIX"
        ]
    );
    assert!(
        site.read("e1/folder/index.html")
            .contains("@media print { .toolbar { display: none; } }"),
        "the figures are not printed"
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: content/e1/leaflet.yaml:1:1: folderen i udgaven `e1`, flappen (panel A): LIX 48 (svær): sætningerne har i snit 17 ord, og 31 % af ordene er lange"),
        "{}",
        run.stderr
    );
}

/// See: issue 24
#[test]
fn the_serve_overlay_shows_a_long_sentence_at_its_line_while_editing() {
    let site = SiteTest::new().page("e1/brug.md", "Brug", "Du må gerne spørge.\n");
    let server = Server::start(site.root());
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/brug/")).unwrap();
    tab.wait_until_navigated().unwrap();
    let eval = |js: &str| {
        tab.evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .unwrap_or_default()
    };
    let until =
        |what: &str, js: &str| server.wait_for(what, || eval(js) == serde_json::json!(true));
    until("the event stream", "window.pjeceServe !== undefined");
    assert_eq!(
        eval("document.getElementById('pjece-overlay') === null"),
        true
    );
    save_and_wait_for_the_build(
        &server,
        &site.root().join("content/e1/brug.md"),
        &format!("---\ntitle: Brug\n---\n{HARD}"),
    );
    until(
        "the overlay",
        "!!document.querySelector('#pjece-overlay[role=alert]') && document.getElementById('pjece-overlay').innerText.includes('33 ord')",
    );
    let overlay = eval("document.getElementById('pjece-overlay').innerText");
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("Problemer på denne side"), "{overlay}");
    assert!(overlay.contains("content/e1/brug.md:6:88"), "{overlay}");
    assert!(
        overlay.contains(
            "sætningen har 33 ord (højst 25): \"Såfremt ansatte i Sønderborg Kommune har …\""
        ),
        "{overlay}"
    );
    assert!(overlay.contains("LIX 48 (svær)"), "{overlay}");
    // Warnings and advice are told apart: the long sentence warns, the plainer word advises.
    assert!(
        overlay.contains("Advarsel: content/e1/brug.md:6:88"),
        "{overlay}"
    );
    assert!(overlay.contains("Råd: content/e1/brug.md:"), "{overlay}");
    assert!(!overlay.contains("Fejl:"), "{overlay}");
}
