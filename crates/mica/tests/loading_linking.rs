//! Loading linking: dependencies found by name in search paths, loaded, instantiated once per
//! link graph, and linked through the ordinary instantiation path.
#![cfg(feature = "loading-linking")]

use std::path::PathBuf;

use mica::{Engine, ErrorKind, FsResolver, Linker, Module, ResolveError, Store, Val};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mica-ll-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A → {B, C} → D: D is instantiated once; B writes D's global, C reads it.
#[test]
fn diamond_shares_one_instance() {
    let dir = temp_dir("diamond");
    std::fs::write(
        dir.join("d.wat"),
        r#"(module (global (export "state") (mut i32) (i32.const 0))
                   (global $count (mut i32) (i32.const 0))
                   (func $init global.get $count i32.const 1 i32.add global.set $count)
                   (start $init)
                   (func (export "instances") (result i32) global.get $count))"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("b.wat"),
        r#"(module (import "d" "state" (global (mut i32)))
                   (func (export "set") (param i32) local.get 0 global.set 0))"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("c.wat"),
        r#"(module (import "d" "state" (global (mut i32)))
                   (import "d" "instances" (func $n (result i32)))
                   (func (export "get") (result i32) global.get 0)
                   (func (export "instances") (result i32) call $n))"#,
    )
    .unwrap();
    let engine = Engine::default();
    let a = Module::new(
        &engine,
        r#"(module (import "b" "set" (func $set (param i32)))
                   (import "c" "get" (func $get (result i32)))
                   (import "c" "instances" (func $n (result i32)))
                   (func (export "run") (result i32) i32.const 42 call $set call $get)
                   (func (export "instances") (result i32) call $n))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let resolver = FsResolver::new([&dir]);
    let graph = linker.dependency_graph(&a, "a", &resolver).unwrap();
    let order: Vec<&str> = graph.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(order, ["d", "b", "c", "a"]);
    let inst = linker
        .instantiate_with_resolver(&mut store, &a, "a", &resolver)
        .unwrap();
    let mut r = [Val::I32(0)];
    inst.get_func(&store, "run")
        .unwrap()
        .call(&mut store, &[], &mut r)
        .unwrap();
    assert_eq!(r[0].i32(), Some(42));
    inst.get_func(&store, "instances")
        .unwrap()
        .call(&mut store, &[], &mut r)
        .unwrap();
    assert_eq!(r[0].i32(), Some(1), "D must be instantiated exactly once");
}

#[test]
fn cycle_is_reported_with_every_member() {
    let dir = temp_dir("cycle");
    std::fs::write(
        dir.join("x.wat"),
        r#"(module (import "y" "f" (func)) (func (export "f")))"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("y.wat"),
        r#"(module (import "z" "f" (func)) (func (export "f")))"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("z.wat"),
        r#"(module (import "x" "f" (func)) (func (export "f")))"#,
    )
    .unwrap();
    let engine = Engine::default();
    let root = Module::new(&engine, r#"(module (import "x" "f" (func)))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let err = linker
        .instantiate_with_resolver(&mut store, &root, "root", &FsResolver::new([&dir]))
        .unwrap_err();
    match err.kind() {
        ErrorKind::Resolve(ResolveError::Cycle(names)) => assert_eq!(names, &["x", "y", "z", "x"]),
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("x -> y -> z -> x"), "{err}");
}

#[test]
fn missing_and_invalid_dependencies_name_the_file() {
    let dir = temp_dir("missing");
    std::fs::write(dir.join("broken.wasm"), b"\0asm\x01\0\0\0\x01\xff").unwrap();
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let resolver = FsResolver::new([&dir]);
    let root = Module::new(&engine, r#"(module (import "nothere" "f" (func)))"#).unwrap();
    let err = linker
        .instantiate_with_resolver(&mut store, &root, "root", &resolver)
        .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(
        err.kind(),
        ErrorKind::Resolve(ResolveError::NotFound { .. })
    ));
    assert!(
        msg.contains(&dir.join("nothere.wasm").display().to_string()),
        "{msg}"
    );
    let root = Module::new(&engine, r#"(module (import "broken" "f" (func)))"#).unwrap();
    let err = linker
        .instantiate_with_resolver(&mut store, &root, "root", &resolver)
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::Resolve(ResolveError::Load { .. })
    ));
    assert!(err.to_string().contains("broken.wasm"), "{err}");
}
