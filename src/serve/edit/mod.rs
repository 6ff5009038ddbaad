//! The editor of `pjece serve`: every page and leaflet panel can be edited in the browser,
//! beside its real rendering, by people who never open a terminal or a YAML file.
//!
//! - [`page`] sends the editor itself (one HTML page, its script and stylesheet, all inside
//!   pjece: it works offline) for a page of the site ("Rediger" on every page and panel,
//!   added by [`super::inject`]).
//! - [`api`] answers the editor: a file's text and form fields, the preview of unsaved text
//!   ([`preview`]: the whole site built in memory with it), saving (refused when the file
//!   changed on disk since it was opened), images, new, renamed and deleted pages, the
//!   edition's fields, a new edition and publishing one, each with the checks of the
//!   command that does the same.
//! - Only the editor page this server sent can call it ([`guard`]), and only files of the
//!   content folder can be named ([`paths`]); what the editor can open comes from the last
//!   good build ([`super::catalog`]).
//!
//! `serve --read-only` mounts none of this, and pages get no "Rediger".

mod api;
mod guard;
mod page;
mod paths;
mod preview;

use super::state::State;
use crate::config::Language;
use axum::routing::{get, post};
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the editor lives; its API is below [`API_PATH`].
pub(crate) const EDITOR_PATH: &str = "/__pjece/edit/";
const API_PATH: &str = "/__pjece/edit/api";

/// What the editor's handlers share.
pub(crate) struct Editor {
    session: Arc<guard::Session>,
    /// The site folder, as `serve` was given it.
    root: PathBuf,
    content: paths::ContentFolder,
    state: Arc<State>,
    previews: preview::Previews,
}

impl Editor {
    /// The editor of the site in `root`, for a server on `port`.
    pub(crate) fn start(root: &Path, port: u16, state: &Arc<State>) -> anyhow::Result<Arc<Editor>> {
        let config = crate::config::load(root)?;
        Ok(Arc::new(Editor {
            session: guard::Session::new(port)?,
            root: root.to_path_buf(),
            content: paths::ContentFolder::new(&config.root, &config.content_dir()),
            state: Arc::clone(state),
            previews: preview::Previews::start(root.to_path_buf())?,
        }))
    }

    /// No preview starts from now on.
    pub(crate) fn close(&self) {
        self.previews.close();
    }

    /// The language of the last good build (Danish until there is one).
    fn language(&self) -> Language {
        self.state.site().map_or(Language::Da, |s| s.language)
    }
}

/// The editor's routes: its page and files, and the API behind the session guard.
pub(crate) fn router(editor: Arc<Editor>) -> Router {
    let api = Router::new()
        .route("/catalog", get(api::catalog))
        .route("/source", get(api::source))
        .route("/preview", post(api::preview))
        .route("/save", post(api::save))
        .route("/image", post(api::image))
        .route("/fields", get(api::read_fields).post(api::save_fields))
        .route("/page/new", post(api::new_page))
        .route("/page/rename", post(api::rename_page))
        .route("/page/consequences", get(api::delete_consequences))
        .route("/page/delete", post(api::delete_page))
        .route("/edition/new", post(api::new_edition))
        .route("/edition/publish", post(api::publish_edition))
        .layer(axum::extract::DefaultBodyLimit::max(
            paths::MAX_IMAGE_BYTES + 64 * 1024,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&editor.session),
            guard::only_the_editor,
        ))
        .with_state(Arc::clone(&editor));
    Router::new()
        .route(EDITOR_PATH, get(page::editor))
        .route(page::SCRIPT_PATH, get(page::script))
        .route(page::STYLE_PATH, get(page::style))
        .with_state(editor)
        .nest(API_PATH, api)
}
