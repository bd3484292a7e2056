//! Memory footprint report (the performance issue's item 5): interpreter code size against the
//! wasm code size, and the heap each instantiation adds, for the benchmark workloads and the
//! corpus's instantiation modules.
//!
//! `cargo run --release -p mica-bench --example footprint`
//!
//! (Peak RSS of running a small program is measured on the command line, see
//! docs/BENCHMARKS.md.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the bytes currently allocated.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../../../shared/corpus/wat");
    let mut modules: Vec<(String, Vec<u8>)> = vec![
        (
            "kernels.wat".into(),
            wat::parse_file(root.join("workloads/kernels.wat")).expect("kernels.wat"),
        ),
        (
            "coremix.wasm".into(),
            std::fs::read(root.join("workloads/coremix.wasm")).expect("coremix.wasm"),
        ),
        (
            "hello.wasm".into(),
            std::fs::read(root.join("../../examples/hello.wasm")).expect("hello.wasm"),
        ),
    ];
    for name in ["empty", "funcs5000", "data4m", "globals1000"] {
        if let Ok(bytes) = std::fs::read(corpus.join(format!("{name}.wasm"))) {
            modules.push((format!("{name}.wasm"), bytes));
        }
    }

    let mut eager = mica::Config::new();
    eager.lazy_translation(false);
    let eager = mica::Engine::new(&eager);
    let lazy = mica::Engine::default();

    println!("| module | functions | wasm code | interpreter code | ratio | module heap (lazy) | per instance |");
    println!("|---|---|---|---|---|---|---|");
    for (name, bytes) in &modules {
        let size = mica::Module::new(&eager, bytes).expect("valid").code_size();
        let before = LIVE.load(Ordering::Relaxed);
        let module = mica::Module::new(&lazy, bytes).expect("valid");
        let module_heap = LIVE.load(Ordering::Relaxed) - before;
        let per_instance = instance_bytes(&lazy, &module);
        println!(
            "| {name} | {} | {} | {} | {:.2} | {} | {} |",
            size.functions,
            kib(size.wasm_bytes),
            kib(size.translated_bytes),
            size.translated_bytes as f64 / size.wasm_bytes.max(1) as f64,
            kib(module_heap),
            per_instance.map_or("(needs imports)".into(), kib),
        );
    }
}

/// Heap added by one more instance in a store that already has one (store overhead and the
/// linear memory's pages excluded: memories are mapped, not allocated).
fn instance_bytes(engine: &mica::Engine, module: &mica::Module) -> Option<usize> {
    let pre = mica::Linker::<()>::new(engine)
        .instantiate_pre(module)
        .ok()?;
    let mut store = mica::Store::new(engine, ());
    pre.instantiate(&mut store).ok()?;
    let mut samples = Vec::new();
    for _ in 0..5 {
        let before = LIVE.load(Ordering::Relaxed);
        pre.instantiate(&mut store).ok()?;
        samples.push(LIVE.load(Ordering::Relaxed) - before);
    }
    samples.sort_unstable();
    Some(samples[2])
}

fn kib(bytes: usize) -> String {
    if bytes < 10 * 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
