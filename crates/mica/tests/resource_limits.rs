//! Resource limits: a limiter that refuses growth, caps on instances/memories/tables, and
//! hostile sizes that must give clean errors with memory staying bounded.

use mica::{
    Engine, Instance, Memory, MemoryType, Module, RefType, Store, StoreLimitsBuilder, Table,
    TableType, Val,
};

fn limited_store(engine: &Engine) -> Store<()> {
    let mut store = Store::new(engine, ());
    store.limiter(
        StoreLimitsBuilder::new()
            .memory_size(4 * 65536)
            .table_elements(1000)
            .instances(3)
            .memories(2)
            .tables(2)
            .build(),
    );
    store
}

#[test]
fn memory_growth_over_the_limit_is_refused() {
    let engine = Engine::default();
    let mut store = limited_store(&engine);
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
             (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#,
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), 1);
    assert_eq!(
        grow.call(&mut store, 2).unwrap(),
        -1,
        "5 pages exceed the 4-page limit"
    );
    assert_eq!(grow.call(&mut store, 1).unwrap(), 3);
    let m = inst.get_memory(&store, "m").unwrap();
    assert!(m.grow(&mut store, 1).is_err(), "host growth is limited too");
    assert_eq!(m.size(&store), 4);
}

#[test]
fn oversized_memories_and_tables_are_clean_errors() {
    let engine = Engine::default();
    let mut store = limited_store(&engine);
    let big_mem = Module::new(&engine, "(module (memory 65536))").unwrap();
    let err = Instance::new(&mut store, &big_mem, &[]).unwrap_err();
    assert!(err.to_string().contains("resource limit"), "{err}");
    let big_table = Module::new(&engine, "(module (table 10000000 funcref))").unwrap();
    let err = Instance::new(&mut store, &big_table, &[]).unwrap_err();
    assert!(err.to_string().contains("resource limit"), "{err}");
    assert!(Memory::new(&mut store, MemoryType::new(100, None)).is_err());
    assert!(Table::new(
        &mut store,
        TableType::new(RefType::FUNCREF, 5000, None),
        Val::FuncRef(None)
    )
    .is_err());

    // Without a limiter, a table of 10^8 elements is refused by the runtime's own cap.
    let mut free = Store::new(&engine, ());
    let huge = Module::new(&engine, "(module (table 100000000 funcref))").unwrap();
    assert!(Instance::new(&mut free, &huge, &[]).is_err());
}

#[test]
fn table_growth_over_the_limit_is_refused() {
    let engine = Engine::default();
    let mut store = limited_store(&engine);
    let module = Module::new(
        &engine,
        r#"(module (table 10 funcref)
             (func (export "grow") (param i32) (result i32) ref.null func local.get 0 table.grow 0))"#,
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 990).unwrap(), 10);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn counts_of_instances_memories_and_tables_are_capped() {
    let engine = Engine::default();
    let mut store = limited_store(&engine);
    let module = Module::new(&engine, "(module)").unwrap();
    for _ in 0..3 {
        Instance::new(&mut store, &module, &[]).unwrap();
    }
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(err.to_string().contains("too many instances"), "{err}");
    let mut store = limited_store(&engine);
    Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    assert!(Memory::new(&mut store, MemoryType::new(1, None)).is_err());
}

#[test]
fn module_size_and_function_count_limits_at_load() {
    let mut config = mica::Config::new();
    config.max_module_size(64).max_functions(3);
    let engine = Engine::new(&config);
    let err = Module::new(&engine, "(module (func) (func) (func) (func))").unwrap_err();
    assert!(err.to_string().contains("4 functions"), "{err}");
    let big = format!("(module (data \"{}\"))", "x".repeat(100));
    let err = Module::new(&engine, big).unwrap_err();
    assert!(
        err.to_string().contains("exceeds the configured limit"),
        "{err}"
    );
    Module::new(&engine, "(module (func) (func))").unwrap();
}

/// A section claiming more entries than it has bytes is refused before anything sized by the
/// claim is allocated (wasmparser would otherwise reserve ~63 MiB for 100,000 exports).
#[test]
fn section_counts_larger_than_their_bytes_are_refused() {
    let engine = Engine::default();
    // Header, then an export section of 3 bytes claiming 100,000 entries (LEB128 a0 8d 06).
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend_from_slice(&[0x07, 0x03, 0xa0, 0x8d, 0x06]);
    let err = Module::new(&engine, &bytes).unwrap_err();
    assert!(err.to_string().contains("declares 100000 entries"), "{err}");
    // The same for a function section.
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend_from_slice(&[0x03, 0x02, 0x7f, 0x00]);
    let err = Module::new(&engine, &bytes).unwrap_err();
    assert!(err.to_string().contains("declares 127 entries"), "{err}");
    // A count that fits is still checked by the validator as usual.
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend_from_slice(&[0x07, 0x01, 0x00]);
    Module::new(&engine, &bytes).unwrap();
}

/// Deep recursion is a clean trap, not a native stack overflow, and memory stays bounded.
#[test]
fn deep_recursion_is_a_trap() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module (func $f (export "f") (param i64) (result i64)
              local.get 0 i64.eqz if (result i64) i64.const 0 else
              local.get 0 i64.const 1 i64.sub call $f i64.const 1 i64.add end))"#,
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let f = inst.get_typed_func::<i64, i64>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, 1000).unwrap(), 1000);
    let err = f.call(&mut store, 1_000_000).unwrap_err();
    assert_eq!(
        err.trap_code(),
        Some(mica::TrapCode::StackOverflow),
        "{err}"
    );
    // The store is still usable afterwards.
    assert_eq!(f.call(&mut store, 10).unwrap(), 10);
}
