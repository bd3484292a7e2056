//! WebAssembly types as seen by hosts: value, reference, function, global, memory, table, tag
//! and extern types, plus import and export descriptions.

use std::fmt;
use std::sync::Arc;

use crate::engine::type_registry::TypeId;

/// The type of a WebAssembly value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE 754 float.
    F32,
    /// 64-bit IEEE 754 float.
    F64,
    /// 128-bit vector (SIMD; not yet executable).
    V128,
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// `funcref`, i.e. `(ref null func)`.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`, i.e. `(ref null extern)`.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);

    /// Whether this is a numeric (integer or float) type.
    pub fn is_num(&self) -> bool {
        matches!(
            self,
            ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64
        )
    }

    /// Whether this is a reference type.
    pub fn is_ref(&self) -> bool {
        matches!(self, ValType::Ref(_))
    }

    /// Whether the type has a default value (all but non-nullable references).
    pub fn is_defaultable(&self) -> bool {
        match self {
            ValType::Ref(r) => r.nullable,
            _ => true,
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => write!(f, "{r}"),
        }
    }
}

/// A reference type: a heap type and whether `null` is a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefType {
    /// Whether the reference may be null.
    pub nullable: bool,
    /// What the reference points to.
    pub heap: HeapType,
}

impl RefType {
    /// `funcref`.
    pub const FUNCREF: RefType = RefType {
        nullable: true,
        heap: HeapType::Func,
    };
    /// `externref`.
    pub const EXTERNREF: RefType = RefType {
        nullable: true,
        heap: HeapType::Extern,
    };

    /// Creates a reference type.
    pub fn new(nullable: bool, heap: HeapType) -> Self {
        RefType { nullable, heap }
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.nullable, self.heap) {
            (true, HeapType::Func) => f.write_str("funcref"),
            (true, HeapType::Extern) => f.write_str("externref"),
            (true, h) => write!(f, "(ref null {h})"),
            (false, h) => write!(f, "(ref {h})"),
        }
    }
}

/// A heap type: the set of objects a reference may point to.
///
/// Concrete types name an engine-wide canonical type, so two modules that define structurally
/// equal recursion groups see the same [`TypeId`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeapType {
    /// Any function.
    Func,
    /// Any host (external) reference.
    Extern,
    /// Any GC object (`anyref`); only `null` is supported until GC lands.
    Any,
    /// GC `eq` references.
    Eq,
    /// GC `i31` references.
    I31,
    /// GC structs.
    Struct,
    /// GC arrays.
    Array,
    /// Exception references.
    Exn,
    /// The bottom of the `any` hierarchy.
    None,
    /// The bottom of the `func` hierarchy.
    NoFunc,
    /// The bottom of the `extern` hierarchy.
    NoExtern,
    /// The bottom of the `exn` hierarchy.
    NoExn,
    /// A concrete (indexed) type, canonicalised engine-wide.
    Concrete(TypeId),
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            HeapType::Func => "func",
            HeapType::Extern => "extern",
            HeapType::Any => "any",
            HeapType::Eq => "eq",
            HeapType::I31 => "i31",
            HeapType::Struct => "struct",
            HeapType::Array => "array",
            HeapType::Exn => "exn",
            HeapType::None => "none",
            HeapType::NoFunc => "nofunc",
            HeapType::NoExtern => "noextern",
            HeapType::NoExn => "noexn",
            HeapType::Concrete(id) => return write!(f, "{}", id.0),
        };
        f.write_str(s)
    }
}

/// A function type: parameter and result types.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    inner: Arc<FuncTypeInner>,
}

#[derive(PartialEq, Eq, Hash)]
struct FuncTypeInner {
    params_results: Box<[ValType]>,
    num_params: usize,
}

impl FuncType {
    /// Creates a function type from parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let (params, results) = (params.into_iter(), results.into_iter());
        let mut all = Vec::with_capacity(params.size_hint().0 + results.size_hint().0);
        all.extend(params);
        let num_params = all.len();
        all.extend(results);
        FuncType {
            inner: Arc::new(FuncTypeInner {
                params_results: all.into(),
                num_params,
            }),
        }
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.inner.params_results[..self.inner.num_params]
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.inner.params_results[self.inner.num_params..]
    }
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.params().is_empty() {
            f.write_str(" (param")?;
            for p in self.params() {
                write!(f, " {p}")?;
            }
            f.write_str(")")?;
        }
        if !self.results().is_empty() {
            f.write_str(" (result")?;
            for r in self.results() {
                write!(f, " {r}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

/// Whether a global can be written after instantiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// `const`: never changes.
    Const,
    /// `var`: may be written by `global.set` or the host.
    Var,
}

/// The type of a global: its value type and mutability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalType {
    /// The type of the value held.
    pub content: ValType,
    /// Whether the global is mutable.
    pub mutability: Mutability,
}

impl GlobalType {
    /// Creates a global type.
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        GlobalType {
            content,
            mutability,
        }
    }
}

impl fmt::Display for GlobalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mutability {
            Mutability::Const => write!(f, "(global {})", self.content),
            Mutability::Var => write!(f, "(global (mut {}))", self.content),
        }
    }
}

/// The type of a linear memory: limits in 64 KiB pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemoryType {
    /// Minimum (initial) size in pages.
    pub minimum: u64,
    /// Maximum size in pages, if any.
    pub maximum: Option<u64>,
    /// Whether the memory is shared between threads (threads proposal; not yet supported).
    pub shared: bool,
    /// Whether addresses are 64-bit (memory64 proposal; not yet supported).
    pub memory64: bool,
}

impl MemoryType {
    /// A 32-bit, unshared memory type with the given limits in pages.
    pub fn new(minimum: u32, maximum: Option<u32>) -> Self {
        MemoryType {
            minimum: minimum.into(),
            maximum: maximum.map(Into::into),
            shared: false,
            memory64: false,
        }
    }
}

impl fmt::Display for MemoryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(memory {}", self.minimum)?;
        if let Some(max) = self.maximum {
            write!(f, " {max}")?;
        }
        if self.shared {
            f.write_str(" shared")?;
        }
        f.write_str(")")
    }
}

/// The type of a table: element type and limits in elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableType {
    /// The type of the elements.
    pub element: RefType,
    /// Minimum (initial) number of elements.
    pub minimum: u64,
    /// Maximum number of elements, if any.
    pub maximum: Option<u64>,
}

impl TableType {
    /// Creates a table type.
    pub fn new(element: RefType, minimum: u32, maximum: Option<u32>) -> Self {
        TableType {
            element,
            minimum: minimum.into(),
            maximum: maximum.map(Into::into),
        }
    }
}

impl fmt::Display for TableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(table {}", self.minimum)?;
        if let Some(max) = self.maximum {
            write!(f, " {max}")?;
        }
        write!(f, " {})", self.element)
    }
}

/// The type of an exception tag: the function type of its payload (results are empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagType {
    /// The payload signature.
    pub ty: FuncType,
}

impl fmt::Display for TagType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(tag {})", self.ty)
    }
}

/// The type of any external value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A memory.
    Memory(MemoryType),
    /// A table.
    Table(TableType),
    /// A tag.
    Tag(TagType),
}

impl ExternType {
    /// The kind of the extern as a word (`func`, `global`, `memory`, `table`, `tag`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "func",
            ExternType::Global(_) => "global",
            ExternType::Memory(_) => "memory",
            ExternType::Table(_) => "table",
            ExternType::Tag(_) => "tag",
        }
    }
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(t) => write!(f, "{t}"),
            ExternType::Global(t) => write!(f, "{t}"),
            ExternType::Memory(t) => write!(f, "{t}"),
            ExternType::Table(t) => write!(f, "{t}"),
            ExternType::Tag(t) => write!(f, "{t}"),
        }
    }
}

/// One import of a module: module name, field name and expected type.
#[derive(Debug, Clone)]
pub struct ImportType<'m> {
    pub(crate) module: &'m str,
    pub(crate) name: &'m str,
    pub(crate) ty: ExternType,
}

impl<'m> ImportType<'m> {
    /// The module name of the import.
    pub fn module(&self) -> &'m str {
        self.module
    }
    /// The field name of the import.
    pub fn name(&self) -> &'m str {
        self.name
    }
    /// The type the import must match.
    pub fn ty(&self) -> &ExternType {
        &self.ty
    }
}

/// One export of a module: its name and type.
#[derive(Debug, Clone)]
pub struct ExportType<'m> {
    pub(crate) name: &'m str,
    pub(crate) ty: ExternType,
}

impl<'m> ExportType<'m> {
    /// The export name.
    pub fn name(&self) -> &'m str {
        self.name
    }
    /// The exported item's type.
    pub fn ty(&self) -> &ExternType {
        &self.ty
    }
}
