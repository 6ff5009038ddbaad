//! The links of a page's Markdown to other pages of its edition, found where they are
//! written, so that renaming a page can change them and deleting one can name them.
//!
//! A link is `[text](path.md#anchor)` or a reference definition `[label]: path.md`; its path
//! is relative to the linking page's folder, as pjece resolves it (a link never leaves its
//! edition). Code (fenced blocks and `inline code`) holds no links. Found by reading the
//! text line by line, not by rendering it: the byte range of each path is what is needed.

use super::fields::body_start;
use std::ops::Range;

/// One link in a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkAt {
    /// The file's line the link is on (from 1).
    pub(crate) line: usize,
    /// The bytes of the link's path in the file's text, without `#anchor` or `?query`.
    pub(crate) path: Range<usize>,
}

/// Every link of the page `text` (front matter and all) whose path names a Markdown page.
pub(crate) fn page_links(text: &str) -> Vec<LinkAt> {
    let start = body_start(text);
    let first_line = text[..start].matches('\n').count() + 1;
    let mut offset = start;
    let mut fence: Option<&str> = None;
    let mut found = Vec::new();
    for (line, raw) in (first_line..).zip(text[start..].split_inclusive('\n')) {
        let here = offset;
        offset += raw.len();
        let bare = raw.trim_start_matches(' ');
        let opens = ["```", "~~~"].into_iter().find(|f| bare.starts_with(f));
        match (fence, opens) {
            (Some(f), Some(o)) if f == o => {
                fence = None;
                continue;
            }
            (Some(_), _) => continue,
            (None, Some(o)) if raw.len() - bare.len() < 4 => {
                fence = Some(o);
                continue;
            }
            _ => {}
        }
        for path in paths_in_line(raw) {
            if raw[path.clone()].ends_with(".md") {
                found.push(LinkAt {
                    line,
                    path: here + path.start..here + path.end,
                });
            }
        }
    }
    found
}

/// The byte ranges of link paths in one line: after `](` and after `]: ` at the line's
/// start, up to `)`, a space, `#`, `?` or `>`; none inside `code`.
fn paths_in_line(line: &str) -> Vec<Range<usize>> {
    let code = code_spans(line);
    let mut starts: Vec<usize> = line.match_indices("](").map(|(i, _)| i + 2).collect();
    let trimmed = line.trim_start();
    if trimmed.starts_with('[') {
        if let Some(i) = trimmed.find("]: ") {
            starts.push(line.len() - trimmed.len() + i + 3);
        }
    }
    starts
        .into_iter()
        .filter(|s| !code.iter().any(|c| c.contains(s)))
        .map(|s| {
            let s = s + usize::from(line[s..].starts_with('<'));
            let end = line[s..]
                .find([')', ' ', '#', '?', '>', '"', '\r', '\n'])
                .map_or(line.len(), |i| s + i);
            s..end
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The byte ranges of the line's `inline code`.
fn code_spans(line: &str) -> Vec<Range<usize>> {
    let ticks: Vec<usize> = line.match_indices('`').map(|(i, _)| i).collect();
    ticks
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| p[0]..p[1])
        .collect()
}

/// The page a link path names, as a path in the edition (`a/b.md`), when the link is written
/// in the page at `from` (also a path in the edition); `None` for an address elsewhere.
pub(crate) fn resolve(from: &str, path: &str) -> Option<String> {
    if path.contains("://") || path.starts_with('/') || path.contains(':') {
        return None;
    }
    let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
    crate::urls::resolve(folder, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<(usize, &str)> {
        page_links(text)
            .into_iter()
            .map(|l| (l.line, &text[l.path]))
            .collect()
    }

    #[test]
    fn links_are_found_at_their_lines_and_code_is_left_alone() {
        let text = "---\r\ntitle: x\r\n---\r\nSe [regler](regler.md#a) og [b](<sub/b.md>).\r\n\r\n```\r\n[ikke](regler.md)\r\n```\r\n`[ikke](regler.md)` men [ja](../e1/regler.md?x)\r\n[ref]: ./regler.md\r\n![billede](logo.png)\r\n";
        assert_eq!(
            paths(text),
            [
                (4, "regler.md"),
                (4, "sub/b.md"),
                (9, "../e1/regler.md"),
                (10, "./regler.md")
            ]
        );
    }

    #[test]
    fn paths_resolve_from_the_linking_page() {
        assert_eq!(
            resolve("index.md", "regler.md").as_deref(),
            Some("regler.md")
        );
        assert_eq!(
            resolve("a/b.md", "../regler.md").as_deref(),
            Some("regler.md")
        );
        assert_eq!(resolve("a/b.md", "./c.md").as_deref(), Some("a/c.md"));
        assert_eq!(resolve("b.md", "../x.md"), None);
        assert_eq!(resolve("b.md", "https://x.dk/a.md"), None);
        assert_eq!(resolve("b.md", "/andre/index.md"), None);
    }
}
