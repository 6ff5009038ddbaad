"""A .docx whose word/document.xml breaks off in the middle of an element, as a file cut short
by an interrupted copy. pjece import names the part and the position, and writes nothing."""

from _corpus import new_document, output_path, rewrite_zip, saved, write
import io
import zipfile

document = new_document("Ødelagt dokument")
document.add_paragraph("Ødelagt dokument", style="Title")
document.add_heading("Første afsnit", level=1)
document.add_paragraph("Denne tekst står før bruddet i filen.")
document.add_paragraph("Denne tekst når aldrig frem.")
data = saved(document)
xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
cut = xml.index("før bruddet".encode("utf-8"))
write(output_path(), rewrite_zip(data, replace={"word/document.xml": xml[:cut] + b"<w:r><w:t"}))
