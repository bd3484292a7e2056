//! Decoding and validation (wasmparser), building [`ModuleInner`] and translating each function
//! body to the interpreter's IR in the same pass as its validation.

use std::collections::HashMap;

use wasmparser::{Parser, Payload, Validator, WasmFeatures};

use super::const_expr::ConstExpr;
use super::{
    DataMode, DataSegment, ElemMode, ElemSegment, Export, ExternKind, Import, ImportDesc,
    ModuleInner,
};
use crate::engine::type_registry::{convert_ref_type, convert_val_type, CompositeType, TypeId};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::types::{GlobalType, MemoryType, Mutability, RefType, TableType};

/// The WebAssembly features mica accepts: the 3.0 core (with multi-memory) without SIMD,
/// threads and memory64. GC and exception-handling *types* validate (so rec groups with structs, and
/// tags, work) but their instructions are rejected by the translator as unsupported.
pub(crate) fn features() -> WasmFeatures {
    WasmFeatures::WASM3
        .difference(WasmFeatures::SIMD)
        .difference(WasmFeatures::RELAXED_SIMD)
        .difference(WasmFeatures::THREADS)
        .difference(WasmFeatures::MEMORY64)
}

fn memory_type(m: wasmparser::MemoryType, offset: u64) -> Result<MemoryType> {
    if m.memory64 {
        return Err(Error::unsupported(
            Some(offset),
            "64-bit memories (memory64)",
        ));
    }
    if m.shared {
        return Err(Error::unsupported(
            Some(offset),
            "shared memories (threads)",
        ));
    }
    if m.page_size_log2.is_some() {
        return Err(Error::unsupported(Some(offset), "custom page sizes"));
    }
    Ok(MemoryType {
        minimum: m.initial,
        maximum: m.maximum,
        shared: false,
        memory64: false,
    })
}

fn table_type(t: wasmparser::TableType, ids: &[TypeId], offset: u64) -> Result<TableType> {
    if t.table64 || t.shared {
        return Err(Error::unsupported(Some(offset), "64-bit or shared tables"));
    }
    Ok(TableType {
        element: convert_ref_type(t.element_type, ids),
        minimum: t.initial,
        maximum: t.maximum,
    })
}

fn global_type(g: wasmparser::GlobalType, ids: &[TypeId], offset: u64) -> Result<GlobalType> {
    if g.shared {
        return Err(Error::unsupported(Some(offset), "shared globals"));
    }
    Ok(GlobalType {
        content: convert_val_type(g.content_type, ids),
        mutability: if g.mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    })
}

/// Decodes, validates and translates a binary module.
/// Refuses a section whose declared entry count cannot fit in its bytes (every entry takes at
/// least one byte) before anything sized by that count is allocated: without it a few bytes
/// claiming 100,000 exports make the validator reserve tens of MiB before it finds the section
/// truncated.
fn check_section_count(payload: &Payload<'_>) -> Result<()> {
    let (name, count, range) = match payload {
        Payload::TypeSection(r) => ("type", r.count(), r.range()),
        Payload::ImportSection(r) => ("import", r.count(), r.range()),
        Payload::FunctionSection(r) => ("function", r.count(), r.range()),
        Payload::TableSection(r) => ("table", r.count(), r.range()),
        Payload::MemorySection(r) => ("memory", r.count(), r.range()),
        Payload::TagSection(r) => ("tag", r.count(), r.range()),
        Payload::GlobalSection(r) => ("global", r.count(), r.range()),
        Payload::ExportSection(r) => ("export", r.count(), r.range()),
        Payload::ElementSection(r) => ("element", r.count(), r.range()),
        Payload::DataSection(r) => ("data", r.count(), r.range()),
        Payload::CodeSectionStart {
            count,
            unchecked_range,
            size,
        } => {
            let start = unchecked_range.start;
            ("code", *count, start..start + u64::from(*size))
        }
        _ => return Ok(()),
    };
    let len = range.end.saturating_sub(range.start);
    if u64::from(count) > len {
        return Err(Error::compile(
            Some(range.start),
            format!("{name} section declares {count} entries in {len} bytes (unexpected end)"),
        ));
    }
    Ok(())
}

pub(crate) fn parse(engine: &Engine, bytes: &[u8]) -> Result<ModuleInner> {
    let config = engine.config();
    if bytes.len() > config.max_module_size {
        return Err(Error::compile(
            None,
            format!(
                "module of {} bytes exceeds the configured limit of {} bytes",
                bytes.len(),
                config.max_module_size
            ),
        ));
    }
    let mut validator = Validator::new_with_features(features());
    let mut m = ModuleInner {
        engine: engine.clone(),
        name: None,
        types: Vec::new(),
        func_types: Vec::new(),
        imports: Vec::new(),
        funcs: Vec::new(),
        num_imported_funcs: 0,
        tables: Vec::new(),
        num_imported_tables: 0,
        table_inits: Vec::new(),
        memories: Vec::new(),
        num_imported_memories: 0,
        globals: Vec::new(),
        num_imported_globals: 0,
        global_inits: Vec::new(),
        global_template: Box::default(),
        global_fixups: Box::default(),
        tags: Vec::new(),
        num_imported_tags: 0,
        exports: Vec::new(),
        export_names: HashMap::new(),
        start: None,
        elems: Vec::new(),
        datas: Vec::new(),
        code: Vec::new(),
        name_section: None,
        func_names: std::sync::OnceLock::new(),
        referenced_funcs: Box::default(),
        lazy_tables: Box::default(),
        code_bytes: Box::default(),
        code_offset: 0,
        memory_image: std::sync::OnceLock::new(),
        image_requests: std::sync::atomic::AtomicU32::new(0),
    };
    let lazy = config.lazy_translation;
    let mut rec_groups = Vec::new();
    let mut translator = crate::interp::Translator::default();
    let mut pending: Vec<crate::interp::PendingBody<'_>> = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        check_section_count(&payload)?;
        let valid = validator.payload(&payload)?;
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader {
                    rec_groups.push(group?);
                }
                m.types = engine
                    .types()
                    .register_module_types(&rec_groups)
                    .map_err(|e| Error::unsupported(None, e.0))?;
                m.func_types = m
                    .types
                    .iter()
                    .map(|id| match engine.types().get(*id).map(|t| t.composite) {
                        Some(CompositeType::Func(f)) => Some(f),
                        _ => None,
                    })
                    .collect();
            }
            Payload::ImportSection(reader) => {
                let offset = reader.range().start;
                for import in reader.into_imports() {
                    let import = import?;
                    let desc = match import.ty {
                        wasmparser::TypeRef::Func(t) | wasmparser::TypeRef::FuncExact(t) => {
                            m.funcs.push(t);
                            m.num_imported_funcs += 1;
                            ImportDesc::Func(t)
                        }
                        wasmparser::TypeRef::Table(t) => {
                            let t = table_type(t, &m.types, offset)?;
                            m.tables.push(t);
                            m.num_imported_tables += 1;
                            ImportDesc::Table(t)
                        }
                        wasmparser::TypeRef::Memory(t) => {
                            let t = memory_type(t, offset)?;
                            m.memories.push(t);
                            m.num_imported_memories += 1;
                            ImportDesc::Memory(t)
                        }
                        wasmparser::TypeRef::Global(t) => {
                            let t = global_type(t, &m.types, offset)?;
                            m.globals.push(t);
                            m.num_imported_globals += 1;
                            ImportDesc::Global(t)
                        }
                        wasmparser::TypeRef::Tag(t) => {
                            m.tags.push(t.func_type_idx);
                            m.num_imported_tags += 1;
                            ImportDesc::Tag(t.func_type_idx)
                        }
                    };
                    m.imports.push(Import {
                        module: import.module.to_string(),
                        name: import.name.to_string(),
                        desc,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                let total = m.num_imported_funcs as u64 + reader.count() as u64;
                if total > config.max_functions as u64 {
                    return Err(Error::compile(
                        Some(reader.range().start),
                        format!(
                            "module has {total} functions, over the configured limit of {}",
                            config.max_functions
                        ),
                    ));
                }
                m.funcs.reserve(reader.count() as usize);
                m.code.reserve(reader.count() as usize);
                for t in reader {
                    m.funcs.push(t?);
                }
            }
            Payload::TableSection(reader) => {
                let offset = reader.range().start;
                for table in reader {
                    let table = table?;
                    m.tables.push(table_type(table.ty, &m.types, offset)?);
                    m.table_inits.push(match table.init {
                        wasmparser::TableInit::RefNull => ConstExpr::constant(0),
                        wasmparser::TableInit::Expr(e) => ConstExpr::decode(&e)?,
                    });
                }
            }
            Payload::MemorySection(reader) => {
                let offset = reader.range().start;
                for mem in reader {
                    m.memories.push(memory_type(mem?, offset)?);
                }
            }
            Payload::TagSection(reader) => {
                for tag in reader {
                    m.tags.push(tag?.func_type_idx);
                }
            }
            Payload::GlobalSection(reader) => {
                let offset = reader.range().start;
                for g in reader {
                    let g = g?;
                    m.globals.push(global_type(g.ty, &m.types, offset)?);
                    m.global_inits.push(ConstExpr::decode(&g.init_expr)?);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e?;
                    let kind = match e.kind {
                        wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                            ExternKind::Func
                        }
                        wasmparser::ExternalKind::Table => ExternKind::Table,
                        wasmparser::ExternalKind::Memory => ExternKind::Memory,
                        wasmparser::ExternalKind::Global => ExternKind::Global,
                        wasmparser::ExternalKind::Tag => ExternKind::Tag,
                    };
                    m.exports.push(Export {
                        name: e.name.to_string(),
                        kind,
                        index: e.index,
                    });
                }
            }
            Payload::StartSection { func, .. } => m.start = Some(func),
            Payload::ElementSection(reader) => {
                for elem in reader {
                    let elem = elem?;
                    let mode = match elem.kind {
                        wasmparser::ElementKind::Passive => ElemMode::Passive,
                        wasmparser::ElementKind::Declared => ElemMode::Declared,
                        wasmparser::ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => ElemMode::Active {
                            table: table_index.unwrap_or(0),
                            offset: ConstExpr::decode(&offset_expr)?,
                        },
                    };
                    let (ty, items) = match elem.items {
                        wasmparser::ElementItems::Functions(funcs) => {
                            let mut items = Vec::new();
                            for f in funcs {
                                items.push(ConstExpr::ref_func(f?));
                            }
                            (RefType::FUNCREF, items)
                        }
                        wasmparser::ElementItems::Expressions(ty, exprs) => {
                            let mut items = Vec::new();
                            for e in exprs {
                                items.push(ConstExpr::decode(&e?)?);
                            }
                            (convert_ref_type(ty, &m.types), items)
                        }
                    };
                    m.elems.push(ElemSegment { mode, ty, items });
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data?;
                    let mode = match data.kind {
                        wasmparser::DataKind::Passive => DataMode::Passive,
                        wasmparser::DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => DataMode::Active {
                            memory: memory_index,
                            offset: ConstExpr::decode(&offset_expr)?,
                        },
                    };
                    m.datas.push(DataSegment {
                        mode,
                        bytes: data.data.into(),
                    });
                }
            }
            Payload::CodeSectionStart {
                ref unchecked_range,
                ..
            } if lazy => {
                // Kept to translate from later; a range past the end is refused by the parser.
                let range = unchecked_range.start as usize..unchecked_range.end as usize;
                m.code_bytes = bytes.get(range.clone()).unwrap_or_default().into();
                m.code_offset = range.start;
            }
            Payload::CodeSectionEntry(body) => {
                let func_index = m.num_imported_funcs + m.code.len() as u32;
                let wasmparser::ValidPayload::Func(to_validate, _) = valid else {
                    return Err(Error::compile(
                        None,
                        "code entry without a function to validate",
                    ));
                };
                let type_index = to_validate.ty;
                let ty = m.func_type(func_index);
                let (num_params, num_results) = (ty.params().len(), ty.results().len());
                let num_locals = crate::interp::count_locals(&body, num_params)?;
                let translated = std::sync::OnceLock::new();
                if lazy {
                    // Validated once the whole module is decoded (maybe on several threads).
                    pending.push((to_validate, body.clone()));
                } else {
                    let retry = (to_validate.resources.clone(), to_validate.features);
                    let func_validator = to_validate.into_validator(translator.take_allocations());
                    match translator.translate(&m, func_index, &body, func_validator) {
                        Ok(t) => {
                            let _ = translated.set(t);
                        }
                        Err(e) => {
                            // The translator's decoder stops at operators of disabled proposals
                            // (SIMD): name them as load-time validation does.
                            let mut v = wasmparser::FuncToValidate {
                                resources: retry.0,
                                index: func_index,
                                ty: type_index,
                                features: retry.1,
                            }
                            .into_validator(Default::default());
                            return Err(match crate::interp::validate_supported(&body, &mut v) {
                                Err(u)
                                    if matches!(u.kind(), crate::ErrorKind::Unsupported { .. }) =>
                                {
                                    u
                                }
                                _ => e,
                            });
                        }
                    }
                }
                let range = body.range();
                let start = (range.start as usize).saturating_sub(m.code_offset);
                m.code.push(crate::interp::CompiledFunc {
                    num_params: num_params as u32,
                    num_results: num_results as u32,
                    num_locals,
                    func_index,
                    body: start..start + (range.end - range.start) as usize,
                    translated,
                });
            }
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::Name(names) = section.as_known() {
                    // A malformed name section is ignored, as the spec says custom sections are.
                    m.name = read_module_name(names);
                    m.name_section = Some((section.data().into(), section.data_offset()));
                }
            }
            _ => {}
        }
    }
    crate::interp::validate_bodies(pending, config.parallel_compilation)?;
    m.global_template = (m.global_inits.iter())
        .map(|init| crate::store::GlobalEntity {
            value: init.as_const().unwrap_or(0),
        })
        .collect();
    m.global_fixups = (0..m.global_inits.len() as u32)
        .filter(|&i| m.global_inits[i as usize].as_const().is_none())
        .collect();
    m.export_names = (m.exports.iter().enumerate())
        .map(|(i, e)| (e.name.clone(), i as u32))
        .collect();
    m.lazy_tables = lazy_tables(&m);
    m.referenced_funcs = referenced_funcs(&m);
    Ok(m)
}

/// See [`ModuleInner::lazy_tables`].
fn lazy_tables(m: &ModuleInner) -> Box<[bool]> {
    let nimp = m.num_imported_tables;
    let mut lazy: Vec<bool> = m
        .table_inits
        .iter()
        .map(|init| init.as_const() == Some(0))
        .collect();
    for seg in &m.elems {
        let ElemMode::Active { table, offset } = &seg.mode else {
            continue;
        };
        let Some(d) = table.checked_sub(nimp) else {
            continue;
        };
        // Offsets are evaluated as 32-bit values, as the eager path does.
        let fits = offset.as_const().is_some_and(|o| {
            u64::from(o as u32) + seg.items.len() as u64 <= m.tables[*table as usize].minimum
        });
        let simple = seg
            .items
            .iter()
            .all(|item| item.as_ref_func().is_some() || item.as_const() == Some(0));
        if !(fits && simple) {
            lazy[d as usize] = false;
        }
    }
    lazy.into_boxed_slice()
}

/// See [`ModuleInner::referenced_funcs`].
fn referenced_funcs(m: &ModuleInner) -> Box<[u32]> {
    let exported = m
        .exports
        .iter()
        .filter(|e| e.kind == ExternKind::Func)
        .map(|e| e.index);
    let eager_segments = m.elems.iter().filter(|seg| match &seg.mode {
        ElemMode::Active { table, .. } => !m.is_lazy_table(*table),
        _ => true,
    });
    let in_exprs = m
        .global_inits
        .iter()
        .chain(m.table_inits.iter())
        .chain(eager_segments.flat_map(|seg| seg.items.iter()))
        .flat_map(|e| e.referenced_funcs());
    let mut defined: Vec<u32> = exported
        .chain(in_exprs)
        .chain(m.start)
        .filter_map(|f| f.checked_sub(m.num_imported_funcs))
        .collect();
    defined.sort_unstable();
    defined.dedup();
    defined.into_boxed_slice()
}

/// The module's name from a name section, if it has one (it comes first).
fn read_module_name(names: wasmparser::NameSectionReader<'_>) -> Option<String> {
    for name in names {
        match name.ok()? {
            wasmparser::Name::Module { name, .. } => return Some(name.to_string()),
            wasmparser::Name::Function(_) => return None,
            _ => {}
        }
    }
    None
}

/// Reads the function names of a name section (`bytes` at `offset` in the module) into
/// `names`, up to the first malformed entry.
pub(crate) fn read_func_names(bytes: &[u8], offset: u64, names: &mut HashMap<u32, String>) {
    let reader = wasmparser::BinaryReader::new(bytes, offset);
    for name in wasmparser::NameSectionReader::new(reader) {
        let Ok(name) = name else { return };
        if let wasmparser::Name::Function(map) = name {
            for naming in map {
                let Ok(naming) = naming else { return };
                names.insert(naming.index, naming.name.to_string());
            }
        }
    }
}
