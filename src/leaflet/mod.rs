//! The print leaflet: a stage of its own. For every edition whose content has a leaflet plan
//! it writes print-ready HTML laid out like the organisation's folded brochure and, after the
//! site is written, measures and prints it in Chromium.
//!
//! Steps: the edition's [`LeafletPlan`](crate::content::LeafletPlan), read and checked while
//! loading, and the theme's physical layout (`layout`) → the planned pages as print blocks
//! (`blocks`: links as plain text, Danish soft hyphens from `hyphenate`, each block tagged
//! with its source file and line) → the `leaflet.html` template filled twice (`view`), at trim
//! size and with bleed for the print shop, with a QR code (`qr`) to the edition. Then
//! [`measure_and_print`] starts the one browser the build uses: `fit` measures whether every
//! panel holds its text, `print` makes the PDFs and `pdf_boxes` marks where to cut;
//! `pdf_ua` makes the web PDF accessible (XMP, outline, link descriptions, whole words), and
//! [`measure_and_check`] (for `pjece check`) holds it to the rules of `pdf_check`;
//! `pdf_x` converts the print shop's PDF to PDF/X-4 in CMYK when Ghostscript can.
//!
//! Every address it writes or links to comes from [`Addresses`]; it reads the content model
//! and the theme and needs nothing from the website's render stage.

mod blocks;
mod cache;
mod fit;
mod hyphenate;
pub mod layout;
mod pdf_boxes;
mod pdf_check;
mod pdf_stamp;
mod pdf_ua;
mod pdf_x;
mod print;
mod qr;
mod view;

pub use cache::{clean as clean_cache, Key, PdfCache};
/// The moment a build is made "as of", for the address ledger's dates too.
pub(crate) use pdf_stamp::source_date_epoch;
pub use pdf_stamp::{PdfDate, SOURCE_DATE_EPOCH};
pub use pdf_x::{Ghostscript, Preflight, PrintShop};

use crate::address::{Addresses, Mount, OutPath, Print};
use crate::chromium::Browser;
use crate::content::{Edition, LeafletPlan, Site};
use crate::diagnostic::{Diagnostics, SourceError};
use crate::output::OutputFile;
use crate::theme::Theme;
use anyhow::Result;
use blocks::PanelContent;
use layout::{Flow, Layout, Role};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The leaflet template every theme provides.
const TEMPLATE: &str = "leaflet.html";

/// One edition's leaflet, ready to publish, measure and print.
#[derive(Debug, Clone)]
pub struct LeafletOutput {
    pub edition: String,
    pub bleed_mm: f64,
    /// The leaflet at trim size (also what the fit check measures) and with bleed.
    pub trim: PrintOutput,
    pub bleed: PrintOutput,
    /// The creation and modification date both PDFs carry (part of their cache keys).
    pub pdf_date: PdfDate,
    /// The markup the fit check must find in the page.
    expected: fit::Expected,
    /// What the web PDF must say of itself to be accessible (see [`pdf_ua`]).
    accessible: pdf_ua::Facts,
    /// What the bleed PDF is converted to PDF/X-4 for.
    print_shop: PrintShop,
    /// The readability of its flap, back and inside text (nothing for an archived edition).
    pub readability: Vec<crate::readability::Finding>,
}

/// One of the two prints of a leaflet: its page, its PDF and the PDF's cache key.
#[derive(Debug, Clone)]
pub struct PrintOutput {
    pub html: OutPath,
    pub pdf: OutPath,
    /// The page with links to the PDFs (published when they are) and without.
    linked_html: String,
    plain_html: String,
    what: String,
    /// Everything the PDF is a function of (see [`cache`]).
    pub key: Key,
}

impl LeafletOutput {
    /// The two leaflet pages; `with_pdfs` links the PDFs (published beside them).
    pub fn pages(&self, with_pdfs: bool) -> Vec<OutputFile> {
        [&self.trim, &self.bleed]
            .into_iter()
            .map(|print| {
                let html = if with_pdfs {
                    &print.linked_html
                } else {
                    &print.plain_html
                };
                OutputFile::generated(&print.html, print.what.clone(), html.as_bytes())
            })
            .collect()
    }

    /// Both PDFs from `cache`, when both are there.
    pub fn cached_pdfs(&self, cache: &PdfCache) -> Option<Vec<OutputFile>> {
        let file = |print: &PrintOutput| {
            let stored = cache.get(&print.key)?;
            Some(OutputFile::copied(
                print.pdf.clone(),
                stored.clone(),
                stored,
            ))
        };
        Some(vec![file(&self.trim)?, file(&self.bleed)?])
    }
}

/// The leaflets of every edition that has a plan, ready to publish and print.
pub fn render(site: &Site, theme: &Theme, addresses: &Addresses) -> Result<Vec<LeafletOutput>> {
    let mut leaflets = Vec::new();
    let mut problems = Diagnostics::new();
    let epoch = pdf_stamp::source_date_epoch()?;
    // In parallel, in edition order: a portal has a leaflet in hundreds of editions.
    let rendered: Vec<_> = site
        .editions
        .par_iter()
        .filter_map(|edition| {
            let plan = edition.leaflet.as_ref()?;
            let pdf_date = PdfDate::of_edition(epoch, edition.published);
            Some(render_edition(
                site, theme, addresses, edition, plan, pdf_date,
            ))
        })
        .collect();
    for result in rendered {
        match result {
            Ok(leaflet) => leaflets.push(leaflet),
            Err(error) => problems.push(error),
        }
    }
    problems.into_result()?;
    Ok(leaflets)
}

/// Measures the leaflets written below `dir` in Chromium, failing on any panel that does not
/// hold its text, any heading parted from its text (or a template the measurement cannot
/// read), and with `print` prints them to PDF beside their HTML and keeps a copy in `cache`.
/// Returns the PDFs written. The only place the build starts a browser; with no leaflets,
/// none is started.
pub fn measure_and_print(
    dir: &Path,
    leaflets: &[LeafletOutput],
    print: bool,
    cache: Option<&PdfCache>,
) -> Result<Vec<PathBuf>> {
    if leaflets.is_empty() {
        return Ok(Vec::new());
    }
    let n = leaflets.len();
    progress(&if print {
        format!(
            "measuring and printing {n} leaflet{} in Chromium…",
            plural(n)
        )
    } else {
        format!("measuring {n} leaflet{} in Chromium…", plural(n))
    });
    let browser = Browser::launch()?;
    let (problems, pdfs) = print::run_all(&browser, dir, leaflets, print)?;
    problems.into_result()?;
    if let Some(cache) = cache {
        for (key, pdf) in &pdfs {
            // A cache that cannot be written costs a reprint next time, not this build.
            if let Err(err) = cache.put(key, pdf) {
                progress(&format!("note: {err:#}"));
            }
        }
    }
    Ok(pdfs.into_iter().map(|(_, pdf)| pdf).collect())
}

/// The fit check and the web PDF's accessibility rules, for `pjece check`: measures the
/// leaflets written below `dir`, prints each one's web PDF there (one print per leaflet, in
/// the tab that measured it; the print-shop PDF is left out) and holds it to the rules of
/// `pdf_check`, failing on any problem found.
pub fn measure_and_check(dir: &Path, leaflets: &[LeafletOutput]) -> Result<()> {
    if leaflets.is_empty() {
        return Ok(());
    }
    let browser = Browser::launch()?;
    let (mut problems, pdfs) = print::run_web_only(&browser, dir, leaflets)?;
    for leaflet in leaflets {
        if let Some((_, pdf)) = pdfs.iter().find(|(key, _)| *key == leaflet.trim.key) {
            problems.extend(pdf_check::check_file(pdf, &leaflet.accessible.plan_file));
        }
    }
    problems.into_result()?;
    Ok(())
}

/// Of a site's files, those that measuring `leaflets` needs written to disk: the leaflet pages
/// and every file that is not a web page (styles, fonts, images, logos). The site's other
/// pages are left out; on a large site they are thousands of files the browser never opens.
pub fn files_to_measure<'a>(
    files: impl IntoIterator<Item = &'a OutputFile>,
    leaflets: &[LeafletOutput],
) -> impl Iterator<Item = &'a OutputFile> {
    let pages: Vec<OutPath> = leaflets
        .iter()
        .flat_map(|l| [l.trim.html.as_file(), l.bleed.html.as_file()])
        .collect();
    files
        .into_iter()
        .filter(move |file| !file.path.as_str().ends_with(".html") || pages.contains(&file.path))
}

/// The fit check alone, for `pjece serve`: measures the leaflets written below `dir` and
/// returns each one's problems (in the order of `leaflets`) instead of failing on them.
pub fn measure_each(dir: &Path, leaflets: &[LeafletOutput]) -> Result<Vec<Vec<SourceError>>> {
    if leaflets.is_empty() {
        return Ok(Vec::new());
    }
    let browser = Browser::launch()?;
    let tab = browser.tab()?;
    leaflets
        .iter()
        .map(|leaflet| fit::measure(&tab.open(&dir.join(leaflet.trim.html.file()))?, leaflet))
        .collect()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A line on the terminal for the steps that take seconds; nothing when output is piped.
fn progress(line: &str) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprintln!("{line}");
    }
}

fn render_edition(
    site: &Site,
    theme: &Theme,
    addresses: &Addresses,
    edition: &Edition,
    plan: &LeafletPlan,
    pdf_date: PdfDate,
) -> Result<LeafletOutput, SourceError> {
    let layout = layout::load(theme, &plan.layout)?;
    check_roles(site, plan, &layout)?;
    let content = PanelContent::of(&site.config, addresses, edition, plan);
    let parts = crate::readability::leaflet_parts(&site.config, edition, plan);
    let template = theme.template_file(TEMPLATE);
    let id = &edition.id.0;
    let leaflet = view::Leaflet {
        site,
        theme,
        addresses,
        edition,
        plan,
        layout: &layout,
        content: &content,
        readability: &parts,
        qr_svg: qr::qr_svg(&addresses.absolute(&addresses.edition_root(id, Mount::EditionFolder)))
            .map_err(|e| SourceError::new(site.config.display(&plan.file), format!("{e:#}")))?,
    };
    let shaping = Shaping::of(site, theme, &plan.layout);
    let print_shop = PrintShop::of(
        &site.config,
        &std::fs::read_to_string(&template).unwrap_or_default(),
    );
    // The bleed PDF is converted by Ghostscript when it can be: its version is in the key.
    let converted = print_shop.fingerprint(Ghostscript::find());
    let render = |print: Print, with_pdfs: bool| -> Result<String, SourceError> {
        let view = leaflet
            .view(print, with_pdfs)
            .map_err(|e| SourceError::new(site.config.display(&plan.file), format!("{e:#}")))?;
        theme
            .render(TEMPLATE, &view)
            .map_err(|e| SourceError::new(&template, format!("{e:#}")))
    };
    let output = |print: Print| -> Result<PrintOutput, SourceError> {
        let linked_html = render(print, true)?;
        let (bleed, conversion) = match print {
            Print::Trim => (0.0, ""),
            Print::Bleed => (layout.bleed, converted.as_str()),
        };
        Ok(PrintOutput {
            html: addresses.leaflet_html(id, print),
            pdf: addresses.leaflet_pdf(id, print),
            key: shaping.key(&linked_html, bleed, &pdf_date, conversion),
            plain_html: render(print, false)?,
            linked_html,
            what: match print {
                Print::Trim => format!("the leaflet of edition `{id}`"),
                Print::Bleed => format!("the print-shop leaflet of edition `{id}`"),
            },
        })
    };
    let trim = output(Print::Trim)?;
    let accessible = pdf_ua::Facts::of(
        &trim.linked_html,
        &addresses.absolute(&addresses.edition_root(id, Mount::EditionFolder)),
        theme
            .strings
            .get("leaflet_qr_alt")
            .map_or("QR:", String::as_str),
        site.config.display(&plan.file),
    );
    Ok(LeafletOutput {
        edition: site.qualified_id(edition),
        bleed_mm: layout.bleed,
        trim,
        bleed: output(Print::Bleed)?,
        pdf_date,
        expected: expected_markup(&layout, template.clone(), site, plan, &content),
        accessible,
        print_shop,
        readability: readability_findings(site, edition, plan, &layout, &parts),
    })
}

/// What `check` says of each part's readability, naming the layout's panels of the part;
/// archived editions are history and are not judged.
fn readability_findings(
    site: &Site,
    edition: &Edition,
    plan: &LeafletPlan,
    layout: &Layout,
    parts: &[crate::readability::PartScore],
) -> Vec<crate::readability::Finding> {
    if edition.status == crate::content::EditionStatus::Archived {
        return Vec::new();
    }
    crate::readability::leaflet_findings(
        &site.config,
        plan,
        &site.qualified_id(edition),
        parts,
        &|part| view::panel_ids(layout, part),
    )
}

/// Text the plan places in a kind of panel the layout does not have would silently go
/// missing from the print; it is an error at the plan's key instead.
fn check_roles(site: &Site, plan: &LeafletPlan, layout: &Layout) -> Result<(), SourceError> {
    let placed = [
        ("flap", Role::Flap, &plan.flap),
        ("back", Role::Back, &plan.back),
        ("inside", Role::Inside, &plan.inside),
    ];
    let Some((key, _, _)) = placed
        .iter()
        .find(|(_, role, sources)| !sources.is_empty() && !layout.has(*role))
    else {
        return Ok(());
    };
    let text = std::fs::read_to_string(&plan.file).unwrap_or_default();
    let error = SourceError::new(
        site.config.display(&plan.file),
        format!(
            "the layout `{}` has no {key} panel for the pages listed under `{key}`",
            plan.layout
        ),
    )
    .hint(match *key {
        "flap" => "move them to `inside:`, or choose a layout with a flap (`layout: trifold-a4`)",
        _ => "move them to a part of the leaflet this layout has, or choose another layout",
    });
    Err(match fit::key_position(&text, key) {
        Some(position) => error.at(position),
        None => error,
    })
}

/// What shapes a printed PDF besides its page's HTML: the files the page loads (fonts,
/// logo), the layout, the browser's print options, the date the PDF carries and pjece itself.
/// The print shop's PDF also depends on its PDF/X-4 conversion (the Ghostscript version,
/// the output profile and the inks; see [`PrintShop::fingerprint`]).
struct Shaping {
    files: Vec<u8>,
}

impl Shaping {
    fn of(site: &Site, theme: &Theme, layout: &str) -> Shaping {
        let mut files = Vec::new();
        for (name, bytes) in theme.font_files() {
            files.extend(Key::of(&[name.as_bytes(), bytes]).as_str().as_bytes());
        }
        let layout_bytes = theme.layout_file(layout).unwrap_or_default();
        files.extend(Key::of(&[b"layout", layout_bytes]).as_str().as_bytes());
        for logo in [&site.config.logo, &site.config.logo_on_dark]
            .into_iter()
            .flatten()
        {
            let bytes = std::fs::read(site.config.root.join(logo)).unwrap_or_default();
            files.extend(Key::of(&[b"logo", &bytes]).as_str().as_bytes());
        }
        Shaping { files }
    }

    /// `conversion` is what the PDF is converted by afterwards (empty for none).
    fn key(&self, html: &str, bleed_mm: f64, date: &PdfDate, conversion: &str) -> Key {
        Key::of(&[
            conversion.as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
            crate::chromium::print_options_fingerprint().as_bytes(),
            pdf_ua::VERSION.as_bytes(),
            bleed_mm.to_string().as_bytes(),
            date.as_str().as_bytes(),
            &self.files,
            html.as_bytes(),
        ])
    }
}

/// What the fit check must find in the page for its answer to mean anything, and where
/// the settings shown in fixed panels are written.
fn expected_markup(
    layout: &Layout,
    template: PathBuf,
    site: &Site,
    plan: &LeafletPlan,
    content: &PanelContent,
) -> fit::Expected {
    let panels = layout
        .pages
        .iter()
        .flat_map(|page| page.panels())
        .filter(|panel| panel.role != Role::Inside)
        .map(|panel| panel.id.clone())
        .collect();
    let flows = layout
        .pages
        .iter()
        .filter(|page| Flow::of(layout, page).is_some())
        .count();
    let config = &site.config;
    let plan_text = std::fs::read_to_string(&plan.file).unwrap_or_default();
    let site_file = config.root.join(crate::config::FILE_NAME);
    let site_text = std::fs::read_to_string(&site_file).unwrap_or_default();
    let setting = |key: &str, file: &Path, text: &str| fit::SettingPlace {
        key: key.to_string(),
        shown: key.to_string(),
        file: config.display(file),
        position: fit::key_position(text, key),
    };
    // A plan without `cover.title` shows the site's `title`.
    let cover_title = match fit::key_position(&plan_text, "cover.title") {
        Some(_) => setting("cover.title", &plan.file, &plan_text),
        None => fit::SettingPlace {
            key: "cover.title".to_string(),
            shown: "title".to_string(),
            file: config.display(&site_file),
            position: fit::key_position(&site_text, "title"),
        },
    };
    fit::Expected {
        template,
        plan_file: config.display(&plan.file),
        panels,
        flows,
        source_blocks: content.blocks > 0,
        has_flap: layout.has(Role::Flap),
        keys: vec![
            cover_title,
            setting("cover.subtitle", &plan.file, &plan_text),
            match plan.contact {
                // The plan's own `contact:` is blamed in the plan.
                crate::content::LeafletContact::Own(_) => {
                    setting("contact", &plan.file, &plan_text)
                }
                _ => setting("contact", &site_file, &site_text),
            },
        ],
    }
}
