//! LIX against hand counts, and the findings placed at their lines.

use super::*;

/// A paragraph, its language, and its hand count: words, sentences, long words (> 6 letters).
struct Counted {
    text: &'static str,
    language: Language,
    words: usize,
    sentences: usize,
    long_words: usize,
}

const fn da(text: &'static str, words: usize, sentences: usize, long_words: usize) -> Counted {
    Counted {
        text,
        language: Language::Da,
        words,
        sentences,
        long_words,
    }
}

/// Ten paragraphs counted by hand, word by word.
const COUNTED: &[Counted] = &[
    // Du må gerne dele kommunens* opslag. | Tænk dig om før du skriver*.
    // 12 words, 2 sentences, 2 long: LIX 6 + 16.7 = 22.7
    da("Du må gerne dele kommunens opslag. Tænk dig om, før du skriver.", 12, 2, 2),
    // Du kan bl.a. bruge Facebook*, jf. kommunens* regler. | Ring f.eks. til HR kl. (9 is no word)
    // 8 + 5 = 13 words, 2 sentences, 2 long: LIX 6.5 + 15.4 = 21.9
    da("Du kan bl.a. bruge Facebook, jf. kommunens regler. Ring f.eks. til HR kl. 9.", 13, 2, 2),
    // Efter § 3, stk. i personaleloven* gælder reglerne* fra den 1. januar 2025. | Bøden er på 1.000 kr.
    // 9 + 4 = 13 words, 2 sentences, 2 long: LIX 6.5 + 15.4 = 21.9
    da("Efter § 3, stk. 2, i personaleloven gælder reglerne fra den 1. januar 2025. Bøden er på 1.000 kr.", 13, 2, 2),
    // Skriv ikke noget: | om borgere* | om kolleger*, der er syge | som er fortroligt*
    // 3 + 2 + 5 + 3 = 13 words, 4 sentences (the lead-in and each item), 3 long: LIX 3.25 + 23.1 = 26.3
    da("Skriv ikke noget:\n\n- om borgere\n- om kolleger, der er syge\n- som er fortroligt\n", 13, 4, 3),
    // The brochure's 33-word sentence; long: Såfremt ansatte Sønderborg Kommune socialt
    // forbindelse arbejde ansatte tvinges oprette Facebook sociale.
    // 33 words, 1 sentence, 12 long: LIX 33 + 36.4 = 69.4
    da("Såfremt ansatte i Sønderborg Kommune har brug for at tilgå et socialt medie i forbindelse med deres arbejde, kan ansatte ikke tvinges til at oprette en profil på Facebook og andre sociale medie.", 33, 1, 12),
    // Må du dele billeder* fra arbejdet*? | Ja, hvis alle på billedet* siger ja! | Spørg altid først.
    // 6 + 7 + 3 = 16 words, 3 sentences, 3 long: LIX 5.3 + 18.75 = 24.1
    da("Må du dele billeder fra arbejdet? Ja, hvis alle på billedet siger ja! Spørg altid først.", 16, 3, 3),
    // Brug it-systemet* (10 letters) på din institution*/afdeling*. | Ring på (numbers) ved fejl.
    // 6 + 4 = 10 words, 2 sentences, 3 long: LIX 5 + 30 = 35
    da("Brug it-systemet på din institution/afdeling. Ring på 88 72 40 00 ved fejl.", 10, 2, 3),
    // Du kan dele tekster* billeder* film osv. | Det gælder også opslag kommentarer* osv. på alle medier.
    // 7 + 9 = 16 words, 2 sentences (osv. before a small letter ends nothing), 3 long: LIX 8 + 18.75 = 26.75
    da("Du kan dele tekster, billeder, film osv. Det gælder også opslag, kommentarer osv. på alle medier.", 16, 2, 3),
    // Ask Dr. Jensen, e.g. by phone, before you post. | Bring photos, videos etc. | Then wait.
    // 9 + 4 + 2 = 15 words, 3 sentences, none longer than six letters: LIX 5
    Counted {
        text: "Ask Dr. Jensen, e.g. by phone, before you post. Bring photos, videos etc. Then wait.",
        language: Language::En,
        words: 15,
        sentences: 3,
        long_words: 0,
    },
    // Læs retningslinjerne* grundigt* inden du skriver*. | Kontakt* din nærmeste* leder ved tvivl.
    // 6 + 6 = 12 words, 2 sentences, 5 long: LIX 6 + 41.7 = 47.7
    da("Læs [retningslinjerne](gode-raad.md) *grundigt*\ninden du skriver. Kontakt din nærmeste leder ved tvivl.", 12, 2, 5),
];

#[test]
fn lix_is_within_one_of_the_hand_count_on_ten_paragraphs() {
    for counted in COUNTED {
        let score = score_of_markdown(counted.text, counted.language);
        let hand = Score {
            words: counted.words,
            sentences: counted.sentences,
            long_words: counted.long_words,
        };
        assert!(
            (score.lix_exact() - hand.lix_exact()).abs() <= 1.0,
            "{}: counted {score:?}, by hand {hand:?}",
            counted.text
        );
        assert_eq!(score, hand, "{}", counted.text);
    }
}

#[test]
fn bands_follow_the_thresholds() {
    let settings = Rules::defaults(Language::Da);
    let bands: Vec<Band> = [40, 41, 44, 45, 54, 55]
        .map(|l| Band::of(l, &settings))
        .to_vec();
    assert_eq!(
        bands,
        [
            Band::Easy,
            Band::Medium,
            Band::Medium,
            Band::Hard,
            Band::Hard,
            Band::VeryHard
        ]
    );
}

fn page(body: &str) -> Page {
    Page {
        id: crate::content::PageId("side".into()),
        source: "content/e1/side.md".into(),
        path: "side.md".into(),
        url: "side/".into(),
        title: "Side".into(),
        weight: 0,
        summary: None,
        body: body.into(),
        body_line_offset: 3,
    }
}

fn config() -> SiteConfig {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: T\norganisation: O\nbase_url: https://example.org/\n",
    )
    .unwrap();
    crate::config::load(dir.path()).unwrap()
}

#[test]
fn a_hard_page_warns_and_its_long_sentence_and_plain_words_are_placed_at_their_lines() {
    let body = "## Regler\n\nDu må gerne.\n\nSåfremt ansatte i Sønderborg Kommune har brug for at tilgå et socialt medie i forbindelse med deres arbejde, kan ansatte ikke tvinges til at oprette en profil på Facebook og andre sociale medie.\n";
    let findings = page_findings(&config(), &page(body));
    let shown: Vec<(Severity, String)> = findings
        .iter()
        .map(|f| {
            (
                f.severity,
                f.problem.to_string().lines().next().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(shown[0].0, Severity::Warning);
    assert!(
        shown[0].1.starts_with("content/e1/side.md: LIX 51 (svær): sætningerne har i snit 18 ord, og 33 % af ordene er lange"),
        "{shown:?}"
    );
    assert_eq!(
        shown[1],
        (
            Severity::Warning,
            "content/e1/side.md:8:1: sætningen har 33 ord (højst 25): \"Såfremt ansatte i Sønderborg Kommune har …\"".to_string()
        )
    );
    assert_eq!(
        shown[2],
        (
            Severity::Note,
            "content/e1/side.md:8:1: \"Såfremt\" kan skrives enklere: \"hvis\"".to_string()
        )
    );
    assert!(
        shown[3..]
            .iter()
            .any(|(_, s)| s.starts_with("content/e1/side.md:8:54: \"tilgå\"")),
        "{shown:?}"
    );
    let phrase = findings
        .iter()
        .find(|f| f.problem.message.starts_with("\"i forbindelse med\""))
        .expect("the phrase is found");
    assert_eq!(phrase.problem.width, Some("i forbindelse med".len()));
}

#[test]
fn a_phrase_covers_its_words_in_the_file_markup_and_line_breaks_included() {
    let body = "Det sker i *henhold*\ntil loven.\n";
    let findings = page_findings(&config(), &page(body));
    let phrase = findings
        .iter()
        .find(|f| f.problem.message.starts_with("\"i henhold til\""))
        .expect("the phrase is found");
    assert_eq!(
        phrase.problem.width,
        Some("i *henhold*\ntil".chars().count())
    );
}

#[test]
fn a_short_page_gets_no_figure_and_an_easy_one_nothing() {
    assert!(page_findings(&config(), &page("Spørg din leder.\n")).is_empty());
    let easy = "Du må gerne dele opslag. Tænk dig om. Skriv pænt. Del ikke billeder af andre uden lov. Spørg din leder, hvis du er i tvivl. Vær venlig. Skriv kort.\n";
    assert!(page_findings(&config(), &page(easy)).is_empty());
}
