//! Instantiation linking: an extern list is checked against the module's imports with the
//! spec's matching rules, and every failure names the import with its expected and actual types.
//!
//! None of these tests executes wasm code.

use mica::{
    Engine, Error, ErrorKind, Extern, ExternType, Func, FuncType, Global, GlobalType, HeapType,
    Instance, LinkError, LinkErrorReason, Linker, Memory, MemoryType, Module, Mutability, RefType,
    Store, Table, TableType, Tag, TagType, Val, ValType,
};

fn setup() -> (Engine, Store<()>) {
    let engine = Engine::default();
    let store = Store::new(&engine, ());
    (engine, store)
}

/// The link error inside `err`, which must be one.
fn link_error(err: &Error) -> &LinkError {
    match err.kind() {
        ErrorKind::Link(l) => l,
        other => panic!("expected a link error, got {other:?}"),
    }
}

/// Asserts `err` is an `incompatible import type` error for `module::name` and returns the
/// expected and actual types.
fn incompatible<'e>(err: &'e Error, module: &str, name: &str) -> (&'e ExternType, &'e ExternType) {
    let l = link_error(err);
    assert_eq!(
        (l.module.as_str(), l.name.as_str()),
        (module, name),
        "{err}"
    );
    assert!(
        err.to_string().contains("incompatible import type"),
        "{err}"
    );
    match &l.reason {
        LinkErrorReason::IncompatibleType { expected, actual } => (expected, actual),
        other => panic!("expected an incompatible import type, got {other:?}"),
    }
}

#[test]
fn wrong_number_of_externs() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "f" (func)) (import "env" "g" (global i32)))"#,
    )
    .unwrap();
    let f = Func::wrap(&mut store, || {});
    for given in [
        vec![],
        vec![Extern::Func(f)],
        vec![f.into(), f.into(), f.into()],
    ] {
        let err = Instance::new(&mut store, &module, &given).unwrap_err();
        match &link_error(&err).reason {
            LinkErrorReason::WrongCount { expected, actual } => {
                assert_eq!((*expected, *actual), (2, given.len()));
            }
            other => panic!("expected a wrong count, got {other:?}"),
        }
    }
}

#[test]
fn unknown_import_names_the_import_and_its_type() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "missing" (func (param i32) (result i64))))"#,
    )
    .unwrap();
    let linker = Linker::<()>::new(&engine);
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    let l = link_error(&err);
    assert_eq!((l.module.as_str(), l.name.as_str()), ("env", "missing"));
    match &l.reason {
        LinkErrorReason::Unknown { expected } => assert_eq!(
            expected,
            &ExternType::Func(FuncType::new([ValType::I32], [ValType::I64]))
        ),
        other => panic!("expected an unknown import, got {other:?}"),
    }
    assert!(err.to_string().contains("unknown import"), "{err}");
}

#[test]
fn function_type_mismatch() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "f" (func (param i64) (result i64))))"#,
    )
    .unwrap();
    let f = Func::wrap(&mut store, |x: i32| x);
    let err = Instance::new(&mut store, &module, &[f.into()]).unwrap_err();
    let (expected, actual) = incompatible(&err, "env", "f");
    assert_eq!(
        expected,
        &ExternType::Func(FuncType::new([ValType::I64], [ValType::I64]))
    );
    assert_eq!(
        actual,
        &ExternType::Func(FuncType::new([ValType::I32], [ValType::I32]))
    );
    let msg = err.to_string();
    assert!(msg.contains("(func (param i64) (result i64))"), "{msg}");
    assert!(msg.contains("(func (param i32) (result i32))"), "{msg}");

    // The right type links.
    let g = Func::wrap(&mut store, |x: i64| x);
    Instance::new(&mut store, &module, &[g.into()]).unwrap();
}

#[test]
fn function_type_identity_is_engine_wide() {
    // A function of one module satisfies another module's import of a structurally equal type.
    let (engine, mut store) = setup();
    let a = Module::new(
        &engine,
        r#"(module (type $t (func (param f32) (result f32)))
                   (func (export "f") (type $t) local.get 0))"#,
    )
    .unwrap();
    let b = Module::new(
        &engine,
        r#"(module (type (func))
                   (type $u (func (param f32) (result f32)))
                   (import "a" "f" (func (type $u))))"#,
    )
    .unwrap();
    let ia = Instance::new(&mut store, &a, &[]).unwrap();
    let f = ia.get_func(&store, "f").unwrap();
    Instance::new(&mut store, &b, &[f.into()]).unwrap();
}

#[test]
fn wrong_kind_of_extern() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, r#"(module (import "env" "m" (memory 1)))"#).unwrap();
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(0),
    )
    .unwrap();
    let err = Instance::new(&mut store, &module, &[g.into()]).unwrap_err();
    let (expected, actual) = incompatible(&err, "env", "m");
    assert_eq!(expected, &ExternType::Memory(MemoryType::new(1, None)));
    assert_eq!(
        actual,
        &ExternType::Global(GlobalType::new(ValType::I32, Mutability::Const))
    );
}

#[test]
fn global_mutability_and_type_must_match() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "c" (global i32)) (import "env" "v" (global (mut i32))))"#,
    )
    .unwrap();
    let new_global = |store: &mut Store<()>, ty: ValType, m: Mutability, v: Val| {
        Global::new(store, GlobalType::new(ty, m), v).unwrap()
    };
    let c = new_global(&mut store, ValType::I32, Mutability::Const, Val::I32(1));
    let v = new_global(&mut store, ValType::I32, Mutability::Var, Val::I32(2));
    let c64 = new_global(&mut store, ValType::I64, Mutability::Const, Val::I64(1));
    Instance::new(&mut store, &module, &[c.into(), v.into()]).unwrap();

    // A mutable global for an immutable import, and the reverse.
    let err = Instance::new(&mut store, &module, &[v.into(), v.into()]).unwrap_err();
    let (expected, actual) = incompatible(&err, "env", "c");
    assert_eq!(
        expected,
        &ExternType::Global(GlobalType::new(ValType::I32, Mutability::Const))
    );
    assert_eq!(
        actual,
        &ExternType::Global(GlobalType::new(ValType::I32, Mutability::Var))
    );
    let err = Instance::new(&mut store, &module, &[c.into(), c.into()]).unwrap_err();
    incompatible(&err, "env", "v");
    // Another value type.
    let err = Instance::new(&mut store, &module, &[c64.into(), v.into()]).unwrap_err();
    let (_, actual) = incompatible(&err, "env", "c");
    assert_eq!(
        actual,
        &ExternType::Global(GlobalType::new(ValType::I64, Mutability::Const))
    );
}

#[test]
fn global_reference_subtyping() {
    // An immutable `(ref func)` global may satisfy a `funcref` import (covariance); a mutable one
    // may not (invariance).
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "c" (global funcref)) (import "env" "v" (global (mut funcref))))"#,
    )
    .unwrap();
    let f = Func::wrap(&mut store, || {});
    let non_null = ValType::Ref(RefType::new(false, HeapType::Func));
    let c = Global::new(
        &mut store,
        GlobalType::new(non_null, Mutability::Const),
        f.into(),
    )
    .unwrap();
    let v_exact = Global::new(
        &mut store,
        GlobalType::new(ValType::FUNCREF, Mutability::Var),
        f.into(),
    )
    .unwrap();
    let v_sub = Global::new(
        &mut store,
        GlobalType::new(non_null, Mutability::Var),
        f.into(),
    )
    .unwrap();
    Instance::new(&mut store, &module, &[c.into(), v_exact.into()]).unwrap();
    let err = Instance::new(&mut store, &module, &[c.into(), v_sub.into()]).unwrap_err();
    incompatible(&err, "env", "v");
}

#[test]
fn memory_limits_are_matched_against_the_current_size() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, r#"(module (import "env" "m" (memory 2)))"#).unwrap();
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let err = Instance::new(&mut store, &module, &[mem.into()]).unwrap_err();
    let (expected, actual) = incompatible(&err, "env", "m");
    assert_eq!(expected, &ExternType::Memory(MemoryType::new(2, None)));
    assert_eq!(actual, &ExternType::Memory(MemoryType::new(1, None)));
    // After growing to 2 pages it matches: the current size counts, not the initial one.
    mem.grow(&mut store, 1).unwrap();
    Instance::new(&mut store, &module, &[mem.into()]).unwrap();
    // Larger than the import's minimum is fine too.
    mem.grow(&mut store, 3).unwrap();
    Instance::new(&mut store, &module, &[mem.into()]).unwrap();
}

#[test]
fn memory_maximum_must_be_within_the_imports_maximum() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, r#"(module (import "env" "m" (memory 1 2)))"#).unwrap();
    for (max, ok) in [
        (None, false),
        (Some(3), false),
        (Some(2), true),
        (Some(1), true),
    ] {
        let mem = Memory::new(&mut store, MemoryType::new(1, max)).unwrap();
        let result = Instance::new(&mut store, &module, &[mem.into()]);
        assert_eq!(result.is_ok(), ok, "maximum {max:?}");
        if let Err(err) = result {
            let (_, actual) = incompatible(&err, "env", "m");
            assert_eq!(actual, &ExternType::Memory(MemoryType::new(1, max)));
        }
    }
    // One that grew past the import's minimum, within its maximum, links.
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(2))).unwrap();
    mem.grow(&mut store, 1).unwrap();
    Instance::new(&mut store, &module, &[mem.into()]).unwrap();
}

#[test]
fn table_limits_and_element_type_must_match() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "t" (table 3 8 funcref)))"#,
    )
    .unwrap();
    let table = |store: &mut Store<()>, min: u32, max: Option<u32>| {
        Table::new(
            store,
            TableType::new(RefType::FUNCREF, min, max),
            Val::FuncRef(None),
        )
        .unwrap()
    };
    let small = table(&mut store, 1, Some(8));
    let err = Instance::new(&mut store, &module, &[small.into()]).unwrap_err();
    let (expected, actual) = incompatible(&err, "env", "t");
    assert_eq!(
        expected,
        &ExternType::Table(TableType::new(RefType::FUNCREF, 3, Some(8)))
    );
    assert_eq!(
        actual,
        &ExternType::Table(TableType::new(RefType::FUNCREF, 1, Some(8)))
    );
    // Grown to the import's minimum, it matches.
    small.grow(&mut store, 2, Val::FuncRef(None)).unwrap();
    Instance::new(&mut store, &module, &[small.into()]).unwrap();

    let unbounded = table(&mut store, 3, None);
    let err = Instance::new(&mut store, &module, &[unbounded.into()]).unwrap_err();
    incompatible(&err, "env", "t");

    let externs = Table::new(
        &mut store,
        TableType::new(RefType::EXTERNREF, 3, Some(8)),
        Val::ExternRef(None),
    )
    .unwrap();
    let err = Instance::new(&mut store, &module, &[externs.into()]).unwrap_err();
    let (_, actual) = incompatible(&err, "env", "t");
    assert_eq!(
        actual,
        &ExternType::Table(TableType::new(RefType::EXTERNREF, 3, Some(8)))
    );
}

#[test]
fn tag_type_must_match() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, r#"(module (import "env" "t" (tag (param i32))))"#).unwrap();
    let wrong = Tag::new(
        &mut store,
        &TagType {
            ty: FuncType::new([ValType::I64], []),
        },
    );
    let err = Instance::new(&mut store, &module, &[wrong.into()]).unwrap_err();
    let (expected, actual) = incompatible(&err, "env", "t");
    assert_eq!(
        expected,
        &ExternType::Tag(TagType {
            ty: FuncType::new([ValType::I32], [])
        })
    );
    assert_eq!(
        actual,
        &ExternType::Tag(TagType {
            ty: FuncType::new([ValType::I64], [])
        })
    );
    let right = Tag::new(
        &mut store,
        &TagType {
            ty: FuncType::new([ValType::I32], []),
        },
    );
    Instance::new(&mut store, &module, &[right.into()]).unwrap();
}

#[test]
fn externs_of_another_store_are_rejected() {
    let (engine, mut store) = setup();
    let mut other = Store::new(&engine, ());
    let module = Module::new(&engine, r#"(module (import "env" "m" (memory 1)))"#).unwrap();
    let foreign = Memory::new(&mut other, MemoryType::new(1, None)).unwrap();
    let err = Instance::new(&mut store, &module, &[foreign.into()]).unwrap_err();
    let l = link_error(&err);
    assert_eq!((l.module.as_str(), l.name.as_str()), ("env", "m"));
    assert!(matches!(l.reason, LinkErrorReason::WrongStore), "{err}");
}

#[test]
fn failed_link_creates_nothing_observable() {
    // A failing link check happens before anything is allocated or written: a data segment for
    // an imported memory is not applied when a later import is wrong.
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "m" (memory 1))
            (import "env" "f" (func))
            (data (i32.const 0) "abc"))"#,
    )
    .unwrap();
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let wrong = Func::wrap(&mut store, |x: i32| x);
    let err = Instance::new(&mut store, &module, &[mem.into(), wrong.into()]).unwrap_err();
    incompatible(&err, "env", "f");
    assert_eq!(&mem.data(&store)[..3], &[0, 0, 0]);
}
