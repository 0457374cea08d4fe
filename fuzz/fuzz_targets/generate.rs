//! Arbitrary bytes through the whole generator (load, normalise, lower, emit, render): it may
//! refuse them, but must not panic, hang, or use unbounded memory (YAML alias bombs, deep
//! nesting).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = clientgen::generate_from_text(Path::new("fuzz.yaml"), text.to_string(), "fuzz-client");
    }
});
