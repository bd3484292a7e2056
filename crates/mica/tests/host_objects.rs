//! Objects made by the host (`Memory::new`, `Table::new`, `Global::new`, `Tag::new`) imported by
//! modules: wasm and host see the same object, whoever changes it; and an imported object *is*
//! the exporter's object.
//!
//! Tests that execute wasm code need the interpreter.

use mica::{
    Engine, Extern, Func, FuncType, Global, GlobalType, HeapType, Instance, Memory, MemoryType,
    Module, Mutability, RefType, Store, Table, TableType, Tag, TagType, Val, ValType,
};

const PAGE: usize = 65536;

fn setup() -> (Engine, Store<()>) {
    let engine = Engine::default();
    let store = Store::new(&engine, ());
    (engine, store)
}

// ---------------------------------------------------------------------------------------------
// Memory

const MEMORY_USER: &str = r#"
(module
  (import "env" "mem" (memory 1 4))
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "store32") (param i32 i32) local.get 0 local.get 1 i32.store))
"#;

#[test]
fn host_memory_grown_and_written_by_the_host_is_seen_by_wasm() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, MEMORY_USER).unwrap();
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(4))).unwrap();
    let inst = Instance::new(&mut store, &module, &[mem.into()]).unwrap();
    let size = inst.get_typed_func::<(), i32>(&store, "size").unwrap();
    let load8 = inst.get_typed_func::<i32, i32>(&store, "load8").unwrap();
    let load32 = inst.get_typed_func::<i32, u32>(&store, "load32").unwrap();

    assert_eq!(size.call(&mut store, ()).unwrap(), 1);
    mem.write(&mut store, 100, &0xdead_beef_u32.to_le_bytes())
        .unwrap();
    assert_eq!(load32.call(&mut store, 100).unwrap(), 0xdead_beef);

    // Growth by the host is seen by wasm, and the new pages are addressable.
    assert_eq!(mem.grow(&mut store, 2).unwrap(), 1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 3);
    let last = 3 * PAGE - 1;
    mem.write(&mut store, last, &[0xab]).unwrap();
    assert_eq!(load8.call(&mut store, last as i32).unwrap(), 0xab);
    // Bytes written before the growth are still there.
    assert_eq!(load32.call(&mut store, 100).unwrap(), 0xdead_beef);
    // One past the end still traps.
    let err = load8.call(&mut store, (3 * PAGE) as i32).unwrap_err();
    assert_eq!(err.trap_code(), Some(mica::TrapCode::MemoryOutOfBounds));
}

#[test]
fn host_reads_what_wasm_stored_and_sees_wasm_growth() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, MEMORY_USER).unwrap();
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(4))).unwrap();
    let inst = Instance::new(&mut store, &module, &[mem.into()]).unwrap();
    let store32 = inst.get_func(&store, "store32").unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();

    // Untyped call with `Val`s.
    store32
        .call(&mut store, &[Val::I32(8), Val::I32(0x0102_0304)], &mut [])
        .unwrap();
    let mut buf = [0u8; 4];
    mem.read(&store, 8, &mut buf).unwrap();
    assert_eq!(buf, [4, 3, 2, 1]);
    assert_eq!(&mem.data(&store)[8..12], &[4, 3, 2, 1]);

    // `memory.grow` by wasm is seen by the host.
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(mem.size(&store), 2);
    assert_eq!(mem.data_size(&store), 2 * PAGE);
    store32
        .call(
            &mut store,
            &[Val::I32((2 * PAGE - 4) as i32), Val::I32(-1)],
            &mut [],
        )
        .unwrap();
    assert_eq!(&mem.data(&store)[2 * PAGE - 4..], &[0xff; 4]);

    // Both sides respect the maximum (4 pages).
    assert_eq!(grow.call(&mut store, 3).unwrap(), -1);
    assert!(mem.grow(&mut store, 3).is_err());
    assert_eq!(mem.grow(&mut store, 2).unwrap(), 2);
    assert_eq!(grow.call(&mut store, 0).unwrap(), 4);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn host_memory_shared_by_two_instances() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, MEMORY_USER).unwrap();
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(4))).unwrap();
    let a = Instance::new(&mut store, &module, &[mem.into()]).unwrap();
    let b = Instance::new(&mut store, &module, &[mem.into()]).unwrap();
    let store_a = a
        .get_typed_func::<(i32, i32), ()>(&store, "store32")
        .unwrap();
    let load_b = b.get_typed_func::<i32, i32>(&store, "load32").unwrap();
    let grow_a = a.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    let size_b = b.get_typed_func::<(), i32>(&store, "size").unwrap();
    store_a.call(&mut store, (16, 77)).unwrap();
    assert_eq!(load_b.call(&mut store, 16).unwrap(), 77);
    assert_eq!(grow_a.call(&mut store, 1).unwrap(), 1);
    assert_eq!(size_b.call(&mut store, ()).unwrap(), 2);
    store_a.call(&mut store, (PAGE as i32 + 4, 5)).unwrap();
    assert_eq!(load_b.call(&mut store, PAGE as i32 + 4).unwrap(), 5);
}

// ---------------------------------------------------------------------------------------------
// Table

const TABLE_WRITER: &str = r#"
(module
  (import "env" "table" (table 2 funcref))
  (type $ret_i32 (func (result i32)))
  (func $forty_two (type $ret_i32) i32.const 42)
  (func $seven (type $ret_i32) i32.const 7)
  (elem (i32.const 1) $seven)
  (elem declare func $forty_two)
  (func (export "install") (param i32) local.get 0 ref.func $forty_two table.set 0)
  (func (export "size") (result i32) table.size 0))
"#;

const TABLE_CALLER: &str = r#"
(module
  (import "env" "table" (table 2 funcref))
  (type $ret_i32 (func (result i32)))
  (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $ret_i32))
  (func (export "size") (result i32) table.size 0)
  (func (export "grow") (param i32) (result i32) ref.null func local.get 0 table.grow 0))
"#;

fn funcref_table(store: &mut Store<()>, min: u32, max: Option<u32>) -> Table {
    Table::new(
        store,
        TableType::new(RefType::FUNCREF, min, max),
        Val::FuncRef(None),
    )
    .unwrap()
}

#[test]
fn host_table_shared_by_two_instances() {
    let (engine, mut store) = setup();
    let writer = Module::new(&engine, TABLE_WRITER).unwrap();
    let caller = Module::new(&engine, TABLE_CALLER).unwrap();
    let table = funcref_table(&mut store, 2, None);
    let a = Instance::new(&mut store, &writer, &[table.into()]).unwrap();
    let b = Instance::new(&mut store, &caller, &[table.into()]).unwrap();

    // The active element segment of A filled slot 1.
    let seven = table.get(&mut store, 1).unwrap();
    assert!(matches!(seven, Val::FuncRef(Some(_))));
    let call = b.get_typed_func::<i32, i32>(&store, "call").unwrap();
    assert_eq!(call.call(&mut store, 1).unwrap(), 7);

    // Slot 0 is null until A's `table.set` fills it.
    let err = call.call(&mut store, 0).unwrap_err();
    assert_eq!(err.trap_code(), Some(mica::TrapCode::UninitializedElement));
    let install = a.get_typed_func::<i32, ()>(&store, "install").unwrap();
    install.call(&mut store, 0).unwrap();
    assert_eq!(call.call(&mut store, 0).unwrap(), 42);

    // The host sees A's function in the table and can call it.
    let Some(Val::FuncRef(Some(f))) = table.get(&mut store, 0) else {
        panic!("slot 0 is not a function")
    };
    assert_eq!(
        f.typed::<(), i32>(&store)
            .unwrap()
            .call(&mut store, ())
            .unwrap(),
        42
    );
}

#[test]
fn host_table_growth_is_seen_by_both_instances() {
    let (engine, mut store) = setup();
    let writer = Module::new(&engine, TABLE_WRITER).unwrap();
    let caller = Module::new(&engine, TABLE_CALLER).unwrap();
    let table = funcref_table(&mut store, 2, Some(10));
    let a = Instance::new(&mut store, &writer, &[table.into()]).unwrap();
    let b = Instance::new(&mut store, &caller, &[table.into()]).unwrap();
    let size_a = a.get_typed_func::<(), i32>(&store, "size").unwrap();
    let size_b = b.get_typed_func::<(), i32>(&store, "size").unwrap();
    assert_eq!(
        (
            size_a.call(&mut store, ()).unwrap(),
            size_b.call(&mut store, ()).unwrap()
        ),
        (2, 2)
    );

    // Growth by the host, with a host function as the fill value.
    let host = Func::wrap(&mut store, || 99i32);
    assert_eq!(
        table.grow(&mut store, 3, Val::FuncRef(Some(host))).unwrap(),
        2
    );
    assert_eq!(
        (
            size_a.call(&mut store, ()).unwrap(),
            size_b.call(&mut store, ()).unwrap()
        ),
        (5, 5)
    );
    let call = b.get_typed_func::<i32, i32>(&store, "call").unwrap();
    // A host function of the right type is callable through `call_indirect`.
    assert_eq!(call.call(&mut store, 4).unwrap(), 99);
    // A's `table.set` into the grown part works.
    a.get_typed_func::<i32, ()>(&store, "install")
        .unwrap()
        .call(&mut store, 3)
        .unwrap();
    assert_eq!(call.call(&mut store, 3).unwrap(), 42);

    // Growth by wasm (B) is seen by the host and by A.
    let grow_b = b.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow_b.call(&mut store, 1).unwrap(), 5);
    assert_eq!(table.size(&store), 6);
    assert_eq!(size_a.call(&mut store, ()).unwrap(), 6);
    // Beyond the maximum, both fail.
    assert_eq!(grow_b.call(&mut store, 5).unwrap(), -1);
    assert!(table.grow(&mut store, 5, Val::FuncRef(None)).is_err());
}

#[test]
fn call_indirect_checks_the_type_of_a_host_function_in_a_host_table() {
    let (engine, mut store) = setup();
    let caller = Module::new(&engine, TABLE_CALLER).unwrap();
    let table = funcref_table(&mut store, 2, None);
    let wrong = Func::wrap(&mut store, |x: i32| x);
    table.set(&mut store, 0, Val::FuncRef(Some(wrong))).unwrap();
    let b = Instance::new(&mut store, &caller, &[table.into()]).unwrap();
    let call = b.get_typed_func::<i32, i32>(&store, "call").unwrap();
    let err = call.call(&mut store, 0).unwrap_err();
    assert_eq!(
        err.trap_code(),
        Some(mica::TrapCode::IndirectCallTypeMismatch)
    );
    let err = call.call(&mut store, 2).unwrap_err();
    assert_eq!(err.trap_code(), Some(mica::TrapCode::UndefinedElement));
}

// ---------------------------------------------------------------------------------------------
// Global

const GLOBAL_USER: &str = r#"
(module
  (import "env" "g" (global $g (mut i32)))
  (import "env" "d" (global $d (mut f64)))
  (func (export "get") (result i32) global.get $g)
  (func (export "set") (param i32) local.get 0 global.set $g)
  (func (export "get_d") (result f64) global.get $d)
  (func (export "set_d") (param f64) local.get 0 global.set $d))
"#;

#[test]
fn mutable_host_global_changed_by_wasm_and_by_host() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, GLOBAL_USER).unwrap();
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Var),
        Val::I32(1),
    )
    .unwrap();
    let d = Global::new(
        &mut store,
        GlobalType::new(ValType::F64, Mutability::Var),
        0.5f64.into(),
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[g.into(), d.into()]).unwrap();
    let get = inst.get_typed_func::<(), i32>(&store, "get").unwrap();
    let set = inst.get_typed_func::<i32, ()>(&store, "set").unwrap();

    assert_eq!(get.call(&mut store, ()).unwrap(), 1);
    set.call(&mut store, -5).unwrap();
    assert_eq!(g.get(&store).i32(), Some(-5));
    g.set(&mut store, Val::I32(9)).unwrap();
    assert_eq!(get.call(&mut store, ()).unwrap(), 9);

    // Untyped calls on the f64 global.
    let get_d = inst.get_func(&store, "get_d").unwrap();
    let set_d = inst.get_func(&store, "set_d").unwrap();
    let mut out = [Val::F64(0)];
    get_d.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0].f64(), Some(0.5));
    set_d
        .call(&mut store, &[Val::from(-2.25f64)], &mut [])
        .unwrap();
    assert_eq!(d.get(&store).f64(), Some(-2.25));
    d.set(&mut store, Val::from(3.0f64)).unwrap();
    get_d.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0].f64(), Some(3.0));
}

#[test]
fn host_global_shared_by_two_instances() {
    let (engine, mut store) = setup();
    let module = Module::new(&engine, GLOBAL_USER).unwrap();
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Var),
        Val::I32(0),
    )
    .unwrap();
    let d = Global::new(
        &mut store,
        GlobalType::new(ValType::F64, Mutability::Var),
        0.0f64.into(),
    )
    .unwrap();
    let a = Instance::new(&mut store, &module, &[g.into(), d.into()]).unwrap();
    let b = Instance::new(&mut store, &module, &[g.into(), d.into()]).unwrap();
    a.get_typed_func::<i32, ()>(&store, "set")
        .unwrap()
        .call(&mut store, 31)
        .unwrap();
    assert_eq!(
        b.get_typed_func::<(), i32>(&store, "get")
            .unwrap()
            .call(&mut store, ())
            .unwrap(),
        31
    );
}

#[test]
fn immutable_host_global_initialises_module_globals() {
    // Needs no execution: constant expressions are evaluated at instantiation.
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "base" (global $base i64))
            (global (export "copy") i64 (global.get $base))
            (global (export "sum") i64 (i64.add (global.get $base) (i64.const 1))))"#,
    )
    .unwrap();
    let base = Global::new(
        &mut store,
        GlobalType::new(ValType::I64, Mutability::Const),
        Val::I64(41),
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[base.into()]).unwrap();
    assert_eq!(
        inst.get_global(&store, "copy").unwrap().get(&store).i64(),
        Some(41)
    );
    assert_eq!(
        inst.get_global(&store, "sum").unwrap().get(&store).i64(),
        Some(42)
    );
    assert!(base.set(&mut store, Val::I64(0)).is_err());
}

// ---------------------------------------------------------------------------------------------
// Tag

#[test]
fn host_tag_imported_and_re_exported() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "t" (tag $t (param i32 f64)))
            (tag $own (param i32 f64))
            (export "t" (tag $t))
            (export "own" (tag $own)))"#,
    )
    .unwrap();
    let ty = TagType {
        ty: FuncType::new([ValType::I32, ValType::F64], []),
    };
    let tag = Tag::new(&mut store, &ty);
    assert_eq!(tag.ty(&store), ty);
    let inst = Instance::new(&mut store, &module, &[tag.into()]).unwrap();
    // The import *is* the host's tag; a tag the module defines is another one, even with the
    // same type.
    assert_eq!(inst.get_tag(&store, "t"), Some(tag));
    let own = inst.get_tag(&store, "own").unwrap();
    assert_ne!(own, tag);
    assert_eq!(own.ty(&store), ty);
    // Instantiating again makes a new tag of its own, but shares the import.
    let inst2 = Instance::new(&mut store, &module, &[tag.into()]).unwrap();
    assert_eq!(inst2.get_tag(&store, "t"), Some(tag));
    assert_ne!(inst2.get_tag(&store, "own"), Some(own));
}

// ---------------------------------------------------------------------------------------------
// Identity of imported objects

#[test]
fn imported_objects_are_the_exporters_objects() {
    let (engine, mut store) = setup();
    let exporter = Module::new(
        &engine,
        r#"(module
            (memory (export "mem") 1)
            (table (export "tab") 1 funcref)
            (global (export "g") (mut i32) (i32.const 3))
            (tag (export "t") (param i64))
            (func (export "f") (param i32) (result i32) local.get 0))"#,
    )
    .unwrap();
    let reexporter = Module::new(
        &engine,
        r#"(module
            (import "a" "mem" (memory 1))
            (import "a" "tab" (table 1 funcref))
            (import "a" "g" (global (mut i32)))
            (import "a" "t" (tag (param i64)))
            (import "a" "f" (func (param i32) (result i32)))
            (export "mem" (memory 0))
            (export "tab" (table 0))
            (export "g" (global 0))
            (export "t" (tag 0))
            (export "f" (func 0)))"#,
    )
    .unwrap();
    let a = Instance::new(&mut store, &exporter, &[]).unwrap();
    let names = ["mem", "tab", "g", "t", "f"];
    let imports: Vec<Extern> = names
        .iter()
        .map(|n| a.get_export(&store, n).unwrap())
        .collect();
    let b = Instance::new(&mut store, &reexporter, &imports).unwrap();
    for (name, ext) in names.iter().zip(&imports) {
        assert_eq!(
            b.get_export(&store, name).as_ref(),
            Some(ext),
            "export {name}"
        );
    }

    // Changes through one handle are changes of the one object.
    let mem_b = b.get_memory(&store, "mem").unwrap();
    mem_b.grow(&mut store, 1).unwrap();
    mem_b.write(&mut store, PAGE + 1, b"shared").unwrap();
    let mem_a = a.get_memory(&store, "mem").unwrap();
    assert_eq!(mem_a.size(&store), 2);
    assert_eq!(&mem_a.data(&store)[PAGE + 1..PAGE + 7], b"shared");
    let g_b = b.get_global(&store, "g").unwrap();
    g_b.set(&mut store, Val::I32(12)).unwrap();
    assert_eq!(
        a.get_global(&store, "g").unwrap().get(&store).i32(),
        Some(12)
    );
    let tab_b = b.get_table(&store, "tab").unwrap();
    let f = a.get_func(&store, "f").unwrap();
    tab_b.set(&mut store, 0, f.into()).unwrap();
    assert!(matches!(
        a.get_table(&store, "tab").unwrap().get(&mut store, 0),
        Some(Val::FuncRef(Some(g))) if g == f
    ));
}

#[test]
fn table_of_non_nullable_function_references() {
    // `(ref func)` tables need an initial value; the host provides one.
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "tab" (table 1 (ref func)))
            (func (export "first") (result funcref) i32.const 0 table.get 0))"#,
    )
    .unwrap();
    let f = Func::wrap(&mut store, || {});
    let non_null = RefType::new(false, HeapType::Func);
    assert!(Table::new(
        &mut store,
        TableType::new(non_null, 1, None),
        Val::FuncRef(None)
    )
    .is_err());
    let table = Table::new(&mut store, TableType::new(non_null, 1, None), f.into()).unwrap();
    let inst = Instance::new(&mut store, &module, &[table.into()]).unwrap();
    let first = inst
        .get_typed_func::<(), Option<Func>>(&store, "first")
        .unwrap();
    assert_eq!(first.call(&mut store, ()).unwrap(), Some(f));
}

#[test]
fn global_types_of_host_and_instance_globals_interleaved() {
    // Instance globals take their types from their module and host globals carry their own:
    // every global reports its own type, however their creations interleave.
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "h" (global $h i64))
            (global (export "a") i32 (i32.const 1))
            (global (export "b") (mut f64) (f64.const 2.5))
            (global (export "c") (mut i64) (global.get $h))
            (global (export "d") funcref (ref.null func)))"#,
    )
    .unwrap();
    let c = |t| GlobalType::new(t, Mutability::Const);
    let v = |t| GlobalType::new(t, Mutability::Var);
    let mut seen = Vec::new();
    for round in 0..3i64 {
        let h = Global::new(&mut store, c(ValType::I64), Val::I64(round)).unwrap();
        seen.push((h, c(ValType::I64), Val::I64(round)));
        let inst = Instance::new(&mut store, &module, &[h.into()]).unwrap();
        let g = |name| inst.get_global(&store, name).unwrap();
        seen.push((g("a"), c(ValType::I32), Val::I32(1)));
        seen.push((g("b"), v(ValType::F64), Val::from(2.5f64)));
        seen.push((g("c"), v(ValType::I64), Val::I64(round)));
        seen.push((g("d"), c(ValType::FUNCREF), Val::FuncRef(None)));
        let extra = Global::new(&mut store, v(ValType::F32), Val::from(0.5f32)).unwrap();
        seen.push((extra, v(ValType::F32), Val::from(0.5f32)));
    }
    for (g, ty, val) in seen {
        assert_eq!(g.ty(&store), ty);
        assert_eq!(format!("{:?}", g.get(&store)), format!("{val:?}"));
    }
}
