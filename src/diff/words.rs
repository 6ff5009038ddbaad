//! The word-level diff inside one edited block, tidied for reading.
//!
//! similar compares Unicode words, spaces and punctuation as separate tokens. Shown raw, a
//! rewritten phrase then alternates between struck and underlined single words around
//! unchanged spaces. So runs of changes separated only by whitespace are merged into one
//! deletion followed by one insertion, and spaces at the edges of a change are moved out of
//! it, so exactly the changed words are marked.

use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SegmentKind {
    Equal,
    Delete,
    Insert,
}

/// A stretch of text that is unchanged, deleted or inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub(crate) kind: SegmentKind,
    pub(crate) text: String,
}

impl Segment {
    pub(crate) fn new(kind: SegmentKind, text: impl Into<String>) -> Segment {
        Segment {
            kind,
            text: text.into(),
        }
    }
}

/// A run of the diff: unchanged text, or a change (what was deleted, what was inserted).
#[derive(Debug)]
enum Run {
    Equal(String),
    Change { deleted: String, inserted: String },
}

/// The most time one block's word comparison may take before it gets coarser (see
/// `compare_blocks`): a block of a megabyte of unrelated words must not stall the build.
pub(crate) const WORD_DIFF_TIME: std::time::Duration = std::time::Duration::from_millis(500);

pub(crate) fn diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::configure()
        .timeout(WORD_DIFF_TIME)
        .diff_unicode_words(old, new);
    let mut runs: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), runs.last_mut()) {
            (ChangeTag::Equal, Some(Run::Equal(s))) => s.push_str(text),
            (ChangeTag::Equal, _) => runs.push(Run::Equal(text.to_string())),
            (tag, Some(Run::Change { deleted, inserted })) => if tag == ChangeTag::Delete {
                deleted
            } else {
                inserted
            }
            .push_str(text),
            (tag, _) => runs.push(change_run(tag == ChangeTag::Delete, text)),
        }
    }
    to_segments(trim_edges(merge_across_spaces(runs)))
}

fn change_run(is_delete: bool, text: &str) -> Run {
    let (deleted, inserted) = if is_delete {
        (text.to_string(), String::new())
    } else {
        (String::new(), text.to_string())
    };
    Run::Change { deleted, inserted }
}

/// `change, " ", change` becomes one change that spans the space on both sides.
fn merge_across_spaces(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    let mut iter = runs.into_iter().peekable();
    while let Some(run) = iter.next() {
        let bridge = matches!(&run, Run::Equal(s) if s.trim().is_empty())
            && matches!(out.last(), Some(Run::Change { .. }))
            && matches!(iter.peek(), Some(Run::Change { .. }));
        if !bridge {
            out.push(run);
            continue;
        }
        let (Run::Equal(space), Some(Run::Change { deleted, inserted })) = (run, iter.next())
        else {
            unreachable!("checked above")
        };
        if let Some(Run::Change {
            deleted: d,
            inserted: i,
        }) = out.last_mut()
        {
            for (side, more) in [(d, deleted), (i, inserted)] {
                if !side.is_empty() && !more.is_empty() {
                    side.push_str(&space);
                }
                side.push_str(&more);
            }
        }
    }
    out
}

/// Leading and trailing spaces of a change belong to the unchanged text around it.
fn trim_edges(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len() + 2);
    for run in runs {
        match run {
            Run::Equal(text) => push_equal(&mut out, &text),
            Run::Change { deleted, inserted } => {
                let lead = leading_space(&deleted).max(leading_space(&inserted));
                let trail = trailing_space(&deleted).max(trailing_space(&inserted));
                push_equal(&mut out, if lead { " " } else { "" });
                out.push(Run::Change {
                    deleted: deleted.trim().to_string(),
                    inserted: inserted.trim().to_string(),
                });
                push_equal(&mut out, if trail { " " } else { "" });
            }
        }
    }
    out
}

fn leading_space(text: &str) -> bool {
    text.starts_with(char::is_whitespace)
}

fn trailing_space(text: &str) -> bool {
    text.ends_with(char::is_whitespace)
}

/// Appends unchanged text without doubling a space that is already there.
fn push_equal(out: &mut Vec<Run>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Run::Equal(s)) = out.last_mut() {
        let text = if trailing_space(s) {
            text.trim_start()
        } else {
            text
        };
        s.push_str(text);
    } else {
        out.push(Run::Equal(text.to_string()));
    }
}

fn to_segments(runs: Vec<Run>) -> Vec<Segment> {
    let mut segments = Vec::with_capacity(runs.len());
    for run in runs {
        match run {
            Run::Equal(text) => segments.push(Segment::new(SegmentKind::Equal, text)),
            Run::Change { deleted, inserted } => {
                if !deleted.is_empty() {
                    segments.push(Segment::new(SegmentKind::Delete, deleted));
                }
                if !inserted.is_empty() {
                    segments.push(Segment::new(SegmentKind::Insert, inserted));
                }
            }
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use SegmentKind::*;

    fn show(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s.kind {
                Equal => s.text.clone(),
                Delete => format!("[-{}-]", s.text),
                Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    #[test]
    fn an_inserted_word_is_marked_without_its_space() {
        let s = diff("at du udviser god", "at du altid udviser god");
        assert_eq!(show(&s), "at du {+altid+} udviser god");
    }

    #[test]
    fn a_replaced_phrase_is_one_deletion_and_one_insertion() {
        let s = diff(
            "Der er meget dårlig stil her.",
            "Der er ganske god skik her.",
        );
        assert_eq!(
            show(&s),
            "Der er [-meget dårlig stil-]{+ganske god skik+} here.".replace("here", "her")
        );
    }

    #[test]
    fn danish_letters_are_part_of_words() {
        let s = diff(
            "Brug af sociale medier på arbejde",
            "Brug af sociale medier på værksted",
        );
        assert_eq!(
            show(&s),
            "Brug af sociale medier på [-arbejde-]{+værksted+}"
        );
    }

    #[test]
    fn a_deleted_word_at_the_end() {
        let s = diff(
            "når du bruger de sociale medier.",
            "når du bruger sociale medier.",
        );
        assert_eq!(show(&s), "når du bruger [-de-] sociale medier.");
    }
}
