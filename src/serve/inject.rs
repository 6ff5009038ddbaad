//! The script `serve` adds to every HTML page it sends, and never to a built site.
//!
//! The script listens to the server's event stream (Server-Sent Events: one-way, reconnects
//! by itself, no extra protocol). Each event is the server's whole [`super::state::Status`]:
//! - its `generation` differs from the one the page was served with → the site was rebuilt:
//!   ask the server for the page's version (a `HEAD` request; [`VERSION_HEADER`], a hash of
//!   the page as built) and, only if the page changed, remember the scroll position for this
//!   path in `sessionStorage` and reload; the reloaded page scrolls back there. A save first
//!   shows the edited page and then the whole site rebuilt, and the page should not blink
//!   twice, nor should pages the save did not change reload at all;
//! - otherwise the build's `errors` and the findings for this page are shown in an overlay
//!   (`role="alert"`, so screen readers announce it), or the overlay is removed when there
//!   are none.
//!
//! The page learns its own address and generation from the server, so the script compares
//! nothing it has to work out from `location`. Problems are put in with `textContent`, never
//! as HTML.

use crate::config::Language;

/// Where the script connects.
pub(crate) const EVENTS_PATH: &str = "/__pjece/events";
/// The same status as JSON, for tools and tests.
pub(crate) const STATUS_PATH: &str = "/__pjece/status";
/// The response header naming the version of a served page ([`version`]).
pub(crate) const VERSION_HEADER: &str = "x-pjece-version";

const SCRIPT: &str = r#"<script data-pjece-serve>
(function () {
  "use strict";
  var page = __PAGE__, generation = __GENERATION__, version = __VERSION__, words = __WORDS__;
  var key = "pjece-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") { restore(); } else { addEventListener("load", restore); }
  }
  var source = new EventSource(__EVENTS__);
  source.addEventListener("status", function (event) {
    var status = JSON.parse(event.data);
    window.pjeceServe = status;
    if (status.generation !== generation) {
      generation = status.generation;
      fetch(location.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
        if (response.headers.get(__VERSION_HEADER__) === version) {
          show(window.pjeceServe.errors, window.pjeceServe.pages[page] || []);
        } else {
          reload();
        }
      }, reload);
      return;
    }
    show(status.errors, status.pages[page] || []);
  });
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    source.close();
    location.reload();
  }
  function add(parent, tag, text) {
    var element = document.createElement(tag);
    if (text) { element.textContent = text; }
    parent.appendChild(element);
    return element;
  }
  function where(p) {
    return p.file + (p.line ? ":" + p.line + ":" + p.column : "");
  }
  function show(errors, findings) {
    var old = document.getElementById("pjece-overlay");
    if (old) { old.remove(); }
    var problems = errors.concat(findings);
    if (problems.length === 0) { return; }
    var box = document.createElement("div");
    box.id = "pjece-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("lang", words.lang);
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
      "z-index:2147483647;background:#fff;color:#1a1a1a;border-top:6px solid #b00020;" +
      "padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)";
    add(box, "h2", errors.length ? words.failed : words.page).style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#b00020";
    if (errors.length) { add(box, "p", words.kept).style.margin = "0 0 .75rem"; }
    var list = add(box, "ol");
    list.style.cssText = "margin:0;padding-left:1.5rem";
    var colours = { error: '#b00020', warning: '#7a5200', note: '#1d4f91' };
    problems.forEach(function (p) {
      var item = add(list, "li");
      item.style.cssText = "margin-bottom:.75rem;padding-left:.5rem;border-left:4px solid " + (colours[p.level] || colours.error);
      var level = add(item, "strong", (words.levels[p.level] || words.levels.error) + " ");
      level.style.color = colours[p.level] || colours.error;
      if (p.file) { add(item, "strong", where(p)).style.fontFamily = "ui-monospace,monospace"; }
      add(item, "div", p.message).style.whiteSpace = "pre-wrap";
      if (p.hint) { add(item, "div", words.hint + p.hint).style.fontStyle = "italic"; }
    });
    var hide = add(box, "button", words.hide);
    hide.type = "button";
    hide.style.cssText = "font:inherit;padding:.25rem .75rem";
    hide.addEventListener("click", function () { box.remove(); });
    document.body.appendChild(box);
  }
})();
</script>
"#;

/// The script that adds "Rediger" to a page: one link to edit the page, or on a leaflet page
/// one link per source file on each panel (the leaflet's text blocks name their file and
/// line in `data-source`). The links are drawn over the page, never in it, so nothing moves.
const EDIT_SCRIPT: &str = r#"<script data-pjece-edit>
(function () {
  "use strict";
  var page = __PAGE__, editor = __EDITOR__, words = __WORDS__;
  if (window.frameElement && window.frameElement.hasAttribute("data-pjece-editor")) { return; }
  function link(href, label, text) {
    var a = document.createElement("a");
    a.href = href;
    a.className = "pjece-edit";
    a.textContent = text;
    if (label) { a.setAttribute("aria-label", label); }
    a.style.cssText = "font:600 15px/1.2 system-ui,sans-serif;background:#1d3b5c;color:#fff;" +
      "padding:.45rem .8rem;border-radius:.3rem;text-decoration:none;box-shadow:0 1px 4px rgba(0,0,0,.3);z-index:2147483646";
    return a;
  }
  function query(params) {
    return editor + "?" + Object.keys(params).map(function (k) {
      return k + "=" + encodeURIComponent(params[k]);
    }).join("&");
  }
  var containers = document.querySelectorAll(".panel, .flow");
  var onLeaflet = false;
  containers.forEach(function (box) {
    var seen = {};
    box.querySelectorAll("[data-source]").forEach(function (block) {
      var source = block.getAttribute("data-source"), cut = source.lastIndexOf(":");
      var file = source.slice(0, cut), line = source.slice(cut + 1);
      if (seen[file]) { return; }
      seen[file] = true;
      onLeaflet = true;
      var name = file.slice(file.lastIndexOf("/") + 1);
      var a = link(query({ file: file, line: line, view: page }), words.editText + " " + name, words.edit);
      a.style.position = "absolute";
      a.style.right = "2mm";
      a.style.top = (2 + 9 * (Object.keys(seen).length - 1)) + "mm";
      if (getComputedStyle(box).position === "static") { box.style.position = "relative"; }
      box.appendChild(a);
    });
  });
  if (!onLeaflet && page) {
    var a = link(query({ page: page }), words.editPage, words.edit);
    a.style.position = "fixed";
    a.style.right = "1rem";
    a.style.bottom = "1rem";
    document.body.appendChild(a);
  }
})();
</script>
"#;

/// The edit links' script for the page whose file is `page` (see [`EDIT_SCRIPT`]).
pub(crate) fn edit_links(page: &str, language: Language) -> String {
    let json = |v: serde_json::Value| v.to_string().replace("</", "<\\/");
    let words = match language {
        Language::Da => {
            serde_json::json!({ "edit": "Rediger", "editPage": "Rediger siden", "editText": "Rediger teksten fra" })
        }
        Language::En => {
            serde_json::json!({ "edit": "Edit", "editPage": "Edit the page", "editText": "Edit the text from" })
        }
    };
    EDIT_SCRIPT
        .replace("__PAGE__", &json(page.into()))
        .replace("__EDITOR__", &json(super::edit::EDITOR_PATH.into()))
        .replace("__WORDS__", &json(words))
}

/// The overlay's words in the site's language.
fn words(language: Language) -> serde_json::Value {
    let (failed, kept, page, hint, hide) = match language {
        Language::Da => (
            "Siden kunne ikke bygges",
            "Du ser den seneste udgave, der kunne bygges. Ret fejlen og gem, så opdateres siden af sig selv.",
            "Problemer på denne side",
            "Forslag: ",
            "Skjul",
        ),
        Language::En => (
            "The site could not be built",
            "You are seeing the last version that built. Fix the problem and save; the page updates by itself.",
            "Problems on this page",
            "Hint: ",
            "Hide",
        ),
    };
    let levels: serde_json::Map<String, serde_json::Value> = super::state::Level::ALL
        .into_iter()
        .map(|level| {
            (
                level.key().to_string(),
                format!("{}:", level.name(language)).into(),
            )
        })
        .collect();
    serde_json::json!({
        "lang": language.code(), "failed": failed, "kept": kept, "page": page, "hint": hint, "hide": hide,
        "levels": levels,
    })
}

/// What tells one build of a page from another: a hash of its bytes as built.
pub(crate) fn version(page: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(page))
}

/// The script for the page whose file is `page`, served from build `generation` at
/// `version` ([`version`]; empty for a page that is not part of the site).
pub(crate) fn script(page: &str, generation: u64, version: &str, language: Language) -> String {
    let json = |v: serde_json::Value| v.to_string().replace("</", "<\\/");
    SCRIPT
        .replace("__PAGE__", &json(page.into()))
        .replace("__GENERATION__", &generation.to_string())
        .replace("__VERSION__", &json(version.into()))
        .replace("__VERSION_HEADER__", &json(VERSION_HEADER.into()))
        .replace("__WORDS__", &json(words(language)))
        .replace("__EVENTS__", &json(EVENTS_PATH.into()))
}

/// `html` with `script` put in before its last `</body>` (or at its end when it has none).
pub(crate) fn into_html(html: &[u8], script: &str) -> Vec<u8> {
    let at = find_last_ignoring_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A page for when no build has succeeded yet: it shows the problems and reloads as soon
/// as the site builds.
pub(crate) fn waiting_page(generation: u64, language: Language) -> Vec<u8> {
    let text = match language {
        Language::Da => "Siden bygges … eller kunne ikke bygges: se fejlene nedenfor og i terminalen.",
        Language::En => "The site is building … or could not be built: see the problems below and in the terminal.",
    };
    let html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>pjece serve</title></head>\
         <body style=\"font:18px/1.5 system-ui,sans-serif;margin:2rem\"><p>{text}</p></body></html>",
        language.code()
    );
    into_html(html.as_bytes(), &script("", generation, "", language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(into_html(html, "<script></script>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><script></script></BODY></html>");
        let bare = String::from_utf8(into_html(b"<p>x", "<s>")).unwrap();
        assert_eq!(bare, "<p>x<s>");
    }

    #[test]
    fn the_script_knows_its_page_and_build_and_cannot_be_closed_early() {
        let s = script("a/</script>/index.html", 7, "ab12", Language::Da);
        assert!(s.contains("generation = 7"));
        assert!(s.contains(r#"version = "ab12""#));
        assert!(s.contains(r#""a/<\/script>/index.html""#));
        assert_eq!(s.matches("</script>").count(), 1);
        assert!(s.contains("Siden kunne ikke bygges"));
    }
}
