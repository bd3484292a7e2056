//! The records a store keeps for each runtime object. Handles index into these vectors.

use std::collections::HashMap;

use super::linear_memory::LinearMemory;
use crate::engine::type_registry::TypeId;
use crate::externs::Extern;
use crate::module::Module;
use crate::types::{FuncType, MemoryType, TableType};

/// Size of a WebAssembly page in bytes.
pub(crate) const PAGE_SIZE: u64 = 65536;
/// Largest number of pages of a 32-bit memory (4 GiB).
pub(crate) const MAX_PAGES_32: u64 = 65536;
/// Largest number of table elements mica allows (the spec allows up to 2^32 - 1).
pub(crate) const MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// A pointer to a compiled function of a module that a store instance owns.
///
/// Instances are never removed from their store and keep their module (and so its immutable
/// code) alive, so the pointer is valid for as long as the store, which owns this record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CodePtr(pub(crate) *const crate::interp::CompiledFunc);

// SAFETY: the pointee is immutable, `Send + Sync` module code (see the type's documentation);
// the pointer is only dereferenced by the executor of the owning store.
unsafe impl Send for CodePtr {}
// SAFETY: as above.
unsafe impl Sync for CodePtr {}

/// One function record for every kind of function (wasm or host).
pub(crate) enum FuncEntity {
    /// A function defined by a module instance.
    Wasm {
        /// Canonical type.
        ty: TypeId,
        /// Store index of the owning instance.
        instance: u32,
        /// Index into the module's defined (non-imported) functions.
        def_index: u32,
        /// The compiled function (`&module.code[def_index]` of the owning instance's module),
        /// cached for calls through tables and references.
        code: CodePtr,
    },
    /// A host function.
    Host {
        /// Canonical type.
        ty: TypeId,
        /// The function type, for converting arguments.
        func_ty: FuncType,
        /// Index into the store's host function table.
        host: u32,
    },
}

impl FuncEntity {
    /// The canonical type id.
    pub(crate) fn type_id(&self) -> TypeId {
        match self {
            FuncEntity::Wasm { ty, .. } | FuncEntity::Host { ty, .. } => *ty,
        }
    }
}

/// A global's current value (raw 64-bit slot encoding, see [`crate::value`]). Its type is
/// kept apart, in [`GlobalTypes`](super::global_types::GlobalTypes), so that an instance with
/// many globals touches only 8 bytes of fresh memory per global.
#[derive(Clone, Copy)]
pub(crate) struct GlobalEntity {
    pub(crate) value: u64,
}

/// A linear memory: its type and its bytes (see [`LinearMemory`]: the base address of a memory
/// created on Unix never moves, but the executor still reloads it after anything that may grow).
pub(crate) struct MemoryEntity {
    pub(crate) ty: MemoryType,
    pub(crate) data: LinearMemory,
}

impl MemoryEntity {
    /// Allocates a zeroed memory of the type's minimum size, reserving room up to its maximum;
    /// or, with `image`, one that already holds the image if a recycled slot is available (the
    /// flag says which).
    pub(crate) fn new(
        ty: MemoryType,
        image: Option<&super::linear_memory::MemoryImage>,
    ) -> Option<(Self, bool)> {
        if ty.minimum > MAX_PAGES_32 {
            return None;
        }
        let max_pages = ty.maximum.unwrap_or(MAX_PAGES_32).min(MAX_PAGES_32);
        let initial = usize::try_from(ty.minimum * PAGE_SIZE).ok()?;
        let maximum = usize::try_from(max_pages * PAGE_SIZE).ok()?;
        if let Some(data) = image.and_then(|i| LinearMemory::with_image(initial, maximum, i)) {
            return Some((MemoryEntity { ty, data }, true));
        }
        let data = LinearMemory::new(initial, maximum)?;
        Some((MemoryEntity { ty, data }, false))
    }

    /// Current size in pages.
    pub(crate) fn pages(&self) -> u64 {
        self.data.len() as u64 / PAGE_SIZE
    }

    /// Grows by `delta` pages; returns the old size in pages, or `None` if the memory cannot
    /// grow that much (over its maximum, over 4 GiB, or out of host memory).
    pub(crate) fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        let max = self.ty.maximum.unwrap_or(MAX_PAGES_32).min(MAX_PAGES_32);
        if new > max {
            return None;
        }
        if delta == 0 {
            return Some(old);
        }
        self.data
            .grow_to(usize::try_from(new * PAGE_SIZE).ok()?)
            .then_some(old)
    }
}

/// A table of references (raw 64-bit slot encoding).
pub(crate) struct TableEntity {
    pub(crate) ty: TableType,
    /// The elements. While `lazy` is set they are either not laid out yet (empty) or may hold
    /// [`LAZY_FUNC`](super::lazy_table::LAZY_FUNC) markers: only `call_indirect` reads such a
    /// table; every other access first materialises it (`StoreInner::force_table`).
    pub(crate) elems: Vec<u64>,
    /// Set for a table whose initial contents have not been materialised yet.
    pub(crate) lazy: Option<Box<super::lazy_table::LazyInit>>,
}

impl TableEntity {
    /// Current number of elements.
    pub(crate) fn size(&self) -> u64 {
        self.lazy
            .as_ref()
            .map_or(self.elems.len() as u64, |lazy| lazy.size)
    }

    /// Grows by `delta` elements filled with `init`; returns the old size, or `None` if the
    /// table cannot grow that much.
    pub(crate) fn grow(&mut self, delta: u64, init: u64) -> Option<u64> {
        let old = self.size();
        let new = old.checked_add(delta)?;
        let max = self
            .ty
            .maximum
            .unwrap_or(u32::MAX as u64)
            .min(MAX_TABLE_ELEMENTS);
        if new > max {
            return None;
        }
        self.elems.try_reserve_exact(delta as usize).ok()?;
        self.elems.resize(new as usize, init);
        Some(old)
    }
}

/// An exception tag: its identity is its position in the store.
pub(crate) struct TagEntity {
    pub(crate) ty: TypeId,
    pub(crate) func_ty: FuncType,
}

impl InstanceEntity {
    /// The store index of global `g` (module index).
    pub(crate) fn global(&self, g: u32) -> u32 {
        global_record_index(&self.globals, self.global_base, g)
    }
    /// The store index of function `f` (module index), or `NO_RECORD` if that defined function
    /// has no record yet.
    pub(crate) fn func(&self, f: u32) -> u32 {
        func_record_index(
            &self.module.inner,
            &self.funcs,
            self.eager_funcs_base,
            Some(&self.late_funcs),
            f,
        )
    }

    /// The export `name`, if any.
    pub(crate) fn export(&self, name: &str) -> Option<Extern> {
        let i = self.module.inner.export_index(name)?;
        Some(self.exports[i])
    }
}

/// A module instance: the store indices of everything in its index spaces.
pub(crate) struct InstanceEntity {
    pub(crate) module: Module,
    /// Imported functions (the start of the function index space) → store func index. The
    /// defined functions' records are found with [`InstanceEntity::func`].
    pub(crate) funcs: Vec<u32>,
    /// Store index of the record of the first of the module's `referenced_funcs`, made at
    /// instantiation; the others follow in order.
    pub(crate) eager_funcs_base: u32,
    /// Records of defined functions made after instantiation (lazy table slots, `ref.func`):
    /// defined function index → store func index.
    pub(crate) late_funcs: HashMap<u32, u32>,
    /// Imported globals (the start of the global index space) → store global index; the
    /// defined ones follow contiguously from `global_base` ([`InstanceEntity::global`]).
    pub(crate) globals: Vec<u32>,
    /// Store index of the instance's first defined global.
    pub(crate) global_base: u32,
    /// Memory index space → store memory index.
    pub(crate) memories: Vec<u32>,
    /// Table index space → store table index.
    pub(crate) tables: Vec<u32>,
    /// Tag index space → store tag index (read by exception handling, when it lands).
    #[allow(dead_code)]
    pub(crate) tags: Vec<u32>,
    /// Element segments' references (raw slots); emptied by `elem.drop`.
    pub(crate) elems: Vec<Vec<u64>>,
    /// Which data segments were dropped (`data.drop`, or active after instantiation).
    pub(crate) data_dropped: DroppedSegments,
    /// The exports, in the module's order (names: `module.inner.exports`).
    pub(crate) exports: Box<[Extern]>,
    /// Buffer exchange state (`module_malloc`).
    pub(crate) buffers: crate::instance::buffers::Buffers,
}

/// A set of data segment indices: the first 64 as bits of one word, the others (modules with
/// more segments) in an allocated tail, so that instantiating a typical module allocates
/// nothing for it.
#[derive(Default)]
pub(crate) struct DroppedSegments {
    first: u64,
    rest: Box<[u64]>,
}

impl DroppedSegments {
    /// An empty set for a module of `segments` data segments.
    pub(crate) fn new(segments: usize) -> Self {
        DroppedSegments {
            first: 0,
            rest: vec![0; segments.saturating_sub(64).div_ceil(64)].into_boxed_slice(),
        }
    }

    /// Whether segment `i` is in the set (an index past the module's segments, which
    /// validation rules out, reads as dropped).
    pub(crate) fn contains(&self, i: u32) -> bool {
        self.word(i).is_none_or(|w| w & (1 << (i % 64)) != 0)
    }

    /// Adds segment `i`.
    pub(crate) fn insert(&mut self, i: u32) {
        if let Some(w) = self.word_mut(i) {
            *w |= 1 << (i % 64);
        }
    }

    /// The word holding segment `i`'s bit.
    fn word(&self, i: u32) -> Option<&u64> {
        match i.checked_sub(64) {
            None => Some(&self.first),
            Some(j) => self.rest.get(j as usize / 64),
        }
    }

    fn word_mut(&mut self, i: u32) -> Option<&mut u64> {
        match i.checked_sub(64) {
            None => Some(&mut self.first),
            Some(j) => self.rest.get_mut(j as usize / 64),
        }
    }
}

/// The store index of global `g` of an instance whose imported globals are `imported` and
/// whose defined ones start at `base`.
pub(crate) fn global_record_index(imported: &[u32], base: u32, g: u32) -> u32 {
    match imported.get(g as usize) {
        Some(&index) => index,
        None => base + (g - imported.len() as u32),
    }
}

/// The store index of function `f` of an instance of `m` whose imported functions are
/// `imported`, whose eager records start at `eager_base`, and whose later records are `late`;
/// `NO_RECORD` if it has none.
pub(crate) fn func_record_index(
    m: &crate::module::ModuleInner,
    imported: &[u32],
    eager_base: u32,
    late: Option<&HashMap<u32, u32>>,
    f: u32,
) -> u32 {
    if let Some(&index) = imported.get(f as usize) {
        return index;
    }
    let def = f - m.num_imported_funcs;
    match m.referenced_funcs.binary_search(&def) {
        Ok(position) => eager_base + position as u32,
        Err(_) => late
            .and_then(|late| late.get(&def).copied())
            .unwrap_or(crate::instance::NO_RECORD),
    }
}
