//! # mica
//!
//! An embeddable WebAssembly runtime with a fast interpreter.
//!
//! ```
//! use mica::{Engine, Instance, Module, Store};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"
//!     (module (func (export "add") (param i32 i32) (result i32)
//!         local.get 0 local.get 1 i32.add))
//! "#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Instance::new(&mut store, &module, &[])?;
//! let add = instance.get_typed_func::<(i32, i32), i32>(&store, "add")?;
//! assert_eq!(add.call(&mut store, (2, 3))?, 5);
//! # Ok::<(), mica::Error>(())
//! ```
//!
//! ## Cargo features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `wat` | yes | [`Module::new`] also accepts the WebAssembly text format |
//! | `loading-linking` | no | `FsResolver`/`ModuleResolver`: load dependency modules by name from search paths |

#![warn(missing_docs)]

mod engine;
mod error;
mod externs;
mod func;
mod instance;
mod interp;
mod linker;
mod module;
mod store;
mod types;
mod value;

pub use engine::type_registry::TypeId;
pub use engine::{Config, Engine};
pub use error::{Error, ErrorKind, FrameInfo, LinkError, LinkErrorReason, Result, Trap, TrapCode};
pub use externs::{Extern, Func, Global, Memory, Table, Tag};
pub use func::{Caller, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy, WasmTyList};
pub use instance::Instance;
#[cfg(feature = "loading-linking")]
pub use linker::{DependencyNode, FsResolver, ModuleResolver, ResolveError, ResolvedModule};
pub use linker::{ImportErrors, ImportKey, InstancePre, Linker};
pub use module::{CodeSize, Module};
pub use store::{
    AsContext, AsContextMut, InterruptHandle, ResourceLimiter, Store, StoreContext,
    StoreContextMut, StoreLimits, StoreLimitsBuilder,
};
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, HeapType, ImportType, MemoryType, Mutability,
    RefType, TableType, TagType, ValType,
};
pub use value::{ExternRef, Val};
