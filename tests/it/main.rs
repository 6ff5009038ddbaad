//! The integration tests: real builds of small fixture sites by the real `pjece` binary.

mod addresses;
mod architecture;
mod browser;
mod build;
mod changes;
mod errors;
mod hostile;
mod leaflet;
mod messages;
mod portal;
mod portal_commands;
mod publish;
mod search;
mod serve;
mod server_rules;
mod serve_bench;
mod support;
mod theme;
