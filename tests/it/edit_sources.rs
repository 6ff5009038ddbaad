//! What the editor of `pjece serve` does to the site's sources (issue 23), judged by the
//! next `pjece build`: pages made, renamed and deleted over the editor's real HTTP API,
//! then the site built as it is published, with its address ledger.

use crate::serve::Server;
use crate::support::SiteTest;

/// A published site: the front page links to `regler.md`, `fotos.md` is linked from nowhere.
fn published_site() -> SiteTest {
    let site = SiteTest::new()
        .page(
            "e1/index.md",
            "Forside",
            "Velkommen.\n\nLæs [reglerne](regler.md#deling).\n",
        )
        .page(
            "e1/regler.md",
            "Regler",
            "## Deling {#deling}\n\nDu må gerne dele kommunens opslag.\n",
        )
        .page("e1/fotos.md", "Fotos", "Spørg før du tager et foto.\n");
    site.build(&[]);
    assert!(site.root().join("addresses.txt").is_file());
    site
}

/// The session token, read from the editor page as the browser gets it.
fn token(server: &Server) -> String {
    crate::editor::token_from(server, "content/e1/index.md")
}

/// A call to the editor's API as its page makes it; the status and the JSON answered.
fn call(server: &Server, path: &str, body: Option<serde_json::Value>) -> (u16, serde_json::Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = server.url(&format!("/__pjece/edit/api/{path}"));
    let token = token(server);
    let origin = format!("http://127.0.0.1:{}", server.port);
    let mut response = match body {
        None => agent
            .get(&url)
            .header("x-pjece-token", &token)
            .header("origin", &origin)
            .call()
            .unwrap(),
        Some(body) => agent
            .post(&url)
            .header("content-type", "application/json")
            .header("x-pjece-token", &token)
            .header("origin", &origin)
            .send(body.to_string())
            .unwrap(),
    };
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// Issue 23: a page renamed in the editor keeps its identity and the links to it follow, so
/// the next build succeeds and both old addresses (the root and the edition folder) send
/// readers on to the new ones.
#[test]
fn a_renamed_page_builds_and_its_old_addresses_send_readers_on() {
    let site = published_site();
    {
        let server = Server::start(site.root());
        let (status, answer) = call(
            &server,
            "page/rename",
            Some(serde_json::json!({ "file": "content/e1/regler.md", "name": "deling" })),
        );
        assert_eq!(status, 200, "{answer}");
    }
    let index = std::fs::read_to_string(site.root().join("content/e1/index.md")).unwrap();
    assert!(index.contains("[reglerne](deling.md#deling)"), "{index}");
    site.build(&[]);
    assert!(site.exists("deling/index.html"));
    for (old, new) in [
        ("regler/index.html", "deling/"),
        ("e1/regler/index.html", "e1/deling/"),
    ] {
        let page = site.read(old);
        assert!(page.contains("http-equiv=\"refresh\""), "{old}: {page}");
        assert!(page.contains(new), "{old} sends on to {new}: {page}");
    }
}

/// Issue 23: before a page is deleted, the editor is told which pages link to it (file and
/// line: the build fails on those links) and which of its addresses readers were given.
#[test]
fn deleting_a_linked_page_names_the_linking_page_and_its_published_addresses() {
    let site = published_site();
    let server = Server::start(site.root());
    let (status, answer) = call(&server, "page/consequences?file=content/e1/regler.md", None);
    assert_eq!(status, 200, "{answer}");
    let said: Vec<&str> = answer["consequences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        said.iter()
            .any(|s| s.starts_with("content/e1/index.md:6 linker til siden")),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("Adressen /regler/ er udgivet")),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("Adressen /e1/regler/ er udgivet")),
        "{said:#?}"
    );
    assert!(
        site.root().join("content/e1/regler.md").is_file(),
        "nothing deleted yet"
    );
}

/// Issue 23: a published page deleted in the editor is kept in `.pjece/deleted/`, and the
/// next build succeeds: its old addresses tell readers that the page was removed, instead
/// of the address ledger stopping the build.
#[test]
fn a_deleted_published_page_is_kept_and_its_addresses_say_it_was_removed() {
    let site = published_site();
    {
        let server = Server::start(site.root());
        let (status, answer) = call(
            &server,
            "page/delete",
            Some(serde_json::json!({ "file": "content/e1/fotos.md" })),
        );
        assert_eq!(status, 200, "{answer}");
        let kept = answer["kept"].as_str().unwrap();
        assert!(
            kept.starts_with(".pjece/deleted/") && kept.ends_with("/content/e1/fotos.md"),
            "{kept}"
        );
        assert!(site.root().join(kept).is_file());
    }
    assert!(!site.root().join("content/e1/fotos.md").exists());
    site.build(&[]);
    for old in ["fotos/index.html", "e1/fotos/index.html"] {
        let page = site.read(old);
        assert!(page.contains("Siden »Fotos« er fjernet."), "{old}: {page}");
    }
}

/// Issue 23: a page made in the editor is named from its title, builds, and is in the
/// navigation.
#[test]
fn a_new_page_builds_and_is_in_the_navigation() {
    let site = published_site();
    {
        let server = Server::start(site.root());
        let (status, answer) = call(
            &server,
            "page/new",
            Some(serde_json::json!({ "dir": "content/e1", "title": "Gode råd" })),
        );
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["file"], "content/e1/gode-raad.md");
        let (status, again) = call(
            &server,
            "page/new",
            Some(serde_json::json!({ "dir": "content/e1", "title": "Gode råd" })),
        );
        assert_eq!(status, 422, "{again}");
        let message = again["message"].as_str().unwrap();
        assert!(
            message.starts_with("content/e1/gode-raad.md: der er allerede en side"),
            "{again}"
        );
        assert!(
            again["hint"].as_str().unwrap().contains("gode-raad-2.md"),
            "the hint apart, as the editor shows it: {again}"
        );
    }
    site.build(&[]);
    let page = site.read("gode-raad/index.html");
    assert!(page.contains("Skriv sidens tekst her."), "{page}");
    let front = site.html("index.html");
    let nav: Vec<(String, String)> = crate::support::select(&front, "nav.pages a")
        .iter()
        .map(|a| {
            (
                crate::support::text(a),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert!(
        nav.contains(&("Gode råd".to_string(), "gode-raad/index.html".to_string())),
        "{nav:?}"
    );
}
