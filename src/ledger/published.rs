//! What a build publishes, as the ledger asks about it: whether an address answers, what it
//! is, the title of the page there, and where a page of the ledger stands now.
//!
//! Made once per build from the rendered files and the site model; every address comes from
//! the guidelines' [`Addresses`].

use super::file::{Kind, Owner};
use crate::address::{Addresses, Mount, OutPath, Print};
use crate::content::{GuidelineId, Portal, Site};
use crate::output::{Contents, OutputFile, SiteFiles};
use crate::render::Redirect;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The build's addresses; every map is keyed by the file written (`x/index.html`).
pub(super) struct Published<'a> {
    pub(super) portal: &'a Portal,
    pub(super) addresses: &'a [Addresses],
    files: &'a SiteFiles,
    /// PDFs the build publishes that are not among `files` (printed by it).
    printed: HashSet<OutPath>,
    /// PDFs of leaflets the build publishes without them (not printed, not in the cache).
    pub(super) unprinted: HashSet<OutPath>,
    written_in: Option<&'a Path>,
    kinds: HashMap<OutPath, (Kind, Option<Owner>)>,
    titles: HashMap<OutPath, &'a str>,
    /// Old root addresses the guidelines send on themselves (as readers are given them).
    moved: HashMap<OutPath, OutPath>,
    /// The site's own pages (search page, the portal's overviews), as readers are given them.
    site_pages: Vec<OutPath>,
}

impl<'a> Published<'a> {
    pub(super) fn new(input: &super::Input<'a>) -> Self {
        let mut published = Published {
            portal: input.portal,
            addresses: input.addresses,
            files: input.files,
            printed: input.pdfs.iter().map(OutPath::as_file).collect(),
            unprinted: input.unprinted.iter().map(OutPath::as_file).collect(),
            written_in: input.written_in,
            kinds: HashMap::new(),
            titles: HashMap::new(),
            moved: input
                .redirects
                .iter()
                .map(|r| (r.from.clone(), r.to.clone()))
                .collect(),
            site_pages: Vec::new(),
        };
        for (site, a) in input.portal.guidelines.iter().zip(input.addresses) {
            published.learn_guideline(site, a);
        }
        published.learn_site(input.site_addresses);
        for Redirect { from, .. } in input.redirects {
            published
                .kinds
                .entry(from.as_file())
                .or_insert((Kind::Redirect, None));
        }
        published
    }

    /// What each address of one guideline's model is, and the titles of its pages.
    fn learn_guideline(&mut self, site: &'a Site, a: &Addresses) {
        let guideline = site.guideline.as_ref().map(|g| g.id.clone());
        let owner = |edition: Option<&crate::content::Edition>,
                     page: Option<&crate::content::Page>| {
            Some(Owner {
                guideline: guideline.clone(),
                edition: edition.map(|e| e.id.clone()),
                page: page.map(|p| p.id.clone()),
            })
        };
        // Newest first, so that an address two editions share (a root address) is the newest's.
        for (e, edition) in site.editions.iter().enumerate().rev() {
            let id = &edition.id.0;
            for page in &edition.pages {
                for &mount in site.mounts(e) {
                    let at = a.page(id, &page.url, mount).as_file();
                    self.titles.entry(at.clone()).or_insert(&page.title);
                    self.kinds
                        .entry(at)
                        .or_insert((Kind::Page, owner(Some(edition), Some(page))));
                }
            }
            let mut own = vec![(a.changes(id), Kind::Changes)];
            for print in [Print::Trim, Print::Bleed] {
                own.push((a.leaflet_html(id, print), Kind::Leaflet));
                own.push((a.leaflet_pdf(id, print), Kind::Pdf));
            }
            for asset in &edition.assets {
                for mount in [Mount::EditionFolder, Mount::SiteRoot] {
                    own.push((a.asset(id, &asset.path, mount), Kind::File));
                }
            }
            for (at, kind) in own {
                self.kinds
                    .entry(at.as_file())
                    .or_insert((kind, owner(Some(edition), None)));
            }
        }
        for (at, kind) in [
            (a.editions_overview(), Kind::Editions),
            (a.feed(), Kind::Feed),
        ] {
            self.kinds.insert(at.as_file(), (kind, owner(None, None)));
        }
    }

    /// The site's own pages, which belong to no guideline.
    fn learn_site(&mut self, a: &Addresses) {
        let mut own = vec![a.sitemap(), a.not_found(), a.search_page()];
        if self.portal.is_portal() {
            own.extend([a.portal_front(), a.in_force(), a.recent_changes()]);
            self.kinds
                .insert(a.portal_feed().as_file(), (Kind::Feed, None));
        }
        for at in own {
            self.kinds.insert(at.as_file(), (Kind::Site, None));
            self.site_pages.push(at);
        }
    }

    /// The site's own page that a site-wide page of the ledger became when the site moved
    /// into a folder of a portal: `sociale-medier/soeg/` → `soeg/`.
    pub(super) fn same_site_page(&self, address: &OutPath) -> Option<OutPath> {
        self.site_pages
            .iter()
            .find(|p| {
                !p.as_str().is_empty()
                    && p != &address
                    && address.as_str().ends_with(&format!("/{}", p.as_str()))
                    && self.has(p)
            })
            .cloned()
    }

    /// Whether the build answers `address` (as readers are given it) with a file of its own.
    pub(super) fn has(&self, address: &OutPath) -> bool {
        let file = address.as_file();
        self.files.contains(&file) || self.printed.contains(&file)
    }

    /// Every address the build publishes for readers, as they are given it.
    pub(super) fn for_readers(&self, site: &Addresses) -> Vec<OutPath> {
        self.files
            .iter()
            .map(|f| &f.path)
            .chain(&self.printed)
            .filter(|p| site.is_for_readers(p))
            .map(OutPath::as_served)
            .collect()
    }

    /// What the file at `address` is, and whose.
    pub(super) fn kind(&self, address: &OutPath) -> (Kind, Option<Owner>) {
        let file = address.as_file();
        self.kinds.get(&file).cloned().unwrap_or_else(|| {
            let kind = if address.is_page() {
                Kind::Notice
            } else {
                Kind::File
            };
            (kind, None)
        })
    }

    /// The title of the page at `address`; its full web address for anything else.
    pub(super) fn title(&self, address: &OutPath, site: &Addresses) -> String {
        self.titles
            .get(&address.as_file())
            .map_or_else(|| site.absolute(address), |t| t.to_string())
    }

    /// Where a reader sent to `to` ends: the guidelines' own redirects followed.
    pub(super) fn final_address(&self, to: &OutPath) -> OutPath {
        let mut at = to.clone();
        for _ in 0..8 {
            match self.moved.get(&at) {
                Some(next) => at = next.clone(),
                None => break,
            }
        }
        at
    }

    /// The guideline a ledger line names (`None`: the guideline of a site of one), with its
    /// address scheme.
    pub(super) fn guideline(&self, id: Option<&GuidelineId>) -> Option<(&'a Site, &'a Addresses)> {
        self.portal
            .guidelines
            .iter()
            .zip(self.addresses)
            .find(|(site, _)| site.guideline.as_ref().map(|g| &g.id) == id)
    }

    /// Where the page of a ledger line stands in this build, when it has moved: the same
    /// page id in the same edition; at the root, the same page id in the current edition.
    /// An edition folder that is gone is not answered from another edition, whose text
    /// differs: that is for `redirects:` to say.
    pub(super) fn same_page(&self, address: &OutPath, owner: &Owner) -> Option<OutPath> {
        let (site, a) = self.guideline(owner.guideline.as_ref())?;
        let edition_id = owner.edition.as_ref()?;
        let page_id = owner.page.as_ref()?;
        // An address outside the guideline's folder is one it had at the site root before
        // it moved into a portal: `formerly_root` answers those, not this.
        if !address.as_str().starts_with(a.site_root().as_str()) {
            return None;
        }
        let in_folder = address
            .as_str()
            .starts_with(a.edition_root(&edition_id.0, Mount::EditionFolder).as_str());
        let (e, mount) = if in_folder {
            (
                site.editions.iter().position(|e| &e.id == edition_id)?,
                Mount::EditionFolder,
            )
        } else {
            (site.current, Mount::SiteRoot)
        };
        let edition = &site.editions[e];
        let page = edition.page_by_id(page_id)?;
        let at = a.page(&edition.id.0, &page.url, mount);
        (at != *address && self.has(&at)).then_some(at)
    }

    /// The file at `of` published again at `at`; `None` when the build has no bytes for it
    /// (`check` keeps no printed PDFs).
    pub(super) fn copy(&self, at: &OutPath, of: &OutPath) -> Option<OutputFile> {
        let file = of.as_file();
        let what = format!("a copy of {file} at its old address");
        let written = |dir: &Path| {
            OutputFile::copied(at.as_file(), dir.join(file.as_str()), what.clone().into())
        };
        match self.files.get(&file).map(|f| &f.contents) {
            Some(Contents::Bytes(bytes)) => Some(OutputFile::generated(at, what, bytes.clone())),
            Some(Contents::Copy(source)) => Some(OutputFile::copied(
                at.as_file(),
                source.clone(),
                what.into(),
            )),
            Some(Contents::Written) => self.written_in.map(written),
            None if self.printed.contains(&file) => self.written_in.map(written),
            None => None,
        }
    }
}
