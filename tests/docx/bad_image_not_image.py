"""A .docx whose picture word/media/image1.png (with alt text, content type image/png) holds
text instead of an image. pjece import refuses it, naming the picture, and writes nothing."""

import io
import zipfile

from docx.shared import Cm

from _corpus import new_document, output_path, rewrite_zip, saved, small_png, write

document = new_document("Billede der ikke er et billede")
document.add_paragraph("Billede der ikke er et billede", style="Title")
document.add_heading("Logo", level=1)
document.add_picture(io.BytesIO(small_png()), width=Cm(3))
document.inline_shapes[0]._inline.docPr.set("descr", "Kommunens logo")
data = saved(document)
names = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
assert names == ["word/media/image1.png"], names
write(output_path(), rewrite_zip(data, replace={names[0]: "Dette er ikke et billede.\n".encode("utf-8")}))
