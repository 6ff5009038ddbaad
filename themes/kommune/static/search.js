// The search page: runs the reader's query against the site's Pagefind index in the browser.
// The form is a plain GET form (?q=…&edition=…), so the header's search box and shared links
// land here with the query filled in. Every request stays on the site: the script, the index
// and the page fragments all come from the site's own pagefind/ folder.

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const select = document.getElementById("search-edition");
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
    edition.textContent = data.meta.edition;
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

function remember(query, edition) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (edition !== form.dataset.current) params.set("edition", edition);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const edition = select.value;
  remember(query, edition);
  if (!query) {
    list.replaceChildren();
    more.hidden = true;
    say("");
    return;
  }
  say(status.dataset.searching);
  const filters = edition ? { edition } : {};
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
  if (edition !== null && [...select.options].some((o) => o.value === edition)) {
    select.value = edition;
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
  more.addEventListener("click", () => {
    const first = shown.length;
    showMore(generation).then(() => list.children[first]?.querySelector("a")?.focus());
  });
  form.dataset.ready = "true";
  if (input.value) run();
}

start();
