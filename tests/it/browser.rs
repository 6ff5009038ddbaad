//! The built site in a real browser: every page kind of the showcase site, served over HTTP
//! and opened in headless Chromium at 375 and 1280 px wide, in the light and the dark colour
//! scheme, checked by axe-core against the WCAG 2.1 A and AA rules, for one `h1`, and for
//! no sideways scrolling down to 320 px. `make test` installs axe-core from npm into
//! `.cache/npm/`; `make screenshots` saves what the browser showed.

use crate::support::*;
use crate::theme::{showcase, PAGE_KINDS};
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::Tab;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// axe-core's script: `AXE_CORE` when set, else where `make test` installs it.
pub(crate) fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".cache/npm/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is needed for the accessibility tests and is not at {} ({e}): run `make test`, \
             or `npm install --prefix .cache/npm axe-core@4`",
            path.display()
        )
    })
}

/// Serves `root` at `/r/` (the path of the fixture's `base_url`, which the 404 page's links
/// start from) on a free local port from a background thread: folders as their
/// `index.html`, unknown paths as `404.html` with status 404. Returns the base URL.
pub(crate) fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(&root, stream));
        }
    });
    format!("http://127.0.0.1:{port}/r/")
}

fn answer(root: &Path, mut stream: std::net::TcpStream) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    // `?stay` serves a redirect page without its refresh, so it can be checked itself.
    let stay = target.contains("?stay");
    let mut file = root.join(path.strip_prefix("/r/").unwrap_or("missing"));
    if path.contains("..") {
        file = root.join("missing");
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", root.join("404.html"))
    };
    let mut body = std::fs::read(&file).unwrap_or_default();
    if stay {
        body = String::from_utf8_lossy(&body)
            .replace("http-equiv=\"refresh\"", "data-refresh")
            .into_bytes();
    }
    let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        // The search page's module script and Pagefind's entry file.
        "js" => "text/javascript",
        "json" => "application/json",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }
}

/// Sets the viewport width and the colour scheme the page sees.
pub(crate) fn emulate(tab: &Tab, width: u32, scheme: Scheme) {
    resize(tab, width, 900);
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.name().into(),
        }]),
    })
    .unwrap();
}

fn resize(tab: &Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// The page's address in the test server; the redirect page is asked for without its
/// refresh, which would otherwise leave it before it is checked.
fn url_of(base: &str, kind: &str, file: &str) -> String {
    let stay = if kind == "redirect" { "?stay" } else { "" };
    format!("{base}{file}{stay}")
}

/// Opens `url` and waits until its fonts are loaded and it is laid out.
pub(crate) fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url).unwrap();
    tab.wait_until_navigated().unwrap();
    tab.evaluate("document.fonts.ready.then(() => true)", true)
        .unwrap();
}

pub(crate) fn eval_json(tab: &Tab, js: &str) -> serde_json::Value {
    let value = tab.evaluate(js, true).unwrap().value.unwrap_or_default();
    match value {
        serde_json::Value::String(s) => {
            serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s))
        }
        other => other,
    }
}

pub(crate) const AXE_RUN: &str = "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }))))";

/// The showcase site, built with its drafts, served, with a browser tab.
struct Fixture {
    _site: SiteTest,
    base: String,
    _browser: headless_chrome::Browser,
    tab: Arc<Tab>,
}

fn fixture() -> Fixture {
    let site = showcase();
    site.build(&["--drafts"]);
    let base = serve(site.out());
    let browser = crate::serve::browser();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(std::time::Duration::from_secs(30));
    Fixture {
        _site: site,
        base,
        _browser: browser,
        tab,
    }
}

/// The search page with a query typed, its results shown by the page's script.
const SEARCH_RESULTS: (&str, &str) = ("search", "soeg/index.html?q=billeder");

fn wait_for_search_results(tab: &Tab) {
    let started = std::time::Instant::now();
    while eval_json(
        tab,
        "document.querySelectorAll('#search-results li').length",
    )
    .as_u64()
    .unwrap_or(0)
        == 0
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the search page showed no results for its query; it says {}",
            eval_json(tab, "document.getElementById('search-status').textContent")
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn every_page_kind_passes_axe_at_both_widths_in_both_schemes() {
    let axe = axe_source();
    let f = fixture();
    let mut problems = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        for width in [375, 1280] {
            emulate(&f.tab, width, scheme);
            for (kind, file) in PAGE_KINDS.iter().chain(&[SEARCH_RESULTS]) {
                open(&f.tab, &url_of(&f.base, kind, file));
                if *kind == SEARCH_RESULTS.0 {
                    wait_for_search_results(&f.tab);
                }
                let h1 = eval_json(&f.tab, "document.querySelectorAll('h1').length");
                if h1 != serde_json::json!(1) {
                    problems.push(format!(
                        "{kind} {width}px {}: {h1} h1 elements",
                        scheme.name()
                    ));
                }
                f.tab.evaluate(&axe, false).unwrap();
                let violations = eval_json(&f.tab, AXE_RUN);
                if violations.as_array().is_none_or(|v| !v.is_empty()) {
                    problems.push(format!(
                        "{kind} ({file}) at {width}px, {}: {}",
                        scheme.name(),
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

#[test]
fn no_page_scrolls_sideways_on_a_phone() {
    let f = fixture();
    let mut problems = Vec::new();
    for width in [320, 375] {
        emulate(&f.tab, width, Scheme::Light);
        for (kind, file) in PAGE_KINDS {
            if *kind == "leaflet" {
                continue; // an A4 sheet in print size, not a page for phones
            }
            open(&f.tab, &url_of(&f.base, kind, file));
            let wide = eval_json(
                &f.tab,
                "JSON.stringify([document.documentElement.scrollWidth, window.innerWidth])",
            );
            let (scroll, inner) = (wide[0].as_i64().unwrap(), wide[1].as_i64().unwrap());
            if scroll > inner {
                problems.push(format!("{kind} at {width}px: {scroll}px wide"));
            }
            let opened = eval_json(
                &f.tab,
                "(() => { const d = document.querySelector('details.switcher'); if (!d) return null; d.open = true; return document.documentElement.scrollWidth; })()",
            );
            if opened.as_i64().is_some_and(|w| w > inner) {
                problems.push(format!(
                    "{kind} at {width}px with the switcher open: {opened}px wide"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "pages wider than the screen:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_edition_switcher_works_by_keyboard_alone() {
    let f = fixture();
    emulate(&f.tab, 1280, Scheme::Light);
    open(&f.tab, &format!("{}raad/billeder/index.html", f.base));
    let focused = |tab: &Tab| eval_json(tab, "document.activeElement.textContent.trim()");
    // Tab from the top: the skip link, the brand link, then the header tools (the switcher,
    // and whatever else the header holds).
    let mut found = false;
    for _ in 0..8 {
        f.tab.press_key("Tab").unwrap();
        if focused(&f.tab).as_str().unwrap_or("").starts_with("Udgave") {
            found = true;
            break;
        }
    }
    assert!(found, "the switcher is reached with Tab");
    let outline = eval_json(
        &f.tab,
        "getComputedStyle(document.activeElement).outlineStyle",
    );
    assert_eq!(
        outline, "solid",
        "the focused switcher shows a visible outline"
    );
    f.tab.press_key("Enter").unwrap();
    assert_eq!(
        eval_json(&f.tab, "document.querySelector('details.switcher').open"),
        true
    );
    f.tab.press_key("Tab").unwrap();
    f.tab.press_key("Tab").unwrap();
    let target = focused(&f.tab);
    assert_eq!(target, "2. udgave", "Tab moves through the editions");
    f.tab.press_key("Enter").unwrap();
    f.tab.wait_until_navigated().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let url = f.tab.get_url();
    assert!(
        url.ends_with("/e2/raad/billeder/index.html") || url.ends_with("/raad/billeder/index.html"),
        "{url}"
    );
}

/// `make screenshots`: every page kind and the search page with its results, at 375 and
/// 1280 px, light and dark, as PNGs in `target/screenshots/` (or `SCREENSHOTS`).
#[test]
#[ignore = "run by `make screenshots`"]
fn screenshots() {
    let f = fixture();
    let dir = std::env::var_os("SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    for scheme in [Scheme::Light, Scheme::Dark] {
        for width in [375, 1280] {
            emulate(&f.tab, width, scheme);
            for (kind, file) in PAGE_KINDS.iter().chain(&[SEARCH_RESULTS]) {
                open(&f.tab, &url_of(&f.base, kind, file));
                if *kind == SEARCH_RESULTS.0 {
                    wait_for_search_results(&f.tab);
                }
                let height = eval_json(&f.tab, "document.documentElement.scrollHeight");
                resize(
                    &f.tab,
                    width,
                    height.as_u64().unwrap_or(900).clamp(200, 6000) as u32,
                );
                let png = f
                    .tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                    .unwrap();
                let name = format!("{kind}-{width}-{}.png", scheme.name());
                std::fs::write(dir.join(&name), png).unwrap();
                resize(&f.tab, width, 900);
                if *kind == "content" {
                    f.tab
                        .evaluate(
                            "document.querySelector('details.switcher').open = true",
                            false,
                        )
                        .unwrap();
                    let png = f
                        .tab
                        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                        .unwrap();
                    let name = format!("switcher-open-{width}-{}.png", scheme.name());
                    std::fs::write(dir.join(&name), png).unwrap();
                }
            }
        }
    }
    eprintln!("screenshots in {}", dir.display());
}
