"""Non-breaking spaces, soft hyphens, a non-breaking hyphen and curly quotes, as Word writes
them: U+00A0 in the text, and <w:softHyphen/> and <w:noBreakHyphen/> elements between runs."""

from _corpus import append_paragraph, new_document, output_path, run

document = new_document("Tegn der skal bevares")
document.add_paragraph("Tegn der skal bevares", style="Title")
document.add_heading("Mellemrum og bindestreger", level=1)
# "10 %" and "§ 27" with no-break spaces; "kommunal-bestyrelse" with a soft hyphen element and
# "ansættelses\u00adforhold" with a soft hyphen character.
append_paragraph(
    document,
    run("Mindst 10\u00a0% af de ansatte kender forvaltningslovens §\u00a027 om tavshedspligt.")
    + run(" Reglerne vedtages af kommunal")
    + "<w:r><w:softHyphen/></w:r>"
    + run("bestyrelsen og gælder for alle ansættelses\u00adforhold.")
    + run(" Ring på 74")
    + "<w:r><w:noBreakHyphen/></w:r>"
    + run("12 34 56 for hjælp."),
)
document.add_heading("Anførselstegn", level=1)
document.add_paragraph("Skriv aldrig „det er bare for sjov“ under et opslag.")
document.add_paragraph("Hun kaldte det ”en god ide”, men han svarede ‘nej tak’ – og «punktum».")
document.add_paragraph("Citatet sluttede med en ellipse… og en apostrof: kommunens’ egne regler.")
document.save(output_path())
