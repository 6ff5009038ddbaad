//! Times the readability stage alone for `make bench`: LIX, long sentences and plain words of
//! every page of a site that `bench_site` wrote, with nothing else of the build around it.
//!
//! ```text
//! cargo run --release --example bench_readability -- <site-dir> [runs]
//! ```
//!
//! Loads the site once (as every build does), then runs `readability::of_site` over every
//! guideline `runs` times (default 5) and prints one line: the pages, the median, the
//! fastest and the slowest run in milliseconds, and the findings of the last run:
//! `pages 10000 median_ms 61.2 min_ms 58.0 max_ms 70.3 findings 12345`.

use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let config = pjece::config::load(&root)?;
    let portal = pjece::content::load_portal(config, true)?;
    let pages: usize = portal.pages();
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let reports: Vec<_> = portal
            .guidelines
            .iter()
            .map(pjece::readability::of_site)
            .collect();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        findings = reports.iter().flatten().map(|r| r.findings.len()).sum();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "pages {pages} median_ms {:.1} min_ms {:.1} max_ms {:.1} findings {findings}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    Ok(())
}
