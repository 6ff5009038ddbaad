"""Headings in custom styles named "Overskrift 1" and "Overskrift 2" (based on Normal, with
no outline level): only the style map in site.yaml (`Overskrift 1` -> `#`) makes them
headings; pandoc reads them as plain paragraphs."""

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from _corpus import new_document, output_path

document = new_document("Egne overskriftstypografier")
for level, size in ((1, 16), (2, 13)):
    style = document.styles.add_style(f"Overskrift {level}", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.bold = True
    style.font.size = Pt(size)

document.add_paragraph("Egne overskriftstypografier", style="Title")
document.add_paragraph("Kommunens regler", style="Overskrift 1")
document.add_paragraph("Reglerne er vedtaget af byrådet.")
document.add_paragraph("Hvem gælder de for", style="Overskrift 2")
document.add_paragraph("Alle ansatte.")
document.add_paragraph("Gode råd", style="Overskrift 1")
document.add_paragraph("Tænk dig om.")
document.save(output_path())
