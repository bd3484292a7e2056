//! Instantiates one corpus module (or a `.wasm` file) in a loop (for profiling):
//! `instantiate_loop NAME N`.
//! Modules without imports get a new store per instantiation (through `InstancePre`); modules
//! with imports (globals1000) are instantiated repeatedly in one store.
use mica::{Engine, Global, GlobalType, Instance, Linker, Module, Mutability, Store, Val, ValType};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "funcs5000".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let path = if name.ends_with(".wasm") {
        name.clone().into()
    } else {
        mica_bench::corpus_path(&format!("wat/{name}.wasm"))
    };
    let bytes = std::fs::read(path).unwrap();
    let engine = Engine::default();
    let module = Module::new(&engine, &bytes).unwrap();
    let start = std::time::Instant::now();
    if module.imports().len() == 0 {
        let pre = Linker::<()>::new(&engine).instantiate_pre(&module).unwrap();
        for _ in 0..n {
            let mut store = Store::new(&engine, ());
            pre.instantiate(&mut store).unwrap();
        }
    } else {
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        let c = |t| GlobalType::new(t, Mutability::Const);
        for (n, t, v) in [
            ("g_i32", ValType::I32, Val::I32(7)),
            ("g_i64", ValType::I64, Val::I64(7)),
            ("g_f32", ValType::F32, Val::from(1.5f32)),
            ("g_f64", ValType::F64, Val::from(2.5f64)),
        ] {
            let g = Global::new(&mut store, c(t), v).unwrap();
            linker.define("env", n, g).unwrap();
        }
        let externs = linker.resolve_imports(&mut store, &module).unwrap();
        for _ in 0..n {
            Instance::new(&mut store, &module, &externs).unwrap();
        }
    }
    println!("{:?} per instantiation", start.elapsed() / n as u32);
}
