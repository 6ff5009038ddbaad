//! The command line: arguments parsed by clap, turned into options, run, and every outcome
//! mapped to an exit code (0 fine, 1 problems in the site, 2 wrong usage).

use crate::diagnostic::UsageError;
use crate::BuildOptions;
use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pjece",
    version,
    about = "Versioned guideline websites and print leaflets from Markdown"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the website into public/ (or --out DIR)
    Build(BuildArgs),
    /// Start a new site (--portal: a portal of guidelines) in DIR (default: the current
    /// folder, which must be empty)
    Init(InitArgs),
    /// Check everything a build checks, plus whether each leaflet's text fits its panels
    Check(CheckArgs),
    /// Print an edition's leaflet to PDF (trim size and with bleed for the print shop)
    Leaflet(LeafletArgs),
    /// Preview the site (with drafts) at http://127.0.0.1:1111/, rebuilt on every save
    Serve(ServeArgs),
    /// Start a new edition or list the editions
    #[command(subcommand)]
    Edition(EditionCommand),
    /// Add a guideline to a portal
    #[command(subcommand)]
    Guideline(GuidelineCommand),
    /// Empty the site's PDF cache (.pjece-cache/), so the next build --pdf prints every leaflet
    Clean(SiteArgs),
    /// Turn a Word document (.docx) into a new edition of a guideline: a draft beside the
    /// current edition, or the first edition of a new guideline
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Word document (.docx)
    pub file: PathBuf,
    /// The new edition's folder name [default: the next udgave-N]
    #[arg(long, value_name = "ID")]
    pub edition: Option<String>,
    /// Start a page at every heading of this level and above (1: a page per Heading 1)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub split_level: u8,
    /// Take the document's tracked changes as accepted
    #[arg(long, conflicts_with = "reject_changes")]
    pub accept_changes: bool,
    /// Take the document's tracked changes as rejected
    #[arg(long)]
    pub reject_changes: bool,
    #[command(flatten)]
    pub site: GuidelineArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site [default: the current folder]
    pub dir: Option<PathBuf>,
    /// The site's title [default: Retningslinjer]
    #[arg(long)]
    pub title: Option<String>,
    /// The organisation publishing it
    #[arg(long)]
    pub organisation: Option<String>,
    /// Start a portal: many guidelines on one website, the first one ready to edit
    #[arg(long)]
    pub portal: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Drafts are always checked; kept so older scripts keep working
    #[arg(long, hide = true)]
    pub drafts: bool,
    /// Treat warnings as errors (exit code 1), e.g. in CI
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct LeafletArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The edition (its folder name) [default: the current edition]
    pub edition: Option<String>,
    /// In a portal: the guideline (its folder name) [default: the guideline folder the
    /// command runs in]
    #[arg(long, value_name = "ID")]
    pub guideline: Option<String>,
    /// Accepted for symmetry with `build --pdf`: this command always prints
    #[arg(long)]
    pub pdf: bool,
    /// Where to put the PDFs [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum EditionCommand {
    /// Copy the current edition (or --from ID) into content/ID/ as a draft
    New {
        /// The new edition's folder name, also its web address segment (e.g. udgave-3)
        id: String,
        /// The edition to copy [default: the current one]
        #[arg(long, value_name = "ID")]
        from: Option<String>,
        #[command(flatten)]
        site: GuidelineArgs,
    },
    /// Show the editions with their status and dates (in a portal: of every guideline,
    /// unless one is chosen)
    List {
        #[command(flatten)]
        site: GuidelineArgs,
    },
    /// Make a draft the current edition and archive the current one, after checking it
    Publish {
        /// The draft's folder name (e.g. udgave-3)
        id: String,
        /// The publication date, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<crate::content::Date>,
        /// Publish even with a placeholder label, an empty change note or no changed text
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        site: GuidelineArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum GuidelineCommand {
    /// Create content/ID/ with a guideline.yaml and a first edition that builds at once
    New {
        /// The guideline's folder name, also its web address segment (e.g. hjemmearbejde)
        id: String,
        /// The guideline's title, as readers see it
        #[arg(long)]
        title: String,
        /// One or two sentences for the portal's front page
        #[arg(long)]
        summary: Option<String>,
        /// The heading the front page lists it under (e.g. Personale)
        #[arg(long)]
        category: Option<String>,
        /// Who answers for it (a department or a role)
        #[arg(long)]
        owner: Option<String>,
        /// Turn a site of one guideline into a portal: move its editions into content/ID/,
        /// keeping every address it had answering
        #[arg(long)]
        from_site: bool,
        #[command(flatten)]
        site: SiteArgs,
    },
}

/// The site folder, and in a portal the guideline a command works on.
#[derive(Debug, Args)]
pub struct GuidelineArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// In a portal: the guideline (its folder name) [default: the guideline folder the
    /// command runs in]
    #[arg(long, value_name = "ID")]
    pub guideline: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port on 127.0.0.1 to serve on
    #[arg(long, default_value_t = crate::serve::DEFAULT_PORT)]
    pub port: u16,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Look for changes every quarter second, for network drives and containers where
    /// saves are not noticed otherwise
    #[arg(long)]
    pub poll: bool,
    /// Turn the editor off: pages are shown without "Rediger" and nothing can be changed
    /// from the browser
    #[arg(long)]
    pub read_only: bool,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder, holding site.yaml and content/ [default: the current folder; the
    /// edition, guideline and leaflet commands also look in the folders above it]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also build editions with `status: draft`
    #[arg(long)]
    pub drafts: bool,
    /// The output folder [default: public/ in the site folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also print every leaflet to PDF with Chromium, after checking that its text fits
    #[arg(long)]
    pub pdf: bool,
    /// Print how long each stage of the build took
    #[arg(long)]
    pub timings: bool,
}

impl SiteArgs {
    /// `--root`, or the nearest folder at or above the current one that holds `site.yaml`
    /// (so a command run in a guideline's folder finds its portal), else the current folder.
    fn root_above(&self) -> Result<PathBuf> {
        if self.root.is_some() {
            return self.root();
        }
        let cwd = std::env::current_dir()?;
        Ok(cwd
            .ancestors()
            .find(|dir| dir.join(crate::config::FILE_NAME).is_file())
            .unwrap_or(&cwd)
            .to_path_buf())
    }

    fn root(&self) -> Result<PathBuf> {
        let root = match &self.root {
            Some(root) => root.clone(),
            None => std::env::current_dir()?,
        };
        if !root.is_dir() {
            return Err(UsageError(format!("--root {}: no such folder", root.display())).into());
        }
        Ok(root)
    }
}

/// Runs a parsed command; returns the text to print on success.
pub fn run(cli: Cli) -> Result<String> {
    match cli.command {
        Command::Build(args) => {
            let root = args.site.root()?;
            let out = args.out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root,
                out: out.clone(),
                drafts: args.drafts,
                pdf: args.pdf,
            };
            let started = std::time::Instant::now();
            let report = crate::build(&options)?;
            print_warnings(&report, &options.root);
            if !report.notes.is_empty() {
                let n = report.notes.len();
                eprintln!(
                    "{n} note{} on readability; `pjece check` shows them",
                    plural(n)
                );
            }
            let mut text = format!(
                "built {} edition{} ({} pages, {} leaflet{}, {} files) into {} in {:.2} s",
                report.editions,
                plural(report.editions),
                report.pages,
                report.leaflets,
                plural(report.leaflets),
                report.files,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            if !report.pdfs.is_empty() {
                text.push_str(&format!(
                    "\nPDFs: {} printed, {} reused from the cache",
                    report.pdfs_printed, report.pdfs_reused
                ));
            }
            for pdf in &report.pdfs {
                text.push_str(&format!("\npublished {}", pdf.display()));
            }
            for preflight in &report.print_preflight {
                text.push_str(&format!("\n{preflight}"));
            }
            if let Some(note) = &report.print_note {
                text.push_str(&format!("\n{note}"));
            }
            if args.timings {
                text.push_str(&format!("\ntime per stage:\n{}", report.timings));
            }
            Ok(text)
        }
        Command::Check(args) => {
            let root = args.site.root()?;
            let report = crate::check(&root, true)?;
            print_warnings(&report, &root);
            print_notes(&report, &root);
            if args.strict && !report.warnings.is_empty() {
                let n = report.warnings.len();
                return Err(anyhow::anyhow!(
                    "{n} warning{} with --strict; fix them or leave out --strict",
                    plural(n)
                ));
            }
            let mut summary = format!(
                "{}: {} edition{}, {} pages, {} leaflet{} fit their panels",
                match report.warnings.len() {
                    0 => "no problems".to_string(),
                    n => format!("no errors, {n} warning{}", plural(n)),
                },
                report.editions,
                plural(report.editions),
                report.pages,
                report.leaflets,
                plural(report.leaflets)
            );
            if !report.notes.is_empty() {
                let n = report.notes.len();
                summary.push_str(&format!(
                    "\n{n} note{} on readability (advice; notes never fail --strict)",
                    plural(n)
                ));
            }
            Ok(summary)
        }
        Command::Leaflet(args) => {
            let out = match args.out {
                Some(out) => out,
                None => std::env::current_dir()?,
            };
            let pdfs = crate::print_leaflet(
                &args.site.root_above()?,
                args.guideline.as_deref(),
                args.edition.as_deref(),
                &out,
            )?;
            Ok(pdfs
                .iter()
                .map(|p| format!("printed {}", p.display()))
                .collect::<Vec<_>>()
                .join("\n"))
        }
        Command::Serve(args) => crate::serve::run(&crate::serve::ServeOptions {
            root: args.site.root()?,
            port: args.port,
            open: args.open,
            poll: args.poll,
            read_only: args.read_only,
        }),
        Command::Edition(command) => run_edition(command),
        Command::Import(args) => {
            let cwd = std::env::current_dir()?;
            crate::import::import(
                &args.site.target(&cwd)?,
                &crate::import::ImportOptions {
                    file: args.file.clone(),
                    edition: args.edition.clone(),
                    split_level: args.split_level,
                    changes: match (args.accept_changes, args.reject_changes) {
                        (true, _) => crate::import::TrackedChanges::Accept,
                        (_, true) => crate::import::TrackedChanges::Reject,
                        _ => crate::import::TrackedChanges::Refuse,
                    },
                },
            )
        }
        Command::Guideline(command) => run_guideline(command),
        Command::Clean(site) => Ok(match crate::clean(&site.root()?)? {
            Some(dir) => format!("removed {}", dir.display()),
            None => "the PDF cache is already empty".to_string(),
        }),
        Command::Init(args) => {
            let dir = match args.dir {
                Some(dir) => dir,
                None => std::env::current_dir()?,
            };
            crate::init::init(
                &dir,
                &crate::init::InitOptions {
                    title: args.title,
                    organisation: args.organisation,
                    portal: args.portal,
                },
            )
        }
    }
}

fn run_edition(command: EditionCommand) -> Result<String> {
    let cwd = std::env::current_dir()?;
    match command {
        EditionCommand::New { id, from, site } => {
            crate::edition_cmd::new_edition(&site.target(&cwd)?, &id, from.as_deref())
        }
        EditionCommand::List { site } => crate::edition_cmd::list(&site.target(&cwd)?),
        EditionCommand::Publish {
            id,
            date,
            force,
            site,
        } => crate::edition_cmd::publish(
            &site.target(&cwd)?,
            &crate::edition_cmd::PublishOptions { id, date, force },
        ),
    }
}

fn run_guideline(command: GuidelineCommand) -> Result<String> {
    match command {
        GuidelineCommand::New {
            id,
            title,
            summary,
            category,
            owner,
            from_site,
            site,
        } => crate::guideline_cmd::new_guideline(
            &site.root_above()?,
            &crate::guideline_cmd::NewGuideline {
                id,
                title,
                summary,
                category,
                owner,
                from_site,
            },
        ),
    }
}

impl GuidelineArgs {
    fn target<'a>(&'a self, cwd: &'a std::path::Path) -> Result<crate::edition_cmd::Target<'a>> {
        Ok(crate::edition_cmd::Target {
            root: self.site.root_above()?,
            guideline: self.guideline.as_deref(),
            cwd,
        })
    }
}

fn parse_date(text: &str) -> Result<crate::content::Date, String> {
    crate::content::Date::read(text).map_err(|e| match e {
        crate::content::DateError::Format => {
            format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01")
        }
        crate::content::DateError::Impossible(why) => {
            format!("`{text}` is not a calendar date: {why}")
        }
    })
}

/// The exit code for a failed run: 2 for usage mistakes, 1 for everything else.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    if error.chain().any(|e| e.is::<UsageError>()) {
        2
    } else {
        1
    }
}

impl Cli {
    /// The site folder the command works on, for showing source lines in messages.
    pub fn site_root(&self) -> PathBuf {
        let given = match &self.command {
            Command::Build(a) => a.site.root.clone(),
            Command::Check(a) => a.site.root.clone(),
            Command::Leaflet(a) => a.site.root_above().ok(),
            Command::Clean(a) => a.root.clone(),
            Command::Serve(a) => a.site.root.clone(),
            Command::Init(a) => a.dir.clone(),
            Command::Edition(
                EditionCommand::New { site, .. }
                | EditionCommand::List { site }
                | EditionCommand::Publish { site, .. },
            ) => site.site.root_above().ok(),
            Command::Guideline(GuidelineCommand::New { site, .. }) => site.root_above().ok(),
            Command::Import(a) => a.site.site.root_above().ok(),
        };
        given.unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Warnings go to standard error, each with its file and hint, like errors.
fn print_warnings(report: &crate::Report, root: &std::path::Path) {
    if !report.warnings.is_empty() {
        let style = crate::report::Style::for_stderr();
        eprintln!("{}", crate::report::warnings(&report.warnings, root, style));
    }
}

/// Notes go to standard error after the warnings, shown the same way.
fn print_notes(report: &crate::Report, root: &std::path::Path) {
    if !report.notes.is_empty() {
        let style = crate::report::Style::for_stderr();
        eprintln!("{}", crate::report::notes(&report.notes, root, style));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
