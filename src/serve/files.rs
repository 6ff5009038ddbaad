//! Reading, at the moment it is sent, a file a build copies from the site folder (an image
//! beside a page, the logo), without following a symlink out of the site.
//!
//! The build checks each such file: inside the site folder, and a symlink only to a file
//! inside it. But `serve` sends the file later, read from its source, and by then it may have
//! been swapped for a symlink to anywhere (`/etc/passwd`, a key file) — the next build
//! refuses it, yet the last good build still names the path. So the check is made again as
//! the file is opened, and in the same step: on Linux every folder below the site folder
//! and the file itself are opened one by one with `O_NOFOLLOW`, relative to the one before,
//! so that nothing swapped in between checking and opening is followed. A symlink on the
//! way is followed only as the build follows one: to a file inside the site folder, which
//! is then opened the same way from the site folder's real path. Anything else (a FIFO, a
//! folder) is refused as well.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The site folder, as the build names it (the files it copies are named below it).
#[derive(Debug)]
pub(crate) struct SiteFolder {
    root: PathBuf,
}

/// Why a copied file is not sent.
#[derive(Debug)]
pub(crate) enum Unreadable {
    /// It is not there (any more).
    Missing,
    /// It is, or lies behind, a symlink out of the site folder, or it is no plain file.
    Refused,
    Failed(std::io::Error),
}

impl SiteFolder {
    pub(crate) fn new(root: &Path) -> SiteFolder {
        SiteFolder {
            root: root.to_path_buf(),
        }
    }

    /// The bytes of `source`, a file below the site folder, as it is now.
    pub(crate) fn read(&self, source: &Path) -> Result<Vec<u8>, Unreadable> {
        let below = below(&self.root, source).ok_or(Unreadable::Refused)?;
        let file = match open_beneath(&self.root, &below) {
            Ok(Some(file)) => file,
            Ok(None) => self.open_through_symlink(source)?,
            Err(e) => return Err(unreadable(e)),
        };
        read_plain_file(file)
    }

    /// `source`, which a symlink on its way leads elsewhere, if it leads to a file inside the
    /// site folder (the build's own rule); opened along its real path.
    fn open_through_symlink(&self, source: &Path) -> Result<File, Unreadable> {
        let real_root = self.root.canonicalize().map_err(unreadable)?;
        let real = source.canonicalize().map_err(unreadable)?;
        let below = below(&real_root, &real).ok_or(Unreadable::Refused)?;
        // The real path holds no symlink: one found now was swapped in meanwhile.
        open_beneath(&real_root, &below)
            .map_err(unreadable)?
            .ok_or(Unreadable::Refused)
    }
}

/// `path` relative to `root`, if it is below it and climbs nowhere.
fn below(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    (plain && rel.components().next().is_some()).then(|| rel.to_path_buf())
}

fn unreadable(error: std::io::Error) -> Unreadable {
    if error.kind() == std::io::ErrorKind::NotFound {
        Unreadable::Missing
    } else {
        Unreadable::Failed(error)
    }
}

fn read_plain_file(mut file: File) -> Result<Vec<u8>, Unreadable> {
    let metadata = file.metadata().map_err(Unreadable::Failed)?;
    if !metadata.is_file() {
        return Err(Unreadable::Refused);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(Unreadable::Failed)?;
    Ok(bytes)
}

/// Whether a folder or the file on the way from `root` to `root/below` is a symlink.
fn symlink_on_the_way(root: &Path, below: &Path) -> bool {
    let mut path = root.to_path_buf();
    below.components().any(|name| {
        path.push(name);
        std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// Opens `root/below` following no symlink below `root`: `None` if one is on the way.
#[cfg(target_os = "linux")]
fn open_beneath(root: &Path, below: &Path) -> std::io::Result<Option<File>> {
    use std::os::fd::OwnedFd;
    let names: Vec<&std::ffi::OsStr> = below.components().map(Component::as_os_str).collect();
    let Some((file, folders)) = names.split_last() else {
        return Err(std::io::ErrorKind::NotFound.into());
    };
    let walk = || -> std::io::Result<OwnedFd> {
        let mut folder = OwnedFd::from(File::open(root)?);
        for name in folders {
            folder = open_at(&folder, name, libc::O_DIRECTORY)?;
        }
        // Non-blocking, so that a FIFO swapped in is refused rather than waited on.
        open_at(&folder, file, libc::O_NONBLOCK)
    };
    match walk() {
        Ok(fd) => Ok(Some(File::from(fd))),
        Err(_) if symlink_on_the_way(root, below) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `name` in the folder `folder`, opened for reading without following a symlink.
#[cfg(target_os = "linux")]
fn open_at(
    folder: &std::os::fd::OwnedFd,
    name: &std::ffi::OsStr,
    flags: libc::c_int,
) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::{AsRawFd, FromRawFd};
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(name.as_bytes())?;
    let flags = flags | libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_CLOEXEC;
    // SAFETY: `folder` is an open descriptor and `name` a NUL-terminated string, both alive
    // for the call.
    let fd = unsafe { libc::openat(folder.as_raw_fd(), name.as_ptr(), flags) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened and nothing else owns it.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// Opens `root/below` if no symlink is on the way (`None` if one is). Without `openat` the
/// path is checked and then opened; on Unix the file opened must be the one checked.
#[cfg(not(target_os = "linux"))]
fn open_beneath(root: &Path, below: &Path) -> std::io::Result<Option<File>> {
    if symlink_on_the_way(root, below) {
        return Ok(None);
    }
    let path = root.join(below);
    let checked = std::fs::symlink_metadata(&path)?;
    let file = File::open(&path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let opened = file.metadata()?;
        if (opened.dev(), opened.ino()) != (checked.dev(), checked.ino()) {
            return Ok(None);
        }
    }
    #[cfg(not(unix))]
    let _ = checked;
    Ok(Some(file))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, tempfile::TempDir) {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content/e1/images")).unwrap();
        std::fs::write(site.path().join("content/e1/images/a.png"), "billede").unwrap();
        std::fs::write(outside.path().join("secret"), "hemmeligt").unwrap();
        (site, outside)
    }

    #[test]
    fn a_plain_file_is_read_and_a_symlink_out_of_the_site_is_refused() {
        let (site, outside) = site();
        let folder = SiteFolder::new(site.path());
        let image = site.path().join("content/e1/images/a.png");
        assert_eq!(folder.read(&image).unwrap(), b"billede");

        std::fs::remove_file(&image).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), &image).unwrap();
        assert!(matches!(folder.read(&image), Err(Unreadable::Refused)));
    }

    #[test]
    fn a_folder_on_the_way_swapped_for_a_symlink_out_of_the_site_is_refused() {
        let (site, outside) = site();
        let folder = SiteFolder::new(site.path());
        std::fs::write(outside.path().join("a.png"), "hemmeligt").unwrap();
        let images = site.path().join("content/e1/images");
        std::fs::remove_dir_all(&images).unwrap();
        std::os::unix::fs::symlink(outside.path(), &images).unwrap();
        assert!(matches!(
            folder.read(&images.join("a.png")),
            Err(Unreadable::Refused)
        ));
    }

    #[test]
    fn a_symlink_to_a_file_inside_the_site_is_followed_as_the_build_follows_it() {
        let (site, _outside) = site();
        let folder = SiteFolder::new(site.path());
        let link = site.path().join("content/e1/b.png");
        std::os::unix::fs::symlink("images/a.png", &link).unwrap();
        assert_eq!(folder.read(&link).unwrap(), b"billede");
    }

    #[test]
    fn paths_outside_the_site_a_fifo_and_a_missing_file_are_not_read() {
        let (site, outside) = site();
        let folder = SiteFolder::new(site.path());
        let climbing = site.path().join("content/../../secret");
        assert!(matches!(folder.read(&climbing), Err(Unreadable::Refused)));
        let elsewhere = outside.path().join("secret");
        assert!(matches!(folder.read(&elsewhere), Err(Unreadable::Refused)));
        let gone = site.path().join("content/e1/images/gone.png");
        assert!(matches!(folder.read(&gone), Err(Unreadable::Missing)));
        let directory = site.path().join("content/e1/images");
        assert!(matches!(folder.read(&directory), Err(Unreadable::Refused)));
        #[cfg(target_os = "linux")]
        {
            let fifo = site.path().join("content/e1/images/fifo.png");
            let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: mkfifo only creates a file at the NUL-terminated path given.
            assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
            assert!(matches!(folder.read(&fifo), Err(Unreadable::Refused)));
        }
    }
}
