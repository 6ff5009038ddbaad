//! The editor's API: JSON in and out, every call behind [`super::guard`], every file named
//! checked by [`super::paths`], every change made by the same code as the command that
//! makes it ([`crate::edit`], [`crate::edition_cmd`]).
//!
//! A refused call answers with a status and `{ "message", "hint"? }` in the site's language
//! (file and line where there is one), which the editor shows as it is.

use super::paths::{self, Kind, Refused, Source};
use super::Editor;
use crate::config::Language;
use crate::content::Unsaved;
use crate::diagnostic::SourceError;
use crate::edit::fields::{self, Field};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The front-matter keys the page form shows.
const PAGE_FIELDS: &[&str] = &["title", "summary"];
/// The `edition.yaml` keys the edition form shows.
const EDITION_FIELDS: &[&str] = &["label", "note", "published"];
/// The `guideline.yaml` keys the guideline form shows.
const GUIDELINE_FIELDS: &[&str] = &["title"];

/// A refusal, as the editor shows it.
pub(super) struct Refusal {
    status: StatusCode,
    message: String,
    hint: Option<String>,
}

impl Refusal {
    fn new(status: StatusCode, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
            hint: None,
        }
    }

    fn path(why: Refused, language: Language) -> Refusal {
        Refusal::new(StatusCode::FORBIDDEN, why.message(language))
    }

    fn source(error: &SourceError) -> Refusal {
        Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: error.to_string(),
            hint: None,
        }
    }

    /// A failed change: a problem at a place in the site as its message and hint, anything
    /// else as its chain of causes.
    fn failed(error: &anyhow::Error) -> Refusal {
        match error.chain().find_map(|c| c.downcast_ref::<SourceError>()) {
            Some(problem) => Refusal {
                hint: problem.hint.clone(),
                ..Refusal::source(&SourceError {
                    hint: None,
                    ..problem.clone()
                })
            },
            None => Refusal::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                crate::report::chain(error),
            ),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({ "message": self.message, "hint": self.hint })),
        )
            .into_response()
    }
}

pub(super) type Answer = Result<Response, Refusal>;

fn ok(value: serde_json::Value) -> Answer {
    Ok(Json(value).into_response())
}

/// A file of `kinds` named in a request, checked.
fn named(editor: &Editor, file: &str, kinds: &[Kind]) -> Result<Source, Refusal> {
    editor
        .content
        .source(file, kinds)
        .map_err(|why| Refusal::path(why, editor.language()))
}

/// The text of `source` now, and its version; a missing file is a conflict (it was removed
/// since it was opened).
fn read_text(editor: &Editor, source: &Source) -> Result<(String, String), Refusal> {
    let bytes = std::fs::read(&source.path).map_err(|e| {
        let message = match editor.language() {
            Language::Da => format!("{} kan ikke læses: {e}", source.shown),
            Language::En => format!("{} cannot be read: {e}", source.shown),
        };
        Refusal::new(StatusCode::CONFLICT, message)
    })?;
    let version = paths::version(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| {
        Refusal::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            match editor.language() {
                Language::Da => format!("{} er ikke gemt som UTF-8", source.shown),
                Language::En => format!("{} is not saved as UTF-8", source.shown),
            },
        )
    })?;
    Ok((text, version))
}

fn write_text(source: &Source, text: &str) -> Result<String, Refusal> {
    if text.len() > paths::MAX_TEXT_BYTES {
        return Err(Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("{} would be larger than 1 MB", source.shown),
        ));
    }
    crate::fsx::write_atomically(&source.path, text.as_bytes()).map_err(|e| Refusal::failed(&e))?;
    Ok(paths::version(text.as_bytes()))
}

pub(super) async fn catalog(State(editor): State<Arc<Editor>>) -> Response {
    Json(&*editor.state.catalog()).into_response()
}

#[derive(Deserialize)]
pub(super) struct FileQuery {
    file: String,
}

/// A page's Markdown text (without its front matter), its form fields and its version.
pub(super) async fn source(
    State(editor): State<Arc<Editor>>,
    Query(q): Query<FileQuery>,
) -> Answer {
    let source = named(&editor, &q.file, &[Kind::Page])?;
    let (text, version) = read_text(&editor, &source)?;
    let (body, body_line_offset) = fields::body_of(&text);
    let values = fields::read_front_matter_fields(&source.path, &text, PAGE_FIELDS)
        .map_err(|e| Refusal::source(&e))?;
    ok(json!({
        "file": source.shown,
        "body": body,
        "bodyLineOffset": body_line_offset,
        "fields": values,
        "version": version,
    }))
}

/// What the editor sends of a page: its Markdown text and form fields.
#[derive(Deserialize)]
pub(super) struct PageText {
    file: String,
    body: String,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    /// The version of the file the text was made from.
    #[serde(default)]
    version: String,
    /// The address to preview.
    #[serde(default)]
    view: String,
}

/// The page's whole file text with `sent`'s fields and body in place of `text`'s.
fn page_text(source: &Source, text: &str, sent: &PageText) -> Result<String, SourceError> {
    let changed: Vec<Field<'_>> = PAGE_FIELDS
        .iter()
        .filter_map(|key| {
            let value = sent.fields.get(*key)?;
            Some(Field {
                key,
                value: (!value.trim().is_empty() || *key == "title").then_some(value.as_str()),
            })
        })
        .collect();
    let with_fields = if changed.is_empty() {
        text.to_string()
    } else {
        fields::set_front_matter_fields(&source.path, text, &changed)?
    };
    Ok(fields::replace_body(&with_fields, &sent.body))
}

pub(super) async fn preview(
    State(editor): State<Arc<Editor>>,
    Json(sent): Json<PageText>,
) -> Answer {
    let source = named(&editor, &sent.file, &[Kind::Page])?;
    let (text, _) = read_text(&editor, &source)?;
    let view = crate::address::OutPath::from_request(&format!("/{}", sent.view))
        .map(|v| v.as_file())
        .ok_or_else(|| Refusal::new(StatusCode::BAD_REQUEST, "no address to preview"))?;
    let full = match page_text(&source, &text, &sent) {
        Ok(full) => full,
        Err(e) => {
            return ok(json!({ "html": null, "built": false, "problems": [
                { "level": "error", "file": source.shown, "line": e.position.map(|p| p.line), "column": e.position.map(|p| p.column), "message": e.message, "hint": e.hint }
            ]}))
        }
    };
    let unsaved = Unsaved {
        file: source.path.clone(),
        text: full,
    };
    match editor
        .previews
        .make(unsaved, source.shown.clone(), view)
        .await
    {
        Some(preview) => Ok(Json(preview).into_response()),
        // Newer text took its place; the editor waits for that one's answer.
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// Saves the page, unless the file changed on disk since the text was made from it: then
/// nothing is written and the editor is shown the file as it is now.
pub(super) async fn save(State(editor): State<Arc<Editor>>, Json(sent): Json<PageText>) -> Answer {
    let source = named(&editor, &sent.file, &[Kind::Page])?;
    let (text, version) = read_text(&editor, &source)?;
    if version != sent.version {
        let (body, _) = fields::body_of(&text);
        let values =
            fields::read_front_matter_fields(&source.path, &text, PAGE_FIELDS).unwrap_or_default();
        return Ok((
            StatusCode::CONFLICT,
            Json(json!({
                "conflict": true,
                "body": body,
                "fields": values,
                "version": version,
                "diff": line_diff(&body, &sent.body),
            })),
        )
            .into_response());
    }
    let full = page_text(&source, &text, &sent).map_err(|e| Refusal::source(&e))?;
    let version = if full == text {
        version
    } else {
        write_text(&source, &full)?
    };
    ok(json!({ "version": version }))
}

/// The lines of `theirs` (the file) and `mine` (the editor's), marked as in both, only in the
/// file, or only in the editor's text.
fn line_diff(theirs: &str, mine: &str) -> Vec<serde_json::Value> {
    similar::TextDiff::from_lines(theirs, mine)
        .iter_all_changes()
        .map(|change| {
            let tag = match change.tag() {
                similar::ChangeTag::Equal => "same",
                similar::ChangeTag::Delete => "theirs",
                similar::ChangeTag::Insert => "mine",
            };
            json!({ "tag": tag, "text": change.value().trim_end_matches('\n') })
        })
        .collect()
}

#[derive(Deserialize)]
pub(super) struct ImageQuery {
    /// The page the image is for: it is put in the page's folder.
    beside: String,
    name: String,
    alt: String,
}

/// Puts an image beside a page, under a free name made from the one given; refused without
/// an alt text, when too large, or when the bytes are not the image their name says.
pub(super) async fn image(
    State(editor): State<Arc<Editor>>,
    Query(q): Query<ImageQuery>,
    bytes: Bytes,
) -> Answer {
    let language = editor.language();
    let page = named(&editor, &q.beside, &[Kind::Page])?;
    if q.alt.trim().is_empty() {
        let message = match language {
            Language::Da => "billedet har ingen beskrivelse (alt-tekst); skriv, hvad det viser, for dem der ikke kan se det",
            Language::En => "the image has no description (alt text); say what it shows for those who cannot see it",
        };
        return Err(Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    if bytes.len() > paths::MAX_IMAGE_BYTES {
        return Err(Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the image is larger than 10 MB",
        ));
    }
    let (stem, extension) = q.name.rsplit_once('.').unwrap_or((&q.name, ""));
    let extension = extension.to_ascii_lowercase();
    if !looks_like(&extension, &bytes) {
        let message = match language {
            Language::Da => "filen er ikke et billede af den slags, navnet siger (PNG, JPEG, GIF, WebP eller SVG)",
            Language::En => "the file is not an image of the kind its name says (PNG, JPEG, GIF, WebP or SVG)",
        };
        return Err(Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    let folder = page.shown.rsplit_once('/').map_or("", |(f, _)| f);
    let stem = match crate::slug::slugify(stem) {
        s if s.is_empty() => "billede".to_string(),
        s => s,
    };
    let mut name = format!("{stem}.{extension}");
    let mut n = 1;
    let target = loop {
        let target = named(&editor, &format!("{folder}/{name}"), &[Kind::Image])?;
        if !target.path.exists() {
            break target;
        }
        n += 1;
        name = format!("{stem}-{n}.{extension}");
    };
    crate::fsx::write_atomically(&target.path, &bytes).map_err(|e| Refusal::failed(&e))?;
    ok(json!({ "name": name, "file": target.shown }))
}

/// Whether `bytes` begin as an image of `extension` does.
fn looks_like(extension: &str, bytes: &[u8]) -> bool {
    match extension {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
        "gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "svg" => std::str::from_utf8(bytes).is_ok_and(|t| t.contains("<svg")),
        _ => false,
    }
}

/// The keys a YAML form shows for `file`: an edition's or a guideline's.
fn form_keys(editor: &Editor, source: &Source) -> Result<&'static [&'static str], Refusal> {
    let catalog = editor.state.catalog();
    if catalog.edition_of_file(&source.shown).is_some() {
        Ok(EDITION_FIELDS)
    } else if catalog.is_guideline_yaml(&source.shown) {
        Ok(GUIDELINE_FIELDS)
    } else {
        Err(Refusal::path(Refused::WrongKind, editor.language()))
    }
}

pub(super) async fn read_fields(
    State(editor): State<Arc<Editor>>,
    Query(q): Query<FileQuery>,
) -> Answer {
    let source = named(&editor, &q.file, &[Kind::Yaml])?;
    let keys = form_keys(&editor, &source)?;
    let (text, version) = read_text(&editor, &source)?;
    let values = fields::read_fields(&source.path, &text, keys).map_err(|e| Refusal::source(&e))?;
    ok(json!({ "file": source.shown, "fields": values, "version": version }))
}

#[derive(Deserialize)]
pub(super) struct FieldsSent {
    file: String,
    fields: BTreeMap<String, String>,
    version: String,
}

/// Writes the form's values into the YAML file, changing those values' characters only; an
/// archived edition's fields are not changed, and `published` must be a date.
pub(super) async fn save_fields(
    State(editor): State<Arc<Editor>>,
    Json(sent): Json<FieldsSent>,
) -> Answer {
    let source = named(&editor, &sent.file, &[Kind::Yaml])?;
    let keys = form_keys(&editor, &source)?;
    let (text, version) = read_text(&editor, &source)?;
    if version != sent.version {
        let values = fields::read_fields(&source.path, &text, keys).unwrap_or_default();
        return Ok((
            StatusCode::CONFLICT,
            Json(json!({ "conflict": true, "fields": values, "version": version })),
        )
            .into_response());
    }
    if let Some(date) = sent.fields.get("published") {
        if crate::content::Date::parse(date).is_none() {
            let message = match editor.language() {
                Language::Da => {
                    format!("`{date}` er ikke en dato; skriv den som år-måned-dag, fx 2026-12-04")
                }
                Language::En => {
                    format!("`{date}` is not a date; write it as year-month-day, e.g. 2026-12-04")
                }
            };
            return Err(Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, message));
        }
    }
    let mut sent_fields = sent.fields.clone();
    // The change note is Markdown paragraphs: a block of lines, ending with a line break.
    if let Some(note) = sent_fields.get_mut("note") {
        if !note.trim().is_empty() && !note.ends_with('\n') {
            note.push('\n');
        }
    }
    let changed: Vec<Field<'_>> = keys
        .iter()
        .filter_map(|key| {
            let value = sent_fields.get(*key)?;
            Some(Field {
                key,
                value: (!value.trim().is_empty()).then_some(value.as_str()),
            })
        })
        .collect();
    let new =
        fields::set_yaml_fields(&source.path, &text, &changed).map_err(|e| Refusal::source(&e))?;
    let version = if new == text {
        version
    } else {
        write_text(&source, &new)?
    };
    ok(json!({ "version": version }))
}

#[derive(Deserialize)]
pub(super) struct NewPage {
    /// The edition's folder.
    dir: String,
    title: String,
}

pub(super) async fn new_page(
    State(editor): State<Arc<Editor>>,
    Json(sent): Json<NewPage>,
) -> Answer {
    let language = editor.language();
    let dir = editor
        .content
        .folder(&sent.dir)
        .map_err(|why| Refusal::path(why, language))?;
    if editor.state.catalog().edition_of_file(&sent.dir).is_none() {
        return Err(Refusal::path(Refused::Outside, language));
    }
    let file = crate::edit::pages::new_page(&dir, &sent.title, language)
        .map_err(|e| Refusal::failed(&e))?;
    ok(json!({ "file": shown(&editor, &file) }))
}

#[derive(Deserialize)]
pub(super) struct Rename {
    file: String,
    name: String,
}

pub(super) async fn rename_page(
    State(editor): State<Arc<Editor>>,
    Json(sent): Json<Rename>,
) -> Answer {
    let source = named(&editor, &sent.file, &[Kind::Page])?;
    let stem = sent.name.trim().trim_end_matches(".md");
    let file = crate::edit::pages::rename_page(&source.path, stem, editor.language())
        .map_err(|e| Refusal::failed(&e))?;
    ok(json!({ "file": shown(&editor, &file) }))
}

pub(super) async fn delete_consequences(
    State(editor): State<Arc<Editor>>,
    Query(q): Query<FileQuery>,
) -> Answer {
    let source = named(&editor, &q.file, &[Kind::Page])?;
    let consequences =
        crate::edit::pages::delete_consequences(&editor.root, &source.path, editor.language())
            .map_err(|e| Refusal::failed(&e))?;
    ok(json!({ "file": source.shown, "consequences": consequences }))
}

pub(super) async fn delete_page(
    State(editor): State<Arc<Editor>>,
    Json(sent): Json<FileQuery>,
) -> Answer {
    let source = named(&editor, &sent.file, &[Kind::Page])?;
    let kept = crate::edit::pages::delete_page(&editor.root, &source.path, editor.language())
        .map_err(|e| Refusal::failed(&e))?;
    ok(json!({ "kept": shown(&editor, &kept) }))
}

#[derive(Deserialize)]
pub(super) struct EditionCall {
    /// The guideline's id in a portal.
    guideline: Option<String>,
    /// The edition's id: the one to publish, or the new one (default: the next `udgave-N`).
    id: Option<String>,
}

impl EditionCall {
    fn target<'a>(
        &'a self,
        editor: &Editor,
        cwd: &'a std::path::Path,
    ) -> crate::edition_cmd::Target<'a> {
        crate::edition_cmd::Target {
            root: editor.root.clone(),
            guideline: self.guideline.as_deref(),
            cwd,
        }
    }
}

/// A new draft edition, copied from the current one, as `pjece edition new` makes it.
pub(super) async fn new_edition(
    State(editor): State<Arc<Editor>>,
    Json(sent): Json<EditionCall>,
) -> Answer {
    let cwd = editor.root.clone();
    let id = match &sent.id {
        Some(id) => id.clone(),
        None => next_edition_id(&editor, sent.guideline.as_deref()),
    };
    crate::edition_cmd::new_edition(&sent.target(&editor, &cwd), &id, None)
        .map_err(|e| Refusal::failed(&e))?;
    let said = match editor.language() {
        Language::Da => {
            format!("Udgaven `{id}` er oprettet som kladde, kopieret fra den gældende udgave.")
        }
        Language::En => {
            format!("The edition `{id}` was made as a draft, copied from the current one.")
        }
    };
    ok(json!({ "id": id, "message": said }))
}

/// `udgave-N` (`edition-N` in English) after the highest number the guideline has.
fn next_edition_id(editor: &Editor, guideline: Option<&str>) -> String {
    let catalog = editor.state.catalog();
    let word = match editor.language() {
        Language::Da => "udgave",
        Language::En => "edition",
    };
    let editions: Vec<&str> = catalog
        .guidelines
        .iter()
        .filter(|g| g.id.as_deref() == guideline)
        .flat_map(|g| &g.editions)
        .map(|e| e.id.as_str())
        .collect();
    let numbered = editions
        .iter()
        .filter_map(|id| id.rsplit('-').next()?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    let mut n = numbered.max(editions.len()) + 1;
    while editions.contains(&format!("{word}-{n}").as_str()) {
        n += 1;
    }
    format!("{word}-{n}")
}

/// The draft becomes the current edition, with exactly the checks of `pjece edition publish`.
pub(super) async fn publish_edition(
    State(editor): State<Arc<Editor>>,
    Json(sent): Json<EditionCall>,
) -> Answer {
    let cwd = editor.root.clone();
    let id = sent.id.clone().unwrap_or_default();
    let options = crate::edition_cmd::PublishOptions {
        id,
        date: None,
        force: false,
    };
    crate::edition_cmd::publish(&sent.target(&editor, &cwd), &options)
        .map_err(|e| Refusal::failed(&e))?;
    let said = match editor.language() {
        Language::Da => format!(
            "Udgaven `{}` er nu den gældende. Den forrige er arkiveret og bliver på sin adresse. Næste skridt: byg sitet og læg det på webserveren.",
            options.id
        ),
        Language::En => format!(
            "The edition `{}` is now the current one. The one before is archived and stays at its address. Next: build the site and put it on the web server.",
            options.id
        ),
    };
    ok(json!({ "message": said }))
}

/// `file` as the editor names files: relative to the site folder, with `/`.
fn shown(editor: &Editor, file: &std::path::Path) -> String {
    crate::fsx::slash_path(&editor.root, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_what_their_names_say() {
        assert!(looks_like("png", b"\x89PNG\r\n\x1a\nrest"));
        assert!(!looks_like("png", b"GIF89a"));
        assert!(looks_like("svg", b"<?xml?><svg xmlns='x'/>"));
        assert!(!looks_like("exe", b"MZ"));
    }

    #[test]
    fn the_diff_marks_lines_of_each_side() {
        let diff = line_diff("a\nb\n", "a\nc\n");
        let tags: Vec<&str> = diff.iter().map(|d| d["tag"].as_str().unwrap()).collect();
        assert_eq!(tags, ["same", "theirs", "mine"]);
    }
}
