//! `site.yaml`: the site's settings, read once at the start of every build.
//!
//! [`RawSiteConfig`] is what the file says; [`SiteConfig`] is the validated form the rest of
//! the pipeline uses (an absolute base URL ending in `/`, a known language, a theme name).

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
    contact: Option<String>,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    search: Option<bool>,
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
    "contact",
    "markdown",
    "search",
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
    /// Contact text (Markdown) for the leaflet's back panel; pjece never makes one up.
    pub contact: Option<String>,
    /// The site's own hyphenation exceptions from `hyphenation.txt`, lower-case, with `-` at
    /// every allowed break (`work-shop`); they extend the built-in Danish list.
    pub hyphenation: Vec<String>,
    /// What pages' raw HTML becomes (change notes and contact text always escape it).
    pub raw_html: RawHtml,
    /// Full-text search: a search index, a search page and a search box on every page
    /// (`search: false` in site.yaml turns all three off).
    pub search: bool,
}

/// The site's hyphenation exceptions, beside `site.yaml`.
pub const HYPHENATION_FILE: &str = "hyphenation.txt";

pub const DEFAULT_THEME: &str = "kommune";

impl SiteConfig {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
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
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        return Err(block
            .error_at_key(
                "base_url",
                format!("`base_url` must be an absolute web address, not `{base_url}`"),
            )
            .hint(
                "write it with the scheme, e.g. `base_url: https://www.example.dk/retningslinjer/`",
            ));
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
        Some(logo) => Some(logo_inside_site(root, &logo, block)?),
        None => None,
    };
    Ok(SiteConfig {
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
        raw_html: raw.markdown.raw_html,
        contact: raw.contact,
        hyphenation: Vec::new(),
        search: raw.search.unwrap_or(true),
    })
}

/// The logo's path, checked to name a file inside the site folder: never an absolute path, a
/// path climbing out with `..`, or a symlink to a file elsewhere, since the logo is published.
fn logo_inside_site(
    root: &Path,
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
            .error_at_key("logo", format!("the logo `{logo}` is outside the site folder"))
            .hint("put the logo in the site folder and give its path from there, e.g. `logo: billeder/logo.svg`")
    };
    if climbs || path.as_os_str().is_empty() {
        return Err(outside());
    }
    let full = root.join(&path);
    let real = full.canonicalize().map_err(|_| {
        block
            .error_at_key(
                "logo",
                format!("the logo file {} does not exist", path.display()),
            )
            .hint(
                "give the logo's path relative to the site folder, e.g. `logo: billeder/logo.svg`",
            )
    })?;
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&real_root) || !real.is_file() {
        return Err(outside());
    }
    Ok(path)
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
}

impl Language {
    pub fn url_words(self) -> UrlWords {
        match self {
            Language::Da => UrlWords {
                editions: "udgaver",
                changes: "aendringer",
                leaflet: "folder",
                search: "soeg",
            },
            Language::En => UrlWords {
                editions: "editions",
                changes: "changes",
                leaflet: "leaflet",
                search: "search",
            },
        }
    }
}
