//! Differential fuzzing: a wasm-smith module from the input, run in mica and wasmi 2.0; any
//! divergence (results, traps, memories, globals, tables, host calls) is a crash.
#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mica_fuzzing::{generate, oracle};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(g) = generate::generated(&mut u) else {
        return;
    };
    let opts = oracle::Options {
        traps_disallowed: g.traps_disallowed,
        ..oracle::Options::default()
    };
    if let Err(d) = oracle::differential(&g.bytes, &opts) {
        panic!("{d}");
    }
});
