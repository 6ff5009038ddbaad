"""A zip bomb: a .docx whose word/document.xml inflates to 2 GiB of zeros from about 2 MB.
The deflate stream is one block of 1 MiB of zeros, full-flushed (so every block after it is
the same bytes) and repeated, so the script writes it in about a second instead of
compressing 2 GiB. The sizes in the headers are honest; a reader must refuse to inflate it
rather than trust the file. pjece import refuses it and writes nothing."""

import struct
import zlib

from _corpus import output_path

MIB = 1 << 20
COUNT = 2048  # 2 GiB

compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
block = compressor.compress(b"\x00" * MIB) + compressor.flush(zlib.Z_FULL_FLUSH)
repeat = compressor.compress(b"\x00" * MIB) + compressor.flush(zlib.Z_FULL_FLUSH)
final = compressor.flush(zlib.Z_FINISH)
crc = 0
zeros = b"\x00" * MIB
for _ in range(COUNT):
    crc = zlib.crc32(zeros, crc)
compressed_size = len(block) + len(repeat) * (COUNT - 1) + len(final)
size = MIB * COUNT

TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)

entries = []
with open(output_path(), "wb") as out:

    def local(name, method, crc, csize, usize):
        entries.append((name, method, crc, csize, usize, out.tell()))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x5821, crc, csize, usize, len(name), 0))
        out.write(name)

    for name, data in ((b"[Content_Types].xml", TYPES), (b"_rels/.rels", RELS)):
        local(name, 0, zlib.crc32(data), len(data), len(data))
        out.write(data)
    local(b"word/document.xml", 8, crc, compressed_size, size)
    out.write(block)
    for _ in range(COUNT - 1):
        out.write(repeat)
    out.write(final)
    start = out.tell()
    for name, method, crc, csize, usize, offset in entries:
        out.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50, 20, 20, 0, method, 0, 0x5821, crc, csize, usize, len(name), 0, 0, 0, 0, 0, offset,
            )
        )
        out.write(name)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), end - start, start, 0))
