//! Fuzz target: see `pjece::fuzzing::markdown_links` for what it runs and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| pjece::fuzzing::markdown_links(text));
