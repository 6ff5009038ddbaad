"""Headings known by their outline level alone: the custom styles "Kapitel" (w:outlineLvl 0)
and "Afsnit" (w:outlineLvl 1), and a Normal paragraph with a direct w:outlineLvl 0, as
LibreOffice writes a heading whose style it does not export."""

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from _corpus import W, new_document, output_path

document = new_document("Overskrifter efter dispositionsniveau")
for name, level in (("Kapitel", 0), ("Afsnit", 1)):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.bold = True
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="{level}"/>'))

document.add_paragraph("Overskrifter efter dispositionsniveau", style="Title")
document.add_paragraph("Første kapitel", style="Kapitel")
document.add_paragraph("Tekst i første kapitel.")
document.add_paragraph("Et afsnit", style="Afsnit")
document.add_paragraph("Tekst i afsnittet.")
direct = document.add_paragraph("Andet kapitel")
direct._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="0"/>'))
document.add_paragraph("Tekst i andet kapitel.")
document.save(output_path())
