//! Times what readability adds to a build for `make bench`: LIX, long sentences and plain
//! words of every page of a site that `bench_site` wrote.
//!
//! ```text
//! cargo run --release --example bench_readability -- <site-dir> [runs]
//! ```
//!
//! Readability reads each page's running text out of the parse the Markdown stage renders the
//! page from, so what it adds is the difference between two runs of that stage over every
//! page, on all cores as in a build: the pages rendered alone (`ReadText::No`), and rendered
//! with their running text read out and judged (`ReadText::Yes` and the findings). The site is
//! loaded once (as every build does); the two are run `runs` times (default 5), one after the
//! other. One line is printed: the pages, the median, the fastest and the slowest of the
//! differences in milliseconds, the medians of the two stages, and the findings of the last
//! run: `pages 10000 median_ms 61.2 min_ms 58.0 max_ms 70.3 without_ms 900.1 with_ms 961.0
//! findings 12345`.

use pjece::content::{Page, Site};
use pjece::markdown::{self, ReadText};
use pjece::readability::{self, Rules};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let config = pjece::config::load(&root)?;
    let portal = pjece::content::load_portal(config, true)?;
    let rules: Vec<Option<Rules>> = portal
        .guidelines
        .iter()
        .map(|s| Rules::of(&s.config))
        .collect();
    let pages: Vec<Judged> = portal
        .guidelines
        .iter()
        .zip(&rules)
        .flat_map(|(site, rules)| {
            site.editions
                .iter()
                .filter(|e| readability::judges(&site.config, e))
                .flat_map(move |e| e.pages.iter().map(move |page| (site, rules.as_ref(), page)))
        })
        .collect();
    let (mut without, mut with, mut added) = (Vec::new(), Vec::new(), Vec::new());
    let mut findings = 0;
    for _ in 0..runs.max(1) {
        let (alone, _) = timed(|| markdown_stage(&pages, ReadText::No));
        let (judged, found) = timed(|| markdown_stage(&pages, ReadText::Yes));
        without.push(alone);
        with.push(judged);
        added.push(judged - alone);
        findings = found;
    }
    let (median, min, max) = spread(&mut added);
    println!(
        "pages {} median_ms {median:.1} min_ms {min:.1} max_ms {max:.1} without_ms {:.1} with_ms {:.1} findings {findings}",
        pages.len(),
        spread(&mut without).0,
        spread(&mut with).0,
    );
    Ok(())
}

/// A page to judge: its guideline, the guideline's rules, the page.
type Judged<'a> = (&'a Site, Option<&'a Rules>, &'a Page);

/// Every page through the Markdown stage, with the readability findings when `read` asks for
/// the running text; returns how many findings there were.
fn markdown_stage(pages: &[Judged<'_>], read: ReadText) -> usize {
    pages
        .par_iter()
        .map(|&(site, rules, page)| {
            let mut rendered = markdown::render(
                &page.body,
                page.body_line_offset,
                site.config.raw_html,
                read,
            );
            match (rules, rendered.running_text.take()) {
                (Some(rules), Some(text)) => {
                    readability::page_findings_of(rules, &site.config, page, &text).len()
                }
                _ => 0,
            }
        })
        .sum()
}

fn timed<T>(run: impl FnOnce() -> T) -> (f64, T) {
    let started = Instant::now();
    let out = run();
    (started.elapsed().as_secs_f64() * 1000.0, out)
}

/// The median, the smallest and the largest of `times`.
fn spread(times: &mut [f64]) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}
