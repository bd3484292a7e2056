//! The `mica` binary end to end: WASI commands, reactors, exit codes, traps, loading linking,
//! preloads and inspection.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mica(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mica"))
        .args(args)
        .output()
        .expect("run mica")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mica-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../mica-wasi/tests/corpus")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn runs_a_wasi_command_with_arguments() {
    let o = mica(&["run", &corpus("fib.wasm"), "27"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = std::fs::read_to_string(corpus("expected-small/fib.txt")).unwrap();
    assert_eq!(stdout(&o), expected);
}

#[test]
fn proc_exit_code_is_the_process_exit_code() {
    let dir = temp_dir("exit");
    let f = dir.join("exit.wat");
    std::fs::write(
        &f,
        r#"(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (memory (export "memory") 1)
             (func (export "_start") i32.const 7 call $exit))"#,
    )
    .unwrap();
    let o = mica(&["run", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(7));
}

#[test]
fn a_trap_prints_the_backtrace_and_fails() {
    let dir = temp_dir("trap");
    let f = dir.join("trap.wat");
    std::fs::write(
        &f,
        r#"(module (func $inner unreachable) (func (export "_start") call $inner))"#,
    )
    .unwrap();
    let o = mica(&["run", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(134));
    let err = stderr(&o);
    assert!(
        err.contains("unreachable") && err.contains("inner"),
        "{err}"
    );
}

#[test]
fn invoke_calls_an_export_after_initialize() {
    let dir = temp_dir("reactor");
    let f = dir.join("reactor.wat");
    std::fs::write(
        &f,
        r#"(module (global $base (mut i32) (i32.const 0))
             (func (export "_initialize") i32.const 100 global.set $base)
             (func (export "add") (param i32 i64) (result i64)
                global.get $base local.get 0 i32.add i64.extend_i32_s local.get 1 i64.add))"#,
    )
    .unwrap();
    let o = mica(&["run", "--invoke", "add", f.to_str().unwrap(), "5", "-0x10"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "89\n");
}

#[test]
fn environment_variables_reach_the_program() {
    let dir = temp_dir("env");
    let f = dir.join("env.wat");
    // Exits with the number of environment variables.
    std::fs::write(
        &f,
        r#"(module
             (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
             (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (memory (export "memory") 1)
             (func (export "_start")
               (drop (call $sizes (i32.const 0) (i32.const 4)))
               (call $exit (i32.load (i32.const 0)))))"#,
    )
    .unwrap();
    let o = mica(&["run", "--env", "A=1", "--env", "B=2", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn loading_linking_and_preloads() {
    let dir = temp_dir("link");
    std::fs::write(
        dir.join("math.wat"),
        r#"(module (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))"#,
    )
    .unwrap();
    let main = dir.join("main.wat");
    std::fs::write(
        &main,
        r#"(module (import "math" "double" (func $d (param i32) (result i32)))
             (func (export "quad") (param i32) (result i32) local.get 0 call $d call $d))"#,
    )
    .unwrap();
    let o = mica(&[
        "run",
        "--module-path",
        dir.to_str().unwrap(),
        "--invoke",
        "quad",
        main.to_str().unwrap(),
        "3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "12\n");

    let o = mica(&["run", "--invoke", "quad", main.to_str().unwrap(), "3"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("math"), "{}", stderr(&o));

    let preload = format!("math={}", dir.join("math.wat").display());
    let o = mica(&[
        "run",
        "--preload",
        &preload,
        "--invoke",
        "quad",
        main.to_str().unwrap(),
        "5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "20\n");

    let o = mica(&[
        "inspect",
        "--deps",
        "--module-path",
        dir.to_str().unwrap(),
        main.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("main (") && out.contains("-> math") && out.contains("math.wat"),
        "{out}"
    );
}

#[test]
fn inspect_json_lists_imports_and_exports() {
    let o = mica(&["inspect", "--json", &corpus("fib.wasm")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("{\"imports\":[{\"module\":\"wasi_snapshot_preview1\""),
        "{out}"
    );
    assert!(
        out.contains("{\"name\":\"_start\",\"kind\":\"func\""),
        "{out}"
    );
}

#[test]
fn max_memory_limits_growth() {
    let dir = temp_dir("maxmem");
    let f = dir.join("grow.wat");
    std::fs::write(
        &f,
        r#"(module (memory 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#,
    )
    .unwrap();
    let o = mica(&[
        "run",
        "--max-memory",
        "131072",
        "--invoke",
        "grow",
        f.to_str().unwrap(),
        "2",
    ]);
    assert_eq!(stdout(&o), "-1\n", "{}", stderr(&o));
    let o = mica(&["run", "--invoke", "grow", f.to_str().unwrap(), "2"]);
    assert_eq!(stdout(&o), "1\n");
}

/// The README's quick start is `cargo run --release -- run ...` at the workspace root, which
/// only works while the `mica` binary is the one binary among the default members (another
/// one, such as the fuzz driver, makes `cargo run` refuse to choose).
#[test]
fn quick_start_cargo_run_has_one_binary_to_pick() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("default-members"))
        .expect("a default-members list");
    let members: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
    assert!(!members.is_empty());
    let with_binaries: Vec<&str> = members
        .iter()
        .copied()
        .filter(|m| {
            let dir = root.join(m);
            let src = dir.join("src");
            let toml = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            src.join("main.rs").exists() || src.join("bin").is_dir() || toml.contains("[[bin]]")
        })
        .collect();
    assert_eq!(with_binaries, ["crates/mica-cli"]);
}
