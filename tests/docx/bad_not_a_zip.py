"""Not a zip at all: plain text saved with a .docx name, as when a file is renamed by hand.
pjece import refuses it and writes nothing."""

from _corpus import output_path, write

write(output_path(), "Retningslinjer for sociale medier\n\nDette er en tekstfil, ikke et Word-dokument.\n".encode("utf-8"))
