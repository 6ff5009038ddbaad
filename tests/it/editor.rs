//! The editor of `pjece serve` (issue 23): the real binary over real HTTP, and the whole
//! editing loop in headless Chromium — open a page, type, see the preview change before it
//! is saved, see it saved; overflow a leaflet panel and see the warning at its line; add an
//! image (refused without alt text); rename a page and fetch its old address; start an
//! edition and publish it. And what a page from elsewhere cannot do: read or write anything.

use crate::serve::{browser, free_port, raw_get_for_host, Server};
use crate::support::SiteTest;
use headless_chrome::Tab;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

fn site() -> SiteTest {
    SiteTest::new()
        .edition("e1", "1. udgave", "2025-01-01", "current")
        .page(
            "e1/index.md",
            "Forside",
            "Velkommen til retningslinjerne.\n",
        )
        .page(
            "e1/regler.md",
            "Regler",
            "Du må gerne dele kommunens opslag.\n\nSe også [forsiden](index.md).\n",
        )
}

/// The session token, read from the editor page as the browser gets it.
fn token(server: &Server) -> String {
    token_from(server, "content/e1/regler.md")
}

/// The session token, read from the editor page of `file`.
pub(crate) fn token_from(server: &Server, file: &str) -> String {
    let (status, _, html) = server.get(&format!("/__pjece/edit/?file={file}"));
    assert_eq!(status, 200, "{html}");
    let start = html
        .find("\"token\":\"")
        .expect("a token in the editor page")
        + 9;
    html[start..start + 32].to_string()
}

/// A request to the API with the headers given, as any HTTP client can send it.
fn call(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<&str>,
) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = server.url(&format!("/__pjece/edit/api/{path}"));
    let mut response = if method == "GET" {
        let mut request = agent.get(&url);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.call().unwrap()
    } else {
        let mut request = agent.post(&url).header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.send(body.unwrap_or("{}")).unwrap()
    };
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn own(server: &Server, token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("x-pjece-token", token.to_string()),
        ("origin", format!("http://127.0.0.1:{}", server.port)),
    ]
}

fn version_of(server: &Server, token: &str, file: &str) -> String {
    let (status, body) = call(
        server,
        "GET",
        &format!("source?file={file}"),
        &own(server, token),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    json["version"].as_str().unwrap().to_string()
}

fn save_body(file: &str, body: &str, version: &str) -> String {
    serde_json::json!({ "file": file, "body": body, "fields": { "title": "Regler" }, "version": version })
        .to_string()
}

/// Issue 23: a web page elsewhere can neither read nor write: no token, a wrong one, a
/// foreign or missing `Origin`, and a foreign `Host` (DNS rebinding) are all refused, and no
/// answer allows another origin to read it.
#[test]
fn only_the_editor_page_of_this_server_can_read_or_write() {
    let site = site();
    let server = Server::start(site.root());
    let token = token(&server);
    let page = site.root().join("content/e1/regler.md");
    let before = std::fs::read_to_string(&page).unwrap();
    let file = "content/e1/regler.md";
    let version = version_of(&server, &token, file);
    let body = save_body(file, "Ændret udefra.\n", &version);

    let (status, _) = call(&server, "GET", &format!("source?file={file}"), &[], None);
    assert_eq!(status, 403, "a read without the token");
    let wrong = vec![("x-pjece-token", "0".repeat(32))];
    let (status, _) = call(&server, "GET", &format!("source?file={file}"), &wrong, None);
    assert_eq!(status, 403, "a read with a wrong token");
    let (status, _) = call(&server, "POST", "save", &[], Some(&body));
    assert_eq!(status, 403, "a write without the token");
    let no_origin = vec![("x-pjece-token", token.clone())];
    let (status, _) = call(&server, "POST", "save", &no_origin, Some(&body));
    assert_eq!(status, 403, "a write without Origin");
    let foreign = vec![
        ("x-pjece-token", token.clone()),
        ("origin", "http://angriber.example".to_string()),
    ];
    let (status, text) = call(&server, "POST", "save", &foreign, Some(&body));
    assert_eq!(status, 403, "a write from another origin");
    assert!(text.contains("own page"), "{text}");
    let other_port = vec![
        ("x-pjece-token", token.clone()),
        ("origin", format!("http://127.0.0.1:{}", free_port())),
    ];
    let (status, _) = call(&server, "POST", "save", &other_port, Some(&body));
    assert_eq!(status, 403, "a write from another port of this computer");
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        before,
        "nothing was written"
    );

    let (head, whole) = raw_get_for_host(
        server.port,
        "/__pjece/edit/?file=content/e1/regler.md",
        &format!("angriber.example:{}", server.port),
    );
    assert!(head.contains("421"), "{head}");
    assert!(
        !whole.contains(&token),
        "the token is not sent to a foreign host"
    );
    let (head, _) = raw_get_for_host(
        server.port,
        &format!("/__pjece/edit/api/source?file={file}"),
        &format!("angriber.example:{}", server.port),
    );
    assert!(head.contains("421"), "{head}");

    let (status, text) = call(&server, "POST", "save", &own(&server, &token), Some(&body));
    assert_eq!(status, 200, "{text}");
    let saved = std::fs::read_to_string(&page).unwrap();
    assert_eq!(saved, "---\ntitle: Regler\n---\nÆndret udefra.\n");
    let editor = server.header(
        "/__pjece/edit/?file=content/e1/regler.md",
        "x-frame-options",
    );
    assert_eq!(editor.as_deref(), Some("SAMEORIGIN"));
    assert_eq!(
        server.header(
            &format!("/__pjece/edit/api/source?file={file}"),
            "access-control-allow-origin"
        ),
        None
    );
}

/// Issue 23: only files of the content folder can be written: `..`, a file outside it, a
/// hidden file, a kind the editor does not write, and a symlink to a file outside the site
/// are refused, and the files they name are unchanged.
#[cfg(unix)]
#[test]
fn writes_stay_inside_the_content_folder() {
    let site = site();
    let server = Server::start(site.root());
    let token = token(&server);
    // Made once the site is served (a build refuses a link out of the site).
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "hemmelig\n").unwrap();
    std::os::unix::fs::symlink(secret.path(), site.root().join("content/e1/genvej.md")).unwrap();
    for file in [
        "content/../site.yaml",
        "site.yaml",
        "content/e1/../../site.yaml",
        "/etc/passwd",
        "content/e1/.skjult.md",
        "content/e1/side.html",
        "content/e1/genvej.md",
    ] {
        let body = save_body(file, "x", "");
        let (status, text) = call(&server, "POST", "save", &own(&server, &token), Some(&body));
        assert_eq!(status, 403, "{file}: {text}");
        let (status, _) = call(
            &server,
            "GET",
            &format!("source?file={file}"),
            &own(&server, &token),
            None,
        );
        assert_eq!(status, 403, "reading {file}");
    }
    assert_eq!(
        std::fs::read_to_string(secret.path()).unwrap(),
        "hemmelig\n"
    );
    assert!(std::fs::read_to_string(site.root().join("site.yaml"))
        .unwrap()
        .contains("title"));
    assert!(!site.root().join("content/e1/.skjult.md").exists());
}

/// Issue 23: a save made from text the file no longer has (it was changed on disk since
/// the editor opened it) writes nothing and answers with the file's text and how the two
/// differ; saving again from the new version succeeds.
#[test]
fn a_file_changed_on_disk_meanwhile_is_a_conflict_and_nothing_is_lost() {
    let site = site();
    let server = Server::start(site.root());
    let token = token(&server);
    let file = "content/e1/regler.md";
    let opened = version_of(&server, &token, file);
    let page = site.root().join(file);
    std::fs::write(
        &page,
        "---\ntitle: Regler\n---\nRettet i et andet program.\n",
    )
    .unwrap();

    let body = save_body(file, "Rettet i editoren.\n", &opened);
    let (status, text) = call(&server, "POST", "save", &own(&server, &token), Some(&body));
    assert_eq!(status, 409, "{text}");
    let conflict: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(conflict["body"], "Rettet i et andet program.\n");
    let diff = conflict["diff"].to_string();
    assert!(
        diff.contains("\"theirs\"") && diff.contains("Rettet i et andet program."),
        "{diff}"
    );
    assert!(
        diff.contains("\"mine\"") && diff.contains("Rettet i editoren."),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        "---\ntitle: Regler\n---\nRettet i et andet program.\n",
        "the other program's text is kept"
    );

    let now = conflict["version"].as_str().unwrap();
    let body = save_body(file, "Rettet i editoren.\n", now);
    let (status, text) = call(&server, "POST", "save", &own(&server, &token), Some(&body));
    assert_eq!(status, 200, "{text}");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("Rettet i editoren."));
}

/// Issue 23: `serve --read-only` has no editor and pages get no "Rediger".
#[test]
fn read_only_serves_no_editor() {
    let site = site();
    let server = Server::start_args(site.root(), &["--read-only"]);
    let (status, _, _) = server.get("/__pjece/edit/?file=content/e1/regler.md");
    assert_eq!(status, 404);
    let (_, _, page) = server.get("/regler/");
    assert!(!page.contains("data-pjece-edit"), "{page}");
    let (status, _) = call(&server, "GET", "catalog", &[], None);
    assert_eq!(status, 404);
    let server = Server::start(site.root());
    let (_, _, page) = server.get("/regler/");
    assert!(page.contains("data-pjece-edit"));
}

// ---- in the browser ------------------------------------------------------------------------

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false)
        .ok()
        .and_then(|r| r.value)
        .unwrap_or_default()
}

/// Clicks the button whose text is `label` inside the elements `scope` selects.
fn click(tab: &Tab, scope: &str, label: &str) {
    let js = format!(
        "Array.from(document.querySelectorAll({})).find(function (b) {{ return b.textContent === {}; }}).click(); true",
        serde_json::json!(format!("{scope} button")),
        serde_json::json!(label)
    );
    assert_eq!(eval(tab, &js), true, "no button {label:?} in {scope}");
}

fn until(server: &Server, tab: &Tab, what: &str, js: &str) {
    server.wait_for(what, || eval(tab, js) == serde_json::json!(true));
}

/// Opens the editor of `file` in a new tab, once it has loaded the text.
fn open_editor(server: &Server, browser: &headless_chrome::Browser, query: &str) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url(&format!("/__pjece/edit/?{query}")))
        .unwrap();
    tab.wait_until_navigated().unwrap();
    until(
        server,
        &tab,
        "the editor",
        "!!window.pjeceEditor && document.querySelector('#text').value.length > 0",
    );
    tab
}

/// Types `text` at the end of the text area, key by key as a person would.
fn type_at_end(tab: &Tab, text: &str) {
    eval(tab, "var t = document.querySelector('#text'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); true");
    tab.type_str(text).unwrap();
}

fn frame_text(tab: &Tab) -> String {
    eval(
        tab,
        "document.querySelector('iframe').contentDocument.body.innerText",
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Issue 23: "Rediger" on a page opens the editor; typing shows in the real page in the
/// preview before anything is saved (within 300 ms of the pause on a small site), and the
/// text is saved by itself after a pause, byte for byte with the front matter kept.
#[test]
fn typing_shows_in_the_preview_and_is_saved_by_itself() {
    let site = site();
    let server = Server::start(site.root());
    let browser = browser();
    let page_tab = browser.new_tab().unwrap();
    page_tab.navigate_to(&server.url("/regler/")).unwrap();
    page_tab.wait_until_navigated().unwrap();
    until(
        &server,
        &page_tab,
        "the Rediger link",
        "!!document.querySelector('a.pjece-edit')",
    );
    let href = eval(&page_tab, "document.querySelector('a.pjece-edit').href");
    let href = href.as_str().unwrap();
    assert!(
        href.contains("/__pjece/edit/?page=regler%2Findex.html"),
        "{href}"
    );

    let tab = open_editor(&server, &browser, "page=regler/index.html");
    until(
        &server,
        &tab,
        "the first preview",
        "document.querySelector('iframe').hasAttribute('data-preview')",
    );
    let file = site.root().join("content/e1/regler.md");
    let before = std::fs::read_to_string(&file).unwrap();
    type_at_end(&tab, "\nEt nyt afsnit om æøå.");
    let typed = Instant::now();
    until(
        &server,
        &tab,
        "the preview of the unsaved text",
        "document.querySelector('iframe').contentDocument.body.innerText.includes('Et nyt afsnit om æøå.')",
    );
    let shown_after = typed.elapsed();
    assert!(frame_text(&tab).contains("Du må gerne dele"));
    until(
        &server,
        &tab,
        "the autosave",
        "document.querySelector('#save-status').textContent.startsWith('Gemt')",
    );
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(saved, format!("{before}\nEt nyt afsnit om æøå."));
    eprintln!(
        "typed → preview: {} ms (incl. the 120 ms pause)",
        shown_after.as_millis()
    );
}

/// Issue 23: text that no longer fits its leaflet panel shows the fit check's warning in
/// the editor at its line; shortening it removes the warning.
#[test]
fn a_leaflet_overflow_is_shown_at_its_line_and_goes_when_fixed() {
    let site = crate::support::sample_copy();
    let server = Server::start(site.root());
    let browser = browser();
    let tab = open_editor(
        &server,
        &browser,
        "file=content/sociale-medier/udgave-2/gode-raad.md&view=sociale-medier/udgave-2/folder/index.html",
    );
    let long: String = (1..=40)
        .map(|i| format!("\n\nEkstra afsnit nummer {i} med tekst, der ikke kan være i folderen."))
        .collect();
    eval(&tab, &format!("var t = document.querySelector('#text'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); document.execCommand('insertText', false, {}); true", serde_json::json!(long)));
    until(
        &server,
        &tab,
        "the fit warning",
        "window.pjeceEditor.problems().some(function (p) { return /passer ikke|fit/i.test(p.message) && p.line; })",
    );
    let listed = eval(&tab, "document.querySelector('#problems').innerText");
    assert!(listed.as_str().unwrap().contains("linje"), "{listed}");
    assert_eq!(
        eval(
            &tab,
            "!!document.querySelector('.backdrop .mark-warning, .backdrop .mark-error')"
        ),
        true
    );
    eval(&tab, "document.execCommand('undo'); true");
    until(
        &server,
        &tab,
        "the warning to go",
        "!window.pjeceEditor.problems().some(function (p) { return /passer ikke|fit/i.test(p.message); }) && !window.pjeceEditor.dirty()",
    );
}

/// Writes a tiny PNG for the image dialog's file field.
fn png(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("logo.png");
    // 1×1 transparent PNG.
    let bytes: [u8; 67] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0a, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0,
        0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Issue 23: an image without a description is refused before anything is written; with
/// one, it is put beside the page and inserted with its alt text, and the page shows it.
#[test]
fn an_image_needs_its_alt_text() {
    let site = site();
    let server = Server::start(site.root());
    let browser = browser();
    let tab = open_editor(&server, &browser, "file=content/e1/regler.md");
    let image = png(site.root());
    click(&tab, ".toolbar", "Billede");
    let input = tab.wait_for_element("dialog input[type=file]").unwrap();
    input.set_input_files(&[image.to_str().unwrap()]).unwrap();
    click(&tab, "dialog", "Indsæt");
    until(
        &server,
        &tab,
        "the refusal",
        "document.querySelector('.dialog-error').textContent.includes('beskrivelse')",
    );
    assert!(!site.root().join("content/e1/logo.png").exists());

    eval(
        &tab,
        "document.querySelector('#image-alt').value = 'Kommunens logo'; true",
    );
    click(&tab, "dialog", "Indsæt");
    until(
        &server,
        &tab,
        "the image in the text",
        "document.querySelector('#text').value.includes('![Kommunens logo](logo.png)')",
    );
    assert!(site.root().join("content/e1/logo.png").is_file());
    until(&server, &tab, "the saved page", "!window.pjeceEditor.dirty() && document.querySelector('#save-status').textContent.startsWith('Gemt')");
    server.wait_for("the page with the image", || {
        server.get("/regler/").2.contains("alt=\"Kommunens logo\"")
    });
}

/// Issue 23: renaming a page in the editor keeps its identity, so its old address sends
/// readers on to the new one.
#[test]
fn a_renamed_page_keeps_its_old_address() {
    let site = site();
    // Published once: the address ledger now holds `/regler/`.
    site.build(&[]);
    let server = Server::start(site.root());
    let browser = browser();
    let tab = open_editor(&server, &browser, "file=content/e1/regler.md");
    click(&tab, ".actions", "Omdøb siden");
    tab.wait_for_element("#rename-to").unwrap();
    eval(
        &tab,
        "document.querySelector('#rename-to').value = 'retningslinjer'; true",
    );
    click(&tab, "dialog", "Omdøb siden");
    until(
        &server,
        &tab,
        "the editor of the renamed page",
        "location.search.includes('retningslinjer.md') && !!window.pjeceEditor",
    );
    assert!(site.root().join("content/e1/retningslinjer.md").is_file());
    assert!(!site.root().join("content/e1/regler.md").exists());
    server.wait_for("the new address", || {
        server.get("/retningslinjer/").0 == 200
    });
    let (status, _, old) = server.get("/regler/");
    assert_eq!(status, 200);
    assert!(
        old.contains("retningslinjer/"),
        "the old address sends on: {old}"
    );
}

/// Issue 23: a new edition and publishing it, from the browser, with the checks of
/// `pjece edition publish`.
#[test]
fn an_edition_is_started_and_published_from_the_browser() {
    let site = site();
    let server = Server::start(site.root());
    let browser = browser();
    let tab = open_editor(&server, &browser, "file=content/e1/regler.md");
    click(&tab, ".edition", "Ny udgave");
    tab.wait_for_element("dialog").unwrap();
    click(&tab, "dialog", "Ny udgave");
    until(&server, &tab, "the editor of the new edition", "location.search.includes('udgave-2') && !!window.pjeceEditor && document.querySelector('#text').value.length > 0");
    assert!(site.root().join("content/udgave-2/edition.yaml").is_file());
    type_at_end(&tab, "\nNyt i anden udgave.");
    until(&server, &tab, "the save", "!window.pjeceEditor.dirty() && document.querySelector('#save-status').textContent.startsWith('Gemt')");
    // The edition's name, as a form.
    eval(
        &tab,
        "document.querySelector('#edition-label').value = '2. udgave'; document.querySelector('#edition-note').value = 'Et nyt afsnit om reglerne.'; true",
    );
    until(
        &server,
        &tab,
        "the edition form",
        "document.querySelector('#edition-label') !== null",
    );
    click(&tab, ".edition", "Gem udgavens oplysninger");
    until(
        &server,
        &tab,
        "the edition saved",
        "document.querySelector('.edition-message').textContent !== ''",
    );
    let said = eval(
        &tab,
        "document.querySelector('.edition-message').textContent",
    );
    assert_eq!(said, "Gemt", "the edition's form");
    let yaml = std::fs::read_to_string(site.root().join("content/udgave-2/edition.yaml")).unwrap();
    assert!(yaml.contains("label: 2. udgave"), "{yaml}");
    click(&tab, ".edition", "Udgiv udgaven");
    tab.wait_for_element("dialog").unwrap();
    click(&tab, "dialog", "Udgiv udgaven");
    until(
        &server,
        &tab,
        "the publish to end",
        "document.querySelector('.edition-message').textContent.length > 10 || !!(document.querySelector('.dialog-error') && document.querySelector('.dialog-error').textContent)",
    );
    let said = eval(&tab, "document.querySelector('.edition-message').textContent + ' | ' + (document.querySelector('.dialog-error') ? document.querySelector('.dialog-error').textContent : '')");
    assert!(
        said.as_str().unwrap().contains("er nu den gældende"),
        "{said}"
    );
    let yaml = std::fs::read_to_string(site.root().join("content/udgave-2/edition.yaml")).unwrap();
    assert!(yaml.contains("status: current"), "{yaml}");
    let old = std::fs::read_to_string(site.root().join("content/e1/edition.yaml")).unwrap();
    assert!(old.contains("status: archived"), "{old}");
    server.wait_for("the new edition at the root", || {
        server.get("/regler/").2.contains("Nyt i anden udgave.")
    });
}

/// Issue 23: the editor passes axe-core's WCAG 2.1 A and AA rules at phone and desktop width,
/// in the light and the dark colour scheme, with its text loaded and with a dialog open, and
/// it has one `h1`.
#[test]
fn the_editor_passes_axe_in_light_and_dark() {
    use crate::browser::{axe_source, emulate, eval_json, Scheme, AXE_RUN};
    let axe = axe_source();
    let site = crate::support::sample_copy();
    let server = Server::start(site.root());
    let browser = browser();
    let tab = open_editor(
        &server,
        &browser,
        "file=content/sociale-medier/udgave-2/brug-i-arbejdstiden.md",
    );
    let mut problems = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        for width in [375, 1280] {
            emulate(&tab, width, scheme);
            for dialog in [false, true] {
                if dialog {
                    click(&tab, ".toolbar", "Link til side");
                    tab.wait_for_element("dialog[open]").unwrap();
                }
                assert_eq!(eval(&tab, "document.querySelectorAll('h1').length"), 1);
                tab.evaluate(&axe, false).unwrap();
                let violations = eval_json(&tab, AXE_RUN);
                if violations.as_array().is_none_or(|v| !v.is_empty()) {
                    problems.push(format!(
                        "{width}px {scheme:?} dialog {dialog}: {}",
                        serde_json::to_string_pretty(&violations).unwrap()
                    ));
                }
                if dialog {
                    eval(&tab, "document.querySelector('dialog[open]').close(); true");
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

/// Issue 23: a new page is made from the editor by its title alone, with an `id`, and the
/// editor opens it once the site is built with it.
#[test]
fn a_new_page_is_made_from_the_browser() {
    let site = site();
    let server = Server::start(site.root());
    let browser = browser();
    let tab = open_editor(&server, &browser, "file=content/e1/regler.md");
    click(&tab, ".actions", "Ny side");
    tab.wait_for_element("#new-title").unwrap();
    eval(
        &tab,
        "document.querySelector('#new-title').value = 'Gode råd'; true",
    );
    click(&tab, "dialog", "Ny side");
    until(
        &server,
        &tab,
        "the editor of the new page",
        "location.search.includes('gode-raad.md') && !!window.pjeceEditor && document.querySelector('#text').value.length > 0",
    );
    let text = std::fs::read_to_string(site.root().join("content/e1/gode-raad.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: Gode råd\nid: gode-raad\n---\n"),
        "{text}"
    );
    assert_eq!(
        eval(&tab, "document.querySelector('#field-title').value"),
        "Gode råd"
    );
    server.wait_for("the new page in the navigation", || {
        server.get("/regler/").2.contains("Gode råd")
    });
}
