//! Tests of the host-side API that need no wasm execution: linker definitions and their types,
//! the context builder, command-line spec parsing, exit codes.

mod common;

use common::{import_decls, SIGNATURES};
use mica::{Engine, ErrorKind, Extern, Linker, Module, Store, ValType};
use mica_wasi::{I32Exit, WasiCtx, WasiCtxBuilder, MODULE, PREVIEW1_FUNCS};

fn valtypes(sig: &str) -> Vec<ValType> {
    sig.chars()
        .map(|c| if c == 'i' { ValType::I32 } else { ValType::I64 })
        .collect()
}

#[test]
fn every_preview1_function_is_defined_with_the_spec_signature() {
    let engine = Engine::default();
    let mut linker = Linker::<WasiCtx>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |c| c).unwrap();
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build().unwrap());
    assert_eq!(PREVIEW1_FUNCS.len(), 46);
    assert_eq!(SIGNATURES.len(), 46);
    for (name, params, results) in SIGNATURES {
        assert!(
            PREVIEW1_FUNCS.contains(name),
            "{name} missing from PREVIEW1_FUNCS"
        );
        let Some(Extern::Func(f)) = linker.get(&mut store, MODULE, name) else {
            panic!("{name} is not defined as a function");
        };
        let ty = f.ty(&store);
        assert_eq!(ty.params(), &valtypes(params)[..], "params of {name}");
        assert_eq!(ty.results(), &valtypes(results)[..], "results of {name}");
    }
}

#[test]
fn a_module_importing_all_of_preview1_instantiates() {
    let engine = Engine::default();
    let wat = format!("(module\n{}(memory (export \"memory\") 1))", import_decls());
    let module = Module::new(&engine, &wat).unwrap();
    let mut linker = Linker::<WasiCtx>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |c| c).unwrap();
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build().unwrap());
    linker.instantiate(&mut store, &module).unwrap();
}

#[test]
fn a_wrong_import_type_is_a_link_error() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))))"#,
    )
    .unwrap();
    let mut linker = Linker::<WasiCtx>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |c| c).unwrap();
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build().unwrap());
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Link(_)), "{err}");
    assert!(err.to_string().contains("fd_write"), "{err}");
}

#[test]
fn host_data_can_hold_the_context_in_a_field() {
    struct Host {
        #[allow(dead_code)]
        name: &'static str,
        wasi: WasiCtx,
    }
    let engine = Engine::default();
    let mut linker = Linker::<Host>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi).unwrap();
    assert!(linker.contains(MODULE, "path_open"));
    let _store = Store::new(
        &engine,
        Host {
            name: "x",
            wasi: WasiCtxBuilder::new().build().unwrap(),
        },
    );
}

#[test]
fn adding_twice_is_an_error_unless_shadowing() {
    let engine = Engine::default();
    let mut linker = Linker::<WasiCtx>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |c| c).unwrap();
    assert!(mica_wasi::add_to_linker(&mut linker, |c| c).is_err());
    linker.allow_shadowing(true);
    mica_wasi::add_to_linker(&mut linker, |c| c).unwrap();
}

#[test]
fn exit_code_is_found_through_the_error() {
    let err = mica::Error::host(I32Exit(17));
    assert_eq!(mica_wasi::exit_code(&err), Some(17));
    match err.kind() {
        ErrorKind::Host(e) => assert_eq!(e.downcast_ref::<I32Exit>(), Some(&I32Exit(17))),
        other => panic!("unexpected kind {other:?}"),
    }
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.downcast_ref::<I32Exit>(), Some(&I32Exit(17)));
    assert_eq!(mica_wasi::exit_code(&mica::Error::msg("other")), None);
    assert_eq!(
        mica_wasi::exit_code(&mica::Error::from(mica::TrapCode::Unreachable)),
        None
    );
    // Nested: a host error whose source is a mica error from proc_exit.
    #[derive(Debug)]
    struct Outer(mica::Error);
    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "outer")
        }
    }
    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
    let nested = mica::Error::host(Outer(mica::Error::host(I32Exit(4))));
    assert_eq!(mica_wasi::exit_code(&nested), Some(4));
    assert_eq!(I32Exit(4).to_string(), "wasi: proc_exit(4)");
}

#[test]
fn dir_specs() {
    use std::path::PathBuf;
    let p = mica_wasi::parse_dir_spec;
    assert_eq!(p("."), (PathBuf::from("."), ".".into()));
    assert_eq!(p("/a/b"), (PathBuf::from("/a/b"), "/a/b".into()));
    assert_eq!(p("host::/guest"), (PathBuf::from("host"), "/guest".into()));
    assert_eq!(p("h::g::x"), (PathBuf::from("h"), "g::x".into()));
}

#[test]
fn env_specs() {
    let p = mica_wasi::parse_env_spec;
    assert_eq!(p("A=1").unwrap(), Some(("A".into(), "1".into())));
    assert_eq!(p("A=").unwrap(), Some(("A".into(), "".into())));
    assert_eq!(p("A=x=y").unwrap(), Some(("A".into(), "x=y".into())));
    assert!(p("=x").is_err());
    assert!(p("").is_err());
    // `NAME` alone passes the host's value through.
    assert_eq!(
        p("MICA_WASI_SURELY_UNSET_VARIABLE").unwrap(),
        None::<(String, String)>
    );
    let path = std::env::var("PATH").unwrap();
    assert_eq!(p("PATH").unwrap(), Some(("PATH".into(), path)));
}

#[test]
fn build_reports_a_missing_directory() {
    let Err(err) = WasiCtxBuilder::new()
        .preopen_dir("/nonexistent/mica-wasi/dir", "/x")
        .build()
    else {
        panic!("a missing directory was preopened");
    };
    let msg = err.to_string();
    assert!(msg.contains("/nonexistent/mica-wasi/dir"), "{msg}");
    assert!(msg.contains("/x"), "{msg}");
}

#[test]
fn build_reports_invalid_strings() {
    assert!(WasiCtxBuilder::new().arg("a\0b").build().is_err());
    assert!(WasiCtxBuilder::new().env("A", "b\0").build().is_err());
    assert!(WasiCtxBuilder::new().env("A=B", "c").build().is_err());
}

#[test]
fn build_fills_args_env_and_preopens() {
    let dir = std::env::temp_dir();
    let mut b = WasiCtxBuilder::new();
    b.args(["prog", "x"])
        .arg("y")
        .env("K", "V")
        .envs([("K2", "V2")])
        .env_spec("K3=V3")
        .unwrap()
        .preopen_dir(&dir, "/tmp")
        .dir_spec(&format!("{}::.", dir.display()))
        .stdin_bytes(b"in".to_vec());
    let ctx = b.build().unwrap();
    assert_eq!(ctx.args.number_elements(), 3);
    assert_eq!(ctx.args.cumulative_size(), 5 + 2 + 2);
    assert_eq!(ctx.env.number_elements(), 3);
    assert!(ctx.table().contains_key(3));
    assert!(ctx.table().contains_key(4));
    assert!(!ctx.table().contains_key(5));
    // The builder is reset by `build`.
    let empty = b.build().unwrap();
    assert_eq!(empty.args.number_elements(), 0);
    assert!(!empty.table().contains_key(3));
}
