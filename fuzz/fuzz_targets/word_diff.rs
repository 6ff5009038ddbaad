//! Fuzz target: two texts, split at the first NUL byte; see `pjece::fuzzing::word_diff`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (old, new) = pjece::fuzzing::two_texts(data);
    pjece::fuzzing::word_diff(&old, &new);
});
