//! Tables.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, StoreId, TableEntity, MAX_TABLE_ELEMENTS};
use crate::types::TableType;
use crate::value::Val;

/// A table of references, made by a module or by the host with [`Table::new`].
///
/// An imported table is the exporter's table itself: every instance importing it sees the
/// same elements and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Table {
    /// Creates a table of type `ty` with every element set to `init`, owned by no instance.
    ///
    /// # Errors
    /// If `init` does not match the element type, or the table is too large.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let inner = &mut store.as_context_mut().0.inner;
        if !crate::func::ref_val_matches(inner, init, ty.element) {
            return Err(Error::usage(
                "table initial value does not match the element type",
            ));
        }
        if ty.minimum > MAX_TABLE_ELEMENTS {
            return Err(Error::usage(format!(
                "table of {} elements is too large",
                ty.minimum
            )));
        }
        if ty.maximum.is_some_and(|m| m < ty.minimum) {
            return Err(Error::usage("table minimum exceeds its maximum"));
        }
        let raw = init.to_raw(inner)?;
        let index = inner.alloc_table(ty, raw)?;
        Ok(Table {
            store: inner.id,
            index,
        })
    }

    fn entity<'a>(&self, inner: &'a crate::store::StoreInner) -> &'a TableEntity {
        inner.check(self.store);
        &inner.tables[self.index as usize]
    }

    /// The table's type, with the current size as minimum.
    ///
    /// # Panics
    /// If the table belongs to another store (as do all accessors).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let t = self.entity(&store.as_context().0.inner);
        TableType {
            minimum: t.size(),
            ..t.ty
        }
    }

    /// Current number of elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(&store.as_context().0.inner).size()
    }

    /// The element at `index`, or `None` if out of bounds.
    ///
    /// Takes the store mutably: a table initialised lazily is materialised on first access.
    pub fn get(&self, mut store: impl AsContextMut, index: u64) -> Option<Val> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check(self.store);
        inner.force_table(self.index as usize);
        let t = &inner.tables[self.index as usize];
        let raw = *t.elems.get(usize::try_from(index).ok()?)?;
        Some(Val::ref_from_raw(raw, t.ty.element, inner.id))
    }

    /// Sets the element at `index`.
    ///
    /// # Errors
    /// If out of bounds or `val` does not match the element type.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, val: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        let ty = self.entity(inner).ty;
        if !crate::func::ref_val_matches(inner, val, ty.element) {
            return Err(Error::usage(
                "value does not match the table's element type",
            ));
        }
        let raw = val.to_raw(inner)?;
        inner.force_table(self.index as usize);
        let slot = usize::try_from(index)
            .ok()
            .and_then(|i| inner.tables[self.index as usize].elems.get_mut(i))
            .ok_or_else(|| Error::from(crate::TrapCode::TableOutOfBounds))?;
        *slot = raw;
        Ok(())
    }

    /// Grows the table by `delta` elements set to `init`; returns the previous size.
    ///
    /// # Errors
    /// If the new size exceeds the maximum, or `init` does not match the element type.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let inner = &mut store.as_context_mut().0.inner;
        let ty = self.entity(inner).ty;
        if !crate::func::ref_val_matches(inner, init, ty.element) {
            return Err(Error::usage(
                "value does not match the table's element type",
            ));
        }
        let raw = init.to_raw(inner)?;
        inner
            .grow_table(self.index, delta, raw)
            .ok_or_else(|| Error::usage(format!("failed to grow table by {delta} elements")))
    }
}
