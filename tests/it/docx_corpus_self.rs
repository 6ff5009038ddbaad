//! Tests of the Word corpus and its oracle themselves (see `docx_corpus`): every fixture is
//! built by its real writer into the file it claims to be, pandoc reads the good ones, the
//! oracle finds in them what their sources say, and a site written by hand as the import of a
//! fixture should be loses nothing against pandoc.

use crate::docx_corpus::{
    docx, fixture_names, Oracle, GUIDELINE_V2_EDITS, GUIDELINE_V2_NEW_SECTION,
};
use crate::support::SiteTest;

/// The fixtures that are meant to be refused: they need not be Word files pandoc can read.
fn is_bad_input(name: &str) -> bool {
    name.starts_with("bad_")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// issue 22: every fixture builds (in parallel, as the import's tests will ask for them), and
/// every good one is a .docx that pandoc reads and finds text in.
#[test]
fn every_good_fixture_builds_into_a_docx_pandoc_reads() {
    let names = fixture_names();
    assert!(names.len() >= 30, "{names:?}");
    std::thread::scope(|scope| {
        for name in &names {
            scope.spawn(move || {
                let path = docx(name);
                assert!(path.is_file(), "{name}");
                if !is_bad_input(name) {
                    let oracle = Oracle::of_pandoc(&path);
                    assert!(!oracle.words.is_empty(), "{name}: pandoc found no words");
                }
            });
        }
    });
}

/// issue 22: the bad inputs are the broken or hostile files they are named for.
#[test]
fn bad_inputs_are_what_they_are_named_for() {
    let bytes = |name: &str| std::fs::read(docx(name)).unwrap();
    let ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
    let contains =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };

    assert!(!bytes("bad_not_a_zip").starts_with(b"PK"));
    let doc = bytes("bad_binary.doc");
    assert!(
        doc.starts_with(ole) && contains(&doc, &utf16("WordDocument")),
        "a Word 97 file"
    );
    assert!(docx("bad_binary.doc").ends_with("bad_binary.doc"));
    let encrypted = bytes("bad_encrypted");
    assert!(encrypted.starts_with(ole));
    assert!(
        contains(&encrypted, &utf16("EncryptionInfo"))
            && contains(&encrypted, &utf16("EncryptedPackage"))
    );
    for name in ["bad_macros.docm", "bad_macros_renamed"] {
        let macros = bytes(name);
        assert!(
            macros.starts_with(b"PK") && contains(&macros, b"word/vbaProject.bin"),
            "{name}"
        );
        let types = std::process::Command::new("/usr/bin/python3")
            .args(["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('[Content_Types].xml').decode())"])
            .arg(docx(name))
            .output()
            .unwrap();
        let types = String::from_utf8_lossy(&types.stdout);
        assert!(types.contains("macroEnabled.main+xml"), "{name}: {types}");
    }
    assert!(docx("bad_macros.docm").ends_with("bad_macros.docm"));
    let bomb = bytes("bad_zip_bomb");
    assert!(bomb.len() < 5 << 20, "{} bytes", bomb.len());
    assert!(
        contains(&bomb, &(2u32 << 30).to_le_bytes()),
        "declares 2 GiB"
    );
    let broken = std::process::Command::new("pandoc")
        .args(["-f", "docx", "-t", "plain"])
        .arg(docx("bad_broken_xml"))
        .output()
        .unwrap();
    assert!(!broken.status.success(), "pandoc reads the broken XML");
    let picture = bytes("bad_image_not_image");
    assert!(contains(&picture, b"word/media/image1.png"));
}

/// issue 22: the Title is level 0 and Heading 1–3 keep their levels, in reading order.
#[test]
fn the_oracle_finds_the_title_and_heading_levels() {
    let oracle = Oracle::of_pandoc(&docx("headings"));
    let expected = [
        (0, "Retningslinjer for brug af sociale medier"),
        (1, "Formål og målgruppe"),
        (2, "Hvem gælder de for?"),
        (3, "Særlige regler for ledere"),
        (1, "Gode råd på Facebook"),
        (2, "Tavshedspligt"),
    ];
    let expected: Vec<(u8, String)> = expected.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(oracle.headings, expected);
    assert!(oracle.words.contains(&"færdes".to_string()));
}

/// issue 22: Danish Word's style ids (Overskrift1, Titel) are headings by their English names.
#[test]
fn the_oracle_finds_headings_of_danish_style_ids() {
    let oracle = Oracle::of_pandoc(&docx("overskrift_styles"));
    let levels: Vec<u8> = oracle.headings.iter().map(|(l, _)| *l).collect();
    assert_eq!(levels, [0, 1, 2, 3, 1], "{:?}", oracle.headings);
    assert_eq!(oracle.list_items, strings(&["Punkt med dansk typografi"]));
}

/// issue 22: nested items are items of their own, without their children's text; a restarted
/// list's items are all there.
#[test]
fn the_oracle_finds_nested_and_restarted_list_items() {
    let bullets = Oracle::of_pandoc(&docx("bullet_list"));
    assert_eq!(
        bullets.list_items,
        strings(&[
            "Der bryder med injurielovgivningen",
            "Der viser, at du er illoyal mod din arbejdsplads",
            "Heller ikke i lukkede grupper",
            "Heller ikke som en spøg",
            "Der er diskriminerende",
            "Der bringer dig i konflikt med din tavshedspligt",
        ])
    );
    let numbered = Oracle::of_pandoc(&docx("numbering_restart"));
    assert_eq!(numbered.list_items.len(), 10, "{:?}", numbered.list_items);
    for (name, count) in [("numbered_list", 8), ("style_numbering", 5)] {
        let oracle = Oracle::of_pandoc(&docx(name));
        assert_eq!(
            oracle.list_items.len(),
            count,
            "{name}: {:?}",
            oracle.list_items
        );
    }
}

/// issue 22: header cells and merged cells are each one cell.
#[test]
fn the_oracle_finds_header_and_merged_table_cells() {
    let header = Oracle::of_pandoc(&docx("table_header"));
    assert_eq!(
        &header.table_cells[..3],
        &strings(&["Opgave", "Ansvarlig", "Frist"])[..]
    );
    assert_eq!(header.table_cells.len(), 9);
    let merged = Oracle::of_pandoc(&docx("table_merged"));
    for cell in ["Telefontid", "Borgerservice", "Efter aftale", "8–17"] {
        let count = merged.table_cells.iter().filter(|c| *c == cell).count();
        assert_eq!(count, 1, "{cell}: {:?}", merged.table_cells);
    }
}

/// issue 22: an image's description is its alt text; an image without one has "".
#[test]
fn the_oracle_finds_alt_texts_and_their_absence() {
    let alts = Oracle::of_pandoc(&docx("image_alt")).image_alts;
    assert_eq!(alts.len(), 2, "{alts:?}");
    assert!(
        alts[0].contains("løver") && alts[1].contains("Facebook"),
        "{alts:?}"
    );
    assert_eq!(Oracle::of_pandoc(&docx("image_no_alt")).image_alts, [""]);
}

/// issue 22: notes are words, not list items, and their numbers are not words; no-break
/// spaces and soft hyphens are normalised away, quotes kept.
#[test]
fn the_oracle_reads_notes_and_special_characters_as_words() {
    let notes = Oracle::of_pandoc(&docx("footnotes"));
    assert!(notes.list_items.is_empty(), "{:?}", notes.list_items);
    for word in [
        "§",
        "27",
        "152–152f.",
        "juli.",
        "forvaltningsloven",
        "straffeloven.",
    ] {
        assert!(
            notes.words.contains(&word.to_string()),
            "{word}: {:?}",
            notes.words
        );
    }
    assert!(
        !notes.words.iter().any(|w| w == "1" || w == "↩︎"),
        "{:?}",
        notes.words
    );
    let special = Oracle::of_pandoc(&docx("special_characters"));
    for word in [
        "10",
        "%",
        "kommunalbestyrelsen",
        "ansættelsesforhold.",
        "„det",
        "sjov“",
        "74‑12",
    ] {
        assert!(
            special.words.contains(&word.to_string()),
            "{word}: {:?}",
            special.words
        );
    }
}

/// issue 22: a Word table of contents (a field) is not content; page numbers are not words.
#[test]
fn the_oracle_leaves_out_a_table_of_contents_field() {
    let oracle = Oracle::of_pandoc(&docx("fields"));
    let headings: Vec<&str> = oracle.headings.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Indholdsfortegnelse og sidetal",
            "Formål",
            "Hvem gælder det for",
            "Gode råd"
        ]
    );
    assert!(
        !oracle.words.iter().any(|w| w == "Indhold" || w == "2"),
        "{:?}",
        oracle.words
    );
}

/// issue 22: tracked changes are read accepted unless pandoc is told otherwise; comments are
/// never words.
#[test]
fn the_oracle_reads_changes_accepted_or_rejected_and_skips_comments() {
    let accepted = Oracle::of_pandoc(&docx("tracked_changes"));
    let rejected = Oracle::of_pandoc_with(&docx("tracked_changes"), &["--track-changes=reject"]);
    assert!(accepted.words.contains(&"pauserne,".to_string()));
    assert!(rejected.words.contains(&"dagen,".to_string()));
    assert!(!rejected.words.contains(&"pauserne,".to_string()));
    let comments = Oracle::of_pandoc(&docx("comments"));
    assert!(
        !comments.words.iter().any(|w| w == "Instagram"),
        "{:?}",
        comments.words
    );
}

/// issue 22: links out of the document are found, bookmarks are not links out.
#[test]
fn the_oracle_finds_external_links() {
    let oracle = Oracle::of_pandoc(&docx("hyperlinks"));
    assert_eq!(
        oracle.external_links,
        strings(&[
            "https://www.sonderborg.dk/sociale-medier",
            "https://www.retsinformation.dk/"
        ])
    );
}

/// issue 22: version 2 of the guideline differs from version 1 by exactly its listed edits
/// and its new section.
#[test]
fn guideline_v2_differs_from_v1_by_its_listed_edits() {
    let v1 = Oracle::of_pandoc(&docx("guideline_v1"));
    let v2 = Oracle::of_pandoc(&docx("guideline_v2"));
    assert_eq!(
        v1.missing_from(&v2),
        strings(&[
            "heading (level 1) «Du må gerne»",
            "list item «Tilgå Sønderborg Kommunes officielle facebookside for at holde dig orienteret om aktiviter, herunder opslag og borgerhenvendelser, på siden.»",
            "word «Du»",
            "word «aktiviter,»",
            "word «Rigtigt»",
            "word «god» (5 times, found 4)",
        ])
    );
    let gained = v2.missing_from(&v1);
    assert!(
        gained.contains(&format!("heading (level 1) «{GUIDELINE_V2_NEW_SECTION}»")),
        "{gained:?}"
    );
    for (_, after) in GUIDELINE_V2_EDITS {
        let first = after.split(' ').next().unwrap();
        assert!(
            gained.iter().any(|g| g.contains(first)),
            "{after}: {gained:?}"
        );
    }
    assert!(
        v1.headings.len() >= 6 && v1.list_items.len() == 6,
        "{v1:#?}"
    );
}

/// issue 22: the oracle counts: a word found fewer times is lost, named with both counts.
#[test]
fn missing_from_counts_and_names_what_is_lost() {
    let full = Oracle::of_html("<h1 class=title>Titel</h1><h2>Om os</h2><p>og og og</p><ul><li>a<ul><li>b</li></ul></li></ul><table><tr><th>x</th></tr></table><img src=a alt=Logo>");
    let less = Oracle::of_html(
        "<h1 class=title>Titel</h1><h3>Om os</h3><p>og og</p><ul><li>b</li></ul><img src=a>",
    );
    assert_eq!(full.list_items, strings(&["a", "b"]));
    assert_eq!(
        full.missing_from(&less),
        strings(&[
            "heading (level 2) «Om os»",
            "list item «a»",
            "table cell «x»",
            "word «og» (3 times, found 2)",
            "word «a»",
            "word «x»",
            "image alt text «Logo»",
        ])
    );
    assert!(less
        .missing_from(&full)
        .iter()
        .all(|m| m.contains("Om os") || m.contains("alt text")));
}

/// issue 22: pages written by hand as the import of `headings` and `footnotes` should be,
/// built by pjece, lose nothing against pandoc: the page titles are aligned with the Title and
/// Heading 1, navigation and the page's table of contents are left out, notes are compared
/// as words.
#[test]
fn built_pages_of_a_faithful_import_lose_nothing_against_pandoc() {
    let site = SiteTest::empty()
        .file("site.yaml", crate::support::SITE_YAML)
        .edition("e1", "1. udgave", "2024-01-01", "current")
        .page("e1/index.md", "Retningslinjer for brug af sociale medier", "Denne vejledning gælder for alle ansatte i kommunen.\n")
        .file(
            "content/e1/formaal.md",
            "---\ntitle: Formål og målgruppe\nweight: 1\n---\nRetningslinjerne skal hjælpe dig, når du færdes på nettet.\n\n## Hvem gælder de for?\n\nDe gælder for ledere, medarbejdere og elever.\n\n### Særlige regler for ledere\n\nLedere går forrest med et godt eksempel.\n",
        )
        .file(
            "content/e1/gode-raad.md",
            "---\ntitle: Gode råd på Facebook\nweight: 2\n---\nTænk dig om, før du skriver. Grænsen mellem privatliv og arbejdsliv er flydende.\n\n## Tavshedspligt\n\nDu må aldrig røbe fortrolige oplysninger om borgere.[^1]\n\n[^1]: Forvaltningslovens § 27 om tavshedspligt.\n",
        );
    site.build(&[]);
    let files = crate::support::html_files(&site.out());
    let page = |stem: &str| -> String {
        files
            .iter()
            .find(|f| f.starts_with("e1/") && f.contains(stem) && f.ends_with("index.html"))
            .unwrap_or_else(|| panic!("{stem}: {files:?}"))
            .clone()
    };
    let pages = [
        "e1/index.html".to_string(),
        page("formaal"),
        page("gode-raad"),
    ];
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let built = Oracle::of_built_pages(&site.out(), &pages);
    let pandoc = Oracle::of_pandoc(&docx("headings"));
    pandoc.assert_nothing_missing_from(&built, "headings → hand-written pages");
    assert_eq!(built.headings, pandoc.headings);
    assert!(pandoc
        .clone()
        .levels_ignored()
        .missing_from(&built.clone().levels_ignored())
        .is_empty());
    assert!(
        built.words.contains(&"27".to_string()),
        "the note is read: {:?}",
        built.words
    );
    assert!(
        !built
            .list_items
            .iter()
            .any(|i| i.contains("Forvaltningslovens")),
        "{:?}",
        built.list_items
    );
    // The only extra words are the note's.
    let extra = built.missing_from(&pandoc);
    assert_eq!(extra.len(), 5, "{extra:#?}");
}
