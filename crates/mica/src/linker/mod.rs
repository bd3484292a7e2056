//! [`Linker`]: a (module, name) → definition map that resolves a module's imports by name and
//! instantiates through the one instantiation-linking path, [`Instance::new`].

mod instance_pre;
#[cfg(feature = "loading-linking")]
mod resolver;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use instance_pre::InstancePre;
#[cfg(feature = "loading-linking")]
pub use resolver::{DependencyNode, FsResolver, ModuleResolver, ResolveError, ResolvedModule};

use crate::engine::Engine;
use crate::error::{Error, ErrorKind, LinkError, LinkErrorReason, Result};
use crate::externs::{Extern, Func};
use crate::func::{host_func_from_vals, Caller};
use crate::instance::Instance;
use crate::module::{ImportDesc, Module};
use crate::store::{AsContextMut, HostFuncFn, Store};
use crate::types::FuncType;
use crate::value::Val;

/// A host function defined in a linker: it belongs to no store, so one linker serves every
/// store; each store gets its own function record the first time the function is used there.
pub(crate) struct HostFuncDef<T> {
    pub(crate) ty: FuncType,
    /// `ty` registered in `engine`, on first use (once, not for every store).
    type_id: std::sync::OnceLock<crate::engine::type_registry::TypeId>,
    engine: Engine,
    pub(crate) func: Arc<HostFuncFn<T>>,
}

impl<T> HostFuncDef<T> {
    pub(crate) fn new(engine: &Engine, ty: FuncType, func: Arc<HostFuncFn<T>>) -> Self {
        HostFuncDef {
            ty,
            type_id: std::sync::OnceLock::new(),
            engine: engine.clone(),
            func,
        }
    }

    /// The canonical type in the linker's engine.
    pub(crate) fn type_id(&self) -> crate::engine::type_registry::TypeId {
        *self
            .type_id
            .get_or_init(|| self.engine.types().register_func_type(&self.ty))
    }

    /// A function record for this definition in `store` (whose engine may differ from the
    /// linker's: then the type is registered in the store's engine).
    pub(crate) fn to_func(&self, store: &mut Store<T>) -> Func {
        if Engine::same(&self.engine, &store.inner.engine) {
            Func::from_host_registered(store, self.ty.clone(), self.type_id(), self.func.clone())
        } else {
            Func::from_host(store, self.ty.clone(), self.func.clone())
        }
    }
}

/// What a name in a linker stands for.
pub(crate) enum Definition<T> {
    /// An object of some store.
    Extern(Extern),
    /// A store-independent host function.
    HostFunc(Arc<HostFuncDef<T>>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::HostFunc(f) => Definition::HostFunc(f.clone()),
        }
    }
}

impl<T> Definition<T> {
    /// The extern this definition stands for in `store` (host functions get a store record,
    /// made once per store and function).
    pub(crate) fn to_extern(&self, store: &mut Store<T>) -> Extern {
        match self {
            Definition::Extern(e) => *e,
            Definition::HostFunc(def) => Extern::Func(store.host_func_for(def)),
        }
    }
}

/// Says which import an explicitly given extern is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKey<'a> {
    /// The import at this position in the module's import list.
    Index(usize),
    /// The import with this module and field name.
    Name(&'a str, &'a str),
}

/// Every problem found while resolving a module's imports, reported at once.
#[derive(Debug, Clone)]
pub struct ImportErrors {
    problems: Vec<LinkError>,
}

impl ImportErrors {
    /// The problems, in import order: each names the import (module, name), its expected type
    /// and what was found ([`LinkErrorReason::Unknown`] or [`LinkErrorReason::IncompatibleType`]).
    pub fn problems(&self) -> &[LinkError] {
        &self.problems
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} import(s) could not be resolved:",
            self.problems.len()
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

impl From<ImportErrors> for Error {
    fn from(e: ImportErrors) -> Self {
        if e.problems.len() == 1 {
            return Error::new(ErrorKind::Link(
                e.problems.into_iter().next().expect("one problem"),
            ));
        }
        Error::new(ErrorKind::Imports(e))
    }
}

/// A name → definition map for resolving imports.
///
/// Definitions are host functions ([`Linker::func_wrap`], [`Linker::func_new`]), which belong to
/// no store, and store objects ([`Linker::define`], [`Linker::instance`]). Defining a name twice
/// is an error unless shadowing is allowed. Unresolved imports are errors unless one of the
/// opt-in policies ([`Linker::define_unknown_imports_as_traps`],
/// [`Linker::define_unknown_imports_as_default_values`]) says otherwise.
pub struct Linker<T> {
    engine: Engine,
    /// Module name → item name → definition (two levels, so lookups by `&str` allocate
    /// nothing).
    map: HashMap<Box<str>, HashMap<Box<str>, Definition<T>>>,
    allow_shadowing: bool,
    unknown_funcs_trap: bool,
    unknown_objects_default: bool,
}

impl<T> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Linker {
            engine: self.engine.clone(),
            map: self.map.clone(),
            allow_shadowing: self.allow_shadowing,
            unknown_funcs_trap: self.unknown_funcs_trap,
            unknown_objects_default: self.unknown_objects_default,
        }
    }
}

impl<T> fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self
            .map
            .iter()
            .flat_map(|(m, names)| names.keys().map(move |n| format!("{m}::{n}")))
            .collect();
        names.sort();
        f.debug_struct("Linker")
            .field("definitions", &names)
            .finish()
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker for modules of `engine`.
    pub fn new(engine: &Engine) -> Self {
        Linker {
            engine: engine.clone(),
            map: HashMap::new(),
            allow_shadowing: false,
            unknown_funcs_trap: false,
            unknown_objects_default: false,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition of a name may replace an earlier one (off by default).
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    /// Opt-in: imported functions nobody defined become functions that trap when called, with
    /// a message naming the import.
    pub fn define_unknown_imports_as_traps(&mut self, enable: bool) -> &mut Self {
        self.unknown_funcs_trap = enable;
        self
    }

    /// Opt-in: imported globals, memories, tables and tags nobody defined are created fresh
    /// with default contents (zero/null values, minimum sizes).
    pub fn define_unknown_imports_as_default_values(&mut self, enable: bool) -> &mut Self {
        self.unknown_objects_default = enable;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<()> {
        if !self.allow_shadowing && self.definition(module, name).is_some() {
            return Err(Error::usage(format!(
                "`{module}::{name}` is already defined (enable shadowing to replace it)"
            )));
        }
        let names = match self.map.get_mut(module) {
            Some(names) => names,
            None => self.map.entry(module.into()).or_default(),
        };
        names.insert(name.into(), def);
        Ok(())
    }

    /// Defines `module::name` as a store object (a function, global, memory, table or tag).
    ///
    /// # Errors
    /// If the name is taken and shadowing is off.
    pub fn define(
        &mut self,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Extern(item.into()))?;
        Ok(self)
    }

    /// Defines `module::name` as a host function over dynamically typed values; it belongs to
    /// no store.
    ///
    /// # Errors
    /// If the name is taken and shadowing is off.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let host = host_func_from_vals(ty.clone(), func);
        self.insert(
            module,
            name,
            Definition::HostFunc(Arc::new(HostFuncDef::new(&self.engine, ty, host))),
        )?;
        Ok(self)
    }

    /// Defines `module::name` as a typed host function made from a closure (see
    /// [`Func::wrap`]); it belongs to no store.
    ///
    /// # Errors
    /// If the name is taken and shadowing is off.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        func: impl crate::IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        let (ty, func) = crate::func::typed::host_func_from_closure(func);
        self.insert(
            module,
            name,
            Definition::HostFunc(Arc::new(HostFuncDef::new(&self.engine, ty, func))),
        )?;
        Ok(self)
    }

    /// Defines every export of `instance` under the module name `module`.
    ///
    /// # Errors
    /// If a name is taken and shadowing is off.
    pub fn instance(
        &mut self,
        store: impl crate::AsContext<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        let exports: Vec<(String, Extern)> = instance
            .exports(&store)
            .map(|(n, e)| (n.to_string(), e))
            .collect();
        for (name, ext) in exports {
            self.insert(module, &name, Definition::Extern(ext))?;
        }
        Ok(self)
    }

    /// Makes `as_module::as_name` another name for the definition of `module::name`.
    ///
    /// # Errors
    /// If `module::name` is not defined, or the new name is taken and shadowing is off.
    pub fn alias(
        &mut self,
        module: &str,
        name: &str,
        as_module: &str,
        as_name: &str,
    ) -> Result<&mut Self> {
        let def = self
            .definition(module, name)
            .cloned()
            .ok_or_else(|| Error::usage(format!("`{module}::{name}` is not defined")))?;
        self.insert(as_module, as_name, def)?;
        Ok(self)
    }

    /// Makes every definition of `module` also available under `as_module`.
    ///
    /// # Errors
    /// If a new name is taken and shadowing is off.
    pub fn alias_module(&mut self, module: &str, as_module: &str) -> Result<&mut Self> {
        let defs: Vec<(Box<str>, Definition<T>)> = self
            .map
            .get(module)
            .into_iter()
            .flatten()
            .map(|(n, d)| (n.clone(), d.clone()))
            .collect();
        for (name, def) in defs {
            self.insert(as_module, &name, def)?;
        }
        Ok(self)
    }

    /// Whether `module::name` is defined.
    pub fn contains(&self, module: &str, name: &str) -> bool {
        self.definition(module, name).is_some()
    }

    /// Whether any name of `module` is defined.
    pub fn contains_module(&self, module: &str) -> bool {
        self.map.get(module).is_some_and(|names| !names.is_empty())
    }

    /// The definition of `module::name` as an extern of `store`.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self.definition(module, name)?;
        Some(def.to_extern(store.as_context_mut().0))
    }

    pub(crate) fn definition(&self, module: &str, name: &str) -> Option<&Definition<T>> {
        self.map.get(module)?.get(name)
    }

    /// The complete extern list for `module`'s imports, in import order, from this linker's
    /// definitions (and the opt-in policies for unknown imports).
    ///
    /// # Errors
    /// One [`ImportErrors`] listing every missing import and every type mismatch.
    pub fn resolve_imports(
        &self,
        store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> std::result::Result<Vec<Extern>, ImportErrors> {
        self.resolve_imports_with(store, module, &[])
    }

    /// Like [`Linker::resolve_imports`], but the externs in `given` are used for the imports
    /// they name (by position or by name) and the linker fills in the rest.
    ///
    /// # Errors
    /// One [`ImportErrors`] listing every missing import and every type mismatch (including
    /// mismatches of the explicitly given externs, and keys that name no import).
    pub fn resolve_imports_with(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
        given: &[(ImportKey<'_>, Extern)],
    ) -> std::result::Result<Vec<Extern>, ImportErrors> {
        let store = store.as_context_mut().0;
        let m = &*module.inner;
        let mut externs = Vec::with_capacity(m.imports.len());
        let mut problems = Vec::new();
        for (key, _) in given {
            let known = match key {
                ImportKey::Index(i) => *i < m.imports.len(),
                ImportKey::Name(mn, n) => m
                    .imports
                    .iter()
                    .any(|imp| imp.module == *mn && imp.name == *n),
            };
            if !known {
                let (mn, n) = match key {
                    ImportKey::Index(i) => (String::new(), format!("#{i}")),
                    ImportKey::Name(mn, n) => (mn.to_string(), n.to_string()),
                };
                problems.push(LinkError {
                    module: mn,
                    name: n,
                    reason: LinkErrorReason::NoSuchImport,
                });
            }
        }
        for (i, import) in m.imports.iter().enumerate() {
            let explicit = given.iter().find(|(k, _)| match k {
                ImportKey::Index(j) => *j == i,
                ImportKey::Name(mn, n) => import.module == *mn && import.name == *n,
            });
            let ext = match explicit {
                Some((_, e)) => Some(*e),
                None => match self.definition(&import.module, &import.name) {
                    Some(def) => Some(def.to_extern(store)),
                    None => self.default_for_unknown(store, module, i),
                },
            };
            match ext {
                Some(ext) => {
                    match crate::instance::check_import(&store.inner, m, &m.types, import, &ext) {
                        Ok(()) => externs.push(ext),
                        Err(e) => match e.kind() {
                            ErrorKind::Link(l) => problems.push(l.clone()),
                            _ => problems.push(LinkError {
                                module: import.module.clone(),
                                name: import.name.clone(),
                                reason: LinkErrorReason::WrongStore,
                            }),
                        },
                    }
                }
                None => problems.push(LinkError {
                    module: import.module.clone(),
                    name: import.name.clone(),
                    reason: LinkErrorReason::Unknown {
                        expected: m.import_type(import),
                    },
                }),
            }
        }
        if problems.is_empty() {
            Ok(externs)
        } else {
            Err(ImportErrors { problems })
        }
    }

    /// Creates the stand-in for an unknown import when a policy asks for one.
    fn default_for_unknown(
        &self,
        store: &mut Store<T>,
        module: &Module,
        i: usize,
    ) -> Option<Extern> {
        let import = &module.inner.imports[i];
        match &import.desc {
            ImportDesc::Func(t) if self.unknown_funcs_trap => {
                let ty = module.inner.type_func(*t).clone();
                let def = instance_pre::trap_stub(&self.engine, ty, &import.module, &import.name);
                Some(Extern::Func(def.to_func(store)))
            }
            ImportDesc::Func(_) => None,
            _ if self.unknown_objects_default => {
                instance_pre::default_object(store, module, i).ok()
            }
            _ => None,
        }
    }

    /// Resolves `module`'s imports by name and instantiates it.
    ///
    /// # Errors
    /// Every unresolved import at once (an [`ErrorKind::Imports`] error, or [`ErrorKind::Link`]
    /// for a single one), or an instantiation trap.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        let externs = self.resolve_imports(&mut store, module)?;
        Instance::new(store, module, &externs)
    }

    /// Instantiates `module` with the externs in `given` for the imports they name and this
    /// linker's definitions for the rest.
    ///
    /// # Errors
    /// As [`Linker::instantiate`].
    pub fn instantiate_with(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
        given: &[(ImportKey<'_>, Extern)],
    ) -> Result<Instance> {
        let externs = self.resolve_imports_with(&mut store, module, given)?;
        Instance::new(store, module, &externs)
    }

    /// Resolves `module`'s imports once, for instantiating it many times cheaply.
    ///
    /// Host functions are type-checked now; store objects are checked at each instantiation
    /// (they belong to one store).
    ///
    /// # Errors
    /// One [`ImportErrors`] listing every import that no definition provides or whose host
    /// function has the wrong type.
    pub fn instantiate_pre(
        &self,
        module: &Module,
    ) -> std::result::Result<InstancePre<T>, ImportErrors> {
        InstancePre::new(self, module)
    }
}

impl<T> Store<T> {
    /// The store function for a linker host function, created on first use in this store.
    pub(crate) fn host_func_for(&mut self, def: &Arc<HostFuncDef<T>>) -> Func {
        let key = Arc::as_ptr(def) as *const () as usize;
        if let Some(&index) = self.inner.host_func_cache.get(&key) {
            return Func {
                store: self.inner.id,
                index,
            };
        }
        let f = def.to_func(self);
        // Keep the definition alive so its address is never reused while cached.
        self.linker_defs.push(def.clone());
        self.inner.host_func_cache.insert(key, f.index);
        f
    }
}
