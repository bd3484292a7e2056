//! Loading linking: finding dependency modules by name, loading and instantiating them once per
//! link graph, and registering them in the [`Linker`] — all through the same
//! instantiation-linking path as any other import.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use super::Linker;
use crate::engine::Engine;
use crate::error::{Error, ErrorKind, Result};
use crate::instance::Instance;
use crate::module::Module;
use crate::store::AsContextMut;

/// A module found by a [`ModuleResolver`].
#[derive(Debug, Clone)]
pub struct ResolvedModule {
    /// The loaded module.
    pub module: Module,
    /// Where it came from (a file path, for messages).
    pub origin: String,
}

/// Turns an import's module name into a module.
pub trait ModuleResolver {
    /// Finds and loads the module called `name`.
    ///
    /// Returns `Ok(None)` if this resolver has no module of that name.
    ///
    /// # Errors
    /// If a module was found but could not be read or is invalid (the error names the file).
    fn resolve(&self, engine: &Engine, name: &str) -> Result<Option<ResolvedModule>>;

    /// Where the resolver looked for `name`, for "not found" messages.
    fn searched(&self, name: &str) -> Vec<String> {
        let _ = name;
        Vec::new()
    }
}

/// Resolves module names to files `NAME.wasm` (and, with the `wat` feature, `NAME.wat`) in a
/// list of directories, searched in order.
#[derive(Debug, Clone, Default)]
pub struct FsResolver {
    paths: Vec<PathBuf>,
}

impl FsResolver {
    /// A resolver searching `paths` in order.
    pub fn new(paths: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        FsResolver {
            paths: paths.into_iter().map(Into::into).collect(),
        }
    }

    /// Adds a directory to search after the existing ones.
    pub fn add_path(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.paths.push(path.into());
        self
    }

    fn candidates(&self, name: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            return out;
        }
        for dir in &self.paths {
            out.push(dir.join(format!("{name}.wasm")));
            if cfg!(feature = "wat") {
                out.push(dir.join(format!("{name}.wat")));
            }
        }
        out
    }
}

impl ModuleResolver for FsResolver {
    fn resolve(&self, engine: &Engine, name: &str) -> Result<Option<ResolvedModule>> {
        for path in self.candidates(name) {
            if !path.is_file() {
                continue;
            }
            let origin = path.display().to_string();
            let bytes = std::fs::read(&path).map_err(|e| {
                Error::new(ErrorKind::Resolve(ResolveError::Load {
                    name: name.to_string(),
                    origin: origin.clone(),
                    message: format!("cannot read file: {e}"),
                }))
            })?;
            let module = Module::new(engine, &bytes).map_err(|e| {
                Error::new(ErrorKind::Resolve(ResolveError::Load {
                    name: name.to_string(),
                    origin: origin.clone(),
                    message: e.to_string(),
                }))
            })?;
            return Ok(Some(ResolvedModule { module, origin }));
        }
        Ok(None)
    }

    fn searched(&self, name: &str) -> Vec<String> {
        self.candidates(name)
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    }
}

/// Why loading linking failed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ResolveError {
    /// No resolver knows a module of this name.
    NotFound {
        /// The module name imported.
        name: String,
        /// Who imports it.
        importer: String,
        /// Where the resolver looked.
        searched: Vec<String>,
    },
    /// The dependency graph has a cycle; the names form it, first = last.
    Cycle(Vec<String>),
    /// A dependency was found but could not be read or loaded.
    Load {
        /// The module name.
        name: String,
        /// The file (or other origin).
        origin: String,
        /// What went wrong.
        message: String,
    },
    /// A dependency failed to link or instantiate.
    Instantiate {
        /// The module name.
        name: String,
        /// The file (or other origin).
        origin: String,
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound {
                name,
                importer,
                searched,
            } => {
                write!(f, "module `{name}` (imported by `{importer}`) not found")?;
                if !searched.is_empty() {
                    write!(f, "; looked for: {}", searched.join(", "))?;
                }
                Ok(())
            }
            ResolveError::Cycle(names) => write!(f, "dependency cycle: {}", names.join(" -> ")),
            ResolveError::Load {
                name,
                origin,
                message,
            } => {
                write!(f, "cannot load module `{name}` from {origin}: {message}")
            }
            ResolveError::Instantiate {
                name,
                origin,
                message,
            } => {
                write!(
                    f,
                    "cannot instantiate module `{name}` from {origin}: {message}"
                )
            }
        }
    }
}

/// One node of a resolved dependency graph.
#[derive(Debug, Clone)]
pub struct DependencyNode {
    /// The module name (as imported).
    pub name: String,
    /// Where it was loaded from.
    pub origin: String,
    /// The module names it imports from that are not defined in the linker, in first-use order.
    pub deps: Vec<String>,
}

impl<T: 'static> Linker<T> {
    /// Instantiates `module`, first loading (through `resolver`), instantiating and registering
    /// every module it imports from that this linker does not define yet, recursively. Each
    /// dependency is instantiated once per link graph: a module imported by several others is
    /// shared (a diamond shares one instance). The dependencies stay registered in the linker
    /// under their names.
    ///
    /// # Errors
    /// [`ErrorKind::Resolve`] for a missing dependency (naming where it looked), an unreadable or
    /// invalid file (naming the file), or a cycle (naming the whole cycle); otherwise the
    /// errors of [`Linker::instantiate`].
    pub fn instantiate_with_resolver(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
        name: &str,
        resolver: &dyn ModuleResolver,
    ) -> Result<Instance> {
        let mut stack = vec![name.to_string()];
        self.load_dependencies(&mut store, module, resolver, &mut stack)?;
        self.instantiate(store, module)
    }

    fn load_dependencies(
        &mut self,
        store: &mut impl AsContextMut<Data = T>,
        module: &Module,
        resolver: &dyn ModuleResolver,
        stack: &mut Vec<String>,
    ) -> Result<()> {
        for dep in undefined_modules(self, module) {
            if self.contains_module(&dep) {
                continue; // registered while loading an earlier import
            }
            let found = self.find_dependency(&dep, stack, resolver)?;
            stack.push(dep.clone());
            self.load_dependencies(store, &found.module, resolver, stack)?;
            stack.pop();
            let instance = self.instantiate(&mut *store, &found.module).map_err(|e| {
                Error::new(ErrorKind::Resolve(ResolveError::Instantiate {
                    name: dep.clone(),
                    origin: found.origin.clone(),
                    message: e.to_string(),
                }))
            })?;
            self.instance(&*store, &dep, instance)?;
        }
        Ok(())
    }

    /// The dependency graph of `module` as `resolver` would load it, without instantiating
    /// anything: every module reachable through imports this linker does not define, in
    /// loading order (dependencies before their importers; the root last, named `name`).
    ///
    /// # Errors
    /// As [`Linker::instantiate_with_resolver`] for missing files, invalid modules and cycles.
    pub fn dependency_graph(
        &self,
        module: &Module,
        name: &str,
        resolver: &dyn ModuleResolver,
    ) -> Result<Vec<DependencyNode>> {
        let mut done: HashMap<String, usize> = HashMap::new();
        let mut nodes = Vec::new();
        let mut stack = vec![name.to_string()];
        self.graph_visit(module, resolver, &mut stack, &mut done, &mut nodes)?;
        nodes.push(DependencyNode {
            name: name.to_string(),
            origin: "(root)".to_string(),
            deps: undefined_modules(self, module),
        });
        Ok(nodes)
    }

    fn graph_visit(
        &self,
        module: &Module,
        resolver: &dyn ModuleResolver,
        stack: &mut Vec<String>,
        done: &mut HashMap<String, usize>,
        nodes: &mut Vec<DependencyNode>,
    ) -> Result<()> {
        for dep in undefined_modules(self, module) {
            if done.contains_key(&dep) {
                continue;
            }
            let found = self.find_dependency(&dep, stack, resolver)?;
            stack.push(dep.clone());
            self.graph_visit(&found.module, resolver, stack, done, nodes)?;
            stack.pop();
            done.insert(dep.clone(), nodes.len());
            nodes.push(DependencyNode {
                name: dep,
                origin: found.origin,
                deps: undefined_modules(self, &found.module),
            });
        }
        Ok(())
    }
}

impl<T: 'static> Linker<T> {
    /// Loads dependency `dep` of the module on top of `stack` (the import path so far),
    /// reporting a cycle or a module no resolver finds.
    fn find_dependency(
        &self,
        dep: &str,
        stack: &[String],
        resolver: &dyn ModuleResolver,
    ) -> Result<ResolvedModule> {
        if let Some(pos) = stack.iter().position(|n| n == dep) {
            let mut cycle = stack[pos..].to_vec();
            cycle.push(dep.to_string());
            return Err(Error::new(ErrorKind::Resolve(ResolveError::Cycle(cycle))));
        }
        resolver.resolve(self.engine(), dep)?.ok_or_else(|| {
            Error::new(ErrorKind::Resolve(ResolveError::NotFound {
                name: dep.to_string(),
                importer: stack.last().cloned().unwrap_or_default(),
                searched: resolver.searched(dep),
            }))
        })
    }
}

/// The module names `module` imports from that `linker` defines nothing for, in first-use order.
fn undefined_modules<T: 'static>(linker: &Linker<T>, module: &Module) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for import in &module.inner.imports {
        if !linker.contains_module(&import.module) && !out.contains(&import.module) {
            out.push(import.module.clone());
        }
    }
    out
}
