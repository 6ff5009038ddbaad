//! `pjece serve`: a preview of the site on this computer that follows every save.
//!
//! Steps: bind `127.0.0.1:<port>` (only this computer can connect; a taken port is a usage
//! error that suggests `--port`) → start watching the site's files ([`watch`]) → start the
//! builder threads ([`rebuild`]), which build with drafts at once and after every batch of
//! changes, showing a save that changed only the text of pages before the full build →
//! answer requests from the last good build in memory ([`http`]), only those addressed to
//! this computer ([`host`]), until Ctrl-C or `kill`, then stop in order ([`serve`]).
//!
//! Nothing is written: not `public/`, not anything else. The site is served at `/` whatever
//! the path of `base_url`, which works because pjece's links are relative. Every HTML page
//! sent gets a small script ([`inject`]) that reloads it after a rebuild that changed it and
//! shows a failed build's problems over it. After each good build [`leaflet_check`] can measure the
//! leaflets in the background and show what does not fit over the leaflet page.
//!
//! The builds run on their own thread, not in the async runtime: a build is CPU work (with
//! rayon inside) and must never hold up a request, which is answered from the previous
//! build until the new one is ready.

mod catalog;
mod edit;
mod files;
mod host;
mod http;
mod inject;
mod leaflet_check;
mod queue;
mod rebuild;
mod search_index;
mod state;
mod watch;

use crate::diagnostic::UsageError;
use anyhow::{Context, Result};
use state::State;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The port `pjece serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// How long stopping waits for open connections to close.
const CONNECTIONS_WAIT: Duration = Duration::from_secs(3);
/// How long stopping waits for the build and the background jobs under way.
const JOBS_WAIT: Duration = Duration::from_secs(2);

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.yaml`).
    pub root: PathBuf,
    pub port: u16,
    /// Open the site in the default browser once the server runs.
    pub open: bool,
    /// Poll for changes instead of relying on the system's change notifications.
    pub poll: bool,
    /// No editor: pages are shown, never changed.
    pub read_only: bool,
}

/// Serves the site until Ctrl-C or `kill`; returns the last line to print.
pub fn run(options: &ServeOptions) -> Result<String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the server")?;
    let served = runtime.block_on(serve(options));
    // A file read still under way for a closed connection is not waited for.
    runtime.shutdown_timeout(Duration::from_millis(500));
    served?;
    Ok("stopped".to_string())
}

/// Serves until a stop signal, then stops in order: no new connections, the open ones
/// closed (or given up on after [`CONNECTIONS_WAIT`]), every browser ended, the watcher,
/// the builder and the background workers stopped (waiting up to [`JOBS_WAIT`] for a job
/// under way). The caller's [`crate::interrupt::Run`] then removes the temporary folder.
async fn serve(options: &ServeOptions) -> Result<()> {
    // First of all: a signal from here on stops the server in order instead of killing it.
    let signals = StopSignals::listen()?;
    let listener = bind(options.port).await?;
    let address = listener.local_addr()?;
    let url = format!("http://{address}/");
    let state = State::new();
    let builder = rebuild::Builder::start(&options.root, options.poll, &state)?;
    println!("serving the site with drafts at {url}");
    println!("only this computer can open it (127.0.0.1); nothing is written to public/");
    println!(
        "watching the site folder for changes (not {}, hidden files or folders); press Ctrl-C to stop",
        not_watched_list()
    );
    if options.open {
        open_in_browser(&url);
    }
    let editor = match options.read_only {
        true => None,
        false => Some(edit::Editor::start(&options.root, address.port(), &state)?),
    };
    match &editor {
        Some(_) => println!(
            "edit any page in the browser: \"Rediger\" on the page (--read-only turns this off)"
        ),
        None => println!("read-only: pages cannot be edited in the browser"),
    }
    let stopping = Arc::new(tokio::sync::Notify::new());
    let app = http::router(
        Arc::clone(&state),
        files::SiteFolder::new(&options.root),
        address.port(),
        editor.clone().map(edit::router),
    );
    let server = axum::serve(listener, app).with_graceful_shutdown(stop_on_signal(
        signals,
        Arc::clone(&state),
        Arc::clone(&stopping),
    ));
    let served = tokio::select! {
        result = server => result.context("the server stopped"),
        // A browser that keeps a connection open must not keep pjece running.
        () = async { stopping.notified().await; tokio::time::sleep(CONNECTIONS_WAIT).await } => Ok(()),
    };
    if let Some(editor) = &editor {
        editor.close();
    }
    tokio::task::block_in_place(|| stop_building(builder));
    served
}

/// Ends every browser first, so that a leaflet check waiting on one ends at once, then the
/// builder and its workers.
fn stop_building(builder: rebuild::Builder) {
    crate::chromium::end_all_browsers();
    if !builder.stop(Instant::now() + JOBS_WAIT) {
        eprintln!("a build or background job was still running; it was left unfinished");
    }
}

async fn bind(port: u16) -> Result<tokio::net::TcpListener> {
    match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(UsageError(format!(
            "port {port} is already in use on this computer (is pjece serve already running?)\n  hint: choose another port, e.g. pjece serve --port {}",
            port.saturating_add(1)
        ))
        .into()),
        Err(e) => Err(UsageError(format!(
            "could not use port {port}: {e}\n  hint: choose another port with --port"
        ))
        .into()),
    }
}

fn not_watched_list() -> String {
    watch::NOT_READ
        .iter()
        .map(|name| format!("{name}/"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Waits for a stop signal, then ends the event streams so that the server can stop.
async fn stop_on_signal(
    signals: StopSignals,
    state: Arc<State>,
    stopping: Arc<tokio::sync::Notify>,
) {
    signals.wait().await;
    println!("\nstopping …");
    state.close();
    stopping.notify_one();
}

/// Ctrl-C (SIGINT), `kill` (SIGTERM) and a closed terminal (SIGHUP), listened to from the
/// moment this is made: each would otherwise end the process on the spot, leaving its
/// browsers running and its temporary folder behind.
#[cfg(unix)]
struct StopSignals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
    hang_up: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl StopSignals {
    fn listen() -> Result<StopSignals> {
        use tokio::signal::unix::{signal, SignalKind};
        let listen = |kind| signal(kind).context("could not listen for Ctrl-C");
        Ok(StopSignals {
            interrupt: listen(SignalKind::interrupt())?,
            terminate: listen(SignalKind::terminate())?,
            hang_up: listen(SignalKind::hangup())?,
        })
    }

    async fn wait(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
            _ = self.hang_up.recv() => {}
        }
    }
}

/// Ctrl-C, where there are no Unix signals.
#[cfg(not(unix))]
struct StopSignals;

#[cfg(not(unix))]
impl StopSignals {
    fn listen() -> Result<StopSignals> {
        Ok(StopSignals)
    }

    async fn wait(self) {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Opens `url` in the default browser; says so when that is not possible.
fn open_in_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let opened = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}

/// Makes the calling thread, and the programs it starts, yield to the builder and the server
/// (Linux: `nice` 10 for this thread alone); elsewhere nothing changes.
pub(crate) fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only changes the scheduling priority of the calling thread (`0`).
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
