//! Script values: arguments turned into [`Val`]s, results matched against the script's
//! patterns (NaN classes, null and non-null references, `either`), and both written out for
//! failure messages.

use std::fmt::Write;

use mica::{HeapType, Store, Val};
use wast::core::{AbstractHeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::token::{F32, F64};
use wast::WastRet;

/// The mica heap type of a script heap type. Concrete (indexed) types cannot be resolved
/// outside their module; their nulls are taken as function nulls, which is what the function
/// references tests use them for.
fn heap_type(h: &wast::core::HeapType<'_>) -> Result<HeapType, String> {
    use wast::core::HeapType as W;
    Ok(match h {
        W::Abstract { shared: true, .. } => {
            return Err("unsupported: shared references (shared-everything threads)".into())
        }
        W::Abstract { ty, .. } => match ty {
            AbstractHeapType::Func => HeapType::Func,
            AbstractHeapType::Extern => HeapType::Extern,
            AbstractHeapType::Exn => HeapType::Exn,
            AbstractHeapType::Any => HeapType::Any,
            AbstractHeapType::Eq => HeapType::Eq,
            AbstractHeapType::Struct => HeapType::Struct,
            AbstractHeapType::Array => HeapType::Array,
            AbstractHeapType::I31 => HeapType::I31,
            AbstractHeapType::NoFunc => HeapType::NoFunc,
            AbstractHeapType::NoExtern => HeapType::NoExtern,
            AbstractHeapType::None => HeapType::None,
            AbstractHeapType::NoExn => HeapType::NoExn,
            AbstractHeapType::Cont | AbstractHeapType::NoCont => {
                return Err("unsupported: continuation references (stack switching)".into())
            }
        },
        W::Concrete(_) => HeapType::Func,
        W::Exact(_) => return Err("unsupported: exact reference types (custom descriptors)".into()),
    })
}

/// Converts an argument. `externref` makes (or reuses) the extern reference of `ref.extern N`.
pub(crate) fn arg(
    a: &wast::WastArg<'_>,
    mut externref: impl FnMut(u32) -> mica::ExternRef,
) -> Result<Val, String> {
    let wast::WastArg::Core(a) = a else {
        return Err("unsupported: component-model values".into());
    };
    Ok(match a {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(h) => Val::null_of(heap_type(h)?),
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(externref(*n))),
        WastArgCore::RefHost(_) => return Err("unsupported: `ref.host` values (GC)".into()),
    })
}

/// Whether `actual` matches the expected result `expected`.
pub(crate) fn matches(store: &Store<()>, actual: &Val, expected: &WastRet<'_>) -> bool {
    match expected {
        WastRet::Core(core) => matches_core(store, actual, core),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

fn matches_core(store: &Store<()>, actual: &Val, expected: &WastRetCore<'_>) -> bool {
    use WastRetCore as R;
    match (expected, actual) {
        (R::Either(alternatives), _) => alternatives.iter().any(|e| matches_core(store, actual, e)),
        (R::I32(e), Val::I32(a)) => e == a,
        (R::I64(e), Val::I64(a)) => e == a,
        (R::F32(p), Val::F32(a)) => f32_matches(p, *a),
        (R::F64(p), Val::F64(a)) => f64_matches(p, *a),
        (R::V128(p), Val::V128(a)) => v128_matches(p, *a),
        (R::RefNull(None), v) => v.is_null(),
        (R::RefNull(Some(h)), v) => v.is_null() && null_hierarchy_matches(h, v),
        (R::RefFunc(_), Val::FuncRef(Some(_))) => true,
        (R::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (R::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
            r.data(store).downcast_ref::<u32>() == Some(n)
        }
        _ => false,
    }
}

/// Whether a null value belongs to the hierarchy of the expected null's heap type (the
/// value's own heap type is its static result type, so only the hierarchy is meaningful).
fn null_hierarchy_matches(expected: &wast::core::HeapType<'_>, actual: &Val) -> bool {
    let Ok(h) = heap_type(expected) else {
        return false;
    };
    match (Val::null_of(h), actual) {
        (Val::FuncRef(None), Val::FuncRef(None)) | (Val::ExternRef(None), Val::ExternRef(None)) => {
            true
        }
        (Val::NullRef(e), Val::NullRef(a)) => is_exn_hierarchy(e) == is_exn_hierarchy(*a),
        _ => false,
    }
}

fn is_exn_hierarchy(h: HeapType) -> bool {
    matches!(h, HeapType::Exn | HeapType::NoExn)
}

fn f32_matches(p: &NanPattern<F32>, bits: u32) -> bool {
    let is_nan = bits & 0x7f80_0000 == 0x7f80_0000 && bits & 0x007f_ffff != 0;
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => is_nan && bits & 0x0040_0000 != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<F64>, bits: u64) -> bool {
    const EXP: u64 = 0x7ff0_0000_0000_0000;
    const FRAC: u64 = 0x000f_ffff_ffff_ffff;
    const QUIET: u64 = 0x0008_0000_0000_0000;
    let is_nan = bits & EXP == EXP && bits & FRAC != 0;
    match p {
        NanPattern::CanonicalNan => bits & !(1 << 63) == EXP | QUIET,
        NanPattern::ArithmeticNan => is_nan && bits & QUIET != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn v128_matches(p: &V128Pattern, bits: u128) -> bool {
    let bytes = bits.to_le_bytes();
    let lane = |i: usize, n: usize| -> u64 {
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(&bytes[i * n..(i + 1) * n]);
        u64::from_le_bytes(buf)
    };
    match p {
        V128Pattern::I8x16(e) => e
            .iter()
            .enumerate()
            .all(|(i, v)| lane(i, 1) == u64::from(*v as u8)),
        V128Pattern::I16x8(e) => e
            .iter()
            .enumerate()
            .all(|(i, v)| lane(i, 2) == u64::from(*v as u16)),
        V128Pattern::I32x4(e) => e
            .iter()
            .enumerate()
            .all(|(i, v)| lane(i, 4) == u64::from(*v as u32)),
        V128Pattern::I64x2(e) => e.iter().enumerate().all(|(i, v)| lane(i, 8) == *v as u64),
        V128Pattern::F32x4(e) => e
            .iter()
            .enumerate()
            .all(|(i, p)| f32_matches(p, lane(i, 4) as u32)),
        V128Pattern::F64x2(e) => e
            .iter()
            .enumerate()
            .all(|(i, p)| f64_matches(p, lane(i, 8))),
    }
}

/// A value as a failure message shows it, e.g. `i32:5` or `f32:1.5 (0x3fc00000)`.
pub(crate) fn show_val(store: &Store<()>, v: &Val) -> String {
    match v {
        Val::I32(x) => format!("i32:{x}"),
        Val::I64(x) => format!("i64:{x}"),
        Val::F32(b) => format!("f32:{} (0x{b:08x})", f32::from_bits(*b)),
        Val::F64(b) => format!("f64:{} (0x{b:016x})", f64::from_bits(*b)),
        Val::V128(b) => format!("v128:0x{b:032x}"),
        Val::FuncRef(None) => "ref.null func".into(),
        Val::FuncRef(Some(_)) => "ref.func".into(),
        Val::ExternRef(None) => "ref.null extern".into(),
        Val::ExternRef(Some(r)) => match r.data(store).downcast_ref::<u32>() {
            Some(n) => format!("ref.extern {n}"),
            None => "ref.extern (host value)".into(),
        },
        Val::NullRef(h) => format!("ref.null {h}"),
    }
}

/// A list of values, e.g. `[i32:1, i64:2]`.
pub(crate) fn show_vals(store: &Store<()>, vals: &[Val]) -> String {
    let parts: Vec<String> = vals.iter().map(|v| show_val(store, v)).collect();
    format!("[{}]", parts.join(", "))
}

/// An expected result as a failure message shows it.
pub(crate) fn show_ret(r: &WastRet<'_>) -> String {
    match r {
        WastRet::Core(core) => show_ret_core(core),
        #[allow(unreachable_patterns)]
        other => format!("{other:?}"),
    }
}

fn show_nan<T>(p: &NanPattern<T>, value: impl Fn(&T) -> String) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".into(),
        NanPattern::ArithmeticNan => "nan:arithmetic".into(),
        NanPattern::Value(v) => value(v),
    }
}

fn show_ret_core(r: &WastRetCore<'_>) -> String {
    use WastRetCore as R;
    match r {
        R::I32(x) => format!("i32:{x}"),
        R::I64(x) => format!("i64:{x}"),
        R::F32(p) => format!(
            "f32:{}",
            show_nan(p, |v| format!(
                "{} (0x{:08x})",
                f32::from_bits(v.bits),
                v.bits
            ))
        ),
        R::F64(p) => format!(
            "f64:{}",
            show_nan(p, |v| format!(
                "{} (0x{:016x})",
                f64::from_bits(v.bits),
                v.bits
            ))
        ),
        R::V128(p) => format!("v128:{p:?}"),
        R::RefNull(None) => "ref.null".into(),
        R::RefNull(Some(h)) => match heap_type(h) {
            Ok(h) => format!("ref.null {h}"),
            Err(_) => format!("ref.null {h:?}"),
        },
        R::RefExtern(None) => "ref.extern".into(),
        R::RefExtern(Some(n)) => format!("ref.extern {n}"),
        R::RefHost(n) => format!("ref.host {n}"),
        R::RefFunc(_) => "ref.func".into(),
        R::RefAny => "ref.any".into(),
        R::RefEq => "ref.eq".into(),
        R::RefArray => "ref.array".into(),
        R::RefStruct => "ref.struct".into(),
        R::RefI31 => "ref.i31".into(),
        R::RefI31Shared => "ref.i31_shared".into(),
        R::Either(alts) => {
            let mut s = String::from("either(");
            for (i, a) in alts.iter().enumerate() {
                if i > 0 {
                    s.push_str(" | ");
                }
                let _ = write!(s, "{}", show_ret_core(a));
            }
            s.push(')');
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_classes_f32() {
        let canon = NanPattern::<F32>::CanonicalNan;
        let arith = NanPattern::<F32>::ArithmeticNan;
        assert!(f32_matches(&canon, 0x7fc0_0000));
        assert!(f32_matches(&canon, 0xffc0_0000));
        assert!(!f32_matches(&canon, 0x7fc0_0001));
        assert!(f32_matches(&arith, 0x7fc0_0001));
        assert!(
            !f32_matches(&arith, 0x7f80_0001),
            "signalling NaN is not arithmetic"
        );
        assert!(!f32_matches(&arith, 0x7f80_0000), "infinity is not a NaN");
    }

    #[test]
    fn nan_classes_f64() {
        let canon = NanPattern::<F64>::CanonicalNan;
        let arith = NanPattern::<F64>::ArithmeticNan;
        assert!(f64_matches(&canon, 0x7ff8_0000_0000_0000));
        assert!(f64_matches(&canon, 0xfff8_0000_0000_0000));
        assert!(!f64_matches(&canon, 0x7ff8_0000_0000_0001));
        assert!(f64_matches(&arith, 0x7ff8_0000_0000_0001));
        assert!(!f64_matches(&arith, 0x7ff0_0000_0000_0001));
        assert!(!f64_matches(&arith, 0x7ff0_0000_0000_0000));
    }

    #[test]
    fn v128_lanes() {
        let bits =
            u128::from_le_bytes([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
        assert!(v128_matches(&V128Pattern::I32x4([1, 2, 3, -1]), bits));
        assert!(!v128_matches(&V128Pattern::I32x4([1, 2, 3, 4]), bits));
    }
}
