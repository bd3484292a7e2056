//! # mica-wast
//!
//! Runs WebAssembly `.wast` scripts (the format of the official spec testsuite) on the public
//! [`mica`] API, and reports every directive as passed or failed.
//!
//! ```
//! use mica_wast::WastRunner;
//!
//! let report = WastRunner::new().run_str("example.wast", r#"
//!     (module (func (export "f")))
//!     (assert_invalid (module (func (result i32))) "type mismatch")
//!     (assert_malformed (module quote "(func (i32.wrong))") "unknown operator")
//! "#);
//! assert_eq!((report.passed, report.failed), (3, 0));
//! ```
//!
//! ## What counts
//! Every directive of a script is one check: a `module` passes when it compiles and
//! instantiates, an `invoke` when the call returns, an `assert_*` when the assertion holds.
//!
//! - `assert_trap`, `assert_exhaustion` and `assert_unlinkable` pass when the error's message
//!   *contains* the script's text (`out of bounds memory access`, `unknown import`, ...).
//! - `assert_malformed` and `assert_invalid` pass when the module is rejected, whatever the
//!   message; a message that differs from the script's is recorded as a note
//!   ([`Report::notes`]), not a failure. A `(module quote ...)` the text parser rejects, and a
//!   text module that fails to encode, count as rejected (the note says so).
//! - The spec's older `assert_uninstantiable` is written `assert_trap (module ...)` in current
//!   scripts and is handled as such.
//! - Directives mica cannot honour are **failures** with a reason starting `unsupported:`, so
//!   they are never silently counted as passing: `assert_exception` (exceptions are not
//!   executed), `assert_suspension`, `thread`/`wait`, the `*_custom` assertions, components, and
//!   `ref.host` values (GC).
//! - A panic inside the runtime fails its directive with a message starting `PANIC:` (with the
//!   panic's location) and the script goes on with the next directive.
//! - A `module` that fails leaves no current module: later directives that use it fail with
//!   the reason, instead of silently running an older module.
//!
//! Each script runs in a new [`Store`](mica::Store), with the standard `spectest` module
//! registered (see [`spectest`](crate#the-spectest-module)), on a thread of its own with a
//! large native stack (deeply nested test modules recurse in the text parser).
//!
//! ## The `spectest` module
//! Made of host objects (no module instance): `print`, `print_i32`, `print_i64`, `print_f32`,
//! `print_f64`, `print_i32_f32`, `print_f64_f64` (no-ops); immutable globals `global_i32` and
//! `global_i64` (666), `global_f32` and `global_f64` (666.6); `table` (10..20 `funcref`) and
//! `memory` (1..2 pages).

#![warn(missing_docs)]

mod panic_capture;
mod script;
mod spectest;
mod values;

use std::fmt;
use std::path::Path;

use mica::Engine;

/// Runs `.wast` scripts with one [`Engine`] and a new store per script.
#[derive(Debug, Clone)]
pub struct WastRunner {
    engine: Engine,
    stack_size: usize,
}

impl Default for WastRunner {
    fn default() -> Self {
        WastRunner::new()
    }
}

impl WastRunner {
    /// A runner with a default engine.
    pub fn new() -> Self {
        WastRunner::with_engine(Engine::default())
    }

    /// A runner whose scripts use `engine` (and its configuration).
    pub fn with_engine(engine: Engine) -> Self {
        WastRunner {
            engine,
            stack_size: 256 << 20,
        }
    }

    /// The native stack size of the thread each script runs on (default 256 MiB, reserved
    /// address space rather than memory in use).
    pub fn stack_size(mut self, bytes: usize) -> Self {
        self.stack_size = bytes;
        self
    }

    /// The engine scripts run with.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Reads and runs the script at `path`. Failures name the path as given.
    ///
    /// A file that cannot be read is reported as one failure at line 0.
    pub fn run_file(&self, path: impl AsRef<Path>) -> Report {
        let path = path.as_ref();
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => self.run_str(&name, &text),
            Err(e) => Report::single_failure(&name, 0, format!("cannot read the script: {e}")),
        }
    }

    /// Runs the script `text`; `name` is the file name failures are reported under.
    ///
    /// A script that does not parse is reported as one failure at the parse error's line.
    pub fn run_str(&self, name: &str, text: &str) -> Report {
        let joined = std::thread::scope(|s| {
            std::thread::Builder::new()
                .name(format!("wast {name}"))
                .stack_size(self.stack_size)
                .spawn_scoped(s, || script::run(&self.engine, name, text))
                .map(|handle| handle.join())
        });
        match joined {
            Ok(Ok(report)) => report,
            Ok(Err(payload)) => Report::single_failure(
                name,
                0,
                format!(
                    "PANIC outside any directive: {}",
                    panic_capture::payload_message(&*payload)
                ),
            ),
            Err(e) => {
                Report::single_failure(name, 0, format!("cannot start the script's thread: {e}"))
            }
        }
    }
}

/// The outcome of one or more scripts.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Number of directives that passed.
    pub passed: usize,
    /// Number of directives that failed.
    pub failed: usize,
    /// One entry per failed directive, in script order.
    pub failures: Vec<Finding>,
    /// Information that is not a failure: a malformed or invalid module rejected with a
    /// message other than the script's.
    pub notes: Vec<Finding>,
}

impl Report {
    fn single_failure(file: &str, line: usize, message: String) -> Report {
        Report {
            passed: 0,
            failed: 1,
            failures: vec![Finding {
                file: file.to_string(),
                line,
                message,
            }],
            notes: Vec::new(),
        }
    }

    /// Whether no directive failed.
    pub fn is_success(&self) -> bool {
        self.failed == 0
    }

    /// Adds the counts and findings of `other` to this report.
    pub fn merge(&mut self, other: Report) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.failures.extend(other.failures);
        self.notes.extend(other.notes);
    }
}

impl fmt::Display for Report {
    /// The summary line, `N passed, M failed`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)
    }
}

/// A failure or note, located in a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The script's name (its path for [`WastRunner::run_file`]).
    pub file: String,
    /// 1-based line of the directive (0 when the whole file is concerned).
    pub line: usize,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Finding {
    /// `file:line: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}
