//! The instruction handlers: one function per IR opcode.
//!
//! Every handler has the same signature: the hot interpreter state (instruction pointer,
//! frame pointer, base and length of memory 0) travels in argument registers, everything else
//! in [`Cx`]. How a handler continues depends on the dispatch mode chosen at build time
//! (`build.rs` sets `mica_tail_dispatch` for optimised builds on x86-64 and AArch64, unless
//! the `portable-dispatch` feature is on):
//!
//! - **tail dispatch** (direct threading): a *hot* handler ends by loading the next
//!   instruction's opcode and calling its handler in tail position. Optimising builds turn that
//!   call into a jump (a sibling call: same signature, no stack arguments, no live locals), so
//!   control flows from handler to handler without returning, and each handler has its own
//!   indirect jump for the branch predictor to learn. *Cold* handlers (bulk memory and table
//!   operations, `memory.grow`, other memories) return to the driver loop instead, so that
//!   only small handlers are ever chained.
//! - **loop dispatch** (portable): every handler saves the state in [`Cx`] and returns; the
//!   driver loop in `exec.rs` calls the next handler. Unoptimised builds use it, because they
//!   do not turn tail calls into jumps.
//!
//! A handler leaves the chain with an [`Exit`] when the driver must act: a finished call, a
//! trap, a host call (which needs the typed `Store<T>`), or, in loop mode, every instruction.
//!
//! The `unsafe` in handlers rests on the invariants listed in `exec.rs` and `mod.rs`: slot
//! indices below the frame size, branch targets inside the function, memory accesses checked
//! against the cached length, code that outlives the call.

use std::ptr;
use std::sync::atomic::Ordering;

use super::exec::{
    canon_f32, canon_f64, func_target, indirect_target, indirect_wasm, internal_error, load_mem,
    memory_copy, memory_fill, memory_index, memory_init, store_mem, Cx, Exit, Frame, Target,
};
use super::ir::{Instr, Op};
use super::{ops, CompiledFunc, Translated, ZEROED_AT_CALL};
use crate::error::TrapCode;
use crate::store::PAGE_SIZE;

use Instr as I;

/// The signature shared by all handlers.
pub(super) type Handler = fn(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit;

/// Runs the instruction at `pc` (and, in tail mode, everything after it until an exit).
#[inline(always)]
pub(super) fn dispatch(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    // SAFETY: `pc` points to an instruction of the running function, whose handler field was
    // set from its opcode when the code was built (direct threading: no table lookup).
    let handler = unsafe { (*pc).handler };
    handler(pc, fp, mem, mem_len, cx, acc, facc)
}

/// Continues after a hot handler.
#[cfg(mica_tail_dispatch)]
#[inline(always)]
fn next(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    dispatch(pc, fp, mem, mem_len, cx, acc, facc)
}

/// Continues after a hot handler.
#[cfg(not(mica_tail_dispatch))]
#[inline(always)]
fn next(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    yield_to_driver(pc, fp, mem, mem_len, cx, acc, facc)
}

/// Saves the state in `cx` and returns to the driver loop, which dispatches `pc` next.
#[inline(always)]
fn yield_to_driver(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    cx.save(pc, fp, mem, mem_len);
    cx.acc = acc;
    cx.facc = facc;
    Exit::Continue
}

/// Translates `cx.pending_func` (on its first call), then runs the instruction at `pc`
/// (the call) again through the driver; a translation error leaves the chain.
#[cold]
#[inline(never)]
fn translate_and_retry(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    let (callee, inst) = cx.pending_func;
    let module = cx.inner().instances[inst as usize].module.clone();
    // SAFETY: compiled code outlives the call.
    match unsafe { (*callee).translate(&module.inner) } {
        Ok(_) => yield_to_driver(pc, fp, mem, mem_len, cx, acc, facc),
        Err(e) => fail(cx, e),
    }
}

/// Grows the value stack to `cx.pending_end` slots (or traps when that exceeds the limit),
/// then runs the instruction at `pc` again through the driver.
#[cold]
#[inline(never)]
fn grow_and_retry(
    pc: *const Op,
    _fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    if cx.pending_end > cx.max_values {
        return trap(cx, TrapCode::StackOverflow);
    }
    cx.grow_stack(cx.pending_end);
    // SAFETY: the frame is within the moved value stack.
    let fp = unsafe { cx.sp.add(cx.fp_off) };
    yield_to_driver(pc, fp, mem, mem_len, cx, acc, facc)
}

/// Zeroes the declared locals of the function that is starting (`cx.cur`, frame at `fp`),
/// reloads the cache of its instance (`cx.inst`, which the call may have switched), then runs
/// its first instruction (`pc`) through the driver.
#[cold]
#[inline(never)]
fn zero_locals_and_go(
    pc: *const Op,
    fp: *mut u64,
    _mem: *mut u8,
    _mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    // SAFETY: `cx.cur` is the starting function; compiled code outlives the call.
    let cf = unsafe { &*cx.cur };
    let (np, nl) = (cf.num_params as usize, cf.num_locals as usize);
    // SAFETY: its frame (at least `nl` slots) is reserved.
    unsafe { ptr::write_bytes(fp.add(np), 0, nl - np) };
    reload_and_go(pc, fp, _mem, _mem_len, cx, acc, facc)
}

/// Reloads the cache after a call or return switched the running instance (`cx.inst`), then
/// runs the instruction at `pc` through the driver. Kept out of the call and return handlers
/// so that their common path needs no saved registers.
#[cold]
#[inline(never)]
fn reload_and_go(
    pc: *const Op,
    fp: *mut u64,
    _mem: *mut u8,
    _mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    let (mem, mem_len) = cx.reload();
    yield_to_driver(pc, fp, mem, mem_len, cx, acc, facc)
}

/// The frame stack is at `cx.frame_end`: traps if that is the configured depth, else makes
/// room for more frame records and runs the instruction at `pc` again.
#[cold]
#[inline(never)]
fn frames_full(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    let n = cx.frames().len();
    if n >= cx.max_depth {
        return trap(cx, TrapCode::StackOverflow);
    }
    let frames = &mut cx.stack().frames;
    // SAFETY: the first `n` records are initialised (`Cx::frame_top`); the length goes back
    // to 0 once the allocation has grown with them.
    unsafe {
        frames.set_len(n);
        frames.reserve(n.max(16));
        frames.set_len(0);
    }
    let (base, cap) = (frames.as_mut_ptr(), frames.capacity());
    cx.frame_base = base;
    // SAFETY: within (or one past) the new allocation.
    unsafe {
        cx.frame_top = base.add(n);
        cx.frame_end = base.add(cap.min(cx.max_depth));
    }
    yield_to_driver(pc, fp, mem, mem_len, cx, acc, facc)
}

/// The translation of the running function `f`.
///
/// # Safety
/// `f` must be the running function (or one on the frame stack): it was translated before it
/// started.
#[inline(always)]
unsafe fn running<'a>(f: *const CompiledFunc) -> &'a Translated {
    // SAFETY: see the function's contract; compiled code outlives the call.
    unsafe { (*f).translated.get().unwrap_unchecked() }
}

/// Leaves the chain with a trap (`cx.cur` is the trapping function).
#[cold]
#[inline(never)]
fn trap(cx: &mut Cx, code: TrapCode) -> Exit {
    cx.trap = code;
    Exit::Trap
}

/// Leaves the chain with an error that is not a trap.
#[cold]
#[inline(never)]
fn fail(cx: &mut Cx, error: crate::Error) -> Exit {
    cx.error = Some(error);
    Exit::Error
}

// ---- slot access ----
//
// SAFETY (all): `fp + s` is a slot of the running function's frame, which lies within the
// value stack (the translator emits slot indices below the frame size; the frame is reserved
// before the function runs).

#[inline(always)]
unsafe fn r(fp: *mut u64, s: u32) -> u64 {
    unsafe { *fp.add(s as usize) }
}
/// Writes `v` to slot `s` and keeps it in the accumulator for the next instruction.
macro_rules! w {
    ($acc:ident, $fp:ident, $s:expr, $v:expr) => {{
        let v: u64 = $v;
        // SAFETY: see "slot access" above.
        unsafe { *$fp.add($s as usize) = v };
        $acc = v;
    }};
}
/// Adds `inc` to the i32 in slot `d` (a `u16`), writes the sum back (and to the accumulator),
/// and evaluates to it: the increment of the loop-counter branches.
macro_rules! bump {
    ($acc:ident, $fp:ident, $d:expr, $inc:expr) => {{
        let s = u32::from($d);
        let v = r32($fp, s).wrapping_add($inc);
        w!($acc, $fp, s, u64::from(v));
        v
    }};
}
#[inline(always)]
unsafe fn r32(fp: *mut u64, s: u32) -> u32 {
    unsafe { r(fp, s) as u32 }
}
#[inline(always)]
unsafe fn ri32(fp: *mut u64, s: u32) -> i32 {
    unsafe { r(fp, s) as u32 as i32 }
}
#[inline(always)]
unsafe fn ri64(fp: *mut u64, s: u32) -> i64 {
    unsafe { r(fp, s) as i64 }
}
#[inline(always)]
unsafe fn rf32(fp: *mut u64, s: u32) -> f32 {
    unsafe { f32::from_bits(r(fp, s) as u32) }
}
#[inline(always)]
unsafe fn rf64(fp: *mut u64, s: u32) -> f64 {
    unsafe { f64::from_bits(r(fp, s)) }
}
macro_rules! wf32 {
    ($acc:ident, $fp:ident, $s:expr, $v:expr) => {
        w!($acc, $fp, $s, u64::from(f32::to_bits($v)))
    };
}
/// Writes the f64 `v` to slot `s` and keeps it in both accumulators: the float one (read by
/// the f64 accumulator forms, so f64 dependency chains stay in float registers) and the integer
/// one (its bits, for every other accumulator form).
macro_rules! wf64 {
    ($acc:ident, $facc:ident, $fp:ident, $s:expr, $v:expr) => {{
        let v: f64 = $v;
        w!($acc, $fp, $s, f64::to_bits(v));
        $facc = v;
    }};
}

macro_rules! tri {
    ($cx:ident, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(code) => return trap($cx, code),
        }
    };
}

// SAFETY (all uses): the translator's branch targets are inside the function.
macro_rules! jump {
    ($pc:ident, $o:expr) => {
        $pc = unsafe { $pc.offset($o as isize) }
    };
}

/// Effective address of an `n`-byte access to memory 0 at address value `addr` plus `off`, or
/// a trap.
macro_rules! ea_at {
    ($mem_len:ident, $cx:ident; $addr:expr, $off:expr, $n:expr) => {{
        let addr: u32 = $addr;
        let ea = u64::from(addr) + u64::from($off);
        if ea + $n > $mem_len as u64 {
            return trap($cx, TrapCode::MemoryOutOfBounds);
        }
        ea as usize
    }};
}
/// The `n` bytes of memory 0 at address value `addr` plus `off`, or a trap.
macro_rules! read_at {
    ($mem:ident, $mem_len:ident, $cx:ident; $addr:expr, $off:expr, $n:literal) => {{
        let ea = ea_at!($mem_len, $cx; $addr, $off, $n);
        // SAFETY: `ea + n <= mem_len` was checked; `[u8; n]` has alignment 1.
        let bytes: [u8; $n] = unsafe { $mem.add(ea).cast::<[u8; $n]>().read() };
        bytes
    }};
}
/// A load of `n` bytes from memory 0 at address value `addr` plus `off`, converted and written
/// to slot `d`.
macro_rules! load_at {
    ($fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident; $d:expr, $addr:expr, $off:expr, $n:literal, |$b:ident| $conv:expr) => {{
        let $b = read_at!($mem, $mem_len, $cx; $addr, $off, $n);
        w!($acc, $fp, $d, $conv)
    }};
}
/// An `f64` from memory 0 at address value `addr` plus `off`, or a trap.
macro_rules! read_f64 {
    ($mem:ident, $mem_len:ident, $cx:ident; $addr:expr, $off:expr) => {
        f64::from_le_bytes(read_at!($mem, $mem_len, $cx; $addr, $off, 8))
    };
}
/// A store of `bytes` to memory 0 at address value `addr` plus `off`.
macro_rules! store_at {
    ($fp:ident, $mem:ident, $mem_len:ident, $cx:ident; $addr:expr, $off:expr, $n:literal, $bytes:expr) => {{
        let bytes: [u8; $n] = $bytes;
        let ea = ea_at!($mem_len, $cx; $addr, $off, $n);
        // SAFETY: `ea + n <= mem_len` was checked; `[u8; n]` has alignment 1.
        unsafe { $mem.add(ea).cast::<[u8; $n]>().write(bytes) }
    }};
}
/// A load at the address in slot `addr` plus `off`.
macro_rules! load {
    ($fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident; $d:expr, $addr:expr, $off:expr, $n:literal, |$b:ident| $conv:expr) => {
        load_at!($fp, $mem, $mem_len, $cx, $acc; $d, unsafe { r32($fp, $addr) }, $off, $n, |$b| $conv)
    };
}
/// A store at the address in slot `addr` plus `off` (`v`, the value slot, is read by `bytes`).
macro_rules! store {
    ($fp:ident, $mem:ident, $mem_len:ident, $cx:ident; $addr:expr, $v:expr, $off:expr, $n:literal, $bytes:expr) => {
        store_at!($fp, $mem, $mem_len, $cx; unsafe { r32($fp, $addr) }, $off, $n, $bytes)
    };
}
/// A load at a constant effective address.
macro_rules! load_abs {
    ($fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident; $d:expr, $ea:expr, $n:literal, |$b:ident| $conv:expr) => {
        load_at!($fp, $mem, $mem_len, $cx, $acc; $d, $ea, 0u32, $n, |$b| $conv)
    };
}
/// A store at a constant effective address.
macro_rules! store_abs {
    ($fp:ident, $mem:ident, $mem_len:ident, $cx:ident; $ea:expr, $n:literal, $bytes:expr) => {
        store_at!($fp, $mem, $mem_len, $cx; $ea, 0u32, $n, $bytes)
    };
}

/// Reloads the per-instance cache after anything that may have grown or moved memory 0,
/// added globals, or switched the instance.
macro_rules! reload {
    ($mem:ident, $mem_len:ident, $cx:ident) => {{
        let (m, l) = $cx.reload();
        $mem = m;
        $mem_len = l;
    }};
}

/// Makes sure `end` slots exist. If the value stack must grow (which moves it), the handler
/// leaves through [`grow_and_retry`], which grows it and runs the current instruction (at
/// `pc - 1`) again: nothing has been changed before this check.
macro_rules! reserve {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $end:expr) => {{
        let end: usize = $end;
        if end > $cx.stack_len {
            $cx.pending_end = end;
            // SAFETY: the running instruction is the one before `pc`.
            return grow_and_retry(unsafe { $pc.sub(1) }, $fp, $mem, $mem_len, $cx, $acc, $facc);
        }
    }};
}

/// The translation of `callee` (a function of instance `cinst`). On its first call the
/// handler leaves through [`translate_and_retry`], which translates it and runs the current
/// instruction again.
macro_rules! translated {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $callee:expr, $cinst:expr) => {{
        let callee: *const CompiledFunc = $callee;
        // SAFETY: compiled code outlives the call.
        match unsafe { (*callee).translated.get() } {
            Some(t) => t,
            None => {
                $cx.pending_func = (callee, $cinst);
                // SAFETY: the running instruction is the one before `pc`.
                return translate_and_retry(
                    unsafe { $pc.sub(1) },
                    $fp,
                    $mem,
                    $mem_len,
                    $cx,
                    $acc,
                    $facc,
                );
            }
        }
    }};
}

/// Starts running `callee` (translation `t`) in the frame at `cx.fp_off`, whose slots the
/// caller has reserved, arguments in place.
macro_rules! start {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $callee:expr, $t:expr, $cinst:expr) => {{
        let callee: *const CompiledFunc = $callee;
        let t: &Translated = $t;
        // SAFETY: compiled code outlives the call.
        let cf = unsafe { &*callee };
        // SAFETY: the frame is within the value stack (reserved by the caller).
        $fp = unsafe { $cx.sp.add($cx.fp_off) };
        $cx.cur = callee;
        $pc = t.code.as_ptr();
        let cinst: u32 = $cinst;
        let switched = cinst != $cx.inst;
        $cx.inst = cinst;
        let (np, nl) = (cf.num_params as usize, cf.num_locals as usize);
        if nl - np <= ZEROED_AT_CALL {
            if nl != np {
                // A fixed block of zeroes, whatever the count: a few stores, no loop (or
                // `memset` call) for the call handlers to keep registers for. The slots past
                // the declared locals are temporaries, written before they are read.
                // SAFETY: a frame with locals has room for `ZEROED_AT_CALL` slots after its
                // parameters (`Translated::frame_size`), reserved.
                unsafe { ptr::write_bytes($fp.add(np), 0, ZEROED_AT_CALL) };
            }
        } else {
            return zero_locals_and_go($pc, $fp, $mem, $mem_len, $cx, $acc, $facc);
        }
        if switched {
            return reload_and_go($pc, $fp, $mem, $mem_len, $cx, $acc, $facc);
        }
    }};
}

/// A tail call's start: the arguments move to the frame base, which does not move.
macro_rules! tail_start {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $callee:expr, $cinst:expr, $base:expr) => {{
        let callee: *const CompiledFunc = $callee;
        let cinst: u32 = $cinst;
        let t = translated!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; callee, cinst);
        reserve!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; $cx.fp_off + t.frame_size as usize);
        // SAFETY: compiled code outlives the call; the arguments and the frame base are both
        // inside the current frame.
        let np = unsafe { (*callee).num_params as usize };
        unsafe { ptr::copy($fp.add($base as usize), $fp, np) };
        start!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; callee, t, cinst);
    }};
}

macro_rules! call_wasm {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $callee:expr, $cinst:expr, $base:expr) => {{
        // Nothing reads the accumulators across a call (a function's first instruction and
        // the one after a call read slots): clearing them frees their registers here.
        $acc = 0;
        $facc = 0.0;
        if $cx.frame_top >= $cx.frame_end {
            // SAFETY: the running instruction is the one before `pc`.
            return frames_full(unsafe { $pc.sub(1) }, $fp, $mem, $mem_len, $cx, $acc, $facc);
        }
        let callee: *const CompiledFunc = $callee;
        let cinst: u32 = $cinst;
        let t = translated!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; callee, cinst);
        // Reserve the callee's frame while the caller is still the current function, so an
        // exhausted stack traps with a consistent backtrace.
        reserve!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; $cx.fp_off + $base as usize + t.frame_size as usize);
        let frame = Frame {
            ret_pc: $pc,
            func: $cx.cur,
            fp_off: $cx.fp_off,
            instance: $cx.inst,
        };
        // SAFETY: `frame_top < frame_end`, within the frame stack's capacity, was checked
        // above (nothing since has pushed).
        unsafe {
            $cx.frame_top.write(frame);
            $cx.frame_top = $cx.frame_top.add(1);
        }
        $cx.fp_off += $base as usize;
        start!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; callee, t, cinst);
    }};
}

/// Leaves the chain so the driver calls host function `h` with `n` slots from `base`.
macro_rules! call_host {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident; $h:expr, $n:expr, $nr:expr, $base:expr, $tail:expr) => {{
        $cx.host = super::exec::HostCall {
            host: $h,
            slots: $n,
            results: $nr,
            base: $base,
            tail: $tail,
        };
        $cx.save($pc, $fp, $mem, $mem_len);
        return Exit::Host;
    }};
}

macro_rules! do_return {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident) => {{
        match $cx.pop_frame() {
            None => return Exit::Done,
            Some((pc, fp, switched)) => {
                $pc = pc;
                $fp = fp;
                if switched {
                    return reload_and_go($pc, $fp, $mem, $mem_len, $cx, $acc, $facc);
                }
            }
        }
    }};
}

macro_rules! call_target {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $target:expr, $base:expr) => {{
        match $target {
            Target::Wasm(callee, ci) => call_wasm!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; callee, ci, $base),
            Target::Host(h, np, nr) => {
                call_host!($pc, $fp, $mem, $mem_len, $cx; h, np.max(nr), nr, $base, false)
            }
        }
    }};
}
macro_rules! call_func {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $f:expr, $base:expr) => {
        call_target!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; func_target($cx.inner(), $f), $base)
    };
}
macro_rules! tail_call_target {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $target:expr, $base:expr) => {{
        match $target {
            Target::Wasm(callee, ci) => {
                tail_start!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; callee, ci, $base);
            }
            Target::Host(h, np, nr) => {
                call_host!($pc, $fp, $mem, $mem_len, $cx; h, np.max(nr), nr, $base, true)
            }
        }
    }};
}
macro_rules! tail_call_func {
    ($pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident; $f:expr, $base:expr) => {
        tail_call_target!($pc, $fp, $mem, $mem_len, $cx, $acc, $facc; func_target($cx.inner(), $f), $base)
    };
}
/// The target of `call_indirect` (and `return_call_indirect`) through the index in slot `idx`
/// with expected signature `sig`, or a trap.
macro_rules! indirect_callee {
    ($fp:ident, $cx:ident; $idx:expr, $sig:expr) => {{
        // SAFETY: the running function was translated before it started.
        let (ty, table) = unsafe { running($cx.cur) }.sigs[$sig as usize];
        tri!(
            $cx,
            indirect_target($cx, table, unsafe { r32($fp, $idx) }, ty)
        )
    }};
}
/// The store function index of `call_ref`'s (and `return_call_ref`'s) reference in slot `rs`,
/// or a trap when it is null.
macro_rules! ref_callee {
    ($fp:ident, $cx:ident; $rs:expr) => {{
        let v = unsafe { r($fp, $rs) };
        if v == 0 {
            return trap($cx, TrapCode::NullFunctionReference);
        }
        (v - 1) as u32
    }};
}
/// The store index of table `t` of the running instance, materialised if it was initialised
/// lazily (only `call_indirect` reads a lazy table as it is: see `store::lazy_table`).
macro_rules! table_index {
    ($cx:ident, $t:expr) => {{
        let ti = $cx.inner().instances[$cx.inst as usize].tables[$t as usize] as usize;
        $cx.inner().force_table(ti);
        ti
    }};
}

/// The target of a `br_table` whose entries start at `entries`: the branch target of entry
/// `min(index, len)`, reached directly (one indirect jump per `br_table`, not two).
///
/// # Safety
/// `entries` must be followed by `len + 1` `Br` instructions (the translator's table layout).
#[inline(always)]
unsafe fn br_table_target(entries: *const Op, index: u32, len: u32) -> *const Op {
    // SAFETY: see the contract: entry `min(index, len)` exists and is a `Br`, whose target is
    // inside the function.
    unsafe {
        let entry = entries.add(index.min(len) as usize);
        let I::Br(o) = (*entry).instr else {
            std::hint::unreachable_unchecked()
        };
        entry.add(1).offset(o as isize)
    }
}

/// The fields of the `Data` word at `pc` (which it then steps over): the operands that did
/// not fit the instruction before it. `what` names that instruction in the internal error.
macro_rules! data {
    ($pc:ident, $cx:ident, $what:literal) => {{
        // SAFETY: the translator always follows these instructions with their `Data` word.
        let I::Data(a, b, c) = (unsafe { (*$pc).instr }) else {
            return fail(
                $cx,
                internal_error(concat!($what, " without its data word")),
            );
        };
        $pc = unsafe { $pc.add(1) };
        (a, b, c)
    }};
}

/// The magic number, shift and divisor of a `*DivUMagic`/`*RemUMagic` whose low magic half is
/// `lo`, from its `Data` word.
macro_rules! magic {
    ($pc:ident, $cx:ident, $lo:expr) => {{
        let (hi, sh, dv) = data!($pc, $cx, "division by a constant");
        (u64::from($lo) | (u64::from(hi) << 32), sh, u64::from(dv))
    }};
}

/// The 64-bit constant of an `I64*Imm64` whose low half is `lo`, from its `Data` word.
macro_rules! wide {
    ($pc:ident, $cx:ident, $lo:expr) => {{
        let (hi, _, _) = data!($pc, $cx, "wide constant");
        u64::from($lo) | (u64::from(hi) << 32)
    }};
}

/// `call_indirect` (at `pc`) when its target is not a wasm function of exactly the expected
/// type in a laid-out table: the full resolution (a trap, a lazy table slot, a host
/// function, a subtype). Apart from the handler so that its common path makes no calls and
/// saves no registers.
#[cold]
#[inline(never)]
#[allow(unused_mut, unused_unsafe, unused_assignments)]
fn call_indirect_slow(
    pc: *const Op,
    fp: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    cx: &mut Cx,
    acc: u64,
    facc: f64,
) -> Exit {
    // SAFETY: only the `CallIndirect` handler comes here, with its own instruction.
    let I::CallIndirect(base, idx, sig) = (unsafe { (*pc).instr }) else {
        return fail(
            cx,
            internal_error("call_indirect slow path without its instruction"),
        );
    };
    // SAFETY: as in a handler: the next instruction of the running function.
    let mut pc = unsafe { pc.add(1) };
    let (mut fp, mut mem, mut mem_len, mut acc, mut facc) = (fp, mem, mem_len, acc, facc);
    let target = indirect_callee!(fp, cx; idx, sig);
    // SAFETY: the module-level invariants, as in the handlers.
    #[allow(clippy::macro_metavars_in_unsafe)]
    unsafe {
        call_target!(pc, fp, mem, mem_len, cx, acc, facc; target, base);
    }
    next(pc, fp, mem, mem_len, cx, acc, facc)
}

/// Defines the conditional-branch handlers: `Name(operands; offset) => condition;`. The taken
/// path dispatches its target right in the handler, so it has its own indirect jump apart from
/// the fall-through one: each learns its own targets, and the condition stays a real
/// (predicted) branch instead of becoming a select that the next dispatch would wait for.
macro_rules! branch_handlers {
    (|$pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident|
     $( $name:ident ( $($f:ident),* ; $o:ident ) => $cond:expr; )*) => {
        handlers! { |$pc, $fp, $mem, $mem_len, $cx, $acc, $facc|
            $(
                hot $name($($f,)* $o) => {
                    if $cond {
                        jump!($pc, $o);
                        return next($pc, $fp, $mem, $mem_len, $cx, $acc, $facc);
                    }
                }
            )*
        }
    };
}

/// Defines one handler per opcode. `hot` handlers continue with [`next`] (a tail call in tail
/// mode), `cold` ones return to the driver.
macro_rules! handlers {
    (|$pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident|
     $( $kind:ident $name:ident ( $($f:tt),* ) => $body:block )*) => {
        $(
            #[allow(non_snake_case, unused_mut, unused_unsafe, unused_variables, unreachable_code)]
            #[allow(unused_assignments, unused_parens)]
            #[allow(clippy::unnecessary_cast, clippy::cast_lossless)]
            pub(super) fn $name(
                $pc: *const Op,
                $fp: *mut u64,
                $mem: *mut u8,
                $mem_len: usize,
                $cx: &mut Cx,
                $acc: u64,
                $facc: f64,
            ) -> Exit {
                let I::$name($($f),*) = (unsafe { (*$pc).instr }) else {
                    // SAFETY: `dispatch` calls a handler only for an instruction of its opcode.
                    unsafe { std::hint::unreachable_unchecked() }
                };
                // SAFETY: code ends with a return or branch, so `pc + 1` is at most one past
                // the end of the function's code, and is only read if an instruction is there.
                let mut $pc = unsafe { $pc.add(1) };
                let (mut $fp, mut $mem, mut $mem_len, mut $acc, mut $facc) = ($fp, $mem, $mem_len, $acc, $facc);
                // SAFETY: the module-level invariants (slots within the frame, branch targets
                // within the function, memory accesses checked against `mem_len`).
                #[allow(clippy::macro_metavars_in_unsafe)]
                unsafe {
                    $body
                }
                handlers!(@next $kind, $pc, $fp, $mem, $mem_len, $cx, $acc, $facc)
            }
        )*
    };
    (@next hot, $pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident) => {
        next($pc, $fp, $mem, $mem_len, $cx, $acc, $facc)
    };
    (@next cold, $pc:ident, $fp:ident, $mem:ident, $mem_len:ident, $cx:ident, $acc:ident, $facc:ident) => {
        yield_to_driver($pc, $fp, $mem, $mem_len, $cx, $acc, $facc)
    };
}

handlers! { |pc, fp, mem, mem_len, cx, acc, facc|
        cold Unreachable() => { return trap(cx, TrapCode::Unreachable) }
        cold Data(..) => { return fail(cx, internal_error("executed a data word")) }
        hot Check(fuel, interrupt) => {
            if fuel != 0 {
                let left = &mut cx.inner().fuel;
                if *left < u64::from(fuel) {
                    *left = 0;
                    return trap(cx, TrapCode::OutOfFuel)
                }
                *left -= u64::from(fuel);
            }
            if interrupt != 0 {
                let flag = cx.inner().interrupt.get();
                if flag.is_some_and(|f| f.load(Ordering::Relaxed) && f.swap(false, Ordering::Relaxed)) {
                    return trap(cx, TrapCode::Interrupted)
                }
            }
        }
        hot Copy(d, s) => { w!(acc, fp, d, r(fp, s)) }
        hot Copy2(d, a, b) => {
            // The second source is read after the first copy (it may be `d`).
            w!(acc, fp, d, r(fp, a));
            w!(acc, fp, d + 1, r(fp, b))
        }
        hot Const32(d, v) => { w!(acc, fp, d, u64::from(v)) }
        hot Const64(d, lo, hi) => { w!(acc, fp, d, u64::from(lo) | (u64::from(hi) << 32)) }
        hot Select(d, a, b) => {
            let (cond, _, _) = data!(pc, cx, "select");
            w!(acc, fp, d, if r32(fp, cond) != 0 { r(fp, a) } else { r(fp, b) })
        }

        hot SelectAcc(d, a, b) => {
            // Skip the `Data` word (its condition slot is the accumulator's).
            pc = unsafe { pc.add(1) };
            w!(acc, fp, d, if acc as u32 != 0 { r(fp, a) } else { r(fp, b) })
        }

        // ---- control ----
        hot Br(o) => { jump!(pc, o) }
        hot BrTable(idx, len) => { pc = br_table_target(pc, r32(fp, idx), len) }
        hot BrTableAcc(len) => { pc = br_table_target(pc, acc as u32, len) }
        hot Return0() => { do_return!(pc, fp, mem, mem_len, cx, acc, facc) }
        hot Return1(s) => {
            w!(acc, fp, 0, r(fp, s));
            do_return!(pc, fp, mem, mem_len, cx, acc, facc)
        }
        hot ReturnImm32(v) => {
            w!(acc, fp, 0, u64::from(v));
            do_return!(pc, fp, mem, mem_len, cx, acc, facc)
        }
        hot ReturnN(s, n) => {
            // SAFETY: `s + n` is within the frame; `ptr::copy` allows overlap.
            unsafe { ptr::copy(fp.add(s as usize), fp, n as usize) };
            do_return!(pc, fp, mem, mem_len, cx, acc, facc)
        }
        hot Call(f, base) => {
            let sf = cx.inner().instances[cx.inst as usize].funcs[f as usize];
            call_func!(pc, fp, mem, mem_len, cx, acc, facc; sf, base)
        }
        hot CallInternal(def, base) => {
            // SAFETY: `def` is a defined function of the current instance's module.
            let callee = unsafe { cx.code.add(def as usize) };
            call_wasm!(pc, fp, mem, mem_len, cx, acc, facc; callee, cx.inst, base)
        }
        hot CallIndirect(base, idx, sig) => {
            // SAFETY: the running function was translated before it started.
            let (ty, table) = unsafe { running(cx.cur) }.sigs[sig as usize];
            match indirect_wasm(cx, table, r32(fp, idx), ty) {
                Some((callee, ci)) => call_wasm!(pc, fp, mem, mem_len, cx, acc, facc; callee, ci, base),
                // SAFETY: the running instruction is the one before `pc`.
                None => return call_indirect_slow(pc.sub(1), fp, mem, mem_len, cx, acc, facc),
            }
        }
        hot CallRef(base, rs) => {
            call_func!(pc, fp, mem, mem_len, cx, acc, facc; ref_callee!(fp, cx; rs), base)
        }
        hot ReturnCall(f, base) => {
            let sf = cx.inner().instances[cx.inst as usize].funcs[f as usize];
            tail_call_func!(pc, fp, mem, mem_len, cx, acc, facc; sf, base)
        }
        hot ReturnCallInternal(def, base) => {
            // SAFETY: `def` is a defined function of the current instance's module.
            let callee = unsafe { cx.code.add(def as usize) };
            tail_start!(pc, fp, mem, mem_len, cx, acc, facc; callee, cx.inst, base)
        }
        hot ReturnCallIndirect(base, idx, sig) => {
            let target = indirect_callee!(fp, cx; idx, sig);
            tail_call_target!(pc, fp, mem, mem_len, cx, acc, facc; target, base)
        }
        hot ReturnCallRef(base, rs) => {
            tail_call_func!(pc, fp, mem, mem_len, cx, acc, facc; ref_callee!(fp, cx; rs), base)
        }

        // ---- variables ----
        // SAFETY (globals): `g` is a valid global index of the module (validated), so of
        // the instance; its store index is valid; the cached pointers are reloaded after
        // anything that may add globals (host calls).
        hot GlobalGet(d, g) => {
            w!(acc, fp, d, unsafe {
                (*cx.globals.add(*cx.inst_globals.add(g as usize) as usize)).value
            })
        }
        hot GlobalSet(s, g) => {
            let v = r(fp, s);
            unsafe { (*cx.globals.add(*cx.inst_globals.add(g as usize) as usize)).value = v };
        }
        // SAFETY (own globals): `i` indexes the module's defined globals (validated), which the
        // instance created contiguously from `own_globals` on; reloaded with `globals`.
        hot GlobalGetOwn(d, i) => {
            w!(acc, fp, d, unsafe { (*cx.own_globals.add(i as usize)).value })
        }
        hot GlobalSetOwn(s, i) => {
            let v = r(fp, s);
            unsafe { (*cx.own_globals.add(i as usize)).value = v };
        }

        // ---- memory ----
        hot I32Load(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 4, |b| u64::from(u32::from_le_bytes(b))) }
        hot I64Load(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 8, |b| u64::from_le_bytes(b)) }
        hot I32Load8S(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 1, |b| b[0] as i8 as i32 as u32 as u64) }
        hot I32Load8U(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 1, |b| u64::from(b[0])) }
        hot I32Load16S(d, a, o) => {
            load!(fp, mem, mem_len, cx, acc; d, a, o, 2, |b| i16::from_le_bytes(b) as i32 as u32 as u64)
        }
        hot I32Load16U(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 2, |b| u64::from(u16::from_le_bytes(b))) }
        hot I64Load8S(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 1, |b| b[0] as i8 as i64 as u64) }
        hot I64Load16S(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 2, |b| i16::from_le_bytes(b) as i64 as u64) }
        hot I64Load32S(d, a, o) => { load!(fp, mem, mem_len, cx, acc; d, a, o, 4, |b| i32::from_le_bytes(b) as i64 as u64) }
        hot I32LoadAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 4, |b| u64::from(u32::from_le_bytes(b))) }
        hot I64LoadAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 8, |b| u64::from_le_bytes(b)) }
        hot I32Load8SAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 1, |b| b[0] as i8 as i32 as u32 as u64) }
        hot I32Load8UAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 1, |b| u64::from(b[0])) }
        hot I32Load16SAbs(d, ea) => {
            load_abs!(fp, mem, mem_len, cx, acc; d, ea, 2, |b| i16::from_le_bytes(b) as i32 as u32 as u64)
        }
        hot I32Load16UAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 2, |b| u64::from(u16::from_le_bytes(b))) }
        hot I64Load8SAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 1, |b| b[0] as i8 as i64 as u64) }
        hot I64Load16SAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 2, |b| i16::from_le_bytes(b) as i64 as u64) }
        hot I64Load32SAbs(d, ea) => { load_abs!(fp, mem, mem_len, cx, acc; d, ea, 4, |b| i32::from_le_bytes(b) as i64 as u64) }
        hot I32Store8Abs(v, ea) => { store_abs!(fp, mem, mem_len, cx; ea, 1, [r(fp, v) as u8]) }
        hot I32Store16Abs(v, ea) => { store_abs!(fp, mem, mem_len, cx; ea, 2, (r(fp, v) as u16).to_le_bytes()) }
        hot I32StoreAbs(v, ea) => { store_abs!(fp, mem, mem_len, cx; ea, 4, r32(fp, v).to_le_bytes()) }
        hot I64StoreAbs(v, ea) => { store_abs!(fp, mem, mem_len, cx; ea, 8, r(fp, v).to_le_bytes()) }
        hot I32Store8(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 1, [r(fp, v) as u8]) }
        hot I32Store16(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 2, (r(fp, v) as u16).to_le_bytes()) }
        hot I32Store(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 4, r32(fp, v).to_le_bytes()) }
        hot I64Store(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 8, r(fp, v).to_le_bytes()) }
        hot I32Store8Imm(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 1, [v as u8]) }
        hot I32Store16Imm(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 2, (v as u16).to_le_bytes()) }
        hot I32StoreImm(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 4, v.to_le_bytes()) }
        hot I64StoreImm(a, v, o) => { store!(fp, mem, mem_len, cx; a, v, o, 8, i64::from(v).to_le_bytes()) }
        hot MemorySize(d, m) => {
            if m == 0 {
                w!(acc, fp, d, mem_len as u64 / PAGE_SIZE)
            } else {
                let mi = memory_index(&*cx.inner(), cx.inst, m);
                w!(acc, fp, d, cx.inner().memories[mi].pages())
            }
        }
        cold MemoryGrow(d, delta, m) => {
            let mi = memory_index(&*cx.inner(), cx.inst, m);
            let old = cx.inner().grow_memory(mi as u32, u64::from(r32(fp, delta)));
            reload!(mem, mem_len, cx);
            w!(acc, fp, d, old.map_or(u64::from(u32::MAX), |o| o as u32 as u64))
        }
        cold MemoryFill(b, m) => {
            let (dst, val, n) = (u64::from(r32(fp, b)), r(fp, b + 1) as u8, u64::from(r32(fp, b + 2)));
            if m == 0 {
                if dst + n > mem_len as u64 {
                    return trap(cx, TrapCode::MemoryOutOfBounds)
                }
                // SAFETY: bounds checked above.
                unsafe { ptr::write_bytes(mem.add(dst as usize), val, n as usize) }
            } else {
                let r = memory_fill(cx.inner(), cx.inst, m, dst, val, n);
                reload!(mem, mem_len, cx);
                tri!(cx, r)
            }
        }
        cold MemoryCopy(b, dm, sm) => {
            let (dst, src, n) = (
                u64::from(r32(fp, b)),
                u64::from(r32(fp, b + 1)),
                u64::from(r32(fp, b + 2)),
            );
            if (dm | sm) == 0 {
                let len = mem_len as u64;
                if dst + n > len || src + n > len {
                    return trap(cx, TrapCode::MemoryOutOfBounds)
                }
                // SAFETY: bounds checked above; `ptr::copy` allows overlap.
                unsafe { ptr::copy(mem.add(src as usize), mem.add(dst as usize), n as usize) }
            } else {
                let r = memory_copy(cx.inner(), cx.inst, dm, sm, dst, src, n);
                reload!(mem, mem_len, cx);
                tri!(cx, r)
            }
        }
        cold MemoryInit(b, seg, m) => {
            let (dst, src, n) = (
                u64::from(r32(fp, b)),
                u64::from(r32(fp, b + 1)),
                u64::from(r32(fp, b + 2)),
            );
            if m == 0 {
                let i = &cx.inner().instances[cx.inst as usize];
                let bytes: &[u8] = if i.data_dropped.contains(seg) {
                    &[]
                } else {
                    &i.module.inner.datas[seg as usize].bytes
                };
                if src + n > bytes.len() as u64 || dst + n > mem_len as u64 {
                    return trap(cx, TrapCode::MemoryOutOfBounds)
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
                let r = memory_init(cx.inner(), cx.inst, m, seg, dst, src, n);
                reload!(mem, mem_len, cx);
                tri!(cx, r)
            }
        }
        cold LoadMem(d, a, o) => {
            let (m, kind, _) = data!(pc, cx, "load from another memory");
            let r = load_mem(&*cx.inner(), cx.inst, m, kind, r32(fp, a), o);
            reload!(mem, mem_len, cx);
            w!(acc, fp, d, tri!(cx, r))
        }
        cold StoreMem(a, v, o) => {
            let (m, width, _) = data!(pc, cx, "store to another memory");
            let r = store_mem(cx.inner(), cx.inst, m, width, r32(fp, a), o, r(fp, v));
            reload!(mem, mem_len, cx);
            tri!(cx, r)
        }
        cold DataDrop(seg) => {
            cx.inner().instances[cx.inst as usize].data_dropped.insert(seg)
        }

        // ---- tables and references ----
        hot TableGet(d, i, t) => {
            let ti = table_index!(cx, t);
            match cx.inner().tables[ti].elems.get(r32(fp, i) as usize) {
                Some(&v) => w!(acc, fp, d, v),
                None => return trap(cx, TrapCode::TableOutOfBounds),
            }
        }
        hot TableSet(i, v, t) => {
            let ti = table_index!(cx, t);
            match cx.inner().tables[ti].elems.get_mut(r32(fp, i) as usize) {
                Some(e) => *e = r(fp, v),
                None => return trap(cx, TrapCode::TableOutOfBounds),
            }
        }
        hot TableSize(d, t) => {
            let ti = cx.inner().instances[cx.inst as usize].tables[t as usize] as usize;
            w!(acc, fp, d, cx.inner().tables[ti].size())
        }
        cold TableGrow(b, t) => {
            let ti = table_index!(cx, t);
            let (init, delta) = (r(fp, b), u64::from(r32(fp, b + 1)));
            let old = cx.inner().grow_table(ti as u32, delta, init);
            w!(acc, fp, b, old.map_or(u64::from(u32::MAX), |o| o as u32 as u64))
        }
        cold TableFill(b, t) => {
            let ti = table_index!(cx, t);
            let (i, v, n) = (u64::from(r32(fp, b)), r(fp, b + 1), u64::from(r32(fp, b + 2)));
            let elems = &mut cx.inner().tables[ti].elems;
            if i + n > elems.len() as u64 {
                return trap(cx, TrapCode::TableOutOfBounds)
            }
            elems[i as usize..(i + n) as usize].fill(v);
        }
        cold TableCopy(b, dt, st) => {
            let (d, s, n) = (
                u64::from(r32(fp, b)),
                u64::from(r32(fp, b + 1)),
                u64::from(r32(fp, b + 2)),
            );
            let (dti, sti) = (table_index!(cx, dt), table_index!(cx, st));
            let tables = &mut cx.inner().tables;
            if s + n > tables[sti].size() || d + n > tables[dti].size() {
                return trap(cx, TrapCode::TableOutOfBounds)
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
        cold TableInit(b, t, seg) => {
            let (d, s, n) = (
                u64::from(r32(fp, b)),
                u64::from(r32(fp, b + 1)),
                u64::from(r32(fp, b + 2)),
            );
            let ti = table_index!(cx, t);
            let inner = cx.inner();
            let i = &inner.instances[cx.inst as usize];
            let src = &i.elems[seg as usize];
            let dst = &mut inner.tables[ti].elems;
            if s + n > src.len() as u64 || d + n > dst.len() as u64 {
                return trap(cx, TrapCode::TableOutOfBounds)
            }
            let (d, s, n) = (d as usize, s as usize, n as usize);
            dst[d..d + n].copy_from_slice(&src[s..s + n]);
        }
        cold ElemDrop(seg) => {
            cx.inner().instances[cx.inst as usize].elems[seg as usize] = Vec::new()
        }
        hot RefFunc(d, f) => {
            w!(acc, fp,
            d,
            u64::from(cx.inner().func_record(cx.inst, f)) + 1
        )
        }
        hot RefAsNonNull(s) => {
            if r(fp, s) == 0 {
                return trap(cx, TrapCode::NullReference)
            }
        }

        // ---- i32 ----
        hot I32Add(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_add(r32(fp, b)))) }
        hot I32Sub(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_sub(r32(fp, b)))) }
        hot I32Mul(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_mul(r32(fp, b)))) }
        hot I32DivS(d, a, b) => {
            let (x, y) = (ri32(fp, a), ri32(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            if x == i32::MIN && y == -1 {
                return trap(cx, TrapCode::IntegerOverflow)
            }
            w!(acc, fp, d, (x / y) as u32 as u64)
        }
        hot I32DivU(d, a, b) => {
            let (x, y) = (r32(fp, a), r32(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            w!(acc, fp, d, u64::from(x / y))
        }
        hot I32RemS(d, a, b) => {
            let (x, y) = (ri32(fp, a), ri32(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            w!(acc, fp, d, x.wrapping_rem(y) as u32 as u64)
        }
        hot I32RemU(d, a, b) => {
            let (x, y) = (r32(fp, a), r32(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            w!(acc, fp, d, u64::from(x % y))
        }
        hot I32And(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) & r32(fp, b))) }
        hot I32Or(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) | r32(fp, b))) }
        hot I32Xor(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) ^ r32(fp, b))) }
        hot I32Shl(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_shl(r32(fp, b)))) }
        hot I32ShrS(d, a, b) => { w!(acc, fp, d, ri32(fp, a).wrapping_shr(r32(fp, b)) as u32 as u64) }
        hot I32ShrU(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_shr(r32(fp, b)))) }
        hot I32Rotl(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a).rotate_left(r32(fp, b) & 31))) }
        hot I32Rotr(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a).rotate_right(r32(fp, b) & 31))) }
        hot I32Eq(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) == r32(fp, b))) }
        hot I32Ne(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) != r32(fp, b))) }
        hot I32LtS(d, a, b) => { w!(acc, fp, d, u64::from(ri32(fp, a) < ri32(fp, b))) }
        hot I32LtU(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) < r32(fp, b))) }
        hot I32GtS(d, a, b) => { w!(acc, fp, d, u64::from(ri32(fp, a) > ri32(fp, b))) }
        hot I32GtU(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) > r32(fp, b))) }
        hot I32LeS(d, a, b) => { w!(acc, fp, d, u64::from(ri32(fp, a) <= ri32(fp, b))) }
        hot I32LeU(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) <= r32(fp, b))) }
        hot I32GeS(d, a, b) => { w!(acc, fp, d, u64::from(ri32(fp, a) >= ri32(fp, b))) }
        hot I32GeU(d, a, b) => { w!(acc, fp, d, u64::from(r32(fp, a) >= r32(fp, b))) }
        hot I32AddImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_add(i as u32))) }
        hot I32SubImmRev(d, a, i) => { w!(acc, fp, d, u64::from((i as u32).wrapping_sub(r32(fp, a)))) }
        hot I32MulImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_mul(i as u32))) }
        // The translator only makes immediates of divisors that cannot trap.
        hot I32DivSImm(d, a, i) => { w!(acc, fp, d, ri32(fp, a).wrapping_div(i) as u32 as u64) }
        hot I32DivUMagic(d, a, lo) => {
            let (m, sh, _) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::udiv_by_magic(u64::from(r32(fp, a)), m, sh))
        }
        hot I32RemUMagic(d, a, lo) => {
            let (m, sh, dv) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::urem_by_magic(u64::from(r32(fp, a)), m, sh, dv))
        }
        hot I64DivUMagic(d, a, lo) => {
            let (m, sh, _) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::udiv_by_magic(r(fp, a), m, sh))
        }
        hot I64RemUMagic(d, a, lo) => {
            let (m, sh, dv) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::urem_by_magic(r(fp, a), m, sh, dv))
        }
        hot I32DivUMagicAcc(d, lo) => {
            let (m, sh, _) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::udiv_by_magic(u64::from(acc as u32), m, sh))
        }
        hot I32RemUMagicAcc(d, lo) => {
            let (m, sh, dv) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::urem_by_magic(u64::from(acc as u32), m, sh, dv))
        }
        hot I64DivUMagicAcc(d, lo) => {
            let (m, sh, _) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::udiv_by_magic(acc, m, sh))
        }
        hot I64RemUMagicAcc(d, lo) => {
            let (m, sh, dv) = magic!(pc, cx, lo);
            w!(acc, fp, d, ops::urem_by_magic(acc, m, sh, dv))
        }
        hot I32DivUImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) / i as u32)) }
        hot I32RemSImm(d, a, i) => { w!(acc, fp, d, ri32(fp, a).wrapping_rem(i) as u32 as u64) }
        hot I32RemUImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) % i as u32)) }
        hot I32AndImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) & i as u32)) }
        hot I32OrImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) | i as u32)) }
        hot I32XorImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) ^ i as u32)) }
        hot I32ShlImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_shl(i as u32))) }
        hot I32ShrSImm(d, a, i) => { w!(acc, fp, d, ri32(fp, a).wrapping_shr(i as u32) as u32 as u64) }
        hot I32ShrUImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_shr(i as u32))) }
        hot I32RotlImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a).rotate_left(i as u32 & 31))) }
        hot I32RotrImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a).rotate_right(i as u32 & 31))) }
        hot I32EqImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) == i as u32)) }
        hot I32NeImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) != i as u32)) }
        hot I32LtSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri32(fp, a) < i)) }
        hot I32LtUImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) < i as u32)) }
        hot I32GtSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri32(fp, a) > i)) }
        hot I32GtUImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) > i as u32)) }
        hot I32LeSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri32(fp, a) <= i)) }
        hot I32LeUImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) <= i as u32)) }
        hot I32GeSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri32(fp, a) >= i)) }
        hot I32GeUImm(d, a, i) => { w!(acc, fp, d, u64::from(r32(fp, a) >= i as u32)) }

        // ---- i64 ----
        hot I64Add(d, a, b) => { w!(acc, fp, d, r(fp, a).wrapping_add(r(fp, b))) }
        hot I64Sub(d, a, b) => { w!(acc, fp, d, r(fp, a).wrapping_sub(r(fp, b))) }
        hot I64Mul(d, a, b) => { w!(acc, fp, d, r(fp, a).wrapping_mul(r(fp, b))) }
        hot I64DivS(d, a, b) => {
            let (x, y) = (ri64(fp, a), ri64(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            if x == i64::MIN && y == -1 {
                return trap(cx, TrapCode::IntegerOverflow)
            }
            w!(acc, fp, d, (x / y) as u64)
        }
        hot I64DivU(d, a, b) => {
            let (x, y) = (r(fp, a), r(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            w!(acc, fp, d, x / y)
        }
        hot I64RemS(d, a, b) => {
            let (x, y) = (ri64(fp, a), ri64(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            w!(acc, fp, d, x.wrapping_rem(y) as u64)
        }
        hot I64RemU(d, a, b) => {
            let (x, y) = (r(fp, a), r(fp, b));
            if y == 0 {
                return trap(cx, TrapCode::IntegerDivisionByZero)
            }
            w!(acc, fp, d, x % y)
        }
        hot I64And(d, a, b) => { w!(acc, fp, d, r(fp, a) & r(fp, b)) }
        hot I64Or(d, a, b) => { w!(acc, fp, d, r(fp, a) | r(fp, b)) }
        hot I64Xor(d, a, b) => { w!(acc, fp, d, r(fp, a) ^ r(fp, b)) }
        hot I64Shl(d, a, b) => { w!(acc, fp, d, r(fp, a).wrapping_shl(r(fp, b) as u32)) }
        hot I64ShrS(d, a, b) => { w!(acc, fp, d, ri64(fp, a).wrapping_shr(r(fp, b) as u32) as u64) }
        hot I64ShrU(d, a, b) => { w!(acc, fp, d, r(fp, a).wrapping_shr(r(fp, b) as u32)) }
        hot I64Rotl(d, a, b) => { w!(acc, fp, d, r(fp, a).rotate_left((r(fp, b) & 63) as u32)) }
        hot I64Rotr(d, a, b) => { w!(acc, fp, d, r(fp, a).rotate_right((r(fp, b) & 63) as u32)) }
        hot I64Eq(d, a, b) => { w!(acc, fp, d, u64::from(r(fp, a) == r(fp, b))) }
        hot I64Ne(d, a, b) => { w!(acc, fp, d, u64::from(r(fp, a) != r(fp, b))) }
        hot I64LtS(d, a, b) => { w!(acc, fp, d, u64::from(ri64(fp, a) < ri64(fp, b))) }
        hot I64LtU(d, a, b) => { w!(acc, fp, d, u64::from(r(fp, a) < r(fp, b))) }
        hot I64GtS(d, a, b) => { w!(acc, fp, d, u64::from(ri64(fp, a) > ri64(fp, b))) }
        hot I64GtU(d, a, b) => { w!(acc, fp, d, u64::from(r(fp, a) > r(fp, b))) }
        hot I64LeS(d, a, b) => { w!(acc, fp, d, u64::from(ri64(fp, a) <= ri64(fp, b))) }
        hot I64LeU(d, a, b) => { w!(acc, fp, d, u64::from(r(fp, a) <= r(fp, b))) }
        hot I64GeS(d, a, b) => { w!(acc, fp, d, u64::from(ri64(fp, a) >= ri64(fp, b))) }
        hot I64GeU(d, a, b) => { w!(acc, fp, d, u64::from(r(fp, a) >= r(fp, b))) }
        hot I64AddImm(d, a, i) => { w!(acc, fp, d, r(fp, a).wrapping_add(i64::from(i) as u64)) }
        hot I64SubImmRev(d, a, i) => { w!(acc, fp, d, (i64::from(i) as u64).wrapping_sub(r(fp, a))) }
        hot I64MulImm(d, a, i) => { w!(acc, fp, d, r(fp, a).wrapping_mul(i64::from(i) as u64)) }
        hot I64DivSImm(d, a, i) => { w!(acc, fp, d, ri64(fp, a).wrapping_div(i64::from(i)) as u64) }
        hot I64DivUImm(d, a, i) => { w!(acc, fp, d, r(fp, a) / (i64::from(i) as u64)) }
        hot I64RemSImm(d, a, i) => { w!(acc, fp, d, ri64(fp, a).wrapping_rem(i64::from(i)) as u64) }
        hot I64RemUImm(d, a, i) => { w!(acc, fp, d, r(fp, a) % (i64::from(i) as u64)) }
        hot I64AndImm(d, a, i) => { w!(acc, fp, d, r(fp, a) & i64::from(i) as u64) }
        hot I64OrImm(d, a, i) => { w!(acc, fp, d, r(fp, a) | i64::from(i) as u64) }
        hot I64XorImm(d, a, i) => { w!(acc, fp, d, r(fp, a) ^ i64::from(i) as u64) }
        hot I64ShlImm(d, a, i) => { w!(acc, fp, d, r(fp, a).wrapping_shl(i as u32)) }
        hot I64ShrSImm(d, a, i) => { w!(acc, fp, d, ri64(fp, a).wrapping_shr(i as u32) as u64) }
        hot I64ShrUImm(d, a, i) => { w!(acc, fp, d, r(fp, a).wrapping_shr(i as u32)) }
        hot I64RotlImm(d, a, i) => { w!(acc, fp, d, r(fp, a).rotate_left(i as u32 & 63)) }
        hot I64RotrImm(d, a, i) => { w!(acc, fp, d, r(fp, a).rotate_right(i as u32 & 63)) }
        hot I64EqImm(d, a, i) => { w!(acc, fp, d, u64::from(ri64(fp, a) == i64::from(i))) }
        hot I64NeImm(d, a, i) => { w!(acc, fp, d, u64::from(ri64(fp, a) != i64::from(i))) }
        hot I64LtSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri64(fp, a) < i64::from(i))) }
        hot I64LtUImm(d, a, i) => { w!(acc, fp, d, u64::from(r(fp, a) < i64::from(i) as u64)) }
        hot I64GtSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri64(fp, a) > i64::from(i))) }
        hot I64GtUImm(d, a, i) => { w!(acc, fp, d, u64::from(r(fp, a) > i64::from(i) as u64)) }
        hot I64LeSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri64(fp, a) <= i64::from(i))) }
        hot I64LeUImm(d, a, i) => { w!(acc, fp, d, u64::from(r(fp, a) <= i64::from(i) as u64)) }
        hot I64GeSImm(d, a, i) => { w!(acc, fp, d, u64::from(ri64(fp, a) >= i64::from(i))) }
        hot I64GeUImm(d, a, i) => { w!(acc, fp, d, u64::from(r(fp, a) >= i64::from(i) as u64)) }

        // ---- floats ----
        hot F32Add(d, a, b) => { wf32!(acc, fp, d, rf32(fp, a) + rf32(fp, b)) }
        hot F32Sub(d, a, b) => { wf32!(acc, fp, d, rf32(fp, a) - rf32(fp, b)) }
        hot F32Mul(d, a, b) => { wf32!(acc, fp, d, rf32(fp, a) * rf32(fp, b)) }
        hot F32Div(d, a, b) => { wf32!(acc, fp, d, rf32(fp, a) / rf32(fp, b)) }
        hot F32Min(d, a, b) => { wf32!(acc, fp, d, ops::f32_min(rf32(fp, a), rf32(fp, b))) }
        hot F32Max(d, a, b) => { wf32!(acc, fp, d, ops::f32_max(rf32(fp, a), rf32(fp, b))) }
        hot F32Copysign(d, a, b) => {
            w!(acc, fp,
            d,
            u64::from((r32(fp, a) & 0x7fff_ffff) | (r32(fp, b) & 0x8000_0000))
        )
        }
        hot F32Eq(d, a, b) => { w!(acc, fp, d, u64::from(rf32(fp, a) == rf32(fp, b))) }
        hot F32Ne(d, a, b) => { w!(acc, fp, d, u64::from(rf32(fp, a) != rf32(fp, b))) }
        hot F32Lt(d, a, b) => { w!(acc, fp, d, u64::from(rf32(fp, a) < rf32(fp, b))) }
        hot F32Gt(d, a, b) => { w!(acc, fp, d, u64::from(rf32(fp, a) > rf32(fp, b))) }
        hot F32Le(d, a, b) => { w!(acc, fp, d, u64::from(rf32(fp, a) <= rf32(fp, b))) }
        hot F32Ge(d, a, b) => { w!(acc, fp, d, u64::from(rf32(fp, a) >= rf32(fp, b))) }
        hot F64Add(d, a, b) => { wf64!(acc, facc, fp, d, rf64(fp, a) + rf64(fp, b)) }
        hot F64Sub(d, a, b) => { wf64!(acc, facc, fp, d, rf64(fp, a) - rf64(fp, b)) }
        hot F64Mul(d, a, b) => { wf64!(acc, facc, fp, d, rf64(fp, a) * rf64(fp, b)) }
        hot F64Div(d, a, b) => { wf64!(acc, facc, fp, d, rf64(fp, a) / rf64(fp, b)) }
        hot F64Min(d, a, b) => { wf64!(acc, facc, fp, d, ops::f64_min(rf64(fp, a), rf64(fp, b))) }
        hot F64Max(d, a, b) => { wf64!(acc, facc, fp, d, ops::f64_max(rf64(fp, a), rf64(fp, b))) }
        hot F64Copysign(d, a, b) => { w!(acc, fp, d, (r(fp, a) & !(1 << 63)) | (r(fp, b) & (1 << 63))) }
        hot F64Eq(d, a, b) => { w!(acc, fp, d, u64::from(rf64(fp, a) == rf64(fp, b))) }
        hot F64Ne(d, a, b) => { w!(acc, fp, d, u64::from(rf64(fp, a) != rf64(fp, b))) }
        hot F64Lt(d, a, b) => { w!(acc, fp, d, u64::from(rf64(fp, a) < rf64(fp, b))) }
        hot F64Gt(d, a, b) => { w!(acc, fp, d, u64::from(rf64(fp, a) > rf64(fp, b))) }
        hot F64Le(d, a, b) => { w!(acc, fp, d, u64::from(rf64(fp, a) <= rf64(fp, b))) }
        hot F64Ge(d, a, b) => { w!(acc, fp, d, u64::from(rf64(fp, a) >= rf64(fp, b))) }

        // ---- unary ----
        hot I32Clz(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a).leading_zeros())) }
        hot I32Ctz(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a).trailing_zeros())) }
        hot I32Popcnt(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a).count_ones())) }
        hot I32Eqz(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a) == 0)) }
        hot I32Extend8S(d, a) => { w!(acc, fp, d, r(fp, a) as i8 as i32 as u32 as u64) }
        hot I32Extend16S(d, a) => { w!(acc, fp, d, r(fp, a) as i16 as i32 as u32 as u64) }
        hot I64Clz(d, a) => { w!(acc, fp, d, u64::from(r(fp, a).leading_zeros())) }
        hot I64Ctz(d, a) => { w!(acc, fp, d, u64::from(r(fp, a).trailing_zeros())) }
        hot I64Popcnt(d, a) => { w!(acc, fp, d, u64::from(r(fp, a).count_ones())) }
        hot I64Eqz(d, a) => { w!(acc, fp, d, u64::from(r(fp, a) == 0)) }
        hot I64Extend8S(d, a) => { w!(acc, fp, d, r(fp, a) as i8 as i64 as u64) }
        hot I64Extend16S(d, a) => { w!(acc, fp, d, r(fp, a) as i16 as i64 as u64) }
        hot I64Extend32S(d, a) => { w!(acc, fp, d, r(fp, a) as i32 as i64 as u64) }
        hot F32Abs(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a) & 0x7fff_ffff)) }
        hot F32Neg(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a) ^ 0x8000_0000)) }
        hot F32Ceil(d, a) => { wf32!(acc, fp, d, ops::f32_ceil(rf32(fp, a))) }
        hot F32Floor(d, a) => { wf32!(acc, fp, d, ops::f32_floor(rf32(fp, a))) }
        hot F32Trunc(d, a) => { wf32!(acc, fp, d, ops::f32_trunc(rf32(fp, a))) }
        hot F32Nearest(d, a) => { wf32!(acc, fp, d, ops::f32_nearest(rf32(fp, a))) }
        hot F32Sqrt(d, a) => { wf32!(acc, fp, d, ops::f32_sqrt(rf32(fp, a))) }
        hot F64Abs(d, a) => { w!(acc, fp, d, r(fp, a) & !(1 << 63)) }
        hot F64Neg(d, a) => { w!(acc, fp, d, r(fp, a) ^ (1 << 63)) }
        hot F64Ceil(d, a) => { wf64!(acc, facc, fp, d, ops::f64_ceil(rf64(fp, a))) }
        hot F64Floor(d, a) => { wf64!(acc, facc, fp, d, ops::f64_floor(rf64(fp, a))) }
        hot F64Trunc(d, a) => { wf64!(acc, facc, fp, d, ops::f64_trunc(rf64(fp, a))) }
        hot F64Nearest(d, a) => { wf64!(acc, facc, fp, d, ops::f64_nearest(rf64(fp, a))) }
        hot F64Sqrt(d, a) => { wf64!(acc, facc, fp, d, ops::f64_sqrt(rf64(fp, a))) }

        // ---- conversions ----
        hot I32WrapI64(d, a) => { w!(acc, fp, d, u64::from(r(fp, a) as u32)) }
        hot I32TruncF32S(d, a) => { w!(acc, fp, d, tri!(cx, ops::i32_trunc_f32_s(rf32(fp, a))) as u32 as u64) }
        hot I32TruncF32U(d, a) => { w!(acc, fp, d, u64::from(tri!(cx, ops::i32_trunc_f32_u(rf32(fp, a))))) }
        hot I32TruncF64S(d, a) => { w!(acc, fp, d, tri!(cx, ops::i32_trunc_f64_s(rf64(fp, a))) as u32 as u64) }
        hot I32TruncF64U(d, a) => { w!(acc, fp, d, u64::from(tri!(cx, ops::i32_trunc_f64_u(rf64(fp, a))))) }
        hot I64ExtendI32S(d, a) => { w!(acc, fp, d, ri32(fp, a) as i64 as u64) }
        hot I64ExtendI32U(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a))) }
        hot I64TruncF32S(d, a) => { w!(acc, fp, d, tri!(cx, ops::i64_trunc_f32_s(rf32(fp, a))) as u64) }
        hot I64TruncF32U(d, a) => { w!(acc, fp, d, tri!(cx, ops::i64_trunc_f32_u(rf32(fp, a)))) }
        hot I64TruncF64S(d, a) => { w!(acc, fp, d, tri!(cx, ops::i64_trunc_f64_s(rf64(fp, a))) as u64) }
        hot I64TruncF64U(d, a) => { w!(acc, fp, d, tri!(cx, ops::i64_trunc_f64_u(rf64(fp, a)))) }
        hot F32ConvertI32S(d, a) => { wf32!(acc, fp, d, ri32(fp, a) as f32) }
        hot F32ConvertI32U(d, a) => { wf32!(acc, fp, d, r32(fp, a) as f32) }
        hot F32ConvertI64S(d, a) => { wf32!(acc, fp, d, ri64(fp, a) as f32) }
        hot F32ConvertI64U(d, a) => { wf32!(acc, fp, d, r(fp, a) as f32) }
        hot F32DemoteF64(d, a) => {
            let x = rf64(fp, a);
            wf32!(acc, fp,
                d,
                if x.is_nan() {
                    canon_f32(x.is_sign_negative())
                } else {
                    x as f32
                }
            )
        }
        hot F64ConvertI32S(d, a) => { wf64!(acc, facc, fp, d, f64::from(ri32(fp, a))) }
        hot F64ConvertI32U(d, a) => { wf64!(acc, facc, fp, d, f64::from(r32(fp, a))) }
        hot F64ConvertI64S(d, a) => { wf64!(acc, facc, fp, d, ri64(fp, a) as f64) }
        hot F64ConvertI64U(d, a) => { wf64!(acc, facc, fp, d, r(fp, a) as f64) }
        hot F64PromoteF32(d, a) => {
            let x = rf32(fp, a);
            wf64!(acc, facc, fp,
                d,
                if x.is_nan() {
                    canon_f64(x.is_sign_negative())
                } else {
                    f64::from(x)
                }
            )
        }
        hot I32TruncSatF32S(d, a) => { w!(acc, fp, d, rf32(fp, a) as i32 as u32 as u64) }
        hot I32TruncSatF32U(d, a) => { w!(acc, fp, d, u64::from(rf32(fp, a) as u32)) }
        hot I32TruncSatF64S(d, a) => { w!(acc, fp, d, rf64(fp, a) as i32 as u32 as u64) }
        hot I32TruncSatF64U(d, a) => { w!(acc, fp, d, u64::from(rf64(fp, a) as u32)) }
        hot I64TruncSatF32S(d, a) => { w!(acc, fp, d, rf32(fp, a) as i64 as u64) }
        hot I64TruncSatF32U(d, a) => { w!(acc, fp, d, rf32(fp, a) as u64) }
        hot I64TruncSatF64S(d, a) => { w!(acc, fp, d, rf64(fp, a) as i64 as u64) }
        hot I64TruncSatF64U(d, a) => { w!(acc, fp, d, rf64(fp, a) as u64) }

        // ---- accumulator forms ----
        hot I32AddAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_add(r32(fp, b)))) }
        hot I32MulAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_mul(r32(fp, b)))) }
        hot I32AndAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32) & r32(fp, b))) }
        hot I32OrAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32) | r32(fp, b))) }
        hot I32XorAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32) ^ r32(fp, b))) }
        hot I32EqAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32) == r32(fp, b))) }
        hot I32NeAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32) != r32(fp, b))) }
        hot I64AddAccL(d, b) => { w!(acc, fp, d, acc.wrapping_add(r(fp, b))) }
        hot I64MulAccL(d, b) => { w!(acc, fp, d, acc.wrapping_mul(r(fp, b))) }
        hot I64AndAccL(d, b) => { w!(acc, fp, d, acc & r(fp, b)) }
        hot I64OrAccL(d, b) => { w!(acc, fp, d, acc | r(fp, b)) }
        hot I64XorAccL(d, b) => { w!(acc, fp, d, acc ^ r(fp, b)) }
        hot F64AddAccL(d, b) => { wf64!(acc, facc, fp, d, facc + rf64(fp, b)) }
        hot F64MulAccL(d, b) => { wf64!(acc, facc, fp, d, facc * rf64(fp, b)) }
        hot F32AddAccL(d, b) => { wf32!(acc, fp, d, f32::from_bits(acc as u32) + rf32(fp, b)) }
        hot F32MulAccL(d, b) => { wf32!(acc, fp, d, f32::from_bits(acc as u32) * rf32(fp, b)) }
        hot I32SubAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_sub(r32(fp, b)))) }
        hot I32SubAccR(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_sub(acc as u32))) }
        hot I32ShlAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_shl(r32(fp, b)))) }
        hot I32ShlAccR(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_shl(acc as u32))) }
        hot I32ShrSAccL(d, b) => { w!(acc, fp, d, (acc as u32 as i32).wrapping_shr(r32(fp, b)) as u32 as u64) }
        hot I32ShrSAccR(d, a) => { w!(acc, fp, d, ri32(fp, a).wrapping_shr(acc as u32) as u32 as u64) }
        hot I32ShrUAccL(d, b) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_shr(r32(fp, b)))) }
        hot I32ShrUAccR(d, a) => { w!(acc, fp, d, u64::from(r32(fp, a).wrapping_shr(acc as u32))) }
        hot I64SubAccL(d, b) => { w!(acc, fp, d, acc.wrapping_sub(r(fp, b))) }
        hot I64SubAccR(d, a) => { w!(acc, fp, d, r(fp, a).wrapping_sub(acc)) }
        hot I64ShlAccL(d, b) => { w!(acc, fp, d, acc.wrapping_shl(r(fp, b) as u32)) }
        hot I64ShlAccR(d, a) => { w!(acc, fp, d, r(fp, a).wrapping_shl(acc as u32)) }
        hot I64ShrSAccL(d, b) => { w!(acc, fp, d, (acc as i64).wrapping_shr(r(fp, b) as u32) as u64) }
        hot I64ShrSAccR(d, a) => { w!(acc, fp, d, ri64(fp, a).wrapping_shr(acc as u32) as u64) }
        hot I64ShrUAccL(d, b) => { w!(acc, fp, d, acc.wrapping_shr(r(fp, b) as u32)) }
        hot I64ShrUAccR(d, a) => { w!(acc, fp, d, r(fp, a).wrapping_shr(acc as u32)) }
        hot F64SubAccL(d, b) => { wf64!(acc, facc, fp, d, facc - rf64(fp, b)) }
        hot F64SubAccR(d, a) => { wf64!(acc, facc, fp, d, rf64(fp, a) - facc) }
        hot F64DivAccL(d, b) => { wf64!(acc, facc, fp, d, facc / rf64(fp, b)) }
        hot F64DivAccR(d, a) => { wf64!(acc, facc, fp, d, rf64(fp, a) / facc) }
        hot F32SubAccL(d, b) => { wf32!(acc, fp, d, f32::from_bits(acc as u32) - rf32(fp, b)) }
        hot F32SubAccR(d, a) => { wf32!(acc, fp, d, rf32(fp, a) - f32::from_bits(acc as u32)) }
        hot I32AddImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_add(i as u32))) }
        hot I32MulImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_mul(i as u32))) }
        // The translator only makes immediates of divisors that cannot trap.
        hot I32AndImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32) & i as u32)) }
        hot I32OrImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32) | i as u32)) }
        hot I32XorImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32) ^ i as u32)) }
        hot I32ShlImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_shl(i as u32))) }
        hot I32ShrSImmAcc(d, i) => { w!(acc, fp, d, (acc as u32 as i32).wrapping_shr(i as u32) as u32 as u64) }
        hot I32ShrUImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32).wrapping_shr(i as u32))) }
        hot I32RotlImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32).rotate_left(i as u32 & 31))) }
        hot I32EqImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32) == i as u32)) }
        hot I32NeImmAcc(d, i) => { w!(acc, fp, d, u64::from((acc as u32) != i as u32)) }
        hot I64AddImmAcc(d, i) => { w!(acc, fp, d, acc.wrapping_add(i64::from(i) as u64)) }
        hot I32XorShlImm(d, x, k) => { let v = r32(fp, x); w!(acc, fp, d, u64::from(v ^ v.wrapping_shl(k))) }
        hot I32XorShrUImm(d, x, k) => { let v = r32(fp, x); w!(acc, fp, d, u64::from(v ^ v.wrapping_shr(k))) }
        hot I64XorShlImm(d, x, k) => { let v = r(fp, x); w!(acc, fp, d, v ^ v.wrapping_shl(k)) }
        hot I64XorShrUImm(d, x, k) => { let v = r(fp, x); w!(acc, fp, d, v ^ v.wrapping_shr(k)) }
        hot I32XorShlImmAcc(d, k) => { let v = acc as u32; w!(acc, fp, d, u64::from(v ^ v.wrapping_shl(k))) }
        hot I32XorShrUImmAcc(d, k) => { let v = acc as u32; w!(acc, fp, d, u64::from(v ^ v.wrapping_shr(k))) }
        hot I64XorShlImmAcc(d, k) => { let v = acc; w!(acc, fp, d, v ^ v.wrapping_shl(k)) }
        hot I64XorShrUImmAcc(d, k) => { let v = acc; w!(acc, fp, d, v ^ v.wrapping_shr(k)) }
        hot I64AddImm64(d, a, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, r(fp, a).wrapping_add(c)) }
        hot I64MulImm64(d, a, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, r(fp, a).wrapping_mul(c)) }
        hot I64AndImm64(d, a, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, r(fp, a) & c) }
        hot I64OrImm64(d, a, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, r(fp, a) | c) }
        hot I64XorImm64(d, a, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, r(fp, a) ^ c) }
        hot I64AddImm64Acc(d, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, acc.wrapping_add(c)) }
        hot I64MulImm64Acc(d, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, acc.wrapping_mul(c)) }
        hot I64AndImm64Acc(d, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, acc & c) }
        hot I64OrImm64Acc(d, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, acc | c) }
        hot I64XorImm64Acc(d, lo) => { let c = wide!(pc, cx, lo); w!(acc, fp, d, acc ^ c) }
        hot I64MulImmAcc(d, i) => { w!(acc, fp, d, acc.wrapping_mul(i64::from(i) as u64)) }
        hot I32SubMulImmAcc(d, a, i) => {
            w!(acc, fp, d, u64::from(r32(fp, a).wrapping_sub((acc as u32).wrapping_mul(i as u32))))
        }
        hot I64SubMulImmAcc(d, a, i) => {
            w!(acc, fp, d, r(fp, a).wrapping_sub(acc.wrapping_mul(i64::from(i) as u64)))
        }
        hot I64AndImmAcc(d, i) => { w!(acc, fp, d, acc & i64::from(i) as u64) }
        hot I64OrImmAcc(d, i) => { w!(acc, fp, d, acc | i64::from(i) as u64) }
        hot I64XorImmAcc(d, i) => { w!(acc, fp, d, acc ^ i64::from(i) as u64) }
        hot I64ShlImmAcc(d, i) => { w!(acc, fp, d, acc.wrapping_shl(i as u32)) }
        hot I64ShrSImmAcc(d, i) => { w!(acc, fp, d, (acc as i64).wrapping_shr(i as u32) as u64) }
        hot I64ShrUImmAcc(d, i) => { w!(acc, fp, d, acc.wrapping_shr(i as u32)) }
        hot I64RotlImmAcc(d, i) => { w!(acc, fp, d, acc.rotate_left(i as u32 & 63)) }
        hot I32EqzAcc(d) => { w!(acc, fp, d, u64::from((acc as u32) == 0)) }
        hot I32WrapI64Acc(d) => { w!(acc, fp, d, u64::from(acc as u32)) }
        hot I64ExtendI32SAcc(d) => { w!(acc, fp, d, (acc as u32 as i32) as i64 as u64) }
        hot I64ExtendI32UAcc(d) => { w!(acc, fp, d, u64::from(acc as u32)) }
        hot I64EqzAcc(d) => { w!(acc, fp, d, u64::from(acc == 0)) }
        hot F64ConvertI32SAcc(d) => { wf64!(acc, facc, fp, d, f64::from(acc as u32 as i32)) }
        hot F64ConvertI32UAcc(d) => { wf64!(acc, facc, fp, d, f64::from(acc as u32)) }
        hot I32LoadAcc(d, o) => { load_at!(fp, mem, mem_len, cx, acc; d, acc as u32, o, 4, |b| u64::from(u32::from_le_bytes(b))) }
        hot I64LoadAcc(d, o) => { load_at!(fp, mem, mem_len, cx, acc; d, acc as u32, o, 8, |b| u64::from_le_bytes(b)) }
        hot I32Load8UAcc(d, o) => { load_at!(fp, mem, mem_len, cx, acc; d, acc as u32, o, 1, |b| u64::from(b[0])) }
        hot I32Load8SAcc(d, o) => { load_at!(fp, mem, mem_len, cx, acc; d, acc as u32, o, 1, |b| b[0] as i8 as i32 as u32 as u64) }
        hot I32Load16UAcc(d, o) => { load_at!(fp, mem, mem_len, cx, acc; d, acc as u32, o, 2, |b| u64::from(u16::from_le_bytes(b))) }
        hot I32Load16SAcc(d, o) => {
            load_at!(fp, mem, mem_len, cx, acc; d, acc as u32, o, 2, |b| i16::from_le_bytes(b) as i32 as u32 as u64)
        }
        hot I32StoreAccV(a, o) => { store!(fp, mem, mem_len, cx; a, v, o, 4, (acc as u32).to_le_bytes()) }
        hot I32StoreAccA(v, o) => { store_at!(fp, mem, mem_len, cx; acc as u32, o, 4, r32(fp, v).to_le_bytes()) }
        hot I64StoreAccV(a, o) => { store!(fp, mem, mem_len, cx; a, v, o, 8, acc.to_le_bytes()) }
        hot I64StoreAccA(v, o) => { store_at!(fp, mem, mem_len, cx; acc as u32, o, 8, r(fp, v).to_le_bytes()) }
        hot I32Store8AccV(a, o) => { store!(fp, mem, mem_len, cx; a, v, o, 1, [acc as u8]) }
        hot I32Store8AccA(v, o) => { store_at!(fp, mem, mem_len, cx; acc as u32, o, 1, [r(fp, v) as u8]) }
        hot I32Store16AccV(a, o) => { store!(fp, mem, mem_len, cx; a, v, o, 2, (acc as u16).to_le_bytes()) }
        hot I32Store16AccA(v, o) => { store_at!(fp, mem, mem_len, cx; acc as u32, o, 2, (r(fp, v) as u16).to_le_bytes()) }
        hot CopyAcc(d) => { w!(acc, fp, d, acc) }
        hot I32StoreAccVInc(a, o, d, i) => {
            store!(fp, mem, mem_len, cx; a, v, o, 4, (acc as u32).to_le_bytes());
            bump!(acc, fp, d, i as i32 as u32);
        }
        hot I64StoreAccVInc(a, o, d, i) => {
            store!(fp, mem, mem_len, cx; a, v, o, 8, acc.to_le_bytes());
            bump!(acc, fp, d, i as i32 as u32);
        }
        hot I32LoadIdx4(d, x, i) => {
            load_at!(fp, mem, mem_len, cx, acc; d, (r32(fp, x) << 2).wrapping_add(i as u32), 0u32, 4, |b| u64::from(u32::from_le_bytes(b)))
        }
        hot I64LoadIdx8(d, x, i) => {
            load_at!(fp, mem, mem_len, cx, acc; d, (r32(fp, x) << 3).wrapping_add(i as u32), 0u32, 8, |b| u64::from_le_bytes(b))
        }
        hot I32Store8ImmStep(v, a, o, d, s) => {
            store!(fp, mem, mem_len, cx; a, v, o, 1, [v]);
            bump!(acc, fp, d, r32(fp, u32::from(s)));
        }
        hot I32Inc2(d1, i1, d2, i2) => {
            bump!(acc, fp, d1, i1 as i32 as u32);
            bump!(acc, fp, d2, i2 as i32 as u32);
        }

        // ---- address-add fused loads and stores ----
        hot I32LoadAddImm(d, a, i) => { load_at!(fp, mem, mem_len, cx, acc; d, r32(fp, a).wrapping_add(i as u32), 0u32, 4, |b| u64::from(u32::from_le_bytes(b))) }
        hot I64LoadAddImm(d, a, i) => { load_at!(fp, mem, mem_len, cx, acc; d, r32(fp, a).wrapping_add(i as u32), 0u32, 8, |b| u64::from_le_bytes(b)) }
        hot I32Load8UAddImm(d, a, i) => { load_at!(fp, mem, mem_len, cx, acc; d, r32(fp, a).wrapping_add(i as u32), 0u32, 1, |b| u64::from(b[0])) }
        hot I32Load8SAddImm(d, a, i) => { load_at!(fp, mem, mem_len, cx, acc; d, r32(fp, a).wrapping_add(i as u32), 0u32, 1, |b| b[0] as i8 as i32 as u32 as u64) }
        hot I32Load16UAddImm(d, a, i) => { load_at!(fp, mem, mem_len, cx, acc; d, r32(fp, a).wrapping_add(i as u32), 0u32, 2, |b| u64::from(u16::from_le_bytes(b))) }
        hot I32Load16SAddImm(d, a, i) => { load_at!(fp, mem, mem_len, cx, acc; d, r32(fp, a).wrapping_add(i as u32), 0u32, 2, |b| i16::from_le_bytes(b) as i32 as u32 as u64) }
        hot I32StoreAddImm(a, v, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 4, r32(fp, v).to_le_bytes()) }
        hot I64StoreAddImm(a, v, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 8, r(fp, v).to_le_bytes()) }
        hot I32Store8AddImm(a, v, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 1, [r(fp, v) as u8]) }
        hot I32Store16AddImm(a, v, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 2, (r(fp, v) as u16).to_le_bytes()) }
        // The same with the address (before the add) or the stored value in the accumulator.
        hot F64Load(d, a, o) => { wf64!(acc, facc, fp, d, read_f64!(mem, mem_len, cx; r32(fp, a), o)) }
        hot F64LoadAddImm(d, a, i) => { wf64!(acc, facc, fp, d, read_f64!(mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32)) }
        hot F64LoadAcc(d, o) => { wf64!(acc, facc, fp, d, read_f64!(mem, mem_len, cx; acc as u32, o)) }
        hot F64LoadAddImmAcc(d, i) => { wf64!(acc, facc, fp, d, read_f64!(mem, mem_len, cx; (acc as u32).wrapping_add(i as u32), 0u32)) }
        hot F64MulLoad(o, d, s, a) => { wf64!(acc, facc, fp, d, read_f64!(mem, mem_len, cx; r32(fp, a), o) * rf64(fp, s)) }
        hot F64AddLoad(o, d, s, a) => { wf64!(acc, facc, fp, d, read_f64!(mem, mem_len, cx; r32(fp, a), o) + rf64(fp, s)) }
        hot I32LoadAddImmAcc(d, i) => { load_at!(fp, mem, mem_len, cx, acc; d, (acc as u32).wrapping_add(i as u32), 0u32, 4, |b| u64::from(u32::from_le_bytes(b))) }
        hot I64LoadAddImmAcc(d, i) => { load_at!(fp, mem, mem_len, cx, acc; d, (acc as u32).wrapping_add(i as u32), 0u32, 8, |b| u64::from_le_bytes(b)) }
        hot I32Load8UAddImmAcc(d, i) => { load_at!(fp, mem, mem_len, cx, acc; d, (acc as u32).wrapping_add(i as u32), 0u32, 1, |b| u64::from(b[0])) }
        hot I32Load8SAddImmAcc(d, i) => { load_at!(fp, mem, mem_len, cx, acc; d, (acc as u32).wrapping_add(i as u32), 0u32, 1, |b| b[0] as i8 as i32 as u32 as u64) }
        hot I32Load16UAddImmAcc(d, i) => { load_at!(fp, mem, mem_len, cx, acc; d, (acc as u32).wrapping_add(i as u32), 0u32, 2, |b| u64::from(u16::from_le_bytes(b))) }
        hot I32Load16SAddImmAcc(d, i) => { load_at!(fp, mem, mem_len, cx, acc; d, (acc as u32).wrapping_add(i as u32), 0u32, 2, |b| i16::from_le_bytes(b) as i32 as u32 as u64) }
        hot I32StoreAddImmAccV(a, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 4, (acc as u32).to_le_bytes()) }
        hot I32StoreAddImmAccA(v, i) => { store_at!(fp, mem, mem_len, cx; (acc as u32).wrapping_add(i as u32), 0u32, 4, r32(fp, v).to_le_bytes()) }
        hot I64StoreAddImmAccV(a, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 8, acc.to_le_bytes()) }
        hot I64StoreAddImmAccA(v, i) => { store_at!(fp, mem, mem_len, cx; (acc as u32).wrapping_add(i as u32), 0u32, 8, r(fp, v).to_le_bytes()) }
        hot I32Store8AddImmAccV(a, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 1, [acc as u8]) }
        hot I32Store8AddImmAccA(v, i) => { store_at!(fp, mem, mem_len, cx; (acc as u32).wrapping_add(i as u32), 0u32, 1, [r(fp, v) as u8]) }
        hot I32Store16AddImmAccV(a, i) => { store_at!(fp, mem, mem_len, cx; r32(fp, a).wrapping_add(i as u32), 0u32, 2, (acc as u16).to_le_bytes()) }
        hot I32Store16AddImmAccA(v, i) => { store_at!(fp, mem, mem_len, cx; (acc as u32).wrapping_add(i as u32), 0u32, 2, (r(fp, v) as u16).to_le_bytes()) }
}

// ---- conditional branches (plain, fused compare-and-branch, accumulator forms) ----
branch_handlers! { |pc, fp, mem, mem_len, cx, acc, facc|
        BrIfNez(c; o) => r32(fp, c) != 0;
        BrIfEqz(c; o) => r32(fp, c) == 0;
        BrIfNez64(c; o) => r(fp, c) != 0;
        BrIfEqz64(c; o) => r(fp, c) == 0;
        BrIfI32Eq(a, b; o) => r32(fp, a) == r32(fp, b);
        BrIfI32Ne(a, b; o) => r32(fp, a) != r32(fp, b);
        BrIfI32LtS(a, b; o) => ri32(fp, a) < ri32(fp, b);
        BrIfI32LtU(a, b; o) => r32(fp, a) < r32(fp, b);
        BrIfI32GtS(a, b; o) => ri32(fp, a) > ri32(fp, b);
        BrIfI32GtU(a, b; o) => r32(fp, a) > r32(fp, b);
        BrIfI32LeS(a, b; o) => ri32(fp, a) <= ri32(fp, b);
        BrIfI32LeU(a, b; o) => r32(fp, a) <= r32(fp, b);
        BrIfI32GeS(a, b; o) => ri32(fp, a) >= ri32(fp, b);
        BrIfI32GeU(a, b; o) => r32(fp, a) >= r32(fp, b);
        BrIfI32EqImm(a, b; o) => r32(fp, a) == b as u32;
        BrIfI32NeImm(a, b; o) => r32(fp, a) != b as u32;
        BrIfI32LtSImm(a, b; o) => ri32(fp, a) < b;
        BrIfI32LtUImm(a, b; o) => r32(fp, a) < b as u32;
        BrIfI32GtSImm(a, b; o) => ri32(fp, a) > b;
        BrIfI32GtUImm(a, b; o) => r32(fp, a) > b as u32;
        BrIfI32LeSImm(a, b; o) => ri32(fp, a) <= b;
        BrIfI32LeUImm(a, b; o) => r32(fp, a) <= b as u32;
        BrIfI32GeSImm(a, b; o) => ri32(fp, a) >= b;
        BrIfI32GeUImm(a, b; o) => r32(fp, a) >= b as u32;
        BrIfI64Eq(a, b; o) => r(fp, a) == r(fp, b);
        BrIfI64Ne(a, b; o) => r(fp, a) != r(fp, b);
        BrIfI64LtS(a, b; o) => ri64(fp, a) < ri64(fp, b);
        BrIfI64LtU(a, b; o) => r(fp, a) < r(fp, b);
        BrIfI64GtS(a, b; o) => ri64(fp, a) > ri64(fp, b);
        BrIfI64GtU(a, b; o) => r(fp, a) > r(fp, b);
        BrIfI64LeS(a, b; o) => ri64(fp, a) <= ri64(fp, b);
        BrIfI64LeU(a, b; o) => r(fp, a) <= r(fp, b);
        BrIfI64GeS(a, b; o) => ri64(fp, a) >= ri64(fp, b);
        BrIfI64GeU(a, b; o) => r(fp, a) >= r(fp, b);
        BrIfI64EqImm(a, b; o) => ri64(fp, a) == i64::from(b);
        BrIfI64NeImm(a, b; o) => ri64(fp, a) != i64::from(b);
        BrIfI64LtSImm(a, b; o) => ri64(fp, a) < i64::from(b);
        BrIfI64LtUImm(a, b; o) => r(fp, a) < i64::from(b) as u64;
        BrIfI64GtSImm(a, b; o) => ri64(fp, a) > i64::from(b);
        BrIfI64GtUImm(a, b; o) => r(fp, a) > i64::from(b) as u64;
        BrIfI64LeSImm(a, b; o) => ri64(fp, a) <= i64::from(b);
        BrIfI64LeUImm(a, b; o) => r(fp, a) <= i64::from(b) as u64;
        BrIfI64GeSImm(a, b; o) => ri64(fp, a) >= i64::from(b);
        BrIfI64GeUImm(a, b; o) => r(fp, a) >= i64::from(b) as u64;
        BrIfI32EqAccL(b; o) => (acc as u32) == r32(fp, b);
        BrIfI32EqImmAcc(b; o) => (acc as u32) == b as u32;
        BrIfI32NeAccL(b; o) => (acc as u32) != r32(fp, b);
        BrIfI32NeImmAcc(b; o) => (acc as u32) != b as u32;
        BrIfI32LtSAccL(b; o) => (acc as u32 as i32) < ri32(fp, b);
        BrIfI32LtSImmAcc(b; o) => (acc as u32 as i32) < b;
        BrIfI32LtUAccL(b; o) => (acc as u32) < r32(fp, b);
        BrIfI32LtUImmAcc(b; o) => (acc as u32) < b as u32;
        BrIfI32GtSAccL(b; o) => (acc as u32 as i32) > ri32(fp, b);
        BrIfI32GtSImmAcc(b; o) => (acc as u32 as i32) > b;
        BrIfI32GtUAccL(b; o) => (acc as u32) > r32(fp, b);
        BrIfI32GtUImmAcc(b; o) => (acc as u32) > b as u32;
        BrIfI32LeSAccL(b; o) => (acc as u32 as i32) <= ri32(fp, b);
        BrIfI32LeSImmAcc(b; o) => (acc as u32 as i32) <= b;
        BrIfI32LeUAccL(b; o) => (acc as u32) <= r32(fp, b);
        BrIfI32LeUImmAcc(b; o) => (acc as u32) <= b as u32;
        BrIfI32GeSAccL(b; o) => (acc as u32 as i32) >= ri32(fp, b);
        BrIfI32GeSImmAcc(b; o) => (acc as u32 as i32) >= b;
        BrIfI32GeUAccL(b; o) => (acc as u32) >= r32(fp, b);
        BrIfI32GeUImmAcc(b; o) => (acc as u32) >= b as u32;
        BrIfI64EqAccL(b; o) => acc == r(fp, b);
        BrIfI64EqImmAcc(b; o) => (acc as i64) == i64::from(b);
        BrIfI64NeAccL(b; o) => acc != r(fp, b);
        BrIfI64NeImmAcc(b; o) => (acc as i64) != i64::from(b);
        BrIfI64LtSAccL(b; o) => (acc as i64) < ri64(fp, b);
        BrIfI64LtSImmAcc(b; o) => (acc as i64) < i64::from(b);
        BrIfI64LtUAccL(b; o) => acc < r(fp, b);
        BrIfI64LtUImmAcc(b; o) => acc < i64::from(b) as u64;
        BrIfI64GtSAccL(b; o) => (acc as i64) > ri64(fp, b);
        BrIfI64GtSImmAcc(b; o) => (acc as i64) > i64::from(b);
        BrIfI64GtUAccL(b; o) => acc > r(fp, b);
        BrIfI64GtUImmAcc(b; o) => acc > i64::from(b) as u64;
        BrIfI64LeSAccL(b; o) => (acc as i64) <= ri64(fp, b);
        BrIfI64LeSImmAcc(b; o) => (acc as i64) <= i64::from(b);
        BrIfI64LeUAccL(b; o) => acc <= r(fp, b);
        BrIfI64LeUImmAcc(b; o) => acc <= i64::from(b) as u64;
        BrIfI64GeSAccL(b; o) => (acc as i64) >= ri64(fp, b);
        BrIfI64GeSImmAcc(b; o) => (acc as i64) >= i64::from(b);
        BrIfI64GeUAccL(b; o) => acc >= r(fp, b);
        BrIfI64GeUImmAcc(b; o) => acc >= i64::from(b) as u64;
        BrIfNezAcc(; o) => (acc as u32) != 0;
        BrIfEqzAcc(; o) => (acc as u32) == 0;
        BrIfNez64Acc(; o) => acc != 0;
        BrIfEqz64Acc(; o) => acc == 0;
        BrIfAddImmEq(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) == r32(fp, b);
        BrIfAddImmEqImm(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) == b as u32;
        BrIfAddImmNe(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) != r32(fp, b);
        BrIfAddImmNeImm(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) != b as u32;
        BrIfAddImmLtS(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) < ri32(fp, b);
        BrIfAddImmLtSImm(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) < b;
        BrIfAddImmLtU(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) < r32(fp, b);
        BrIfAddImmLtUImm(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) < b as u32;
        BrIfAddImmGtS(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) > ri32(fp, b);
        BrIfAddImmGtSImm(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) > b;
        BrIfAddImmGtU(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) > r32(fp, b);
        BrIfAddImmGtUImm(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) > b as u32;
        BrIfAddImmLeS(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) <= ri32(fp, b);
        BrIfAddImmLeSImm(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) <= b;
        BrIfAddImmLeU(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) <= r32(fp, b);
        BrIfAddImmLeUImm(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) <= b as u32;
        BrIfAddImmGeS(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) >= ri32(fp, b);
        BrIfAddImmGeSImm(d, i, b; o) => (bump!(acc, fp, d, i as i32 as u32) as i32) >= b;
        BrIfAddImmGeU(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) >= r32(fp, b);
        BrIfAddImmGeUImm(d, i, b; o) => bump!(acc, fp, d, i as i32 as u32) >= b as u32;
        BrIfAddEq(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) == r32(fp, b);
        BrIfAddEqImm(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) == b as u32;
        BrIfAddNe(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) != r32(fp, b);
        BrIfAddNeImm(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) != b as u32;
        BrIfAddLtS(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) < ri32(fp, b);
        BrIfAddLtSImm(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) < b;
        BrIfAddLtU(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) < r32(fp, b);
        BrIfAddLtUImm(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) < b as u32;
        BrIfAddGtS(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) > ri32(fp, b);
        BrIfAddGtSImm(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) > b;
        BrIfAddGtU(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) > r32(fp, b);
        BrIfAddGtUImm(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) > b as u32;
        BrIfAddLeS(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) <= ri32(fp, b);
        BrIfAddLeSImm(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) <= b;
        BrIfAddLeU(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) <= r32(fp, b);
        BrIfAddLeUImm(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) <= b as u32;
        BrIfAddGeS(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) >= ri32(fp, b);
        BrIfAddGeSImm(d, i, b; o) => (bump!(acc, fp, d, r32(fp, u32::from(i))) as i32) >= b;
        BrIfAddGeU(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) >= r32(fp, b);
        BrIfAddGeUImm(d, i, b; o) => bump!(acc, fp, d, r32(fp, u32::from(i))) >= b as u32;
}
