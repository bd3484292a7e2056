//! The startup benchmark in a loop (for profiling): engine, `Module::new`, store, the corpus
//! linker and instantiation of one corpus module: `startup_loop NAME N`.
use mica::{Engine, Module, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "empty".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let bytes = std::fs::read(mica_bench::corpus_path(&format!("wat/{name}.wasm"))).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..n {
        let engine = Engine::default();
        let module = Module::new(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine, ());
        let linker = mica_bench::mica_corpus_linker(&engine, &mut store);
        linker.instantiate(&mut store, &module).unwrap();
    }
    println!("{:?} per startup", start.elapsed() / n as u32);
}
