//! `pjece serve` against what a preview server on a desk meets: web pages of other sites that
//! reach it through DNS rebinding, files swapped for symlinks while it runs, Ctrl-C and
//! `kill`, folders removed and put back, and builds that fail between two good ones. Each test
//! runs the real binary on a fixture site and talks to it over real HTTP.

use crate::serve::{
    failed_builds, raw_get_for_host, rendered_in_last_build, save_and_wait_for_the_build,
    save_by_rename, site, two_editions, Server,
};
use crate::support::{copy_tree, SiteTest};
use std::path::Path;
use std::time::{Duration, Instant};

/// A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) asks with its
/// own name in `Host`: it gets a short refusal and nothing of the site, on every address of
/// the server; the names of this computer are answered. See: issue 21.
#[test]
fn a_request_naming_another_host_is_refused_and_this_computer_is_answered() {
    let site = site();
    let server = Server::start(site.root());
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "evil.example".to_string(),
    ] {
        for path in [
            "/",
            "/regler/",
            "/images/logo.png",
            "/findes-ikke/",
            "/__pjece/status",
            "/__pjece/events",
        ] {
            let (status, response) = raw_get_for_host(port, path, &host);
            assert!(status.contains(" 421 "), "{host} {path}: {status}");
            let body = response.split_once("\r\n\r\n").unwrap().1;
            assert!(
                body.contains("127.0.0.1") && body.len() < 600,
                "{host} {path}: a short explanation, not {body}"
            );
            for page in ["Tekst før.", "PNG fake", "generation", "<html", "data:"] {
                assert!(!body.contains(page), "{host} {path} sent {page}: {body}");
            }
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, response) = raw_get_for_host(port, "/regler/", &host);
        assert!(status.contains(" 200 "), "{host}: {status}");
        assert!(response.contains("Tekst før."), "{host}");
    }
}

/// A file the served site copies from the site folder (an image beside a page, the logo) that
/// is swapped for a symlink to a file outside the site while serve runs is not sent: not
/// before the next build sees it, and not after that build fails over it. See: issue 21.
#[cfg(unix)]
#[test]
fn a_file_swapped_for_a_symlink_out_of_the_site_is_not_served() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("hemmelig.txt");
    std::fs::write(&secret, "hemmeligt indhold uden for sitet").unwrap();
    let site = site()
        .file(
            "site.yaml",
            &format!("{}logo: logo.png\n", crate::support::SITE_YAML),
        )
        .file("logo.png", "\u{89}PNG site logo");
    let server = Server::start(site.root());
    assert_eq!(server.get("/static/logo.png").2, "\u{89}PNG site logo");
    assert_eq!(server.get("/images/logo.png").2, "\u{89}PNG fake");

    let failed = failed_builds(&server);
    for swapped in ["logo.png", "content/e1/images/logo.png"] {
        let path = site.root().join(swapped);
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&secret, &path).unwrap();
    }
    let assert_refused = |when: &str| {
        for address in ["/static/logo.png", "/images/logo.png"] {
            let (code, _, body) = server.get(address);
            assert!(
                !body.contains("hemmeligt"),
                "{address} {when}: sent the symlink's target"
            );
            assert!(code == 404 || code == 403, "{address} {when}: {code}");
        }
    };
    assert_refused("at once");
    server.wait_for("the build that refuses the symlinks", || {
        failed_builds(&server) > failed
    });
    assert_refused("after the failed build");
}

/// A leaflet site, so that serve's fit check starts Chromium after the first build.
fn leaflet_site() -> SiteTest {
    SiteTest::new()
        .page("e1/flap.md", "Flap", "Kort.\n")
        .page("e1/inde.md", "Inde", "Kort tekst.\n")
        .file(
            "content/e1/leaflet.yaml",
            "flap:\n  - page: flap.md\ninside:\n  - page: inde.md\n",
        )
}

/// The processes whose command line names `folder` (Chromium and its helpers name their
/// profile folder, which is below the run's temporary folder).
fn processes_naming(folder: &Path) -> Vec<String> {
    let wanted = folder.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|line| String::from_utf8_lossy(&line).replace('\0', " "))
        .filter(|line| line.contains(&wanted))
        .collect()
}

/// Ctrl-C or `kill` while the leaflet check has Chromium running: serve stops at once, ends
/// every browser it started, leaves its temporary folder empty and exits 0. See: issue 21.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_or_kill_stops_serve_promptly_with_no_browser_or_temporary_file_left() {
    let site = leaflet_site();
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let temporary = tempfile::tempdir().unwrap();
        let mut server = Server::start_with(
            site.root(),
            None,
            &[
                ("TMPDIR", temporary.path()),
                // The fit check stops there with its browser running, however fast it is.
                (pjece::pause::VARIABLE, Path::new("chromium.launched")),
            ],
        );
        server.wait_for("Chromium for the leaflet check", || {
            server.log().contains("paused at chromium.launched")
        });
        assert!(!processes_naming(temporary.path()).is_empty());
        let signalled = Instant::now();
        let code = server.signal_and_wait(signal, Duration::from_secs(8));
        assert_eq!(code, Some(0), "signal {signal}:\n{}", server.log());
        assert!(
            signalled.elapsed() < Duration::from_secs(6),
            "took {:?}",
            signalled.elapsed()
        );
        // Killed processes are gone a moment later.
        let start = Instant::now();
        while !processes_naming(temporary.path()).is_empty()
            && start.elapsed() < Duration::from_secs(2)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(
            processes_naming(temporary.path()),
            Vec::<String>::new(),
            "signal {signal}"
        );
        let left: Vec<_> = std::fs::read_dir(temporary.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "signal {signal} left {left:?}");
    }
}

/// The logo and `hyphenation.txt` are read by a build though they are neither pages nor
/// settings: a save to either is built. See: issue 21.
#[test]
fn a_save_to_the_logo_or_the_hyphenation_list_starts_a_build() {
    let site = site()
        .file(
            "site.yaml",
            &format!("{}logo: grafik/logo.png\n", crate::support::SITE_YAML),
        )
        .file("grafik/logo.png", "\u{89}PNG first logo")
        .file("hyphenation.txt", "ret-nings-lin-jer\n");
    let server = Server::start(site.root());
    for (file, text) in [
        ("grafik/logo.png", "\u{89}PNG second logo"),
        ("hyphenation.txt", "ret-nings-lin-jer\nsam-ar-bej-de\n"),
    ] {
        let generation = server.generation();
        save_by_rename(&site.root().join(file), text);
        server.wait_for(&format!("the build after saving {file}"), || {
            server.generation() > generation
        });
    }
    assert_eq!(server.get("/static/logo.png").2, "\u{89}PNG second logo");
}

/// `content/` moved away and back, or removed and written again (a `git checkout`, a restore
/// from a backup): saves after it are seen as before. See: issue 21.
#[test]
fn saves_are_seen_after_the_content_folder_is_removed_and_restored() {
    let site = site();
    let server = Server::start(site.root());
    let content = site.root().join("content");
    let aside = site.root().join("content.bak");
    let page = content.join("e1/regler.md");

    let failed = failed_builds(&server);
    std::fs::rename(&content, &aside).unwrap();
    server.wait_for("the build without content/", || {
        failed_builds(&server) > failed
    });
    std::fs::rename(&aside, &content).unwrap();
    server.wait_for("the build with content/ back", || {
        server.status()["errors"] == serde_json::json!([])
    });
    save_by_rename(&page, "---\ntitle: Regler\n---\nEfter flytningen.\n");
    server.wait_for("the save after the move", || {
        server.get("/regler/").2.contains("Efter flytningen.")
    });

    let kept = tempfile::tempdir().unwrap();
    copy_tree(&content, kept.path());
    let failed = failed_builds(&server);
    std::fs::remove_dir_all(&content).unwrap();
    server.wait_for("the build without content/", || {
        failed_builds(&server) > failed
    });
    copy_tree(kept.path(), &content);
    server.wait_for("the build with content/ back", || {
        server.status()["errors"] == serde_json::json!([])
    });
    save_by_rename(&page, "---\ntitle: Regler\n---\nEfter gendannelsen.\n");
    server.wait_for("the save after the restore", || {
        server.get("/regler/").2.contains("Efter gendannelsen.")
    });
}

/// A save that breaks the build and the save that fixes it: the fixed build takes every page
/// over from the last good one instead of rendering the whole site again. See: issue 21.
#[test]
fn a_failed_build_keeps_the_rendered_pages_for_the_build_after_it() {
    let site = two_editions();
    let server = Server::start(site.root());
    let page = site.root().join("content/e2/regler.md");
    let good = std::fs::read_to_string(&page).unwrap();
    assert!(rendered_in_last_build(&server) > 2, "{}", server.log());

    save_and_wait_for_the_build(&server, &page, "---\ntitel: Regler\n---\nNye regler.\n");
    assert_eq!(failed_builds(&server), 1, "{}", server.log());
    save_and_wait_for_the_build(&server, &page, &good);
    assert_eq!(server.status()["errors"], serde_json::json!([]));
    assert_eq!(
        rendered_in_last_build(&server),
        0,
        "the fixed build rendered pages again:\n{}",
        server.log()
    );
}
