//! Unit tests of functions: the typed API and host functions made from closures.
//!
//! Tests that call through `crate::interp::call` (`Func::call`, `TypedFunc::call`) need the
//! interpreter to dispatch host functions; the others call the raw host function directly.

use super::typed::sealed::{StoreView, WasmTyListRaw, WasmTyRaw};
use super::*;
use crate::error::ErrorKind;
use crate::types::{HeapType, RefType, ValType};
use crate::value::ExternRef;
use crate::{Engine, Instance, Module};

fn store<T>(data: T) -> Store<T> {
    Store::new(&Engine::default(), data)
}

/// Calls a host function's raw form directly, as the executor will: arguments in
/// `buf[..params]`, results out of `buf[..results]`.
fn call_raw<T>(store: &mut Store<T>, f: Func, buf: &mut [u64]) -> Result<()> {
    store.inner.check(f.store);
    let FuncEntity::Host { host, .. } = store.inner.funcs[f.index as usize] else {
        panic!("not a host function");
    };
    let host = store.host_funcs[host as usize].clone();
    host(Caller::new(store, None), buf)
}

fn ty(params: &[ValType], results: &[ValType]) -> FuncType {
    FuncType::new(params.iter().copied(), results.iter().copied())
}

fn usage_message(err: &Error) -> &str {
    match err.kind() {
        ErrorKind::Usage(m) => m,
        other => panic!("expected a usage error, got {other:?}"),
    }
}

const NONNULL_FUNC: ValType = ValType::Ref(RefType {
    nullable: false,
    heap: HeapType::Func,
});
const NONNULL_EXTERN: ValType = ValType::Ref(RefType {
    nullable: false,
    heap: HeapType::Extern,
});

// ---------------------------------------------------------------------------------------------
// WasmTy and lists

#[test]
fn wasm_ty_value_types() {
    assert_eq!(i32::valtype(), ValType::I32);
    assert_eq!(u32::valtype(), ValType::I32);
    assert_eq!(i64::valtype(), ValType::I64);
    assert_eq!(u64::valtype(), ValType::I64);
    assert_eq!(f32::valtype(), ValType::F32);
    assert_eq!(f64::valtype(), ValType::F64);
    assert_eq!(<Option<Func>>::valtype(), ValType::FUNCREF);
    assert_eq!(Func::valtype(), NONNULL_FUNC);
    assert_eq!(<Option<ExternRef>>::valtype(), ValType::EXTERNREF);
    assert_eq!(ExternRef::valtype(), NONNULL_EXTERN);
}

#[test]
fn wasm_ty_list_value_types() {
    assert_eq!(<()>::valtypes().len(), 0);
    assert_eq!(i64::valtypes().collect::<Vec<_>>(), [ValType::I64]);
    assert_eq!(<(f32,)>::valtypes().collect::<Vec<_>>(), [ValType::F32]);
    assert_eq!(
        <(i32, Option<Func>, f64)>::valtypes().collect::<Vec<_>>(),
        [ValType::I32, ValType::FUNCREF, ValType::F64]
    );
    type L16 = (
        i32,
        i64,
        f32,
        f64,
        u32,
        u64,
        i32,
        i64,
        f32,
        f64,
        u32,
        u64,
        i32,
        i64,
        f32,
        f64,
    );
    let tys: Vec<ValType> = L16::valtypes().collect();
    assert_eq!(tys.len(), 16);
    assert_eq!(tys[15], ValType::F64);
}

fn roundtrip<V: WasmTy>(store: &Store<()>, v: V) -> (u64, V) {
    let raw = v.into_raw(StoreView(&store.inner)).unwrap();
    (raw, V::from_raw(raw, StoreView(&store.inner)))
}

#[test]
fn raw_slot_encoding() {
    let mut s = store(());
    assert_eq!(roundtrip(&s, -1i32), (0xffff_ffff, -1));
    assert_eq!(roundtrip(&s, u32::MAX), (0xffff_ffff, u32::MAX));
    assert_eq!(roundtrip(&s, -2i64), (u64::MAX - 1, -2));
    assert_eq!(roundtrip(&s, u64::MAX), (u64::MAX, u64::MAX));
    // NaN payloads survive.
    let nan32 = f32::from_bits(0x7fc0_1234);
    let (raw, back) = roundtrip(&s, nan32);
    assert_eq!((raw, back.to_bits()), (0x7fc0_1234, 0x7fc0_1234));
    let nan64 = f64::from_bits(0xfff8_0000_0000_0042);
    let (raw, back) = roundtrip(&s, nan64);
    assert_eq!(
        (raw, back.to_bits()),
        (0xfff8_0000_0000_0042, 0xfff8_0000_0000_0042)
    );
    // References: 0 is null, else index + 1 — agreeing with `Val`'s encoding.
    assert_eq!(roundtrip(&s, None::<Func>), (0, None));
    assert_eq!(roundtrip(&s, None::<ExternRef>), (0, None));
    let f = Func::wrap(&mut s, || {});
    let g = Func::wrap(&mut s, || {});
    assert_eq!(roundtrip(&s, Some(g)), (g.index as u64 + 1, Some(g)));
    assert_eq!(roundtrip(&s, f), (f.index as u64 + 1, f));
    assert_eq!(
        Val::FuncRef(Some(g)).to_raw(&s.inner).unwrap(),
        g.index as u64 + 1
    );
    let e = ExternRef::new(&mut s, "x");
    assert_eq!(roundtrip(&s, Some(e)), (e.index as u64 + 1, Some(e)));
    assert_eq!(roundtrip(&s, e), (e.index as u64 + 1, e));
}

#[test]
fn foreign_references_are_errors() {
    let mut a = store(());
    let b = store(());
    let f = Func::wrap(&mut a, || {});
    let e = ExternRef::new(&mut a, 1u8);
    let view = StoreView(&b.inner);
    assert!(usage_message(&f.into_raw(view).unwrap_err()).contains("another store"));
    assert!(usage_message(&Some(f).into_raw(view).unwrap_err()).contains("another store"));
    assert!(usage_message(&e.into_raw(view).unwrap_err()).contains("another store"));
    assert!(usage_message(&Some(e).into_raw(view).unwrap_err()).contains("another store"));
    assert!((1i32, None::<Func>, Some(f))
        .store_raw(view, &mut [0; 3])
        .is_err());
}

// ---------------------------------------------------------------------------------------------
// Func::wrap: type derivation

#[test]
fn wrap_derives_types() {
    let mut s = store(0u32);
    let cases: Vec<(Func, FuncType)> = vec![
        (Func::wrap(&mut s, || {}), ty(&[], &[])),
        (Func::wrap(&mut s, || 1i32), ty(&[], &[ValType::I32])),
        (
            Func::wrap(&mut s, |a: i32| a),
            ty(&[ValType::I32], &[ValType::I32]),
        ),
        (
            Func::wrap(&mut s, |a: u64, b: f32| (b, a)),
            ty(&[ValType::I64, ValType::F32], &[ValType::F32, ValType::I64]),
        ),
        (
            Func::wrap(&mut s, |a: f64| (a,)),
            ty(&[ValType::F64], &[ValType::F64]),
        ),
        (
            Func::wrap(
                &mut s,
                |f: Option<Func>, g: Func, e: Option<ExternRef>, x: ExternRef| (g, f, x, e),
            ),
            ty(
                &[
                    ValType::FUNCREF,
                    NONNULL_FUNC,
                    ValType::EXTERNREF,
                    NONNULL_EXTERN,
                ],
                &[
                    NONNULL_FUNC,
                    ValType::FUNCREF,
                    NONNULL_EXTERN,
                    ValType::EXTERNREF,
                ],
            ),
        ),
        (Func::wrap(&mut s, |_c: Caller<'_, u32>| {}), ty(&[], &[])),
        (
            Func::wrap(&mut s, |c: Caller<'_, u32>, a: i64| a + *c.data() as i64),
            ty(&[ValType::I64], &[ValType::I64]),
        ),
        (
            Func::wrap(&mut s, |a: i32| -> Result<()> {
                if a < 0 {
                    Err(Error::msg("neg"))
                } else {
                    Ok(())
                }
            }),
            ty(&[ValType::I32], &[]),
        ),
        (
            Func::wrap(
                &mut s,
                |_c: Caller<'_, u32>, a: i32| -> Result<(i32, i32)> { Ok((a, a)) },
            ),
            ty(&[ValType::I32], &[ValType::I32, ValType::I32]),
        ),
    ];
    for (i, (f, expected)) in cases.iter().enumerate() {
        assert_eq!(&f.ty(&s), expected, "case {i}");
    }
}

#[test]
fn wrap_twelve_arguments_and_sixteen_results() {
    let mut s = store(());
    #[rustfmt::skip]
    let f = Func::wrap(&mut s,
        |_c: Caller<'_, ()>, a: i32, b: i64, c: f32, d: f64, e: u32, f: u64, g: i32, h: i64, i: f32, j: f64, k: u32, l: u64| {
            (a, b, c, d, e, f, g, h, i, j, k, l, a, b, c, d)
        });
    let t = f.ty(&s);
    assert_eq!(t.params().len(), 12);
    assert_eq!(t.results().len(), 16);
    let mut buf: Vec<u64> = (1..=16).collect();
    call_raw(&mut s, f, &mut buf).unwrap();
    assert_eq!(buf, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4]);

    let g = Func::wrap(
        &mut s,
        |a: i32,
         b: i32,
         c: i32,
         d: i32,
         e: i32,
         f: i32,
         g: i32,
         h: i32,
         i: i32,
         j: i32,
         k: i32,
         l: i32| { a + b + c + d + e + f + g + h + i + j + k + l },
    );
    let mut buf: Vec<u64> = (1..=12).collect();
    call_raw(&mut s, g, &mut buf).unwrap();
    assert_eq!(buf[0], 78);
}

#[test]
fn host_func_from_closure_needs_no_store() {
    let (ty0, host) = typed::host_func_from_closure::<(), _, _>(|a: i32, b: i32| a.wrapping_mul(b));
    assert_eq!(ty0, ty(&[ValType::I32, ValType::I32], &[ValType::I32]));
    // The same raw function can serve several stores.
    for _ in 0..2 {
        let mut s = store(());
        let f = Func::from_host(&mut s, ty0.clone(), host.clone());
        let mut buf = [(-3i32) as u32 as u64, 5];
        call_raw(&mut s, f, &mut buf).unwrap();
        assert_eq!(buf[0], (-15i32) as u32 as u64);
    }
}

// ---------------------------------------------------------------------------------------------
// Func::wrap: behaviour of the raw form

#[test]
fn wrapped_closure_converts_arguments_and_results() {
    let mut s = store(());
    let f = Func::wrap(&mut s, |a: i32, b: f64, c: u64| {
        (c, a as f64 * b, a.wrapping_neg())
    });
    let mut buf = [(-2i32) as u32 as u64, 1.5f64.to_bits(), 7];
    call_raw(&mut s, f, &mut buf).unwrap();
    assert_eq!(buf, [7, (-3.0f64).to_bits(), 2]);
}

#[test]
fn wrapped_closure_sees_caller_data() {
    let mut s = store(Vec::<i32>::new());
    let f = Func::wrap(&mut s, |mut c: Caller<'_, Vec<i32>>, x: i32| {
        c.data_mut().push(x);
        c.data().len() as i32
    });
    let mut buf = [5];
    call_raw(&mut s, f, &mut buf).unwrap();
    let mut buf = [6];
    call_raw(&mut s, f, &mut buf).unwrap();
    assert_eq!(buf[0], 2);
    assert_eq!(s.data(), &[5, 6]);
}

#[test]
fn wrapped_closure_reference_arguments() {
    let mut s = store(());
    let target = Func::wrap(&mut s, || {});
    let e = ExternRef::new(&mut s, 42u32);
    let f = Func::wrap(&mut s, |f: Option<Func>, g: Func, x: Option<ExternRef>| {
        (g, f.is_none() as i32, x)
    });
    let mut buf = [0, target.index as u64 + 1, e.index as u64 + 1];
    call_raw(&mut s, f, &mut buf).unwrap();
    assert_eq!(buf, [target.index as u64 + 1, 1, e.index as u64 + 1]);
}

#[test]
fn wrapped_closure_error_passes_through() {
    #[derive(Debug)]
    struct MyError(u32);
    impl std::fmt::Display for MyError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "my error {}", self.0)
        }
    }
    impl std::error::Error for MyError {}

    let mut s = store(());
    let f = Func::wrap(&mut s, |x: u32| -> Result<u32> {
        if x == 0 {
            Err(Error::host(MyError(7)))
        } else {
            Ok(x)
        }
    });
    let mut buf = [0];
    let err = call_raw(&mut s, f, &mut buf).unwrap_err();
    let ErrorKind::Host(inner) = err.kind() else {
        panic!("not a host error: {err:?}")
    };
    assert_eq!(inner.downcast_ref::<MyError>().map(|e| e.0), Some(7));
    let mut buf = [3];
    call_raw(&mut s, f, &mut buf).unwrap();
    assert_eq!(buf, [3]);
}

#[test]
fn wrapped_closure_returning_foreign_reference_fails() {
    let mut other = store(());
    let foreign = Func::wrap(&mut other, || {});
    let mut s = store(());
    let f = Func::wrap(&mut s, move || Some(foreign));
    let err = call_raw(&mut s, f, &mut [0]).unwrap_err();
    assert!(usage_message(&err).contains("another store"));
}

// ---------------------------------------------------------------------------------------------
// TypedFunc: type checks

#[test]
fn typed_accepts_exact_type() {
    let mut s = store(());
    let f = Func::wrap(&mut s, |a: i32, b: i64| (b, a));
    let t = f.typed::<(i32, i64), (i64, i32)>(&s).unwrap();
    assert_eq!(t.func(), f);
    let g = Func::wrap(&mut s, |a: i32| a);
    assert!(g.typed::<i32, i32>(&s).is_ok());
    assert!(g.typed::<(i32,), (i32,)>(&s).is_ok());
    // u32 is i32 to wasm.
    assert!(g.typed::<u32, u32>(&s).is_ok());
    let h = Func::wrap(&mut s, || {});
    assert!(h.typed::<(), ()>(&s).is_ok());
}

#[test]
fn typed_rejects_other_types_naming_both() {
    let mut s = store(());
    let f = Func::wrap(&mut s, |a: i32, _b: i64| a);
    for err in [
        f.typed::<(i32, i64), i64>(&s).unwrap_err(),
        f.typed::<(i32, i32), i32>(&s).unwrap_err(),
        f.typed::<i32, i32>(&s).unwrap_err(),
        f.typed::<(i32, i64), ()>(&s).unwrap_err(),
        f.typed::<(i32, i64, i32), i32>(&s).unwrap_err(),
    ] {
        let msg = usage_message(&err);
        assert!(
            msg.contains("found (func (param i32 i64) (result i32))"),
            "{msg}"
        );
        assert!(msg.contains("expected (func"), "{msg}");
    }
    let msg = usage_message(&f.typed::<(i32, i64), (i64, f32)>(&s).unwrap_err()).to_string();
    assert!(
        msg.contains("expected (func (param i32 i64) (result i64 f32))"),
        "{msg}"
    );
}

#[test]
fn typed_reference_types_are_exact() {
    let mut s = store(());
    let f = Func::wrap(&mut s, |f: Option<Func>| f);
    assert!(f.typed::<Option<Func>, Option<Func>>(&s).is_ok());
    assert!(f.typed::<Func, Option<Func>>(&s).is_err());
    assert!(f.typed::<Option<ExternRef>, Option<Func>>(&s).is_err());
    let g = Func::wrap(&mut s, |e: ExternRef| Some(e));
    assert!(g.typed::<ExternRef, Option<ExternRef>>(&s).is_ok());
    assert!(g.typed::<Option<ExternRef>, Option<ExternRef>>(&s).is_err());
}

#[test]
fn typed_wasm_function_type_check() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (func (export "f") (param i32 f32) (result i64) i64.const 0)
            (func (export "g") (param funcref externref)))"#,
    )
    .unwrap();
    let mut s = Store::new(&engine, ());
    let inst = Instance::new(&mut s, &module, &[]).unwrap();
    assert!(inst.get_typed_func::<(i32, f32), i64>(&s, "f").is_ok());
    assert!(inst.get_typed_func::<(u32, f32), u64>(&s, "f").is_ok());
    let err = inst.get_typed_func::<(i32, f64), i64>(&s, "f").unwrap_err();
    assert_eq!(
        usage_message(&err),
        "function type mismatch: expected (func (param i32 f64) (result i64)), \
         found (func (param i32 f32) (result i64))"
    );
    assert!(inst
        .get_typed_func::<(Option<Func>, Option<ExternRef>), ()>(&s, "g")
        .is_ok());
    assert!(inst
        .get_typed_func::<(Option<ExternRef>, Option<Func>), ()>(&s, "g")
        .is_err());
    assert!(inst.get_typed_func::<(), ()>(&s, "missing").is_err());
}

#[test]
fn typed_with_foreign_store_is_an_error() {
    let mut a = store(());
    let b = store(());
    let f = Func::wrap(&mut a, |x: i32| x);
    let err = f.typed::<i32, i32>(&b).unwrap_err();
    assert!(usage_message(&err).contains("store other than"));
}

#[test]
fn typed_call_with_foreign_store_is_an_error() {
    let mut a = store(());
    let mut b = store(());
    let f = Func::wrap(&mut a, |x: i32| x)
        .typed::<i32, i32>(&a)
        .unwrap();
    let err = f.call(&mut b, 1).unwrap_err();
    assert!(usage_message(&err).contains("store other than"));
}

#[test]
fn typed_call_with_foreign_reference_argument_is_an_error() {
    let mut a = store(());
    let mut b = store(());
    let foreign = Func::wrap(&mut b, || {});
    let f = Func::wrap(&mut a, |x: Option<Func>| x)
        .typed::<Option<Func>, Option<Func>>(&a)
        .unwrap();
    let err = f.call(&mut a, Some(foreign)).unwrap_err();
    assert!(usage_message(&err).contains("another store"));
}

#[test]
fn typed_func_is_copy_and_debug() {
    let mut s = store(());
    let t = Func::wrap(&mut s, || {}).typed::<(), ()>(&s).unwrap();
    let u = t;
    assert_eq!(t.func(), u.func());
    assert!(format!("{t:?}").contains("TypedFunc"));
}

// ---------------------------------------------------------------------------------------------
// Calls of host functions through the executor's entry point (`crate::interp::call`).
// These need the interpreter to dispatch host functions.

#[test]
fn typed_call_of_host_function() {
    let mut s = store(100i64);
    let f = Func::wrap(&mut s, |c: Caller<'_, i64>, a: i64, b: i32| {
        (a + *c.data(), b as f32)
    });
    let t = f.typed::<(i64, i32), (i64, f32)>(&s).unwrap();
    assert_eq!(t.call(&mut s, (1, 2)).unwrap(), (101, 2.0));
}

#[test]
fn untyped_call_of_wrapped_function() {
    let mut s = store(());
    let f = Func::wrap(&mut s, |a: i32, b: i32| a - b);
    let mut out = [Val::I32(0)];
    f.call(&mut s, &[Val::I32(5), Val::I32(7)], &mut out)
        .unwrap();
    assert_eq!(out[0].i32(), Some(-2));
}

#[test]
fn typed_call_of_dynamic_host_function() {
    let mut s = store(());
    let f = Func::new(
        &mut s,
        ty(&[ValType::F64], &[ValType::F64, ValType::I32]),
        |_c, args, out| {
            let x = args[0].f64().unwrap();
            out[0] = Val::from(x * 2.0);
            out[1] = Val::I32(1);
            Ok(())
        },
    );
    let t = f.typed::<f64, (f64, i32)>(&s).unwrap();
    assert_eq!(t.call(&mut s, 1.25).unwrap(), (2.5, 1));
}

#[test]
fn typed_call_host_error_passes_through() {
    let mut s = store(());
    let f = Func::wrap(&mut s, || -> Result<i32> { Err(Error::msg("boom")) });
    let err = f
        .typed::<(), i32>(&s)
        .unwrap()
        .call(&mut s, ())
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Host(_)));
    assert_eq!(err.to_string(), "boom");
}

#[test]
fn typed_call_of_reference_identity() {
    let mut s = store(());
    let target = Func::wrap(&mut s, || 3i32);
    let f = Func::wrap(&mut s, |f: Func| Some(f))
        .typed::<Func, Option<Func>>(&s)
        .unwrap();
    assert_eq!(f.call(&mut s, target).unwrap(), Some(target));
}
