//! [`WasiCtxBuilder`]: arguments, environment, stdio and preopened directories, in a form that
//! maps directly onto command-line flags.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use mica::Error;
use wasi_common::pipe::{ReadPipe, WritePipe};
use wasi_common::sync::{ambient_authority, Dir};
use wasi_common::{WasiCtx, WasiFile};

/// Where one of the guest's standard streams goes.
enum Stdio {
    /// Empty input, discarded output (wasi-common's default).
    Null,
    /// The host process's own stream.
    Inherit,
    /// A given file-like object.
    File(Box<dyn WasiFile>),
}

/// Builds a [`WasiCtx`]: program arguments, environment variables, stdio and preopened
/// directories.
///
/// Nothing touches the host until [`build`](Self::build), which reports every problem (a
/// directory that cannot be opened, a NUL byte in an argument) as one [`mica::Error`]. By
/// default the guest has no arguments, no environment, an empty stdin, discarded
/// stdout/stderr and no filesystem access.
///
/// For a command-line runner, the flags of `wasmtime run` map onto
/// [`dir_spec`](Self::dir_spec) (`--dir HOST[::GUEST]`), [`env_spec`](Self::env_spec)
/// (`--env NAME[=VALUE]`), [`args`](Self::args) (the module's name then its arguments) and
/// [`inherit_stdio`](Self::inherit_stdio).
///
/// ```
/// use mica_wasi::WasiCtxBuilder;
///
/// let dir = std::env::temp_dir();
/// let ctx = WasiCtxBuilder::new()
///     .args(["prog.wasm", "--size", "10"])
///     .env_spec("MODE=fast")?
///     .dir_spec(&format!("{}::/tmp", dir.display()))
///     .inherit_stdio()
///     .build()?;
/// # drop(ctx);
/// # Ok::<(), mica::Error>(())
/// ```
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Stdio,
    stdout: Stdio,
    stderr: Stdio,
    preopens: Vec<(PathBuf, String)>,
    sockets: Vec<(u32, std::net::TcpListener)>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for WasiCtxBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtxBuilder")
            .field("args", &self.args)
            .field("env", &self.env)
            .field("preopens", &self.preopens)
            .finish_non_exhaustive()
    }
}

impl WasiCtxBuilder {
    /// A builder for a context with no arguments, environment, stdio or filesystem access.
    pub fn new() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Stdio::Null,
            stdout: Stdio::Null,
            stderr: Stdio::Null,
            preopens: Vec::new(),
            sockets: Vec::new(),
        }
    }

    /// Appends one program argument. By convention the first is the program's name.
    pub fn arg(&mut self, arg: impl AsRef<str>) -> &mut Self {
        self.args.push(arg.as_ref().to_string());
        self
    }

    /// Appends program arguments.
    pub fn args<I>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    /// Appends the host process's own arguments (`std::env::args`).
    pub fn inherit_args(&mut self) -> &mut Self {
        self.args.extend(std::env::args());
        self
    }

    /// Sets the environment variable `name` to `value` (appended; the guest sees variables in
    /// the order they were given).
    pub fn env(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> &mut Self {
        self.env
            .push((name.as_ref().to_string(), value.as_ref().to_string()));
        self
    }

    /// Sets several environment variables.
    pub fn envs<I, K, V>(&mut self, vars: I) -> &mut Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        for (k, v) in vars {
            self.env(k, v);
        }
        self
    }

    /// Gives the guest every environment variable of the host process (those that are valid
    /// UTF-8).
    pub fn inherit_env(&mut self) -> &mut Self {
        self.env.extend(std::env::vars());
        self
    }

    /// Sets an environment variable from a command-line spec `NAME=VALUE`, or `NAME` alone to
    /// pass the host's value of `NAME` through (nothing if the host has none), like
    /// `wasmtime run --env`.
    ///
    /// # Errors
    /// If the spec is empty or the name is empty.
    pub fn env_spec(&mut self, spec: &str) -> mica::Result<&mut Self> {
        if let Some((name, value)) = parse_env_spec(spec)? {
            self.env.push((name, value));
        }
        Ok(self)
    }

    /// Uses `file` as the guest's stdin (fd 0), e.g. a [`ReadPipe`] over bytes.
    pub fn stdin(&mut self, file: impl Into<Box<dyn WasiFile>>) -> &mut Self {
        self.stdin = Stdio::File(file.into());
        self
    }

    /// Feeds the guest's stdin from `bytes`.
    pub fn stdin_bytes(&mut self, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.stdin(Box::new(ReadPipe::from(bytes.into())) as Box<dyn WasiFile>)
    }

    /// Uses `file` as the guest's stdout (fd 1), e.g. [`OutputBuffer::pipe`].
    pub fn stdout(&mut self, file: impl Into<Box<dyn WasiFile>>) -> &mut Self {
        self.stdout = Stdio::File(file.into());
        self
    }

    /// Uses `file` as the guest's stderr (fd 2), e.g. [`OutputBuffer::pipe`].
    pub fn stderr(&mut self, file: impl Into<Box<dyn WasiFile>>) -> &mut Self {
        self.stderr = Stdio::File(file.into());
        self
    }

    /// Connects the guest's stdin to the host process's stdin.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdin = Stdio::Inherit;
        self
    }

    /// Connects the guest's stdout to the host process's stdout.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdout = Stdio::Inherit;
        self
    }

    /// Connects the guest's stderr to the host process's stderr.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stderr = Stdio::Inherit;
        self
    }

    /// Connects all three standard streams to the host process's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }

    /// Gives the guest the host directory `host_path` under the name `guest_path`.
    ///
    /// The guest reaches it through a preopened file descriptor (3, 4, ... in the order the
    /// directories were added), which wasi-libc maps to `guest_path`: a guest opening
    /// `guest_path/a/b` opens `host_path/a/b`. Everything the guest does stays inside
    /// `host_path`: `..` past its root, absolute paths and symlinks pointing outside are
    /// refused (cap-std). The directory is opened by [`build`](Self::build).
    pub fn preopen_dir(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: impl AsRef<str>,
    ) -> &mut Self {
        self.preopens.push((
            host_path.as_ref().to_path_buf(),
            guest_path.as_ref().to_string(),
        ));
        self
    }

    /// Preopens a directory from a command-line spec `HOST[::GUEST]` (see [`parse_dir_spec`]),
    /// like `wasmtime run --dir`.
    pub fn dir_spec(&mut self, spec: &str) -> &mut Self {
        let (host, guest) = parse_dir_spec(spec);
        self.preopen_dir(host, guest)
    }

    /// Gives the guest a listening TCP socket as file descriptor `fd`, for `sock_accept`
    /// (like `wasmtime run --tcplisten`, which puts it after the preopened directories).
    pub fn preopened_socket(&mut self, fd: u32, listener: std::net::TcpListener) -> &mut Self {
        self.sockets.push((fd, listener));
        self
    }

    /// Builds the context: opens the preopened directories and installs stdio, arguments and
    /// environment. The builder is left empty (as after [`new`](Self::new)).
    ///
    /// # Errors
    /// If a preopened directory cannot be opened (the message names it), or an argument or
    /// environment variable contains a NUL byte or is too large.
    pub fn build(&mut self) -> mica::Result<WasiCtx> {
        let this = std::mem::take(self);
        let mut b = wasi_common::sync::WasiCtxBuilder::new();
        for a in &this.args {
            if a.contains('\0') {
                return Err(Error::msg(format!(
                    "wasi: invalid argument {a:?}: contains a NUL byte"
                )));
            }
            b.arg(a)
                .map_err(|e| Error::msg(format!("wasi: invalid argument {a:?}: {e}")))?;
        }
        for (k, v) in &this.env {
            if k.is_empty() || k.contains('=') || k.contains('\0') || v.contains('\0') {
                return Err(Error::msg(format!(
                    "wasi: invalid environment variable {k:?}={v:?}: the name must be \
                     non-empty without `=`, and neither may contain a NUL byte"
                )));
            }
            b.env(k, v).map_err(|e| {
                Error::msg(format!("wasi: invalid environment variable {k:?}: {e}"))
            })?;
        }
        match this.stdin {
            Stdio::Null => {}
            Stdio::Inherit => {
                b.inherit_stdin();
            }
            Stdio::File(f) => {
                b.stdin(f);
            }
        }
        match this.stdout {
            Stdio::Null => {}
            Stdio::Inherit => {
                b.inherit_stdout();
            }
            Stdio::File(f) => {
                b.stdout(f);
            }
        }
        match this.stderr {
            Stdio::Null => {}
            Stdio::Inherit => {
                b.inherit_stderr();
            }
            Stdio::File(f) => {
                b.stderr(f);
            }
        }
        for (host, guest) in &this.preopens {
            let dir = Dir::open_ambient_dir(host, ambient_authority()).map_err(|e| {
                Error::msg(format!(
                    "wasi: cannot open directory `{}` to preopen as `{guest}`: {e}",
                    host.display()
                ))
            })?;
            b.preopened_dir(dir, guest).map_err(|e| {
                Error::msg(format!(
                    "wasi: cannot preopen `{}` as `{guest}`: {e}",
                    host.display()
                ))
            })?;
        }
        for (fd, listener) in this.sockets {
            let listener = wasi_common::sync::TcpListener::from_std(listener);
            b.preopened_socket(fd, listener)
                .map_err(|e| Error::msg(format!("wasi: cannot preopen socket {fd}: {e}")))?;
        }
        Ok(b.build())
    }
}

/// Splits a `--dir` spec `HOST[::GUEST]` into the host path and the guest path; without
/// `::GUEST` the guest sees the directory under the host path's text (as `wasmtime run --dir`
/// does: `--dir .` is `.` in the guest, `--dir /data` is `/data`).
///
/// ```
/// use std::path::PathBuf;
/// assert_eq!(mica_wasi::parse_dir_spec("out::/o"), (PathBuf::from("out"), "/o".to_string()));
/// assert_eq!(mica_wasi::parse_dir_spec("/data"), (PathBuf::from("/data"), "/data".to_string()));
/// ```
pub fn parse_dir_spec(spec: &str) -> (PathBuf, String) {
    match spec.split_once("::") {
        Some((host, guest)) => (PathBuf::from(host), guest.to_string()),
        None => (PathBuf::from(spec), spec.to_string()),
    }
}

/// Parses an `--env` spec: `NAME=VALUE` gives `Some((NAME, VALUE))`; `NAME` alone passes the
/// host's value through (`None` if the host process has no such variable).
///
/// ```
/// assert_eq!(
///     mica_wasi::parse_env_spec("A=b=c")?,
///     Some(("A".to_string(), "b=c".to_string()))
/// );
/// # Ok::<(), mica::Error>(())
/// ```
///
/// # Errors
/// If the name is empty.
pub fn parse_env_spec(spec: &str) -> mica::Result<Option<(String, String)>> {
    let (name, value) = match spec.split_once('=') {
        Some((name, value)) => (name, Some(value.to_string())),
        None => (spec, None),
    };
    if name.is_empty() {
        return Err(Error::msg(format!(
            "invalid environment variable `{spec}`: expected NAME=VALUE or NAME"
        )));
    }
    Ok(match value {
        Some(v) => Some((name.to_string(), v)),
        None => std::env::var(name).ok().map(|v| (name.to_string(), v)),
    })
}

/// An in-memory output stream for a guest's stdout or stderr, readable by the host while and
/// after the guest runs.
///
/// ```
/// use mica_wasi::{OutputBuffer, WasiCtxBuilder};
///
/// let out = OutputBuffer::new();
/// let ctx = WasiCtxBuilder::new().stdout(out.pipe()).build()?;
/// // ... run a guest with `ctx` ...
/// assert!(out.contents().is_empty());
/// # drop(ctx);
/// # Ok::<(), mica::Error>(())
/// ```
#[derive(Clone, Default, Debug)]
pub struct OutputBuffer(Arc<RwLock<Vec<u8>>>);

impl OutputBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// A pipe (wasi-common's [`WritePipe`]) appending to this buffer, to give to
    /// [`WasiCtxBuilder::stdout`] or [`WasiCtxBuilder::stderr`].
    pub fn pipe(&self) -> Box<dyn WasiFile> {
        Box::new(WritePipe::from_shared(self.0.clone()))
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Everything written so far, leaving the buffer empty.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.write().unwrap_or_else(|e| e.into_inner()))
    }

    /// Everything written so far as text (invalid UTF-8 replaced).
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.contents()).into_owned()
    }
}
