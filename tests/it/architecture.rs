//! The pipeline reads top to bottom: no stage imports a stage that imports it back, and no two
//! sibling modules of a stage import each other. Read from the source, so a new cycle fails
//! here before it settles in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name (`render`, `render::pages`) → the modules its code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
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
        let name = parts.join("::");
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let parent = parts[..parts.len() - 1].join("::");
        let mut names = BTreeSet::new();
        for (prefix, base) in [("crate::", String::new()), ("super::", parent.clone())] {
            for (i, _) in code.match_indices(prefix) {
                let rest: String = code[i + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut segments: Vec<&str> = rest.split("::").filter(|s| !s.is_empty()).collect();
                segments.truncate(2);
                let full = |n: usize| {
                    let tail = segments[..n].join("::");
                    if base.is_empty() {
                        tail
                    } else {
                        format!("{base}::{tail}")
                    }
                };
                if !segments.is_empty() {
                    names.insert(full(segments.len()));
                    names.insert(full(1));
                }
            }
        }
        modules.insert(name, names);
    }
    modules
}

/// The edges between `level`'s modules: top-level stages (`""`) or the children of a stage.
fn edges(modules: &BTreeMap<String, BTreeSet<String>>, level: &str) -> BTreeSet<(String, String)> {
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

// See: issue 7
#[test]
fn stages_and_their_modules_import_each_other_in_one_direction_only() {
    let modules = imports();
    assert!(modules.contains_key("render::pages") && modules.contains_key("address"));
    let mut levels: BTreeSet<String> = BTreeSet::from([String::new()]);
    for name in modules.keys() {
        if let Some((parent, _)) = name.rsplit_once("::") {
            levels.insert(parent.to_string());
        }
    }
    for level in levels {
        let edges = edges(&modules, &level);
        assert_eq!(
            cycle(&edges),
            None,
            "a cycle among the modules of `{level}`"
        );
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let edges: BTreeSet<(String, String)> = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(
        cycle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

/// The address scheme is formatted in one place: no other module writes pjece's URL words or
/// output file names.
// See: issue 7
#[test]
fn only_the_address_module_spells_output_paths() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs")
            || path.ends_with("address.rs")
            || path.ends_with("config.rs")
            // reads the theme's own `static/` folder, a source path
            || path.ends_with("theme.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap()
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "\"../",
            "index.html\"",
            "\"static/",
            ".url_words()",
            "\"tryk.html\"",
        ] {
            assert!(
                !code.contains(needle),
                "{} spells an output path ({needle}); ask crate::address",
                path.display()
            );
        }
    }
}
