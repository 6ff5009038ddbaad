//! Full-text search: the pipeline stage that turns the rendered pages into a Pagefind index.
//!
//! ```text
//! (Site, Addresses, fresh output folder) ─▶ search::index_folder ─▶ Vec<OutputFile>  (build)
//! (Site, Addresses, SiteFiles in memory) ─▶ search::index        ─▶ Vec<OutputFile>  (serve, check)
//! ```
//!
//! The index is built from the pages as published, so it always matches them, and searching
//! needs no server: the reader's browser fetches `pagefind/pagefind.js` and only the index
//! chunks and page fragments a query needs. A build hands Pagefind the folder it has just
//! written, which Pagefind reads on every core; `serve` keeps its pages in memory and hands
//! them over one by one.
//!
//! Each page is indexed once, at the address readers share: the current edition's pages at the
//! site root, the other editions' pages in their edition folder. Every page carries an
//! `edition` filter (the edition's folder name), so the search page can search the current
//! edition by default, another one, or all of them, and its `edition` label for the results.
//! In a portal, where all guidelines share one index, a page also carries a `guideline`
//! filter (its guideline's id) and a `status` filter (its edition's status), so the search
//! page searches the current editions of every guideline by default, or one guideline, and
//! the guideline's title for the results ("Sociale medier · 2. udgave"). A site of one
//! guideline has neither, so its pages and index stay as they were.
//!
//! Pagefind stems words by the page's `<html lang>` (Danish: "medarbejderne" finds
//! "medarbejdere"). Readers without Danish letters on their keyboard type "raad" or "rad" for
//! "råd", "doemmekraft" or "dommekraft" for "dømmekraft": the index also holds those spellings
//! of every word with æ, ø or å, in a metadata field that is searched but never shown, so
//! excerpts keep the page's own words.
//!
//! Rendering marks up the pages to index ([`prepare`]): `data-pagefind-body` on the article and
//! the filter and metadata in empty elements, which readers never see. The current edition's
//! permanent copies carry no marks, and Pagefind leaves out every page without them.

use crate::address::{Addresses, OutPath};
use crate::content::{Edition, EditionStatus, Portal, Site};
use crate::output::{Contents, OutputFile, SiteFiles};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The filter and metadata names the search page reads (see `static/search.js`).
const EDITION_FILTER: &str = "edition";
const EDITION_META: &str = "edition";
const SPELLINGS_META: &str = "spellings";
const GUIDELINE_FILTER: &str = "guideline";
const STATUS_FILTER: &str = "status";
const GUIDELINE_META: &str = "guideline";

/// The value of the `status` filter on pages of current editions; the portal's search page
/// offers it as the edition choice "the current editions" (and `search.js` reads it so).
pub const CURRENT_EDITIONS: &str = status_value(EditionStatus::Current);

/// One page to index: where readers find it and the HTML prepared for the indexer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// From the site root, starting with `/` (`/gode-raad/`, `/udgave-1/gode-raad/`); the
    /// search page turns it into a relative link.
    pub url: String,
    pub html: String,
}

/// The search index of the site's pages held in memory (`serve`, `check`), as files under
/// `pagefind/`; nothing with `search: false`. Drafts are indexed when the build has them
/// (`--drafts`, `serve`).
pub fn index(
    portal: &Portal,
    addresses: &[Addresses],
    files: &SiteFiles,
) -> Result<Vec<OutputFile>> {
    if !portal.config.search {
        return Ok(Vec::new());
    }
    let documents = documents(portal, addresses, files)?;
    let bundle = run_indexer(|| index_documents(documents))?;
    Ok(index_files(&addresses[0], bundle))
}

/// The search index of the site written into `dir` (a build's fresh output folder), as files
/// to add under `pagefind/`. Pagefind reads the pages there in parallel: only the folders that
/// hold pages to index, and of their pages only those [`prepare`]d at render time, which carry
/// `data-pagefind-body` (not the current edition's permanent copies, nor redirects).
pub fn index_folder(
    portal: &Portal,
    addresses: &[Addresses],
    dir: &Path,
) -> Result<Vec<OutputFile>> {
    if !portal.config.search {
        return Ok(Vec::new());
    }
    let dir = dir.to_string_lossy().to_string();
    let globs = pages_globs(portal, addresses);
    let bundle = run_indexer(|| async move {
        let mut index = new_index()?;
        for glob in globs {
            index
                .add_directory(dir.clone(), Some(glob))
                .await
                .map_err(|e| anyhow!("{e}"))
                .context("could not index the site's pages for search")?;
        }
        index_bundle(&mut index).await
    })?;
    Ok(index_files(&addresses[0], bundle))
}

/// Globs of the HTML files under the top-level folders that hold pages to index (the
/// current edition's at the site root, each other edition's folder), so that Pagefind does
/// not read the thousands of pages it would leave out. In a portal, the same within each
/// guideline's folder.
///
/// The folders are shared out over as many globs as it takes to keep each one short: the
/// glob parser refuses a glob whose literal text reaches 64 KiB, which one glob listing
/// every folder of an edition of about 4,000 top-level pages did. Pagefind numbers pages in
/// path order within each glob, and the globs come in a fixed order, so the index stays the
/// same from build to build.
fn pages_globs(portal: &Portal, addresses: &[Addresses]) -> Vec<String> {
    let mut globs = Vec::new();
    let mut group: Vec<String> = Vec::new();
    let mut length = 0;
    for pattern in folder_patterns(portal, addresses) {
        if length + pattern.len() > GLOB_LENGTH && !group.is_empty() {
            globs.push(alternatives(&group));
            group.clear();
            length = 0;
        }
        length += pattern.len() + 1;
        group.push(pattern);
    }
    if !group.is_empty() {
        globs.push(alternatives(&group));
    }
    globs
}

/// How long one glob of [`pages_globs`] may grow: well below the parser's 64 KiB, whose
/// checks also take longer the longer the glob.
const GLOB_LENGTH: usize = 8 * 1024;

/// `{a,b,c}`: any of the patterns.
fn alternatives(patterns: &[String]) -> String {
    format!("{{{}}}", patterns.join(","))
}

/// One glob pattern per top-level folder (or page file) that holds pages to index, sorted.
fn folder_patterns(portal: &Portal, addresses: &[Addresses]) -> BTreeSet<String> {
    indexed_addresses(portal, addresses)
        .map(|(address, a)| {
            let file = address.as_file();
            let root = a.site_root();
            let prefix = root.as_str();
            let inside = file.as_str().strip_prefix(prefix).unwrap_or(file.as_str());
            let prefix = glob_literal(prefix);
            match inside.split_once('/') {
                Some((folder, _)) => format!("{prefix}{}/**/*.html", glob_literal(folder)),
                None => format!("{prefix}{}", glob_literal(inside)),
            }
        })
        .collect()
}

/// Every page of every edition of every guideline at the address readers share: the pages
/// that are indexed, each with its guideline's address scheme.
fn indexed_addresses<'a>(
    portal: &'a Portal,
    addresses: &'a [Addresses],
) -> impl Iterator<Item = (OutPath, &'a Addresses)> + 'a {
    portal
        .guidelines
        .iter()
        .zip(addresses)
        .flat_map(|(site, addresses)| {
            site.editions
                .iter()
                .enumerate()
                .flat_map(move |(e, edition)| {
                    let mount = site.readers_mount(e);
                    edition.pages.iter().map(move |page| {
                        (addresses.page(&edition.id.0, &page.url, mount), addresses)
                    })
                })
        })
}

/// `name` with the characters a glob reads as syntax escaped.
fn glob_literal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if "\\*?[]{}(),<>:!#$&@~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The files of an index bundle that the search page loads, at their addresses.
fn index_files(addresses: &Addresses, bundle: BTreeMap<String, Vec<u8>>) -> Vec<OutputFile> {
    bundle
        .into_iter()
        .filter(|(name, _)| needed_by_search_page(name))
        .map(|(name, bytes)| {
            OutputFile::generated(&addresses.search_file(&name), "the search index", bytes)
        })
        .collect()
}

/// Every page of every edition, at the address readers share, marked up for the indexer.
fn documents(portal: &Portal, addresses: &[Addresses], files: &SiteFiles) -> Result<Vec<Document>> {
    indexed_addresses(portal, addresses)
        .map(|(address, addresses)| {
            Ok(Document {
                url: addresses.from_site_root(&address),
                html: rendered_html(files, &address)?.to_string(),
            })
        })
        .collect()
}

fn rendered_html<'a>(files: &'a SiteFiles, address: &OutPath) -> Result<&'a str> {
    match files.get(&address.as_file()).map(|f| &f.contents) {
        Some(Contents::Bytes(bytes)) => std::str::from_utf8(bytes)
            .with_context(|| format!("the page {} is not UTF-8", address.file())),
        _ => bail!(
            "the page {} was not rendered, so it cannot be indexed for search",
            address.file()
        ),
    }
}

/// The value of the edition filter for pages of edition `e`: its id, and in a portal
/// `<guideline>/<edition>`, since guidelines may name their editions alike.
pub fn edition_filter(site: &Site, e: &Edition) -> String {
    site.qualified_id(e)
}

/// What a page of an edition is tagged with in the search index. Part of the page's view, so
/// that a page taken over from the last build carries the same marks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Marks {
    /// The edition filter's value ([`edition_filter`]).
    pub edition: String,
    /// The edition's label, shown under each result.
    pub label: String,
    /// In a portal only: what tells the guidelines apart in their shared index.
    pub portal: Option<PortalMarks>,
}

/// A portal page's guideline and its edition's status.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PortalMarks {
    pub guideline: String,
    /// The guideline's title, shown under each result beside the edition's label.
    pub title: String,
    pub status: EditionStatus,
}

/// The marks of the pages of edition `e` of `site`.
pub fn marks(site: &Site, e: &Edition) -> Marks {
    Marks {
        edition: edition_filter(site, e),
        label: e.label.clone(),
        portal: site.guideline.as_ref().map(|g| PortalMarks {
            guideline: g.id.0.clone(),
            title: g.title.clone(),
            status: e.status,
        }),
    }
}

/// The `status` filter's value for pages of editions with `status`.
const fn status_value(status: EditionStatus) -> &'static str {
    match status {
        EditionStatus::Draft => "draft",
        EditionStatus::Current => "current",
        EditionStatus::Archived => "archived",
    }
}

/// The page's HTML with its text marked as what Pagefind indexes (the `<article>`, else
/// `<main>`, else the whole `<body>`: not the header, the navigation or the page history),
/// tagged with its `marks`, and with the spellings without Danish letters of its words.
pub fn prepare(html: &str, marks: &Marks) -> String {
    let Some((open, close)) = ["article", "main", "body"]
        .iter()
        .find_map(|tag| element_bounds(html, tag))
    else {
        return html.to_string();
    };
    let spellings = spellings_without_danish_letters(&text_of(&html[open..close]));
    let mut tags = filter_tag(EDITION_FILTER, "edition", &marks.edition);
    if let Some(portal) = &marks.portal {
        tags.push_str(&filter_tag(
            GUIDELINE_FILTER,
            "guideline",
            &portal.guideline,
        ));
        tags.push_str(&filter_tag(
            STATUS_FILTER,
            "status",
            status_value(portal.status),
        ));
    }
    tags.push_str(&meta_tag(EDITION_META, "label", &marks.label));
    if let Some(portal) = &marks.portal {
        tags.push_str(&meta_tag(GUIDELINE_META, "guideline-title", &portal.title));
    }
    if !spellings.is_empty() {
        tags.push_str(&meta_tag(SPELLINGS_META, "spellings", &spellings.join(" ")));
    }
    let mut out = String::with_capacity(html.len() + tags.len() + 32);
    out.push_str(&html[..open]);
    out.push_str(" data-pagefind-body");
    out.push_str(&html[open..close]);
    out.push_str(&tags);
    out.push_str(&html[close..]);
    out
}

/// An empty element that gives the page the filter `name` with `value`, read from its
/// attribute `data-<attribute>`.
fn filter_tag(name: &str, attribute: &str, value: &str) -> String {
    format!(
        r#"<span data-pagefind-filter="{name}[data-{attribute}]" data-{attribute}="{}"></span>"#,
        escape_attribute(value)
    )
}

/// An empty element that gives the page the metadata `name` with `value`.
fn meta_tag(name: &str, attribute: &str, value: &str) -> String {
    format!(
        r#"<span data-pagefind-meta="{name}[data-{attribute}]" data-{attribute}="{}"></span>"#,
        escape_attribute(value)
    )
}

/// Where the first `<tag` element's name ends (to add an attribute after it) and where its
/// closing tag, the last `</tag>` of the page, starts.
fn element_bounds(html: &str, tag: &str) -> Option<(usize, usize)> {
    let start = html.match_indices(&format!("<{tag}")).find_map(|(at, m)| {
        let after = at + m.len();
        matches!(
            html.as_bytes().get(after),
            Some(b'>' | b' ' | b'\n' | b'\t')
        )
        .then_some(after)
    })?;
    let close = html.rfind(&format!("</{tag}>"))?;
    (close > start).then_some((start, close))
}

/// The text of an HTML fragment, tags taken out (entities are left: they hold no Danish
/// letters pjece writes).
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Every word of `text` with æ, ø or å, spelled the two ways Danish is typed without those
/// letters: `æ ø å` as `ae oe aa`, and as `a o a` ("dømmekraften" → "doemmekraften",
/// "dommekraften"). Each spelling once, sorted, so the index is the same in every build.
pub fn spellings_without_danish_letters(text: &str) -> Vec<String> {
    let mut spellings = BTreeSet::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(is_danish_letter))
    {
        let word = word.to_lowercase();
        spellings.insert(transliterate(&word, |c| match c {
            'æ' => "ae",
            'ø' => "oe",
            _ => "aa",
        }));
        spellings.insert(transliterate(&word, |c| match c {
            'æ' => "a",
            'ø' => "o",
            _ => "a",
        }));
    }
    spellings.into_iter().collect()
}

fn is_danish_letter(c: char) -> bool {
    matches!(c, 'æ' | 'ø' | 'å' | 'Æ' | 'Ø' | 'Å')
}

/// `word` (lower case) with each of `æ ø å` replaced by `by(letter)`.
fn transliterate(word: &str, by: impl Fn(char) -> &'static str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        if is_danish_letter(c) {
            out.push_str(by(c));
        } else {
            out.push(c);
        }
    }
    out
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The files of Pagefind's other search interfaces, which the search page does not use.
fn needed_by_search_page(name: &str) -> bool {
    ![
        "pagefind-ui.",
        "pagefind-modular-ui.",
        "pagefind-component-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|unused| name.starts_with(unused))
}

/// Runs Pagefind's asynchronous indexer with a small runtime of its own, so that the stage
/// works the same whether or not the caller is inside an async runtime (`serve` is).
///
/// On a thread of a rayon pool (the background indexer of `pjece serve`), it runs right
/// there, so that Pagefind's parallel steps stay in that pool and never queue ahead of a
/// rebuild in the shared one; anywhere else, on a thread of its own.
fn run_indexer<F>(indexer: impl FnOnce() -> F + Send) -> Result<BTreeMap<String, Vec<u8>>>
where
    F: std::future::Future<Output = Result<BTreeMap<String, Vec<u8>>>>,
{
    let run = move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .context("could not start the search indexer")?;
        runtime.block_on(indexer())
    };
    if rayon::current_thread_index().is_some() {
        return run();
    }
    std::thread::scope(|scope| {
        scope
            .spawn(run)
            .join()
            .map_err(|_| anyhow!("the search indexer stopped unexpectedly"))?
    })
}

fn new_index() -> Result<pagefind::api::PagefindIndex> {
    pagefind::api::PagefindIndex::new(None)
        .map_err(|e| anyhow!("{e}"))
        .context("could not set up the search index")
}

async fn index_documents(documents: Vec<Document>) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut index = new_index()?;
    for document in documents {
        let url = document.url.clone();
        let added = index
            .add_html_file(None, Some(document.url), document.html)
            .await
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| format!("could not index the page {url} for search"))?;
        if added.page_url != url {
            bail!("the search index put the page {url} at {}", added.page_url);
        }
    }
    index_bundle(&mut index).await
}

/// The index files, by their path under `pagefind/`.
async fn index_bundle(
    index: &mut pagefind::api::PagefindIndex,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let files = index
        .get_files()
        .await
        .map_err(|e| anyhow!("{e}"))
        .context("could not write the search index")?;
    Ok(files
        .into_iter()
        .map(|f| {
            let name = f
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (name, f.contents)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_danish_letters_get_both_spellings() {
        assert_eq!(
            spellings_without_danish_letters("Brug din dømmekraften. Gode Råd, ærligt"),
            vec![
                "aerligt",
                "arligt",
                "doemmekraften",
                "dommekraften",
                "raad",
                "rad"
            ]
        );
        assert!(spellings_without_danish_letters("medarbejdere").is_empty());
    }

    #[test]
    fn the_article_is_what_is_indexed_with_its_edition() {
        let html = r#"<html lang="da"><body><header>Søg</header><article class="x"><h1>Råd</h1></article><nav>x</nav></body></html>"#;
        let prepared = prepare(html, &one_guideline("udgave-2", r#"2. "udgave""#));
        assert!(
            prepared.contains(r#"<article data-pagefind-body class="x"><h1>Råd</h1><span data-pagefind-filter="edition[data-edition]" data-edition="udgave-2">"#),
            "{prepared}"
        );
        assert!(prepared.contains(r#"data-label="2. &quot;udgave&quot;""#));
        assert!(prepared.contains(r#"data-spellings="raad rad""#));
        assert!(prepared.ends_with("</article><nav>x</nav></body></html>"));
    }

    #[test]
    fn a_page_without_article_or_main_is_indexed_by_its_body() {
        let prepared = prepare(
            "<html><body><p>x</p></body></html>",
            &one_guideline("e1", "E"),
        );
        assert!(prepared.starts_with("<html><body data-pagefind-body><p>x</p><span"));
    }

    fn one_guideline(edition: &str, label: &str) -> Marks {
        Marks {
            edition: edition.into(),
            label: label.into(),
            portal: None,
        }
    }

    #[test]
    fn a_portal_page_is_tagged_with_its_guideline_and_its_editions_status() {
        let marks = Marks {
            edition: "ai/2025".into(),
            label: "2025-udgaven".into(),
            portal: Some(PortalMarks {
                guideline: "ai".into(),
                title: "Brug af \"AI\"".into(),
                status: EditionStatus::Current,
            }),
        };
        let prepared = prepare(
            "<html><body><article><h1>Regler</h1></article></body></html>",
            &marks,
        );
        for tag in [
            r#"<span data-pagefind-filter="edition[data-edition]" data-edition="ai/2025"></span>"#,
            r#"<span data-pagefind-filter="guideline[data-guideline]" data-guideline="ai"></span>"#,
            r#"<span data-pagefind-filter="status[data-status]" data-status="current"></span>"#,
            r#"<span data-pagefind-meta="guideline[data-guideline-title]" data-guideline-title="Brug af &quot;AI&quot;"></span>"#,
        ] {
            assert!(prepared.contains(tag), "{tag} in {prepared}");
        }
        assert_eq!(CURRENT_EDITIONS, "current");
        let archived = Marks {
            portal: Some(PortalMarks {
                status: EditionStatus::Archived,
                ..marks.portal.clone().unwrap()
            }),
            ..marks
        };
        assert!(prepare("<article></article>", &archived).contains(r#"data-status="archived""#));
        // A site of one guideline carries neither mark.
        let alone = prepare("<article></article>", &one_guideline("e1", "E"));
        assert!(
            !alone.contains("guideline") && !alone.contains("status"),
            "{alone}"
        );
    }
}
