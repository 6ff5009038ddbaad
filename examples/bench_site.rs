//! Writes a realistic Danish guideline site for `make bench`, the same corpus three ways: as a
//! pjece site, a Hugo site and a Zola site, so that the three are timed on the same text.
//!
//! ```text
//! cargo run --release --example bench_site -- <out-dir> <pages> <editions> [seed]
//! ```
//!
//! `<out-dir>/pjece`, `<out-dir>/hugo` and `<out-dir>/zola` are created. Pages are about 5 KB
//! of Danish prose each (headings, lists, a table every few pages, links within their folder
//! and across folders), a hundred to a folder. With more than one edition, each later edition
//! is a copy of the one before with a few pages edited and one added, as real editions are
//! (`<pages>` is the total, spread over the editions);
//! Hugo and Zola get the newest edition only (they have no editions). Every edition has a
//! leaflet. The text is made by a seeded generator: the same arguments give the same site.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const PAGES_PER_FOLDER: usize = 100;

const WORDS: &[&str] = &[
    "medarbejdere",
    "kommunen",
    "sociale",
    "medier",
    "arbejdstiden",
    "dømmekraft",
    "borgere",
    "opslag",
    "facebookside",
    "leder",
    "tillid",
    "privatliv",
    "arbejdsliv",
    "oplysninger",
    "personfølsomme",
    "tavshedspligt",
    "kolleger",
    "institution",
    "projekt",
    "ansvar",
    "råd",
    "retningslinjer",
    "omsorg",
    "undervisning",
    "myndighed",
    "opgaver",
    "krav",
    "omgivelser",
    "netværk",
    "grupper",
    "profil",
    "billeder",
    "video",
    "kommentarer",
    "dialog",
    "hensyn",
    "ytringsfrihed",
    "loyalitet",
    "fortrolighed",
    "afdeling",
    "center",
    "skole",
    "børn",
    "unge",
    "ældre",
    "pårørende",
    "sagsbehandling",
    "henvendelser",
    "svar",
    "tone",
    "respekt",
    "indhold",
    "deling",
    "rettigheder",
    "samtykke",
    "offentligheden",
    "presse",
    "omdømme",
    "arbejdsplads",
    "vejledning",
    "eksempler",
    "situationer",
    "beslutninger",
    "regler",
    "lovgivning",
    "data",
    "sikkerhed",
    "adgangskoder",
    "telefon",
    "computer",
    "pause",
    "frokost",
    "møder",
    "fagligt",
    "privat",
    "offentligt",
    "gerne",
    "ikke",
    "altid",
    "aldrig",
    "ofte",
    "sjældent",
    "tydeligt",
    "klart",
    "venligt",
    "roligt",
    "hurtigt",
    "grundigt",
    "skriver",
    "deler",
    "læser",
    "svarer",
    "spørger",
    "beder",
    "vurderer",
    "overvejer",
    "husker",
    "undgår",
    "må",
    "skal",
    "kan",
    "bør",
    "og",
    "men",
    "eller",
    "når",
    "hvis",
    "fordi",
    "så",
    "at",
    "det",
    "den",
    "de",
    "du",
    "vi",
    "med",
    "om",
    "på",
    "til",
    "fra",
    "for",
    "af",
    "i",
    "efter",
    "før",
    "under",
    "over",
];

const HEADINGS: &[&str] = &[
    "Det må du gerne",
    "Det må du ikke",
    "Gode råd",
    "Når du er i tvivl",
    "Eksempler",
    "Din leders ansvar",
    "Tavshedspligt",
    "Billeder og video",
    "Borgernes henvendelser",
    "Kommunens egne sider",
    "Privat eller på arbejde",
    "Sådan svarer du",
    "Hvis det går galt",
];

/// A small seeded generator (SplitMix64): the same seed gives the same site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Where page `n` (0-based) of a site lives: `mappe-03/side-017`.
fn page_path(n: usize) -> String {
    format!(
        "mappe-{:02}/side-{:03}",
        n / PAGES_PER_FOLDER + 1,
        n % PAGES_PER_FOLDER + 1
    )
}

fn sentence(rng: &mut Rng) -> String {
    let length = 8 + rng.below(12);
    let words: Vec<&str> = (0..length).map(|_| rng.pick(WORDS)).collect();
    let first = words[0];
    let capital: String = first
        .chars()
        .take(1)
        .flat_map(char::to_uppercase)
        .chain(first.chars().skip(1))
        .collect();
    format!("{capital} {}.", words[1..].join(" "))
}

fn paragraph(rng: &mut Rng) -> String {
    (0..3 + rng.below(3))
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A link from page `from` to page `to`, relative, as an editor writes it.
fn link(from: usize, to: usize, text: &str) -> String {
    let origin = page_path(from);
    let (from_folder, _) = origin.split_once('/').unwrap();
    let target = page_path(to);
    let (to_folder, to_file) = target.split_once('/').unwrap();
    if from_folder == to_folder {
        format!("[{text}]({to_file}.md)")
    } else {
        format!("[{text}](../{target}.md)")
    }
}

/// The Markdown body of page `n` of a site of `pages`, about 5 KB.
fn body(rng: &mut Rng, n: usize, pages: usize) -> String {
    let mut out = String::new();
    writeln!(out, "{}\n", paragraph(rng)).unwrap();
    for section in 0..4 {
        writeln!(out, "## {}\n", rng.pick(HEADINGS)).unwrap();
        writeln!(out, "{}\n", paragraph(rng)).unwrap();
        for _ in 0..3 + rng.below(3) {
            writeln!(out, "- {}", sentence(rng)).unwrap();
        }
        out.push('\n');
        let near = (n / PAGES_PER_FOLDER) * PAGES_PER_FOLDER + rng.below(PAGES_PER_FOLDER);
        let near = near.min(pages - 1);
        let far = rng.below(pages);
        writeln!(
            out,
            "Læs også {} og {}.\n",
            link(n, near, "siden om samme emne"),
            link(n, far, "en anden vejledning")
        )
        .unwrap();
        if section == 2 && n % 3 == 0 {
            out.push_str("| Situation | Må du? | Hvem spørger du? |\n|---|---|---|\n");
            for _ in 0..4 {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    rng.pick(HEADINGS),
                    rng.pick(&["ja", "nej", "spørg først"]),
                    rng.pick(&["din leder", "HR", "kommunikation"])
                )
                .unwrap();
            }
            out.push('\n');
        }
        writeln!(out, "{}\n", paragraph(rng)).unwrap();
    }
    out
}

fn title(n: usize) -> String {
    format!("Vejledning {} om {}", n + 1, WORDS[n % 40])
}

/// One edition's pages: (path, title, body), the newest text of each.
type Pages = Vec<(String, String, String)>;

fn first_edition(rng: &mut Rng, pages: usize) -> Pages {
    (0..pages)
        .map(|n| (page_path(n), title(n), body(rng, n, pages)))
        .collect()
}

/// The edition after `before`: a few pages with a sentence changed, one page added.
fn next_edition(rng: &mut Rng, before: &Pages) -> Pages {
    let mut pages = before.clone();
    let edits = (pages.len() / 50).max(1);
    for _ in 0..edits {
        let n = rng.below(pages.len());
        let extra = sentence(rng);
        pages[n].2.push_str(&format!("{extra}\n"));
    }
    let n = pages.len();
    pages.push((page_path(n), title(n), body(rng, n, n + 1)));
    pages
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn write_pjece(root: &Path, editions: &[Pages]) {
    write(
        &root.join("site.yaml"),
        "title: Retningslinjer for ansattes brug af sociale medier\norganisation: Testkommune\nbase_url: https://example.org/retningslinjer/\nlanguage: da\n",
    );
    write_editions(&root.join("content"), editions);
}

/// A portal: `guidelines` guidelines, each with its own editions from `make_editions`.
fn write_portal(root: &Path, guidelines: usize, mut make_editions: impl FnMut() -> Vec<Pages>) {
    write(
        &root.join("site.yaml"),
        "title: Retningslinjer i Testkommune\norganisation: Testkommune\nbase_url: https://example.org/retningslinjer/\nlanguage: da\n",
    );
    for g in 1..=guidelines {
        let dir = root.join(format!("content/retningslinje-{g:02}"));
        write(
            &dir.join("guideline.yaml"),
            &format!(
                "title: Retningslinje {g}\nsummary: En af kommunens retningslinjer.\ncategory: Område {}\n",
                g % 5 + 1
            ),
        );
        write_editions(&dir, &make_editions());
    }
}

/// The edition folders of one guideline in `content`, oldest first; the newest is current.
fn write_editions(content: &Path, editions: &[Pages]) {
    for (i, pages) in editions.iter().enumerate() {
        let dir = content.join(format!("udgave-{}", i + 1));
        let status = if i + 1 == editions.len() {
            "current"
        } else {
            "archived"
        };
        write(
            &dir.join("edition.yaml"),
            &format!(
                "label: {}. udgave\npublished: {}-01-01\nstatus: {status}\nnote: Udgave {} med enkelte rettelser.\n",
                i + 1,
                2020 + i,
                i + 1
            ),
        );
        write(
            &dir.join("index.md"),
            "---\ntitle: Forside\n---\nRetningslinjer for ansattes brug af sociale medier.\n",
        );
        write(
            &dir.join("leaflet.yaml"),
            &format!("inside:\n  - page: {}.md\n", pages[0].0),
        );
        for (path, title, body) in pages {
            write(
                &dir.join(format!("{path}.md")),
                &format!("---\ntitle: {title}\n---\n{body}"),
            );
        }
    }
}

fn write_hugo(root: &Path, pages: &Pages) {
    write(
        &root.join("hugo.toml"),
        "baseURL = 'https://example.org/retningslinjer/'\nlanguageCode = 'da'\ntitle = 'Retningslinjer'\ndisableKinds = ['taxonomy', 'term']\n",
    );
    write(
        &root.join("layouts/baseof.html"),
        "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><nav><a href=\"{{ .Site.Home.RelPermalink }}\">Forside</a></nav>\n<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        &root.join("layouts/page.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n{{ .Content }}\n{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}\n",
    );
    write(
        &root.join("layouts/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &root.join("content/_index.md"),
        "---\ntitle: Forside\n---\n",
    );
    for (path, title, body) in pages {
        write(
            &root.join(format!("content/{path}.md")),
            &format!("---\ntitle: \"{title}\"\n---\n{body}"),
        );
    }
}

fn write_zola(root: &Path, pages: &Pages) {
    write(
        &root.join("config.toml"),
        "base_url = \"https://example.org/retningslinjer/\"\ntitle = \"Retningslinjer\"\ndefault_language = \"da\"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n",
    );
    write(
        &root.join("templates/base.html"),
        "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>{% block title %}{% endblock %}</title></head>\n<body><nav><a href=\"{{ config.base_url }}\">Forside</a></nav>\n<main>{% block main %}{% endblock %}</main></body></html>\n",
    );
    write(
        &root.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block main %}<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n{% if page.lower %}<a href=\"{{ page.lower.permalink }}\">{{ page.lower.title }}</a>{% endif %}\n{% if page.higher %}<a href=\"{{ page.higher.permalink }}\">{{ page.higher.title }}</a>{% endif %}{% endblock %}\n",
    );
    let list = "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block main %}<h1>{{ section.title }}</h1>\n<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}{% for s in section.subsections %}<li>{{ s }}</li>{% endfor %}</ul>{% endblock %}\n";
    write(&root.join("templates/section.html"), list);
    write(&root.join("templates/index.html"), list);
    write(
        &root.join("content/_index.md"),
        "+++\ntitle = \"Forside\"\n+++\n",
    );
    let folders = pages.len().div_ceil(PAGES_PER_FOLDER);
    for f in 0..folders {
        write(
            &root.join(format!("content/mappe-{:02}/_index.md", f + 1)),
            &format!(
                "+++\ntitle = \"Mappe {}\"\nsort_by = \"title\"\n+++\n",
                f + 1
            ),
        );
    }
    for (path, title, body) in pages {
        write(
            &root.join(format!("content/{path}.md")),
            &format!("+++\ntitle = \"{title}\"\n+++\n{body}"),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench_site <out-dir> <pages> <editions> [seed] [guidelines]";
    let out = PathBuf::from(args.first().expect(usage));
    let pages: usize = args.get(1).and_then(|a| a.parse().ok()).expect(usage);
    let editions: usize = args.get(2).and_then(|a| a.parse().ok()).expect(usage);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(2026);
    let guidelines: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(1);
    assert!(pages > 0 && editions > 0 && guidelines > 0, "{usage}");
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    let mut rng = Rng(seed);
    if guidelines > 1 {
        // A portal: `pages` spread over every edition of every guideline; pjece only, since
        // neither peer has guidelines or editions.
        let per_edition = pages.div_ceil(editions * guidelines);
        write_portal(&out.join("pjece"), guidelines, || {
            let mut all = vec![first_edition(&mut rng, per_edition)];
            while all.len() < editions {
                let next = next_edition(&mut rng, all.last().unwrap());
                all.push(next);
            }
            all
        });
        println!(
            "wrote a portal of {guidelines} guidelines × {editions} editions × {per_edition} pages to {}",
            out.display()
        );
        return;
    }
    // `pages` in all: each edition holds its share, as a site with a long history does.
    let mut all = vec![first_edition(&mut rng, pages.div_ceil(editions))];
    while all.len() < editions {
        let next = next_edition(&mut rng, all.last().unwrap());
        all.push(next);
    }
    write_pjece(&out.join("pjece"), &all);
    let newest = all.last().unwrap();
    write_hugo(&out.join("hugo"), newest);
    write_zola(&out.join("zola"), newest);
    println!(
        "wrote {} pages in {editions} edition(s) to {}",
        newest.len(),
        out.display()
    );
}
