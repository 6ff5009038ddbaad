"""The macro-enabled document of bad_macros.docm saved under a .docx name: the content type,
not the file name, says it carries macros. pjece import refuses it and writes nothing."""

from _corpus import macro_enabled, new_document, output_path, saved, write

document = new_document("Dokument med makroer")
document.add_paragraph("Dokument med makroer", style="Title")
document.add_heading("Makroer", level=1)
document.add_paragraph("Denne fil indeholder et VBA-projekt, men hedder .docx.")
write(output_path(), macro_enabled(saved(document)))
