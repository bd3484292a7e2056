//! The `wasi_snapshot_preview1` imports: one mica host function per preview1 function, each
//! forwarding to wasi-common's wiggle-generated ABI function.

use std::fmt;

use mica::{Caller, Error, Extern, Linker, TrapCode};
use wasi_common::snapshots::preview_1::wasi_snapshot_preview1 as p1;
use wasi_common::WasiCtx;
use wiggle::GuestMemory;

/// The import module name of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Calls `$mac!` with the list of every preview1 function and its core wasm signature (the
/// signature wiggle gives the ABI function wasi-common generates from the witx files).
macro_rules! for_each_preview1_func {
    ($mac:ident) => {
        $mac! {
            args_get(a0: i32, a1: i32) -> i32;
            args_sizes_get(a0: i32, a1: i32) -> i32;
            environ_get(a0: i32, a1: i32) -> i32;
            environ_sizes_get(a0: i32, a1: i32) -> i32;
            clock_res_get(a0: i32, a1: i32) -> i32;
            clock_time_get(a0: i32, a1: i64, a2: i32) -> i32;
            fd_advise(a0: i32, a1: i64, a2: i64, a3: i32) -> i32;
            fd_allocate(a0: i32, a1: i64, a2: i64) -> i32;
            fd_close(a0: i32) -> i32;
            fd_datasync(a0: i32) -> i32;
            fd_fdstat_get(a0: i32, a1: i32) -> i32;
            fd_fdstat_set_flags(a0: i32, a1: i32) -> i32;
            fd_fdstat_set_rights(a0: i32, a1: i64, a2: i64) -> i32;
            fd_filestat_get(a0: i32, a1: i32) -> i32;
            fd_filestat_set_size(a0: i32, a1: i64) -> i32;
            fd_filestat_set_times(a0: i32, a1: i64, a2: i64, a3: i32) -> i32;
            fd_pread(a0: i32, a1: i32, a2: i32, a3: i64, a4: i32) -> i32;
            fd_prestat_get(a0: i32, a1: i32) -> i32;
            fd_prestat_dir_name(a0: i32, a1: i32, a2: i32) -> i32;
            fd_pwrite(a0: i32, a1: i32, a2: i32, a3: i64, a4: i32) -> i32;
            fd_read(a0: i32, a1: i32, a2: i32, a3: i32) -> i32;
            fd_readdir(a0: i32, a1: i32, a2: i32, a3: i64, a4: i32) -> i32;
            fd_renumber(a0: i32, a1: i32) -> i32;
            fd_seek(a0: i32, a1: i64, a2: i32, a3: i32) -> i32;
            fd_sync(a0: i32) -> i32;
            fd_tell(a0: i32, a1: i32) -> i32;
            fd_write(a0: i32, a1: i32, a2: i32, a3: i32) -> i32;
            path_create_directory(a0: i32, a1: i32, a2: i32) -> i32;
            path_filestat_get(a0: i32, a1: i32, a2: i32, a3: i32, a4: i32) -> i32;
            path_filestat_set_times(
                a0: i32, a1: i32, a2: i32, a3: i32, a4: i64, a5: i64, a6: i32
            ) -> i32;
            path_link(a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32, a6: i32) -> i32;
            path_open(
                a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i64, a6: i64, a7: i32, a8: i32
            ) -> i32;
            path_readlink(a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32) -> i32;
            path_remove_directory(a0: i32, a1: i32, a2: i32) -> i32;
            path_rename(a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32) -> i32;
            path_symlink(a0: i32, a1: i32, a2: i32, a3: i32, a4: i32) -> i32;
            path_unlink_file(a0: i32, a1: i32, a2: i32) -> i32;
            poll_oneoff(a0: i32, a1: i32, a2: i32, a3: i32) -> i32;
            proc_exit(a0: i32) -> ();
            proc_raise(a0: i32) -> i32;
            sched_yield() -> i32;
            random_get(a0: i32, a1: i32) -> i32;
            sock_accept(a0: i32, a1: i32, a2: i32) -> i32;
            sock_recv(a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32) -> i32;
            sock_send(a0: i32, a1: i32, a2: i32, a3: i32, a4: i32) -> i32;
            sock_shutdown(a0: i32, a1: i32) -> i32;
        }
    };
}

macro_rules! func_names {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        /// The names of all 46 `wasi_snapshot_preview1` functions [`add_to_linker`] defines.
        pub const PREVIEW1_FUNCS: &[&str] = &[$(stringify!($name)),*];
    };
}
for_each_preview1_func!(func_names);

/// Defines every `wasi_snapshot_preview1` function in `linker`.
///
/// `get_ctx` finds the [`WasiCtx`] in the store's host data (`|t| &mut t.wasi`, or `|t| t` when
/// the host data is the context itself). Guest memory is the calling instance's exported
/// `memory`; a module without one gets an error from any WASI call.
///
/// # Errors
/// If one of the names is already defined in `linker` and shadowing is off.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get_ctx: impl Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
) -> mica::Result<()> {
    macro_rules! define {
        ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
            linker.func_wrap(
                MODULE,
                stringify!($name),
                move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> mica::Result<$ret> {
                    with_ctx_and_memory(&mut caller, get_ctx, stringify!($name), |ctx, memory| {
                        let mut memory = GuestMemory::Unshared(memory);
                        wiggle::run_in_dummy_executor(p1::$name(ctx, &mut memory, $($arg),*))
                    })
                },
            )?;
        )*};
    }
    for_each_preview1_func!(define);
    Ok(())
}

/// Runs a wasi-common call with the host's WASI context and the calling instance's exported
/// `memory`, borrowed together through `Memory::data_and_store_mut`.
fn with_ctx_and_memory<T, R>(
    caller: &mut Caller<'_, T>,
    get_ctx: impl Fn(&mut T) -> &mut WasiCtx,
    func: &'static str,
    f: impl FnOnce(&mut WasiCtx, &mut [u8]) -> wiggle::error::Result<wiggle::error::Result<R>>,
) -> mica::Result<R> {
    let memory = match caller.get_export("memory") {
        Some(Extern::Memory(m)) => m,
        _ => {
            return Err(Error::host(CallError {
                func,
                error: "the calling module has no exported memory named `memory`".into(),
            }))
        }
    };
    let (bytes, data) = memory.data_and_store_mut(&mut *caller);
    match f(get_ctx(data), bytes) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) | Err(e) => Err(convert_error(func, e)),
    }
}

/// Turns what wasi-common reports as a trap into a mica error: `proc_exit` into [`I32Exit`],
/// an out-of-bounds guest pointer into the `MemoryOutOfBounds` trap, anything else into a host
/// error naming the function.
///
/// [`I32Exit`]: crate::I32Exit
fn convert_error(func: &'static str, e: wiggle::error::Error) -> Error {
    if let Some(exit) = e.downcast_ref::<wasi_common::I32Exit>() {
        return Error::host(crate::I32Exit(exit.0));
    }
    if let Some(guest_error) = e.downcast_ref::<wiggle::GuestError>() {
        // Errors of the generated glue are wrapped in `InFunc` (with the function's name and
        // what it was doing).
        let mut innermost = guest_error;
        while let wiggle::GuestError::InFunc { err, .. } = innermost {
            innermost = err;
        }
        if let wiggle::GuestError::PtrOutOfBounds(_) | wiggle::GuestError::PtrOverflow = innermost {
            return Error::from(TrapCode::MemoryOutOfBounds);
        }
    }
    Error::host(CallError {
        func,
        error: e.into_boxed_dyn_error(),
    })
}

/// A WASI function stopped the guest for a reason other than `proc_exit` or a bad pointer.
#[derive(Debug)]
struct CallError {
    func: &'static str,
    error: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{MODULE}::{}: {}", self.func, self.error)
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.error)
    }
}
