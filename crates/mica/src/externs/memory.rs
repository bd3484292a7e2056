//! Linear memories.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, MemoryEntity, StoreId};
use crate::types::MemoryType;

/// A linear memory, made by a module or by the host with [`Memory::new`].
///
/// An imported memory is the exporter's memory itself: growth and writes through any instance
/// or the host are seen by all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Memory {
    /// Creates a zero-filled memory of type `ty`, owned by no instance.
    ///
    /// # Errors
    /// If the type is unsupported (shared, 64-bit) or the memory cannot be allocated.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        if ty.shared || ty.memory64 {
            return Err(Error::unsupported(None, "shared and 64-bit memories"));
        }
        if ty.maximum.is_some_and(|m| m < ty.minimum) {
            return Err(Error::usage("memory minimum exceeds its maximum"));
        }
        let inner = &mut store.as_context_mut().0.inner;
        let (index, _) = inner.alloc_memory(ty, None)?;
        Ok(Memory {
            store: inner.id,
            index,
        })
    }

    fn entity<'a>(&self, inner: &'a crate::store::StoreInner) -> &'a MemoryEntity {
        inner.check(self.store);
        &inner.memories[self.index as usize]
    }

    /// The memory's type, with the current size as minimum.
    ///
    /// # Panics
    /// If the memory belongs to another store (as do all accessors).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let m = self.entity(&store.as_context().0.inner);
        MemoryType {
            minimum: m.pages(),
            ..m.ty
        }
    }

    /// Current size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(&store.as_context().0.inner).pages()
    }

    /// Current size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.entity(&store.as_context().0.inner).data.len()
    }

    /// Grows the memory by `delta` pages and returns the previous size in pages.
    ///
    /// # Errors
    /// If the new size would exceed the maximum (or 4 GiB), or allocation fails.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check(self.store);
        inner
            .grow_memory(self.index, delta)
            .ok_or_else(|| Error::usage(format!("failed to grow memory by {delta} pages")))
    }

    /// The memory's bytes.
    pub fn data<'a, T: 'a>(&self, store: impl Into<crate::StoreContext<'a, T>>) -> &'a [u8] {
        let ctx: crate::StoreContext<'a, T> = store.into();
        let inner = &ctx.0.inner;
        inner.check(self.store);
        &inner.memories[self.index as usize].data
    }

    /// The memory's bytes, mutably.
    pub fn data_mut<'a, T: 'a>(
        &self,
        store: impl Into<crate::StoreContextMut<'a, T>>,
    ) -> &'a mut [u8] {
        let ctx: crate::StoreContextMut<'a, T> = store.into();
        let inner = &mut ctx.0.inner;
        inner.check(self.store);
        &mut inner.memories[self.index as usize].data
    }

    /// The memory's bytes and the store's host data, both mutably (for host functions that
    /// work on guest memory and their own state at once).
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: impl Into<crate::StoreContextMut<'a, T>>,
    ) -> (&'a mut [u8], &'a mut T) {
        let ctx: crate::StoreContextMut<'a, T> = store.into();
        let store = ctx.0;
        store.inner.check(self.store);
        let (inner, data) = store.inner_and_data_mut();
        (&mut inner.memories[self.index as usize].data, data)
    }

    /// Copies bytes out of the memory starting at `offset`.
    ///
    /// # Errors
    /// If the range is out of bounds.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let m = self.entity(&store.as_context().0.inner);
        let src = offset
            .checked_add(buf.len())
            .and_then(|end| m.data.get(offset..end))
            .ok_or_else(|| Error::from(crate::TrapCode::MemoryOutOfBounds))?;
        buf.copy_from_slice(src);
        Ok(())
    }

    /// Copies bytes into the memory starting at `offset`.
    ///
    /// # Errors
    /// If the range is out of bounds.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check(self.store);
        let m = &mut inner.memories[self.index as usize];
        let dst = offset
            .checked_add(buf.len())
            .and_then(|end| m.data.get_mut(offset..end))
            .ok_or_else(|| Error::from(crate::TrapCode::MemoryOutOfBounds))?;
        dst.copy_from_slice(buf);
        Ok(())
    }
}
