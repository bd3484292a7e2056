//! Functions: handles, host functions ([`Func::new`], [`Func::wrap`]), calls, and the
//! [`Caller`] a host function receives.

#[cfg(test)]
mod tests;
pub(crate) mod typed;

use std::sync::Arc;

pub use typed::{IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy, WasmTyList};

use crate::error::{Error, Result};
use crate::externs::Extern;
use crate::store::{AsContext, AsContextMut, FuncEntity, HostFuncFn, Store, StoreId, StoreInner};
use crate::types::{FuncType, HeapType, RefType};
use crate::value::Val;

/// A function: defined by a module instance or by the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

/// The context a host function runs in: the store, and the instance of the wasm function that
/// called it (if any).
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<u32>,
}

impl<'a, T> Caller<'a, T> {
    pub(crate) fn new(store: &'a mut Store<T>, instance: Option<u32>) -> Self {
        Caller { store, instance }
    }

    /// The host data.
    pub fn data(&self) -> &T {
        self.store.data()
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }

    /// The engine.
    pub fn engine(&self) -> &crate::Engine {
        self.store.engine()
    }

    /// An export of the calling instance, e.g. its `memory`.
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        let inst = self.instance?;
        self.store.inner.instances[inst as usize].export(name)
    }
}

impl Func {
    /// Creates a host function of type `ty` from a closure over dynamically typed values.
    ///
    /// The closure receives the arguments and must fill `results` with values of the result
    /// types; returning `Err` traps the calling wasm code with that error.
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let host = host_func_from_vals(ty.clone(), func);
        Func::from_host(store.as_context_mut().0, ty, host)
    }

    /// Wraps a dynamically typed closure into the uniform raw host-function form.
    pub(crate) fn from_host<T>(
        store: &mut Store<T>,
        ty: FuncType,
        host: Arc<HostFuncFn<T>>,
    ) -> Func {
        let id = store.inner.engine.types().register_func_type(&ty);
        Func::from_host_registered(store, ty, id, host)
    }

    /// [`Func::from_host`] for a type already registered in the store's engine as `id`.
    pub(crate) fn from_host_registered<T>(
        store: &mut Store<T>,
        ty: FuncType,
        id: crate::engine::type_registry::TypeId,
        host: Arc<HostFuncFn<T>>,
    ) -> Func {
        let host = store.add_host_func(host);
        store.inner.funcs.push(FuncEntity::Host {
            ty: id,
            func_ty: ty,
            host,
        });
        Func {
            store: store.inner.id,
            index: (store.inner.funcs.len() - 1) as u32,
        }
    }

    /// The function's type.
    ///
    /// # Panics
    /// If the function belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        func_type_of(inner, self.index)
    }

    /// Calls the function with `params`, writing its results into `results`.
    ///
    /// # Errors
    /// A trap, a host error, or wrong argument count/types.
    pub fn call<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_context_mut().0;
        store.inner.check(self.store);
        let ty = func_type_of(&store.inner, self.index);
        if params.len() != ty.params().len() {
            return Err(Error::usage(format!(
                "function expects {} arguments, {} given",
                ty.params().len(),
                params.len()
            )));
        }
        if results.len() != ty.results().len() {
            return Err(Error::usage(format!(
                "function returns {} results, room for {} given",
                ty.results().len(),
                results.len()
            )));
        }
        let mut buf = vec![0u64; params.len().max(results.len())];
        for ((p, t), slot) in params.iter().zip(ty.params()).zip(&mut buf) {
            if !val_matches(&store.inner, *p, *t) {
                return Err(Error::usage(format!(
                    "argument of type {} where {t} is expected",
                    p.ty()
                )));
            }
            *slot = p.to_raw(&store.inner)?;
        }
        crate::interp::call(store, self.index, &mut buf)?;
        for ((r, t), raw) in results.iter_mut().zip(ty.results()).zip(&buf) {
            *r = Val::from_raw(*raw, *t, store.inner.id);
        }
        Ok(())
    }

    /// The typed view of this function, checked against `Params` and `Results`.
    ///
    /// # Errors
    /// If the function's type differs.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        TypedFunc::new(*self, store)
    }
}

/// The function type of the store function at `index`.
pub(crate) fn func_type_of(inner: &StoreInner, index: u32) -> FuncType {
    match &inner.funcs[index as usize] {
        FuncEntity::Host { func_ty, .. } => func_ty.clone(),
        FuncEntity::Wasm { ty, .. } => inner
            .engine
            .types()
            .func_type(*ty)
            .expect("wasm functions have function types"),
    }
}

/// Wraps a closure over `Val`s into the raw host-function form.
pub(crate) fn host_func_from_vals<T: 'static>(
    ty: FuncType,
    func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
) -> Arc<HostFuncFn<T>> {
    Arc::new(move |caller: Caller<'_, T>, raw: &mut [u64]| {
        let id = caller.store.inner.id;
        let params: Vec<Val> = ty
            .params()
            .iter()
            .zip(raw.iter())
            .map(|(t, r)| Val::from_raw(*r, *t, id))
            .collect();
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for(*t).unwrap_or(Val::FuncRef(None)))
            .collect();
        let store: &mut Store<T> = caller.store;
        func(
            Caller {
                store: &mut *store,
                instance: caller.instance,
            },
            &params,
            &mut results,
        )?;
        for ((r, t), slot) in results.iter().zip(ty.results()).zip(raw.iter_mut()) {
            if !val_matches(&store.inner, *r, *t) {
                return Err(Error::usage(format!(
                    "host function returned a value of type {} where {t} is expected",
                    r.ty()
                )));
            }
            *slot = r.to_raw(&store.inner)?;
        }
        Ok(())
    })
}

/// Whether a value matches a value type in this store.
pub(crate) fn val_matches(inner: &StoreInner, v: Val, ty: crate::ValType) -> bool {
    match ty {
        crate::ValType::Ref(r) => ref_val_matches(inner, v, r),
        t => v.ty() == t,
    }
}

/// Whether a reference value matches a reference type in this store.
pub(crate) fn ref_val_matches(inner: &StoreInner, v: Val, ty: RefType) -> bool {
    let reg = inner.engine.types();
    match v {
        Val::FuncRef(None) => ty.nullable && reg.heap_matches(HeapType::NoFunc, ty.heap),
        Val::ExternRef(None) => ty.nullable && reg.heap_matches(HeapType::NoExtern, ty.heap),
        Val::NullRef(h) => {
            let bottom = match h {
                HeapType::Exn | HeapType::NoExn => HeapType::NoExn,
                _ => HeapType::None,
            };
            ty.nullable && reg.heap_matches(bottom, ty.heap)
        }
        Val::FuncRef(Some(f)) => {
            f.store == inner.id
                && (ty.heap == HeapType::Func
                    || reg.heap_matches(
                        HeapType::Concrete(inner.funcs[f.index as usize].type_id()),
                        ty.heap,
                    ))
        }
        Val::ExternRef(Some(_)) => ty.heap == HeapType::Extern,
        _ => false,
    }
}
