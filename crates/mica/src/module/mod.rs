//! [`Module`]: a decoded, validated and translated WebAssembly module.

pub(crate) mod const_expr;
mod memory_image;
mod parse;

pub(crate) use parse::features;

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::type_registry::TypeId;
use crate::engine::Engine;
use crate::error::Result;
use crate::interp::CompiledFunc;
use crate::types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, RefType, TableType,
    TagType,
};
use const_expr::ConstExpr;

/// What [`Module::code_size`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSize {
    /// Bytes of interpreter code (instructions and call side tables) of the translated bodies.
    pub translated_bytes: usize,
    /// Defined functions.
    pub functions: usize,
    /// Defined functions translated so far.
    pub translated_functions: usize,
    /// Bytes of the function bodies in the binary (the code section without its header).
    pub wasm_bytes: usize,
}

/// A compiled WebAssembly module: immutable, cheap to clone, `Send + Sync`, and instantiable
/// any number of times in any store of its engine.
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

/// The kind of an index space entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExternKind {
    Func,
    Table,
    Memory,
    Global,
    Tag,
}

/// What an import expects.
#[derive(Debug, Clone)]
pub(crate) enum ImportDesc {
    /// Module type index of the function.
    Func(u32),
    Table(TableType),
    Memory(MemoryType),
    Global(GlobalType),
    /// Module type index of the tag's function type.
    Tag(u32),
}

/// One import.
#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub(crate) module: String,
    pub(crate) name: String,
    pub(crate) desc: ImportDesc,
}

/// One export.
#[derive(Debug, Clone)]
pub(crate) struct Export {
    pub(crate) name: String,
    pub(crate) kind: ExternKind,
    pub(crate) index: u32,
}

/// Where an element segment goes.
#[derive(Debug, Clone)]
pub(crate) enum ElemMode {
    Passive,
    Active { table: u32, offset: ConstExpr },
    Declared,
}

/// An element segment.
#[derive(Debug, Clone)]
pub(crate) struct ElemSegment {
    pub(crate) mode: ElemMode,
    #[allow(dead_code)]
    pub(crate) ty: RefType,
    /// One constant expression per element (`ref.func` for the function-index form).
    pub(crate) items: Vec<ConstExpr>,
}

/// Where a data segment goes.
#[derive(Debug, Clone)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

/// A data segment.
#[derive(Debug, Clone)]
pub(crate) struct DataSegment {
    pub(crate) mode: DataMode,
    pub(crate) bytes: Box<[u8]>,
}

/// Everything known about a module after loading.
pub(crate) struct ModuleInner {
    pub(crate) engine: Engine,
    /// Module name from the name section.
    pub(crate) name: Option<String>,
    /// Module type index → engine-wide canonical id.
    pub(crate) types: Vec<TypeId>,
    /// Module type index → function type (for function types).
    pub(crate) func_types: Vec<Option<FuncType>>,
    pub(crate) imports: Vec<Import>,
    /// Type index of every function, imported ones first.
    pub(crate) funcs: Vec<u32>,
    pub(crate) num_imported_funcs: u32,
    /// Every table's type, imported ones first.
    pub(crate) tables: Vec<TableType>,
    pub(crate) num_imported_tables: u32,
    /// Initial value of each defined table's elements.
    pub(crate) table_inits: Vec<ConstExpr>,
    /// Every memory's type, imported ones first.
    pub(crate) memories: Vec<MemoryType>,
    pub(crate) num_imported_memories: u32,
    /// Every global's type, imported ones first.
    pub(crate) globals: Vec<GlobalType>,
    pub(crate) num_imported_globals: u32,
    /// Initialiser of each defined global.
    pub(crate) global_inits: Vec<ConstExpr>,
    /// The defined globals' records as instantiation starts them: for a constant initialiser,
    /// its value (copied in one go).
    pub(crate) global_template: Box<[crate::store::GlobalEntity]>,
    /// The defined globals (indices into `global_inits`) whose initialiser is not a constant
    /// and is evaluated at instantiation, in order.
    pub(crate) global_fixups: Box<[u32]>,
    /// Type index of every tag, imported ones first.
    pub(crate) tags: Vec<u32>,
    pub(crate) num_imported_tags: u32,
    pub(crate) exports: Vec<Export>,
    /// Export name → index into `exports` (and into every instance's exports).
    pub(crate) export_names: HashMap<String, u32>,
    pub(crate) start: Option<u32>,
    pub(crate) elems: Vec<ElemSegment>,
    pub(crate) datas: Vec<DataSegment>,
    /// The defined functions' bodies (translated at load, or on first call).
    pub(crate) code: Vec<CompiledFunc>,
    /// The defined functions (indices into `code`) that get a store function record at
    /// instantiation: exported, referenced by a constant expression (global or table
    /// initialiser, item of an element segment not applied lazily), or the start function.
    /// The others get one on first use (a lazy table slot, `ref.func`), or never if they are
    /// only called directly.
    pub(crate) referenced_funcs: Box<[u32]>,
    /// For each defined table, whether it is initialised lazily: its initial value is null and
    /// every active element segment targeting it has a constant in-bounds offset and only
    /// `ref.func`/`ref.null` items. Such a table gets no elements at instantiation; its
    /// segments are applied on first access (see `store::lazy_table`).
    pub(crate) lazy_tables: Box<[bool]>,
    /// For lazy translation: a copy of the code section and its offset in the module binary.
    pub(crate) code_bytes: Box<[u8]>,
    pub(crate) code_offset: usize,
    /// The name section's bytes and their offset in the module, read for function names only
    /// when one is needed (a trap's backtrace): large programs name tens of thousands of
    /// functions.
    pub(crate) name_section: Option<(Box<[u8]>, u64)>,
    /// Function names from the name section, read on first use.
    pub(crate) func_names: std::sync::OnceLock<HashMap<u32, String>>,
    /// The copy-on-write image of the initial memory, built on first instantiation.
    pub(crate) memory_image: std::sync::OnceLock<Option<crate::store::linear_memory::MemoryImage>>,
    /// Instantiations that asked for the image before it was built.
    pub(crate) image_requests: std::sync::atomic::AtomicU32,
}

impl ModuleInner {
    /// The name-section name of function `func` (module index), if any.
    pub(crate) fn func_name(&self, func: u32) -> Option<&str> {
        let names = self.func_names.get_or_init(|| {
            let mut names = HashMap::new();
            if let Some((bytes, offset)) = &self.name_section {
                parse::read_func_names(bytes, *offset, &mut names);
            }
            names
        });
        names.get(&func).map(String::as_str)
    }

    /// The position of export `name` in `exports`.
    pub(crate) fn export_index(&self, name: &str) -> Option<usize> {
        self.export_names.get(name).map(|&i| i as usize)
    }

    /// Whether table `table` (module index) is a defined table initialised lazily.
    pub(crate) fn is_lazy_table(&self, table: u32) -> bool {
        table
            .checked_sub(self.num_imported_tables)
            .is_some_and(|d| self.lazy_tables[d as usize])
    }

    /// The module's initial memory image, if it has one.
    ///
    /// Built on the second request: building costs about as much as copying the data segments
    /// once (the bytes are written to the image file), so a module instantiated only once (a
    /// program run from the command line) never pays for it, and one instantiated repeatedly
    /// maps it copy-on-write from its second instance on.
    pub(crate) fn memory_image(&self) -> Option<&crate::store::linear_memory::MemoryImage> {
        if let Some(image) = self.memory_image.get() {
            return image.as_ref();
        }
        if self
            .image_requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            == 0
        {
            return None;
        }
        self.memory_image
            .get_or_init(|| memory_image::build(self))
            .as_ref()
    }

    /// The function type of the function with module index `func`.
    pub(crate) fn func_type(&self, func: u32) -> &FuncType {
        self.func_types[self.funcs[func as usize] as usize]
            .as_ref()
            .expect("validated: functions have function types")
    }

    /// The function type of module type index `ty`.
    pub(crate) fn type_func(&self, ty: u32) -> &FuncType {
        self.func_types[ty as usize]
            .as_ref()
            .expect("validated: a function type")
    }

    fn extern_type(&self, kind: ExternKind, index: u32) -> ExternType {
        match kind {
            ExternKind::Func => ExternType::Func(self.func_type(index).clone()),
            ExternKind::Table => ExternType::Table(self.tables[index as usize]),
            ExternKind::Memory => ExternType::Memory(self.memories[index as usize]),
            ExternKind::Global => ExternType::Global(self.globals[index as usize]),
            ExternKind::Tag => ExternType::Tag(TagType {
                ty: self.type_func(self.tags[index as usize]).clone(),
            }),
        }
    }

    pub(crate) fn import_type(&self, import: &Import) -> ExternType {
        match &import.desc {
            ImportDesc::Func(t) => ExternType::Func(self.type_func(*t).clone()),
            ImportDesc::Table(t) => ExternType::Table(*t),
            ImportDesc::Memory(t) => ExternType::Memory(*t),
            ImportDesc::Global(t) => ExternType::Global(*t),
            ImportDesc::Tag(t) => ExternType::Tag(TagType {
                ty: self.type_func(*t).clone(),
            }),
        }
    }
}

impl Module {
    /// Loads a module from the binary format or (with the `wat` feature) the text format.
    ///
    /// # Errors
    /// If the input is malformed, invalid, or uses an unsupported feature; the error gives the
    /// byte offset and a message.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        #[cfg(feature = "wat")]
        {
            // Text never starts with a NUL byte; anything that does is a (maybe damaged) binary.
            if !bytes.starts_with(b"\0") {
                let binary = wat::parse_bytes(bytes)
                    .map_err(|e| crate::Error::compile(None, format!("{e}")))?;
                return Module::from_binary(engine, &binary);
            }
        }
        Module::from_binary(engine, bytes)
    }

    /// Loads a module from the binary format only.
    ///
    /// # Errors
    /// If the input is malformed, invalid, or uses an unsupported feature.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        let inner = parse::parse(engine, bytes)?;
        Ok(Module {
            inner: Arc::new(inner),
        })
    }

    /// Checks that `bytes` is a valid binary module without keeping it.
    ///
    /// # Errors
    /// As [`Module::from_binary`].
    pub fn validate(engine: &Engine, bytes: &[u8]) -> Result<()> {
        Module::from_binary(engine, bytes).map(drop)
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// Memory the module's code takes in the interpreter's form, for footprint reports: bytes
    /// of the bodies translated so far (with lazy translation, only the functions that have run),
    /// and the size of the module's code section.
    pub fn code_size(&self) -> CodeSize {
        let mut size = CodeSize {
            translated_bytes: 0,
            functions: self.inner.code.len(),
            translated_functions: 0,
            wasm_bytes: 0,
        };
        for f in &self.inner.code {
            size.wasm_bytes += f.body.len();
            if let Some(t) = f.translated.get() {
                size.translated_functions += 1;
                size.translated_bytes +=
                    std::mem::size_of_val(&*t.code) + std::mem::size_of_val(&*t.sigs);
            }
        }
        size
    }

    /// The module's name from its name section.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// Every import, in order: module name, field name and expected type.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> + '_ {
        self.inner.imports.iter().map(|i| ImportType {
            module: &i.module,
            name: &i.name,
            ty: self.inner.import_type(i),
        })
    }

    /// Every export, in order: name and type.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> + '_ {
        self.inner.exports.iter().map(|e| ExportType {
            name: &e.name,
            ty: self.inner.extern_type(e.kind, e.index),
        })
    }

    /// The type of the export `name`, if there is one.
    pub fn get_export(&self, name: &str) -> Option<ExternType> {
        let e = &self.inner.exports[self.inner.export_index(name)?];
        Some(self.inner.extern_type(e.kind, e.index))
    }
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("name", &self.inner.name)
            .field("imports", &self.inner.imports.len())
            .field("exports", &self.inner.exports.len())
            .finish()
    }
}
