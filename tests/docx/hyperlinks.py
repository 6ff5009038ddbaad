"""Hyperlinks as Word writes them: w:hyperlink with an external relationship (TargetMode
External), w:hyperlink w:anchor to a bookmark (_Ref…) around a heading on another page and to
a bookmark inside a paragraph, and a link written as a HYPERLINK field, which older Word
versions and many converters write."""

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from _corpus import W, append_paragraph, escape, new_document, output_path, run

document = new_document("Links i Word")
external = document.part.relate_to("https://www.sonderborg.dk/sociale-medier", RT.HYPERLINK, is_external=True)


def link_run(text):
    return f'<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


document.add_paragraph("Links i Word", style="Title")
document.add_heading("Regler", level=1)
append_paragraph(
    document,
    run("Læs kommunens ")
    + f'<w:hyperlink r:id="{external}" w:history="1">{link_run("side om sociale medier")}</w:hyperlink>'
    + run(" og afsnittet om ")
    + f'<w:hyperlink w:anchor="_Ref160000001" w:history="1">{link_run("tavshedspligt")}</w:hyperlink>'
    + run("."),
)
append_paragraph(
    document,
    run("Se også ")
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    + '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.retsinformation.dk/" </w:instrText></w:r>'
    + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + link_run("Retsinformation")
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    + run(" og ")
    + f'<w:hyperlink w:anchor="klagevejledning" w:history="1">{link_run("klagevejledningen")}</w:hyperlink>'
    + run("."),
)
document.add_heading("Tavshedspligt", level=1)
paragraph = document.paragraphs[-1]._p
paragraph.insert(1, parse_xml(f'<w:bookmarkStart {W} w:id="0" w:name="_Ref160000001"/>'))
paragraph.append(parse_xml(f'<w:bookmarkEnd {W} w:id="0"/>'))
document.add_paragraph("Du har tavshedspligt om borgernes forhold.")
append_paragraph(
    document,
    '<w:bookmarkStart w:id="1" w:name="klagevejledning"/>'
    + run("Klagevejledning: Du kan klage til din leder.")
    + '<w:bookmarkEnd w:id="1"/>',
)
document.save(output_path())
