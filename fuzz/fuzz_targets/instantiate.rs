//! Random extern lists for generated modules: incompatible lists must be link errors, exact
//! ones must link, and nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mica_fuzzing::hostile::instantiate(data);
});
