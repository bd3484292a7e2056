//! The one public error type, with kinds a caller can match, and traps.

use std::fmt;

use crate::types::ExternType;

/// A specialised `Result` for mica operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Any error mica reports: compile, link, trap or host errors.
pub struct Error {
    kind: Box<ErrorKind>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The module bytes are malformed or invalid.
    Compile {
        /// Byte offset in the module binary, when known.
        offset: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// The module uses a WebAssembly feature mica does not support (yet).
    Unsupported {
        /// Byte offset in the module binary, when known.
        offset: Option<u64>,
        /// The feature.
        feature: String,
    },
    /// An import could not be satisfied.
    Link(LinkError),
    /// Several imports could not be satisfied (from [`Linker`](crate::Linker) resolution).
    Imports(crate::linker::ImportErrors),
    /// Loading linking could not find, load or instantiate a dependency.
    #[cfg(feature = "loading-linking")]
    Resolve(crate::linker::ResolveError),
    /// Execution trapped (including traps during instantiation).
    Trap(Trap),
    /// An error returned by a host function, passed through unchanged.
    Host(Box<dyn std::error::Error + Send + Sync>),
    /// A misuse of the API (wrong number or types of arguments, foreign handles, ...).
    Usage(String),
}

/// Why an import could not be satisfied.
#[derive(Debug, Clone)]
pub struct LinkError {
    /// The import's module name.
    pub module: String,
    /// The import's field name.
    pub name: String,
    /// What kind of problem it is.
    pub reason: LinkErrorReason,
}

/// The kinds of link problems.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum LinkErrorReason {
    /// Nothing was provided for the import (spec text: `unknown import`).
    Unknown {
        /// The type the import expects.
        expected: ExternType,
    },
    /// Something was provided but its type does not match (spec text: `incompatible import type`).
    IncompatibleType {
        /// The type the import expects.
        expected: ExternType,
        /// The type of what was provided.
        actual: ExternType,
    },
    /// The number of externs given differs from the number of imports.
    WrongCount {
        /// Number of imports of the module.
        expected: usize,
        /// Number of externs given.
        actual: usize,
    },
    /// The extern belongs to a different store.
    WrongStore,
    /// An explicitly given extern names no import of the module.
    NoSuchImport,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            LinkErrorReason::Unknown { expected } => {
                write!(
                    f,
                    "unknown import: `{}::{}` ({expected}) is not defined",
                    self.module, self.name
                )
            }
            LinkErrorReason::IncompatibleType { expected, actual } => write!(
                f,
                "incompatible import type for `{}::{}`: expected {expected}, found {actual}",
                self.module, self.name
            ),
            LinkErrorReason::WrongCount { expected, actual } => {
                write!(
                    f,
                    "wrong number of imports: module needs {expected}, {actual} given"
                )
            }
            LinkErrorReason::NoSuchImport => {
                write!(
                    f,
                    "`{}::{}` names no import of the module",
                    self.module, self.name
                )
            }
            LinkErrorReason::WrongStore => write!(
                f,
                "import `{}::{}`: the extern belongs to a different store",
                self.module, self.name
            ),
        }
    }
}

/// A trap: a runtime error of the guest, with its code and wasm backtrace.
#[derive(Debug, Clone)]
pub struct Trap {
    pub(crate) code: TrapCode,
    pub(crate) message: Option<String>,
    pub(crate) backtrace: Vec<FrameInfo>,
}

/// The reason for a trap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable,
    /// A memory access (or segment copy) was out of bounds.
    MemoryOutOfBounds,
    /// A table access (or segment copy) was out of bounds.
    TableOutOfBounds,
    /// `call_indirect` with an index beyond the table.
    UndefinedElement,
    /// `call_indirect` through a null table entry.
    UninitializedElement,
    /// `call_indirect` to a function of the wrong type.
    IndirectCallTypeMismatch,
    /// `call_ref`/`return_call_ref` of a null reference.
    NullFunctionReference,
    /// `ref.as_non_null` (or similar) on null.
    NullReference,
    /// Signed division overflow.
    IntegerOverflow,
    /// Division or remainder by zero.
    IntegerDivisionByZero,
    /// Float to integer conversion of NaN or an out-of-range value.
    BadConversionToInteger,
    /// The value or call stack is exhausted.
    StackOverflow,
    /// A host function trapped through [`Trap::new`]-like means, or an import stub was called.
    Host,
    /// An instruction or feature that is decoded but not supported at run time.
    Unsupported,
    /// A stub for an import nobody defined was called (the linker's opt-in policy).
    UnresolvedImport,
    /// The store's fuel ran out ([`Config::consume_fuel`](crate::Config::consume_fuel)).
    OutOfFuel,
    /// The store's [`InterruptHandle`](crate::InterruptHandle) interrupted the running code.
    Interrupted,
}

impl TrapCode {
    /// The spec testsuite's message for this trap.
    pub fn message(&self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::UndefinedElement => "undefined element",
            TrapCode::UninitializedElement => "uninitialized element",
            TrapCode::IndirectCallTypeMismatch => "indirect call type mismatch",
            TrapCode::NullFunctionReference => "null function reference",
            TrapCode::NullReference => "null reference",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::IntegerDivisionByZero => "integer divide by zero",
            TrapCode::BadConversionToInteger => "invalid conversion to integer",
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::Host => "host trap",
            TrapCode::Unsupported => "unsupported operation",
            TrapCode::UnresolvedImport => "unresolved import called",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::Interrupted => "interrupted",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// One frame of a wasm backtrace.
#[derive(Debug, Clone)]
pub struct FrameInfo {
    /// Index of the function in its module's function index space.
    pub func_index: u32,
    /// The function's name from the module's name section, if any.
    pub func_name: Option<String>,
    /// The module's name from the name section, if any.
    pub module_name: Option<String>,
}

impl Trap {
    /// A trap with the given code and no backtrace.
    pub fn new(code: TrapCode) -> Self {
        Trap {
            code,
            message: None,
            backtrace: Vec::new(),
        }
    }

    /// A trap with the given code and a message giving details (shown after the code's text).
    pub fn with_message(code: TrapCode, message: impl Into<String>) -> Self {
        Trap {
            code,
            message: Some(message.into()),
            backtrace: Vec::new(),
        }
    }

    /// The details of the trap, if any were given.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The trap code.
    pub fn code(&self) -> TrapCode {
        self.code
    }

    /// The wasm frames active when the trap happened, innermost first.
    pub fn backtrace(&self) -> &[FrameInfo] {
        &self.backtrace
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "wasm trap: {}", self.code.message())?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if !self.backtrace.is_empty() {
            f.write_str("\nwasm backtrace:")?;
            for (i, fr) in self.backtrace.iter().enumerate() {
                write!(f, "\n  {i:>2}: ")?;
                if let Some(m) = &fr.module_name {
                    write!(f, "{m}!")?;
                }
                match &fr.func_name {
                    Some(n) => write!(f, "{n}")?,
                    None => write!(f, "<func {}>", fr.func_index)?,
                }
            }
        }
        Ok(())
    }
}

impl Error {
    /// Creates an error of the given kind.
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind: Box::new(kind),
        }
    }

    /// Wraps a host error so it passes through wasm unchanged.
    pub fn host(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::new(ErrorKind::Host(err.into()))
    }

    /// A host error from a message.
    pub fn msg(msg: impl Into<String>) -> Self {
        Error::host(msg.into())
    }

    pub(crate) fn usage(msg: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage(msg.into()))
    }

    pub(crate) fn compile(offset: Option<u64>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Compile {
            offset,
            message: message.into(),
        })
    }

    pub(crate) fn unsupported(offset: Option<u64>, feature: impl Into<String>) -> Self {
        Error::new(ErrorKind::Unsupported {
            offset,
            feature: feature.into(),
        })
    }

    pub(crate) fn link(module: &str, name: &str, reason: LinkErrorReason) -> Self {
        Error::new(ErrorKind::Link(LinkError {
            module: module.to_string(),
            name: name.to_string(),
            reason,
        }))
    }

    /// The error of calling a stub for an import nobody defined.
    pub(crate) fn unresolved_import_called(module: &str, name: &str) -> Self {
        Error::from(Trap::with_message(
            TrapCode::UnresolvedImport,
            format!("`{module}::{name}` is not defined"),
        ))
    }

    /// The host error of type `E` inside this error, if it is one (looking through the
    /// `source()` chain too).
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = match &*self.kind {
            ErrorKind::Host(e) => Some(&**e),
            _ => None,
        };
        while let Some(e) = cur {
            if let Some(found) = e.downcast_ref::<E>() {
                return Some(found);
            }
            cur = e.source();
        }
        None
    }

    /// Whether this error is (or wraps) a host error of type `E`.
    pub fn is<E: std::error::Error + 'static>(&self) -> bool {
        self.downcast_ref::<E>().is_some()
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&Trap> {
        match &*self.kind {
            ErrorKind::Trap(t) => Some(t),
            _ => None,
        }
    }

    /// The trap code, if this error is a trap.
    pub fn trap_code(&self) -> Option<TrapCode> {
        self.as_trap().map(|t| t.code)
    }

    pub(crate) fn trap_mut(&mut self) -> Option<&mut Trap> {
        match &mut *self.kind {
            ErrorKind::Trap(t) => Some(t),
            _ => None,
        }
    }
}

impl From<Trap> for Error {
    fn from(t: Trap) -> Self {
        Error::new(ErrorKind::Trap(t))
    }
}

impl From<LinkError> for Error {
    fn from(e: LinkError) -> Self {
        Error::new(ErrorKind::Link(e))
    }
}

impl From<TrapCode> for Error {
    fn from(code: TrapCode) -> Self {
        Error::from(Trap::new(code))
    }
}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error::compile(Some(e.offset()), e.message().to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::Compile {
                offset: Some(o),
                message,
            } => {
                write!(f, "invalid module: {message} (at offset 0x{o:x})")
            }
            ErrorKind::Compile {
                offset: None,
                message,
            } => write!(f, "invalid module: {message}"),
            ErrorKind::Unsupported { offset, feature } => {
                write!(f, "not supported: {feature}")?;
                if let Some(o) = offset {
                    write!(f, " (at offset 0x{o:x})")?;
                }
                Ok(())
            }
            ErrorKind::Link(l) => write!(f, "{l}"),
            ErrorKind::Imports(e) => write!(f, "{e}"),
            #[cfg(feature = "loading-linking")]
            ErrorKind::Resolve(e) => write!(f, "{e}"),
            ErrorKind::Trap(t) => write!(f, "{t}"),
            ErrorKind::Host(e) => write!(f, "{e}"),
            ErrorKind::Usage(m) => f.write_str(m),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            ErrorKind::Host(e) => Some(&**e),
            _ => None,
        }
    }
}
