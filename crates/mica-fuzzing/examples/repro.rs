//! Reproduces a cargo-fuzz `differential` artifact: rebuilds the module from the fuzzer's
//! input, prints its text, saves it as `/tmp/crash.wasm` and runs the oracle on it.
//!
//! `cargo run --release -p mica-fuzzing --example repro -- fuzz/artifacts/differential/crash-...`

use arbitrary::Unstructured;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: repro <cargo-fuzz input>");
    let data = std::fs::read(&path).expect("readable input");
    let mut u = Unstructured::new(&data);
    let Ok(g) = mica_fuzzing::generate::generated(&mut u) else {
        println!("the input makes no module");
        return;
    };
    std::fs::write("/tmp/crash.wasm", &g.bytes).expect("writable /tmp");
    println!(
        "{}",
        wasmprinter::print_bytes(&g.bytes).expect("a valid module")
    );
    let opts = mica_fuzzing::oracle::Options {
        traps_disallowed: g.traps_disallowed,
        ..Default::default()
    };
    match mica_fuzzing::oracle::differential(&g.bytes, &opts) {
        Ok(_) => println!("no divergence"),
        Err(d) => println!("{d}"),
    }
}
