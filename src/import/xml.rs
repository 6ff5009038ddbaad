//! A small element tree over quick-xml, for reading the XML parts of a Word package.
//!
//! The parts are small (a long guideline's `document.xml` is a few megabytes), and reading
//! them as a tree lets the reader follow Word's structure (a run inside a hyperlink inside
//! a paragraph inside a table cell) instead of tracking parser state by hand. Names keep
//! their prefix (`w:p`): Word, LibreOffice and every other writer use the standard prefixes,
//! and comparing `w:p` reads like the specification. A part that is not well-formed XML is an
//! error naming the part and the line and column.

use quick_xml::events::Event;
use quick_xml::Reader;

/// One element with its attributes and children.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

/// A part that could not be read as XML: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl Element {
    /// The value of attribute `name` (with its prefix: `w:val`).
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every child element called `name`.
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first element called `name` at any depth below this one.
    pub(crate) fn descendant(&self, name: &str) -> Option<&Element> {
        for child in self.elements() {
            if child.name == name {
                return Some(child);
            }
            if let Some(found) = child.descendant(name) {
                return Some(found);
            }
        }
        None
    }

    /// `w:val` of the child `name`: `<w:pStyle w:val="Heading1"/>` → `Heading1`.
    pub(crate) fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("w:val"))
    }

    /// Whether a toggle property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
    pub(crate) fn toggle(&self, name: &str) -> Option<bool> {
        self.child(name)
            .map(|c| !matches!(c.attr("w:val"), Some("0" | "false" | "off" | "none")))
    }

    /// The text of this element and everything below it.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Parses `text` into its root element. Whitespace-only text between elements is kept
/// only inside `w:t`-like text elements, where Word means it (`xml:space="preserve"`).
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error_at(text, reader.error_position() as usize, e.to_string()))?;
        match event {
            Event::Start(start) => stack.push(element(&start, text, &reader)?),
            Event::Empty(start) => {
                let e = element(&start, text, &reader)?;
                push(&mut stack, Node::Element(e));
            }
            Event::End(_) => {
                let done = stack.pop().expect("a start before every end");
                push(&mut stack, Node::Element(done));
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                if !content.trim().is_empty() || keeps_space(stack.last()) {
                    push(&mut stack, Node::Text(content.into_owned()));
                }
            }
            Event::CData(c) => push(&mut stack, Node::Text(c.xml10_content().into_owned())),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r.xml10_content() {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => {
                            return Err(error_at(
                                text,
                                reader.buffer_position() as usize,
                                format!("unknown entity `&{other};`"),
                            ))
                        }
                    },
                };
                push(&mut stack, Node::Text(resolved));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err(error_at(
            text,
            text.len(),
            format!(
                "the part ends inside <{}>",
                stack.last().map_or("", |e| e.name.as_str())
            ),
        ));
    }
    let root = stack.pop().unwrap_or_default();
    let found = root.children.into_iter().find_map(|n| match n {
        Node::Element(e) => Some(e),
        Node::Text(_) => None,
    });
    found.ok_or_else(|| XmlError {
        line: 1,
        column: 1,
        message: "the part holds no XML element".to_string(),
    })
}

/// Text elements whose spaces are content.
fn keeps_space(parent: Option<&Element>) -> bool {
    parent.is_some_and(|p| {
        matches!(
            p.name.as_str(),
            "w:t" | "w:delText" | "w:instrText" | "dc:title" | "a:t"
        )
    })
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

fn element(
    start: &quick_xml::events::BytesStart<'_>,
    text: &str,
    reader: &Reader<&[u8]>,
) -> Result<Element, XmlError> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr =
            attr.map_err(|e| error_at(text, reader.buffer_position() as usize, e.to_string()))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| error_at(text, reader.buffer_position() as usize, e.to_string()))?;
        attrs.push((attr.key.as_ref().to_string(), value.into_owned()));
    }
    Ok(Element {
        name: start.name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
    })
}

/// A byte offset as a 1-based line and column (in characters).
fn error_at(text: &str, offset: usize, message: String) -> XmlError {
    let offset = offset.min(text.len());
    let offset = (0..=offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    XmlError {
        line,
        column: before[line_start..].chars().count() + 1,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_text_are_read() {
        let root = parse(
            r#"<w:p a="1 &amp; 2"><w:r><w:t xml:space="preserve"> Hej &#248;</w:t></w:r></w:p>"#,
        )
        .unwrap();
        assert_eq!(root.name, "w:p");
        assert_eq!(root.attr("a"), Some("1 & 2"));
        assert_eq!(root.text(), " Hej ø");
    }

    #[test]
    fn broken_xml_is_placed_at_its_line_and_column() {
        let err = parse("<a>\n  <b></c>\n</a>").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.message.contains('c'), "{err:?}");
    }
}
