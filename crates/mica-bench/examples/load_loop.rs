//! `Module::new` of one file in a loop (for profiling): `load_loop FILE N [seq]` (`seq`: no
//! parallel validation).
use mica::{Config, Engine, Module};

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("a .wasm file");
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let bytes = std::fs::read(&file).unwrap();
    let mut config = Config::new();
    config.parallel_compilation(args.next().as_deref() != Some("seq"));
    let engine = Engine::new(&config);
    let first = std::time::Instant::now();
    Module::new(&engine, &bytes).unwrap();
    println!("first load: {:?}", first.elapsed());
    let start = std::time::Instant::now();
    for _ in 0..n {
        Module::new(&engine, &bytes).unwrap();
    }
    println!("{:?} per load", start.elapsed() / n as u32);
}
