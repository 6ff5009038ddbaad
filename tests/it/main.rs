//! The integration tests: real builds of small fixture sites by the real `pjece` binary.

mod addresses;
mod architecture;
mod browser;
mod build;
mod changes;
mod cross_links;
mod errors;
mod formerly_root;
mod headings;
mod hostile;
mod interrupts;
mod leaflet;
mod ledger;
mod messages;
mod pdf_x;
mod portal;
mod portal_commands;
mod publish;
mod search;
mod serve;
mod serve_bench;
mod serve_hardening;
mod server_rules;
mod support;
mod theme;
