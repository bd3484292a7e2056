//! mica vs wasmi (and optionally wasmtime), side by side in one run.
//!
//! `cargo bench -p mica-bench` prints a Markdown table with the ratio mica/wasmi for every
//! benchmark. Set `MICA_BENCH_SAMPLES` to change the number of samples (default 7) and
//! `MICA_BENCH_ONLY=group[,group...]` to run some groups (execution, programs, startup,
//! instantiate, calls).
//! `MICA_BENCH_PROGRAMS=a,b` limits the programs group to those corpus programs.
//! `MICA_BENCH_FUEL=1` adds, for every execution benchmark, rows for mica with fuel
//! (`Config::consume_fuel`) and with interruption (`Config::interruptible`) enabled.

use std::time::Duration;

use mica_bench::{corpus_path, measure, measure_pair, print_table, workload_path, Row};

fn samples() -> usize {
    std::env::var("MICA_BENCH_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7)
}

fn wanted(group: &str) -> bool {
    std::env::var("MICA_BENCH_ONLY")
        .map(|g| g.split(',').any(|g| g.trim() == group))
        .unwrap_or(true)
}

/// A compute benchmark: module bytes, export, argument.
struct Exec {
    name: &'static str,
    bytes: Vec<u8>,
    func: &'static str,
    arg: i32,
}

fn exec_benches() -> Vec<Exec> {
    let kernels = wat::parse_file(workload_path("kernels.wat")).expect("kernels.wat");
    let coremix = std::fs::read(workload_path("coremix.wasm")).expect("coremix.wasm");
    vec![
        Exec {
            name: "fib(27)",
            bytes: kernels.clone(),
            func: "fib",
            arg: 27,
        },
        Exec {
            name: "alu(3M)",
            bytes: kernels.clone(),
            func: "alu",
            arg: 3_000_000,
        },
        Exec {
            name: "sieve(2M)",
            bytes: kernels.clone(),
            func: "sieve",
            arg: 2_000_000,
        },
        Exec {
            name: "matmul(120)",
            bytes: kernels.clone(),
            func: "matmul",
            arg: 120,
        },
        Exec {
            name: "dispatch(3M)",
            bytes: kernels,
            func: "dispatch",
            arg: 3_000_000,
        },
        Exec {
            name: "coremix(300)",
            bytes: coremix,
            func: "run",
            arg: 300,
        },
    ]
}

/// The corpus's WASI programs (`../shared/corpus/build/NAME.wasm`) with the size argument each
/// runs with here: smaller than the corpus defaults so a run lasts ~0.1–0.3 s under an
/// interpreter.
const PROGRAMS: [(&str, &str); 12] = [
    ("alu_hash", "3000000"),
    ("sha256", "600"),
    ("fib", "30"),
    ("dispatch", "1000"),
    ("stackvm", "4000"),
    ("sieve", "10000000"),
    ("matmul", "200"),
    ("nbody", "40000"),
    ("sort", "200000"),
    ("memops", "5000"),
    ("bignum", "10000"),
    ("alloc", "15"),
];

mod mica_side {
    use mica::{Engine, Extern, Instance, Linker, Module, Store, Val};

    pub fn prepare(bytes: &[u8], func: &str) -> (Store<()>, mica::Func) {
        prepare_with(&mica::Config::new(), bytes, func)
    }

    pub fn prepare_with(
        config: &mica::Config,
        bytes: &[u8],
        func: &str,
    ) -> (Store<()>, mica::Func) {
        let engine = Engine::new(config);
        let module = Module::new(&engine, bytes).expect("mica: load");
        let mut store = Store::new(&engine, ());
        if store.get_fuel().is_some() {
            store.set_fuel(u64::MAX).expect("mica: fuel");
        }
        let instance = Instance::new(&mut store, &module, &[]).expect("mica: instantiate");
        let f = instance.get_func(&store, func).expect("mica: export");
        (store, f)
    }

    pub fn call(store: &mut Store<()>, f: mica::Func, arg: i32) -> String {
        let mut r = [Val::I32(0)];
        f.call(&mut *store, &[Val::I32(arg)], &mut r)
            .expect("mica: call");
        match r[0] {
            Val::I32(v) => v.to_string(),
            Val::I64(v) => v.to_string(),
            Val::F64(v) => f64::from_bits(v).to_string(),
            other => format!("{other:?}"),
        }
    }

    /// A linker providing every import of the corpus instantiation modules.
    pub fn corpus_linker(engine: &Engine, store: &mut Store<()>) -> Linker<()> {
        mica_bench::mica_corpus_linker(engine, store)
    }

    /// A loaded WASI program and the linker that provides its imports.
    pub struct Program {
        engine: Engine,
        module: Module,
        linker: Linker<mica_wasi::WasiCtx>,
    }

    pub fn load_program(bytes: &[u8]) -> Program {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).expect("mica: load");
        let mut linker = Linker::new(&engine);
        mica_wasi::add_to_linker(&mut linker, |c| c).expect("mica: WASI");
        Program {
            engine,
            module,
            linker,
        }
    }

    /// Runs the program's `_start` in a new store with `args`; returns its stdout.
    pub fn run_program(p: &Program, args: &[&str]) -> String {
        let out = mica_wasi::OutputBuffer::new();
        let mut wasi = mica_wasi::WasiCtxBuilder::new();
        wasi.arg("program").args(args).stdout(out.pipe());
        let mut store = Store::new(&p.engine, wasi.build().expect("mica: WASI context"));
        let instance = p
            .linker
            .instantiate(&mut store, &p.module)
            .expect("mica: instantiate");
        let start = instance.get_func(&store, "_start").expect("mica: _start");
        if let Err(e) = start.call(&mut store, &[], &mut []) {
            assert_eq!(mica_wasi::exit_code(&e), Some(0), "mica: {e}");
        }
        out.to_string_lossy()
    }

    pub fn startup(bytes: &[u8]) {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).unwrap();
        let mut store = Store::new(&engine, ());
        let linker = corpus_linker(&engine, &mut store);
        linker.instantiate(&mut store, &module).unwrap();
    }

    /// Store + instantiate + drop with pre-resolved imports; returns a closure to time.
    pub fn instantiate(bytes: &[u8]) -> impl FnMut() {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).unwrap();
        let needs_imports = module.imports().len() > 0;
        let pre = if needs_imports {
            // Imports of store objects must live in the store being instantiated into, so the
            // objects are created once in a long-lived store reused by every iteration.
            None
        } else {
            Some(Linker::<()>::new(&engine).instantiate_pre(&module).unwrap())
        };
        let mut shared = Store::new(&engine, ());
        let linker = corpus_linker(&engine, &mut shared);
        let externs: Vec<Extern> = linker.resolve_imports(&mut shared, &module).unwrap();
        move || match &pre {
            Some(pre) => {
                let mut store = Store::new(&engine, ());
                pre.instantiate(&mut store).unwrap();
            }
            None => {
                Instance::new(&mut shared, &module, &externs).unwrap();
            }
        }
    }
}

mod wasmi_side {
    use wasmi::{
        Engine, Extern, Func, Global, Instance, Linker, Memory, MemoryType, Module, Mutability,
        Ref, Store, Table, TableType, Val,
    };

    /// A loaded WASI program and the linker that provides its imports.
    pub struct Program {
        engine: Engine,
        module: Module,
        linker: Linker<wasmi_wasi::WasiCtx>,
    }

    pub fn load_program(bytes: &[u8]) -> Program {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).expect("wasmi: load");
        let mut linker = Linker::new(&engine);
        wasmi_wasi::add_to_linker(&mut linker, |c| c).expect("wasmi: WASI");
        Program {
            engine,
            module,
            linker,
        }
    }

    /// Runs the program's `_start` in a new store with `args`; returns its stdout.
    pub fn run_program(p: &Program, args: &[&str]) -> String {
        let out = wasmi_wasi::wasi_common::pipe::WritePipe::new_in_memory();
        let mut wasi = wasmi_wasi::WasiCtxBuilder::new();
        wasi.arg("program").expect("wasmi: args");
        for a in args {
            wasi.arg(a).expect("wasmi: args");
        }
        wasi.stdout(Box::new(out.clone()));
        let mut store = Store::new(&p.engine, wasi.build());
        let instance = p
            .linker
            .instantiate_and_start(&mut store, &p.module)
            .expect("wasmi: instantiate");
        let start = instance.get_func(&store, "_start").expect("wasmi: _start");
        if let Err(e) = start.call(&mut store, &[], &mut []) {
            assert_eq!(e.i32_exit_status(), Some(0), "wasmi: {e}");
        }
        drop(store);
        let bytes = out.try_into_inner().expect("wasmi: stdout").into_inner();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    pub fn prepare(bytes: &[u8], func: &str) -> (Store<()>, Func) {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).expect("wasmi: load");
        let mut store = Store::new(&engine, ());
        let instance = Linker::<()>::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .expect("wasmi: instantiate");
        let f = instance.get_func(&store, func).expect("wasmi: export");
        (store, f)
    }

    pub fn call(store: &mut Store<()>, f: Func, arg: i32) -> String {
        let mut r = [Val::I32(0)];
        f.call(&mut *store, &[Val::I32(arg)], &mut r)
            .expect("wasmi: call");
        match &r[0] {
            Val::I32(v) => v.to_string(),
            Val::I64(v) => v.to_string(),
            Val::F64(v) => f64::from(*v).to_string(),
            other => format!("{other:?}"),
        }
    }

    pub fn corpus_linker(store: &mut Store<()>) -> Linker<()> {
        let mut l = Linker::new(store.engine());
        let globals: [(&str, Val, Mutability); 14] = [
            ("g_i32", Val::I32(7), Mutability::Const),
            ("g_i64", Val::I64(1_000_000_007), Mutability::Const),
            ("g_f32", Val::F32(1.5f32.into()), Mutability::Const),
            ("g_f64", Val::F64(2.25f64.into()), Mutability::Const),
            ("g0", Val::I32(11), Mutability::Const),
            ("g1", Val::I64(22), Mutability::Const),
            ("g2", Val::F32(0.5f32.into()), Mutability::Const),
            ("g3", Val::F64(0.25f64.into()), Mutability::Const),
            ("g4", Val::I32(44), Mutability::Const),
            ("g5", Val::I64(55), Mutability::Const),
            ("g6", Val::F32(1.25f32.into()), Mutability::Const),
            ("g7", Val::F64(2.5f64.into()), Mutability::Const),
            ("g8", Val::I32(88), Mutability::Var),
            ("g9", Val::I32(99), Mutability::Var),
        ];
        for (name, val, m) in globals {
            let g = Global::new(&mut *store, val, m);
            l.define("env", name, g).unwrap();
        }
        let mem = Memory::new(&mut *store, MemoryType::new(1, None)).unwrap();
        l.define("env", "memory", mem).unwrap();
        let table = Table::new(
            &mut *store,
            TableType::new(wasmi::RefType::Func, 4, None),
            Ref::Func(wasmi::Nullable::Null),
        )
        .unwrap();
        l.define("env", "table", table).unwrap();
        for k in 0..50 {
            let name = format!("f{k}");
            let kk = k;
            let f = match k % 5 {
                0 => Func::wrap(&mut *store, || {}),
                1 => Func::wrap(&mut *store, move |x: i32| x.wrapping_add(kk)),
                2 => Func::wrap(&mut *store, |a: i32, b: i32| {
                    a.wrapping_mul(3).wrapping_add(b)
                }),
                3 => Func::wrap(&mut *store, move |x: i64| {
                    x.wrapping_mul(2).wrapping_add(kk as i64)
                }),
                _ => Func::wrap(&mut *store, move |a: f64, b: f64| a * b + kk as f64),
            };
            l.define("env", &name, f).unwrap();
        }
        l
    }

    pub fn startup(bytes: &[u8]) {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).unwrap();
        let mut store = Store::new(&engine, ());
        let linker = corpus_linker(&mut store);
        linker.instantiate_and_start(&mut store, &module).unwrap();
    }

    pub fn instantiate(bytes: &[u8]) -> impl FnMut() {
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).unwrap();
        let needs_imports = module.imports().len() > 0;
        let mut shared = Store::new(&engine, ());
        let linker = corpus_linker(&mut shared);
        let externs: Vec<Extern> = module
            .imports()
            .map(|i| linker.get(&shared, i.module(), i.name()).unwrap())
            .collect();
        move || {
            if needs_imports {
                Instance::new(&mut shared, &module, &externs).unwrap();
            } else {
                let mut store = Store::new(&engine, ());
                Instance::new(&mut store, &module, &[]).unwrap();
            }
        }
    }
}

#[cfg(feature = "wasmtime")]
mod wasmtime_side {
    use wasmtime::{
        Config, Engine, Extern, Func, Global, GlobalType, InstanceAllocationStrategy, Linker,
        Memory, MemoryType, Module, Mutability, PoolingAllocationConfig, Ref, Store, StoreLimits,
        StoreLimitsBuilder, Table, TableType, Val, ValType,
    };

    /// An engine for `bytes`: on-demand, or pooling with limits that fit the module (a large
    /// module needs large slots, which are kept few: the pool reserves address space for all).
    pub fn engine(pooling: bool, bytes: &[u8]) -> Engine {
        let mut config = Config::new();
        if pooling {
            let mut pool = PoolingAllocationConfig::default();
            if bytes.len() > 1 << 20 {
                // large19m: a 64,000-entry table and its instance's function references; no
                // imports, so one instance lives at a time.
                pool.total_core_instances(1_000)
                    .total_memories(100)
                    .total_tables(100)
                    .table_elements(70_000)
                    .max_core_instance_size(8 << 20);
            } else {
                pool.total_core_instances(200_000)
                    .total_memories(100)
                    .total_tables(1_000);
            }
            pool.max_memory_size(1 << 27);
            config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
            config.memory_init_cow(true);
        }
        Engine::new(&config).unwrap()
    }

    fn store(engine: &Engine) -> Store<StoreLimits> {
        let mut store = Store::new(
            engine,
            StoreLimitsBuilder::new()
                .instances(10_000_000)
                .tables(10_000_000)
                .memories(10_000_000)
                .build(),
        );
        store.limiter(|l| l);
        store
    }

    fn externs(store: &mut Store<StoreLimits>, module: &Module) -> Vec<Extern> {
        let mut l: Linker<StoreLimits> = Linker::new(store.engine());
        let g = |store: &mut Store<StoreLimits>, t: ValType, m: Mutability, v: Val| {
            Global::new(&mut *store, GlobalType::new(t, m), v).unwrap()
        };
        let c = Mutability::Const;
        let defs: [(&str, ValType, Mutability, Val); 14] = [
            ("g_i32", ValType::I32, c, Val::I32(7)),
            ("g_i64", ValType::I64, c, Val::I64(1_000_000_007)),
            ("g_f32", ValType::F32, c, Val::F32(1.5f32.to_bits())),
            ("g_f64", ValType::F64, c, Val::F64(2.25f64.to_bits())),
            ("g0", ValType::I32, c, Val::I32(11)),
            ("g1", ValType::I64, c, Val::I64(22)),
            ("g2", ValType::F32, c, Val::F32(0.5f32.to_bits())),
            ("g3", ValType::F64, c, Val::F64(0.25f64.to_bits())),
            ("g4", ValType::I32, c, Val::I32(44)),
            ("g5", ValType::I64, c, Val::I64(55)),
            ("g6", ValType::F32, c, Val::F32(1.25f32.to_bits())),
            ("g7", ValType::F64, c, Val::F64(2.5f64.to_bits())),
            ("g8", ValType::I32, Mutability::Var, Val::I32(88)),
            ("g9", ValType::I32, Mutability::Var, Val::I32(99)),
        ];
        for (name, t, m, v) in defs {
            let global = g(store, t, m, v);
            l.define(&mut *store, "env", name, global).unwrap();
        }
        let mem = Memory::new(&mut *store, MemoryType::new(1, None)).unwrap();
        l.define(&mut *store, "env", "memory", mem).unwrap();
        let table = Table::new(
            &mut *store,
            TableType::new(wasmtime::RefType::FUNCREF, 4, None),
            Ref::Func(None),
        )
        .unwrap();
        l.define(&mut *store, "env", "table", table).unwrap();
        for k in 0..50 {
            let name = format!("f{k}");
            let kk = k as i32;
            let f = match k % 5 {
                0 => Func::wrap(&mut *store, || {}),
                1 => Func::wrap(&mut *store, move |x: i32| x.wrapping_add(kk)),
                2 => Func::wrap(&mut *store, |a: i32, b: i32| {
                    a.wrapping_mul(3).wrapping_add(b)
                }),
                3 => Func::wrap(&mut *store, move |x: i64| {
                    x.wrapping_mul(2).wrapping_add(kk as i64)
                }),
                _ => Func::wrap(&mut *store, move |a: f64, b: f64| a * b + kk as f64),
            };
            l.define(&mut *store, "env", &name, f).unwrap();
        }
        module
            .imports()
            .map(|i| l.get(&mut *store, i.module(), i.name()).unwrap())
            .collect()
    }

    /// Store + instantiate + drop with pre-resolved imports (a long-lived store when the
    /// module imports store objects, as for the other runtimes).
    pub fn instantiate(bytes: &[u8], pooling: bool) -> impl FnMut() {
        let engine = engine(pooling, bytes);
        let module = Module::new(&engine, bytes).unwrap();
        let needs_imports = module.imports().len() > 0;
        let pre = Linker::<StoreLimits>::new(&engine)
            .instantiate_pre(&module)
            .ok();
        let mut shared = store(&engine);
        let ext = if needs_imports {
            externs(&mut shared, &module)
        } else {
            Vec::new()
        };
        move || {
            if needs_imports {
                wasmtime::Instance::new(&mut shared, &module, &ext).unwrap();
            } else {
                let mut s = store(&engine);
                pre.as_ref().unwrap().instantiate(&mut s).unwrap();
            }
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    let n = samples();
    let mut rows = Vec::new();

    if wanted("execution") {
        for b in exec_benches() {
            let (mut ms, mf) = mica_side::prepare(&b.bytes, b.func);
            let (mut ws, wf) = wasmi_side::prepare(&b.bytes, b.func);
            let mr = mica_side::call(&mut ms, mf, b.arg);
            let wr = wasmi_side::call(&mut ws, wf, b.arg);
            assert_eq!(mr, wr, "{}: mica and wasmi disagree", b.name);
            let (mica, wasmi) = measure_pair(
                n,
                || {
                    mica_side::call(&mut ms, mf, b.arg);
                },
                || {
                    wasmi_side::call(&mut ws, wf, b.arg);
                },
            );
            rows.push(Row {
                group: "execution",
                name: b.name.to_string(),
                mica,
                wasmi: Some(wasmi),
                wasmtime: None,
                wasmtime_pooling: None,
            });
            if std::env::var_os("MICA_BENCH_FUEL").is_some() {
                let mut fuel = mica::Config::new();
                fuel.consume_fuel(true);
                let mut interrupt = mica::Config::new();
                interrupt.interruptible(true);
                for (what, config) in [("+fuel", fuel), ("+interrupt", interrupt)] {
                    let (mut s, f) = mica_side::prepare_with(&config, &b.bytes, b.func);
                    assert_eq!(mica_side::call(&mut s, f, b.arg), mr, "{} {what}", b.name);
                    let mica = measure(n, || {
                        mica_side::call(&mut s, f, b.arg);
                    });
                    rows.push(Row {
                        group: "execution",
                        name: format!("{} {what}", b.name),
                        mica,
                        wasmi: Some(wasmi),
                        wasmtime: None,
                        wasmtime_pooling: None,
                    });
                }
            }
            eprintln!("done {}", b.name);
        }
    }

    if wanted("programs") {
        let only = std::env::var("MICA_BENCH_PROGRAMS").ok();
        for (name, size) in PROGRAMS {
            if only
                .as_ref()
                .is_some_and(|o| !o.split(',').any(|p| p == name))
            {
                continue;
            }
            let bytes =
                std::fs::read(corpus_path(&format!("build/{name}.wasm"))).expect("corpus program");
            let mp = mica_side::load_program(&bytes);
            let wp = wasmi_side::load_program(&bytes);
            let mr = mica_side::run_program(&mp, &[size]);
            let wr = wasmi_side::run_program(&wp, &[size]);
            assert!(mr.starts_with(name), "{name}: unexpected output {mr:?}");
            assert_eq!(mr, wr, "{name}: mica and wasmi disagree");
            let (mica, wasmi) = measure_pair(
                n,
                || {
                    mica_side::run_program(&mp, &[size]);
                },
                || {
                    wasmi_side::run_program(&wp, &[size]);
                },
            );
            rows.push(Row {
                group: "programs",
                name: format!("{name}({size})"),
                mica,
                wasmi: Some(wasmi),
                wasmtime: None,
                wasmtime_pooling: None,
            });
            eprintln!("done {name}");
        }
    }

    let modules = ["empty", "funcs5000", "data4m", "globals1000", "imports"];
    let mut module_bytes: Vec<(&str, Vec<u8>)> = modules
        .iter()
        .map(|m| {
            (
                *m,
                std::fs::read(corpus_path(&format!("wat/{m}.wasm"))).expect("corpus module"),
            )
        })
        .collect();
    if wanted("startup") || wanted("instantiate") {
        // Shaped like a large compiled program (the 21.7 MB row): 64,000 functions in a
        // table, 2 MiB of data.
        module_bytes.push(("large19m", mica_bench::large_program(64_000)));
    }

    if wanted("startup") {
        for (name, bytes) in &module_bytes {
            let (mica, wasmi) = measure_pair(
                n,
                || mica_side::startup(bytes),
                || wasmi_side::startup(bytes),
            );
            rows.push(Row {
                group: "startup",
                name: name.to_string(),
                mica,
                wasmi: Some(wasmi),
                wasmtime: None,
                wasmtime_pooling: None,
            });
        }
    }

    if wanted("instantiate") {
        for (name, bytes) in &module_bytes {
            let (mica, wasmi) = measure_pair(
                n,
                mica_side::instantiate(bytes),
                wasmi_side::instantiate(bytes),
            );
            #[cfg(feature = "wasmtime")]
            let (wasmtime, wasmtime_pooling) = (
                Some(measure(n, wasmtime_side::instantiate(bytes, false))),
                Some(measure(n, wasmtime_side::instantiate(bytes, true))),
            );
            #[cfg(not(feature = "wasmtime"))]
            let (wasmtime, wasmtime_pooling) = (None, None);
            rows.push(Row {
                group: "instantiate",
                name: name.to_string(),
                mica,
                wasmi: Some(wasmi),
                wasmtime,
                wasmtime_pooling,
            });
        }
    }

    if wanted("calls") {
        let calls = wat::parse_file(workload_path("calls.wat")).unwrap();
        // host -> wasm
        let (mica, wasmi) = {
            let engine = mica::Engine::default();
            let module = mica::Module::new(&engine, &calls).unwrap();
            let mut store = mica::Store::new(&engine, ());
            let mut linker = mica::Linker::new(&engine);
            linker.func_wrap("host", "id", |x: i32| x).unwrap();
            let inst = linker.instantiate(&mut store, &module).unwrap();
            let id = inst.get_typed_func::<i32, i32>(&store, "id").unwrap();
            let call_host = inst
                .get_typed_func::<i32, i32>(&store, "call_host")
                .unwrap();
            let mica_h2w = measure(n, || {
                id.call(&mut store, 7).unwrap();
            });
            let mica_w2h = measure(n, || {
                call_host.call(&mut store, 1000).unwrap();
            }) / 1000;

            let wengine = wasmi::Engine::default();
            let wmodule = wasmi::Module::new(&wengine, &calls).unwrap();
            let mut wstore = wasmi::Store::new(&wengine, ());
            let mut wlinker = wasmi::Linker::new(&wengine);
            wlinker.func_wrap("host", "id", |x: i32| x).unwrap();
            let winst = wlinker
                .instantiate_and_start(&mut wstore, &wmodule)
                .unwrap();
            let wid = winst.get_typed_func::<i32, i32>(&wstore, "id").unwrap();
            let wcall_host = winst
                .get_typed_func::<i32, i32>(&wstore, "call_host")
                .unwrap();
            let wasmi_h2w = measure(n, || {
                wid.call(&mut wstore, 7).unwrap();
            });
            let wasmi_w2h = measure(n, || {
                wcall_host.call(&mut wstore, 1000).unwrap();
            }) / 1000;
            ((mica_h2w, mica_w2h), (wasmi_h2w, wasmi_w2h))
        };
        rows.push(Row {
            group: "calls",
            name: "host→wasm".into(),
            mica: mica.0,
            wasmi: Some(wasmi.0),
            wasmtime: None,
            wasmtime_pooling: None,
        });
        rows.push(Row {
            group: "calls",
            name: "wasm→host".into(),
            mica: mica.1,
            wasmi: Some(wasmi.1),
            wasmtime: None,
            wasmtime_pooling: None,
        });
    }

    let _ = Duration::ZERO;
    print_table(&rows);
}
