"""Numbered lists through numbering.xml as Word writes them: one abstract list (1., 2. with
a., b. below) and three w:num instances of it. The first list is nested; the second restarts
at 1 (w:lvlOverride/w:startOverride); the third paragraph group uses the first w:num again and
so continues its count (4.). A bullet list in between uses a second abstract list."""

from docx.oxml import parse_xml

from _corpus import W, append_paragraph, new_document, output_path, run

document = new_document("Nummerering der starter forfra")
numbering = document.part.numbering_part.element


def level(ilvl, fmt, text, indent):
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'
    )


numbering.insert(
    0,
    parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>'
        + level(0, "decimal", "%1.", 720)
        + level(1, "lowerLetter", "%2)", 1440)
        + "</w:abstractNum>"
    ),
)
numbering.insert(
    1,
    parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="91"><w:multiLevelType w:val="hybridMultilevel"/>'
        + level(0, "bullet", "•", 720)
        + "</w:abstractNum>"
    ),
)
numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
numbering.append(
    parse_xml(
        f'<w:num {W} w:numId="91"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
)
numbering.append(parse_xml(f'<w:num {W} w:numId="92"><w:abstractNumId w:val="91"/></w:num>'))


def item(text, num, ilvl=0):
    document.element.body.sectPr.addprevious(
        parse_xml(
            f'<w:p {W}><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{ilvl}"/>'
            f'<w:numId w:val="{num}"/></w:numPr></w:pPr>{run(text)}</w:p>'
        )
    )


document.add_paragraph("Nummerering der starter forfra", style="Title")
document.add_heading("Før du opretter en side", level=1)
item("Læs retningslinjerne", 90)
item("Tal med din leder", 90)
item("Om formålet med siden", 90, 1)
item("Om hvem der skal vedligeholde den", 90, 1)
item("Udfyld ansøgningen", 90)
document.add_paragraph("Når ansøgningen er godkendt:")
item("Opret siden", 91)
item("Inviter en kollega som administrator", 91)
document.add_paragraph("Husk altid:")
item("Kommunens logo", 92)
item("Kontaktoplysninger", 92)
document.add_paragraph("Og til sidst, i fortsættelse af den første liste:")
item("Meld siden til kommunikationsafdelingen", 90)
document.save(output_path())
