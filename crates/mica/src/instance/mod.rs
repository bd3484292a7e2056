//! [`Instance`]: a module instantiated in a store, and access to its exports.

pub(crate) mod app_heap;
pub(crate) mod buffers;
mod instantiate;
mod matching;

pub(crate) use instantiate::NO_RECORD;
pub(crate) use matching::check_import;

use crate::error::Result;
use crate::externs::{Extern, Func, Global, Memory, Table, Tag};
use crate::func::{TypedFunc, WasmParams, WasmResults};
use crate::module::Module;
use crate::store::{AsContext, AsContextMut, StoreId};

/// An instance of a module: its functions, globals, memories, tables, tags and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Instance {
    /// Instantiates `module` with one extern per import, in import order.
    ///
    /// Each extern is checked against its import's type with the spec's matching rules
    /// (memory and table limits are compared with the extern's current size). Then, as the spec
    /// says: globals are initialised, memories and tables allocated, exports made, active
    /// element and data segments copied in order (the first out-of-bounds one traps; writes
    /// already made to imported memories and tables stay), passive/declarative segments dropped
    /// as specified, and the start function run.
    ///
    /// Imported memories, tables and globals are the provider's objects, shared, never copied.
    ///
    /// # Errors
    /// A link error naming the import with expected and actual types; a trap from a segment or
    /// the start function.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        instantiate::instantiate(store.as_context_mut().0, module, imports)
    }

    /// The export `name`, if any.
    ///
    /// # Panics
    /// If the instance belongs to another store (as do all accessors).
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        inner.instances[self.index as usize].export(name)
    }

    /// The exported function `name`, if any.
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function `name` with a statically checked signature.
    ///
    /// # Errors
    /// If there is no such function or its type differs from `Params -> Results`.
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let f = self
            .get_func(&store, name)
            .ok_or_else(|| crate::Error::usage(format!("no exported function named `{name}`")))?;
        f.typed(&store)
    }

    /// The exported memory `name`, if any.
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported table `name`, if any.
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global `name`, if any.
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported tag `name`, if any.
    pub fn get_tag(&self, store: impl AsContext, name: &str) -> Option<Tag> {
        self.get_export(store, name)?.into_tag()
    }

    /// Every export, in the module's order.
    pub fn exports<'a, T: 'a>(
        &self,
        store: impl Into<crate::StoreContext<'a, T>>,
    ) -> impl Iterator<Item = (&'a str, Extern)> + 'a {
        let ctx: crate::StoreContext<'a, T> = store.into();
        let inner = &ctx.0.inner;
        inner.check(self.store);
        let inst = &inner.instances[self.index as usize];
        let names = inst.module.inner.exports.iter().map(|e| e.name.as_str());
        names.zip(inst.exports.iter().copied())
    }

    /// The module this instance was made from.
    pub fn module(&self, store: impl AsContext) -> Module {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        inner.instances[self.index as usize].module.clone()
    }
}
