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
