"""What the python-docx fixtures of tests/docx/ share.

Each fixture script `tests/docx/<name>.py` is run as `/usr/bin/python3 <name>.py OUTPUT` by
tests/it/docx_corpus.rs and writes one file to OUTPUT. python-docx writes the package; what it
has no API for (tracked changes, comments, fields, Danish style ids, numbering overrides) is
written as the OOXML Word itself writes, through `docx.oxml`. The bad inputs are written with
zipfile and struct, byte by byte, as the broken or hostile files they imitate.
"""

import io
import struct
import sys
import zipfile
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")
WR = nsdecls("w", "r")

# A fixed moment, so that two builds of one script write the same document.
DATE = "2024-03-01T10:00:00Z"


def output_path():
    """The file the script writes: its only argument."""
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT")
    return sys.argv[1]


def new_document(title):
    """A Danish document with `title` in its properties (not in its text)."""
    document = docx.Document()
    properties = document.core_properties
    properties.title = title
    properties.author = "Sønderborg Kommune"
    properties.last_modified_by = "Sønderborg Kommune"
    properties.language = "da-DK"
    properties.revision = 1
    import datetime

    moment = datetime.datetime(2024, 3, 1, 10, 0, 0)
    properties.created = moment
    properties.modified = moment
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    run_defaults.append(parse_xml(f'<w:lang {W} w:val="da-DK"/>'))
    return document


def paragraph_xml(inner, style=None):
    """A `w:p` element from the runs (and other children) in `inner`."""
    style_xml = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return parse_xml(f"<w:p {WR}>{style_xml}{inner}</w:p>")


def run(text, bold=False, italic=False):
    """The XML of one run, its text kept with its spaces."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def append_paragraph(document, inner, style=None):
    """Appends a raw paragraph to the body, before the section properties."""
    body = document.element.body
    body.sectPr.addprevious(paragraph_xml(inner, style))


def append_inline(paragraph, inner):
    """Appends runs (and other paragraph content) to a python-docx paragraph."""
    for child in list(paragraph_xml(inner)):
        paragraph._p.append(child)


def add_part(document, name, content_type, relationship, xml):
    """Adds the part `name` (e.g. /word/comments.xml) related to the main document."""
    part = Part(PackURI(name), content_type, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, relationship)
    return part


def style_element(document, name):
    return document.styles[name].element


def rewrite_zip(source_bytes, replace=None, add=None, drop=()):
    """The zip in `source_bytes` with entries replaced, added or dropped (name -> bytes)."""
    replace = replace or {}
    add = add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source_bytes)) as old, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, old.read(info.filename))
            new.writestr(info, data)
        for name, data in add.items():
            new.writestr(zipfile.ZipInfo(name, (2024, 3, 1, 10, 0, 0)), data)
    return out.getvalue()


def saved(document):
    """The bytes of `document` as a .docx."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def small_png(rgb=(200, 30, 40), width=24, height=16):
    """A real PNG of one colour."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def macro_enabled(docx_bytes):
    """A .docx turned into a macro-enabled document (.docm): the main part's content type is
    Word's macro-enabled one, and word/vbaProject.bin (an OLE container, as Word writes it)
    is related to it."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    ).replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    vba = compound_file({"VBA/dir": b"\x01\x00" * 64, "PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=Module1\r\n'})
    return rewrite_zip(
        docx_bytes,
        replace={"[Content_Types].xml": types.encode(), "word/_rels/document.xml.rels": rels.encode()},
        add={"word/vbaProject.bin": vba},
    )


def compound_file(streams):
    """An OLE compound file (CFB version 3, 512-byte sectors) holding `streams` (name ->
    bytes) in its root storage, each padded to at least 4096 bytes so that no mini stream is
    needed; names with '/' are stored flat under the full name (enough for a container that
    is only to be recognised and refused)."""
    sector = 512
    end_of_chain, fat_sector, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    data_sectors = []
    chains = []
    for name, data in streams.items():
        data = data + b"\x00" * max(0, 4096 - len(data))
        count = -(-len(data) // sector)
        start = len(data_sectors)
        for i in range(count):
            data_sectors.append(data[i * sector:(i + 1) * sector].ljust(sector, b"\x00"))
        chains.append((name, start, count, len(data)))

    def entry(name, kind, start, size, child=free, left=free, right=free):
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", left, right, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IIII", start, size & 0xFFFFFFFF, size >> 32, 0)[:8]
            + struct.pack("<I", 0)
        )

    # The directory: the root, then the streams chained as a right-leaning list in the order
    # the format compares names (length first, then upper case).
    chains.sort(key=lambda c: (len(c[0]), c[0].upper()))
    entries = [entry("Root Entry", 5, end_of_chain, 0, child=1 if chains else free)]
    for i, (name, start, _count, size) in enumerate(chains):
        right = i + 2 if i + 1 < len(chains) else free
        entries.append(entry(name, 2, start, size, right=right))
    while len(entries) % 4:
        entries.append(b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", free, free, free) + b"\x00" * 48)
    directory = b"".join(entries)
    directory_sectors = [directory[i:i + sector] for i in range(0, len(directory), sector)]

    first_directory = len(data_sectors)
    total = len(data_sectors) + len(directory_sectors)
    fat_count = 1
    while (total + fat_count) * 4 > fat_count * sector:
        fat_count += 1
    fat = []
    for _name, start, count, _size in chains:
        fat.extend(start + i + 1 for i in range(count - 1))
        fat.append(end_of_chain)
    fat.extend(first_directory + i + 1 for i in range(len(directory_sectors) - 1))
    fat.append(end_of_chain)
    fat.extend([fat_sector] * fat_count)
    fat.extend([free] * (fat_count * sector // 4 - len(fat)))
    first_fat = total
    difat = [first_fat + i for i in range(fat_count)] + [free] * (109 - fat_count)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, fat_count, first_directory, 0, 4096, end_of_chain, 0, end_of_chain, 0)
        + struct.pack("<109I", *difat)
    )
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + b"".join(data_sectors) + b"".join(directory_sectors) + fat_bytes


def write(path, data):
    with open(path, "wb") as out:
        out.write(data)
