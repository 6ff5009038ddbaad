"""Open tracked changes by two authors, as Word writes them: inserted runs (w:ins), deleted
runs (w:del with w:delText), an inserted paragraph (its mark inserted too) and a deleted word
inside a list item. pjece import refuses the file unless told to accept or reject them, and
lists each change's author and date."""

from docx.oxml import parse_xml

from _corpus import DATE, W, append_paragraph, escape, new_document, output_path, paragraph_xml, run


def inserted(n, author, text):
    return f'<w:ins w:id="{n}" w:author="{author}" w:date="{DATE}">{run(text)}</w:ins>'


def deleted(n, author, text):
    return (
        f'<w:del w:id="{n}" w:author="{author}" w:date="{DATE}"><w:r>'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


document = new_document("Ændringer der ikke er godkendt")
document.add_paragraph("Ændringer der ikke er godkendt", style="Title")
document.add_heading("Brug af Facebook", level=1)
append_paragraph(
    document,
    run("Du må gerne bruge Facebook ")
    + deleted(1, "Mette Hansen", "hele dagen")
    + inserted(2, "Mette Hansen", "i pauserne")
    + run(", hvis din leder har sagt god for det."),
)
append_paragraph(
    document,
    run("Husk at logge af")
    + inserted(3, "Jens Nielsen", " på delte computere")
    + run("."),
)
# A whole paragraph inserted: its runs and its paragraph mark.
paragraph = paragraph_xml(inserted(4, "Jens Nielsen", "Spørg kommunikationsafdelingen, hvis du er i tvivl."))
paragraph.insert(
    0,
    parse_xml(f'<w:pPr {W}><w:rPr><w:ins w:id="5" w:author="Jens Nielsen" w:date="{DATE}"/></w:rPr></w:pPr>'),
)
document.element.body.sectPr.addprevious(paragraph)
append_paragraph(
    document,
    run("Skriv ikke noget, der er ")
    + deleted(6, "Mette Hansen", "meget ")
    + run("diskriminerende."),
    style="ListBullet",
)
document.save(output_path())
