//! `pjece serve`: a preview of the site on this computer that follows every save.
//!
//! Steps: bind `127.0.0.1:<port>` (only this computer can connect; a taken port is a usage
//! error that suggests `--port`) → start watching the site's files ([`watch`]) → start the
//! builder threads ([`rebuild`]), which build with drafts at once and after every batch of
//! changes, showing a save that changed only the text of pages before the full build →
//! answer requests from the last good build in memory ([`http`]) until Ctrl-C.
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
use std::time::Duration;

/// The port `pjece serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

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
}

/// Serves the site until Ctrl-C; returns the last line to print.
pub fn run(options: &ServeOptions) -> Result<String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the server")?;
    runtime.block_on(serve(options))?;
    Ok("stopped".to_string())
}

async fn serve(options: &ServeOptions) -> Result<()> {
    let listener = bind(options.port).await?;
    let url = format!("http://{}/", listener.local_addr()?);
    let state = State::new();
    start_builder(options, &state)?;
    println!("serving the site with drafts at {url}");
    println!("only this computer can open it (127.0.0.1); nothing is written to public/");
    println!(
        "watching {} for changes; press Ctrl-C to stop",
        watched_list()
    );
    if options.open {
        open_in_browser(&url);
    }
    let stopping = Arc::new(tokio::sync::Notify::new());
    let server = axum::serve(listener, http::router(Arc::clone(&state)))
        .with_graceful_shutdown(stop_on_ctrl_c(Arc::clone(&state), Arc::clone(&stopping)));
    tokio::select! {
        result = server => result.context("the server stopped")?,
        // A browser that keeps a connection open must not keep pjece running.
        () = async { stopping.notified().await; tokio::time::sleep(Duration::from_secs(3)).await } => {}
    }
    Ok(())
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

/// Starts watching and the builder thread, which makes the first build at once.
fn start_builder(options: &ServeOptions, state: &Arc<State>) -> Result<()> {
    let (changes, queue) = std::sync::mpsc::channel();
    let watcher = watch::Watcher::start(&options.root, options.poll, changes)?;
    let workers = rebuild::Workers {
        leaflets: leaflet_check::LeafletChecks::start(Arc::clone(state)),
        search: search_index::SearchIndexer::start(Arc::clone(state)),
    };
    let root = options.root.clone();
    let state = Arc::clone(state);
    std::thread::Builder::new()
        .name("pjece-build".into())
        .spawn(move || rebuild::run(&root, &state, &queue, watcher, &workers))
        .context("could not start the builder")?;
    Ok(())
}

fn watched_list() -> String {
    watch::WATCHED
        .iter()
        .map(|name| {
            if name.contains('.') {
                name.to_string()
            } else {
                format!("{name}/")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn stop_on_ctrl_c(state: Arc<State>, stopping: Arc<tokio::sync::Notify>) {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
    println!("\nstopping …");
    state.close();
    stopping.notify_one();
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
