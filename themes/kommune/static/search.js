// The search page: runs the reader's query against the site's Pagefind index in the browser.
// The form is a plain GET form (?q=…&edition=…), so the header's search box and shared links
// land here with the query filled in. Every request stays on the site: the script, the index
// and the page fragments all come from the site's own pagefind/ folder.
//
// In a portal the form also has a choice of guideline (?guideline=…, which the search box of
// a guideline's pages sends along), and the edition choice starts with "the current editions"
// (the index's status filter), then the chosen guideline's editions under its title. The
// page lists every guideline's editions, so the form works as it stands; the script keeps
// only the chosen guideline's.

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const select = document.getElementById("search-edition");
const guidelineSelect = document.getElementById("search-guideline");
// In a portal: every guideline's group of editions, in the page's order.
const groups = [...select.querySelectorAll("optgroup")];
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const PAGE = 10;

let pagefind;
let shown = [];
let results = [];
let generation = 0;

function say(text) {
  status.textContent = text;
}

function countText(n) {
  if (n === 0) return status.dataset.none;
  if (n === 1) return status.dataset.one;
  return status.dataset.many.replace("{n}", n.toLocaleString(document.documentElement.lang));
}

// Pagefind gives URLs from the site root ("/gode-raad/"); links from this page are relative,
// so the site works under any path.
function href(url) {
  let path = url.replace(/^\/+/, "");
  if (path === "" || path.endsWith("/")) path += "index.html";
  return form.dataset.root + path;
}

// The excerpt with only its text and <mark> elements kept.
function excerpt(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const p = document.createElement("p");
  p.className = "search-excerpt";
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

function item(data) {
  const li = document.createElement("li");
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  a.href = href(data.url);
  a.textContent = data.meta.title || data.url;
  h2.append(a);
  li.append(h2);
  if (data.meta.edition) {
    const edition = document.createElement("p");
    edition.className = "search-edition";
    edition.textContent = data.meta.guideline
      ? `${data.meta.guideline} · ${data.meta.edition}`
      : data.meta.edition;
    li.append(edition);
  }
  li.append(excerpt(data.excerpt || ""));
  return li;
}

async function showMore(mine) {
  const next = results.slice(shown.length, shown.length + PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  if (mine !== generation) return;
  shown = shown.concat(data);
  list.append(...data.map(item));
  more.hidden = shown.length >= results.length;
}

function chosenGuideline() {
  return guidelineSelect ? guidelineSelect.value : "";
}

// The edition choice lists the chosen guideline's editions between "the current editions"
// and "all editions" (with all guidelines, only those two). An edition of another guideline
// gives way to "the current editions".
function narrow() {
  if (!guidelineSelect) return;
  const guideline = chosenGuideline();
  const chosen = select.selectedOptions[0];
  const owner = guidelineOf(chosen);
  const first = select.options[0];
  const last = select.options[select.options.length - 1];
  const listed = groups.filter((g) => g.dataset.guideline === guideline);
  select.replaceChildren(first, ...listed, last);
  select.value = !owner || owner === guideline ? chosen.value : first.value;
}

// The guideline an edition of the edition choice belongs to, if it is one guideline's.
function guidelineOf(option) {
  return option?.parentElement?.dataset?.guideline || "";
}

// What the index is asked for: one guideline or all, and one edition, the current
// editions (the status filter, in a portal) or all editions.
function filtersFor(guideline, edition) {
  const filters = {};
  if (guideline) filters.guideline = guideline;
  if (form.dataset.currentEditions && edition === form.dataset.currentEditions) {
    filters.status = edition;
  } else if (edition) {
    filters.edition = edition;
  }
  return filters;
}

function remember(query, guideline, edition) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (guideline) params.set("guideline", guideline);
  if (edition !== form.dataset.current) params.set("edition", edition);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const guideline = chosenGuideline();
  const edition = select.value;
  remember(query, guideline, edition);
  if (!query) {
    list.replaceChildren();
    more.hidden = true;
    say("");
    return;
  }
  say(status.dataset.searching);
  const filters = filtersFor(guideline, edition);
  const found = await pagefind.debouncedSearch(query, { filters }, 250);
  if (found === null || mine !== generation) return;
  results = found.results;
  shown = [];
  list.replaceChildren();
  await showMore(mine);
  if (mine === generation) say(countText(results.length));
}

async function start() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const edition = params.get("edition");
  const option = [...select.options].find((o) => o.value === edition);
  if (edition !== null && option) {
    select.value = edition;
  }
  if (guidelineSelect) {
    // A link to one guideline's edition searches that guideline, whatever else it says.
    const guideline = guidelineOf(option) || params.get("guideline");
    if ([...guidelineSelect.options].some((o) => o.value === guideline)) {
      guidelineSelect.value = guideline;
    }
    narrow();
  }
  try {
    pagefind = await import(form.dataset.pagefind);
    await pagefind.options({ baseUrl: "/", excerptLength: 24 });
    await pagefind.init();
  } catch (error) {
    say(status.dataset.failed);
    throw error;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", run);
  select.addEventListener("change", run);
  guidelineSelect?.addEventListener("change", () => {
    narrow();
    run();
  });
  more.addEventListener("click", () => {
    const first = shown.length;
    showMore(generation).then(() => list.children[first]?.querySelector("a")?.focus());
  });
  form.dataset.ready = "true";
  if (input.value) run();
}

start();
