//! # mica-wasi
//!
//! WASI preview1 (`wasi_snapshot_preview1`) for [mica] hosts.
//!
//! The system-interface logic (file descriptor table, filesystem sandboxing, clocks, random,
//! `poll_oneoff`, sockets) is [`wasi-common`](wasi_common), the implementation maintained in the
//! Wasmtime tree and also reused by other runtimes. This crate only connects it to mica: every
//! preview1 import becomes a [`Linker::func_wrap`](mica::Linker::func_wrap) host function that
//! hands the calling instance's exported `memory` to wasi-common through `wiggle`'s
//! guest-memory abstraction. Filesystem access goes through `cap-std`: a guest only sees the
//! directories it was given ([`WasiCtxBuilder::preopen_dir`]), and `..`, absolute paths and
//! symlinks cannot lead out of them.
//!
//! ```
//! use mica::{Engine, Linker, Module, Store};
//! use mica_wasi::{OutputBuffer, WasiCtx, WasiCtxBuilder};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"
//!     (module
//!       (import "wasi_snapshot_preview1" "fd_write"
//!         (func $fd_write (param i32 i32 i32 i32) (result i32)))
//!       (memory (export "memory") 1)
//!       (data (i32.const 16) "hello\n")
//!       (func (export "_start")
//!         (i32.store (i32.const 0) (i32.const 16))  ;; iov.buf
//!         (i32.store (i32.const 4) (i32.const 6))   ;; iov.buf_len
//!         (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
//! "#)?;
//!
//! let stdout = OutputBuffer::new();
//! let ctx = WasiCtxBuilder::new()
//!     .arg("hello.wasm")
//!     .env("GREETING", "hi")
//!     .stdout(stdout.pipe())
//!     .build()?;
//!
//! let mut linker = Linker::<WasiCtx>::new(&engine);
//! mica_wasi::add_to_linker(&mut linker, |ctx| ctx)?;
//! let mut store = Store::new(&engine, ctx);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
//! match start.call(&mut store, ()) {
//!     Ok(()) => {}
//!     Err(e) => match mica_wasi::exit_code(&e) {
//!         Some(code) => println!("exited with {code}"),
//!         None => return Err(e),
//!     },
//! }
//! assert_eq!(stdout.contents(), b"hello\n");
//! # Ok::<(), mica::Error>(())
//! ```
//!
//! ## Exit status
//! `proc_exit(code)` unwinds out of wasm as an error: a [`mica::Error`] of kind
//! [`ErrorKind::Host`](mica::ErrorKind::Host) holding an [`I32Exit`]. Get the code back with
//! [`exit_code`] (or downcast the host error yourself, see [`I32Exit`]).
//!
//! ## Errors and traps
//! WASI failures (bad fd, missing file, access mode, sandbox escape, ...) are returned to the
//! guest as errno values, never as host errors: `EBADF` for a descriptor that is not open (or
//! not open for that: writing a read-only file), `EPERM` for a path leading out of a preopened
//! directory, and so on, exactly as wasi-common (hence Wasmtime) gives them.
//!
//! What wasi-common and its `wiggle` glue treat as a trap stops the wasm code with an error, as
//! the WASI specification asks for bad pointers:
//! - a guest pointer (or pointer + length) out of bounds of the memory: the
//!   [`TrapCode::MemoryOutOfBounds`](mica::TrapCode::MemoryOutOfBounds) trap;
//! - a misaligned pointer, an argument that is no valid value of its enum or flags type (a
//!   `whence` of 7, unknown `oflags` bits), `proc_raise`, an exit status outside `0..126`, or a
//!   calling module without a `memory` export: a host error
//!   ([`ErrorKind::Host`](mica::ErrorKind::Host)) whose message names the function and the
//!   problem (`wasi_snapshot_preview1::fd_seek: ... Invalid enum value Whence`).
//!
//! No guest input makes the host panic.

#![warn(missing_docs)]

mod builder;
mod preview1;

use std::fmt;

pub use builder::{parse_dir_spec, parse_env_spec, OutputBuffer, WasiCtxBuilder};
pub use preview1::{add_to_linker, MODULE, PREVIEW1_FUNCS};
/// The wasi-common crate itself, for hosts that need more than the re-exports (custom
/// `WasiFile`/`WasiDir` implementations, clocks, schedulers).
pub use wasi_common;
/// In-memory pipes (wasi-common's): [`ReadPipe`] feeds a guest's stdin from bytes, and
/// [`WritePipe`] collects output (see also [`OutputBuffer`]).
pub use wasi_common::pipe::{ReadPipe, WritePipe};
/// The WASI context a store's host data holds: arguments, environment, the file descriptor
/// table (stdio, preopened directories, open files), clocks, random source and scheduler.
///
/// Make one with [`WasiCtxBuilder`]. It is wasi-common's context, re-exported.
pub use wasi_common::WasiCtx;
/// A file-like object in the guest's file descriptor table (wasi-common's trait), e.g. to give
/// a custom stdin/stdout/stderr to [`WasiCtxBuilder::stdin`] and friends.
pub use wasi_common::WasiFile;

/// The error `proc_exit(code)` ends a wasm call with.
///
/// It travels as a host error: the [`mica::Error`] returned by the call that ran the guest has
/// kind [`ErrorKind::Host(e)`](mica::ErrorKind::Host), and `e` downcasts to `I32Exit`.
/// [`exit_code`] does this for you:
///
/// ```
/// use mica_wasi::{exit_code, I32Exit};
///
/// let err = mica::Error::host(I32Exit(3));
/// assert_eq!(exit_code(&err), Some(3));
///
/// // By hand: through `ErrorKind::Host` ...
/// if let mica::ErrorKind::Host(e) = err.kind() {
///     assert_eq!(e.downcast_ref::<I32Exit>().map(|x| x.0), Some(3));
/// }
/// // ... or through `std::error::Error::source`.
/// use std::error::Error as _;
/// let source = err.source().unwrap();
/// assert_eq!(source.downcast_ref::<I32Exit>().map(|x| x.0), Some(3));
/// ```
///
/// An exit status of 0 is a successful end of the program, not a failure: a command runner
/// should treat `I32Exit(0)` like a normal return from `_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct I32Exit(pub i32);

impl fmt::Display for I32Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "wasi: proc_exit({})", self.0)
    }
}

impl std::error::Error for I32Exit {}

/// The exit status if `err` comes from a guest's `proc_exit`, `None` for any other error.
///
/// Looks through the whole [`source`](std::error::Error::source) chain, so an exit that went
/// through host functions calling back into wasm is found too.
pub fn exit_code(err: &mica::Error) -> Option<i32> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(exit) = e.downcast_ref::<I32Exit>() {
            return Some(exit.0);
        }
        cur = e.source();
    }
    None
}
