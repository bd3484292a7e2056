//! Shared pieces of mica's side-by-side benchmarks: timing and the result table.

use std::time::{Duration, Instant};

/// Path of a file under the shared corpus (`../shared/corpus` beside the repository).
pub fn corpus_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(rel)
}

/// Path of a workload file of this crate.
pub fn workload_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("workloads")
        .join(rel)
}

/// Runs `f` repeatedly and returns the median time of one run. Short runs are batched so each
/// sample lasts at least ~20 ms; `samples` samples are taken after a warm-up of at least three
/// runs and 20 ms, so one-off costs of the first runs (a module's memory image built on its
/// second instantiation, pools filling up) stay out of the samples and of the batch size.
pub fn measure(samples: usize, mut f: impl FnMut()) -> Duration {
    let warm_up = Instant::now();
    let mut runs = 0u32;
    while runs < 3 || (warm_up.elapsed() < Duration::from_millis(20) && runs < 1_000_000) {
        f();
        runs += 1;
    }
    let probe = (runs / 2).max(1);
    let start = Instant::now();
    for _ in 0..probe {
        f();
    }
    let once = (start.elapsed() / probe).max(Duration::from_nanos(1));
    let batch = (Duration::from_millis(20).as_nanos() / once.as_nanos()).clamp(1, 1_000_000) as u32;
    let mut times: Vec<Duration> = (0..samples.max(1))
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed() / batch
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// One row of the comparison table.
#[derive(Debug, Clone)]
pub struct Row {
    /// Benchmark group (execution, startup, ...).
    pub group: &'static str,
    /// Benchmark name.
    pub name: String,
    /// mica's median time.
    pub mica: Duration,
    /// wasmi's median time.
    pub wasmi: Option<Duration>,
    /// wasmtime's median time (on-demand allocator), when measured.
    pub wasmtime: Option<Duration>,
    /// wasmtime's median time (pooling allocator), when measured.
    pub wasmtime_pooling: Option<Duration>,
}

fn fmt_time(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1_000_000_000.0 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.3} s", ns / 1e9)
    }
}

/// Prints the rows as a Markdown table with mica/wasmi ratios, then the geometric mean of the
/// execution ratios.
pub fn print_table(rows: &[Row]) {
    println!("| group | benchmark | mica | wasmi | mica/wasmi | wasmtime | wasmtime pooling |");
    println!("|---|---|---|---|---|---|---|");
    for r in rows {
        let ratio = r.wasmi.map(|w| r.mica.as_secs_f64() / w.as_secs_f64());
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.group,
            r.name,
            fmt_time(r.mica),
            r.wasmi.map(fmt_time).unwrap_or_else(|| "–".into()),
            ratio
                .map(|x| format!("{x:.2}"))
                .unwrap_or_else(|| "–".into()),
            r.wasmtime.map(fmt_time).unwrap_or_else(|| "–".into()),
            r.wasmtime_pooling
                .map(fmt_time)
                .unwrap_or_else(|| "–".into()),
        );
    }
    for group in ["execution", "startup", "instantiate", "calls"] {
        let ratios: Vec<f64> = rows
            .iter()
            .filter(|r| r.group == group)
            .filter_map(|r| r.wasmi.map(|w| r.mica.as_secs_f64() / w.as_secs_f64()))
            .collect();
        if !ratios.is_empty() {
            let geo = (ratios.iter().map(|x| x.ln()).sum::<f64>() / ratios.len() as f64).exp();
            let max = ratios.iter().cloned().fold(f64::MIN, f64::max);
            println!(
                "\n{group}: geometric mean mica/wasmi = {geo:.2}, worst = {max:.2} ({} benchmarks)",
                ratios.len()
            );
        }
    }
}

/// mica's linker for the instantiation corpus (`../shared/corpus/wat/`): the host globals,
/// memory, table and 50 functions the corpus modules import (the same for every runtime).
pub fn mica_corpus_linker(engine: &mica::Engine, store: &mut mica::Store<()>) -> mica::Linker<()> {
    use mica::{
        Global, GlobalType, Linker, Memory, MemoryType, Mutability, Table, TableType, Val, ValType,
    };
    let mut l = Linker::new(engine);
    let c = |t| GlobalType::new(t, Mutability::Const);
    let v = |t| GlobalType::new(t, Mutability::Var);
    let globals: [(&str, GlobalType, Val); 14] = [
        ("g_i32", c(ValType::I32), Val::I32(7)),
        ("g_i64", c(ValType::I64), Val::I64(1_000_000_007)),
        ("g_f32", c(ValType::F32), Val::from(1.5f32)),
        ("g_f64", c(ValType::F64), Val::from(2.25f64)),
        ("g0", c(ValType::I32), Val::I32(11)),
        ("g1", c(ValType::I64), Val::I64(22)),
        ("g2", c(ValType::F32), Val::from(0.5f32)),
        ("g3", c(ValType::F64), Val::from(0.25f64)),
        ("g4", c(ValType::I32), Val::I32(44)),
        ("g5", c(ValType::I64), Val::I64(55)),
        ("g6", c(ValType::F32), Val::from(1.25f32)),
        ("g7", c(ValType::F64), Val::from(2.5f64)),
        ("g8", v(ValType::I32), Val::I32(88)),
        ("g9", v(ValType::I32), Val::I32(99)),
    ];
    for (name, ty, val) in globals {
        let g = Global::new(&mut *store, ty, val).unwrap();
        l.define("env", name, g).unwrap();
    }
    let mem = Memory::new(&mut *store, MemoryType::new(1, None)).unwrap();
    l.define("env", "memory", mem).unwrap();
    let table = Table::new(
        &mut *store,
        TableType::new(mica::RefType::FUNCREF, 4, None),
        Val::FuncRef(None),
    )
    .unwrap();
    l.define("env", "table", table).unwrap();
    for k in 0..50 {
        let name = format!("f{k}");
        let kk = k;
        match k % 5 {
            0 => l.func_wrap("env", &name, || {}).unwrap(),
            1 => l
                .func_wrap("env", &name, move |x: i32| x.wrapping_add(kk))
                .unwrap(),
            2 => l
                .func_wrap("env", &name, |a: i32, b: i32| {
                    a.wrapping_mul(3).wrapping_add(b)
                })
                .unwrap(),
            3 => l
                .func_wrap("env", &name, move |x: i64| {
                    x.wrapping_mul(2).wrapping_add(kk as i64)
                })
                .unwrap(),
            _ => l
                .func_wrap("env", &name, move |a: f64, b: f64| a * b + kk as f64)
                .unwrap(),
        };
    }
    l
}
