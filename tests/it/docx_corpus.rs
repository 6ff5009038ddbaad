//! The Word corpus that `pjece import` is tested against, and the oracle it is judged by.
//!
//! Every fixture is made by a real writer of Word files, never by pjece: `tests/docx/<name>.fodt`
//! or `.html` are converted by LibreOffice (`soffice --convert-to`), `tests/docx/<name>.py`
//! scripts write what LibreOffice cannot (tracked changes, comments, Danish style names, fields,
//! broken files) with python-docx. [`docx`] builds a fixture once into `target/docx-corpus/`
//! and reuses it for as long as its source is unchanged.
//!
//! The oracle is pandoc's docx reader: [`Oracle::of_pandoc`] reads what pandoc finds in a file
//! (headings, list items, table cells, words, image descriptions) and
//! [`Oracle::of_built_pages`] reads the same from the pages pjece built from it, both through
//! [`Oracle::of_html`]; [`Oracle::missing_from`] names what one has and the other lacks.
//!
//! Heading levels are Word's: 0 is the document title (the Title style, or the title in the
//! file's properties), 1 is Heading 1, 2 is Heading 2 and so on. pandoc gives the title as
//! `<h1 class="title">` and Heading N as `<hN>`. pjece gives each Heading 1 a page whose `<h1>`
//! is its title, and the front page (the text before the first Heading 1) an `<h1>` with the
//! document title; so a built page's `<h1>` is level 1, the front page's is level 0, and the
//! page's own `<h2>`…`<h6>` keep their numbers.

use scraper::{ElementRef, Html, Node, Selector};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use unicode_normalization::UnicodeNormalization;

/// The Python with python-docx (Debian's `python3-docx`); a `python3` found first on `PATH`
/// may be another one without it.
const PYTHON: &str = "/usr/bin/python3";

/// The module every `.py` fixture may import; a change to it rebuilds them all.
const PYTHON_LIBRARY: &str = "_corpus.py";

/// What LibreOffice writes unless a source asks for another format in its first lines with
/// `<!-- docx-corpus: convert-to FORMAT -->`.
const DEFAULT_CONVERT_TO: &str = "docx:MS Word 2007 XML";

/// Changing how fixtures are made rebuilds every one of them.
const RECIPE_VERSION: &str = "docx-corpus 1";

/// The fixture `tests/docx/<name>.{fodt,html,py}`, built into `target/docx-corpus/<name>.docx`
/// (or `<name>` itself when the name ends in `.doc`, `.docm` or `.docx`, for the bad inputs that
/// must keep another extension), built at most once per test run and kept for as long as its
/// source is unchanged. Safe when tests and test processes run side by side: every build
/// writes under a temporary name and renames it into place.
pub(crate) fn docx(name: &str) -> PathBuf {
    let source = Source::find(name);
    let target = corpus_dir().join(output_name(name));
    let key = source.key();
    if is_fresh(&target, &key) {
        return target;
    }
    match &source.writer {
        Writer::LibreOffice { .. } => {
            let _one_at_a_time = LIBREOFFICE.lock().unwrap_or_else(|e| e.into_inner());
            if !is_fresh(&target, &key) {
                build_stale_libreoffice_fixtures(&source);
            }
        }
        Writer::Python => build_with_python(&source, &target, &key),
    }
    assert!(is_fresh(&target, &key), "{name}: the fixture was not built");
    target
}

/// Every fixture's name, in alphabetical order (the sources in `tests/docx/`).
pub(crate) fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(sources_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|file| !file.starts_with('_') && !file.starts_with('.'))
        .filter_map(|file| {
            ["fodt", "html", "py"]
                .iter()
                .find_map(|ext| file.strip_suffix(&format!(".{ext}")).map(str::to_owned))
        })
        .collect();
    names.sort();
    names
}

/// One LibreOffice at a time within this process: the batch it converts covers every stale
/// LibreOffice fixture, so the fixtures wait for one start of LibreOffice rather than one each.
static LIBREOFFICE: Mutex<()> = Mutex::new(());

fn sources_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docx")
}

fn corpus_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("docx-corpus");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn output_name(name: &str) -> String {
    let keeps_its_extension = [".doc", ".docm", ".docx"]
        .iter()
        .any(|ext| name.ends_with(ext));
    if keeps_its_extension {
        name.to_owned()
    } else {
        format!("{name}.docx")
    }
}

/// A fixture's source and the program that turns it into a Word file.
struct Source {
    name: String,
    path: PathBuf,
    writer: Writer,
}

enum Writer {
    /// `soffice --convert-to <convert_to>`.
    LibreOffice { convert_to: String },
    /// `/usr/bin/python3 <script> <output>`.
    Python,
}

impl Source {
    fn find(name: &str) -> Source {
        let dir = sources_dir();
        let found = ["fodt", "html", "py"]
            .iter()
            .map(|ext| dir.join(format!("{name}.{ext}")))
            .find(|path| path.is_file());
        let Some(path) = found else {
            panic!(
                "no fixture {name:?}: expected tests/docx/{name}.fodt, .html or .py (there are: {})",
                fixture_names().join(", ")
            );
        };
        let writer = if path.extension().is_some_and(|ext| ext == "py") {
            Writer::Python
        } else {
            Writer::LibreOffice {
                convert_to: convert_to_of(&read(&path)),
            }
        };
        Source {
            name: name.to_owned(),
            path,
            writer,
        }
    }

    /// The hash of everything the built file depends on: the source, the shared Python
    /// module for scripts, and the recipe.
    fn key(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(RECIPE_VERSION);
        hash.update(std::fs::read(&self.path).unwrap());
        match &self.writer {
            Writer::Python => {
                let library = sources_dir().join(PYTHON_LIBRARY);
                hash.update(std::fs::read(&library).unwrap_or_default());
            }
            Writer::LibreOffice { convert_to } => hash.update(convert_to),
        }
        hash.finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// The `--convert-to` argument a LibreOffice source asks for (`doc:"MS Word 97"`, its quotes
/// being for a shell, is passed as `doc:MS Word 97`).
fn convert_to_of(text: &str) -> String {
    let head: String = text.chars().take(600).collect();
    head.split_once("docx-corpus: convert-to ")
        .and_then(|(_, rest)| rest.split_once("-->"))
        .map(|(format, _)| format.trim().replace('"', ""))
        .unwrap_or_else(|| DEFAULT_CONVERT_TO.to_owned())
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn key_file(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap().to_os_string();
    name.push(".key");
    target.with_file_name(name)
}

fn is_fresh(target: &Path, key: &str) -> bool {
    target.is_file() && std::fs::read_to_string(key_file(target)).is_ok_and(|k| k == key)
}

/// Moves a finished file into place and records the key it was built from, each with one
/// rename, so that a reader sees either the old pair, or the new file with the old key (and
/// rebuilds), never half a file.
fn install(built: &Path, target: &Path, key: &str) {
    std::fs::rename(built, target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    let key_path = key_file(target);
    let partial = temporary_name(&key_path);
    std::fs::write(&partial, key).unwrap();
    std::fs::rename(&partial, &key_path).unwrap();
}

/// A name beside `path` that no other thread or process uses.
fn temporary_name(path: &Path) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap());
    name.push(format!(".{}.{n}.partial", std::process::id()));
    path.with_file_name(name)
}

fn build_with_python(source: &Source, target: &Path, key: &str) {
    let partial = temporary_name(target);
    let output = Command::new(PYTHON)
        .arg(&source.path)
        .arg(&partial)
        .current_dir(sources_dir())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap_or_else(|e| {
            panic!("{PYTHON}: {e} (hint: `make deps` installs python3-docx, or: apt-get install python3-docx)")
        });
    assert!(
        output.status.success() && partial.is_file(),
        "{}: the script failed ({}):\n{}{}",
        source.path.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    install(&partial, target, key);
}

/// Converts `asked` and every other LibreOffice fixture whose file is missing or stale, with
/// one `soffice` run per output format, each with a profile folder of its own (LibreOffice
/// refuses to start twice on one profile).
fn build_stale_libreoffice_fixtures(asked: &Source) {
    let mut stale: Vec<(Source, PathBuf, String)> = fixture_names()
        .iter()
        .map(|name| Source::find(name))
        .filter(|source| matches!(source.writer, Writer::LibreOffice { .. }))
        .filter(|source| source.name != asked.name)
        .chain(std::iter::once(Source::find(&asked.name)))
        .map(|source| {
            let target = corpus_dir().join(output_name(&source.name));
            let key = source.key();
            (source, target, key)
        })
        .filter(|(_, target, key)| !is_fresh(target, key))
        .collect();
    let mut by_format: BTreeMap<String, Vec<(Source, PathBuf, String)>> = BTreeMap::new();
    for entry in stale.drain(..) {
        let Writer::LibreOffice { convert_to } = &entry.0.writer else {
            unreachable!()
        };
        by_format.entry(convert_to.clone()).or_default().push(entry);
    }
    for (convert_to, batch) in by_format {
        convert_with_libreoffice(&convert_to, &batch);
    }
}

fn convert_with_libreoffice(convert_to: &str, batch: &[(Source, PathBuf, String)]) {
    let work = tempfile::tempdir_in(corpus_dir()).unwrap();
    let profile = url::Url::from_directory_path(work.path().join("profile")).unwrap();
    let outdir = work.path().join("out");
    let output = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", convert_to])
        .arg("--outdir")
        .arg(&outdir)
        .args(batch.iter().map(|(source, _, _)| &source.path))
        .output()
        .unwrap_or_else(|e| {
            panic!("soffice: {e} (hint: `make deps` installs libreoffice-writer-nogui)")
        });
    let extension = convert_to.split(':').next().unwrap();
    for (source, target, key) in batch {
        let stem = source.path.file_stem().unwrap().to_string_lossy();
        let converted = outdir.join(format!("{stem}.{extension}"));
        assert!(
            converted.is_file(),
            "{}: LibreOffice wrote no {extension} file ({}):\n{}{}",
            source.path.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let partial = temporary_name(target);
        std::fs::rename(&converted, &partial).unwrap();
        install(&partial, target, key);
    }
}

/// What `guideline_v2` changes in `guideline_v1`, as (before, after) texts: three edited words,
/// one renamed Heading 1 (its page keeps its `id`), and one new last Heading 1 section.
pub(crate) const GUIDELINE_V2_EDITS: &[(&str, &str)] = &[
    ("aktiviter", "aktiviteter"),
    ("Rigtigt", "Rigtig"),
    ("god dømmekraft", "sund dømmekraft"),
    ("Du må gerne", "Det må du gerne"),
];

/// The Heading 1 that `guideline_v2` adds (its last section).
pub(crate) const GUIDELINE_V2_NEW_SECTION: &str = "Hvis noget går galt";

/// What a reader finds in a document: the structure pjece must not lose.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Oracle {
    /// Headings in reading order, with Word's levels (0 = document title; see the module
    /// header).
    pub headings: Vec<(u8, String)>,
    /// The text of every list item, without the lists nested in it.
    pub list_items: Vec<String>,
    /// The text of every table cell that has any, header cells included.
    pub table_cells: Vec<String>,
    /// Every word of the text (headings, lists, tables and notes included), split at white
    /// space, punctuation kept; note reference numbers and back links left out.
    pub words: Vec<String>,
    /// The description (alt text) of every image, `""` for an image without one.
    pub image_alts: Vec<String>,
    /// The address of every link out of the document (`http:`, `https:`, `mailto:`).
    pub external_links: Vec<String>,
}

/// Elements a reader does not read as text: notes' numbers and back links (pandoc and
/// pulldown-cmark number notes differently), scripts, rules, and a table of contents that Word
/// wrote as a field (its entries in the styles "toc 1", "toc 2"… and its heading in "TOC
/// Heading", which pandoc keeps and pjece import drops with the field).
const NOT_TEXT: &str = "script, style, template, hr, a.footnote-ref, a.footnote-back, \
    a.footnote-backref, a[role=doc-noteref], a[role=doc-backlink], a[data-footnote-ref], \
    a[data-footnote-backref], sup.footnote-reference, sup.footnote-definition-label, \
    header#title-block-header p.author, header#title-block-header p.date, \
    div[data-custom-style^='toc '], div[data-custom-style^='TOC '], .TOC-Heading";

/// Where notes are gathered; their items are notes, not list items.
const NOTES: &str = "section.footnotes, section[role=doc-endnotes], section[data-footnotes], \
    div.footnote-definition";

impl Oracle {
    /// What pandoc's docx reader finds in `docx` (`pandoc -f docx+styles -t html5 -s`:
    /// standalone, so that the Title paragraph is given, as `<h1 class="title">`; with the
    /// paragraph styles, so that a table of contents can be told from text).
    pub(crate) fn of_pandoc(docx: &Path) -> Oracle {
        Oracle::of_pandoc_with(docx, &[])
    }

    /// [`Oracle::of_pandoc`] with more pandoc options, e.g. `--track-changes=reject` (pandoc
    /// accepts tracked changes unless told otherwise).
    pub(crate) fn of_pandoc_with(docx: &Path, options: &[&str]) -> Oracle {
        let output = Command::new("pandoc")
            .args([
                "-f",
                "docx+styles",
                "-t",
                "html5",
                "--standalone",
                "--quiet",
            ])
            .args(options)
            .arg(docx)
            .output()
            .unwrap_or_else(|e| panic!("pandoc: {e} (hint: `make deps` installs pandoc)"));
        assert!(
            output.status.success(),
            "pandoc could not read {}: {}",
            docx.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        Oracle::of_html(&String::from_utf8(output.stdout).unwrap())
    }

    /// What a reader finds in the article of each built page (`out` is the output folder,
    /// `pages` are paths in it such as `udgave-1/index.html`, in reading order, the front page
    /// first: its `<h1>` is the document title, level 0; every other page's `<h1>` is a
    /// Heading 1). Navigation, the page's table of contents, banners, the edition line and the
    /// footer are outside the article or left out.
    pub(crate) fn of_built_pages(out: &Path, pages: &[&str]) -> Oracle {
        let article = Selector::parse("main article").unwrap();
        let mut oracle = Oracle::default();
        for (n, page) in pages.iter().enumerate() {
            let html = Html::parse_document(&read(&out.join(page)));
            let body = html
                .select(&article)
                .next()
                .unwrap_or_else(|| panic!("{page}: no <main><article> (is it a content page?)"));
            let title_level = if n == 0 { 0 } else { 1 };
            oracle.read(body, HeadingLevels::PageTitle(title_level));
        }
        oracle
    }

    /// What a reader finds in an HTML document or fragment: its `<body>` (a fragment is its own
    /// body). `<h1 class="title">` is level 0, `<hN>` level N.
    pub(crate) fn of_html(html: &str) -> Oracle {
        let document = Html::parse_document(html);
        let mut oracle = Oracle::default();
        oracle.read(document.root_element(), HeadingLevels::AsWritten);
        oracle
    }

    /// The same with every heading level set to 0, to compare heading texts alone (e.g. an
    /// import with `--split-level 2`, where a page's `<h1>` is a Heading 2).
    pub(crate) fn levels_ignored(mut self) -> Oracle {
        for (level, _) in &mut self.headings {
            *level = 0;
        }
        self
    }

    /// What `self` has that `other` lacks, counted: a word `self` has three times and `other`
    /// twice is named once, with both counts. Empty when nothing is lost.
    pub(crate) fn missing_from(&self, other: &Oracle) -> Vec<String> {
        let headings = |o: &Oracle| -> Vec<String> {
            o.headings
                .iter()
                .map(|(level, text)| format!("heading (level {level}) «{text}»"))
                .collect()
        };
        let quoted = |kind: &str, items: &[String]| -> Vec<String> {
            items
                .iter()
                .map(|item| format!("{kind} «{item}»"))
                .collect()
        };
        let mut missing = Vec::new();
        missing.extend(lacking(&headings(self), &headings(other)));
        for (kind, mine, theirs) in [
            ("list item", &self.list_items, &other.list_items),
            ("table cell", &self.table_cells, &other.table_cells),
            ("word", &self.words, &other.words),
            ("image alt text", &self.image_alts, &other.image_alts),
            ("external link", &self.external_links, &other.external_links),
        ] {
            missing.extend(lacking(&quoted(kind, mine), &quoted(kind, theirs)));
        }
        missing
    }

    /// Panics, naming every loss, unless `other` has everything `self` has.
    pub(crate) fn assert_nothing_missing_from(&self, other: &Oracle, what: &str) {
        let missing = self.missing_from(other);
        assert!(
            missing.is_empty(),
            "{what}: {} lost:\n  {}\n(expected {self:#?},\n found {other:#?})",
            missing.len(),
            missing.join("\n  ")
        );
    }

    fn read(&mut self, root: ElementRef<'_>, levels: HeadingLevels) {
        let skip = Selector::parse(&format!("{NOT_TEXT}, nav")).unwrap();
        let skipped: Vec<ElementRef<'_>> = root.select(&skip).collect();
        let notes = Selector::parse(NOTES).unwrap();
        let in_notes: Vec<ElementRef<'_>> = root.select(&notes).collect();
        let is_note = |e: ElementRef<'_>| within(e, &in_notes);
        let keep = |e: &ElementRef<'_>| !within(*e, &skipped);

        let headings = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
        let mut first_h1 = true;
        for heading in root.select(&headings).filter(keep) {
            let written: u8 = heading.value().name()[1..].parse().unwrap();
            let level = match levels {
                HeadingLevels::AsWritten if heading.value().has_class("title", CASE) => 0,
                HeadingLevels::PageTitle(title) if written == 1 && first_h1 => title,
                _ => written,
            };
            if written == 1 {
                first_h1 = false;
            }
            self.headings.push((level, text_of(heading, &skipped, &[])));
        }
        let items = Selector::parse("li").unwrap();
        let lists = Selector::parse("ul, ol").unwrap();
        for item in root.select(&items).filter(keep).filter(|e| !is_note(*e)) {
            let nested: Vec<ElementRef<'_>> = item.select(&lists).collect();
            let text = text_of(item, &skipped, &nested);
            if !text.is_empty() {
                self.list_items.push(text);
            }
        }
        let cells = Selector::parse("td, th").unwrap();
        for cell in root.select(&cells).filter(keep) {
            let text = text_of(cell, &skipped, &[]);
            if !text.is_empty() {
                self.table_cells.push(text);
            }
        }
        let images = Selector::parse("img").unwrap();
        for image in root.select(&images).filter(keep) {
            self.image_alts
                .push(normalise(image.value().attr("alt").unwrap_or("")));
        }
        let links = Selector::parse("a[href]").unwrap();
        for link in root.select(&links).filter(keep) {
            let href = link.value().attr("href").unwrap_or("");
            if ["http:", "https:", "mailto:"]
                .iter()
                .any(|s| href.starts_with(s))
            {
                self.external_links.push(href.to_owned());
            }
        }
        let body = Selector::parse("body").unwrap();
        let text_root = root.select(&body).next().unwrap_or(root);
        let all = text_of(text_root, &skipped, &[]);
        self.words
            .extend(all.split(' ').filter(|w| !w.is_empty()).map(str::to_owned));
    }
}

/// How the `<h1>`s of what is read map to Word's heading levels.
#[derive(Clone, Copy)]
enum HeadingLevels {
    /// pandoc's HTML: `h1.title` is 0, `hN` is N.
    AsWritten,
    /// A built page: its first `<h1>` is its title, at this level; other headings as written.
    PageTitle(u8),
}

const CASE: scraper::CaseSensitivity = scraper::CaseSensitivity::CaseSensitive;

/// Whether `element` is one of `set` or inside one.
fn within(element: ElementRef<'_>, set: &[ElementRef<'_>]) -> bool {
    set.contains(&element)
        || element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| set.contains(&a))
}

/// Block elements: their text is a separate word from the text around them.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "img",
];

/// The normalised text of `element`, without the subtrees in `skipped` or `also_skipped`, block
/// boundaries read as spaces.
fn text_of(
    element: ElementRef<'_>,
    skipped: &[ElementRef<'_>],
    also_skipped: &[ElementRef<'_>],
) -> String {
    fn walk(
        element: ElementRef<'_>,
        skipped: &[ElementRef<'_>],
        also: &[ElementRef<'_>],
        out: &mut String,
    ) {
        for child in element.children() {
            if let Some(inner) = ElementRef::wrap(child) {
                if skipped.contains(&inner) || also.contains(&inner) {
                    continue;
                }
                let block = BLOCKS.contains(&inner.value().name());
                if block {
                    out.push(' ');
                }
                walk(inner, skipped, also, out);
                if block {
                    out.push(' ');
                }
            } else if let Node::Text(text) = child.value() {
                out.push_str(text);
            }
        }
    }
    let mut out = String::new();
    walk(element, skipped, also_skipped, &mut out);
    normalise(&out)
}

/// The one normalisation both sides go through: Unicode NFC, soft hyphens and zero-width
/// spaces removed, no-break spaces read as spaces, white space collapsed to one space.
pub(crate) fn normalise(text: &str) -> String {
    let nfc: String = text
        .nfc()
        .filter(|c| !matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}'))
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2007}' => ' ',
            c => c,
        })
        .collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entries of `mine` that `theirs` has fewer of, each once, with both counts when
/// `theirs` has some.
fn lacking(mine: &[String], theirs: &[String]) -> Vec<String> {
    fn count(items: &[String]) -> BTreeMap<&str, usize> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for item in items {
            *counts.entry(item.as_str()).or_default() += 1;
        }
        counts
    }
    let (mine_counted, theirs_counted) = (count(mine), count(theirs));
    let mut seen = std::collections::HashSet::new();
    mine.iter()
        .filter(|item| seen.insert(item.as_str()))
        .filter_map(|item| {
            let (have, other) = (
                mine_counted[item.as_str()],
                theirs_counted.get(item.as_str()).copied().unwrap_or(0),
            );
            match other {
                o if o >= have => None,
                0 => Some(item.clone()),
                o => Some(format!("{item} ({have} times, found {o})")),
            }
        })
        .collect()
}
