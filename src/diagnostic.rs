//! Errors that point into a source file.
//!
//! Every content or configuration problem becomes a [`SourceError`]: the file, a 1-based line
//! and column where known, what was expected, and a hint. Checks that can find many problems at
//! once (broken links, duplicate pages, edition rules) collect them into [`Diagnostics`], which
//! fails the build once and lists them all, so an editor fixes a whole batch per round.
//! [`UsageError`] marks mistakes on the command line, which `main` maps to exit code 2.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem at a position in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub file: PathBuf,
    /// 1-based; `None` when the problem concerns the file as a whole.
    pub position: Option<Position>,
    pub message: String,
    pub hint: Option<String>,
    /// How many characters from `position` the problem covers, when it is more than the word
    /// there (a phrase of several words): the terminal marks them all.
    pub width: Option<usize>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`, 1-based, counting characters for the column.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    /// This position moved down by `lines`, for positions measured inside an embedded block.
    pub fn shifted(self, lines: usize) -> Position {
        Position {
            line: self.line + lines,
            column: self.column,
        }
    }
}

/// Positions of many offsets in one text, in time linear in the text: counting from the start
/// for each offset would make a page with many links take time quadratic in its size. Offsets
/// asked in increasing order (as a parser finds them) continue from the last one.
#[derive(Debug)]
pub struct Positions<'a> {
    text: &'a str,
    offset: usize,
    at: Position,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        Positions {
            text,
            offset: 0,
            at: Position { line: 1, column: 1 },
        }
    }

    pub fn of(&mut self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if offset < self.offset {
            self.offset = 0;
            self.at = Position { line: 1, column: 1 };
        }
        let passed = &self.text[self.offset..offset];
        match passed.rfind('\n') {
            Some(last) => {
                self.at = Position {
                    line: self.at.line + passed.bytes().filter(|&b| b == b'\n').count(),
                    column: 1 + passed[last + 1..].chars().count(),
                };
            }
            None => self.at.column += passed.chars().count(),
        }
        self.offset = offset;
        self.at
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl SourceError {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        SourceError {
            file: file.into(),
            position: None,
            message: message.into(),
            hint: None,
            width: None,
        }
    }

    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Covers `width` characters from its position.
    pub fn spanning(mut self, width: usize) -> Self {
        self.width = Some(width);
        self
    }

    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at(Position::of_offset(text, offset))
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SourceError {}

/// Several source errors found by one check, reported together.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<SourceError>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, error: SourceError) {
        self.0.push(error);
    }

    pub fn extend(&mut self, errors: impl IntoIterator<Item = SourceError>) {
        self.0.extend(errors);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn errors(&self) -> &[SourceError] {
        &self.0
    }

    /// `Ok(())` when nothing was found, else an error listing every problem in source order.
    pub fn into_result(mut self) -> anyhow::Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0
            .sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
        self.0.dedup();
        Err(self.into())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        let n = self.0.len();
        write!(f, "\n{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// Both results, or every problem of both: two lists of source errors become one list, so an
/// editor sees the website's and the leaflet's problems in the same round.
pub fn both<A, B>(a: anyhow::Result<A>, b: anyhow::Result<B>) -> anyhow::Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        (Err(first), Err(second)) => {
            let lists: Option<Vec<Vec<SourceError>>> =
                [&first, &second].into_iter().map(source_errors).collect();
            let Some(lists) = lists else {
                return Err(first);
            };
            let mut all = Diagnostics::new();
            all.extend(lists.into_iter().flatten());
            match all.into_result() {
                Err(listed) => Err(listed),
                Ok(()) => Err(first),
            }
        }
    }
}

/// Every result's value, or the problems of all that failed as one list (see [`both`]).
pub fn all<T>(results: Vec<anyhow::Result<T>>) -> anyhow::Result<Vec<T>> {
    let mut values = Vec::new();
    let mut failed: Option<anyhow::Error> = None;
    for result in results {
        match (result, failed.take()) {
            (Ok(value), None) => values.push(value),
            (Ok(_), Some(e)) | (Err(e), None) => failed = Some(e),
            (Err(e), Some(before)) => {
                failed = Some(both::<(), ()>(Err(before), Err(e)).unwrap_err());
            }
        }
    }
    match failed {
        Some(error) => Err(error),
        None => Ok(values),
    }
}

/// The source errors an error carries, if it is made of them.
fn source_errors(error: &anyhow::Error) -> Option<Vec<SourceError>> {
    if let Some(list) = error.downcast_ref::<Diagnostics>() {
        return Some(list.errors().to_vec());
    }
    error
        .downcast_ref::<SourceError>()
        .map(|one| vec![one.clone()])
}

/// A mistake in how pjece was called (exit code 2), as opposed to a problem in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The nearest of `candidates` to `word`, if it is close enough to be a plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `path` shown relative to `root` when it lies inside it, as editors see it in their folder.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\næøå: x\n";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        let colon = text.find(':').unwrap();
        assert_eq!(
            Position::of_offset(text, colon),
            Position { line: 2, column: 4 }
        );
    }

    #[test]
    fn positions_in_order_and_out_of_order_agree_with_counting_from_the_start() {
        let text = "ab\næøå: x\n\n  [y](z)\n";
        let mut positions = Positions::new(text);
        for offset in [0, 3, 9, 12, 5, 14, text.len()] {
            assert_eq!(
                positions.of(offset),
                Position::of_offset(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn suggests_near_words_only() {
        let keys = ["title", "id", "weight", "summary"];
        assert_eq!(suggest("titel", keys), Some("title"));
        assert_eq!(suggest("weigth", keys), Some("weight"));
        assert_eq!(suggest("banana", keys), None);
    }

    #[test]
    fn diagnostics_list_every_problem_with_a_count() {
        let mut d = Diagnostics::new();
        d.push(SourceError::new("b.md", "two").at(Position { line: 3, column: 1 }));
        d.push(SourceError::new("a.md", "one").hint("fix it"));
        let text = d.into_result().unwrap_err().to_string();
        assert_eq!(
            text,
            "a.md: one\n  hint: fix it\nb.md:3:1: two\n2 problems found"
        );
    }
}
