"""A long guideline for the import's speed target (a 20-page guideline in at most 2 s): the
Title, a front text and twenty Heading 1 sections of the brochure's text, each with Heading 2s,
a bullet list, a numbered list and every fourth a table, about twenty printed pages."""

from _corpus import new_document, output_path

PARAGRAPHS = [
    "Rigtigt mange kommunale job består af omsorgs-, undervisnings-, og myndighedsopgaver. Det stiller store krav til, at vores omgivelser kan have tillid til os.",
    "Facebook og andre sociale medier er ikke bare dig og dine venner. Grænsen mellem privatliv og arbejdsliv er blevet flydende.",
    "For nogle får det store konsekvenser for deres arbejdsliv, at de i et øjebliks frustration skriver noget, der bliver bevaret og distribueret på nettet.",
    "Hav styr på dine muligheder for at skjule oplysninger og begrænse adgangen til din profil, så du ikke får skrevet noget i offentligheden, der ikke kan tåle at blive offentliggjort.",
    "Det er også muligt, at du/I kommer frem til, at svaret er et nej, og så skal det være i orden at takke nej til et venskab, uden at det får arbejdsmæssige konsekvenser.",
]
TOPICS = [
    "Facebook", "Instagram", "LinkedIn", "TikTok", "YouTube", "X", "Snapchat", "Messenger",
    "WhatsApp", "Aula", "Intranettet", "Podcasts", "Blogs", "Debatfora", "Billeder", "Video",
    "Livestreaming", "Grupper", "Annoncer", "Chatbots",
]

document = new_document("Retningslinjer for sociale medier, samlet udgave")
document.add_paragraph("Retningslinjer for sociale medier, samlet udgave", style="Title")
document.add_paragraph("Denne samlede udgave gælder for alle ansatte i Sønderborg Kommune.")
for n, topic in enumerate(TOPICS, 1):
    document.add_heading(f"{n}. {topic} i arbejdstiden", level=1)
    for k in range(3):
        document.add_paragraph(f"{PARAGRAPHS[(n + k) % len(PARAGRAPHS)]} ({topic}, afsnit {k + 1}.)")
    document.add_heading(f"Gode råd om {topic}", level=2)
    for k in range(3):
        document.add_paragraph(f"Råd {k + 1} om {topic}: {PARAGRAPHS[(n * k) % len(PARAGRAPHS)]}", style="List Bullet")
    document.add_heading(f"Sådan bruger du {topic}", level=2)
    for k in range(3):
        document.add_paragraph(f"Trin {k + 1} for {topic}", style="List Number")
    for k in range(4):
        document.add_paragraph(PARAGRAPHS[(n + 2 * k) % len(PARAGRAPHS)])
    if n % 4 == 0:
        table = document.add_table(rows=3, cols=2)
        for r, (a, b) in enumerate([("Opgave", "Ansvarlig"), (f"Opslag på {topic}", "Redaktøren"), ("Godkendelse", "Lederen")]):
            table.cell(r, 0).text = a
            table.cell(r, 1).text = b
document.save(output_path())
