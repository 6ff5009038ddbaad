//! The live leaflet fit check: after each good build, in the background, measure whether
//! each leaflet's text still fits its panels and show what does not over the leaflet page.
//!
//! Measuring takes Chromium a second or more, so it never holds up a rebuild or a request:
//! one worker thread takes the newest build only (builds that were replaced while it was
//! busy are skipped) and findings for a build that has since been replaced are dropped by
//! [`State::set_page_findings`]. The measurement is the leaflet stage's own fit check
//! (`leaflet::measure_each`): panels that overflow and headings split or stranded.

use super::queue::{Newest, Worker};
use super::state::{Problem, Snapshot, State};
use crate::address::OutPath;
use crate::diagnostic::SourceError;
use crate::leaflet::LeafletOutput;
use std::sync::Arc;
use std::time::Instant;

/// One good build to check.
struct Job {
    site: Arc<Snapshot>,
    leaflets: Vec<LeafletOutput>,
}

/// The handle the builder uses; dropping it stops the worker after the check under way.
pub(crate) struct LeafletChecks {
    worker: Worker<Job>,
}

impl LeafletChecks {
    /// Starts the worker, at a lower priority than the builder (Chromium, started from it,
    /// inherits that), so that measuring the last build does not hold up showing the next.
    pub(crate) fn start(state: Arc<State>) -> std::io::Result<LeafletChecks> {
        let worker = Worker::start("pjece-leaflets", move |queue| {
            super::lower_priority();
            work(&state, queue)
        })?;
        Ok(LeafletChecks { worker })
    }

    /// Called by the builder after each good build; a build not yet checked is skipped.
    pub(crate) fn after_good_build(&self, site: Arc<Snapshot>, leaflets: Vec<LeafletOutput>) {
        if !leaflets.is_empty() {
            self.worker.send(Job { site, leaflets });
        }
    }

    /// No check starts from now on.
    pub(crate) fn close(&self) {
        self.worker.close();
    }

    /// Stops the worker, waiting until `deadline` for the check under way (which ends at
    /// once when its browser has been ended); whether it ended.
    pub(crate) fn stop(self, deadline: Instant) -> bool {
        self.worker.stop(deadline)
    }
}

fn work(state: &State, queue: &Newest<Job>) {
    while let Some(job) = queue.take() {
        match measure_leaflets(&job) {
            Ok(findings) => {
                for (leaflet, findings) in job.leaflets.iter().zip(findings) {
                    report_leaflet_findings(
                        state,
                        job.site.generation,
                        &leaflet.trim.html,
                        &findings,
                    );
                }
            }
            Err(error) => eprintln!("the leaflet fit check could not run: {error:#}"),
        }
    }
}

/// What does not fit in each leaflet's panels, and every heading parted from its text: the
/// leaflet stage's fit check, run on the leaflet pages and what they load, written to a
/// temporary folder.
fn measure_leaflets(job: &Job) -> anyhow::Result<Vec<Vec<SourceError>>> {
    let scratch = tempfile::tempdir()?;
    let needed = crate::leaflet::files_to_measure(job.site.files.iter(), &job.leaflets);
    crate::output::write_all(scratch.path(), needed)?;
    crate::leaflet::measure_each(scratch.path(), &job.leaflets)
}

/// Prints `findings` in the terminal and shows them over the leaflet page `page` (replacing
/// what was shown there); no findings clear the page's overlay.
pub(crate) fn report_leaflet_findings(
    state: &State,
    generation: u64,
    page: &OutPath,
    findings: &[SourceError],
) {
    for finding in findings {
        eprintln!("leaflet {}: {finding}", page.file());
    }
    let problems = findings
        .iter()
        .map(|f| Problem::at_level(f, super::state::Level::Warning))
        .collect();
    state.set_page_findings(generation, page, problems);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::SiteFiles;

    #[test]
    fn findings_show_over_their_page_and_clear_when_gone() {
        let state = State::new();
        let config = crate::serve::state::tests::config();
        let site = Arc::new(Snapshot::new(
            SiteFiles::default(),
            crate::address::Addresses::new(&config),
            config.language,
            1,
        ));
        state.publish(Arc::clone(&site));
        let page = site
            .addresses
            .leaflet_html("e1", crate::address::Print::Trim);
        let overflow = SourceError::new("content/e1/side.md", "panel 2 is 4 mm too long");
        report_leaflet_findings(&state, 1, &page, &[overflow]);
        let shown = &state.status().pages[&page.file()];
        assert_eq!(shown[0].message, "panel 2 is 4 mm too long");
        report_leaflet_findings(&state, 1, &page, &[]);
        assert!(state.status().pages.is_empty());
    }
}
