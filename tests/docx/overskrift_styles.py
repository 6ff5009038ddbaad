"""A document as Danish Word saves it: the built-in styles keep their English names
("heading 1", "Title") but have Danish style ids ("Overskrift1", "Titel"), and the paragraphs
refer to the ids. Headings are found by the name, never by the id."""

from _corpus import new_document, output_path

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

document = new_document("Danske typografinavne")
ids = {"Title": ("Titel", "Title"), "Normal": ("Normal", "Normal")}
for level in (1, 2, 3):
    ids[f"Heading {level}"] = (f"Overskrift{level}", f"heading {level}")
ids["List Bullet"] = ("Opstilling-punkttegn", "List Bullet")
for english, (style_id, name) in ids.items():
    element = document.styles[english].element
    old_id = element.get(f"{W_NS}styleId")
    element.set(f"{W_NS}styleId", style_id)
    element.find(f"{W_NS}name").set(f"{W_NS}val", name)
    # Styles based on the renamed one (e.g. Heading 2 on Heading 1) follow it.
    for based in document.styles.element.iter(f"{W_NS}basedOn", f"{W_NS}link", f"{W_NS}next"):
        if based.get(f"{W_NS}val") == old_id:
            based.set(f"{W_NS}val", style_id)


def paragraph(text, style_id):
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().get_or_add_pStyle().set(f"{W_NS}val", style_id)


paragraph("Danske typografinavne", "Titel")
paragraph("Overskrift på første niveau", "Overskrift1")
paragraph("Brødtekst under første overskrift.", "Normal")
paragraph("Overskrift på andet niveau", "Overskrift2")
paragraph("Punkt med dansk typografi", "Opstilling-punkttegn")
paragraph("Overskrift på tredje niveau", "Overskrift3")
paragraph("Mere brødtekst.", "Normal")
paragraph("Endnu en hovedoverskrift", "Overskrift1")
paragraph("Sidste afsnit.", "Normal")
document.save(output_path())
