//! Every WASI preview1 function family, called from wasm (a module whose exports forward to
//! the imports, see `common::trampoline_wat`) with arguments prepared and results checked by
//! the host, including error cases: bad descriptors, bad pointers, access modes, the sandbox.

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::errno::*;
use common::{i, l, Guest, TempDir};
use mica::{ErrorKind, TrapCode, Val};
use mica_wasi::WasiCtxBuilder;

// Scratch addresses in the trampoline's 4-page memory.
const PATH: u32 = 1024;
const PATH2: u32 = 1536;
const IOV: u32 = 2048;
const OUT: u32 = 4096;
const OUT2: u32 = 4104;
const BUF: u32 = 8192;
const STAT: u32 = 16384;
/// Beyond the end of the 4-page memory.
const BAD_PTR: i32 = 4 * 65536 + 16;

// oflags
const CREAT: i32 = 1;
const DIRECTORY: i32 = 2;
const EXCL: i32 = 4;
const TRUNC: i32 = 8;
// rights (only FD_READ and FD_WRITE matter to wasi-common)
const FD_READ: i64 = 1 << 1;
const FD_WRITE: i64 = 1 << 6;
const RIGHTS_ALL: i64 = (1 << 29) - 1;
// lookupflags
const FOLLOW: i32 = 1;
// filetypes
const FT_DIRECTORY: u8 = 3;
const FT_REGULAR: u8 = 4;
const FT_SYMLINK: u8 = 7;
// preopened directory of the filesystem tests
const DIRFD: i32 = 3;

/// Shorthands for common call sequences.
impl Guest {
    /// `path_open`: Ok(fd) or Err(errno).
    fn open(
        &mut self,
        dirfd: i32,
        lookup: i32,
        path: &str,
        oflags: i32,
        rights: i64,
        fdflags: i32,
    ) -> Result<i32, i32> {
        let g = self;
        let (p, n) = g.put_str(PATH, path);
        let e = g.call(
            "path_open",
            &[
                i(dirfd),
                i(lookup),
                p,
                n,
                i(oflags),
                l(rights),
                l(0),
                i(fdflags),
                i(OUT as i32),
            ],
        );
        if e == SUCCESS {
            Ok(g.u32_at(OUT) as i32)
        } else {
            Err(e)
        }
    }

    /// `fd_write` of `data` in one iovec: (errno, bytes written).
    fn write_fd(&mut self, fd: i32, data: &[u8]) -> (i32, u32) {
        let g = self;
        g.write(BUF, data);
        g.iovec(IOV, BUF, data.len() as u32);
        let e = g.call("fd_write", &[i(fd), i(IOV as i32), i(1), i(OUT as i32)]);
        (e, g.u32_at(OUT))
    }

    /// `fd_read` of up to `len` bytes: (errno, bytes read).
    fn read_fd(&mut self, fd: i32, len: u32) -> (i32, Vec<u8>) {
        let g = self;
        g.iovec(IOV, BUF, len);
        g.set_u32(OUT, 0);
        let e = g.call("fd_read", &[i(fd), i(IOV as i32), i(1), i(OUT as i32)]);
        let n = g.u32_at(OUT) as usize;
        (e, g.read(BUF, n))
    }

    /// A call taking (dirfd, path) plus trailing arguments.
    fn path_call(&mut self, name: &str, dirfd: i32, path: &str, rest: &[Val]) -> i32 {
        let g = self;
        let (p, n) = g.put_str(PATH, path);
        let mut args = vec![i(dirfd), p, n];
        args.extend_from_slice(rest);
        g.call(name, &args)
    }

    /// `path_filestat_get`: Ok((filetype, size, nlink)) or Err(errno).
    fn stat_path(&mut self, lookup: i32, path: &str) -> Result<(u8, u64, u64), i32> {
        let g = self;
        let (p, n) = g.put_str(PATH, path);
        let e = g.call(
            "path_filestat_get",
            &[i(DIRFD), i(lookup), p, n, i(STAT as i32)],
        );
        if e != SUCCESS {
            return Err(e);
        }
        Ok((g.u8_at(STAT + 16), g.u64_at(STAT + 32), g.u64_at(STAT + 24)))
    }
}

fn assert_oob_trap(r: mica::Result<i32>, what: &str) {
    match r {
        Err(e) => assert_eq!(
            e.trap_code(),
            Some(TrapCode::MemoryOutOfBounds),
            "{what}: {e}"
        ),
        Ok(v) => panic!("{what}: returned {v} instead of trapping"),
    }
}

/// An argument that is not a valid value of its enum or flags type: wiggle's glue refuses it
/// with a trap (a host error naming the function and the type), before wasi-common runs.
fn assert_arg_trap(r: mica::Result<i32>, what: &str) {
    match r {
        Err(e) => {
            let msg = e.to_string();
            assert!(matches!(e.kind(), ErrorKind::Host(_)), "{what}: {msg}");
            assert!(
                msg.contains("Invalid enum value") || msg.contains("Invalid flag value"),
                "{what}: {msg}"
            );
        }
        Ok(v) => panic!("{what}: returned {v} instead of trapping"),
    }
}

/// A guest with `dir` preopened as `/sandbox` (fd 3).
fn sandboxed(dir: &TempDir) -> Guest {
    Guest::new(WasiCtxBuilder::new().preopen_dir(dir.path(), "/sandbox"))
}

// ---------------------------------------------------------------------------------------------
// args, environ

#[test]
fn args_and_environ_are_seen_by_the_guest() {
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .args(["prog.wasm", "a b", "\u{fc}"])
            .env("A", "1")
            .env("LONGER", "x=y"),
    );
    assert_eq!(g.call("args_sizes_get", &[i(100), i(104)]), SUCCESS);
    assert_eq!(g.u32_at(100), 3);
    let args_size = g.u32_at(104);
    assert_eq!(args_size as usize, "prog.wasm\0a b\0\u{fc}\0".len());
    assert_eq!(g.call("args_get", &[i(200), i(300)]), SUCCESS);
    let mut seen = Vec::new();
    for k in 0..3 {
        let ptr = g.u32_at(200 + 4 * k);
        let bytes = g.read(ptr, 32);
        let end = bytes.iter().position(|&b| b == 0).unwrap();
        seen.push(String::from_utf8(bytes[..end].to_vec()).unwrap());
    }
    assert_eq!(seen, ["prog.wasm", "a b", "\u{fc}"]);
    assert_eq!(g.u32_at(200), 300, "first string at the start of argv_buf");

    assert_eq!(g.call("environ_sizes_get", &[i(100), i(104)]), SUCCESS);
    assert_eq!(g.u32_at(100), 2);
    assert_eq!(g.u32_at(104) as usize, "A=1\0LONGER=x=y\0".len());
    assert_eq!(g.call("environ_get", &[i(200), i(300)]), SUCCESS);
    assert_eq!(g.read(g.u32_at(200), 4), b"A=1\0");
    assert_eq!(g.read(g.u32_at(204), 11), b"LONGER=x=y\0");
}

#[test]
fn empty_args_and_environ() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    g.set_u64(100, u64::MAX);
    assert_eq!(g.call("args_sizes_get", &[i(100), i(104)]), SUCCESS);
    assert_eq!((g.u32_at(100), g.u32_at(104)), (0, 0));
    assert_eq!(g.call("environ_sizes_get", &[i(100), i(104)]), SUCCESS);
    assert_eq!((g.u32_at(100), g.u32_at(104)), (0, 0));
    assert_eq!(g.call("args_get", &[i(200), i(300)]), SUCCESS);
}

#[test]
fn args_with_bad_pointers_trap() {
    let mut g = Guest::new(WasiCtxBuilder::new().args(["p", "q"]));
    assert_oob_trap(
        g.try_call("args_sizes_get", &[i(BAD_PTR), i(104)]),
        "args_sizes_get",
    );
    assert_oob_trap(
        g.try_call("args_get", &[i(BAD_PTR), i(300)]),
        "args_get argv",
    );
    assert_oob_trap(
        g.try_call("args_get", &[i(200), i(BAD_PTR)]),
        "args_get buf",
    );
    // A buffer that starts in bounds but runs past the end.
    assert_oob_trap(
        g.try_call("args_get", &[i(200), i(4 * 65536 - 2)]),
        "args_get buf straddling the end",
    );
    assert_oob_trap(
        g.try_call("environ_sizes_get", &[i(-4), i(104)]),
        "environ_sizes_get",
    );
    // The store stays usable after a trap.
    assert_eq!(g.call("args_sizes_get", &[i(100), i(104)]), SUCCESS);
    assert_eq!(g.u32_at(100), 2);
}

#[test]
fn misaligned_pointers_are_host_errors() {
    let mut g = Guest::new(WasiCtxBuilder::new().args(["p"]));
    // argv entries are 4-byte pointers: an odd address is misaligned.
    let err = g.try_call("args_get", &[i(201), i(300)]).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err.kind(), ErrorKind::Host(_)), "{msg}");
    assert!(msg.contains("args_get") && msg.contains("aligned"), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// clocks, random, sched

#[test]
fn clock_time_get_is_sane() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    assert_eq!(
        g.call("clock_time_get", &[i(0), l(1), i(OUT as i32)]),
        SUCCESS
    );
    let after = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let t = Duration::from_nanos(g.u64_at(OUT));
    assert!(
        t + Duration::from_millis(50) >= before && t <= after + Duration::from_millis(50),
        "realtime {t:?} not within [{before:?}, {after:?}]"
    );

    assert_eq!(
        g.call("clock_time_get", &[i(1), l(0), i(OUT as i32)]),
        SUCCESS
    );
    let m1 = g.u64_at(OUT);
    std::thread::sleep(Duration::from_millis(5));
    assert_eq!(
        g.call("clock_time_get", &[i(1), l(0), i(OUT as i32)]),
        SUCCESS
    );
    let m2 = g.u64_at(OUT);
    assert!(m2 >= m1 + 5_000_000, "monotonic {m1} then {m2}");

    for clock in [0, 1] {
        assert_eq!(g.call("clock_res_get", &[i(clock), i(OUT as i32)]), SUCCESS);
        let res = g.u64_at(OUT);
        assert!(res > 0 && res <= 1_000_000_000, "resolution {res}");
    }
    // Process and thread CPU-time clocks are not supported by wasi-common; unknown ids are
    // invalid.
    assert_eq!(g.call("clock_res_get", &[i(2), i(OUT as i32)]), BADF);
    assert_eq!(g.call("clock_time_get", &[i(3), l(0), i(OUT as i32)]), BADF);
    assert_arg_trap(
        g.try_call("clock_time_get", &[i(9), l(0), i(OUT as i32)]),
        "clock id 9",
    );
    assert_oob_trap(
        g.try_call("clock_time_get", &[i(0), l(0), i(BAD_PTR)]),
        "clock_time_get",
    );
}

#[test]
fn random_get_fills_bytes() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.call("random_get", &[i(BUF as i32), i(256)]), SUCCESS);
    let a = g.read(BUF, 256);
    assert_eq!(g.call("random_get", &[i(BUF as i32), i(256)]), SUCCESS);
    let b = g.read(BUF, 256);
    assert_ne!(a, b);
    assert!(a.iter().filter(|&&x| x == 0).count() < 32, "{a:?}");
    // Exactly the requested range is written.
    g.write(BUF, &[0; 16]);
    assert_eq!(g.call("random_get", &[i(BUF as i32 + 4), i(8)]), SUCCESS);
    let c = g.read(BUF, 16);
    assert_eq!(&c[..4], &[0; 4]);
    assert_eq!(&c[12..], &[0; 4]);
    assert_eq!(g.call("random_get", &[i(BUF as i32), i(0)]), SUCCESS);
    assert_oob_trap(
        g.try_call("random_get", &[i(4 * 65536 - 4), i(8)]),
        "random_get",
    );
}

#[test]
fn sched_yield_and_proc_raise() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.call("sched_yield", &[]), SUCCESS);
    // wasi-common does not support signals: proc_raise traps.
    let err = g.try_call("proc_raise", &[i(2)]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Host(_)), "{err}");
    assert!(err.to_string().contains("proc_raise"), "{err}");
    assert_eq!(mica_wasi::exit_code(&err), None);
}

// ---------------------------------------------------------------------------------------------
// proc_exit

#[test]
fn proc_exit_code_is_recovered_by_the_host() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    for code in [0, 1, 3, 125] {
        let err = g.try_call("proc_exit", &[i(code)]).unwrap_err();
        assert_eq!(mica_wasi::exit_code(&err), Some(code), "{err}");
        let ErrorKind::Host(e) = err.kind() else {
            panic!("not a host error: {err}");
        };
        assert_eq!(
            e.downcast_ref::<mica_wasi::I32Exit>(),
            Some(&mica_wasi::I32Exit(code))
        );
    }
    // wasi-common accepts statuses 0..126 only; anything else is a plain error.
    let err = g.try_call("proc_exit", &[i(126)]).unwrap_err();
    assert_eq!(mica_wasi::exit_code(&err), None, "{err}");
    assert!(err.to_string().contains("exit status"), "{err}");
    // The context survives the unwinding.
    assert_eq!(g.call("sched_yield", &[]), SUCCESS);
}

#[test]
fn proc_exit_unwinds_through_nested_wasm_frames() {
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (global $after (mut i32) (i32.const 0))
      (func $inner (param i32) (call $exit (local.get 0)) (global.set $after (i32.const 1)))
      (func (export "_start") (call $inner (i32.const 42)) (global.set $after (i32.const 2)))
      (func (export "after") (result i32) (global.get $after)))"#;
    let mut g = Guest::with_module(wat, &mut WasiCtxBuilder::new());
    let start = g
        .instance
        .get_typed_func::<(), ()>(&g.store, "_start")
        .unwrap();
    let err = start.call(&mut g.store, ()).unwrap_err();
    assert_eq!(mica_wasi::exit_code(&err), Some(42), "{err}");
    let after = g
        .instance
        .get_typed_func::<(), i32>(&g.store, "after")
        .unwrap();
    assert_eq!(
        after.call(&mut g.store, ()).unwrap(),
        0,
        "code after proc_exit ran"
    );
}

// ---------------------------------------------------------------------------------------------
// stdio and descriptors

#[test]
fn stdio_goes_to_the_given_pipes() {
    let mut g = Guest::new(WasiCtxBuilder::new().stdin_bytes(b"line one\nline two\n".to_vec()));
    assert_eq!(g.write_fd(1, b"to stdout"), (SUCCESS, 9));
    assert_eq!(g.write_fd(2, b"to stderr"), (SUCCESS, 9));
    // Several iovecs, one of them empty.
    g.write(BUF, b"abcdef");
    g.iovec(IOV, BUF, 2);
    g.iovec(IOV + 8, BUF + 2, 0);
    g.iovec(IOV + 16, BUF + 3, 3);
    assert_eq!(
        g.call("fd_write", &[i(1), i(IOV as i32), i(3), i(OUT as i32)]),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 5);
    assert_eq!(g.stdout.contents(), b"to stdoutabdef");
    assert_eq!(g.stderr.contents(), b"to stderr");

    assert_eq!(g.read_fd(0, 5), (SUCCESS, b"line ".to_vec()));
    // Two iovecs: a pipe fills the first only (a short read, as POSIX allows).
    g.iovec(IOV, BUF, 3);
    g.iovec(IOV + 8, BUF + 100, 4);
    assert_eq!(
        g.call("fd_read", &[i(0), i(IOV as i32), i(2), i(OUT as i32)]),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 3);
    assert_eq!(g.read(BUF, 3), b"one");
    assert_eq!(g.read_fd(0, 100), (SUCCESS, b"\nline two\n".to_vec()));
    assert_eq!(
        g.read_fd(0, 100),
        (SUCCESS, Vec::new()),
        "EOF reads 0 bytes"
    );
}

#[test]
fn bad_descriptors_give_ebadf() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    for fd in [3, 99, -1] {
        assert_eq!(g.write_fd(fd, b"x").0, BADF, "fd_write {fd}");
        assert_eq!(g.read_fd(fd, 1).0, BADF, "fd_read {fd}");
        assert_eq!(g.call("fd_close", &[i(fd)]), BADF, "fd_close {fd}");
        assert_eq!(
            g.call("fd_fdstat_get", &[i(fd), i(STAT as i32)]),
            BADF,
            "fd_fdstat_get {fd}"
        );
        assert_eq!(
            g.call("fd_filestat_get", &[i(fd), i(STAT as i32)]),
            BADF,
            "fd_filestat_get {fd}"
        );
        assert_eq!(
            g.call("fd_seek", &[i(fd), l(0), i(0), i(OUT as i32)]),
            BADF,
            "fd_seek {fd}"
        );
        assert_eq!(
            g.call("fd_tell", &[i(fd), i(OUT as i32)]),
            BADF,
            "fd_tell {fd}"
        );
        assert_eq!(g.call("fd_sync", &[i(fd)]), BADF, "fd_sync {fd}");
        assert_eq!(g.call("fd_datasync", &[i(fd)]), BADF, "fd_datasync {fd}");
        assert_eq!(
            g.call("fd_prestat_get", &[i(fd), i(OUT as i32)]),
            BADF,
            "fd_prestat_get {fd}"
        );
        assert_eq!(
            g.call(
                "fd_readdir",
                &[i(fd), i(BUF as i32), i(256), l(0), i(OUT as i32)]
            ),
            BADF,
            "fd_readdir {fd}"
        );
        assert_eq!(
            g.call("fd_renumber", &[i(fd), i(1)]),
            BADF,
            "fd_renumber {fd}"
        );
        assert_eq!(
            g.call("fd_advise", &[i(fd), l(0), l(0), i(0)]),
            BADF,
            "fd_advise {fd}"
        );
        assert_eq!(
            g.open(fd, 0, "x", CREAT, RIGHTS_ALL, 0),
            Err(BADF),
            "path_open in {fd}"
        );
    }
    // Writing stdin or reading stdout is refused with EBADF too (access mode).
    assert_eq!(g.write_fd(0, b"x").0, BADF);
    assert_eq!(g.read_fd(1, 1).0, BADF);
    // Pipes cannot seek.
    assert_eq!(g.call("fd_seek", &[i(1), l(0), i(0), i(OUT as i32)]), BADF);
}

#[test]
fn fd_write_with_bad_pointers_traps() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    // The iovec array out of bounds.
    assert_oob_trap(
        g.try_call("fd_write", &[i(1), i(BAD_PTR), i(1), i(OUT as i32)]),
        "iovs",
    );
    // An iovec whose buffer is out of bounds.
    g.iovec(IOV, 4 * 65536 - 3, 10);
    assert_oob_trap(
        g.try_call("fd_write", &[i(1), i(IOV as i32), i(1), i(OUT as i32)]),
        "iovec buffer",
    );
    // A huge iovec count.
    assert_oob_trap(
        g.try_call(
            "fd_write",
            &[i(1), i(IOV as i32), i(0x1000_0000), i(OUT as i32)],
        ),
        "iovec count",
    );
    // The result pointer out of bounds.
    g.iovec(IOV, BUF, 1);
    assert_oob_trap(
        g.try_call("fd_write", &[i(1), i(IOV as i32), i(1), i(BAD_PTR)]),
        "nwritten",
    );
    g.iovec(IOV, 4 * 65536 - 3, 10);
    assert_oob_trap(
        g.try_call("fd_read", &[i(0), i(IOV as i32), i(1), i(OUT as i32)]),
        "fd_read buffer",
    );
}

#[test]
fn a_module_without_memory_gets_an_error() {
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
      (func (export "f") (result i32) (call $y)))"#;
    let engine = mica::Engine::default();
    let module = mica::Module::new(&engine, wat).unwrap();
    let mut linker = mica::Linker::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |c: &mut mica_wasi::WasiCtx| c).unwrap();
    let mut store = mica::Store::new(&engine, WasiCtxBuilder::new().build().unwrap());
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let f = inst.get_typed_func::<(), i32>(&store, "f").unwrap();
    let err = f.call(&mut store, ()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("memory") && msg.contains("sched_yield"),
        "{msg}"
    );

    // Called straight from the host there is no calling instance at all.
    let Some(mica::Extern::Func(y)) = linker.get(&mut store, mica_wasi::MODULE, "sched_yield")
    else {
        panic!("sched_yield not defined");
    };
    let err = y
        .typed::<(), i32>(&store)
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert!(err.to_string().contains("memory"), "{err}");
}

#[test]
fn fdstat_of_stdio() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    for fd in 0..3 {
        g.write(STAT, &[0xAA; 24]);
        assert_eq!(g.call("fd_fdstat_get", &[i(fd), i(STAT as i32)]), SUCCESS);
        // A pipe is reported as an unknown file type by wasi-common, output pipes in
        // append mode.
        assert_eq!(g.u8_at(STAT), 0, "filetype of {fd}");
        assert_eq!(
            g.u16_at(STAT + 2),
            if fd == 0 { 0 } else { 1 },
            "flags of {fd}"
        );
    }
    assert_oob_trap(
        g.try_call("fd_fdstat_get", &[i(1), i(BAD_PTR)]),
        "fd_fdstat_get",
    );
}

// ---------------------------------------------------------------------------------------------
// preopens

#[test]
fn prestat_names_the_preopened_directories() {
    let a = TempDir::new("prestat-a");
    let b = TempDir::new("prestat-b");
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .preopen_dir(a.path(), "/sandbox")
            .preopen_dir(b.path(), "."),
    );
    assert_eq!(g.call("fd_prestat_get", &[i(3), i(OUT as i32)]), SUCCESS);
    assert_eq!(g.u8_at(OUT), 0, "tag: dir");
    assert_eq!(g.u32_at(OUT + 4), 8);
    assert_eq!(
        g.call("fd_prestat_dir_name", &[i(3), i(BUF as i32), i(8)]),
        SUCCESS
    );
    assert_eq!(g.read(BUF, 8), b"/sandbox");
    assert_eq!(g.call("fd_prestat_get", &[i(4), i(OUT as i32)]), SUCCESS);
    assert_eq!(g.u32_at(OUT + 4), 1);
    assert_eq!(
        g.call("fd_prestat_dir_name", &[i(4), i(BUF as i32), i(1)]),
        SUCCESS
    );
    assert_eq!(g.read(BUF, 1), b".");
    // The end of the preopens, as wasi-libc finds it.
    assert_eq!(g.call("fd_prestat_get", &[i(5), i(OUT as i32)]), BADF);
    // Too small a buffer.
    assert_eq!(
        g.call("fd_prestat_dir_name", &[i(3), i(BUF as i32), i(7)]),
        37 // ENAMETOOLONG
    );
    // Stdio are not preopens.
    assert_eq!(g.call("fd_prestat_get", &[i(1), i(OUT as i32)]), BADF);
    assert_eq!(
        g.call("fd_prestat_dir_name", &[i(1), i(BUF as i32), i(8)]),
        NOTDIR
    );
    assert_oob_trap(
        g.try_call("fd_prestat_dir_name", &[i(3), i(BAD_PTR), i(8)]),
        "fd_prestat_dir_name",
    );
    // fdstat of a directory.
    assert_eq!(g.call("fd_fdstat_get", &[i(3), i(STAT as i32)]), SUCCESS);
    assert_eq!(g.u8_at(STAT), FT_DIRECTORY);
}

// ---------------------------------------------------------------------------------------------
// files

#[test]
fn files_in_a_preopened_directory() {
    let dir = TempDir::new("files");
    let mut g = sandboxed(&dir);
    let host = |p: &str| dir.path().join(p);

    let fd = g.open(DIRFD, 0, "a.txt", CREAT, RIGHTS_ALL, 0).unwrap();
    assert!(fd > DIRFD);
    assert_eq!(g.write_fd(fd, b"hello world"), (SUCCESS, 11));
    assert_eq!(std::fs::read(host("a.txt")).unwrap(), b"hello world");

    // tell / seek / read
    assert_eq!(g.call("fd_tell", &[i(fd), i(OUT as i32)]), SUCCESS);
    assert_eq!(g.u64_at(OUT), 11);
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(0), i(0), i(OUT as i32)]),
        SUCCESS
    );
    assert_eq!(g.u64_at(OUT), 0);
    assert_eq!(g.read_fd(fd, 5), (SUCCESS, b"hello".to_vec()));
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(-3), i(2), i(OUT as i32)]),
        SUCCESS,
        "SEEK_END"
    );
    assert_eq!(g.u64_at(OUT), 8);
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(-3), i(1), i(OUT as i32)]),
        SUCCESS,
        "SEEK_CUR"
    );
    assert_eq!(g.u64_at(OUT), 5);
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(-1), i(0), i(OUT as i32)]),
        INVAL,
        "negative SEEK_SET"
    );
    assert_arg_trap(
        g.try_call("fd_seek", &[i(fd), l(0), i(7), i(OUT as i32)]),
        "bad whence",
    );

    // pread / pwrite leave the position alone
    g.iovec(IOV, BUF, 5);
    assert_eq!(
        g.call(
            "fd_pread",
            &[i(fd), i(IOV as i32), i(1), l(6), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 5);
    assert_eq!(g.read(BUF, 5), b"world");
    g.write(BUF, b"WORLD");
    assert_eq!(
        g.call(
            "fd_pwrite",
            &[i(fd), i(IOV as i32), i(1), l(6), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 5);
    assert_eq!(std::fs::read(host("a.txt")).unwrap(), b"hello WORLD");
    assert_eq!(g.call("fd_tell", &[i(fd), i(OUT as i32)]), SUCCESS);
    assert_eq!(g.u64_at(OUT), 5);

    // Gather and scatter with several iovecs on a real file.
    g.write(BUF, b"HEL");
    g.write(BUF + 100, b"LO");
    g.iovec(IOV, BUF, 3);
    g.iovec(IOV + 8, BUF + 50, 0);
    g.iovec(IOV + 16, BUF + 100, 2);
    assert_eq!(
        g.call(
            "fd_pwrite",
            &[i(fd), i(IOV as i32), i(3), l(0), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 5);
    g.iovec(IOV, BUF + 200, 4);
    g.iovec(IOV + 8, BUF + 300, 20);
    assert_eq!(
        g.call(
            "fd_pread",
            &[i(fd), i(IOV as i32), i(2), l(0), i(OUT as i32)]
        ),
        SUCCESS
    );
    // wasi-common reads into the first non-empty iovec only (a short read).
    assert_eq!(g.u32_at(OUT), 4);
    assert_eq!(g.read(BUF + 200, 4), b"HELL");
    g.iovec(IOV, BUF + 200, 0);
    assert_eq!(
        g.call(
            "fd_pread",
            &[i(fd), i(IOV as i32), i(2), l(4), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 7);
    assert_eq!(g.read(BUF + 300, 7), b"O WORLD");
    assert_eq!(
        g.call(
            "fd_pread",
            &[i(fd), i(IOV as i32), i(2), l(100), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 0, "pread past the end");
    g.write(BUF, b"hello");
    g.iovec(IOV, BUF, 5);
    assert_eq!(
        g.call(
            "fd_pwrite",
            &[i(fd), i(IOV as i32), i(1), l(0), i(OUT as i32)]
        ),
        SUCCESS
    );

    // filestat / set size / set times
    assert_eq!(g.call("fd_filestat_get", &[i(fd), i(STAT as i32)]), SUCCESS);
    assert_eq!(g.u8_at(STAT + 16), FT_REGULAR);
    assert_eq!(g.u64_at(STAT + 32), 11);
    assert_eq!(g.u64_at(STAT + 24), 1, "nlink");
    assert_eq!(g.call("fd_filestat_set_size", &[i(fd), l(5)]), SUCCESS);
    assert_eq!(std::fs::read(host("a.txt")).unwrap(), b"hello");
    let mtime_ns: i64 = 1_000_000_000 * 1_500_000_000 + 123_000;
    // fstflags: ATIM = 1, MTIM = 4
    assert_eq!(
        g.call(
            "fd_filestat_set_times",
            &[i(fd), l(mtime_ns - 5_000_000_000), l(mtime_ns), i(1 | 4)]
        ),
        SUCCESS
    );
    let meta = std::fs::metadata(host("a.txt")).unwrap();
    let mtime = meta.modified().unwrap().duration_since(UNIX_EPOCH).unwrap();
    assert_eq!(mtime.as_nanos() as i64, mtime_ns);
    // ATIM together with ATIM_NOW is invalid.
    assert_eq!(
        g.call("fd_filestat_set_times", &[i(fd), l(0), l(0), i(1 | 2)]),
        INVAL
    );

    // fdstat and flags: switching to append mode makes writes go to the end.
    assert_eq!(g.call("fd_fdstat_get", &[i(fd), i(STAT as i32)]), SUCCESS);
    assert_eq!(g.u8_at(STAT), FT_REGULAR);
    assert_eq!(g.u16_at(STAT + 2), 0);
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(0), i(0), i(OUT as i32)]),
        SUCCESS
    );
    assert_eq!(g.call("fd_fdstat_set_flags", &[i(fd), i(1)]), SUCCESS);
    assert_eq!(g.call("fd_fdstat_get", &[i(fd), i(STAT as i32)]), SUCCESS);
    assert_eq!(g.u16_at(STAT + 2), 1, "APPEND is set");
    assert_eq!(g.write_fd(fd, b"!"), (SUCCESS, 1));
    assert_eq!(std::fs::read(host("a.txt")).unwrap(), b"hello!");
    assert_arg_trap(
        g.try_call("fd_fdstat_set_flags", &[i(fd), i(0x100)]),
        "unknown flag",
    );
    // Rights can no longer be changed (wasi-common dropped rights).
    assert_eq!(
        g.call("fd_fdstat_set_rights", &[i(fd), l(FD_READ), l(0)]),
        NOTSUP
    );

    // sync, advise, allocate
    assert_eq!(g.call("fd_sync", &[i(fd)]), SUCCESS);
    assert_eq!(g.call("fd_datasync", &[i(fd)]), SUCCESS);
    for advice in 0..6 {
        assert_eq!(
            g.call("fd_advise", &[i(fd), l(0), l(6), i(advice)]),
            SUCCESS,
            "advice {advice}"
        );
    }
    assert_arg_trap(
        g.try_call("fd_advise", &[i(fd), l(0), l(6), i(6)]),
        "bad advice",
    );
    assert_eq!(g.call("fd_allocate", &[i(fd), l(0), l(100)]), NOTSUP);
    assert_eq!(g.call("fd_allocate", &[i(99), l(0), l(100)]), BADF);

    // renumber onto an open descriptor replaces it
    let fd2 = g.open(DIRFD, 0, "b.txt", CREAT, RIGHTS_ALL, 0).unwrap();
    assert_eq!(g.call("fd_renumber", &[i(fd), i(fd2)]), SUCCESS);
    assert_eq!(g.write_fd(fd, b"x").0, BADF, "old number is closed");
    assert_eq!(g.write_fd(fd2, b"?").0, SUCCESS);
    assert_eq!(std::fs::read(host("a.txt")).unwrap(), b"hello!?");
    assert_eq!(std::fs::read(host("b.txt")).unwrap(), b"");
    assert_eq!(
        g.call("fd_renumber", &[i(fd2), i(77)]),
        BADF,
        "to a closed fd"
    );

    // close
    assert_eq!(g.call("fd_close", &[i(fd2)]), SUCCESS);
    assert_eq!(g.call("fd_close", &[i(fd2)]), BADF);

    // open flags
    assert_eq!(g.open(DIRFD, 0, "missing", 0, RIGHTS_ALL, 0), Err(NOENT));
    assert_eq!(
        g.open(DIRFD, 0, "a.txt", CREAT | EXCL, RIGHTS_ALL, 0),
        Err(EXIST)
    );
    assert_eq!(
        g.open(DIRFD, 0, "a.txt", DIRECTORY, RIGHTS_ALL, 0),
        Err(NOTDIR)
    );
    let t = g.open(DIRFD, 0, "a.txt", TRUNC, RIGHTS_ALL, 0).unwrap();
    assert_eq!(std::fs::read(host("a.txt")).unwrap(), b"");
    // O_APPEND through path_open's fdflags
    assert_eq!(g.write_fd(t, b"12345").0, SUCCESS);
    let ap = g.open(DIRFD, 0, "a.txt", 0, RIGHTS_ALL, 1).unwrap();
    assert_eq!(g.write_fd(ap, b"6").0, SUCCESS);
    assert_eq!(std::fs::read(host("a.txt")).unwrap(), b"123456");
    // A file is not a directory to open things in.
    assert_eq!(g.open(t, 0, "x", CREAT, RIGHTS_ALL, 0), Err(NOTDIR));
    // Invalid UTF-8 in a path.
    g.write(PATH, b"\xff\xfe");
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIRFD),
                i(0),
                i(PATH as i32),
                i(2),
                i(0),
                l(RIGHTS_ALL),
                l(0),
                i(0),
                i(OUT as i32)
            ]
        ),
        ILSEQ
    );
    // Unknown oflags bits.
    let (p, n) = g.put_str(PATH, "a.txt");
    assert_arg_trap(
        g.try_call(
            "path_open",
            &[
                i(DIRFD),
                i(0),
                p,
                n,
                i(0x40),
                l(RIGHTS_ALL),
                l(0),
                i(0),
                i(OUT as i32),
            ],
        ),
        "unknown oflags",
    );
    // Path pointer out of bounds.
    assert_oob_trap(
        g.try_call(
            "path_open",
            &[
                i(DIRFD),
                i(0),
                i(BAD_PTR),
                i(5),
                i(0),
                l(RIGHTS_ALL),
                l(0),
                i(0),
                i(OUT as i32),
            ],
        ),
        "path_open path",
    );
}

#[test]
fn access_modes_are_enforced() {
    let dir = TempDir::new("perm");
    std::fs::write(dir.path().join("r.txt"), b"data").unwrap();
    let mut g = sandboxed(&dir);
    let ro = g.open(DIRFD, 0, "r.txt", 0, FD_READ, 0).unwrap();
    assert_eq!(g.read_fd(ro, 10), (SUCCESS, b"data".to_vec()));
    assert_eq!(g.write_fd(ro, b"x").0, BADF, "write to a read-only fd");
    g.iovec(IOV, BUF, 1);
    assert_eq!(
        g.call(
            "fd_pwrite",
            &[i(ro), i(IOV as i32), i(1), l(0), i(OUT as i32)]
        ),
        BADF
    );
    let wo = g.open(DIRFD, 0, "r.txt", 0, FD_WRITE, 0).unwrap();
    assert_eq!(g.read_fd(wo, 10).0, BADF, "read from a write-only fd");
    assert_eq!(
        g.call(
            "fd_pread",
            &[i(wo), i(IOV as i32), i(1), l(0), i(OUT as i32)]
        ),
        BADF
    );
    assert_eq!(g.write_fd(wo, b"DA").0, SUCCESS);
    assert_eq!(std::fs::read(dir.path().join("r.txt")).unwrap(), b"DAta");
    // Directories are not files.
    assert_eq!(g.write_fd(DIRFD, b"x").0, BADF);
    assert_eq!(g.read_fd(DIRFD, 1).0, BADF);
    // A directory opened for writing.
    assert_eq!(
        g.open(DIRFD, 0, ".", DIRECTORY, FD_WRITE, 0),
        Err(ISDIR),
        "a directory opened for writing"
    );
    let d = g.open(DIRFD, 0, ".", DIRECTORY, FD_READ, 0).unwrap();
    assert_eq!(g.write_fd(d, b"x").0, BADF);
}

#[test]
fn directories_links_and_renames() {
    let dir = TempDir::new("dirs");
    let mut g = sandboxed(&dir);
    let host = |p: &str| dir.path().join(p);

    assert_eq!(
        g.path_call("path_create_directory", DIRFD, "sub", &[]),
        SUCCESS
    );
    assert!(host("sub").is_dir());
    assert_eq!(
        g.path_call("path_create_directory", DIRFD, "sub", &[]),
        EXIST
    );
    assert_eq!(
        g.path_call("path_create_directory", DIRFD, "no/such/parent", &[]),
        NOENT
    );
    let f = g.open(DIRFD, 0, "sub/b.txt", CREAT, RIGHTS_ALL, 0).unwrap();
    assert_eq!(g.write_fd(f, b"bee").0, SUCCESS);
    assert_eq!(g.call("fd_close", &[i(f)]), SUCCESS);
    std::fs::write(host("top.txt"), b"top").unwrap();

    // A subdirectory handle works as a base directory.
    let sub = g.open(DIRFD, 0, "sub", DIRECTORY, FD_READ, 0).unwrap();
    let bf = g.open(sub, 0, "b.txt", 0, RIGHTS_ALL, 0).unwrap();
    assert_eq!(g.read_fd(bf, 10), (SUCCESS, b"bee".to_vec()));

    // path_filestat_get
    assert_eq!(
        g.stat_path(0, "sub"),
        Ok((
            FT_DIRECTORY,
            g.stat_path(0, "sub").unwrap().1,
            g.stat_path(0, "sub").unwrap().2
        ))
    );
    assert_eq!(
        g.stat_path(0, "sub/b.txt").map(|s| (s.0, s.1)),
        Ok((FT_REGULAR, 3))
    );
    assert_eq!(g.stat_path(0, "nope"), Err(NOENT));

    // path_filestat_set_times
    let t: i64 = 1_600_000_000 * 1_000_000_000;
    let (p, n) = g.put_str(PATH, "top.txt");
    assert_eq!(
        g.call(
            "path_filestat_set_times",
            &[i(DIRFD), i(0), p, n, l(t), l(t + 7), i(1 | 4)]
        ),
        SUCCESS
    );
    let m = std::fs::metadata(host("top.txt")).unwrap();
    assert_eq!(
        m.modified()
            .unwrap()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i64,
        t + 7
    );
    // MTIM_NOW
    let (p, n) = g.put_str(PATH, "top.txt");
    assert_eq!(
        g.call(
            "path_filestat_set_times",
            &[i(DIRFD), i(0), p, n, l(0), l(0), i(8)]
        ),
        SUCCESS
    );
    let m = std::fs::metadata(host("top.txt")).unwrap();
    let age = SystemTime::now()
        .duration_since(m.modified().unwrap())
        .unwrap_or_default();
    assert!(age < Duration::from_secs(60), "MTIM_NOW set {age:?} ago");

    // path_rename
    let (p1, n1) = g.put_str(PATH, "top.txt");
    let (p2, n2) = g.put_str(PATH2, "sub/moved.txt");
    assert_eq!(
        g.call("path_rename", &[i(DIRFD), p1, n1, i(DIRFD), p2, n2]),
        SUCCESS
    );
    assert!(!host("top.txt").exists());
    assert_eq!(std::fs::read(host("sub/moved.txt")).unwrap(), b"top");
    let (p1, n1) = g.put_str(PATH, "top.txt");
    assert_eq!(
        g.call("path_rename", &[i(DIRFD), p1, n1, i(DIRFD), p2, n2]),
        NOENT
    );

    // path_link (hard link)
    let (p1, n1) = g.put_str(PATH, "sub/moved.txt");
    let (p2, n2) = g.put_str(PATH2, "hard.txt");
    assert_eq!(
        g.call("path_link", &[i(DIRFD), i(0), p1, n1, i(DIRFD), p2, n2]),
        SUCCESS
    );
    assert_eq!(std::fs::read(host("hard.txt")).unwrap(), b"top");
    assert_eq!(g.stat_path(0, "hard.txt").unwrap().2, 2, "nlink");
    let (p1, n1) = g.put_str(PATH, "sub/moved.txt");
    assert_eq!(
        g.call("path_link", &[i(DIRFD), i(0), p1, n1, i(DIRFD), p2, n2]),
        EXIST
    );

    // path_symlink / path_readlink
    let (p1, n1) = g.put_str(PATH, "sub/b.txt");
    let (p2, n2) = g.put_str(PATH2, "lnk");
    assert_eq!(g.call("path_symlink", &[p1, n1, i(DIRFD), p2, n2]), SUCCESS);
    assert_eq!(
        std::fs::read_link(host("lnk")).unwrap(),
        std::path::Path::new("sub/b.txt")
    );
    let (p, n) = g.put_str(PATH, "lnk");
    assert_eq!(
        g.call(
            "path_readlink",
            &[i(DIRFD), p, n, i(BUF as i32), i(64), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.read(BUF, g.u32_at(OUT) as usize), b"sub/b.txt");
    // Truncated like readlink(2).
    assert_eq!(
        g.call(
            "path_readlink",
            &[i(DIRFD), p, n, i(BUF as i32), i(3), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 3);
    let (p, n) = g.put_str(PATH, "hard.txt");
    assert_eq!(
        g.call(
            "path_readlink",
            &[i(DIRFD), p, n, i(BUF as i32), i(64), i(OUT as i32)]
        ),
        INVAL,
        "not a symlink"
    );
    assert_eq!(g.stat_path(0, "lnk").unwrap().0, FT_SYMLINK);
    assert_eq!(
        g.stat_path(FOLLOW, "lnk").map(|s| (s.0, s.1)),
        Ok((FT_REGULAR, 3))
    );
    let lf = g.open(DIRFD, FOLLOW, "lnk", 0, RIGHTS_ALL, 0).unwrap();
    assert_eq!(g.read_fd(lf, 10), (SUCCESS, b"bee".to_vec()));
    assert_eq!(
        g.open(DIRFD, 0, "lnk", 0, RIGHTS_ALL, 0),
        Err(LOOP),
        "opening a symlink without SYMLINK_FOLLOW"
    );

    // fd_readdir
    let names = readdir_names(&mut g, DIRFD);
    for expected in [".", "..", "sub", "hard.txt", "lnk"] {
        assert!(
            names.iter().any(|(n, _)| n == expected),
            "{expected} not in {names:?}"
        );
    }
    assert_eq!(names.len(), 5, "{names:?}");
    let ty = |name: &str| names.iter().find(|(n, _)| n == name).unwrap().1;
    assert_eq!(ty("sub"), FT_DIRECTORY);
    assert_eq!(ty("hard.txt"), FT_REGULAR);
    assert_eq!(ty("lnk"), FT_SYMLINK);
    let sub_names = readdir_names(&mut g, sub);
    let mut plain: Vec<_> = sub_names
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.starts_with('.'))
        .collect();
    plain.sort();
    assert_eq!(plain, ["b.txt", "moved.txt"]);
    // A buffer too small for even one entry is filled completely ("more to read").
    assert_eq!(
        g.call(
            "fd_readdir",
            &[i(DIRFD), i(BUF as i32), i(10), l(0), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 10);
    // A file is not a directory handle (wasi-common: EBADF).
    assert_eq!(
        g.call(
            "fd_readdir",
            &[i(lf), i(BUF as i32), i(256), l(0), i(OUT as i32)]
        ),
        BADF
    );

    // path_unlink_file
    assert_eq!(
        g.path_call("path_unlink_file", DIRFD, "hard.txt", &[]),
        SUCCESS
    );
    assert!(!host("hard.txt").exists());
    assert_eq!(
        g.path_call("path_unlink_file", DIRFD, "hard.txt", &[]),
        NOENT
    );
    assert_eq!(g.path_call("path_unlink_file", DIRFD, "sub", &[]), ISDIR);
    assert_eq!(g.path_call("path_unlink_file", DIRFD, "lnk", &[]), SUCCESS);
    assert!(
        host("sub/b.txt").exists(),
        "unlinking a symlink keeps its target"
    );

    // path_remove_directory
    assert_eq!(
        g.path_call("path_remove_directory", DIRFD, "sub", &[]),
        NOTEMPTY
    );
    assert_eq!(
        g.path_call("path_remove_directory", DIRFD, "sub/b.txt", &[]),
        NOTDIR
    );
    assert_eq!(
        g.path_call("path_unlink_file", DIRFD, "sub/b.txt", &[]),
        SUCCESS
    );
    assert_eq!(
        g.path_call("path_unlink_file", DIRFD, "sub/moved.txt", &[]),
        SUCCESS
    );
    assert_eq!(
        g.path_call("path_remove_directory", DIRFD, "sub", &[]),
        SUCCESS
    );
    assert!(!host("sub").exists());
    assert_eq!(
        g.path_call("path_remove_directory", DIRFD, "sub", &[]),
        NOENT
    );
}

/// All entries of a directory through `fd_readdir`, read in small chunks with cookies.
fn readdir_names(g: &mut Guest, fd: i32) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    let mut cookie = 0u64;
    loop {
        let len = 256u32;
        assert_eq!(
            g.call(
                "fd_readdir",
                &[
                    i(fd),
                    i(BUF as i32),
                    i(len as i32),
                    l(cookie as i64),
                    i(OUT as i32)
                ]
            ),
            SUCCESS
        );
        let used = g.u32_at(OUT);
        let mut pos = 0u32;
        let mut progressed = false;
        while pos + 24 <= used {
            let next = g.u64_at(BUF + pos);
            let namlen = g.u32_at(BUF + pos + 16);
            let ty = g.u8_at(BUF + pos + 20);
            if pos + 24 + namlen > used {
                break;
            }
            let name = String::from_utf8(g.read(BUF + pos + 24, namlen as usize)).unwrap();
            out.push((name, ty));
            cookie = next;
            progressed = true;
            pos += 24 + namlen;
        }
        if used < len {
            return out;
        }
        assert!(progressed, "a 256-byte buffer holds at least one entry");
    }
}

// ---------------------------------------------------------------------------------------------
// sandbox

/// How wasi-common (cap-std) refuses a path leading out of the sandbox: EPERM.
fn is_refused(e: i32) -> bool {
    e == PERM
}

#[test]
fn sandbox_escapes_are_refused() {
    let outer = TempDir::new("sandbox");
    let inside = outer.path().join("inside");
    std::fs::create_dir(&inside).unwrap();
    std::fs::create_dir(inside.join("sub")).unwrap();
    let secret = outer.path().join("secret.txt");
    std::fs::write(&secret, b"secret").unwrap();
    // Host-made symlinks inside the sandbox pointing out of it.
    std::os::unix::fs::symlink(&secret, inside.join("abs-link")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", inside.join("rel-link")).unwrap();
    std::os::unix::fs::symlink("..", inside.join("up-link")).unwrap();
    std::os::unix::fs::symlink(outer.path(), inside.join("dir-link")).unwrap();

    let mut g = Guest::new(WasiCtxBuilder::new().preopen_dir(&inside, "/sandbox"));
    let secret_str = secret.to_str().unwrap();
    let attempts = [
        "../secret.txt",
        "sub/../../secret.txt",
        "./../secret.txt",
        secret_str,
        "/etc/passwd",
        "abs-link",
        "rel-link",
        "up-link/secret.txt",
        "dir-link/secret.txt",
        "..",
        "sub/../..",
    ];
    for path in attempts {
        for lookup in [0, FOLLOW] {
            let r = g.open(DIRFD, lookup, path, 0, RIGHTS_ALL, 0);
            let Err(e) = r else {
                let fd = r.unwrap();
                let (_, data) = g.read_fd(fd, 16);
                panic!("opened {path:?} (lookup {lookup}) and read {data:?}");
            };
            assert!(
                is_refused(e) || (lookup == 0 && e == LOOP),
                "open {path:?} (lookup {lookup}): errno {e}"
            );
        }
        let r = g.stat_path(FOLLOW, path);
        assert!(matches!(r, Err(e) if is_refused(e)), "stat {path:?}: {r:?}");
    }
    // Creating things outside.
    for path in [
        "../evil",
        "sub/../../evil",
        "/tmp/mica-wasi-evil",
        "dir-link/evil",
    ] {
        let e = g.path_call("path_create_directory", DIRFD, path, &[]);
        assert!(is_refused(e), "mkdir {path:?}: errno {e}");
        assert_eq!(
            g.open(DIRFD, FOLLOW, path, CREAT, RIGHTS_ALL, 0)
                .err()
                .map(is_refused),
            Some(true),
            "create {path:?}"
        );
    }
    assert!(!outer.path().join("evil").exists());
    assert!(!std::path::Path::new("/tmp/mica-wasi-evil").exists());
    // Removing, renaming and linking outside.
    let e = g.path_call("path_unlink_file", DIRFD, "../secret.txt", &[]);
    assert!(is_refused(e), "unlink: errno {e}");
    let e = g.path_call("path_remove_directory", DIRFD, "../inside", &[]);
    assert!(is_refused(e), "rmdir: errno {e}");
    std::fs::write(inside.join("mine.txt"), b"mine").unwrap();
    let (p1, n1) = g.put_str(PATH, "mine.txt");
    let (p2, n2) = g.put_str(PATH2, "../stolen.txt");
    let e = g.call("path_rename", &[i(DIRFD), p1, n1, i(DIRFD), p2, n2]);
    assert!(is_refused(e), "rename out: errno {e}");
    let e = g.call("path_link", &[i(DIRFD), i(0), p1, n1, i(DIRFD), p2, n2]);
    assert!(is_refused(e), "link out: errno {e}");
    let (p1, n1) = g.put_str(PATH, "../secret.txt");
    let (p2, n2) = g.put_str(PATH2, "got.txt");
    let e = g.call("path_link", &[i(DIRFD), i(0), p1, n1, i(DIRFD), p2, n2]);
    assert!(is_refused(e), "link in: errno {e}");
    let e = g.call("path_rename", &[i(DIRFD), p1, n1, i(DIRFD), p2, n2]);
    assert!(is_refused(e), "rename in: errno {e}");
    assert!(!outer.path().join("stolen.txt").exists());
    assert!(!inside.join("got.txt").exists());
    assert_eq!(std::fs::read(&secret).unwrap(), b"secret");
    // The guest cannot make an absolute symlink; a relative one pointing out may be made,
    // but following it does not leave the sandbox.
    let (p1, n1) = g.put_str(PATH, secret_str);
    let (p2, n2) = g.put_str(PATH2, "guest-link");
    assert_eq!(g.call("path_symlink", &[p1, n1, i(DIRFD), p2, n2]), PERM);
    let (p1, n1) = g.put_str(PATH, "../secret.txt");
    let e = g.call("path_symlink", &[p1, n1, i(DIRFD), p2, n2]);
    if e == SUCCESS {
        let r = g.open(DIRFD, FOLLOW, "guest-link", 0, RIGHTS_ALL, 0);
        assert!(
            matches!(r, Err(e) if is_refused(e)),
            "follow guest-link: {r:?}"
        );
        let r = g.stat_path(FOLLOW, "guest-link");
        assert!(
            matches!(r, Err(e) if is_refused(e)),
            "stat guest-link: {r:?}"
        );
    } else {
        assert!(is_refused(e), "symlink: errno {e}");
    }
    // readlink shows the host-made link's text but gives no access.
    let (p, n) = g.put_str(PATH, "rel-link");
    assert_eq!(
        g.call(
            "path_readlink",
            &[i(DIRFD), p, n, i(BUF as i32), i(64), i(OUT as i32)]
        ),
        SUCCESS
    );
    // The sandbox itself is still fully usable.
    let fd = g
        .open(DIRFD, 0, "sub/../mine.txt", 0, RIGHTS_ALL, 0)
        .unwrap();
    assert_eq!(g.read_fd(fd, 10), (SUCCESS, b"mine".to_vec()));
}

// ---------------------------------------------------------------------------------------------
// poll_oneoff

/// Writes a clock subscription at `at`.
fn clock_sub(g: &mut Guest, at: u32, userdata: u64, clock: u32, timeout_ns: u64, flags: u16) {
    g.write(at, &[0; 48]);
    g.set_u64(at, userdata);
    g.write(at + 8, &[0]); // tag: clock
    g.set_u32(at + 16, clock);
    g.set_u64(at + 24, timeout_ns);
    g.set_u64(at + 32, 0);
    g.write(at + 40, &flags.to_le_bytes());
}

/// Writes an fd_read (tag 1) or fd_write (tag 2) subscription at `at`.
fn fd_sub(g: &mut Guest, at: u32, userdata: u64, tag: u8, fd: u32) {
    g.write(at, &[0; 48]);
    g.set_u64(at, userdata);
    g.write(at + 8, &[tag]);
    g.set_u32(at + 16, fd);
}

const SUBS: u32 = 20000;
const EVENTS: u32 = 24000;

#[test]
fn poll_oneoff_sleeps_on_a_clock() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    for clock in [0, 1] {
        clock_sub(&mut g, SUBS, 0xfeed + clock as u64, clock, 20_000_000, 0);
        let start = Instant::now();
        assert_eq!(
            g.call(
                "poll_oneoff",
                &[i(SUBS as i32), i(EVENTS as i32), i(1), i(OUT as i32)]
            ),
            SUCCESS
        );
        assert!(
            start.elapsed() >= Duration::from_millis(20),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(g.u32_at(OUT), 1);
        assert_eq!(g.u64_at(EVENTS), 0xfeed + clock as u64, "userdata");
        assert_eq!(g.u16_at(EVENTS + 8), 0, "error");
        assert_eq!(g.u8_at(EVENTS + 10), 0, "type: clock");
    }
    // An absolute monotonic deadline already past returns at once.
    clock_sub(&mut g, SUBS, 7, 1, 1, 1);
    let start = Instant::now();
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(SUBS as i32), i(EVENTS as i32), i(1), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(g.u32_at(OUT), 1);
    // Two clocks: the earlier one fires.
    clock_sub(&mut g, SUBS, 1, 1, 5_000_000_000, 0);
    clock_sub(&mut g, SUBS + 48, 2, 1, 10_000_000, 0);
    let start = Instant::now();
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(SUBS as i32), i(EVENTS as i32), i(2), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(g.u32_at(OUT), 1);
    assert_eq!(g.u64_at(EVENTS), 2);
    // No subscriptions, bad clock, bad pointers.
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(SUBS as i32), i(EVENTS as i32), i(0), i(OUT as i32)]
        ),
        INVAL
    );
    clock_sub(&mut g, SUBS, 1, 2, 1, 0);
    clock_sub(&mut g, SUBS + 48, 2, 1, 1, 0);
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(SUBS as i32), i(EVENTS as i32), i(2), i(OUT as i32)]
        ),
        INVAL,
        "CPU-time clock"
    );
    assert_oob_trap(
        g.try_call(
            "poll_oneoff",
            &[i(BAD_PTR), i(EVENTS as i32), i(1), i(OUT as i32)],
        ),
        "subscriptions",
    );
    clock_sub(&mut g, SUBS, 1, 1, 0, 0);
    assert_oob_trap(
        g.try_call(
            "poll_oneoff",
            &[i(SUBS as i32), i(BAD_PTR), i(1), i(OUT as i32)],
        ),
        "events",
    );
}

#[test]
fn poll_oneoff_on_files() {
    let dir = TempDir::new("poll");
    std::fs::write(dir.path().join("f.txt"), b"0123456789").unwrap();
    let mut g = sandboxed(&dir);
    let fd = g.open(DIRFD, 0, "f.txt", 0, RIGHTS_ALL, 0).unwrap() as u32;
    // Regular files are always ready; the clock does not fire first.
    fd_sub(&mut g, SUBS, 10, 1, fd);
    fd_sub(&mut g, SUBS + 48, 20, 2, fd);
    clock_sub(&mut g, SUBS + 96, 30, 1, 5_000_000_000, 0);
    let start = Instant::now();
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(SUBS as i32), i(EVENTS as i32), i(3), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert!(start.elapsed() < Duration::from_secs(4));
    let n = g.u32_at(OUT);
    assert_eq!(n, 2);
    let mut seen = Vec::new();
    for k in 0..n {
        let ev = EVENTS + 32 * k;
        seen.push((g.u64_at(ev), g.u16_at(ev + 8), g.u8_at(ev + 10)));
    }
    seen.sort();
    assert_eq!(seen, [(10, 0, 1), (20, 0, 2)]);
    let read_ev = (0..n)
        .map(|k| EVENTS + 32 * k)
        .find(|&e| g.u64_at(e) == 10)
        .unwrap();
    assert!(g.u64_at(read_ev + 16) >= 1, "nbytes available");
    // A bad descriptor fails the whole call.
    fd_sub(&mut g, SUBS, 10, 1, 99);
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(SUBS as i32), i(EVENTS as i32), i(1), i(OUT as i32)]
        ),
        BADF
    );
    // A directory is not a file to poll.
    fd_sub(&mut g, SUBS, 10, 1, DIRFD as u32);
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(SUBS as i32), i(EVENTS as i32), i(1), i(OUT as i32)]
        ),
        BADF
    );
}

// ---------------------------------------------------------------------------------------------
// sockets

#[test]
fn sockets_on_non_sockets_are_refused() {
    let dir = TempDir::new("sock");
    let mut g = sandboxed(&dir);
    let f = g.open(DIRFD, 0, "f", CREAT, RIGHTS_ALL, 0).unwrap();
    for fd in [1, f, 99] {
        assert_eq!(
            g.call("sock_accept", &[i(fd), i(0), i(OUT as i32)]),
            BADF,
            "sock_accept {fd}"
        );
        g.iovec(IOV, BUF, 4);
        assert_eq!(
            g.call(
                "sock_recv",
                &[
                    i(fd),
                    i(IOV as i32),
                    i(1),
                    i(0),
                    i(OUT as i32),
                    i(OUT2 as i32)
                ]
            ),
            BADF,
            "sock_recv {fd}"
        );
        assert_eq!(
            g.call(
                "sock_send",
                &[i(fd), i(IOV as i32), i(1), i(0), i(OUT as i32)]
            ),
            BADF,
            "sock_send {fd}"
        );
        assert_eq!(
            g.call("sock_shutdown", &[i(fd), i(3)]),
            BADF,
            "sock_shutdown {fd}"
        );
    }
    assert_eq!(
        g.call("sock_accept", &[i(DIRFD), i(0), i(OUT as i32)]),
        BADF
    );
}

#[test]
fn sockets_accept_recv_send_shutdown() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut g = Guest::new(WasiCtxBuilder::new().preopened_socket(3, listener));
    let client = std::thread::spawn(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(b"ping").unwrap();
        let mut buf = [0u8; 4];
        s.read_exact(&mut buf).unwrap();
        let mut rest = Vec::new();
        s.read_to_end(&mut rest).unwrap();
        (buf, rest)
    });
    // The listener is blocking: accept waits for the client's connection.
    assert_eq!(g.call("sock_accept", &[i(3), i(0), i(OUT as i32)]), SUCCESS);
    let conn = g.u32_at(OUT) as i32;
    assert!(conn > 3);
    let mut got = Vec::new();
    while got.len() < 4 {
        g.iovec(IOV, BUF, 16);
        assert_eq!(
            g.call(
                "sock_recv",
                &[
                    i(conn),
                    i(IOV as i32),
                    i(1),
                    i(0),
                    i(OUT as i32),
                    i(OUT2 as i32)
                ]
            ),
            SUCCESS
        );
        let n = g.u32_at(OUT) as usize;
        assert!(n > 0, "connection closed early");
        got.extend(g.read(BUF, n));
    }
    assert_eq!(got, b"ping");
    g.write(BUF, b"pong");
    g.iovec(IOV, BUF, 4);
    assert_eq!(
        g.call(
            "sock_send",
            &[i(conn), i(IOV as i32), i(1), i(0), i(OUT as i32)]
        ),
        SUCCESS
    );
    assert_eq!(g.u32_at(OUT), 4);
    assert_eq!(
        g.call("sock_shutdown", &[i(conn), i(2)]),
        SUCCESS,
        "SHUT_WR"
    );
    let (buf, rest) = client.join().unwrap();
    assert_eq!(&buf, b"pong");
    assert!(rest.is_empty());
    assert_arg_trap(
        g.try_call("sock_shutdown", &[i(conn), i(9)]),
        "bad shutdown flags",
    );
    assert_eq!(g.call("fd_close", &[i(conn)]), SUCCESS);
    // The listener's fdstat says it is a stream socket.
    assert_eq!(g.call("fd_fdstat_get", &[i(3), i(STAT as i32)]), SUCCESS);
    assert_eq!(g.u8_at(STAT), 6);
}
