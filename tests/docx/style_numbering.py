"""Numbering that comes from the paragraph style alone, as in Word's own "List Number": the
custom style "Trin" carries w:numPr (a decimal list) in its w:pPr, and its paragraphs name
only the style. Two paragraphs in Word's "List Number" follow, numbered the same way."""

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from _corpus import W, new_document, output_path

document = new_document("Nummerering fra typografien")
numbering = document.part.numbering_part.element
numbering.insert(
    0,
    parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="80"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Trin"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
        "</w:lvl></w:abstractNum>"
    ),
)
numbering.append(parse_xml(f'<w:num {W} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'))
step = document.styles.add_style("Trin", WD_STYLE_TYPE.PARAGRAPH)
step.base_style = document.styles["Normal"]
step.element.get_or_add_pPr().insert(
    0, parse_xml(f'<w:numPr {W}><w:numId w:val="80"/></w:numPr>')
)

document.add_paragraph("Nummerering fra typografien", style="Title")
document.add_heading("Trin for trin", level=1)
document.add_paragraph("Afsnittene herunder er nummereret af deres typografi, ikke af en liste.")
for text in ("Log ind på intranettet", "Vælg »Sociale medier« i menuen", "Udfyld ansøgningen og send den"):
    document.add_paragraph(text, style="Trin")
document.add_paragraph("Og med Words egen typografi for nummererede lister:")
for text in ("Gem ansøgningen", "Send den til din leder"):
    document.add_paragraph(text, style="List Number")
document.save(output_path())
