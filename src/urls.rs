//! Link targets as authors write them in Markdown: resolved against the page's folder in the
//! source tree (`../gode-raad.md`), with percent escapes decoded. Where the target ends up in
//! the output is for `crate::address` to say.

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

/// The way up from the folder `dir` (`sub/`) to the root of the source tree it lies in, as
/// an author writes it in a link: `..` for each folder, `../..` for `sub/`. A source path
/// for hints that suggest a link, not an output address.
pub fn up_from(dir: &str) -> String {
    let depth = dir.split('/').filter(|s| !s.is_empty()).count();
    vec![".."; depth].join("/")
}

/// `path` with the characters a URL reads as syntax written as escapes: `#` (which begins a
/// fragment), `?` (a query) and `%` (an escape). A file named `bilag#1.pdf` is linked as
/// `bilag%231.pdf`, not as `bilag` with the fragment `1.pdf`.
pub fn escape_url_syntax(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
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
    fn resolving_stays_inside_the_root() {
        assert_eq!(resolve("sub/", "../a.md").as_deref(), Some("a.md"));
        assert_eq!(resolve("", "./b/c.md").as_deref(), Some("b/c.md"));
        assert_eq!(resolve("", "../a.md"), None);
    }

    #[test]
    fn the_way_up_climbs_one_folder_at_a_time() {
        assert_eq!(up_from(""), "");
        assert_eq!(up_from("ai/2026/sub/"), "../../..");
        assert_eq!(
            resolve("ai/2026/sub/", &format!("{}/x.md", up_from("ai/2026/sub/"))).as_deref(),
            Some("x.md")
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("Gode%20r%C3%A5d.md"), "Gode råd.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
