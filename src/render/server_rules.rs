//! Redirects in the formats real web servers read.
//!
//! Every moved address already answers with a small redirect page, which works on any
//! server. Beside it, a build writes the list of moves for servers that can answer with a
//! real `301 Moved Permanently`, which search engines and link checkers follow best:
//!
//! - `_redirects` (`from to 301`), always: Netlify, Cloudflare Pages and others read it;
//! - `.htaccess` (`server_rules: [apache]`): `RedirectMatch 301` lines for Apache's
//!   mod_alias, anchored so that a moved page does not also move the addresses below it,
//!   and the 404 page as `ErrorDocument`;
//! - `web.config` (`server_rules: [iis]`): rewrite rules for IIS's URL Rewrite module, with
//!   the 404 page as the custom error page. Most Danish municipal web servers are IIS or
//!   Apache.
//!
//! Both server files sit at the site root and name addresses from the web server's root
//! (`base_url`'s path), so the site can live in a sub-folder of the municipality's server.

use crate::address::{Addresses, OutPath};
use crate::config::{ServerRules, SiteConfig};
use crate::output::OutputFile;

/// An old address sent on to a new one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Redirect {
    pub from: OutPath,
    pub to: OutPath,
}

/// `_redirects`, and the server rules `site.yaml` asks for, listing `redirects` in order of
/// their old address.
pub(crate) fn files(
    addresses: &Addresses,
    config: &SiteConfig,
    redirects: &[Redirect],
) -> Vec<OutputFile> {
    let mut sorted = redirects.to_vec();
    sorted.sort();
    sorted.dedup_by(|a, b| a.from == b.from);
    let mut files = vec![OutputFile::generated(
        &addresses.redirects_file(),
        "the list of redirects",
        netlify(addresses, &sorted),
    )];
    for rules in &config.server_rules {
        files.push(match rules {
            ServerRules::Apache => OutputFile::generated(
                &addresses.apache_rules(),
                "the redirects for Apache (.htaccess)",
                apache(addresses, &sorted),
            ),
            ServerRules::Iis => OutputFile::generated(
                &addresses.iis_rules(),
                "the redirects for IIS (web.config)",
                iis(addresses, &sorted),
            ),
        });
    }
    files
}

/// `from to 301`, one line per redirect.
fn netlify(a: &Addresses, redirects: &[Redirect]) -> String {
    redirects
        .iter()
        .map(|r| {
            format!(
                "{} {} 301\n",
                a.from_server_root(&r.from),
                a.from_server_root(&r.to)
            )
        })
        .collect()
}

/// The pattern of an old address from the web server's root: a folder answers with and
/// without `index.html`, and nothing below it matches.
fn pattern(path: &str) -> String {
    let escaped = regex_escape(path);
    if path.ends_with('/') {
        format!("^{escaped}(index\\.html)?$")
    } else {
        format!("^{escaped}$")
    }
}

fn apache(a: &Addresses, redirects: &[Redirect]) -> String {
    let mut out =
        String::from("# Written by pjece: moved addresses answer with 301 (Apache mod_alias).\n");
    out.push_str(&format!(
        "ErrorDocument 404 {}\n",
        a.from_server_root(&a.not_found())
    ));
    for r in redirects {
        out.push_str(&format!(
            "RedirectMatch 301 \"{}\" \"{}\"\n",
            pattern(&a.from_server_root(&r.from)),
            a.from_server_root(&r.to)
        ));
    }
    out
}

fn iis(a: &Addresses, redirects: &[Redirect]) -> String {
    let mut rules = String::new();
    for (i, r) in redirects.iter().enumerate() {
        // IIS matches the path below the folder holding web.config, without its leading `/`.
        rules.push_str(&format!(
            "        <rule name=\"pjece {n}\" stopProcessing=\"true\">\n          <match url=\"{m}\" />\n          <action type=\"Redirect\" url=\"{to}\" redirectType=\"Permanent\" />\n        </rule>\n",
            n = i + 1,
            m = xml_escape(&pattern(r.from.as_str())),
            to = xml_escape(&a.from_server_root(&r.to)),
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Written by pjece: moved addresses answer with 301 (IIS URL Rewrite). -->\n<configuration>\n  <system.webServer>\n    <httpErrors errorMode=\"Custom\" existingResponse=\"Replace\">\n      <remove statusCode=\"404\" />\n      <error statusCode=\"404\" path=\"{nf}\" responseMode=\"ExecuteURL\" />\n    </httpErrors>\n    <rewrite>\n      <rules>\n{rules}      </rules>\n    </rewrite>\n  </system.webServer>\n</configuration>\n",
        nf = xml_escape(&a.from_server_root(&a.not_found())),
    )
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Escapes `&`, `<`, `>` and `"`: enough for an XML attribute in double quotes.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_folder_matches_itself_and_its_index_only() {
        let p = pattern("/r/gode-raad/");
        assert_eq!(p, "^/r/gode-raad/(index\\.html)?$");
        assert_eq!(pattern("a.pdf"), "^a\\.pdf$");
    }
}
