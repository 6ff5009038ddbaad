//! Where a build's time goes, stage by stage, for `pjece build --timings` and the preview
//! server's rebuild line.
//!
//! A [`Timings`] is handed down the pipeline; each stage wraps its work in
//! [`Timings::time`]. Stages that run more than once (Markdown of pages and of change notes)
//! add up. Recording costs one clock read per stage, so it is always on; only printing is
//! asked for.

use std::fmt;
use std::time::{Duration, Instant};

/// The stages of a build, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Reading `site.yaml`, every page and edition file, and the theme.
    Load,
    /// Markdown to HTML, every page of every edition.
    Markdown,
    /// Resolving and checking links and anchors.
    Links,
    /// Comparing editions: which pages changed, word diffs.
    Diffs,
    /// Pages, "what changed" pages and site pages through the templates.
    Templates,
    /// The leaflet pages (layout, hyphenation, QR codes).
    Leaflets,
    /// Building the full-text search index from the rendered pages.
    Search,
    /// Writing the output folder and swapping it in.
    Write,
    /// Measuring and printing leaflets in Chromium.
    Pdfs,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Markdown => "Markdown",
            Stage::Links => "links",
            Stage::Diffs => "diffs",
            Stage::Templates => "templates",
            Stage::Leaflets => "leaflets",
            Stage::Search => "search",
            Stage::Write => "write",
            Stage::Pdfs => "PDFs",
        }
    }
}

/// Time spent per stage, in the order stages first ran.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Timings {
    stages: Vec<(Stage, Duration)>,
}

impl Timings {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `work`, adding its wall time to `stage`.
    pub fn time<T>(&mut self, stage: Stage, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        self.add(stage, started.elapsed());
        result
    }

    pub fn add(&mut self, stage: Stage, spent: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += spent,
            None => self.stages.push((stage, spent)),
        }
    }

    pub fn of(&self, stage: Stage) -> Duration {
        self.stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map_or(Duration::ZERO, |(_, d)| *d)
    }

    /// The stages on one line, for the preview server: `load 3 ms, Markdown 12 ms, …`.
    pub fn one_line(&self) -> String {
        self.stages
            .iter()
            .map(|(stage, spent)| format!("{} {} ms", stage.name(), spent.as_millis()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// One line per stage with milliseconds and share of the total, e.g. `  templates   412 ms  61 %`.
impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total().as_secs_f64().max(f64::EPSILON);
        for (stage, spent) in &self.stages {
            writeln!(
                f,
                "  {:<10} {:>7.1} ms {:>4.0} %",
                stage.name(),
                spent.as_secs_f64() * 1000.0,
                100.0 * spent.as_secs_f64() / total
            )?;
        }
        write!(f, "  {:<10} {:>7.1} ms", "total", total * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_timed_twice_adds_up_and_keeps_its_first_place() {
        let mut t = Timings::new();
        t.add(Stage::Markdown, Duration::from_millis(5));
        t.add(Stage::Links, Duration::from_millis(1));
        t.add(Stage::Markdown, Duration::from_millis(7));
        assert_eq!(t.of(Stage::Markdown), Duration::from_millis(12));
        assert_eq!(t.total(), Duration::from_millis(13));
        let shown = t.to_string();
        assert!(shown.find("Markdown").unwrap() < shown.find("links").unwrap());
        assert!(shown.contains("12.0 ms"), "{shown}");
    }

    #[test]
    fn time_returns_the_work_and_records_it() {
        let mut t = Timings::new();
        let v = t.time(Stage::Write, || {
            std::thread::sleep(Duration::from_millis(2));
            41 + 1
        });
        assert_eq!(v, 42);
        assert!(t.of(Stage::Write) >= Duration::from_millis(2));
        assert_eq!(t.of(Stage::Pdfs), Duration::ZERO);
    }
}
