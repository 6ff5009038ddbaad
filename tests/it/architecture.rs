//! The pipeline reads top to bottom: no stage imports a stage that imports it back, and no two
//! sibling modules of a stage import each other. Read from the source with a Rust parser
//! (`syn`): every `use` tree, grouped and nested (`use super::{a, b::{c, d}}`), and every path
//! the code names (`crate::address::Addresses::new`), outside `#[cfg(test)]`, so a new cycle
//! fails here before it settles in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use syn::visit::Visit;

/// Module name (`render`, `render::pages`) → the modules its code names.
type Imports = BTreeMap<String, BTreeSet<String>>;

/// The imports of every module of `src/`.
fn imports() -> Imports {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let names = names_in(&text, &parts)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        modules.insert(parts.join("::"), names);
    }
    modules
}

/// The modules that the source of module `module` (`["render", "pages"]`) names, each as
/// its first two segments from the crate root (`render::links`) and as its first
/// (`render`). Code under `#[cfg(test)]` is left out: tests may reach anywhere.
fn names_in(source: &str, module: &[String]) -> syn::Result<BTreeSet<String>> {
    let file = syn::parse_file(source)?;
    let mut paths = Paths::default();
    paths.visit_file(&file);
    let mut names = BTreeSet::new();
    for path in paths.found {
        let absolute: Vec<String> = match path.first().map(String::as_str) {
            Some("crate") => path[1..].to_vec(),
            Some("super") => {
                let ups = path.iter().take_while(|s| *s == "super").count();
                let Some(base) = module.len().checked_sub(ups) else {
                    continue;
                };
                module[..base].iter().chain(&path[ups..]).cloned().collect()
            }
            Some("self") => module.iter().chain(&path[1..]).cloned().collect(),
            _ => continue,
        };
        for n in [1, 2] {
            if absolute.len() >= n {
                names.insert(absolute[..n].join("::"));
            }
        }
    }
    Ok(names)
}

/// Every path in a file, `use` trees spelled out one path per leaf.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                if n.ident != "self" {
                    path.push(n.ident.to_string());
                }
                self.found.push(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                path.push(r.ident.to_string());
                self.found.push(path);
            }
            syn::UseTree::Glob(_) => self.found.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }
}

/// Whether `attrs` hold `#[cfg(test)]`.
fn for_tests(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !for_tests(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.found
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `format!("{}", crate::x::y())` and the like: the tokens of a macro call are read as
        // paths wherever they spell one.
        let tokens: Vec<String> = mac
            .tokens
            .clone()
            .into_iter()
            .map(|t| t.to_string())
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            if matches!(tokens[i].as_str(), "crate" | "super" | "self") {
                let mut path = vec![tokens[i].clone()];
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|t| t == ":")
                    && tokens.get(j + 1).is_some_and(|t| t == ":")
                    && tokens.get(j + 2).is_some()
                {
                    path.push(tokens[j + 2].clone());
                    j += 3;
                }
                self.found.push(path);
                i = j;
            } else {
                i += 1;
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

/// The edges between `level`'s modules: top-level stages (`""`) or the children of a stage.
fn edges(modules: &Imports, level: &str) -> BTreeSet<(String, String)> {
    let depth = if level.is_empty() {
        0
    } else {
        level.matches("::").count() + 1
    };
    let node = |name: &str| -> Option<String> {
        let parts: Vec<&str> = name.split("::").collect();
        let inside = level.is_empty() || name.starts_with(&format!("{level}::"));
        (inside && parts.len() > depth).then(|| parts[..=depth].join("::"))
    };
    let mut out = BTreeSet::new();
    for (from, names) in modules {
        let Some(a) = node(from) else { continue };
        for name in names {
            if let Some(b) = node(name).filter(|b| {
                b != &a
                    && modules
                        .keys()
                        .any(|m| m == b || m.starts_with(&format!("{b}::")))
            }) {
                out.insert((a.clone(), b));
            }
        }
    }
    out
}

fn cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeSet<(String, String)>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut found = path[i..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for (_, next) in edges.iter().filter(|(a, _)| a == node) {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .iter()
        .find_map(|(a, _)| visit(a, edges, &mut Vec::new(), &mut done))
}

/// The first cycle among the modules of any level, with the level.
fn first_cycle(modules: &Imports) -> Option<(String, Vec<String>)> {
    let mut levels: BTreeSet<String> = BTreeSet::from([String::new()]);
    for name in modules.keys() {
        if let Some((parent, _)) = name.rsplit_once("::") {
            levels.insert(parent.to_string());
        }
    }
    levels
        .into_iter()
        .find_map(|level| cycle(&edges(modules, &level)).map(|c| (level, c)))
}

// See: issue 7
#[test]
fn stages_and_their_modules_import_each_other_in_one_direction_only() {
    let modules = imports();
    assert!(modules.contains_key("render::pages") && modules.contains_key("address"));
    assert!(
        modules["render::pages"].contains("render::view"),
        "grouped `use super::{{…}}` imports are read: {:?}",
        modules["render::pages"]
    );
    assert_eq!(first_cycle(&modules), None);
}

/// Issue 26: a cycle added on purpose through grouped, nested and renamed imports, through a
/// path in an expression and through one inside a macro call, is found; the same imports
/// under `#[cfg(test)]` are not edges.
#[test]
fn a_cycle_added_on_purpose_is_found_however_it_is_written() {
    let module = |name: &str, source: &str| {
        let parts: Vec<String> = name.split("::").map(str::to_string).collect();
        (name.to_string(), names_in(source, &parts).unwrap())
    };
    let stage = |sources: [(&str, &str); 3]| -> Imports {
        sources.iter().map(|(n, s)| module(n, s)).collect()
    };
    let grouped = stage([
        ("render::a", "use super::{b::{self, Noget as Andet}, c};"),
        ("render::b", "fn f() { let _ = crate::render::c::g(); }"),
        ("render::c", "fn g() { println!(\"{}\", super::a::NAVN); }"),
    ]);
    assert_eq!(
        first_cycle(&grouped).map(|(level, _)| level),
        Some("render".to_string()),
        "{grouped:?}"
    );
    let stages = stage([
        (
            "content",
            "use crate::{config::SiteConfig, render::{self}};",
        ),
        ("render", "pub(crate) use crate::content::Site;"),
        ("config", ""),
    ]);
    assert!(first_cycle(&stages).is_some(), "{stages:?}");
    let only_in_tests = stage([
        (
            "content",
            "#[cfg(test)]\nmod tests { use crate::render::x; }",
        ),
        ("render", "use crate::content::Site;"),
        ("config", ""),
    ]);
    assert_eq!(first_cycle(&only_in_tests), None);
}
