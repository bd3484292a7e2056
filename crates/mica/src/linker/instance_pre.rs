//! [`InstancePre`]: imports resolved and type-checked once, instantiated many times.

use std::sync::Arc;

use super::{Definition, HostFuncDef, ImportErrors, Linker};
use crate::error::{Error, LinkError, LinkErrorReason, Result};
use crate::externs::{Extern, Global, Memory, Table, Tag};
use crate::func::Caller;
use crate::instance::Instance;
use crate::module::{ImportDesc, Module};
use crate::store::{AsContextMut, HostFuncFn, Store};
use crate::types::{ExternType, TagType};
use crate::value::Val;

/// How one import is provided.
enum Provider<T> {
    Def(Definition<T>),
    /// A fresh default object per instantiation (the linker's opt-in policy).
    Default,
}

impl<T> Clone for Provider<T> {
    fn clone(&self) -> Self {
        match self {
            Provider::Def(d) => Provider::Def(d.clone()),
            Provider::Default => Provider::Default,
        }
    }
}

/// A module whose imports a [`Linker`] has already resolved: each [`InstancePre::instantiate`]
/// only allocates and initialises.
pub struct InstancePre<T> {
    module: Module,
    providers: Arc<[Provider<T>]>,
}

impl<T> Clone for InstancePre<T> {
    fn clone(&self) -> Self {
        InstancePre {
            module: self.module.clone(),
            providers: self.providers.clone(),
        }
    }
}

impl<T: 'static> InstancePre<T> {
    pub(crate) fn new(
        linker: &Linker<T>,
        module: &Module,
    ) -> std::result::Result<Self, ImportErrors> {
        let m = &*module.inner;
        let reg = linker.engine.types();
        let mut providers = Vec::with_capacity(m.imports.len());
        let mut problems = Vec::new();
        for import in &m.imports {
            let problem = |reason| LinkError {
                module: import.module.clone(),
                name: import.name.clone(),
                reason,
            };
            match (
                linker.definition(&import.module, &import.name),
                &import.desc,
            ) {
                (Some(Definition::HostFunc(def)), ImportDesc::Func(t)) => {
                    let id = def.type_id();
                    if reg.is_subtype(id, m.types[*t as usize]) {
                        providers.push(Provider::Def(Definition::HostFunc(def.clone())));
                    } else {
                        problems.push(problem(LinkErrorReason::IncompatibleType {
                            expected: m.import_type(import),
                            actual: ExternType::Func(def.ty.clone()),
                        }));
                    }
                }
                (Some(Definition::HostFunc(def)), _) => {
                    problems.push(problem(LinkErrorReason::IncompatibleType {
                        expected: m.import_type(import),
                        actual: ExternType::Func(def.ty.clone()),
                    }));
                }
                (Some(d @ Definition::Extern(_)), _) => providers.push(Provider::Def(d.clone())),
                (None, ImportDesc::Func(t)) if linker.unknown_funcs_trap => {
                    let def = trap_stub(
                        &m.engine,
                        m.type_func(*t).clone(),
                        &import.module,
                        &import.name,
                    );
                    providers.push(Provider::Def(Definition::HostFunc(Arc::new(def))));
                }
                (None, ImportDesc::Func(_)) => problems.push(problem(LinkErrorReason::Unknown {
                    expected: m.import_type(import),
                })),
                (None, _) if linker.unknown_objects_default => providers.push(Provider::Default),
                (None, _) => problems.push(problem(LinkErrorReason::Unknown {
                    expected: m.import_type(import),
                })),
            }
        }
        if !problems.is_empty() {
            return Err(ImportErrors { problems });
        }
        Ok(InstancePre {
            module: module.clone(),
            providers: providers.into(),
        })
    }

    /// The module.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// Instantiates the module in `store`.
    ///
    /// # Errors
    /// A link error if a store object given to the linker does not match (or belongs to
    /// another store), or an instantiation trap.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>) -> Result<Instance> {
        let store = store.as_context_mut().0;
        let mut externs = Vec::with_capacity(self.providers.len());
        for (i, p) in self.providers.iter().enumerate() {
            externs.push(match p {
                Provider::Def(d) => d.to_extern(store),
                Provider::Default => default_object(store, &self.module, i)?,
            });
        }
        Instance::new(store, &self.module, &externs)
    }
}

/// A host function that traps naming the import `module::name` (the unknown-import policy).
pub(super) fn trap_stub<T>(
    engine: &crate::Engine,
    ty: crate::types::FuncType,
    module: &str,
    name: &str,
) -> HostFuncDef<T> {
    let (module, name) = (module.to_string(), name.to_string());
    let func: Arc<HostFuncFn<T>> = Arc::new(move |_c: Caller<'_, T>, _v: &mut [u64]| {
        Err(Error::unresolved_import_called(&module, &name))
    });
    HostFuncDef::new(engine, ty, func)
}

/// A fresh object with default contents for import `i` (not for functions).
pub(super) fn default_object<T>(store: &mut Store<T>, module: &Module, i: usize) -> Result<Extern> {
    let import = &module.inner.imports[i];
    let no_default = || {
        Error::link(
            &import.module,
            &import.name,
            LinkErrorReason::Unknown {
                expected: module.inner.import_type(import),
            },
        )
    };
    Ok(match &import.desc {
        ImportDesc::Func(_) => return Err(no_default()),
        ImportDesc::Global(ty) => Extern::Global(Global::new(
            &mut *store,
            *ty,
            Val::default_for(ty.content).ok_or_else(no_default)?,
        )?),
        ImportDesc::Memory(ty) => Extern::Memory(Memory::new(&mut *store, *ty)?),
        ImportDesc::Table(ty) => Extern::Table(Table::new(
            &mut *store,
            *ty,
            Val::default_for(crate::ValType::Ref(ty.element)).ok_or_else(no_default)?,
        )?),
        ImportDesc::Tag(t) => Extern::Tag(Tag::new(
            &mut *store,
            &TagType {
                ty: module.inner.type_func(*t).clone(),
            },
        )),
    })
}

impl<T> std::fmt::Debug for InstancePre<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InstancePre")
            .field("module", &self.module)
            .finish()
    }
}
