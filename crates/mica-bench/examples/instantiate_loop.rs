//! Instantiates one corpus module in a loop (for profiling): `instantiate_loop NAME N`.
use mica::{Engine, Linker, Module, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "funcs5000".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let bytes = std::fs::read(mica_bench::corpus_path(&format!("wat/{name}.wasm"))).unwrap();
    let engine = Engine::default();
    let module = Module::new(&engine, &bytes).unwrap();
    let pre = Linker::<()>::new(&engine).instantiate_pre(&module).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..n {
        let mut store = Store::new(&engine, ());
        pre.instantiate(&mut store).unwrap();
    }
    println!("{:?} per instantiation", start.elapsed() / n as u32);
}
