"""A fake heading: a short Normal paragraph in bold, used as a heading without a heading
style ("Sådan gør du"), beside a real Heading 2 and a long bold paragraph that is not a
heading. pjece import names the fake one in its report."""

from _corpus import append_paragraph, new_document, output_path, run

document = new_document("Falske overskrifter")
document.add_paragraph("Falske overskrifter", style="Title")
document.add_heading("Opret en side", level=1)
document.add_paragraph("En side på Facebook kræver en godkendelse.")
append_paragraph(document, run("Sådan gør du", bold=True))
document.add_paragraph("Skriv til din leder og vent på svar.")
document.add_heading("Når siden er oprettet", level=2)
append_paragraph(
    document,
    run(
        "Vigtigt: Alle opslag på siden skal være i overensstemmelse med kommunens kommunikationspolitik, "
        "og du skal svare på spørgsmål inden for to hverdage.",
        bold=True,
    ),
)
paragraph = document.add_paragraph()
paragraph.add_run("Husk det").bold = True
document.add_paragraph("Siden skal have to administratorer.")
document.save(output_path())
