//! `pjece serve` as the real binary on a free port, fetched over real HTTP and, for the
//! reload and the overlay, opened in real headless Chromium.

use crate::support::{html_files, SiteTest};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a save may take to show; generous for a loaded CI machine.
const BOUND: Duration = Duration::from_secs(5);

/// A running `pjece serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    agent: ureq::Agent,
    _log: tempfile::NamedTempFile,
}

impl Server {
    pub(crate) fn start(site: &Path) -> Server {
        Server::start_in(site, None)
    }

    /// `pjece serve --root <site>`, run from `cwd` when given (so `site` may be relative).
    pub(crate) fn start_in(site: &Path, cwd: Option<&Path>) -> Server {
        Server::start_with(site, cwd, &[])
    }

    /// [`Server::start_in`] with environment variables set for the server.
    pub(crate) fn start_with(site: &Path, cwd: Option<&Path>, env: &[(&str, &Path)]) -> Server {
        Server::launch(site, cwd, env, &[])
    }

    /// `pjece serve --root <site>` with more arguments (`--read-only`).
    pub(crate) fn start_args(site: &Path, args: &[&str]) -> Server {
        Server::launch(site, None, &[], args)
    }

    fn launch(site: &Path, cwd: Option<&Path>, env: &[(&str, &Path)], args: &[&str]) -> Server {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_pjece"));
        if let Some(cwd) = cwd {
            command.current_dir(cwd);
        }
        // One file description for both streams, so that neither writes over the other.
        let stdout = log.reopen().unwrap();
        let stderr = stdout.try_clone().unwrap();
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .args(["serve", "--port", &port.to_string()])
            .args(args)
            .arg("--root")
            .arg(site)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .unwrap();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let server = Server {
            child,
            port,
            agent,
            _log: log,
        };
        server.wait_for("the first build", || server.generation() >= 1);
        server
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Status, content type and body of `path`.
    pub(crate) fn get(&self, path: &str) -> (u16, String, String) {
        let mut response = self.agent.get(&self.url(path)).call().unwrap();
        let kind = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        (response.status().as_u16(), kind, body)
    }

    pub(crate) fn header(&self, path: &str, name: &str) -> Option<String> {
        let response = self.agent.get(&self.url(path)).call().unwrap();
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }

    pub(crate) fn status(&self) -> serde_json::Value {
        match self.agent.get(&self.url("/__pjece/status")).call() {
            Ok(mut r) => serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap(),
            Err(_) => serde_json::Value::Null,
        }
    }

    /// What the server printed so far.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self._log.path()).unwrap_or_default()
    }

    pub(crate) fn generation(&self) -> u64 {
        self.status()["generation"].as_u64().unwrap_or(0)
    }

    /// Sends `signal` (`libc::SIGINT`, `libc::SIGTERM`) and waits up to `bound` for the
    /// server to end: its exit code, or `None` if it is still running then.
    pub(crate) fn signal_and_wait(&mut self, signal: i32, bound: Duration) -> Option<i32> {
        // SAFETY: kill only sends a signal to the child this test started.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let start = Instant::now();
        while start.elapsed() < bound {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.code().unwrap_or(-1));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub(crate) fn wait_for(&self, what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < BOUND * 4,
                "gave up waiting for {what}; the server said:\n{}",
                std::fs::read_to_string(self._log.path()).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Saves like many editors do: write a temporary file beside the page, rename it over.
pub(crate) fn save_by_rename(path: &Path, text: &str) {
    let temporary = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// A raw request, so that the path reaches the server exactly as written.
fn raw_get(port: u16, path: &str) -> (String, String) {
    raw_get_for_host(port, path, &format!("127.0.0.1:{port}"))
}

/// A raw request naming `host` in its `Host` header: its status line and the whole response.
pub(crate) fn raw_get_for_host(port: u16, path: &str, host: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.lines().next().unwrap_or_default().to_string();
    (status, response)
}

pub(crate) fn site() -> SiteTest {
    SiteTest::new()
        .page(
            "e1/regler.md",
            "Regler",
            "Tekst før.\n\n![Logo](images/logo.png) ![Kort](images/kort.svg) \
             ![Foto](images/foto.jpg) [Skema](bilag/skema.pdf)\n",
        )
        .file("content/e1/images/logo.png", "\u{89}PNG fake")
        .file(
            "content/e1/images/kort.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .file("content/e1/images/foto.jpg", "JFIF fake")
        .file("content/e1/bilag/skema.pdf", "%PDF-1.4 fake")
}

#[test]
fn serves_the_built_site_from_memory_with_content_types_folders_and_its_404_page() {
    let site = site();
    let server = Server::start(site.root());
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/regler/", "text/html; charset=utf-8"),
        ("/e1/regler/index.html", "text/html; charset=utf-8"),
        ("/images/logo.png", "image/png"),
        ("/images/kort.svg", "image/svg+xml"),
        ("/images/foto.jpg", "image/jpeg"),
        ("/bilag/skema.pdf", "application/pdf"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/fonts/SourceSans3-Regular.woff2", "font/woff2"),
        ("/static/fonts/OFL.txt", "text/plain; charset=utf-8"),
        ("/atom.xml", "application/xml"),
        ("/sitemap.xml", "application/xml"),
        ("/__pjece/status", "application/json"),
    ] {
        let (code, got, _) = server.get(path);
        assert_eq!((code, got.as_str()), (200, kind), "{path}");
    }
    let (_, _, page) = server.get("/regler/");
    assert!(page.contains("Tekst før."));
    assert!(page.contains("data-pjece-serve"), "the reload script");
    let (_, _, logo) = server.get("/images/logo.png");
    assert_eq!(
        logo, "\u{89}PNG fake",
        "copied files are read from their source"
    );

    assert_eq!(server.get("/regler").0, 301);
    assert_eq!(
        server.header("/regler", "location").as_deref(),
        Some("/regler/")
    );

    let (code, kind, body) = server.get("/findes-ikke/");
    assert_eq!((code, kind.as_str()), (404, "text/html; charset=utf-8"));
    let (_, _, not_found) = server.get("/404.html");
    assert_eq!(body, not_found, "the site's own 404 page");
    assert!(!site.out().exists(), "serve writes nothing");
}

#[test]
fn no_path_reaches_a_file_outside_the_site() {
    let site = site().file("hemmelig.txt", "hemmeligt indhold");
    let server = Server::start(site.root());
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/site.yaml",
        "/..%2fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/regler/../../hemmelig.txt",
        "//hemmelig.txt",
        "/content/e1/regler.md",
        "/site.yaml",
        "/hemmelig.txt",
        "/%2fetc%2fpasswd",
    ] {
        let (status, response) = raw_get(server.port, path);
        assert!(
            status.contains(" 404 ") || status.contains(" 400 "),
            "{path}: {status}"
        );
        assert!(
            !response.contains("base_url") && !response.contains("hemmeligt"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn a_save_shows_at_once_a_broken_save_keeps_the_old_page_with_its_problem_until_fixed() {
    let site = site();
    let server = Server::start(site.root());
    let page = site.root().join("content/e1/regler.md");
    let first = server.generation();

    let saved = Instant::now();
    save_by_rename(&page, "---\ntitle: Regler\n---\nNy tekst efter gem.\n");
    server.wait_for("the saved text", || {
        server.get("/regler/").2.contains("Ny tekst efter gem.")
    });
    assert!(saved.elapsed() < BOUND, "took {:?}", saved.elapsed());
    assert!(server.generation() > first);

    save_by_rename(&page, "---\ntitel: Regler\n---\nHalvfærdig tekst.\n");
    server.wait_for("the problem", || {
        !server.status()["errors"].as_array().unwrap().is_empty()
    });
    let problem = &server.status()["errors"][0];
    assert_eq!(problem["file"], "content/e1/regler.md", "{problem}");
    assert_eq!(
        (problem["line"].as_u64(), problem["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(problem["message"].as_str().unwrap().contains("titel"));
    assert!(problem["hint"].as_str().unwrap().contains("title"));
    let (code, _, body) = server.get("/regler/");
    assert_eq!(code, 200);
    assert!(
        body.contains("Ny tekst efter gem."),
        "the last good page stays"
    );

    save_by_rename(&page, "---\ntitle: Regler\n---\nRettet tekst.\n");
    server.wait_for("the fix", || {
        server.get("/regler/").2.contains("Rettet tekst.")
    });
    assert_eq!(server.status()["errors"], serde_json::json!([]));
}

#[test]
fn a_save_shows_when_the_site_is_named_by_a_relative_path() {
    let site = site();
    let parent = site.root().parent().unwrap();
    let name = site.root().file_name().unwrap();
    let server = Server::start_in(Path::new(name), Some(parent));
    save_by_rename(
        &site.root().join("content/e1/regler.md"),
        "---\ntitle: Regler\n---\nGemt med en relativ sti.\n",
    );
    server.wait_for("the saved text", || {
        server
            .get("/regler/")
            .2
            .contains("Gemt med en relativ sti.")
    });
}

#[test]
fn editor_leftovers_start_no_build() {
    let site = site();
    let server = Server::start(site.root());
    let generation = server.generation();
    let dir = site.root().join("content/e1");
    for name in [
        ".regler.md.swp",
        "regler.md~",
        "~$regler.docx",
        "#regler.md#",
        "regler.md.bak",
        "4913",
        ".hidden",
    ] {
        std::fs::write(dir.join(name), "x").unwrap();
    }
    // What a build writes (the output and the cache folders) starts none either.
    for written in ["public/index.html", ".pjece-cache/pdf/x.pdf"] {
        let path = site.root().join(written);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(server.generation(), generation);
}

#[test]
fn a_taken_port_is_a_usage_error_that_suggests_another() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("already in use") && run.stderr.contains("--port"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_reload_script_is_never_in_built_pages() {
    let site = site();
    site.build(&[]);
    for file in html_files(&site.out()) {
        let text = site.read(&file);
        assert!(
            !text.contains("data-pjece-serve") && !text.contains("__pjece"),
            "{file}"
        );
    }
}

/// An open page reloads itself after a save, keeping its scroll position, shows a broken
/// save's problem over the page and drops it after the fix.
#[test]
fn an_open_page_reloads_by_itself_and_shows_a_failed_build() {
    let long: String = (1..=200).map(|i| format!("Afsnit {i}.\n\n")).collect();
    let site = site().page("e1/lang.md", "Lang", &long);
    let server = Server::start(site.root());
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/lang/")).unwrap();
    tab.wait_until_navigated().unwrap();
    // A page that is reloading answers nothing; the waits below ask again.
    let eval = |js: &str| {
        tab.evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .unwrap_or_default()
    };
    let until =
        |what: &str, js: &str| server.wait_for(what, || eval(js) == serde_json::json!(true));
    until("the event stream", "window.pjeceServe !== undefined");
    eval("window.scrollTo(0, 1500); window.notReloaded = true; true");

    let page = site.root().join("content/e1/lang.md");
    save_by_rename(
        &page,
        &format!("---\ntitle: Lang\n---\nNyt første afsnit.\n\n{long}"),
    );
    until(
        "the reload",
        "document.body.innerText.includes('Nyt første afsnit.')",
    );
    assert_eq!(eval("window.notReloaded === undefined"), true);
    until("the scroll position", "Math.abs(window.scrollY - 1500) < 5");

    save_by_rename(&page, &format!("---\ntitle: Lang\nvægt: 3\n---\n{long}"));
    until(
        "the overlay",
        "!!document.querySelector('#pjece-overlay[role=alert]')",
    );
    let overlay = eval("document.getElementById('pjece-overlay').innerText");
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("content/e1/lang.md:3:1"), "{overlay}");
    assert!(
        overlay.contains("vægt") && overlay.contains("Siden kunne ikke bygges"),
        "{overlay}"
    );
    assert!(eval("document.body.innerText")
        .as_str()
        .unwrap()
        .contains("Nyt første afsnit."));

    save_by_rename(&page, &format!("---\ntitle: Lang\n---\nRettet.\n\n{long}"));
    until("the fix", "document.body.innerText.includes('Rettet.')");
    assert_eq!(
        eval("document.getElementById('pjece-overlay') === null"),
        true
    );
}

/// A text edit is shown first and then built with the whole site: the edited page reloads
/// once, not twice, and an open page the save did not change does not reload at all.
#[test]
fn a_save_reloads_the_pages_it_changed_once_and_no_others() {
    let site = two_editions();
    let server = Server::start(site.root());
    let browser = browser();
    let open = |address: &str| {
        let tab = browser.new_tab().unwrap();
        tab.navigate_to(&server.url(address)).unwrap();
        tab.wait_until_navigated().unwrap();
        tab
    };
    let (edited, other) = (open("/regler/"), open("/raad/"));
    let eval = |tab: &headless_chrome::Tab, js: &str| {
        tab.evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .unwrap_or_default()
    };
    for tab in [&edited, &other] {
        server.wait_for("the event stream", || {
            eval(tab, "window.pjeceServe !== undefined") == true
        });
        eval(tab, "window.notReloaded = true; true");
    }

    save_and_wait_for_the_build(
        &server,
        &site.root().join("content/e2/regler.md"),
        "---\ntitle: Regler\n---\nNye regler, rettet.\n",
    );
    assert_eq!(shown_first(&server), 1, "{}", server.log());
    server.wait_for("the edited page", || {
        eval(
            &edited,
            "document.body.innerText.includes('Nye regler, rettet.')",
        ) == true
    });
    eval(&edited, "window.reloadedOnce = true; true");
    // Both pages have heard of the full build and asked whether they changed.
    let generation = server.generation();
    for tab in [&edited, &other] {
        server.wait_for("the newest build in the page", || {
            eval(tab, "window.pjeceServe && window.pjeceServe.generation") == generation
        });
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(eval(&edited, "window.reloadedOnce === true"), true);
    assert_eq!(eval(&other, "window.notReloaded === true"), true);
}

pub(crate) fn browser() -> headless_chrome::Browser {
    let search = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::var_os("CHROME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::split_paths(&search)
                .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
                .find(|p| p.is_file())
        })
        .expect("Chromium is needed for this test (apt-get install chromium)");
    let options = headless_chrome::LaunchOptions {
        headless: true,
        sandbox: false,
        enable_gpu: false,
        path: Some(path),
        args: vec![std::ffi::OsStr::new("--disable-component-update")],
        idle_browser_timeout: Duration::from_secs(120),
        ..headless_chrome::LaunchOptions::default()
    };
    headless_chrome::Browser::new(options).unwrap()
}

/// The page as built, without the scripts `serve` adds to what it sends (the live reload,
/// and the editor's "Rediger").
fn without_reload_script(served: &str) -> String {
    let mut page = served.to_string();
    for marker in ["<script data-pjece-serve>", "<script data-pjece-edit>"] {
        let Some(start) = page.find(marker) else {
            continue;
        };
        let end = page[start..].find("</script>").unwrap() + start + "</script>".len();
        let rest = &page[end..];
        page = format!(
            "{}{}",
            &page[..start],
            rest.strip_prefix('\n').unwrap_or(rest)
        );
    }
    page
}

/// The "rendered through templates" count of the server's newest build line.
pub(crate) fn rendered_in_last_build(server: &Server) -> usize {
    let log = server.log();
    let line = log.lines().rev().find(|l| l.starts_with("built ")).unwrap();
    let (_, after) = line.split_once("; ").unwrap();
    after.split(' ').next().unwrap().parse().unwrap()
}

pub(crate) fn two_editions() -> SiteTest {
    SiteTest::new()
        .edition("e1", "1. udgave", "2024-01-01", "archived")
        .page("e1/regler.md", "Regler", "Gamle regler.\n")
        .page("e1/raad.md", "Råd", "Gode råd.\n")
        .edition("e2", "2. udgave", "2025-01-01", "current")
        .page("e2/index.md", "Forside", "Velkommen.\n")
        .page("e2/regler.md", "Regler", "Nye regler.\n")
        .page("e2/raad.md", "Råd", "Gode råd.\n")
}

#[test]
fn a_one_page_edit_renders_that_page_and_what_shows_it_and_nothing_else() {
    let site = two_editions();
    let server = Server::start(site.root());
    let page = site.root().join("content/e2/raad.md");

    save_by_rename(&page, "---\ntitle: Råd\n---\nGode råd, rettet.\n");
    server.wait_for("the edit", || {
        server.get("/raad/").2.contains("Gode råd, rettet.")
    });
    // The page (once for the site root and its permanent address) and the "what changed"
    // page that now lists it; the rest of the site is taken over from the build before.
    assert_eq!(rendered_in_last_build(&server), 2, "{}", server.log());

    let generation = server.generation();
    save_by_rename(&page, "---\ntitle: Gode råd\n---\nGode råd, rettet.\n");
    server.wait_for("the new title", || server.generation() > generation);
    assert!(
        rendered_in_last_build(&server) > 2,
        "a new title is in the navigation of every page of the edition"
    );

    // Whatever was taken over, the served site is the site a clean build makes.
    assert_served_as_a_clean_build_makes_it(&site, &server);
}

/// Every page `server` serves is the page a clean `build --drafts` of `site` writes.
pub(crate) fn assert_served_as_a_clean_build_makes_it(site: &SiteTest, server: &Server) {
    site.build(&["--drafts"]);
    for file in html_files(&site.out()) {
        let address = format!("/{}", file.trim_end_matches("index.html"));
        let (code, _, served) = server.get(&address);
        assert_eq!(code, 200, "{address}");
        assert_eq!(
            without_reload_script(&served),
            site.read(&file),
            "{address} differs from a clean build"
        );
    }
}

/// How many full builds the server has printed.
pub(crate) fn builds(server: &Server) -> usize {
    server
        .log()
        .lines()
        .filter(|l| l.starts_with("built "))
        .count()
}

/// How many saves the server showed before building the whole site.
fn shown_first(server: &Server) -> usize {
    server
        .log()
        .lines()
        .filter(|l| l.starts_with("showed "))
        .count()
}

/// `save`, then waits for the full build it starts (successful or not).
pub(crate) fn save_and_wait_for_the_build(server: &Server, page: &Path, text: &str) {
    let before = builds(server) + failed_builds(server);
    save_by_rename(page, text);
    server.wait_for("the build after the save", || {
        builds(server) + failed_builds(server) > before
    });
}

pub(crate) fn failed_builds(server: &Server) -> usize {
    server.log().matches("the site could not be built").count()
}

fn edition_with_anchors() -> SiteTest {
    two_editions()
        .page(
            "e2/index.md",
            "Forside",
            "Velkommen. Læs [de nye regler](regler.md#nye-regler).\n",
        )
        .page("e2/regler.md", "Regler", "## Nye regler\n\nNye regler.\n")
}

/// A save that changes only the text of a page shows that page before the rest of the site
/// is built; the full build after it makes the site a clean build makes.
#[test]
fn a_text_edit_shows_its_page_first_then_the_whole_site_follows() {
    let site = edition_with_anchors();
    let server = Server::start(site.root());
    let page = site.root().join("content/e2/regler.md");
    save_and_wait_for_the_build(
        &server,
        &page,
        "---\ntitle: Regler\n---\n## Nye regler\n\nNye regler, rettet.\n",
    );
    let log = server.log();
    assert!(
        log.contains("showed content/e2/regler.md in "),
        "the page was not shown before the full build:\n{log}"
    );
    assert!(server.get("/regler/").2.contains("Nye regler, rettet."));
    assert!(server.get("/e2/regler/").2.contains("Nye regler, rettet."));
    // The "what changed" page came with the full build.
    assert!(server.get("/e2/aendringer/").2.contains("rettet"));
    assert_served_as_a_clean_build_makes_it(&site, &server);
}

/// A save that arrives while the site is being built is shown at once, not after that build,
/// and the build that began before it does not take it back.
#[test]
fn a_save_during_a_full_build_is_shown_at_once_and_stays() {
    let mut site = two_editions();
    // Enough pages that the full build takes several times the pause below, even on a fast
    // machine: the second save must land while it runs.
    for i in 1..=4000 {
        site = site.page(
            &format!("e2/mange/side-{i}.md"),
            &format!("Side {i}"),
            "Tekst.\n",
        );
    }
    let server = Server::start(site.root());
    let page = site.root().join("content/e2/regler.md");
    save_by_rename(&page, "---\ntitle: Regler\n---\nFørste rettelse.\n");
    server.wait_for("the first edit shown", || shown_first(&server) == 1);
    let builds_before = builds(&server);
    // Late enough that the full build the first edit started has read the pages, and well
    // before it is done.
    std::thread::sleep(Duration::from_millis(200));
    save_by_rename(&page, "---\ntitle: Regler\n---\nAnden rettelse.\n");
    server.wait_for("the second edit shown", || shown_first(&server) == 2);
    assert_eq!(
        builds(&server),
        builds_before,
        "the second edit waited for the full build:\n{}",
        server.log()
    );
    assert!(server.get("/regler/").2.contains("Anden rettelse."));
    // The full builds finish (one more has ended, and the server is quiet for 3 s after
    // it); the page keeps the newest text throughout. A full build of this site takes
    // seconds on a busy machine, so "quiet" alone could pass while one still runs.
    let (mut seen, mut quiet_since) = (builds(&server), Instant::now());
    let deadline = Instant::now() + Duration::from_secs(120);
    while (seen == builds_before || quiet_since.elapsed() < Duration::from_secs(3))
        && Instant::now() < deadline
    {
        let (_, _, served) = server.get("/regler/");
        assert!(served.contains("Anden rettelse."), "{}", server.log());
        if builds(&server) != seen {
            (seen, quiet_since) = (builds(&server), Instant::now());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(seen > builds_before, "{}", server.log());
    let (_, _, served) = server.get("/regler/");
    site.build(&["--drafts"]);
    assert_eq!(
        without_reload_script(&served),
        site.read("regler/index.html")
    );
}

/// Edits whose effect reaches other pages are shown by the full build alone, which sees all
/// of it: a new title, a page turning from unchanged to changed, a broken link, a heading
/// another page links to.
#[test]
fn edits_that_reach_beyond_their_page_wait_for_the_whole_site() {
    let site = edition_with_anchors();
    let server = Server::start(site.root());
    let regler = site.root().join("content/e2/regler.md");
    let raad = site.root().join("content/e2/raad.md");
    let good = "---\ntitle: Nye regler\n---\n## Nye regler\n\nNye regler.\n";
    for (page, text) in [
        (&regler, good),
        (&raad, "---\ntitle: Råd\n---\nGode råd, nu ændret.\n"),
        (
            &regler,
            "---\ntitle: Nye regler\n---\n## Nye regler\n\nSe [mere](mangler.md).\n",
        ),
        (&regler, good),
        (
            &regler,
            "---\ntitle: Nye regler\n---\n## Andre regler\n\nNye regler.\n",
        ),
    ] {
        save_and_wait_for_the_build(&server, page, text);
        assert_eq!(shown_first(&server), 0, "{text}\n{}", server.log());
    }
    assert_eq!(failed_builds(&server), 2, "{}", server.log());
    assert!(server.log().contains("#nye-regler"), "{}", server.log());
}
