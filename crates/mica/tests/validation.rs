//! Load-time validation of large modules, whose function bodies may be validated on several
//! threads (`Config::parallel_compilation`): the outcome and the error reported must be those
//! of validating the bodies one by one, in order.

use mica::{Config, Engine, ErrorKind, Module};

/// A module of `n` functions with bodies of a few hundred bytes (about 1 MB of code for
/// n = 4000), where function `bad.0` has a type error and function `bad.1` uses a SIMD operator.
fn module(n: usize, bad: (Option<usize>, Option<usize>)) -> String {
    let mut w = String::from("(module (memory 1)\n");
    for f in 0..n {
        w.push_str(&format!(
            "(func $f{f} (param i32) (result i32) (local i32)\n"
        ));
        for k in 0..12 {
            w.push_str(&format!(
                "local.get 0 i32.const {k} i32.add i32.load offset={f} local.get 1 i32.xor local.set 1\n"
            ));
        }
        if bad.0 == Some(f) {
            w.push_str("i64.const 1 drop i32.const 1 i64.add drop\n");
        }
        if bad.1 == Some(f) {
            w.push_str("v128.const i64x2 1 2 drop\n");
        }
        w.push_str("local.get 1)\n");
    }
    w.push(')');
    w
}

fn load(parallel: bool, wat: &str) -> Result<Module, mica::Error> {
    let mut config = Config::new();
    config.parallel_compilation(parallel);
    Module::new(&Engine::new(&config), wat)
}

#[test]
fn large_valid_module_loads_the_same_either_way() {
    let wat = module(4000, (None, None));
    for parallel in [true, false] {
        let m = load(parallel, &wat).unwrap();
        assert!(
            m.code_size().wasm_bytes > 512 * 1024,
            "big enough to go parallel"
        );
    }
}

#[test]
fn the_first_bad_function_is_reported_whatever_the_threads() {
    // A type error early and an unsupported operator late, and the other way round: the error
    // of the earlier function wins, with the same message and offset as sequentially.
    for bad in [(Some(700), Some(3600)), (Some(3600), Some(700))] {
        let wat = module(4000, bad);
        let seq = load(false, &wat).unwrap_err();
        let par = load(true, &wat).unwrap_err();
        assert_eq!(seq.to_string(), par.to_string());
        let unsupported_first = bad.1 < bad.0;
        assert_eq!(
            matches!(par.kind(), ErrorKind::Unsupported { .. }),
            unsupported_first,
            "{par}"
        );
        assert_eq!(
            matches!(par.kind(), ErrorKind::Compile { .. }),
            !unsupported_first,
            "{par}"
        );
    }
}
