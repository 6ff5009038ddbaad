//! The Word package: a .docx file opened as a zip of XML parts, with every check that keeps a
//! bad file from getting further than this module.
//!
//! Takes the file's bytes; returns a [`Package`] that hands out its parts, or an error that
//! says in an editor's words what the file is and what to do. The checks, in order: an OLE2
//! file is an encrypted document (it holds `EncryptionInfo`) or an old binary `.doc`; anything
//! else that is not a zip is named by its first bytes; a zip with macros (`.docm`) or without a
//! Word document in it is refused; and every part is read with a limit on its size, on the
//! package's total and on how much more it unpacks to than it packs (a zip bomb stops at the
//! limit, however its headers lie).

use super::xml::{self, Element};
use crate::diagnostic::{Position, SourceError};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// The most a whole package may unpack to: a long guideline with photos is 20–50 MB.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;
/// The most one part may unpack to.
const MAX_PART: u64 = 128 * 1024 * 1024;
/// How many times larger than its packed size a part may unpack to. XML packs 5–20 times;
/// zip bombs pack a thousand times and more.
const MAX_RATIO: u64 = 200;
/// Parts smaller than this are not held to the ratio (a tiny part of spaces packs well).
const RATIO_FLOOR: u64 = 1024 * 1024;
/// The most files a package may hold.
const MAX_ENTRIES: usize = 20_000;

/// The OLE2 compound file signature of `.doc`, `.xls` and encrypted Office files.
const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(crate) const MACRO_MAIN: &str = "application/vnd.ms-word.document.macroEnabled.main+xml";
const DOCUMENT_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// An opened Word package.
pub(crate) struct Package {
    /// The file as the editor named it, for messages.
    shown: PathBuf,
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// What the parts read so far unpacked to.
    unpacked: u64,
    /// The main document part, e.g. `word/document.xml`.
    pub(crate) main: String,
}

/// One relationship of a part: `rId5` → an image, a footnotes part or a web address.
#[derive(Debug, Clone)]
pub(crate) struct Relationship {
    pub(crate) kind: String,
    /// A part name inside the package, or an address when `external`.
    pub(crate) target: String,
    pub(crate) external: bool,
}

/// Relationships by id.
pub(crate) type Relationships = HashMap<String, Relationship>;

impl Package {
    /// Checks `bytes` (the file `shown`) and opens it.
    pub(crate) fn open(shown: &Path, bytes: Vec<u8>) -> Result<Package, SourceError> {
        let bad = |message: String, hint: &str| SourceError::new(shown, message).hint(hint);
        if bytes.starts_with(&OLE2) {
            return Err(if holds_utf16(&bytes, "EncryptionInfo") {
                bad("the document is protected with a password (encrypted), so it cannot be read".into(),
                    "open it in Word, remove the password (File › Info › Protect Document › Encrypt with Password, empty the field), save it and import it again")
            } else {
                bad("this is an old Word document (.doc), not a .docx".into(),
                    "open it in Word and save it as \"Word Document (*.docx)\", then import the .docx")
            });
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return Err(bad(
                format!(
                    "this is not a Word document (.docx): {}",
                    what_it_looks_like(&bytes)
                ),
                "import a file saved from Word as \"Word Document (*.docx)\"",
            ));
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            bad(
                format!("the file is damaged: it starts like a .docx but cannot be unpacked ({e})"),
                "open it in Word (which can often repair it), save it again and import the new file",
            )
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(bad(
                format!(
                    "the file holds {} parts, more than a Word document ever does ({MAX_ENTRIES})",
                    zip.len()
                ),
                "import a document saved by Word or LibreOffice",
            ));
        }
        let mut package = Package {
            shown: shown.to_path_buf(),
            zip,
            unpacked: 0,
            main: String::new(),
        };
        package.main = package.main_part()?;
        Ok(package)
    }

    /// The main document part, from the package relationships (`word/document.xml` when
    /// they are missing), after refusing macros and packages that are not Word documents.
    fn main_part(&mut self) -> Result<String, SourceError> {
        if self.zip.index_for_name("mimetype").is_some() {
            let kind = self.bytes("mimetype")?.unwrap_or_default();
            if kind.starts_with(b"application/vnd.oasis.opendocument") {
                return Err(self.error(
                    "this is an OpenDocument file (LibreOffice's .odt), not a .docx".into(),
                    "open it in LibreOffice or Word and save it as \"Word Document (*.docx)\"",
                ));
            }
        }
        let Some(types) = self.xml("[Content_Types].xml")? else {
            return Err(self.error(
                "the file is a zip, but not a Word document: it has no [Content_Types].xml".into(),
                "import a file saved from Word as \"Word Document (*.docx)\"",
            ));
        };
        let has_macros = types
            .elements()
            .any(|e| e.attr("ContentType") == Some(MACRO_MAIN))
            || self.zip.file_names().any(|n| n.ends_with("vbaProject.bin"));
        if has_macros {
            return Err(self.error(
                "the document contains macros (a .docm); pjece does not import documents with macros".into(),
                "open it in Word and save it as \"Word Document (*.docx)\", which leaves the macros out, then import the .docx",
            ));
        }
        let main = self
            .relationships("")?
            .into_values()
            .find(|r| r.kind == DOCUMENT_REL && !r.external)
            .map_or_else(|| "word/document.xml".to_string(), |r| r.target);
        if self.zip.index_for_name(&main).is_none() {
            return Err(self.error(
                "the file is a zip, but holds no Word document (word/document.xml is missing)"
                    .into(),
                "import a file saved from Word as \"Word Document (*.docx)\"",
            ));
        }
        Ok(main)
    }

    fn error(&self, message: String, hint: &str) -> SourceError {
        SourceError::new(&self.shown, message).hint(hint)
    }

    /// The file as the editor named it.
    pub(crate) fn shown(&self) -> &Path {
        &self.shown
    }

    /// The bytes of part `name`, or `None` when the package has no such part.
    pub(crate) fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, SourceError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let shown = self.shown.clone();
        let unpacked = self.unpacked;
        let mut file = self.zip.by_index(index).map_err(|e| {
            SourceError::new(&shown, format!("the part {name} cannot be unpacked ({e})"))
                .hint("open the document in Word, save it again and import the new file")
        })?;
        let packed = file.compressed_size().max(1);
        let room = MAX_PART.min(MAX_TOTAL.saturating_sub(unpacked));
        let mut data = Vec::new();
        // One byte more than allowed is read, so that a part exactly at the limit passes and
        // one past it is caught, whatever size its header claims.
        let read = (&mut file)
            .take(room + 1)
            .read_to_end(&mut data)
            .map_err(|e| {
                SourceError::new(&shown, format!("the part {name} cannot be unpacked ({e})"))
                    .hint("the file may be damaged: open it in Word, save it again and import the new file")
            })? as u64;
        let too_big = read > room;
        if too_big || (read > RATIO_FLOOR && read / packed > MAX_RATIO) {
            let why = if too_big {
                format!("more than {} MB", room / (1024 * 1024))
            } else {
                format!("{} times its packed size", read / packed)
            };
            return Err(SourceError::new(
                &shown,
                format!("the part {name} unpacks to {why}, far more than any Word document: the file looks like a zip bomb"),
            )
            .hint("import a document saved by Word or LibreOffice; a file from outside the organisation may be hostile"));
        }
        self.unpacked += read;
        Ok(Some(data))
    }

    /// Part `name` read as XML, or `None` when the package has no such part.
    pub(crate) fn xml(&mut self, name: &str) -> Result<Option<Element>, SourceError> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        let shown = self.shown.join(name);
        let text = decode_utf(&bytes).ok_or_else(|| {
            SourceError::new(&shown, "the part is not UTF-8 or UTF-16 text")
                .hint("the file is damaged: open it in Word, save it again and import the new file")
        })?;
        xml::parse(&text).map(Some).map_err(|e| {
            SourceError::new(&shown, format!("the part is not well-formed XML: {}", e.message))
                .at(Position { line: e.line, column: e.column })
                .hint("the file is damaged: open it in Word (which can often repair it), save it again and import the new file")
        })
    }

    /// The relationships of part `part` (`""` for the package's own), by id; targets
    /// resolved to part names.
    pub(crate) fn relationships(&mut self, part: &str) -> Result<Relationships, SourceError> {
        let (dir, file) = match part.rfind('/') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => ("", part),
        };
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(root) = self.xml(&rels_name)? else {
            return Ok(Relationships::new());
        };
        let mut rels = Relationships::new();
        for rel in root.children_named("Relationship") {
            let (Some(id), Some(target)) = (rel.attr("Id"), rel.attr("Target")) else {
                continue;
            };
            let external = rel.attr("TargetMode") == Some("External");
            rels.insert(
                id.to_string(),
                Relationship {
                    kind: rel.attr("Type").unwrap_or_default().to_string(),
                    target: if external {
                        target.to_string()
                    } else {
                        resolve_part(dir, target)
                    },
                    external,
                },
            );
        }
        Ok(rels)
    }
}

/// `media/image1.png` seen from `word` → `word/media/image1.png`; `/word/x.xml` → `word/x.xml`.
fn resolve_part(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// XML parts are UTF-8, or UTF-16 with a byte-order mark.
fn decode_utf(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).ok()
}

/// Whether `bytes` contain `name` in UTF-16LE, as OLE2 directory entries name their streams.
fn holds_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// What a file that is not a zip seems to be, from its first bytes.
fn what_it_looks_like(bytes: &[u8]) -> &'static str {
    let start: Vec<u8> = bytes.iter().take(64).copied().collect();
    let lower = String::from_utf8_lossy(&start).to_lowercase();
    if bytes.is_empty() {
        "the file is empty"
    } else if bytes.starts_with(b"%PDF") {
        "it is a PDF"
    } else if bytes.starts_with(b"{\\rtf") {
        "it is an RTF document"
    } else if lower.trim_start().starts_with("<!doctype html") || lower.contains("<html") {
        "it is a web page (HTML)"
    } else if lower.trim_start().starts_with("<?xml") {
        "it is an XML file (perhaps a Word XML document, .xml)"
    } else {
        "it is not a zip package, as every .docx is"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_to_part_names() {
        assert_eq!(
            resolve_part("word", "media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(
            resolve_part("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve_part("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_part("word", "/word/styles.xml"), "word/styles.xml");
    }

    #[test]
    fn an_encrypted_document_is_told_from_a_binary_doc() {
        let mut encrypted = OLE2.to_vec();
        encrypted.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        let err = Package::open(Path::new("a.docx"), encrypted).err().unwrap();
        assert!(err.message.contains("password"), "{err:?}");
        let err = Package::open(Path::new("a.doc"), OLE2.to_vec())
            .err()
            .unwrap();
        assert!(err.message.contains(".doc"), "{err:?}");
    }
}
