"""Comments as Word writes them: word/comments.xml with author, initials and date, and in the
text a commented range (w:commentRangeStart/End) and its reference run. One comment is on a
paragraph under the second Heading 1, so that the report can name its page. pjece import
lists comments and never imports them."""

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from _corpus import DATE, add_part, append_paragraph, escape, new_document, output_path, run

COMMENTS = [
    (0, "Mette Hansen", "MH", "Skal vi nævne Instagram her?"),
    (1, "Jens Nielsen", "JN", "Tjek paragraffen med juristen."),
]


def commented(n, text):
    return (
        f'<w:commentRangeStart w:id="{n}"/>{run(text)}<w:commentRangeEnd w:id="{n}"/>'
        f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{n}"/></w:r>'
    )


document = new_document("Dokument med kommentarer")
document.add_paragraph("Dokument med kommentarer", style="Title")
document.add_heading("Sociale medier", level=1)
append_paragraph(document, run("Reglerne gælder for ") + commented(0, "Facebook og andre sociale medier") + run("."))
document.add_heading("Tavshedspligt", level=1)
append_paragraph(document, commented(1, "Tavshedspligten følger af forvaltningsloven.") + run(" Den gælder altid."))

body = "".join(
    f'<w:comment w:id="{n}" w:author="{author}" w:initials="{initials}" w:date="{DATE}">'
    f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{run(text)}</w:p></w:comment>'
    for n, author, initials, text in COMMENTS
)
add_part(
    document,
    "/word/comments.xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    RT.COMMENTS,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + body
    + "</w:comments>",
)
document.save(output_path())
