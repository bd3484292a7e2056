fn main() {
    let bytes = std::fs::read("/tmp/large.wasm").unwrap();
    let engine = wasmi::Engine::default();
    let t = std::time::Instant::now();
    for _ in 0..10 {
        wasmi::Module::new(&engine, &bytes[..]).unwrap();
    }
    println!("wasmi {:?} per load", t.elapsed() / 10);
}
