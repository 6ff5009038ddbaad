// The editor of `pjece serve`: a page's Markdown beside its real rendering.
//
// Typing asks for a preview (the whole site built in memory with the unsaved text) after a
// short pause, and saves after a longer one, when the page is left or hidden, and on Ctrl+S.
// A save names the version of the file it was made from; if the file changed on disk
// meanwhile, nothing is written and both texts are shown. Toolbar changes are typed through
// the browser's own undo history (execCommand "insertText"), so Ctrl+Z undoes them too.
// Every text from the server is put in with textContent, never as HTML.
(function () {
  "use strict";
  var boot = JSON.parse(document.getElementById("pjece-editor-boot").textContent);
  var words = boot.words;
  var api = "/__pjece/edit/api/";
  var PREVIEW_PAUSE = 120, SAVE_PAUSE = 1500;

  var file = boot.file, view = boot.view;
  var version = null, savedBody = null, savedFields = null, bodyLineOffset = 0;
  var previewTimer = null, saveTimer = null, saving = null, previewAsked = 0;
  var previewProblems = [], liveProblems = [], catalog = null;

  // ---- talking to the server -------------------------------------------------------------
  function call(method, path, body, raw) {
    var options = { method: method, headers: { "x-pjece-token": boot.token }, cache: "no-store" };
    if (body !== undefined) {
      if (raw) { options.body = body; } else {
        options.body = JSON.stringify(body);
        options.headers["content-type"] = "application/json";
      }
    }
    return fetch(api + path, options).then(function (response) {
      if (response.status === 204) { return { status: 204, data: null }; }
      return response.json().then(function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: { message: response.statusText } }; });
    });
  }
  function q(params) {
    return Object.keys(params).map(function (k) { return k + "=" + encodeURIComponent(params[k]); }).join("&");
  }

  // ---- building the page -----------------------------------------------------------------
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attributes[key]; }
      else if (key.slice(0, 2) === "on") { node.addEventListener(key.slice(2), attributes[key]); }
      else { node.setAttribute(key, attributes[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  function button(text, onclick, extra) {
    var attributes = { type: "button", text: text, onclick: onclick };
    Object.keys(extra || {}).forEach(function (k) { attributes[k] = extra[k]; });
    return el("button", attributes);
  }

  var text = el("textarea", { id: "text", spellcheck: "true", lang: boot.lang, "aria-describedby": "text-help here", autocomplete: "off" });
  var backdrop = el("div", { class: "backdrop", "aria-hidden": "true" });
  var status = el("p", { id: "save-status", role: "status", class: "save-status", text: "" });
  var here = el("p", { id: "here", class: "here", "aria-live": "polite" });
  var cursor = el("p", { class: "cursor", "aria-hidden": "true" });
  var problemList = el("ul", { class: "problems", id: "problems" });
  var titleInput = el("input", { id: "field-title", type: "text", required: "required" });
  var summaryInput = el("textarea", { id: "field-summary", rows: "2" });
  var frame = el("iframe", { title: words.previewOf, "data-pjece-editor": "", src: "/" + view.replace(/index\.html$/, "") });
  var previewNote = el("p", { class: "preview-note", role: "status" });
  var pagesList = el("ul", { class: "pages" });

  function toolbar() {
    return el("div", { role: "toolbar", "aria-label": words.toolbar, "aria-controls": "text", class: "toolbar" }, [
      button(words.heading, function () { prefixLines("## "); }),
      button(words.subheading, function () { prefixLines("### "); }),
      button(words.bold, function () { wrap("**"); }, { "aria-keyshortcuts": "Control+B" }),
      button(words.italic, function () { wrap("*"); }, { "aria-keyshortcuts": "Control+I" }),
      button(words.bullets, function () { prefixLines("- "); }),
      button(words.numbers, function () { prefixLines("1. "); }),
      button(words.link, openLinkDialog),
      button(words.image, openImageDialog),
      button(words.undo, function () { text.focus(); document.execCommand("undo"); }, { "aria-keyshortcuts": "Control+Z" }),
      button(words.redo, function () { text.focus(); document.execCommand("redo"); }),
      button(words.saveNow, function () { save(); }, { "aria-keyshortcuts": "Control+S" }),
    ]);
  }

  var editionBox = el("section", { class: "edition", "aria-labelledby": "edition-heading" });

  function layout() {
    var statusWord = words.status[boot.edition.status] || boot.edition.status;
    document.body.appendChild(el("header", { class: "bar" }, [
      el("a", { href: "/" + view.replace(/index\.html$/, ""), class: "back", text: "← " + words.back }),
      el("p", { class: "where", text: boot.guideline.title + " · " + boot.edition.label + " (" + statusWord + ")" }),
      status,
    ]));
    var main = el("main", { class: "split", id: "indhold" }, [
      el("section", { class: "source", "aria-labelledby": "source-heading" }, [
        el("h1", { id: "source-heading", text: words.edit + ": " + file.slice(file.lastIndexOf("/") + 1) }),
        el("details", { class: "fields", open: "open" }, [
          el("summary", { text: words.fields }),
          el("label", { for: "field-title", text: words.title }), titleInput,
          el("label", { for: "field-summary", text: words.summary }), summaryInput,
        ]),
        toolbar(),
        el("label", { for: "text", class: "text-label", text: words.text }),
        el("p", { id: "text-help", class: "help", text: words.textHelp }),
        el("div", { class: "editor" }, [backdrop, text]),
        cursor, here,
        el("h2", { id: "problems-heading", text: words.problems }),
        problemList,
      ]),
      el("section", { class: "preview", "aria-labelledby": "preview-heading" }, [
        el("div", { class: "preview-head" }, [
          el("h2", { id: "preview-heading", text: words.preview }),
          boot.leafletView ? el("div", { class: "switch", role: "group", "aria-label": words.preview }, [
            button(words.showPage, function () { show(boot.pageView); }, { "aria-pressed": String(view !== boot.leafletView), "data-view": boot.pageView }),
            button(words.showLeaflet, function () { show(boot.leafletView); }, { "aria-pressed": String(view === boot.leafletView), "data-view": boot.leafletView }),
          ]) : null,
        ]),
        previewNote,
        frame,
      ]),
    ]);
    document.body.appendChild(main);
    document.body.appendChild(el("aside", { class: "side", "aria-label": words.pages }, [
      el("section", { "aria-labelledby": "pages-heading" }, [
        el("h2", { id: "pages-heading", text: words.pages }),
        pagesList,
        el("div", { class: "actions" }, [
          button(words.newPage, openNewPage),
          button(words.rename, openRename),
          button(words.delete, openDelete),
        ]),
      ]),
      editionBox,
    ]));
  }

  // ---- the text --------------------------------------------------------------------------
  function fields() {
    return { title: titleInput.value, summary: summaryInput.value };
  }
  function dirty() {
    return savedBody !== null && (text.value !== savedBody ||
      JSON.stringify(fields()) !== JSON.stringify(savedFields));
  }
  function load() {
    return call("GET", "source?" + q({ file: file })).then(function (answer) {
      if (answer.status !== 200) { setStatus(words.saveFailed + answer.data.message, "bad"); return; }
      var data = answer.data;
      version = data.version;
      bodyLineOffset = data.bodyLineOffset;
      text.value = data.body;
      savedBody = data.body;
      titleInput.value = data.fields.title || "";
      summaryInput.value = data.fields.summary || "";
      savedFields = fields();
      setStatus(words.saved, "ok");
      drawBackdrop();
      if (boot.line) { goToLine(boot.line); }
      askPreview();
    });
  }
  function changed() {
    setStatus(words.unsaved, "pending");
    drawBackdrop();
    clearTimeout(previewTimer);
    previewTimer = setTimeout(askPreview, PREVIEW_PAUSE);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_PAUSE);
  }
  function setStatus(message, kind) {
    status.textContent = message;
    status.className = "save-status " + (kind || "");
  }

  // Saving: one at a time; a save asked for during another follows it.
  function save(keepalive) {
    clearTimeout(saveTimer);
    if (!dirty()) { return Promise.resolve(); }
    if (saving) { return saving.then(function () { return save(keepalive); }); }
    var body = text.value, sentFields = fields();
    setStatus(words.saving, "pending");
    var sent = { file: file, body: body, fields: sentFields, version: version, view: view };
    var request = keepalive
      ? fetch(api + "save", { method: "POST", keepalive: true, headers: { "x-pjece-token": boot.token, "content-type": "application/json" }, body: JSON.stringify(sent) })
          .then(function (r) { return r.json().then(function (d) { return { status: r.status, data: d }; }); })
      : call("POST", "save", sent);
    saving = request.then(function (answer) {
      saving = null;
      if (answer.status === 200) {
        version = answer.data.version;
        savedBody = body;
        savedFields = sentFields;
        var now = new Date();
        setStatus(dirty() ? words.unsaved : words.savedAt + now.toLocaleTimeString(boot.lang, { hour: "2-digit", minute: "2-digit" }), dirty() ? "pending" : "ok");
      } else if (answer.status === 409) {
        setStatus(words.conflict, "bad");
        showConflict(answer.data, body);
      } else {
        setStatus(words.saveFailed + answer.data.message, "bad");
      }
    }, function (e) {
      saving = null;
      setStatus(words.saveFailed + e, "bad");
    });
    return saving;
  }

  // ---- the toolbar -----------------------------------------------------------------------
  function type(replacement, selectFrom, selectTo) {
    text.focus();
    if (!document.execCommand("insertText", false, replacement)) {
      text.setRangeText(replacement, text.selectionStart, text.selectionEnd, "end");
      changed();
    }
    if (selectFrom !== undefined) { text.setSelectionRange(selectFrom, selectTo); }
  }
  function wrap(mark) {
    var start = text.selectionStart, end = text.selectionEnd;
    var inner = text.value.slice(start, end) || (mark === "**" ? words.bold : words.italic);
    type(mark + inner + mark, start + mark.length, start + mark.length + inner.length);
  }
  function prefixLines(prefix) {
    var value = text.value;
    var start = value.lastIndexOf("\n", text.selectionStart - 1) + 1;
    var end = value.indexOf("\n", Math.max(text.selectionEnd - 1, start));
    if (end < 0) { end = value.length; }
    var lines = value.slice(start, end).split("\n").map(function (line, i) {
      var bare = line.replace(/^(#{1,6} |[-*] |\d+\. )/, "");
      var mark = prefix === "1. " ? (i + 1) + ". " : prefix;
      return line.indexOf(mark) === 0 ? bare : mark + bare;
    });
    text.setSelectionRange(start, end);
    type(lines.join("\n"));
  }
  text.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey)) { return; }
    var key = event.key.toLowerCase();
    if (key === "b") { event.preventDefault(); wrap("**"); }
    else if (key === "i") { event.preventDefault(); wrap("*"); }
    else if (key === "s") { event.preventDefault(); save(); }
  });

  // ---- dialogs ---------------------------------------------------------------------------
  function dialog(title, content, actions) {
    var heading = el("h2", { id: "dialog-heading", text: title });
    var error = el("p", { class: "dialog-error", role: "alert" });
    var box = el("dialog", { "aria-labelledby": "dialog-heading" }, [heading].concat(content, [error, el("div", { class: "actions" }, actions.map(function (a) {
      return button(a.text, function () {
        if (!a.run) { box.close(); return; }
        error.textContent = "";
        // Text is typed only once the dialog is closed: while it is open, the page behind
        // it takes no focus.
        var close = function () { if (box.open) { box.close(); } };
        Promise.resolve(a.run(error, close)).then(function (done) { if (done !== false) { close(); } });
      }, a.primary ? { class: "primary" } : {});
    }))]));
    box.addEventListener("close", function () { box.remove(); text.focus(); });
    document.body.appendChild(box);
    box.showModal();
    return box;
  }
  function field(id, label, input) {
    input.id = id;
    return el("div", { class: "field" }, [el("label", { for: id, text: label }), input]);
  }
  function refused(error, answer) {
    error.textContent = answer.data.message + (answer.data.hint ? " " + words.hint + answer.data.hint : "");
    return false;
  }

  function openLinkDialog() {
    var start = text.selectionStart, end = text.selectionEnd;
    var select = el("select");
    editionPages().forEach(function (page) {
      if (page.file !== file) { select.appendChild(el("option", { value: page.path, text: page.title })); }
    });
    var label = el("input", { type: "text", value: text.value.slice(start, end) });
    dialog(words.link, [field("link-page", words.linkTo, select), field("link-text", words.linkText, label)], [
      { text: words.insert, primary: true, run: function (error, close) {
        var chosen = select.options[select.selectedIndex];
        if (!chosen) { return; }
        close();
        text.setSelectionRange(start, end);
        type("[" + (label.value || chosen.textContent) + "](" + relative(chosen.value) + ")");
      } },
      { text: words.cancel },
    ]);
  }
  // A link from this page's folder to `path` (both relative to the edition folder).
  function relative(path) {
    var own = (catalogPage(file) || { path: "" }).path.split("/");
    own.pop();
    return own.map(function () { return ".."; }).concat([path]).join("/");
  }
  function openImageDialog() {
    var start = text.selectionStart, end = text.selectionEnd;
    var input = el("input", { type: "file", accept: "image/png,image/jpeg,image/gif,image/webp,image/svg+xml" });
    var alt = el("input", { type: "text", required: "required" });
    dialog(words.image, [field("image-file", words.imageFile, input), field("image-alt", words.imageAlt, alt)], [
      { text: words.insert, primary: true, run: function (error, close) {
        var chosen = input.files[0];
        if (!chosen) { error.textContent = words.fileRequired; input.focus(); return false; }
        if (!alt.value.trim()) { error.textContent = words.altRequired; alt.focus(); return false; }
        return call("POST", "image?" + q({ beside: file, name: chosen.name, alt: alt.value }), chosen, true).then(function (answer) {
          if (answer.status !== 200) { return refused(error, answer); }
          close();
          text.setSelectionRange(start, end);
          type("![" + alt.value.replace(/[\[\]]/g, "") + "](" + answer.data.name + ")");
          return save();
        });
      } },
      { text: words.cancel },
    ]);
  }
  function showConflict(data, mine) {
    var list = el("ol", { class: "diff" });
    data.diff.forEach(function (line) {
      if (line.tag === "same") { return; }
      list.appendChild(el("li", { class: "diff-" + line.tag }, [
        el("span", { class: "diff-side", text: (line.tag === "mine" ? words.addedLines : words.removedLines) + ": " }),
        el("span", { text: line.text || " " }),
      ]));
    });
    dialog(words.conflict, [el("p", { text: words.conflictHelp }), list], [
      { text: words.keepMine, primary: true, run: function () { version = data.version; return save(); } },
      { text: words.takeTheirs, run: function (error, close) {
        close();
        text.focus();
        text.select();
        type(data.body);
        version = data.version;
        savedBody = data.body;
        titleInput.value = data.fields.title || titleInput.value;
        summaryInput.value = data.fields.summary || "";
        savedFields = fields();
        setStatus(words.saved, "ok");
        askPreview();
      } },
    ]);
  }

  // ---- pages and editions ----------------------------------------------------------------
  function editionPages() {
    if (!catalog) { return []; }
    return catalog.guidelines[boot.guideline.index].editions[boot.edition.index].pages;
  }
  function catalogPage(name) {
    return editionPages().filter(function (p) { return p.file === name; })[0];
  }
  function editorOf(name) {
    return "/__pjece/edit/?" + q({ file: name });
  }
  // Opens the editor of `name` once a build has it.
  function openWhenBuilt(name, error) {
    if (error) { error.textContent = words.waitBuild; }
    var tries = 0;
    (function again() {
      call("GET", "catalog").then(function (answer) {
        var found = answer.data.guidelines.some(function (g) {
          return g.editions.some(function (e) { return e.pages.some(function (p) { return p.file === name; }); });
        });
        if (found) { location.href = editorOf(name); }
        else if (tries++ < 60) { setTimeout(again, 250); }
      });
    })();
    return false;
  }
  function loadCatalog() {
    return call("GET", "catalog").then(function (answer) {
      catalog = answer.data;
      pagesList.textContent = "";
      editionPages().forEach(function (page) {
        var item = el("li");
        if (page.file === file) {
          item.appendChild(el("span", { "aria-current": "page", text: page.title + " " + words.current }));
        } else {
          item.appendChild(el("a", { href: editorOf(page.file), text: page.title }));
        }
        pagesList.appendChild(item);
      });
    });
  }
  function openNewPage() {
    var title = el("input", { type: "text", required: "required" });
    dialog(words.newPage, [field("new-title", words.newPageTitle, title)], [
      { text: words.newPage, primary: true, run: function (error) {
        return save().then(function () { return call("POST", "page/new", { dir: boot.edition.dir, title: title.value }); })
          .then(function (answer) {
            if (answer.status !== 200) { return refused(error, answer); }
            return openWhenBuilt(answer.data.file, error);
          });
      } },
      { text: words.cancel },
    ]);
  }
  function openRename() {
    var stem = file.slice(file.lastIndexOf("/") + 1).replace(/\.md$/, "");
    var name = el("input", { type: "text", value: stem, required: "required" });
    dialog(words.rename, [field("rename-to", words.renameTo, name), el("p", { text: words.renameHelp })], [
      { text: words.rename, primary: true, run: function (error) {
        return save().then(function () { return call("POST", "page/rename", { file: file, name: name.value }); })
          .then(function (answer) {
            if (answer.status !== 200) { return refused(error, answer); }
            return openWhenBuilt(answer.data.file, error);
          });
      } },
      { text: words.cancel },
    ]);
  }
  function openDelete() {
    call("GET", "page/consequences?" + q({ file: file })).then(function (answer) {
      if (answer.status !== 200) { setStatus(answer.data.message, "bad"); return; }
      var list = el("ul", { class: "consequences" });
      answer.data.consequences.forEach(function (line) { list.appendChild(el("li", { text: line })); });
      dialog(words.deleteConfirm, [list], [
        { text: words.deleteYes, primary: true, run: function (error) {
          return call("POST", "page/delete", { file: file }).then(function (done) {
            if (done.status !== 200) { return refused(error, done); }
            var front = editionPages()[0];
            savedBody = text.value;
            savedFields = fields();
            location.href = front && front.file !== file ? editorOf(front.file) : "/";
          });
        } },
        { text: words.cancel },
      ]);
    });
  }

  // In a portal: the guideline's own title (`guideline.yaml`), as a form.
  function guidelineForm() {
    if (!boot.guideline.yaml) { return; }
    var title = el("input", { type: "text" });
    var message = el("p", { role: "status", class: "edition-message" });
    var formVersion = null;
    var box = el("section", { class: "guideline", "aria-labelledby": "guideline-heading" }, [
      el("h2", { id: "guideline-heading", text: words.guideline }),
      field("guideline-title", words.guidelineTitle, title),
      button(words.saveGuideline, function () {
        call("POST", "fields", { file: boot.guideline.yaml, version: formVersion, fields: { title: title.value } })
          .then(function (answer) {
            if (answer.status === 200) { formVersion = answer.data.version; message.textContent = words.saved; }
            else { message.textContent = answer.status === 409 ? words.conflict : answer.data.message; }
          });
      }),
      message,
    ]);
    document.querySelector(".side").appendChild(box);
    call("GET", "fields?" + q({ file: boot.guideline.yaml })).then(function (answer) {
      if (answer.status === 200) { formVersion = answer.data.version; title.value = answer.data.fields.title || ""; }
    });
  }

  function editionForm() {
    var label = el("input", { type: "text" }), note = el("textarea", { rows: "4" }), date = el("input", { type: "date" });
    var message = el("p", { role: "status", class: "edition-message" });
    var formVersion = null;
    var archived = boot.edition.status === "archived";
    editionBox.appendChild(el("h2", { id: "edition-heading", text: words.edition + ": " + boot.edition.label }));
    if (archived) {
      editionBox.appendChild(el("p", { text: words.archivedHelp }));
    } else {
      editionBox.appendChild(field("edition-label", words.label, label));
      editionBox.appendChild(field("edition-note", words.note_, note));
      editionBox.appendChild(field("edition-published", words.published, date));
      editionBox.appendChild(button(words.saveEdition, function () {
        call("POST", "fields", { file: boot.edition.yaml, version: formVersion, fields: { label: label.value, note: note.value, published: date.value } })
          .then(function (answer) {
            if (answer.status === 200) { formVersion = answer.data.version; message.textContent = words.saved; }
            else if (answer.status === 409) { message.textContent = words.conflict; fill(answer.data); }
            else { message.textContent = answer.data.message; }
          });
      }));
      call("GET", "fields?" + q({ file: boot.edition.yaml })).then(function (answer) {
        if (answer.status === 200) { fill(answer.data); }
      });
    }
    function fill(data) {
      formVersion = data.version;
      label.value = data.fields.label || "";
      note.value = data.fields.note || "";
      date.value = data.fields.published || "";
    }
    var actions = el("div", { class: "actions" });
    if (boot.edition.status === "draft") {
      actions.appendChild(button(words.publish, function () {
        dialog(words.publish + "?", [el("p", { text: words.publishHelp })], [
          { text: words.publish, primary: true, run: function (error) {
            return save().then(function () {
              return call("POST", "edition/publish", { guideline: boot.guideline.id, id: boot.edition.id });
            }).then(function (answer) {
              if (answer.status !== 200) { return refused(error, answer); }
              message.textContent = answer.data.message;
            });
          } },
          { text: words.cancel },
        ]);
      }));
    } else {
      actions.appendChild(button(words.newEdition, function () {
        dialog(words.newEdition + "?", [el("p", { text: words.newEditionHelp })], [
          { text: words.newEdition, primary: true, run: function (error) {
            return save().then(function () { return call("POST", "edition/new", { guideline: boot.guideline.id }); })
              .then(function (answer) {
                if (answer.status !== 200) { return refused(error, answer); }
                var name = file.replace(boot.edition.dir + "/", boot.edition.dir.replace(/[^/]+$/, answer.data.id) + "/");
                return openWhenBuilt(name, error);
              });
          } },
          { text: words.cancel },
        ]);
      }));
    }
    editionBox.appendChild(actions);
    editionBox.appendChild(message);
  }

  // ---- preview ---------------------------------------------------------------------------
  function show(address) {
    view = address;
    document.querySelectorAll(".switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === view));
    });
    frame.src = "/" + view.replace(/index\.html$/, "");
  }
  function askPreview() {
    var asked = ++previewAsked;
    call("POST", "preview", { file: file, body: text.value, fields: fields(), view: view }).then(function (answer) {
      if (answer.status === 204 || asked !== previewAsked) { return; }
      if (answer.status !== 200) { previewNote.textContent = answer.data.message; return; }
      var data = answer.data;
      previewProblems = data.problems;
      showProblems();
      if (data.html) {
        previewNote.textContent = "";
        putInFrame(data.html);
      } else {
        previewNote.textContent = data.built ? words.previewLater : words.previewWaits;
      }
    });
  }
  // The preview's page in the frame, keeping where the frame is scrolled to.
  function putInFrame(html) {
    var doc = frame.contentDocument;
    if (!doc || !doc.body) { return; }
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var x = frame.contentWindow.scrollX, y = frame.contentWindow.scrollY;
    doc.title = fresh.title;
    doc.body.innerHTML = fresh.body.innerHTML;
    frame.contentWindow.scrollTo(x, y);
    frame.setAttribute("data-preview", String(previewAsked));
    fitLeaflet();
  }
  // The leaflet is laid out in millimetres at its printed size: shown whole, scaled to the
  // pane's width (the page itself is shown as a reader's browser shows it).
  function fitLeaflet() {
    var doc = frame.contentDocument;
    if (!doc || !doc.documentElement) { return; }
    doc.documentElement.style.zoom = "";
    if (view !== boot.leafletView) { return; }
    var wide = doc.documentElement.scrollWidth, room = frame.clientWidth - 20;
    if (wide > room) { doc.documentElement.style.zoom = String(room / wide); }
  }
  frame.addEventListener("load", function () {
    var doc = frame.contentDocument;
    if (!doc) { return; }
    var style = doc.createElement("style");
    style.textContent = "#pjece-overlay, .pjece-edit { display: none !important; }";
    doc.head.appendChild(style);
    fitLeaflet();
    if (savedBody !== null) { askPreview(); }
  });

  // Findings the real build makes after a save (the leaflet's fit check among them).
  function listen() {
    var source = new EventSource("/__pjece/events");
    source.addEventListener("status", function (event) {
      var status = JSON.parse(event.data);
      var found = [];
      [boot.pageView, boot.leafletView].forEach(function (address) {
        ((address && status.pages[address]) || []).forEach(function (p) { found.push(p); });
      });
      liveProblems = found.filter(function (p) { return p.file === file; }).map(function (p) {
        return { level: p.level || "warning", file: p.file, line: p.line, column: p.column, message: p.message, hint: p.hint };
      });
      showProblems();
    });
  }

  // ---- findings at their lines -----------------------------------------------------------
  function allProblems() {
    var seen = {}, all = [];
    previewProblems.concat(liveProblems).forEach(function (p) {
      var key = p.file + ":" + p.line + ":" + p.message;
      if (!seen[key]) { seen[key] = true; all.push(p); }
    });
    return all;
  }
  // The line of the text area a finding is at (the file's line less the front matter).
  function textLine(p) {
    return p.file === file && p.line ? p.line - bodyLineOffset : null;
  }
  function showProblems() {
    var problems = allProblems();
    problemList.textContent = "";
    if (problems.length === 0) {
      problemList.appendChild(el("li", { class: "none", text: words.noProblems }));
    }
    problems.forEach(function (p) {
      var line = textLine(p);
      var item = el("li", { class: "problem level-" + p.level }, [
        el("span", { class: "level", text: words[p.level] || p.level }),
        el("span", { class: "at", text: line ? words.line + line : (p.file || "") }),
        el("span", { class: "message", text: p.message }),
        p.hint ? el("span", { class: "hint", text: words.hint + p.hint }) : null,
        line ? button(words.goTo + " " + line, function () { goToLine(line); }, { class: "go" }) : null,
      ]);
      problemList.appendChild(item);
    });
    drawBackdrop();
    showHere();
  }
  // The layer behind the text: the same text, transparent, each line with a finding marked.
  function drawBackdrop() {
    var marks = {};
    allProblems().forEach(function (p) {
      var line = textLine(p);
      if (line && (!marks[line] || p.level === "error")) { marks[line] = p.level; }
    });
    backdrop.textContent = "";
    text.value.split("\n").forEach(function (line, i) {
      var span = el("span", { class: marks[i + 1] ? "mark mark-" + marks[i + 1] : "" , text: line + "\n" });
      backdrop.appendChild(span);
    });
    backdrop.scrollTop = text.scrollTop;
  }
  function caretLine() {
    return text.value.slice(0, text.selectionStart).split("\n").length;
  }
  function showHere() {
    var line = caretLine();
    var column = text.selectionStart - text.value.lastIndexOf("\n", text.selectionStart - 1);
    cursor.textContent = words.cursor.replace("{line}", line).replace("{column}", column);
    var at = allProblems().filter(function (p) { return textLine(p) === line; });
    here.textContent = at.length ? words.here + at.map(function (p) { return p.message; }).join(" · ") : "";
  }
  function goToLine(line) {
    var lines = text.value.split("\n");
    var start = lines.slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
    var end = start + (lines[line - 1] || "").length;
    text.focus();
    text.setSelectionRange(start, end);
    var height = text.scrollHeight / Math.max(lines.length, 1);
    text.scrollTop = Math.max(0, (line - 3) * height);
    showHere();
  }

  // ---- start -----------------------------------------------------------------------------
  layout();
  editionForm();
  guidelineForm();
  text.addEventListener("input", changed);
  titleInput.addEventListener("input", changed);
  summaryInput.addEventListener("input", changed);
  text.addEventListener("scroll", function () { backdrop.scrollTop = text.scrollTop; });
  ["keyup", "click", "select"].forEach(function (e) { text.addEventListener(e, showHere); });
  addEventListener("beforeunload", function (event) {
    if (dirty()) { save(true); event.preventDefault(); }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty()) { save(true); }
  });
  window.pjeceEditor = { save: save, dirty: dirty, problems: allProblems, goToLine: goToLine };
  loadCatalog();
  load().then(listen);
})();
