//! Fuzz target: see `pjece::fuzzing::front_matter` for what it runs and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| pjece::fuzzing::front_matter(text));
