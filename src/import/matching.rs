//! An updated Word file as the next edition: the new pages matched to the current edition's,
//! so that each keeps its page's `id`.
//!
//! Takes the new [`PageDraft`]s and the current edition's pages; gives each new page that
//! matches an old one that page's `id`, and returns how each was matched for the report. A
//! page matches by its title first (ignoring case and spacing), and keeps the old file name
//! too, so its address stays; then, among the pages left, by its words (the share of words
//! the two pages have in common, at least half), for a page whose heading was reworded: it
//! keeps its `id` under its new name, so the "what changed" page compares it with its old
//! text and the old address redirects to the new one. The front page is always the front
//! page. New pages get ids no old page has, so that a new page is never taken for an old one.

use super::pages::{unique_slug, PageDraft, FRONT_PAGE};
use std::collections::{HashMap, HashSet};

/// A page of the current edition.
#[derive(Debug, Clone)]
pub(crate) struct OldPage {
    /// Relative to the edition folder: `billeder.md`.
    pub(crate) path: String,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) text: String,
}

/// How a new page was matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Matched {
    New,
    ByTitle {
        old_path: String,
    },
    ByText {
        old_path: String,
        old_title: String,
        percent: u32,
    },
}

/// Words two pages share, at least, to be taken as the same page renamed.
const SAME_PAGE: f64 = 0.5;

/// Sets the `id` (and, matched by title, the file) of every page in `pages` from `old`;
/// returns how each page was matched, in order.
pub(crate) fn match_pages(pages: &mut [PageDraft], old: &[OldPage]) -> Vec<Matched> {
    let mut result = vec![Matched::New; pages.len()];
    let mut used: HashSet<usize> = HashSet::new();
    // The front page.
    if let Some(i) = old.iter().position(|o| o.path == FRONT_PAGE) {
        pages[0].id = old[i].id.clone();
        used.insert(i);
        result[0] = Matched::ByTitle {
            old_path: old[i].path.clone(),
        };
    }
    let key = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    for (p, page) in pages.iter_mut().enumerate().skip(1) {
        let found = old
            .iter()
            .enumerate()
            .find(|(i, o)| !used.contains(i) && key(&o.title) == key(&page.title));
        if let Some((i, o)) = found {
            used.insert(i);
            page.id = o.id.clone();
            if !o.path.contains('/') {
                page.file = o.path.clone();
            }
            result[p] = Matched::ByTitle {
                old_path: o.path.clone(),
            };
        }
    }
    let words: Vec<HashSet<String>> = pages.iter().map(|p| word_set(&p.plain())).collect();
    let old_words: Vec<HashSet<String>> = old.iter().map(|o| word_set(&o.text)).collect();
    let mut candidates = Vec::new();
    for (p, _) in pages.iter().enumerate().skip(1) {
        if result[p] != Matched::New {
            continue;
        }
        for (o, _) in old.iter().enumerate() {
            if used.contains(&o) {
                continue;
            }
            let score = dice(&words[p], &old_words[o]);
            if score >= SAME_PAGE {
                candidates.push((score, p, o));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (score, p, o) in candidates {
        if result[p] != Matched::New || used.contains(&o) {
            continue;
        }
        used.insert(o);
        pages[p].id = old[o].id.clone();
        result[p] = Matched::ByText {
            old_path: old[o].path.clone(),
            old_title: old[o].title.clone(),
            percent: (score * 100.0).round() as u32,
        };
    }
    keep_new_pages_apart(pages, old, &result);
    result
}

/// New pages get ids and files no other page has: an unmatched page whose slug an old page
/// has as its id would otherwise be taken for that page.
fn keep_new_pages_apart(pages: &mut [PageDraft], old: &[OldPage], result: &[Matched]) {
    let mut ids: HashSet<String> = old.iter().map(|o| o.id.clone()).collect();
    ids.extend(
        pages
            .iter()
            .zip(result)
            .filter(|(_, m)| **m != Matched::New)
            .map(|(p, _)| p.id.clone()),
    );
    let mut files: HashMap<String, usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        if result[i] != Matched::New || i == 0 {
            files.insert(page.file.clone(), i);
        }
    }
    let mut taken_files: HashSet<String> = files
        .keys()
        .map(|f| f.trim_end_matches(".md").to_string())
        .collect();
    taken_files.insert("index".to_string());
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        if result[i] != Matched::New {
            continue;
        }
        let mut taken: HashSet<String> = ids.union(&taken_files).cloned().collect();
        let slug = unique_slug(&page.title, &mut taken);
        page.id = slug.clone();
        page.file = format!("{slug}.md");
        ids.insert(slug.clone());
        taken_files.insert(slug);
    }
    // A page matched by its words keeps its new name unless another page holds it.
    for (i, page) in pages.iter_mut().enumerate() {
        if let Matched::ByText { .. } = result[i] {
            let stem = page.file.trim_end_matches(".md").to_string();
            if files.get(&page.file).is_some_and(|&j| j != i) {
                let mut taken = taken_files.clone();
                let slug = unique_slug(&stem, &mut taken);
                page.file = format!("{slug}.md");
                taken_files.insert(slug);
            }
        }
    }
}

fn word_set(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The share of words two texts have in common (Sørensen–Dice over their sets of words).
fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}
