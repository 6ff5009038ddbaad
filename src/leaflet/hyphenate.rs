//! Danish soft hyphenation, done at build time.
//!
//! The leaflet's narrow justified columns (about 80 mm) need hyphenation, and headless
//! Chromium on Debian does not hyphenate Danish with `hyphens: auto`. It does honour soft
//! hyphens (U+00AD), so [`hyphenate_html`] inserts them into the rendered HTML:
//! 1. walk the HTML, touching only text nodes, and skipping `<code>`, `<pre>`, `<kbd>`,
//!    `<samp>`, `<script>`, `<style>`, `<textarea>`, `<title>` and headings (`<h1>`–`<h6>`);
//! 2. split text into words, leaving URLs, e-mail addresses, words with digits or
//!    character references, already hyphenated words and words under 7 letters alone;
//! 3. find the breaks: the exception list (`hyphenate/da-exceptions.txt`, extended by the
//!    site's `hyphenation.txt`) first, since the TeX patterns mis-split some compounds
//!    ("me-d-ar-bej-de-re", "wor-ks-hop"), then hypher's patterns;
//! 4. keep breaks with at least 2 letters before and 3 after, so no line starts or ends
//!    with a lone letter, and no soft hyphen lands next to a hard hyphen.

use std::collections::HashMap;
use std::sync::LazyLock;

const SOFT_HYPHEN: char = '\u{AD}';

/// Shorter words gain little from a break and look worse for it.
const MIN_WORD_CHARS: usize = 7;
const MIN_BEFORE_BREAK: usize = 2;
const MIN_AFTER_BREAK: usize = 3;

/// Elements whose text is code, script or metadata (hyphens there would change meaning or
/// show up in the PDF's title), and headings, which are never hyphenated: a broken heading
/// reads badly and is the first thing a reader scans.
const UNTOUCHED_ELEMENTS: [&str; 14] = [
    "code", "pre", "kbd", "samp", "script", "style", "textarea", "title", "h1", "h2", "h3", "h4",
    "h5", "h6",
];

/// Inserts soft hyphens into the words of `html`'s text nodes. Languages other than
/// Danish (`da`, `da-DK`) come back unchanged: the pattern set is Danish only.
#[cfg(test)]
pub(crate) fn hyphenate_html(html: &str, lang: &str) -> String {
    hyphenate_html_with(html, lang, &Exceptions::danish(&[]))
}

/// The words whose breaks are given rather than found by the patterns: the built-in Danish
/// list, extended (and overridden, word by word) by a site's `hyphenation.txt`.
pub(crate) struct Exceptions(HashMap<String, Vec<usize>>);

impl Exceptions {
    /// The built-in list plus `site` entries (`work-shop`).
    pub(crate) fn danish(site: &[String]) -> Exceptions {
        let mut map = DANISH_EXCEPTIONS.clone();
        map.extend(parse_exceptions(&site.join("\n")));
        Exceptions(map)
    }
}

/// [`hyphenate_html`] with the exception list `exceptions`.
pub(crate) fn hyphenate_html_with(html: &str, lang: &str, exceptions: &Exceptions) -> String {
    if !is_danish(lang) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    let mut untouched_depth = 0usize;
    while !rest.is_empty() {
        let text_end = next_markup(rest).unwrap_or(rest.len());
        let (text, markup) = rest.split_at(text_end);
        if untouched_depth == 0 {
            hyphenate_text(text, exceptions, &mut out);
        } else {
            out.push_str(text);
        }
        if markup.is_empty() {
            break;
        }
        let markup_len = markup_len(markup);
        let tag = &markup[..markup_len];
        out.push_str(tag);
        untouched_depth = track_untouched(tag, untouched_depth);
        rest = &markup[markup_len..];
    }
    out
}

fn is_danish(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or_default();
    primary.eq_ignore_ascii_case("da")
}

/// The byte offset of the next tag, comment or declaration. A `<` followed by anything
/// else (a space, a digit) is text, as in HTML.
fn next_markup(html: &str) -> Option<usize> {
    html.match_indices('<').map(|(at, _)| at).find(|&at| {
        html[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
    })
}

/// The length of the tag or comment at the start of `markup`, honouring quoted
/// attribute values (which may contain `>`). Unterminated markup runs to the end.
fn markup_len(markup: &str) -> usize {
    if markup.starts_with("<!--") {
        return markup
            .find("-->")
            .map_or(markup.len(), |end| end + "-->".len());
    }
    let mut quote = None;
    for (at, c) in markup.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return at + 1,
            _ => {}
        }
    }
    markup.len()
}

/// Updates how many untouched elements enclose the following text.
fn track_untouched(tag: &str, depth: usize) -> usize {
    let Some(name) = tag.strip_prefix('<') else {
        return depth;
    };
    let (closing, name) = match name.strip_prefix('/') {
        Some(name) => (true, name),
        None => (false, name),
    };
    let name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !UNTOUCHED_ELEMENTS.contains(&name.as_str()) {
        return depth;
    }
    match (closing, tag.ends_with("/>")) {
        (true, _) => depth.saturating_sub(1),
        (false, true) => depth,
        (false, false) => depth + 1,
    }
}

/// Hyphenates one text node into `out`, word by word; everything between words is copied.
fn hyphenate_text(text: &str, exceptions: &Exceptions, out: &mut String) {
    for token in text.split_inclusive(char::is_whitespace) {
        let word_end = token.trim_end_matches(char::is_whitespace).len();
        let (word, space) = token.split_at(word_end);
        if is_link_like(word) {
            out.push_str(word);
        } else {
            hyphenate_token(word, exceptions, out);
        }
        out.push_str(space);
    }
}

/// URLs, e-mail addresses and file or domain names must stay copyable as written.
fn is_link_like(token: &str) -> bool {
    token.contains("://")
        || token.contains('@')
        || token.starts_with("www.")
        || token
            .split_once('.')
            .is_some_and(|(_, after)| after.starts_with(char::is_alphanumeric))
}

/// Splits a whitespace-free token into words (letters, digits, character references and
/// soft hyphens) and the punctuation between them, hyphenating the plain words.
fn hyphenate_token(token: &str, exceptions: &Exceptions, out: &mut String) {
    let mut rest = token;
    while !rest.is_empty() {
        let word_len = word_prefix_len(rest);
        if word_len == 0 {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (word, after) = rest.split_at(word_len);
        if word.chars().all(char::is_alphabetic) {
            hyphenate_word(word, exceptions, out);
        } else {
            out.push_str(word);
        }
        rest = after;
    }
}

/// The length of the word at the start of `text`. Character references (`&aring;`,
/// `&shy;`) count as part of the word, so their names are never hyphenated and a word
/// holding one is left as written.
fn word_prefix_len(text: &str) -> usize {
    let mut len = 0;
    while len < text.len() {
        let rest = &text[len..];
        if let Some(reference) = character_reference_len(rest) {
            len += reference;
            continue;
        }
        match rest.chars().next() {
            Some(c) if c.is_alphanumeric() || c == SOFT_HYPHEN => len += c.len_utf8(),
            _ => break,
        }
    }
    len
}

fn character_reference_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('&')?;
    let end = body.find(';')?;
    let name = &body[..end];
    let valid = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#');
    valid.then_some(end + 2)
}

/// Writes `word` (letters only) with soft hyphens at its breaks.
fn hyphenate_word(word: &str, exceptions: &Exceptions, out: &mut String) {
    let breaks = breaks(word, exceptions);
    for (at, c) in word.chars().enumerate() {
        if breaks.contains(&at) {
            out.push(SOFT_HYPHEN);
        }
        out.push(c);
    }
}

/// Character offsets in `word` before which a soft hyphen may go.
fn breaks(word: &str, exceptions: &Exceptions) -> Vec<usize> {
    let chars = word.chars().count();
    let lower = word.to_lowercase();
    // Lower-casing that changes the length (rare outside Danish) would shift offsets.
    if chars < MIN_WORD_CHARS || lower.chars().count() != chars {
        return Vec::new();
    }
    let mut found = exception_breaks(&lower, exceptions).unwrap_or_else(|| pattern_breaks(&lower));
    found.retain(|&at| at >= MIN_BEFORE_BREAK && at + MIN_AFTER_BREAK <= chars);
    found
}

fn pattern_breaks(lower: &str) -> Vec<usize> {
    hypher::hyphenate(lower, hypher::Lang::Danish)
        .scan(0, |at, syllable| {
            *at += syllable.chars().count();
            Some(*at)
        })
        .collect::<Vec<_>>()
        .split_last()
        .map(|(_end, inner)| inner.to_vec())
        .unwrap_or_default()
}

/// Breaks from the exception list: an exact entry, or else the longest entry the word
/// starts with (an inflected form or a longer compound), whose breaks then replace the
/// patterns' breaks inside that part.
fn exception_breaks(lower: &str, exceptions: &Exceptions) -> Option<Vec<usize>> {
    let exceptions = &exceptions.0;
    if let Some(exact) = exceptions.get(lower) {
        return Some(exact.clone());
    }
    let (prefix, prefix_breaks) = exceptions
        .iter()
        .filter(|(entry, _)| lower.starts_with(entry.as_str()))
        .max_by_key(|(entry, _)| entry.len())?;
    let prefix_chars = prefix.chars().count();
    let mut found = prefix_breaks.clone();
    found.extend(
        pattern_breaks(lower)
            .into_iter()
            .filter(|&at| at >= prefix_chars),
    );
    Some(found)
}

static DANISH_EXCEPTIONS: LazyLock<HashMap<String, Vec<usize>>> =
    LazyLock::new(|| parse_exceptions(include_str!("hyphenate/da-exceptions.txt")));

/// Reads `med-ar-bej-der` lines into `medarbejder → [3, 5, 8]`.
fn parse_exceptions(list: &str) -> HashMap<String, Vec<usize>> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut word = String::new();
            let mut breaks = Vec::new();
            for part in line.split('-') {
                if !word.is_empty() {
                    breaks.push(word.chars().count());
                }
                word.push_str(&part.to_lowercase());
            }
            (word, breaks)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with soft hyphens shown as "-", for readable assertions.
    fn shown(html: &str) -> String {
        hyphenate_html(html, "da").replace(SOFT_HYPHEN, "-")
    }

    #[test]
    fn exception_fixes_the_medarbejdere_split() {
        assert_eq!(
            hypher::hyphenate("medarbejdere", hypher::Lang::Danish).collect::<Vec<_>>(),
            ["me", "d", "ar", "bej", "de", "re"],
            "the patterns changed; review the exception list"
        );
        // The final "de-re" break would leave two letters on the next line.
        assert_eq!(shown("medarbejdere"), "med-ar-bej-dere");
        assert_eq!(shown("Medarbejdere"), "Med-ar-bej-dere");
    }

    #[test]
    fn a_site_exception_extends_the_built_in_list() {
        let site = Exceptions::danish(&["work-shop".to_string()]);
        let shown = |html: &str, e: &Exceptions| {
            hyphenate_html_with(html, "da", e).replace(SOFT_HYPHEN, "-")
        };
        assert_eq!(shown("workshop", &Exceptions::danish(&[])), "wor-ks-hop");
        assert_eq!(
            shown("workshop workshoppen", &site),
            "work-shop work-shop-pen"
        );
        assert_eq!(shown("medarbejdere", &site), "med-ar-bej-dere");
    }

    #[test]
    fn exception_prefix_covers_inflections_and_compounds() {
        assert_eq!(shown("hjemmesidens"), "hjem-me-si-dens");
        assert_eq!(shown("velovervejede"), "vel-over-ve-jede");
        assert_eq!(
            shown("medarbejderrepræsentant"),
            "med-ar-bej-der-re-præ-sen-tant"
        );
    }

    #[test]
    fn patterns_handle_ordinary_words_with_margins() {
        // "ar-bejds-plads": 2 letters before the first break is allowed.
        assert_eq!(shown("arbejdsplads"), "ar-bejds-plads");
        // "so-ci-a-le": the last break would leave "le" (2 letters) and is dropped.
        assert_eq!(shown("sociale"), "so-ci-ale");
        assert_eq!(shown("myndighedsopgaver"), "myn-dig-heds-op-ga-ver");
        assert_eq!(shown("ærekrænkende"), "ære-kræn-kende");
    }

    #[test]
    fn short_words_are_left_alone() {
        assert_eq!(shown("medier kan ansatte"), "medier kan an-satte");
    }

    #[test]
    fn tags_and_attributes_are_untouched() {
        let html = r#"<p class="retningslinjer" title="Retningslinjer for medarbejdere">Retningslinjer</p>"#;
        assert_eq!(
            shown(html),
            r#"<p class="retningslinjer" title="Retningslinjer for medarbejdere">Ret-nings-lin-jer</p>"#
        );
        let tricky =
            r#"<a href="x" data-x='a > b medarbejdere'>medarbejdere</a><!-- medarbejdere -->"#;
        assert_eq!(
            shown(tricky),
            r#"<a href="x" data-x='a > b medarbejdere'>med-ar-bej-dere</a><!-- medarbejdere -->"#
        );
    }

    #[test]
    fn code_pre_script_and_title_are_untouched() {
        let html = "<title>Retningslinjer</title><pre><code>medarbejdere</code> medarbejdere</pre>\
                    <script>let medarbejdere = 1;</script><p><CODE>arbejdspladser</CODE> arbejdspladser</p>";
        assert_eq!(
            shown(html),
            "<title>Retningslinjer</title><pre><code>medarbejdere</code> medarbejdere</pre>\
             <script>let medarbejdere = 1;</script><p><CODE>arbejdspladser</CODE> ar-bejds-plad-ser</p>"
        );
    }

    #[test]
    fn urls_addresses_and_references_are_untouched() {
        let html = "Se https://www.sonderborgkommune.dk/retningslinjer, skriv til \
                    kommunikation@sonderborg.dk eller læs sonderborgkommune.dk i dag. \
                    B&oslash;rnehaverne &amp; institutionerne";
        assert_eq!(
            shown(html),
            "Se https://www.sonderborgkommune.dk/retningslinjer, skriv til \
             kommunikation@sonderborg.dk eller læs sonderborgkommune.dk i dag. \
             B&oslash;rnehaverne &amp; in-sti-tu-tio-nerne"
        );
    }

    #[test]
    fn hard_hyphens_get_no_soft_hyphen_beside_them() {
        let out = shown("omsorgs-, undervisnings- og myndighedsopgaver; Facebook-siden");
        assert_eq!(
            out,
            "om-sorgs-, un-der-vis-nings- og myn-dig-heds-op-ga-ver; Face-book-siden"
        );
        let real = hyphenate_html("undervisnings-opgaver", "da");
        assert!(
            !real.contains("\u{AD}-") && !real.contains("-\u{AD}"),
            "{real:?}"
        );
    }

    #[test]
    fn running_twice_adds_nothing() {
        let html = "<p>Grænsen mellem privatliv og arbejdsliv er blevet flydende.</p>";
        let once = hyphenate_html(html, "da");
        assert_ne!(once, html);
        assert_eq!(hyphenate_html(&once, "da"), once);
        let marked = "ar&shy;bejdspladser";
        assert_eq!(hyphenate_html(marked, "da"), marked);
    }

    #[test]
    fn other_languages_are_unchanged_and_danish_tags_are_recognised() {
        let html = "<p>medarbejdere</p>";
        assert_eq!(hyphenate_html(html, "en"), html);
        assert_ne!(hyphenate_html(html, "da-DK"), html);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "a".repeat(200);
        for html in [
            "<",
            "<p",
            "a < b og c > d",
            "&",
            "&;",
            "<!--",
            "x<'",
            long.as_str(),
        ] {
            let _ = hyphenate_html(html, "da");
        }
        assert_eq!(shown("a < b medarbejdere"), "a < b med-ar-bej-dere");
        let compound = "kommunikationsafdelingsmedarbejderrepræsentanterne";
        assert!(shown(compound).contains('-'));
    }

    #[test]
    fn exception_list_is_well_formed() {
        let list = include_str!("hyphenate/da-exceptions.txt");
        let mut seen = std::collections::HashSet::new();
        for line in list.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            assert!(
                line.split('-').all(|part| !part.is_empty()
                    && part.chars().all(|c| c.is_alphabetic() && c.is_lowercase())),
                "bad exception line {line:?}"
            );
            assert!(seen.insert(line.replace('-', "")), "duplicate {line:?}");
        }
        assert_eq!(parse_exceptions(list).len(), seen.len());
    }

    /// Every word of 7+ letters in the brochure text, hyphenated: a reviewed snapshot, so
    /// a change in the patterns or the list shows up as a diff to look at.
    #[test]
    fn brochure_words_break_where_a_danish_reader_expects() {
        let words = "adgangen administrere afklare ansatte anvender arbejdsmæssige \
            arbejdstiden begrænse borgerhenvendelser diskriminerende distribueret \
            dømmekraft forbindelse forældre injurielovgivningen institution kommunale \
            konsekvenser medarbejdere myndighedsopgaver offentliggjort offentligheden \
            omgivelserne opmærksomme pædagoger retningslinjer sammenhæng sociale \
            Sønderborg tavshedspligt vedligeholde velovervejet ærekrænkende øjebliks";
        let expected = "ad-gan-gen ad-mi-ni-strere af-klare an-satte an-ven-der \
            ar-bejds-mæs-sige ar-bejds-ti-den be-grænse bor-ger-hen-ven-del-ser \
            dis-kri-mi-ne-rende di-stri-bu-e-ret døm-me-kraft for-bin-delse for-æl-dre \
            in-ju-rie-lov-giv-nin-gen in-sti-tu-tion kom-mu-nale kon-se-kven-ser \
            med-ar-bej-dere myn-dig-heds-op-ga-ver of-fent-lig-gjort of-fent-lig-he-den \
            om-gi-vel-serne op-mærk-somme pæ-da-go-ger ret-nings-lin-jer sam-men-hæng \
            so-ci-ale Søn-der-borg tavs-heds-pligt ved-li-ge-holde vel-over-ve-jet \
            ære-kræn-kende øje-bliks";
        assert_eq!(shown(words), expected);
    }
}
