//! The web PDF made fit for the accessibility law (PDF/UA-1): takes the trim-size PDF
//! Chromium printed (already tagged, with `/Lang`, `/MarkInfo` and `/Tabs /S`) and what pjece
//! knows of the leaflet ([`Facts`]: its title, language, headings and QR code), and adds
//! what Chromium leaves out: XMP metadata claiming PDF/UA-1, an outline from the headings,
//! `/Contents` on link annotations, QR alt text in words and a text layer without soft
//! hyphens.
//!
//! Runs before [`super::pdf_stamp`], so the `/ID` is made from the finished document; every
//! date it writes is the stamp's fixed date, so the PDF stays reproducible.

use super::pdf_stamp::PdfDate;
use anyhow::{Context, Result};
use lopdf::{
    decode_text_string, dictionary, text_string, Dictionary, Document, Object, ObjectId, Stream,
};
use std::path::PathBuf;

/// Changes whenever what [`apply`] writes changes, so the PDF cache prints afresh.
pub(super) const VERSION: &str = "pdf-ua-1";

/// What pjece knows of a leaflet that the PDF needs and cannot be trusted to hold: taken
/// from the page pjece wrote, not from text extracted from the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    /// The page's `<title>`: the leaflet's title and edition.
    pub title: String,
    /// The page's `lang`, e.g. `da`.
    pub lang: String,
    /// Every heading in reading order, with the sheet page it is printed on.
    pub headings: Vec<Heading>,
    /// The address the QR code holds and the words a screen reader says for it.
    pub qr_address: String,
    pub qr_alt: String,
    /// Every link of the page: its address as written and its text.
    pub links: Vec<(String, String)>,
    /// The leaflet plan, named in problems found in the PDF.
    pub plan_file: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub level: u8,
    pub text: String,
    /// 0 for the first page.
    pub page: usize,
}

impl Facts {
    /// The facts of the leaflet page `html`; `qr_lead` starts the QR code's alt text, which
    /// goes on with the address without its scheme, as it is read out.
    pub(super) fn of(html: &str, qr_address: &str, qr_lead: &str, plan_file: PathBuf) -> Facts {
        let spoken = qr_address
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        Facts {
            title: element_text(html, "title").unwrap_or_default(),
            lang: attribute(html, "<html", "lang").unwrap_or_default(),
            headings: headings(html),
            qr_address: qr_address.to_string(),
            qr_alt: format!("{} {spoken}", qr_lead.trim_end()),
            links: links(html),
            plan_file,
        }
    }
}

/// Every `<h1>`–`<h6>` of `html` in document order, on the page of the part of the leaflet
/// (`artwork`, with its `data-page`) or the `sheet` it is in.
fn headings(html: &str) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut page: Option<usize> = None;
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if rest.starts_with("<div class=\"sheet ") || rest.starts_with("<div class=\"sheet\"") {
            page = Some(page.map_or(0, |p| p + 1));
        }
        // A part of the leaflet in reading order names the page it is drawn on.
        if rest.starts_with("<div class=\"artwork") {
            let page_of = attribute(rest, "<div", "data-page").and_then(|p| p.parse().ok());
            page = page_of.or(page);
        }
        let bytes = rest.as_bytes();
        let level = match (bytes.get(1), bytes.get(2), bytes.get(3)) {
            (Some(b'h'), Some(n @ b'1'..=b'6'), Some(b'>' | b' ')) => Some(n - b'0'),
            _ => None,
        };
        if let Some(level) = level {
            let close = format!("</h{level}>");
            let open_end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let body_end = rest.find(&close).unwrap_or(rest.len());
            if let Some(page) = page {
                if open_end <= body_end {
                    found.push(Heading {
                        level,
                        text: plain_text(&rest[open_end..body_end]),
                        page,
                    });
                }
            }
            rest = &rest[body_end.max(open_end)..];
        } else {
            rest = &rest[1..];
        }
    }
    found
}

/// Every `<a href>` inside the sheets of `html` (the toolbar above them does not print),
/// with its text.
fn links(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("<div class=\"sheet") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut rest = &html[start..];
    while let Some(at) = rest.find("<a ") {
        rest = &rest[at..];
        let href = attribute(rest, "<a ", "href");
        let open_end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let end = rest[open_end..]
            .find("</a>")
            .map_or(rest.len(), |i| open_end + i);
        if let Some(href) = href {
            found.push((href, plain_text(&rest[open_end..end])));
        }
        rest = &rest[end.max(open_end)..];
    }
    found
}

/// The text of the first `<name>` element of `html`.
fn element_text(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!("<{name}"))?;
    let open_end = start + html[start..].find('>')? + 1;
    let end = open_end + html[open_end..].find(&format!("</{name}>"))?;
    Some(plain_text(&html[open_end..end]))
}

/// The value of `name` on the first tag starting with `tag`.
fn attribute(html: &str, tag: &str, name: &str) -> Option<String> {
    let start = html.find(tag)?;
    let end = start + html[start..].find('>')?;
    let element = &html[start..end];
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let value_end = at + element[at..].find('"')?;
    Some(plain_text(&element[at..value_end]))
}

/// Markup as the words it shows: tags dropped, entities decoded, soft hyphens removed and
/// white space collapsed.
fn plain_text(markup: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => text.push(c),
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&shy;", "")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
        .replace('\u{ad}', "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Makes the printed web PDF `doc` PDF/UA-1: see the module documentation.
pub(super) fn apply(doc: &mut Document, facts: &Facts, date: &PdfDate) -> Result<()> {
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .context("the PDF has no catalog")?;
    whole_words(doc)?;
    alt_for_qr(doc, facts);
    link_contents(doc, &facts.links);
    let outline = outline(doc, &facts.headings)?;
    let (producer, creator) = info_tools(doc);
    set_info_title(doc, &facts.title)?;
    let metadata = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp(facts, date, &producer, &creator).into_bytes(),
    ));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        if let Ok(page) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
            page.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .context("the PDF's catalog is not a dictionary")?;
    catalog.set("Metadata", metadata);
    catalog.set("Lang", text_string(&facts.lang));
    catalog.set(
        "MarkInfo",
        dictionary! { "Type" => "MarkInfo", "Marked" => true },
    );
    catalog.set(
        "ViewerPreferences",
        dictionary! { "Type" => "ViewerPreferences", "DisplayDocTitle" => true },
    );
    if let Some(outline) = outline {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}

/// Chromium draws a soft hyphen as an invisible glyph in a span whose `/ActualText` is
/// U+00AD, and the hyphen it draws at a line break in a span saying U+2010, so text
/// extracted from the PDF keeps both. The invisible glyph is taken out (each glyph is placed
/// by its own `Td`, so nothing moves) and the drawn hyphen is left to say what its glyph says,
/// a plain `-`, which text extraction joins with the next line's half: "Søn-/derborg" is found
/// as "Sønderborg". A ligature's span ("f\u{ad}f") keeps its letters without the soft hyphen.
fn whole_words(doc: &mut Document) -> Result<()> {
    let mut streams = Vec::new();
    for page in doc.get_pages().into_values() {
        streams.extend(doc.get_page_contents(page));
    }
    for id in streams {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let content = stream
            .decompressed_content()
            .context("reading a page of the printed PDF")?;
        if let Some(changed) = without_soft_hyphens(&content) {
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_plain_content(changed);
            stream.compress().context("compressing a page")?;
        }
    }
    Ok(())
}

/// `content` with every span of `/ActualText` rewritten (see [`whole_words`]); `None` when
/// there is none to rewrite.
fn without_soft_hyphens(content: &[u8]) -> Option<Vec<u8>> {
    const OPEN: &[u8] = b"/Span<</ActualText <";
    const CLOSE: &[u8] = b"> >> BDC";
    let mut out = Vec::with_capacity(content.len());
    let mut changed = false;
    let mut i = 0;
    while i < content.len() {
        if let Some((text, inner, end)) = span_at(content, i, OPEN, CLOSE) {
            let whole: String = text.chars().filter(|&c| c != '\u{ad}').collect();
            let simple =
                !contains(inner, b"BDC") && !contains(inner, b"BT") && !contains(inner, b"TJ");
            if text == "\u{ad}" && simple {
                out.extend_from_slice(&without_glyphs(inner));
            } else if text == "\u{2010}" && simple {
                out.extend_from_slice(inner);
            } else if whole != text {
                out.extend_from_slice(OPEN);
                out.extend_from_slice(b"feff");
                for unit in whole.encode_utf16() {
                    out.extend_from_slice(format!("{unit:04x}").as_bytes());
                }
                out.extend_from_slice(CLOSE);
                out.extend_from_slice(inner);
                out.extend_from_slice(b"EMC");
            } else {
                out.extend_from_slice(&content[i..end]);
            }
            changed |= text == "\u{ad}" || text == "\u{2010}" || whole != text;
            i = end;
            continue;
        }
        out.push(content[i]);
        i += 1;
    }
    changed.then_some(out)
}

/// The span starting at `at`: its actual text, what lies between its `BDC` and `EMC`, and
/// where it ends (after the `EMC`).
fn span_at<'c>(
    content: &'c [u8],
    at: usize,
    open: &[u8],
    close: &[u8],
) -> Option<(String, &'c [u8], usize)> {
    let rest = &content[at..];
    if !rest.starts_with(open) {
        return None;
    }
    let hex_len = rest[open.len()..].iter().position(|&b| b == b'>')?;
    let text = utf16_hex(&rest[open.len()..open.len() + hex_len])?;
    let body = open.len() + hex_len;
    if !rest[body..].starts_with(close) {
        return None;
    }
    let inner_start = body + close.len();
    let inner_len = find(&rest[inner_start..], b"EMC")?;
    let inner = &rest[inner_start..inner_start + inner_len];
    Some((text, inner, at + inner_start + inner_len + 3))
}

/// `ops` without their `<…> Tj` (the glyphs they show), the rest kept.
fn without_glyphs(ops: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        if ops[i] == b'<' {
            if let Some(len) = ops[i..].iter().position(|&b| b == b'>') {
                let after = &ops[i + len + 1..];
                let gap = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
                if after[gap..].starts_with(b"Tj") {
                    i += len + 1 + gap + 2;
                    continue;
                }
            }
        }
        out.push(ops[i]);
        i += 1;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// The text of a hex string in UTF-16BE with its byte order mark.
fn utf16_hex(hex: &[u8]) -> Option<String> {
    let hex: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let digits = std::str::from_utf8(&hex).ok()?.to_ascii_lowercase();
    let rest = digits.strip_prefix("feff")?;
    if rest.len() % 4 != 0 {
        return None;
    }
    let units: Option<Vec<u16>> = (0..rest.len() / 4)
        .map(|i| u16::from_str_radix(&rest[i * 4..i * 4 + 4], 16).ok())
        .collect();
    String::from_utf16(&units?).ok()
}

/// Every structure element below the structure tree root, depth first (reading order),
/// with its id when it is an object of its own.
pub(super) fn struct_elements(doc: &Document) -> Vec<(Option<ObjectId>, Dictionary)> {
    fn walk(
        doc: &Document,
        kid: &Object,
        own: Option<ObjectId>,
        out: &mut Vec<(Option<ObjectId>, Dictionary)>,
        depth: usize,
    ) {
        if depth > 256 {
            return;
        }
        match kid {
            Object::Reference(id) => {
                if let Ok(object) = doc.get_object(*id) {
                    walk(doc, object, Some(*id), out, depth + 1);
                }
            }
            Object::Array(kids) => {
                for kid in kids {
                    walk(doc, kid, None, out, depth + 1);
                }
            }
            Object::Dictionary(dict) => {
                let is_element = dict.get(b"S").is_ok()
                    && !matches!(dict.get(b"Type"), Ok(Object::Name(n)) if n == b"MCR" || n == b"OBJR");
                if is_element {
                    out.push((own, dict.clone()));
                }
                if let Ok(kids) = dict.get(b"K") {
                    walk(doc, kids, None, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok())
        .and_then(|r| doc.dereference(r).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    if let Some(kids) = root.and_then(|r| r.get(b"K").ok()) {
        walk(doc, kids, None, &mut out, 0);
    }
    out
}

/// The structure type of a structure element: `H1`, `Figure`, `Link`…
pub(super) fn structure_type(element: &Dictionary) -> &[u8] {
    match element.get(b"S") {
        Ok(Object::Name(name)) => name,
        _ => b"",
    }
}

/// The QR code's figure says in words where it leads (Chromium gives it the raw address).
fn alt_for_qr(doc: &mut Document, facts: &Facts) {
    for (id, element) in struct_elements(doc) {
        let Some(id) = id else { continue };
        let alt = element
            .get(b"Alt")
            .ok()
            .and_then(|a| decode_text_string(a).ok())
            .unwrap_or_default();
        if structure_type(&element) == b"Figure" && alt.contains(&facts.qr_address) {
            if let Ok(element) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
                element.set("Alt", text_string(&facts.qr_alt));
            }
        }
    }
}

/// Every link annotation without `/Contents` gets the text of its link in the page, or
/// when the page has no link to its address, the address in words.
fn link_contents(doc: &mut Document, links: &[(String, String)]) {
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        let Some(words) = doc
            .get_dictionary(id)
            .ok()
            .filter(|d| is_link_annotation(d) && d.get(b"Contents").is_err())
            .and_then(|d| link_target(doc, d))
        else {
            continue;
        };
        let text = links
            .iter()
            .find(|(href, text)| {
                !text.is_empty() && (*href == words || format!("mailto:{words}") == *href)
            })
            .map(|(_, text)| text.clone());
        let words = text.unwrap_or(words);
        if let Ok(annotation) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            annotation.set("Contents", text_string(&words));
        }
    }
}

pub(super) fn is_link_annotation(dict: &Dictionary) -> bool {
    matches!(dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Link")
}

/// What a link annotation leads to, as a reader would say it.
fn link_target(doc: &Document, annotation: &Dictionary) -> Option<String> {
    let action = annotation.get(b"A").ok()?;
    let action = doc.dereference(action).ok()?.1.as_dict().ok()?;
    let uri = action.get(b"URI").ok()?.as_str().ok()?;
    let uri = String::from_utf8_lossy(uri);
    Some(uri.strip_prefix("mailto:").unwrap_or(&uri).to_string())
}

/// The outline (bookmarks) of `headings`, nested by level, each opening its page; `None`
/// without headings.
fn outline(doc: &mut Document, headings: &[Heading]) -> Result<Option<ObjectId>> {
    if headings.is_empty() {
        return Ok(None);
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc.new_object_id();
    // Each item's id, level, parent and children, made before any is written.
    let ids: Vec<ObjectId> = headings.iter().map(|_| doc.new_object_id()).collect();
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(headings.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, heading) in headings.iter().enumerate() {
        while open
            .last()
            .is_some_and(|&j| headings[j].level >= heading.level)
        {
            open.pop();
        }
        parents.push(open.last().copied());
        open.push(i);
    }
    let children = |parent: Option<usize>| -> Vec<usize> {
        (0..headings.len())
            .filter(|&i| parents[i] == parent)
            .collect()
    };
    let mut items = Vec::new();
    for (i, heading) in headings.iter().enumerate() {
        let page = pages
            .get(heading.page)
            .or(pages.last())
            .copied()
            .context("the PDF has no pages")?;
        let siblings = children(parents[i]);
        let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut item = dictionary! {
            "Title" => text_string(&heading.text),
            "Parent" => parents[i].map_or(root, |p| ids[p]),
            "Dest" => vec![page.into(), "Fit".into()],
        };
        if at > 0 {
            item.set("Prev", ids[siblings[at - 1]]);
        }
        if let Some(&next) = siblings.get(at + 1) {
            item.set("Next", ids[next]);
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            item.set("First", ids[first]);
            item.set("Last", ids[last]);
            item.set("Count", descendants(&parents, i) as i64);
        }
        items.push((ids[i], item));
    }
    for (id, item) in items {
        doc.objects.insert(id, Object::Dictionary(item));
    }
    let top = children(None);
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => ids[top[0]],
            "Last" => ids[top[top.len() - 1]],
            "Count" => headings.len() as i64,
        }),
    );
    Ok(Some(root))
}

/// How many items lie below item `i` (all open).
fn descendants(parents: &[Option<usize>], i: usize) -> usize {
    (0..parents.len())
        .filter(|&j| {
            let mut up = parents[j];
            while let Some(p) = up {
                if p == i {
                    return true;
                }
                up = parents[p];
            }
            false
        })
        .count()
}

/// The Info dictionary's Producer and Creator, repeated in the XMP as PDF/UA asks.
fn info_tools(doc: &Document) -> (String, String) {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| doc.dereference(i).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let text = |key: &[u8]| {
        info.and_then(|i| i.get(key).ok())
            .and_then(|v| decode_text_string(v).ok())
            .unwrap_or_default()
    };
    (text(b"Producer"), text(b"Creator"))
}

fn set_info_title(doc: &mut Document, title: &str) -> Result<()> {
    let info = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => *id,
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", id);
            id
        }
    };
    doc.get_object_mut(info)
        .and_then(Object::as_dict_mut)
        .context("the PDF's Info entry is not a dictionary")?
        .set("Title", text_string(title));
    Ok(())
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: title, language, the fixed dates, the tools and the PDF/UA-1 claim.
fn xmp(facts: &Facts, date: &PdfDate, producer: &str, creator: &str) -> String {
    let date = date.xmp();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
  <rdf:Description rdf:about=\"\"\n\
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
   <dc:format>application/pdf</dc:format>\n\
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
   <xmp:CreateDate>{date}</xmp:CreateDate>\n\
   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>\n\
   <pdf:Producer>{producer}</pdf:Producer>\n\
   <pdfuaid:part>1</pdfuaid:part>\n\
  </rdf:Description>\n\
 </rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = xml_escape(&facts.title),
        lang = xml_escape(&facts.lang),
        creator = xml_escape(creator),
        producer = xml_escape(producer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_come_from_the_page_in_order_with_their_sheet_page() {
        let html = "<html lang=\"da\"><head><title>Folder &amp; mere – 2. udgave</title></head>\
            <body><nav><h2>ikke</h2></nav><div class=\"sheet sheet-front\"><h1 data-key=\"x\">Gode råd</h1>\
            <div class=\"block heading\"><h2 class=\"page-title\">Søn\u{ad}der\u{ad}borg <em>Kom&shy;mune</em></h2></div></div>\
            <div class=\"sheet sheet-back\"><h3>Skriv ikke</h3><h10>x</h10></div>\
            <div class=\"artwork part-front\" data-page=\"0\" style=\"--page: 0\"><h2>Du må gerne:</h2></div></body></html>";
        let facts = Facts::of(
            html,
            "https://example.org/a/",
            "QR-kode til",
            PathBuf::from("folder.yaml"),
        );
        assert_eq!(facts.title, "Folder & mere – 2. udgave");
        assert_eq!(facts.lang, "da");
        assert_eq!(facts.qr_alt, "QR-kode til example.org/a");
        let found: Vec<_> = facts
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.page))
            .collect();
        assert_eq!(
            found,
            [
                (1, "Gode råd", 0),
                (2, "Sønderborg Kommune", 0),
                (3, "Skriv ikke", 1),
                (2, "Du må gerne:", 0)
            ]
        );
    }

    #[test]
    fn soft_hyphens_leave_the_text_layer_and_a_drawn_hyphen_says_a_hyphen() {
        let content = b"5.79 0 Td <0029> Tj\n/Span<</ActualText <feff00ad> >> BDC\n8.23 0 Td <0001> Tj\nEMC\n\
            0 0 Td <001f> Tj\nET\nBT\n/Span<</ActualText <feff2010> >> BDC\n/F5 15 Tf\n<0587> Tj\nEMC\n\
            ET\n/Span<</ActualText <feff006600ad0066> >> BDC\n<0003> Tj\nEMC\n";
        let changed = String::from_utf8(without_soft_hyphens(content).unwrap()).unwrap();
        assert_eq!(
            changed,
            "5.79 0 Td <0029> Tj\n\n8.23 0 Td \n\n\
            0 0 Td <001f> Tj\nET\nBT\n\n/F5 15 Tf\n<0587> Tj\n\n\
            ET\n/Span<</ActualText <feff00660066> >> BDC\n<0003> Tj\nEMC\n"
        );
        assert_eq!(
            without_soft_hyphens(b"/Span<</ActualText <feff0041> >> BDC\n<0003> Tj\nEMC\n"),
            None
        );
    }

    #[test]
    fn xmp_dates_are_the_pdf_date() {
        let date = PdfDate::of_edition(
            Some(1_700_000_000),
            crate::content::Date {
                year: 2025,
                month: 1,
                day: 1,
            },
        );
        assert_eq!(date.xmp(), "2023-11-14T22:13:20Z");
    }
}
