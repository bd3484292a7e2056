//! Shared helpers of the mica-wasi integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use mica::{Engine, Instance, Linker, Memory, Module, Store, Val};
use mica_wasi::{OutputBuffer, WasiCtx, WasiCtxBuilder};

/// Every preview1 function with its core wasm signature, written from the WASI preview1
/// specification (independently of the crate's own table): (name, params, results), where
/// `i` is i32 and `I` is i64.
pub const SIGNATURES: &[(&str, &str, &str)] = &[
    ("args_get", "ii", "i"),
    ("args_sizes_get", "ii", "i"),
    ("environ_get", "ii", "i"),
    ("environ_sizes_get", "ii", "i"),
    ("clock_res_get", "ii", "i"),
    ("clock_time_get", "iIi", "i"),
    ("fd_advise", "iIIi", "i"),
    ("fd_allocate", "iII", "i"),
    ("fd_close", "i", "i"),
    ("fd_datasync", "i", "i"),
    ("fd_fdstat_get", "ii", "i"),
    ("fd_fdstat_set_flags", "ii", "i"),
    ("fd_fdstat_set_rights", "iII", "i"),
    ("fd_filestat_get", "ii", "i"),
    ("fd_filestat_set_size", "iI", "i"),
    ("fd_filestat_set_times", "iIIi", "i"),
    ("fd_pread", "iiiIi", "i"),
    ("fd_prestat_get", "ii", "i"),
    ("fd_prestat_dir_name", "iii", "i"),
    ("fd_pwrite", "iiiIi", "i"),
    ("fd_read", "iiii", "i"),
    ("fd_readdir", "iiiIi", "i"),
    ("fd_renumber", "ii", "i"),
    ("fd_seek", "iIii", "i"),
    ("fd_sync", "i", "i"),
    ("fd_tell", "ii", "i"),
    ("fd_write", "iiii", "i"),
    ("path_create_directory", "iii", "i"),
    ("path_filestat_get", "iiiii", "i"),
    ("path_filestat_set_times", "iiiiIIi", "i"),
    ("path_link", "iiiiiii", "i"),
    ("path_open", "iiiiiIIii", "i"),
    ("path_readlink", "iiiiii", "i"),
    ("path_remove_directory", "iii", "i"),
    ("path_rename", "iiiiii", "i"),
    ("path_symlink", "iiiii", "i"),
    ("path_unlink_file", "iii", "i"),
    ("poll_oneoff", "iiii", "i"),
    ("proc_exit", "i", ""),
    ("proc_raise", "i", "i"),
    ("sched_yield", "", "i"),
    ("random_get", "ii", "i"),
    ("sock_accept", "iii", "i"),
    ("sock_recv", "iiiiii", "i"),
    ("sock_send", "iiiii", "i"),
    ("sock_shutdown", "ii", "i"),
];

/// errno values of WASI preview1.
pub mod errno {
    pub const SUCCESS: i32 = 0;
    pub const ACCES: i32 = 2;
    pub const BADF: i32 = 8;
    pub const EXIST: i32 = 20;
    pub const FAULT: i32 = 21;
    pub const ILSEQ: i32 = 25;
    pub const INVAL: i32 = 28;
    pub const ISDIR: i32 = 31;
    pub const LOOP: i32 = 32;
    pub const NOENT: i32 = 44;
    pub const NOTDIR: i32 = 54;
    pub const NOTEMPTY: i32 = 55;
    pub const NOTSOCK: i32 = 57;
    pub const NOTSUP: i32 = 58;
    pub const PERM: i32 = 63;
    pub const SPIPE: i32 = 70;
    pub const NOTCAPABLE: i32 = 76;
}

fn wat_types(sig: &str) -> String {
    sig.chars()
        .map(|c| match c {
            'i' => " i32",
            'I' => " i64",
            _ => unreachable!(),
        })
        .collect()
}

/// The import declarations of every preview1 function, as `$name` functions.
pub fn import_decls() -> String {
    let mut s = String::new();
    for (name, params, results) in SIGNATURES {
        s.push_str(&format!(
            "  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param{}) (result{})))\n",
            wat_types(params),
            wat_types(results)
        ));
    }
    s
}

/// A module that imports every preview1 function and exports, under the same name, a wasm
/// function forwarding to it, plus a 4-page `memory`: the host drives WASI through real
/// wasm → host calls (so the WASI functions see a calling instance and its memory).
pub fn trampoline_wat() -> String {
    let mut s = String::from("(module\n");
    s.push_str(&import_decls());
    s.push_str("  (memory (export \"memory\") 4)\n");
    for (name, params, results) in SIGNATURES {
        let gets: String = (0..params.len())
            .map(|i| format!(" local.get {i}"))
            .collect();
        s.push_str(&format!(
            "  (func (export \"{name}\") (param{}) (result{}){gets} call ${name})\n",
            wat_types(params),
            wat_types(results)
        ));
    }
    s.push(')');
    s
}

/// A store with a WASI context, an instance of some module and its memory.
pub struct Guest {
    pub store: Store<WasiCtx>,
    pub instance: Instance,
    pub memory: Memory,
    pub stdout: OutputBuffer,
    pub stderr: OutputBuffer,
}

/// Shorthand for an i32 argument.
pub fn i(x: i32) -> Val {
    Val::I32(x)
}

/// Shorthand for an i64 argument.
pub fn l(x: i64) -> Val {
    Val::I64(x)
}

impl Guest {
    /// Instantiates `wat` (which must export `memory`) with a context from `builder`, whose
    /// stdout and stderr are replaced by in-memory buffers.
    pub fn with_module(wat: &str, builder: &mut WasiCtxBuilder) -> Guest {
        let engine = Engine::default();
        let module = Module::new(&engine, wat).expect("test module compiles");
        let stdout = OutputBuffer::new();
        let stderr = OutputBuffer::new();
        let ctx = builder
            .stdout(stdout.pipe())
            .stderr(stderr.pipe())
            .build()
            .expect("wasi context");
        let mut linker = Linker::new(&engine);
        mica_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).expect("add_to_linker");
        let mut store = Store::new(&engine, ctx);
        let instance = linker
            .instantiate(&mut store, &module)
            .expect("instantiate");
        let memory = instance.get_memory(&store, "memory").expect("memory");
        Guest {
            store,
            instance,
            memory,
            stdout,
            stderr,
        }
    }

    /// The trampoline module ([`trampoline_wat`]) with a context from `builder`.
    pub fn new(builder: &mut WasiCtxBuilder) -> Guest {
        Self::with_module(&trampoline_wat(), builder)
    }

    /// Calls the export `name` (a forwarder of the WASI function of that name) and returns its
    /// errno result.
    pub fn try_call(&mut self, name: &str, args: &[Val]) -> mica::Result<i32> {
        let f = self
            .instance
            .get_func(&self.store, name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let nres = f.ty(&self.store).results().len();
        let mut results = vec![Val::I32(0); nres];
        f.call(&mut self.store, args, &mut results)?;
        Ok(match results.first() {
            Some(Val::I32(x)) => *x,
            None => 0,
            Some(other) => panic!("unexpected result {other:?}"),
        })
    }

    /// [`try_call`](Self::try_call), panicking on a trap or host error.
    pub fn call(&mut self, name: &str, args: &[Val]) -> i32 {
        self.try_call(name, args)
            .unwrap_or_else(|e| panic!("{name} failed: {e}"))
    }

    /// Writes bytes at `addr`.
    pub fn write(&mut self, addr: u32, bytes: &[u8]) {
        self.memory
            .write(&mut self.store, addr as usize, bytes)
            .expect("write in bounds");
    }

    /// Reads `len` bytes at `addr`.
    pub fn read(&self, addr: u32, len: usize) -> Vec<u8> {
        let mut buf = vec![0; len];
        self.memory
            .read(&self.store, addr as usize, &mut buf)
            .expect("read in bounds");
        buf
    }

    /// Writes a string at `addr`; returns its (address, length) as i32 arguments.
    pub fn put_str(&mut self, addr: u32, s: &str) -> (Val, Val) {
        self.write(addr, s.as_bytes());
        (i(addr as i32), i(s.len() as i32))
    }

    pub fn u8_at(&self, addr: u32) -> u8 {
        self.read(addr, 1)[0]
    }

    pub fn u16_at(&self, addr: u32) -> u16 {
        u16::from_le_bytes(self.read(addr, 2).try_into().unwrap())
    }

    pub fn u32_at(&self, addr: u32) -> u32 {
        u32::from_le_bytes(self.read(addr, 4).try_into().unwrap())
    }

    pub fn u64_at(&self, addr: u32) -> u64 {
        u64::from_le_bytes(self.read(addr, 8).try_into().unwrap())
    }

    pub fn set_u32(&mut self, addr: u32, v: u32) {
        self.write(addr, &v.to_le_bytes());
    }

    pub fn set_u64(&mut self, addr: u32, v: u64) {
        self.write(addr, &v.to_le_bytes());
    }

    /// Writes one iovec `{buf, len}` at `at`.
    pub fn iovec(&mut self, at: u32, buf: u32, len: u32) {
        self.set_u32(at, buf);
        self.set_u32(at + 4, len);
    }
}

/// A fresh, empty directory under the system's temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "mica-wasi-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
