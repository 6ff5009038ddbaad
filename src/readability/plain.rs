//! Plainer words: an advisory list of official words and phrases with everyday ones to use
//! instead (`såfremt` → `hvis`), as Digitaliseringsstyrelsen's and Sprognævnet's advice on
//! plain Danish gives them. Each word found is a note, never a warning: `dog` or `samt` can
//! be the right word, and only the writer knows.
//!
//! A site adds words of its own, or changes a suggestion, under `readability.words` in
//! site.yaml; an empty suggestion takes a built-in word off the list.

use super::split::Word;
use crate::config::Language;
use std::collections::HashMap;

/// The built-in Danish list: word or phrase (small letters) → what to write instead.
const DANISH: &[(&str, &str)] = &[
    ("såfremt", "hvis"),
    ("vedrørende", "om"),
    ("hvorvidt", "om"),
    ("påhviler", "er …s ansvar, eller: skal"),
    ("i henhold til", "efter"),
    ("foranlediget af", "på grund af"),
    ("endvidere", "også"),
    ("dog", "men"),
    ("iværksætte", "starte, sætte i gang"),
    ("iværksættes", "startes, sættes i gang"),
    ("fremsende", "sende"),
    ("fremsendes", "sendes"),
    ("tilsende", "sende"),
    ("anvende", "bruge"),
    ("anvendes", "bruges"),
    ("anvender", "bruger"),
    ("benytte", "bruge"),
    ("benyttes", "bruges"),
    ("tilgå", "gå ind på, bruge"),
    ("i forbindelse med", "ved, når"),
    ("med henblik på", "for at"),
    ("herunder", "blandt andet, fx"),
    ("idet", "fordi"),
    ("eftersom", "fordi"),
    ("samt", "og"),
    ("jævnfør", "se"),
    ("forefindes", "findes, er"),
    ("foretage", "gøre, lave"),
    ("pågældende", "den, det"),
    ("i medfør af", "efter"),
    ("fornøden", "nødvendig"),
    ("fornødne", "nødvendige"),
    ("hvorledes", "hvordan"),
    ("tillige", "også"),
    ("således", "sådan, så"),
    ("indenfor rammerne af", "inden for"),
    ("besidde", "have, eje"),
    ("erhverve", "få, købe"),
    ("påbegynde", "begynde, starte"),
    ("afholde", "holde"),
];

/// The built-in English list.
const ENGLISH: &[(&str, &str)] = &[
    ("utilise", "use"),
    ("utilize", "use"),
    ("commence", "start"),
    ("in accordance with", "under, by"),
    ("prior to", "before"),
    ("subsequent to", "after"),
    ("in order to", "to"),
    ("with regard to", "about"),
    ("in the event that", "if"),
    ("notwithstanding", "despite"),
    ("henceforth", "from now on"),
    ("forthwith", "at once"),
    ("facilitate", "help"),
    ("endeavour", "try"),
    ("approximately", "about"),
    ("ascertain", "find out"),
    ("in respect of", "about"),
    ("pursuant to", "under"),
    ("whilst", "while"),
    ("furthermore", "also"),
    ("regarding", "about"),
];

/// A word or phrase of the list found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// The words as written.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) instead: String,
}

/// The list of a site, ready to look words up in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainWords {
    /// By the phrase's first word: the rest of its words and the suggestion.
    by_first: HashMap<String, Vec<(Vec<String>, String)>>,
    /// Which (first letter, last letter, length in bytes) a first word can have, so that nearly every
    /// word of a text is passed over without being lower-cased and hashed: a site of 10,000
    /// pages has millions of words, and the list a few dozen.
    maybe: Prefilter,
    /// The same for words in ASCII and Latin-1 letters, by their first eight bytes and their
    /// length: stricter, as such a word and its small letters agree in those.
    maybe_latin1: Latin1Filter,
}

/// A set of (first eight bytes, length) of words, each byte `| 0x20`, hashed into a table of
/// bits. For a word in ASCII and Latin-1 letters, `| 0x20` makes each byte what it is in the
/// word in small letters (a capital differs in that bit alone; the first byte of a two-byte
/// letter is the same for both), so a word and its small letters have the same bit. Eight
/// bytes hold most words whole, so nearly no other word shares a listed word's bit, and
/// they are read from the text in one load.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Latin1Filter(Vec<u64>);

impl Default for Latin1Filter {
    fn default() -> Self {
        Latin1Filter(vec![0; Latin1Filter::BITS / 64])
    }
}

impl Latin1Filter {
    const BITS: usize = 1 << 15;

    /// The bit of the word at `range` of `text`.
    fn bit(text: &[u8], range: std::ops::Range<usize>) -> usize {
        let len = range.len();
        let first = match text.get(range.start..range.start + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
            None => {
                let mut padded = [0u8; 8];
                let word = &text[range.clone()];
                let n = word.len().min(8);
                padded[..n].copy_from_slice(&word[..n]);
                u64::from_le_bytes(padded)
            }
        };
        let kept = if len >= 8 {
            !0
        } else {
            (1u64 << (8 * len)) - 1
        };
        let key = ((first | 0x2020_2020_2020_2020) & kept) ^ (len as u64) << 59;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 15)) as usize
    }

    fn insert(&mut self, word: &str) {
        let bit = Latin1Filter::bit(word.as_bytes(), 0..word.len());
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_contain(&self, text: &[u8], range: std::ops::Range<usize>) -> bool {
        let bit = Latin1Filter::bit(text, range);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// A set of (first letter, last letter, length), hashed into a table of bits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Prefilter([u64; 64]);

impl Default for Prefilter {
    fn default() -> Self {
        Prefilter([0; 64])
    }
}

impl Prefilter {
    /// The bit of a word: its first and last byte and its length. `| 0x20` makes an ASCII
    /// capital small, and the last byte of a capital Æ, Ø or Å small too (their UTF-8
    /// differs from æ, ø, å in that bit alone); the first byte of a two-byte letter is the
    /// same for both.
    fn bit(bytes: &[u8]) -> Option<usize> {
        let (first, last) = (*bytes.first()? | 0x20, *bytes.last()? | 0x20);
        Some((first as usize * 31 + last as usize * 7 + bytes.len()) % (64 * 64))
    }

    fn insert(&mut self, word: &str) {
        if let Some(bit) = Prefilter::bit(word.as_bytes()) {
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    fn may_contain(&self, word: &[u8]) -> bool {
        Prefilter::bit(word).is_some_and(|bit| self.0[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

impl PlainWords {
    /// The built-in list of `language` with the site's own `words` over it (an empty
    /// suggestion takes a word off).
    pub fn new(language: Language, words: &[(String, String)]) -> PlainWords {
        let built_in = match language {
            Language::Da => DANISH,
            Language::En => ENGLISH,
        };
        let mut all: Vec<(String, String)> = built_in
            .iter()
            .map(|(w, i)| (w.to_string(), i.to_string()))
            .collect();
        for (word, instead) in words {
            let word = word.trim().to_lowercase();
            all.retain(|(w, _)| *w != word);
            if !instead.trim().is_empty() {
                all.push((word, instead.trim().to_string()));
            }
        }
        let mut by_first: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        let mut maybe = Prefilter::default();
        let mut maybe_latin1 = Latin1Filter::default();
        for (phrase, instead) in all {
            let mut words = phrase.split_whitespace().map(str::to_string);
            let Some(first) = words.next() else { continue };
            maybe.insert(&first);
            maybe_latin1.insert(&first);
            by_first
                .entry(first)
                .or_default()
                .push((words.collect(), instead));
        }
        PlainWords {
            by_first,
            maybe,
            maybe_latin1,
        }
    }

    /// Whether `word` may start a word or phrase of the list: asked of every word of a text,
    /// so without lower-casing or hashing it.
    pub(crate) fn may_start(&self, text: &str, word: Word) -> bool {
        // Capitals and small letters of Danish take as many bytes, so the length of a word
        // as written is its length in small letters.
        if word.latin1 {
            self.maybe_latin1
                .may_contain(text.as_bytes(), word.start..word.end)
        } else {
            self.maybe
                .may_contain(&text.as_bytes()[word.start..word.end])
        }
    }

    /// Every word or phrase of the list in `text` that starts at one of `candidates` (words
    /// of `text` that passed [`PlainWords::may_start`]).
    pub(crate) fn find(&self, text: &str, candidates: &[Word]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut key = String::new();
        for word in candidates {
            lower_into(&mut key, &text[word.start..word.end]);
            let Some(phrases) = self.by_first.get(key.as_str()) else {
                continue;
            };
            for (rest, instead) in phrases {
                let mut end = word.end;
                let mut following = super::split::words_from(text, word.end);
                let follows = rest.iter().all(|want| {
                    following.next().is_some_and(|w| {
                        end = w.end;
                        text[w.start..w.end]
                            .chars()
                            .flat_map(char::to_lowercase)
                            .eq(want.chars())
                    })
                });
                if follows {
                    hits.push(Hit {
                        start: word.start,
                        end,
                        instead: instead.clone(),
                    });
                    break;
                }
            }
        }
        hits
    }
}

fn lower_into(key: &mut String, word: &str) {
    key.clear();
    key.extend(word.chars().flat_map(char::to_lowercase));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The listed words of `text`, each word asked of the filter as the analyser asks it.
    fn found(list: &PlainWords, text: &str) -> Vec<(String, String)> {
        let candidates: Vec<Word> = super::super::split::split(text, Language::Da)
            .concat()
            .into_iter()
            .filter(|w| list.may_start(text, *w))
            .collect();
        list.find(text, &candidates)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.instead))
            .collect()
    }

    #[test]
    fn words_and_phrases_are_found_whatever_their_case() {
        let list = PlainWords::new(Language::Da, &[]);
        assert_eq!(
            found(&list, "Såfremt du vil, sker det i henhold til loven."),
            [
                ("Såfremt".to_string(), "hvis".to_string()),
                ("i henhold til".to_string(), "efter".to_string())
            ]
        );
        assert!(found(&list, "Hvis du vil, sker det efter loven.").is_empty());
    }

    #[test]
    fn a_site_adds_words_and_takes_built_in_ones_off() {
        let list = PlainWords::new(
            Language::Da,
            &[
                ("iværksætte".into(), "starte".into()),
                ("dog".into(), String::new()),
                ("Borgerhenvendelse".into(), "spørgsmål fra borgere".into()),
            ],
        );
        assert_eq!(
            found(&list, "Vi vil dog iværksætte en borgerhenvendelse."),
            [
                ("iværksætte".to_string(), "starte".to_string()),
                (
                    "borgerhenvendelse".to_string(),
                    "spørgsmål fra borgere".to_string()
                )
            ]
        );
    }

    #[test]
    fn the_danish_list_has_at_least_twenty_words() {
        assert!(DANISH.len() >= 20);
    }
}
