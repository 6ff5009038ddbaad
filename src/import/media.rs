//! The document's pictures → files in the edition's `images/` folder.
//!
//! Takes every image the model refers to and the package; returns each one's bytes and path
//! in the edition, named after its part (`word/media/image1.png` → `images/image1.png`) with
//! the extension of what the bytes are, found by their first bytes rather than trusted from
//! the name. A part that is no picture at all stops the import (the file has been tampered
//! with or is damaged); pictures browsers cannot show (EMF, WMF, TIFF) are left out and
//! reported, with the hint to save them as PNG.

use super::model::{Block, Image, Inline};
use super::package::Package;
use crate::diagnostic::SourceError;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A picture to write into the edition.
#[derive(Debug)]
pub(crate) struct MediaFile {
    /// `images/image1.png`.
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

/// What the pictures became: files to write, part → path for the pages, and the parts
/// left out (part → why).
#[derive(Debug, Default)]
pub(crate) struct Media {
    pub(crate) files: Vec<MediaFile>,
    pub(crate) paths: HashMap<String, String>,
    pub(crate) left_out: BTreeMap<String, &'static str>,
}

/// What the first bytes of a picture say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Web(&'static str),
    /// A picture format browsers do not show.
    Print(&'static str),
}

fn format_of(bytes: &[u8]) -> Option<Format> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    Some(if starts(b"\x89PNG\r\n\x1a\n") {
        Format::Web("png")
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Format::Web("jpg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Format::Web("gif")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Format::Web("webp")
    } else if starts(b"BM") && bytes.len() > 14 {
        Format::Web("bmp")
    } else if is_svg(bytes) {
        Format::Web("svg")
    } else if starts(&[1, 0, 0, 0]) && bytes.get(40..44) == Some(b" EMF") {
        Format::Print("EMF")
    } else if starts(&[0xD7, 0xCD, 0xC6, 0x9A]) || starts(&[1, 0, 9, 0]) || starts(&[2, 0, 9, 0]) {
        Format::Print("WMF")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Format::Print("TIFF")
    } else {
        return None;
    })
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--"))
        && head.contains("<svg")
}

/// Every image of `blocks` and the notes, in order, each once.
pub(crate) fn images_of<'a>(blocks: impl IntoIterator<Item = &'a Block>) -> Vec<&'a Image> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for block in blocks {
        collect_block(block, &mut out, &mut seen);
    }
    out
}

fn collect_block<'a>(block: &'a Block, out: &mut Vec<&'a Image>, seen: &mut HashSet<&'a str>) {
    match block {
        Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => {
            collect_inlines(&text.inlines, out, seen)
        }
        Block::ListItem(item) => collect_inlines(&item.text.inlines, out, seen),
        Block::Table(table) => {
            for block in table.rows.iter().flatten().flat_map(|c| &c.blocks) {
                collect_block(block, out, seen);
            }
        }
    }
}

fn collect_inlines<'a>(
    inlines: &'a [Inline],
    out: &mut Vec<&'a Image>,
    seen: &mut HashSet<&'a str>,
) {
    for inline in inlines {
        match inline {
            Inline::Image(image) if seen.insert(image.part.as_str()) => out.push(image),
            Inline::Link { inlines, .. } => collect_inlines(inlines, out, seen),
            _ => {}
        }
    }
}

/// Reads and checks every image of `images` from `package`.
pub(crate) fn extract(package: &mut Package, images: &[&Image]) -> Result<Media, SourceError> {
    let mut media = Media::default();
    let mut names = HashSet::new();
    for image in images {
        let Some(bytes) = package.bytes(&image.part)? else {
            media
                .left_out
                .insert(image.part.clone(), "missing from the file");
            continue;
        };
        match format_of(&bytes) {
            Some(Format::Web(ext)) => {
                let path = unique_name(&image.part, ext, &mut names);
                media.paths.insert(image.part.clone(), path.clone());
                media.files.push(MediaFile { path, bytes });
            }
            Some(Format::Print(kind)) => {
                media.left_out.insert(
                    image.part.clone(),
                    match kind {
                        "EMF" => "an EMF drawing, which browsers cannot show",
                        "WMF" => "a WMF drawing, which browsers cannot show",
                        _ => "a TIFF picture, which most browsers cannot show",
                    },
                );
            }
            None => {
                return Err(SourceError::new(
                    package.shown().join(&image.part),
                    "the document's picture is not a picture: its content is no image format (PNG, JPEG, GIF, WebP, SVG, BMP)",
                )
                .hint("the file is damaged or was altered: insert the picture again in Word (Insert › Pictures), save and import again"));
            }
        }
    }
    Ok(media)
}

/// `word/media/image1.jpeg` as JPEG → `images/image1.jpg`, numbered when taken.
fn unique_name(part: &str, ext: &str, taken: &mut HashSet<String>) -> String {
    let file = part.rsplit('/').next().unwrap_or(part);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let stem = crate::slug::slugify(stem);
    let stem = if stem.is_empty() {
        "billede".to_string()
    } else {
        stem
    };
    let mut name = format!("images/{stem}.{ext}");
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("images/{stem}-{n}.{ext}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(
            format_of(b"\x89PNG\r\n\x1a\nrest"),
            Some(Format::Web("png"))
        );
        assert_eq!(
            format_of(b"<?xml version='1.0'?><svg/>"),
            Some(Format::Web("svg"))
        );
        assert_eq!(format_of(b"MZ\x90\0 this is a program"), None);
        assert_eq!(
            unique_name("word/media/image1.jpeg", "jpg", &mut HashSet::new()),
            "images/image1.jpg"
        );
    }
}
