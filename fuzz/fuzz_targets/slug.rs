//! Fuzz target: see `pjece::fuzzing::slug` for what it runs and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| pjece::fuzzing::slug(text));
