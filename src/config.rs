//! `site.yaml`: the site's settings, read once at the start of every build.
//!
//! [`RawSiteConfig`] is what the file says; [`SiteConfig`] is the validated form the rest of
//! the pipeline uses (an absolute base URL ending in `/`, a known language, a theme name).

use crate::contrast::{self, Rgb};
use crate::diagnostic::SourceError;
use crate::markdown::RawHtml;
use crate::yaml::YamlBlock;
use anyhow::Result;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSiteConfig {
    title: String,
    organisation: String,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    logo_on_dark: Option<String>,
    #[serde(default)]
    colors: Option<RawColors>,
    #[serde(default)]
    contact: Option<String>,
    #[serde(default)]
    accessibility_statement: Option<String>,
    #[serde(default)]
    footer_links: Vec<RawFooterLink>,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    search: Option<bool>,
    #[serde(default)]
    redirects: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    retired: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    server_rules: Vec<ServerRules>,
    #[serde(default)]
    print: Option<RawPrint>,
    #[serde(default)]
    import: Option<RawImport>,
    /// Checked by `readability::resolve_settings`, which reports each key at its line.
    #[serde(default)]
    readability: Option<serde_yaml::Value>,
}

/// `import: { styles: { "Overskrift 1": 1, "Citat": quote } }`: what the organisation's own
/// Word styles mean, for `pjece import`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    #[serde(default)]
    styles: std::collections::BTreeMap<String, RawStyleRole>,
}

/// A heading level (1–6) or `title`, `quote`, `paragraph`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawStyleRole {
    Level(i64),
    Name(String),
}

/// `print: { output_intent: tryk/ISOcoated_v2_eci.icc, output_condition: FOGRA39,
/// colors_cmyk: { primary: [100, 40, 0, 20] } }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrint {
    #[serde(default)]
    output_intent: Option<String>,
    #[serde(default)]
    output_condition: Option<String>,
    #[serde(default)]
    colors_cmyk: std::collections::BTreeMap<String, Vec<f64>>,
}

/// `colors: { primary: "#00587a", accent: "#b3401a" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColors {
    primary: String,
    #[serde(default)]
    accent: Option<String>,
}

/// One of `footer_links: [{ text: Om webstedet, url: https://… }]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFooterLink {
    text: String,
    url: String,
}

/// `markdown: { raw_html: escape }`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: RawHtml,
}

const KEYS: &[&str] = &[
    "title",
    "organisation",
    "base_url",
    "language",
    "theme",
    "logo",
    "logo_on_dark",
    "colors",
    "contact",
    "accessibility_statement",
    "footer_links",
    "markdown",
    "search",
    "redirects",
    "retired",
    "server_rules",
    "print",
    "import",
    "readability",
];

/// The languages pjece has interface strings and URL words for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Da,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Da => "da",
            Language::En => "en",
        }
    }

    fn parse(code: &str) -> Option<Language> {
        match code {
            "da" => Some(Language::Da),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The folder holding `site.yaml`, `content/` and optionally `themes/` and `templates/`.
    pub root: PathBuf,
    pub title: String,
    pub organisation: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    pub language: Language,
    pub theme: String,
    /// A logo file relative to the site root, shown on pages and the leaflet.
    pub logo: Option<PathBuf>,
    /// The logo's version for dark backgrounds (the header bar, the leaflet cover).
    pub logo_on_dark: Option<PathBuf>,
    /// The site's colours, checked for contrast.
    pub colors: Colors,
    /// Contact text (Markdown) for the leaflet's back panel and every page's footer; pjece
    /// never makes one up.
    pub contact: Option<String>,
    /// The site's accessibility statement (in Denmark on was.digst.dk), linked from every page.
    pub accessibility_statement: Option<String>,
    /// Extra links in every page's footer.
    pub footer_links: Vec<FooterLink>,
    /// The site's own hyphenation exceptions from `hyphenation.txt`, lower-case, with `-` at
    /// every allowed break (`work-shop`); they extend the built-in Danish list.
    pub hyphenation: Vec<String>,
    /// What pages' raw HTML becomes (change notes and contact text always escape it).
    pub raw_html: RawHtml,
    /// Full-text search: a search index, a search page and a search box on every page
    /// (`search: false` in site.yaml turns all three off).
    pub search: bool,
    /// Where the editions are read from: `<root>/content`, or `<root>/content/<guideline>` for
    /// one guideline of a portal (see `content::load_portal`).
    pub content: PathBuf,
    /// The guideline's folder name when these are the settings of one guideline of a portal:
    /// every address of the guideline is under `<guideline>/` (see `address`).
    pub portal_segment: Option<String>,
    /// `redirects:` old address → new address, both from the site root without a leading `/`
    /// (`udgave-1/` → `2019/`): an address the address ledger holds that the build no longer
    /// answers is sent on. A key ending in `/` moves every address below it.
    pub redirects: std::collections::BTreeMap<String, String>,
    /// `retired:` address → the reason it no longer answers, shown on a page at that address.
    pub retired: std::collections::BTreeMap<String, String>,
    /// Redirect rules for real web servers written beside `_redirects`.
    pub server_rules: Vec<ServerRules>,
    /// `print:` what the print shop's PDF/X-4 leaflet is made for.
    pub print: PrintSettings,
    /// `import:` how `pjece import` reads the organisation's Word styles.
    pub import: ImportSettings,
    /// `readability:` the LIX thresholds and plain words, or off.
    pub readability: ReadabilitySettings,
    /// The addresses in site.yaml that are still stand-ins (`base_url: https://example.org/`),
    /// each at its key: warnings for `check` and `build`, and a refusal to print a leaflet
    /// (its QR code would lead there) or to publish an edition (see [`is_placeholder_address`]).
    pub placeholders: Vec<SourceError>,
}

/// What a Word paragraph style means when a document is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleRole {
    /// A heading of level 1–6 (`1` in site.yaml is `#`).
    Heading(u8),
    /// The document's title: the front page's title, not a paragraph.
    Title,
    /// A block quote.
    Quote,
    /// An ordinary paragraph, not reported as an unknown style.
    Paragraph,
}

/// `readability:` in site.yaml: when a text's LIX is worth a note or a warning, how long a
/// sentence may be, and the site's own plainer words (see `readability`).
///
/// ```yaml
/// readability: { lix_note: 41, lix_warning: 45, sentence_words: 25, words: { iværksætte: starte } }
/// readability: false
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadabilitySettings {
    /// `readability: false` turns every readability finding off.
    pub enabled: bool,
    /// A text with at least this LIX gets a note ("middel").
    pub lix_note: u32,
    /// A text with at least this LIX gets a warning ("svær").
    pub lix_warning: u32,
    /// A sentence with more words than this gets a warning.
    pub sentence_words: usize,
    /// Word or phrase → the plainer word, over the built-in list of the site's language; an
    /// empty suggestion takes a built-in word off.
    pub words: Vec<(String, String)>,
}

impl Default for ReadabilitySettings {
    /// A note from LIX 41, a warning from 45, sentences of at most 25 words.
    fn default() -> Self {
        ReadabilitySettings {
            enabled: true,
            lix_note: 41,
            lix_warning: 45,
            sentence_words: 25,
            words: Vec::new(),
        }
    }
}

/// `import:` in site.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSettings {
    /// Style name as Word shows it → its role; names compare without regard to case.
    pub styles: Vec<(String, StyleRole)>,
}

/// The print shop's printing condition and the exact inks of the site's colours, for the
/// PDF/X-4 print leaflet (`print:` in site.yaml).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintSettings {
    /// The print shop's CMYK ICC profile, relative to the site root; without it the
    /// leaflet is made for Ghostscript's own CMYK profile.
    pub output_intent: Option<PathBuf>,
    /// The printing condition the profile describes (`FOGRA39`), named in the output intent.
    pub output_condition: Option<String>,
    /// Exact inks for the leaflet's colours, by name: `primary`, `accent` (the site's
    /// colours) and `ink`, `muted`, `tint` (the theme's text, quiet text and panel colours).
    pub colors_cmyk: Vec<(PrintColor, Cmyk)>,
}

/// A colour of the leaflet that `print.colors_cmyk` can give exact inks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrintColor {
    Primary,
    Accent,
    Ink,
    Muted,
    Tint,
}

impl PrintColor {
    pub const ALL: [PrintColor; 5] = [
        PrintColor::Primary,
        PrintColor::Accent,
        PrintColor::Ink,
        PrintColor::Muted,
        PrintColor::Tint,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PrintColor::Primary => "primary",
            PrintColor::Accent => "accent",
            PrintColor::Ink => "ink",
            PrintColor::Muted => "muted",
            PrintColor::Tint => "tint",
        }
    }
}

/// Cyan, magenta, yellow and black ink in whole percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cmyk(pub [u8; 4]);

impl Cmyk {
    /// Black ink alone, the way print shops want text printed.
    pub const BLACK: Cmyk = Cmyk([0, 0, 0, 100]);

    /// The total ink, in percent (print shops allow at most 300 %).
    pub fn total(self) -> u32 {
        self.0.iter().map(|&v| u32::from(v)).sum()
    }
}

/// The most ink a colour may put on paper, in percent (ISO 12647-2 coated stock).
pub const MAX_TOTAL_INK: u32 = 300;

/// The web servers whose redirect rules a build writes (`server_rules: [apache, iis]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerRules {
    /// `.htaccess` with `Redirect 301` lines (Apache with `AllowOverride`).
    Apache,
    /// `web.config` with rewrite rules (IIS with the URL Rewrite module).
    Iis,
}

/// The colours a site sets: `primary` colours the header bar, links and banners' edges and
/// the leaflet; `accent` marks details (the current page, focus rings' partner colour). Both
/// have at least 4.5:1 contrast against white, checked while loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors {
    pub primary: Rgb,
    pub accent: Rgb,
}

impl Default for Colors {
    /// The kommune theme's own blue and a darker teal: both pass against white.
    fn default() -> Self {
        Colors {
            primary: Rgb(0x00, 0x58, 0x7a),
            accent: Rgb(0x00, 0x6b, 0x5e),
        }
    }
}

/// A link in the footer, as `footer_links` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterLink {
    pub text: String,
    pub url: String,
}

/// The site's hyphenation exceptions, beside `site.yaml`.
pub const HYPHENATION_FILE: &str = "hyphenation.txt";

pub const DEFAULT_THEME: &str = "kommune";

impl SiteConfig {
    pub fn content_dir(&self) -> PathBuf {
        self.content.clone()
    }

    /// Where a path in the site is shown in messages: relative to the site root.
    pub fn display(&self, path: &Path) -> PathBuf {
        crate::diagnostic::display_path(&self.root, path)
    }
}

/// Reads and validates `<root>/site.yaml`.
pub fn load(root: &Path) -> Result<SiteConfig> {
    let path = root.join(FILE_NAME);
    if !path.is_file() {
        return Err(crate::diagnostic::UsageError(format!(
            "no {FILE_NAME} in {}: run pjece in a site folder or pass --root DIR",
            root.display()
        ))
        .into());
    }
    let text = crate::fsx::read_to_string(&path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let shown = PathBuf::from(FILE_NAME);
    let block = YamlBlock {
        file: &shown,
        text,
        lines_before: 0,
    };
    let raw: RawSiteConfig = block.parse(KEYS).map_err(errors_to_anyhow)?;
    let mut config = validate(root, raw, &block)?;
    config.hyphenation = load_hyphenation(root)?;
    Ok(config)
}

/// Reads `hyphenation.txt` when the site has one: a word per line with `-` at every allowed
/// break; empty lines and lines starting with `#` are skipped. Every malformed line is
/// reported at once, at its line and column.
fn load_hyphenation(root: &Path) -> Result<Vec<String>> {
    let path = root.join(HYPHENATION_FILE);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = crate::fsx::read_to_string(&path)?;
    let (words, errors) = parse_hyphenation(text.strip_prefix('\u{feff}').unwrap_or(&text));
    if errors.is_empty() {
        Ok(words)
    } else {
        Err(errors_to_anyhow(errors))
    }
}

fn parse_hyphenation(text: &str) -> (Vec<String>, Vec<SourceError>) {
    let mut words = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let entry = line.trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let column = line.len() - line.trim_start().len() + 1;
        let bad = entry
            .char_indices()
            .find(|(_, c)| !(c.is_alphabetic() || *c == '-'))
            .map(|(at, c)| (entry[..at].chars().count(), format!("`{c}` in `{entry}`")))
            .or_else(|| {
                (entry.starts_with('-') || entry.ends_with('-') || entry.contains("--")).then(
                    || {
                        (
                            0,
                            format!("`{entry}` has a break at an end or two in a row"),
                        )
                    },
                )
            });
        match bad {
            None => words.push(entry.to_lowercase()),
            Some((offset, what)) => errors.push(
                SourceError::new(HYPHENATION_FILE, format!("not a hyphenation entry: {what}"))
                    .at(crate::diagnostic::Position {
                        line: i + 1,
                        column: column + offset,
                    })
                    .hint("write one word per line, letters only, with `-` at every allowed break, e.g. `work-shop`"),
            ),
        }
    }
    (words, errors)
}

fn validate(
    root: &Path,
    raw: RawSiteConfig,
    block: &YamlBlock<'_>,
) -> Result<SiteConfig, SourceError> {
    let language = match raw.language.as_deref() {
        None => Language::Da,
        Some(code) => Language::parse(code).ok_or_else(|| {
            block
                .error_at_key("language", format!("unknown language `{code}`"))
                .hint("use `da` (Danish) or `en` (English)")
        })?,
    };
    let base_url = raw.base_url.trim().to_string();
    if let Err(problem) = check_base_url(&base_url) {
        return Err(block
            .error_at_key("base_url", problem.message(&base_url))
            .hint(problem.hint()));
    }
    for (key, value) in [("title", &raw.title), ("organisation", &raw.organisation)] {
        if value.trim().is_empty() {
            return Err(block
                .error_at_key(key, format!("`{key}` is empty"))
                .hint(format!("write the site's {key} after `{key}:`")));
        }
    }
    let theme = raw.theme.unwrap_or_else(|| DEFAULT_THEME.to_string());
    if theme.is_empty()
        || !theme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(block
            .error_at_key("theme", format!("`theme: {theme}` is not a theme name"))
            .hint(
                "name a theme, e.g. `theme: kommune`; a site's own themes live in themes/<name>/",
            ));
    }
    let logo = match raw.logo {
        Some(logo) => Some(logo_inside_site(root, "logo", &logo, block)?),
        None => None,
    };
    let logo_on_dark = match raw.logo_on_dark {
        Some(logo) => Some(logo_inside_site(root, "logo_on_dark", &logo, block)?),
        None => None,
    };
    let colors = match raw.colors {
        Some(colors) => validate_colors(&colors, block)?,
        None => Colors::default(),
    };
    let accessibility_statement = match raw.accessibility_statement {
        Some(url) => Some(web_address(&url, "accessibility_statement", block)?),
        None => None,
    };
    let mut footer_links = Vec::new();
    for link in raw.footer_links {
        if link.text.trim().is_empty() {
            return Err(block
                .error_at_key("footer_links", "a footer link has no text")
                .hint("write what the link leads to after `text:`, e.g. `text: Om webstedet`"));
        }
        footer_links.push(FooterLink {
            url: web_address(&link.url, "footer_links", block)?,
            text: link.text.trim().to_string(),
        });
    }
    let placeholders = placeholders(&base_url, accessibility_statement.as_deref(), block);
    Ok(SiteConfig {
        placeholders,
        root: root.to_path_buf(),
        title: raw.title,
        organisation: raw.organisation,
        base_url: if base_url.ends_with('/') {
            base_url
        } else {
            base_url + "/"
        },
        language,
        theme,
        logo,
        logo_on_dark,
        colors,
        raw_html: raw.markdown.raw_html,
        contact: raw.contact,
        accessibility_statement,
        footer_links,
        hyphenation: Vec::new(),
        search: raw.search.unwrap_or(true),
        content: root.join("content"),
        portal_segment: None,
        redirects: address_map(raw.redirects, "redirects", block)?,
        retired: address_map(raw.retired, "retired", block)?,
        server_rules: {
            let mut rules = raw.server_rules;
            rules.sort();
            rules.dedup();
            rules
        },
        print: match raw.print {
            Some(print) => validate_print(root, print, block)?,
            None => PrintSettings::default(),
        },
        import: match raw.import {
            Some(import) => validate_import(import, block)?,
            None => ImportSettings::default(),
        },
        readability: validate_readability(raw.readability.as_ref(), block)?,
    })
}

const READABILITY_KEYS: &[&str] = &["lix_note", "lix_warning", "sentence_words", "words"];

/// `readability:` checked, from the YAML value by hand so that every mistake is reported at
/// its own key; left out, the defaults.
fn validate_readability(
    value: Option<&serde_yaml::Value>,
    block: &YamlBlock<'_>,
) -> Result<ReadabilitySettings, SourceError> {
    use serde_yaml::Value;
    let mut settings = ReadabilitySettings::default();
    let map = match value {
        None | Some(Value::Null) | Some(Value::Bool(true)) => return Ok(settings),
        Some(Value::Bool(false)) => {
            settings.enabled = false;
            return Ok(settings);
        }
        Some(Value::Mapping(map)) => map,
        Some(_) => {
            return Err(block
                .error_at_key("readability", "`readability` must be `false` or settings")
                .hint("write e.g. `readability: { lix_warning: 45, sentence_words: 25 }`, or `readability: false` to turn the readability check off"));
        }
    };
    let at = |key: &str, message: String| block.error_at_nested_key("readability", key, message);
    for key in map.keys() {
        let name = key.as_str().unwrap_or_default();
        if !READABILITY_KEYS.contains(&name) {
            let hint = match crate::diagnostic::suggest(name, READABILITY_KEYS.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the keys of `readability` are {}",
                    READABILITY_KEYS.join(", ")
                ),
            };
            return Err(at(name, format!("unknown key `{name}` in `readability`")).hint(hint));
        }
    }
    let number = |key: &str, range: std::ops::RangeInclusive<u64>, example: &str| match map.get(key)
    {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| {
                at(
                    key,
                    format!(
                        "`readability.{key}` must be a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                )
                .hint(format!("write e.g. `{key}: {example}`"))
            }),
    };
    if let Some(n) = number("lix_note", 1..=100, "41")? {
        settings.lix_note = n as u32;
    }
    if let Some(n) = number("lix_warning", 1..=100, "45")? {
        settings.lix_warning = n as u32;
    }
    if let Some(n) = number("sentence_words", 5..=200, "25")? {
        settings.sentence_words = n as usize;
    }
    if settings.lix_warning < settings.lix_note {
        return Err(at(
            "lix_warning",
            format!(
                "`readability.lix_warning` ({}) is below `lix_note` ({}): a warning is for harder text than a note",
                settings.lix_warning, settings.lix_note
            ),
        )
        .hint("set `lix_warning` to `lix_note` or higher, e.g. `lix_note: 41` and `lix_warning: 45`"));
    }
    if let Some(words) = map.get("words") {
        settings.words = plain_words(words, &at)?;
    }
    Ok(settings)
}

/// `words: { "iværksætte": "starte", "dog": "" }`.
fn plain_words(
    value: &serde_yaml::Value,
    at: &dyn Fn(&str, String) -> SourceError,
) -> Result<Vec<(String, String)>, SourceError> {
    use serde_yaml::Value;
    let bad = || {
        at("words", "`readability.words` must map words to plainer words".to_string())
            .hint("write e.g. `words: { iværksætte: starte }`; an empty suggestion (`dog: \"\"`) takes a built-in word off the list")
    };
    let Value::Mapping(map) = value else {
        return Err(bad());
    };
    map.iter()
        .map(|(k, v)| {
            let word = k
                .as_str()
                .filter(|w| !w.trim().is_empty())
                .ok_or_else(bad)?;
            let instead = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                _ => return Err(bad()),
            };
            Ok((word.to_string(), instead))
        })
        .collect()
}

/// `import: styles:` checked: every value a heading level from 1 to 6 or a known role.
fn validate_import(raw: RawImport, block: &YamlBlock<'_>) -> Result<ImportSettings, SourceError> {
    let mut styles = Vec::new();
    for (name, role) in raw.styles {
        let role = match role {
            RawStyleRole::Level(level @ 1..=6) => Some(StyleRole::Heading(level as u8)),
            RawStyleRole::Level(_) => None,
            RawStyleRole::Name(word) => match word.trim() {
                "title" => Some(StyleRole::Title),
                "quote" => Some(StyleRole::Quote),
                "paragraph" => Some(StyleRole::Paragraph),
                _ => None,
            },
        };
        let Some(role) = role else {
            return Err(block
                .error_at_nested_key("import", "styles", format!("`styles.\"{name}\"` must be a heading level from 1 to 6, or `title`, `quote` or `paragraph`"))
                .hint(format!("write e.g. `\"{name}\": 2` for a heading like `##`, or `\"{name}\": quote`")));
        };
        styles.push((name, role));
    }
    Ok(ImportSettings { styles })
}

/// `print:` checked: the profile is a file in the site, every colour a known name with four
/// inks of 0–100 % and at most [`MAX_TOTAL_INK`] in all.
fn validate_print(
    root: &Path,
    raw: RawPrint,
    block: &YamlBlock<'_>,
) -> Result<PrintSettings, SourceError> {
    let output_intent = match raw.output_intent {
        Some(profile) => {
            let path = PathBuf::from(profile.trim());
            if !root.join(&path).is_file() {
                return Err(block
                    .error_at_nested_key(
                        "print",
                        "output_intent",
                        format!("the colour profile {} does not exist", path.display()),
                    )
                    .hint("give the path of the print shop's .icc file from the site folder, e.g. `output_intent: tryk/ISOcoated_v2_eci.icc`"));
            }
            Some(path)
        }
        None => None,
    };
    let mut colors_cmyk = Vec::new();
    for (name, inks) in raw.colors_cmyk {
        let Some(color) = PrintColor::ALL.into_iter().find(|c| c.key() == name) else {
            return Err(block
                .error_at_nested_key(
                    "print",
                    "colors_cmyk",
                    format!("`colors_cmyk` has no colour called `{name}`"),
                )
                .hint("name one of the leaflet's colours: primary, accent, ink, muted or tint"));
        };
        let bad = || {
            block
                .error_at_nested_key(
                    "print",
                    "colors_cmyk",
                    format!("`colors_cmyk.{name}` must be four ink percentages (cyan, magenta, yellow, black) from 0 to 100"),
                )
                .hint(format!("write it like `{name}: [100, 40, 0, 20]`"))
        };
        let values: Vec<u8> = inks
            .iter()
            .map(|&v| (0.0..=100.0).contains(&v).then_some(v.round() as u8))
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        let cmyk = Cmyk(<[u8; 4]>::try_from(values).map_err(|_| bad())?);
        if cmyk.total() > MAX_TOTAL_INK {
            return Err(block
                .error_at_nested_key(
                    "print",
                    "colors_cmyk",
                    format!("`colors_cmyk.{name}` puts {} % ink on the paper; print shops allow at most {MAX_TOTAL_INK} %", cmyk.total()),
                )
                .hint("lower the cyan, magenta or yellow until the four add up to 300 or less"));
        }
        colors_cmyk.push((color, cmyk));
    }
    Ok(PrintSettings {
        output_intent,
        output_condition: raw.output_condition.map(|c| c.trim().to_string()),
        colors_cmyk,
    })
}

/// The logo's path, checked to name a file inside the site folder: never an absolute path, a
/// path climbing out with `..`, or a symlink to a file elsewhere, since the logo is published.
fn logo_inside_site(
    root: &Path,
    key: &str,
    logo: &str,
    block: &YamlBlock<'_>,
) -> Result<PathBuf, SourceError> {
    let path = PathBuf::from(logo.trim());
    let climbs = path.components().any(|c| {
        !matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    let outside = || {
        block
            .error_at_key(key, format!("the logo `{logo}` is outside the site folder"))
            .hint(format!("put the logo in the site folder and give its path from there, e.g. `{key}: billeder/logo.svg`"))
    };
    if climbs || path.as_os_str().is_empty() {
        return Err(outside());
    }
    let full = root.join(&path);
    let real = full.canonicalize().map_err(|_| {
        block
            .error_at_key(
                key,
                format!("the logo file {} does not exist", path.display()),
            )
            .hint(format!(
                "give the logo's path relative to the site folder, e.g. `{key}: billeder/logo.svg`"
            ))
    })?;
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&real_root) || !real.is_file() {
        return Err(outside());
    }
    Ok(path)
}

/// `colors:` parsed, each colour checked against white: the primary colour is the header
/// bar behind white text and the colour of links on white, the accent colour marks the
/// current page in the navigation, in text on white.
fn validate_colors(raw: &RawColors, block: &YamlBlock<'_>) -> Result<Colors, SourceError> {
    let primary = site_color(&raw.primary, "primary", block)?;
    let accent = match &raw.accent {
        Some(accent) => site_color(accent, "accent", block)?,
        None => primary,
    };
    Ok(Colors { primary, accent })
}

/// One colour of `colors:`, which must be `#rrggbb` and readable with white.
fn site_color(text: &str, key: &str, block: &YamlBlock<'_>) -> Result<Rgb, SourceError> {
    let color = Rgb::parse(text).ok_or_else(|| {
        block
            .error_at_nested_key(
                "colors",
                key,
                format!("`colors.{key}: {text}` is not a colour pjece can read"),
            )
            .hint(
                "write it as `#` and six hexadecimal digits in quotes, e.g. `primary: \"#00587a\"`",
            )
    })?;
    let measured = contrast::ratio(color, Rgb::WHITE);
    if measured < contrast::AA_TEXT {
        let darker = contrast::darker_passing(color, Rgb::WHITE, contrast::AA_TEXT);
        let message = format!(
            "the colour `{}` is too light to read: against white it has a contrast of {}:1, and text needs at least 4.5:1 (white text on the header bar, links on the page)",
            color.hex(),
            contrast::shown(measured)
        );
        return Err(block.error_at_nested_key("colors", key, message).hint(format!(
            "use a darker shade, e.g. `{key}: \"{}\"` ({}:1), or ask for the organisation's darker brand colour",
            darker.hex(),
            contrast::shown(contrast::ratio(darker, Rgb::WHITE))
        )));
    }
    Ok(color)
}

/// A web address from `site.yaml`: absolute, with its scheme, so it works from every page.
fn web_address(url: &str, key: &str, block: &YamlBlock<'_>) -> Result<String, SourceError> {
    let url = url.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        return Ok(url.to_string());
    }
    Err(block
        .error_at_key(key, format!("`{url}` is not a full web address"))
        .hint("write the address with `https://`, e.g. `https://www.was.digst.dk/...`"))
}

/// `redirects:` or `retired:` with every address written from the site root without its
/// leading `/`, as the address ledger writes them (`/udgave-1/` and `udgave-1/` are the same).
fn address_map(
    raw: std::collections::BTreeMap<String, String>,
    key: &str,
    block: &YamlBlock<'_>,
) -> Result<std::collections::BTreeMap<String, String>, SourceError> {
    let mut map = std::collections::BTreeMap::new();
    for (from, to) in raw {
        let address = from.trim().trim_start_matches('/').to_string();
        if address.is_empty() || address.contains("://") || address.split('/').any(|s| s == "..") {
            return Err(block
                .error_at_key(key, format!("`{from}` in `{key}:` is not an address of this site"))
                .hint("write the address from the site root, as the address ledger lists it, e.g. `udgave-1/gode-raad/`"));
        }
        let value = if key == "redirects" {
            to.trim().trim_start_matches('/').to_string()
        } else {
            to.trim().to_string()
        };
        if value.is_empty() {
            return Err(block
                .error_at_key(key, format!("`{from}` in `{key}:` has nothing after it"))
                .hint(if key == "redirects" {
                    "write the address it moved to, e.g. `udgave-1/: 2019/`"
                } else {
                    "write why the address no longer answers, e.g. `gammel-side/: Siden er erstattet af retningslinjen om AI.`"
                }));
        }
        map.insert(address, value);
    }
    Ok(map)
}

/// Turns a batch of source errors into one error (a single error stays itself).
pub fn errors_to_anyhow(mut errors: Vec<SourceError>) -> anyhow::Error {
    if errors.len() == 1 {
        return errors.remove(0).into();
    }
    let mut d = crate::diagnostic::Diagnostics::new();
    d.extend(errors);
    d.into_result().unwrap_err()
}

/// URL segments pjece itself creates, in the site's language (Danish readers see Danish URLs).
#[derive(Debug, Clone, Copy)]
pub struct UrlWords {
    /// The editions overview at the site root.
    pub editions: &'static str,
    /// An edition's "what changed" page.
    pub changes: &'static str,
    /// An edition's print leaflet.
    pub leaflet: &'static str,
    /// The search page at the site root.
    pub search: &'static str,
    /// A portal's page of the editions in force on a date.
    pub in_force: &'static str,
    /// A portal's recent changes across guidelines.
    pub recent: &'static str,
}

impl Language {
    pub fn url_words(self) -> UrlWords {
        match self {
            Language::Da => UrlWords {
                editions: "udgaver",
                changes: "aendringer",
                leaflet: "folder",
                search: "soeg",
                in_force: "gaeldende",
                recent: "seneste",
            },
            Language::En => UrlWords {
                editions: "editions",
                changes: "changes",
                leaflet: "leaflet",
                search: "search",
                in_force: "in-force",
                recent: "recent",
            },
        }
    }
}

/// What is wrong with a `base_url`: it goes into every sitemap entry, feed, canonical link
/// and printed QR code, so it must be a whole web address of the site's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BaseUrlProblem {
    /// Not `http://` or `https://` followed by an address.
    NotAWebAddress,
    /// `https:///retningslinjer/`: no server named.
    NoHost,
    /// A space, tab or line break inside the address.
    Whitespace,
    /// `?…` or `#…`: the address of a folder has neither.
    QueryOrFragment,
    /// `https://bruger:kode@…`: a password would be printed on every leaflet.
    Credentials,
}

impl BaseUrlProblem {
    fn message(self, base_url: &str) -> String {
        match self {
            BaseUrlProblem::NotAWebAddress => {
                format!("`base_url` must be an absolute web address, not `{base_url}`")
            }
            BaseUrlProblem::NoHost => format!("`base_url` `{base_url}` names no web server"),
            BaseUrlProblem::Whitespace => format!("`base_url` `{base_url}` has a space in it"),
            BaseUrlProblem::QueryOrFragment => {
                format!("`base_url` `{base_url}` has a `?` or `#` part")
            }
            BaseUrlProblem::Credentials => {
                format!("`base_url` `{base_url}` holds a user name or password")
            }
        }
    }

    fn hint(self) -> &'static str {
        match self {
            BaseUrlProblem::NotAWebAddress | BaseUrlProblem::NoHost => {
                "write the address the site will have, with the scheme and the server, e.g. `base_url: https://www.example.dk/retningslinjer/`"
            }
            BaseUrlProblem::Whitespace => {
                "web addresses have no spaces: write `-` (`/sociale-medier/`) or `%20` instead"
            }
            BaseUrlProblem::QueryOrFragment => {
                "give the address of the site's folder alone, e.g. `https://www.example.dk/retningslinjer/`"
            }
            BaseUrlProblem::Credentials => {
                "remove the `name:password@` part; the address is printed on every leaflet"
            }
        }
    }
}

/// Whether `url` stands in for an address not known yet: a name of the example domains that
/// RFC 2606 keeps for documentation (`example.com`, `.net`, `.org`, anything under
/// `.example`), `example.dk`, which `pjece init` writes, or an accessibility statement on
/// was.digst.dk whose address names an example. Addresses under `.test` (RFC 6761, for
/// testing) are not stand-ins: a site under test may use them.
pub(crate) fn is_placeholder_address(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url.trim()) else {
        return false;
    };
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let example_domain = ["example.com", "example.net", "example.org", "example.dk"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || host == "example"
        || host.ends_with(".example");
    let example_statement = (host == "was.digst.dk" || host.ends_with(".was.digst.dk"))
        && parsed.path().to_ascii_lowercase().contains("example");
    example_domain || example_statement
}

/// The stand-in addresses of site.yaml, each a problem at its key.
fn placeholders(
    base_url: &str,
    statement: Option<&str>,
    block: &YamlBlock<'_>,
) -> Vec<SourceError> {
    let mut found = Vec::new();
    if is_placeholder_address(base_url) {
        found.push(
            block
                .error_at_key(
                    "base_url",
                    format!("`base_url` is still the example address `{base_url}`: the leaflet's QR code, the feed, the sitemap and every canonical link would lead there"),
                )
                .hint("write the address the site will have on the web, e.g. `base_url: https://www.sonderborg.dk/retningslinjer/`"),
        );
    }
    if let Some(url) = statement.filter(|url| is_placeholder_address(url)) {
        found.push(
            block
                .error_at_key(
                    "accessibility_statement",
                    format!("`accessibility_statement` is still the example address `{url}`: every page's footer would link to it"),
                )
                .hint("make the site's statement on was.digst.dk and write its address here"),
        );
    }
    found
}

/// Checks `base_url` with a real URL parser; a prefix check let through addresses with no
/// server or with a space in them.
fn check_base_url(base_url: &str) -> Result<(), BaseUrlProblem> {
    if base_url.chars().any(char::is_whitespace) {
        return Err(BaseUrlProblem::Whitespace);
    }
    let after_scheme = ["https://", "http://"].iter().find_map(|scheme| {
        let written = base_url.get(..scheme.len())?;
        written
            .eq_ignore_ascii_case(scheme)
            .then(|| &base_url[scheme.len()..])
    });
    let Some(after_scheme) = after_scheme else {
        return Err(BaseUrlProblem::NotAWebAddress);
    };
    // The URL standard reads `https:///retningslinjer/` as the server `retningslinjer`.
    if after_scheme.is_empty() || after_scheme.starts_with(['/', '\\']) {
        return Err(BaseUrlProblem::NoHost);
    }
    let parsed = url::Url::parse(base_url).map_err(|error| match error {
        url::ParseError::EmptyHost => BaseUrlProblem::NoHost,
        _ => BaseUrlProblem::NotAWebAddress,
    })?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(BaseUrlProblem::NoHost);
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(BaseUrlProblem::QueryOrFragment);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(BaseUrlProblem::Credentials);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_addresses_are_stand_ins_and_real_ones_are_not() {
        for url in [
            "https://example.org/",
            "https://www.example.dk/retningslinjer/",
            "http://EXAMPLE.com/x",
            "https://sider.example.net/",
            "https://kommune.example/",
            "https://www.was.digst.dk/example-org-sociale-medier",
        ] {
            assert!(is_placeholder_address(url), "{url}");
        }
        for url in [
            "https://sonderborgkommune.dk/",
            "https://www.was.digst.dk/sonderborg-dk-retningslinjer",
            "https://kommune.test/r/",
            "https://myexample.org/",
            "not an address",
        ] {
            assert!(!is_placeholder_address(url), "{url}");
        }
    }

    /// Issue 21: a `base_url` without a server or with a space was accepted.
    #[test]
    fn base_url_must_be_a_whole_web_address_of_a_folder() {
        for good in [
            "https://www.example.dk/retningslinjer/",
            "http://localhost:8080/",
            "HTTPS://kommune.dk",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for (bad, problem) in [
            ("https:///retningslinjer/", BaseUrlProblem::NoHost),
            ("https://", BaseUrlProblem::NoHost),
            (
                "https://www.example.dk/sociale medier/",
                BaseUrlProblem::Whitespace,
            ),
            ("www.example.dk", BaseUrlProblem::NotAWebAddress),
            ("ftp://example.dk/", BaseUrlProblem::NotAWebAddress),
            (
                "https://example.dk/?side=1",
                BaseUrlProblem::QueryOrFragment,
            ),
            ("https://example.dk/#top", BaseUrlProblem::QueryOrFragment),
            ("https://a:b@example.dk/", BaseUrlProblem::Credentials),
            ("https://exa mple.dk/", BaseUrlProblem::Whitespace),
        ] {
            assert_eq!(check_base_url(bad), Err(problem), "{bad}");
        }
    }
}
