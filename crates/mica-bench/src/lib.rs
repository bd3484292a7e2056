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
    let batch = warm_up_batch(&mut f);
    let mut times: Vec<Duration> = (0..samples.max(1)).map(|_| sample(batch, &mut f)).collect();
    times.sort();
    times[times.len() / 2]
}

/// Warms `f` up (at least three runs and 20 ms) and returns how many runs make a ~20 ms sample.
fn warm_up_batch(f: &mut impl FnMut()) -> u32 {
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
    (Duration::from_millis(20).as_nanos() / once.as_nanos()).clamp(1, 1_000_000) as u32
}

/// One sample: the mean time of `batch` runs of `f`.
fn sample(batch: u32, f: &mut impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..batch {
        f();
    }
    start.elapsed() / batch
}

/// As [`measure`] for two contenders, with their samples interleaved (a, b, a, b, ...): on a
/// shared machine whose speed drifts over seconds, both see the same drift, so their ratio
/// holds where two back-to-back measurements would each catch a different phase.
pub fn measure_pair(
    samples: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Duration, Duration) {
    let (batch_a, batch_b) = (warm_up_batch(&mut a), warm_up_batch(&mut b));
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..samples.max(1) {
        ta.push(sample(batch_a, &mut a));
        tb.push(sample(batch_b, &mut b));
    }
    ta.sort();
    tb.sort();
    (ta[ta.len() / 2], tb[tb.len() / 2])
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
    for group in ["execution", "programs", "startup", "instantiate", "calls"] {
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

/// A generated module shaped like a large compiled program (about 20 MB): `funcs` functions with
/// loops, locals, memory traffic, direct and indirect calls; all of them in a funcref table (an
/// active element segment, as toolchains emit); 2 MiB of data segments; a 256-page memory; a
/// few hundred globals; one export (`run`). It only has to validate, translate and instantiate.
pub fn large_program(funcs: usize) -> Vec<u8> {
    use std::fmt::Write;
    let mut w = String::with_capacity(funcs * 1100);
    w.push_str("(module\n (type $t (func (param i32 i32) (result i32)))\n");
    let _ = writeln!(w, " (memory (export \"memory\") 256)");
    let _ = writeln!(w, " (table {funcs} {funcs} funcref)");
    for g in 0..300 {
        let _ = writeln!(w, " (global $g{g} (mut i32) (i32.const {g}))");
    }
    for f in 0..funcs {
        let callee = (f * 7 + 3) % funcs;
        let _ = write!(
            w,
            " (func $f{f} (type $t) (local $i i32) (local $acc i32) (local $p i32)\n\
             local.get 0 i32.const {mask} i32.and i32.const 2 i32.shl local.set $p\n\
             block $done loop $next\n\
             local.get $i local.get 1 i32.ge_u br_if $done\n\
             local.get $acc local.get $p i32.load i32.add i32.const {k} i32.xor local.set $acc\n\
             local.get $p local.get $acc i32.store offset=4\n\
             local.get $p i32.const 8 i32.add i32.const {mask2} i32.and local.set $p\n\
             local.get $acc i32.const 3 i32.rotl global.get $g{g} i32.add local.set $acc\n\
             local.get $acc local.get $p i32.load16_u offset=2 i32.sub i32.const {k2} i32.mul local.set $acc\n\
             local.get $p local.get $acc i32.const 5 i32.shr_u i32.store8 offset=1\n\
             local.get $acc local.get $i i32.const 7 i32.and i32.shl local.get $acc i32.xor local.set $acc\n\
             local.get $p local.get $p i64.extend_i32_u local.get $acc i64.extend_i32_s i64.mul i64.store offset=16\n\
             local.get $acc local.get $p i64.load offset=16 i32.wrap_i64 i32.add local.set $acc\n\
             local.get $i i32.const 1 i32.add local.set $i\n\
             br $next end end\n\
             local.get $acc i32.const 1 i32.and if (result i32)\n\
             local.get $acc i32.const 0 call $f{callee}\n\
             else\n\
             local.get $acc local.get 1 i32.const 1 i32.shr_u local.get $acc i32.const {funcs} i32.rem_u call_indirect (type $t)\n\
             end\n\
             local.get $acc i32.const {k2} i32.mul i32.add\n\
             local.get 0 i32.const 100 i32.lt_s if (result i32) i32.const 1 else i32.const 2 end i32.add\n\
             global.get $g{g} i32.add global.set $g{g} global.get $g{g})\n",
            mask = 0xffff,
            mask2 = 0xfffff,
            k = f * 2654435761usize % 1000003,
            k2 = f % 97 + 1,
            g = f % 300,
        );
    }
    w.push_str(" (elem (i32.const 0) func");
    for f in 0..funcs {
        let _ = write!(w, " $f{f}");
    }
    w.push_str(")\n");
    for d in 0..32 {
        let _ = write!(w, " (data (i32.const {}) \"", 65536 + d * 65536);
        for i in 0..65536 / 16 {
            let _ = write!(w, "{:02x}{:014}", (d * 31 + i) % 256, i);
        }
        w.push_str("\")\n");
    }
    w.push_str(
        " (func (export \"run\") (param i32) (result i32) local.get 0 i32.const 3 call $f0))\n",
    );
    wat::parse_str(&w).expect("generated module")
}
