//! Runtime values and their raw 64-bit slot encoding.
//!
//! Inside the runtime every value is a 64-bit slot: integers as their bits, floats as their
//! IEEE bits, and references as `0` for null or `index + 1` into the store's function or
//! extern-reference table. (A `v128` will take two slots when SIMD lands.)

use crate::externs::Func;
use crate::store::{AsContextMut, StoreId, StoreInner};
use crate::types::{HeapType, RefType, ValType};

/// A WebAssembly value.
#[derive(Debug, Clone, Copy)]
pub enum Val {
    /// A 32-bit integer.
    I32(i32),
    /// A 64-bit integer.
    I64(i64),
    /// A 32-bit float, as its bits (so NaN payloads are kept exactly).
    F32(u32),
    /// A 64-bit float, as its bits.
    F64(u64),
    /// A 128-bit vector (not yet executable).
    V128(u128),
    /// A function reference (`None` is null).
    FuncRef(Option<Func>),
    /// An external reference (`None` is null).
    ExternRef(Option<ExternRef>),
    /// A null reference of another heap type (`any`, `exn`, ...): GC objects are not yet
    /// supported, so only null can occur.
    NullRef(HeapType),
}

impl Val {
    /// The default (zero or null) value of a type, if it has one.
    pub fn default_for(ty: ValType) -> Option<Val> {
        Some(match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::Ref(r) if !r.nullable => return None,
            ValType::Ref(r) => Val::null_of(r.heap),
        })
    }

    /// The null reference of the hierarchy a heap type belongs to.
    pub fn null_of(heap: HeapType) -> Val {
        match heap {
            HeapType::Func | HeapType::NoFunc | HeapType::Concrete(_) => Val::FuncRef(None),
            HeapType::Extern | HeapType::NoExtern => Val::ExternRef(None),
            h => Val::NullRef(h),
        }
    }

    /// The i32, if this is one.
    pub fn i32(&self) -> Option<i32> {
        if let Val::I32(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    /// The i64, if this is one.
    pub fn i64(&self) -> Option<i64> {
        if let Val::I64(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    /// The f32, if this is one.
    pub fn f32(&self) -> Option<f32> {
        if let Val::F32(v) = self {
            Some(f32::from_bits(*v))
        } else {
            None
        }
    }
    /// The f64, if this is one.
    pub fn f64(&self) -> Option<f64> {
        if let Val::F64(v) = self {
            Some(f64::from_bits(*v))
        } else {
            None
        }
    }
    /// Whether this is a null reference.
    pub fn is_null(&self) -> bool {
        matches!(
            self,
            Val::FuncRef(None) | Val::ExternRef(None) | Val::NullRef(_)
        )
    }

    /// Encodes the value as a raw slot. References must belong to `store`.
    pub(crate) fn to_raw(self, store: &StoreInner) -> Result<u64, crate::Error> {
        Ok(match self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::V128(_) => return Err(crate::Error::unsupported(None, "v128 values")),
            Val::FuncRef(None) | Val::ExternRef(None) | Val::NullRef(_) => 0,
            Val::FuncRef(Some(f)) => {
                if f.store != store.id {
                    return Err(crate::Error::usage("function reference from another store"));
                }
                f.index as u64 + 1
            }
            Val::ExternRef(Some(e)) => {
                if e.store != store.id {
                    return Err(crate::Error::usage("extern reference from another store"));
                }
                e.index as u64 + 1
            }
        })
    }

    /// Decodes a raw slot of type `ty`.
    pub(crate) fn from_raw(raw: u64, ty: ValType, store: StoreId) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw as u32 as i32),
            ValType::I64 => Val::I64(raw as i64),
            ValType::F32 => Val::F32(raw as u32),
            ValType::F64 => Val::F64(raw),
            ValType::V128 => Val::V128(raw as u128),
            ValType::Ref(r) => Val::ref_from_raw(raw, r, store),
        }
    }

    pub(crate) fn ref_from_raw(raw: u64, ty: RefType, store: StoreId) -> Val {
        if raw == 0 {
            return Val::null_of(ty.heap);
        }
        let index = (raw - 1) as u32;
        match Val::null_of(ty.heap) {
            Val::FuncRef(_) => Val::FuncRef(Some(Func { store, index })),
            Val::ExternRef(_) => Val::ExternRef(Some(ExternRef { store, index })),
            other => other,
        }
    }

    /// The type of the value (references report their most precise abstract type).
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FUNCREF,
            Val::ExternRef(_) => ValType::EXTERNREF,
            Val::NullRef(h) => ValType::Ref(RefType::new(true, *h)),
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Self {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Self {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Self {
        Val::F64(v.to_bits())
    }
}
impl From<Func> for Val {
    fn from(f: Func) -> Self {
        Val::FuncRef(Some(f))
    }
}

/// A reference to a host value, passed to and from wasm as `externref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl ExternRef {
    /// Stores `value` in the store and returns a reference to it.
    pub fn new<T: std::any::Any + Send + Sync>(mut store: impl AsContextMut, value: T) -> Self {
        let inner = &mut store.as_context_mut().0.inner;
        inner.externrefs.push(Box::new(value));
        ExternRef {
            store: inner.id,
            index: (inner.externrefs.len() - 1) as u32,
        }
    }

    /// The host value behind the reference.
    ///
    /// # Panics
    /// If the reference belongs to another store.
    pub fn data<'a, T: 'a>(
        &self,
        store: &'a impl crate::store::AsContext<Data = T>,
    ) -> &'a (dyn std::any::Any + Send + Sync) {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        &*inner.externrefs[self.index as usize]
    }
}
