//! File events → rebuild requests.
//!
//! pjece watches what a build reads: `site.yaml` (through a watch on the site folder itself,
//! not recursive, which also sees `content/`, `themes/` or `templates/` appear) and the three
//! folders, recursively. Events pass through notify-debouncer-full, which waits a short quiet
//! time ([`DEBOUNCE`]) and joins the two halves of a rename: an editor that saves by writing
//! `.side.md.tmp` and renaming it over `side.md` gives one event naming `side.md`. An event
//! starts a rebuild only if one of its paths is a file a build could read: the temporary,
//! lock and backup files editors and office programs leave beside a document are the files
//! the content loader skips ([`crate::content::is_ignored`]), plus Vim's probe file `4913`.
//! Reads (the build's own included) never count; a changed modification time does, since
//! that is all the polling watcher sees of a save.
//!
//! `--poll` uses notify's polling watcher, for network drives and container mounts where the
//! system's change notifications do not arrive.

use anyhow::{Context, Result};
use notify_debouncer_full::notify::event::{AccessKind, EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{self, PollWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the files must be quiet before a rebuild starts.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// What a site's build reads, relative to the site folder.
pub(crate) const WATCHED: [&str; 4] = ["site.yaml", "content", "themes", "templates"];
const FOLDERS: [&str; 3] = ["content", "themes", "templates"];

enum Backend {
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// The running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    root: PathBuf,
    backend: Backend,
    folders: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching the site folder `root`; every batch of relevant changes sends the
    /// paths it changed on `changes`, each under `root` made absolute.
    pub(crate) fn start(root: &Path, poll: bool, changes: Sender<Vec<PathBuf>>) -> Result<Watcher> {
        // Events name absolute paths, while `--root` may be relative (`--root mysite`) or
        // reach the folder through a symlink: a change is matched against both spellings.
        let root = std::path::absolute(root)
            .with_context(|| format!("could not find the folder {}", root.display()))?;
        let spellings: Vec<PathBuf> = std::iter::once(root.clone())
            .chain(root.canonicalize().ok().filter(|real| *real != root))
            .collect();
        let absolute_root = root.clone();
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let changed: Vec<PathBuf> = events
                    .iter()
                    .flat_map(|e| {
                        spellings
                            .iter()
                            .filter(|site| starts_a_build(site, &e.event))
                            .flat_map(|site| read_paths(site, &absolute_root, &e.event))
                    })
                    .collect();
                if !changed.is_empty() {
                    let _ = changes.send(changed);
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching the files: {error}");
                }
            }
        };
        let backend = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Backend::Poll(notify_debouncer_full::new_debouncer_opt(
                DEBOUNCE, None, handler, NoCache, config,
            )?)
        } else {
            Backend::Native(notify_debouncer_full::new_debouncer(
                DEBOUNCE, None, handler,
            )?)
        };
        let mut watcher = Watcher {
            root: root.clone(),
            backend,
            folders: Vec::new(),
        };
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        watcher.watch_new_folders();
        Ok(watcher)
    }

    /// Watches `content/`, `themes/` and `templates/` once they exist.
    pub(crate) fn watch_new_folders(&mut self) {
        for name in FOLDERS {
            let folder = self.root.join(name);
            if folder.is_dir() && !self.folders.contains(&folder) {
                match self.watch(&folder, RecursiveMode::Recursive) {
                    Ok(()) => self.folders.push(folder),
                    Err(e) => eprintln!("warning: {e:#}"),
                }
            }
        }
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        let result = match &mut self.backend {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        };
        result.with_context(|| format!("could not watch {} for changes", path.display()))
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

/// `content/e1/side.md` yes; `content/e1/.side.md.swp`, `public/…`, `src/…` no.
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
    WATCHED.contains(&first.as_str())
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
            "src/main.rs",
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
