//! Errors and warnings as the editor sees them in the terminal.
//!
//! Each problem opens with `file:line:column: message` (the form editors and CI logs link),
//! then shows the line of the file with a caret under the place, then the hint, rendered by
//! annotate-snippets (rustc's renderer). Colour only on a terminal, and never when `NO_COLOR`
//! is set (no-color.org).

use crate::diagnostic::{Diagnostics, SourceError};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::IsTerminal;
use std::path::Path;

/// Whether to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Coloured,
}

impl Style {
    /// Coloured on a terminal unless `NO_COLOR` is set.
    pub fn for_stderr() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if std::io::stderr().is_terminal() && !no_color {
            Style::Coloured
        } else {
            Style::Plain
        }
    }

    fn renderer(self) -> Renderer {
        match self {
            Style::Plain => Renderer::plain(),
            Style::Coloured => Renderer::styled(),
        }
    }
}

/// The message for a failed run. Problems in the site are shown with their source line, read
/// from the site folder `root`; other errors as their chain of causes.
pub fn describe(error: &anyhow::Error, root: &Path, style: Style) -> String {
    let mut sources = Sources::new(root);
    let mut out = String::new();
    for (i, cause) in error.chain().enumerate() {
        if let Some(problems) = cause.downcast_ref::<Diagnostics>() {
            let errors = problems.errors();
            for problem in errors {
                push_block(
                    &mut out,
                    &render(problem, &mut sources, Level::ERROR, style),
                );
            }
            let n = errors.len();
            out.push_str(&format!(
                "\n\n{n} problem{} found",
                if n == 1 { "" } else { "s" }
            ));
            return out;
        }
        if let Some(problem) = cause.downcast_ref::<SourceError>() {
            push_block(
                &mut out,
                &render(problem, &mut sources, Level::ERROR, style),
            );
            return out;
        }
        push_cause(&mut out, i, cause);
    }
    out
}

/// An error that names no place in the site, as its chain of causes: the outermost context,
/// then each cause on its own line.
pub fn chain(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for (i, cause) in error.chain().enumerate() {
        push_cause(&mut out, i, cause);
    }
    out
}

fn push_cause(out: &mut String, i: usize, cause: &(dyn std::error::Error + 'static)) {
    if i == 0 {
        out.push_str(&format!("error: {cause}"));
    } else {
        out.push_str(&format!("\n  caused by: {cause}"));
    }
}

/// Warnings, each shown like an error, one after the other.
pub fn warnings(problems: &[SourceError], root: &Path, style: Style) -> String {
    let mut sources = Sources::new(root);
    problems
        .iter()
        .map(|problem| render(problem, &mut sources, Level::WARNING, style))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Notes: advice that never fails a run (a plainer word), each shown like a warning.
pub fn notes(problems: &[SourceError], root: &Path, style: Style) -> String {
    let mut sources = Sources::new(root);
    problems
        .iter()
        .map(|problem| render(problem, &mut sources, Level::NOTE, style))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The site's files as problems quote them, each read once however many problems it has
/// (a page with a thousand broken links is read once, not a thousand times).
struct Sources<'a> {
    root: &'a Path,
    texts: std::collections::HashMap<std::path::PathBuf, Option<String>>,
}

impl<'a> Sources<'a> {
    fn new(root: &'a Path) -> Self {
        Sources {
            root,
            texts: std::collections::HashMap::new(),
        }
    }

    /// Line `number` (1-based) of `file` (relative to the site folder), if it can be read.
    fn line(&mut self, file: &Path, number: usize) -> Option<String> {
        let root = self.root;
        let text = self
            .texts
            .entry(file.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(root.join(file)).ok())
            .as_deref()?;
        let line = text.lines().nth(number.checked_sub(1)?)?;
        // A very long line (a minified blob) would drown the message.
        Some(line.trim_end_matches('\r').chars().take(300).collect())
    }
}

fn push_block(out: &mut String, block: &str) {
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(block);
}

fn render(
    problem: &SourceError,
    sources: &mut Sources<'_>,
    level: Level<'_>,
    style: Style,
) -> String {
    let title = match problem.position {
        Some(p) => format!(
            "{}:{}:{}: {}",
            problem.file.display(),
            p.line,
            p.column,
            problem.message
        ),
        None => format!("{}: {}", problem.file.display(), problem.message),
    };
    let line = problem
        .position
        .and_then(|p| sources.line(&problem.file, p.line).map(|text| (p, text)));
    let mut groups = vec![match &line {
        Some((position, text)) => level.clone().primary_title(title).element(
            Snippet::source(text.as_str())
                .line_start(position.line)
                .annotation(AnnotationKind::Primary.span(caret(
                    text,
                    position.column,
                    problem.width,
                ))),
        ),
        None => Group::with_title(level.primary_title(title)),
    }];
    if let Some(hint) = &problem.hint {
        groups.push(Group::with_title(
            Level::HELP.with_name("hint").secondary_title(hint.as_str()),
        ));
    }
    style.renderer().render(&groups)
}

/// The bytes under the caret: `width` characters from `column` (1-based, in characters) when
/// the problem says how many it covers (to the end of the line at most), else the word or key
/// starting there.
fn caret(line: &str, column: usize, width: Option<usize>) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    if let Some(width) = width.filter(|&w| w > 0) {
        let end = line[start..]
            .char_indices()
            .nth(width)
            .map_or(line.len(), |(i, _)| start + i);
        return start..end;
    }
    let word = line[start..]
        .find(|c: char| c.is_whitespace() || c == ':')
        .map_or(line.len(), |n| start + n);
    let end = if word > start {
        word
    } else {
        line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    #[test]
    fn a_problem_shows_its_line_with_a_caret_and_the_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/e1")).unwrap();
        std::fs::write(
            dir.path().join("content/e1/side.md"),
            "---\ntitle: Side\nweigth: 3\n---\n",
        )
        .unwrap();
        let problem = SourceError::new("content/e1/side.md", "unknown key `weigth`")
            .at(Position { line: 3, column: 1 })
            .hint("did you mean `weight`?");
        let text = describe(&problem.into(), dir.path(), Style::Plain);
        assert_eq!(
            text,
            "error: content/e1/side.md:3:1: unknown key `weigth`\n  |\n3 | weigth: 3\n  | ^^^^^^\n  |\nhint: did you mean `weight`?"
        );
    }

    #[test]
    fn carets_count_characters_and_stop_at_the_word() {
        assert_eq!(caret("æøå: x", 1, None), 0..6);
        assert_eq!(caret("a: bå c", 4, None), 3..6);
        assert_eq!(caret("", 1, None), 0..0);
    }

    #[test]
    fn a_phrase_is_marked_whole_and_never_past_the_line() {
        assert_eq!(caret("sker i henhold til loven", 6, Some(13)), 5..18);
        assert_eq!(caret("i henhold", 3, Some(40)), 2..9);
        assert_eq!(caret("på én måde", 4, Some(2)), 4..7);
    }
}
