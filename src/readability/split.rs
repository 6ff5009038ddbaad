//! Words and sentences of a block of running text, as LIX counts them.
//!
//! Takes the text of one paragraph or list item ([`super::extract`]); returns its sentences,
//! each with its words and where they start in the text. The end of the block always ends a
//! sentence (a list item without a full stop is a sentence of its own).
//!
//! A **word** is a run of letters and digits, joined by single hyphens, apostrophes or dots
//! without a space (`f.eks.`, `bl.a.`, `1.000`), with at least one letter in it. Its
//! length is the number of its letters, so `it-sikkerhed` is one word of eleven letters
//! (Danish writes such compounds as one word with a hyphen) and `A4` one of one letter;
//! `2025`, `1.000` and `§` are not words. A slash parts words (`institution/center`
//! is two), as it does when read aloud.
//!
//! A **sentence** ends at `.`, `!` or `?` followed by a space or the end of the block
//! (closing quotes and brackets may come between), and at `:` followed by a space and a
//! capital letter (LIX counts the colon as a full stop when a new sentence follows it, as
//! Björnsson did; `følgende: navn og adresse` stays one sentence). It does not end:
//! - when the next word starts with a small letter (`ca. kl. 10`, `den 1. januar`, `§ 3,
//!   stk. 2`);
//! - after an abbreviation that never ends a sentence ([`NEVER_LAST_DA`], e.g. `jf. Lov om`,
//!   `f.eks. Facebook`), whatever follows;
//! - after a single capital letter (an initial: `H. C. Andersen`);
//! - after a number when the next word starts with a digit (`den 3. 4. og 5. maj`: a list
//!   of numbers).
//!
//! Abbreviations that often close a sentence (`osv.`, `m.m.`, `etc.`) end it when a capital
//! letter follows, like any other word.

use crate::config::Language;

/// One word: where it starts and ends in the block's text (bytes) and how many letters it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) letters: usize,
    /// Whether it is written in ASCII and Latin-1 letters (æ, ø, å, é) alone, whose capitals
    /// differ from their small letters in one bit, so that the plain-word list can be asked
    /// without lower-casing it ([`super::PlainWords::may_start`]).
    pub(crate) latin1: bool,
}

/// What the splitter tells as it reads a block: each word, and each end of a sentence. The
/// words are not collected: a site of 10,000 pages has millions, and the readability stage
/// keeps only counts and the few words it reports.
pub(crate) trait Reader {
    /// The next word of the block `text`.
    fn word(&mut self, text: &str, word: Word);
    /// The end of a sentence, which has at least one word.
    fn sentence_end(&mut self, sentence: Sentence);
}

/// A sentence of a block, told at its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// Where it starts in the block's text.
    pub(crate) start: usize,
    pub(crate) words: usize,
    /// Where its first [`QUOTED_WORDS`] words end, to quote it by.
    pub(crate) opening_end: usize,
}

/// How many words of a sentence its [`Sentence::opening_end`] takes in.
pub(crate) const QUOTED_WORDS: usize = 6;

/// What a block holds, counted as LIX counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) words: usize,
    /// Words of more than [`LONG_WORD`] letters.
    pub(crate) long_words: usize,
    pub(crate) sentences: usize,
}

/// The splitter's count of the block, and the sentence under way.
#[derive(Default)]
struct Under {
    counts: Counts,
    sentence: Sentence,
}

/// LIX counts a word of more letters than this as long.
pub(crate) const LONG_WORD: usize = 6;

/// Danish abbreviations that never end a sentence: a word follows them in the same sentence
/// (`jf. Persondataforordningen`, `bl.a. Facebook`, `kl. 10`, `nr. 3`).
pub(crate) const NEVER_LAST_DA: &[&str] = &[
    "adm.", "afd.", "alm.", "ang.", "anm.", "ant.", "att.", "bl.a.", "ca.", "cand.", "dir.", "do.",
    "dvs.", "eks.", "el.", "evt.", "f.", "f.eks.", "fhv.", "fk.", "fr.", "fx.", "gl.", "hhv.",
    "hr.", "ifm.", "iflg.", "ift.", "inkl.", "jf.", "jvf.", "kap.", "kl.", "kr.", "lign.", "mht.",
    "mtp.", "nr.", "ndf.", "ovenn.", "ovf.", "pga.", "pkt.", "prof.", "s.", "sdr.", "sept.",
    "skt.", "st.", "stk.", "t.", "tlf.", "t.o.m.", "tv.", "udd.", "vedr.", "vha.", "vsa.",
    "ekskl.", "fa.", "fm.", "jan.", "feb.", "aug.", "okt.", "nov.", "dec.", "afs.", "bd.", "ff.",
    "mdr.", "min.", "sek.", "gr.",
];

/// Danish abbreviations that often close a sentence; they end one when a capital follows.
pub(crate) const MAY_BE_LAST_DA: &[&str] = &[
    "osv.", "m.m.", "mm.", "mv.", "m.v.", "m.fl.", "mfl.", "o.l.", "ol.", "o.lign.", "el.lign.",
    "etc.", "m.a.o.", "p.t.", "pt.", "d.d.", "dgl.", "ndf.", "o.a.",
];

/// English abbreviations that never end a sentence.
pub(crate) const NEVER_LAST_EN: &[&str] = &[
    "e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "prof.", "no.", "nos.", "vs.", "cf.", "st.",
    "approx.", "dept.", "fig.", "p.", "pp.", "para.", "sec.", "art.", "ch.", "vol.", "jan.",
    "feb.", "aug.", "sept.", "oct.", "nov.", "dec.", "incl.", "excl.", "esp.", "viz.", "re.",
    "ref.", "tel.", "min.", "max.", "approx.", "jr.", "sr.", "gen.", "col.", "lt.", "capt.",
];

/// English abbreviations that often close a sentence.
pub(crate) const MAY_BE_LAST_EN: &[&str] = &[
    "etc.", "et al.", "al.", "ltd.", "inc.", "co.", "a.m.", "p.m.", "u.s.", "u.k.", "e.u.",
];

/// The lists as numbers ([`key`]), sorted, to look up at a full stop by a binary search
/// without comparing strings.
const NEVER_LAST_DA_KEYS: [u64; NEVER_LAST_DA.len()] = keys(NEVER_LAST_DA);
const MAY_BE_LAST_DA_KEYS: [u64; MAY_BE_LAST_DA.len()] = keys(MAY_BE_LAST_DA);
const NEVER_LAST_EN_KEYS: [u64; NEVER_LAST_EN.len()] = keys(NEVER_LAST_EN);
const MAY_BE_LAST_EN_KEYS: [u64; MAY_BE_LAST_EN.len()] = keys(MAY_BE_LAST_EN);

/// An abbreviation of at most eight ASCII bytes as one number, its bytes in order; the build
/// fails if a list gets a longer one. Every abbreviation and every token it is compared with
/// ends in a full stop, so the zeros after a shorter one cannot make two of them equal.
const fn key(abbreviation: &str) -> u64 {
    let bytes = abbreviation.as_bytes();
    assert!(bytes.len() <= 8, "an abbreviation of more than eight bytes");
    let mut key = 0u64;
    let mut i = 0;
    while i < bytes.len() {
        key |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The keys of `list`, sorted (an insertion sort: it runs once, when pjece is compiled).
const fn keys<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut keys = [0u64; N];
    let mut i = 0;
    while i < N {
        let key = key(list[i]);
        let mut at = i;
        while at > 0 && keys[at - 1] > key {
            keys[at] = keys[at - 1];
            at -= 1;
        }
        keys[at] = key;
        i += 1;
    }
    keys
}

/// The [`key`] of `token` in small letters, if it is ASCII and short enough to be on a list.
fn lowered_key(token: &str) -> Option<u64> {
    if token.len() > 8 || !token.is_ascii() {
        return None;
    }
    let mut key = 0u64;
    for (i, b) in token.bytes().enumerate() {
        key |= (b.to_ascii_lowercase() as u64) << (8 * i);
    }
    Some(key)
}

/// The sentences of one block of running text, each as its words (for tests).
#[cfg(test)]
pub(crate) fn split(text: &str, language: Language) -> Vec<Vec<Word>> {
    struct Sentences(Vec<Vec<Word>>, Vec<Word>);
    impl Reader for Sentences {
        fn word(&mut self, _: &str, word: Word) {
            self.1.push(word);
        }
        fn sentence_end(&mut self, sentence: Sentence) {
            assert_eq!(sentence.words, self.1.len());
            self.0.push(std::mem::take(&mut self.1));
        }
    }
    let mut sentences = Sentences(Vec::new(), Vec::new());
    split_into(text, language, &mut sentences);
    sentences.0
}

/// What an ASCII byte is to the splitter. Bytes from 0x80 start or continue a character of
/// more bytes, which is decoded to be asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    Digit,
    /// `.`, `!` or `?`: may end a sentence.
    Stop,
    Colon,
    /// Spaces, other punctuation and signs: no word.
    Other,
    Multibyte,
}

/// The [`Kind`] of every byte, looked up once per byte of the text.
const KINDS: [Kind; 256] = {
    let mut kinds = [Kind::Other; 256];
    let mut b = 0;
    while b < 256 {
        kinds[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Kind::Letter,
            b'0'..=b'9' => Kind::Digit,
            b'.' | b'!' | b'?' => Kind::Stop,
            b':' => Kind::Colon,
            0x80.. => Kind::Multibyte,
            _ => Kind::Other,
        };
        b += 1;
    }
    kinds
};

/// Reads one block of running text, telling `reader` its words and its sentences, and returns
/// its counts. One pass over the bytes, each ASCII byte looked up in [`KINDS`]; only the few
/// bytes that may end a sentence are looked at more closely.
pub(crate) fn split_into(text: &str, language: Language, reader: &mut impl Reader) -> Counts {
    let abbreviations = match language {
        Language::Da => (&NEVER_LAST_DA_KEYS[..], &MAY_BE_LAST_DA_KEYS[..]),
        Language::En => (&NEVER_LAST_EN_KEYS[..], &MAY_BE_LAST_EN_KEYS[..]),
    };
    let mut open = Under::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let ends = match KINDS[b as usize] {
            Kind::Letter | Kind::Digit => {
                i = take_word(text, i, reader, &mut open);
                continue;
            }
            Kind::Other => {
                i += 1;
                continue;
            }
            Kind::Stop => ends_at_stop(text, i, 1, b == b'.', abbreviations),
            Kind::Colon => {
                bytes.get(i + 1).is_some_and(|b| b.is_ascii_whitespace())
                    && next_starts_capital(text, i + 1)
            }
            Kind::Multibyte => {
                let (c, len) = decode(text, i);
                if is_word_char(c) {
                    i = take_word(text, i, reader, &mut open);
                    continue;
                }
                if c == '…' && ends_at_stop(text, i, len, false, abbreviations) {
                    close(reader, &mut open);
                }
                i += len;
                continue;
            }
        };
        if ends {
            close(reader, &mut open);
        }
        i += 1;
    }
    close(reader, &mut open);
    open.counts
}

/// Tells `reader` the word at `start` if it has a letter (a number is passed over), and
/// returns where it ends.
fn take_word(text: &str, start: usize, reader: &mut impl Reader, open: &mut Under) -> usize {
    let word = read_word(text, start);
    if word.letters > 0 {
        open.counts.words += 1;
        open.counts.long_words += usize::from(word.letters > LONG_WORD);
        let sentence = &mut open.sentence;
        if sentence.words == 0 {
            sentence.start = word.start;
        }
        sentence.words += 1;
        if sentence.words <= QUOTED_WORDS {
            sentence.opening_end = word.end;
        }
        reader.word(text, word);
    }
    word.end
}

/// Ends the sentence under way, if it has words.
fn close(reader: &mut impl Reader, open: &mut Under) {
    if open.sentence.words > 0 {
        open.counts.sentences += 1;
        reader.sentence_end(std::mem::take(&mut open.sentence));
    }
}

/// The words with letters in `text` from byte `at` on, as [`split_into`] finds them: for
/// the rest of a phrase after its first word.
pub(crate) fn words_from(text: &str, mut at: usize) -> impl Iterator<Item = Word> + '_ {
    std::iter::from_fn(move || {
        while at < text.len() {
            let (c, len) = decode(text, at);
            if is_word_char(c) {
                let word = read_word(text, at);
                at = word.end;
                if word.letters > 0 {
                    return Some(word);
                }
            } else {
                at += len;
            }
        }
        None
    })
}

/// Whether the `.`, `!`, `?` or `…` of `len` bytes at `at` ends the sentence.
fn ends_at_stop(
    text: &str,
    at: usize,
    len: usize,
    full_stop: bool,
    abbreviations: (&[u64], &[u64]),
) -> bool {
    let after = closing_end(text, at + len);
    followed_by_space_or_end(text, after)
        && !(full_stop && stays_in_sentence(text, at, after, abbreviations))
        && !next_starts_small(text, after)
}

/// The character at byte `i` and its length; æ, ø, å and the other Latin-1 letters (two bytes
/// starting with 0xC3) without the general decoder.
fn decode(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    match bytes[i] {
        b @ 0..0x80 => (b as char, 1),
        0xC3 => (char::from(0xC0 | (bytes[i + 1] & 0x3F)), 2),
        _ => {
            let c = char_at(text, i);
            (c, c.len_utf8())
        }
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && is_letter(c)) || c.is_numeric()
}

/// Whether a word character starts at byte `at`.
fn word_char_at(text: &str, at: usize) -> bool {
    at < text.len() && is_word_char(decode(text, at).0)
}

/// A letter, asked of ASCII and the Latin-1 letters (æ, ø, å, é) first: nearly every letter of
/// Danish text is one of them, and the general Unicode table is slow to ask.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '×' | '÷' => false,
        'À'..='ÿ' => true,
        c if c.is_ascii() || (c as u32) < 0xC0 => false,
        c => c.is_alphabetic(),
    }
}

/// The word starting at `start`, which is a letter or a digit: letters and digits, joined by
/// single hyphens, apostrophes and dots (`f.eks`, `1.000`), and commas between digits (`3,5`).
fn read_word(text: &str, start: usize) -> Word {
    let bytes = text.as_bytes();
    let (mut i, mut letters, mut latin1) = (start, 0, true);
    loop {
        let (run, run_letters) = super::runs::alnum_run(&bytes[i..]);
        i += run;
        letters += run_letters;
        let Some(&b) = bytes.get(i) else { break };
        // What follows a joining character must be a word character, which the next round
        // reads: a word always ends after a letter or digit.
        let joins = match b {
            b'-' | b'\'' | b'.' => word_char_at(text, i + 1),
            b',' => {
                bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            }
            // æ, ø, å, é and the other Latin-1 letters: all of 0xC3 0x80–0xBF but × and ÷.
            0xC3 if bytes.get(i + 1).is_some_and(|&next| {
                (0x80..=0xBF).contains(&next) && next != 0x97 && next != 0xB7
            }) =>
            {
                letters += 1;
                i += 2;
                continue;
            }
            0x80.. => {
                latin1 &= b == 0xC3;
                let (c, len) = decode(text, i);
                if is_word_char(c) {
                    letters += usize::from(is_letter(c));
                    i += len;
                    continue;
                }
                if matches!(c, '’' | '\u{ad}') && word_char_at(text, i + len) {
                    i += len;
                    continue;
                }
                false
            }
            _ => false,
        };
        if !joins {
            break;
        }
        i += 1;
    }
    Word {
        start,
        end: i,
        letters,
        latin1,
    }
}

/// Past the closing quotes and brackets after a full stop (`."` or `.)`).
fn closing_end(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next() {
        if matches!(
            c,
            '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '«' | '*' | '_'
        ) {
            at += c.len_utf8();
        } else {
            break;
        }
    }
    at
}

fn followed_by_space_or_end(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(char::is_whitespace)
}

/// The first letter or digit after `at`, skipping spaces, quotes and brackets.
fn next_visible(text: &str, at: usize) -> Option<char> {
    text[at..]
        .chars()
        .find(|c| c.is_alphanumeric() || *c == '§')
}

fn next_starts_small(text: &str, at: usize) -> bool {
    next_visible(text, at).is_some_and(char::is_lowercase)
}

fn next_starts_capital(text: &str, at: usize) -> bool {
    next_visible(text, at).is_some_and(char::is_uppercase)
}

/// Whether the full stop at `dot` belongs to the word before it rather than ending the
/// sentence: an abbreviation that never ends one, an initial, or a number before a digit.
fn stays_in_sentence(
    text: &str,
    dot: usize,
    after: usize,
    (never_last, may_be_last): (&[u64], &[u64]),
) -> bool {
    let token_start = text[..dot]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '«' | '»' | '“'))
        .map_or(0, |i| i + char_at(text, i).len_utf8());
    let token = &text[token_start..=dot];
    // Asked at nearly every full stop: the token as one number, compared with the lists'.
    if let Some(key) = lowered_key(token) {
        if never_last.binary_search(&key).is_ok() {
            return true;
        }
        if may_be_last.binary_search(&key).is_ok() {
            return false;
        }
    }
    let mut letters = token[..token.len() - 1].chars();
    let initial = matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    let number = token[..token.len() - 1].chars().all(|c| c.is_ascii_digit()) && token.len() > 1;
    initial || (number && next_visible(text, after).is_some_and(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of `text` as their words.
    fn sentences(text: &str, language: Language) -> Vec<String> {
        split(text, language)
            .iter()
            .map(|words| {
                words
                    .iter()
                    .map(|w| &text[w.start..w.end])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn da(text: &str) -> Vec<String> {
        sentences(text, Language::Da)
    }

    #[test]
    fn abbreviations_that_never_end_a_sentence_do_not_split_it() {
        assert_eq!(
            da("Du kan bl.a. bruge Facebook, jf. Persondataforordningen. Det er f.eks. tilladt."),
            [
                "Du kan bl.a bruge Facebook jf Persondataforordningen",
                "Det er f.eks tilladt"
            ]
        );
        assert_eq!(
            da("Mød op kl. 10 ca. hver dag. Ring på tlf. 88 72 40 00."),
            ["Mød op kl ca hver dag", "Ring på tlf"]
        );
    }

    #[test]
    fn paragraphs_numbers_and_dates_stay_in_their_sentence() {
        assert_eq!(
            da("Efter § 3, stk. 2, gælder reglen fra den 1. januar 2025. Den koster 1.000 kr. om året."),
            ["Efter stk gælder reglen fra den januar", "Den koster kr om året"]
        );
        assert_eq!(
            da("Se afsnit 3.2 og side 4. Derefter kommer resten."),
            ["Se afsnit og side", "Derefter kommer resten"]
        );
    }

    #[test]
    fn abbreviations_that_may_close_a_sentence_end_it_before_a_capital() {
        assert_eq!(
            da("Vi har Facebook, LinkedIn osv. Spørg din leder."),
            ["Vi har Facebook LinkedIn osv", "Spørg din leder"]
        );
        assert_eq!(
            da("Billeder, film osv. skal godkendes."),
            ["Billeder film osv skal godkendes"]
        );
    }

    #[test]
    fn question_and_exclamation_marks_quotes_initials_and_colons() {
        assert_eq!(
            da("Må du det? Ja! \"Tænk dig om.\" Så er det godt."),
            ["Må du det", "Ja", "Tænk dig om", "Så er det godt"]
        );
        assert_eq!(
            da("H. C. Andersen skrev eventyr."),
            ["H C Andersen skrev eventyr"]
        );
        assert_eq!(
            da("Husk følgende: navn og adresse. Bemærk: Det gælder alle."),
            ["Husk følgende navn og adresse", "Bemærk", "Det gælder alle"]
        );
    }

    #[test]
    fn hyphens_join_a_word_and_slashes_and_bare_numbers_do_not() {
        let text = "Brug it-sikkerhed på din institution/center i 2025 og A4.";
        let words: Vec<(&str, usize)> = split(text, Language::Da)
            .concat()
            .iter()
            .map(|w| (&text[w.start..w.end], w.letters))
            .collect();
        assert_eq!(
            words,
            [
                ("Brug", 4),
                ("it-sikkerhed", 11),
                ("på", 2),
                ("din", 3),
                ("institution", 11),
                ("center", 6),
                ("i", 1),
                ("og", 2),
                ("A4", 1)
            ]
        );
    }

    #[test]
    fn english_abbreviations() {
        assert_eq!(
            sentences(
                "Ask Dr. Smith, e.g. by phone. Bring pens, paper etc. Then sign.",
                Language::En
            ),
            [
                "Ask Dr Smith e.g by phone",
                "Bring pens paper etc",
                "Then sign"
            ]
        );
    }

    #[test]
    fn the_words_after_a_place_are_the_words_the_splitter_finds() {
        let text =
            "Brug it-sikkerhed, 2025 og f.eks. A4 – på én måde/anden: i henhold til ’loven’.";
        let all: Vec<Word> = split(text, Language::Da).concat();
        assert_eq!(words_from(text, 0).collect::<Vec<_>>(), all);
        assert_eq!(words_from(text, all[2].end).collect::<Vec<_>>(), all[3..]);
    }

    #[test]
    fn there_are_at_least_forty_danish_abbreviations() {
        assert!(NEVER_LAST_DA.len() + MAY_BE_LAST_DA.len() >= 40);
    }
}
