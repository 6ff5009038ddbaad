//! Paths between output files.
//!
//! Every link pjece writes is relative, so a built site works from any folder on a web server
//! and straight from disk. Links to a folder name its `index.html`, which makes pages opened
//! as files (`file://…/public/index.html`) navigate like served ones. Absolute addresses, built
//! from `base_url`, appear only where the web needs them: sitemap, feed, canonical links, QR codes.

/// A link from a page in folder `from_dir` to `to`, both relative to the same root.
/// Folders end in `/` (the root folder is ``); a folder target gets `index.html` appended.
pub fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut href = "../".repeat(from.len() - common);
    href.push_str(&target[common..].join("/"));
    if href.is_empty() || href.ends_with('/') {
        href.push_str("index.html");
    }
    href
}

/// Resolves `link` (relative, with `..`) against the folder `base_dir` within one root.
/// `None` when the link climbs out of the root.
pub fn resolve(base_dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a slash-separated file path: `sub/side.md` → `sub/`.
pub fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// Percent-decodes a link target so `Gode%20r%C3%A5d.md` finds `Gode råd.md`.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_between_folders() {
        assert_eq!(relative("", ""), "index.html");
        assert_eq!(relative("", "gode-raad/"), "gode-raad/index.html");
        assert_eq!(relative("gode-raad/", ""), "../index.html");
        assert_eq!(relative("a/b/", "a/c/"), "../c/index.html");
        assert_eq!(relative("a/", "images/x.png"), "../images/x.png");
        assert_eq!(
            relative("udgave-1/a/", "udgave-2/a/"),
            "../../udgave-2/a/index.html"
        );
    }

    #[test]
    fn resolving_stays_inside_the_root() {
        assert_eq!(resolve("sub/", "../a.md").as_deref(), Some("a.md"));
        assert_eq!(resolve("", "./b/c.md").as_deref(), Some("b/c.md"));
        assert_eq!(resolve("", "../a.md"), None);
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("Gode%20r%C3%A5d.md"), "Gode råd.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
