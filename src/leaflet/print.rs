//! Measuring and printing leaflets in one browser, several pages at a time.
//!
//! Each leaflet makes two jobs: its trim-size page is opened once, measured by the fit
//! check and (when printing) printed; its bleed page is printed and given the TrimBox and
//! BleedBox that tell the print shop where to cut. The jobs run in parallel tabs of the one
//! browser, as many as there are cores, at most [`PARALLEL_TABS`]: each worker thread opens one tab and loads job after
//! job in it, since starting a tab costs more than loading a leaflet into one, and a site
//! with many editions should not open all its pages at once.

use super::{fit, pdf_boxes, pdf_stamp, pdf_ua, Key, LeafletOutput, PrintOutput};
use crate::chromium::{Browser, BrowserTab};
use crate::diagnostic::{Diagnostics, SourceError};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// At most this many pages open at once, and never more than there are processor cores:
/// every tab is a renderer process of its own, and more of them than cores only compete.
const PARALLEL_TABS: usize = 4;

fn parallel_tabs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, PARALLEL_TABS))
}

/// One page to open.
enum Job<'a> {
    /// Measure the trim-size page; print it too when `print`.
    Trim(&'a LeafletOutput, bool),
    /// Print the page with bleed.
    Bleed(&'a LeafletOutput),
}

/// What one job found and made.
#[derive(Default)]
struct Done {
    problems: Vec<SourceError>,
    pdf: Option<(Key, PathBuf)>,
}

/// Measures every leaflet in `out_dir` and, with `print`, prints both PDFs of each beside
/// its HTML. Returns the fit problems and the PDFs written with their cache keys.
pub(super) fn run_all(
    browser: &Browser,
    out_dir: &Path,
    leaflets: &[LeafletOutput],
    print: bool,
) -> Result<(Diagnostics, Vec<(Key, PathBuf)>)> {
    let mut jobs: Vec<Job<'_>> = leaflets.iter().map(|l| Job::Trim(l, print)).collect();
    if print {
        jobs.extend(leaflets.iter().map(Job::Bleed));
    }
    run_jobs(browser, out_dir, &jobs)
}

/// Measures every leaflet in `out_dir` and prints only its web PDF (for `pjece check`, which
/// holds that PDF to the accessibility rules). Returns the fit problems and the PDFs.
pub(super) fn run_web_only(
    browser: &Browser,
    out_dir: &Path,
    leaflets: &[LeafletOutput],
) -> Result<(Diagnostics, Vec<(Key, PathBuf)>)> {
    let jobs: Vec<Job<'_>> = leaflets.iter().map(|l| Job::Trim(l, true)).collect();
    run_jobs(browser, out_dir, &jobs)
}

fn run_jobs(
    browser: &Browser,
    out_dir: &Path,
    jobs: &[Job<'_>],
) -> Result<(Diagnostics, Vec<(Key, PathBuf)>)> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<Done>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..parallel_tabs().min(jobs.len()) {
            scope.spawn(|| {
                let tab = browser.tab();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let done = match &tab {
                        Ok(tab) => run(tab, out_dir, job),
                        Err(err) => Err(anyhow::anyhow!("{err:#}")),
                    };
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, done));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    // In job order, so messages come in the order of the editions, whatever finished first.
    results.sort_by_key(|(i, _)| *i);
    let mut problems = Diagnostics::new();
    let mut pdfs = Vec::new();
    for (_, done) in results {
        let done = done?;
        problems.extend(done.problems);
        pdfs.extend(done.pdf);
    }
    Ok((problems, pdfs))
}

fn run(tab: &BrowserTab<'_>, out_dir: &Path, job: &Job<'_>) -> Result<Done> {
    match job {
        Job::Trim(leaflet, print) => {
            let page = tab.open(&out_dir.join(leaflet.trim.html.file()))?;
            let problems = fit::measure(&page, leaflet)?;
            let pdf = if *print {
                Some(write_pdf(
                    &page.print_pdf()?,
                    out_dir,
                    leaflet,
                    &leaflet.trim,
                    None,
                )?)
            } else {
                None
            };
            Ok(Done { problems, pdf })
        }
        Job::Bleed(leaflet) => {
            let page = tab.open(&out_dir.join(leaflet.bleed.html.file()))?;
            let bleed = Some(leaflet.bleed_mm);
            let pdf = write_pdf(&page.print_pdf()?, out_dir, leaflet, &leaflet.bleed, bleed)?;
            // The print shop's PDF/X-4, when a Ghostscript that can make it is found.
            leaflet.print_shop.convert(
                super::Ghostscript::find(),
                &pdf.1,
                leaflet.bleed_mm,
                &leaflet.pdf_date,
            )?;
            Ok(Done {
                problems: Vec::new(),
                pdf: Some(pdf),
            })
        }
    }
}

/// Writes the PDF Chromium printed for `print`, with the print boxes for `bleed_mm` when
/// given, and with the leaflet's fixed dates (see [`pdf_stamp`]), so the same page always
/// gives the same bytes.
fn write_pdf(
    bytes: &[u8],
    out_dir: &Path,
    leaflet: &LeafletOutput,
    print: &PrintOutput,
    bleed_mm: Option<f64>,
) -> Result<(Key, PathBuf)> {
    let path = out_dir.join(print.pdf.file());
    let mut doc = lopdf::Document::load_mem(bytes)
        .with_context(|| format!("reading the PDF Chromium printed for {}", path.display()))?;
    if let Some(bleed_mm) = bleed_mm {
        pdf_boxes::set_boxes(&mut doc, bleed_mm, &path)?;
    } else {
        // The trim-size PDF is the one published on the web: it must be accessible.
        pdf_ua::apply(&mut doc, &leaflet.accessible, &leaflet.pdf_date)
            .with_context(|| format!("making {} accessible", path.display()))?;
    }
    pdf_stamp::stamp(&mut doc, &leaflet.pdf_date)
        .with_context(|| format!("dating {}", path.display()))?;
    pdf_stamp::save_atomically(&mut doc, &path)?;
    Ok((print.key.clone(), path))
}
