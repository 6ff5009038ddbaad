//! pjece turns Markdown guideline editions into a versioned static website and a print-ready
//! tri-fold leaflet.
//!
//! The build is a pipeline of plain data, one module per stage:
//!
//! ```text
//! site.yaml ─▶ config::load ─▶ SiteConfig
//! content/  ─▶ content::load ─▶ Site { editions: [Edition { pages, assets }] }
//! themes/   ─▶ theme::load ─▶ Theme (Tera templates, static files, interface strings)
//! (Site, Theme) ─▶ render::site ─▶ Vec<OutputFile>        (in memory, pages in parallel)
//! Vec<OutputFile> ─▶ output::replace_dir ─▶ public/      (atomic swap of the whole folder)
//! ```
//! Every stage returns its result or an error that names the file, line and column.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub(crate) mod diff;
pub mod edition_cmd;
pub mod fsx;
pub mod markdown;
pub mod output;
pub mod render;
pub mod slug;
pub mod theme;
pub mod urls;
pub mod yaml;

use anyhow::Result;
use std::path::PathBuf;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml`).
    pub root: PathBuf,
    /// The output folder; `<root>/public` unless given.
    pub out: PathBuf,
    pub drafts: bool,
}

/// A summary of a finished build, for the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub editions: usize,
    pub pages: usize,
    pub files: usize,
}

/// Builds the site: load, render, write.
pub fn build(options: &BuildOptions) -> Result<Report> {
    let config = config::load(&options.root)?;
    let site = content::load(config, options.drafts)?;
    let theme = theme::load(&site.config)?;
    let files = render::site(&site, &theme)?;
    output::replace_dir(&options.out, &files)?;
    Ok(Report {
        editions: site.editions.len(),
        pages: site.editions.iter().map(|e| e.pages.len()).sum(),
        files: files.len(),
    })
}
