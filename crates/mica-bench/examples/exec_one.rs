//! Runs one execution benchmark's export (for profiling): `exec_one FUNC ARG [N] [wasmi]`.
//! `FUNC` is an export of `kernels.wat` (`fib`, `alu`, `sieve`, `matmul`, `dispatch`) or
//! `run` (coremix); the call is repeated `N` times (default 1). With a fourth argument
//! `wasmi`, wasmi runs it instead of mica (to compare profiles).

fn main() {
    let mut args = std::env::args().skip(1);
    let func = args.next().unwrap_or_else(|| "dispatch".into());
    let arg: i32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let on_wasmi = args.next().as_deref() == Some("wasmi");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("workloads");
    let bytes = if func == "run" {
        std::fs::read(dir.join("coremix.wasm")).unwrap()
    } else {
        wat::parse_file(dir.join("kernels.wat")).unwrap()
    };
    let start = std::time::Instant::now();
    let result = if on_wasmi {
        run_wasmi(&bytes, &func, arg, n)
    } else {
        run_mica(&bytes, &func, arg, n)
    };
    println!("{result} in {:?}", start.elapsed());
}

fn run_mica(bytes: &[u8], func: &str, arg: i32, n: usize) -> String {
    use mica::{Engine, Instance, Module, Store, Val};
    let engine = Engine::default();
    let module = Module::new(&engine, bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_func(&store, func).unwrap();
    let mut r = [Val::I32(0)];
    for _ in 0..n {
        f.call(&mut store, &[Val::I32(arg)], &mut r).unwrap();
    }
    format!("{:?}", r[0])
}

fn run_wasmi(bytes: &[u8], func: &str, arg: i32, n: usize) -> String {
    use wasmi::{Engine, Linker, Module, Store, Val};
    let engine = Engine::default();
    let module = Module::new(&engine, bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::<()>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .unwrap();
    let f = instance.get_func(&store, func).unwrap();
    let mut r = [Val::I32(0)];
    for _ in 0..n {
        f.call(&mut store, &[Val::I32(arg)], &mut r).unwrap();
    }
    format!("{:?}", r[0])
}
