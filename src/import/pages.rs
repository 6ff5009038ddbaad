//! The document model → pages: where the document is cut, and what each page is called.
//!
//! Takes the [`Document`]; returns one [`PageDraft`] per heading of the split level or above
//! (Heading 1 by default), in order, and the text before the first of them as the front page
//! (`index.md`), titled with the document's title. A page is titled with its heading's text
//! and named by its Danish slug (`Brug af billeder` → `brug-af-billeder.md`), made unique and
//! kept off pjece's own addresses; its `id` is the same slug and its `weight` counts in tens,
//! so an editor can put a page between two others. Headings below the split level move up so
//! that the page's first subheading is `##` (the page title is the page's `#`).

use super::model::{Block, Document};
use std::collections::HashSet;

/// The name of the front page, which every edition has.
pub(crate) const FRONT_PAGE: &str = "index.md";

/// One page before it is written.
#[derive(Debug, Clone)]
pub(crate) struct PageDraft {
    /// The file in the edition folder: `index.md`, `brug-af-billeder.md`.
    pub(crate) file: String,
    pub(crate) title: String,
    /// The page's identity across editions (front matter `id`).
    pub(crate) id: String,
    pub(crate) weight: i64,
    /// The body, without the heading that titles the page.
    pub(crate) blocks: Vec<Block>,
    /// The level of the heading that starts the page; 0 for the front page.
    pub(crate) level: u8,
    /// Bookmarks on the heading that starts the page: links to them lead to the page.
    pub(crate) anchors: Vec<String>,
    /// The top-level index in the document of the page's first block (its heading).
    pub(crate) first_block: usize,
}

impl PageDraft {
    /// The page's text, for matching it to a page of the current edition.
    pub(crate) fn plain(&self) -> String {
        self.blocks
            .iter()
            .map(Block::plain)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Cuts `doc` into pages at headings of level `split_level` or above. `fallback_title` titles
/// the front page when the document has no title; `reserved` are names a page may not take.
pub(crate) fn split(
    doc: &Document,
    split_level: u8,
    fallback_title: &str,
    reserved: &[&str],
) -> Vec<PageDraft> {
    let mut pages = vec![PageDraft {
        file: FRONT_PAGE.to_string(),
        title: doc
            .title
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| fallback_title.to_string()),
        id: "index".to_string(),
        weight: 0,
        blocks: Vec::new(),
        level: 0,
        anchors: Vec::new(),
        first_block: 0,
    }];
    for (index, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } if *level <= split_level => {
                pages.push(PageDraft {
                    file: String::new(),
                    title: text
                        .plain()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    id: String::new(),
                    weight: 10 * pages.len() as i64,
                    blocks: Vec::new(),
                    level: *level,
                    anchors: text.anchors.clone(),
                    first_block: index,
                });
            }
            other => pages
                .last_mut()
                .expect("the front page is always there")
                .blocks
                .push(other.clone()),
        }
    }
    name_pages(&mut pages, reserved);
    for page in &mut pages {
        let top = page.level.max(1);
        for block in &mut page.blocks {
            if let Block::Heading { level, .. } = block {
                *level = (*level + 1).saturating_sub(top).clamp(2, 6);
            }
        }
    }
    pages
}

/// Gives every page but the front page a file name and id from its title's slug.
fn name_pages(pages: &mut [PageDraft], reserved: &[&str]) {
    let mut taken: HashSet<String> = HashSet::from(["index".to_string()]);
    taken.extend(reserved.iter().map(|r| r.to_string()));
    for page in pages.iter_mut().skip(1) {
        let slug = unique_slug(&page.title, &mut taken);
        page.file = format!("{slug}.md");
        page.id = slug;
    }
}

/// The title's slug, or a numbered one when it is taken (`svar`, `svar-2`, …).
pub(crate) fn unique_slug(title: &str, taken: &mut HashSet<String>) -> String {
    let base = crate::slug::slugify(title);
    let base = if base.is_empty() {
        "side".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    taken.insert(candidate.clone());
    candidate
}
