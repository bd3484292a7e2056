//! The executor: one `loop { match }` over the IR with the hot state (instruction pointer,
//! frame pointer, linear-memory base and length) in local variables.
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
use std::sync::atomic::Ordering;

use super::ir::{Instr, LoadKind};
use super::{ops, CompiledFunc};
use crate::engine::type_registry::TypeId;
use crate::error::{Error, FrameInfo, Result, TrapCode};
use crate::func::Caller;
use crate::module::ExternKind;
use crate::store::{FuncEntity, GlobalEntity, Store, StoreInner, PAGE_SIZE};

/// A caller's state, saved on a wasm-to-wasm call.
struct Frame {
    ret_pc: *const Instr,
    func: *const CompiledFunc,
    fp_off: usize,
    instance: u32,
}

/// The value stack and frame stack of one host-to-wasm call; pooled in the store.
#[derive(Default)]
pub(crate) struct Stack {
    values: Vec<u64>,
    frames: Vec<Frame>,
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
    /// The instance's global index space → store global index.
    inst_globals: *const u32,
}

#[inline]
fn load_cache(inner: &mut StoreInner, inst: u32) -> Cache {
    let globals = inner.globals.as_mut_ptr();
    let i = &inner.instances[inst as usize];
    let code = i.module.inner.code.as_ptr();
    let inst_globals = i.globals.as_ptr();
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
    }
}

/// Executor state not needed by most instructions.
struct Ctx<'a, T> {
    store: &'a mut Store<T>,
    stack: &'a mut Stack,
    inst: u32,
    cur: *const CompiledFunc,
    fp_off: usize,
    sp: *mut u64,
    stack_len: usize,
    code: *const CompiledFunc,
    globals: *mut GlobalEntity,
    inst_globals: *const u32,
    max_values: usize,
    max_depth: usize,
}

/// What a store function index resolves to.
enum Target {
    Wasm(*const CompiledFunc, u32),
    /// Host function index, parameter count, result count.
    Host(u32, usize, usize),
}

#[inline]
fn func_target(inner: &StoreInner, func: u32) -> Target {
    entity_target(inner, &inner.funcs[func as usize])
}

#[inline]
fn entity_target(inner: &StoreInner, entity: &FuncEntity) -> Target {
    match entity {
        FuncEntity::Wasm {
            instance,
            def_index,
            ..
        } => {
            let code = &inner.instances[*instance as usize].module.inner.code[*def_index as usize];
            Target::Wasm(code, *instance)
        }
        FuncEntity::Host { host, func_ty, .. } => {
            Target::Host(*host, func_ty.params().len(), func_ty.results().len())
        }
    }
}

/// Resolves a `call_indirect` target: table bounds, null and type checks.
#[inline]
fn indirect_target(
    inner: &StoreInner,
    inst: u32,
    table: u32,
    index: u32,
    ty: TypeId,
) -> Result<Target, TrapCode> {
    let t = inner.instances[inst as usize].tables[table as usize];
    let r = *inner.tables[t as usize]
        .elems
        .get(index as usize)
        .ok_or(TrapCode::UndefinedElement)?;
    if r == 0 {
        return Err(TrapCode::UninitializedElement);
    }
    let entity = &inner.funcs[(r - 1) as usize];
    let actual = entity.type_id();
    if actual != ty && !inner.engine.types().is_subtype(actual, ty) {
        return Err(TrapCode::IndirectCallTypeMismatch);
    }
    Ok(entity_target(inner, entity))
}

fn frame_info(inner: &StoreInner, func: *const CompiledFunc, inst: u32) -> FrameInfo {
    // SAFETY: see the module documentation (compiled code outlives the call).
    let func_index = unsafe { (*func).func_index };
    let m = &inner.instances[inst as usize].module.inner;
    FrameInfo {
        func_index,
        // The name section's name, else the first export name (e.g. `_start`).
        func_name: m.func_names.get(&func_index).cloned().or_else(|| {
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
fn memory_index(inner: &StoreInner, inst: u32, mem: u32) -> usize {
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
fn load_mem(
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
fn store_mem(
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
fn memory_fill(
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
fn memory_copy(
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
fn memory_init(
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
    let bytes: &[u8] = if i.data_dropped[seg as usize] {
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

fn internal_error(what: &str) -> Error {
    Error::usage(format!("internal interpreter error: {what}"))
}

/// The canonical NaN of the sign of `x`'s bits, for conversions of NaN inputs.
fn canon_f32(neg: bool) -> f32 {
    f32::from_bits(0x7fc0_0000 | if neg { 0x8000_0000 } else { 0 })
}
fn canon_f64(neg: bool) -> f64 {
    f64::from_bits(0x7ff8_0000_0000_0000 | if neg { 1 << 63 } else { 0 })
}

/// Zeroes `n` slots (a function's declared locals) without a `memset` call for few of them.
///
/// # Safety
/// `p` must be valid for writing `n` slots.
#[inline(always)]
unsafe fn zero_slots(p: *mut u64, n: usize) {
    if n <= 8 {
        for i in 0..n {
            // Volatile so the loop is not turned back into a `memset` call.
            // SAFETY: `i < n`, and the caller guarantees `n` slots are writable.
            unsafe { p.add(i).write_volatile(0) };
        }
    } else {
        // SAFETY: as above.
        unsafe { ptr::write_bytes(p, 0, n) };
    }
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
    let config = store.inner.engine.config();
    let (max_values, max_depth) = (config.max_stack_values, config.max_call_depth);
    let need = (f.frame_size as usize).max(buf.len());
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

#[allow(clippy::too_many_lines)]
fn execute<T>(
    store: &mut Store<T>,
    stack: &mut Stack,
    instance: u32,
    func: *const CompiledFunc,
    max_values: usize,
    max_depth: usize,
) -> Result<()> {
    use Instr as I;

    // Hot state lives in locals (registers); the rest in `cx`, which is made to escape so
    // that it stays in memory and leaves the registers to the hot state.
    let c = load_cache(&mut store.inner, instance);
    let (mut mem, mut mem_len) = (c.mem, c.mem_len);
    let sp: *mut u64 = stack.values.as_mut_ptr();
    let stack_len = stack.values.len();
    let cx = &mut Ctx {
        inst: instance,
        cur: func,
        fp_off: 0,
        sp,
        stack_len,
        code: c.code,
        globals: c.globals,
        inst_globals: c.inst_globals,
        max_values,
        max_depth,
        store,
        stack,
    };
    std::hint::black_box(&mut *cx);
    // SAFETY: see the module documentation (compiled code outlives the call).
    let mut pc: *const Instr = unsafe { (*func).code.as_ptr() };
    let mut fp: *mut u64 = sp;

    let result: Result<()> = 'run: loop {
        // Slot access. SAFETY (all uses): slot indices of the running function's code are
        // below its frame size, and its frame lies within the value cx.stack.
        macro_rules! r {
            ($s:expr) => {
                unsafe { *fp.add($s as usize) }
            };
        }
        macro_rules! w {
            ($s:expr, $v:expr) => {{
                let v: u64 = $v;
                unsafe { *fp.add($s as usize) = v }
            }};
        }
        macro_rules! r32 {
            ($s:expr) => {
                r!($s) as u32
            };
        }
        macro_rules! ri32 {
            ($s:expr) => {
                r!($s) as u32 as i32
            };
        }
        macro_rules! ri64 {
            ($s:expr) => {
                r!($s) as i64
            };
        }
        macro_rules! rf32 {
            ($s:expr) => {
                f32::from_bits(r!($s) as u32)
            };
        }
        macro_rules! rf64 {
            ($s:expr) => {
                f64::from_bits(r!($s))
            };
        }
        macro_rules! wf32 {
            ($s:expr, $v:expr) => {
                w!($s, f32::to_bits($v) as u64)
            };
        }
        macro_rules! wf64 {
            ($s:expr, $v:expr) => {
                w!($s, f64::to_bits($v))
            };
        }
        macro_rules! trap {
            ($code:ident) => {
                break 'run Err(Error::from(TrapCode::$code))
            };
        }
        macro_rules! try_trap {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(code) => break 'run Err(Error::from(code)),
                }
            };
        }
        macro_rules! reload {
            () => {{
                let c = load_cache(&mut cx.store.inner, cx.inst);
                mem = c.mem;
                mem_len = c.mem_len;
                cx.code = c.code;
                cx.globals = c.globals;
                cx.inst_globals = c.inst_globals;
            }};
        }
        // SAFETY (all uses): the translator's branch targets are inside the function.
        macro_rules! jump {
            ($o:expr) => {
                pc = unsafe { pc.offset($o as isize) }
            };
        }
        macro_rules! br_if {
            ($c:expr, $o:expr) => {
                if $c {
                    jump!($o)
                }
            };
        }
        /// Effective address of an `n`-byte access, or a trap.
        macro_rules! ea {
            ($addr:expr, $off:expr, $n:expr) => {{
                let ea = u64::from(r32!($addr)) + u64::from($off);
                if ea + $n > mem_len as u64 {
                    trap!(MemoryOutOfBounds)
                }
                ea as usize
            }};
        }
        macro_rules! load {
            ($d:expr, $addr:expr, $off:expr, $n:literal, |$b:ident| $conv:expr) => {{
                let ea = ea!($addr, $off, $n);
                // SAFETY: `ea + n <= mem_len` was checked; `[u8; n]` has alignment 1.
                let $b: [u8; $n] = unsafe { mem.add(ea).cast::<[u8; $n]>().read() };
                w!($d, $conv)
            }};
        }
        /// An `n`-byte access at a constant effective address, or a trap.
        macro_rules! abs_ea {
            ($ea:expr, $n:expr) => {{
                let ea: u32 = $ea;
                if u64::from(ea) + $n > mem_len as u64 {
                    trap!(MemoryOutOfBounds)
                }
                ea as usize
            }};
        }
        macro_rules! load_abs {
            ($d:expr, $ea:expr, $n:literal, |$b:ident| $conv:expr) => {{
                let ea = abs_ea!($ea, $n);
                // SAFETY: `ea + n <= mem_len` was checked; `[u8; n]` has alignment 1.
                let $b: [u8; $n] = unsafe { mem.add(ea).cast::<[u8; $n]>().read() };
                w!($d, $conv)
            }};
        }
        macro_rules! store_abs {
            ($ea:expr, $n:literal, $bytes:expr) => {{
                let bytes: [u8; $n] = $bytes;
                let ea = abs_ea!($ea, $n);
                // SAFETY: `ea + n <= mem_len` was checked; `[u8; n]` has alignment 1.
                unsafe { mem.add(ea).cast::<[u8; $n]>().write(bytes) }
            }};
        }
        macro_rules! store {
            ($addr:expr, $v:expr, $off:expr, $n:literal, $bytes:expr) => {{
                let bytes: [u8; $n] = $bytes;
                let ea = ea!($addr, $off, $n);
                // SAFETY: `ea + n <= mem_len` was checked; `[u8; n]` has alignment 1.
                unsafe { mem.add(ea).cast::<[u8; $n]>().write(bytes) }
            }};
        }
        /// Makes sure `end` slots exist, growing the value stack (which moves it: `fp` must
        /// be re-derived from `cx.sp` afterwards).
        macro_rules! reserve {
            ($end:expr) => {{
                let end: usize = $end;
                if end > cx.stack_len {
                    if end > cx.max_values {
                        trap!(StackOverflow)
                    }
                    let new_len = end.max(cx.stack_len * 2).min(cx.max_values);
                    cx.stack.values.resize(new_len, 0);
                    cx.sp = cx.stack.values.as_mut_ptr();
                    cx.stack_len = new_len;
                }
            }};
        }
        /// Starts running `callee` (whose frame is at `fp`, arguments in place).
        macro_rules! start {
            ($callee:expr, $cinst:expr) => {{
                let callee: *const CompiledFunc = $callee;
                // SAFETY: compiled code outlives the call.
                let cf = unsafe { &*callee };
                // For a call, `call_wasm` reserved the frame before pushing the caller's
                // record; for a tail call the frame base does not move.
                reserve!(cx.fp_off + cf.frame_size as usize);
                // SAFETY: the frame is within the (possibly moved) value cx.stack.
                fp = unsafe { cx.sp.add(cx.fp_off) };
                let (np, nl) = (cf.num_params as usize, cf.num_locals as usize);
                // SAFETY: nl <= frame_size, reserved above.
                unsafe { zero_slots(fp.add(np), nl - np) };
                cx.cur = callee;
                pc = cf.code.as_ptr();
                let cinst: u32 = $cinst;
                if cinst != cx.inst {
                    cx.inst = cinst;
                    reload!();
                }
            }};
        }
        macro_rules! call_wasm {
            ($callee:expr, $cinst:expr, $base:expr) => {{
                if cx.stack.frames.len() >= cx.max_depth {
                    trap!(StackOverflow)
                }
                let callee: *const CompiledFunc = $callee;
                // Reserve the callee's frame while the caller is still the current function,
                // so an exhausted stack traps with a consistent backtrace.
                // SAFETY: compiled code outlives the call.
                reserve!(cx.fp_off + $base as usize + unsafe { (*callee).frame_size } as usize);
                cx.stack.frames.push(Frame {
                    ret_pc: pc,
                    func: cx.cur,
                    fp_off: cx.fp_off,
                    instance: cx.inst,
                });
                cx.fp_off += $base as usize;
                start!(callee, $cinst);
            }};
        }
        macro_rules! call_host {
            ($host:expr, $n:expr, $base:expr) => {{
                let h = cx.store.host_funcs[$host as usize].clone();
                // SAFETY: the argument/result slots `base..base + n` lie in the caller's frame
                // (the translator sizes frames for them); nothing else accesses them while the
                // host function runs (nested wasm calls use another stack).
                let args = unsafe { std::slice::from_raw_parts_mut(fp.add($base as usize), $n) };
                let r = h(Caller::new(&mut *cx.store, Some(cx.inst)), args);
                reload!();
                if let Err(e) = r {
                    break 'run Err(e);
                }
            }};
        }
        macro_rules! do_return {
            () => {{
                match cx.stack.frames.pop() {
                    None => break 'run Ok(()),
                    Some(f) => {
                        pc = f.ret_pc;
                        cx.cur = f.func;
                        cx.fp_off = f.fp_off;
                        // SAFETY: the caller's frame is within the cx.stack.
                        fp = unsafe { cx.sp.add(cx.fp_off) };
                        if f.instance != cx.inst {
                            cx.inst = f.instance;
                            reload!();
                        }
                    }
                }
            }};
        }
        macro_rules! call_func {
            ($f:expr, $base:expr) => {
                call_target!(func_target(&cx.store.inner, $f), $base)
            };
        }
        macro_rules! call_target {
            ($target:expr, $base:expr) => {{
                match $target {
                    Target::Wasm(callee, ci) => call_wasm!(callee, ci, $base),
                    Target::Host(h, np, nr) => call_host!(h, np.max(nr), $base),
                }
            }};
        }
        macro_rules! tail_call_func {
            ($f:expr, $base:expr) => {
                tail_call_target!(func_target(&cx.store.inner, $f), $base)
            };
        }
        macro_rules! tail_call_target {
            ($target:expr, $base:expr) => {{
                match $target {
                    Target::Wasm(callee, ci) => {
                        // SAFETY: compiled code outlives the call; the arguments and the frame
                        // base are both inside the current frame.
                        let np = unsafe { (*callee).num_params as usize };
                        unsafe { ptr::copy(fp.add($base as usize), fp, np) };
                        start!(callee, ci);
                    }
                    Target::Host(h, np, nr) => {
                        call_host!(h, np.max(nr), $base);
                        // SAFETY: the translator sized the frame for the results at `base`.
                        unsafe { ptr::copy(fp.add($base as usize), fp, nr) };
                        do_return!();
                    }
                }
            }};
        }
        macro_rules! table_index {
            ($t:expr) => {
                cx.store.inner.instances[cx.inst as usize].tables[$t as usize] as usize
            };
        }

        // SAFETY: pc points into the running function's code, which ends with a return or
        // branch, so it never runs past the end.
        let instr = unsafe { *pc };
        pc = unsafe { pc.add(1) };
        match instr {
            I::Unreachable() => trap!(Unreachable),
            I::Data(..) => break 'run Err(internal_error("executed a data word")),
            I::Check(fuel, interrupt) => {
                if fuel != 0 {
                    let left = &mut cx.store.inner.fuel;
                    if *left < u64::from(fuel) {
                        *left = 0;
                        trap!(OutOfFuel)
                    }
                    *left -= u64::from(fuel);
                }
                if interrupt != 0 {
                    let flag = &cx.store.inner.interrupt;
                    if flag.load(Ordering::Relaxed) && flag.swap(false, Ordering::Relaxed) {
                        trap!(Interrupted)
                    }
                }
            }
            I::Copy(d, s) => w!(d, r!(s)),
            I::Const32(d, v) => w!(d, u64::from(v)),
            I::Const64(d, lo, hi) => w!(d, u64::from(lo) | (u64::from(hi) << 32)),
            I::Select(d, a, b) => {
                // SAFETY: a `Select` is always followed by its `Data` word.
                let cond = match unsafe { *pc } {
                    I::Data(c, _, _) => c,
                    _ => break 'run Err(internal_error("select without operand")),
                };
                pc = unsafe { pc.add(1) };
                w!(d, if r32!(cond) != 0 { r!(a) } else { r!(b) })
            }

            // ---- control ----
            I::Br(o) => jump!(o),
            I::BrIfNez(c, o) => br_if!(r32!(c) != 0, o),
            I::BrIfEqz(c, o) => br_if!(r32!(c) == 0, o),
            I::BrIfNez64(c, o) => br_if!(r!(c) != 0, o),
            I::BrIfEqz64(c, o) => br_if!(r!(c) == 0, o),
            I::BrIfI32Eq(a, b, o) => br_if!(r32!(a) == r32!(b), o),
            I::BrIfI32Ne(a, b, o) => br_if!(r32!(a) != r32!(b), o),
            I::BrIfI32LtS(a, b, o) => br_if!(ri32!(a) < ri32!(b), o),
            I::BrIfI32LtU(a, b, o) => br_if!(r32!(a) < r32!(b), o),
            I::BrIfI32GtS(a, b, o) => br_if!(ri32!(a) > ri32!(b), o),
            I::BrIfI32GtU(a, b, o) => br_if!(r32!(a) > r32!(b), o),
            I::BrIfI32LeS(a, b, o) => br_if!(ri32!(a) <= ri32!(b), o),
            I::BrIfI32LeU(a, b, o) => br_if!(r32!(a) <= r32!(b), o),
            I::BrIfI32GeS(a, b, o) => br_if!(ri32!(a) >= ri32!(b), o),
            I::BrIfI32GeU(a, b, o) => br_if!(r32!(a) >= r32!(b), o),
            I::BrIfI32EqImm(a, b, o) => br_if!(r32!(a) == b as u32, o),
            I::BrIfI32NeImm(a, b, o) => br_if!(r32!(a) != b as u32, o),
            I::BrIfI32LtSImm(a, b, o) => br_if!(ri32!(a) < b, o),
            I::BrIfI32LtUImm(a, b, o) => br_if!(r32!(a) < b as u32, o),
            I::BrIfI32GtSImm(a, b, o) => br_if!(ri32!(a) > b, o),
            I::BrIfI32GtUImm(a, b, o) => br_if!(r32!(a) > b as u32, o),
            I::BrIfI32LeSImm(a, b, o) => br_if!(ri32!(a) <= b, o),
            I::BrIfI32LeUImm(a, b, o) => br_if!(r32!(a) <= b as u32, o),
            I::BrIfI32GeSImm(a, b, o) => br_if!(ri32!(a) >= b, o),
            I::BrIfI32GeUImm(a, b, o) => br_if!(r32!(a) >= b as u32, o),
            I::BrIfI64Eq(a, b, o) => br_if!(r!(a) == r!(b), o),
            I::BrIfI64Ne(a, b, o) => br_if!(r!(a) != r!(b), o),
            I::BrIfI64LtS(a, b, o) => br_if!(ri64!(a) < ri64!(b), o),
            I::BrIfI64LtU(a, b, o) => br_if!(r!(a) < r!(b), o),
            I::BrIfI64GtS(a, b, o) => br_if!(ri64!(a) > ri64!(b), o),
            I::BrIfI64GtU(a, b, o) => br_if!(r!(a) > r!(b), o),
            I::BrIfI64LeS(a, b, o) => br_if!(ri64!(a) <= ri64!(b), o),
            I::BrIfI64LeU(a, b, o) => br_if!(r!(a) <= r!(b), o),
            I::BrIfI64GeS(a, b, o) => br_if!(ri64!(a) >= ri64!(b), o),
            I::BrIfI64GeU(a, b, o) => br_if!(r!(a) >= r!(b), o),
            I::BrIfI64EqImm(a, b, o) => br_if!(ri64!(a) == i64::from(b), o),
            I::BrIfI64NeImm(a, b, o) => br_if!(ri64!(a) != i64::from(b), o),
            I::BrIfI64LtSImm(a, b, o) => br_if!(ri64!(a) < i64::from(b), o),
            I::BrIfI64LtUImm(a, b, o) => br_if!(r!(a) < i64::from(b) as u64, o),
            I::BrIfI64GtSImm(a, b, o) => br_if!(ri64!(a) > i64::from(b), o),
            I::BrIfI64GtUImm(a, b, o) => br_if!(r!(a) > i64::from(b) as u64, o),
            I::BrIfI64LeSImm(a, b, o) => br_if!(ri64!(a) <= i64::from(b), o),
            I::BrIfI64LeUImm(a, b, o) => br_if!(r!(a) <= i64::from(b) as u64, o),
            I::BrIfI64GeSImm(a, b, o) => br_if!(ri64!(a) >= i64::from(b), o),
            I::BrIfI64GeUImm(a, b, o) => br_if!(r!(a) >= i64::from(b) as u64, o),
            I::BrTable(idx, len) => {
                let i = r32!(idx).min(len);
                // SAFETY: the table is followed by `len + 1` branch instructions.
                pc = unsafe { pc.add(i as usize) };
            }
            I::Return0() => do_return!(),
            I::Return1(s) => {
                w!(0, r!(s));
                do_return!()
            }
            I::ReturnImm32(v) => {
                w!(0, u64::from(v));
                do_return!()
            }
            I::ReturnN(s, n) => {
                // SAFETY: `s + n` is within the frame; `ptr::copy` allows overlap.
                unsafe { ptr::copy(fp.add(s as usize), fp, n as usize) };
                do_return!()
            }
            I::Call(f, base) => {
                let sf = cx.store.inner.instances[cx.inst as usize].funcs[f as usize];
                call_func!(sf, base)
            }
            I::CallInternal(def, base) => {
                // SAFETY: `def` is a defined function of the current instance's module.
                let callee = unsafe { cx.code.add(def as usize) };
                call_wasm!(callee, cx.inst, base)
            }
            I::CallIndirect(base, idx, sig) => {
                // SAFETY: compiled code outlives the call.
                let (ty, table) = unsafe { (&(*cx.cur).sigs)[sig as usize] };
                let target = try_trap!(indirect_target(
                    &cx.store.inner,
                    cx.inst,
                    table,
                    r32!(idx),
                    ty
                ));
                call_target!(target, base)
            }
            I::CallRef(base, r) => {
                let v = r!(r);
                if v == 0 {
                    trap!(NullFunctionReference)
                }
                call_func!((v - 1) as u32, base)
            }
            I::ReturnCall(f, base) => {
                let sf = cx.store.inner.instances[cx.inst as usize].funcs[f as usize];
                tail_call_func!(sf, base)
            }
            I::ReturnCallInternal(def, base) => {
                // SAFETY: `def` is a defined function of the current instance's module.
                let callee = unsafe { cx.code.add(def as usize) };
                // SAFETY: arguments and frame base are inside the current frame.
                let np = unsafe { (*callee).num_params as usize };
                unsafe { ptr::copy(fp.add(base as usize), fp, np) };
                start!(callee, cx.inst)
            }
            I::ReturnCallIndirect(base, idx, sig) => {
                // SAFETY: compiled code outlives the call.
                let (ty, table) = unsafe { (&(*cx.cur).sigs)[sig as usize] };
                let target = try_trap!(indirect_target(
                    &cx.store.inner,
                    cx.inst,
                    table,
                    r32!(idx),
                    ty
                ));
                tail_call_target!(target, base)
            }
            I::ReturnCallRef(base, r) => {
                let v = r!(r);
                if v == 0 {
                    trap!(NullFunctionReference)
                }
                tail_call_func!((v - 1) as u32, base)
            }

            // ---- variables ----
            // SAFETY (globals): `g` is a valid global index of the module (validated), so of
            // the instance; its store index is valid; the cached pointers are reloaded after
            // anything that may add globals (host calls).
            I::GlobalGet(d, g) => {
                w!(d, unsafe {
                    (*cx.globals.add(*cx.inst_globals.add(g as usize) as usize)).value
                })
            }
            I::GlobalSet(s, g) => {
                let v = r!(s);
                unsafe { (*cx.globals.add(*cx.inst_globals.add(g as usize) as usize)).value = v };
            }

            // ---- memory ----
            I::I32Load(d, a, o) => load!(d, a, o, 4, |b| u64::from(u32::from_le_bytes(b))),
            I::I64Load(d, a, o) => load!(d, a, o, 8, |b| u64::from_le_bytes(b)),
            I::I32Load8S(d, a, o) => load!(d, a, o, 1, |b| b[0] as i8 as i32 as u32 as u64),
            I::I32Load8U(d, a, o) => load!(d, a, o, 1, |b| u64::from(b[0])),
            I::I32Load16S(d, a, o) => {
                load!(d, a, o, 2, |b| i16::from_le_bytes(b) as i32 as u32 as u64)
            }
            I::I32Load16U(d, a, o) => load!(d, a, o, 2, |b| u64::from(u16::from_le_bytes(b))),
            I::I64Load8S(d, a, o) => load!(d, a, o, 1, |b| b[0] as i8 as i64 as u64),
            I::I64Load16S(d, a, o) => load!(d, a, o, 2, |b| i16::from_le_bytes(b) as i64 as u64),
            I::I64Load32S(d, a, o) => load!(d, a, o, 4, |b| i32::from_le_bytes(b) as i64 as u64),
            I::I32LoadAbs(d, ea) => load_abs!(d, ea, 4, |b| u64::from(u32::from_le_bytes(b))),
            I::I64LoadAbs(d, ea) => load_abs!(d, ea, 8, |b| u64::from_le_bytes(b)),
            I::I32Load8SAbs(d, ea) => load_abs!(d, ea, 1, |b| b[0] as i8 as i32 as u32 as u64),
            I::I32Load8UAbs(d, ea) => load_abs!(d, ea, 1, |b| u64::from(b[0])),
            I::I32Load16SAbs(d, ea) => {
                load_abs!(d, ea, 2, |b| i16::from_le_bytes(b) as i32 as u32 as u64)
            }
            I::I32Load16UAbs(d, ea) => load_abs!(d, ea, 2, |b| u64::from(u16::from_le_bytes(b))),
            I::I64Load8SAbs(d, ea) => load_abs!(d, ea, 1, |b| b[0] as i8 as i64 as u64),
            I::I64Load16SAbs(d, ea) => load_abs!(d, ea, 2, |b| i16::from_le_bytes(b) as i64 as u64),
            I::I64Load32SAbs(d, ea) => load_abs!(d, ea, 4, |b| i32::from_le_bytes(b) as i64 as u64),
            I::I32Store8Abs(v, ea) => store_abs!(ea, 1, [r!(v) as u8]),
            I::I32Store16Abs(v, ea) => store_abs!(ea, 2, (r!(v) as u16).to_le_bytes()),
            I::I32StoreAbs(v, ea) => store_abs!(ea, 4, r32!(v).to_le_bytes()),
            I::I64StoreAbs(v, ea) => store_abs!(ea, 8, r!(v).to_le_bytes()),
            I::I32Store8(a, v, o) => store!(a, v, o, 1, [r!(v) as u8]),
            I::I32Store16(a, v, o) => store!(a, v, o, 2, (r!(v) as u16).to_le_bytes()),
            I::I32Store(a, v, o) => store!(a, v, o, 4, r32!(v).to_le_bytes()),
            I::I64Store(a, v, o) => store!(a, v, o, 8, r!(v).to_le_bytes()),
            I::I32Store8Imm(a, v, o) => store!(a, v, o, 1, [v as u8]),
            I::I32Store16Imm(a, v, o) => store!(a, v, o, 2, (v as u16).to_le_bytes()),
            I::I32StoreImm(a, v, o) => store!(a, v, o, 4, v.to_le_bytes()),
            I::I64StoreImm(a, v, o) => store!(a, v, o, 8, i64::from(v).to_le_bytes()),
            I::MemorySize(d, m) => {
                if m == 0 {
                    w!(d, mem_len as u64 / PAGE_SIZE)
                } else {
                    let mi = memory_index(&cx.store.inner, cx.inst, m);
                    w!(d, cx.store.inner.memories[mi].pages())
                }
            }
            I::MemoryGrow(d, delta, m) => {
                let mi = memory_index(&cx.store.inner, cx.inst, m);
                let old = cx
                    .store
                    .inner
                    .grow_memory(mi as u32, u64::from(r32!(delta)));
                reload!();
                w!(d, old.map_or(u64::from(u32::MAX), |o| o as u32 as u64))
            }
            I::MemoryFill(b, m) => {
                let (dst, val, n) = (u64::from(r32!(b)), r!(b + 1) as u8, u64::from(r32!(b + 2)));
                if m == 0 {
                    if dst + n > mem_len as u64 {
                        trap!(MemoryOutOfBounds)
                    }
                    // SAFETY: bounds checked above.
                    unsafe { ptr::write_bytes(mem.add(dst as usize), val, n as usize) }
                } else {
                    let r = memory_fill(&mut cx.store.inner, cx.inst, m, dst, val, n);
                    reload!();
                    try_trap!(r)
                }
            }
            I::MemoryCopy(b, dm, sm) => {
                let (dst, src, n) = (
                    u64::from(r32!(b)),
                    u64::from(r32!(b + 1)),
                    u64::from(r32!(b + 2)),
                );
                if (dm | sm) == 0 {
                    let len = mem_len as u64;
                    if dst + n > len || src + n > len {
                        trap!(MemoryOutOfBounds)
                    }
                    // SAFETY: bounds checked above; `ptr::copy` allows overlap.
                    unsafe { ptr::copy(mem.add(src as usize), mem.add(dst as usize), n as usize) }
                } else {
                    let r = memory_copy(&mut cx.store.inner, cx.inst, dm, sm, dst, src, n);
                    reload!();
                    try_trap!(r)
                }
            }
            I::MemoryInit(b, seg, m) => {
                let (dst, src, n) = (
                    u64::from(r32!(b)),
                    u64::from(r32!(b + 1)),
                    u64::from(r32!(b + 2)),
                );
                if m == 0 {
                    let i = &cx.store.inner.instances[cx.inst as usize];
                    let bytes: &[u8] = if i.data_dropped[seg as usize] {
                        &[]
                    } else {
                        &i.module.inner.datas[seg as usize].bytes
                    };
                    if src + n > bytes.len() as u64 || dst + n > mem_len as u64 {
                        trap!(MemoryOutOfBounds)
                    }
                    // SAFETY: bounds checked above; the segment is not linear memory.
                    unsafe {
                        ptr::copy_nonoverlapping(
                            bytes.as_ptr().add(src as usize),
                            mem.add(dst as usize),
                            n as usize,
                        )
                    }
                } else {
                    let r = memory_init(&mut cx.store.inner, cx.inst, m, seg, dst, src, n);
                    reload!();
                    try_trap!(r)
                }
            }
            I::LoadMem(d, a, o) => {
                // SAFETY: a `LoadMem` is always followed by its `Data` word.
                let (m, kind) = match unsafe { *pc } {
                    I::Data(m, k, _) => (m, k),
                    _ => break 'run Err(internal_error("load without operand")),
                };
                pc = unsafe { pc.add(1) };
                let r = load_mem(&cx.store.inner, cx.inst, m, kind, r32!(a), o);
                reload!();
                w!(d, try_trap!(r))
            }
            I::StoreMem(a, v, o) => {
                // SAFETY: a `StoreMem` is always followed by its `Data` word.
                let (m, width) = match unsafe { *pc } {
                    I::Data(m, k, _) => (m, k),
                    _ => break 'run Err(internal_error("store without operand")),
                };
                pc = unsafe { pc.add(1) };
                let r = store_mem(&mut cx.store.inner, cx.inst, m, width, r32!(a), o, r!(v));
                reload!();
                try_trap!(r)
            }
            I::DataDrop(seg) => {
                cx.store.inner.instances[cx.inst as usize].data_dropped[seg as usize] = true
            }

            // ---- tables and references ----
            I::TableGet(d, i, t) => {
                let ti = table_index!(t);
                match cx.store.inner.tables[ti].elems.get(r32!(i) as usize) {
                    Some(&v) => w!(d, v),
                    None => trap!(TableOutOfBounds),
                }
            }
            I::TableSet(i, v, t) => {
                let ti = table_index!(t);
                match cx.store.inner.tables[ti].elems.get_mut(r32!(i) as usize) {
                    Some(e) => *e = r!(v),
                    None => trap!(TableOutOfBounds),
                }
            }
            I::TableSize(d, t) => {
                let ti = table_index!(t);
                w!(d, cx.store.inner.tables[ti].size())
            }
            I::TableGrow(b, t) => {
                let ti = table_index!(t);
                let (init, delta) = (r!(b), u64::from(r32!(b + 1)));
                let old = cx.store.inner.grow_table(ti as u32, delta, init);
                w!(b, old.map_or(u64::from(u32::MAX), |o| o as u32 as u64))
            }
            I::TableFill(b, t) => {
                let ti = table_index!(t);
                let (i, v, n) = (u64::from(r32!(b)), r!(b + 1), u64::from(r32!(b + 2)));
                let elems = &mut cx.store.inner.tables[ti].elems;
                if i + n > elems.len() as u64 {
                    trap!(TableOutOfBounds)
                }
                elems[i as usize..(i + n) as usize].fill(v);
            }
            I::TableCopy(b, dt, st) => {
                let (d, s, n) = (
                    u64::from(r32!(b)),
                    u64::from(r32!(b + 1)),
                    u64::from(r32!(b + 2)),
                );
                let (dti, sti) = (table_index!(dt), table_index!(st));
                let tables = &mut cx.store.inner.tables;
                if s + n > tables[sti].size() || d + n > tables[dti].size() {
                    trap!(TableOutOfBounds)
                }
                let (d, s, n) = (d as usize, s as usize, n as usize);
                if dti == sti {
                    tables[dti].elems.copy_within(s..s + n, d);
                } else if dti < sti {
                    let (lo, hi) = tables.split_at_mut(sti);
                    lo[dti].elems[d..d + n].copy_from_slice(&hi[0].elems[s..s + n]);
                } else {
                    let (lo, hi) = tables.split_at_mut(dti);
                    hi[0].elems[d..d + n].copy_from_slice(&lo[sti].elems[s..s + n]);
                }
            }
            I::TableInit(b, t, seg) => {
                let (d, s, n) = (
                    u64::from(r32!(b)),
                    u64::from(r32!(b + 1)),
                    u64::from(r32!(b + 2)),
                );
                let inner = &mut cx.store.inner;
                let i = &inner.instances[cx.inst as usize];
                let src = &i.elems[seg as usize];
                let dst = &mut inner.tables[i.tables[t as usize] as usize].elems;
                if s + n > src.len() as u64 || d + n > dst.len() as u64 {
                    trap!(TableOutOfBounds)
                }
                let (d, s, n) = (d as usize, s as usize, n as usize);
                dst[d..d + n].copy_from_slice(&src[s..s + n]);
            }
            I::ElemDrop(seg) => {
                cx.store.inner.instances[cx.inst as usize].elems[seg as usize] = Vec::new()
            }
            I::RefFunc(d, f) => w!(
                d,
                u64::from(cx.store.inner.instances[cx.inst as usize].funcs[f as usize]) + 1
            ),
            I::RefAsNonNull(s) => {
                if r!(s) == 0 {
                    trap!(NullReference)
                }
            }

            // ---- i32 ----
            I::I32Add(d, a, b) => w!(d, u64::from(r32!(a).wrapping_add(r32!(b)))),
            I::I32Sub(d, a, b) => w!(d, u64::from(r32!(a).wrapping_sub(r32!(b)))),
            I::I32Mul(d, a, b) => w!(d, u64::from(r32!(a).wrapping_mul(r32!(b)))),
            I::I32DivS(d, a, b) => {
                let (x, y) = (ri32!(a), ri32!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                if x == i32::MIN && y == -1 {
                    trap!(IntegerOverflow)
                }
                w!(d, (x / y) as u32 as u64)
            }
            I::I32DivU(d, a, b) => {
                let (x, y) = (r32!(a), r32!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                w!(d, u64::from(x / y))
            }
            I::I32RemS(d, a, b) => {
                let (x, y) = (ri32!(a), ri32!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                w!(d, x.wrapping_rem(y) as u32 as u64)
            }
            I::I32RemU(d, a, b) => {
                let (x, y) = (r32!(a), r32!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                w!(d, u64::from(x % y))
            }
            I::I32And(d, a, b) => w!(d, u64::from(r32!(a) & r32!(b))),
            I::I32Or(d, a, b) => w!(d, u64::from(r32!(a) | r32!(b))),
            I::I32Xor(d, a, b) => w!(d, u64::from(r32!(a) ^ r32!(b))),
            I::I32Shl(d, a, b) => w!(d, u64::from(r32!(a).wrapping_shl(r32!(b)))),
            I::I32ShrS(d, a, b) => w!(d, ri32!(a).wrapping_shr(r32!(b)) as u32 as u64),
            I::I32ShrU(d, a, b) => w!(d, u64::from(r32!(a).wrapping_shr(r32!(b)))),
            I::I32Rotl(d, a, b) => w!(d, u64::from(r32!(a).rotate_left(r32!(b) & 31))),
            I::I32Rotr(d, a, b) => w!(d, u64::from(r32!(a).rotate_right(r32!(b) & 31))),
            I::I32Eq(d, a, b) => w!(d, u64::from(r32!(a) == r32!(b))),
            I::I32Ne(d, a, b) => w!(d, u64::from(r32!(a) != r32!(b))),
            I::I32LtS(d, a, b) => w!(d, u64::from(ri32!(a) < ri32!(b))),
            I::I32LtU(d, a, b) => w!(d, u64::from(r32!(a) < r32!(b))),
            I::I32GtS(d, a, b) => w!(d, u64::from(ri32!(a) > ri32!(b))),
            I::I32GtU(d, a, b) => w!(d, u64::from(r32!(a) > r32!(b))),
            I::I32LeS(d, a, b) => w!(d, u64::from(ri32!(a) <= ri32!(b))),
            I::I32LeU(d, a, b) => w!(d, u64::from(r32!(a) <= r32!(b))),
            I::I32GeS(d, a, b) => w!(d, u64::from(ri32!(a) >= ri32!(b))),
            I::I32GeU(d, a, b) => w!(d, u64::from(r32!(a) >= r32!(b))),
            I::I32AddImm(d, a, i) => w!(d, u64::from(r32!(a).wrapping_add(i as u32))),
            I::I32SubImmRev(d, a, i) => w!(d, u64::from((i as u32).wrapping_sub(r32!(a)))),
            I::I32MulImm(d, a, i) => w!(d, u64::from(r32!(a).wrapping_mul(i as u32))),
            // The translator only makes immediates of divisors that cannot trap.
            I::I32DivSImm(d, a, i) => w!(d, ri32!(a).wrapping_div(i) as u32 as u64),
            I::I32DivUImm(d, a, i) => w!(d, u64::from(r32!(a) / i as u32)),
            I::I32RemSImm(d, a, i) => w!(d, ri32!(a).wrapping_rem(i) as u32 as u64),
            I::I32RemUImm(d, a, i) => w!(d, u64::from(r32!(a) % i as u32)),
            I::I32AndImm(d, a, i) => w!(d, u64::from(r32!(a) & i as u32)),
            I::I32OrImm(d, a, i) => w!(d, u64::from(r32!(a) | i as u32)),
            I::I32XorImm(d, a, i) => w!(d, u64::from(r32!(a) ^ i as u32)),
            I::I32ShlImm(d, a, i) => w!(d, u64::from(r32!(a).wrapping_shl(i as u32))),
            I::I32ShrSImm(d, a, i) => w!(d, ri32!(a).wrapping_shr(i as u32) as u32 as u64),
            I::I32ShrUImm(d, a, i) => w!(d, u64::from(r32!(a).wrapping_shr(i as u32))),
            I::I32RotlImm(d, a, i) => w!(d, u64::from(r32!(a).rotate_left(i as u32 & 31))),
            I::I32RotrImm(d, a, i) => w!(d, u64::from(r32!(a).rotate_right(i as u32 & 31))),
            I::I32EqImm(d, a, i) => w!(d, u64::from(r32!(a) == i as u32)),
            I::I32NeImm(d, a, i) => w!(d, u64::from(r32!(a) != i as u32)),
            I::I32LtSImm(d, a, i) => w!(d, u64::from(ri32!(a) < i)),
            I::I32LtUImm(d, a, i) => w!(d, u64::from(r32!(a) < i as u32)),
            I::I32GtSImm(d, a, i) => w!(d, u64::from(ri32!(a) > i)),
            I::I32GtUImm(d, a, i) => w!(d, u64::from(r32!(a) > i as u32)),
            I::I32LeSImm(d, a, i) => w!(d, u64::from(ri32!(a) <= i)),
            I::I32LeUImm(d, a, i) => w!(d, u64::from(r32!(a) <= i as u32)),
            I::I32GeSImm(d, a, i) => w!(d, u64::from(ri32!(a) >= i)),
            I::I32GeUImm(d, a, i) => w!(d, u64::from(r32!(a) >= i as u32)),

            // ---- i64 ----
            I::I64Add(d, a, b) => w!(d, r!(a).wrapping_add(r!(b))),
            I::I64Sub(d, a, b) => w!(d, r!(a).wrapping_sub(r!(b))),
            I::I64Mul(d, a, b) => w!(d, r!(a).wrapping_mul(r!(b))),
            I::I64DivS(d, a, b) => {
                let (x, y) = (ri64!(a), ri64!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                if x == i64::MIN && y == -1 {
                    trap!(IntegerOverflow)
                }
                w!(d, (x / y) as u64)
            }
            I::I64DivU(d, a, b) => {
                let (x, y) = (r!(a), r!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                w!(d, x / y)
            }
            I::I64RemS(d, a, b) => {
                let (x, y) = (ri64!(a), ri64!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                w!(d, x.wrapping_rem(y) as u64)
            }
            I::I64RemU(d, a, b) => {
                let (x, y) = (r!(a), r!(b));
                if y == 0 {
                    trap!(IntegerDivisionByZero)
                }
                w!(d, x % y)
            }
            I::I64And(d, a, b) => w!(d, r!(a) & r!(b)),
            I::I64Or(d, a, b) => w!(d, r!(a) | r!(b)),
            I::I64Xor(d, a, b) => w!(d, r!(a) ^ r!(b)),
            I::I64Shl(d, a, b) => w!(d, r!(a).wrapping_shl(r!(b) as u32)),
            I::I64ShrS(d, a, b) => w!(d, ri64!(a).wrapping_shr(r!(b) as u32) as u64),
            I::I64ShrU(d, a, b) => w!(d, r!(a).wrapping_shr(r!(b) as u32)),
            I::I64Rotl(d, a, b) => w!(d, r!(a).rotate_left((r!(b) & 63) as u32)),
            I::I64Rotr(d, a, b) => w!(d, r!(a).rotate_right((r!(b) & 63) as u32)),
            I::I64Eq(d, a, b) => w!(d, u64::from(r!(a) == r!(b))),
            I::I64Ne(d, a, b) => w!(d, u64::from(r!(a) != r!(b))),
            I::I64LtS(d, a, b) => w!(d, u64::from(ri64!(a) < ri64!(b))),
            I::I64LtU(d, a, b) => w!(d, u64::from(r!(a) < r!(b))),
            I::I64GtS(d, a, b) => w!(d, u64::from(ri64!(a) > ri64!(b))),
            I::I64GtU(d, a, b) => w!(d, u64::from(r!(a) > r!(b))),
            I::I64LeS(d, a, b) => w!(d, u64::from(ri64!(a) <= ri64!(b))),
            I::I64LeU(d, a, b) => w!(d, u64::from(r!(a) <= r!(b))),
            I::I64GeS(d, a, b) => w!(d, u64::from(ri64!(a) >= ri64!(b))),
            I::I64GeU(d, a, b) => w!(d, u64::from(r!(a) >= r!(b))),
            I::I64AddImm(d, a, i) => w!(d, r!(a).wrapping_add(i64::from(i) as u64)),
            I::I64SubImmRev(d, a, i) => w!(d, (i64::from(i) as u64).wrapping_sub(r!(a))),
            I::I64MulImm(d, a, i) => w!(d, r!(a).wrapping_mul(i64::from(i) as u64)),
            I::I64DivSImm(d, a, i) => w!(d, ri64!(a).wrapping_div(i64::from(i)) as u64),
            I::I64DivUImm(d, a, i) => w!(d, r!(a) / (i64::from(i) as u64)),
            I::I64RemSImm(d, a, i) => w!(d, ri64!(a).wrapping_rem(i64::from(i)) as u64),
            I::I64RemUImm(d, a, i) => w!(d, r!(a) % (i64::from(i) as u64)),
            I::I64AndImm(d, a, i) => w!(d, r!(a) & i64::from(i) as u64),
            I::I64OrImm(d, a, i) => w!(d, r!(a) | i64::from(i) as u64),
            I::I64XorImm(d, a, i) => w!(d, r!(a) ^ i64::from(i) as u64),
            I::I64ShlImm(d, a, i) => w!(d, r!(a).wrapping_shl(i as u32)),
            I::I64ShrSImm(d, a, i) => w!(d, ri64!(a).wrapping_shr(i as u32) as u64),
            I::I64ShrUImm(d, a, i) => w!(d, r!(a).wrapping_shr(i as u32)),
            I::I64RotlImm(d, a, i) => w!(d, r!(a).rotate_left(i as u32 & 63)),
            I::I64RotrImm(d, a, i) => w!(d, r!(a).rotate_right(i as u32 & 63)),
            I::I64EqImm(d, a, i) => w!(d, u64::from(ri64!(a) == i64::from(i))),
            I::I64NeImm(d, a, i) => w!(d, u64::from(ri64!(a) != i64::from(i))),
            I::I64LtSImm(d, a, i) => w!(d, u64::from(ri64!(a) < i64::from(i))),
            I::I64LtUImm(d, a, i) => w!(d, u64::from(r!(a) < i64::from(i) as u64)),
            I::I64GtSImm(d, a, i) => w!(d, u64::from(ri64!(a) > i64::from(i))),
            I::I64GtUImm(d, a, i) => w!(d, u64::from(r!(a) > i64::from(i) as u64)),
            I::I64LeSImm(d, a, i) => w!(d, u64::from(ri64!(a) <= i64::from(i))),
            I::I64LeUImm(d, a, i) => w!(d, u64::from(r!(a) <= i64::from(i) as u64)),
            I::I64GeSImm(d, a, i) => w!(d, u64::from(ri64!(a) >= i64::from(i))),
            I::I64GeUImm(d, a, i) => w!(d, u64::from(r!(a) >= i64::from(i) as u64)),

            // ---- floats ----
            I::F32Add(d, a, b) => wf32!(d, rf32!(a) + rf32!(b)),
            I::F32Sub(d, a, b) => wf32!(d, rf32!(a) - rf32!(b)),
            I::F32Mul(d, a, b) => wf32!(d, rf32!(a) * rf32!(b)),
            I::F32Div(d, a, b) => wf32!(d, rf32!(a) / rf32!(b)),
            I::F32Min(d, a, b) => wf32!(d, ops::f32_min(rf32!(a), rf32!(b))),
            I::F32Max(d, a, b) => wf32!(d, ops::f32_max(rf32!(a), rf32!(b))),
            I::F32Copysign(d, a, b) => w!(
                d,
                u64::from((r32!(a) & 0x7fff_ffff) | (r32!(b) & 0x8000_0000))
            ),
            I::F32Eq(d, a, b) => w!(d, u64::from(rf32!(a) == rf32!(b))),
            I::F32Ne(d, a, b) => w!(d, u64::from(rf32!(a) != rf32!(b))),
            I::F32Lt(d, a, b) => w!(d, u64::from(rf32!(a) < rf32!(b))),
            I::F32Gt(d, a, b) => w!(d, u64::from(rf32!(a) > rf32!(b))),
            I::F32Le(d, a, b) => w!(d, u64::from(rf32!(a) <= rf32!(b))),
            I::F32Ge(d, a, b) => w!(d, u64::from(rf32!(a) >= rf32!(b))),
            I::F64Add(d, a, b) => wf64!(d, rf64!(a) + rf64!(b)),
            I::F64Sub(d, a, b) => wf64!(d, rf64!(a) - rf64!(b)),
            I::F64Mul(d, a, b) => wf64!(d, rf64!(a) * rf64!(b)),
            I::F64Div(d, a, b) => wf64!(d, rf64!(a) / rf64!(b)),
            I::F64Min(d, a, b) => wf64!(d, ops::f64_min(rf64!(a), rf64!(b))),
            I::F64Max(d, a, b) => wf64!(d, ops::f64_max(rf64!(a), rf64!(b))),
            I::F64Copysign(d, a, b) => w!(d, (r!(a) & !(1 << 63)) | (r!(b) & (1 << 63))),
            I::F64Eq(d, a, b) => w!(d, u64::from(rf64!(a) == rf64!(b))),
            I::F64Ne(d, a, b) => w!(d, u64::from(rf64!(a) != rf64!(b))),
            I::F64Lt(d, a, b) => w!(d, u64::from(rf64!(a) < rf64!(b))),
            I::F64Gt(d, a, b) => w!(d, u64::from(rf64!(a) > rf64!(b))),
            I::F64Le(d, a, b) => w!(d, u64::from(rf64!(a) <= rf64!(b))),
            I::F64Ge(d, a, b) => w!(d, u64::from(rf64!(a) >= rf64!(b))),

            // ---- unary ----
            I::I32Clz(d, a) => w!(d, u64::from(r32!(a).leading_zeros())),
            I::I32Ctz(d, a) => w!(d, u64::from(r32!(a).trailing_zeros())),
            I::I32Popcnt(d, a) => w!(d, u64::from(r32!(a).count_ones())),
            I::I32Eqz(d, a) => w!(d, u64::from(r32!(a) == 0)),
            I::I32Extend8S(d, a) => w!(d, r!(a) as i8 as i32 as u32 as u64),
            I::I32Extend16S(d, a) => w!(d, r!(a) as i16 as i32 as u32 as u64),
            I::I64Clz(d, a) => w!(d, u64::from(r!(a).leading_zeros())),
            I::I64Ctz(d, a) => w!(d, u64::from(r!(a).trailing_zeros())),
            I::I64Popcnt(d, a) => w!(d, u64::from(r!(a).count_ones())),
            I::I64Eqz(d, a) => w!(d, u64::from(r!(a) == 0)),
            I::I64Extend8S(d, a) => w!(d, r!(a) as i8 as i64 as u64),
            I::I64Extend16S(d, a) => w!(d, r!(a) as i16 as i64 as u64),
            I::I64Extend32S(d, a) => w!(d, r!(a) as i32 as i64 as u64),
            I::F32Abs(d, a) => w!(d, u64::from(r32!(a) & 0x7fff_ffff)),
            I::F32Neg(d, a) => w!(d, u64::from(r32!(a) ^ 0x8000_0000)),
            I::F32Ceil(d, a) => wf32!(d, ops::f32_ceil(rf32!(a))),
            I::F32Floor(d, a) => wf32!(d, ops::f32_floor(rf32!(a))),
            I::F32Trunc(d, a) => wf32!(d, ops::f32_trunc(rf32!(a))),
            I::F32Nearest(d, a) => wf32!(d, ops::f32_nearest(rf32!(a))),
            I::F32Sqrt(d, a) => wf32!(d, ops::f32_sqrt(rf32!(a))),
            I::F64Abs(d, a) => w!(d, r!(a) & !(1 << 63)),
            I::F64Neg(d, a) => w!(d, r!(a) ^ (1 << 63)),
            I::F64Ceil(d, a) => wf64!(d, ops::f64_ceil(rf64!(a))),
            I::F64Floor(d, a) => wf64!(d, ops::f64_floor(rf64!(a))),
            I::F64Trunc(d, a) => wf64!(d, ops::f64_trunc(rf64!(a))),
            I::F64Nearest(d, a) => wf64!(d, ops::f64_nearest(rf64!(a))),
            I::F64Sqrt(d, a) => wf64!(d, ops::f64_sqrt(rf64!(a))),

            // ---- conversions ----
            I::I32WrapI64(d, a) => w!(d, u64::from(r!(a) as u32)),
            I::I32TruncF32S(d, a) => w!(d, try_trap!(ops::i32_trunc_f32_s(rf32!(a))) as u32 as u64),
            I::I32TruncF32U(d, a) => w!(d, u64::from(try_trap!(ops::i32_trunc_f32_u(rf32!(a))))),
            I::I32TruncF64S(d, a) => w!(d, try_trap!(ops::i32_trunc_f64_s(rf64!(a))) as u32 as u64),
            I::I32TruncF64U(d, a) => w!(d, u64::from(try_trap!(ops::i32_trunc_f64_u(rf64!(a))))),
            I::I64ExtendI32S(d, a) => w!(d, ri32!(a) as i64 as u64),
            I::I64ExtendI32U(d, a) => w!(d, u64::from(r32!(a))),
            I::I64TruncF32S(d, a) => w!(d, try_trap!(ops::i64_trunc_f32_s(rf32!(a))) as u64),
            I::I64TruncF32U(d, a) => w!(d, try_trap!(ops::i64_trunc_f32_u(rf32!(a)))),
            I::I64TruncF64S(d, a) => w!(d, try_trap!(ops::i64_trunc_f64_s(rf64!(a))) as u64),
            I::I64TruncF64U(d, a) => w!(d, try_trap!(ops::i64_trunc_f64_u(rf64!(a)))),
            I::F32ConvertI32S(d, a) => wf32!(d, ri32!(a) as f32),
            I::F32ConvertI32U(d, a) => wf32!(d, r32!(a) as f32),
            I::F32ConvertI64S(d, a) => wf32!(d, ri64!(a) as f32),
            I::F32ConvertI64U(d, a) => wf32!(d, r!(a) as f32),
            I::F32DemoteF64(d, a) => {
                let x = rf64!(a);
                wf32!(
                    d,
                    if x.is_nan() {
                        canon_f32(x.is_sign_negative())
                    } else {
                        x as f32
                    }
                )
            }
            I::F64ConvertI32S(d, a) => wf64!(d, f64::from(ri32!(a))),
            I::F64ConvertI32U(d, a) => wf64!(d, f64::from(r32!(a))),
            I::F64ConvertI64S(d, a) => wf64!(d, ri64!(a) as f64),
            I::F64ConvertI64U(d, a) => wf64!(d, r!(a) as f64),
            I::F64PromoteF32(d, a) => {
                let x = rf32!(a);
                wf64!(
                    d,
                    if x.is_nan() {
                        canon_f64(x.is_sign_negative())
                    } else {
                        f64::from(x)
                    }
                )
            }
            I::I32TruncSatF32S(d, a) => w!(d, rf32!(a) as i32 as u32 as u64),
            I::I32TruncSatF32U(d, a) => w!(d, u64::from(rf32!(a) as u32)),
            I::I32TruncSatF64S(d, a) => w!(d, rf64!(a) as i32 as u32 as u64),
            I::I32TruncSatF64U(d, a) => w!(d, u64::from(rf64!(a) as u32)),
            I::I64TruncSatF32S(d, a) => w!(d, rf32!(a) as i64 as u64),
            I::I64TruncSatF32U(d, a) => w!(d, rf32!(a) as u64),
            I::I64TruncSatF64S(d, a) => w!(d, rf64!(a) as i64 as u64),
            I::I64TruncSatF64U(d, a) => w!(d, rf64!(a) as u64),
        }
    };

    if let Err(mut e) = result {
        if let Some(t) = e.trap_mut() {
            let inner = &cx.store.inner;
            t.backtrace.push(frame_info(inner, cx.cur, cx.inst));
            for f in cx.stack.frames.iter().rev() {
                t.backtrace.push(frame_info(inner, f.func, f.instance));
            }
        }
        return Err(e);
    }
    Ok(())
}
