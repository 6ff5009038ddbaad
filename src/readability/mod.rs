//! Readability: LIX, long sentences and plainer words, per page and per leaflet part.
//!
//! Digitaliseringsstyrelsen asks public bodies to keep their texts easy to read, since one
//! adult in six reads poorly. This stage measures what an editor can act on:
//! - **LIX** (Björnsson): words per sentence + 100 × long words (more than six letters) per
//!   word. Up to 40 is easy for everyone; 41–44 ("middel") is a note, 45 and up ("svær",
//!   from 55 "meget svær") a warning. Texts under [`MIN_WORDS`] words get no figure: LIX
//!   of a two-line page says nothing.
//! - **Long sentences**: each sentence over 25 words is a warning of its own, at its line.
//! - **Plainer words** ([`plain`]): `såfremt` → `hvis`, as notes at the word.
//!
//! Steps: a page body's Markdown → its running text, block by block
//! ([`crate::markdown::running_text`]; one section of a page: `extract`) → words and
//! sentences (`split`, with the language's abbreviations) → an [`Analysis`] → [`Finding`]s
//! worded in the site's language (`messages`). The thresholds and the site's own words come
//! from `readability:` in site.yaml ([`ReadabilitySettings`], read and checked by `config`).
//! It renders nothing and writes nothing: the leaflet stage asks it for the score of each part
//! of a leaflet ([`leaflet_parts`]), and the
//! Markdown stage for the findings about each page ([`page_findings_of`]), from the running
//! text it read out of the parse it renders the page from: the pages are parsed once.
//!
//! Archived editions are history and are not judged, as with the other warnings.

mod extract;
mod messages;
mod plain;
mod runs;
mod split;

pub use messages::part_name;
pub use plain::PlainWords;

use crate::config::{Language, ReadabilitySettings, SiteConfig};
use crate::content::{Edition, EditionStatus, LeafletPlan, Page, PageRef, PlanSource};
use crate::diagnostic::{Positions, SourceError};
use crate::markdown::running_text::{RunningText, TextBlock};

/// Texts with fewer words get no LIX: the figure needs some text to mean anything.
pub const MIN_WORDS: usize = 30;

/// LIX from 55 is "meget svær" (very hard), on the usual Danish scale.
const VERY_HARD: u32 = 55;

/// What LIX is computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub words: usize,
    pub sentences: usize,
    /// Words of more than six letters.
    pub long_words: usize,
}

impl Score {
    /// LIX, rounded to a whole number as it is usually given; 0 for a text without words.
    pub fn lix(&self) -> u32 {
        self.lix_exact().round() as u32
    }

    /// LIX unrounded: words per sentence + the share of long words in percent.
    pub fn lix_exact(&self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        self.words_per_sentence() + self.long_share_percent()
    }

    pub fn words_per_sentence(&self) -> f64 {
        self.words as f64 / self.sentences.max(1) as f64
    }

    pub fn long_share_percent(&self) -> f64 {
        100.0 * self.long_words as f64 / self.words.max(1) as f64
    }

    /// Whether there is enough text for the figure to mean something.
    pub fn is_measurable(&self) -> bool {
        self.words >= MIN_WORDS
    }

    fn add(&mut self, other: Score) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.long_words += other.long_words;
    }
}

/// Where a LIX figure falls with a site's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Easy,
    Medium,
    Hard,
    VeryHard,
}

/// A site's settings ready to judge texts by: the thresholds, and its plain-word list made
/// once for all its pages.
#[derive(Debug, Clone)]
pub struct Rules {
    pub lix_note: u32,
    pub lix_warning: u32,
    pub sentence_words: usize,
    pub words: PlainWords,
}

impl Rules {
    /// The rules of a site, `None` when it turned readability off.
    pub fn of(config: &SiteConfig) -> Option<Rules> {
        let settings: &ReadabilitySettings = &config.readability;
        settings.enabled.then(|| Rules {
            lix_note: settings.lix_note,
            lix_warning: settings.lix_warning,
            sentence_words: settings.sentence_words,
            words: PlainWords::new(config.language, &settings.words),
        })
    }

    /// The default thresholds and the built-in words of `language`.
    pub fn defaults(language: Language) -> Rules {
        let settings = ReadabilitySettings::default();
        Rules {
            lix_note: settings.lix_note,
            lix_warning: settings.lix_warning,
            sentence_words: settings.sentence_words,
            words: PlainWords::new(language, &[]),
        }
    }
}

impl Band {
    pub fn of(lix: u32, settings: &Rules) -> Band {
        if lix >= VERY_HARD.max(settings.lix_warning) {
            Band::VeryHard
        } else if lix >= settings.lix_warning {
            Band::Hard
        } else if lix >= settings.lix_note {
            Band::Medium
        } else {
            Band::Easy
        }
    }
}

/// Whether a finding may fail `check --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Advice: never fails a build.
    Note,
    /// Fails `check --strict`.
    Warning,
}

/// One thing the editor could make easier to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub problem: SourceError,
}

/// A sentence longer than the site allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LongSentence {
    /// Where it starts in the page body.
    pub(crate) body_offset: usize,
    pub(crate) words: usize,
    /// Its first words, to recognise it by.
    pub(crate) opening: String,
}

/// A word of the plain-word list, where it stands in the page body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PlainFound {
    body_offset: usize,
    /// Where it ends in the page body (a phrase may have markup between its words).
    body_end: usize,
    written: String,
    instead: String,
}

/// What a text's blocks say about its readability.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Analysis {
    pub(crate) score: Score,
    pub(crate) long_sentences: Vec<LongSentence>,
    plain: Vec<PlainFound>,
}

/// Reads a text block by block into an [`Analysis`]: counts the words and sentences and finds
/// the long sentences and listed words. The splitter counts and tells it each word and
/// sentence ([`split::Reader`]); of the words it keeps only those that may start a listed
/// phrase, of the sentences the long ones.
struct Analyser<'r> {
    settings: &'r Rules,
    language: Language,
    analysis: Analysis,
    /// The words of the block that may start a phrase of the plain-word list, kept from block
    /// to block for its buffer.
    candidates: Vec<split::Word>,
    /// The long sentences of the block.
    long: Vec<split::Sentence>,
}

impl split::Reader for Analyser<'_> {
    fn word(&mut self, text: &str, word: split::Word) {
        if self.settings.words.may_start(text, word) {
            self.candidates.push(word);
        }
    }

    fn sentence_end(&mut self, sentence: split::Sentence) {
        if sentence.words > self.settings.sentence_words {
            self.long.push(sentence);
        }
    }
}

impl<'r> Analyser<'r> {
    fn new(settings: &'r Rules, language: Language) -> Self {
        Analyser {
            settings,
            language,
            analysis: Analysis::default(),
            candidates: Vec::new(),
            long: Vec::new(),
        }
    }

    fn read(&mut self, block: &TextBlock<'_>) {
        let text = block.text;
        self.candidates.clear();
        self.long.clear();
        let counts = split::split_into(text, self.language, self);
        let analysis = &mut self.analysis;
        analysis.score.add(Score {
            words: counts.words,
            sentences: counts.sentences,
            long_words: counts.long_words,
        });
        for sentence in &self.long {
            analysis.long_sentences.push(LongSentence {
                body_offset: block.body_offset(sentence.start),
                words: sentence.words,
                opening: text[sentence.start..sentence.opening_end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
        for hit in self.settings.words.find(text, &self.candidates) {
            let last = text[..hit.end]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8);
            analysis.plain.push(PlainFound {
                body_offset: block.body_offset(hit.start),
                body_end: block.body_offset(hit.end - last) + last,
                written: text[hit.start..hit.end].to_string(),
                instead: hit.instead,
            });
        }
    }
}

/// What the running text of `body` (or of its `section`) says about its readability.
pub(crate) fn analyse(
    body: &str,
    section: Option<&str>,
    settings: &Rules,
    language: Language,
) -> Analysis {
    analyse_text(&extract::running_text(body, section), settings, language)
}

/// What a running text says about its readability.
fn analyse_text(text: &RunningText, settings: &Rules, language: Language) -> Analysis {
    let mut analyser = Analyser::new(settings, language);
    for block in text.blocks() {
        analyser.read(&block);
    }
    analyser.analysis
}

/// The score of plain text given as paragraphs (for tests and benchmarks).
pub fn score_of_markdown(markdown: &str, language: Language) -> Score {
    analyse(markdown, None, &Rules::defaults(language), language).score
}

/// The findings about one page, at their lines in its file; nothing when the site turned
/// readability off. Parses `page.body` (for a page the build does not render, such as the one
/// being edited); the build reads the running text of its own parse ([`page_findings_of`]).
pub fn page_findings(config: &SiteConfig, page: &Page) -> Vec<Finding> {
    match Rules::of(config) {
        Some(rules) => {
            let text = crate::markdown::running_text::of(&page.body);
            page_findings_of(&rules, config, page, &text)
        }
        None => Vec::new(),
    }
}

/// Whether the pages of `edition` are judged: not when the site turned readability off, and
/// not in archived editions, which are history.
pub fn judges(config: &SiteConfig, edition: &Edition) -> bool {
    config.readability.enabled && edition.status != EditionStatus::Archived
}

/// The findings about one page by `settings`, from its running `text` (which the Markdown
/// stage read from the parse it renders the page from), at their lines in the page's file.
pub fn page_findings_of(
    settings: &Rules,
    config: &SiteConfig,
    page: &Page,
    text: &RunningText,
) -> Vec<Finding> {
    let language = config.language;
    let analysis = analyse_text(text, settings, language);
    let shown = config.display(&page.source);
    let mut findings = Vec::new();
    let score = &analysis.score;
    let band = Band::of(score.lix(), settings);
    if score.is_measurable() && band >= Band::Medium {
        findings.push(Finding {
            severity: if band >= Band::Hard {
                Severity::Warning
            } else {
                Severity::Note
            },
            problem: SourceError::new(&shown, messages::score(score, band, language))
                .hint(messages::score_hint(score, language)),
        });
    }
    let mut positions = Positions::new(&page.body);
    let mut placed: Vec<(usize, Finding)> = Vec::new();
    for sentence in &analysis.long_sentences {
        placed.push((
            sentence.body_offset,
            Finding {
                severity: Severity::Warning,
                problem: SourceError::new(
                    &shown,
                    messages::long_sentence(sentence, settings.sentence_words, language),
                )
                .hint(messages::long_sentence_hint(language)),
            },
        ));
    }
    for word in &analysis.plain {
        placed.push((
            word.body_offset,
            Finding {
                severity: Severity::Note,
                problem: SourceError::new(
                    &shown,
                    messages::plain_word(&word.written, &word.instead, language),
                )
                .hint(messages::plain_word_hint(language))
                .spanning(
                    page.body
                        .get(word.body_offset..word.body_end)
                        .map_or(0, |phrase| phrase.chars().count()),
                ),
            },
        ));
    }
    placed.sort_by_key(|(offset, _)| *offset);
    findings.extend(placed.into_iter().map(|(offset, mut finding)| {
        let at = positions.of(offset).shifted(page.body_line_offset);
        finding.problem = finding.problem.at(at);
        finding
    }));
    findings
}

/// The findings about one page of a site, for the overlay over that page.
#[derive(Debug, Clone)]
pub struct PageReport {
    pub at: PageRef,
    pub findings: Vec<Finding>,
}

/// A part of the leaflet whose text comes from pages: the flap, the back, or the inside
/// panels (one text flowing over them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Flap,
    Back,
    Inside,
}

/// The readability of one part of a leaflet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartScore {
    pub part: Part,
    pub score: Score,
    pub band: Band,
}

impl PartScore {
    /// `LIX 47 (svær)`, or the word count of a part too short for a figure.
    pub fn label(&self, language: Language) -> String {
        if self.score.is_measurable() {
            format!(
                "LIX {} ({})",
                self.score.lix(),
                messages::band(self.band, language)
            )
        } else {
            match language {
                Language::Da => format!("{} ord, for kort til LIX", self.score.words),
                Language::En => format!("{} words, too short for LIX", self.score.words),
            }
        }
    }
}

/// The score of each part of `plan` that has text, from the blocks planned for it; nothing
/// when the site turned readability off.
pub fn leaflet_parts(config: &SiteConfig, edition: &Edition, plan: &LeafletPlan) -> Vec<PartScore> {
    let Some(rules) = Rules::of(config) else {
        return Vec::new();
    };
    let settings = &rules;
    [
        (Part::Flap, &plan.flap),
        (Part::Inside, &plan.inside),
        (Part::Back, &plan.back),
    ]
    .into_iter()
    .filter(|(_, sources)| !sources.is_empty())
    .map(|(part, sources)| {
        let score = part_score(edition, sources, settings, config.language);
        PartScore {
            part,
            score,
            band: Band::of(score.lix(), settings),
        }
    })
    .collect()
}

fn part_score(
    edition: &Edition,
    sources: &[PlanSource],
    settings: &Rules,
    language: Language,
) -> Score {
    let mut score = Score::default();
    for source in sources {
        let page = &edition.pages[source.page];
        let section = source.section.as_deref();
        score.add(analyse(&page.body, section, settings, language).score);
    }
    score
}

/// A note or a warning for each part of a leaflet at `lix_note` or above, at the part's key
/// in leaflet.yaml (`edition` as messages name it; `panels` names the layout's panels of a
/// part, which the leaflet stage knows).
pub fn leaflet_findings(
    config: &SiteConfig,
    plan: &LeafletPlan,
    edition: &str,
    parts: &[PartScore],
    panels: &dyn Fn(Part) -> Vec<String>,
) -> Vec<Finding> {
    let language = config.language;
    let shown = config.display(&plan.file);
    let text = std::fs::read_to_string(&plan.file).unwrap_or_default();
    parts
        .iter()
        .filter(|p| p.score.is_measurable() && p.band >= Band::Medium)
        .map(|p| {
            let key = match p.part {
                Part::Flap => "flap",
                Part::Back => "back",
                Part::Inside => "inside",
            };
            let block = crate::yaml::YamlBlock {
                file: &shown,
                text: &text,
                lines_before: 0,
            };
            let message = format!(
                "{}: {}",
                messages::part(p.part, edition, &panels(p.part), language),
                messages::score(&p.score, p.band, language)
            );
            Finding {
                severity: if p.band >= Band::Hard {
                    Severity::Warning
                } else {
                    Severity::Note
                },
                problem: block
                    .error_at_key(key, message)
                    .hint(messages::part_hint(&p.score, language)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
