//! Globals.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, GlobalEntity, StoreId};
use crate::types::{GlobalType, Mutability};
use crate::value::Val;

/// A global variable, made by a module or by the host with [`Global::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Global {
    /// Creates a global of type `ty` holding `init`, owned by no instance.
    ///
    /// # Errors
    /// If `init` does not match the global's value type or belongs to another store.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, init: Val) -> Result<Global> {
        let inner = &mut store.as_context_mut().0.inner;
        check_val(inner, ty, init)?;
        let value = init.to_raw(inner)?;
        inner.globals.push(GlobalEntity { value });
        let index = (inner.globals.len() - 1) as u32;
        inner.global_types.push_host(index, ty);
        Ok(Global {
            store: inner.id,
            index,
        })
    }

    /// The global's type.
    ///
    /// # Panics
    /// If the global belongs to another store (as do all accessors).
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        inner.global_types.get(self.index)
    }

    /// The current value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        let value = inner.globals[self.index as usize].value;
        Val::from_raw(value, inner.global_types.get(self.index).content, inner.id)
    }

    /// Sets the value.
    ///
    /// # Errors
    /// If the global is immutable or `val` has the wrong type.
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check(self.store);
        let ty = inner.global_types.get(self.index);
        if ty.mutability != Mutability::Var {
            return Err(Error::usage("cannot set an immutable global"));
        }
        check_val(inner, ty, val)?;
        inner.globals[self.index as usize].value = val.to_raw(inner)?;
        Ok(())
    }
}

fn check_val(inner: &crate::store::StoreInner, ty: GlobalType, val: Val) -> Result<()> {
    let ok = match (ty.content, val) {
        (crate::ValType::Ref(r), v) => crate::func::ref_val_matches(inner, v, r),
        (t, v) => v.ty() == t,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "value of type {} does not fit a global of type {}",
            val.ty(),
            ty.content
        )))
    }
}
