//! Resource limits a host can put on a store: a hook that may refuse memory and table growth,
//! and caps on the number of instances, memories and tables.

/// Decides whether a store's memories and tables may grow, and how many objects it may hold.
///
/// Install one with [`Store::limiter`](crate::Store::limiter). Growth requests from wasm
/// (`memory.grow`, `table.grow`) that are refused return -1 to the guest, as the spec allows;
/// creation of a memory or table over the limit (at instantiation or by the host) is an error.
pub trait ResourceLimiter: Send {
    /// Whether a memory may grow from `current` to `desired` bytes (`maximum` is its declared
    /// maximum in bytes, if any). Also asked when a memory is created, with `current` 0.
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> bool;

    /// Whether a table may grow from `current` to `desired` elements. Also asked when a table
    /// is created, with `current` 0.
    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> bool;

    /// The maximum number of instances in the store.
    fn instances(&self) -> usize {
        usize::MAX
    }

    /// The maximum number of memories in the store (host-made ones included).
    fn memories(&self) -> usize {
        usize::MAX
    }

    /// The maximum number of tables in the store (host-made ones included).
    fn tables(&self) -> usize {
        usize::MAX
    }
}

/// A ready-made [`ResourceLimiter`] with fixed caps; build one with [`StoreLimitsBuilder`].
#[derive(Debug, Clone)]
pub struct StoreLimits {
    memory_size: usize,
    table_elements: usize,
    instances: usize,
    memories: usize,
    tables: usize,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            memory_size: usize::MAX,
            table_elements: usize::MAX,
            instances: 10_000,
            memories: 10_000,
            tables: 10_000,
        }
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> bool {
        desired <= self.memory_size
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> bool {
        desired <= self.table_elements
    }

    fn instances(&self) -> usize {
        self.instances
    }

    fn memories(&self) -> usize {
        self.memories
    }

    fn tables(&self) -> usize {
        self.tables
    }
}

/// Builds [`StoreLimits`].
#[derive(Debug, Clone, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// Limits with the defaults: no size caps, at most 10,000 instances, memories and tables.
    pub fn new() -> Self {
        Self::default()
    }

    /// The largest size in bytes any one memory may have.
    pub fn memory_size(mut self, bytes: usize) -> Self {
        self.0.memory_size = bytes;
        self
    }

    /// The largest number of elements any one table may have.
    pub fn table_elements(mut self, elements: usize) -> Self {
        self.0.table_elements = elements;
        self
    }

    /// The maximum number of instances.
    pub fn instances(mut self, n: usize) -> Self {
        self.0.instances = n;
        self
    }

    /// The maximum number of memories.
    pub fn memories(mut self, n: usize) -> Self {
        self.0.memories = n;
        self
    }

    /// The maximum number of tables.
    pub fn tables(mut self, n: usize) -> Self {
        self.0.tables = n;
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

use super::{MemoryEntity, StoreInner, TableEntity, MAX_TABLE_ELEMENTS, PAGE_SIZE};

/// Creation and growth of memories and tables, always through the limiter.
impl StoreInner {
    /// Grows store memory `index` by `delta` pages if its type and the limiter allow it;
    /// returns the old size in pages.
    pub(crate) fn grow_memory(&mut self, index: u32, delta: u64) -> Option<u64> {
        let mem = &mut self.memories[index as usize];
        if let Some(limiter) = self.limiter.as_mut() {
            let current = mem.data.len();
            let desired = (mem.pages().checked_add(delta)?).checked_mul(PAGE_SIZE)?;
            let max = mem.ty.maximum.map(|m| m.saturating_mul(PAGE_SIZE) as usize);
            if delta > 0 && !limiter.memory_growing(current, usize::try_from(desired).ok()?, max) {
                return None;
            }
        }
        mem.grow(delta)
    }

    /// Grows store table `index` by `delta` elements set to `init` if its type and the
    /// limiter allow it; returns the old size.
    pub(crate) fn grow_table(&mut self, index: u32, delta: u64, init: u64) -> Option<u64> {
        self.force_table(index as usize);
        let table = &mut self.tables[index as usize];
        if let Some(limiter) = self.limiter.as_mut() {
            let current = table.elems.len();
            let desired = usize::try_from(table.size().checked_add(delta)?).ok()?;
            let max = table.ty.maximum.map(|m| m as usize);
            if delta > 0 && !limiter.table_growing(current, desired, max) {
                return None;
            }
        }
        table.grow(delta, init)
    }

    /// Creates a memory of type `ty`, within the limiter's caps; with `image`, from a recycled
    /// slot that already holds it when one is available. Returns the store index and whether
    /// the memory holds the image.
    pub(crate) fn alloc_memory(
        &mut self,
        ty: crate::types::MemoryType,
        image: Option<&super::linear_memory::MemoryImage>,
    ) -> crate::Result<(u32, bool)> {
        let bytes = ty.minimum.saturating_mul(PAGE_SIZE);
        if let Some(limiter) = self.limiter.as_mut() {
            if self.memories.len() >= limiter.memories() {
                return Err(crate::Error::usage(
                    "resource limit: too many memories in the store",
                ));
            }
            let max = ty.maximum.map(|m| m.saturating_mul(PAGE_SIZE) as usize);
            if !limiter.memory_growing(0, usize::try_from(bytes).unwrap_or(usize::MAX), max) {
                return Err(crate::Error::usage(format!(
                    "resource limit: a memory of {} pages is not allowed",
                    ty.minimum
                )));
            }
        }
        let (entity, imaged) = MemoryEntity::new(ty, image).ok_or_else(|| {
            crate::Error::usage(format!("cannot allocate a memory of {} pages", ty.minimum))
        })?;
        super::push_entity(&mut self.memories, entity);
        Ok(((self.memories.len() - 1) as u32, imaged))
    }

    /// Creates a table of type `ty` filled with `init`, within the limiter's caps.
    pub(crate) fn alloc_table(
        &mut self,
        ty: crate::types::TableType,
        init: u64,
    ) -> crate::Result<u32> {
        self.check_new_table(ty)?;
        self.tables.push(TableEntity {
            ty,
            elems: vec![init; ty.minimum as usize],
            lazy: None,
        });
        Ok((self.tables.len() - 1) as u32)
    }

    /// Creates defined table `table` of instance `instance`, initialised lazily (see
    /// [`ModuleInner::lazy_tables`](crate::module::ModuleInner::lazy_tables)), within the
    /// limiter's caps.
    pub(crate) fn alloc_lazy_table(
        &mut self,
        ty: crate::types::TableType,
        instance: u32,
        table: u32,
    ) -> crate::Result<u32> {
        self.check_new_table(ty)?;
        self.tables.push(TableEntity {
            ty,
            elems: Vec::new(),
            lazy: Some(Box::new(super::lazy_table::LazyInit {
                instance,
                table,
                size: ty.minimum,
            })),
        });
        Ok((self.tables.len() - 1) as u32)
    }

    /// Checks that one more table of type `ty` is allowed.
    fn check_new_table(&mut self, ty: crate::types::TableType) -> crate::Result<()> {
        if ty.minimum > MAX_TABLE_ELEMENTS {
            return Err(crate::Error::usage(format!(
                "table of {} elements exceeds the limit of {MAX_TABLE_ELEMENTS}",
                ty.minimum
            )));
        }
        if let Some(limiter) = self.limiter.as_mut() {
            if self.tables.len() >= limiter.tables() {
                return Err(crate::Error::usage(
                    "resource limit: too many tables in the store",
                ));
            }
            let max = ty.maximum.map(|m| m as usize);
            if !limiter.table_growing(0, ty.minimum as usize, max) {
                return Err(crate::Error::usage(format!(
                    "resource limit: a table of {} elements is not allowed",
                    ty.minimum
                )));
            }
        }
        Ok(())
    }

    /// Checks the limiter's cap on instances before one more is created.
    pub(crate) fn check_instance_limit(&self) -> crate::Result<()> {
        match &self.limiter {
            Some(l) if self.instances.len() >= l.instances() => Err(crate::Error::usage(
                "resource limit: too many instances in the store",
            )),
            _ => Ok(()),
        }
    }
}
