//! Buffer exchange between host and guest (WAMR's `module_malloc`/`module_free`), and
//! bounds-checked translation between app offsets and host slices.

use std::collections::HashSet;

use super::app_heap::AppHeap;
use super::Instance;
use crate::error::{Error, Result};
use crate::externs::{Extern, Func};
use crate::store::{AsContext, AsContextMut, StoreContext, StoreContextMut, StoreInner};
use crate::types::ValType;
use crate::value::Val;

/// Per-instance state of buffer exchange.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    /// The host-managed app heap, when one was appended at instantiation.
    pub(crate) app_heap: Option<AppHeap>,
    /// Offsets handed out through the module's exported allocator and not yet freed.
    pub(crate) guest_allocs: HashSet<u32>,
}

impl Instance {
    /// The module's exported allocator pair (`malloc: [i32] -> [i32]`, `free: [i32] -> []`).
    fn exported_allocator(&self, inner: &StoreInner) -> Option<(Func, Func)> {
        let inst = &inner.instances[self.index as usize];
        let (Some(Extern::Func(malloc)), Some(Extern::Func(free))) =
            (inst.export("malloc"), inst.export("free"))
        else {
            return None;
        };
        let mty = crate::func::func_type_of(inner, malloc.index);
        let fty = crate::func::func_type_of(inner, free.index);
        (mty.params() == [ValType::I32]
            && mty.results() == [ValType::I32]
            && fty.params() == [ValType::I32]
            && fty.results().is_empty())
        .then_some((malloc, free))
    }

    /// Allocates `size` bytes inside the instance's default memory and returns their app
    /// offset: through the module's exported `malloc` when it has one, otherwise from the app
    /// heap appended at instantiation ([`Config::app_heap_size`](crate::Config::app_heap_size)).
    ///
    /// # Errors
    /// If there is no allocator, the allocator is exhausted (returns 0), or it traps.
    pub fn module_malloc(&self, mut store: impl AsContextMut, size: u32) -> Result<u32> {
        let store = store.as_context_mut().0;
        store.inner.check(self.store);
        if let Some((malloc, _)) = self.exported_allocator(&store.inner) {
            let mut r = [Val::I32(0)];
            malloc.call(&mut *store, &[Val::I32(size as i32)], &mut r)?;
            let offset = r[0].i32().unwrap_or(0) as u32;
            if offset == 0 {
                return Err(Error::usage(format!(
                    "module allocator could not allocate {size} bytes"
                )));
            }
            if !self.validate_app_addr(&*store, offset, size) {
                return Err(Error::usage(
                    "module allocator returned an out-of-bounds block",
                ));
            }
            store.inner.instances[self.index as usize]
                .buffers
                .guest_allocs
                .insert(offset);
            return Ok(offset);
        }
        let inst = &mut store.inner.instances[self.index as usize];
        let heap = inst.buffers.app_heap.as_mut().ok_or_else(|| {
            Error::usage("the instance has no exported allocator and no app heap")
        })?;
        heap.alloc(size).ok_or_else(|| {
            Error::usage(format!("app heap exhausted: cannot allocate {size} bytes"))
        })
    }

    /// Frees a block returned by [`Instance::module_malloc`].
    ///
    /// # Errors
    /// If `offset` is not a live block from `module_malloc` (a double free or a foreign
    /// address is refused before anything is touched), or the module's `free` traps.
    pub fn module_free(&self, mut store: impl AsContextMut, offset: u32) -> Result<()> {
        let store = store.as_context_mut().0;
        store.inner.check(self.store);
        if let Some((_, free)) = self.exported_allocator(&store.inner) {
            let allocs = &mut store.inner.instances[self.index as usize]
                .buffers
                .guest_allocs;
            if !allocs.remove(&offset) {
                return Err(Error::usage(format!(
                    "0x{offset:x} is not a live module_malloc block"
                )));
            }
            return free.call(&mut *store, &[Val::I32(offset as i32)], &mut []);
        }
        let inst = &mut store.inner.instances[self.index as usize];
        let freed = inst
            .buffers
            .app_heap
            .as_mut()
            .is_some_and(|heap| heap.free(offset));
        if freed {
            Ok(())
        } else {
            Err(Error::usage(format!(
                "0x{offset:x} is not a live module_malloc block"
            )))
        }
    }

    /// Whether `[offset, offset + size)` lies inside the instance's default memory.
    pub fn validate_app_addr(&self, store: impl AsContext, offset: u32, size: u32) -> bool {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        let Some(&mem) = inner.instances[self.index as usize].memories.first() else {
            return false;
        };
        (offset as u64) + (size as u64) <= inner.memories[mem as usize].data.len() as u64
    }

    /// The bytes `[offset, offset + len)` of the default memory.
    ///
    /// # Errors
    /// If the range is out of bounds or there is no memory.
    pub fn app_bytes<'a, T: 'a>(
        &self,
        store: impl Into<StoreContext<'a, T>>,
        offset: u32,
        len: u32,
    ) -> Result<&'a [u8]> {
        let ctx: StoreContext<'a, T> = store.into();
        let inner = &ctx.0.inner;
        inner.check(self.store);
        let mem = *inner.instances[self.index as usize]
            .memories
            .first()
            .ok_or_else(|| Error::usage("the instance has no memory"))?;
        let data = &inner.memories[mem as usize].data;
        data.get(offset as usize..offset as usize + len as usize)
            .ok_or_else(|| Error::from(crate::TrapCode::MemoryOutOfBounds))
    }

    /// The bytes `[offset, offset + len)` of the default memory, mutably.
    ///
    /// # Errors
    /// If the range is out of bounds or there is no memory.
    pub fn app_bytes_mut<'a, T: 'a>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
        offset: u32,
        len: u32,
    ) -> Result<&'a mut [u8]> {
        let ctx: StoreContextMut<'a, T> = store.into();
        let inner = &mut ctx.0.inner;
        inner.check(self.store);
        let mem = *inner.instances[self.index as usize]
            .memories
            .first()
            .ok_or_else(|| Error::usage("the instance has no memory"))?;
        let data = &mut inner.memories[mem as usize].data;
        data.get_mut(offset as usize..offset as usize + len as usize)
            .ok_or_else(|| Error::from(crate::TrapCode::MemoryOutOfBounds))
    }

    /// The app offset of a host pointer into the default memory, if it points inside it.
    pub fn app_offset_of(&self, store: impl AsContext, ptr: *const u8) -> Option<u32> {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        let mem = *inner.instances[self.index as usize].memories.first()?;
        let data = &inner.memories[mem as usize].data;
        let base = data.as_ptr() as usize;
        let p = ptr as usize;
        (p >= base && p < base + data.len()).then(|| (p - base) as u32)
    }
}
