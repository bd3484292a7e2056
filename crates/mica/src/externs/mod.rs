//! External values: functions, globals, memories, tables and tags, whether made by a module
//! instance or by the host.

mod global;
mod memory;
mod table;
mod tag;

pub use crate::func::Func;
pub use global::Global;
pub use memory::Memory;
pub use table::Table;
pub use tag::Tag;

use crate::store::{AsContext, StoreId};
use crate::types::ExternType;

/// Any external value that can be imported or exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A memory.
    Memory(Memory),
    /// A table.
    Table(Table),
    /// A tag.
    Tag(Tag),
}

impl Extern {
    /// The current type of the extern (memories and tables report their current size as
    /// minimum, which is what import matching compares).
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        match self {
            Extern::Func(f) => ExternType::Func(f.ty(&store)),
            Extern::Global(g) => ExternType::Global(g.ty(&store)),
            Extern::Memory(m) => ExternType::Memory(m.ty(&store)),
            Extern::Table(t) => ExternType::Table(t.ty(&store)),
            Extern::Tag(t) => ExternType::Tag(t.ty(&store)),
        }
    }

    pub(crate) fn store_id(&self) -> StoreId {
        match self {
            Extern::Func(f) => f.store,
            Extern::Global(g) => g.store,
            Extern::Memory(m) => m.store,
            Extern::Table(t) => t.store,
            Extern::Tag(t) => t.store,
        }
    }

    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The tag, if this is one.
    pub fn into_tag(self) -> Option<Tag> {
        if let Extern::Tag(t) = self {
            Some(t)
        } else {
            None
        }
    }
}

macro_rules! impl_from_extern {
    ($($t:ident),*) => {$(
        impl From<$t> for Extern {
            fn from(v: $t) -> Self {
                Extern::$t(v)
            }
        }
    )*};
}
impl_from_extern!(Func, Global, Memory, Table, Tag);
