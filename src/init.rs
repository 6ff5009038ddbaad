//! `pjece init [DIR]`: a new site that builds and serves at once.
//!
//! Starting from a copy of someone else's site means fixing three errors before the first
//! page shows. `init` writes a small, valid site instead: `site.yaml` with every setting
//! explained in Danish and English, one current edition with a front page, two short
//! example pages and a leaflet plan, and a `.gitignore` for the output. It never writes
//! into a folder that holds anything.

use crate::diagnostic::UsageError;
use crate::fsx;
use anyhow::Result;
use std::path::Path;

/// What the new site is called.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub title: Option<String>,
    pub organisation: Option<String>,
}

/// The folder name of the first edition.
const FIRST_EDITION: &str = "udgave-1";

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
    let today = crate::edition_cmd::today();
    for (path, text) in files(title, organisation, &today.to_string()) {
        fsx::write(&dir.join(path), text.as_bytes())?;
    }
    let shown = dir.display();
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
    let yaml = |text: &str| yaml_string(text);
    vec![
        (
            "site.yaml".into(),
            format!(
                "# Indstillinger for sitet. / The site's settings.\n\
                 \n\
                 # Sitets titel. / The site's title.\n\
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
                yaml(title),
                yaml(organisation)
            ),
        ),
        (".gitignore".into(), "/public/\n/.pjece-cache/\n".into()),
        (
            format!("content/{FIRST_EDITION}/edition.yaml"),
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
            format!("content/{FIRST_EDITION}/index.md"),
            format!(
                "---\ntitle: {}\n---\n\
                 Her står retningslinjerne. Hver side er en Markdown-fil i denne mappe.\n\n\
                 - [Det må du gerne](det-maa-du-gerne.md)\n\
                 - [Gode råd](gode-raad.md)\n",
                yaml(title)
            ),
        ),
        (
            format!("content/{FIRST_EDITION}/det-maa-du-gerne.md"),
            "---\ntitle: Det må du gerne\nweight: 10\n---\n\
             Skriv her, hvad medarbejderne gerne må.\n\n\
             Se også [gode råd](gode-raad.md#skriv-med-omtanke).\n"
                .into(),
        ),
        (
            format!("content/{FIRST_EDITION}/gode-raad.md"),
            "---\ntitle: Gode råd\nweight: 20\n---\n\
             ## Skriv med omtanke\n\n\
             Tænk over, hvem der kan læse med.\n\n\
             ## Spørg, hvis du er i tvivl\n\n\
             Din leder hjælper gerne.\n"
                .into(),
        ),
        (
            format!("content/{FIRST_EDITION}/leaflet.yaml"),
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
}
