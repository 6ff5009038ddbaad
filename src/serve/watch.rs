//! File events → rebuild requests.
//!
//! pjece watches the whole site folder, not a list of what a build reads: a list falls
//! behind the build (it once missed `hyphenation.txt` and the logo), while a spare rebuild
//! after saving a file no build reads costs little, since the reuse cache renders nothing
//! again. Left out are the folders a build writes or that belong to other tools: the output
//! folder `public/` and Cargo's `target/` ([`NOT_READ`]), and every hidden folder, the cache
//! `.pjece-cache/` and the output's sibling folders `.public.pjece-…` among them.
//!
//! The site folder itself is watched on its own (not recursively), which sees its files
//! (`site.yaml`, the logo) and folders appearing, going and being renamed; each folder in it
//! is watched recursively. After each batch of changes [`Watcher::refresh`] starts a fresh
//! watcher if a folder in the site folder came, went, was replaced or was renamed
//! (`content/` removed and written again, or moved away and back): watches follow a
//! folder's inode, not its name, and notify drops the watch of a folder moved out of a
//! watched one without taking it up again when it comes back, so only a watcher without
//! that history is sure to watch the right folders.
//!
//! Events pass through notify-debouncer-full, which waits a short quiet time ([`DEBOUNCE`])
//! and joins the two halves of a rename: an editor that saves by writing `.side.md.tmp` and
//! renaming it over `side.md` gives one event naming `side.md`. An event starts a rebuild
//! only if one of its paths is a file a build could read: the temporary, lock and backup
//! files editors and office programs leave beside a document are the files the content
//! loader skips ([`crate::content::is_ignored`]), plus Vim's probe file `4913`. Reads (the
//! build's own included) never count; a changed modification time does, since that is all
//! the polling watcher sees of a save.
//!
//! `--poll` uses notify's polling watcher, for network drives and container mounts where the
//! system's change notifications do not arrive.

use anyhow::{Context, Result};
use notify_debouncer_full::notify::event::{AccessKind, EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{self, PollWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, RecommendedCache};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How long the files must be quiet before a rebuild starts.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Folders of the site folder that no build reads: the default output folder, and Cargo's
/// (pjece's own repository is a sample site).
pub(crate) const NOT_READ: [&str; 2] = ["public", "target"];

/// What is told of every batch of changes: the paths changed, each under the site folder.
pub(crate) type OnChange = Arc<dyn Fn(Vec<PathBuf>) + Send + Sync>;

enum Backend {
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        let result = match self {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        };
        result.with_context(|| format!("could not watch {} for changes", path.display()))
    }

    /// Stops watching and waits for the watcher's thread to end.
    fn stop(self) {
        match self {
            Backend::Native(d) => d.stop(),
            Backend::Poll(d) => d.stop(),
        }
    }
}

/// A folder as it was when its watch began: replaced by another of the same name, it needs
/// a new watch.
#[cfg(unix)]
type FolderIdentity = (u64, u64);
#[cfg(not(unix))]
type FolderIdentity = Option<std::time::SystemTime>;

fn identity(metadata: &std::fs::Metadata) -> FolderIdentity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (metadata.dev(), metadata.ino())
    }
    #[cfg(not(unix))]
    {
        metadata.created().ok()
    }
}

/// The running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    /// The site folder, absolute.
    root: PathBuf,
    poll: bool,
    on_change: OnChange,
    backend: Option<Backend>,
    /// The folders of the site folder being watched (recursively), by name.
    folders: BTreeMap<OsString, FolderIdentity>,
}

impl Watcher {
    /// Starts watching the site folder `root`; every batch of relevant changes is told to
    /// `on_change`, each path under `root` made absolute.
    pub(crate) fn start(root: &Path, poll: bool, on_change: OnChange) -> Result<Watcher> {
        let root = std::path::absolute(root)
            .with_context(|| format!("could not find the folder {}", root.display()))?;
        let mut watcher = Watcher {
            root,
            poll,
            on_change,
            backend: None,
            folders: BTreeMap::new(),
        };
        watcher.restart()?;
        Ok(watcher)
    }

    /// Starts a fresh watcher when a folder of the site folder came, went, was replaced or
    /// was renamed since the watches began (see the module's notes); call it with each batch
    /// of `changed` paths.
    pub(crate) fn refresh<'a>(&mut self, changed: impl IntoIterator<Item = &'a PathBuf>) {
        let touched_a_folder = changed.into_iter().any(|path| {
            path.parent() == Some(self.root.as_path())
                && path
                    .file_name()
                    .is_some_and(|name| self.folders.contains_key(name) || path.is_dir())
        });
        if touched_a_folder || folders_read_by_build(&self.root) != self.folders {
            if let Err(e) = self.restart() {
                eprintln!("warning: {e:#}");
            }
        }
    }

    /// Stops watching and waits for the watcher's thread to end.
    pub(crate) fn stop(mut self) {
        if let Some(backend) = self.backend.take() {
            backend.stop();
        }
    }

    /// Replaces the watcher with a fresh one on the site folder and each folder in it.
    fn restart(&mut self) -> Result<()> {
        // The old watcher first: two at once would tell each change twice.
        if let Some(old) = self.backend.take() {
            old.stop();
        }
        let handler = handler(&self.root, Arc::clone(&self.on_change));
        let mut backend = if self.poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Backend::Poll(notify_debouncer_full::new_debouncer_opt(
                DEBOUNCE, None, handler, NoCache, config,
            )?)
        } else {
            Backend::Native(notify_debouncer_full::new_debouncer(
                DEBOUNCE, None, handler,
            )?)
        };
        backend.watch(&self.root, RecursiveMode::NonRecursive)?;
        let folders = folders_read_by_build(&self.root);
        for name in folders.keys() {
            // A folder gone again since it was listed is seen by the next refresh.
            if let Err(e) = backend.watch(&self.root.join(name), RecursiveMode::Recursive) {
                if self.root.join(name).is_dir() {
                    eprintln!("warning: {e:#}");
                }
            }
        }
        self.backend = Some(backend);
        self.folders = folders;
        Ok(())
    }
}

/// The folders of the site folder a build may read, by name, each as it is now.
fn folders_read_by_build(root: &Path) -> BTreeMap<OsString, FolderIdentity> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return BTreeMap::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            !NOT_READ.contains(&name.as_ref()) && !crate::content::is_ignored(&name)
        })
        // A symlink to a folder is followed, as the build follows it.
        .filter_map(|entry| {
            let metadata = std::fs::metadata(entry.path()).ok()?;
            metadata
                .is_dir()
                .then(|| (entry.file_name(), identity(&metadata)))
        })
        .collect()
}

/// What the watcher runs on each batch of events: the paths a build reads, told to
/// `on_change`.
fn handler(root: &Path, on_change: OnChange) -> impl FnMut(DebounceEventResult) + Send + 'static {
    // Events name absolute paths, while `--root` may be relative (`--root mysite`) or reach
    // the folder through a symlink: a change is matched against both spellings.
    let spellings: Vec<PathBuf> = std::iter::once(root.to_path_buf())
        .chain(root.canonicalize().ok().filter(|real| real != root))
        .collect();
    let root = root.to_path_buf();
    move |result: DebounceEventResult| match result {
        Ok(events) => {
            let changed: Vec<PathBuf> = events
                .iter()
                .flat_map(|e| {
                    spellings
                        .iter()
                        .filter(|site| starts_a_build(site, &e.event))
                        .flat_map(|site| read_paths(site, &root, &e.event))
                })
                .collect();
            if !changed.is_empty() {
                on_change(changed);
            }
        }
        Err(errors) => {
            for error in errors.iter().filter(|e| !is_gone(e)) {
                eprintln!("warning: watching the files: {error}");
            }
        }
    }
}

/// Whether `error` says only that a watched folder is gone: the change that removed it
/// starts a build, and the next [`Watcher::refresh`] stops watching it.
fn is_gone(error: &notify::Error) -> bool {
    match &error.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(e) => e.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

/// Whether `event` changed something a build reads.
fn starts_a_build(root: &Path, event: &notify::Event) -> bool {
    let reads_only = matches!(
        event.kind,
        EventKind::Access(AccessKind::Open(_) | AccessKind::Read | AccessKind::Close(_))
            | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    );
    !reads_only && event.paths.iter().any(|p| read_by_build(root, p))
}

/// The paths of `event` that a build reads, moved from the spelling `site` to `root`.
fn read_paths<'a>(
    site: &'a Path,
    root: &'a Path,
    event: &'a notify::Event,
) -> impl Iterator<Item = PathBuf> + 'a {
    event
        .paths
        .iter()
        .filter(|p| read_by_build(site, p))
        .filter_map(move |p| Some(root.join(p.strip_prefix(site).ok()?)))
}

/// `content/e1/side.md`, `logo.svg`, `hyphenation.txt` yes; `content/e1/.side.md.swp`,
/// `public/…`, `.pjece-cache/…` no.
fn read_by_build(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let names: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(first) = names.first() else {
        return false;
    };
    !NOT_READ.contains(&first.as_str())
        && !names.iter().any(|n| crate::content::is_ignored(n))
        && names.last().is_some_and(|n| n != "4913")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from("/site").join(p));
        }
        e
    }

    #[test]
    fn pages_and_settings_count_and_editor_leftovers_do_not() {
        let create = EventKind::Create(CreateKind::File);
        let root = Path::new("/site");
        for yes in [
            "site.yaml",
            "content/e1/side.md",
            "themes/t/x.css",
            "templates/page.html",
            "hyphenation.txt",
            "logo.svg",
            "grafik/logo.png",
            "content",
        ] {
            assert!(starts_a_build(root, &event(create, &[yes])), "{yes}");
        }
        for no in [
            "content/e1/.side.md.swp",
            "content/e1/side.md~",
            "content/e1/~$side.docx",
            "content/e1/#side.md#",
            "content/e1/side.md.bak",
            "content/e1/4913",
            "content/.git/index",
            "public/index.html",
            "public",
            "target/debug/pjece",
            ".pjece-cache/pdf/x.pdf",
            ".public.pjece-new-1/index.html",
            ".site.yaml.swp",
        ] {
            assert!(!starts_a_build(root, &event(create, &[no])), "{no}");
        }
    }

    #[test]
    fn a_temporary_file_renamed_over_a_page_counts_and_reading_does_not() {
        let root = Path::new("/site");
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let paths = ["content/e1/.side.md.tmp", "content/e1/side.md"];
        assert!(starts_a_build(root, &event(rename, &paths)));
        let open = EventKind::Access(AccessKind::Open(notify::event::AccessMode::Read));
        assert!(!starts_a_build(root, &event(open, &["content/e1/side.md"])));
    }
}
