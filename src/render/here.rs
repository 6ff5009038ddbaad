//! Where a page being rendered stands, for the links it writes.
//!
//! A page of the current edition is published twice, at the site root and in its edition
//! folder, and the two copies differ only in some of their links: those to pages of the same
//! copy are the same relative path from both, while those to shared files (styles, the
//! search page, other editions) climb one folder more from the edition folder. So such a page
//! is rendered once for both addresses: a link that differs is written as both spellings
//! between markers ([`Here::Both`]), and [`split`] makes the two pages from the one text.
//!
//! The markers are the control characters U+0000 to U+0002, which no address contains and
//! which have no place in a page's text (CommonMark turns U+0000 into U+FFFD). Should an
//! author still write them, say into a title with a YAML escape, a marker not followed by
//! the rest of the pattern is kept as it is in both copies: such a page reads oddly, and
//! nothing fails.

use crate::address::{Addresses, Mount, OutPath};

const START: char = '\u{0}';
const BETWEEN: char = '\u{1}';
const END: char = '\u{2}';

/// Where the page being rendered is published.
pub(crate) enum Here {
    One {
        at: OutPath,
        mount: Mount,
    },
    /// A page of the current edition, rendered once for its two addresses.
    Both {
        root: OutPath,
        folder: OutPath,
    },
}

/// Links written from a place in the output: one page's address, or a [`Here`].
pub(crate) trait Hrefs {
    /// A relative link to `to`.
    fn href_to(&self, to: &OutPath) -> String;
    /// The relative path to the site root (`""`, `"../"`, …).
    fn to_root(&self) -> String;
}

impl Hrefs for OutPath {
    fn href_to(&self, to: &OutPath) -> String {
        OutPath::href_to(self, to)
    }

    fn to_root(&self) -> String {
        OutPath::to_root(self)
    }
}

/// Links from a page served at any depth (the 404 page answers every missing address): paths
/// from the web server's root, taken from `base_url` (`/r/static/style.css`).
pub(crate) struct FromServerRoot<'a>(pub(crate) &'a Addresses);

impl Hrefs for FromServerRoot<'_> {
    fn href_to(&self, to: &OutPath) -> String {
        self.0.from_server_root(to)
    }

    fn to_root(&self) -> String {
        self.0.from_server_root(&self.0.site_root())
    }
}

impl Hrefs for Here {
    fn href_to(&self, to: &OutPath) -> String {
        self.each(|at, _| at.href_to(to))
    }

    fn to_root(&self) -> String {
        self.each(|at, _| at.to_root())
    }
}

impl Here {
    /// A relative link to `to` with `#anchor`.
    pub(crate) fn href_to_anchor(&self, to: &OutPath, anchor: &str) -> String {
        format!("{}#{anchor}", self.href_to(to))
    }

    /// A relative link to what `to` places in the same copy of the edition as this page
    /// (another page of it, its front page).
    pub(crate) fn href_in_mount(&self, to: impl Fn(Mount) -> OutPath) -> String {
        // Each copy holds the whole edition below one folder, so a link within a copy is
        // spelt the same from either: worked out once (every page's navigation is made of
        // such links).
        match self {
            Here::One { at, mount } => at.href_to(&to(*mount)),
            Here::Both { root, .. } => root.href_to(&to(Mount::SiteRoot)),
        }
    }

    /// `text` from each address, written once when they agree.
    fn each(&self, text: impl Fn(&OutPath, Mount) -> String) -> String {
        match self {
            Here::One { at, mount } => text(at, *mount),
            Here::Both { root, folder } => {
                let (from_root, from_folder) = (
                    text(root, Mount::SiteRoot),
                    text(folder, Mount::EditionFolder),
                );
                if from_root == from_folder {
                    from_root
                } else {
                    format!("{START}{from_root}{BETWEEN}{from_folder}{END}")
                }
            }
        }
    }
}

/// The page at the site root and the page in the edition folder, from the text rendered for
/// [`Here::Both`].
pub(crate) fn split(text: &str) -> (String, String) {
    let mut root = String::with_capacity(text.len());
    let mut folder = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(START) {
        root.push_str(&rest[..start]);
        folder.push_str(&rest[..start]);
        let after = &rest[start + START.len_utf8()..];
        match both_spellings(after) {
            Some((from_root, from_folder, used)) => {
                root.push_str(from_root);
                folder.push_str(from_folder);
                rest = &after[used..];
            }
            None => {
                root.push(START);
                folder.push(START);
                rest = after;
            }
        }
    }
    root.push_str(rest);
    folder.push_str(rest);
    (root, folder)
}

/// `text` into `out` with `write` applied to everything between the markers and the markers
/// kept as they are, so that a link written for [`Here::Both`] can be escaped for an HTML
/// attribute and still reach [`split`] whole.
pub(crate) fn write_around_markers(
    out: &mut String,
    text: &str,
    mut write: impl FnMut(&mut String, &str),
) {
    for piece in text.split_inclusive([START, BETWEEN, END]) {
        match piece.strip_suffix([START, BETWEEN, END]) {
            Some(before) => {
                write(out, before);
                out.push_str(&piece[before.len()..]);
            }
            None => write(out, piece),
        }
    }
}

/// `a\u{1}b\u{2}…` → `(a, b, bytes up to and including the end marker)`.
fn both_spellings(text: &str) -> Option<(&str, &str, usize)> {
    let between = text.find(BETWEEN)?;
    let end = between + text[between..].find(END)?;
    let (first, second) = (&text[..between], &text[between + BETWEEN.len_utf8()..end]);
    if first.contains(START) || second.contains(START) {
        return None;
    }
    Some((first, second, end + END.len_utf8()))
}

/// Two pages as one text, for the template cache, which keeps one text per render.
pub(crate) fn pack(root: &str, folder: &str) -> String {
    format!("{}:{root}{folder}", root.len())
}

/// The two pages [`pack`] joined.
pub(crate) fn unpack(packed: &str) -> (String, String) {
    let (length, pages) = packed.split_once(':').unwrap_or(("0", packed));
    let at = length.parse::<usize>().unwrap_or(0).min(pages.len());
    let (root, folder) = pages.split_at_checked(at).unwrap_or(("", pages));
    (root.to_string(), folder.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Here {
        Here::Both {
            root: OutPath::for_tests("regler/"),
            folder: OutPath::for_tests("e2/regler/"),
        }
    }

    #[test]
    fn links_inside_the_copy_are_written_once_and_shared_files_twice() {
        let here = both();
        let same = here.href_in_mount(|mount| match mount {
            Mount::SiteRoot => OutPath::for_tests("raad/"),
            Mount::EditionFolder => OutPath::for_tests("e2/raad/"),
        });
        assert_eq!(same, "../raad/index.html");
        let css = here.href_to(&OutPath::for_tests("static/style.css"));
        let (root, folder) = split(&format!("<link href=\"{css}\">"));
        assert_eq!(root, "<link href=\"../static/style.css\">");
        assert_eq!(folder, "<link href=\"../../static/style.css\">");
    }

    #[test]
    fn an_anchor_follows_both_spellings() {
        let link = both().href_to_anchor(&OutPath::for_tests("e1/aendringer/"), "regler");
        let (root, folder) = split(&link);
        assert_eq!(root, "../e1/aendringer/index.html#regler");
        assert_eq!(folder, "../../e1/aendringer/index.html#regler");
    }

    #[test]
    fn a_link_for_both_addresses_is_escaped_around_its_markers() {
        let link = both().href_to_anchor(&OutPath::for_tests("ai/r&d/"), "a");
        let mut out = String::new();
        write_around_markers(&mut out, &link, |out, text| {
            out.push_str(&text.replace('&', "&amp;"))
        });
        let (root, folder) = split(&out);
        assert_eq!(root, "../ai/r&amp;d/index.html#a");
        assert_eq!(folder, "../../ai/r&amp;d/index.html#a");
    }

    #[test]
    fn a_stray_marker_is_kept_in_both_pages() {
        for text in [
            "a\u{0}b",
            "\u{0}",
            "a\u{0}b\u{1}c",
            "\u{0}\u{0}x\u{1}y\u{2}",
            "é\u{2}\u{1}",
        ] {
            let (root, folder) = split(text);
            assert_eq!(
                root.replace(['x', 'y'], ""),
                folder.replace(['x', 'y'], ""),
                "{text:?}"
            );
            assert!(root.contains('\u{0}') || !text.contains('\u{0}') || text.contains('\u{1}'));
        }
        assert_eq!(
            split("\u{0}\u{0}x\u{1}y\u{2}"),
            ("\u{0}x".into(), "\u{0}y".into())
        );
    }

    #[test]
    fn two_pages_pack_into_one_text_and_back() {
        let packed = pack("første: æ", "anden");
        assert_eq!(unpack(&packed), ("første: æ".into(), "anden".into()));
        assert_eq!(unpack(&pack("", "")), (String::new(), String::new()));
    }
}
