//! Instantiation in the spec's order: globals, element segments, then data segments, each in
//! order, the first out-of-bounds one trapping with earlier writes to imported objects kept;
//! then the start function, which may trap.
//!
//! Tests that run a start function or call wasm code need the interpreter.

use mica::{
    Caller, Engine, Func, Global, GlobalType, Instance, Memory, MemoryType, Module, Mutability,
    RefType, Store, Table, TableType, TrapCode, Val, ValType,
};

fn setup() -> (Engine, Store<()>) {
    let engine = Engine::default();
    let store = Store::new(&engine, ());
    (engine, store)
}

fn memory(store: &mut Store<()>, pages: u32) -> Memory {
    Memory::new(store, MemoryType::new(pages, None)).unwrap()
}

fn funcref_table(store: &mut Store<()>, size: u32) -> Table {
    Table::new(
        store,
        TableType::new(RefType::FUNCREF, size, None),
        Val::FuncRef(None),
    )
    .unwrap()
}

fn assert_trap(err: &mica::Error, code: TrapCode, message: &str) {
    assert_eq!(err.trap_code(), Some(code), "{err}");
    assert!(err.to_string().contains(message), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Data segments

#[test]
fn out_of_bounds_data_segment_traps_and_earlier_writes_stay() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "mem" (memory 1))
            (data (i32.const 0) "hello")
            (data (i32.const 100) "world")
            (data (i32.const 65534) "abc")
            (data (i32.const 200) "never"))"#,
    )
    .unwrap();
    let mem = memory(&mut store, 1);
    let err = Instance::new(&mut store, &module, &[mem.into()]).unwrap_err();
    assert_trap(
        &err,
        TrapCode::MemoryOutOfBounds,
        "out of bounds memory access",
    );
    let data = mem.data(&store);
    assert_eq!(&data[0..5], b"hello");
    assert_eq!(&data[100..105], b"world");
    // The failing segment writes nothing (bounds are checked before copying) and later ones
    // do not run.
    assert_eq!(&data[65534..], &[0, 0]);
    assert_eq!(&data[200..205], &[0; 5]);
}

#[test]
fn data_segment_fits_after_the_host_grew_the_memory() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "mem" (memory 1)) (data (i32.const 65536) "next page"))"#,
    )
    .unwrap();
    let mem = memory(&mut store, 1);
    let err = Instance::new(&mut store, &module, &[mem.into()]).unwrap_err();
    assert_trap(
        &err,
        TrapCode::MemoryOutOfBounds,
        "out of bounds memory access",
    );
    mem.grow(&mut store, 1).unwrap();
    Instance::new(&mut store, &module, &[mem.into()]).unwrap();
    assert_eq!(&mem.data(&store)[65536..65545], b"next page");
}

#[test]
fn segment_offsets_from_imported_globals() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "off" (global $off i32))
            (import "env" "mem" (memory 1))
            (import "env" "tab" (table 4 funcref))
            (import "env" "f" (func $f))
            (data (global.get $off) "at offset")
            (elem (global.get $off) func $f))"#,
    )
    .unwrap();
    let off = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(3),
    )
    .unwrap();
    let mem = memory(&mut store, 1);
    let tab = funcref_table(&mut store, 4);
    let f = Func::wrap(&mut store, || {});
    Instance::new(
        &mut store,
        &module,
        &[off.into(), mem.into(), tab.into(), f.into()],
    )
    .unwrap();
    assert_eq!(&mem.data(&store)[3..12], b"at offset");
    // The element is the imported function itself.
    assert!(matches!(tab.get(&mut store, 3), Some(Val::FuncRef(Some(g))) if g == f));
    assert!(matches!(tab.get(&mut store, 2), Some(Val::FuncRef(None))));
}

#[test]
fn passive_segments_are_not_applied() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "mem" (memory 1))
            (import "env" "tab" (table 1 funcref))
            (func $f)
            (data "passive")
            (elem func $f)
            (elem declare func $f))"#,
    )
    .unwrap();
    let mem = memory(&mut store, 1);
    let tab = funcref_table(&mut store, 1);
    Instance::new(&mut store, &module, &[mem.into(), tab.into()]).unwrap();
    assert!(mem.data(&store).iter().all(|b| *b == 0));
    assert!(matches!(tab.get(&mut store, 0), Some(Val::FuncRef(None))));
}

#[test]
fn data_drop_and_init_with_many_segments() {
    // 140 segments: an instance keeps the dropped state of the first 64 inline and of the
    // others in an allocated tail; check both sides of each boundary.
    let (engine, mut store) = setup();
    let mut wat = String::from(r#"(module (memory (export "mem") 1)"#);
    for i in 0..140 {
        if i % 2 == 0 {
            // Active segments are dropped by instantiation.
            wat.push_str(&format!(r#"(data (i32.const {i}) "\{:02x}")"#, i + 1));
        } else {
            wat.push_str(&format!(r#"(data "\{:02x}")"#, i + 1));
        }
    }
    for i in [1, 63, 65, 127, 129, 139] {
        wat.push_str(&format!(
            r#"(func (export "init{i}") (param i32) (memory.init {i} (local.get 0) (i32.const 0) (i32.const 1)))
               (func (export "drop{i}") (data.drop {i}))"#
        ));
    }
    for i in [0, 64, 128] {
        wat.push_str(&format!(
            r#"(func (export "init{i}") (param i32) (memory.init {i} (local.get 0) (i32.const 0) (i32.const 1)))"#
        ));
    }
    wat.push(')');
    let module = Module::new(&engine, &wat).unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let mem = instance.get_memory(&store, "mem").unwrap();
    let call = |store: &mut Store<()>, name: &str, args: &[Val]| {
        let f = instance.get_func(&*store, name).unwrap();
        f.call(store, args, &mut [])
    };
    for i in [0u32, 64, 128] {
        assert_eq!(
            mem.data(&store)[i as usize],
            i as u8 + 1,
            "active segment {i}"
        );
        let err = call(&mut store, &format!("init{i}"), &[Val::I32(1000)]).unwrap_err();
        assert_eq!(
            err.trap_code(),
            Some(TrapCode::MemoryOutOfBounds),
            "active {i}: {err}"
        );
    }
    for i in [1u32, 63, 65, 127, 129, 139] {
        call(
            &mut store,
            &format!("init{i}"),
            &[Val::I32(1000 + i as i32)],
        )
        .unwrap();
        assert_eq!(
            mem.data(&store)[1000 + i as usize],
            i as u8 + 1,
            "segment {i}"
        );
        call(&mut store, &format!("drop{i}"), &[]).unwrap();
        let err = call(&mut store, &format!("init{i}"), &[Val::I32(2000)]).unwrap_err();
        assert_eq!(
            err.trap_code(),
            Some(TrapCode::MemoryOutOfBounds),
            "dropped {i}: {err}"
        );
    }
    assert_eq!(mem.data(&store)[2000], 0, "dropped segments write nothing");
}

// ---------------------------------------------------------------------------------------------
// Element segments

#[test]
fn out_of_bounds_element_segment_traps_and_earlier_writes_stay() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "tab" (table 2 funcref))
            (func $a) (func $b) (func $c)
            (elem (i32.const 0) func $a)
            (elem (i32.const 1) func $b $c)
            (elem (i32.const 1) func $c))"#,
    )
    .unwrap();
    let tab = funcref_table(&mut store, 2);
    let err = Instance::new(&mut store, &module, &[tab.into()]).unwrap_err();
    assert_trap(
        &err,
        TrapCode::TableOutOfBounds,
        "out of bounds table access",
    );
    assert!(matches!(
        tab.get(&mut store, 0),
        Some(Val::FuncRef(Some(_)))
    ));
    // The failing segment writes nothing, and the later one does not run.
    assert!(matches!(tab.get(&mut store, 1), Some(Val::FuncRef(None))));
}

#[test]
fn element_segments_are_applied_before_data_segments() {
    // The data segment comes first in the text, but element segments run first: the trapping
    // element segment stops instantiation before any data is written.
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "mem" (memory 1))
            (import "env" "tab" (table 1 funcref))
            (func $f)
            (data (i32.const 0) "data")
            (elem (i32.const 1) func $f))"#,
    )
    .unwrap();
    let mem = memory(&mut store, 1);
    let tab = funcref_table(&mut store, 1);
    let err = Instance::new(&mut store, &module, &[mem.into(), tab.into()]).unwrap_err();
    assert_trap(
        &err,
        TrapCode::TableOutOfBounds,
        "out of bounds table access",
    );
    assert_eq!(&mem.data(&store)[..4], &[0; 4]);
}

#[test]
fn functions_written_by_a_failed_instantiation_stay_callable() {
    // The spec keeps a failed instance's functions alive when a segment already put them into
    // an imported table.
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "tab" (table 1 funcref))
            (memory 1)
            (func $f (result i32) i32.const 0 i32.load8_u)
            (elem (i32.const 0) func $f)
            (data (i32.const 0) "\2a")
            (data (i32.const 65536) "x"))"#,
    )
    .unwrap();
    let tab = funcref_table(&mut store, 1);
    let err = Instance::new(&mut store, &module, &[tab.into()]).unwrap_err();
    assert_trap(
        &err,
        TrapCode::MemoryOutOfBounds,
        "out of bounds memory access",
    );
    let Some(Val::FuncRef(Some(f))) = tab.get(&mut store, 0) else {
        panic!("no function in the table")
    };
    // The first data segment was written into the failed instance's own memory.
    assert_eq!(
        f.typed::<(), i32>(&store)
            .unwrap()
            .call(&mut store, ())
            .unwrap(),
        42
    );
}

#[test]
fn lazily_initialised_table_keeps_reference_identity() {
    // The table below is initialised lazily (constant in-bounds segment, null initial value):
    // references read from it, made by `ref.func` and exported all name the same function.
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (table (export "t") 3 funcref)
            (func $f (export "f") (result i32) (i32.const 1))
            (func $g (result i32) (i32.const 2))
            (elem (i32.const 0) func $f $g $g)
            (func (export "ref_g") (result funcref) (ref.func $g))
            (func (export "call") (param i32) (result i32)
                (call_indirect (result i32) (local.get 0))))"#,
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let call = inst.get_typed_func::<i32, i32>(&store, "call").unwrap();
    // Resolve one slot through call_indirect before the host looks at the table.
    assert_eq!(call.call(&mut store, 1).unwrap(), 2);
    let ref_g = inst
        .get_typed_func::<(), Option<Func>>(&store, "ref_g")
        .unwrap();
    let g = ref_g
        .call(&mut store, ())
        .unwrap()
        .expect("ref.func is not null");
    let f = inst.get_func(&store, "f").unwrap();
    let tab = inst.get_table(&store, "t").unwrap();
    assert!(matches!(tab.get(&mut store, 0), Some(Val::FuncRef(Some(x))) if x == f));
    assert!(matches!(tab.get(&mut store, 1), Some(Val::FuncRef(Some(x))) if x == g));
    assert!(matches!(tab.get(&mut store, 2), Some(Val::FuncRef(Some(x))) if x == g));
    assert_eq!(call.call(&mut store, 2).unwrap(), 2);
    assert_eq!(tab.size(&store), 3);
}

// ---------------------------------------------------------------------------------------------
// Start function

#[test]
fn start_function_runs_during_instantiation() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "g" (global $g (mut i32)))
            (memory (export "mem") 1)
            (data (i32.const 0) "\05")
            (func $start
                ;; the start function sees the data segments already applied
                i32.const 0 i32.load8_u
                i32.const 100 i32.add
                global.set $g)
            (start $start))"#,
    )
    .unwrap();
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Var),
        Val::I32(0),
    )
    .unwrap();
    Instance::new(&mut store, &module, &[g.into()]).unwrap();
    assert_eq!(g.get(&store).i32(), Some(105));
}

#[test]
fn trapping_start_function_fails_instantiation_and_writes_stay() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "mem" (memory 1))
            (data (i32.const 0) "kept")
            (func $start
                i32.const 10 i32.const 7 i32.store8
                unreachable)
            (start $start))"#,
    )
    .unwrap();
    let mem = memory(&mut store, 1);
    let err = Instance::new(&mut store, &module, &[mem.into()]).unwrap_err();
    assert_trap(&err, TrapCode::Unreachable, "unreachable");
    assert_eq!(&mem.data(&store)[..4], b"kept");
    assert_eq!(mem.data(&store)[10], 7);
}

#[test]
fn start_function_calls_the_host_with_the_new_instance_as_caller() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Vec::<String>::new());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "log" (func $log (param i32 i32)))
            (memory (export "memory") 1)
            (data (i32.const 16) "started")
            (func $start i32.const 16 i32.const 7 call $log)
            (start $start))"#,
    )
    .unwrap();
    let log = Func::wrap(
        &mut store,
        |mut caller: Caller<'_, Vec<String>>, ptr: u32, len: u32| {
            let mem = caller
                .get_export("memory")
                .and_then(|e| e.into_memory())
                .expect("memory");
            let bytes = mem.data(&caller)[ptr as usize..(ptr + len) as usize].to_vec();
            caller.data_mut().push(String::from_utf8(bytes).unwrap());
        },
    );
    Instance::new(&mut store, &module, &[log.into()]).unwrap();
    assert_eq!(store.data(), &["started"]);
}

#[test]
fn host_error_in_start_function_fails_instantiation_unchanged() {
    let (engine, mut store) = setup();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "fail" (func $fail)) (start $fail))"#,
    )
    .unwrap();
    let fail = Func::wrap(&mut store, || -> mica::Result<()> {
        Err(mica::Error::msg("no start"))
    });
    let err = Instance::new(&mut store, &module, &[fail.into()]).unwrap_err();
    assert!(matches!(err.kind(), mica::ErrorKind::Host(_)), "{err}");
    assert_eq!(err.to_string(), "no start");
}

/// Every instance of a module starts from the module's data, whether it was copied (the first
/// instantiation) or mapped copy-on-write from the module's image (later ones), and what one
/// instance writes is never seen by another — including instances in other stores and
/// instances created after earlier ones were dropped (whose memory reservations are recycled).
#[test]
fn each_instance_starts_from_the_module_data() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (memory (export "mem") 3)
            (global $base i32 (i32.const 70000))
            (data (i32.const 8) "abc")
            (data (global.get $base) "xyz")
            (data (i32.const 131072) "\01\02"))"#,
    )
    .unwrap();
    let expect = |store: &Store<()>, mem: Memory| {
        let d = mem.data(store);
        assert_eq!(&d[8..11], b"abc");
        assert_eq!(&d[70000..70003], b"xyz");
        assert_eq!(&d[131072..131074], &[1, 2]);
        let nonzero = d.iter().filter(|&&b| b != 0).count();
        assert_eq!(nonzero, 8, "only the data segments' bytes are set");
    };
    for round in 0..4 {
        let mut store = Store::new(&engine, ());
        for _ in 0..3 {
            let inst = Instance::new(&mut store, &module, &[]).unwrap();
            let mem = inst.get_memory(&store, "mem").unwrap();
            expect(&store, mem);
            let d = mem.data_mut(&mut store);
            d[8] = b'A' + round;
            d[70001] = 0xff;
            d[100] = 1;
            d[196607] = 9;
        }
    }
}

#[test]
fn recycled_image_memories_start_from_the_module_data() {
    // Constant offsets spanning over 64 KiB: from the second instantiation on, memories come
    // from the module image's slab of recycled slots. Enough rounds to wrap around the slab
    // several times, with several memories alive at once, written to and grown.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (memory (export "mem") 3 6)
            (data (i32.const 8) "abc")
            (data (i32.const 131072) "\01\02"))"#,
    )
    .unwrap();
    for round in 0..120u32 {
        let mut store = Store::new(&engine, ());
        for k in 0..3u32 {
            let inst = Instance::new(&mut store, &module, &[]).unwrap();
            let mem = inst.get_memory(&store, "mem").unwrap();
            assert_eq!(mem.size(&store), 3, "round {round}");
            let d = mem.data(&store);
            assert_eq!(&d[8..11], b"abc", "round {round}");
            assert_eq!(&d[131072..131074], &[1, 2], "round {round}");
            let nonzero = d.iter().filter(|&&b| b != 0).count();
            assert_eq!(
                nonzero, 5,
                "round {round}: only the data segments' bytes are set"
            );
            let d = mem.data_mut(&mut store);
            d[8] = b'A';
            d[131073] = 0xff;
            d[100] = 1;
            d[196607] = 9;
            if (round + k) % 5 == 0 {
                mem.grow(&mut store, 2).unwrap();
                let d = mem.data_mut(&mut store);
                assert!(
                    d[196608..].iter().all(|&b| b == 0),
                    "round {round}: grown part"
                );
                d[300000] = 7;
            }
        }
    }
}

#[test]
fn failed_instantiation_leaves_a_recycled_memory_without_its_data() {
    // Data segments come after element segments: when an element segment traps, a function
    // already written into an imported table must see its memory without the data, even when
    // the memory came from the image's slab with the data in place.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "tab" (table 1 funcref))
            (memory 2)
            (func $f (result i32) (i32.load8_u (i32.const 70000)))
            (elem (i32.const 0) func $f)
            (elem (i32.const 1) func $f)
            (data (i32.const 0) "\01")
            (data (i32.const 70000) "\2a"))"#,
    )
    .unwrap();
    let call0 = |store: &mut Store<()>, tab: Table| {
        let Some(Val::FuncRef(Some(f))) = tab.get(&mut *store, 0) else {
            panic!("no function in the table")
        };
        f.typed::<(), i32>(&*store)
            .unwrap()
            .call(&mut *store, ())
            .unwrap()
    };
    // Enough rounds to reuse every slot of the slab (re-imaging the zeroed ones).
    for round in 0..40 {
        let mut store = Store::new(&engine, ());
        // A table of 2 fits both segments: the instance is complete and sees its data. (A
        // varying number of them, so every slot serves both kinds of instantiation.)
        for _ in 0..1 + round % 3 {
            let tab = funcref_table(&mut store, 2);
            Instance::new(&mut store, &module, &[tab.into()]).unwrap();
            assert_eq!(call0(&mut store, tab), 42, "round {round}");
        }
        // A table of 1: the second segment traps before the data segments.
        let tab = funcref_table(&mut store, 1);
        let err = Instance::new(&mut store, &module, &[tab.into()]).unwrap_err();
        assert_trap(
            &err,
            TrapCode::TableOutOfBounds,
            "out of bounds table access",
        );
        assert_eq!(
            call0(&mut store, tab),
            0,
            "round {round}: data applied too early"
        );
    }
}
