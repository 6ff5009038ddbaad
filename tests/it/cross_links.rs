//! Links between the guidelines of a portal. Each test builds a small portal of its own whose
//! guideline "sociale-medier" has three editions (u1 2020, u2 2022, u3 2024 current), each
//! page titled with its edition, and follows the links another guideline's pages were given as
//! a browser does from the files on disk: from the copy at the site root and from the one in
//! the edition folder, to a file that must exist and be the page meant (read from its `<h1>`).

use crate::support::*;
use std::path::{Component, Path, PathBuf};

/// `content/<id>/guideline.yaml` with a title.
fn guideline(site: SiteTest, id: &str, title: &str) -> SiteTest {
    site.file(
        &format!("content/{id}/guideline.yaml"),
        &format!("title: {title}\n"),
    )
}

/// A portal with the guideline "sociale-medier" in three editions.
fn portal() -> SiteTest {
    let mut site = guideline(
        SiteTest::empty().file("site.yaml", SITE_YAML),
        "sociale-medier",
        "Sociale medier",
    );
    for (e, published, status) in [
        ("u1", "2020-03-01", "archived"),
        ("u2", "2022-01-01", "archived"),
        ("u3", "2024-06-01", "current"),
    ] {
        site = site
            .edition(&format!("sociale-medier/{e}"), e, published, status)
            .page(
                &format!("sociale-medier/{e}/index.md"),
                &format!("Sociale medier {e}"),
                "Forside.\n",
            )
            .page(
                &format!("sociale-medier/{e}/gode-raad.md"),
                &format!("Gode råd {e}"),
                "## Før du poster\n\nTænk dig om.\n",
            );
    }
    guideline(site, "ai", "Brug af AI")
}

/// Follows the link whose text is `text` in the article of the built page `from` (a path in
/// the output), from the file on disk: the file it reaches (relative to the output folder) and
/// that page's `<h1>`. Fails when the file does not exist.
fn follow(site: &SiteTest, from: &str, text: &str) -> (String, String) {
    let html = site.html(from);
    let links = select(&html, "article a");
    let link = links
        .iter()
        .find(|a| crate::support::text(a) == text)
        .unwrap_or_else(|| panic!("{from} has no link `{text}`"));
    let href = link.value().attr("href").unwrap();
    let path = href.split('#').next().unwrap();
    let target = normalise(&site.out().join(from).parent().unwrap().join(path));
    assert!(
        target.is_file(),
        "{from}: `{text}` ({href}) leads to {}, which does not exist",
        target.display()
    );
    let reached = target
        .strip_prefix(site.out())
        .unwrap_or_else(|_| panic!("{from}: `{text}` ({href}) leads out of the site"))
        .to_string_lossy()
        .replace('\\', "/");
    let h1 = select(&site.html(&reached), "h1")
        .first()
        .map(crate::support::text)
        .unwrap_or_default();
    (reached, h1)
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn reached(path: &str, h1: &str) -> (String, String) {
    (path.to_string(), h1.to_string())
}

// See: issue 19
#[test]
fn from_the_current_edition_a_link_names_the_current_edition_from_both_copies_of_the_page() {
    let site = portal()
        .edition("ai/2025", "2025", "2025-02-01", "current")
        .page(
            "ai/2025/index.md",
            "Brug af AI",
            "[Råd](/sociale-medier/gode-raad.md#foer-du-poster), [forside](/sociale-medier/) og [også forside](/sociale-medier/index.md).\n",
        )
        .page(
            "ai/2025/sub/side.md",
            "Side",
            "[Råd](/sociale-medier/gode-raad.md)\n",
        );
    site.build(&[]);
    for from in ["ai/index.html", "ai/2025/index.html"] {
        assert_eq!(
            follow(&site, from, "Råd"),
            reached("sociale-medier/gode-raad/index.html", "Gode råd u3"),
            "from {from}"
        );
        for text in ["forside", "også forside"] {
            assert_eq!(
                follow(&site, from, text),
                reached("sociale-medier/index.html", "Sociale medier u3"),
                "from {from}"
            );
        }
    }
    for from in ["ai/sub/side/index.html", "ai/2025/sub/side/index.html"] {
        assert_eq!(
            follow(&site, from, "Råd"),
            reached("sociale-medier/gode-raad/index.html", "Gode råd u3"),
            "from {from}"
        );
    }
    let html = site.read("ai/index.html");
    assert!(
        html.contains("gode-raad/index.html#foer-du-poster"),
        "the anchor is kept"
    );
    assert!(!html.contains('\u{0}'), "no marker is left in the page");
}

// See: issue 19
#[test]
fn from_a_draft_a_link_names_the_current_edition_never_a_draft_of_the_target() {
    let site = portal()
        .edition("sociale-medier/u4", "u4", "2026-01-01", "draft")
        .page(
            "sociale-medier/u4/index.md",
            "Sociale medier u4",
            "Kladde.\n",
        )
        .page("sociale-medier/u4/gode-raad.md", "Gode råd u4", "Kladde.\n")
        .edition("ai/2025", "2025", "2025-02-01", "current")
        .page("ai/2025/index.md", "Brug af AI", "Nu.\n")
        .edition("ai/2026", "2026", "2026-03-01", "draft")
        .page(
            "ai/2026/index.md",
            "Brug af AI",
            "[Råd](/sociale-medier/gode-raad.md)\n",
        );
    site.build(&["--drafts"]);
    assert_eq!(
        follow(&site, "ai/2026/index.html", "Råd"),
        reached("sociale-medier/gode-raad/index.html", "Gode råd u3")
    );
    site.build(&[]);
    assert!(!site.exists("ai/2026/index.html"));
}

// See: issue 19
#[test]
fn from_an_archived_edition_a_link_names_the_edition_in_force_on_its_last_day() {
    // ai/2021 was in force until 2022-12-31, the day before ai/2023 was published: then
    // sociale-medier/u2 was in force, neither the current u3 nor the first u1.
    let site = portal()
        .edition("ai/2021", "2021", "2021-01-01", "archived")
        .page(
            "ai/2021/index.md",
            "Brug af AI 2021",
            "[Råd](/sociale-medier/gode-raad.md) og [egne regler](/ai/regler.md)\n",
        )
        .page("ai/2021/regler.md", "Regler 2021", "Gamle regler.\n")
        .edition("ai/2023", "2023", "2023-01-01", "current")
        .page("ai/2023/index.md", "Brug af AI 2023", "Nu.\n")
        .page("ai/2023/regler.md", "Regler 2023", "Nye regler.\n");
    site.build(&[]);
    assert_eq!(
        follow(&site, "ai/2021/index.html", "Råd"),
        reached("sociale-medier/u2/gode-raad/index.html", "Gode råd u2")
    );
    assert_eq!(
        follow(&site, "ai/2021/index.html", "egne regler"),
        reached("ai/2021/regler/index.html", "Regler 2021"),
        "a link to its own guideline stays in the edition"
    );
}

// See: issue 19
#[test]
fn from_an_edition_older_than_the_target_a_link_names_the_targets_first_edition() {
    // ai/2018 ended on 2018-12-31, before sociale-medier had any edition.
    let site = portal()
        .edition("ai/2018", "2018", "2018-01-01", "archived")
        .page(
            "ai/2018/index.md",
            "Brug af AI 2018",
            "[Råd](/sociale-medier/gode-raad.md)\n",
        )
        .edition("ai/2019", "2019", "2019-01-01", "current")
        .page("ai/2019/index.md", "Brug af AI 2019", "Nu.\n");
    site.build(&[]);
    assert_eq!(
        follow(&site, "ai/2018/index.html", "Råd"),
        reached("sociale-medier/u1/gode-raad/index.html", "Gode råd u1")
    );
}

// See: issue 19
#[test]
fn a_relative_path_into_another_guidelines_edition_folder_pins_that_edition() {
    let site = portal()
        .edition("ai/2025", "2025", "2025-02-01", "current")
        .page(
            "ai/2025/index.md",
            "Brug af AI",
            "[Gamle råd](../../sociale-medier/u1/gode-raad.md#foer-du-poster) og [gammel forside](../../sociale-medier/u1/)\n",
        )
        .page(
            "ai/2025/sub/side.md",
            "Side",
            "[Gamle råd](../../../sociale-medier/u1/gode-raad.md)\n",
        );
    site.build(&[]);
    for from in [
        "ai/index.html",
        "ai/2025/index.html",
        "ai/sub/side/index.html",
        "ai/2025/sub/side/index.html",
    ] {
        assert_eq!(
            follow(&site, from, "Gamle råd"),
            reached("sociale-medier/u1/gode-raad/index.html", "Gode råd u1"),
            "from {from}"
        );
    }
    assert_eq!(
        follow(&site, "ai/index.html", "gammel forside"),
        reached("sociale-medier/u1/index.html", "Sociale medier u1")
    );
}

// See: issue 19
#[test]
fn a_link_to_a_guideline_edition_or_page_that_does_not_exist_fails_the_build() {
    let site = portal()
        .edition("sociale-medier/u4", "u4", "2026-01-01", "draft")
        .page(
            "sociale-medier/u4/index.md",
            "Sociale medier u4",
            "Kladde.\n",
        )
        .edition("ai/2025", "2025", "2025-02-01", "current")
        .page(
            "ai/2025/index.md",
            "Brug af AI",
            "Se [råd](/sociale-medie/gode-raad.md).\n\
             Se [råd](/sociale-medier/gode-rad.md).\n\
             Se [råd](/sociale-medier/u1/gode-raad.md).\n\
             Se [råd](../../sociale-medier/u9/gode-raad.md).\n\
             Se [råd](../../sociale-medier/u4/index.md).\n\
             Se [side](/gode-raad.md).\n",
        );
    let err = site.build_error();
    assert!(
        err.contains("content/ai/2025/index.md:4:4: the link `/sociale-medie/gode-raad.md`"),
        "{err}"
    );
    assert!(!site.exists("public"), "nothing is written");
    insta::assert_snapshot!(err);
}

// See: issue 19
#[test]
fn an_anchor_that_the_other_guidelines_page_does_not_have_fails_the_build() {
    let site = portal()
        .edition("ai/2025", "2025", "2025-02-01", "current")
        .page(
            "ai/2025/index.md",
            "Brug af AI",
            "Se [råd](/sociale-medier/gode-raad.md#foer-du-post).\n",
        );
    insta::assert_snapshot!(site.build_error());
}

// See: issue 19
#[test]
fn in_a_site_of_one_guideline_a_link_from_the_site_root_is_left_as_written() {
    let site = SiteTest::new().page(
        "e1/index.md",
        "Forside",
        "[Ud](/andet/sted.md?a=1&b=2#x) og [billede](/static/x.png)\n",
    );
    site.build(&[]);
    let html = site.read("index.html");
    assert!(
        html.contains(r#"<a href="/andet/sted.md?a=1&amp;b=2#x">Ud</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/static/x.png">billede</a>"#));
}
