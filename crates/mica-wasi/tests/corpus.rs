//! The corpus of WASI command programs (C compiled with wasi-libc, see
//! `tests/corpus/README.md`): each program, in both its MVP and its `.ext` build, run at the small
//! size of `expected-small/SIZES`, must print exactly `expected-small/NAME.txt` and exit with 0.
//!
//! The test uses the copies in `tests/corpus/`; when the shared corpus
//! (`../../../shared/corpus` from this crate) is present and one of its binaries differs from
//! the copy (the corpus was rebuilt), that binary is run too.

use std::path::{Path, PathBuf};

use mica::{Engine, Linker, Module, Store};
use mica_wasi::{OutputBuffer, WasiCtx, WasiCtxBuilder};

fn in_repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// The small size of `name` from `SIZES`.
fn size_of(name: &str) -> String {
    let sizes = std::fs::read_to_string(in_repo().join("expected-small/SIZES"))
        .expect("tests/corpus/expected-small/SIZES");
    sizes
        .lines()
        .filter_map(|l| l.split_once(' '))
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s.trim().to_string())
        .unwrap_or_else(|| panic!("{name} not in SIZES"))
}

/// Runs a WASI command with `args`; returns its exit status and stdout.
fn run_command(wasm: &[u8], args: &[&str]) -> (i32, Vec<u8>) {
    let engine = Engine::default();
    let module = Module::new(&engine, wasm).expect("corpus module compiles");
    let stdout = OutputBuffer::new();
    let stderr = OutputBuffer::new();
    let ctx = WasiCtxBuilder::new()
        .args(args)
        .stdout(stdout.pipe())
        .stderr(stderr.pipe())
        .build()
        .unwrap();
    let mut linker = Linker::<WasiCtx>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |c| c).unwrap();
    let mut store = Store::new(&engine, ctx);
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .expect("_start");
    let status = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => mica_wasi::exit_code(&e).unwrap_or_else(|| {
            panic!("{args:?} failed: {e}\nstderr: {}", stderr.to_string_lossy())
        }),
    };
    assert!(
        stderr.contents().is_empty(),
        "{args:?} wrote to stderr: {}",
        stderr.to_string_lossy()
    );
    (status, stdout.contents())
}

fn check_program(name: &str) {
    let size = size_of(name);
    let expected = std::fs::read(in_repo().join(format!("expected-small/{name}.txt")))
        .expect("expected output");
    for variant in [format!("{name}.wasm"), format!("{name}.ext.wasm")] {
        let wasm = std::fs::read(in_repo().join(&variant)).expect("in-repo corpus copy");
        let mut binaries = vec![(format!("tests/corpus/{variant}"), wasm.clone())];
        if let Ok(shared_wasm) = std::fs::read(shared().join("build").join(&variant)) {
            if shared_wasm != wasm {
                binaries.push((format!("shared/corpus/build/{variant}"), shared_wasm));
            }
        }
        for (what, bytes) in binaries {
            let (status, out) = run_command(&bytes, &[&variant, &size]);
            assert_eq!(status, 0, "{what} {size}: exit status");
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&expected),
                "{what} {size}: stdout"
            );
        }
    }
}

macro_rules! corpus_tests {
    ($($name:ident)*) => {$(
        #[test]
        fn $name() {
            check_program(stringify!($name));
        }
    )*};
}

corpus_tests!(alloc alu_hash bignum dispatch fib matmul memops nbody sha256 sieve sort stackvm);

#[test]
fn every_program_of_sizes_has_a_test_and_a_copy() {
    let tested = [
        "alloc", "alu_hash", "bignum", "dispatch", "fib", "matmul", "memops", "nbody", "sha256",
        "sieve", "sort", "stackvm",
    ];
    let sizes = std::fs::read_to_string(in_repo().join("expected-small/SIZES")).unwrap();
    let listed: Vec<&str> = sizes
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(listed, tested);
    for name in tested {
        assert!(in_repo().join(format!("{name}.wasm")).is_file(), "{name}");
        assert!(
            in_repo().join(format!("{name}.ext.wasm")).is_file(),
            "{name}"
        );
        assert!(in_repo()
            .join(format!("expected-small/{name}.txt"))
            .is_file());
    }
    // Programs the shared corpus may have gained since the copy was made.
    if let Ok(entries) = std::fs::read_dir(shared().join("build")) {
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            if let Some(stem) = file.strip_suffix(".wasm") {
                let stem = stem.strip_suffix(".ext").unwrap_or(stem);
                assert!(
                    tested.contains(&stem),
                    "shared corpus program {file} has no test here"
                );
            }
        }
    }
}
