//! The only place that shells out to a browser: find Chromium, run it headless, print a
//! page to PDF and measure a page's layout.
//!
//! The leaflet is laid out by the same engine that prints it, so both the PDF and the
//! panel-fit check go through one [`Browser`] session:
//! 1. [`find_chromium`] picks the executable (`CHROME`, then well-known names on `PATH`);
//! 2. [`Browser::launch`] starts it once, headless, with a fresh throw-away profile;
//! 3. [`Browser::tab`] gives a tab; [`BrowserTab::open`] loads an HTML file in it and asks
//!    the page when it is ready (loaded, fonts loaded, laid out) instead of waiting a fixed
//!    time; the [`Page`] it returns is measured ([`Page::evaluate_json`]) and printed
//!    ([`Page::print_pdf`]). A tab serves page after page; threads may each hold a tab of
//!    one browser, and the browser loads their pages in parallel.
//!
//! Why the DevTools protocol (the `headless_chrome` crate) rather than `chromium
//! --print-to-pdf`: the command line can print but cannot measure, it starts a new browser
//! (about a second) per file, and it gives no say over when the page counts as ready: it
//! may print before web fonts have loaded. Over the protocol one launch serves every call,
//! `preferCSSPageSize` lets the CSS `@page` size win, and the fit check reads
//! `scrollHeight`/`clientHeight` from the real layout. The crate's downloader sits behind
//! its `fetch` feature, which pjece does not enable, and the executable is always passed
//! explicitly, so no browser is ever downloaded.
//!
//! Every operation runs under a deadline ([`DEFAULT_TIMEOUT`]); a page that never finishes
//! loading or a browser that hangs becomes an error naming the step and the file.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use headless_chrome::protocol::cdp::Runtime;
use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{LaunchOptions, Tab};

/// How long one step (launch, load, print, evaluate) may take. A tri-fold leaflet prints in
/// well under a second; a minute leaves room for a slow CI machine without hanging a build.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Executable names tried on `PATH`, in order: Debian's package first, then the names used
/// by Ubuntu, Google's packages and some container images.
const BROWSER_NAMES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

const INSTALL_HINT: &str =
    "install Chromium: `apt-get install chromium` on Debian, or set CHROME=/path/to/chrome";

/// How long `--version` may take; a browser answers in well under a second.
const VERSION_DEADLINE: Duration = Duration::from_secs(10);

/// Asks `executable --version` and expects a Chromium or Chrome to answer. Handing the
/// DevTools launcher something else (`CHROME=/bin/sleep`) makes it wait minutes for a port
/// that never opens; this fails in a second, saying what the program is instead.
fn confirm_is_a_browser(executable: &Path) -> Result<()> {
    let mut child = std::process::Command::new(executable)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", executable.display()))?;
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > VERSION_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut answer = String::new();
    if let Some(out) = child.stdout.take() {
        use std::io::Read;
        let _ = out.take(4096).read_to_string(&mut answer);
    }
    let looks_right = status.is_some_and(|s| s.success())
        && ["Chromium", "Chrome"]
            .iter()
            .any(|name| answer.contains(name));
    if looks_right {
        return Ok(());
    }
    let said = match (status, answer.trim()) {
        (None, _) => format!(
            "did not answer `--version` within {} s",
            VERSION_DEADLINE.as_secs()
        ),
        (Some(_), "") => "printed nothing for `--version`".to_string(),
        (Some(_), text) => format!(
            "answered `--version` with \"{}\"",
            text.lines().next().unwrap_or(text)
        ),
    };
    bail!(
        "{} is not a Chromium or Chrome browser: it {said}; {INSTALL_HINT}",
        executable.display()
    )
}

/// Finds the browser: the `CHROME` environment variable if set, otherwise the first known
/// browser name on `PATH`.
pub(crate) fn find_chromium() -> Result<PathBuf> {
    locate_browser(std::env::var_os("CHROME"), std::env::var_os("PATH"))
}

/// [`find_chromium`] with the environment passed in, so tests need not mutate the process
/// environment (which other tests running in parallel would see).
fn locate_browser(chrome: Option<OsString>, path: Option<OsString>) -> Result<PathBuf> {
    if let Some(chrome) = chrome.filter(|value| !value.is_empty()) {
        let chrome = PathBuf::from(chrome);
        if !is_executable(&chrome) {
            bail!(
                "CHROME is set to {}, which is not an executable file; {INSTALL_HINT}",
                chrome.display()
            );
        }
        return Ok(chrome);
    }
    let dirs: Vec<PathBuf> = path
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    BROWSER_NAMES
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(|| {
            anyhow!(
                "no Chromium or Chrome found on PATH (looked for {}); {INSTALL_HINT}",
                BROWSER_NAMES.join(", ")
            )
        })
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// One running headless browser. Dropping it ends the browser process and then removes its
/// temporary profile (fields drop in declaration order).
pub(crate) struct Browser {
    chrome: headless_chrome::Browser,
    /// Whether [`Browser::initial_tab`] has handed out the browser's first tab.
    initial_taken: std::sync::atomic::AtomicBool,
    _profile: Profile,
    /// Dropped last: the browser is in the registry until it has ended and its profile is gone.
    _running: Registered,
    timeout: Duration,
}

/// Every browser this process runs, so that Ctrl-C, `kill` or the end of `serve` can end
/// them all ([`end_all_browsers`]): the [`Browser`] values are out of reach on other
/// threads, and a browser left running outlives pjece with its profile folder.
struct Registry {
    /// Set by [`end_all_browsers`]: from then on no browser starts.
    closing: bool,
    /// Launches under way, whose browser process may exist before its id is known.
    launching: usize,
    browsers: Vec<Running>,
    next_id: u64,
}

/// A browser of the registry: its process (the browser itself; its helpers are found from
/// it) and its profile folder.
#[derive(Debug, Clone)]
struct Running {
    id: u64,
    pid: Option<u32>,
    profile: PathBuf,
}

static REGISTRY: std::sync::Mutex<Registry> = std::sync::Mutex::new(Registry {
    closing: false,
    launching: 0,
    browsers: Vec::new(),
    next_id: 0,
});

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A launch under way, counted in the registry until it has a browser or has failed.
struct Launching {
    done: bool,
}

impl Launching {
    /// Counts a launch; refused once the browsers are being ended.
    fn begin() -> Result<Launching> {
        let mut registry = registry();
        if registry.closing {
            bail!("pjece is stopping; no browser is started");
        }
        registry.launching += 1;
        Ok(Launching { done: false })
    }

    /// Registers the started browser (process `pid`, profile `profile`).
    fn launched(mut self, pid: Option<u32>, profile: &Path) -> Registered {
        let mut registry = registry();
        registry.launching -= 1;
        self.done = true;
        let id = registry.next_id;
        registry.next_id += 1;
        registry.browsers.push(Running {
            id,
            pid,
            profile: profile.to_path_buf(),
        });
        Registered { id }
    }
}

impl Drop for Launching {
    fn drop(&mut self) {
        if !self.done {
            registry().launching -= 1;
        }
    }
}

/// A browser's place in the registry, given up when the [`Browser`] is dropped.
struct Registered {
    id: u64,
}

impl Drop for Registered {
    fn drop(&mut self) {
        registry().browsers.retain(|b| b.id != self.id);
    }
}

/// The beginning of every browser profile folder's name, by which a browser of pjece's is
/// told from any other.
const PROFILE_PREFIX: &str = "pjece-chromium-";

/// How long [`end_all_browsers`] waits for launches under way and for processes to end.
const ENDING_DEADLINE: Duration = Duration::from_secs(10);

/// Ends every browser this process started, with all their helper processes, and removes
/// their profile folders; afterwards no browser starts. For the end of a run whatever ends
/// it: the interrupt handler, `serve` shutting down, `main` returning. Safe to call from any
/// thread and more than once; browsers in use on other threads fail from then on.
pub fn end_all_browsers() {
    let deadline = std::time::Instant::now() + ENDING_DEADLINE;
    let mut ended: Vec<Running> = Vec::new();
    loop {
        let (launching, browsers) = {
            let mut registry = registry();
            registry.closing = true;
            (registry.launching, registry.browsers.clone())
        };
        for browser in &browsers {
            kill_browser(browser);
            if !ended.iter().any(|e| e.id == browser.id) {
                ended.push(browser.clone());
            }
        }
        // A launch under way may have started its process without knowing its id yet: it
        // is found among this process's children.
        if launching > 0 {
            kill_children_that_are_browsers();
        }
        if launching == 0 || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for browser in &ended {
        wait_until_gone(&browser.profile, deadline);
        remove_profile(&browser.profile);
    }
}

/// Ends the browsers that an ended run left running, with their helpers: `kill -9` and a
/// power cut allow a run no clearing up, and Chromium outlives the process that started it.
/// They are the processes naming a browser profile (`pjece-chromium-…`) that lies in
/// `folder`, the ended run's temporary folder: the browser, its helpers, its crash handler.
pub fn end_browsers_left_in(folder: &Path) {
    let left = || -> Vec<u32> {
        let wanted = folder.to_string_lossy().into_owned();
        all_processes()
            .into_iter()
            .filter(|pid| *pid != std::process::id())
            .filter(|pid| {
                command_line(*pid)
                    .is_some_and(|line| line.contains(&wanted) && line.contains(PROFILE_PREFIX))
            })
            .collect()
    };
    let deadline = std::time::Instant::now() + ENDING_DEADLINE;
    loop {
        let pids = left();
        if pids.is_empty() || std::time::Instant::now() > deadline {
            return;
        }
        pids.into_iter().for_each(send_kill);
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Kills the browser process and every helper it started (their command lines name its
/// profile folder), so that none outlives it holding the profile open.
fn kill_browser(browser: &Running) {
    let mut pids = processes_naming(&browser.profile);
    if let Some(pid) = browser.pid {
        pids.push(pid);
        pids.extend(descendants_of(pid));
    }
    for pid in pids {
        send_kill(pid);
    }
}

#[cfg(unix)]
fn send_kill(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill only sends a signal; the pids are this process's browsers and helpers.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
}

#[cfg(not(unix))]
fn send_kill(_: u32) {}

/// Kills the children of this process that are browsers (their command line holds
/// `--user-data-dir` of a `pjece-chromium-` profile), with their helpers.
fn kill_children_that_are_browsers() {
    for pid in descendants_of(std::process::id()) {
        if command_line(pid).is_some_and(|line| line.contains(PROFILE_PREFIX)) {
            send_kill(pid);
        }
    }
}

/// Waits until no process names `profile` any more (a killed process ends a moment later).
fn wait_until_gone(profile: &Path, deadline: std::time::Instant) {
    while !processes_naming(profile).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The processes whose command line holds `path` (Linux; elsewhere none are found).
fn processes_naming(path: &Path) -> Vec<u32> {
    let wanted = path.to_string_lossy().into_owned();
    all_processes()
        .into_iter()
        .filter(|pid| *pid != std::process::id())
        .filter(|pid| command_line(*pid).is_some_and(|line| line.contains(&wanted)))
        .collect()
}

/// Every process below `pid`: its children, theirs, and so on (Linux `/proc`).
fn descendants_of(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = all_processes()
        .into_iter()
        .filter_map(|child| Some((child, parent_of(child)?)))
        .collect();
    let mut found = vec![pid];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(
            parents
                .iter()
                .filter(|(child, p)| *p == parent && !found.contains(child))
                .map(|(child, _)| *child)
                .collect::<Vec<_>>(),
        );
        next += 1;
    }
    found.remove(0);
    found
}

fn all_processes() -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .collect()
}

/// The command line of `pid`, its arguments joined by spaces; `None` once it has ended (a
/// process that has ended but not been waited for has an empty one).
fn command_line(pid: u32) -> Option<String> {
    let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).replace('\0', " "))
}

/// The parent of `pid`, from `/proc/<pid>/stat` (the field after the parenthesised name).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

/// Removes a profile folder. Chromium's helper processes may still write into it for a
/// moment after the browser is killed, which makes a single `remove_dir_all` fail with
/// "directory not empty"; it is tried again for up to two seconds.
fn remove_profile(profile: &Path) {
    for _ in 0..20 {
        match std::fs::remove_dir_all(profile) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(Duration::from_millis(100));
            }
            _ => return,
        }
    }
}

/// A fresh browser profile folder, so no state (cache, cookies, settings) carries over
/// between builds.
struct Profile(PathBuf);

impl Profile {
    fn create() -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix(PROFILE_PREFIX)
            .tempdir()
            .context("creating a temporary browser profile")?;
        Ok(Self(dir.keep()))
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        remove_profile(&self.0);
    }
}

impl Browser {
    /// Starts the browser found by [`find_chromium`].
    pub(crate) fn launch() -> Result<Self> {
        Self::launch_at(&find_chromium()?, DEFAULT_TIMEOUT)
    }

    /// Starts `executable` headless; every later step gets `timeout`.
    pub(crate) fn launch_at(executable: &Path, timeout: Duration) -> Result<Self> {
        confirm_is_a_browser(executable)?;
        // `--disable-background-networking`, `--no-first-run` and `--disable-sync` are in
        // the crate's default arguments; the rest keep a CI run quiet and offline.
        let launching = Launching::begin()?;
        let profile = Profile::create()?;
        let extra: [&OsStr; 1] = [OsStr::new("--disable-component-update")];
        let options = LaunchOptions {
            headless: true,
            sandbox: false, // builds often run as root in containers, where the sandbox fails
            enable_gpu: false,
            path: Some(executable.to_path_buf()),
            user_data_dir: Some(profile.0.clone()),
            // Chromium writes caches and settings under the home folder, whatever the profile
            // says; pointed into the temporary profile, they go when it goes.
            process_envs: Some(
                ["HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"]
                    .iter()
                    .map(|name| (name.to_string(), profile.0.to_string_lossy().into_owned()))
                    .collect(),
            ),
            args: extra.to_vec(),
            // The protocol connection drops after this long without traffic. Deadlines are
            // enforced per step below; this only has to outlast pauses between steps.
            idle_browser_timeout: Duration::from_secs(3600),
            ..LaunchOptions::default()
        };
        let chrome = headless_chrome::Browser::new(options)
            .map_err(|err| anyhow!("{err:#}"))
            .with_context(|| format!("starting {} headless", executable.display()))?;
        let running = launching.launched(chrome.get_process_id(), &profile.0);
        crate::pause::step("chromium.launched");
        Ok(Self {
            chrome,
            initial_taken: std::sync::atomic::AtomicBool::new(false),
            _profile: profile,
            _running: running,
            timeout,
        })
    }

    /// Prints `html` to `out`, with the page size from the CSS `@page` rule, backgrounds
    /// on and no margins, headers or footers added by the browser.
    #[cfg(test)]
    pub(crate) fn print_pdf(&self, html: &Path, out: &Path) -> Result<()> {
        let pdf = self.with_page(html, |page| page.print_pdf())?;
        std::fs::write(out, pdf).with_context(|| format!("writing {}", out.display()))
    }

    /// Evaluates `js_expression` in `html` once it is ready (see [`Page::evaluate_json`]).
    #[cfg(test)]
    pub(crate) fn evaluate_json(
        &self,
        html: &Path,
        js_expression: &str,
    ) -> Result<serde_json::Value> {
        self.with_page(html, |page| page.evaluate_json(js_expression))
    }

    /// Opens `html` in a tab of its own (see [`BrowserTab::open`]).
    #[cfg(test)]
    fn with_page<T>(&self, html: &Path, act: impl FnOnce(&Page<'_>) -> Result<T>) -> Result<T> {
        let tab = self.tab()?;
        let page = tab.open(html)?;
        act(&page)
    }

    /// The blank tab the browser starts with, the first time it is asked for: its renderer
    /// was started with the browser, so using it saves starting one. `None` afterwards, or
    /// if the browser shows no tab within a second.
    fn initial_tab(&self) -> Option<Arc<Tab>> {
        if self
            .initial_taken
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            return None;
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        while std::time::Instant::now() < deadline {
            let first = self.chrome.get_tabs().lock().ok()?.first().cloned();
            if first.is_some() {
                return first;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// A tab to open pages in, one after the other (the browser's first, blank one the
    /// first time). Creating a tab starts a renderer
    /// and is the slowest step of all (the browser creates tabs one at a time), so a tab is
    /// reused for page after page rather than opened per page. Several threads may each
    /// hold a tab of one browser and load pages at the same time.
    pub(crate) fn tab(&self) -> Result<BrowserTab<'_>> {
        let tab = match self.initial_tab() {
            Some(tab) => tab,
            None => self
                .chrome
                .new_tab()
                .map_err(|err| anyhow!("{err:#}"))
                .context("opening a browser tab")?,
        };
        tab.set_default_timeout(self.timeout);
        Ok(BrowserTab { browser: self, tab })
    }

    /// Runs `step` on its own thread and gives up after the session's timeout, so a hung
    /// browser becomes an error that names the step instead of a build that never ends.
    fn bounded<T, F>(&self, what: String, tab: Arc<Tab>, step: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Tab) -> anyhow::Result<T> + Send + 'static,
    {
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            // The receiver is gone only if the step already timed out; nothing to report.
            let _ = sender.send(step(&tab));
        });
        match receiver.recv_timeout(self.timeout) {
            Ok(result) => result.map_err(|err| anyhow!("{err:#}")).context(what),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(anyhow!(
                "timed out after {} s {what}",
                self.timeout.as_secs()
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(anyhow!(
                "the browser step stopped unexpectedly while {what}"
            )),
        }
    }
}

/// A tab of the [`Browser`], for opening pages one after the other. It is not closed when
/// dropped: it cannot outlive its browser, and closing it would make every build wait for
/// the browser to confirm, only to end the browser a moment later.
pub(crate) struct BrowserTab<'b> {
    browser: &'b Browser,
    tab: Arc<Tab>,
}

impl BrowserTab<'_> {
    /// Opens `html` in this tab and waits until the page says it is ready: loaded, every
    /// web font in use loaded, and laid out. Readiness is asked of the page itself rather
    /// than waited for by the clock, so a fast page is used at once and a slow one is never
    /// measured early.
    pub(crate) fn open(&self, html: &Path) -> Result<Page<'_>> {
        let url = file_url(html)?;
        let expected = url.clone();
        self.browser.bounded(
            format!("loading {}", html.display()),
            Arc::clone(&self.tab),
            move |tab| {
                tab.navigate_to(&url)?;
                wait_until_ready(tab, &expected)
            },
        )?;
        Ok(Page {
            browser: self.browser,
            tab: Arc::clone(&self.tab),
            html: html.to_path_buf(),
            _in: std::marker::PhantomData,
        })
    }
}

/// A page loaded and ready in a [`BrowserTab`], until the tab opens another.
pub(crate) struct Page<'t> {
    browser: &'t Browser,
    tab: Arc<Tab>,
    html: PathBuf,
    _in: std::marker::PhantomData<&'t BrowserTab<'t>>,
}

impl Page<'_> {
    /// The page as PDF: the page size from the CSS `@page` rule, backgrounds on, and no
    /// margins, headers or footers added by the browser.
    pub(crate) fn print_pdf(&self) -> Result<Vec<u8>> {
        self.browser.bounded(
            format!("printing {} to PDF", self.html.display()),
            Arc::clone(&self.tab),
            |tab| tab.print_to_pdf(Some(print_options())),
        )
    }

    /// Evaluates the JavaScript expression `js_expression` and returns its value as JSON.
    /// The expression may return a promise; its value must survive `JSON.stringify`
    /// (numbers, strings, arrays, plain objects).
    pub(crate) fn evaluate_json(&self, js_expression: &str) -> Result<serde_json::Value> {
        let html = self.html.display();
        // JSON.stringify in the page, not the protocol's own value transfer, so that
        // `undefined` and functions are caught here rather than silently becoming null.
        let script = format!("(async () => JSON.stringify(await ({js_expression})))()");
        let result = self.browser.bounded(
            format!("evaluating a script in {html}"),
            Arc::clone(&self.tab),
            move |tab| evaluate_in(tab, &script),
        )?;
        let json = match result {
            serde_json::Value::String(json) => json,
            _ => bail!(
                "the script in {html} returned no JSON value; \
                 does `{js_expression}` evaluate to something JSON.stringify accepts?"
            ),
        };
        serde_json::from_str(&json)
            .with_context(|| format!("reading the script result from {html}"))
    }
}

/// Asks the page, until it answers, whether `url` has loaded, its fonts are ready and its
/// layout is done. Right after navigating, the tab may still show the blank page it
/// opened with, or the page's script context may be replaced mid-question; both only mean
/// "ask again". The step's deadline bounds the asking.
fn wait_until_ready(tab: &Tab, url: &str) -> Result<()> {
    let script = READY.replace("URL", &serde_json::to_string(url)?);
    loop {
        match evaluate_in(tab, &script) {
            Ok(serde_json::Value::Bool(true)) => return Ok(()),
            Ok(_) => {}
            Err(err) if err.to_string().contains("net::ERR") => return Err(err),
            Err(_) => {}
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `false` while the tab shows another address; otherwise resolves to `true` once the
/// load event has fired, every web font is ready, and layout has been done (reading
/// `offsetHeight` forces it).
const READY: &str = "(async () => {
    if (decodeURI(location.href) !== decodeURI(URL)) return false;
    if (document.readyState !== 'complete') {
        await new Promise((done) => window.addEventListener('load', done, { once: true }));
    }
    await document.fonts.ready;
    return document.body ? document.body.offsetHeight >= 0 : true;
})()";

/// Evaluates `script` (awaiting a promise) and returns its value; a thrown exception
/// becomes an error carrying the browser's message.
fn evaluate_in(tab: &Tab, script: &str) -> Result<serde_json::Value> {
    let answer = tab.call_method(Runtime::Evaluate {
        expression: script.to_string(),
        return_by_value: Some(true),
        await_promise: Some(true),
        silent: Some(false),
        generate_preview: None,
        include_command_line_api: None,
        user_gesture: None,
        object_group: None,
        context_id: None,
        throw_on_side_effect: None,
        timeout: None,
        disable_breaks: None,
        repl_mode: None,
        allow_unsafe_eval_blocked_by_csp: None,
        unique_context_id: None,
        serialization_options: None,
    })?;
    if let Some(exception) = answer.exception_details {
        let detail = exception
            .exception
            .and_then(|thrown| thrown.description)
            .unwrap_or(exception.text);
        bail!("the script failed: {detail}");
    }
    Ok(answer.result.value.unwrap_or(serde_json::Value::Null))
}

/// The print options as text, for the key under which a printed PDF is cached.
pub(crate) fn print_options_fingerprint() -> String {
    format!("{:?}", print_options())
}

fn print_options() -> PrintToPdfOptions {
    PrintToPdfOptions {
        display_header_footer: Some(false),
        print_background: Some(true),
        prefer_css_page_size: Some(true),
        margin_top: Some(0.0),
        margin_bottom: Some(0.0),
        margin_left: Some(0.0),
        margin_right: Some(0.0),
        // Tagged PDF keeps headings and lists for screen readers (webtilgængelighedsloven).
        generate_tagged_pdf: Some(true),
        ..PrintToPdfOptions::default()
    }
}

/// A `file://` URL for `html`, percent-encoded so that spaces and æøå in folder names work.
fn file_url(html: &Path) -> Result<String> {
    let absolute = std::path::absolute(html)
        .with_context(|| format!("resolving the path {}", html.display()))?;
    if !absolute.is_file() {
        bail!("{} does not exist or is not a file", absolute.display());
    }
    url::Url::from_file_path(&absolute)
        .map(String::from)
        .map_err(|()| anyhow!("{} cannot be written as a file URL", absolute.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("temporary directory")
    }

    fn write_executable(path: &Path) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn chrome_variable_wins_over_path() {
        let dir = temp_dir();
        let chosen = dir.path().join("my-chrome");
        write_executable(&chosen);
        let on_path = dir.path().join("chromium");
        write_executable(&on_path);
        let found = locate_browser(
            Some(chosen.clone().into_os_string()),
            Some(dir.path().as_os_str().to_owned()),
        )
        .unwrap();
        assert_eq!(found, chosen);
    }

    #[test]
    fn chrome_variable_pointing_nowhere_is_an_error() {
        let dir = temp_dir();
        write_executable(&dir.path().join("chromium"));
        let missing = dir.path().join("no-such-chrome");
        let err = locate_browser(
            Some(missing.into_os_string()),
            Some(dir.path().as_os_str().to_owned()),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("CHROME is set to"), "{err}");
        assert!(err.contains("no-such-chrome"), "{err}");
    }

    #[test]
    fn path_is_searched_in_name_order() {
        let dir = temp_dir();
        write_executable(&dir.path().join("google-chrome"));
        write_executable(&dir.path().join("chromium-browser"));
        let found = locate_browser(None, Some(dir.path().as_os_str().to_owned())).unwrap();
        assert_eq!(found, dir.path().join("chromium-browser"));
    }

    #[test]
    fn missing_browser_says_what_to_install() {
        let dir = temp_dir();
        std::fs::write(dir.path().join("chromium"), "not executable").unwrap();
        let err = locate_browser(None, Some(dir.path().as_os_str().to_owned()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("apt-get install chromium"), "{err}");
        assert!(err.contains("CHROME="), "{err}");
    }

    fn write_page(dir: &Path, name: &str, html: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, html).unwrap();
        path
    }

    const TWO_A4_LANDSCAPE_SHEETS: &str = r#"<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Prøve</title><style>
@page { size: 297mm 210mm; margin: 0 }
body { margin: 0 }
.sheet { width: 297mm; height: 210mm; break-after: page; background: #cde }
</style></head><body><div class="sheet">Side 1</div><div class="sheet">Side 2</div></body></html>"#;

    #[test]
    fn prints_css_page_size_and_page_count() {
        let dir = temp_dir();
        // A space and æ in the folder name exercise the file URL encoding.
        let folder = dir.path().join("blå mappe");
        std::fs::create_dir(&folder).unwrap();
        let html = write_page(&folder, "ark.html", TWO_A4_LANDSCAPE_SHEETS);
        let pdf = folder.join("ark.pdf");
        let browser = Browser::launch().unwrap();
        browser.print_pdf(&html, &pdf).unwrap();

        let doc = lopdf::Document::load(&pdf).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);
        for id in pages.values() {
            let media = doc
                .get_dictionary(*id)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_float().unwrap())
                .collect::<Vec<_>>();
            assert!((media[2] - media[0] - 841.89).abs() < 0.5, "{media:?}");
            assert!((media[3] - media[1] - 595.28).abs() < 0.5, "{media:?}");
        }
    }

    #[test]
    fn evaluates_a_measurement_from_the_real_layout() {
        let dir = temp_dir();
        let html = write_page(
            dir.path(),
            "panel.html",
            r#"<!doctype html><html><head><style>
            #panel { width: 50mm; height: 20mm; overflow: hidden; font: 12pt/1.2 serif }
            </style></head><body><div id="panel">Ord ord ord ord ord ord ord ord ord ord ord
            ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord
            ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord.</div>
            </body></html>"#,
        );
        let browser = Browser::launch().unwrap();
        let measured = browser
            .evaluate_json(
                &html,
                "(() => { const p = document.getElementById('panel'); \
                 return { scroll: p.scrollHeight, client: p.clientHeight }; })()",
            )
            .unwrap();
        let scroll = measured["scroll"].as_f64().unwrap();
        let client = measured["client"].as_f64().unwrap();
        // 20 mm at 96 px per inch.
        assert!((client - 75.6).abs() < 1.0, "{measured}");
        assert!(scroll > client * 1.5, "text should overflow: {measured}");

        // The same session serves a second call.
        let sum = browser.evaluate_json(&html, "1 + 2").unwrap();
        assert_eq!(sum, serde_json::json!(3));
    }

    #[test]
    fn a_script_without_a_value_is_an_error() {
        let dir = temp_dir();
        let html = write_page(dir.path(), "tom.html", "<!doctype html><p>tom</p>");
        let browser = Browser::launch().unwrap();
        let err = browser
            .evaluate_json(&html, "undefined")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no JSON value"), "{err}");
        let err = browser
            .evaluate_json(&html, "no_such_function()")
            .unwrap_err();
        let err = format!("{err:#}");
        assert!(err.contains("evaluating a script"), "{err}");
        assert!(err.contains("no_such_function is not defined"), "{err}");
    }

    #[test]
    fn a_program_that_is_not_a_browser_is_refused_at_once() {
        let started = std::time::Instant::now();
        let err = Browser::launch_at(Path::new("/bin/sleep"), Duration::from_secs(5))
            .err()
            .expect("sleep is not a browser")
            .to_string();
        assert!(
            err.contains("/bin/sleep is not a Chromium or Chrome browser"),
            "{err}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_page_that_never_settles_times_out_with_the_step_named() {
        let dir = temp_dir();
        let html = write_page(dir.path(), "langsom.html", "<!doctype html><p>langsom</p>");
        // Long enough that a loaded machine still opens the page; the script never ends.
        let browser =
            Browser::launch_at(&find_chromium().unwrap(), Duration::from_secs(6)).unwrap();
        let err = browser
            .evaluate_json(&html, "new Promise(() => {})")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("timed out after 6 s evaluating a script"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_page_is_an_error_not_a_blank_pdf() {
        let dir = temp_dir();
        let browser = Browser::launch().unwrap();
        let err = browser
            .print_pdf(
                &dir.path().join("findes-ikke.html"),
                &dir.path().join("x.pdf"),
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not exist"), "{err}");
    }

    /// The theme's font must end up embedded in the PDF, in all four styles, with no
    /// system font standing in for a missing glyph.
    #[test]
    fn theme_font_is_embedded_in_every_style() {
        let fonts_css =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/kommune/static/fonts/fonts.css");
        let css_url = file_url(&fonts_css).unwrap();
        let dir = temp_dir();
        let html = write_page(
            dir.path(),
            "skrift.html",
            &format!(
                r#"<!doctype html><html lang="da"><head><meta charset="utf-8">
                <title>Skrift</title><link rel="stylesheet" href="{css_url}">
                <style>@page {{ size: 148mm 105mm; margin: 10mm }}
                body {{ font-family: "Source Sans 3"; font-size: 12pt }}</style></head><body>
                <p>Æbler, øl og ål – Sønderborg Kommune • „Gode råd“ …</p>
                <p><em>Kursiv: Ærø</em> <strong>Fed: ØÅ</strong>
                <strong><em>Fed kursiv: æøå</em></strong></p></body></html>"#
            ),
        );
        let pdf = dir.path().join("skrift.pdf");
        Browser::launch().unwrap().print_pdf(&html, &pdf).unwrap();

        let output = std::process::Command::new("pdffonts")
            .arg(&pdf)
            .output()
            .expect("pdffonts (poppler-utils) must be installed");
        assert!(output.status.success(), "{output:?}");
        let listing = String::from_utf8(output.stdout).unwrap();
        // Rows after the two header lines: name, type, encoding, emb, sub, uni, object, ID.
        let rows: Vec<Vec<&str>> = listing
            .lines()
            .skip(2)
            .map(|row| row.split_whitespace().collect())
            .collect();
        let names: Vec<&str> = rows
            .iter()
            .map(|row| row[0].split('+').next_back().unwrap())
            .collect();
        for style in [
            "SourceSans3-Regular",
            "SourceSans3-It",
            "SourceSans3-Bold",
            "SourceSans3-BoldIt",
        ] {
            assert!(names.contains(&style), "{style} missing:\n{listing}");
        }
        for row in &rows {
            assert!(
                row[0].contains("SourceSans3"),
                "a fallback font was used:\n{listing}"
            );
            let emb = row[row.len() - 5];
            assert_eq!(emb, "yes", "not embedded:\n{listing}");
        }

        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) must be installed");
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains("Æbler, øl og ål"), "{text}");
        assert!(text.contains("Fed kursiv: æøå"), "{text}");
    }
}
