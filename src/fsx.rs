//! File-system helpers that put the path into every error.
//!
//! `std::io::Error` alone says "No such file or directory" without saying which; every read and
//! write in pjece goes through here so the message always names the file.

use anyhow::{Context, Result};
use std::path::Path;

pub fn read_to_string(path: &Path) -> Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        anyhow::Error::new(
            crate::diagnostic::SourceError::new(path, "the file is not valid UTF-8")
                .at_offset(&String::from_utf8_lossy(&e.as_bytes()[..offset]), offset)
                .hint(
                    "save the file as UTF-8 (most editors offer this under \"Save with encoding\")",
                ),
        )
    })
}

/// `path` relative to `root`, with `/` between segments on every platform: the form used
/// for page paths, asset paths and theme files throughout pjece.
pub fn slash_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))
}

/// Replaces `path` with `bytes` in one step: written to a hidden file beside it, flushed to
/// disk, then renamed over it, so that a crash leaves the old file or the new one, never
/// half of one, and a symlink at `path` is replaced rather than followed. The folder must
/// exist.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".pjece-save-")
        .tempfile_in(folder)
        .with_context(|| format!("could not write beside {}", path.display()))?;
    // A temporary file is readable by its owner alone; the file keeps the old one's mode.
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    temp.write_all(bytes)
        .and_then(|()| match permissions {
            Some(p) => temp.as_file().set_permissions(p),
            None => default_permissions(temp.as_file()),
        })
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("could not write {}", path.display()))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}

/// A new file's mode as most programs make it: readable by all, writable by its owner.
fn default_permissions(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(())
    }
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("could not create the folder {}", path.display()))
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("could not rename {} to {}", from.display(), to.display()))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path)
        .with_context(|| format!("could not remove the folder {}", path.display()))
}

pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .with_context(|| format!("could not copy {} to {}", from.display(), to.display()))
}

/// A lock file held by this process for as long as the value lives. It says "a running pjece
/// owns what is named after me": the system releases the lock when the process ends, however
/// it ends (even `kill -9` or a power cut, which leave the file), and it holds across
/// containers and machines sharing the folder, where process ids mean nothing. A lock file
/// whose lock nobody holds is a leftover, and so is what is named after it.
pub struct FileLock {
    path: std::path::PathBuf,
    _file: std::fs::File,
}

impl FileLock {
    /// Creates and locks a new lock file in `dir`, named `<prefix><random><suffix>`.
    pub fn create_new(dir: &Path, prefix: &str, suffix: &str) -> Result<FileLock> {
        // A leftover-remover may lock the file in the moment between its creation and its
        // locking here, and remove it; then it is no longer ours, and another name is tried.
        for _ in 0..16 {
            let (file, path) = tempfile::Builder::new()
                .prefix(prefix)
                .suffix(suffix)
                .tempfile_in(dir)
                .and_then(|file| file.keep().map_err(|e| e.error))
                .with_context(|| format!("could not create a lock file in {}", dir.display()))?;
            if try_lock(&file) && names_this_file(&path, &file) {
                return Ok(FileLock { path, _file: file });
            }
        }
        anyhow::bail!("could not lock a file in {}", dir.display())
    }

    /// Locks the existing lock file `path` if no process holds it: the lock of a run that
    /// has ended. `None` while a running process holds it, or when it is gone.
    pub fn take_abandoned(path: &Path) -> Option<FileLock> {
        if cfg!(not(unix)) {
            return None; // without `flock`, a leftover cannot be told from a running build
        }
        let file = std::fs::OpenOptions::new().read(true).open(path).ok()?;
        (try_lock(&file) && names_this_file(path, &file)).then(|| FileLock {
            path: path.to_path_buf(),
            _file: file,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the lock file, then releases the lock.
    pub fn remove(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Takes the file's lock without waiting (`flock`). Where there is no such lock, a file just
/// created is taken as locked, and no leftover is ever taken.
fn try_lock(file: &std::fs::File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock only reads the open descriptor, which `file` keeps open.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
}

/// Whether `path` still names the open `file` (and not a file made after it was removed).
fn names_this_file(path: &Path, file: &std::fs::File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(path), file.metadata()) {
            (Ok(named), Ok(open)) => named.dev() == open.dev() && named.ino() == open.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, file);
        true
    }
}
