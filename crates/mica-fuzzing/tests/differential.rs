//! The deterministic differential test: a fixed set of seeds, each turned into a wasm-smith
//! module and compared between mica and wasmi 2.0 by the oracle; plus the saved regressions.
//!
//! `MICA_DIFF_SEEDS=N` changes the number of seeds (default [`SEEDS`]). A divergent module is
//! written to `$CARGO_TARGET_TMPDIR/divergences/seed-N.wasm`; reproduce it with
//! `cargo run --release -p mica-fuzzing --bin fuzz-driver -- differential --only ...` or by
//! adding it under `tests/regressions/`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use mica_fuzzing::{differential, generate, Divergence, Options, Outcome, Stats};

/// Seeds run by default.
const SEEDS: u64 = 20_000;

/// Seeds whose module crashes wasmi 2.0.0 itself (a segmentation fault inside wasmi's
/// executor, which would kill the test process): not run. (`tests/regressions/wasmi-crash/`
/// also holds modules on which wasmi panics or answers differently from run to run.) Their modules are saved in
/// `tests/regressions/wasmi-crash/` and run in mica alone by [`wasmi_crash_modules_in_mica`].
const WASMI_CRASH_SEEDS: &[u64] = &[8823];

/// Seeds of the fixed set whose divergence is known and explained (seed, reason). The test
/// fails if one of them stops diverging, so the list stays current.
const KNOWN_DIVERGENT_SEEDS: &[(u64, &str)] = &[];

/// Regression files (in `tests/regressions/`) that still diverge, with the reason; each must
/// still diverge (remove it from here when fixed).
const KNOWN_DIVERGENT_FILES: &[(&str, &str)] = &[
    (
        "wasmi_div_s_after_select.wat",
        "wasmi 2.0.0 bug: `div_s` by a `select`ed local divides by the wrong operand; mica is right",
    ),
    (
        "wasmi_if_params_else.wat",
        "wasmi 2.0.0 bug: a global update after an `if` with block parameters is lost; mica is right",
    ),
    (
        "wasmi_loop_params_result.wat",
        "wasmi 2.0.0 bug: a `loop` with parameters yields its input instead of its result; mica is right",
    ),
    (
        "wasmi_select_ref_is_null.wat",
        "wasmi 2.0.0 bug: `select` on `ref.is_null(local)` picks the wrong operand, so a load goes out of bounds; mica is right",
    ),
    (
        "wasmi_wrong_global_670856.wat",
        "wasmi 2.0.0 bug: wrong global value after a call; mica and wasmtime agree",
    ),
    (
        "wasmi_nested_loop_params.wat",
        "wasmi 2.0.0 bug: nested `loop`s with parameters and results lose a value; mica is right (traced by hand)",
    ),
    (
        "wasmi_block_param_br_if.wat",
        "wasmi 2.0.0 bug: a value below a `block (param i32)` left by `br_if` is lost; mica is right (traced by hand)",
    ),
    (
        "wasmi_select_eqz_local.wat",
        "wasmi 2.0.0 bug: `select` on `eqz(local)` picks the wrong operand; mica is right (traced by hand)",
    ),
    (
        "wasmi_select_eqz_before_if.wat",
        "wasmi 2.0.0 bug: `select` on `eqz(local)` picks the wrong operand when an unexecuted `if` arm follows; mica is right (traced by hand)",
    ),
    (
        "wasmi_select_double_eqz.wat",
        "wasmi 2.0.0 bug: `select` on `eqz(eqz(x))` picks the wrong operand; mica is right",
    ),
    (
        "wasmi_rem_s_after_select.wat",
        "wasmi 2.0.0 bug: `rem_s` by a `select`ed local traps as division by zero; mica is right",
    ),
    (
        "wasmi_nan_reinterpret_xor.wat",
        "wasmi 2.0.0 bug: of two `i64.reinterpret_f64`s xored into a global after an `if` with results, one is lost; mica is right (traced by hand)",
    ),
];

fn seeds() -> u64 {
    std::env::var("MICA_DIFF_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEEDS)
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("divergences");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn differential_fixed_seeds() {
    let start = Instant::now();
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    let mut known_seen = Vec::new();
    let n = seeds();
    for seed in 0..n {
        if WASMI_CRASH_SEEDS.contains(&seed) {
            continue;
        }
        let Some(generated) = generate::seed_module(seed) else {
            continue;
        };
        let bytes = generated.bytes;
        let opts = Options {
            arg_seed: seed,
            traps_disallowed: generated.traps_disallowed,
            ..Options::default()
        };
        let outcome = differential(&bytes, &opts);
        stats.record(&outcome);
        if let Err(d) = outcome {
            if KNOWN_DIVERGENT_SEEDS.iter().any(|(s, _)| *s == seed) {
                known_seen.push(seed);
                continue;
            }
            let path = save(&format!("seed-{seed}.wasm"), &bytes);
            failures.push(format!(
                "seed {seed}: {d}\n  module saved to {}",
                path.display()
            ));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("differential: {n} seeds in {secs:.1} s: {stats}");
    for (seed, why) in KNOWN_DIVERGENT_SEEDS {
        if *seed < n && !known_seen.contains(seed) {
            failures.push(format!(
                "seed {seed} no longer diverges ({why}): remove it from KNOWN_DIVERGENT_SEEDS"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} divergences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Guard against a generator or oracle that silently stops comparing anything.
    if n >= 1000 {
        assert!(
            stats.instantiated * 2 > stats.modules,
            "too few modules instantiated: {stats}"
        );
        assert!(stats.calls > n, "too few calls compared: {stats}");
        assert_eq!(
            stats.both_rejected, 0,
            "generated modules must be valid: {stats}"
        );
    }
}

fn regression_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm" || e == "wat"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "wat") {
        wat::parse_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .into_owned()
    } else {
        bytes
    }
}

/// Every saved module: no divergence, but for the known ones, which must still diverge.
#[test]
fn regressions() {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in regression_files() {
        count += 1;
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let outcome: Result<Outcome, Divergence> = differential(&load(&path), &Options::default());
        let known = KNOWN_DIVERGENT_FILES.iter().find(|(f, _)| *f == name);
        match (outcome, known) {
            (Ok(o), None) => println!("{name}: ok ({o:?})"),
            (Err(d), Some((_, why))) => println!("{name}: known divergence ({why}): {d}"),
            (Err(d), None) => failures.push(format!("{name}: {d}")),
            (Ok(_), Some((_, why))) => failures.push(format!(
                "{name} no longer diverges ({why}): remove it from KNOWN_DIVERGENT_FILES"
            )),
        }
    }
    println!("{count} regression modules");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// mica's own answer on the wasmi-bug module: `0 rem_s 1` does not trap.
#[test]
fn rem_s_after_select_in_mica() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions/wasmi_rem_s_after_select.wat");
    let engine = mica::Engine::default();
    let module = mica::Module::new(&engine, load(&path)).unwrap();
    let mut store = mica::Store::new(&engine, ());
    let instance = mica::Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<(), i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 7);
}

/// The modules that crash wasmi, in mica alone: instantiate and call every export (with a full
/// tank of fuel each time) with default arguments; nothing may panic, and each call returns or
/// traps.
#[test]
fn wasmi_crash_modules_in_mica() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions/wasmi-crash");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.extension().is_some_and(|e| e == "wasm" || e == "wat") {
            continue;
        }
        count += 1;
        let engine = mica::Engine::default();
        let module = mica::Module::new(&engine, load(&path)).unwrap();
        let mut store = mica::Store::new(&engine, ());
        let imports = mica_fuzzing::hostile::default_externs(&mut store, &module).unwrap();
        let Ok(instance) = mica::Instance::new(&mut store, &module, &imports) else {
            continue;
        };
        let fuel = instance.get_global(&store, generate::FUEL_EXPORT);
        let funcs: Vec<mica::Func> = instance
            .exports(&mut store)
            .filter_map(|(_, e)| e.into_func())
            .collect();
        let mut calls = 0;
        for f in funcs {
            if let Some(g) = fuel {
                g.set(&mut store, mica::Val::I32(generate::DEFAULT_FUEL as i32))
                    .unwrap();
            }
            let ty = f.ty(&store);
            let args: Vec<mica::Val> = ty
                .params()
                .iter()
                .map(|t| mica::Val::default_for(*t).unwrap())
                .collect();
            let mut results = vec![mica::Val::I32(0); ty.results().len()];
            match f.call(&mut store, &args, &mut results) {
                Ok(()) => {}
                Err(e) => assert!(e.as_trap().is_some(), "{}: {e}", path.display()),
            }
            calls += 1;
        }
        println!("{}: {calls} calls", path.display());
    }
    assert!(count > 0);
}

/// mica's own answers on regressions whose right result was worked out by hand (the
/// divergence check above only says the runtimes differ).
#[test]
fn hand_checked_regression_results() {
    use mica::{Engine, ExternRef, Instance, Module, Store, Val};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let engine = Engine::default();
    let global = |store: &Store<()>, i: &Instance, name: &str| {
        i.get_global(store, name).unwrap().get(store).i32().unwrap()
    };
    // A fresh store and an instance of the regression module `file` (no imports).
    let instantiate = |file: &str| {
        let module = Module::new(&engine, std::fs::read(dir.join(file)).unwrap()).unwrap();
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        (store, i)
    };

    let (mut store, i) = instantiate("wasmi_select_double_eqz.wat");
    let f = i.get_func(&store, "f").unwrap();
    f.call(&mut store, &[Val::I32(244)], &mut []).unwrap();
    assert_eq!(global(&store, &i, "g"), 0);
    let h = i.get_func(&store, "h").unwrap();
    h.call(&mut store, &[Val::I32(244)], &mut []).unwrap();
    assert_eq!(global(&store, &i, "g"), 1803);

    // The `else` arm leaves -nan:0xfbfffffffffff, whose bits and then the f64 parameter's
    // bits are xored into global 2: 0xffffbfffffffffff ^ 0xf88bb8a8724c81ec.
    let (mut store, i) = instantiate("wasmi_nan_reinterpret_xor.wat");
    let f = i.get_func(&store, "").unwrap();
    let mut results = [Val::I32(0), Val::I32(0)];
    let args = [
        Val::I64(244),
        Val::F64(0xf88b_b8a8_724c_81ec),
        Val::I32(41706),
    ];
    f.call(&mut store, &args, &mut results).unwrap();
    let g2 = i
        .get_global(&store, "4")
        .unwrap()
        .get(&store)
        .i64()
        .unwrap();
    assert_eq!(g2 as u64, 0xffff_bfff_ffff_ffff ^ 0xf88b_b8a8_724c_81ec);

    let (mut store, i) = instantiate("wasmi_nested_loop_params.wat");
    let f = i.get_func(&store, "").unwrap();
    let null: Option<ExternRef> = None;
    f.call(&mut store, &[Val::I32(244), Val::ExternRef(null)], &mut [])
        .unwrap();
    assert_eq!(global(&store, &i, "2"), -2139094938);

    // `select` keeps the f64 constant 0x1.aba44a7d3a8ebp+974, whose bits go to global "S".
    let (mut store, i) = instantiate("wasmi_select_eqz_before_if.wat");
    let f = i.get_func(&store, "").unwrap();
    let mut results = [Val::F32(0), Val::F32(0)];
    let null: Option<ExternRef> = None;
    let args = [
        Val::I32(244),
        Val::ExternRef(null),
        Val::F64(0),
        Val::F32(0),
        Val::ExternRef(null),
        Val::I64(i64::MIN),
        Val::F64(0),
        Val::I32(915189926),
    ];
    f.call(&mut store, &args, &mut results).unwrap();
    let s = i
        .get_global(&store, "S")
        .unwrap()
        .get(&store)
        .i64()
        .unwrap();
    assert_eq!(s as u64, 0x7cda_ba44_a7d3_a8eb);

    let (mut store, i) = instantiate("wasmi_select_ref_is_null.wat");
    let f = i.get_func(&store, "1").unwrap();
    let mut results = [Val::I32(0), Val::I32(0)];
    let err = f.call(&mut store, &[], &mut results).unwrap_err();
    assert_eq!(err.trap_code(), Some(mica::TrapCode::Unreachable), "{err}");
}
