//! The [`Engine`]: configuration and everything shared by all modules and stores.

pub(crate) mod type_registry;

use std::sync::Arc;

use type_registry::TypeRegistry;

/// Runtime configuration, fixed when an [`Engine`] is created.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) max_stack_values: usize,
    pub(crate) max_call_depth: usize,
    pub(crate) max_host_nesting: usize,
    pub(crate) app_heap_size: u32,
    pub(crate) max_module_size: usize,
    pub(crate) max_functions: u32,
    pub(crate) consume_fuel: bool,
    pub(crate) interruptible: bool,
    pub(crate) lazy_translation: bool,
    pub(crate) parallel_compilation: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            // 1 Mi value slots = 8 MiB of value stack per active call chain.
            max_stack_values: 1 << 20,
            max_call_depth: 100_000,
            max_host_nesting: 200,
            app_heap_size: 0,
            max_module_size: 1 << 30,
            max_functions: 1_000_000,
            consume_fuel: false,
            interruptible: false,
            lazy_translation: true,
            parallel_compilation: true,
        }
    }
}

impl Config {
    /// A configuration with the defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The maximum number of 64-bit value slots (locals and operands of all active frames) of
    /// one call into wasm. Exceeding it traps with `call stack exhausted`.
    pub fn max_stack_values(&mut self, slots: usize) -> &mut Self {
        self.max_stack_values = slots.max(1024);
        self
    }

    /// The maximum number of nested wasm call frames. Exceeding it traps with
    /// `call stack exhausted`.
    pub fn max_call_depth(&mut self, depth: usize) -> &mut Self {
        self.max_call_depth = depth.max(1);
        self
    }

    /// The largest module binary `Module::new` accepts, in bytes (default 1 GiB).
    pub fn max_module_size(&mut self, bytes: usize) -> &mut Self {
        self.max_module_size = bytes;
        self
    }

    /// The most functions (imported and defined) a module may have (default 1,000,000).
    pub fn max_functions(&mut self, n: u32) -> &mut Self {
        self.max_functions = n;
        self
    }

    /// Whether function bodies are translated to the interpreter's form on their first call
    /// (the default) or all at load.
    ///
    /// Either way `Module::new` validates every body, so an invalid module is refused at load.
    /// Lazily, a module pays for translating only the functions that run (fast startup of large
    /// programs) and keeps a copy of its code section to translate from; translation limits
    /// (such as a function whose frame would be too large) then surface as an error of the
    /// first call of that function instead of `Module::new`.
    pub fn lazy_translation(&mut self, on: bool) -> &mut Self {
        self.lazy_translation = on;
        self
    }

    /// Whether `Module::new` may validate function bodies on several threads (the default):
    /// with lazy translation, a module whose code section is large (512 KiB or more) has its
    /// bodies split into runs validated in parallel, up to the machine's parallelism (at most
    /// 8 threads). The result, and the error reported for an invalid module, are the same either
    /// way. Off, everything happens on the calling thread.
    pub fn parallel_compilation(&mut self, on: bool) -> &mut Self {
        self.parallel_compilation = on;
        self
    }

    /// Size in bytes of the app heap appended to the default memory of each instance whose
    /// module defines a memory but exports no `malloc`/`free` (0, the default, appends none).
    /// [`Instance::module_malloc`](crate::Instance::module_malloc) allocates from it. It is
    /// rounded up to whole pages; instantiation fails if the memory's maximum leaves no room.
    pub fn app_heap_size(&mut self, bytes: u32) -> &mut Self {
        self.app_heap_size = bytes;
        self
    }

    /// Whether wasm code consumes fuel (default off). When on, a store starts with 0 fuel
    /// ([`Store::set_fuel`](crate::Store::set_fuel) adds some) and code traps with
    /// `all fuel consumed` ([`TrapCode::OutOfFuel`](crate::TrapCode::OutOfFuel)) when it runs
    /// out.
    ///
    /// The unit: fuel is charged at function entries and loop headers (so the check runs once
    /// per call and per loop iteration), each such point charging the number of wasm operators
    /// that follow it in the function body up to the next loop header or the end of the
    /// function (at least 1). Straight-line code therefore costs about one unit per operator,
    /// branches that skip code are charged as if they did not, and host functions cost
    /// nothing. Every execution path passes a charge point at least once per call and per loop
    /// iteration, so fuel bounds the running time.
    ///
    /// Modules are translated for this setting, so it costs nothing when off.
    pub fn consume_fuel(&mut self, on: bool) -> &mut Self {
        self.consume_fuel = on;
        self
    }

    /// Whether wasm code can be interrupted through
    /// [`Store::interrupt_handle`](crate::Store::interrupt_handle) (default off). When on,
    /// function entries and loop headers check the store's interrupt flag (one relaxed atomic
    /// load); modules are translated for this setting, so it costs nothing when off.
    pub fn interruptible(&mut self, on: bool) -> &mut Self {
        self.interruptible = on;
        self
    }

    /// The maximum nesting of host → wasm → host re-entrant calls. Each level uses native
    /// stack, so this bounds native stack use. Exceeding it traps with `call stack exhausted`.
    pub fn max_host_nesting(&mut self, depth: usize) -> &mut Self {
        self.max_host_nesting = depth.max(1);
        self
    }
}

/// Shared configuration and engine-wide state (the canonical type registry).
///
/// Cheap to clone; `Send + Sync`. Modules compiled with one engine can be instantiated in any
/// store created with the same engine.
#[derive(Clone, Debug)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

#[derive(Debug)]
pub(crate) struct EngineInner {
    pub(crate) config: Config,
    pub(crate) types: TypeRegistry,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(&Config::default())
    }
}

impl Engine {
    /// Creates an engine with the given configuration.
    pub fn new(config: &Config) -> Self {
        Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                types: TypeRegistry::default(),
            }),
        }
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn types(&self) -> &TypeRegistry {
        &self.inner.types
    }

    /// Whether two engines are the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }
}
