//! `word/styles.xml`: what each paragraph and character style means for the structure.
//!
//! Takes the styles part and the site's style map; returns [`Styles`], which answers for a
//! style id: is it a heading and of which level, the title, a quote, a list (style-based
//! numbering), bold or italic, or a custom style nobody mapped. A heading is found, in order,
//! by the outline level (`w:outlineLvl`, which Word and LibreOffice both set on their heading
//! styles), by the English built-in name (`heading 1`: Word keeps the English names in
//! styles.xml even in Danish Word, and shows "Overskrift 1"), then by the style map
//! (built-in Danish names, extended by `import: styles:` in site.yaml). Each question follows
//! the `w:basedOn` chain, so a custom style based on "heading 2" is a heading 2.

use super::xml::Element;
use crate::config::StyleRole;
use std::collections::HashMap;

/// A paragraph's numbering: `w:numId` and `w:ilvl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumberingRef {
    pub(crate) num_id: u32,
    pub(crate) level: u8,
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    numbering: Option<(Option<u32>, Option<u8>)>,
    bold: Option<bool>,
    italic: Option<bool>,
    custom: bool,
}

/// The document's styles, with the role each plays.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    map: Vec<(String, StyleRole)>,
    /// The paragraph style used when a paragraph names none (`w:default="1"`).
    default_paragraph: Option<String>,
}

/// Danish and English names Word and LibreOffice give their built-in styles, for documents
/// whose styles carry no outline level. The site's `import: styles:` comes first.
const BUILT_IN: &[(&str, StyleRole)] = &[
    ("title", StyleRole::Title),
    ("titel", StyleRole::Title),
    ("quote", StyleRole::Quote),
    ("intense quote", StyleRole::Quote),
    ("citat", StyleRole::Quote),
    ("strktcitat", StyleRole::Quote),
    ("kraftigt citat", StyleRole::Quote),
    ("quotations", StyleRole::Quote),
    ("overskrift 1", StyleRole::Heading(1)),
    ("overskrift 2", StyleRole::Heading(2)),
    ("overskrift 3", StyleRole::Heading(3)),
    ("overskrift 4", StyleRole::Heading(4)),
    ("overskrift 5", StyleRole::Heading(5)),
    ("overskrift 6", StyleRole::Heading(6)),
];

/// Styles every writer uses that carry no meaning of their own beyond what the reader
/// handles: never reported as unmapped.
const PLAIN: &[&str] = &[
    "normal",
    "body text",
    "brødtekst",
    "text body",
    "list paragraph",
    "listeafsnit",
    "no spacing",
    "ingen afstand",
    "footnote text",
    "endnote text",
    "fodnotetekst",
    "slutnotetekst",
    "caption",
    "billedtekst",
    "subtitle",
    "undertitel",
    "table contents",
    "table heading",
    "default paragraph font",
    "standard",
    "header",
    "footer",
    "sidehoved",
    "sidefod",
    "index",
    "figure",
    "illustration",
];

impl Styles {
    /// Reads `styles.xml` (when the package has one) with the site's style map `map`.
    pub(crate) fn read(part: Option<&Element>, map: &[(String, StyleRole)]) -> Styles {
        let mut styles = Styles {
            map: map
                .iter()
                .map(|(name, role)| (name.to_lowercase(), *role))
                .chain(BUILT_IN.iter().map(|(n, r)| (n.to_string(), *r)))
                .collect(),
            ..Styles::default()
        };
        let Some(part) = part else {
            return styles;
        };
        for style in part.children_named("w:style") {
            let Some(id) = style.attr("w:styleId") else {
                continue;
            };
            let ppr = style.child("w:pPr");
            let rpr = style.child("w:rPr");
            let numbering = ppr.and_then(|p| p.child("w:numPr")).map(|n| {
                (
                    n.child_val("w:numId").and_then(|v| v.parse().ok()),
                    n.child_val("w:ilvl").and_then(|v| v.parse().ok()),
                )
            });
            if style.attr("w:type") == Some("paragraph") && style.attr("w:default") == Some("1") {
                styles.default_paragraph = Some(id.to_string());
            }
            styles.styles.insert(
                id.to_string(),
                Style {
                    name: style.child_val("w:name").unwrap_or(id).to_string(),
                    based_on: style.child_val("w:basedOn").map(str::to_string),
                    outline_level: ppr
                        .and_then(|p| p.child_val("w:outlineLvl"))
                        .and_then(|v| v.parse().ok()),
                    numbering,
                    bold: rpr.and_then(|r| r.toggle("w:b")),
                    italic: rpr.and_then(|r| r.toggle("w:i")),
                    custom: style.attr("w:customStyle") == Some("1"),
                },
            );
        }
        styles
    }

    /// The style a paragraph with `id` (or none) has.
    pub(crate) fn paragraph_style<'a>(&'a self, id: Option<&'a str>) -> Option<&'a str> {
        id.or(self.default_paragraph.as_deref())
    }

    /// The style and the styles it is based on, nearest first; a loop in the chain ends it.
    fn chain<'a>(&'a self, id: &str) -> Vec<&'a Style> {
        let mut out = Vec::new();
        let mut next = Some(id.to_string());
        while let Some(id) = next {
            let Some(style) = self.styles.get(&id) else {
                break;
            };
            if out.iter().any(|s: &&Style| std::ptr::eq(*s, style)) || out.len() > 32 {
                break;
            }
            out.push(style);
            next = style.based_on.clone();
        }
        out
    }

    /// The style's name as Word shows it.
    pub(crate) fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.styles.get(id).map_or(id, |s| s.name.as_str())
    }

    /// What paragraphs of style `id` are: a heading, the title, a quote, or plain.
    pub(crate) fn role(&self, id: &str) -> Option<StyleRole> {
        let chain = self.chain(id);
        for style in &chain {
            if let Some(role) = self.named_role(&style.name) {
                return Some(role);
            }
            if let Some(level) = style.outline_level {
                return (level < 9).then_some(StyleRole::Heading(level.min(5) + 1));
            }
            if let Some(level) = english_heading(&style.name) {
                return Some(StyleRole::Heading(level));
            }
        }
        None
    }

    fn named_role(&self, name: &str) -> Option<StyleRole> {
        let lower = name.to_lowercase();
        self.map.iter().find(|(n, _)| *n == lower).map(|(_, r)| *r)
    }

    /// The numbering a style gives its paragraphs (style-based lists: "List Bullet").
    pub(crate) fn numbering(&self, id: &str) -> Option<NumberingRef> {
        let mut num_id = None;
        let mut level = None;
        for style in self.chain(id) {
            if let Some((n, l)) = style.numbering {
                num_id = num_id.or(n);
                level = level.or(l);
            }
        }
        num_id.map(|num_id| NumberingRef {
            num_id,
            level: level.unwrap_or(0),
        })
    }

    /// Whether text in style `id` (paragraph or character) is bold, and italic.
    pub(crate) fn emphasis(&self, id: &str) -> (bool, bool) {
        let chain = self.chain(id);
        // The built-in character styles "Strong" and "Emphasis" mean bold and italic even
        // when a writer leaves their formatting empty (LibreOffice may).
        let named = |names: &[&str]| {
            chain
                .iter()
                .any(|s| names.contains(&s.name.to_lowercase().as_str()))
        };
        let bold = chain
            .iter()
            .find_map(|s| s.bold)
            .unwrap_or_else(|| named(&["strong", "strong emphasis", "kraftig", "stærk"]));
        let italic = chain
            .iter()
            .find_map(|s| s.italic)
            .unwrap_or_else(|| named(&["emphasis", "fremhævning", "svag fremhævning"]));
        (bold, italic)
    }

    /// A custom style that gives its paragraphs no role the reader knows: reported, so the
    /// editor can map it in site.yaml.
    pub(crate) fn is_unmapped_custom(&self, id: &str) -> bool {
        let Some(style) = self.styles.get(id) else {
            return false;
        };
        style.custom
            && self.role(id).is_none()
            && self.numbering(id).is_none()
            && !PLAIN.contains(&style.name.to_lowercase().as_str())
    }

    /// A style of a table of contents ("toc 1", LibreOffice's "Contents 1", their headings):
    /// the website makes its own navigation.
    pub(crate) fn is_table_of_contents(&self, id: &str) -> bool {
        self.chain(id).iter().any(|s| {
            let lower = s.name.to_lowercase();
            lower.starts_with("toc ")
                || lower.starts_with("contents ")
                || lower == "toc heading"
                || lower.starts_with("indholdsfortegnelse")
        })
    }
}

/// `heading 1` … `heading 9` (any case) → 1 … 6.
fn english_heading(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let number = lower.strip_prefix("heading ")?.trim().parse::<u8>().ok()?;
    (1..=9).contains(&number).then_some(number.min(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(xml: &str, map: &[(String, StyleRole)]) -> Styles {
        Styles::read(Some(&super::super::xml::parse(xml).unwrap()), map)
    }

    #[test]
    fn headings_are_found_by_outline_level_name_and_map_through_based_on() {
        let s = styles(
            r#"<w:styles>
              <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
              <w:style w:type="paragraph" w:styleId="X"><w:name w:val="Min overskrift"/><w:basedOn w:val="Heading1"/></w:style>
              <w:style w:type="paragraph" w:styleId="O"><w:name w:val="Outline"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="M" w:customStyle="1"><w:name w:val="Mellemrubrik"/></w:style>
              <w:style w:type="paragraph" w:styleId="U" w:customStyle="1"><w:name w:val="Boks"/></w:style>
            </w:styles>"#,
            &[("mellemrubrik".to_string(), StyleRole::Heading(2))],
        );
        assert_eq!(s.role("Heading1"), Some(StyleRole::Heading(1)));
        assert_eq!(s.role("X"), Some(StyleRole::Heading(1)));
        assert_eq!(s.role("O"), Some(StyleRole::Heading(3)));
        assert_eq!(s.role("M"), Some(StyleRole::Heading(2)));
        assert!(s.is_unmapped_custom("U"));
        assert!(!s.is_unmapped_custom("M"));
    }
}
