//! Themes: Tera templates, static files and interface strings.
//!
//! A theme is a folder `themes/<name>/` with `templates/` (Tera), `static/` (copied to
//! `/static/` in the output), `i18n/<language>.yaml` (every interface string) and `leaflets/`
//! (print layouts). The default theme, `kommune`, is compiled into the binary so a site
//! anywhere on disk builds without a copy; a site's own `themes/<name>/` wins over it (which
//! is how the theme is developed in this repository), and a site's `templates/` folder
//! overrides single templates of whichever theme is used.

use crate::config::SiteConfig;
use crate::diagnostic::{suggest, SourceError};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

static KOMMUNE: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/kommune");

/// A loaded theme, ready to render.
pub struct Theme {
    pub name: String,
    pub tera: tera::Tera,
    /// Interface strings in the site's language, keyed by name.
    pub strings: BTreeMap<String, String>,
    /// The same strings as one template value, made once: every page's `layout.t` shares it
    /// instead of converting dozens of strings for each of thousands of pages.
    strings_value: tera::Value,
    /// `static/` files: output path below `/static/` → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Every other file of the theme (leaflet layouts, …), by path within the theme.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Templates the site's own `templates/` folder replaces, by name.
    overridden: BTreeSet<String>,
    /// A hash of every template's name and text and of the interface strings: the same for
    /// the same template set, so that a page rendered with it can be taken over by the next
    /// build of `serve`.
    pub fingerprint: u64,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

pub fn load(config: &SiteConfig) -> Result<Theme> {
    let name = &config.theme;
    let mut files = theme_files(config, name)?;
    let overrides = config.root.join("templates");
    let mut overridden = BTreeSet::new();
    if overrides.is_dir() {
        for (path, bytes) in read_tree(&overrides)? {
            files.insert(format!("templates/{path}"), bytes);
            overridden.insert(path);
        }
    }
    let mut templates = Vec::new();
    let mut statics = BTreeMap::new();
    let mut other = BTreeMap::new();
    for (path, bytes) in files {
        if let Some(template) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("template {template} of theme `{name}` is not UTF-8"))?;
            templates.push((template.to_string(), text));
        } else if let Some(file) = path.strip_prefix("static/") {
            statics.insert(file.to_string(), bytes);
        } else {
            other.insert(path, bytes);
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.register_function("range", budgeted_range);
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("the templates of theme `{name}` have an error"))?;
    let strings = load_strings(config, name, &other)?;
    let fingerprint = fingerprint(&templates, &strings);
    Ok(Theme {
        name: name.clone(),
        tera,
        strings_value: tera::Value::from(strings.clone()),
        strings,
        statics,
        files: other,
        overridden,
        fingerprint,
    })
}

/// A hash of the templates' names and texts and of the interface strings (SipHash with fixed
/// keys: the same in every run).
fn fingerprint(templates: &[(String, String)], strings: &BTreeMap<String, String>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    templates.hash(&mut hasher);
    strings.hash(&mut hasher);
    hasher.finish()
}

/// The theme's files by path: the site's `themes/<name>/` folder, else the built-in theme.
fn theme_files(config: &SiteConfig, name: &str) -> Result<BTreeMap<String, Vec<u8>>> {
    let dir = config.root.join("themes").join(name);
    if dir.is_dir() {
        return read_tree(&dir);
    }
    if name == crate::config::DEFAULT_THEME {
        let mut files = BTreeMap::new();
        collect_embedded(&KOMMUNE, &mut files);
        return Ok(files);
    }
    let mut available = vec![crate::config::DEFAULT_THEME.to_string()];
    if let Ok(entries) = std::fs::read_dir(config.root.join("themes")) {
        available.extend(
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().to_string()),
        );
    }
    let near = suggest(name, available.iter().map(String::as_str));
    Err(SourceError::new(
        crate::config::FILE_NAME,
        format!("there is no theme `{name}`"),
    )
    .hint(match near {
        Some(n) => format!(
            "did you mean `{n}`? Available themes: {}",
            available.join(", ")
        ),
        None => format!(
            "available themes: {}; a site's own themes go in themes/<name>/",
            available.join(", ")
        ),
    })
    .into())
}

fn collect_embedded(dir: &include_dir::Dir<'static>, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        out.insert(
            file.path().to_string_lossy().replace('\\', "/"),
            file.contents().to_vec(),
        );
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn read_tree(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.with_context(|| format!("could not read the folder {}", dir.display()))?;
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            let rel = crate::fsx::slash_path(dir, entry.path());
            files.insert(rel, crate::fsx::read(entry.path())?);
        }
    }
    Ok(files)
}

fn load_strings(
    config: &SiteConfig,
    name: &str,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<BTreeMap<String, String>> {
    let code = config.language.code();
    let path = format!("i18n/{code}.yaml");
    let shown = PathBuf::from(format!("themes/{name}/{path}"));
    let bytes = files.get(&path).ok_or_else(|| {
        SourceError::new(
            &shown,
            format!("theme `{name}` has no interface strings for language `{code}`"),
        )
        .hint(format!(
            "add {} or choose another `language` in site.yaml",
            shown.display()
        ))
    })?;
    let text = String::from_utf8_lossy(bytes);
    serde_yaml::from_str(&text).map_err(|e| {
        let position = e
            .location()
            .map(|l| crate::diagnostic::Position::of_offset(&text, l.index()));
        let mut error = SourceError::new(&shown, format!("invalid interface strings: {e}"))
            .hint("write one `name: text` line per string");
        error.position = position;
        error.into()
    })
}

/// How many numbers all `range()` calls of one rendering may produce together. Tera caps a
/// single range, but a loop over `range()` inside another multiplies them: a site's template
/// could keep a build busy for hours. Real templates use a handful.
const RANGE_BUDGET: usize = 100_000;

thread_local! {
    /// What is left of [`RANGE_BUDGET`] in the rendering under way on this thread.
    static RANGE_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(RANGE_BUDGET) };
}

/// Tera's `range(start, end, step_by)`, drawing on the rendering's budget.
fn budgeted_range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with `step_by=0`"));
    }
    let span = if step > 0 {
        end.saturating_sub(start)
    } else {
        start.saturating_sub(end)
    };
    let step_size = step.saturating_abs();
    let len = usize::try_from(span.max(0).saturating_add(step_size - 1) / step_size)
        .unwrap_or(usize::MAX);
    let left = RANGE_LEFT.with(std::cell::Cell::get);
    if len > left {
        return Err(tera::Error::message(format!(
            "the loops over `range()` in this template would run more than {RANGE_BUDGET} times; a `range()` loop inside another multiplies them"
        )));
    }
    RANGE_LEFT.with(|l| l.set(left - len));
    let mut values = Vec::with_capacity(len);
    let mut value = start;
    for _ in 0..len {
        values.push(value);
        value += step;
    }
    Ok(values)
}

impl Theme {
    /// Puts the interface strings at `layout.t` of a page's context (views leave them out,
    /// see [`Theme::strings_value`]).
    fn add_strings(&self, context: &mut tera::Context) {
        let Some(layout) = context.remove("layout") else {
            return;
        };
        let Some(mut map) = layout.into_map() else {
            return;
        };
        map.insert(tera::value::Key::from("t"), self.strings_value.clone());
        context.insert_value("layout", tera::Value::from(map));
    }

    /// The theme's web fonts (`static/fonts/…`), by path: they shape every printed leaflet.
    pub fn font_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter(|(name, _)| name.starts_with("static/fonts/"))
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
    }

    /// The layout file `leaflets/<name>.yaml`, if the theme has it.
    pub fn layout_file(&self, name: &str) -> Option<&[u8]> {
        self.files
            .get(&format!("leaflets/{name}.yaml"))
            .map(Vec::as_slice)
    }

    /// Where template `name` was read from, as messages show it: the site's own
    /// `templates/<name>` when it overrides the theme's, else `themes/<theme>/templates/<name>`.
    pub fn template_file(&self, name: &str) -> PathBuf {
        if self.overridden.contains(name) {
            PathBuf::from(format!("templates/{name}"))
        } else {
            PathBuf::from(format!("themes/{}/templates/{name}", self.name))
        }
    }

    /// Renders `template` with a typed view; errors name the template and its line.
    pub fn render(&self, template: &str, view: &impl serde::Serialize) -> Result<String> {
        RANGE_LEFT.with(|l| l.set(RANGE_BUDGET));
        let _rendering = crate::budget::Rendering::begin();
        let mut context =
            tera::Context::from_serialize(view).map_err(|e| anyhow::anyhow!("{e}"))?;
        self.add_strings(&mut context);
        self.tera
            .render(template, &context)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| {
                format!(
                    "could not render template {template} of theme `{}`",
                    self.name
                )
            })
    }
}
