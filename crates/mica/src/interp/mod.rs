//! The interpreter: translation of validated function bodies to a register-style IR
//! ([`ir`]), and the executor ([`exec`]) that runs it.
//!
//! Design in brief:
//! - Every function frame is a window of one value stack of 64-bit slots: parameters, declared
//!   locals, then one temporary slot per operand-stack position. Instructions name slots by
//!   their index relative to the frame base.
//! - The translator keeps a virtual operand stack whose entries are either "the temporary at
//!   this position", "the current value of local n" or "a constant", so `local.get` and
//!   constants cost nothing until an instruction consumes them; constants fold into immediate
//!   forms, compares fuse with the branch that consumes them, and a `local.set` right after an
//!   arithmetic instruction redirects its result into the local.
//! - Calls place the arguments in consecutive slots at the top of the caller's frame; the
//!   callee's frame starts there. Wasm-to-wasm calls push a record on an explicit frame stack,
//!   never on the native stack; tail calls reuse the frame.
//!
//! Invariants the executor's `unsafe` code relies on (established by the translator):
//! every slot index is below the function's `frame_size`; every branch target is inside the
//! function; the code of a function ends with a return or an unconditional branch; a
//! `Select`, `LoadMem` and `StoreMem` are followed by their `Data` word; an accumulator form
//! is never a branch target and follows the instruction that wrote the value it reads. i32 and
//! f32 values are kept zero-extended in their slots (consumers still read only the low 32
//! bits).
//!
//! Bodies are translated on their first call by default (validated at load either way), and
//! post-passes over a translated body thread jumps, fuse `x + k` addresses into loads and
//! stores, and choose accumulator forms.
//!
//! Dispatch: one handler function per opcode ([`handlers`]), with the hot state (instruction,
//! frame and memory pointers, accumulator) in argument registers. Optimised builds on x86-64 and AArch64
//! chain handlers by tail calls that compile to jumps (direct threading: every handler has its
//! own indirect jump); other builds use a portable driver loop over the same handlers
//! (`build.rs` decides; the `portable-dispatch` feature forces the loop).

mod exec;
mod handlers;
mod ir;
mod ops;
mod supported;
mod translate;

#[cfg(test)]
mod tests;

use crate::engine::type_registry::TypeId;
use crate::error::{Error, Result, Trap, TrapCode};
use crate::func::Caller;
use crate::module::ModuleInner;
use crate::store::{FuncEntity, Store};

pub(crate) use exec::Stack;
use ir::Op;
pub(crate) use supported::{validate_bodies, validate_supported, PendingBody};
pub(crate) use translate::{count_locals, Translator};

/// A function body: what is known at load, and its translation (made at load, or on the
/// function's first call with lazy translation).
pub(crate) struct CompiledFunc {
    /// Number of parameters.
    pub(crate) num_params: u32,
    /// Number of results.
    pub(crate) num_results: u32,
    /// Parameters plus declared locals.
    pub(crate) num_locals: u32,
    /// Index of the function in its module's function index space (for backtraces).
    pub(crate) func_index: u32,
    /// The body's bytes in the module's code section (`ModuleInner::code_bytes`), to translate
    /// it later.
    pub(crate) body: std::ops::Range<usize>,
    /// The translation, once made.
    pub(crate) translated: std::sync::OnceLock<Translated>,
}

impl std::fmt::Debug for CompiledFunc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledFunc")
            .field("func_index", &self.func_index)
            .field("translated", &self.translated.get().is_some())
            .finish()
    }
}

/// Calls zero this many slots after the parameters of a function that declares between one
/// and this many locals (one fixed-size store, see `handlers::start!`).
pub(crate) const ZEROED_AT_CALL: usize = 8;

/// A translated function body.
#[derive(Debug)]
pub(crate) struct Translated {
    /// The instructions, each with its handler.
    pub(crate) code: Box<[Op]>,
    /// Slots the frame needs (locals plus the deepest operand stack, at least the results,
    /// and at least [`ZEROED_AT_CALL`] past the parameters when there are declared locals).
    pub(crate) frame_size: u32,
    /// Side table of `call_indirect`: expected canonical type and module table index.
    pub(crate) sigs: Box<[(TypeId, u32)]>,
}

impl CompiledFunc {
    /// The translation, making it now if needed (`module` is the function's module).
    pub(crate) fn translate(&self, module: &ModuleInner) -> Result<&Translated> {
        if let Some(t) = self.translated.get() {
            return Ok(t);
        }
        let t = translate::translate_lazily(module, self)?;
        // Another thread may have translated it meanwhile: both translations are equal.
        Ok(self.translated.get_or_init(|| t))
    }
}

/// The effective host nesting limit.
///
/// Each host → wasm nesting level uses native stack for the executor's frame: about 2 KB in
/// optimised builds, but about 40 KB in unoptimised ones, where the configured default (200)
/// would overflow even an 8 MB stack. Builds with debug assertions therefore cap the nesting at
/// 40 levels (under 2 MB, the default stack of a spawned thread).
fn max_host_nesting(configured: usize) -> usize {
    if cfg!(debug_assertions) {
        configured.min(40)
    } else {
        configured
    }
}

/// Calls store function `func` with arguments in `buf[..params]`; results are left in
/// `buf[..results]`. `buf.len()` is the larger of the two counts.
pub(crate) fn call<T>(store: &mut Store<T>, func: u32, buf: &mut [u64]) -> Result<()> {
    let (instance, def_index) = match &store.inner.funcs[func as usize] {
        FuncEntity::Host { host, .. } => {
            let host = store.host_funcs[*host as usize].clone();
            return host(Caller::new(store, None), buf);
        }
        FuncEntity::Wasm {
            instance,
            def_index,
            ..
        } => (*instance, *def_index),
    };
    if store.inner.host_nesting >= max_host_nesting(store.inner.engine.config().max_host_nesting) {
        return Err(Error::from(Trap::new(TrapCode::StackOverflow)));
    }
    store.inner.host_nesting += 1;
    let mut stack = store.inner.stack_pool.pop().unwrap_or_default();
    // A panicking host function unwinds through here: restore the nesting count first.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        exec::run(&mut *store, &mut stack, instance, def_index, &mut *buf)
    }));
    store.inner.host_nesting -= 1;
    match result {
        Ok(result) => {
            stack.reset();
            store.inner.stack_pool.push(stack);
            result
        }
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
