"""A table of contents and page numbers as Word writes them: a TOC field whose cached result
is "TOC 1"/"TOC 2" paragraphs with hyperlinks to _Toc bookmarks and PAGEREF fields, and a
footer with "Side PAGE af NUMPAGES". pjece import drops the fields; the headings stay."""

from docx.enum.style import WD_STYLE_TYPE

from docx.oxml import parse_xml

from _corpus import WR, append_inline, append_paragraph, escape, new_document, output_path, run

document = new_document("Indholdsfortegnelse og sidetal")
styles = document.styles
for level in (1, 2):
    style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.element.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", f"TOC{level}")

sections = [
    (1, "Formål", "_Toc150000001", "2"),
    (2, "Hvem gælder det for", "_Toc150000002", "2"),
    (1, "Gode råd", "_Toc150000003", "3"),
]


def field(instruction):
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'

document.add_paragraph("Indholdsfortegnelse og sidetal", style="Title")
paragraphs = ['<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>' + run("Indhold") + "</w:p>"]
for n, (level, title, bookmark, page) in enumerate(sections):
    start = field('TOC \\o "1-3" \\h \\z \\u') if n == 0 else ""
    entry = (
        f'<w:hyperlink w:anchor="{bookmark}" w:history="1">'
        + run(title)
        + "<w:r><w:tab/></w:r>"
        + field(f"PAGEREF {bookmark} \\h")
        + run(page)
        + END
        + "</w:hyperlink>"
    )
    paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/></w:pPr>{start}{entry}</w:p>')
paragraphs.append(f"<w:p>{END}</w:p>")
toc = parse_xml(
    f"<w:sdt {WR}><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
    "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
    + "".join(paragraphs)
    + "</w:sdtContent></w:sdt>"
)
document.element.body.sectPr.addprevious(toc)

bodies = {
    "Formål": "Retningslinjerne gælder i arbejdstiden.",
    "Hvem gælder det for": "Alle ansatte i kommunen.",
    "Gode råd": "Tænk dig om, før du skriver.",
}
for n, (level, title, bookmark, _page) in enumerate(sections):
    style = f"Heading{level}"
    append_paragraph(
        document,
        f'<w:bookmarkStart w:id="{n}" w:name="{bookmark}"/>' + run(title) + f'<w:bookmarkEnd w:id="{n}"/>',
        style=style,
    )
    document.add_paragraph(bodies[title])

footer = document.sections[0].footer
append_inline(
    footer.paragraphs[0],
    run("Side ") + field("PAGE") + run("1") + END + run(" af ") + field("NUMPAGES") + run("3") + END,
)
document.save(output_path())
