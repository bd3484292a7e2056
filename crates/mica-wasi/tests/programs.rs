//! Whole WASI programs written in WAT (`tests/programs/`), run as commands with the results
//! checked on the host side.

mod common;

use common::{Guest, TempDir};
use mica_wasi::WasiCtxBuilder;

/// Runs `_start`; returns the exit status (0 for a normal return).
fn run_start(g: &mut Guest) -> i32 {
    let start = g
        .instance
        .get_typed_func::<(), ()>(&g.store, "_start")
        .unwrap();
    match start.call(&mut g.store, ()) {
        Ok(()) => 0,
        Err(e) => mica_wasi::exit_code(&e).unwrap_or_else(|| panic!("_start failed: {e}")),
    }
}

#[test]
fn fs_ops_program_works_in_a_preopened_directory() {
    let dir = TempDir::new("fs-ops");
    std::fs::write(dir.path().join("keep.txt"), b"untouched").unwrap();
    let mut g = Guest::with_module(
        include_str!("programs/fs_ops.wat"),
        WasiCtxBuilder::new()
            .arg("fs_ops")
            .env("GREETING", "hi")
            .preopen_dir(dir.path(), "/"),
    );
    assert_eq!(
        run_start(&mut g),
        7,
        "stdout: {}",
        g.stdout.to_string_lossy()
    );
    assert_eq!(g.stdout.to_string_lossy(), "written by wasm\nGREETING=hi");
    assert!(g.stderr.contents().is_empty());
    let out = dir.path().join("out");
    assert_eq!(
        std::fs::read(out.join("final.txt")).unwrap(),
        b"written by wasm\n"
    );
    assert!(!out.join("tmp.txt").exists());
    assert!(!dir.path().join("junk.txt").exists());
    assert_eq!(
        std::fs::read(dir.path().join("keep.txt")).unwrap(),
        b"untouched"
    );
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["keep.txt", "out"]);
}

#[test]
fn fs_ops_program_reports_the_failing_step() {
    // Without a preopened directory, the first step (mkdir in fd 3) fails: exit 11.
    let mut g = Guest::with_module(
        include_str!("programs/fs_ops.wat"),
        WasiCtxBuilder::new().env("A", "b"),
    );
    assert_eq!(run_start(&mut g), 11);
    // With `out` already present, mkdir fails the same way.
    let dir = TempDir::new("fs-ops-exists");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let mut g = Guest::with_module(
        include_str!("programs/fs_ops.wat"),
        WasiCtxBuilder::new()
            .env("A", "b")
            .preopen_dir(dir.path(), "."),
    );
    assert_eq!(run_start(&mut g), 11);
    // A second environment variable is noticed.
    let dir = TempDir::new("fs-ops-env");
    let mut g = Guest::with_module(
        include_str!("programs/fs_ops.wat"),
        WasiCtxBuilder::new()
            .env("A", "b")
            .env("C", "d")
            .preopen_dir(dir.path(), "."),
    );
    assert_eq!(run_start(&mut g), 99);
}

#[test]
fn context_in_a_field_of_the_host_data_next_to_other_host_functions() {
    use mica::{Caller, Engine, Linker, Module, Store};
    struct Host {
        notes: Vec<i32>,
        wasi: mica_wasi::WasiCtx,
    }
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (import "host" "note" (func $note (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 64) "ok\n")
      (func (export "_start")
        (call $note (call $sizes (i32.const 0) (i32.const 4)))
        (call $note (i32.load (i32.const 0)))
        (i32.store (i32.const 16) (i32.const 64))
        (i32.store (i32.const 20) (i32.const 3))
        (call $note (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
        (call $note (call $sizes (i32.const 0) (i32.const 4)))
        (call $note (i32.load (i32.const 4)))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut linker = Linker::<Host>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi).unwrap();
    linker
        .func_wrap("host", "note", |mut c: Caller<'_, Host>, x: i32| {
            c.data_mut().notes.push(x)
        })
        .unwrap();
    let out = mica_wasi::OutputBuffer::new();
    let wasi = WasiCtxBuilder::new()
        .args(["one", "two"])
        .stdout(out.pipe())
        .build()
        .unwrap();
    let mut store = Store::new(
        &engine,
        Host {
            notes: Vec::new(),
            wasi,
        },
    );
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance.get_typed_func::<(), ()>(&store, "_start").unwrap();
    start.call(&mut store, ()).unwrap();
    assert_eq!(store.data().notes, [0, 2, 0, 0, 8]);
    assert_eq!(out.contents(), b"ok\n");
    // The host's context is the one in use, not a stand-in.
    assert_eq!(store.data().wasi.args.number_elements(), 2);
}
