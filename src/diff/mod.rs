//! What changed in a page's text between two editions: pure data, no HTML.
//!
//! Takes two Markdown bodies; returns [`BlockChange`]s in the new page's reading order.
//! Steps: split both bodies into blocks ([`blocks`]) → align the blocks (similar's Myers diff
//! over kind and text) → blocks that only changed place become [`Change::Moved`] (a
//! reordered list reads as moved items, not as a deletion plus an insertion) → the other
//! deleted and inserted blocks are paired when their words are mostly alike → a word-level
//! diff (Unicode word boundaries, so "æøå" are letters) inside each pair. [`condense`] then
//! keeps the changes with a little context for display.

mod blocks;
mod condense;
mod words;

pub(crate) use blocks::{Block, BlockKind};
pub(crate) use condense::{condense, Shown};
pub(crate) use words::{diff as word_diff, Segment, SegmentKind};

use similar::{capture_diff_slices_deadline, Algorithm, DiffTag};

/// The most time one page's block comparison may take before it gets coarser.
const BLOCK_DIFF_TIME: std::time::Duration = std::time::Duration::from_secs(2);
use std::collections::HashMap;

/// How a block fared between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Change {
    Same,
    Edited,
    Added,
    Removed,
    /// Same text at another place; shown at its new place.
    Moved,
}

/// One block of the comparison, with its text as segments, one list per table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockChange {
    pub(crate) kind: BlockKind,
    pub(crate) change: Change,
    pub(crate) parts: Vec<Vec<Segment>>,
}

/// The comparison of two versions of a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageDiff {
    pub(crate) blocks: Vec<BlockChange>,
}

impl PageDiff {
    /// Whether a reader would see any difference in the text.
    pub(crate) fn is_changed(&self) -> bool {
        self.blocks.iter().any(|b| b.change != Change::Same)
    }
}

/// How far ahead to look for a partner of a deleted block; keeps pairing linear.
const PAIR_LOOKAHEAD: usize = 8;
/// Blocks whose words agree at least this much are shown as one edited block.
const PAIR_SIMILARITY: f32 = 0.5;

/// Compares two Markdown bodies block by block, then word by word.
pub(crate) fn compare(old: &str, new: &str) -> PageDiff {
    if old == new {
        let blocks = blocks::parse(new).into_iter().map(same).collect();
        return PageDiff { blocks };
    }
    compare_blocks(&blocks::parse(old), &blocks::parse(new))
}

pub(crate) fn compare_blocks(old: &[Block], new: &[Block]) -> PageDiff {
    // Myers' algorithm takes time that grows with the product of the lengths on unrelated
    // texts; past the deadline it settles for a coarser (still correct) comparison, so no page
    // can stall a build. Real edits finish in milliseconds.
    let deadline = std::time::Instant::now() + BLOCK_DIFF_TIME;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, old, new, Some(deadline));
    let mut moved = find_moves(old, new, &ops);
    let mut out = Vec::with_capacity(new.len());
    for op in &ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => out.extend(new[new_range].iter().cloned().map(same)),
            _ => {
                let olds: Vec<usize> = old_range.filter(|i| !moved.old.contains(i)).collect();
                let news: Vec<(usize, bool)> =
                    new_range.map(|j| (j, moved.new.remove(&j))).collect();
                pair_up(old, new, &olds, &news, &mut out);
            }
        }
    }
    PageDiff { blocks: out }
}

struct Moves {
    /// Old blocks that reappear elsewhere (not shown at their old place).
    old: std::collections::HashSet<usize>,
    /// New blocks that came from elsewhere.
    new: std::collections::HashSet<usize>,
}

/// Deleted and inserted blocks with identical kind and text are one block that moved.
fn find_moves(old: &[Block], new: &[Block], ops: &[similar::DiffOp]) -> Moves {
    let mut deleted: HashMap<&Block, Vec<usize>> = HashMap::new();
    for op in ops.iter().filter(|op| op.tag() != DiffTag::Equal) {
        for i in op.old_range().rev() {
            deleted.entry(&old[i]).or_default().push(i);
        }
    }
    let mut moves = Moves {
        old: Default::default(),
        new: Default::default(),
    };
    for op in ops.iter().filter(|op| op.tag() != DiffTag::Equal) {
        for j in op.new_range() {
            if let Some(i) = deleted.get_mut(&new[j]).and_then(Vec::pop) {
                moves.old.insert(i);
                moves.new.insert(j);
            }
        }
    }
    moves
}

/// Emits one changed stretch: deleted blocks paired with alike inserted ones as edits, the
/// rest as removed or added, in the order they appear.
fn pair_up(
    old: &[Block],
    new: &[Block],
    olds: &[usize],
    news: &[(usize, bool)],
    out: &mut Vec<BlockChange>,
) {
    let mut next = 0;
    let emit_new = |(j, was_moved): (usize, bool), out: &mut Vec<BlockChange>| {
        let block = &new[j];
        out.push(if was_moved {
            BlockChange {
                change: Change::Moved,
                ..same(block.clone())
            }
        } else {
            whole(block, Change::Added, SegmentKind::Insert)
        });
    };
    for &i in olds {
        let candidates = news[next..].iter().take(PAIR_LOOKAHEAD).enumerate();
        let partner = candidates
            .filter(|(_, (j, was_moved))| !was_moved && alike(&old[i], &new[*j]))
            .map(|(offset, _)| next + offset)
            .next();
        match partner {
            Some(k) => {
                for &n in &news[next..k] {
                    emit_new(n, out);
                }
                out.push(edit(&old[i], &new[news[k].0]));
                next = k + 1;
            }
            None => out.push(whole(&old[i], Change::Removed, SegmentKind::Delete)),
        }
    }
    for &n in &news[next..] {
        emit_new(n, out);
    }
}

fn alike(a: &Block, b: &Block) -> bool {
    a.kind.family() == b.kind.family()
        && similar::TextDiff::configure()
            .timeout(words::WORD_DIFF_TIME)
            .diff_unicode_words(a.text(), b.text())
            .ratio()
            >= PAIR_SIMILARITY
}

fn same(block: Block) -> BlockChange {
    BlockChange {
        kind: block.kind,
        change: Change::Same,
        parts: block
            .parts
            .into_iter()
            .map(|text| vec![Segment::new(SegmentKind::Equal, text)])
            .collect(),
    }
}

fn whole(block: &Block, change: Change, kind: SegmentKind) -> BlockChange {
    BlockChange {
        kind: block.kind,
        change,
        parts: block
            .parts
            .iter()
            .map(|text| vec![Segment::new(kind, text.clone())])
            .collect(),
    }
}

/// A block edited in place: a word diff per part (per cell for table rows). A block whose
/// words are all equal (a heading level or list type changed) counts as the same.
fn edit(old: &Block, new: &Block) -> BlockChange {
    let count = old.parts.len().max(new.parts.len());
    let part = |parts: &[String], i: usize| parts.get(i).map_or("", String::as_str).to_string();
    let parts: Vec<Vec<Segment>> = (0..count)
        .map(|i| words::diff(&part(&old.parts, i), &part(&new.parts, i)))
        .collect();
    let edited = parts.iter().flatten().any(|s| s.kind != SegmentKind::Equal);
    BlockChange {
        kind: new.kind,
        change: if edited { Change::Edited } else { Change::Same },
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(diff: &PageDiff) -> Vec<(SegmentKind, String)> {
        diff.blocks
            .iter()
            .flat_map(|b| b.parts.iter().flatten())
            .filter(|s| s.kind != SegmentKind::Equal)
            .map(|s| (s.kind, s.text.clone()))
            .collect()
    }

    fn changes(diff: &PageDiff) -> Vec<Change> {
        diff.blocks.iter().map(|b| b.change).collect()
    }

    #[test]
    fn two_changed_words_are_exactly_two_marks() {
        let old = "# Råd\n\nEt godt råd er derfor, at du udviser god dømmekraft, når du bruger de sociale medier.\n\nAndet afsnit.\n";
        let new = "# Råd\n\nEt godt råd er derfor, at du altid udviser god dømmekraft, når du bruger sociale medier.\n\nAndet afsnit.\n";
        let diff = compare(old, new);
        assert_eq!(
            marked(&diff),
            vec![
                (SegmentKind::Insert, "altid".to_string()),
                (SegmentKind::Delete, "de".to_string())
            ]
        );
        assert_eq!(changes(&diff), [Change::Same, Change::Edited, Change::Same]);
    }

    #[test]
    fn rewrapped_lines_and_link_targets_are_not_changes() {
        let old = "En lang sætning om\nsociale [medier](a.md).\n";
        let new = "En lang   sætning\nom sociale [medier](b/a.md).\n";
        assert!(!compare(old, new).is_changed());
    }

    #[test]
    fn added_and_removed_blocks() {
        let diff = compare("- a\n- b\n\nHelt anden tekst her.\n", "- a\n- b\n- ny\n");
        assert_eq!(
            changes(&diff),
            [Change::Same, Change::Same, Change::Removed, Change::Added]
        );
        assert_eq!(
            marked(&diff),
            vec![
                (SegmentKind::Delete, "Helt anden tekst her.".to_string()),
                (SegmentKind::Insert, "ny".to_string())
            ]
        );
    }

    #[test]
    fn a_reordered_list_is_moved_items_not_new_text() {
        let diff = compare(
            "- første\n- anden\n- tredje\n- fjerde\n",
            "- tredje\n- første\n- anden\n- fjerde\n",
        );
        assert_eq!(
            changes(&diff),
            [Change::Moved, Change::Same, Change::Same, Change::Same]
        );
        assert!(marked(&diff).is_empty());
        assert!(diff.is_changed());
    }

    #[test]
    fn an_edited_table_cell_is_marked_in_its_cell() {
        let diff = compare(
            "| Hvem | Hvad |\n|---|---|\n| Leder | Godkender opslag |\n",
            "| Hvem | Hvad |\n|---|---|\n| Leder | Godkender alle opslag |\n",
        );
        assert_eq!(changes(&diff), [Change::Same, Change::Edited]);
        let row = &diff.blocks[1];
        assert_eq!(
            row.parts[0],
            vec![Segment::new(SegmentKind::Equal, "Leder")]
        );
        assert!(row.parts[1].contains(&Segment::new(SegmentKind::Insert, "alle")));
    }

    #[test]
    fn a_new_heading_level_alone_is_not_a_text_change() {
        assert!(!compare("## Råd\n", "### Råd\n").is_changed());
    }
}
