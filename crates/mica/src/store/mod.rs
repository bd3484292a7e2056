//! The [`Store`]: owner of every runtime object, and the context traits that give access to it.

mod context;
pub(crate) mod entities;
pub(crate) mod global_types;
pub(crate) mod lazy_table;
mod limits;
pub(crate) mod linear_memory;

use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

pub use context::{AsContext, AsContextMut, StoreContext, StoreContextMut};
pub(crate) use entities::*;
pub use limits::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};

use crate::engine::Engine;
use crate::error::Error;
use crate::func::Caller;

/// Unique id of a store, used to check that handles are used with the store that made them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct StoreId(pub(crate) u64);

impl StoreId {
    fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        StoreId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The uniform signature of every host function: arguments come in `values[..params]`, results
/// are written to `values[..results]` (the slice is as long as the longer of the two).
pub(crate) type HostFuncFn<T> =
    dyn Fn(Caller<'_, T>, &mut [u64]) -> Result<(), Error> + Send + Sync + 'static;

/// Owns all runtime objects (functions, globals, memories, tables, tags, instances) and the
/// host's data `T`.
///
/// Handles such as [`Func`](crate::Func) or [`Memory`](crate::Memory) are small `Copy` values
/// that refer into one store; using a handle with another store panics (never undefined
/// behaviour). A store is used by one thread at a time.
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    pub(crate) host_funcs: Vec<Arc<HostFuncFn<T>>>,
    /// Linker host functions used in this store (kept alive: their addresses key the cache).
    pub(crate) linker_defs: Vec<Arc<crate::linker::HostFuncDef<T>>>,
    data: T,
}

/// The part of a store that does not depend on the host data type.
pub(crate) struct StoreInner {
    pub(crate) id: StoreId,
    pub(crate) engine: Engine,
    pub(crate) funcs: Vec<FuncEntity>,
    pub(crate) globals: Vec<GlobalEntity>,
    /// The globals' types.
    pub(crate) global_types: global_types::GlobalTypes,
    pub(crate) memories: Vec<MemoryEntity>,
    pub(crate) tables: Vec<TableEntity>,
    pub(crate) tags: Vec<TagEntity>,
    pub(crate) instances: Vec<InstanceEntity>,
    pub(crate) externrefs: Vec<Box<dyn Any + Send + Sync>>,
    /// Current nesting of host → wasm calls (bounded to protect the native stack).
    pub(crate) host_nesting: usize,
    /// Reusable value and frame stacks for calls into wasm (one per nesting level in use).
    pub(crate) stack_pool: Vec<crate::interp::Stack>,
    /// Linker host function (by definition address) → store func index.
    pub(crate) host_func_cache:
        std::collections::HashMap<usize, u32, std::hash::BuildHasherDefault<AddrHasher>>,
    /// The host's resource limiter, if any.
    pub(crate) limiter: Option<Box<dyn ResourceLimiter>>,
    /// Fuel left (only consumed when the engine's config has `consume_fuel`).
    pub(crate) fuel: u64,
    /// Set by an [`InterruptHandle`]; cleared when the interruption trap is delivered.
    /// Made by the first [`Store::interrupt_handle`] (most stores never need one).
    pub(crate) interrupt: std::sync::OnceLock<Arc<AtomicBool>>,
}

/// Interrupts the wasm code running in a store, from any thread
/// ([`Store::interrupt_handle`]).
///
/// Needs an engine configured with [`Config::interruptible`](crate::Config::interruptible):
/// the running code then traps with `interrupted`
/// ([`TrapCode::Interrupted`](crate::TrapCode::Interrupted)) at its next function entry or
/// loop iteration. If no wasm code is running, the next call into wasm traps that way. The
/// request is consumed by the trap that delivers it.
#[derive(Clone, Debug)]
pub struct InterruptHandle {
    flag: Arc<AtomicBool>,
}

impl InterruptHandle {
    /// Requests an interruption.
    pub fn interrupt(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }
}

/// Pushes `e` onto one of a store's entity lists. The first push reserves room for exactly one:
/// most stores hold one instance and one memory, and an entity list's default first growth
/// (room for four) makes an instance's record a large allocation, off the allocator's fast path.
pub(crate) fn push_entity<E>(list: &mut Vec<E>, e: E) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(e);
}

impl<T> Store<T> {
    /// Creates a store for `engine` holding the host data `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        Store {
            inner: StoreInner {
                id: StoreId::fresh(),
                engine: engine.clone(),
                funcs: Vec::new(),
                globals: Vec::new(),
                global_types: global_types::GlobalTypes::default(),
                memories: Vec::new(),
                tables: Vec::new(),
                tags: Vec::new(),
                instances: Vec::new(),
                externrefs: Vec::new(),
                host_nesting: 0,
                stack_pool: Vec::new(),
                host_func_cache: std::collections::HashMap::default(),
                limiter: None,
                fuel: 0,
                interrupt: std::sync::OnceLock::new(),
            },
            host_funcs: Vec::new(),
            linker_defs: Vec::new(),
            data,
        }
    }

    /// The engine this store belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store and returns the host data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Installs a resource limiter consulted on every memory/table creation and growth and
    /// on instance, memory and table counts (replacing any earlier one).
    pub fn limiter(&mut self, limiter: impl ResourceLimiter + 'static) {
        self.inner.limiter = Some(Box::new(limiter));
    }

    /// Sets the fuel left ([`Config::consume_fuel`](crate::Config::consume_fuel) describes the
    /// unit). Fails if the engine does not consume fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), Error> {
        if !self.inner.engine.config().consume_fuel {
            return Err(Error::usage(
                "fuel is not enabled in this store's engine (Config::consume_fuel)",
            ));
        }
        self.inner.fuel = fuel;
        Ok(())
    }

    /// The fuel left, or `None` if the engine does not consume fuel.
    pub fn get_fuel(&self) -> Option<u64> {
        self.inner
            .engine
            .config()
            .consume_fuel
            .then_some(self.inner.fuel)
    }

    /// A handle that interrupts the wasm code running in this store, from any thread (it
    /// only has an effect with [`Config::interruptible`](crate::Config::interruptible)).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            flag: (self.inner.interrupt)
                .get_or_init(|| Arc::new(AtomicBool::new(false)))
                .clone(),
        }
    }

    /// The non-generic part and the host data, borrowed separately.
    pub(crate) fn inner_and_data_mut(&mut self) -> (&mut StoreInner, &mut T) {
        (&mut self.inner, &mut self.data)
    }

    pub(crate) fn add_host_func(&mut self, f: Arc<HostFuncFn<T>>) -> u32 {
        self.host_funcs.push(f);
        (self.host_funcs.len() - 1) as u32
    }
}

impl StoreInner {
    /// Panics unless `id` is this store's id.
    #[track_caller]
    pub(crate) fn check(&self, id: StoreId) {
        assert!(
            id == self.id,
            "object used with a store other than the one that owns it"
        );
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("id", &self.inner.id.0)
            .field("data", &self.data)
            .finish()
    }
}

/// Hasher of `host_func_cache`'s keys: addresses of the host's own linker definitions (no
/// adversarial keys), mixed with one multiplication so aligned addresses spread over buckets.
#[derive(Default)]
pub(crate) struct AddrHasher(u64);

impl std::hash::Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        let h = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 29);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}
