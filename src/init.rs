//! `pjece init [DIR]`: a new site that builds and serves at once; with `--portal`, a new
//! portal of guidelines.
//!
//! Starting from a copy of someone else's site means fixing three errors before the first
//! page shows. `init` writes a small, valid site instead: `site.yaml` with every setting
//! explained in Danish and English, one current edition with a front page, two short
//! example pages and a leaflet plan, and a `.gitignore` for the output. A portal gets the
//! same edition inside its first guideline's folder, beside a `guideline.yaml`. It never
//! writes into a folder that holds anything.
//!
//! The starter texts live here and nowhere else: `pjece guideline new` writes a guideline
//! from the same [`guideline_yaml`] and [`first_edition`].

use crate::diagnostic::UsageError;
use crate::fsx;
use anyhow::Result;
use std::path::Path;

/// What the new site is called.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub title: Option<String>,
    pub organisation: Option<String>,
    /// A portal of guidelines rather than a site of one.
    pub portal: bool,
}

/// The folder name of the first edition.
pub(crate) const FIRST_EDITION: &str = "udgave-1";

/// The folder name of a new portal's first guideline, meant to be renamed.
const FIRST_GUIDELINE: &str = "min-retningslinje";

/// What a new `guideline.yaml` says.
#[derive(Debug, Clone, Default)]
pub(crate) struct GuidelineText<'a> {
    pub(crate) title: &'a str,
    pub(crate) summary: Option<&'a str>,
    pub(crate) category: Option<&'a str>,
    pub(crate) owner: Option<&'a str>,
    /// The guideline used to be the whole site (`pjece guideline new --from-site`).
    pub(crate) formerly_root: bool,
}

/// Creates a new site in `dir` (created if missing, refused if not empty).
pub fn init(dir: &Path, options: &InitOptions) -> Result<String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(UsageError(format!("{} exists and is not a folder", dir.display())).into());
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("could not read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(UsageError(format!(
                "{} is not empty; pjece init only starts a site in an empty or new folder\n  hint: `pjece init ny-mappe` creates the site in a new folder",
                dir.display()
            ))
            .into());
        }
    }
    let title = options.title.as_deref().unwrap_or("Retningslinjer");
    let organisation = options
        .organisation
        .as_deref()
        .unwrap_or("Min organisation");
    let today = crate::content::Date::today().to_string();
    let files = if options.portal {
        portal_files(title, organisation, &today)
    } else {
        files(title, organisation, &today)
    };
    for (path, text) in files {
        fsx::write(&dir.join(path), text.as_bytes())?;
    }
    let shown = dir.display();
    if options.portal {
        return Ok(format!(
            "created a new portal in {shown}, with one guideline in {shown}/content/{FIRST_GUIDELINE}/\n\
             next:\n  \
             1. see it: `pjece serve --root {shown}` and open the address it prints\n  \
             2. rename the folder content/{FIRST_GUIDELINE}/ to the guideline's web address, fill in its guideline.yaml and edit the pages in its {FIRST_EDITION}/; the portal's settings are in {shown}/site.yaml\n  \
             3. add a guideline: `pjece guideline new hjemmearbejde --title \"Retningslinjer for hjemmearbejde\" --root {shown}`"
        ));
    }
    Ok(format!(
        "created a new site in {shown}\n\
         next:\n  \
         1. see it: `pjece serve --root {shown}` and open the address it prints\n  \
         2. edit the pages in {shown}/content/{FIRST_EDITION}/ and the settings in {shown}/site.yaml\n  \
         3. when a new edition is due: `pjece edition new udgave-2`, edit, then `pjece edition publish udgave-2`"
    ))
}

/// The starter site's files, by path.
fn files(title: &str, organisation: &str, today: &str) -> Vec<(String, String)> {
    let mut files = vec![
        ("site.yaml".into(), site_yaml(title, organisation, false)),
        (".gitignore".into(), GITIGNORE.into()),
    ];
    files.extend(
        first_edition(title, today)
            .into_iter()
            .map(|(path, text)| (format!("content/{FIRST_EDITION}/{path}"), text)),
    );
    files
}

/// The starter portal's files, by path: the site's, with the first edition inside a
/// guideline's folder.
fn portal_files(title: &str, organisation: &str, today: &str) -> Vec<(String, String)> {
    let guideline = "Min retningslinje";
    let mut files = vec![
        ("site.yaml".into(), site_yaml(title, organisation, true)),
        (".gitignore".into(), GITIGNORE.into()),
        (
            format!(
                "content/{FIRST_GUIDELINE}/{}",
                crate::content::GUIDELINE_FILE_NAME
            ),
            guideline_yaml(&GuidelineText {
                title: guideline,
                summary: Some("Skriv her kort, hvad retningslinjen handler om."),
                ..GuidelineText::default()
            }),
        ),
    ];
    files.extend(
        first_edition(guideline, today)
            .into_iter()
            .map(|(path, text)| {
                (
                    format!("content/{FIRST_GUIDELINE}/{FIRST_EDITION}/{path}"),
                    text,
                )
            }),
    );
    files
}

const GITIGNORE: &str = "/public/\n/.pjece-cache/\n";

/// `site.yaml` with every setting explained; a portal's names the portal.
fn site_yaml(title: &str, organisation: &str, portal: bool) -> String {
    let (what, title_comment) = if portal {
        (
            "# Indstillinger for portalen. / The portal's settings.\n",
            "# Portalens titel, på forsiden og i sidehovedet. / The portal's title, on its front page and in the header.\n",
        )
    } else {
        (
            "# Indstillinger for sitet. / The site's settings.\n",
            "# Sitets titel. / The site's title.\n",
        )
    };
    format!(
        "{what}\
         \n\
         {title_comment}\
         title: {}\n\
         # Afsender, vist i sidehovedet og på folderen. / Sender, shown in the header and on the leaflet.\n\
         organisation: {}\n\
         # Den offentlige adresse, sitet lægges på; ret den, før I udgiver.\n\
         # The public address the site is published at; change it before publishing.\n\
         base_url: https://www.example.dk/retningslinjer/\n\
         # Sprog: da eller en. / Language: da or en.\n\
         language: da\n\
         # Tema. / Theme.\n\
         theme: kommune\n\
         # Logo, sti i forhold til denne mappe. / Logo, relative to this folder.\n\
         # logo: billeder/logo.svg\n\
         # Logo til mørk baggrund (sidehovedet, folderens forside). / Logo for dark backgrounds.\n\
         # logo_on_dark: billeder/logo-hvid.svg\n\
         # Farver (#rrggbb, mindst 4,5:1 mod hvid). / Colours (at least 4.5:1 against white).\n\
         # colors:\n\
         #   primary: \"#00587a\"\n\
         # Kontakttekst til sidefoden og folderens bagside (Markdown).\n\
         # Contact text for every page's footer and the leaflet's back (Markdown).\n\
         # contact: |\n\
         #   Kommunikation, tlf. 11 22 33 44\n\
         # Adressen på sitets tilgængelighedserklæring, lavet på was.digst.dk.\n\
         # The address of the site's accessibility statement, made on was.digst.dk.\n\
         # accessibility_statement: https://www.was.digst.dk/...\n\
         # Flere links i sidefoden. / More links in the footer.\n\
         # footer_links:\n\
         #   - text: Om webstedet\n\
         #     url: https://www.example.dk/om/\n",
        yaml_string(title),
        yaml_string(organisation)
    )
}

/// A guideline's `guideline.yaml`, every key explained; keys not given are left as
/// comments to fill in.
pub(crate) fn guideline_yaml(g: &GuidelineText<'_>) -> String {
    let key = |name: &str, value: Option<&str>, example: &str| match value {
        Some(value) => format!("{name}: {}\n", yaml_string(value)),
        None => format!("# {name}: {example}\n"),
    };
    let mut text = format!(
        "# Retningslinjen: dens titel og plads på portalens forside.\n\
         # The guideline: its title and place on the portal's front page.\n\
         \n\
         # Titlen, som læserne ser den. / The title as readers see it.\n\
         title: {}\n\
         # En eller to sætninger på forsiden. / One or two sentences on the front page.\n\
         {}\
         # Overskriften på forsiden, som den står under. / The front page heading it is listed under.\n\
         {}\
         # Hvem der svarer for den (afdeling eller rolle). / Who answers for it (department or role).\n\
         {}\
         # Rækkefølge under overskriften, lavest først. / Order under its heading, lowest first.\n\
         # weight: 0\n",
        yaml_string(g.title),
        key("summary", g.summary, "Hvad retningslinjen handler om."),
        key("category", g.category, "Personale"),
        key("owner", g.owner, "HR"),
    );
    if g.formerly_root {
        text.push_str(
            "# Retningslinjen var før hele sitet: dens gamle adresser bliver ved med at virke.\n\
             # The guideline used to be the whole site: its old addresses keep answering.\n\
             formerly_root: true\n",
        );
    }
    text
}

/// A first edition (current, dated `today`) of a guideline called `title`: its files by
/// path inside the edition's folder.
pub(crate) fn first_edition(title: &str, today: &str) -> Vec<(String, String)> {
    vec![
        (
            "edition.yaml".into(),
            format!(
                "# Udgavens navn, som læserne ser det. / The edition's name as readers see it.\n\
                 label: 1. udgave\n\
                 # Datoen, udgaven gælder fra (ÅÅÅÅ-MM-DD). / The date it takes effect (YYYY-MM-DD).\n\
                 published: {today}\n\
                 # draft (kladde), current (gældende) eller archived (tidligere).\n\
                 status: current\n\
                 # Hvad er nyt i udgaven (Markdown). / What is new in this edition (Markdown).\n\
                 note: |\n  Første udgave.\n"
            ),
        ),
        (
            "index.md".into(),
            format!(
                "---\ntitle: {}\n---\n\
                 Her står retningslinjerne. Hver side er en Markdown-fil i denne mappe.\n\n\
                 - [Det må du gerne](det-maa-du-gerne.md)\n\
                 - [Gode råd](gode-raad.md)\n",
                yaml_string(title)
            ),
        ),
        (
            "det-maa-du-gerne.md".into(),
            "---\ntitle: Det må du gerne\n\
             # Sidens faste navn: behold det, når filen får et nyt navn, så den gamle adresse\n\
             # fører hertil. / The page's lasting name: keep it when the file is renamed, so\n\
             # that the old address leads here.\n\
             id: det-maa-du-gerne\nweight: 10\n---\n\
             Skriv her, hvad medarbejderne gerne må.\n\n\
             Se også [gode råd](gode-raad.md#skriv-med-omtanke).\n"
                .into(),
        ),
        (
            "gode-raad.md".into(),
            "---\ntitle: Gode råd\nid: gode-raad\nweight: 20\n---\n\
             ## Skriv med omtanke\n\n\
             Tænk over, hvem der kan læse med.\n\n\
             ## Spørg, hvis du er i tvivl\n\n\
             Din leder hjælper gerne.\n"
                .into(),
        ),
        (
            "leaflet.yaml".into(),
            "# Hvilke sider der står hvor i den trykte folder. / Which pages go where in the leaflet.\n\
             layout: trifold-a4\n\
             flap:\n  - page: det-maa-du-gerne.md\n\
             inside:\n  - page: gode-raad.md\n"
                .into(),
        ),
    ]
}

/// A YAML scalar that reads back as `text` whatever it holds (`:`, `#`, quotes).
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_with_yaml_characters_read_back_unchanged() {
        let files = files(
            "Regler: \"sociale\" medier # 2",
            "Aabenraa Kommune",
            "2026-01-01",
        );
        let site: serde_yaml::Value = serde_yaml::from_str(&files[0].1).unwrap();
        assert_eq!(
            site["title"].as_str(),
            Some("Regler: \"sociale\" medier # 2")
        );
    }

    #[test]
    fn a_guideline_yaml_reads_back_with_the_keys_given_and_the_rest_as_comments() {
        let text = guideline_yaml(&GuidelineText {
            title: "Hjemmearbejde: \"regler\" # 1",
            owner: Some("HR"),
            formerly_root: true,
            ..GuidelineText::default()
        });
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(
            yaml["title"].as_str(),
            Some("Hjemmearbejde: \"regler\" # 1")
        );
        assert_eq!(yaml["owner"].as_str(), Some("HR"));
        assert_eq!(yaml["formerly_root"].as_bool(), Some(true));
        assert!(yaml.get("summary").is_none() && text.contains("# summary: "));
        let plain = guideline_yaml(&GuidelineText {
            title: "AI",
            ..GuidelineText::default()
        });
        assert!(!plain.contains("formerly_root"));
    }
}
