//! Engine-wide canonical types.
//!
//! WebAssembly 3.0 compares types structurally by recursion group (iso-recursive equivalence):
//! two rec groups are the same when they have the same shape and refer to the same outside
//! types. Every rec group a module defines is turned into a [`GroupKey`] whose references are
//! either relative to the group or to already-canonical engine-wide ids; equal keys get the same
//! ids. After that, type equality anywhere in the engine (imports, `call_indirect`, `call_ref`,
//! tables shared between modules) is one integer comparison, plus a walk of declared supertypes
//! for subtyping.
//!
//! Types are never freed while the engine lives; a module's types stay registered.

use std::collections::HashMap;
use std::sync::RwLock;

use crate::types::{FuncType, HeapType, RefType, ValType};

/// An engine-wide canonical type id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub(crate) u32);

/// What a canonical type is.
#[derive(Debug, Clone)]
pub(crate) enum CompositeType {
    /// A function type.
    Func(FuncType),
    /// A GC struct type (can be declared, not yet used at runtime).
    Struct,
    /// A GC array type (can be declared, not yet used at runtime).
    Array,
}

/// A registered canonical type.
#[derive(Debug, Clone)]
pub(crate) struct RegisteredType {
    pub(crate) composite: CompositeType,
    pub(crate) supertype: Option<TypeId>,
    #[allow(dead_code)]
    pub(crate) is_final: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyRef {
    /// Index relative to the start of the rec group being defined.
    Internal(u32),
    /// Engine-wide id of a type outside the group.
    External(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyHeap {
    Abstract(HeapType),
    Concrete(KeyRef),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyVal {
    Num(u8),
    Ref(bool, KeyHeap),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyStorage {
    I8,
    I16,
    Val(KeyVal),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyComposite {
    Func(Vec<KeyVal>, Vec<KeyVal>),
    Struct(Vec<(KeyStorage, bool)>),
    Array(KeyStorage, bool),
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct KeySub {
    is_final: bool,
    supertype: Option<KeyRef>,
    composite: KeyComposite,
}

/// The canonical form of one recursion group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct GroupKey(Vec<KeySub>);

#[derive(Debug, Default)]
struct Inner {
    groups: HashMap<GroupKey, u32>,
    types: Vec<RegisteredType>,
    /// Host-made function types already registered (final singleton groups): found without
    /// building their group key.
    host_func_types: HashMap<FuncType, TypeId>,
}

/// The engine's registry of canonical types.
#[derive(Debug, Default)]
pub(crate) struct TypeRegistry {
    inner: RwLock<Inner>,
}

/// Error from registering a type that mica cannot represent.
#[derive(Debug)]
pub(crate) struct UnsupportedType(pub(crate) String);

impl TypeRegistry {
    /// Registers the recursion groups of a module's type section, in order, and returns the
    /// engine-wide id of every module type index.
    pub(crate) fn register_module_types(
        &self,
        groups: &[wasmparser::RecGroup],
    ) -> Result<Vec<TypeId>, UnsupportedType> {
        let mut ids: Vec<TypeId> = Vec::new();
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        for group in groups {
            let start = ids.len() as u32;
            let subs: Vec<wasmparser::SubType> = group.types().cloned().collect();
            let key = GroupKey(
                subs.iter()
                    .map(|s| key_sub(s, start, &ids))
                    .collect::<Result<Vec<_>, _>>()?,
            );
            let first = match inner.groups.get(&key) {
                Some(&first) => first,
                None => {
                    let first = inner.types.len() as u32;
                    for (sub, ksub) in subs.iter().zip(&key.0) {
                        let resolve = |r: &KeyRef| match r {
                            KeyRef::Internal(i) => TypeId(first + i),
                            KeyRef::External(e) => TypeId(*e),
                        };
                        let composite = match &ksub.composite {
                            KeyComposite::Func(p, r) => CompositeType::Func(FuncType::new(
                                p.iter().map(|v| val_from_key(v, first)),
                                r.iter().map(|v| val_from_key(v, first)),
                            )),
                            KeyComposite::Struct(_) => CompositeType::Struct,
                            KeyComposite::Array(..) | KeyComposite::Other(_) => {
                                CompositeType::Array
                            }
                        };
                        inner.types.push(RegisteredType {
                            composite,
                            supertype: ksub.supertype.as_ref().map(resolve),
                            is_final: sub.is_final,
                        });
                    }
                    inner.groups.insert(key, first);
                    first
                }
            };
            for i in 0..subs.len() as u32 {
                ids.push(TypeId(first + i));
            }
        }
        Ok(ids)
    }

    /// Registers a host-made function type as a final type in a group of its own.
    pub(crate) fn register_func_type(&self, ty: &FuncType) -> TypeId {
        let known = self.inner.read().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = known.host_func_types.get(ty) {
            return id;
        }
        drop(known);
        let id = self.register_func_type_slow(ty);
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        inner.host_func_types.insert(ty.clone(), id);
        id
    }

    /// [`register_func_type`](Self::register_func_type) through the group key.
    fn register_func_type_slow(&self, ty: &FuncType) -> TypeId {
        let kv = |v: &ValType| key_from_val(v);
        let key = GroupKey(vec![KeySub {
            is_final: true,
            supertype: None,
            composite: KeyComposite::Func(
                ty.params().iter().map(kv).collect(),
                ty.results().iter().map(kv).collect(),
            ),
        }]);
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&first) = inner.groups.get(&key) {
            return TypeId(first);
        }
        let first = inner.types.len() as u32;
        inner.types.push(RegisteredType {
            composite: CompositeType::Func(ty.clone()),
            supertype: None,
            is_final: true,
        });
        inner.groups.insert(key, first);
        TypeId(first)
    }

    /// The function type of a canonical id, if it is a function type.
    pub(crate) fn func_type(&self, id: TypeId) -> Option<FuncType> {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        match &inner.types.get(id.0 as usize)?.composite {
            CompositeType::Func(f) => Some(f.clone()),
            _ => None,
        }
    }

    /// The registered type of a canonical id.
    #[allow(dead_code)]
    pub(crate) fn get(&self, id: TypeId) -> Option<RegisteredType> {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        inner.types.get(id.0 as usize).cloned()
    }

    /// Whether `sub` is `sup` or declares it (transitively) as a supertype.
    pub(crate) fn is_subtype(&self, sub: TypeId, sup: TypeId) -> bool {
        if sub == sup {
            return true;
        }
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let mut cur = sub;
        while let Some(next) = inner.types.get(cur.0 as usize).and_then(|t| t.supertype) {
            if next == sup {
                return true;
            }
            cur = next;
        }
        false
    }

    /// Whether the heap type `sub` matches `sup` (subtyping on heap types).
    pub(crate) fn heap_matches(&self, sub: HeapType, sup: HeapType) -> bool {
        use HeapType::*;
        if sub == sup {
            return true;
        }
        match (sub, sup) {
            (Concrete(a), Concrete(b)) => self.is_subtype(a, b),
            (Concrete(a), abs) => {
                let top_func = matches!(
                    self.get(a).map(|t| t.composite),
                    Some(CompositeType::Func(_))
                );
                if top_func {
                    abs == Func
                } else {
                    let is_struct = matches!(
                        self.get(a).map(|t| t.composite),
                        Some(CompositeType::Struct)
                    );
                    matches!(abs, Any | Eq)
                        || (is_struct && abs == Struct)
                        || (!is_struct && abs == Array)
                }
            }
            (NoFunc, Func) => true,
            (NoFunc, Concrete(b)) => {
                matches!(
                    self.get(b).map(|t| t.composite),
                    Some(CompositeType::Func(_))
                )
            }
            (NoExtern, Extern) => true,
            (NoExn, Exn) => true,
            (None, Any | Eq | I31 | Struct | Array) => true,
            (None, Concrete(b)) => !matches!(
                self.get(b).map(|t| t.composite),
                Some(CompositeType::Func(_))
            ),
            (Eq | I31 | Struct | Array, Any) => true,
            (I31 | Struct | Array, Eq) => true,
            _ => false,
        }
    }

    /// Whether the reference type `sub` matches `sup`.
    pub(crate) fn ref_matches(&self, sub: RefType, sup: RefType) -> bool {
        (!sub.nullable || sup.nullable) && self.heap_matches(sub.heap, sup.heap)
    }

    /// Whether the value type `sub` matches `sup`.
    pub(crate) fn val_matches(&self, sub: ValType, sup: ValType) -> bool {
        match (sub, sup) {
            (ValType::Ref(a), ValType::Ref(b)) => self.ref_matches(a, b),
            (a, b) => a == b,
        }
    }
}

fn key_ref(idx: u32, start: u32, ids: &[TypeId]) -> KeyRef {
    if idx >= start {
        KeyRef::Internal(idx - start)
    } else {
        KeyRef::External(ids[idx as usize].0)
    }
}

fn key_heap(
    h: wasmparser::HeapType,
    start: u32,
    ids: &[TypeId],
) -> Result<KeyHeap, UnsupportedType> {
    use wasmparser::AbstractHeapType as A;
    Ok(match h {
        wasmparser::HeapType::Concrete(idx) | wasmparser::HeapType::Exact(idx) => {
            let i = idx
                .as_module_index()
                .ok_or_else(|| UnsupportedType("non-module type index".into()))?;
            KeyHeap::Concrete(key_ref(i, start, ids))
        }
        wasmparser::HeapType::Abstract { shared, ty } => {
            if shared {
                return Err(UnsupportedType("shared heap types".into()));
            }
            KeyHeap::Abstract(match ty {
                A::Func => HeapType::Func,
                A::Extern => HeapType::Extern,
                A::Any => HeapType::Any,
                A::None => HeapType::None,
                A::NoExtern => HeapType::NoExtern,
                A::NoFunc => HeapType::NoFunc,
                A::Eq => HeapType::Eq,
                A::Struct => HeapType::Struct,
                A::Array => HeapType::Array,
                A::I31 => HeapType::I31,
                A::Exn => HeapType::Exn,
                A::NoExn => HeapType::NoExn,
                other => return Err(UnsupportedType(format!("heap type {other:?}"))),
            })
        }
    })
}

fn key_val(v: wasmparser::ValType, start: u32, ids: &[TypeId]) -> Result<KeyVal, UnsupportedType> {
    Ok(match v {
        wasmparser::ValType::I32 => KeyVal::Num(0),
        wasmparser::ValType::I64 => KeyVal::Num(1),
        wasmparser::ValType::F32 => KeyVal::Num(2),
        wasmparser::ValType::F64 => KeyVal::Num(3),
        wasmparser::ValType::V128 => KeyVal::Num(4),
        wasmparser::ValType::Ref(r) => {
            KeyVal::Ref(r.is_nullable(), key_heap(r.heap_type(), start, ids)?)
        }
    })
}

fn key_storage(
    s: wasmparser::StorageType,
    start: u32,
    ids: &[TypeId],
) -> Result<KeyStorage, UnsupportedType> {
    Ok(match s {
        wasmparser::StorageType::I8 => KeyStorage::I8,
        wasmparser::StorageType::I16 => KeyStorage::I16,
        wasmparser::StorageType::Val(v) => KeyStorage::Val(key_val(v, start, ids)?),
    })
}

fn key_sub(s: &wasmparser::SubType, start: u32, ids: &[TypeId]) -> Result<KeySub, UnsupportedType> {
    let supertype = match s.supertype_idxs.first().copied() {
        Some(p) => {
            let i = p
                .as_module_index()
                .ok_or_else(|| UnsupportedType("non-module type index".into()))?;
            Some(key_ref(i, start, ids))
        }
        None => None,
    };
    let ct = &s.composite_type;
    if ct.shared {
        return Err(UnsupportedType("shared composite types".into()));
    }
    let composite = match &ct.inner {
        wasmparser::CompositeInnerType::Func(f) => KeyComposite::Func(
            f.params()
                .iter()
                .map(|v| key_val(*v, start, ids))
                .collect::<Result<_, _>>()?,
            f.results()
                .iter()
                .map(|v| key_val(*v, start, ids))
                .collect::<Result<_, _>>()?,
        ),
        wasmparser::CompositeInnerType::Struct(st) => KeyComposite::Struct(
            st.fields
                .iter()
                .map(|f| Ok((key_storage(f.element_type, start, ids)?, f.mutable)))
                .collect::<Result<_, _>>()?,
        ),
        wasmparser::CompositeInnerType::Array(a) => {
            KeyComposite::Array(key_storage(a.0.element_type, start, ids)?, a.0.mutable)
        }
        other => KeyComposite::Other(format!("{other:?}")),
    };
    if ct.descriptor_idx.is_some() || ct.describes_idx.is_some() {
        return Err(UnsupportedType("custom descriptors".into()));
    }
    Ok(KeySub {
        is_final: s.is_final,
        supertype,
        composite,
    })
}

fn key_from_val(v: &ValType) -> KeyVal {
    match v {
        ValType::I32 => KeyVal::Num(0),
        ValType::I64 => KeyVal::Num(1),
        ValType::F32 => KeyVal::Num(2),
        ValType::F64 => KeyVal::Num(3),
        ValType::V128 => KeyVal::Num(4),
        ValType::Ref(r) => KeyVal::Ref(
            r.nullable,
            match r.heap {
                HeapType::Concrete(id) => KeyHeap::Concrete(KeyRef::External(id.0)),
                h => KeyHeap::Abstract(h),
            },
        ),
    }
}

fn val_from_key(k: &KeyVal, first: u32) -> ValType {
    match k {
        KeyVal::Num(0) => ValType::I32,
        KeyVal::Num(1) => ValType::I64,
        KeyVal::Num(2) => ValType::F32,
        KeyVal::Num(3) => ValType::F64,
        KeyVal::Num(_) => ValType::V128,
        KeyVal::Ref(nullable, heap) => ValType::Ref(RefType {
            nullable: *nullable,
            heap: match heap {
                KeyHeap::Abstract(h) => *h,
                KeyHeap::Concrete(KeyRef::Internal(i)) => HeapType::Concrete(TypeId(first + i)),
                KeyHeap::Concrete(KeyRef::External(e)) => HeapType::Concrete(TypeId(*e)),
            },
        }),
    }
}

/// Converts a wasmparser value type to a mica one, given the module's canonical type ids.
pub(crate) fn convert_val_type(v: wasmparser::ValType, ids: &[TypeId]) -> ValType {
    match v {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(convert_ref_type(r, ids)),
    }
}

/// Converts a wasmparser reference type to a mica one.
pub(crate) fn convert_ref_type(r: wasmparser::RefType, ids: &[TypeId]) -> RefType {
    let heap = match key_heap(r.heap_type(), u32::MAX, ids) {
        Ok(KeyHeap::Abstract(h)) => h,
        Ok(KeyHeap::Concrete(KeyRef::External(e))) => HeapType::Concrete(TypeId(e)),
        // Validated modules only name types already defined; shared types are rejected earlier.
        _ => HeapType::Any,
    };
    RefType {
        nullable: r.is_nullable(),
        heap,
    }
}
