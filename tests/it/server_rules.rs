//! Redirects for real web servers: the `.htaccess` (Apache) and `web.config` (IIS) rules a
//! build writes with `server_rules:` are read back as their servers read them (regular
//! expressions over the request path) and matched against `_redirects`, the list of moves.

use crate::support::*;

/// A portal whose guideline renamed a page (same `id`) and removed one, at `base_url`
/// `https://kommune.test/r/`, with both servers' rules.
fn moved_pages() -> SiteTest {
    let with_id = |title: &str, id: &str| format!("---\ntitle: {title}\nid: {id}\n---\nTekst.\n");
    SiteTest::empty()
        .file(
            "site.yaml",
            &format!("{SITE_YAML}server_rules: [iis, apache]\n"),
        )
        .file("content/sm/guideline.yaml", "title: Sociale medier\n")
        .edition("sm/u1", "1. udgave", "2020-01-01", "archived")
        .page("sm/u1/index.md", "Forside", "x\n")
        .file("content/sm/u1/du-maa.md", &with_id("Du må", "du-maa"))
        .file(
            "content/sm/u1/gamle/regler.md",
            &with_id("Regler", "regler"),
        )
        .edition("sm/u2", "2. udgave", "2024-01-01", "current")
        .page("sm/u2/index.md", "Forside", "x\n")
        .file("content/sm/u2/brug.md", &with_id("Brug", "du-maa"))
        .file("content/sm/u2/regler.md", &with_id("Regler", "regler"))
}

/// `(from, to)` of every line of `_redirects`.
fn moves(site: &SiteTest) -> Vec<(String, String)> {
    site.read("_redirects")
        .lines()
        .map(|l| {
            let parts: Vec<&str> = l.split(' ').collect();
            assert_eq!(parts.len(), 3, "{l}");
            assert_eq!(parts[2], "301");
            (parts[0].to_string(), parts[1].to_string())
        })
        .collect()
}

/// Where a server following `rules` (pattern, target) sends `path`, the first rule winning.
fn answer<'a>(rules: &'a [(regex::Regex, String)], path: &str) -> Option<&'a str> {
    rules
        .iter()
        .find(|(pattern, _)| pattern.is_match(path))
        .map(|(_, to)| to.as_str())
}

// See: issue 19
#[test]
fn apache_and_iis_rules_move_exactly_the_moved_addresses() {
    let site = moved_pages();
    site.build(&[]);
    let moves = moves(&site);
    assert_eq!(
        moves,
        [
            ("/r/sm/du-maa/".to_string(), "/r/sm/brug/".to_string()),
            (
                "/r/sm/gamle/regler/".to_string(),
                "/r/sm/regler/".to_string()
            ),
        ]
    );

    // Apache: `RedirectMatch 301 "<regex over the whole path>" "<target>"`.
    let htaccess = site.read(".htaccess");
    assert!(
        htaccess.contains("ErrorDocument 404 /r/404.html\n"),
        "{htaccess}"
    );
    let line = regex::Regex::new(r#"^RedirectMatch 301 "([^"]+)" "([^"]+)"$"#).unwrap();
    let apache: Vec<(regex::Regex, String)> = htaccess
        .lines()
        .filter(|l| l.starts_with("RedirectMatch"))
        .map(|l| {
            let c = line
                .captures(l)
                .unwrap_or_else(|| panic!("not a rule: {l}"));
            (regex::Regex::new(&c[1]).unwrap(), c[2].to_string())
        })
        .collect();
    assert_eq!(apache.len(), moves.len());

    // IIS: `<match url="…">` over the path below the site's folder, then the target.
    let config = site.read("web.config");
    let mut iis = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&config);
    let mut pattern = None;
    let mut error_page = None;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e) => {
                let attr = |name: &str| {
                    e.attributes().flatten().find(|a| a.key.0 == name).map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .unwrap()
                            .into_owned()
                    })
                };
                match e.name().0 {
                    "match" => pattern = attr("url"),
                    "action" => {
                        assert_eq!(attr("redirectType").as_deref(), Some("Permanent"));
                        iis.push((
                            regex::Regex::new(&pattern.take().unwrap()).unwrap(),
                            attr("url").unwrap(),
                        ));
                    }
                    "error" => error_page = attr("path"),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(error_page.as_deref(), Some("/r/404.html"));
    assert_eq!(iis.len(), moves.len());

    for (from, to) in &moves {
        let below_site = from.strip_prefix("/r/").unwrap();
        for asked in [from.clone(), format!("{from}index.html")] {
            assert_eq!(
                answer(&apache, &asked),
                Some(to.as_str()),
                "Apache, {asked}"
            );
            let iis_path = asked.strip_prefix("/r/").unwrap();
            assert_eq!(answer(&iis, iis_path), Some(to.as_str()), "IIS, {iis_path}");
        }
        // Nothing below or beside a moved page moves with it.
        for other in [
            format!("{from}x/"),
            format!("{}-x/", from.trim_end_matches('/')),
        ] {
            assert_eq!(answer(&apache, &other), None, "Apache moved {other}");
            let other_below = format!("{below_site}x/");
            assert_eq!(answer(&iis, &other_below), None, "IIS moved {other_below}");
        }
    }
    // Every address the build answers is left to the server.
    for file in html_files(&site.out()) {
        let path = format!("/r/{file}");
        assert_eq!(
            answer(&apache, &path).is_some(),
            moves.iter().any(|(f, _)| path == format!("{f}index.html")),
            "{path}"
        );
    }
}

// See: issue 19
#[test]
fn without_server_rules_only_the_redirect_list_is_written() {
    let site = moved_pages().file("site.yaml", SITE_YAML);
    site.build(&[]);
    assert!(site.exists("_redirects"));
    assert!(!site.exists(".htaccess"));
    assert!(!site.exists("web.config"));
}

// See: issue 19
#[test]
fn an_unknown_server_is_an_error_at_its_key() {
    let site = SiteTest::new().file("site.yaml", &format!("{SITE_YAML}server_rules: [nginx]\n"));
    let stderr = site.build_error();
    assert!(
        stderr.contains("site.yaml:5:16: `server_rules: nginx` is not one of the allowed values"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: write one of: `apache` or `iis`"),
        "{stderr}"
    );
}
