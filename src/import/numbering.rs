//! `word/numbering.xml`: which paragraphs are list items, bulleted or numbered, and from which
//! number each list counts.
//!
//! Takes the numbering part; returns [`Numbering`], and [`Counters`] numbers the items as the
//! document goes. Word's model: a `w:num` (what a paragraph's `w:numId` names) points at a
//! `w:abstractNum` holding up to nine levels, each with a format (`bullet`, `decimal`, …) and a
//! start. Counting belongs to the abstract numbering, so two `w:num`s of one abstract
//! numbering continue one list, unless a `w:num` restarts it with `w:lvlOverride/
//! w:startOverride` (what "Restart at 1" writes). A deeper level restarts each time a
//! shallower one counts on.

use super::xml::Element;
use std::collections::HashMap;

/// Bulleted or numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListKind {
    Bullet,
    Ordered,
}

#[derive(Debug, Clone, Copy)]
struct Level {
    kind: ListKind,
    start: u32,
}

#[derive(Debug, Clone)]
struct Num {
    abstract_id: String,
    /// Level → the number it restarts at.
    overrides: HashMap<u8, u32>,
}

/// The document's numbering definitions.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<u32, Num>,
}

impl Numbering {
    pub(crate) fn read(part: Option<&Element>) -> Numbering {
        let mut numbering = Numbering::default();
        let Some(part) = part else {
            return numbering;
        };
        for abs in part.children_named("w:abstractNum") {
            let Some(id) = abs.attr("w:abstractNumId") else {
                continue;
            };
            let levels = abs
                .children_named("w:lvl")
                .filter_map(|lvl| Some((lvl.attr("w:ilvl")?.parse().ok()?, level(lvl))))
                .collect();
            numbering.abstracts.insert(id.to_string(), levels);
        }
        for num in part.children_named("w:num") {
            let Some(id) = num.attr("w:numId").and_then(|v| v.parse().ok()) else {
                continue;
            };
            let Some(abstract_id) = num.child_val("w:abstractNumId") else {
                continue;
            };
            let overrides = num
                .children_named("w:lvlOverride")
                .filter_map(|o| {
                    let level = o.attr("w:ilvl")?.parse().ok()?;
                    let start = o
                        .child_val("w:startOverride")
                        .and_then(|v| v.parse().ok())
                        .or_else(|| o.child("w:lvl").map(|l| self::level(l).start))?;
                    Some((level, start))
                })
                .collect();
            numbering.nums.insert(
                id,
                Num {
                    abstract_id: abstract_id.to_string(),
                    overrides,
                },
            );
        }
        numbering
    }

    fn level(&self, num_id: u32, level: u8) -> Option<(&Num, Level)> {
        let num = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let found = levels.get(&level).or_else(|| levels.get(&0))?;
        Some((num, *found))
    }

    /// Whether `num_id` at `level` makes a list item (`w:numId="0"` and a `none` format
    /// take the numbering away).
    pub(crate) fn kind(&self, num_id: u32, level: u8) -> Option<ListKind> {
        self.level(num_id, level).map(|(_, l)| l.kind)
    }
}

fn level(lvl: &Element) -> Level {
    let format = lvl.child_val("w:numFmt").unwrap_or("decimal");
    Level {
        kind: if format == "bullet" || format == "none" {
            ListKind::Bullet
        } else {
            ListKind::Ordered
        },
        start: lvl
            .child_val("w:start")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1),
    }
}

/// The running numbers of every list, as the document is read in order.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Abstract numbering → the last number of each level.
    counts: HashMap<String, HashMap<u8, u32>>,
    /// The `w:num`s whose restart has been applied.
    restarted: std::collections::HashSet<(u32, u8)>,
}

impl Counters {
    /// The number of the next item of `num_id` at `level`.
    pub(crate) fn next(&mut self, numbering: &Numbering, num_id: u32, level: u8) -> u32 {
        let Some((num, found)) = numbering.level(num_id, level) else {
            return 1;
        };
        let counts = self.counts.entry(num.abstract_id.clone()).or_default();
        let restart = num.overrides.get(&level).copied();
        let number = match (restart, self.restarted.insert((num_id, level))) {
            (Some(start), true) => start,
            _ => counts.get(&level).map_or(found.start, |n| n + 1),
        };
        counts.insert(level, number);
        counts.retain(|&l, _| l <= level);
        number
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_override_restarts_the_shared_count() {
        let xml = r#"<w:numbering>
          <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl>
            <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
          <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
          <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        </w:numbering>"#;
        let n = Numbering::read(Some(&super::super::xml::parse(xml).unwrap()));
        let mut c = Counters::default();
        assert_eq!(n.kind(1, 0), Some(ListKind::Ordered));
        assert_eq!(n.kind(1, 1), Some(ListKind::Bullet));
        assert_eq!([c.next(&n, 1, 0), c.next(&n, 1, 0)], [1, 2]);
        assert_eq!(c.next(&n, 2, 0), 1);
        assert_eq!(c.next(&n, 2, 0), 2);
    }
}
