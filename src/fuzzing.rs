//! Entry points for the `cargo fuzz` targets in `fuzz/`: thin wrappers that run one stage on
//! arbitrary text and assert what must hold for every input, so that a fuzzer finds not only
//! panics but wrong answers. Not part of pjece's interface; the internals stay private.
//!
//! Every function panics (which the fuzzer reports as a crash) when a property fails.

use crate::address::Addresses;
use crate::config::{Language, SiteConfig};
use crate::content::{Asset, Date, Edition, Page, PageId};
use crate::diagnostic::Diagnostics;
use crate::markdown::{self, LinkKind, RawHtml, ReadText};
use crate::render::links;
use std::path::{Path, PathBuf};

/// Front matter: normalising, splitting and parsing a page file's text. The split must cut
/// the normalised text into pieces of itself and count the lines before the body right.
pub fn front_matter(text: &str) {
    let shown = Path::new("content/u1/side.md");
    let normalised = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    if let Ok(split) = crate::content::split_front_matter(shown, &normalised) {
        assert!(
            normalised.ends_with(split.body),
            "the body is the text's tail"
        );
        let head = &normalised[..normalised.len() - split.body.len()];
        assert!(head.contains(split.yaml), "the YAML lies inside the head");
        // A closing line at the very end of the file has no newline; the body is then empty.
        if !split.body.is_empty() {
            assert_eq!(
                split.body_line_offset,
                head.matches('\n').count(),
                "lines before the body"
            );
        }
    }
    match crate::content::read_front_matter(shown, text) {
        Ok((raw, body)) => {
            assert!(!raw.title.trim().is_empty(), "an empty title is refused");
            assert!(normalised.ends_with(&body), "the body is the text's tail");
        }
        Err(problems) => assert!(!problems.is_empty(), "a refusal says why"),
    }
}

/// The site every link target is resolved in: a front page, a page in a sub-folder and an
/// image, enough for relative, parent, anchor and asset links to find something.
fn fuzz_edition(body: &str) -> Edition {
    let page = |path: &str, url: &str, body: &str| Page {
        id: PageId(path.trim_end_matches(".md").to_string()),
        source: PathBuf::from("content/u1").join(path),
        path: path.to_string(),
        url: url.to_string(),
        title: "Titel".to_string(),
        weight: 0,
        summary: None,
        body: body.to_string(),
        body_line_offset: 3,
    };
    let pages = vec![
        page("index.md", "", "# Forside\n"),
        page("sub/gode-raad.md", "sub/gode-raad/", body),
    ];
    let assets = vec![Asset {
        source: PathBuf::from("content/u1/sub/billede.png"),
        path: "sub/billede.png".to_string(),
    }];
    let published = Date {
        year: 2025,
        month: 3,
        day: 1,
    };
    Edition::in_memory("u1", published, pages, assets)
}

fn fuzz_config() -> SiteConfig {
    SiteConfig {
        root: PathBuf::from("."),
        title: "Retningslinjer".to_string(),
        organisation: "Kommunen".to_string(),
        base_url: "https://example.org/retningslinjer/".to_string(),
        language: Language::Da,
        theme: crate::config::DEFAULT_THEME.to_string(),
        logo: None,
        logo_on_dark: None,
        colors: crate::config::Colors::default(),
        contact: None,
        accessibility_statement: None,
        footer_links: Vec::new(),
        hyphenation: Vec::new(),
        raw_html: RawHtml::Keep,
        search: false,
        content: PathBuf::from("content"),
        portal_segment: None,
        redirects: Default::default(),
        retired: Default::default(),
        server_rules: Vec::new(),
        print: Default::default(),
        import: Default::default(),
        readability: Default::default(),
        placeholders: Vec::new(),
    }
}

/// Markdown rendering and link resolution of one page body, with raw HTML kept and escaped.
/// Every Markdown link's address is asked for at most once, in order, and nothing else is;
/// every resolved link names a page or file that exists.
pub fn markdown_links(body: &str) {
    let edition = fuzz_edition(body);
    let addresses = Addresses::new(&fuzz_config());
    for raw_html in [RawHtml::Keep, RawHtml::Escape] {
        let mut rendered: Vec<_> = edition
            .pages
            .iter()
            .map(|p| markdown::render(&p.body, p.body_line_offset, raw_html, ReadText::Yes))
            .collect();
        let page = &rendered[1];
        let mut asked = Vec::new();
        page.html_with(|i| {
            asked.push(i);
            String::new()
        });
        // A link inside an image's description is written as plain text (alt text has no
        // links), so not every link is asked for; none may be asked for twice.
        assert!(
            asked.windows(2).all(|w| w[0] < w[1]),
            "a link is filled in twice or out of order: {asked:?}"
        );
        assert!(
            asked
                .iter()
                .all(|&i| page.links[i].kind == LinkKind::Markdown),
            "only Markdown links are filled in: {asked:?}"
        );
        let mut problems = Diagnostics::new();
        links::resolve_note(
            &edition,
            page,
            &addresses,
            None,
            Path::new("edition.yaml"),
            &mut problems,
        );
        let linked = links::resolve_edition(
            &edition,
            &mut rendered,
            &addresses,
            None,
            Path::to_path_buf,
            &mut problems,
        );
        for link in &linked.pages[1].internal {
            assert!(link.target < edition.pages.len(), "a linked page exists");
        }
        for &asset in &linked.used_assets {
            assert!(asset < edition.assets.len(), "a linked file exists");
        }
    }
    markdown::render_fragment(body);
    markdown::heading_ids(body);
}

/// Slugs: only lower-case ASCII letters, digits and single inner hyphens, and a slug of a
/// slug is itself. Heading ids handed out for the words of the text never repeat.
pub fn slug(text: &str) {
    let slug = crate::slug::slugify(text);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{slug:?} has a character outside a-z, 0-9 and -"
    );
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
        "{slug:?} has a stray hyphen"
    );
    assert_eq!(crate::slug::slugify(&slug), slug, "slugging is idempotent");
    let mut ids = crate::slug::IdAllocator::default();
    let mut seen = std::collections::HashSet::new();
    for word in text.split_whitespace().take(64) {
        if let Some(reserved) = word.strip_prefix('#') {
            ids.reserve(reserved);
            seen.insert(reserved.to_string());
            continue;
        }
        let id = ids.unique(&crate::slug::slugify(word));
        assert!(
            seen.insert(id.clone()),
            "the id {id:?} was handed out twice"
        );
    }
}

/// The word diff: read without whitespace, the unchanged and deleted segments are the old
/// text and the unchanged and inserted ones the new. The block comparison and its condensed
/// display must come through any two texts.
pub fn word_diff(old: &str, new: &str) {
    use crate::diff::SegmentKind;
    let segments = crate::diff::word_diff(old, new);
    let side = |other: SegmentKind| -> String {
        segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Equal || s.kind == other)
            .flat_map(|s| s.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let bare = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    assert_eq!(side(SegmentKind::Delete), bare(old), "the old text is kept");
    assert_eq!(side(SegmentKind::Insert), bare(new), "the new text is kept");
    assert!(
        segments.iter().all(|s| !s.text.is_empty()),
        "no empty segment"
    );
    let page = crate::diff::compare(old, new);
    assert_eq!(
        page.is_changed(),
        crate::diff::compare(new, old).is_changed()
    );
    crate::diff::condense(&page.blocks);
}

/// Splits one fuzzer input in two at its first NUL byte (the second text empty without one).
pub fn two_texts(data: &[u8]) -> (String, String) {
    let (a, b) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    (
        String::from_utf8_lossy(a).into_owned(),
        String::from_utf8_lossy(b).into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_targets_accept_ordinary_input() {
        front_matter("---\ntitle: Gode råd\n---\n# Overskrift\n");
        markdown_links("Se [forsiden](../index.md#forside) og ![billede](billede.png).\n");
        slug("AI-værktøjer og chatbots #svar svar svar");
        word_diff("at du udviser god", "at du altid udviser god");
        assert_eq!(
            two_texts(b"gammel\0ny"),
            ("gammel".to_string(), "ny".to_string())
        );
    }
}
