//! A fixture-site builder: each test writes the small site it needs into a temporary folder,
//! runs the real `pjece` binary on it, and inspects the files it wrote.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixture's `site.yaml`: a Danish site with its accessibility statement, as every
/// published Danish site has.
pub(crate) const SITE_YAML: &str = "title: Retningslinjer\norganisation: Testkommune\nbase_url: https://kommune.test/r/\naccessibility_statement: https://www.was.digst.dk/test\n";

/// A copy of the repository's own sample portal (`site.yaml`, `content/` and its address
/// ledger), so that tests build it without writing into the repository.
pub(crate) fn sample_copy() -> SiteTest {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = SiteTest::empty();
    for file in ["site.yaml", "addresses.txt"] {
        if repo.join(file).is_file() {
            std::fs::copy(repo.join(file), site.root().join(file)).unwrap();
        }
    }
    copy_tree(&repo.join("content"), &site.root().join("content"));
    // The sample's addresses are stand-ins, which pjece will not print; a test address
    // instead (`.test` is kept for testing).
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml: String = yaml
        .lines()
        .map(|line| match line.split_once(':').map(|(key, _)| key) {
            Some("base_url") => format!("base_url: {SAMPLE_BASE_URL}\n"),
            Some("accessibility_statement") => {
                "accessibility_statement: https://www.was.digst.dk/kommune-test\n".to_string()
            }
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(site.root().join("site.yaml"), yaml).unwrap();
    site
}

/// The address the sample site is given in tests, in place of its stand-in.
pub(crate) const SAMPLE_BASE_URL: &str = "https://kommune.test/";

/// Copies the folder `from` with everything in it to `to`.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) struct SiteTest {
    pub dir: tempfile::TempDir,
}

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// What a finished `pjece` process said, and its exit code (-1 when a signal ended it).
    pub(crate) fn of(output: std::process::Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl SiteTest {
    /// An empty folder.
    pub(crate) fn empty() -> Self {
        SiteTest {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A valid site: `site.yaml` and edition `e1` (current) with a front page.
    pub(crate) fn new() -> Self {
        Self::empty()
            .file("site.yaml", SITE_YAML)
            .edition("e1", "1. udgave", "2024-01-01", "current")
            .page("e1/index.md", "Forside", "Velkommen.\n")
    }

    pub(crate) fn file(self, path: &str, text: &str) -> Self {
        let target = self.dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
        self
    }

    pub(crate) fn remove(self, path: &str) -> Self {
        std::fs::remove_file(self.dir.path().join(path)).unwrap();
        self
    }

    /// `content/<id>/edition.yaml`.
    pub(crate) fn edition(self, id: &str, label: &str, published: &str, status: &str) -> Self {
        let yaml = format!("label: {label}\npublished: {published}\nstatus: {status}\nnote: Ændringer i {label}.\n");
        self.file(&format!("content/{id}/edition.yaml"), &yaml)
    }

    /// `content/<path>` with a title and the given body.
    pub(crate) fn page(self, path: &str, title: &str, body: &str) -> Self {
        self.file(
            &format!("content/{path}"),
            &format!("---\ntitle: {title}\n---\n{body}"),
        )
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `pjece` with environment variables set (`Some`) or removed (`None`).
    pub(crate) fn run_with_env(&self, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pjece"));
        command.args(args).current_dir(self.dir.path());
        for (name, value) in env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        Run::of(command.output().unwrap())
    }

    /// Builds and asserts success.
    pub(crate) fn build(&self, args: &[&str]) -> &Self {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        self
    }

    /// Builds and asserts failure with exit code 1; returns stderr.
    pub(crate) fn build_error(&self) -> String {
        let run = self.run(&["build"]);
        assert_eq!(
            run.code, 1,
            "expected exit code 1, got {}:\n{}{}",
            run.code, run.stdout, run.stderr
        );
        run.stderr
    }

    pub(crate) fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub(crate) fn html(&self, path: &str) -> Html {
        Html::parse_document(&self.read(path))
    }

    pub(crate) fn exists(&self, path: &str) -> bool {
        self.out().join(path).exists()
    }
}

pub(crate) fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub(crate) fn text(element: &scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every `href` and `src` of a built file resolves to a file in the output folder.
pub(crate) fn assert_links_resolve(out: &Path, file: &str) {
    let html = Html::parse_document(&std::fs::read_to_string(out.join(file)).unwrap());
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    for element in select(&html, "a[href], link[href], img[src]") {
        let value = element.value();
        let link = value.attr("href").or(value.attr("src")).unwrap();
        if link.contains("://") || link.starts_with('#') || link.starts_with("mailto:") {
            continue;
        }
        let path = percent_decoded(link.split('#').next().unwrap());
        let target = normalise(&out.join(dir).join(path));
        assert!(
            target.is_file(),
            "{file}: link {link} → {} does not exist",
            target.display()
        );
    }
}

/// `v%C3%A5ben.png` as the file name `våben.png` it addresses.
fn percent_decoded(link: &str) -> String {
    let bytes = link.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = link
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// All `.html` files below the output folder, relative to it.
pub(crate) fn html_files(out: &Path) -> Vec<String> {
    walk(out)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

pub(crate) fn walk(out: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(
                    path.strip_prefix(out)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    files.sort();
    files
}

/// A `pjece` run stopped at a named step (see `pjece::pause`), to be interrupted there.
pub(crate) struct Paused {
    child: std::process::Child,
    stderr: std::process::ChildStderr,
}

impl SiteTest {
    /// Starts `pjece args` and returns once it has paused at `step`. Panics if it ends first.
    pub(crate) fn pause_at(&self, step: &str, args: &[&str]) -> Paused {
        self.pause_at_with_env(step, args, &[])
    }

    /// [`SiteTest::pause_at`] with environment variables set.
    pub(crate) fn pause_at_with_env(
        &self,
        step: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Paused {
        use std::io::Read;
        let mut child = Command::new(env!("CARGO_BIN_EXE_pjece"))
            .args(args)
            .current_dir(self.dir.path())
            .envs(env.iter().copied())
            .env(pjece::pause::VARIABLE, step)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let wanted = format!("pjece: paused at {step}\n");
        let mut seen = Vec::new();
        let mut byte = [0u8; 1];
        while !String::from_utf8_lossy(&seen).ends_with(&wanted) {
            if stderr.read(&mut byte).unwrap_or(0) == 0 {
                let _ = child.wait();
                panic!(
                    "pjece ended before step {step}:\n{}",
                    String::from_utf8_lossy(&seen)
                );
            }
            seen.push(byte[0]);
        }
        Paused { child, stderr }
    }
}

impl Paused {
    /// Sends `signal` (`libc::SIGINT`, `SIGTERM`, `SIGKILL`) and waits for the process to end:
    /// its exit code (128 + signal when the signal ended it) and the rest of its stderr.
    pub(crate) fn signal(mut self, signal: i32) -> Run {
        use std::io::Read;
        // SAFETY: kill only sends a signal to the child this test started.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let mut stderr = String::new();
        let _ = self.stderr.read_to_string(&mut stderr);
        let status = self.child.wait().unwrap();
        let code = status.code().unwrap_or_else(|| {
            use std::os::unix::process::ExitStatusExt;
            128 + status.signal().unwrap_or(0)
        });
        Run {
            code,
            stdout: String::new(),
            stderr,
        }
    }
}
