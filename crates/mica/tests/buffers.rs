//! Buffer exchange (`module_malloc`/`module_free`) with and without an exported allocator.

use mica::{Config, Engine, Instance, Module, Store, Val};

#[test]
fn app_heap_when_the_module_exports_no_allocator() {
    let mut config = Config::new();
    config.app_heap_size(100_000);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, r#"(module (memory (export "memory") 1))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let mem = inst.get_memory(&store, "memory").unwrap();
    assert_eq!(mem.size(&store), 3, "1 page + 2 pages of app heap");
    let a = inst.module_malloc(&mut store, 1000).unwrap();
    assert!(a >= 65536, "the heap lies after the module's own memory");
    assert!(inst.validate_app_addr(&store, a, 1000));
    assert!(!inst.validate_app_addr(&store, 3 * 65536 - 4, 8));
    inst.app_bytes_mut(&mut store, a, 5)
        .unwrap()
        .copy_from_slice(b"hello");
    let mut buf = [0u8; 5];
    mem.read(&store, a as usize, &mut buf).unwrap();
    assert_eq!(&buf, b"hello");
    let ptr = inst.app_bytes(&store, a, 5).unwrap().as_ptr();
    assert_eq!(inst.app_offset_of(&store, ptr), Some(a));
    assert!(inst.app_bytes(&store, 3 * 65536 - 2, 4).is_err());

    // Exhaustion is an error, and nothing is corrupted by it.
    assert!(inst.module_malloc(&mut store, 200_000).is_err());
    let b = inst.module_malloc(&mut store, 90_000).unwrap();
    assert!(inst.module_malloc(&mut store, 20_000).is_err());
    // Double free and foreign addresses are refused.
    inst.module_free(&mut store, b).unwrap();
    assert!(inst.module_free(&mut store, b).is_err());
    assert!(inst.module_free(&mut store, a + 8).is_err());
    inst.module_free(&mut store, a).unwrap();
    // Everything coalesced: the whole heap can be allocated again.
    let c = inst.module_malloc(&mut store, 99_000).unwrap();
    assert_eq!(c, a);
}

#[test]
fn no_allocator_and_no_heap_is_an_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (memory 1))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let err = inst.module_malloc(&mut store, 16).unwrap_err();
    assert!(err.to_string().contains("no exported allocator"), "{err}");
}

/// A bump allocator exported by the module: module_malloc goes through it; frees are checked
/// on the host side first so a double free never reaches the guest.
#[test]
fn exported_allocator_is_used() {
    let mut config = Config::new();
    config.app_heap_size(65536); // ignored: the module has its own allocator
    let engine = Engine::new(&config);
    let module = Module::new(
        &engine,
        r#"(module
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (global $frees (mut i32) (i32.const 0))
            (func (export "malloc") (param $n i32) (result i32) (local $p i32)
                (if (i32.gt_u (i32.add (global.get $next) (local.get $n)) (i32.const 65536))
                    (then (return (i32.const 0))))
                (local.set $p (global.get $next))
                (global.set $next (i32.add (global.get $next) (local.get $n)))
                (local.get $p))
            (func (export "free") (param i32)
                (global.set $frees (i32.add (global.get $frees) (i32.const 1))))
            (func (export "frees") (result i32) global.get $frees))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    assert_eq!(
        inst.get_memory(&store, "memory").unwrap().size(&store),
        1,
        "no app heap appended"
    );
    let a = inst.module_malloc(&mut store, 100).unwrap();
    assert_eq!(a, 1024);
    let b = inst.module_malloc(&mut store, 100).unwrap();
    assert_eq!(b, 1124);
    assert!(
        inst.module_malloc(&mut store, 70_000).is_err(),
        "guest allocator exhausted"
    );
    inst.module_free(&mut store, a).unwrap();
    assert!(
        inst.module_free(&mut store, a).is_err(),
        "double free refused on the host side"
    );
    let mut r = [Val::I32(0)];
    inst.get_func(&store, "frees")
        .unwrap()
        .call(&mut store, &[], &mut r)
        .unwrap();
    assert_eq!(r[0].i32(), Some(1), "the guest's free ran exactly once");
}
