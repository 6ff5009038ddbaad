//! What of a page comparison to show: the changes, a little context, and gaps.
//!
//! A reader of a "what changed" page wants the changed words and just enough around them to
//! recognise the place. So unchanged blocks are kept only next to a change (and the heading
//! the change sits under), long unchanged stretches inside an edited block are cut to a few
//! words either side of each change, and everything else becomes a counted gap.

use super::{BlockChange, BlockKind, Change, Segment, SegmentKind};

/// Unchanged words kept on each side of a change inside a block.
const CONTEXT_WORDS: usize = 12;
/// Unchanged blocks kept before and after a changed block.
const CONTEXT_BLOCKS: usize = 1;
const ELLIPSIS: &str = "…";

/// One item of a condensed comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shown {
    Block(BlockChange),
    /// This many unchanged blocks are left out here.
    Gap(usize),
}

pub(crate) fn condense(blocks: &[BlockChange]) -> Vec<Shown> {
    let visible = visible_blocks(blocks);
    let mut out = Vec::new();
    let mut gap = 0;
    for (block, keep) in blocks.iter().zip(visible) {
        if !keep {
            gap += 1;
            continue;
        }
        if gap > 0 {
            out.push(Shown::Gap(gap));
            gap = 0;
        }
        out.push(Shown::Block(shorten(block)));
    }
    if gap > 0 {
        out.push(Shown::Gap(gap));
    }
    out
}

/// Changed blocks, their neighbours, and the heading above each change.
fn visible_blocks(blocks: &[BlockChange]) -> Vec<bool> {
    let mut visible = vec![false; blocks.len()];
    let mut heading: Option<usize> = None;
    for (i, block) in blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::Heading(_)) {
            heading = Some(i);
        }
        if block.change == Change::Same {
            continue;
        }
        let from = i.saturating_sub(CONTEXT_BLOCKS);
        let to = (i + CONTEXT_BLOCKS).min(blocks.len() - 1);
        visible[from..=to].iter_mut().for_each(|v| *v = true);
        if let Some(h) = heading {
            visible[h] = true;
        }
    }
    visible
}

/// Cuts long unchanged text: around changes in an edited block, at the end of a context block.
fn shorten(block: &BlockChange) -> BlockChange {
    if block.kind == BlockKind::Code || matches!(block.kind, BlockKind::Heading(_)) {
        return block.clone();
    }
    let parts = block
        .parts
        .iter()
        .map(|segments| match block.change {
            Change::Same | Change::Moved => segments
                .iter()
                .map(|s| Segment::new(s.kind, keep_words(&s.text, CONTEXT_WORDS, 0)))
                .collect(),
            _ => shorten_segments(segments),
        })
        .collect();
    BlockChange {
        parts,
        ..block.clone()
    }
}

fn shorten_segments(segments: &[Segment]) -> Vec<Segment> {
    let last = segments.len().saturating_sub(1);
    segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.kind != SegmentKind::Equal {
                return s.clone();
            }
            // Keep words after the previous change and before the next one.
            let head = if i == 0 { 0 } else { CONTEXT_WORDS };
            let tail = if i == last { 0 } else { CONTEXT_WORDS };
            if head + tail == 0 {
                return s.clone();
            }
            Segment::new(SegmentKind::Equal, keep_words(&s.text, head, tail))
        })
        .collect()
}

/// The first `head` and last `tail` words of `text`, with "…" for what is left out. The
/// spaces at either end are kept, since they separate this text from the marked words.
fn keep_words(text: &str, head: usize, tail: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= head + tail + 1 {
        return text.to_string();
    }
    let mut kept: Vec<&str> = words[..head].to_vec();
    kept.push(ELLIPSIS);
    kept.extend_from_slice(&words[words.len() - tail..]);
    let mut out = String::new();
    if text.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(&kept.join(" "));
    if text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;

    #[test]
    fn unchanged_blocks_far_from_changes_become_gaps() {
        let old = "# Titel\n\na\n\nb\n\nc\n\nd ord\n\ne\n";
        let new = "# Titel\n\na\n\nb\n\nc\n\nd nyt ord\n\ne\n";
        let shown = condense(&compare(old, new).blocks);
        let kinds: Vec<String> = shown
            .iter()
            .map(|s| match s {
                Shown::Gap(n) => format!("gap {n}"),
                Shown::Block(b) => format!("{:?}", b.change),
            })
            .collect();
        assert_eq!(
            kinds,
            ["Same", "gap 2", "Same", "Edited", "Same"],
            "the heading above the change stays"
        );
    }

    #[test]
    fn long_unchanged_text_around_a_change_is_cut() {
        let before = (1..=30)
            .map(|i| format!("ord{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let old = format!("{before} gammel slut.\n");
        let new = format!("{before} ny slut.\n");
        let shown = condense(&compare(&old, &new).blocks);
        let Shown::Block(block) = &shown[0] else {
            panic!("{shown:?}")
        };
        let first = &block.parts[0][0].text;
        assert!(first.starts_with("… ord19 "), "{first}");
        assert!(first.ends_with("ord30 "), "{first}");
    }

    #[test]
    fn keep_words_leaves_short_text_alone() {
        assert_eq!(keep_words("a b c", 1, 1), "a b c");
        assert_eq!(keep_words(" a b c d e", 1, 1), " a … e");
    }
}
