//! Module instantiation, in the order the spec gives.

use super::matching::check_import;
use super::Instance;
use crate::error::{Error, LinkErrorReason, Result};
use crate::externs::{Extern, Func, Global, Memory, Table, Tag};
use crate::module::{DataMode, ElemMode, ExternKind, Module};
use crate::store::lazy_table::wasm_func_entity;
use crate::store::{DroppedSegments, InstanceEntity, Store, TagEntity};
use crate::TrapCode;

/// The store function index of a defined function that has no store record (it cannot be
/// referenced: see `ModuleInner::referenced_funcs`).
pub(crate) const NO_RECORD: u32 = u32::MAX;

pub(crate) fn instantiate<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance> {
    let m = &*module.inner;
    if !crate::Engine::same(&m.engine, &store.inner.engine) {
        return Err(Error::usage("module and store belong to different engines"));
    }
    if imports.len() != m.imports.len() {
        return Err(Error::link(
            "",
            "",
            LinkErrorReason::WrongCount {
                expected: m.imports.len(),
                actual: imports.len(),
            },
        ));
    }
    for (import, ext) in m.imports.iter().zip(imports) {
        check_import(&store.inner, m, &m.types, import, ext)?;
    }

    let inner = &mut store.inner;
    inner.check_instance_limit()?;
    let instance_index = inner.instances.len() as u32;
    let mut funcs = Vec::with_capacity(m.funcs.len());
    let mut globals = Vec::with_capacity(m.num_imported_globals as usize);
    let mut memories = Vec::with_capacity(m.memories.len());
    let mut tables = Vec::with_capacity(m.tables.len());
    let mut tags = Vec::with_capacity(m.tags.len());
    for ext in imports {
        match ext {
            Extern::Func(f) => funcs.push(f.index),
            Extern::Global(g) => globals.push(g.index),
            Extern::Memory(mem) => memories.push(mem.index),
            Extern::Table(t) => tables.push(t.index),
            Extern::Tag(t) => tags.push(t.index),
        }
    }

    // Functions first: constant expressions may take their references. The functions that can
    // be referenced from outside get a store record now, in one run; the others get one on
    // first use (`store::lazy_table`) or never (called directly by this instance's code only).
    let eager_funcs_base = inner.funcs.len() as u32;
    inner.funcs.reserve(m.referenced_funcs.len());
    for &def_index in m.referenced_funcs.iter() {
        inner
            .funcs
            .push(wasm_func_entity(m, instance_index, def_index));
    }
    let func_ref = |f: u32| {
        u64::from(crate::store::func_record_index(
            m,
            &funcs,
            eager_funcs_base,
            None,
            f,
        )) + 1
    };

    // Defined globals: copy the module's template (constant initialisers done), then evaluate
    // the other initialisers in order (each reads only globals before it).
    let base = inner.globals.len();
    let global_base = base as u32;
    // Global `g` of this instance (imported ones first, then the defined ones from `base`).
    let global = |globals: &[u32], g: u32| {
        crate::store::global_record_index(globals, global_base, g) as usize
    };
    inner.globals.extend_from_slice(&m.global_template);
    if !m.global_template.is_empty() {
        inner.global_types.push_module(base as u32, module);
    }
    for &i in m.global_fixups.iter() {
        let value =
            m.global_inits[i as usize].eval(|g| inner.globals[global(&globals, g)].value, func_ref);
        inner.globals[base + i as usize].value = value;
    }

    for (i, init) in m.table_inits.iter().enumerate() {
        let ty = m.tables[m.num_imported_tables as usize + i];
        if m.lazy_tables[i] {
            let table = m.num_imported_tables + i as u32;
            tables.push(inner.alloc_lazy_table(ty, instance_index, table)?);
            continue;
        }
        let value = init.eval(|g| inner.globals[global(&globals, g)].value, func_ref);
        tables.push(inner.alloc_table(ty, value)?);
    }

    // The module's own first memory may come with its data already in place, from a recycled
    // slot of the module's memory image.
    let own_image = match m.num_imported_memories {
        0 if !m.memories.is_empty() => m.memory_image(),
        _ => None,
    };
    let mut pre_imaged = false;
    for (i, ty) in m.memories[m.num_imported_memories as usize..]
        .iter()
        .enumerate()
    {
        let image = own_image.filter(|_| i == 0);
        let (index, imaged) = inner.alloc_memory(*ty, image)?;
        pre_imaged |= imaged;
        memories.push(index);
    }

    let app_heap = append_app_heap(inner, m, &memories)?;

    for &ty_index in &m.tags[m.num_imported_tags as usize..] {
        inner.tags.push(TagEntity {
            ty: m.types[ty_index as usize],
            func_ty: m.type_func(ty_index).clone(),
        });
        tags.push((inner.tags.len() - 1) as u32);
    }

    let sid = inner.id;
    let mut exports = Vec::with_capacity(m.exports.len());
    for e in &m.exports {
        let i = e.index as usize;
        let ext = match e.kind {
            ExternKind::Func => Extern::Func(Func {
                store: sid,
                index: crate::store::func_record_index(m, &funcs, eager_funcs_base, None, e.index),
            }),
            ExternKind::Global => Extern::Global(Global {
                store: sid,
                index: global(&globals, e.index) as u32,
            }),
            ExternKind::Memory => Extern::Memory(Memory {
                store: sid,
                index: memories[i],
            }),
            ExternKind::Table => Extern::Table(Table {
                store: sid,
                index: tables[i],
            }),
            ExternKind::Tag => Extern::Tag(Tag {
                store: sid,
                index: tags[i],
            }),
        };
        exports.push(ext);
    }

    let elems: Vec<Vec<u64>> = m
        .elems
        .iter()
        .map(|seg| match seg.mode {
            // Only passive segments outlive instantiation (active and declarative ones are
            // dropped by it); active ones are written straight into their table below.
            ElemMode::Passive => seg
                .items
                .iter()
                .map(|item| item.eval(|g| inner.globals[global(&globals, g)].value, func_ref))
                .collect(),
            _ => Vec::new(),
        })
        .collect();

    crate::store::push_entity(
        &mut inner.instances,
        InstanceEntity {
            module: module.clone(),
            funcs,
            eager_funcs_base,
            late_funcs: Default::default(),
            globals,
            global_base,
            memories,
            tables,
            tags,
            elems,
            data_dropped: DroppedSegments::new(m.datas.len()),
            exports: exports.into_boxed_slice(),
            buffers: crate::instance::buffers::Buffers {
                app_heap,
                ..Default::default()
            },
        },
    );
    let instance = Instance {
        store: sid,
        index: instance_index,
    };

    if let Err(e) = apply_elem_segments(inner, m, instance_index) {
        if pre_imaged {
            // The spec applies data segments after element segments: a failed instance's
            // functions left in an imported table must find its memory without them.
            let mem = inner.instances[instance_index as usize].memories[0];
            inner.memories[mem as usize].data.discard_image();
        }
        return Err(e);
    }

    // Active data segments, in order. When they all fit the module's own memory, they come
    // from the module's copy-on-write image instead (nothing has written that memory yet).
    let image_applied = pre_imaged || {
        let inst = &inner.instances[instance_index as usize];
        match (inst.memories.first(), own_image) {
            (Some(&mem), Some(image)) => inner.memories[mem as usize].data.map_image(image),
            _ => false,
        }
    };

    for (i, seg) in m.datas.iter().enumerate() {
        if let DataMode::Active { memory, offset } = &seg.mode {
            let inst = &mut inner.instances[instance_index as usize];
            if image_applied {
                inst.data_dropped.insert(i as u32);
                continue;
            }
            let offset = offset.eval(|g| inner.globals[inst.global(g) as usize].value, |_| 0) as u32
                as usize;
            inst.data_dropped.insert(i as u32);
            let mem = &mut inner.memories[inst.memories[*memory as usize] as usize];
            let dst = offset
                .checked_add(seg.bytes.len())
                .and_then(|end| mem.data.get_mut(offset..end))
                .ok_or_else(|| Error::from(TrapCode::MemoryOutOfBounds))?;
            dst.copy_from_slice(&seg.bytes);
        }
    }

    if let Some(start) = m.start {
        let func = store.inner.instances[instance_index as usize].func(start);
        crate::interp::call(store, func, &mut [])?;
    }
    Ok(instance)
}

/// Appends the configured app heap to the module's own default memory, when the module exports
/// no allocator of its own.
fn append_app_heap(
    inner: &mut crate::store::StoreInner,
    m: &crate::module::ModuleInner,
    memories: &[u32],
) -> Result<Option<crate::instance::app_heap::AppHeap>> {
    let size = inner.engine.config().app_heap_size;
    let exports_allocator = m
        .exports
        .iter()
        .any(|e| e.name == "malloc" && e.kind == ExternKind::Func);
    if size == 0 || exports_allocator || m.num_imported_memories > 0 || memories.is_empty() {
        return Ok(None);
    }
    let pages = (size as u64).div_ceil(crate::store::PAGE_SIZE);
    let base = inner.memories[memories[0] as usize].data.len() as u64;
    inner.grow_memory(memories[0], pages).ok_or_else(|| {
        Error::usage(format!(
            "cannot append an app heap of {size} bytes to the module's memory"
        ))
    })?;
    let base = u32::try_from(base).map_err(|_| Error::usage("memory too large for an app heap"))?;
    Ok(Some(crate::instance::app_heap::AppHeap::new(base, size)))
}

/// Applies the active element segments and drops the declarative ones, in order; the first
/// that does not fit its table traps (earlier writes stay).
fn apply_elem_segments(
    inner: &mut crate::store::StoreInner,
    m: &crate::module::ModuleInner,
    instance_index: u32,
) -> Result<()> {
    for (i, seg) in m.elems.iter().enumerate() {
        match &seg.mode {
            ElemMode::Passive => {}
            ElemMode::Declared => inner.instances[instance_index as usize].elems[i] = Vec::new(),
            // Applied when the table is first used (`store::lazy_table`).
            ElemMode::Active { table, .. } if m.is_lazy_table(*table) => {}
            ElemMode::Active { table, offset } => {
                // An imported table may be another instance's lazy one.
                let ti = inner.instances[instance_index as usize].tables[*table as usize];
                inner.force_table(ti as usize);
                let inst = &inner.instances[instance_index as usize];
                let globals = &inner.globals;
                let offset =
                    offset.eval(|g| globals[inst.global(g) as usize].value, |_| 0) as u32 as usize;
                let table = &mut inner.tables[ti as usize];
                let dst = offset
                    .checked_add(seg.items.len())
                    .and_then(|end| table.elems.get_mut(offset..end))
                    .ok_or_else(|| Error::from(TrapCode::TableOutOfBounds))?;
                for (d, item) in dst.iter_mut().zip(&seg.items) {
                    *d = item.eval(
                        |g| globals[inst.global(g) as usize].value,
                        |f| u64::from(inst.func(f)) + 1,
                    );
                }
            }
        }
    }
    Ok(())
}
