//! Lazy table initialisation and function records made on first use.
//!
//! A defined table whose initial contents are known at load time (see
//! [`ModuleInner::lazy_tables`](crate::module::ModuleInner::lazy_tables)) costs nothing at
//! instantiation: it keeps only its size and the instance whose segments fill it. Its
//! functions get no store record either. Then:
//!
//! - the first `call_indirect` through it lays its elements out, with a [`LAZY_FUNC`] marker
//!   (carrying the module function index) in every slot a segment fills; a marker is resolved
//!   to a real reference, creating the function's record if needed, when `call_indirect` first
//!   lands on it;
//! - any other access (`table.get`/`set`/`copy`/`fill`/`init`/`grow`, the host API) first
//!   materialises the whole table ([`StoreInner::force_table`]), so nothing but `call_indirect`
//!   ever sees a marker, and markers never leave their table.
//!
//! A function's record is unique per instance (`InstanceEntity::funcs` remembers it), so a
//! reference made lazily equals one made any other way.

use super::{CodePtr, FuncEntity, StoreInner};
use crate::instance::NO_RECORD;
use crate::module::{ElemMode, ModuleInner};

/// Marks a table slot whose function reference is not resolved yet; the low 32 bits are the
/// module index of the function (in the instance that owns the table). Real references are
/// store indices + 1, far below this bit.
pub(crate) const LAZY_FUNC: u64 = 1 << 63;

/// What a lazily initialised table needs to materialise itself.
pub(crate) struct LazyInit {
    /// Store index of the instance that defines the table.
    pub(crate) instance: u32,
    /// The table's index in that instance's module.
    pub(crate) table: u32,
    /// The table's size (its elements may not be laid out yet).
    pub(crate) size: u64,
}

/// The record of defined function `def_index` of `m`, owned by store instance `instance`.
pub(crate) fn wasm_func_entity(m: &ModuleInner, instance: u32, def_index: u32) -> FuncEntity {
    let ty = m.types[m.funcs[(m.num_imported_funcs + def_index) as usize] as usize];
    FuncEntity::Wasm {
        ty,
        instance,
        def_index,
        code: CodePtr(&m.code[def_index as usize]),
    }
}

impl StoreInner {
    /// The store index of function `f` (module index) of instance `inst`, creating its record
    /// on first use.
    #[inline]
    pub(crate) fn func_record(&mut self, inst: u32, f: u32) -> u32 {
        match self.instances[inst as usize].func(f) {
            NO_RECORD => self.new_func_record(inst, f),
            index => index,
        }
    }

    #[cold]
    #[inline(never)]
    fn new_func_record(&mut self, inst: u32, f: u32) -> u32 {
        let instance = &mut self.instances[inst as usize];
        let m = &instance.module.inner;
        let index = self.funcs.len() as u32;
        let def = f - m.num_imported_funcs;
        self.funcs.push(wasm_func_entity(m, inst, def));
        instance.late_funcs.insert(def, index);
        index
    }

    /// Lays out the elements of lazily initialised table `ti` (store index) with markers, if
    /// not done yet.
    pub(crate) fn lay_out_lazy_table(&mut self, ti: usize) {
        let table = &mut self.tables[ti];
        let Some(lazy) = &table.lazy else { return };
        if table.elems.len() as u64 == lazy.size {
            return;
        }
        let m = &self.instances[lazy.instance as usize].module.inner;
        let mut elems = vec![0u64; lazy.size as usize];
        for seg in &m.elems {
            if let ElemMode::Active { table, offset } = &seg.mode {
                if *table != lazy.table {
                    continue;
                }
                // In bounds and constant: checked when the module was loaded.
                let start = offset.as_const().unwrap_or(0) as u32 as usize;
                for (slot, item) in elems[start..].iter_mut().zip(&seg.items) {
                    *slot = item.as_ref_func().map_or(0, |f| LAZY_FUNC | u64::from(f));
                }
            }
        }
        table.elems = elems;
    }

    /// Resolves the marker, if any, in slot `index` of laid-out lazy table `ti` and returns
    /// the slot's raw reference.
    pub(crate) fn resolve_lazy_slot(&mut self, ti: usize, index: usize) -> u64 {
        let raw = self.tables[ti].elems[index];
        if raw & LAZY_FUNC == 0 {
            return raw;
        }
        let Some(inst) = self.tables[ti].lazy.as_ref().map(|l| l.instance) else {
            return raw;
        };
        let resolved = u64::from(self.func_record(inst, raw as u32)) + 1;
        self.tables[ti].elems[index] = resolved;
        resolved
    }

    /// Materialises lazily initialised table `ti` completely (nothing if it is not lazy).
    #[inline]
    pub(crate) fn force_table(&mut self, ti: usize) {
        if self.tables[ti].lazy.is_some() {
            self.force_lazy_table(ti);
        }
    }

    #[cold]
    #[inline(never)]
    fn force_lazy_table(&mut self, ti: usize) {
        self.lay_out_lazy_table(ti);
        for index in 0..self.tables[ti].elems.len() {
            self.resolve_lazy_slot(ti, index);
        }
        self.tables[ti].lazy = None;
    }
}
