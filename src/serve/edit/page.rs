//! The editor page: one HTML page with its script and stylesheet, all inside pjece.
//!
//! A plain `<textarea>` with a toolbar rather than an editor component from npm: the
//! browser's own text field is read correctly by every screen reader, keeps its own undo
//! history (the toolbar types through it, so Ctrl+Z undoes a heading too), spell-checks in
//! Danish, and needs no bundle to rebuild or audit. What a code editor would add (marks at
//! a line) is drawn by a layer behind the text that wraps exactly as it does.
//!
//! The page learns everything it needs (the session token, the file, the addresses, its
//! words in the site's language) from a JSON block in it, and asks the API for the rest.

use super::super::catalog::{Catalog, PageAt};
use super::Editor;
use crate::config::Language;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

pub(super) const SCRIPT_PATH: &str = "/__pjece/edit/editor.js";
pub(super) const STYLE_PATH: &str = "/__pjece/edit/editor.css";

const SCRIPT: &str = include_str!("assets/editor.js");
const STYLE: &str = include_str!("assets/editor.css");

/// Which page to edit: the page a served file shows (`page`), or a source file (`file`,
/// from a leaflet panel), with the address to preview it at and a line to start on.
#[derive(Debug, Deserialize)]
pub(super) struct Wanted {
    page: Option<String>,
    file: Option<String>,
    view: Option<String>,
    line: Option<usize>,
}

pub(super) async fn editor(
    State(editor): State<Arc<Editor>>,
    Query(wanted): Query<Wanted>,
) -> Response {
    let language = editor.language();
    let catalog = editor.state.catalog();
    let Some(at) = find(&catalog, &wanted) else {
        let text = match language {
            Language::Da => "Siden findes ikke (endnu) i den seneste bygning af sitet. Gå tilbage, og prøv igen om et øjeblik.",
            Language::En => "The page is not (yet) in the last build of the site. Go back and try again in a moment.",
        };
        return (StatusCode::NOT_FOUND, text).into_response();
    };
    let page = catalog.page(at);
    let edition = catalog.edition(at);
    let guideline = &catalog.guidelines[at.guideline];
    let view = wanted
        .view
        .filter(|v| {
            *v == page.view
                || edition.leaflet.as_deref() == Some(v.as_str())
                || catalog.page_shown_at(v) == Some(at)
        })
        .unwrap_or_else(|| page.view.clone());
    let boot = serde_json::json!({
        "token": editor.session.token(),
        "file": page.file,
        "view": view,
        "pageView": page.view,
        "leafletView": edition.leaflet,
        "line": wanted.line,
        "lang": language.code(),
        "guideline": { "index": at.guideline, "id": guideline.id, "title": guideline.title, "yaml": guideline.yaml },
        "edition": { "index": at.edition, "id": edition.id, "label": edition.label, "status": edition.status, "dir": edition.dir, "yaml": edition.yaml },
        "words": words(language),
    });
    let title = format!(
        "{}: {}",
        words(language)["edit"].as_str().unwrap_or(""),
        page.title
    );
    let html = format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<link rel="stylesheet" href="{STYLE_PATH}">
<script type="application/json" id="pjece-editor-boot">{boot}</script>
<script src="{SCRIPT_PATH}" defer></script>
</head>
<body>
<noscript>{noscript}</noscript>
</body>
</html>
"#,
        lang = language.code(),
        title = escape(&title),
        boot = json_in_html(&boot),
        noscript = escape(words(language)["noscript"].as_str().unwrap_or("")),
    );
    let mut response = (StatusCode::OK, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    own_page_only(headers);
    response
}

/// The editor may be framed by nothing but itself, and says nothing of where it was opened.
fn own_page_only(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors 'self'; default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
}

fn find(catalog: &Catalog, wanted: &Wanted) -> Option<PageAt> {
    if let Some(file) = &wanted.file {
        return catalog.page_in(file);
    }
    let page = wanted.page.as_deref()?;
    catalog.page_shown_at(page)
}

pub(super) async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

pub(super) async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}

fn asset(text: &'static str, kind: &'static str) -> Response {
    let mut response = (StatusCode::OK, text).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JSON that cannot end its `<script>` element early.
fn json_in_html(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

/// Every word of the editor's interface: its key, in Danish, in English. A key with a dot
/// (`status.draft`) is one of a group (`words.status.draft` in the script).
const WORDS: &[(&str, &str, &str)] = &[
    ("edit", "Rediger", "Edit"),
    ("noscript", "Editoren kræver JavaScript.", "The editor needs JavaScript."),
    ("back", "Tilbage til siden", "Back to the page"),
    ("text", "Tekst", "Text"),
    ("textHelp", "Skriv i Markdown. Ændringer gemmes af sig selv, når du holder en pause.", "Write in Markdown. Changes are saved by themselves when you pause."),
    ("fields", "Sideoplysninger", "Page details"),
    ("title", "Titel", "Title"),
    ("summary", "Resumé (vises i oversigter og søgning)", "Summary (shown in overviews and search)"),
    ("toolbar", "Formatering", "Formatting"),
    ("heading", "Overskrift", "Heading"),
    ("subheading", "Underoverskrift", "Subheading"),
    ("bold", "Fed", "Bold"),
    ("italic", "Kursiv", "Italic"),
    ("bullets", "Punktliste", "Bulleted list"),
    ("numbers", "Nummereret liste", "Numbered list"),
    ("link", "Link til side", "Link to page"),
    ("image", "Billede", "Image"),
    ("undo", "Fortryd", "Undo"),
    ("redo", "Gentag", "Redo"),
    ("saveNow", "Gem nu", "Save now"),
    ("saved", "Gemt", "Saved"),
    ("savedAt", "Gemt kl. ", "Saved at "),
    ("saving", "Gemmer …", "Saving …"),
    ("unsaved", "Ikke gemt endnu", "Not saved yet"),
    ("saveFailed", "Kunne ikke gemme: ", "Could not save: "),
    ("preview", "Forhåndsvisning", "Preview"),
    ("previewOf", "Forhåndsvisning af siden", "Preview of the page"),
    ("showPage", "Siden", "Page"),
    ("showLeaflet", "Folderen", "Leaflet"),
    ("previewWaits", "Forhåndsvisningen venter på, at siden kan bygges:", "The preview waits until the page can be built:"),
    ("previewLater", "Ændringen vises, når den er gemt.", "The change shows once it is saved."),
    ("problems", "Bemærkninger", "Findings"),
    ("noProblems", "Ingen bemærkninger til siden.", "Nothing to remark on this page."),
    ("line", "linje ", "line "),
    ("goTo", "Gå til linjen", "Go to the line"),
    ("hint", "Forslag: ", "Hint: "),
    ("here", "På denne linje: ", "On this line: "),
    ("cursor", "Linje {line}, kolonne {column}", "Line {line}, column {column}"),
    ("pages", "Sider i udgaven", "Pages of the edition"),
    ("current", "(du redigerer den)", "(you are editing it)"),
    ("newPage", "Ny side", "New page"),
    ("newPageTitle", "Titel på den nye side", "Title of the new page"),
    ("rename", "Omdøb siden", "Rename the page"),
    ("renameTo", "Nyt filnavn (bliver en del af sidens adresse)", "New file name (part of the page's address)"),
    ("renameHelp", "Den gamle adresse sender læserne videre til den nye.", "The old address sends readers on to the new one."),
    ("delete", "Slet siden", "Delete the page"),
    ("deleteConfirm", "Slet siden?", "Delete the page?"),
    ("deleteYes", "Ja, slet siden", "Yes, delete the page"),
    ("edition", "Udgaven", "The edition"),
    ("label", "Udgavens navn", "Name of the edition"),
    ("note_", "Hvad er ændret (vises på siden \"Hvad er ændret\")", "What changed (shown on the \"What changed\" page)"),
    ("published", "Udgivelsesdato", "Publication date"),
    ("saveEdition", "Gem udgavens oplysninger", "Save the edition's details"),
    ("status.draft", "kladde", "draft"),
    ("status.current", "gældende", "current"),
    ("status.archived", "arkiveret", "archived"),
    ("guideline", "Retningslinjen", "The guideline"),
    ("guidelineTitle", "Retningslinjens titel", "Title of the guideline"),
    ("saveGuideline", "Gem retningslinjens titel", "Save the guideline's title"),
    ("newEdition", "Ny udgave", "New edition"),
    ("newEditionHelp", "Den nye udgave starter som en kopi af den gældende og er en kladde, indtil den udgives.", "The new edition starts as a copy of the current one and is a draft until published."),
    ("publish", "Udgiv udgaven", "Publish the edition"),
    ("publishHelp", "Udgaven bliver den gældende; den gældende nu bliver arkiveret og bliver på sin adresse.", "The edition becomes the current one; today's current edition is archived and stays at its address."),
    ("archivedHelp", "Udgaven er arkiveret. Ret i en ny udgave.", "The edition is archived. Make changes in a new edition."),
    ("cancel", "Annuller", "Cancel"),
    ("insert", "Indsæt", "Insert"),
    ("ok", "OK", "OK"),
    ("linkTo", "Side", "Page"),
    ("linkText", "Linkets tekst", "Link text"),
    ("imageFile", "Billedfil (PNG, JPEG, GIF, WebP eller SVG)", "Image file (PNG, JPEG, GIF, WebP or SVG)"),
    ("imageAlt", "Beskrivelse af billedet (alt-tekst) til dem, der ikke kan se det", "Description of the image (alt text) for those who cannot see it"),
    ("altRequired", "Skriv en beskrivelse af billedet, før det sættes ind.", "Describe the image before it is inserted."),
    ("fileRequired", "Vælg en billedfil.", "Choose an image file."),
    ("conflict", "Filen er ændret et andet sted", "The file was changed elsewhere"),
    ("conflictHelp", "Filen er ændret på disken, siden du åbnede den. Intet er gemt endnu. Sådan adskiller din tekst sig fra filen:", "The file changed on disk since you opened it. Nothing is saved yet. This is how your text differs from the file:"),
    ("keepMine", "Gem min tekst over filen", "Save my text over the file"),
    ("takeTheirs", "Brug teksten fra filen (din kan fortrydes med Ctrl+Z)", "Use the file's text (yours can be undone with Ctrl+Z)"),
    ("removedLines", "Kun i filen", "Only in the file"),
    ("addedLines", "Kun i din tekst", "Only in your text"),
    ("waitBuild", "Venter på, at sitet bygges …", "Waiting for the site to build …"),
    ("done", "Færdig", "Done"),
    ("working", "Arbejder …", "Working …"),
];

/// The editor's words in the site's language, as the script reads them.
pub(super) fn words(language: Language) -> serde_json::Value {
    let mut words = serde_json::Map::new();
    for (key, da, en) in WORDS {
        let text = serde_json::Value::from(match language {
            Language::Da => *da,
            Language::En => *en,
        });
        match key.split_once('.') {
            Some((group, key)) => {
                let group = words
                    .entry(group)
                    .or_insert_with(|| serde_json::Value::Object(Default::default()));
                if let Some(group) = group.as_object_mut() {
                    group.insert(key.to_string(), text);
                }
            }
            None => {
                words.insert(key.to_string(), text);
            }
        }
    }
    // The names of the levels of problems, which the overlay shows too.
    for level in super::super::state::Level::ALL {
        words.insert(level.key().into(), level.name(language).into());
    }
    serde_json::Value::Object(words)
}
