//! Loading a portal: many guidelines on one website, each with its own editions.
//!
//! ```text
//! content/
//!   <guideline>/guideline.yaml     title, summary, category, owner, weight
//!   <guideline>/<edition>/…        editions exactly as in a site of one guideline
//! ```
//! Each guideline is loaded as a [`Site`] of its own (its settings are the site's, with its
//! own content folder and the address prefix `<guideline>/`), so everything pjece does for
//! one guideline (editions, what changed, leaflets, redirects) it does for each. A content
//! folder without `guideline.yaml` files is a site of one guideline, loaded as before.

use super::guideline::{self, Guideline};
use super::load::{load_guideline, subfolders};
use super::{load, Site};
use crate::address::Addresses;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostics, SourceError, UsageError};
use crate::slug::slugify;
use anyhow::Result;
use rayon::prelude::*;
use std::path::Path;

/// Everything a build knows about the content: one guideline (the site as pjece always made
/// it) or the guidelines of a portal.
#[derive(Debug)]
pub struct Portal {
    /// `site.yaml` as written: the portal's title, base address, language.
    pub config: SiteConfig,
    /// One site without a `guideline` for a site of one guideline; in a portal, every
    /// guideline in the order of its folder name.
    pub guidelines: Vec<Site>,
}

impl Portal {
    /// A site of one guideline, addressed as always.
    pub fn single(site: Site) -> Portal {
        Portal {
            config: site.config.clone(),
            guidelines: vec![site],
        }
    }

    /// Shows `unsaved` in place of its page file's text, read as the file would be; whether
    /// the file is a page of the portal. A text that gives the page another `id` is not put
    /// in (its addresses were worked out from the old one): that is seen once it is saved.
    pub(crate) fn put_unsaved(
        &mut self,
        unsaved: &super::Unsaved,
    ) -> Result<bool, Vec<crate::diagnostic::SourceError>> {
        let wanted = std::path::absolute(&unsaved.file).unwrap_or_else(|_| unsaved.file.clone());
        for site in &mut self.guidelines {
            for edition in &mut site.editions {
                for page in &mut edition.pages {
                    if std::path::absolute(&page.source).ok().as_ref() != Some(&wanted) {
                        continue;
                    }
                    let new = super::load::page_with_text(&site.config, page, &unsaved.text)?;
                    if new.id != page.id {
                        return Ok(false);
                    }
                    *page = new;
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Whether the content is a portal of guidelines (even of one).
    pub fn is_portal(&self) -> bool {
        self.guidelines.iter().any(|s| s.guideline.is_some())
    }

    /// How many pages every edition of every guideline holds together.
    pub fn pages(&self) -> usize {
        self.guidelines
            .iter()
            .flat_map(|s| &s.editions)
            .map(|e| e.pages.len())
            .sum()
    }

    pub fn editions(&self) -> usize {
        self.guidelines.iter().map(|s| s.editions.len()).sum()
    }

    /// The guideline whose folder is `id`.
    pub fn guideline(&self, id: &str) -> Option<&Site> {
        self.guidelines
            .iter()
            .find(|s| s.guideline.as_ref().is_some_and(|g| g.id.0 == id))
    }
}

/// Whether `content` holds guideline folders (each with a `guideline.yaml`).
pub fn is_portal(content: &Path) -> bool {
    subfolders(content)
        .unwrap_or_default()
        .iter()
        .any(|dir| dir.join(guideline::FILE_NAME).is_file())
}

/// Reads the content of a site or a portal. Drafts are skipped unless `include_drafts`.
pub fn load_portal(config: SiteConfig, include_drafts: bool) -> Result<Portal> {
    let content = config.content_dir();
    if !is_portal(&content) {
        return Ok(Portal::single(load(config, include_drafts)?));
    }
    let guidelines = read_guidelines(&config)?;
    let loaded: Vec<Result<Site>> = guidelines
        .into_par_iter()
        .map(|g| load_guideline(guideline_config(&config, &g), include_drafts, Some(g)))
        .collect();
    Ok(Portal {
        config,
        guidelines: crate::diagnostic::all(loaded)?,
    })
}

/// The settings of guideline `g`: the site's, with the guideline's folder as the content
/// folder and its id in front of its addresses.
pub(crate) fn guideline_config(config: &SiteConfig, g: &Guideline) -> SiteConfig {
    let mut own = config.clone();
    own.content = g.dir.clone();
    own.portal_segment = Some(g.id.0.clone());
    own
}

/// Every guideline folder's `guideline.yaml`, checked: a web-address-safe folder name that is
/// not one of the portal's own names, no edition folders beside the guidelines, and at most
/// one guideline that used to be the whole site.
fn read_guidelines(config: &SiteConfig) -> Result<Vec<Guideline>> {
    let reserved = Addresses::portal(config).reserved_in_portal();
    let mut problems = Diagnostics::new();
    let mut found = Vec::new();
    for dir in subfolders(&config.content_dir())? {
        let shown = config.display(&dir);
        let id = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let file = dir.join(guideline::FILE_NAME);
        if !file.is_file() {
            let what = if dir.join("edition.yaml").is_file() {
                "is an edition, but the content folder holds guidelines"
            } else {
                "has no guideline.yaml"
            };
            problems.push(
                SourceError::new(&shown, format!("the folder `{id}` {what}")).hint(
                    "in a portal every folder of content/ is a guideline: move the edition into a guideline folder (content/<guideline>/<edition>/) or add a guideline.yaml with `title:`",
                ),
            );
            continue;
        }
        if slugify(&id) != id {
            problems.push(
                SourceError::new(
                    &shown,
                    format!("the guideline folder name `{id}` cannot be used in a web address"),
                )
                .hint(format!("rename the folder to `{}`", slugify(&id))),
            );
            continue;
        }
        if reserved.contains(&id.as_str()) {
            problems.push(
                SourceError::new(
                    &shown,
                    format!("the guideline folder name `{id}` is one of the portal's own addresses"),
                )
                .hint(format!(
                    "rename the folder, e.g. to `{id}-retningslinjer`; the portal's own names are {}",
                    reserved.join(", ")
                )),
            );
            continue;
        }
        let shown_file = config.display(&file);
        match crate::fsx::read_to_string(&file) {
            Err(e) => problems.push(SourceError::new(&shown_file, format!("{e:#}"))),
            Ok(text) => match guideline::parse(&dir, &shown_file, &text) {
                Ok(g) => found.push(g),
                Err(errors) => problems.extend(errors),
            },
        }
    }
    let formerly: Vec<&Guideline> = found.iter().filter(|g| g.formerly_root).collect();
    if formerly.len() > 1 {
        for g in &formerly[1..] {
            problems.push(
                SourceError::new(
                    config.display(&g.dir.join(guideline::FILE_NAME)),
                    format!(
                        "`formerly_root: true` is set on more than one guideline (also: {})",
                        formerly[0].id
                    ),
                )
                .hint(
                    "only the guideline that used to be the whole site has `formerly_root: true`",
                ),
            );
        }
    }
    problems.into_result()?;
    Ok(found)
}

/// Every guideline of a portal with its settings, in the order of their folder names; none
/// for a site of one guideline. For commands that work on each guideline in turn.
pub fn guidelines(config: &SiteConfig) -> Result<Vec<(Guideline, SiteConfig)>> {
    if !is_portal(&config.content_dir()) {
        return Ok(Vec::new());
    }
    Ok(read_guidelines(config)?
        .into_iter()
        .map(|g| {
            let own = guideline_config(config, &g);
            (g, own)
        })
        .collect())
}

/// The guideline a command works on in a portal: `--guideline ID`, or the guideline folder
/// the command runs in (`cwd` at or below `content/<guideline>/`). Its settings, or the
/// site's own for a site of one guideline.
pub fn find_guideline(config: &SiteConfig, named: Option<&str>, cwd: &Path) -> Result<SiteConfig> {
    let content = config.content_dir();
    if !is_portal(&content) {
        if let Some(id) = named {
            return Err(UsageError(format!(
                "`--guideline {id}`: this site holds one guideline, not a portal; leave out --guideline"
            ))
            .into());
        }
        return Ok(config.clone());
    }
    let guidelines = read_guidelines(config)?;
    let from_cwd = || {
        let cwd = std::path::absolute(cwd).ok()?;
        guidelines.iter().find(|g| {
            std::path::absolute(&g.dir)
                .map(|dir| cwd.starts_with(dir))
                .unwrap_or(false)
        })
    };
    let chosen = match named {
        Some(id) => guidelines.iter().find(|g| g.id.0 == id),
        None => from_cwd(),
    };
    let ids: Vec<&str> = guidelines.iter().map(|g| g.id.0.as_str()).collect();
    match (chosen, named) {
        (Some(g), _) => Ok(guideline_config(config, g)),
        (None, Some(id)) => Err(UsageError(format!(
            "there is no guideline `{id}`; the guidelines are {}",
            ids.join(", ")
        ))
        .into()),
        (None, None) => Err(UsageError(format!(
            "this site is a portal: say which guideline with --guideline ID ({}), or run the command in the guideline's folder",
            ids.join(", ")
        ))
        .into()),
    }
}
