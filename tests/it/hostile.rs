//! Careless and hostile input: pjece refuses, never loses the published site, never writes
//! outside its output folder. One small fixture per case.

use crate::support::*;
use std::path::Path;

/// Every file below `dir` with its bytes, to compare a folder before and after.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walk(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pjece-"))
        .collect()
}

// See: issue 11
#[test]
fn an_output_folder_spelt_with_dot_dot_is_replaced_in_place() {
    let site = SiteTest::new();
    site.build(&[]);
    let site = site.page("e1/ny.md", "Ny side", "Tekst.\n");
    site.build(&["--out", "public/../public"]);
    assert!(site.exists("ny/index.html"));
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}

// See: issue 11
#[test]
fn an_output_folder_in_or_around_the_sources_is_refused() {
    let site = SiteTest::new();
    let before = snapshot(site.root());
    for out in [
        "content",
        "content/e1/ud",
        ".",
        "..",
        "templates/x",
        "public/..",
    ] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains("would replace the site's own files"),
            "{}",
            run.stderr
        );
        assert_eq!(
            snapshot(site.root()),
            before,
            "--out {out} changed the site"
        );
    }
}

// See: issue 11
#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_stays_a_symlink() {
    let site = SiteTest::new();
    let target = site.root().join("web");
    std::fs::create_dir(&target).unwrap();
    std::os::unix::fs::symlink(&target, site.out()).unwrap();
    site.build(&[]);
    site.build(&[]);
    assert!(std::fs::symlink_metadata(site.out())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(target.join("index.html").is_file());
}

// See: issue 11
#[test]
fn leftovers_of_interrupted_builds_are_removed_and_nothing_else() {
    let site = SiteTest::new();
    site.build(&[]);
    let dead = site.root().join(".public.pjece-new-999999999");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(".pjece-output"), "").unwrap();
    let foreign = site.root().join(".public.pjece-new-999999998");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("vigtig.txt"), "x").unwrap();
    site.build(&[]);
    assert!(
        !dead.exists(),
        "a marked leftover of a dead build is removed"
    );
    assert!(
        foreign.join("vigtig.txt").exists(),
        "an unmarked folder is never touched"
    );
}

// See: issue 11
#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_the_previous_output_and_no_leftovers() {
    let mut site = SiteTest::new();
    site.build(&[]);
    let before = snapshot(&site.out());
    for i in 0..3000 {
        site = site.page(
            &format!("e1/side-{i}.md"),
            &format!("Side {i}"),
            &"Tekst med [et link](index.md). ".repeat(50),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pjece"))
        .arg("build")
        .current_dir(site.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    // SIGTERM, as a service manager or `kill` sends it.
    let _ = std::process::Command::new("kill")
        .arg(child.id().to_string())
        .status();
    let status = child.wait().unwrap();
    if status.code() == Some(130) {
        assert_eq!(snapshot(&site.out()), before, "the previous output stays");
    } else {
        assert!(status.success(), "{status:?}");
        assert!(site.exists("side-2999/index.html"));
    }
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}
