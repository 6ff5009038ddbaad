//! Writing the output folder atomically.
//!
//! The new site is written into a fresh sibling folder (`.public.pjece-new-<pid>`), then
//! swapped in with renames, so readers of `public/` see the old site or the new one, never a
//! mix, and a failed build leaves the previous output untouched. pjece marks folders it
//! creates with a `.pjece-output` file and refuses to replace any non-empty folder without
//! that mark: it must never delete someone's files because `--out` was mistyped.

use crate::address::OutPath;
use crate::diagnostic::{Diagnostics, SourceError, UsageError};
use crate::fsx;
use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};

/// The mark pjece leaves in every output folder it writes.
pub use crate::address::MARKER;

/// The bytes of one output file, or the source file to copy them from, or neither because
/// the file is already in the fresh output folder (see [`PageSink`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Written,
}

/// Where pages go as they are rendered. A build writes each page into its fresh output folder
/// at once and keeps only its address, so the whole site is never held in memory and writing
/// runs beside rendering on every core; `serve`, `check` and `validate` keep pages in memory.
#[derive(Debug, Clone, Copy)]
pub enum PageSink<'a> {
    Memory,
    Folder(&'a Path),
}

impl PageSink<'_> {
    /// `file` as the build keeps it: unchanged in memory, or written and without its bytes.
    pub fn put(&self, file: OutputFile) -> Result<OutputFile> {
        match self {
            PageSink::Memory => Ok(file),
            PageSink::Folder(dir) => {
                write_file(dir, &file)?;
                Ok(OutputFile {
                    contents: Contents::Written,
                    ..file
                })
            }
        }
    }
}

/// One file of the built site, at an address made by [`crate::address`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: OutPath,
    pub contents: Contents,
    /// What the file is made from, named when two would land on the same path.
    pub origin: Origin,
}

/// Where an output file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file of the site (a page, an image), shown relative to the site folder.
    Source(PathBuf),
    /// Something pjece makes: "the “what changed” page of edition `e2`".
    Generated(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Source(path) => write!(f, "{}", path.display()),
            Origin::Generated(what) => f.write_str(what),
        }
    }
}

impl OutputFile {
    /// A generated file at the file of `path` (a folder's `index.html`).
    pub fn generated(path: &OutPath, what: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.as_file(),
            contents: Contents::Bytes(bytes.into()),
            origin: Origin::Generated(what.into()),
        }
    }

    /// A rendered page of the site's source `source` (shown relative to the site folder).
    pub fn rendered(path: &OutPath, source: &Path, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.as_file(),
            contents: Contents::Bytes(bytes.into()),
            origin: Origin::Source(source.to_path_buf()),
        }
    }

    /// A file copied unchanged from `source` (absolute), shown as `shown`.
    pub fn copied(path: OutPath, source: PathBuf, shown: PathBuf) -> Self {
        OutputFile {
            path,
            contents: Contents::Copy(source),
            origin: Origin::Source(shown),
        }
    }
}

/// The files of a build, each at its own path: two files for one path are an error naming
/// both, never one silently replacing the other.
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    files: std::collections::BTreeMap<OutPath, OutputFile>,
}

impl SiteFiles {
    /// Collects `files`, reporting every path claimed twice.
    pub fn assemble(files: impl IntoIterator<Item = OutputFile>) -> Result<SiteFiles> {
        let mut site = SiteFiles::default();
        let mut problems = Diagnostics::new();
        for file in files {
            if let Some(first) = site.files.get(&file.path) {
                problems.push(collision(first, &file));
            } else {
                site.files.insert(file.path.clone(), file);
            }
        }
        problems.into_result()?;
        Ok(site)
    }

    pub fn contains(&self, path: &OutPath) -> bool {
        self.files.contains_key(path)
    }

    /// Adds a file at a path known to be free (see [`SiteFiles::contains`]).
    pub fn insert_new(&mut self, file: OutputFile) -> Result<()> {
        if let Some(first) = self.files.get(&file.path) {
            return Err(collision(first, &file).into());
        }
        self.files.insert(file.path.clone(), file);
        Ok(())
    }

    /// Puts `file` at its path in place of the file there: a leaflet page rendered again
    /// with links to the PDFs published beside it.
    pub fn replace(&mut self, file: OutputFile) {
        self.files.insert(file.path.clone(), file);
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &OutputFile> {
        self.files.values()
    }

    pub fn get(&self, path: &OutPath) -> Option<&OutputFile> {
        self.files.get(path)
    }
}

/// Blames the site's own file when it takes a place pjece needs (else the later one).
fn collision(first: &OutputFile, second: &OutputFile) -> SourceError {
    let (culprit, other) = match (&first.origin, &second.origin) {
        (Origin::Generated(_), Origin::Source(_)) => (second, first),
        _ => (first, second),
    };
    let file = match &culprit.origin {
        Origin::Source(path) => path.clone(),
        Origin::Generated(_) => PathBuf::from(culprit.path.as_str()),
    };
    SourceError::new(
        file,
        format!(
            "would be published at `{}`, where {} is published too",
            culprit.path, other.origin
        ),
    )
    .hint("rename or move the file; pjece's own pages keep their addresses")
}

/// The fresh folder a build writes the new site into, beside `out`, until it is swapped in
/// whole. Dropped without [`Staging::swap_in`] (a failed build), it is removed and `out` is
/// untouched.
///
/// While it exists, the process creates files with umask 022: published files are read by a
/// web server running as another user, so every file is 0644 and every folder 0755 whatever
/// the user's umask, without a second pass over thousands of files to set their modes.
pub struct Staging {
    out: PathBuf,
    fresh: PathBuf,
    /// `.public.pjece-<token>.lock`, locked before the fresh folder exists and removed after
    /// its last trace: while it is locked, no other build removes what is named after it.
    lock: Option<fsx::FileLock>,
    /// Held for as long as the folder is being written; dropping it restores the umask.
    _umask: Umask,
}

impl Staging {
    /// Checks that `out` may be replaced, clears what interrupted builds left beside it and
    /// makes the fresh folder, with the output mark.
    pub fn begin(out: &Path) -> Result<Staging> {
        check_replaceable(out)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fsx::create_dir_all(parent)?;
        let name = out
            .file_name()
            .context("the output folder needs a name")?
            .to_string_lossy()
            .to_string();
        remove_leftovers(parent, &name, out);
        let umask = Umask::published();
        let lock = fsx::FileLock::create_new(parent, &Leftover::lock_prefix(&name), ".lock")?;
        let token = Leftover::token_of_lock(&name, lock.path())
            .context("the lock file of the output folder has an unexpected name")?;
        let fresh = parent.join(Leftover::folder_name(&name, FolderKind::New, &token));
        register(&fresh, lock.path());
        let staging = Staging {
            out: out.to_path_buf(),
            fresh,
            lock: Some(lock),
            _umask: umask,
        };
        fsx::create_dir_all(&staging.fresh)?;
        crate::pause::step("staging.folder-created");
        write_marker(&staging.fresh)?;
        crate::pause::step("staging.begun");
        Ok(staging)
    }

    pub fn path(&self) -> &Path {
        &self.fresh
    }

    /// Writes the files not yet written (those a [`PageSink`] wrote are skipped).
    pub fn write<'a>(&self, files: impl IntoIterator<Item = &'a OutputFile>) -> Result<()> {
        for file in files {
            write_file(&self.fresh, file)?;
        }
        Ok(())
    }

    /// Puts the new site in the place of the old one, then removes the old one (and gives
    /// the user's umask back).
    pub fn swap_in(self) -> Result<()> {
        crate::pause::step("swap.before-exchange");
        if let Some(old) = self.put_in_place()? {
            crate::pause::step("swap.exchanged");
            remove_old_site(&old);
        }
        set_stage(&self.fresh, Stage::Done);
        Ok(())
    }

    /// Puts the fresh folder at `out` and says where the old site went, if there was one.
    /// Where the system can, the two folders change places in one step (Linux `renameat2`
    /// with `RENAME_EXCHANGE`), so readers never find no site; elsewhere the old one is
    /// moved aside first. The interrupt handler waits for this step and never sees it half
    /// done: it holds the lock on the stages throughout.
    fn put_in_place(&self) -> Result<Option<PathBuf>> {
        let mut stages = stages();
        let old = if !self.out.exists() {
            fsx::rename(&self.fresh, &self.out)?;
            None
        } else if exchange(&self.fresh, &self.out).is_ok() {
            Some(self.fresh.clone())
        } else {
            let aside = self.fresh.with_file_name(
                self.fresh
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .replacen(".pjece-new-", ".pjece-old-", 1),
            );
            move_aside_and_in(&self.fresh, &self.out, &aside)?;
            Some(aside)
        };
        let stage = match &old {
            Some(old) => Stage::Exchanged { old: old.clone() },
            None => Stage::Done,
        };
        if let Some(staged) = stages.iter_mut().find(|s| s.fresh == self.fresh) {
            staged.stage = stage;
        }
        Ok(old)
    }
}

impl Drop for Staging {
    /// Removes what is left of the staging: the unfinished new site of a failed build, and
    /// the lock file last of all.
    fn drop(&mut self) {
        let stage = stages()
            .iter()
            .find(|s| s.fresh == self.fresh)
            .map(|s| s.stage.clone());
        match stage {
            Some(Stage::Writing) => remove_now(&self.fresh),
            Some(Stage::Exchanged { old }) => remove_now(&old),
            Some(Stage::Done) | None => {}
        }
        stages().retain(|s| s.fresh != self.fresh);
        if let Some(lock) = self.lock.take() {
            lock.remove();
        }
    }
}

/// Where one build's staging stands. The swap and the interrupt handler read and change it
/// under one lock, so the handler never removes a folder while the swap moves it, and it
/// always knows which path holds what.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    /// The new site is being written into the fresh folder; the output is untouched.
    Writing,
    /// The output is the new site; the old one, now at `old`, is being removed.
    Exchanged { old: PathBuf },
    /// The new site is in place and nothing is left to remove.
    Done,
}

/// A staging folder of this process and the lock file that owns it.
struct Staged {
    fresh: PathBuf,
    lock: PathBuf,
    stage: Stage,
}

/// The stagings of this process. A signal handler cannot be handed its data, so this one
/// piece of state is global, shared by [`Staging`] and [`settle_on_interrupt`].
static STAGES: std::sync::Mutex<Vec<Staged>> = std::sync::Mutex::new(Vec::new());

fn stages() -> std::sync::MutexGuard<'static, Vec<Staged>> {
    STAGES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn register(fresh: &Path, lock: &Path) {
    stages().push(Staged {
        fresh: fresh.to_path_buf(),
        lock: lock.to_path_buf(),
        stage: Stage::Writing,
    });
}

fn set_stage(fresh: &Path, stage: Stage) {
    if let Some(staged) = stages().iter_mut().find(|s| s.fresh == fresh) {
        staged.stage = stage;
    }
}

/// What an interrupted run did to the output folder, for its last words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterruptedOutput {
    /// Nothing was swapped in; the half-written new site is removed.
    Unchanged,
    /// The new site had been swapped in; the old one is removed.
    Replaced,
}

impl std::fmt::Display for InterruptedOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InterruptedOutput::Unchanged => "the previous output is unchanged",
            InterruptedOutput::Replaced => "the new site is in place; the old one is removed",
        })
    }
}

/// For the interrupt handler (Ctrl-C, `kill`): finishes every staging of this process the
/// way its stage calls for. The unfinished new site is removed, or, once the swap has put
/// the new site in place, the old one is. A swap under way is waited for, and none starts
/// afterwards: the process is meant to end right after this returns.
pub fn settle_on_interrupt() -> InterruptedOutput {
    let stages = stages();
    let mut outcome = InterruptedOutput::Unchanged;
    for staged in stages.iter() {
        match &staged.stage {
            Stage::Writing => remove_now(&staged.fresh),
            Stage::Exchanged { old } => {
                remove_now(old);
                outcome = InterruptedOutput::Replaced;
            }
            Stage::Done => outcome = InterruptedOutput::Replaced,
        }
        let _ = std::fs::remove_file(&staged.lock);
    }
    // Kept locked until the process ends, so that the build going on beside the handler
    // cannot begin a swap whose folders have just been removed.
    std::mem::forget(stages);
    outcome
}

/// The process's umask set to 022 for as long as this lives, then restored.
struct Umask {
    #[cfg(unix)]
    before: libc::mode_t,
}

impl Umask {
    fn published() -> Umask {
        Umask {
            // SAFETY: umask only swaps the process's file-creation mask; it cannot fail.
            #[cfg(unix)]
            before: unsafe { libc::umask(0o022) },
        }
    }
}

impl Drop for Umask {
    fn drop(&mut self) {
        // SAFETY: as above; restores the mask the user had.
        #[cfg(unix)]
        unsafe {
            libc::umask(self.before);
        }
    }
}

fn check_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(UsageError(format!(
            "{} exists and is not a folder; pjece will not replace it",
            out.display()
        ))
        .into());
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("could not read {}", out.display()))?
        .next()
        .is_none();
    if empty || out.join(MARKER).is_file() {
        return Ok(());
    }
    Err(UsageError(format!(
        "{} already exists and was not written by pjece; refusing to replace it\n  hint: choose another folder with --out, or move that folder away",
        out.display()
    ))
    .into())
}

/// `out` as the folder it really is: absolute, `..` and `.` resolved, and a symlink followed to
/// the folder it names (so the link stays a link and its target is replaced). Refused when it
/// is, holds or lies inside the site's sources, where replacing it would lose them.
pub fn resolve_out(out: &Path, site_root: &Path) -> Result<PathBuf> {
    let resolved = real_path(out)?;
    let root = real_path(site_root)?;
    let sources = [
        root.join("content"),
        root.join("templates"),
        root.join("themes"),
    ];
    let inside_sources = sources.iter().any(|s| resolved.starts_with(s));
    if resolved == root || root.starts_with(&resolved) || inside_sources {
        return Err(UsageError(format!(
            "--out {} would replace the site's own files ({}); pjece replaces its output folder whole\n  hint: write the site to a folder of its own, e.g. `--out public`",
            out.display(),
            resolved.display()
        ))
        .into());
    }
    Ok(resolved)
}

/// The real absolute path of `path`, which need not exist yet: the longest part that exists is
/// resolved by the file system (symlinks followed), the rest appended with `.` and `..` applied.
fn real_path(path: &Path) -> Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return Ok(out);
        }
        let Some(parent) = existing.parent() else {
            return Ok(absolute);
        };
        if let Some(last) = existing.components().next_back() {
            rest.push(last);
        }
        existing = parent;
    }
}

/// The two kinds of folder a build makes beside the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FolderKind {
    /// `.public.pjece-new-<token>`: the new site while it is written.
    New,
    /// `.public.pjece-old-<token>`: the old site moved aside where folders cannot change
    /// places in one step.
    Old,
}

/// A name beside the output `public` that a build makes: its lock file
/// `.public.pjece-<token>.lock` or one of its folders `.public.pjece-new-<token>`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Leftover {
    Lock(String),
    Folder(FolderKind, String),
}

impl Leftover {
    fn lock_prefix(name: &str) -> String {
        format!(".{name}.pjece-")
    }

    fn lock_name(name: &str, token: &str) -> String {
        format!(".{name}.pjece-{token}.lock")
    }

    fn folder_name(name: &str, kind: FolderKind, token: &str) -> String {
        let kind = match kind {
            FolderKind::New => "new",
            FolderKind::Old => "old",
        };
        format!(".{name}.pjece-{kind}-{token}")
    }

    fn token_of_lock(name: &str, lock: &Path) -> Option<String> {
        match Leftover::of(name, &lock.file_name()?.to_string_lossy())? {
            Leftover::Lock(token) => Some(token),
            Leftover::Folder(..) => None,
        }
    }

    /// What `file_name` is beside the output `name`, if a build made it.
    fn of(name: &str, file_name: &str) -> Option<Leftover> {
        let rest = file_name.strip_prefix(&Leftover::lock_prefix(name))?;
        if let Some(token) = rest.strip_suffix(".lock") {
            return Some(Leftover::Lock(token.to_string()));
        }
        let (kind, token) = if let Some(token) = rest.strip_prefix("new-") {
            (FolderKind::New, token)
        } else {
            (FolderKind::Old, rest.strip_prefix("old-")?)
        };
        (!token.is_empty()).then(|| Leftover::Folder(kind, token.to_string()))
    }
}

/// Removes what ended builds left beside the output `name` in `parent`. A build's folders
/// are owned by its lock file: while a running build holds the lock (whatever machine or
/// container it runs in), they are never touched; once nobody holds it, they are removed,
/// marked or not, and then the lock file. A folder without a lock file (left by an earlier
/// pjece) is removed only if it carries the output mark. An old site moved aside is put
/// back instead when the output is missing: the build ended between its two renames.
fn remove_leftovers(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        match Leftover::of(name, &file_name) {
            Some(Leftover::Lock(token)) => {
                if let Some(lock) = fsx::FileLock::take_abandoned(&entry.path()) {
                    for kind in [FolderKind::Old, FolderKind::New] {
                        let folder = parent.join(Leftover::folder_name(name, kind, &token));
                        settle_leftover(&folder, kind, out);
                    }
                    lock.remove();
                }
            }
            Some(Leftover::Folder(kind, token)) => {
                let owned = parent.join(Leftover::lock_name(name, &token)).exists();
                if !owned && entry.path().join(MARKER).is_file() {
                    settle_leftover(&entry.path(), kind, out);
                }
            }
            None => {}
        }
    }
}

/// Puts an abandoned old site back at `out` if `out` is missing, else removes the folder.
fn settle_leftover(folder: &Path, kind: FolderKind, out: &Path) {
    if !folder.exists() {
        return;
    }
    let restorable = kind == FolderKind::Old && folder.join(MARKER).is_file();
    if restorable && !out.exists() && std::fs::rename(folder, out).is_ok() {
        return;
    }
    remove_tree_in_parallel(folder);
    remove_now(folder);
}

/// Writes `files` into `dir` (which it creates), with the output mark.
pub fn write_all<'a>(dir: &Path, files: impl IntoIterator<Item = &'a OutputFile>) -> Result<()> {
    write_marker(dir)?;
    for file in files {
        write_file(dir, file)?;
    }
    Ok(())
}

fn write_marker(dir: &Path) -> Result<()> {
    fsx::create_dir_all(dir)?;
    fsx::write(
        &dir.join(MARKER),
        b"This folder is written by pjece and replaced on every build.\n",
    )
}

/// Writes one file under `dir`, making its folders. A copied file is made 0644: a copy keeps
/// the mode of its source, which need not be readable by all.
fn write_file(dir: &Path, file: &OutputFile) -> Result<()> {
    let target = dir.join(file.path.as_str());
    match &file.contents {
        Contents::Bytes(bytes) => fsx::write(&target, bytes),
        Contents::Copy(source) => {
            fsx::copy(source, &target)?;
            set_published_mode(&target)
        }
        Contents::Written => Ok(()),
    }
}

/// Makes a file that pjece did not create itself (a copy, a file renamed into place) 0644.
pub fn set_published_mode(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("setting the permissions of {}", path.display()))?;
    }
    Ok(())
}

/// Copies a built file to `target` outside the output folder, readable by all.
pub fn copy_published(from: &Path, target: &Path) -> Result<()> {
    std::fs::copy(from, target)
        .with_context(|| format!("could not copy {} to {}", from.display(), target.display()))?;
    set_published_mode(target)
}

/// Where folders cannot change places in one step: moves the old site at `out` aside to
/// `aside`, then the new one in. If the second rename fails, the old site goes back.
fn move_aside_and_in(fresh: &Path, out: &Path, aside: &Path) -> Result<()> {
    fsx::rename(out, aside)?;
    if let Err(e) = fsx::rename(fresh, out) {
        fsx::rename(aside, out)?;
        return Err(e);
    }
    Ok(())
}

/// Removes the replaced site. Its mark goes first, so that a site half removed is never
/// taken for a whole one. Tens of thousands of files take a noticeable part of a build to
/// unlink, so every folder's entries are removed in parallel, at every depth: half of a
/// site's files sit in one folder, the current edition's permanent copies. What is left
/// (a build ended meanwhile) goes with the next build.
fn remove_old_site(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(MARKER));
    crate::pause::step("swap.removing-old");
    remove_tree_in_parallel(dir);
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes `dir` whole on this thread alone (the interrupt handler cannot count on the
/// worker threads, which may be busy with the build), trying again while another thread
/// removes the same folder.
fn remove_now(dir: &Path) {
    for _ in 0..10 {
        match std::fs::remove_dir_all(dir) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {}
            _ => return,
        }
    }
}

/// Removes `dir` and what it holds, each folder's entries in parallel. Symbolic links are
/// removed, never followed.
fn remove_tree_in_parallel(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<_> = entries.flatten().collect();
        entries.par_iter().for_each(|entry| {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => remove_tree_in_parallel(&path),
                _ => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        });
    }
    let _ = std::fs::remove_dir(dir);
}

/// Swaps two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 reads them and nothing else.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile::generated(&OutPath::for_tests(path), path, text)
    }

    fn files(list: Vec<OutputFile>) -> SiteFiles {
        SiteFiles::assemble(list).unwrap()
    }

    /// What a build does with its output: stage `files`, then swap them in.
    fn replace_dir(out: &Path, files: &SiteFiles) -> Result<()> {
        let staging = Staging::begin(out)?;
        staging.write(files.iter())?;
        staging.swap_in()
    }

    #[test]
    fn two_files_for_one_path_are_an_error_naming_both() {
        let asset = OutputFile::copied(
            OutPath::for_tests("e1/aendringer/index.html"),
            PathBuf::from("/x"),
            PathBuf::from("content/e1/aendringer/index.html"),
        );
        let generated = OutputFile::generated(
            &OutPath::for_tests("e1/aendringer/index.html"),
            "the “what changed” page of edition `e1`",
            "<html>",
        );
        let error = SiteFiles::assemble(vec![generated, asset])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("content/e1/aendringer/index.html: would be published at `e1/aendringer/index.html`, where the “what changed” page of edition `e1` is published too"), "{error}");
    }

    #[test]
    fn replaces_its_own_output_and_refuses_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        replace_dir(&out, &files(vec![page("a/index.html", "1")])).unwrap();
        replace_dir(&out, &files(vec![page("b.html", "2")])).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "2");

        let foreign = tmp.path().join("documents");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("vigtig.txt"), "x").unwrap();
        let err = replace_dir(&foreign, &files(vec![page("b.html", "2")])).unwrap_err();
        assert!(err.to_string().contains("not written by pjece"), "{err}");
        assert!(foreign.join("vigtig.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    #[cfg(unix)]
    fn the_replaced_site_is_removed_at_every_depth_without_following_links() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("elsewhere");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("vigtig.txt"), "x").unwrap();
        let old = tmp.path().join("old-site");
        for n in 0..50 {
            let folder = old.join(format!("udgave-1/mappe-{}/side-{n}", n % 3));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("index.html"), "x").unwrap();
        }
        std::fs::write(old.join("index.html"), "x").unwrap();
        std::os::unix::fs::symlink(&kept, old.join("udgave-1/link")).unwrap();
        remove_old_site(&old);
        assert!(!old.exists());
        assert!(kept.join("vigtig.txt").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        replace_dir(&out, &files(vec![page("index.html", "old")])).unwrap();
        let missing = OutputFile::copied(
            OutPath::for_tests("x.png"),
            tmp.path().join("nope.png"),
            "x.png".into(),
        );
        assert!(replace_dir(&out, &files(vec![page("index.html", "new"), missing])).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
