//! Runs one execution benchmark's export on mica (for profiling): `exec_one FUNC ARG [N]`.
//! `FUNC` is an export of `kernels.wat` (`fib`, `alu`, `sieve`, `matmul`, `dispatch`) or
//! `run` (coremix); the call is repeated `N` times (default 1).
use mica::{Engine, Instance, Module, Store, Val};

fn main() {
    let mut args = std::env::args().skip(1);
    let func = args.next().unwrap_or_else(|| "dispatch".into());
    let arg: i32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("workloads");
    let bytes = if func == "run" {
        std::fs::read(dir.join("coremix.wasm")).unwrap()
    } else {
        wat::parse_file(dir.join("kernels.wat")).unwrap()
    };
    let engine = Engine::default();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_func(&store, &func).unwrap();
    let start = std::time::Instant::now();
    let mut r = [Val::I32(0)];
    for _ in 0..n {
        f.call(&mut store, &[Val::I32(arg)], &mut r).unwrap();
    }
    println!("{:?} in {:?}", r[0], start.elapsed());
}
