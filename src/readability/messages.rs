//! What the readability findings say, in the site's language: the writers read them, so a
//! Danish site gets Danish messages (unlike pjece's other messages, which speak to whoever
//! runs the build).

use super::{Band, LongSentence, Part, Score};
use crate::config::Language;

/// The band's name: "middel", "svær", "meget svær".
pub(crate) fn band(band: Band, language: Language) -> &'static str {
    match (language, band) {
        (Language::Da, Band::Easy) => "let",
        (Language::Da, Band::Medium) => "middel",
        (Language::Da, Band::Hard) => "svær",
        (Language::Da, Band::VeryHard) => "meget svær",
        (Language::En, Band::Easy) => "easy",
        (Language::En, Band::Medium) => "medium",
        (Language::En, Band::Hard) => "hard",
        (Language::En, Band::VeryHard) => "very hard",
    }
}

/// `LIX 52 (svær): sætningerne har i snit 21 ord, og 38 % af ordene er lange`.
pub(crate) fn score(score: &Score, band: Band, language: Language) -> String {
    let lix = score.lix();
    let per_sentence = score.words_per_sentence().round();
    let long = score.long_share_percent().round();
    let name = self::band(band, language);
    match language {
        Language::Da => format!(
            "LIX {lix} ({name}): sætningerne har i snit {per_sentence} ord, og {long} % af ordene er lange"
        ),
        Language::En => format!(
            "LIX {lix} ({name}): the sentences have {per_sentence} words on average, and {long} % of the words are long"
        ),
    }
}

/// What to change first: the longer sentences, the long words, or both.
pub(crate) fn score_hint(score: &Score, language: Language) -> String {
    let long_sentences = score.words_per_sentence() > 15.0;
    let long_words = score.long_share_percent() > 30.0;
    match (language, long_sentences, long_words) {
        (Language::Da, true, false) => "del de lange sætninger op: en sætning på 10–15 ord er let at læse. Hver sjette voksne læser dårligt; tekst for alle bør have LIX 40 eller derunder".to_string(),
        (Language::Da, false, true) => "vælg korte, almindelige ord, hvor du kan (brug frem for anvende, hvis frem for såfremt). Hver sjette voksne læser dårligt; tekst for alle bør have LIX 40 eller derunder".to_string(),
        (Language::Da, _, _) => "skriv kortere sætninger (10–15 ord) og brug korte, almindelige ord, hvor du kan. Hver sjette voksne læser dårligt; tekst for alle bør have LIX 40 eller derunder".to_string(),
        (Language::En, true, false) => "split the long sentences: a sentence of 10–15 words is easy to read. Text for everyone should score LIX 40 or less".to_string(),
        (Language::En, false, true) => "choose short, everyday words where you can (use rather than utilise). Text for everyone should score LIX 40 or less".to_string(),
        (Language::En, _, _) => "write shorter sentences (10–15 words) and short, everyday words where you can. Text for everyone should score LIX 40 or less".to_string(),
    }
}

/// `sætningen har 33 ord (højst 25): "Såfremt ansatte i …"`.
pub(crate) fn long_sentence(sentence: &LongSentence, most: usize, language: Language) -> String {
    let (words, opening) = (sentence.words, &sentence.opening);
    match language {
        Language::Da => format!("sætningen har {words} ord (højst {most}): \"{opening} …\""),
        Language::En => {
            format!("the sentence has {words} words (at most {most}): \"{opening} …\"")
        }
    }
}

pub(crate) fn long_sentence_hint(language: Language) -> &'static str {
    match language {
        Language::Da => "del den i to eller flere sætninger, og sig det vigtigste først",
        Language::En => {
            "split it into two or more sentences, and say the most important thing first"
        }
    }
}

/// `"såfremt" kan skrives enklere: "hvis"`.
pub(crate) fn plain_word(written: &str, instead: &str, language: Language) -> String {
    match language {
        Language::Da => format!("\"{written}\" kan skrives enklere: \"{instead}\""),
        Language::En => format!("\"{written}\" has a plainer word: \"{instead}\""),
    }
}

pub(crate) fn plain_word_hint(language: Language) -> &'static str {
    match language {
        Language::Da => "et almindeligt ord er lettere at læse; lad ordet stå, hvis det er det rigtige her (listen: `readability.words` i site.yaml)",
        Language::En => "an everyday word is easier to read; keep this one if it is the right word here (the list: `readability.words` in site.yaml)",
    }
}

/// `folderen i udgaven `e1`, flappen (panel A)`, for a leaflet part on `panels`.
pub(crate) fn part(part: Part, edition: &str, panels: &[String], language: Language) -> String {
    let name = part_name(part, language);
    let on = match (language, panels.len()) {
        (_, 0) => String::new(),
        (Language::Da, 1) | (Language::En, 1) => format!(" (panel {})", panels[0]),
        (Language::Da, _) => format!(" (panelerne {})", panels.join(", ")),
        (Language::En, _) => format!(" (panels {})", panels.join(", ")),
    };
    match language {
        Language::Da => format!("folderen i udgaven `{edition}`, {name}{on}"),
        Language::En => format!("the leaflet of edition `{edition}`, {name}{on}"),
    }
}

/// "flappen", "the inside panels".
pub fn part_name(part: Part, language: Language) -> &'static str {
    match (language, part) {
        (Language::Da, Part::Flap) => "flappen",
        (Language::Da, Part::Back) => "bagsiden",
        (Language::Da, Part::Inside) => "indersiden",
        (Language::En, Part::Flap) => "the flap",
        (Language::En, Part::Back) => "the back",
        (Language::En, Part::Inside) => "the inside panels",
    }
}

/// The hint for a leaflet part: the same advice, and where its text comes from.
pub(crate) fn part_hint(score: &Score, language: Language) -> String {
    let advice = score_hint(score, language);
    match language {
        Language::Da => {
            format!("{advice}. Teksten kommer fra de sider, leaflet.yaml sætter i panelet")
        }
        Language::En => {
            format!("{advice}. The text comes from the pages leaflet.yaml puts in the panel")
        }
    }
}
