//! The statically typed API end to end: `TypedFunc` calls of wasm functions with every
//! `WasmTy`, multi-value results, references passed through wasm, and host functions made with
//! `Func::wrap` called from wasm.
//!
//! Tests that execute wasm code need the interpreter.

use mica::{
    Caller, Engine, Error, ErrorKind, ExternRef, Func, Instance, Module, Store, TypedFunc, ValType,
};

fn instance(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    (store, inst)
}

#[test]
fn numbers_round_trip_through_wasm() {
    let (mut store, inst) = instance(
        r#"(module
            (func (export "i32") (param i32) (result i32) local.get 0)
            (func (export "i64") (param i64) (result i64) local.get 0)
            (func (export "f32") (param f32) (result f32) local.get 0)
            (func (export "f64") (param f64) (result f64) local.get 0)
            (func (export "neg") (param i32) (result i32) i32.const 0 local.get 0 i32.sub)
            (func (export "wide") (param i32) (result i64) local.get 0 i64.extend_i32_u))"#,
    );
    let i32f = inst.get_typed_func::<i32, i32>(&store, "i32").unwrap();
    for v in [0, 1, -1, i32::MIN, i32::MAX] {
        assert_eq!(i32f.call(&mut store, v).unwrap(), v);
    }
    let u32f = inst.get_typed_func::<u32, u32>(&store, "i32").unwrap();
    assert_eq!(u32f.call(&mut store, u32::MAX).unwrap(), u32::MAX);
    let i64f = inst.get_typed_func::<i64, i64>(&store, "i64").unwrap();
    for v in [0, -1, i64::MIN, i64::MAX] {
        assert_eq!(i64f.call(&mut store, v).unwrap(), v);
    }
    let u64f = inst.get_typed_func::<u64, u64>(&store, "i64").unwrap();
    assert_eq!(u64f.call(&mut store, u64::MAX).unwrap(), u64::MAX);
    // NaN payloads are kept bit for bit.
    let f32f = inst.get_typed_func::<f32, f32>(&store, "f32").unwrap();
    let nan = f32::from_bits(0x7fa0_0001);
    assert_eq!(f32f.call(&mut store, nan).unwrap().to_bits(), 0x7fa0_0001);
    assert_eq!(
        f32f.call(&mut store, -0.0).unwrap().to_bits(),
        (-0.0f32).to_bits()
    );
    let f64f = inst.get_typed_func::<f64, f64>(&store, "f64").unwrap();
    let nan = f64::from_bits(0xfff0_0000_0000_0007);
    assert_eq!(
        f64f.call(&mut store, nan).unwrap().to_bits(),
        0xfff0_0000_0000_0007
    );

    // Negative i32 results come back right (whatever the executor keeps in the upper bits)...
    let neg = inst.get_typed_func::<i32, i32>(&store, "neg").unwrap();
    assert_eq!(neg.call(&mut store, 5).unwrap(), -5);
    // ... and negative i32 arguments are plain 32-bit values to wasm.
    let wide = inst.get_typed_func::<i32, i64>(&store, "wide").unwrap();
    assert_eq!(wide.call(&mut store, -1).unwrap(), 0xffff_ffff);
}

#[test]
fn multi_value_results() {
    let (mut store, inst) = instance(
        r#"(module
            (func (export "swap") (param i32 i64) (result i64 i32) local.get 1 local.get 0)
            (func (export "none"))
            (func (export "many") (result i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
                i32.const 1 i32.const 2 i32.const 3 i32.const 4 i32.const 5 i32.const 6
                i32.const 7 i32.const 8 i32.const 9 i32.const 10 i32.const 11 i32.const 12
                i32.const 13 i32.const 14 i32.const 15 i32.const 16))"#,
    );
    let swap = inst
        .get_typed_func::<(i32, i64), (i64, i32)>(&store, "swap")
        .unwrap();
    assert_eq!(swap.call(&mut store, (1, -2)).unwrap(), (-2, 1));
    let none = inst.get_typed_func::<(), ()>(&store, "none").unwrap();
    none.call(&mut store, ()).unwrap();
    type Sixteen = (
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
    );
    let many: TypedFunc<(), Sixteen> = inst.get_typed_func(&store, "many").unwrap();
    let (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) = many.call(&mut store, ()).unwrap();
    assert_eq!(
        [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p],
        core::array::from_fn(|i| i as i32 + 1)
    );
}

#[test]
fn references_round_trip_through_wasm() {
    let (mut store, inst) = instance(
        r#"(module
            (func (export "func") (param funcref) (result funcref) local.get 0)
            (func (export "extern") (param externref) (result externref) local.get 0)
            (func (export "nonnull") (param (ref func)) (result (ref func)) local.get 0)
            (func (export "is_null") (param externref) (result i32) local.get 0 ref.is_null))"#,
    );
    let target = Func::wrap(&mut store, || 1i32);
    let func = inst
        .get_typed_func::<Option<Func>, Option<Func>>(&store, "func")
        .unwrap();
    assert_eq!(func.call(&mut store, Some(target)).unwrap(), Some(target));
    assert_eq!(func.call(&mut store, None).unwrap(), None);
    let nonnull = inst
        .get_typed_func::<Func, Func>(&store, "nonnull")
        .unwrap();
    assert_eq!(nonnull.call(&mut store, target).unwrap(), target);

    let data = ExternRef::new(&mut store, String::from("host value"));
    let ext = inst
        .get_typed_func::<Option<ExternRef>, Option<ExternRef>>(&store, "extern")
        .unwrap();
    let back = ext.call(&mut store, Some(data)).unwrap().unwrap();
    assert_eq!(back, data);
    assert_eq!(
        back.data(&store).downcast_ref::<String>().unwrap(),
        "host value"
    );
    let is_null = inst
        .get_typed_func::<Option<ExternRef>, i32>(&store, "is_null")
        .unwrap();
    assert_eq!(is_null.call(&mut store, None).unwrap(), 1);
    assert_eq!(is_null.call(&mut store, Some(data)).unwrap(), 0);
}

#[test]
fn foreign_references_are_rejected_before_the_call() {
    let (mut store, inst) =
        instance(r#"(module (func (export "func") (param funcref) (result funcref) local.get 0))"#);
    let mut other = Store::new(store.engine(), ());
    let foreign = Func::wrap(&mut other, || {});
    let func = inst
        .get_typed_func::<Option<Func>, Option<Func>>(&store, "func")
        .unwrap();
    let err = func.call(&mut store, Some(foreign)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Usage(_)), "{err}");
    // The typed function itself is bound to its store.
    assert!(func.call(&mut other, None).is_err());
}

#[test]
fn wrapped_host_functions_called_from_wasm() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0i64);
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "add" (func $add (param i32 i64) (result i64)))
            (import "env" "count" (func $count))
            (import "env" "split" (func $split (param i64) (result i32 i32)))
            (import "env" "check" (func $check (param i32) (result i32)))
            (func (export "run") (param i32) (result i64)
                call $count
                call $count
                local.get 0 i64.const 10 call $add)
            (func (export "split_sum") (param i64) (result i32)
                local.get 0 call $split i32.add)
            (func (export "check") (param i32) (result i32) local.get 0 call $check))"#,
    )
    .unwrap();
    let add = Func::wrap(&mut store, |a: i32, b: i64| a as i64 + b);
    let count = Func::wrap(&mut store, |mut c: Caller<'_, i64>| *c.data_mut() += 1);
    let split = Func::wrap(&mut store, |v: i64| ((v >> 32) as i32, v as i32));
    let check = Func::wrap(&mut store, |v: i32| -> mica::Result<i32> {
        if v < 0 {
            Err(Error::msg("negative"))
        } else {
            Ok(v * 2)
        }
    });
    assert_eq!(add.ty(&store).params(), [ValType::I32, ValType::I64]);
    let inst = Instance::new(
        &mut store,
        &module,
        &[add.into(), count.into(), split.into(), check.into()],
    )
    .unwrap();
    let run = inst.get_typed_func::<i32, i64>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, -3).unwrap(), 7);
    assert_eq!(*store.data(), 2);
    let split_sum = inst
        .get_typed_func::<i64, i32>(&store, "split_sum")
        .unwrap();
    assert_eq!(split_sum.call(&mut store, (5 << 32) | 6).unwrap(), 11);
    let check = inst.get_typed_func::<i32, i32>(&store, "check").unwrap();
    assert_eq!(check.call(&mut store, 4).unwrap(), 8);
    let err = check.call(&mut store, -4).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Host(_)));
    assert_eq!(err.to_string(), "negative");
}

#[test]
fn typed_func_of_host_function_in_wasm_table() {
    // A host function stored in a table by wasm comes back out as the same `Func`.
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "h" (func $h (result i32)))
            (table 1 funcref)
            (elem (i32.const 0) func $h)
            (func (export "get") (result funcref) i32.const 0 table.get 0))"#,
    )
    .unwrap();
    let h = Func::wrap(&mut store, || 5i32);
    let inst = Instance::new(&mut store, &module, &[h.into()]).unwrap();
    let get = inst
        .get_typed_func::<(), Option<Func>>(&store, "get")
        .unwrap();
    let f = get.call(&mut store, ()).unwrap().unwrap();
    assert_eq!(f, h);
    assert_eq!(
        f.typed::<(), i32>(&store)
            .unwrap()
            .call(&mut store, ())
            .unwrap(),
        5
    );
}
