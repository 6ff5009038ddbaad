//! The print shop's PDF: the bleed PDF converted to PDF/X-4 in CMYK by Ghostscript.
//!
//! Takes the bleed PDF Chromium printed (RGB, with TrimBox and BleedBox from `pdf_boxes`) and
//! the site's `print:` settings; returns the same file as PDF/X-4 with a CMYK output intent.
//! Steps: the leaflet's own colours are first written as the exact inks the site or the theme
//! gives them ([`recolour`]: text black becomes 100 % black ink only), then Ghostscript
//! (`GS` or `gs` on `PATH`, at least [`MIN_VERSION`]) converts everything else to CMYK for the
//! output profile and writes the PDF/X-4 markers, then the print boxes and fixed dates are
//! set again, so the file is as reproducible as the one Chromium printed.
//!
//! Without a Ghostscript new enough (Debian 12 ships 10.0, which cannot write PDF/X-4) the
//! bleed PDF stays as Chromium printed it and the build says so once.

use crate::config::{Cmyk, PrintColor, PrintSettings};
use crate::contrast::Rgb;
use anyhow::{bail, Context, Result};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The first Ghostscript whose pdfwrite writes valid PDF/X-4.
pub(super) const MIN_VERSION: Version = Version(10, 5, 0);

/// The environment variable naming the Ghostscript program to use.
pub(super) const GS: &str = "GS";

/// A Ghostscript version, as `gs --version` prints it (`10.07.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u32>().ok());
        Some(Version(
            parts.next()??,
            parts.next()??,
            parts.next().flatten().unwrap_or(0),
        ))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}.{}", self.0, self.1, self.2)
    }
}

/// What the machine has for converting the print PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ghostscript {
    /// A Ghostscript that writes PDF/X-4.
    Ready { program: PathBuf, version: Version },
    /// A Ghostscript too old for PDF/X-4; the print PDF stays as Chromium printed it.
    TooOld { program: PathBuf, version: Version },
    /// No Ghostscript at all.
    Missing,
}

impl Ghostscript {
    /// The Ghostscript named by `GS`, else `gs` on `PATH`; asked once per run.
    pub fn find() -> &'static Ghostscript {
        static FOUND: OnceLock<Ghostscript> = OnceLock::new();
        FOUND.get_or_init(|| {
            let program = std::env::var_os(GS)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("gs"));
            Ghostscript::of(&program)
        })
    }

    /// What `program` is, by its `--version`.
    pub fn of(program: &Path) -> Ghostscript {
        let Ok(output) = Command::new(program).arg("--version").output() else {
            return Ghostscript::Missing;
        };
        let text = String::from_utf8_lossy(&output.stdout);
        match Version::parse(&text) {
            Some(version) if version >= MIN_VERSION => Ghostscript::Ready {
                program: program.to_path_buf(),
                version,
            },
            Some(version) => Ghostscript::TooOld {
                program: program.to_path_buf(),
                version,
            },
            None => Ghostscript::Missing,
        }
    }

    /// What the converted PDF depends on, for its cache key: the Ghostscript version that
    /// made it, or that none did.
    pub fn fingerprint(&self) -> String {
        match self {
            Ghostscript::Ready { version, .. } => format!("pdf/x-4 ghostscript {version}"),
            Ghostscript::TooOld { .. } | Ghostscript::Missing => "no pdf/x".to_string(),
        }
    }

    /// Why the print PDF is not PDF/X-4, in Danish and English, when it is not.
    pub fn note(&self) -> Option<String> {
        let found = match self {
            Ghostscript::Ready { .. } => return None,
            Ghostscript::TooOld { program, version } => {
                format!("{} er version {version}", program.display())
            }
            Ghostscript::Missing => "Ghostscript (gs) blev ikke fundet".to_string(),
        };
        let found_en = match self {
            Ghostscript::TooOld { program, version } => {
                format!("{} is version {version}", program.display())
            }
            _ => "Ghostscript (gs) was not found".to_string(),
        };
        Some(format!(
            "bemærk: trykfilen (-tryk.pdf) er ikke PDF/X-4: {found}, og PDF/X-4 kræver Ghostscript {MIN_VERSION} eller nyere (sæt GS=/sti/til/gs eller `pip install ghostscript-bin`); trykfilen er skrevet som før.\n\
             note: the print PDF (-tryk.pdf) is not PDF/X-4: {found_en}, and PDF/X-4 needs Ghostscript {MIN_VERSION} or newer (set GS=/path/to/gs or `pip install ghostscript-bin`); it is written as before."
        ))
    }
}

/// The colours of the leaflet and the inks each is printed with.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Inks(Vec<(Rgb, Cmyk)>);

impl Inks {
    /// The theme's leaflet colours (the `--ink`, `--muted` and `--tint` its `leaflet.html`
    /// sets, read from `template`) with their default inks, then the site's colours, each with
    /// the inks `print.colors_cmyk` gives it or a default. Black and the theme's text colour
    /// are black ink alone; white is no ink.
    pub(super) fn of(primary: Rgb, accent: Rgb, settings: &PrintSettings, template: &str) -> Inks {
        let given = |color: PrintColor, default: Cmyk| {
            settings
                .colors_cmyk
                .iter()
                .find(|(c, _)| *c == color)
                .map_or(default, |(_, cmyk)| *cmyk)
        };
        let theme = |name: &str, default: Rgb| css_colour(template, name).unwrap_or(default);
        Inks(vec![
            (Rgb(0, 0, 0), Cmyk::BLACK),
            (Rgb(255, 255, 255), Cmyk([0, 0, 0, 0])),
            (
                theme("--ink", Rgb(0x1d, 0x23, 0x27)),
                given(PrintColor::Ink, Cmyk::BLACK),
            ),
            (
                theme("--muted", Rgb(0x4d, 0x5a, 0x63)),
                given(PrintColor::Muted, Cmyk([0, 0, 0, 80])),
            ),
            (
                theme("--tint", Rgb(0xe6, 0xf0, 0xf4)),
                given(PrintColor::Tint, Cmyk([10, 2, 0, 0])),
            ),
            (primary, given(PrintColor::Primary, rough_cmyk(primary))),
            (accent, given(PrintColor::Accent, rough_cmyk(accent))),
        ])
    }

    /// The inks for a colour written as three fractions 0–1, when it is one of the leaflet's
    /// colours (PDF writers round to four decimals, so within half a step of 1/255).
    fn find(&self, rgb: [f32; 3]) -> Option<Cmyk> {
        self.0.iter().find_map(|(color, cmyk)| {
            let wanted = [color.0, color.1, color.2];
            wanted
                .iter()
                .zip(rgb)
                .all(|(&w, got)| (f32::from(w) / 255.0 - got).abs() < 0.5 / 255.0)
                .then_some(*cmyk)
        })
    }
}

/// The `#rrggbb` a CSS custom property `name` is first set to in `css` (`--ink: #1d2327`).
fn css_colour(css: &str, name: &str) -> Option<Rgb> {
    let after = &css[css.find(&format!("{name}:"))? + name.len() + 1..];
    Rgb::parse(after.trim_start().get(..7)?)
}

/// A site colour nobody gave inks: the plain formula conversion, its black component kept,
/// enough to print legibly until the print shop's values are written into site.yaml.
fn rough_cmyk(color: Rgb) -> Cmyk {
    let [r, g, b] = [color.0, color.1, color.2].map(|v| f64::from(v) / 255.0);
    let k = 1.0 - r.max(g).max(b);
    if k >= 1.0 {
        return Cmyk::BLACK;
    }
    let part = |v: f64| ((1.0 - v - k) / (1.0 - k) * 100.0).round() as u8;
    Cmyk([part(r), part(g), part(b), (k * 100.0).round() as u8])
}

/// Rewrites the RGB fills and strokes of every page that are one of the leaflet's colours
/// as exact DeviceCMYK inks (`rg` → `k`, `RG` → `K`). Returns how many were rewritten.
pub(super) fn recolour(doc: &mut Document, inks: &Inks) -> Result<usize> {
    let mut changed = 0;
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page);
        let mut ops = Content::decode(&content)?;
        let mut here = 0;
        for op in &mut ops.operations {
            let cmyk_op = match op.operator.as_str() {
                "rg" => "k",
                "RG" => "K",
                _ => continue,
            };
            let Some(rgb) = three_numbers(&op.operands) else {
                continue;
            };
            if let Some(cmyk) = inks.find(rgb) {
                let operands = cmyk
                    .0
                    .iter()
                    .map(|&v| Object::Real(f32::from(v) / 100.0))
                    .collect();
                *op = Operation::new(cmyk_op, operands);
                here += 1;
            }
        }
        if here > 0 {
            doc.change_page_content(page, ops.encode()?)?;
            changed += here;
        }
    }
    Ok(changed)
}

fn three_numbers(operands: &[Object]) -> Option<[f32; 3]> {
    let numbers: Vec<f32> = operands
        .iter()
        .map(|o| o.as_float().ok())
        .collect::<Option<_>>()?;
    numbers.try_into().ok()
}

/// What the print shop's PDF of one site is made for: the site folder (profiles are found
/// from there), its `print:` settings and the leaflet's inks.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintShop {
    root: PathBuf,
    settings: PrintSettings,
    inks: Inks,
}

impl PrintShop {
    /// The print shop's PDF of the site `config`, whose leaflet template is `template`.
    pub fn of(config: &crate::config::SiteConfig, template: &str) -> PrintShop {
        PrintShop {
            root: config.root.clone(),
            inks: Inks::of(
                config.colors.primary,
                config.colors.accent,
                &config.print,
                template,
            ),
            settings: config.print.clone(),
        }
    }

    /// Everything the converted PDF depends on besides the PDF Chromium printed: the
    /// Ghostscript version, the output profile's bytes and the inks (for the cache key).
    pub fn fingerprint(&self, gs: &Ghostscript) -> String {
        let profile = self
            .settings
            .output_intent
            .as_ref()
            .map(|p| std::fs::read(self.root.join(p)).unwrap_or_default())
            .unwrap_or_default();
        let profile = super::Key::of(&[&profile]);
        format!(
            "{} {} {:?} {:?}",
            gs.fingerprint(),
            profile.as_str(),
            self.settings.output_condition,
            self.inks
        )
    }

    /// Converts the bleed PDF at `pdf` to PDF/X-4 when `gs` can; see [`convert`].
    pub(super) fn convert(
        &self,
        gs: &Ghostscript,
        pdf: &Path,
        bleed_mm: f64,
        date: &super::PdfDate,
    ) -> Result<bool> {
        let Ghostscript::Ready { program, .. } = gs else {
            return Ok(false);
        };
        convert(
            program,
            pdf,
            &self.root,
            &self.settings,
            &self.inks,
            bleed_mm,
            date,
        )?;
        Ok(true)
    }
}

/// The output intent the PDF is made for: the print shop's profile or Ghostscript's own.
struct OutputIntent {
    profile: Profile,
    condition: String,
}

/// Where the output profile is read from.
#[derive(Debug, Clone, PartialEq)]
enum Profile {
    /// The print shop's ICC file.
    File(PathBuf),
    /// Ghostscript's own `default_cmyk.icc`, built into the program.
    Bundled,
}

impl OutputIntent {
    fn of(root: &Path, settings: &PrintSettings) -> OutputIntent {
        OutputIntent {
            profile: match &settings.output_intent {
                Some(profile) => Profile::File(root.join(profile)),
                None => Profile::Bundled,
            },
            condition: settings
                .output_condition
                .clone()
                .unwrap_or_else(|| DEFAULT_CONDITION.to_string()),
        }
    }

    /// The profile as PostScript opens it.
    fn postscript_path(&self) -> String {
        match &self.profile {
            Profile::File(path) => path.to_string_lossy().into_owned(),
            Profile::Bundled => "%rom%iccprofiles/default_cmyk.icc".to_string(),
        }
    }
}

/// The printing condition named when the site names none: Ghostscript's CMYK profile is
/// a generic coated-paper (SWOP-like) press.
const DEFAULT_CONDITION: &str = "Generic CMYK (Ghostscript default_cmyk.icc)";

/// A PostScript string literal of `text`.
fn ps_string(text: &str) -> String {
    let mut out = String::from("(");
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push(')');
    out
}

/// The PDF/X definition Ghostscript reads before the PDF: the version marker, the output
/// profile embedded and the output intent naming the printing condition.
fn pdfx_definition(intent: &OutputIntent) -> String {
    let profile = ps_string(&intent.postscript_path());
    let condition = ps_string(&intent.condition);
    format!(
        "%!\n\
         [ /GTS_PDFXVersion (PDF/X-4) /Trapped /False /DOCINFO pdfmark\n\
         [/_objdef {{icc_PDFX}} /type /stream /OBJ pdfmark\n\
         [{{icc_PDFX}} << /N 4 >> /PUT pdfmark\n\
         [{{icc_PDFX}} {profile} (r) file /PUT pdfmark\n\
         [/_objdef {{OutputIntent_PDFX}} /type /dict /OBJ pdfmark\n\
         [{{OutputIntent_PDFX}} << /Type /OutputIntent /S /GTS_PDFX\n\
           /OutputCondition {condition} /OutputConditionIdentifier {condition}\n\
           /RegistryName (http://www.color.org) /Info {condition}\n\
           /DestOutputProfile {{icc_PDFX}} >> /PUT pdfmark\n\
         [{{Catalog}} << /OutputIntents [ {{OutputIntent_PDFX}} ] >> /PUT pdfmark\n"
    )
}

/// Converts the bleed PDF at `pdf` (already boxed and dated) to PDF/X-4 in place: the
/// leaflet's colours as exact inks, everything else converted for the output profile,
/// then the print boxes for `bleed_mm` and the fixed date set again.
fn convert(
    program: &Path,
    pdf: &Path,
    root: &Path,
    settings: &PrintSettings,
    inks: &Inks,
    bleed_mm: f64,
    date: &super::PdfDate,
) -> Result<()> {
    let scratch = tempfile::tempdir().context("could not create a temporary folder")?;
    let mut doc = Document::load(pdf).with_context(|| format!("reading {}", pdf.display()))?;
    recolour(&mut doc, inks).with_context(|| format!("setting the inks of {}", pdf.display()))?;
    let recoloured = scratch.path().join("cmyk.pdf");
    doc.save(&recoloured)
        .with_context(|| format!("writing {}", recoloured.display()))?;
    let intent = OutputIntent::of(root, settings);
    let definition = scratch.path().join("pdfx.ps");
    std::fs::write(&definition, pdfx_definition(&intent))?;
    let converted = scratch.path().join("pdfx.pdf");
    let mut gs = Command::new(program);
    gs.args([
        "-dSAFER",
        "-dBATCH",
        "-dNOPAUSE",
        "-dQUIET",
        "-sDEVICE=pdfwrite",
        "-dPDFX=4",
        "-dCompatibilityLevel=1.6",
        "-sColorConversionStrategy=CMYK",
        "-dEmbedAllFonts=true",
    ]);
    if let Profile::File(profile) = &intent.profile {
        gs.arg(format!("--permit-file-read={}", profile.display()))
            .arg(format!("-sOutputICCProfile={}", profile.display()));
    }
    let output = gs
        .arg(format!("-sOutputFile={}", converted.display()))
        .arg(&definition)
        .arg(&recoloured)
        .output()
        .with_context(|| format!("running {}", program.display()))?;
    if !output.status.success() || !converted.is_file() {
        bail!(
            "Ghostscript could not convert {} to PDF/X-4: {}{}",
            pdf.display(),
            String::from_utf8_lossy(&output.stdout).trim(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let mut doc = Document::load(&converted).with_context(|| {
        format!(
            "reading the PDF/X-4 Ghostscript wrote for {}",
            pdf.display()
        )
    })?;
    super::pdf_boxes::set_boxes(&mut doc, bleed_mm, pdf)?;
    let id = super::Key::of(&[&std::fs::read(&recoloured)?]);
    fix_metadata(&mut doc, date, id.as_str())
        .with_context(|| format!("dating the metadata of {}", pdf.display()))?;
    super::pdf_stamp::stamp(&mut doc, date).with_context(|| format!("dating {}", pdf.display()))?;
    super::pdf_stamp::save_atomically(&mut doc, pdf)
}

/// Ghostscript writes the moment it ran and a random document id into the XMP metadata;
/// PDF/X wants the XMP dates to be the document's, and reproducible builds want no clock
/// or chance in the file. Both become the leaflet's fixed date and an id made from `id`
/// (a digest of the PDF converted).
fn fix_metadata(doc: &mut Document, date: &super::PdfDate, id: &str) -> Result<()> {
    let Ok(metadata) = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
    else {
        return Ok(());
    };
    let stream = doc.get_object_mut(metadata)?.as_stream_mut()?;
    let xml = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let fixed = fixed_xmp(&String::from_utf8_lossy(&xml), &date.xmp(), id);
    stream.set_plain_content(fixed.into_bytes());
    Ok(())
}

/// The XMP with every date element set to `date` and the document id made from `id`.
fn fixed_xmp(xml: &str, date: &str, id: &str) -> String {
    let mut out = xml.to_string();
    for tag in ["xmp:ModifyDate", "xmp:CreateDate", "xmp:MetadataDate"] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        if let (Some(a), Some(b)) = (out.find(&open), out.find(&close)) {
            if a < b {
                out.replace_range(a + open.len()..b, date);
            }
        }
    }
    let uuid = format!(
        "uuid:{}-{}-{}-{}-{}",
        &id[0..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..32]
    );
    for attribute in ["xmpMM:DocumentID='", "xmpMM:InstanceID='"] {
        if let Some(a) = out.find(attribute) {
            let start = a + attribute.len();
            if let Some(len) = out[start..].find('\'') {
                out.replace_range(start..start + len, &uuid);
            }
        }
    }
    out
}

/// What a print shop checks first in a print PDF, read back from the file: the build
/// report shows it in Danish under the PDF (see [`Preflight`]'s `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preflight {
    pub pdf: PathBuf,
    /// `GTS_PDFXVersion`, e.g. `PDF/X-4`, when the PDF claims a PDF/X version.
    pub pdf_x: Option<String>,
    /// The output intent's printing condition.
    pub output_condition: Option<String>,
    /// The first page's MediaBox and TrimBox in whole millimetres (width, height), and the
    /// bleed between them in tenths of a millimetre.
    pub page_mm: (u32, u32),
    pub trim_mm: (u32, u32),
    pub bleed_tenths_mm: u32,
    /// The base names of the fonts, and whether every one is embedded.
    pub fonts: Vec<String>,
    pub fonts_embedded: bool,
    /// The colour spaces the pages paint in (`DeviceCMYK`, `DeviceRGB`, …).
    pub color_spaces: Vec<String>,
    /// The most ink any colour of text, lines and areas puts on paper, in whole percent.
    pub max_ink: u32,
}

impl Preflight {
    /// Reads the preflight facts of the PDF at `pdf`.
    pub fn of(pdf: &Path) -> Result<Preflight> {
        let doc = Document::load(pdf).with_context(|| format!("reading {}", pdf.display()))?;
        let text = |object: &Object| match object {
            Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).into_owned()),
            Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
            _ => None,
        };
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id));
        let pdf_x = info
            .ok()
            .and_then(|i| i.get(b"GTS_PDFXVersion").ok())
            .and_then(text);
        let output_condition = doc
            .catalog()
            .and_then(|c| c.get(b"OutputIntents"))
            .and_then(|o| doc.dereference(o).map(|(_, o)| o))
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
            .and_then(|d| d.get(b"OutputConditionIdentifier").ok())
            .and_then(text);
        let pages = doc.get_pages();
        let first = *pages.values().next().context("the PDF has no pages")?;
        let page = doc.get_dictionary(first)?;
        let size = |key: &[u8]| -> (f64, f64) {
            let numbers: Vec<f64> = page
                .get(key)
                .and_then(Object::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|n| n.as_float().ok())
                        .map(f64::from)
                        .collect()
                })
                .unwrap_or_default();
            match numbers[..] {
                [a, b, c, d] => ((c - a).abs() * 25.4 / 72.0, (d - b).abs() * 25.4 / 72.0),
                _ => (0.0, 0.0),
            }
        };
        let (page, trim) = (size(b"MediaBox"), size(b"TrimBox"));
        let whole = |(w, h): (f64, f64)| (w.round() as u32, h.round() as u32);
        let mut fonts = std::collections::BTreeSet::new();
        let mut fonts_embedded = true;
        let mut color_spaces = std::collections::BTreeSet::new();
        let mut max_ink: f64 = 0.0;
        for id in pages.values() {
            for (_, font) in doc.get_page_fonts(*id).unwrap_or_default() {
                if let Some(name) = font.get(b"BaseFont").ok().and_then(text) {
                    // A subset's name starts with six letters and `+`.
                    let name = name.split_once('+').map_or(name.as_str(), |(_, n)| n);
                    fonts.insert(name.to_string());
                }
                fonts_embedded &= font_is_embedded(&doc, font);
            }
            let content = Content::decode(&doc.get_page_content(*id)).unwrap_or(Content {
                operations: Vec::new(),
            });
            for op in &content.operations {
                let space = match op.operator.as_str() {
                    "k" | "K" => {
                        let ink: f64 = op
                            .operands
                            .iter()
                            .filter_map(|o| o.as_float().ok())
                            .map(|v| f64::from(v) * 100.0)
                            .sum();
                        max_ink = max_ink.max(ink);
                        "DeviceCMYK"
                    }
                    "rg" | "RG" => "DeviceRGB",
                    "g" | "G" => "DeviceGray",
                    _ => continue,
                };
                color_spaces.insert(space.to_string());
            }
        }
        for object in doc.objects.values() {
            if let Ok(stream) = object.as_stream() {
                if stream.dict.get(b"Subtype").ok().and_then(text).as_deref() == Some("Image") {
                    if let Some(space) = stream.dict.get(b"ColorSpace").ok().and_then(text) {
                        color_spaces.insert(space);
                    }
                }
            }
        }
        Ok(Preflight {
            pdf: pdf.to_path_buf(),
            pdf_x,
            output_condition,
            page_mm: whole(page),
            trim_mm: whole(trim),
            bleed_tenths_mm: ((page.0 - trim.0) / 2.0 * 10.0).round() as u32,
            fonts: fonts.into_iter().collect(),
            fonts_embedded,
            color_spaces: color_spaces.into_iter().collect(),
            max_ink: max_ink.round() as u32,
        })
    }
}

/// Whether a font's program is in the PDF (for a composite font, its descendant's).
fn font_is_embedded(doc: &Document, font: &lopdf::Dictionary) -> bool {
    let descriptor = |font: &lopdf::Dictionary| {
        font.get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .is_ok_and(|d| {
                [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|k| d.has(k))
            })
    };
    if descriptor(font) {
        return true;
    }
    font.get(b"DescendantFonts")
        .and_then(|d| doc.dereference(d).map(|(_, o)| o))
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first())
        .and_then(|d| doc.dereference(d).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .is_some_and(descriptor)
}

impl std::fmt::Display for Preflight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.pdf.file_name().unwrap_or_default().to_string_lossy();
        writeln!(
            f,
            "tjek af trykfilen {name}: {}{}",
            self.pdf_x.as_deref().unwrap_or("ikke PDF/X"),
            self.output_condition
                .as_ref()
                .map(|c| format!(", farveprofil {c}"))
                .unwrap_or_default()
        )?;
        let bleed = f64::from(self.bleed_tenths_mm) / 10.0;
        writeln!(
            f,
            "  sidestørrelse {} × {} mm, beskåret format {} × {} mm, {} mm til beskæring på hver side",
            self.page_mm.0,
            self.page_mm.1,
            self.trim_mm.0,
            self.trim_mm.1,
            format!("{bleed}").replace('.', ",")
        )?;
        writeln!(
            f,
            "  skrifter: {} ({})",
            self.fonts.join(", "),
            if self.fonts_embedded {
                "alle indlejret"
            } else {
                "IKKE alle indlejret"
            }
        )?;
        writeln!(f, "  farverum: {}", self.color_spaces.join(", "))?;
        if !self.color_spaces.iter().any(|s| s == "DeviceCMYK") {
            return write!(f, "  samlet farvemængde: ikke målt (filen er ikke i CMYK)");
        }
        write!(
            f,
            "  største samlede farvemængde i tekst og flader: {} % (højst {} %)",
            self.max_ink,
            crate::config::MAX_TOTAL_INK
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_and_compared_as_numbers() {
        assert_eq!(Version::parse("10.07.0\n"), Some(Version(10, 7, 0)));
        assert_eq!(Version::parse("10.00.0"), Some(Version(10, 0, 0)));
        assert_eq!(Version::parse("9.56"), Some(Version(9, 56, 0)));
        assert!(Version::parse("10.00.0").unwrap() < MIN_VERSION);
        assert!(Version::parse("10.05.1").unwrap() >= MIN_VERSION);
        assert!(Version::parse("11.00.0").unwrap() > MIN_VERSION);
        assert_eq!(Version::parse("GPL Ghostscript"), None);
        assert_eq!(Version(10, 5, 0).to_string(), "10.05.0");
    }

    #[test]
    fn a_missing_program_is_missing_and_makes_no_pdf_x() {
        let gs = Ghostscript::of(Path::new("/nonexistent/gs"));
        assert_eq!(gs, Ghostscript::Missing);
        let note = gs.note().unwrap();
        assert!(
            note.contains("ikke PDF/X-4") && note.contains("not PDF/X-4"),
            "{note}"
        );
        assert_eq!(gs.fingerprint(), "no pdf/x");
    }

    #[test]
    fn the_fingerprint_changes_with_the_ghostscript_version() {
        let ready = |v| Ghostscript::Ready {
            program: "gs".into(),
            version: v,
        };
        assert_ne!(
            ready(Version(10, 5, 0)).fingerprint(),
            ready(Version(10, 7, 0)).fingerprint()
        );
        let old = Ghostscript::TooOld {
            program: "gs".into(),
            version: Version(10, 0, 0),
        };
        assert_eq!(old.fingerprint(), Ghostscript::Missing.fingerprint());
        assert!(old.note().unwrap().contains("10.00.0"));
    }

    fn page_with(content: &str) -> Document {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let stream = lopdf::Stream::new(lopdf::Dictionary::new(), content.as_bytes().to_vec());
        let content_id = doc.add_object(stream);
        let mut page = lopdf::Dictionary::new();
        page.set("Type", "Page");
        page.set("Parent", pages_id);
        page.set("Contents", content_id);
        page.set("MediaBox", vec![0.into(), 0.into(), 100.into(), 100.into()]);
        let page_id = doc.add_object(page);
        let mut pages = lopdf::Dictionary::new();
        pages.set("Type", "Pages");
        pages.set("Kids", vec![page_id.into()]);
        pages.set("Count", 1);
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut catalog = lopdf::Dictionary::new();
        catalog.set("Type", "Catalog");
        catalog.set("Pages", pages_id);
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", catalog);
        doc
    }

    fn page_operations(doc: &Document) -> Vec<String> {
        let (_, page) = doc.get_pages().into_iter().next().unwrap();
        Content::decode(&doc.get_page_content(page))
            .unwrap()
            .operations
            .iter()
            .map(|op| {
                let mut s: Vec<String> = op
                    .operands
                    .iter()
                    .map(|o| format!("{}", o.as_float().unwrap()))
                    .collect();
                s.push(op.operator.clone());
                s.join(" ")
            })
            .collect()
    }

    #[test]
    fn text_colour_becomes_black_ink_and_site_colours_their_given_inks() {
        let settings = PrintSettings {
            colors_cmyk: vec![(PrintColor::Primary, Cmyk([100, 40, 0, 20]))],
            ..PrintSettings::default()
        };
        let template = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/kommune/templates/leaflet.html"
        ))
        .unwrap();
        let inks = Inks::of(
            Rgb(0x00, 0x58, 0x7a),
            Rgb(0x00, 0x6b, 0x5e),
            &settings,
            &template,
        );
        // As Chromium writes them: the theme's ink #1d2327, the primary #00587a, black
        // rules, and a colour that is none of the leaflet's.
        let mut doc =
            page_with(".1137 .1373 .1529 rg 0 .3451 .4784 RG 0 0 0 RG .5 .25 .1 rg 0 0 10 10 re f");
        assert_eq!(recolour(&mut doc, &inks).unwrap(), 3);
        assert_eq!(
            page_operations(&doc),
            [
                "0 0 0 1 k",
                "1 0.4 0 0.2 K",
                "0 0 0 1 K",
                "0.5 0.25 0.1 rg",
                "0 0 10 10 re",
                "f"
            ]
        );
    }

    #[test]
    fn the_themes_colours_are_read_from_its_template() {
        let css = ":root { --accent: #00587a; --ink: #102030; --muted:#405060; }";
        assert_eq!(css_colour(css, "--ink"), Some(Rgb(0x10, 0x20, 0x30)));
        assert_eq!(css_colour(css, "--muted"), Some(Rgb(0x40, 0x50, 0x60)));
        assert_eq!(css_colour(css, "--tint"), None);
    }

    #[test]
    fn site_colours_without_given_inks_get_a_conversion_keeping_their_black() {
        assert_eq!(rough_cmyk(Rgb(0, 0, 0)), Cmyk::BLACK);
        assert_eq!(rough_cmyk(Rgb(0x00, 0x58, 0x7a)), Cmyk([100, 28, 0, 52]));
        assert!(rough_cmyk(Rgb(0x00, 0x58, 0x7a)).total() <= crate::config::MAX_TOTAL_INK);
    }

    #[test]
    fn metadata_dates_and_ids_become_the_leaflets() {
        let xml = "<xmp:ModifyDate>2026-12-03T10:53:07Z</xmp:ModifyDate>\n<xmp:CreateDate>2026-12-03T10:53:07Z</xmp:CreateDate><rdf:Description xmpMM:DocumentID='uuid:45bbc347-2724-11fd-0000-bfc1fb52e430'/>";
        let id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let fixed = fixed_xmp(xml, "2025-01-01T00:00:00Z", id);
        assert_eq!(
            fixed,
            "<xmp:ModifyDate>2025-01-01T00:00:00Z</xmp:ModifyDate>\n<xmp:CreateDate>2025-01-01T00:00:00Z</xmp:CreateDate><rdf:Description xmpMM:DocumentID='uuid:01234567-89ab-cdef-0123-456789abcdef'/>"
        );
    }

    #[test]
    fn the_definition_quotes_paths_for_postscript() {
        let intent = OutputIntent {
            profile: Profile::File(PathBuf::from("/tryk/ISO (v2).icc")),
            condition: "FOGRA39".into(),
        };
        let ps = pdfx_definition(&intent);
        assert!(ps.contains(r"(/tryk/ISO \(v2\).icc) (r) file"), "{ps}");
        assert!(ps.contains("/GTS_PDFXVersion (PDF/X-4)"), "{ps}");
        assert!(ps.contains("/OutputConditionIdentifier (FOGRA39)"), "{ps}");
    }
}
