"""A macro-enabled Word document (.docm): the main part has Word's macro-enabled content type
and word/vbaProject.bin is related to it. pjece import refuses it and writes nothing."""

from _corpus import macro_enabled, new_document, output_path, saved, write

document = new_document("Dokument med makroer")
document.add_paragraph("Dokument med makroer", style="Title")
document.add_heading("Makroer", level=1)
document.add_paragraph("Denne fil indeholder et VBA-projekt.")
write(output_path(), macro_enabled(saved(document)))
