//! The editor's preview: the page as it will look once the text typed is saved, before it is.
//!
//! Each preview is a whole build in memory with the unsaved text in place of its file's
//! ([`crate::load_and_render_with`]), so what it shows is exactly what saving will show:
//! the page in its frame, its links checked, the leaflet laid out, the build's problems at
//! their lines. It keeps its own cache of work from preview to preview (a [`Reuse`], like the
//! builder's), so typing in one page renders that page and what shows it. One worker thread
//! takes the newest text only: text typed while a preview is made replaces the text waiting,
//! and the request it replaces is answered as superseded.

use super::super::queue::{Newest, Worker};
use super::super::state::{problems, Level, Problem};
use crate::address::OutPath;
use crate::content::Unsaved;
use crate::output::{Contents, PageSink};
use crate::render::Reuse;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;
use tokio::sync::oneshot;

/// What the editor is shown for one text.
#[derive(Debug, Serialize)]
pub(crate) struct Preview {
    /// The page the preview pane shows, as built with the text; `None` when the build
    /// failed or the page is not in it.
    pub(crate) html: Option<String>,
    /// Whether the site could be built with the text.
    pub(crate) built: bool,
    /// The build's errors (any file: they stop the build) and the warnings and notes about
    /// the file being edited.
    pub(crate) problems: Vec<Problem>,
    /// How long the preview took to make.
    pub(crate) milliseconds: u64,
}

struct Job {
    unsaved: Unsaved,
    /// The file's name in messages, to pick its warnings.
    shown: String,
    view: OutPath,
    reply: oneshot::Sender<Preview>,
}

/// The preview worker's handle.
pub(crate) struct Previews {
    worker: Worker<Job>,
}

impl Previews {
    pub(crate) fn start(root: PathBuf) -> std::io::Result<Previews> {
        let worker = Worker::start("pjece-preview", move |queue| work(&root, queue))?;
        Ok(Previews { worker })
    }

    /// The preview of `view` with `unsaved` in place of its file; `None` when newer text
    /// took its place first.
    pub(crate) async fn make(
        &self,
        unsaved: Unsaved,
        shown: String,
        view: OutPath,
    ) -> Option<Preview> {
        let (reply, answer) = oneshot::channel();
        self.worker.send(Job {
            unsaved,
            shown,
            view,
            reply,
        });
        answer.await.ok()
    }

    /// No preview starts from now on.
    pub(crate) fn close(&self) {
        self.worker.close();
    }
}

fn work(root: &std::path::Path, queue: &Newest<Job>) {
    let reuse = Reuse::kept();
    while let Some(job) = queue.take() {
        let preview = make(root, &reuse, &job);
        let _ = job.reply.send(preview);
    }
}

fn make(root: &std::path::Path, reuse: &Reuse, job: &Job) -> Preview {
    let started = Instant::now();
    let built = crate::load_and_render_with(
        root,
        true,
        reuse,
        PageSink::Memory,
        &mut crate::timings::Timings::new(),
        Some(&job.unsaved),
    );
    let (html, built, problems) = match built {
        Ok(built) => {
            reuse.end_build();
            let html = match built.files.get(&job.view).map(|f| &f.contents) {
                Some(Contents::Bytes(bytes)) => Some(String::from_utf8_lossy(bytes).into_owned()),
                _ => None,
            };
            let about_file = |e: &&crate::diagnostic::SourceError| {
                crate::fsx::slash_path(std::path::Path::new(""), &e.file) == job.shown
            };
            let level =
                |level| move |e: &crate::diagnostic::SourceError| Problem::at_level(e, level);
            let found = built
                .warnings
                .iter()
                .filter(about_file)
                .map(level(Level::Warning))
                .chain(
                    built
                        .notes
                        .iter()
                        .filter(about_file)
                        .map(level(Level::Note)),
                )
                .collect();
            (html, true, found)
        }
        Err(error) => {
            let found = problems(&error);
            (None, false, found)
        }
    };
    Preview {
        html,
        built,
        problems,
        milliseconds: started.elapsed().as_millis() as u64,
    }
}
