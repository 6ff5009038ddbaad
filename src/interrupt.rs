//! What a run leaves behind when it ends: nothing, however it ends.
//!
//! Two things outlive a process unless it clears them itself: the browsers it started
//! (Chromium runs as processes of its own) and the files it put in temporary folders
//! (browser profiles, the scratch folder `check` measures leaflets in, the PDF steps'
//! working files). So every run
//! - puts all its temporary files in one folder of its own, `$TMPDIR/pjece-run-<random>`,
//!   by pointing `TMPDIR` there for itself and the programs it starts (see [`Run::begin`]),
//!   and removes that folder when it ends; and
//! - on Ctrl-C or `kill` (SIGINT, SIGTERM, SIGHUP), ends its browsers
//!   ([`crate::chromium::end_all_browsers`]), settles its output folder
//!   ([`crate::output::settle_on_interrupt`]), removes its temporary folder, says what
//!   became of the output and exits with 130.
//!
//! `kill -9` and a power cut allow no clearing up: the run's folder keeps a lock file
//! beside it (see [`crate::fsx::FileLock`]) which the system releases with the process, and
//! the next run ends the browsers still running from every run folder whose lock nobody
//! holds, then removes the folder.

use crate::fsx;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The beginning of a run folder's name, and of its lock file's.
const PREFIX: &str = "pjece-run-";

/// This process's temporary folder, for the interrupt handler to remove.
static TEMPORARY: OnceLock<PathBuf> = OnceLock::new();

/// One run of pjece, from the start of `main` to its end.
pub struct Run {
    temporary: Option<(PathBuf, fsx::FileLock)>,
}

impl Run {
    /// Gives the run a temporary folder of its own (clearing those of ended runs) and, with
    /// `handle_signals`, clears up on Ctrl-C and `kill` (`serve` stops on Ctrl-C by itself).
    /// Call it first thing in `main`: it sets `TMPDIR`, which is safe only while no other
    /// thread runs.
    pub fn begin(handle_signals: bool) -> Run {
        let system = std::env::temp_dir();
        remove_ended_runs(&system);
        // Without a folder of its own the run still works, in the system's temporary folder.
        let temporary = own_temporary_folder(&system).ok();
        if let Some((folder, _)) = &temporary {
            std::env::set_var("TMPDIR", folder);
            let _ = TEMPORARY.set(folder.clone());
        }
        if handle_signals {
            let _ = ctrlc::set_handler(on_interrupt);
        }
        Run { temporary }
    }
}

impl Drop for Run {
    /// Ends any browser still running and removes the run's temporary folder.
    fn drop(&mut self) {
        crate::chromium::end_all_browsers();
        if let Some((folder, lock)) = self.temporary.take() {
            remove_folder(&folder);
            lock.remove();
        }
    }
}

/// The interrupt handler, on a thread of its own while the command goes on beside it.
fn on_interrupt() {
    crate::chromium::end_all_browsers();
    let output = crate::output::settle_on_interrupt();
    if let Some(folder) = TEMPORARY.get() {
        remove_folder(folder);
        let _ = std::fs::remove_file(lock_of(folder));
    }
    eprintln!("interrupted: {output}");
    std::process::exit(130);
}

/// Makes `pjece-run-<random>` in `system` with its locked lock file beside it.
fn own_temporary_folder(system: &Path) -> anyhow::Result<(PathBuf, fsx::FileLock)> {
    let lock = fsx::FileLock::create_new(system, PREFIX, ".lock")?;
    let folder = folder_of(lock.path()).ok_or_else(|| anyhow::anyhow!("unexpected lock name"))?;
    fsx::create_dir_all(&folder)?;
    Ok((folder, lock))
}

/// Removes the folders of runs that have ended (their lock is free), and their lock files.
fn remove_ended_runs(system: &Path) {
    let Ok(entries) = std::fs::read_dir(system) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !(name.starts_with(PREFIX) && name.ends_with(".lock")) {
            continue;
        }
        if let Some(lock) = fsx::FileLock::take_abandoned(&entry.path()) {
            if let Some(folder) = folder_of(lock.path()) {
                crate::chromium::end_browsers_left_in(&folder);
                remove_folder(&folder);
            }
            lock.remove();
        }
    }
}

/// `pjece-run-abc123` for `pjece-run-abc123.lock`.
fn folder_of(lock: &Path) -> Option<PathBuf> {
    let name = lock.file_name()?.to_str()?.strip_suffix(".lock")?;
    Some(lock.with_file_name(name))
}

fn lock_of(folder: &Path) -> PathBuf {
    let mut name = folder.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    folder.with_file_name(name)
}

/// Removes `folder` whole, trying again while a program it started still writes into it.
fn remove_folder(folder: &Path) {
    for _ in 0..20 {
        match std::fs::remove_dir_all(folder) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folders_of_ended_runs_are_removed_and_those_of_running_ones_kept() {
        let system = tempfile::tempdir().unwrap();
        let (running, lock) = own_temporary_folder(system.path()).unwrap();
        std::fs::write(running.join("profil"), "x").unwrap();
        let ended = system.path().join("pjece-run-ended");
        std::fs::create_dir(&ended).unwrap();
        std::fs::write(ended.join("profil"), "x").unwrap();
        std::fs::write(system.path().join("pjece-run-ended.lock"), "").unwrap();
        let foreign = system.path().join("pjece-run-uden-laas");
        std::fs::create_dir(&foreign).unwrap();

        remove_ended_runs(system.path());

        assert!(running.join("profil").is_file());
        assert!(lock.path().is_file());
        assert!(!ended.exists());
        assert!(!system.path().join("pjece-run-ended.lock").exists());
        assert!(
            foreign.exists(),
            "a folder without a lock file is not a run's"
        );
    }
}
