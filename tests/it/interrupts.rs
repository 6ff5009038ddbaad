//! Issue 21: a build interrupted at any step (Ctrl-C, `kill`, `kill -9` standing in for a
//! power cut) leaves a whole site in `public/`, the old one or the new one, says truthfully
//! which, and leaves nothing behind that a later build cannot clear: no staging folder, no
//! browser process, no temporary folder. Each interrupt lands at a named step
//! (`PJECE_PAUSE_AT`), never where timing happens to put it.

use crate::support::*;
use std::path::Path;

/// The steps of writing the output, in order.
const OUTPUT_STEPS: [&str; 5] = [
    "staging.folder-created",
    "staging.begun",
    "swap.before-exchange",
    "swap.exchanged",
    "swap.removing-old",
];

/// A site without search (no Pagefind step) built once, with "Gammel tekst." in its front
/// page, then changed to "Ny tekst.", ready for the build that will be interrupted.
fn built_then_changed() -> SiteTest {
    let site = SiteTest::empty()
        .file("site.yaml", &format!("{SITE_YAML}search: false\n"))
        .edition("e1", "1. udgave", "2024-01-01", "current")
        .page("e1/index.md", "Forside", "Gammel tekst.\n")
        .page("e1/regler.md", "Regler", "Regler.\n");
    site.build(&[]);
    site.page("e1/index.md", "Forside", "Ny tekst.\n")
}

/// Which site `public/` holds, after checking that it is a whole one: marked as pjece's,
/// with every page.
fn whole_site_text(site: &SiteTest) -> &'static str {
    let out = site.out();
    assert!(
        out.join(".pjece-output").is_file(),
        "no output mark: {:?}",
        walk(&out)
    );
    assert!(out.join("regler/index.html").is_file(), "{:?}", walk(&out));
    let front = std::fs::read_to_string(out.join("index.html")).unwrap();
    match (front.contains("Gammel tekst."), front.contains("Ny tekst.")) {
        (true, false) => "old",
        (false, true) => "new",
        _ => panic!("the front page is neither site's:\n{front}"),
    }
}

/// The names beside `public/` that a build makes while it writes.
fn staging_leftovers(site: &SiteTest) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public.pjece-"))
        .collect()
}

#[test]
fn ctrl_c_after_the_exchange_keeps_the_new_site_and_says_so() {
    let site = built_then_changed();
    let run = site
        .pause_at("swap.exchanged", &["build"])
        .signal(libc::SIGINT);
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("interrupted: the new site is in place; the old one is removed"),
        "{}",
        run.stderr
    );
    assert_eq!(whole_site_text(&site), "new");
    assert_eq!(staging_leftovers(&site), Vec::<String>::new());
}

#[test]
fn sigterm_before_the_exchange_keeps_the_old_site_and_says_so() {
    let site = built_then_changed();
    let run = site
        .pause_at("swap.before-exchange", &["build"])
        .signal(libc::SIGTERM);
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("interrupted: the previous output is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(whole_site_text(&site), "old");
    assert_eq!(staging_leftovers(&site), Vec::<String>::new());
}

#[test]
fn kill_9_at_any_step_of_writing_leaves_a_whole_site_that_the_next_build_replaces() {
    for step in OUTPUT_STEPS {
        let site = built_then_changed();
        let run = site.pause_at(step, &["build"]).signal(libc::SIGKILL);
        assert_eq!(run.code, 128 + libc::SIGKILL, "{step}: {}", run.stderr);
        let expected = if step.starts_with("swap.ex") || step == "swap.removing-old" {
            "new"
        } else {
            "old"
        };
        assert_eq!(whole_site_text(&site), expected, "after kill -9 at {step}");

        let next = site.run(&["build"]);
        assert_eq!(
            next.code, 0,
            "the build after kill -9 at {step}: {}",
            next.stderr
        );
        assert_eq!(whole_site_text(&site), "new", "{step}");
        assert_eq!(
            staging_leftovers(&site),
            Vec::<String>::new(),
            "what kill -9 at {step} left is cleared by the next build"
        );
    }
}

/// A build in another PID namespace (another container, or a PC on a shared drive) cannot
/// tell by process ids whether the build beside it still runs; the lock on the staging's
/// lock file tells it.
#[test]
fn a_running_builds_staging_survives_another_build_beside_it() {
    let site = built_then_changed();
    let paused = site.pause_at("staging.begun", &["build"]);
    let staging = staging_leftovers(&site);
    assert_eq!(staging.len(), 2, "a lock file and a folder: {staging:?}");

    let other = other_pid_namespace(&site, &["build"]);
    assert_eq!(other.code, 0, "{}", other.stderr);
    for name in &staging {
        assert!(
            site.root().join(name).exists(),
            "{name} of the running build was removed by the other build"
        );
    }
    paused.signal(libc::SIGKILL);
    site.build(&[]);
    assert_eq!(staging_leftovers(&site), Vec::<String>::new());
}

/// `pjece args` in a PID namespace of its own where the system allows one (as root, or with
/// user namespaces), else in this one: the lock must hold either way.
fn other_pid_namespace(site: &SiteTest, args: &[&str]) -> Run {
    let unshare = std::process::Command::new("unshare")
        .args(["--pid", "--fork", "--mount-proc", "true"])
        .status();
    let mut command = if unshare.is_ok_and(|s| s.success()) {
        let mut c = std::process::Command::new("unshare");
        c.args([
            "--pid",
            "--fork",
            "--mount-proc",
            env!("CARGO_BIN_EXE_pjece"),
        ]);
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_pjece"))
    };
    Run::of(
        command
            .args(args)
            .current_dir(site.root())
            .output()
            .unwrap(),
    )
}

/// A small site with a leaflet, whose check and PDF print run Chromium.
fn leaflet_site() -> SiteTest {
    SiteTest::empty()
        .file("site.yaml", &format!("{SITE_YAML}search: false\n"))
        .edition("e1", "1. udgave", "2024-01-01", "current")
        .page("e1/index.md", "Forside", "Velkommen.\n")
        .page("e1/flap.md", "Flap", "Kort tekst.\n")
        .page("e1/inde.md", "Inde", "Kort tekst.\n")
        .file(
            "content/e1/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: inde.md\n",
        )
}

/// Runs `args` with `TMPDIR` pointed at a folder of the test, interrupts it with `signal`
/// once its browser has started, and checks that no process naming that folder (the
/// browser and its helpers) outlives it and that the folder ends empty.
fn interrupt_with_browser(args: &[&str], signal: i32) {
    let site = leaflet_site();
    let temporary = site.root().join("tmp");
    std::fs::create_dir(&temporary).unwrap();
    let paused = site.pause_at_with_env(
        "chromium.launched",
        args,
        &[("TMPDIR", temporary.to_str().unwrap())],
    );
    assert!(
        !processes_naming(&temporary).is_empty(),
        "the browser runs from the test's temporary folder"
    );
    let run = paused.signal(signal);
    assert_eq!(run.code, 130, "{args:?}: {}", run.stderr);
    let left = processes_naming(&temporary);
    assert!(left.is_empty(), "{args:?} left processes: {left:?}");
    let files: Vec<_> = std::fs::read_dir(&temporary).unwrap().flatten().collect();
    assert!(files.is_empty(), "{args:?} left {files:?}");
    assert!(!site.out().exists(), "{args:?} wrote no output");
}

#[test]
fn ctrl_c_during_check_ends_every_browser_and_temporary_folder() {
    interrupt_with_browser(&["check"], libc::SIGINT);
}

#[test]
fn sigterm_during_a_pdf_build_ends_every_browser_and_temporary_folder() {
    interrupt_with_browser(&["build", "--pdf"], libc::SIGTERM);
}

/// The command lines of running processes that mention `folder`, with their pids.
fn processes_naming(folder: &Path) -> Vec<String> {
    let wanted = folder.to_string_lossy().into_owned();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(line) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let line = String::from_utf8_lossy(&line).replace('\0', " ");
        let zombie = std::fs::read_to_string(entry.path().join("stat"))
            .is_ok_and(|stat| stat.split_whitespace().nth(2) == Some("Z"));
        if line.contains(&wanted) && !zombie {
            found.push(format!("{name}: {line}"));
        }
    }
    found
}

/// `kill -9` allows no clearing up, and Chromium outlives the process that started it: the
/// next run ends the browsers of the ended run and removes its temporary folder.
#[test]
fn after_kill_9_during_check_the_next_run_ends_the_browsers_left_and_their_folder() {
    let site = leaflet_site();
    let temporary = site.root().join("tmp");
    std::fs::create_dir(&temporary).unwrap();
    let tmpdir = temporary.to_str().unwrap();
    let paused = site.pause_at_with_env("chromium.launched", &["check"], &[("TMPDIR", tmpdir)]);
    let run = paused.signal(libc::SIGKILL);
    assert_eq!(run.code, 128 + libc::SIGKILL);
    assert!(
        !processes_naming(&temporary).is_empty(),
        "the browser outlives a killed pjece (else this test shows nothing)"
    );

    let next = site.run_with_env(&["edition", "list"], &[("TMPDIR", Some(tmpdir))]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    let left = processes_naming(&temporary);
    assert!(left.is_empty(), "left running: {left:?}");
    let files: Vec<_> = std::fs::read_dir(&temporary).unwrap().flatten().collect();
    assert!(files.is_empty(), "left {files:?}");
}
