//! Answering requests from the last good build, held in memory.
//!
//! A request path becomes an [`OutPath`] (see [`OutPath::from_request`]) and is looked up in
//! the build's [`SiteFiles`](crate::output::SiteFiles); nothing else is read, so no path can
//! reach a file outside the site: there is no file-system path to escape from. The files a
//! build copies (images, the logo) are read from the site folder as they are sent, never
//! through a symlink out of it ([`super::files`]). A request must be addressed to this
//! computer by name ([`super::host`]); any other is refused before all of this. A folder is
//! served as its `index.html`, a folder asked for without its slash is redirected to it, and
//! anything else gets the site's own 404 page with status 404. HTML responses carry the
//! reload script ([`super::inject`]); nothing is cached by the browser, so a reload always
//! shows the newest build.

use super::files::{SiteFolder, Unreadable};
use super::inject;
use super::state::{Snapshot, State, Status};
use crate::address::OutPath;
use crate::config::Language;
use crate::output::{Contents, OutputFile, SiteFiles};
use axum::body::Body;
use axum::extract::{FromRef, State as Shared};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use tokio_stream::StreamExt;

/// What the handlers share: the builds, and the site folder copied files are read from.
#[derive(Clone)]
struct Handlers {
    state: Arc<State>,
    folder: Arc<SiteFolder>,
    /// Whether pages get "Rediger" (not with `serve --read-only`).
    editing: Editing,
}

/// Whether the editor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Editing {
    On,
    ReadOnly,
}

impl FromRef<Handlers> for Editing {
    fn from_ref(shared: &Handlers) -> Self {
        shared.editing
    }
}

impl FromRef<Handlers> for Arc<State> {
    fn from_ref(shared: &Handlers) -> Self {
        Arc::clone(&shared.state)
    }
}

impl FromRef<Handlers> for Arc<SiteFolder> {
    fn from_ref(shared: &Handlers) -> Self {
        Arc::clone(&shared.folder)
    }
}

/// Every address the server answers, each only for requests addressed to this computer on
/// `port` ([`super::host`]).
/// With an `editor`, its routes too and "Rediger" on every page.
pub(crate) fn router(
    state: Arc<State>,
    folder: SiteFolder,
    port: u16,
    editor: Option<Router>,
) -> Router {
    let shared = Handlers {
        state,
        folder: Arc::new(folder),
        editing: if editor.is_some() {
            Editing::On
        } else {
            Editing::ReadOnly
        },
    };
    Router::new()
        .route(inject::EVENTS_PATH, get(events))
        .route(inject::STATUS_PATH, get(status))
        .fallback(get(page))
        .with_state(shared)
        .merge(editor.unwrap_or_default())
        .layer(axum::middleware::from_fn_with_state(
            port,
            super::host::only_this_computer,
        ))
}

/// The status as it changes, as Server-Sent Events, until the server stops.
async fn events(Shared(state): Shared<Arc<State>>) -> impl IntoResponse {
    let stream = tokio_stream::wrappers::WatchStream::new(state.subscribe())
        .take_while(|s| !s.closing)
        .map(|s| Ok::<_, Infallible>(Event::default().event("status").data(json(&s))));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn status(Shared(state): Shared<Arc<State>>) -> Response {
    let mut response = json(&state.status()).into_response();
    set(&mut response, header::CONTENT_TYPE, "application/json");
    response
}

fn json(status: &Status) -> String {
    serde_json::to_string(status).unwrap_or_default()
}

/// What a request path finds in a build.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    File(OutPath),
    /// A folder asked for without its trailing slash.
    AddSlash,
    Missing,
}

/// The last good site and the newest search index, which is made after it in the background,
/// with the site folder the files they copy are read from.
struct Served {
    site: Arc<Snapshot>,
    search: Arc<SiteFiles>,
    folder: Arc<SiteFolder>,
    editing: Editing,
    /// What the editor can open, to add "Rediger" to those pages only.
    catalog: Arc<super::catalog::Catalog>,
}

impl Served {
    fn contains(&self, file: &OutPath) -> bool {
        self.site.contains(file) || self.search.contains(file)
    }

    fn get(&self, file: &OutPath) -> Option<&OutputFile> {
        self.site.get(file).or_else(|| self.search.get(file))
    }
}

fn find(served: &Served, path: &str) -> Found {
    let found = look_up(served, path);
    match (&found, served.site.addresses.strip_base_path(path)) {
        // Pages made for the web (the 404 page) name addresses below the base path.
        (Found::Missing, Some(inside)) => look_up(served, inside),
        _ => found,
    }
}

fn look_up(served: &Served, path: &str) -> Found {
    let Some(address) = OutPath::from_request(path) else {
        return Found::Missing;
    };
    let file = address.as_file();
    if served.contains(&file) {
        Found::File(file)
    } else if !address.is_folder() && served.contains(&address.as_folder().as_file()) {
        Found::AddSlash
    } else {
        Found::Missing
    }
}

async fn page(
    Shared(state): Shared<Arc<State>>,
    Shared(folder): Shared<Arc<SiteFolder>>,
    Shared(editing): Shared<Editing>,
    uri: Uri,
) -> Response {
    let Some(site) = state.site() else {
        let generation = state.status().generation;
        let body = inject::waiting_page(generation, Language::Da);
        return respond(StatusCode::SERVICE_UNAVAILABLE, "waiting.html", body);
    };
    let served = Served {
        site,
        search: state.search_index(),
        folder,
        editing,
        catalog: state.catalog(),
    };
    match find(&served, uri.path()) {
        Found::File(file) => serve_file(&served, &file, StatusCode::OK).await,
        Found::AddSlash => redirect(&uri),
        Found::Missing => {
            let not_found = served.site.addresses.not_found();
            serve_file(&served, &not_found, StatusCode::NOT_FOUND).await
        }
    }
}

async fn serve_file(served: &Served, file: &OutPath, code: StatusCode) -> Response {
    let site = &served.site;
    let bytes = match served.get(file).map(|f| &f.contents) {
        Some(Contents::Bytes(bytes)) => bytes.clone(),
        Some(Contents::Copy(source)) => match read_copied(&served.folder, source).await {
            Ok(bytes) => bytes,
            Err(response) => return response,
        },
        // `serve` keeps its pages in memory; a page written to disk has nothing to serve.
        Some(Contents::Written) | None => return plain(code, "Not found"),
    };
    let name = file.as_str();
    if !content_type(name).starts_with("text/html") {
        return respond(code, name, bytes);
    }
    let version = inject::version(&bytes);
    let mut script = inject::script(name, site.generation, &version, site.language);
    if served.editing == Editing::On && served.catalog.is_editable(name) {
        script.push_str(&inject::edit_links(name, site.language));
    }
    let mut response = respond(code, name, inject::into_html(&bytes, &script));
    if let Ok(value) = HeaderValue::from_str(&version) {
        response.headers_mut().insert(inject::VERSION_HEADER, value);
    }
    response
}

/// The bytes of a file the build copies from `source`, read now, or the answer to give
/// instead: a file that is gone or has become a symlink out of the site is not found.
async fn read_copied(
    folder: &Arc<SiteFolder>,
    source: &std::path::Path,
) -> Result<Vec<u8>, Response> {
    let (folder, path): (Arc<SiteFolder>, PathBuf) = (Arc::clone(folder), source.to_path_buf());
    let read = tokio::task::spawn_blocking(move || folder.read(&path)).await;
    match read {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(Unreadable::Missing)) => Err(plain(
            StatusCode::NOT_FOUND,
            "Not found: the file has been removed since the last build",
        )),
        Ok(Err(Unreadable::Refused)) => Err(plain(
            StatusCode::NOT_FOUND,
            "Not found: the file is now a link to a file outside the site folder, or no plain \
             file; pjece serve sends only files of the site folder",
        )),
        Ok(Err(Unreadable::Failed(e))) => Err(plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("could not read {}: {e}", source.display()),
        )),
        Err(_) => Err(plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("could not read {}", source.display()),
        )),
    }
}

fn respond(code: StatusCode, name: &str, body: Vec<u8>) -> Response {
    let mut response = (code, Body::from(body)).into_response();
    set(&mut response, header::CONTENT_TYPE, content_type(name));
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

fn plain(code: StatusCode, text: &str) -> Response {
    respond(code, "error.txt", text.as_bytes().to_vec())
}

/// `/gode-raad` → `/gode-raad/`, keeping the query; the location is the request's own path,
/// so it stays below whatever path the browser used.
fn redirect(uri: &Uri) -> Response {
    let mut location = format!("{}/", uri.path());
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

fn set(response: &mut Response, name: header::HeaderName, value: &'static str) {
    response
        .headers_mut()
        .insert(name, HeaderValue::from_static(value));
}

/// The media type of a file, by its extension; files without a known one are sent as
/// bytes to download.
fn content_type(name: &str) -> &'static str {
    let file_name = name.rsplit('/').next().unwrap_or(name);
    let extension = file_name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        // Files without an extension that pjece writes (`_redirects`) are text.
        "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFile, SiteFiles};

    fn site() -> Served {
        let config = crate::serve::state::tests::config();
        let page = |p: &str| OutputFile::generated(&OutPath::for_tests(p), p, "x");
        let site = Snapshot::new(
            SiteFiles::assemble(vec![
                page("index.html"),
                page("a/index.html"),
                page("s/x.css"),
            ])
            .unwrap(),
            crate::address::Addresses::new(&config),
            Language::Da,
            1,
        );
        Served {
            site: Arc::new(site),
            search: Arc::new(SiteFiles::assemble(vec![page("pagefind/pagefind.js")]).unwrap()),
            folder: Arc::new(SiteFolder::new(std::path::Path::new("/site"))),
            editing: Editing::ReadOnly,
            catalog: Arc::default(),
        }
    }

    #[test]
    fn folders_files_redirects_and_misses() {
        let s = site();
        let file = |p: &str| Found::File(OutPath::for_tests(p));
        assert_eq!(find(&s, "/"), file("index.html"));
        assert_eq!(find(&s, "/a/"), file("a/index.html"));
        assert_eq!(find(&s, "/a"), Found::AddSlash);
        assert_eq!(find(&s, "/s/x.css"), file("s/x.css"));
        assert_eq!(
            find(&s, "/pagefind/pagefind.js"),
            file("pagefind/pagefind.js"),
            "the search index made after the site"
        );
        assert_eq!(find(&s, "/s/"), Found::Missing);
        assert_eq!(find(&s, "/a/../s/x.css"), Found::Missing);
        assert_eq!(
            find(&s, "/r/a/"),
            file("a/index.html"),
            "below the base path"
        );
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("F.WOFF2"), "font/woff2");
        assert_eq!(content_type("atom.xml"), "application/xml");
        assert_eq!(content_type("_redirects"), "text/plain; charset=utf-8");
        assert_eq!(content_type("x.docx"), "application/octet-stream");
        // The search index's own formats are bytes to the browser.
        assert_eq!(
            content_type("pagefind/wasm.da.pagefind"),
            "application/octet-stream"
        );
        assert_eq!(
            content_type("pagefind/index/da_1.pf_index"),
            "application/octet-stream"
        );
        assert_eq!(
            content_type("pagefind/pagefind.js"),
            "text/javascript; charset=utf-8"
        );
    }
}
