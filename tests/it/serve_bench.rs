//! How long a save takes to show in an open browser page under `pjece serve`: from just
//! before the file is renamed into place to the reloaded page's `DOMContentLoaded`, read
//! from the page's own clock (`performance.timing`, milliseconds since the epoch, the same
//! clock as the test's), so how often the test looks does not change the figure.
//!
//! Ignored in normal runs; `make bench-serve` runs it on an optimised build:
//! the sample site (this repository's `site.yaml` and `content/`, copied) and a generated
//! site of 2,000 pages, ten saves each, printing the median and the range.

use super::serve::{browser, save_by_rename, Server};
use crate::support::{sample_copy, SiteTest};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SAVES: usize = 10;

#[test]
#[ignore = "a measurement: make bench-serve"]
fn bench_save_to_browser() {
    let sample = sample_site();
    report(
        "sample site",
        &measure(
            sample.root(),
            "content/sociale-medier/udgave-2/gode-raad.md",
            "/sociale-medier/gode-raad/",
        ),
    );
    let large = generated_site(2000);
    report(
        "2,000 pages",
        &measure(large.root(), "content/e1/side-1000.md", "/side-1000/"),
    );
}

fn sample_site() -> SiteTest {
    sample_copy()
}

fn generated_site(pages: usize) -> SiteTest {
    let mut site = SiteTest::new();
    let body: String = (1..=6)
        .map(|i| format!("## Afsnit {i}\n\nMedarbejdere må gerne dele kommunens opslag, men **ikke** skrive på kommunens vegne. Se [forsiden](index.md).\n\n- et punkt\n- et andet punkt\n\n"))
        .collect();
    for i in 1..=pages {
        site = site.page(&format!("e1/side-{i}.md"), &format!("Side {i}"), &body);
    }
    site
}

/// Milliseconds from save to the reloaded page, for [`SAVES`] saves of `page`.
fn measure(root: &Path, page: &str, address: &str) -> Vec<u64> {
    let server = Server::start(root);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url(address)).unwrap();
    tab.wait_until_navigated().unwrap();
    let eval = |js: &str| {
        tab.evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .unwrap_or_default()
    };
    let file = root.join(page);
    let original = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::new();
    for i in 0..SAVES {
        server.wait_for("the event stream", || {
            eval("window.pjeceServe !== undefined") == true
        });
        std::thread::sleep(Duration::from_millis(200));
        let marker = format!("Målemærke {i}");
        let saved = now_ms();
        save_by_rename(&file, &format!("{original}\n{marker}\n"));
        let check = format!(
            "document.readyState !== 'loading' && document.body.innerText.includes('{marker}')"
        );
        server.wait_for("the saved text in the browser", || eval(&check) == true);
        let shown = eval("performance.timing.domContentLoadedEventEnd")
            .as_f64()
            .unwrap();
        times.push((shown - saved).max(0.0) as u64);
    }
    times
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

fn report(what: &str, times: &[u64]) {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let median = (sorted[(sorted.len() - 1) / 2] + sorted[sorted.len() / 2]) / 2;
    println!(
        "{what}: save → visible in the browser: median {median} ms, min {} ms, max {} ms ({times:?})",
        sorted[0],
        sorted[sorted.len() - 1]
    );
}
