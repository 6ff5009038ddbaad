//! What `site.yaml` says about old addresses: `redirects:` (old → new) and `retired:`
//! (address → why it no longer answers).
//!
//! A key names one address, and when it ends in `/` everything below it too; the key that
//! names an address exactly wins, then the longest folder key above it, whichever of the two
//! lists it is in. Keys are read as the ledger writes addresses (`%20` for a space).

use crate::address::{Addresses, OutPath};
use crate::config::SiteConfig;
use crate::diagnostic::{Position, SourceError};
use crate::yaml::YamlBlock;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::Path;

/// The two lists, with where each key stands in `site.yaml` and whether the build used it.
pub(super) struct Rules<'a> {
    rules: Vec<Rule<'a>>,
    site_yaml: String,
}

pub(super) struct Rule<'a> {
    /// The list it is in: `redirects` or `retired`.
    pub(super) list: &'static str,
    /// As written in `site.yaml` (without a leading `/`).
    pub(super) key: &'a str,
    /// The key as an address.
    pub(super) from: OutPath,
    pub(super) says: Says<'a>,
    used: Cell<bool>,
}

pub(super) enum Says<'a> {
    MovedTo(OutPath),
    Retired(&'a str),
}

impl<'a> Rules<'a> {
    pub(super) fn of(config: &'a SiteConfig) -> Self {
        let site_yaml =
            std::fs::read_to_string(config.root.join(crate::config::FILE_NAME)).unwrap_or_default();
        Rules::new(&config.redirects, &config.retired, site_yaml)
    }

    fn new(
        redirects: &'a BTreeMap<String, String>,
        retired: &'a BTreeMap<String, String>,
        site_yaml: String,
    ) -> Self {
        let decode = |text: &str| {
            Addresses::from_ledger(&percent_encoding::percent_decode_str(text).decode_utf8_lossy())
        };
        let mut rules: Vec<Rule<'a>> = Vec::new();
        for (key, to) in redirects {
            let mut to = to.clone();
            if key.ends_with('/') && !to.ends_with('/') {
                to.push('/');
            }
            rules.push(Rule {
                list: "redirects",
                key,
                from: decode(key),
                says: Says::MovedTo(decode(&to)),
                used: Cell::new(false),
            });
        }
        for (key, reason) in retired {
            rules.push(Rule {
                list: "retired",
                key,
                from: decode(key),
                says: Says::Retired(reason),
                used: Cell::new(false),
            });
        }
        Rules { rules, site_yaml }
    }

    /// Every key.
    pub(super) fn all(&self) -> impl Iterator<Item = &Rule<'a>> {
        self.rules.iter()
    }

    /// The rule for `address`, if one covers it.
    pub(super) fn cover(&self, address: &OutPath) -> Option<&Rule<'a>> {
        let text = address.as_str();
        self.rules.iter().find(|r| r.from == *address).or_else(|| {
            self.rules
                .iter()
                .filter(|r| r.from.is_folder() && text.starts_with(r.from.as_str()))
                .max_by_key(|r| r.from.as_str().len())
        })
    }

    /// Whether a rule covers `address`.
    pub(super) fn covers(&self, address: &OutPath) -> bool {
        self.cover(address).is_some()
    }

    /// Where `key:` stands in `site.yaml`'s `list:`.
    pub(super) fn position(&self, rule: &Rule<'_>) -> Position {
        let block = YamlBlock {
            file: Path::new(crate::config::FILE_NAME),
            text: &self.site_yaml,
            lines_before: 0,
        };
        let parent = block.key_position(rule.list);
        let key = rule.key;
        [
            key.to_string(),
            format!("/{key}"),
            format!("\"{key}\""),
            format!("'{key}'"),
            format!("\"/{key}\""),
            format!("'/{key}'"),
        ]
        .iter()
        .map(|k| block.nested_key_position(rule.list, k))
        .find(|p| *p != parent)
        .unwrap_or(parent)
    }

    /// A problem at `rule`'s key in `site.yaml`.
    pub(super) fn error(&self, rule: &Rule<'_>, message: String) -> SourceError {
        SourceError::new(crate::config::FILE_NAME, message).at(self.position(rule))
    }

    /// Warnings for the keys no address needed: the site still has the address, and nothing
    /// the ledger holds is below it.
    pub(super) fn unused(&self) -> Vec<SourceError> {
        self.rules
            .iter()
            .filter(|r| !r.used.get())
            .map(|r| {
                self.error(
                    r,
                    format!(
                        "`{}` in `{}:` is not needed: the site has this address, and the address ledger nothing below it that the site no longer has",
                        r.key, r.list
                    ),
                )
                .hint(format!(
                    "remove the line from `{}:`, or remove the page that stands at the address",
                    r.list
                ))
            })
            .collect()
    }
}

impl Rule<'_> {
    pub(super) fn mark_used(&self) {
        self.used.set(true);
    }

    /// The addresses `address` is sent to, best first: for a folder key, the same path below
    /// the new folder, and then with the folder's old name replaced by the new one in the
    /// rest of the path too (`udgave-1/folder/folder-udgave-1.pdf` →
    /// `2019/folder/folder-2019.pdf`), as renaming an edition folder renames its leaflet's PDFs.
    pub(super) fn targets(&self, address: &OutPath) -> Vec<OutPath> {
        let Says::MovedTo(to) = &self.says else {
            return Vec::new();
        };
        if self.from == *address {
            return vec![to.clone()];
        }
        let rest = &address.as_str()[self.from.as_str().len()..];
        let mut targets = vec![Addresses::from_ledger(&format!("{}{rest}", to.as_str()))];
        let name = |p: &OutPath| {
            p.as_str()
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let (old, new) = (name(&self.from), name(to));
        if !old.is_empty() && rest.contains(&old) {
            targets.push(Addresses::from_ledger(&format!(
                "{}{}",
                to.as_str(),
                rest.replace(&old, &new)
            )));
        }
        targets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_exact_key_wins_then_the_longest_folder_above() {
        let redirects = map(&[("udgave-1/", "2019"), ("udgave-1/gammel/", "2019/ny/")]);
        let retired = map(&[("udgave-1/fjernet/side/", "Væk.")]);
        let yaml = "redirects:\n  udgave-1/: 2019\n  udgave-1/gammel/: 2019/ny/\nretired:\n  \"udgave-1/fjernet/side/\": Væk.\n".to_string();
        let rules = Rules::new(&redirects, &retired, yaml);
        let at = |a: &str| Addresses::from_ledger(a);
        let key = |a: &str| rules.cover(&at(a)).map(|r| r.key);
        assert_eq!(key("udgave-1/"), Some("udgave-1/"));
        assert_eq!(key("udgave-1/gammel/x/"), Some("udgave-1/gammel/"));
        assert_eq!(
            key("udgave-1/fjernet/side/"),
            Some("udgave-1/fjernet/side/")
        );
        assert_eq!(key("udgave-2/"), None);
        let folder = rules.cover(&at("udgave-1/x/")).unwrap();
        let targets = |a: &str| -> Vec<String> {
            folder
                .targets(&at(a))
                .iter()
                .map(|t| t.to_string())
                .collect()
        };
        assert_eq!(targets("udgave-1/x/"), ["2019/x/"]);
        assert_eq!(
            targets("udgave-1/folder/folder-udgave-1.pdf"),
            [
                "2019/folder/folder-udgave-1.pdf",
                "2019/folder/folder-2019.pdf"
            ]
        );
        // Where each key stands in site.yaml, quoted or not.
        let retire = rules.cover(&at("udgave-1/fjernet/side/")).unwrap();
        assert_eq!(rules.position(retire), Position { line: 5, column: 3 });
        assert_eq!(rules.position(folder), Position { line: 2, column: 3 });
    }
}
