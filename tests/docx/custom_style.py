"""Custom paragraph styles: "Faktaboks" (a shaded box) and "Lovcitat" (a quoted law text),
both based on Normal, and a custom character style "Fagterm". pjece import keeps them as a
class or names them in its report."""

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from _corpus import W, new_document, output_path

document = new_document("Egne typografier")
styles = document.styles
fact = styles.add_style("Faktaboks", WD_STYLE_TYPE.PARAGRAPH)
fact.base_style = styles["Normal"]
fact.element.get_or_add_pPr().append(
    parse_xml(f'<w:shd {W} w:val="clear" w:color="auto" w:fill="DDEEFF"/>')
)
law = styles.add_style("Lovcitat", WD_STYLE_TYPE.PARAGRAPH)
law.base_style = styles["Normal"]
law.font.italic = True
term = styles.add_style("Fagterm", WD_STYLE_TYPE.CHARACTER)
term.font.bold = True

document.add_paragraph("Egne typografier", style="Title")
document.add_heading("Tavshedspligt", level=1)
document.add_paragraph("Alle ansatte har tavshedspligt.")
document.add_paragraph("Vidste du, at tavshedspligten gælder resten af livet?", style="Faktaboks")
document.add_paragraph(
    "Den, der virker inden for den offentlige forvaltning, har tavshedspligt.", style="Lovcitat"
)
paragraph = document.add_paragraph("Ordet ")
paragraph.add_run("fortrolig", style="Fagterm")
paragraph.add_run(" har en særlig betydning.")
document.save(output_path())
