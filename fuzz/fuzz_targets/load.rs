//! Hostile module bytes: arbitrary bytes and mutated wasm-smith modules through
//! `Module::new`/`Module::validate`; a panic, a hang (-timeout) or a large allocation
//! (-malloc_limit_mb / -rss_limit_mb) is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mica_fuzzing::hostile::load(data);
});
