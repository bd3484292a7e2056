//! Linker behaviour: name resolution, shadowing, partial lists, the all-problems error, policies
//! for unknown imports, InstancePre, and a table shared by three modules.

use mica::{
    Engine, ErrorKind, Extern, FuncType, Global, GlobalType, ImportKey, LinkErrorReason, Linker,
    Memory, MemoryType, Module, Mutability, Store, Val, ValType,
};

fn i32_func_ty() -> FuncType {
    FuncType::new([ValType::I32], [ValType::I32])
}

#[test]
fn definitions_resolve_by_name_and_shadowing_is_opt_in() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let g1 = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(1),
    )
    .unwrap();
    let g2 = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(2),
    )
    .unwrap();
    linker.define("env", "g", g1).unwrap();
    let err = linker.define("env", "g", g2).unwrap_err();
    assert!(err.to_string().contains("already defined"), "{err}");
    linker.allow_shadowing(true);
    linker.define("env", "g", g2).unwrap();
    assert_eq!(linker.get(&mut store, "env", "g"), Some(Extern::Global(g2)));
    linker.alias("env", "g", "other", "h").unwrap();
    assert_eq!(
        linker.get(&mut store, "other", "h"),
        Some(Extern::Global(g2))
    );
    assert!(linker.get(&mut store, "env", "missing").is_none());
}

#[test]
fn resolve_imports_lists_every_problem_at_once() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "f" (func (param i32) (result i32)))
            (import "env" "missing_func" (func))
            (import "env" "g" (global (mut i32)))
            (import "env" "mem" (memory 2))
            (import "env" "missing_table" (table 1 funcref)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    // Wrong signature, immutable where mutable is needed, memory too small.
    linker
        .func_new("env", "f", FuncType::new([], []), |_, _, _| Ok(()))
        .unwrap();
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(0),
    )
    .unwrap();
    linker.define("env", "g", g).unwrap();
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    linker.define("env", "mem", mem).unwrap();

    let err = linker.resolve_imports(&mut store, &module).unwrap_err();
    let problems = err.problems();
    assert_eq!(problems.len(), 5, "{err}");
    let names: Vec<&str> = problems.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["f", "missing_func", "g", "mem", "missing_table"]);
    assert!(matches!(
        problems[0].reason,
        LinkErrorReason::IncompatibleType { .. }
    ));
    assert!(matches!(
        problems[1].reason,
        LinkErrorReason::Unknown { .. }
    ));
    assert!(matches!(
        problems[2].reason,
        LinkErrorReason::IncompatibleType { .. }
    ));
    assert!(matches!(
        problems[3].reason,
        LinkErrorReason::IncompatibleType { .. }
    ));
    assert!(matches!(
        problems[4].reason,
        LinkErrorReason::Unknown { .. }
    ));
    if let LinkErrorReason::IncompatibleType { expected, actual } = &problems[3].reason {
        assert_eq!(expected.to_string(), "(memory 2)");
        assert_eq!(actual.to_string(), "(memory 1)");
    }
    // Through instantiate, the same list arrives as one matchable error.
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    match err.kind() {
        ErrorKind::Imports(list) => assert_eq!(list.problems().len(), 5),
        other => panic!("unexpected error kind {other:?}"),
    }
}

#[test]
fn explicit_partial_list_is_completed_by_the_linker() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "a" (global i32))
            (import "env" "b" (global i32))
            (import "env" "c" (global i32)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let ty = GlobalType::new(ValType::I32, Mutability::Const);
    let [a, b, c, x, y] =
        [1, 2, 3, 10, 20].map(|v| Global::new(&mut store, ty, Val::I32(v)).unwrap());
    linker.define("env", "a", a).unwrap();
    linker.define("env", "b", b).unwrap();
    linker.define("env", "c", c).unwrap();
    let list = linker
        .resolve_imports_with(
            &mut store,
            &module,
            &[
                (ImportKey::Index(0), Extern::Global(x)),
                (ImportKey::Name("env", "c"), Extern::Global(y)),
            ],
        )
        .unwrap();
    assert_eq!(
        list,
        vec![Extern::Global(x), Extern::Global(b), Extern::Global(y)]
    );
    // A key naming no import is reported.
    let err = linker
        .resolve_imports_with(
            &mut store,
            &module,
            &[(ImportKey::Name("env", "zzz"), Extern::Global(x))],
        )
        .unwrap_err();
    assert!(matches!(
        err.problems()[0].reason,
        LinkErrorReason::NoSuchImport
    ));
}

#[test]
fn unknown_import_policies_are_opt_in() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "f" (func (result i32)))
            (import "env" "g" (global (mut i64)))
            (import "env" "m" (memory 1 3))
            (import "env" "t" (table 2 externref))
            (func (export "call_f") (result i32) call 0))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    assert_eq!(
        linker
            .resolve_imports(&mut store, &module)
            .unwrap_err()
            .problems()
            .len(),
        4
    );
    linker.define_unknown_imports_as_traps(true);
    assert_eq!(
        linker
            .resolve_imports(&mut store, &module)
            .unwrap_err()
            .problems()
            .len(),
        3
    );
    linker.define_unknown_imports_as_default_values(true);
    let list = linker.resolve_imports(&mut store, &module).unwrap();
    let Extern::Global(g) = list[1] else { panic!() };
    assert_eq!(g.get(&store).i64(), Some(0));
    let Extern::Memory(m) = list[2] else { panic!() };
    assert_eq!(m.size(&store), 1);
    let Extern::Table(t) = list[3] else { panic!() };
    assert_eq!(t.size(&store), 2);
    // The trap stub names the import when called.
    let Extern::Func(f) = list[0] else { panic!() };
    let err = f.call(&mut store, &[], &mut [Val::I32(0)]).unwrap_err();
    assert!(err.to_string().contains("env::f"), "{err}");
}

#[test]
fn instance_pre_rejects_bad_host_functions_up_front() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "f" (func (param i32) (result i32))))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_new("env", "f", FuncType::new([ValType::I64], []), |_, _, _| {
            Ok(())
        })
        .unwrap();
    let err = linker.instantiate_pre(&module).unwrap_err();
    assert_eq!(err.problems().len(), 1);
    let mut ok = Linker::<()>::new(&engine);
    ok.func_new("env", "f", i32_func_ty(), |_, a, r| {
        r[0] = Val::I32(a[0].i32().unwrap() + 1);
        Ok(())
    })
    .unwrap();
    let pre = ok.instantiate_pre(&module).unwrap();
    let mut store = Store::new(&engine, ());
    pre.instantiate(&mut store).unwrap();
}

/// The host function is created once per store, however many instances use it.
#[test]
fn linker_host_functions_are_created_once_per_store() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "f" (func (param i32) (result i32))) (export "f" (func 0)))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_new("env", "f", i32_func_ty(), |_, a, r| {
            r[0] = a[0];
            Ok(())
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let a = linker.instantiate(&mut store, &module).unwrap();
    let b = linker.instantiate(&mut store, &module).unwrap();
    assert_eq!(a.get_func(&store, "f"), b.get_func(&store, "f"));
    let mut other = Store::new(&engine, ());
    let c = linker.instantiate(&mut other, &module).unwrap();
    let mut r = [Val::I32(0)];
    c.get_func(&other, "f")
        .unwrap()
        .call(&mut other, &[Val::I32(7)], &mut r)
        .unwrap();
    assert_eq!(r[0].i32(), Some(7));
}

/// An InstancePre instantiated 1,000 times in one store.
#[test]
fn instance_pre_instantiates_many_times() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "counter" (global (mut i32)))
            (memory 1)
            (data (i32.const 0) "hello")
            (func $start global.get 0 i32.const 1 i32.add global.set 0)
            (start $start))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let counter = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Var),
        Val::I32(0),
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.define("env", "counter", counter).unwrap();
    let pre = linker.instantiate_pre(&module).unwrap();
    for _ in 0..1000 {
        pre.instantiate(&mut store).unwrap();
    }
    assert_eq!(counter.get(&store).i32(), Some(1000));
}

/// A table exported by one module and imported by two others, grown and written through each:
/// call_indirect results show all three see one table.
#[test]
fn one_table_shared_by_three_modules() {
    let engine = Engine::default();
    let owner = Module::new(
        &engine,
        r#"(module
            (table (export "t") 1 funcref)
            (func $seven (result i32) i32.const 7)
            (elem (i32.const 0) $seven)
            (type $r (func (result i32)))
            (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $r))
            (func (export "size") (result i32) table.size 0))"#,
    )
    .unwrap();
    let user = |value: i32| {
        Module::new(
            &engine,
            format!(
                r#"(module
                (import "owner" "t" (table 1 funcref))
                (type $r (func (result i32)))
                (func $mine (result i32) i32.const {value})
                (elem declare func $mine)
                (func (export "grow_and_put") (result i32)
                    (table.grow 0 (ref.func $mine) (i32.const 1)))
                (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $r)))"#
            ),
        )
        .unwrap()
    };
    let (b, c) = (user(100), user(200));
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let a = linker.instantiate(&mut store, &owner).unwrap();
    linker.instance(&store, "owner", a).unwrap();
    let b = linker.instantiate(&mut store, &b).unwrap();
    let c = linker.instantiate(&mut store, &c).unwrap();
    let call = |store: &mut Store<()>, inst: mica::Instance, name: &str, args: &[Val]| {
        let mut r = [Val::I32(0)];
        inst.get_func(&*store, name)
            .unwrap()
            .call(store, args, &mut r)
            .unwrap();
        r[0].i32().unwrap()
    };
    assert_eq!(call(&mut store, b, "grow_and_put", &[]), 1); // old size 1 → slot 1 = b's func
    assert_eq!(call(&mut store, c, "grow_and_put", &[]), 2); // slot 2 = c's func
    for inst in [a, b, c] {
        assert_eq!(call(&mut store, inst, "call", &[Val::I32(0)]), 7);
        assert_eq!(call(&mut store, inst, "call", &[Val::I32(1)]), 100);
        assert_eq!(call(&mut store, inst, "call", &[Val::I32(2)]), 200);
    }
    assert_eq!(call(&mut store, a, "size", &[]), 3);
    let t = a.get_table(&store, "t").unwrap();
    assert_eq!(t.size(&store), 3);
}
