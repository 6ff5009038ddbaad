//! The accessibility rules `pjece check` holds the web PDF of a leaflet to: takes the
//! printed trim-size PDF and returns a [`SourceError`] at the leaflet plan for every rule it
//! breaks (tagged, language, title, title shown, PDF/UA id in the XMP, headings in order,
//! alt text on figures, link descriptions, tab order, embedded fonts). When the `VERAPDF`
//! environment variable names a veraPDF binary, its PDF/UA-1 profile runs too.

use super::pdf_ua::{is_link_annotation, struct_elements, structure_type};
use crate::diagnostic::SourceError;
use lopdf::{decode_text_string, Dictionary, Document, Object};
use std::path::Path;

/// The environment variable naming a veraPDF binary to run as well.
pub(crate) const VERAPDF: &str = "VERAPDF";

/// Every rule the PDF at `pdf` breaks, reported at `plan_file`.
pub(super) fn check_file(pdf: &Path, plan_file: &Path) -> Vec<SourceError> {
    let mut problems = match Document::load(pdf) {
        Ok(doc) => check(&doc, plan_file),
        Err(err) => vec![SourceError::new(
            plan_file,
            format!("the leaflet's web PDF could not be read: {err}"),
        )],
    };
    problems.extend(verapdf(pdf, plan_file));
    problems
}

/// Every rule `doc` breaks, reported at `plan_file`.
pub(super) fn check(doc: &Document, plan_file: &Path) -> Vec<SourceError> {
    let problem = |message: &str, hint: &str| {
        SourceError::new(
            plan_file,
            format!("the leaflet's web PDF {message}, so it is not accessible (PDF/UA)"),
        )
        .hint(hint)
    };
    let pjece = "pjece adds this to every leaflet PDF it prints, so the theme's leaflet \
                 template or the browser has changed; ask whoever maintains the theme";
    let mut problems = Vec::new();
    let empty = Dictionary::new();
    let catalog = doc.catalog().unwrap_or(&empty);
    let get = |dict: &Dictionary, key: &[u8]| -> Option<Object> {
        let value = dict.get(key).ok()?;
        Some(doc.dereference(value).ok()?.1.clone())
    };
    let marked = get(catalog, b"MarkInfo")
        .and_then(|m| m.as_dict().ok()?.get(b"Marked").ok()?.as_bool().ok())
        .unwrap_or(false);
    if catalog.get(b"StructTreeRoot").is_err() || !marked {
        problems.push(problem(
            "is not tagged (it has no structure a screen reader can follow)",
            pjece,
        ));
    }
    let lang = get(catalog, b"Lang").and_then(|l| decode_text_string(&l).ok());
    if lang.as_deref().is_none_or(|l| l.trim().is_empty()) {
        problems.push(problem(
            "does not say its language",
            "set `language:` in site.yaml (da or en)",
        ));
    }
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| doc.dereference(i).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let title = info
        .and_then(|i| i.get(b"Title").ok())
        .and_then(|t| decode_text_string(t).ok());
    if title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        problems.push(problem(
            "has no title",
            "give the leaflet a `cover.title` in its plan",
        ));
    }
    let shows_title = get(catalog, b"ViewerPreferences")
        .and_then(|v| {
            v.as_dict()
                .ok()?
                .get(b"DisplayDocTitle")
                .ok()?
                .as_bool()
                .ok()
        })
        .unwrap_or(false);
    if !shows_title {
        problems.push(problem(
            "does not ask to show its title instead of its file name (DisplayDocTitle)",
            pjece,
        ));
    }
    let xmp = get(catalog, b"Metadata")
        .and_then(|m| m.as_stream().ok()?.decompressed_content().ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    let claims_ua =
        xmp.contains("<pdfuaid:part>1</pdfuaid:part>") || xmp.contains("pdfuaid:part=\"1\"");
    if !claims_ua {
        problems.push(problem("has no XMP metadata saying it is PDF/UA-1", pjece));
    }
    problems.extend(heading_order(doc, &problem));
    let elements = struct_elements(doc);
    let figures_without_alt = elements
        .iter()
        .filter(|(_, e)| structure_type(e) == b"Figure")
        .filter(|(_, e)| e.get(b"Alt").is_err() && e.get(b"ActualText").is_err())
        .count();
    if figures_without_alt > 0 {
        problems.push(problem(
            &format!("has {figures_without_alt} picture(s) without a text alternative"),
            "give every image in the leaflet's pages an alt text: `![what it shows](file.png)`",
        ));
    }
    let links_without_contents = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| is_link_annotation(d) && d.get(b"Contents").is_err())
        .count();
    if links_without_contents > 0 {
        problems.push(problem(
            &format!("has {links_without_contents} link(s) without a description"),
            pjece,
        ));
    }
    let pages = doc.get_pages();
    let untabbed = pages
        .values()
        .filter_map(|id| doc.get_dictionary(*id).ok())
        .filter(|page| !matches!(page.get(b"Tabs"), Ok(Object::Name(n)) if n == b"S"))
        .count();
    if untabbed > 0 {
        problems.push(problem(
            &format!("has {untabbed} page(s) whose tab order does not follow the structure"),
            pjece,
        ));
    }
    let unembedded = unembedded_fonts(doc);
    if !unembedded.is_empty() {
        problems.push(problem(
            &format!("uses fonts it does not carry: {}", unembedded.join(", ")),
            "use the theme's web fonts (themes/…/static/fonts); a font installed only on this \
             computer is not put into the PDF",
        ));
    }
    problems
}

/// Headings must start at level 1 and never skip a level going down.
fn heading_order(
    doc: &Document,
    problem: &dyn Fn(&str, &str) -> SourceError,
) -> Option<SourceError> {
    let mut previous = 0;
    for (_, element) in struct_elements(doc) {
        let level = match structure_type(&element) {
            [b'H', n @ b'1'..=b'6'] => n - b'0',
            _ => continue,
        };
        if level > previous + 1 {
            let message = if previous == 0 {
                format!("starts with a level {level} heading instead of level 1")
            } else {
                format!("jumps from a level {previous} heading to level {level}")
            };
            return Some(problem(
                &message,
                "pjece numbers the headings of the leaflet's pages after the cover title's \
                 `h1`; a heading in the site's or theme's templates/leaflet.html is out of step: \
                 make the cover title the `h1` and let the levels go down one at a time",
            ));
        }
        previous = level;
    }
    None
}

/// The names of the fonts the pages use without embedding them.
fn unembedded_fonts(doc: &Document) -> Vec<String> {
    let mut names = Vec::new();
    let embedded = |font: &Dictionary| -> bool {
        let descriptor = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|d| doc.dereference(d).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        descriptor.is_some_and(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| d.get(key).is_ok())
        })
    };
    for page in doc.get_pages().into_values() {
        let Ok(fonts) = doc.get_page_fonts(page) else {
            continue;
        };
        for font in fonts.values() {
            let subtype = font
                .get(b"Subtype")
                .and_then(Object::as_name)
                .unwrap_or(b"");
            let ok = match subtype {
                b"Type3" => true,
                b"Type0" => font
                    .get(b"DescendantFonts")
                    .ok()
                    .and_then(|d| doc.dereference(d).ok())
                    .and_then(|(_, o)| o.as_array().ok())
                    .and_then(|a| a.first())
                    .and_then(|d| doc.dereference(d).ok())
                    .and_then(|(_, o)| o.as_dict().ok())
                    .is_some_and(embedded),
                _ => embedded(font),
            };
            if !ok {
                let name = font
                    .get(b"BaseFont")
                    .and_then(Object::as_name)
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_else(|_| "a font without a name".to_string());
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// veraPDF's PDF/UA-1 verdict on `pdf`, when `VERAPDF` names its binary.
fn verapdf(pdf: &Path, plan_file: &Path) -> Option<SourceError> {
    let binary = std::env::var_os(VERAPDF).filter(|b| !b.is_empty())?;
    let run = std::process::Command::new(&binary)
        .args(["--flavour", "ua1", "--format", "text"])
        .arg(pdf)
        .output();
    let output = match run {
        Ok(output) => output,
        Err(err) => {
            return Some(
                SourceError::new(
                    plan_file,
                    format!(
                        "veraPDF could not be started ({VERAPDF}={}): {err}",
                        binary.to_string_lossy()
                    ),
                )
                .hint(format!(
                    "point {VERAPDF} at the `verapdf` program, or unset it to skip veraPDF"
                )),
            )
        }
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let failed = text
        .lines()
        .any(|line| line.trim_start().starts_with("FAIL"));
    failed.then(|| {
        let detail: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(20)
            .collect();
        SourceError::new(
            plan_file,
            format!(
                "veraPDF finds the leaflet's web PDF is not PDF/UA-1:\n{}",
                detail.join("\n")
            ),
        )
        .hint("the lines above name the rules of ISO 14289-1 the PDF breaks")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A one-page PDF with nothing of what PDF/UA asks for.
    fn bare_pdf() -> Document {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
        });
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn a_picture_without_alt_text_and_a_link_without_a_description_are_reported() {
        let mut doc = bare_pdf();
        let figure = doc.add_object(dictionary! { "Type" => "StructElem", "S" => "Figure" });
        let root = doc.add_object(dictionary! { "Type" => "StructTreeRoot", "K" => figure });
        doc.catalog_mut().unwrap().set("StructTreeRoot", root);
        doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Link",
            "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.org/") },
        });
        let found: Vec<String> = check(&doc, Path::new("content/udgave-1/leaflet.yaml"))
            .iter()
            .map(|p| p.to_string())
            .filter(|p| p.contains("picture") || p.contains("link"))
            .collect();
        insta::assert_snapshot!(found.join("\n"));
    }

    fn messages(doc: &Document) -> String {
        check(doc, Path::new("content/udgave-1/leaflet.yaml"))
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_pdf_without_what_pdf_ua_asks_for_is_reported_rule_by_rule() {
        insta::assert_snapshot!(messages(&bare_pdf()));
    }

    #[test]
    fn headings_that_skip_a_level_are_reported() {
        let mut doc = bare_pdf();
        let h1 = doc.add_object(dictionary! { "Type" => "StructElem", "S" => "H1" });
        let h3 = doc.add_object(dictionary! { "Type" => "StructElem", "S" => "H3" });
        let root = doc.add_object(dictionary! {
            "Type" => "StructTreeRoot", "K" => vec![h1.into(), h3.into()],
        });
        let catalog = doc.catalog_mut().unwrap();
        catalog.set("StructTreeRoot", root);
        catalog.set("MarkInfo", dictionary! { "Marked" => true });
        let text = messages(&doc);
        assert!(
            text.contains("jumps from a level 1 heading to level 3"),
            "{text}"
        );
        assert!(!text.contains("is not tagged"), "{text}");
    }
}
