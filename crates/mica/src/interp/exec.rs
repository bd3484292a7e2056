//! The executor's driver: sets up a call, runs the handler chain ([`super::handlers`]) and
//! does what handlers leave to it (host calls, which need the typed store; building trap
//! backtraces). Also the shared state ([`Cx`]) and the helpers handlers call.
//!
//! Wasm-to-wasm calls never recurse on the native stack: the caller's state is pushed on an
//! explicit frame stack and the callee's frame starts at the caller's argument slots. Only host
//! functions calling back into wasm nest native frames, bounded by `max_host_nesting`.
//!
//! Pointer validity, relied on by every `unsafe` block below:
//! - Compiled code: a `*const CompiledFunc` (and the instruction pointer into its `code`)
//!   points into `ModuleInner::code` of a module owned (through an `Arc`) by an instance of the
//!   store. Instances are never removed from a store and the executor holds `&mut Store` for the
//!   whole call, so that code outlives the call; it is immutable.
//! - Slots: the translator only emits slot indices below the function's `frame_size`, and
//!   before a function runs the executor makes sure `fp + frame_size` is within the value
//!   stack (`sp + stack_len`). `sp`/`fp` are re-derived whenever the value stack is resized.
//!   Branch targets produced by the translator stay inside the function's code.
//! - Linear memory: `cache.mem` is valid for `cache.mem_len` bytes. It is re-read after
//!   anything that may grow or move the memory (`memory.grow`, host calls, switching instance)
//!   and every access is bounds-checked against `cache.mem_len` first, with 64-bit arithmetic
//!   that cannot wrap. No Rust reference to linear memory is held while guest code runs.
//!   Only memory 0 is cached: accesses to other memories (`LoadMem`, `StoreMem`, bulk
//!   operations with a memory index other than 0) look the memory up through the instance,
//!   use safe, bounds-checked slices, and reload the cache afterwards (the memory may be the
//!   same store memory as memory 0).

use std::ptr;

use super::handlers::dispatch;
use super::ir::{LoadKind, Op};
use super::CompiledFunc;
use crate::engine::type_registry::TypeId;
use crate::error::{Error, FrameInfo, Result, TrapCode};
use crate::func::Caller;
use crate::module::ExternKind;
use crate::store::{FuncEntity, GlobalEntity, Store, StoreInner, TableEntity};

/// A caller's state, saved on a wasm-to-wasm call.
pub(super) struct Frame {
    pub(super) ret_pc: *const Op,
    pub(super) func: *const CompiledFunc,
    pub(super) fp_off: usize,
    pub(super) instance: u32,
}

/// The value stack and frame stack of one host-to-wasm call; pooled in the store.
#[derive(Default)]
pub(crate) struct Stack {
    pub(super) values: Vec<u64>,
    pub(super) frames: Vec<Frame>,
}

// SAFETY: a `Stack` is used by one call at a time, on the thread that owns the store; its
// `frames` (the only raw pointers) are cleared by `reset` before it goes back to the store's
// pool, and while in use they point to immutable, `Send + Sync` module code.
unsafe impl Send for Stack {}
// SAFETY: as above; shared references to a `Stack` give no access to anything.
unsafe impl Sync for Stack {}

impl Stack {
    /// Forgets any frames (after a trap) so the stack can be reused.
    pub(crate) fn reset(&mut self) {
        self.frames.clear();
    }
}

/// Per-instance state cached in locals of the executor.
struct Cache {
    mem: *mut u8,
    mem_len: usize,
    code: *const CompiledFunc,
    /// The store's globals.
    globals: *mut GlobalEntity,
    /// The instance's imported globals → store global index.
    inst_globals: *const u32,
    /// The instance's first defined global.
    own_globals: *mut GlobalEntity,
    /// The store's tables and the instance's table index space → store table index.
    tables: *const TableEntity,
    inst_tables: *const u32,
}

#[inline]
fn load_cache(inner: &mut StoreInner, inst: u32) -> Cache {
    let globals = inner.globals.as_mut_ptr();
    let tables = inner.tables.as_ptr();
    let i = &inner.instances[inst as usize];
    let inst_tables = i.tables.as_ptr();
    let code = i.module.inner.code.as_ptr();
    let inst_globals = i.globals.as_ptr();
    // SAFETY: the instance's defined globals are `global_base..global_base + n` of the store's
    // globals, so the base is in bounds (or one past the end when there are none).
    let own_globals = unsafe { globals.add(i.global_base as usize) };
    let (mem, mem_len) = match i.memories.first().copied() {
        Some(m) => {
            let data = &mut inner.memories[m as usize].data;
            (data.as_mut_ptr(), data.len())
        }
        None => (ptr::null_mut(), 0),
    };
    Cache {
        mem,
        mem_len,
        code,
        globals,
        inst_globals,
        own_globals,
        tables,
        inst_tables,
    }
}

/// What the driver must do for a host call that left the handler chain.
#[derive(Clone, Copy, Default)]
pub(super) struct HostCall {
    /// Index into the store's host functions.
    pub(super) host: u32,
    /// Argument/result slots from `base` (the larger of the parameter and result counts).
    pub(super) slots: usize,
    /// Number of results.
    pub(super) results: usize,
    /// First argument slot, relative to the frame.
    pub(super) base: u32,
    /// A `return_call*`: the caller returns the host function's results.
    pub(super) tail: bool,
}

/// Why the handler chain returned to the driver.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(super) enum Exit {
    /// Loop mode, or a cold handler: dispatch the instruction saved in `Cx::pc`.
    Continue,
    /// The outermost function returned; its results are at the base of the value stack.
    Done,
    /// A trap (`Cx::trap`) in function `Cx::cur`.
    Trap,
    /// An error that is not a trap (`Cx::error`).
    Error,
    /// A host call (`Cx::host`); the state to resume from is saved.
    Host,
}

/// Executor state that handlers share, kept in memory (the hot state is in registers).
pub(super) struct Cx {
    inner: *mut StoreInner,
    stack: *mut Stack,
    /// The running instance and function.
    pub(super) inst: u32,
    pub(super) cur: *const CompiledFunc,
    /// The running frame's offset in the value stack.
    pub(super) fp_off: usize,
    /// Base and length of the value stack.
    pub(super) sp: *mut u64,
    pub(super) stack_len: usize,
    /// The running instance's compiled functions, store globals and global index map.
    pub(super) code: *const CompiledFunc,
    pub(super) globals: *mut GlobalEntity,
    pub(super) inst_globals: *const u32,
    /// The running instance's first defined global (`GlobalGetOwn`/`GlobalSetOwn`).
    pub(super) own_globals: *mut GlobalEntity,
    /// The store's tables and the running instance's table index map (reloaded with the rest:
    /// only a host call can add tables and so move the store's table records; a table's
    /// elements are read through its record, so growing it needs no reload).
    pub(super) tables: *const TableEntity,
    pub(super) inst_tables: *const u32,
    pub(super) max_values: usize,
    pub(super) max_depth: usize,
    /// The frame stack, used as raw storage while the chain runs (`Stack::frames` keeps
    /// length 0 and owns the allocation): its first record, the next free one, and the first
    /// beyond the smaller of `max_depth` and its capacity (a call checks this one bound, and
    /// the rare path decides whether to trap or grow). Records below `frame_top` are
    /// initialised.
    pub(super) frame_base: *mut Frame,
    pub(super) frame_top: *mut Frame,
    pub(super) frame_end: *mut Frame,
    /// The hot state, saved when the chain returns to the driver.
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    /// The accumulator (the last written value), saved with the hot state.
    pub(super) acc: u64,
    /// The float accumulator (the last written f64), saved with the hot state.
    pub(super) facc: f64,
    pub(super) trap: TrapCode,
    pub(super) error: Option<Error>,
    pub(super) host: HostCall,
    /// Set before leaving through a retry path: the function to translate, the slots to
    /// reserve.
    pub(super) pending_func: (*const CompiledFunc, u32),
    pub(super) pending_end: usize,
}

impl Cx {
    /// The store's contents.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub(super) fn inner(&self) -> &mut StoreInner {
        // SAFETY: `inner` was derived from the `&mut Store` the driver holds for the whole
        // call, and the driver does not use the store while the handler chain runs; handlers
        // never keep two of these references alive at once.
        unsafe { &mut *self.inner }
    }

    /// The value and frame stacks of this call.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub(super) fn stack(&self) -> &mut Stack {
        // SAFETY: as for `inner`: the driver holds `&mut Stack` for the call and only the
        // chain uses it while it runs.
        unsafe { &mut *self.stack }
    }

    /// Saves the hot state before leaving the chain.
    #[inline(always)]
    pub(super) fn save(&mut self, pc: *const Op, fp: *mut u64, mem: *mut u8, mem_len: usize) {
        self.pc = pc;
        self.fp = fp;
        self.mem = mem;
        self.mem_len = mem_len;
    }

    /// Reloads the running instance's cache; returns memory 0's base and length.
    #[inline(always)]
    pub(super) fn reload(&mut self) -> (*mut u8, usize) {
        let c = load_cache(self.inner(), self.inst);
        self.code = c.code;
        self.globals = c.globals;
        self.inst_globals = c.inst_globals;
        self.own_globals = c.own_globals;
        self.tables = c.tables;
        self.inst_tables = c.inst_tables;
        (c.mem, c.mem_len)
    }

    /// Returns to the caller recorded on the frame stack: restores the running function, frame
    /// and instance, and gives the return address, the caller's frame pointer and whether the
    /// instance changed (then the caller reloads the cache). `None` when the outermost function
    /// returned.
    #[inline(always)]
    pub(super) fn pop_frame(&mut self) -> Option<(*const Op, *mut u64, bool)> {
        if self.frame_top == self.frame_base {
            return None;
        }
        // SAFETY: records below `frame_top` are initialised, and `frame_top > frame_base`.
        let f = unsafe {
            self.frame_top = self.frame_top.sub(1);
            self.frame_top.read()
        };
        self.cur = f.func;
        self.fp_off = f.fp_off;
        // SAFETY: the caller's frame is within the value stack.
        let fp = unsafe { self.sp.add(self.fp_off) };
        let switched = f.instance != self.inst;
        self.inst = f.instance;
        Some((f.ret_pc, fp, switched))
    }

    /// The frame records of the running chain, outermost first.
    pub(super) fn frames(&self) -> &[Frame] {
        // SAFETY: the records from `frame_base` to `frame_top` are initialised, inside the
        // frame stack's allocation.
        unsafe {
            let n = self.frame_top.offset_from(self.frame_base) as usize;
            std::slice::from_raw_parts(self.frame_base, n)
        }
    }

    /// Grows the value stack to at least `end` slots (at most `max_values`), which moves it.
    #[inline(never)]
    pub(super) fn grow_stack(&mut self, end: usize) {
        let new_len = end.max(self.stack_len * 2).min(self.max_values);
        let values = &mut self.stack().values;
        values.resize(new_len, 0);
        self.sp = values.as_mut_ptr();
        self.stack_len = new_len;
    }
}

/// What a store function index resolves to.
pub(super) enum Target {
    Wasm(*const CompiledFunc, u32),
    /// Host function index, parameter count, result count.
    Host(u32, usize, usize),
}

#[inline(always)]
pub(super) fn func_target(inner: &StoreInner, func: u32) -> Target {
    entity_target(&inner.funcs[func as usize])
}

#[inline(always)]
fn entity_target(entity: &FuncEntity) -> Target {
    match entity {
        FuncEntity::Wasm { instance, code, .. } => Target::Wasm(code.0, *instance),
        FuncEntity::Host { host, func_ty, .. } => {
            Target::Host(*host, func_ty.params().len(), func_ty.results().len())
        }
    }
}

/// Resolves a `call_indirect` target: table bounds, null and type checks.
#[inline(always)]
pub(super) fn indirect_target(
    cx: &Cx,
    table: u32,
    index: u32,
    ty: TypeId,
) -> Result<Target, TrapCode> {
    if let Some((code, instance)) = indirect_wasm(cx, table, index, ty) {
        return Ok(Target::Wasm(code, instance));
    }
    let Some(r) = table_slot(cx, table, index) else {
        // Out of bounds, or a lazily initialised table not laid out yet.
        return indirect_lazy(cx, table, index, ty);
    };
    if r == 0 {
        return Err(TrapCode::UninitializedElement);
    }
    let inner = cx.inner();
    match inner.funcs.get((r - 1) as usize) {
        Some(entity) => indirect_slow(inner, entity, ty),
        // A `LAZY_FUNC` marker (no record has an index that large).
        None => indirect_lazy(cx, table, index, ty),
    }
}

/// The reference in slot `index` of the running instance's table `table` (0: null), or `None`
/// when out of bounds or not laid out yet (a lazy table).
#[inline(always)]
fn table_slot(cx: &Cx, table: u32, index: u32) -> Option<u64> {
    // SAFETY: `table` is a table index of the running instance's module (validated), so within
    // its table index map, whose entries are store table indices; both cached pointers are
    // current (reloaded after host calls, the only way tables are added while code runs).
    let elems = unsafe { &(*cx.tables.add(*cx.inst_tables.add(table as usize) as usize)).elems };
    elems.get(index as usize).copied()
}

/// The common case of [`indirect_target`], for the `call_indirect` handler's path without
/// calls: the slot holds a wasm function of exactly type `ty`. `None` for everything else
/// (null, out of bounds, a lazy table, a host function, a subtype or a mismatch), which
/// [`indirect_target`] then sorts out.
#[inline(always)]
pub(super) fn indirect_wasm(
    cx: &Cx,
    table: u32,
    index: u32,
    ty: TypeId,
) -> Option<(*const CompiledFunc, u32)> {
    let r = table_slot(cx, table, index)?;
    match cx.inner().funcs.get(r.wrapping_sub(1) as usize) {
        Some(FuncEntity::Wasm {
            ty: actual,
            instance,
            code,
            ..
        }) if *actual == ty => Some((code.0, *instance)),
        _ => None,
    }
}

/// [`indirect_target`] on a lazily initialised table (`store::lazy_table`): lays the table out
/// and resolves the slot, then resolves the target as usual; or the out-of-bounds trap.
#[cold]
#[inline(never)]
fn indirect_lazy(cx: &Cx, table: u32, index: u32, ty: TypeId) -> Result<Target, TrapCode> {
    let inner = cx.inner();
    // SAFETY: as in `indirect_target`.
    let ti = unsafe { *cx.inst_tables.add(table as usize) } as usize;
    if inner.tables[ti].lazy.is_none() || u64::from(index) >= inner.tables[ti].size() {
        return Err(TrapCode::UndefinedElement);
    }
    inner.lay_out_lazy_table(ti);
    inner.resolve_lazy_slot(ti, index as usize);
    // The slot now holds null or a reference to an existing record.
    indirect_target(cx, table, index, ty)
}

/// The rest of [`indirect_target`]: host functions and subtype checks.
#[inline(never)]
fn indirect_slow(inner: &StoreInner, entity: &FuncEntity, ty: TypeId) -> Result<Target, TrapCode> {
    let actual = entity.type_id();
    if actual != ty && !inner.engine.types().is_subtype(actual, ty) {
        return Err(TrapCode::IndirectCallTypeMismatch);
    }
    Ok(entity_target(entity))
}

fn frame_info(inner: &StoreInner, func: *const CompiledFunc, inst: u32) -> FrameInfo {
    // SAFETY: see the module documentation (compiled code outlives the call).
    let func_index = unsafe { (*func).func_index };
    let m = &inner.instances[inst as usize].module.inner;
    FrameInfo {
        func_index,
        // The name section's name, else the first export name (e.g. `_start`).
        func_name: m.func_name(func_index).map(str::to_string).or_else(|| {
            m.exports
                .iter()
                .find(|e| e.kind == ExternKind::Func && e.index == func_index)
                .map(|e| e.name.clone())
        }),
        module_name: m.name.clone(),
    }
}

/// Store index of memory `mem` of instance `inst`.
#[inline]
pub(super) fn memory_index(inner: &StoreInner, inst: u32, mem: u32) -> usize {
    inner.instances[inst as usize].memories[mem as usize] as usize
}

/// The bytes `[start, start + n)` of memory `mem` of instance `inst`, or a trap.
fn mem_range(
    inner: &mut StoreInner,
    inst: u32,
    mem: u32,
    start: u64,
    n: u64,
) -> Result<&mut [u8], TrapCode> {
    let mi = memory_index(inner, inst, mem);
    let data: &mut [u8] = &mut inner.memories[mi].data;
    let end = start + n;
    if end > data.len() as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    Ok(&mut data[start as usize..end as usize])
}

/// A load from a memory other than the cached memory 0 (`kind`: a [`LoadKind`]).
#[inline(never)]
pub(super) fn load_mem(
    inner: &StoreInner,
    inst: u32,
    mem: u32,
    kind: u32,
    addr: u32,
    off: u32,
) -> Result<u64, TrapCode> {
    use LoadKind as K;
    let kind = *LoadKind::ALL
        .get(kind as usize)
        .ok_or(TrapCode::Unsupported)?;
    let n = match kind {
        K::I64 => 8,
        K::I32 | K::I64_32S => 4,
        K::I32_16S | K::I32_16U | K::I64_16S => 2,
        K::I32_8S | K::I32_8U | K::I64_8S => 1,
    };
    let data: &[u8] = &inner.memories[memory_index(inner, inst, mem)].data;
    let ea = u64::from(addr) + u64::from(off);
    if ea + n > data.len() as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    let mut b = [0u8; 8];
    b[..n as usize].copy_from_slice(&data[ea as usize..(ea + n) as usize]);
    let x = u64::from_le_bytes(b);
    Ok(match kind {
        K::I32 | K::I64 | K::I32_8U | K::I32_16U => x,
        K::I32_8S => x as i8 as i32 as u32 as u64,
        K::I32_16S => x as i16 as i32 as u32 as u64,
        K::I64_8S => x as i8 as i64 as u64,
        K::I64_16S => x as i16 as i64 as u64,
        K::I64_32S => x as i32 as i64 as u64,
    })
}

/// A store of the low `width` bytes of `value` to a memory other than the cached memory 0.
#[inline(never)]
pub(super) fn store_mem(
    inner: &mut StoreInner,
    inst: u32,
    mem: u32,
    width: u32,
    addr: u32,
    off: u32,
    value: u64,
) -> Result<(), TrapCode> {
    let ea = u64::from(addr) + u64::from(off);
    let n = u64::from(width.min(8));
    mem_range(inner, inst, mem, ea, n)?.copy_from_slice(&value.to_le_bytes()[..n as usize]);
    Ok(())
}

#[inline(never)]
pub(super) fn memory_fill(
    inner: &mut StoreInner,
    inst: u32,
    mem: u32,
    dst: u64,
    val: u8,
    n: u64,
) -> Result<(), TrapCode> {
    mem_range(inner, inst, mem, dst, n)?.fill(val);
    Ok(())
}

/// `memory.copy` between any two memories of the instance (possibly the same store memory).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn memory_copy(
    inner: &mut StoreInner,
    inst: u32,
    dst_mem: u32,
    src_mem: u32,
    dst: u64,
    src: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let (di, si) = (
        memory_index(inner, inst, dst_mem),
        memory_index(inner, inst, src_mem),
    );
    let (dlen, slen) = (
        inner.memories[di].data.len() as u64,
        inner.memories[si].data.len() as u64,
    );
    if dst + n > dlen || src + n > slen {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    let (d, s, n) = (dst as usize, src as usize, n as usize);
    let mems = &mut inner.memories;
    if di == si {
        mems[di].data.copy_within(s..s + n, d);
    } else if di < si {
        let (lo, hi) = mems.split_at_mut(si);
        lo[di].data[d..d + n].copy_from_slice(&hi[0].data[s..s + n]);
    } else {
        let (lo, hi) = mems.split_at_mut(di);
        hi[0].data[d..d + n].copy_from_slice(&lo[si].data[s..s + n]);
    }
    Ok(())
}

/// `memory.init` into a memory other than the cached memory 0.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn memory_init(
    inner: &mut StoreInner,
    inst: u32,
    mem: u32,
    seg: u32,
    dst: u64,
    src: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let i = &inner.instances[inst as usize];
    let module = i.module.clone();
    let bytes: &[u8] = if i.data_dropped.contains(seg) {
        &[]
    } else {
        &module.inner.datas[seg as usize].bytes
    };
    if src + n > bytes.len() as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    mem_range(inner, inst, mem, dst, n)?.copy_from_slice(&bytes[src as usize..(src + n) as usize]);
    Ok(())
}

pub(super) fn internal_error(what: &str) -> Error {
    Error::usage(format!("internal interpreter error: {what}"))
}

/// The canonical NaN of the sign of `x`'s bits, for conversions of NaN inputs.
pub(super) fn canon_f32(neg: bool) -> f32 {
    f32::from_bits(0x7fc0_0000 | if neg { 0x8000_0000 } else { 0 })
}
pub(super) fn canon_f64(neg: bool) -> f64 {
    f64::from_bits(0x7ff8_0000_0000_0000 | if neg { 1 << 63 } else { 0 })
}

/// Runs the wasm function `def` of instance `instance` with arguments in `buf[..params]`,
/// leaving the results in `buf[..results]`.
pub(crate) fn run<T>(
    store: &mut Store<T>,
    stack: &mut Stack,
    instance: u32,
    def: u32,
    buf: &mut [u64],
) -> Result<()> {
    let func: *const CompiledFunc =
        &store.inner.instances[instance as usize].module.inner.code[def as usize];
    // SAFETY: see the module documentation (compiled code outlives the call).
    let f = unsafe { &*func };
    let t = match f.translated.get() {
        Some(t) => t,
        None => {
            let module = store.inner.instances[instance as usize].module.clone();
            f.translate(&module.inner)?
        }
    };
    let config = store.inner.engine.config();
    let (max_values, max_depth) = (config.max_stack_values, config.max_call_depth);
    let need = (t.frame_size as usize).max(buf.len());
    if need > max_values {
        let mut e = Error::from(TrapCode::StackOverflow);
        if let Some(t) = e.trap_mut() {
            t.backtrace.push(frame_info(&store.inner, func, instance));
        }
        return Err(e);
    }
    if stack.values.len() < need {
        stack.values.resize(need.max(1024.min(max_values)), 0);
    }
    let (np, nl, nr) = (
        f.num_params as usize,
        f.num_locals as usize,
        f.num_results as usize,
    );
    stack.values[..np].copy_from_slice(&buf[..np]);
    stack.values[np..nl].fill(0);
    stack.frames.clear();
    let result = execute(store, stack, instance, func, max_values, max_depth);
    if result.is_ok() {
        buf[..nr].copy_from_slice(&stack.values[..nr]);
    }
    stack.frames.clear();
    result
}

fn execute<T>(
    store: &mut Store<T>,
    stack: &mut Stack,
    instance: u32,
    func: *const CompiledFunc,
    max_values: usize,
    max_depth: usize,
) -> Result<()> {
    let sp: *mut u64 = stack.values.as_mut_ptr();
    let stack_len = stack.values.len();
    stack.frames.clear();
    let frame_base = stack.frames.as_mut_ptr();
    // SAFETY: at most the capacity past the start of the allocation.
    let frame_end = unsafe { frame_base.add(stack.frames.capacity().min(max_depth)) };
    let mut cx = Cx {
        inner: &mut store.inner,
        stack,
        inst: instance,
        cur: func,
        fp_off: 0,
        sp,
        stack_len,
        code: ptr::null(),
        globals: ptr::null_mut(),
        inst_globals: ptr::null(),
        own_globals: ptr::null_mut(),
        tables: ptr::null(),
        inst_tables: ptr::null(),
        max_values,
        max_depth,
        frame_base,
        frame_top: frame_base,
        frame_end,
        // SAFETY: see the module documentation (compiled code outlives the call); `run`
        // translated the function.
        pc: unsafe { (*func).translated.get().unwrap_unchecked().code.as_ptr() },
        fp: sp,
        mem: ptr::null_mut(),
        mem_len: 0,
        acc: 0,
        facc: 0.0,
        trap: TrapCode::Unreachable,
        error: None,
        host: HostCall::default(),
        pending_func: (ptr::null(), 0),
        pending_end: 0,
    };
    (cx.mem, cx.mem_len) = cx.reload();
    let error = loop {
        let (acc, facc) = (cx.acc, cx.facc);
        match dispatch(cx.pc, cx.fp, cx.mem, cx.mem_len, &mut cx, acc, facc) {
            Exit::Continue => {}
            Exit::Done => return Ok(()),
            Exit::Trap => break Error::from(cx.trap),
            Exit::Error => {
                break cx
                    .error
                    .take()
                    .unwrap_or_else(|| internal_error("no error"))
            }
            Exit::Host => {
                let HostCall {
                    host,
                    slots,
                    results,
                    base,
                    tail,
                } = cx.host;
                let h = store.host_funcs[host as usize].clone();
                // SAFETY: the argument/result slots `base..base + slots` lie in the caller's
                // frame (the translator sizes frames for them); nothing else accesses them while
                // the host function runs (nested wasm calls use another stack).
                let args =
                    unsafe { std::slice::from_raw_parts_mut(cx.fp.add(base as usize), slots) };
                let r = h(Caller::new(&mut *store, Some(cx.inst)), args);
                cx.inner = &mut store.inner;
                (cx.mem, cx.mem_len) = cx.reload();
                if let Err(e) = r {
                    break e;
                }
                if tail {
                    // SAFETY: the translator sized the frame for the results at `base`.
                    unsafe { ptr::copy(cx.fp.add(base as usize), cx.fp, results) };
                    let Some((pc, fp, switched)) = cx.pop_frame() else {
                        return Ok(());
                    };
                    (cx.pc, cx.fp) = (pc, fp);
                    if switched {
                        (cx.mem, cx.mem_len) = cx.reload();
                    }
                }
            }
        }
    };
    let mut e = error;
    if let Some(t) = e.trap_mut() {
        let inner = &store.inner;
        t.backtrace.push(frame_info(inner, cx.cur, cx.inst));
        for f in cx.frames().iter().rev() {
            t.backtrace.push(frame_info(inner, f.func, f.instance));
        }
    }
    Err(e)
}
