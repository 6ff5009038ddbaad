//! Every output address pjece writes, in one place.
//!
//! An [`OutPath`] is a location in the built site, relative to its root: a folder (ending in
//! `/`, served as its `index.html`) or a file. Only this module can make one, so every file
//! the build writes, and every link and absolute URL it prints, was addressed here: change the
//! scheme (a guideline segment in front of every edition, say) and it changes everywhere.
//!
//! The scheme, with Danish URL words (`language: en` gives `editions/`, `changes/`, `leaflet/`):
//!
//! ```text
//! <page>/                         a page of the current edition, at the site root
//! <edition>/<page>/               a page of every edition, permanent
//! <edition>/aendringer/           what changed in the edition
//! <edition>/folder/index.html     the leaflet at trim size; tryk.html with bleed; the PDFs
//! udgaver/                        the editions overview
//! soeg/                           the search page (`search/` in English)
//! pagefind/…                      the search index and the search script (Pagefind)
//! atom.xml sitemap.xml 404.html _redirects
//! static/…                        the theme's files and the site's logo
//! ```
//!
//! Links between pages are relative and name `index.html`, so a built site works from any
//! folder on a web server and straight from disk. Absolute addresses, made from `base_url`,
//! appear only where the web needs them: sitemap, feed, canonical links, QR codes, redirects.

use crate::config::{SiteConfig, UrlWords};
use crate::slug::slugify;
use std::fmt;

/// A location in the output, relative to its root, slash-separated. Folders end in `/`; the
/// root folder is the empty path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutPath(String);

impl OutPath {
    /// The file written for this address: a folder's `index.html`.
    pub fn file(&self) -> String {
        if self.is_folder() {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }

    pub fn is_folder(&self) -> bool {
        self.0.is_empty() || self.0.ends_with('/')
    }

    /// The address as written (folders with their trailing slash).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder a relative link from this address starts in.
    fn folder(&self) -> &str {
        match self.0.rfind('/') {
            Some(i) => &self.0[..=i],
            None => "",
        }
    }

    /// Where the file of this address sits, as an [`OutPath`] naming that file.
    pub fn as_file(&self) -> OutPath {
        OutPath(self.file())
    }

    /// A relative link from the page at `self` to `to`; folders are linked by `index.html`
    /// so pages opened from disk navigate like served ones.
    pub fn href_to(&self, to: &OutPath) -> String {
        relative(self.folder(), &to.0)
    }

    /// The relative path from this address to the site root (`""`, `"../"`, …), which a
    /// template puts in front of the paths of static files.
    pub fn to_root(&self) -> String {
        "../".repeat(self.folder().matches('/').count())
    }

    /// The address a request path names, percent-decoded: `/gode-raad/` → `gode-raad/`,
    /// `/static/logo.svg` → `static/logo.svg`, `/` → the root folder. `None` for anything
    /// that is not a plain path inside the site: `.` or `..` segments, empty segments (`//`),
    /// backslashes, NUL, or bytes that are not UTF-8, in any encoding (`%2e%2e`, `..%2f`).
    pub fn from_request(path: &str) -> Option<OutPath> {
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?;
        let rest = decoded.strip_prefix('/').unwrap_or(&decoded);
        let segments: Vec<&str> = rest.split('/').collect();
        let (last, folders) = segments.split_last()?;
        let plain =
            |s: &&str| !s.is_empty() && *s != "." && *s != ".." && !s.contains(['\\', '\0']);
        let last_ok = last.is_empty() || plain(last);
        (folders.iter().all(plain) && last_ok).then(|| OutPath(rest.to_string()))
    }

    /// The folder of the same name, for a request that left out the trailing slash:
    /// `gode-raad` → `gode-raad/`.
    pub fn as_folder(&self) -> OutPath {
        if self.is_folder() {
            self.clone()
        } else {
            OutPath(format!("{}/", self.0))
        }
    }

    /// The address readers are given for the file at this path: a folder's `index.html` is
    /// the folder (`gode-raad/index.html` → `gode-raad/`), as the address ledger lists it.
    pub fn as_served(&self) -> OutPath {
        match self.0.strip_suffix("index.html") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => OutPath(folder.into()),
            _ => self.clone(),
        }
    }

    /// Whether a browser shows this address as a page (a folder or an `.html` file), so that
    /// a page that sends the reader on can stand there; a PDF or an image cannot be one.
    pub fn is_page(&self) -> bool {
        self.is_folder() || self.0.ends_with(".html")
    }

    /// Like [`OutPath::href_to`], with a `#fragment`.
    pub fn href_to_anchor(&self, to: &OutPath, anchor: &str) -> String {
        format!("{}#{anchor}", self.href_to(to))
    }
}

#[cfg(test)]
impl OutPath {
    /// Any path, for unit tests of the stages that write files.
    pub(crate) fn for_tests(path: &str) -> OutPath {
        OutPath(path.to_string())
    }
}

impl fmt::Display for OutPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a copy of an edition is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mount {
    /// `/<edition>/…`: every edition, permanently.
    EditionFolder,
    /// `/…`: the current edition, at the address readers are given.
    SiteRoot,
}

/// The two prints of a leaflet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Print {
    /// Trim size: screens, office printers, the web.
    Trim,
    /// With bleed and print boxes, for the print shop.
    Bleed,
}

/// The address scheme of one site.
#[derive(Debug, Clone)]
pub struct Addresses {
    base_url: String,
    base_path: String,
    words: UrlWords,
    /// `<guideline>/` for one guideline of a portal, in front of every address of its own;
    /// empty for a site of one guideline and for the portal's own pages.
    prefix: String,
    /// Whether the site is a portal (of guidelines), for its own pages and each guideline's.
    portal: bool,
}

/// The folder of the search index at the site root.
const SEARCH_BUNDLE: &str = "pagefind";

/// The address ledger's file name in the site folder.
pub const LEDGER: &str = "addresses.txt";

/// The file pjece leaves in every output folder it writes (see `output`).
pub const MARKER: &str = ".pjece-output";

impl Addresses {
    /// The scheme of the site `config` describes: a site of one guideline, or one guideline
    /// of a portal (`config.portal_segment`), whose own addresses are all under `<guideline>/`.
    pub fn new(config: &SiteConfig) -> Self {
        Addresses {
            base_path: base_path(&config.base_url),
            base_url: config.base_url.clone(),
            words: config.language.url_words(),
            prefix: config
                .portal_segment
                .as_ref()
                .map_or_else(String::new, |g| format!("{g}/")),
            portal: config.portal_segment.is_some(),
        }
    }

    /// The scheme of the portal's own pages (front page, in force on a date, recent changes).
    pub fn portal(config: &SiteConfig) -> Self {
        Addresses {
            prefix: String::new(),
            portal: true,
            ..Addresses::new(config)
        }
    }

    /// Whether the site is a portal: this is the scheme of one of its guidelines or of its
    /// own pages.
    pub fn in_portal(&self) -> bool {
        self.portal
    }

    /// Whether this is the scheme of one guideline of a portal.
    pub fn is_guideline(&self) -> bool {
        !self.prefix.is_empty()
    }

    /// The portal's front page (the site root).
    pub fn portal_front(&self) -> OutPath {
        OutPath(String::new())
    }

    /// The page that says, for any date, which edition of every guideline was in force.
    pub fn in_force(&self) -> OutPath {
        OutPath(format!("{}/", self.words.in_force))
    }

    /// Recent changes across every guideline of a portal, newest editions first.
    pub fn recent_changes(&self) -> OutPath {
        OutPath(format!("{}/", self.words.recent))
    }

    /// The portal's Atom feed, across every guideline.
    pub fn portal_feed(&self) -> OutPath {
        OutPath("atom.xml".into())
    }

    /// An address of the site's old scheme (when a guideline was the whole site, at the
    /// root) as written by this guideline: `email/udgave-1/x/` → `udgave-1/x/`. `None` for
    /// addresses outside the guideline.
    pub fn without_prefix(&self, path: &OutPath) -> Option<OutPath> {
        if self.prefix.is_empty() {
            return None;
        }
        path.0
            .strip_prefix(&self.prefix)
            .map(|rest| OutPath(rest.to_string()))
    }

    /// Whether `path` is an address readers are given, which the address ledger records:
    /// not the theme's files, the search index, the servers' redirect lists, the 404 page,
    /// the sitemap or the output mark, which belong to a build rather than to the site.
    pub fn is_for_readers(&self, path: &OutPath) -> bool {
        // The 404 page answers addresses that do not exist, and the sitemap is for crawlers,
        // which read it afresh: neither is an address anyone is given.
        let build_files = [MARKER, "_redirects", ".htaccess", "web.config"];
        let for_servers = *path == self.not_found() || *path == self.sitemap();
        !for_servers
            && match path.0.split_once('/') {
                Some((top, _)) => top != "static" && top != SEARCH_BUNDLE,
                None => !build_files.contains(&path.0.as_str()),
            }
    }

    /// A path from the site root as the address ledger and `redirects:` write it.
    pub fn from_ledger(path: &str) -> OutPath {
        OutPath(path.to_string())
    }

    /// The address ledger: every address the site has published, in the site folder beside
    /// `site.yaml`, meant to be committed with the content.
    pub fn ledger(root: &std::path::Path) -> std::path::PathBuf {
        root.join(LEDGER)
    }

    /// A page's folder within its edition, from its source path: `sub/Gode råd.md` →
    /// `sub/gode-raad/`, `index.md` → ``, `sub/index.md` → `sub/`. `None` when a segment
    /// has no letter or digit to make an address of. The `.md` suffix is matched in any case.
    pub fn page_in_edition(source: &str) -> Option<String> {
        let stem = strip_md_suffix(source)?;
        let mut segments: Vec<&str> = stem.split('/').collect();
        if segments.last() == Some(&"index") {
            segments.pop();
        }
        let mut url = String::new();
        for segment in segments {
            let slug = slugify(segment);
            if slug.is_empty() {
                return None;
            }
            url.push_str(&slug);
            url.push('/');
        }
        Some(url)
    }

    /// The front page readers are given: the current edition at the root (of the
    /// guideline's folder, in a portal).
    pub fn site_root(&self) -> OutPath {
        OutPath(self.prefix.clone())
    }

    /// The folder an edition is published in under `mount`.
    pub fn edition_root(&self, edition: &str, mount: Mount) -> OutPath {
        match mount {
            Mount::EditionFolder => OutPath(format!("{}{edition}/", self.prefix)),
            Mount::SiteRoot => OutPath(self.prefix.clone()),
        }
    }

    /// A page (its folder within the edition, see [`Addresses::page_in_edition`]).
    pub fn page(&self, edition: &str, page: &str, mount: Mount) -> OutPath {
        OutPath(format!("{}{page}", self.edition_root(edition, mount).0))
    }

    /// A file beside the pages, at its path within the edition.
    pub fn asset(&self, edition: &str, path: &str, mount: Mount) -> OutPath {
        OutPath(format!("{}{path}", self.edition_root(edition, mount).0))
    }

    /// The edition's "what changed" page.
    pub fn changes(&self, edition: &str) -> OutPath {
        OutPath(format!("{}{edition}/{}/", self.prefix, self.words.changes))
    }

    /// The element id a page's section on a "what changed" page starts from; `render::changes`
    /// makes it unique when two page ids slug alike.
    pub fn changes_anchor(page_id: &str) -> String {
        format!("side-{}", slugify(page_id))
    }

    /// The edition's leaflet folder.
    pub fn leaflet_dir(&self, edition: &str) -> OutPath {
        OutPath(format!("{}{edition}/{}/", self.prefix, self.words.leaflet))
    }

    /// The leaflet page to print (trim size) or to send to the print shop (bleed).
    pub fn leaflet_html(&self, edition: &str, print: Print) -> OutPath {
        let name = match print {
            Print::Trim => "index.html",
            Print::Bleed => "tryk.html",
        };
        OutPath(format!("{}{name}", self.leaflet_dir(edition).0))
    }

    /// The printed leaflet: `udgave-2/folder/folder-udgave-2.pdf` (`-tryk.pdf` with bleed).
    pub fn leaflet_pdf(&self, edition: &str, print: Print) -> OutPath {
        let suffix = match print {
            Print::Trim => "",
            Print::Bleed => "-tryk",
        };
        OutPath(format!(
            "{}{}-{edition}{suffix}.pdf",
            self.leaflet_dir(edition).0,
            self.words.leaflet
        ))
    }

    pub fn editions_overview(&self) -> OutPath {
        OutPath(format!("{}{}/", self.prefix, self.words.editions))
    }

    /// The guideline's Atom feed, one entry per edition.
    pub fn feed(&self) -> OutPath {
        OutPath(format!("{}atom.xml", self.prefix))
    }

    pub fn sitemap(&self) -> OutPath {
        OutPath("sitemap.xml".into())
    }

    /// Served by web servers for any missing address.
    pub fn not_found(&self) -> OutPath {
        OutPath("404.html".into())
    }

    /// Redirects in the `from to 301` format several static hosts read.
    pub fn redirects_file(&self) -> OutPath {
        OutPath("_redirects".into())
    }

    /// Redirect rules for Apache, at the site root.
    pub fn apache_rules(&self) -> OutPath {
        OutPath(".htaccess".into())
    }

    /// Redirect rules for IIS, at the site root.
    pub fn iis_rules(&self) -> OutPath {
        OutPath("web.config".into())
    }

    /// The search page, where the search box in every page's header sends its query.
    pub fn search_page(&self) -> OutPath {
        OutPath(format!("{}/", self.words.search))
    }

    /// A file of the search index, at its path within the index folder
    /// (`pagefind.js`, `index/en_1a2b.pf_index`).
    pub fn search_file(&self, path: &str) -> OutPath {
        OutPath(format!("{SEARCH_BUNDLE}/{path}"))
    }

    /// A file of the theme's `static/` folder.
    pub fn static_file(&self, path: &str) -> OutPath {
        OutPath(format!("static/{path}"))
    }

    /// Whether `path` is one of the theme's files that only a portal's own pages use
    /// (`static/portal/…`), which a site of one guideline leaves out.
    pub fn is_portal_static(&self, path: &OutPath) -> bool {
        path.0.starts_with("static/portal/")
    }

    /// The site's logo, published under a fixed name: `grafik/Logo.SVG` → `static/logo.svg`.
    pub fn logo(&self, source: &std::path::Path) -> OutPath {
        let ext = source
            .extension()
            .map_or_else(String::new, |e| e.to_string_lossy().to_lowercase());
        self.static_file(&format!("logo.{ext}"))
    }

    /// The site's logo for dark backgrounds: `grafik/Hvid.svg` → `static/logo-on-dark.svg`.
    pub fn logo_on_dark(&self, source: &std::path::Path) -> OutPath {
        let ext = source
            .extension()
            .map_or_else(String::new, |e| e.to_string_lossy().to_lowercase());
        self.static_file(&format!("logo-on-dark.{ext}"))
    }

    /// The mark in the output folder (written by `output`, listed here so that every file of
    /// the output has its address in this module).
    pub fn marker(&self) -> OutPath {
        OutPath(MARKER.into())
    }

    /// The folder of pjece's caches for the site in `root`: `<root>/.pjece-cache/`. Beside
    /// the site rather than in `$XDG_CACHE_HOME`, so that it travels with the site's folder
    /// (a CI cache of the workspace keeps it), belongs to one site only, and `pjece clean`
    /// knows exactly what to remove. Hidden, and listed in the `.gitignore` `pjece init`
    /// writes.
    pub fn cache_root(root: &std::path::Path) -> std::path::PathBuf {
        root.join(".pjece-cache")
    }

    /// Where printed leaflet PDFs are kept between builds.
    pub fn pdf_cache(root: &std::path::Path) -> std::path::PathBuf {
        Self::cache_root(root).join("pdf")
    }

    /// The cached PDF stored under `key` in the PDF cache folder `dir`.
    pub fn cached_pdf(dir: &std::path::Path, key: &str) -> std::path::PathBuf {
        dir.join(format!("{key}.pdf"))
    }

    /// The absolute web address, for sitemaps, feeds, canonical links and QR codes.
    pub fn absolute(&self, path: &OutPath) -> String {
        format!("{}{}", self.base_url, path.0)
    }

    /// The path from the web server's root (`/r/gode-raad/`), for pages served at any depth
    /// (404) and for `_redirects`.
    pub fn from_server_root(&self, path: &OutPath) -> String {
        format!("{}{}", self.base_path, path.0)
    }

    /// The path from the site's own root (`/gode-raad/`), whatever `base_url` says: how the
    /// search index names a page; the search page turns it into a relative link, so results
    /// lead to the right page wherever the site is published.
    pub fn from_site_root(&self, path: &OutPath) -> String {
        format!("/{}", path.0)
    }

    /// A request path with the site's base path taken off (`/r/gode-raad/` → `/gode-raad/`),
    /// for a local server that serves the site at `/` while pages made for the web (404)
    /// name addresses from the server root. `None` when the path is not below the base path.
    pub fn strip_base_path<'a>(&self, path: &'a str) -> Option<&'a str> {
        if self.base_path == "/" {
            return None;
        }
        let rest = path.strip_prefix(self.base_path.trim_end_matches('/'))?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    }

    /// The top-level names this scheme gives to pjece's own files at the site root (in a
    /// portal: in the guideline's folder); the current edition's pages and the edition
    /// folders must not take them.
    pub fn reserved_at_root(&self) -> Vec<&'static str> {
        if self.is_guideline() {
            return vec!["atom.xml", self.words.editions];
        }
        vec![
            "static",
            "404.html",
            "sitemap.xml",
            "atom.xml",
            "_redirects",
            SEARCH_BUNDLE,
            self.words.editions,
            self.words.search,
        ]
    }

    /// The top-level names of a portal's own files and pages, which no guideline folder may
    /// take.
    pub fn reserved_in_portal(&self) -> Vec<&'static str> {
        vec![
            "static",
            "404.html",
            "sitemap.xml",
            "atom.xml",
            "_redirects",
            ".htaccess",
            "web.config",
            SEARCH_BUNDLE,
            self.words.editions,
            self.words.search,
            self.words.in_force,
            self.words.recent,
        ]
    }

    /// The top-level names pjece gives to its own folders inside every edition.
    pub fn reserved_in_edition(&self) -> Vec<&'static str> {
        vec![self.words.changes, self.words.leaflet]
    }
}

/// `Noter.MD` → `Noter`; `None` for anything that is not a Markdown file.
pub fn strip_md_suffix(path: &str) -> Option<&str> {
    let cut = path.len().checked_sub(3)?;
    (path.is_char_boundary(cut) && path[cut..].eq_ignore_ascii_case(".md")).then(|| &path[..cut])
}

/// A link from a page in folder `from_dir` to `to`, both relative to the same root.
/// Folders end in `/` (the root folder is ``); a folder target gets `index.html` appended.
fn relative(from_dir: &str, to: &str) -> String {
    // The folders both share, compared segment by segment without collecting them: every
    // page's navigation asks this for every page of its edition.
    let mut shared = 0; // bytes of `to` (and `from_dir`) in the shared folders
    let mut from_rest = from_dir;
    let mut to_rest = to;
    while let (Some((a, from_next)), Some((b, to_next))) =
        (from_rest.split_once('/'), to_rest.split_once('/'))
    {
        if a != b || a.is_empty() {
            break;
        }
        shared += a.len() + 1;
        from_rest = from_next;
        to_rest = to_next;
    }
    let ups = from_dir[shared..]
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    let mut href = String::with_capacity(ups * 3 + to.len() - shared + 10);
    for _ in 0..ups {
        href.push_str("../");
    }
    // A file the author named `bilag#1.pdf` is linked as `bilag%231.pdf`; the rest (spaces,
    // æøå) is escaped where the link is written into HTML.
    href.push_str(&crate::urls::escape_url_syntax(&to[shared..]));
    if href.is_empty() || href.ends_with('/') {
        href.push_str("index.html");
    }
    href
}

/// `https://example.org/sider/` → `/sider/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn addresses(language: Language) -> Addresses {
        Addresses {
            base_url: "https://example.org/r/".into(),
            base_path: "/r/".into(),
            words: language.url_words(),
            prefix: String::new(),
            portal: false,
        }
    }

    #[test]
    fn relative_links_between_folders() {
        assert_eq!(relative("", "bilag#1 50%?.pdf"), "bilag%231 50%25%3F.pdf");
        assert_eq!(relative("", ""), "index.html");
        assert_eq!(relative("", "gode-raad/"), "gode-raad/index.html");
        assert_eq!(relative("gode-raad/", ""), "../index.html");
        assert_eq!(relative("a/b/", "a/c/"), "../c/index.html");
        assert_eq!(relative("a/", "images/x.png"), "../images/x.png");
        assert_eq!(
            relative("udgave-1/a/", "udgave-2/a/"),
            "../../udgave-2/a/index.html"
        );
    }

    /// `relative` as first written, by whole segment lists, to check the faster one against.
    fn relative_by_segments(from_dir: &str, to: &str) -> String {
        let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
        let target: Vec<&str> = to.split('/').collect();
        let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
        let mut href = "../".repeat(from.len() - common);
        href.push_str(&target[common..].join("/"));
        if href.is_empty() || href.ends_with('/') {
            href.push_str("index.html");
        }
        href
    }

    #[test]
    fn relative_links_agree_with_the_segment_by_segment_definition() {
        let folders = [
            "", "a/", "a/b/", "a/c/", "ab/", "g/e/", "g/e/a/", "g/", "e/a/b/",
        ];
        let targets = [
            "",
            "a/",
            "a/b/",
            "a/b/x.png",
            "ab/c/",
            "g/e/a/",
            "g/x/",
            "x.pdf",
            "e/a/b/c/",
        ];
        for from in folders {
            for to in targets {
                assert_eq!(
                    relative(from, to),
                    relative_by_segments(from, to),
                    "{from} → {to}"
                );
            }
        }
    }

    #[test]
    fn page_addresses_are_slugged_folders() {
        let p = Addresses::page_in_edition;
        assert_eq!(p("index.md").as_deref(), Some(""));
        assert_eq!(p("Gode råd.md").as_deref(), Some("gode-raad/"));
        assert_eq!(p("sub/index.md").as_deref(), Some("sub/"));
        assert_eq!(p("index/side.md").as_deref(), Some("index/side/"));
        assert_eq!(p("Noter.MD").as_deref(), Some("noter/"));
        assert_eq!(p("___.md"), None);
        assert_eq!(p("billede.png"), None);
    }

    #[test]
    fn both_mounts_and_generated_pages() {
        let a = addresses(Language::Da);
        let root = a.page("udgave-2", "gode-raad/", Mount::SiteRoot);
        let kept = a.page("udgave-2", "gode-raad/", Mount::EditionFolder);
        assert_eq!(root.file(), "gode-raad/index.html");
        assert_eq!(kept.file(), "udgave-2/gode-raad/index.html");
        assert_eq!(root.href_to(&kept), "../udgave-2/gode-raad/index.html");
        assert_eq!(a.changes("udgave-2").as_str(), "udgave-2/aendringer/");
        assert_eq!(
            a.leaflet_pdf("udgave-2", Print::Bleed).as_str(),
            "udgave-2/folder/folder-udgave-2-tryk.pdf"
        );
        assert_eq!(
            a.absolute(&kept),
            "https://example.org/r/udgave-2/gode-raad/"
        );
        assert_eq!(a.from_server_root(&root), "/r/gode-raad/");
        let en = addresses(Language::En);
        assert_eq!(en.editions_overview().as_str(), "editions/");
        assert_eq!(en.leaflet_dir("e1").as_str(), "e1/leaflet/");
    }

    #[test]
    fn a_file_address_links_from_its_folder() {
        let a = addresses(Language::Da);
        let leaflet = a.leaflet_html("e1", Print::Trim);
        assert_eq!(
            leaflet.href_to(&a.static_file("fonts/fonts.css")),
            "../../static/fonts/fonts.css"
        );
        assert_eq!(
            leaflet.href_to(&a.edition_root("e1", Mount::EditionFolder)),
            "../index.html"
        );
        assert_eq!(
            leaflet.href_to(&a.leaflet_html("e1", Print::Bleed)),
            "tryk.html"
        );
    }

    #[test]
    fn request_paths_name_addresses_inside_the_site_only() {
        let r = |p: &str| OutPath::from_request(p).map(|a| a.0);
        assert_eq!(r("/").as_deref(), Some(""));
        assert_eq!(r("/gode-raad/").as_deref(), Some("gode-raad/"));
        assert_eq!(r("/gode-raad").as_deref(), Some("gode-raad"));
        assert_eq!(
            r("/e1/images/Billede%20%C3%A6.png").as_deref(),
            Some("e1/images/Billede æ.png")
        );
        for bad in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/..%2fsite.yaml",
            "/..%5csite.yaml",
            "/..\\site.yaml",
            "//etc/passwd",
            "/a/./b",
            "/a/%2E%2E/%2E%2E/site.yaml",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(r(bad), None, "{bad}");
        }
        assert_eq!(OutPath("a".into()).as_folder().file(), "a/index.html");
    }

    #[test]
    fn base_paths_come_off_request_paths() {
        let a = addresses(Language::Da);
        assert_eq!(a.strip_base_path("/r/static/x.css"), Some("/static/x.css"));
        assert_eq!(a.strip_base_path("/r"), Some(""));
        assert_eq!(a.strip_base_path("/rr/x"), None);
        assert_eq!(a.strip_base_path("/x"), None);
    }

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://example.org/sider/"), "/sider/");
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
