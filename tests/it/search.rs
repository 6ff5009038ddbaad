//! Full-text search: the Pagefind index a build writes, `search: false`, drafts, the files
//! `serve` sends, and real queries typed into the search box in headless Chromium.

use crate::serve::{browser, Server};
use crate::support::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Two editions in Danish: the archived one has a page of advice ("råd"), the current one
/// pages about employees ("medarbejdere") and judgement ("dømmekraft", "råd").
fn danish_site() -> SiteTest {
    SiteTest::empty()
        .file("site.yaml", "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\nlanguage: da\n")
        .edition("e1", "1. udgave", "2020-01-01", "archived")
        .page("e1/index.md", "Forside", "Velkommen til den første udgave.\n")
        .page("e1/raad.md", "Gode råd", "Et godt råd: tænk dig om, før du skriver.\n")
        .edition("e2", "2. udgave", "2024-01-01", "current")
        .page("e2/index.md", "Forside", "Velkommen.\n")
        .page("e2/medarbejdere.md", "For medarbejdere", "Alle medarbejdere må bruge sociale medier i pausen.\n")
        .page("e2/doemmekraft.md", "Brug din dømmekraft", "Dømmekraft er vigtig. Spørg om råd hos din leder.\n")
}

/// `pagefind/pagefind-entry.json` of a built site.
fn entry(site: &SiteTest) -> serde_json::Value {
    serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap()
}

/// How many pages the index of `language` holds.
fn indexed_pages(site: &SiteTest, language: &str) -> u64 {
    entry(site)["languages"][language]["page_count"]
        .as_u64()
        .unwrap_or_else(|| panic!("no {language} index in {}", entry(site)))
}

fn files_under(dir: &Path) -> Vec<String> {
    walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_build_writes_a_danish_index_of_every_page_once_and_a_search_page() {
    let site = danish_site();
    site.build(&[]);
    // Each page once, at the address readers share: 3 current pages at the root, 2 archived.
    assert_eq!(indexed_pages(&site, "da"), 5);
    let files = files_under(&site.out().join("pagefind"));
    for wanted in ["pagefind.js", "pagefind-entry.json", "wasm.da.pagefind"] {
        assert!(files.iter().any(|f| f == wanted), "{wanted} in {files:?}");
    }
    for kind in [".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"] {
        assert!(
            files.iter().any(|f| f.ends_with(kind)),
            "{kind} in {files:?}"
        );
    }
    assert!(
        !files.iter().any(|f| f.starts_with("pagefind-ui")),
        "only what the search page uses: {files:?}"
    );
    // Every page's header sends its query to the search page, which loads the index.
    for page in ["index.html", "doemmekraft/index.html", "e1/raad/index.html"] {
        let html = site.html(page);
        let forms = select(&html, "header form.search-box[role=search][method=get]");
        assert_eq!(forms.len(), 1, "{page}");
        let action = forms[0].value().attr("action").unwrap();
        let target = site.out().join(page).parent().unwrap().join(action);
        assert!(target.is_file(), "{page}: {action}");
        assert_eq!(select(&html, "form.search-box input[name=q]").len(), 1);
        assert_eq!(select(&html, "label[for=search-box-q]").len(), 1);
    }
    // The 404 page answers at any depth, so its box names the search page from the server root.
    let not_found = site.html("404.html");
    let boxes = select(&not_found, "form.search-box");
    assert_eq!(boxes[0].value().attr("action"), Some("/r/soeg/"));
    let search = site.html("soeg/index.html");
    assert_eq!(select(&search, "html[lang=da]").len(), 1);
    assert_eq!(select(&search, "[role=status][aria-live=polite]").len(), 1);
    let options: Vec<String> = select(&search, "#search-edition option")
        .iter()
        .map(|o| o.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(options, ["e2", "e1", ""]);
    assert_links_resolve(&site.out(), "soeg/index.html");
    // The page at the address readers share is marked up for the index; the current
    // edition's permanent copy is not, so that a search finds each page once.
    assert!(site
        .read("doemmekraft/index.html")
        .contains("<article data-pagefind-body>"));
    assert!(!site
        .read("e2/doemmekraft/index.html")
        .contains("data-pagefind"));
}

/// Pagefind numbers pages in the order it finds them and writes the numbers into the index. A
/// build writes pages on every core, so on a file system that lists files in the order they
/// were created (tmpfs, where `/dev/shm` lives) that order differs from build to build: the
/// index must not.
#[test]
fn two_builds_write_the_same_search_index_whatever_order_the_file_system_lists_pages() {
    let mut site = danish_site();
    for folder in 0..6 {
        for n in 0..40 {
            site = site.page(
                &format!("e2/mappe-{folder}/side-{n:02}.md"),
                &format!("Side {n}"),
                &format!("Tekst {n} om råd og dømmekraft i mappe {folder}.\n"),
            );
        }
    }
    // Where there is no tmpfs to write to, the test still runs, but cannot see the order.
    let scratch = tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir_in(site.root()))
        .unwrap();
    let index_of_build = |n: usize| {
        let out = scratch.path().join(format!("public-{n}"));
        site.build(&["--out", out.to_str().unwrap()]);
        let index = out.join("pagefind");
        let files: Vec<(String, Vec<u8>)> = files_under(&index)
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(index.join(&f)).unwrap()))
            .collect();
        std::fs::remove_dir_all(&out).unwrap();
        files
    };
    let first = index_of_build(0);
    assert_eq!(indexed_pages_in(&first), 245);
    for n in 1..6 {
        assert!(
            index_of_build(n) == first,
            "build {n} wrote another search index"
        );
    }
}

/// How many pages the Danish index among `files` holds.
fn indexed_pages_in(files: &[(String, Vec<u8>)]) -> u64 {
    let (_, entry) = files
        .iter()
        .find(|(name, _)| name == "pagefind-entry.json")
        .expect("pagefind-entry.json");
    let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
    entry["languages"]["da"]["page_count"].as_u64().unwrap()
}

#[test]
fn search_false_makes_no_index_no_search_page_and_no_box() {
    let site = danish_site().file(
        "site.yaml",
        "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\nsearch: false\n",
    );
    site.build(&[]);
    assert!(!site.exists("pagefind"));
    assert!(!site.exists("soeg"));
    let front = site.read("index.html");
    assert!(!front.contains("search-box"), "{front}");
    assert!(!front.contains("search.css"), "{front}");
}

#[test]
fn drafts_are_searchable_only_in_draft_builds() {
    let site = danish_site()
        .edition("e3", "3. udgave", "2026-01-01", "draft")
        .page("e3/index.md", "Forside", "Kladdetekst.\n");
    site.build(&[]);
    assert_eq!(indexed_pages(&site, "da"), 5);
    assert!(!site.read("soeg/index.html").contains("value=\"e3\""));
    site.build(&["--drafts"]);
    assert_eq!(indexed_pages(&site, "da"), 6);
    assert!(site.read("soeg/index.html").contains("value=\"e3\""));
}

#[test]
fn serve_sends_the_index_with_its_drafts_and_content_types() {
    let site = danish_site()
        .edition("e3", "3. udgave", "2026-01-01", "draft")
        .page("e3/index.md", "Forside", "Kladdetekst.\n");
    let server = Server::start(site.root());
    // The index is made in the background after the site is served.
    let entry_path = "/pagefind/pagefind-entry.json";
    server.wait_for("the search index", || server.get(entry_path).0 == 200);
    let (_, kind, body) = server.get(entry_path);
    assert_eq!(kind, "application/json");
    let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(entry["languages"]["da"]["page_count"], 6, "{entry}");
    let hash = entry["languages"]["da"]["hash"].as_str().unwrap();
    let (code, kind, _) = server.get("/pagefind/pagefind.js");
    assert_eq!(
        (code, kind.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    for path in [
        format!("/pagefind/pagefind.{hash}.pf_meta"),
        "/pagefind/wasm.da.pagefind".to_string(),
    ] {
        assert_eq!(
            server.header(&path, "content-type").as_deref(),
            Some("application/octet-stream"),
            "{path}"
        );
    }
    let (code, _, page) = server.get("/soeg/");
    assert_eq!(code, 200);
    assert!(page.contains("value=\"e3\""));

    // A page saved while serving is searchable once the background index catches up.
    crate::serve::save_by_rename(
        &site.root().join("content/e3/ny.md"),
        "---\ntitle: Ny side\n---\nNy tekst.\n",
    );
    server.wait_for("the new page in the index", || {
        let (_, _, body) = server.get(entry_path);
        serde_json::from_str::<serde_json::Value>(&body)
            .is_ok_and(|e| e["languages"]["da"]["page_count"] == 7)
    });
}

/// A plain static file server for a built site, on a free local port, for as long as the test
/// runs: what a reader's web host does.
fn serve_folder(root: PathBuf) -> u16 {
    serve_folder_logged(root, Arc::default())
}

/// What the static server sent: request path and body bytes, in order.
type Sent = Arc<Mutex<Vec<(String, usize)>>>;

fn serve_folder_logged(root: PathBuf, sent: Sent) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let sent = Arc::clone(&sent);
            std::thread::spawn(move || answer(stream, &root, &sent));
        }
    });
    port
}

fn answer(mut stream: std::net::TcpStream, root: &Path, sent: &Sent) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) <= 2 {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap().trim_start_matches('/');
    let path = percent_decode(path);
    let mut file = root.join(&path);
    if path.is_empty() || path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, kind, body) = match std::fs::read(&file) {
        Ok(body) if !path.contains("..") => ("200 OK", content_type(&file), body),
        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    sent.lock().unwrap().push((path, body.len()));
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The search page's state as the reader sees it: the announced count, the result titles and
/// the edition under each.
#[derive(Debug, PartialEq)]
struct Shown {
    status: String,
    titles: Vec<String>,
    editions: Vec<String>,
}

fn shown(tab: &headless_chrome::Tab) -> Shown {
    let json = tab
        .evaluate(
            "JSON.stringify({status: document.getElementById('search-status').textContent,
               titles: [...document.querySelectorAll('#search-results h2')].map(e => e.textContent),
               editions: [...document.querySelectorAll('#search-results .search-edition')].map(e => e.textContent)})",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(json.as_str().unwrap()).unwrap();
    let strings = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    Shown {
        status: v["status"].as_str().unwrap().to_string(),
        titles: strings("titles"),
        editions: strings("editions"),
    }
}

/// Waits until the search page shows `want` (the search runs as the reader types).
fn wait_for(tab: &headless_chrome::Tab, want: &Shown) {
    let started = Instant::now();
    loop {
        let now = shown(tab);
        if &now == want {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the search page shows {now:?}, not {want:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn expect(status: &str, results: &[(&str, &str)]) -> Shown {
    Shown {
        status: status.to_string(),
        titles: results.iter().map(|(t, _)| t.to_string()).collect(),
        editions: results.iter().map(|(_, e)| e.to_string()).collect(),
    }
}

fn focused_id(tab: &headless_chrome::Tab) -> String {
    tab.evaluate(
        "document.activeElement ? document.activeElement.id : ''",
        false,
    )
    .unwrap()
    .value
    .and_then(|v| v.as_str().map(str::to_string))
    .unwrap_or_default()
}

/// Presses Tab until the element `id` has the focus, as a keyboard user does.
fn tab_to(tab: &headless_chrome::Tab, id: &str) {
    for _ in 0..30 {
        if focused_id(tab) == id {
            return;
        }
        tab.press_key("Tab").unwrap();
    }
    panic!("Tab never reached #{id}");
}

/// Replaces the text of the focused field with `text`, typed key by key.
fn retype(tab: &headless_chrome::Tab, text: &str) {
    tab.press_key_with_modifiers(
        "a",
        Some(&[headless_chrome::browser::tab::ModifierKey::Ctrl]),
    )
    .unwrap();
    tab.press_key("Backspace").unwrap();
    tab.type_str(text).unwrap();
}

#[test]
fn readers_find_pages_with_danish_stemming_without_danish_letters_and_by_edition() {
    let site = danish_site();
    site.build(&[]);
    let port = serve_folder(site.out());
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("http://127.0.0.1:{port}/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();

    // From the header of the front page, by keyboard only: Tab to the box, type, Enter.
    tab_to(&tab, "search-box-q");
    tab.type_str("medarbejderne").unwrap();
    tab.press_key("Enter").unwrap();
    let started = Instant::now();
    while !tab.get_url().contains("/soeg/") && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    tab.wait_until_navigated().unwrap();
    let here = tab.get_url();
    assert!(here.contains("/soeg/index.html?q=medarbejderne"), "{here}");
    wait_for(
        &tab,
        &expect("1 side fundet.", &[("For medarbejdere", "2. udgave")]),
    );

    // On the search page: typing without Danish letters finds the words with them.
    tab_to(&tab, "search-q");
    retype(&tab, "doemmekraften");
    wait_for(
        &tab,
        &expect("1 side fundet.", &[("Brug din dømmekraft", "2. udgave")]),
    );
    retype(&tab, "dommekraft");
    wait_for(
        &tab,
        &expect("1 side fundet.", &[("Brug din dømmekraft", "2. udgave")]),
    );
    retype(&tab, "raad");
    wait_for(
        &tab,
        &expect("1 side fundet.", &[("Brug din dømmekraft", "2. udgave")]),
    );

    // The edition filter, by keyboard: the archived edition, then all editions.
    tab_to(&tab, "search-edition");
    tab.press_key("ArrowDown").unwrap();
    wait_for(
        &tab,
        &expect("1 side fundet.", &[("Gode råd", "1. udgave")]),
    );
    tab.press_key("ArrowDown").unwrap();
    let started = Instant::now();
    let all = loop {
        let now = shown(&tab);
        if now.status == "2 sider fundet." || started.elapsed() > Duration::from_secs(10) {
            break now;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(all.status, "2 sider fundet.", "{all:?}");
    let mut pairs: Vec<(String, String)> = all.titles.into_iter().zip(all.editions).collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("Brug din dømmekraft".to_string(), "2. udgave".to_string()),
            ("Gode råd".to_string(), "1. udgave".to_string())
        ]
    );
    let here = tab.get_url();
    assert!(
        here.contains("edition=&") || here.ends_with("edition="),
        "{here}"
    );

    // A result is a link to the page, relative to the site.
    let href = tab
        .evaluate(
            "[...document.querySelectorAll('#search-results a')].map(a => a.href).sort().join(' ')",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let href = href.as_str().unwrap();
    assert!(
        href.contains(&format!("127.0.0.1:{port}/doemmekraft/index.html")),
        "{href}"
    );
    assert!(
        href.contains(&format!("127.0.0.1:{port}/e1/raad/index.html")),
        "{href}"
    );
}

/// What a reader downloads for one query: the site in `PJECE_SEARCH_SITE` (built already, its
/// output in `public/`) is served, its search page opened with `?q=` `PJECE_SEARCH_QUERY`
/// (default "medarbejderne"), and every file of `pagefind/` the browser fetched is listed
/// with its size (as stored: the index files are compressed already, the scripts are not).
#[test]
#[ignore = "a measurement: PJECE_SEARCH_SITE=DIR cargo test --test it search_bytes -- --ignored --nocapture"]
fn search_bytes_for_one_query() {
    let site = PathBuf::from(std::env::var("PJECE_SEARCH_SITE").expect("PJECE_SEARCH_SITE"));
    let query = std::env::var("PJECE_SEARCH_QUERY").unwrap_or_else(|_| "medarbejderne".into());
    let sent = Sent::default();
    let port = serve_folder_logged(site.join("public"), Arc::clone(&sent));
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!(
        "http://127.0.0.1:{port}/soeg/index.html?q={query}"
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    let started = Instant::now();
    loop {
        let now = shown(&tab);
        if now.status.contains(char::is_numeric) || now.status.starts_with("Ingen") {
            println!(
                "{} ({} results shown) after {} ms",
                now.status,
                now.titles.len(),
                started.elapsed().as_millis()
            );
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{now:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    let sent = sent.lock().unwrap();
    let mut total = 0;
    for (path, bytes) in sent.iter().filter(|(p, _)| p.starts_with("pagefind/")) {
        println!("{bytes:>9}  {path}");
        total += bytes;
    }
    println!(
        "{total:>9}  in all, {} files",
        sent.iter()
            .filter(|(p, _)| p.starts_with("pagefind/"))
            .count()
    );
}

/// A portal of three guidelines whose pages all speak of coffee ("kaffen"): social media and
/// AI in two editions each (the first archived), working from home in one.
fn coffee_portal() -> SiteTest {
    SiteTest::empty()
        .file("site.yaml", SITE_YAML)
        .file(
            "content/sociale-medier/guideline.yaml",
            "title: Sociale medier\n",
        )
        .edition("sociale-medier/u1", "1. udgave", "2020-01-01", "archived")
        .page(
            "sociale-medier/u1/index.md",
            "Sociale medier",
            "Første udgave.\n",
        )
        .page(
            "sociale-medier/u1/pauser.md",
            "Pauser på nettet",
            "Del ikke billeder af kaffen i pausen.\n",
        )
        .edition("sociale-medier/u2", "2. udgave", "2024-01-01", "current")
        .page(
            "sociale-medier/u2/index.md",
            "Sociale medier",
            "Anden udgave.\n",
        )
        .page(
            "sociale-medier/u2/pauser.md",
            "Pauser",
            "Del gerne billeder af kaffen i pausen.\n",
        )
        .file("content/ai/guideline.yaml", "title: Brug af AI\n")
        .edition("ai/2024", "2024-udgaven", "2024-02-01", "archived")
        .page("ai/2024/index.md", "Brug af AI", "Den første.\n")
        .page(
            "ai/2024/regler.md",
            "Regler for chatbots",
            "Spørg ikke en chatbot, hvor kaffen står.\n",
        )
        .edition("ai/2025", "2025-udgaven", "2025-02-01", "current")
        .page("ai/2025/index.md", "Brug af AI", "Den anden.\n")
        .page(
            "ai/2025/regler.md",
            "Regler",
            "En chatbot ved ikke, hvor kaffen står.\n",
        )
        .file(
            "content/hjemmearbejde/guideline.yaml",
            "title: Hjemmearbejde\n",
        )
        .edition("hjemmearbejde/h1", "1. udgave", "2023-09-01", "current")
        .page(
            "hjemmearbejde/h1/index.md",
            "Hjemmearbejde",
            "Arbejd hjemme.\n",
        )
        .page(
            "hjemmearbejde/h1/kaffe.md",
            "Kaffe derhjemme",
            "Lav selv kaffen derhjemme.\n",
        )
}

fn values(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.value().attr("value").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_portal_indexes_every_guideline_in_one_index_with_a_choice_of_guideline() {
    let site = coffee_portal();
    site.build(&[]);
    // Every page once: 2 + 2 + 2 + 2 + 2 pages.
    assert_eq!(indexed_pages(&site, "da"), 10);
    let current = site.read("ai/regler/index.html");
    for mark in [
        r#"data-pagefind-filter="edition[data-edition]" data-edition="ai/2025""#,
        r#"data-pagefind-filter="guideline[data-guideline]" data-guideline="ai""#,
        r#"data-pagefind-filter="status[data-status]" data-status="current""#,
        r#"data-pagefind-meta="guideline[data-guideline-title]" data-guideline-title="Brug af AI""#,
    ] {
        assert!(current.contains(mark), "{mark} in {current}");
    }
    let archived = site.read("ai/2024/regler/index.html");
    assert!(archived.contains(r#"data-status="archived""#), "{archived}");
    assert!(!site
        .read("ai/2025/regler/index.html")
        .contains("data-pagefind"));

    // The search page: the guideline beside the edition, both labelled fields of the form.
    let search = site.html("soeg/index.html");
    assert_eq!(
        values(&search, "#search-guideline option"),
        ["", "ai", "hjemmearbejde", "sociale-medier"]
    );
    let guidelines: Vec<String> = select(&search, "#search-guideline option")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        guidelines,
        [
            "Alle retningslinjer",
            "Brug af AI",
            "Hjemmearbejde",
            "Sociale medier"
        ]
    );
    assert_eq!(
        values(&search, "#search-edition option"),
        [
            "current",
            "ai/2025",
            "ai/2024",
            "hjemmearbejde/h1",
            "sociale-medier/u2",
            "sociale-medier/u1",
            ""
        ]
    );
    let groups: Vec<&str> = select(&search, "#search-edition optgroup")
        .iter()
        .map(|g| g.value().attr("label").unwrap())
        .collect();
    assert_eq!(groups, ["Brug af AI", "Hjemmearbejde", "Sociale medier"]);
    let first = text(&select(&search, "#search-edition option")[0]);
    assert_eq!(first, "Gældende udgaver");
    for field in ["search-q", "search-guideline", "search-edition"] {
        assert_eq!(
            select(&search, &format!("label[for={field}]")).len(),
            1,
            "{field}"
        );
        let name = select(&search, &format!("#search-form #{field}"))[0]
            .value()
            .attr("name");
        assert!(name.is_some(), "{field} is sent with the form");
    }
    assert_links_resolve(&site.out(), "soeg/index.html");

    // The search box of a guideline's pages, any edition, sends its guideline along; the
    // portal's own pages search every guideline.
    for (page, guideline) in [
        ("ai/regler/index.html", Some("ai")),
        (
            "sociale-medier/u1/pauser/index.html",
            Some("sociale-medier"),
        ),
        ("hjemmearbejde/udgaver/index.html", Some("hjemmearbejde")),
        ("index.html", None),
        ("soeg/index.html", None),
    ] {
        let html = site.html(page);
        let hidden = values(&html, "form.search-box input[type=hidden][name=guideline]");
        assert_eq!(
            hidden,
            guideline
                .map(str::to_string)
                .into_iter()
                .collect::<Vec<_>>(),
            "{page}"
        );
    }
}

#[test]
fn a_site_of_one_guideline_has_no_choice_of_guideline_and_no_guideline_marks() {
    let site = danish_site();
    site.build(&[]);
    let search = site.read("soeg/index.html");
    assert!(
        !search.contains("search-guideline") && !search.contains("optgroup"),
        "{search}"
    );
    let page = site.read("doemmekraft/index.html");
    assert!(
        !page.contains(r#"data-pagefind-filter="guideline"#)
            && !page.contains(r#"data-pagefind-filter="status"#)
            && !page.contains(r#"data-pagefind-meta="guideline"#),
        "{page}"
    );
    assert!(!page.contains(r#"name="guideline""#), "{page}");
}

/// The search page's state with its results in a fixed order, for results whose order the
/// index's ranking decides.
fn sorted(shown: Shown) -> Shown {
    let mut pairs: Vec<(String, String)> = shown.titles.into_iter().zip(shown.editions).collect();
    pairs.sort();
    let (titles, editions) = pairs.into_iter().unzip();
    Shown {
        status: shown.status,
        titles,
        editions,
    }
}

/// Waits until the search page shows `status` and `results` (title, line under it) in any
/// order.
fn wait_for_found(tab: &headless_chrome::Tab, status: &str, results: &[(&str, &str)]) {
    let want = sorted(expect(status, results));
    let started = Instant::now();
    loop {
        let now = sorted(shown(tab));
        if now == want {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the search page shows {now:?}, not {want:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn js_string(tab: &headless_chrome::Tab, js: &str) -> String {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The value of the field `id` and the values of its options.
fn choice(tab: &headless_chrome::Tab, id: &str) -> (String, Vec<String>) {
    let value = js_string(tab, &format!("document.getElementById('{id}').value"));
    let options = js_string(
        tab,
        &format!("JSON.stringify([...document.getElementById('{id}').options].map(o => o.value))"),
    );
    (value, serde_json::from_str(&options).unwrap())
}

fn navigate(tab: &headless_chrome::Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// Presses `key` on the focused field until it holds `value`, as a keyboard user picks an
/// option of a closed select.
fn press_until(tab: &headless_chrome::Tab, key: &str, id: &str, value: &str) {
    for _ in 0..10 {
        if choice(tab, id).0 == value {
            return;
        }
        tab.press_key(key).unwrap();
    }
    panic!("#{id} never became {value:?}; it is {:?}", choice(tab, id));
}

const AI_NOW: (&str, &str) = ("Regler", "Brug af AI · 2025-udgaven");
const AI_2024: (&str, &str) = ("Regler for chatbots", "Brug af AI · 2024-udgaven");
const HOME_NOW: (&str, &str) = ("Kaffe derhjemme", "Hjemmearbejde · 1. udgave");
const SOCIAL_NOW: (&str, &str) = ("Pauser", "Sociale medier · 2. udgave");
const SOCIAL_U1: (&str, &str) = ("Pauser på nettet", "Sociale medier · 1. udgave");

#[test]
fn portal_readers_search_every_guidelines_current_edition_then_one_guideline_and_edition() {
    let site = coffee_portal();
    site.build(&[]);
    let port = serve_folder(site.out());
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    let base = format!("http://127.0.0.1:{port}/");
    navigate(&tab, &format!("{base}soeg/index.html?q=kaffen"));

    // By default: the current edition of every guideline, each result naming its guideline.
    wait_for_found(&tab, "3 sider fundet.", &[AI_NOW, HOME_NOW, SOCIAL_NOW]);
    assert_eq!(
        choice(&tab, "search-edition").1,
        ["current", ""],
        "no guideline chosen, no editions listed"
    );

    // One guideline, by keyboard: its current edition, and its editions to choose from.
    tab_to(&tab, "search-guideline");
    press_until(&tab, "ArrowDown", "search-guideline", "ai");
    wait_for_found(&tab, "1 side fundet.", &[AI_NOW]);
    assert!(
        tab.get_url().ends_with("?q=kaffen&guideline=ai"),
        "{}",
        tab.get_url()
    );
    assert_eq!(
        choice(&tab, "search-edition").1,
        ["current", "ai/2025", "ai/2024", ""]
    );

    // An archived edition of it.
    tab_to(&tab, "search-edition");
    press_until(&tab, "ArrowDown", "search-edition", "ai/2024");
    wait_for_found(&tab, "1 side fundet.", &[AI_2024]);
    let shared = tab.get_url();
    assert!(
        shared.ends_with("?q=kaffen&guideline=ai&edition=ai%2F2024"),
        "{shared}"
    );

    // The link repeats the search, and so does a link that names only the edition.
    for link in [
        format!("{base}soeg/index.html?q=kaffen&edition=ai%2F2024"),
        shared,
    ] {
        navigate(&tab, &link);
        wait_for_found(&tab, "1 side fundet.", &[AI_2024]);
        assert_eq!(choice(&tab, "search-guideline").0, "ai", "{link}");
        assert_eq!(choice(&tab, "search-edition").0, "ai/2024", "{link}");
    }

    // Back to all guidelines: an edition of one guideline gives way to the current editions.
    tab_to(&tab, "search-guideline");
    press_until(&tab, "ArrowUp", "search-guideline", "");
    wait_for_found(&tab, "3 sider fundet.", &[AI_NOW, HOME_NOW, SOCIAL_NOW]);
    assert!(tab.get_url().ends_with("?q=kaffen"), "{}", tab.get_url());

    // Every edition of every guideline.
    tab_to(&tab, "search-edition");
    press_until(&tab, "ArrowDown", "search-edition", "");
    wait_for_found(
        &tab,
        "5 sider fundet.",
        &[AI_NOW, AI_2024, HOME_NOW, SOCIAL_NOW, SOCIAL_U1],
    );
    assert!(
        tab.get_url().ends_with("?q=kaffen&edition="),
        "{}",
        tab.get_url()
    );
}

#[test]
fn the_search_box_of_a_guidelines_pages_searches_that_guideline_and_the_reader_can_widen_it() {
    let site = coffee_portal();
    site.build(&[]);
    let port = serve_folder(site.out());
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    let from_box = |page: &str| {
        navigate(&tab, &format!("http://127.0.0.1:{port}/{page}"));
        tab_to(&tab, "search-box-q");
        tab.type_str("kaffen").unwrap();
        tab.press_key("Enter").unwrap();
        let started = Instant::now();
        while !tab.get_url().contains("/soeg/") && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        tab.wait_until_navigated().unwrap();
    };

    from_box("hjemmearbejde/kaffe/index.html");
    assert!(
        tab.get_url()
            .ends_with("/soeg/index.html?q=kaffen&guideline=hjemmearbejde"),
        "{}",
        tab.get_url()
    );
    wait_for_found(&tab, "1 side fundet.", &[HOME_NOW]);
    assert_eq!(choice(&tab, "search-guideline").0, "hjemmearbejde");

    // An archived page's box searches its guideline's current edition.
    from_box("sociale-medier/u1/pauser/index.html");
    wait_for_found(&tab, "1 side fundet.", &[SOCIAL_NOW]);

    // The choice of guideline widens the search to every guideline.
    tab_to(&tab, "search-guideline");
    press_until(&tab, "ArrowUp", "search-guideline", "");
    wait_for_found(&tab, "3 sider fundet.", &[AI_NOW, HOME_NOW, SOCIAL_NOW]);

    // The portal's front page searches every guideline.
    from_box("index.html");
    wait_for_found(&tab, "3 sider fundet.", &[AI_NOW, HOME_NOW, SOCIAL_NOW]);
    assert_eq!(choice(&tab, "search-guideline").0, "");
}

#[test]
fn the_portals_search_page_with_results_passes_axe_at_both_widths_in_both_schemes() {
    use crate::browser::{axe_source, emulate, eval_json, open, Scheme, AXE_RUN};
    let axe = axe_source();
    let site = coffee_portal();
    site.build(&[]);
    let port = serve_folder(site.out());
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    let mut problems = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        for width in [320, 1280] {
            emulate(&tab, width, scheme);
            for (query, found) in [
                ("q=kaffen", "3 sider fundet."),
                ("q=kaffen&guideline=ai&edition=ai%2F2024", "1 side fundet."),
            ] {
                open(
                    &tab,
                    &format!("http://127.0.0.1:{port}/soeg/index.html?{query}"),
                );
                let started = Instant::now();
                while shown(&tab).status != found {
                    assert!(
                        started.elapsed() < Duration::from_secs(10),
                        "{query}: {:?}",
                        shown(&tab)
                    );
                    std::thread::sleep(Duration::from_millis(50));
                }
                let wide = eval_json(
                    &tab,
                    "document.documentElement.scrollWidth > document.documentElement.clientWidth",
                );
                if wide == serde_json::json!(true) {
                    problems.push(format!("{query} scrolls sideways at {width}px"));
                }
                tab.evaluate(&axe, false).unwrap();
                let violations = eval_json(&tab, AXE_RUN);
                if violations.as_array().is_none_or(|v| !v.is_empty()) {
                    problems.push(format!(
                        "{query} at {width}px, {scheme:?}: {}",
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

/// Issue 21: an edition of 4,000 top-level pages (each its own folder at the site root) is
/// indexed whole; the list of folders to read once made a glob Pagefind could not parse.
#[test]
fn an_edition_of_four_thousand_top_level_pages_is_indexed_whole() {
    let site = SiteTest::empty()
        .file("site.yaml", SITE_YAML)
        .edition("e1", "1. udgave", "2024-01-01", "current")
        .page("e1/index.md", "Forside", "Velkommen.\n");
    for n in 0..4000 {
        std::fs::write(
            site.root().join(format!("content/e1/side-{n}.md")),
            format!("---\ntitle: Side {n}\n---\nOrd{n}.\n"),
        )
        .unwrap();
    }
    site.build(&[]);
    assert_eq!(indexed_pages(&site, "da"), 4001);
}
