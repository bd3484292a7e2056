//! A stable-toolchain fuzz driver: loops over pseudo-random inputs for one target for a time
//! budget, catching panics, timing each input and capping memory allocation.
//!
//! ```text
//! fuzz-driver <differential|load|instantiate> [--seconds N] [--seed S] [--out DIR]
//!             [--only I] [--from I] [--max-len BYTES] [--timeout SECS] [--alloc-limit-mb MB]
//! ```
//!
//! Input `I` of a run is derived from `(seed, I)` only, so every finding is reproducible with
//! `--seed S --only I`. Panics and divergences are saved under `--out` (default
//! `fuzz-findings/`); an input that runs longer than `--timeout` or allocates more than
//! `--alloc-limit-mb` in total at once aborts the process after printing its index, and so
//! does a fatal signal (wasmi 2.0.0 has segfaulting bugs): resume after it with `--from I+1`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use arbitrary::Unstructured;
use mica_fuzzing::rng::Rng;
use mica_fuzzing::{generate, hostile, oracle};

/// Counts live heap bytes; refuses (aborting the process) an allocation that would take the
/// total over the limit, after printing the input index.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
static CURRENT: AtomicU64 = AtomicU64::new(u64::MAX);
static REPORTED: AtomicBool = AtomicBool::new(false);

fn write_num(buf: &mut [u8; 24], mut n: u64) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        if live > LIMIT.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            if !REPORTED.swap(true, Ordering::Relaxed) {
                // No allocation here: format into a stack buffer.
                let mut buf = [0u8; 24];
                let mut err = std::io::stderr();
                let _ = err.write_all(b"\nFINDING: allocation over the limit at input ");
                let _ = err.write_all(write_num(&mut buf, CURRENT.load(Ordering::Relaxed)));
                let _ = err.write_all(b" (");
                let _ = err.write_all(write_num(&mut buf, layout.size() as u64));
                let _ = err.write_all(b" bytes requested)\n");
            }
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: forwarded to the system allocator with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// A crash inside wasmi (it has segfaulting bugs) or mica kills the process: report which
// input did it first, so the run can be reproduced (`--only I`) and resumed (`--from I+1`).
unsafe extern "C" {
    fn signal(signum: i32, handler: usize) -> usize;
    fn raise(sig: i32) -> i32;
}

extern "C" fn on_fatal_signal(sig: i32) {
    let mut buf = [0u8; 24];
    let mut err = std::io::stderr();
    let _ = err.write_all(b"\nFINDING: fatal signal ");
    let _ = err.write_all(write_num(&mut buf, sig as u64));
    let _ = err.write_all(b" at input ");
    let _ = err.write_all(write_num(&mut buf, CURRENT.load(Ordering::Relaxed)));
    let _ = err.write_all(b" (reproduce with --only, resume with --from)\n");
    // SAFETY: restoring the default action and re-raising is async-signal-safe.
    unsafe {
        signal(sig, 0);
        raise(sig);
    }
}

fn install_signal_handlers() {
    // SIGILL, SIGBUS, SIGFPE, SIGSEGV.
    for sig in [4, 7, 8, 11] {
        // SAFETY: the handler only does async-signal-safe work (write, signal, raise).
        unsafe {
            signal(sig, on_fatal_signal as extern "C" fn(i32) as usize);
        }
    }
}

struct Args {
    target: String,
    seconds: u64,
    seed: u64,
    out: PathBuf,
    only: Option<u64>,
    from: u64,
    max_len: usize,
    timeout: u64,
    alloc_limit_mb: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        target: String::new(),
        seconds: 60,
        seed: 1,
        out: PathBuf::from("fuzz-findings"),
        only: None,
        from: 0,
        max_len: 16 * 1024,
        timeout: 30,
        alloc_limit_mb: 2048,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--seconds" => args.seconds = val().parse().unwrap_or_else(|_| usage("--seconds")),
            "--seed" => args.seed = val().parse().unwrap_or_else(|_| usage("--seed")),
            "--out" => args.out = PathBuf::from(val()),
            "--only" => args.only = Some(val().parse().unwrap_or_else(|_| usage("--only"))),
            "--from" => args.from = val().parse().unwrap_or_else(|_| usage("--from")),
            "--max-len" => args.max_len = val().parse().unwrap_or_else(|_| usage("--max-len")),
            "--timeout" => args.timeout = val().parse().unwrap_or_else(|_| usage("--timeout")),
            "--alloc-limit-mb" => {
                args.alloc_limit_mb = val().parse().unwrap_or_else(|_| usage("--alloc-limit-mb"))
            }
            "-h" | "--help" => usage(""),
            t if args.target.is_empty() && !t.starts_with('-') => args.target = t.to_string(),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    if !matches!(
        args.target.as_str(),
        "differential" | "load" | "instantiate"
    ) {
        usage("the target is one of differential, load, instantiate");
    }
    args
}

fn usage(msg: &str) -> ! {
    if !msg.is_empty() {
        eprintln!("fuzz-driver: {msg}");
    }
    eprintln!(
        "usage: fuzz-driver <differential|load|instantiate> [--seconds N] [--seed S] [--out DIR] \
         [--only I] [--from I] [--max-len BYTES] [--timeout SECS] [--alloc-limit-mb MB]"
    );
    std::process::exit(2)
}

/// Input `i` of a run with seed `seed`.
fn input(seed: u64, i: u64, max_len: usize) -> Vec<u8> {
    let mut rng = Rng::new(seed.wrapping_mul(0x100_0000_01b3) ^ i.wrapping_mul(0x9E37_79B9));
    let len = match rng.below(4) {
        0 => rng.below(64) as usize,
        1 => rng.below(1024) as usize,
        _ => rng.below(max_len as u64 + 1) as usize,
    };
    rng.bytes(len)
}

enum Finding {
    Panic(String),
    Divergence(String, Vec<u8>),
}

fn run_one(target: &str, data: &[u8], stats: &mut oracle::Stats) -> Option<Finding> {
    let r = std::panic::catch_unwind(AssertUnwindSafe(|| match target {
        "load" => {
            hostile::load(data);
            None
        }
        "instantiate" => {
            hostile::instantiate(data);
            None
        }
        _ => {
            let mut u = Unstructured::new(data);
            let g = generate::generated(&mut u).ok()?;
            let module = g.bytes;
            let opts = oracle::Options {
                traps_disallowed: g.traps_disallowed,
                ..oracle::Options::default()
            };
            let outcome = oracle::differential(&module, &opts);
            stats.record(&outcome);
            outcome.err().map(|d| (d, module))
        }
    }));
    match r {
        Ok(None) => None,
        Ok(Some((d, module))) => Some(Finding::Divergence(d.to_string(), module)),
        Err(p) => Some(Finding::Panic(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        )),
    }
}

fn main() {
    let args = parse_args();
    LIMIT.store(args.alloc_limit_mb << 20, Ordering::Relaxed);
    install_signal_handlers();
    // Silence the default panic message (the driver prints its own, with the input index).
    std::panic::set_hook(Box::new(|info| {
        eprintln!("panic: {info}");
    }));

    // Watchdog: an input running longer than the timeout aborts the process.
    let started_input = std::sync::Arc::new(AtomicU64::new(0));
    let epoch = Instant::now();
    {
        let started_input = started_input.clone();
        let timeout = args.timeout;
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let s = started_input.load(Ordering::Relaxed);
            let i = CURRENT.load(Ordering::Relaxed);
            if i != u64::MAX && s != 0 {
                let elapsed = (epoch.elapsed().as_millis() as u64).saturating_sub(s);
                if elapsed > timeout * 1000 {
                    eprintln!("\nFINDING: input {i} ran for over {timeout} s (hang); aborting");
                    std::process::abort();
                }
            }
        });
    }

    let range: Box<dyn Iterator<Item = u64>> = match args.only {
        Some(i) => Box::new(i..=i),
        None => Box::new(args.from..),
    };
    let start = Instant::now();
    let deadline = Duration::from_secs(args.seconds);
    let mut execs = 0u64;
    let mut findings = 0u64;
    let mut stats = oracle::Stats::default();
    let mut last_report = Instant::now();
    let mut slowest = (Duration::ZERO, 0u64);
    let mut peak_mb = 0usize;
    for i in range {
        if args.only.is_none() && start.elapsed() >= deadline {
            break;
        }
        let data = input(args.seed, i, args.max_len);
        if args.only.is_some() && args.target == "differential" {
            // Keep the module of a reproduced input, whatever its outcome.
            if let Ok(g) = generate::generated(&mut Unstructured::new(&data)) {
                let _ = std::fs::create_dir_all(&args.out);
                let path = args.out.join(format!("module-seed{}-{i}.wasm", args.seed));
                let _ = std::fs::write(&path, &g.bytes);
                println!("module saved to {}", path.display());
            }
        }
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        CURRENT.store(i, Ordering::Relaxed);
        started_input.store(epoch.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
        let t = Instant::now();
        let finding = run_one(&args.target, &data, &mut stats);
        let took = t.elapsed();
        CURRENT.store(u64::MAX, Ordering::Relaxed);
        peak_mb = peak_mb.max(PEAK.load(Ordering::Relaxed).saturating_sub(base) >> 20);
        if took > slowest.0 {
            slowest = (took, i);
        }
        execs += 1;
        if let Some(f) = finding {
            findings += 1;
            let _ = std::fs::create_dir_all(&args.out);
            let (what, path, bytes) = match &f {
                Finding::Panic(msg) => (
                    format!("panic: {msg}"),
                    args.out
                        .join(format!("{}-panic-seed{}-{}.bin", args.target, args.seed, i)),
                    data.clone(),
                ),
                Finding::Divergence(msg, module) => (
                    msg.clone(),
                    args.out
                        .join(format!("divergence-seed{}-{}.wasm", args.seed, i)),
                    module.clone(),
                ),
            };
            if args.only.is_some() && path.extension().is_some_and(|e| e == "wasm") {
                match wasmprinter::print_bytes(&bytes) {
                    Ok(text) => println!("{text}"),
                    Err(e) => println!("(cannot print the module: {e})"),
                }
            }
            let _ = std::fs::write(&path, bytes);
            println!(
                "FINDING at input {i} (reproduce: --seed {} --only {i}): {what}\n  saved to {}",
                args.seed,
                path.display()
            );
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            println!(
                "[{:>6.0}s] {execs} execs ({:.0}/s), {findings} findings, slowest input {} ({:.2?}), \
                 peak alloc {peak_mb} MiB",
                start.elapsed().as_secs_f64(),
                execs as f64 / start.elapsed().as_secs_f64(),
                slowest.1,
                slowest.0
            );
            if args.target == "differential" {
                println!("         {stats}");
            }
        }
    }
    println!(
        "done: target {}, seed {}, {execs} execs in {:.0} s ({:.0}/s), {findings} findings, \
         slowest input {} ({:.2?}), peak allocation per input {peak_mb} MiB",
        args.target,
        args.seed,
        start.elapsed().as_secs_f64(),
        execs as f64 / start.elapsed().as_secs_f64().max(1e-9),
        slowest.1,
        slowest.0,
    );
    if args.target == "differential" {
        println!("oracle: {stats}");
    }
    if findings > 0 {
        std::process::exit(1);
    }
}
