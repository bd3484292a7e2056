//! The differential oracle: mica against wasmi 2.0.
//!
//! [`differential`] takes a module's bytes and
//! 1. compiles it in both runtimes: a module mica refuses as [`mica::ErrorKind::Unsupported`]
//!    is skipped, one that only one runtime accepts is a divergence;
//! 2. builds the same imports on both sides from the module's import types: host functions
//!    that return values derived from a hash of their arguments (and trap now and then), and
//!    host globals, memories and tables with deterministic contents (a module importing a tag
//!    or a non-`funcref`/`externref` reference type is skipped);
//! 3. instantiates it in both, with the same resource limits, and compares the outcome (the
//!    trap kind if the start function or a segment traps);
//! 4. calls every exported function [`Options::calls_per_export`] times with the same
//!    deterministic arguments, comparing each result (bit-exact, NaNs canonicalised) or trap
//!    (by [`TrapKind`]), then the state both sides can observe: every exported and imported
//!    memory (size and bytes), global and table (size, and each element's null-ness and
//!    function type), and the log of host calls (count and a hash of every argument).
//!
//! Stack exhaustion, running out of fuel or system memory, and growth refused by a limiter
//! on one side only are *inconclusive*: the two runtimes may legitimately differ in depth and
//! bookkeeping, so the comparison of that module stops there without a divergence.

use std::fmt;

use crate::rng::Rng;

/// How a module is exercised.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many times each exported function is called (with different arguments).
    pub calls_per_export: usize,
    /// The seed of the argument generator.
    pub arg_seed: u64,
    /// The largest size in bytes of any one memory (both stores' limiters).
    pub memory_limit: usize,
    /// The largest number of elements of any one table (both stores' limiters).
    pub table_limit: usize,
    /// The module was generated with wasm-smith's `disallow_traps` (see
    /// [`Generated`](crate::generate::Generated)): an integer-division or conversion trap
    /// there is impossible, so one raised by wasmi alone is a wasmi bug (inconclusive), and
    /// one raised by mica is a mica bug (divergence).
    pub traps_disallowed: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            calls_per_export: 2,
            arg_seed: 0,
            memory_limit: 64 * 65536,
            table_limit: 10_000,
            traps_disallowed: false,
        }
    }
}

/// What happened to one module when there was no divergence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The module was not compared (mica does not support a feature it uses, or its imports
    /// cannot be built identically).
    Skipped(String),
    /// Both runtimes rejected the module.
    BothRejected,
    /// Both runtimes compiled the module and were compared.
    Compared {
        /// Whether both instantiated it (`false`: both failed alike).
        instantiated: bool,
        /// Calls compared.
        calls: u64,
        /// Of those, calls that trapped (alike) in both.
        traps: u64,
        /// Why the comparison stopped early on an inconclusive event (exhaustion), if it did.
        inconclusive: Option<String>,
    },
}

/// Totals over many modules.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Modules given to the oracle.
    pub modules: u64,
    /// Modules skipped (unsupported features or imports).
    pub skipped: u64,
    /// Modules both runtimes rejected.
    pub both_rejected: u64,
    /// Modules both runtimes instantiated.
    pub instantiated: u64,
    /// Modules whose instantiation failed alike in both.
    pub instantiation_failed: u64,
    /// Calls compared.
    pub calls: u64,
    /// Calls that trapped alike.
    pub traps: u64,
    /// Modules whose comparison stopped on an inconclusive event.
    pub inconclusive: u64,
    /// Divergences.
    pub divergences: u64,
}

impl Stats {
    /// Adds one module's outcome.
    pub fn record(&mut self, outcome: &Result<Outcome, Divergence>) {
        self.modules += 1;
        match outcome {
            Err(_) => self.divergences += 1,
            Ok(Outcome::Skipped(_)) => self.skipped += 1,
            Ok(Outcome::BothRejected) => self.both_rejected += 1,
            Ok(Outcome::Compared {
                instantiated,
                calls,
                traps,
                inconclusive,
            }) => {
                if *instantiated {
                    self.instantiated += 1;
                } else {
                    self.instantiation_failed += 1;
                }
                self.calls += calls;
                self.traps += traps;
                self.inconclusive += u64::from(inconclusive.is_some());
            }
        }
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} modules: {} instantiated, {} failed instantiation alike, {} skipped, {} rejected by both; \
             {} calls compared ({} trapped alike); {} inconclusive; {} divergences",
            self.modules,
            self.instantiated,
            self.instantiation_failed,
            self.skipped,
            self.both_rejected,
            self.calls,
            self.traps,
            self.inconclusive,
            self.divergences
        )
    }
}

/// A difference between mica and wasmi.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divergence {
    /// Where: `validation`, `instantiation`, `call NAME#K`, `state after ...`.
    pub stage: String,
    /// What differs (mica's side first).
    pub detail: String,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "divergence in {}: {}", self.stage, self.detail)
    }
}

impl std::error::Error for Divergence {}

fn diverge(stage: impl Into<String>, detail: impl Into<String>) -> Divergence {
    Divergence {
        stage: stage.into(),
        detail: detail.into(),
    }
}

/// The value types the oracle handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `funcref`.
    FuncRef,
    /// `externref`.
    ExternRef,
}

/// A runtime-independent value: floats as bits, references as null-ness (and a function's
/// type, the only identity both runtimes can show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`'s bits.
    F32(u32),
    /// An `f64`'s bits.
    F64(u64),
    /// A `funcref`: `None` for null, else the function's type.
    FuncRef(Option<String>),
    /// An `externref`: whether it is non-null.
    ExternRef(bool),
}

impl Value {
    /// The value with every NaN replaced by the canonical NaN of its width.
    pub fn canonical(self) -> Value {
        match self {
            Value::F32(b) if f32::from_bits(b).is_nan() => Value::F32(0x7fc0_0000),
            Value::F64(b) if f64::from_bits(b).is_nan() => Value::F64(0x7ff8_0000_0000_0000),
            v => v,
        }
    }

    fn bits(&self) -> u64 {
        match self.clone().canonical() {
            Value::I32(v) => v as u32 as u64,
            Value::I64(v) => v as u64,
            Value::F32(v) => v as u64,
            Value::F64(v) => v,
            Value::FuncRef(r) => u64::from(r.is_some()),
            Value::ExternRef(r) => u64::from(r),
        }
    }

    fn default_of(ty: Ty) -> Value {
        match ty {
            Ty::I32 => Value::I32(0),
            Ty::I64 => Value::I64(0),
            Ty::F32 => Value::F32(0),
            Ty::F64 => Value::F64(0),
            Ty::FuncRef => Value::FuncRef(None),
            Ty::ExternRef => Value::ExternRef(false),
        }
    }

    /// A value of type `ty` from 64 bits (references: null).
    fn from_bits(ty: Ty, bits: u64) -> Value {
        match ty {
            Ty::I32 => Value::I32(bits as u32 as i32),
            Ty::I64 => Value::I64(bits as i64),
            Ty::F32 => Value::F32(bits as u32),
            Ty::F64 => Value::F64(bits),
            Ty::FuncRef => Value::FuncRef(None),
            Ty::ExternRef => Value::ExternRef(false),
        }
    }
}

/// Trap kinds common to both runtimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable` executed.
    Unreachable,
    /// Out-of-bounds memory access.
    MemoryOutOfBounds,
    /// Out-of-bounds table access (including `call_indirect` beyond the table).
    TableOutOfBounds,
    /// Indirect call through a null entry (or `call_ref` of null).
    IndirectCallToNull,
    /// Indirect call of a function of the wrong type.
    IndirectCallTypeMismatch,
    /// Integer division by zero.
    IntegerDivisionByZero,
    /// Signed division overflow.
    IntegerOverflow,
    /// Invalid float-to-int conversion.
    BadConversionToInteger,
    /// A host function returned an error.
    Host,
    /// Call stack, fuel or system memory exhausted, or growth refused (inconclusive).
    Exhaustion,
    /// mica refused to execute something (inconclusive: skipped).
    Unsupported,
    /// A trap code the oracle does not know.
    Unknown,
}

/// How an instantiation or a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    Trap(TrapKind),
    /// A non-trap error (link, resource limits): compared by kind only.
    Other(String),
}

impl Failure {
    fn is_inconclusive(&self) -> bool {
        matches!(
            self,
            Failure::Trap(TrapKind::Exhaustion) | Failure::Trap(TrapKind::Unsupported)
        )
    }
}

fn mica_failure(e: &mica::Error) -> Failure {
    use mica::{ErrorKind, TrapCode};
    match e.kind() {
        ErrorKind::Trap(t) => Failure::Trap(match t.code() {
            TrapCode::Unreachable => TrapKind::Unreachable,
            TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
            TrapCode::TableOutOfBounds | TrapCode::UndefinedElement => TrapKind::TableOutOfBounds,
            TrapCode::UninitializedElement | TrapCode::NullFunctionReference => {
                TrapKind::IndirectCallToNull
            }
            TrapCode::IndirectCallTypeMismatch => TrapKind::IndirectCallTypeMismatch,
            TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
            TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
            TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
            TrapCode::StackOverflow => TrapKind::Exhaustion,
            TrapCode::Host => TrapKind::Host,
            TrapCode::Unsupported => TrapKind::Unsupported,
            _ => TrapKind::Unknown,
        }),
        ErrorKind::Host(_) => Failure::Trap(TrapKind::Host),
        ErrorKind::Unsupported { .. } => Failure::Trap(TrapKind::Unsupported),
        _ => Failure::Other(format!("{e}")),
    }
}

fn wasmi_failure(e: &wasmi::Error) -> Failure {
    use wasmi::errors::ErrorKind;
    use wasmi::TrapCode;
    if let Some(code) = e.as_trap_code() {
        return Failure::Trap(match code {
            TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
            TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
            TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
            TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
            TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
            TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
            TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
            TrapCode::BadSignature => TrapKind::IndirectCallTypeMismatch,
            TrapCode::StackOverflow
            | TrapCode::OutOfFuel
            | TrapCode::GrowthOperationLimited
            | TrapCode::OutOfSystemMemory => TrapKind::Exhaustion,
        });
    }
    match e.kind() {
        ErrorKind::Message(_) | ErrorKind::Host(_) => Failure::Trap(TrapKind::Host),
        // An active element segment out of bounds at instantiation: the spec's trap.
        ErrorKind::Instantiation(wasmi::errors::InstantiationError::ElementSegmentDoesNotFit {
            ..
        }) => Failure::Trap(TrapKind::TableOutOfBounds),
        _ => Failure::Other(format!("{e}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Type conversions.

fn mica_ty(t: &mica::ValType) -> Option<Ty> {
    use mica::{HeapType, ValType};
    Some(match t {
        ValType::I32 => Ty::I32,
        ValType::I64 => Ty::I64,
        ValType::F32 => Ty::F32,
        ValType::F64 => Ty::F64,
        ValType::Ref(r) if r.nullable && r.heap == HeapType::Func => Ty::FuncRef,
        ValType::Ref(r) if r.nullable && r.heap == HeapType::Extern => Ty::ExternRef,
        _ => return None,
    })
}

fn to_mica_ty(t: Ty) -> mica::ValType {
    match t {
        Ty::I32 => mica::ValType::I32,
        Ty::I64 => mica::ValType::I64,
        Ty::F32 => mica::ValType::F32,
        Ty::F64 => mica::ValType::F64,
        Ty::FuncRef => mica::ValType::FUNCREF,
        Ty::ExternRef => mica::ValType::EXTERNREF,
    }
}

fn to_wasmi_ty(t: Ty) -> wasmi::ValType {
    match t {
        Ty::I32 => wasmi::ValType::I32,
        Ty::I64 => wasmi::ValType::I64,
        Ty::F32 => wasmi::ValType::F32,
        Ty::F64 => wasmi::ValType::F64,
        Ty::FuncRef => wasmi::ValType::FuncRef,
        Ty::ExternRef => wasmi::ValType::ExternRef,
    }
}

fn ty_name(t: Option<Ty>) -> &'static str {
    match t {
        Some(Ty::I32) => "i32",
        Some(Ty::I64) => "i64",
        Some(Ty::F32) => "f32",
        Some(Ty::F64) => "f64",
        Some(Ty::FuncRef) => "funcref",
        Some(Ty::ExternRef) => "externref",
        None => "?",
    }
}

fn wasmi_ty(t: &wasmi::ValType) -> Option<Ty> {
    Some(match t {
        wasmi::ValType::I32 => Ty::I32,
        wasmi::ValType::I64 => Ty::I64,
        wasmi::ValType::F32 => Ty::F32,
        wasmi::ValType::F64 => Ty::F64,
        wasmi::ValType::FuncRef => Ty::FuncRef,
        wasmi::ValType::ExternRef => Ty::ExternRef,
        wasmi::ValType::V128 => return None,
    })
}

fn sig(
    params: impl Iterator<Item = Option<Ty>>,
    results: impl Iterator<Item = Option<Ty>>,
) -> String {
    let p: Vec<_> = params.map(ty_name).collect();
    let r: Vec<_> = results.map(ty_name).collect();
    format!("[{}] -> [{}]", p.join(" "), r.join(" "))
}

fn mica_sig(ty: &mica::FuncType) -> String {
    sig(
        ty.params().iter().map(mica_ty),
        ty.results().iter().map(mica_ty),
    )
}

fn wasmi_sig(ty: &wasmi::FuncType) -> String {
    sig(
        ty.params().iter().map(wasmi_ty),
        ty.results().iter().map(wasmi_ty),
    )
}

fn from_mica(store: &mica::Store<HostLog>, v: &mica::Val) -> Value {
    match v {
        mica::Val::I32(x) => Value::I32(*x),
        mica::Val::I64(x) => Value::I64(*x),
        mica::Val::F32(x) => Value::F32(*x),
        mica::Val::F64(x) => Value::F64(*x),
        mica::Val::FuncRef(f) => Value::FuncRef(f.map(|f| mica_sig(&f.ty(store)))),
        mica::Val::ExternRef(e) => Value::ExternRef(e.is_some()),
        // V128 and other null references never occur with the generated modules.
        other => Value::ExternRef(!other.is_null()),
    }
}

fn to_mica(v: &Value) -> mica::Val {
    match v {
        Value::I32(x) => mica::Val::I32(*x),
        Value::I64(x) => mica::Val::I64(*x),
        Value::F32(x) => mica::Val::F32(*x),
        Value::F64(x) => mica::Val::F64(*x),
        Value::FuncRef(_) => mica::Val::FuncRef(None),
        Value::ExternRef(_) => mica::Val::ExternRef(None),
    }
}

fn from_wasmi(store: &wasmi::Store<WasmiData>, v: &wasmi::Val) -> Value {
    match v {
        wasmi::Val::I32(x) => Value::I32(*x),
        wasmi::Val::I64(x) => Value::I64(*x),
        wasmi::Val::F32(x) => Value::F32(x.to_bits()),
        wasmi::Val::F64(x) => Value::F64(x.to_bits()),
        wasmi::Val::FuncRef(f) => Value::FuncRef(match f {
            wasmi::Nullable::Null => None,
            wasmi::Nullable::Val(f) => Some(wasmi_sig(&f.ty(store))),
        }),
        wasmi::Val::ExternRef(e) => Value::ExternRef(!matches!(e, wasmi::Nullable::Null)),
        wasmi::Val::V128(_) => Value::ExternRef(true),
    }
}

fn from_wasmi_ref(store: &wasmi::Store<WasmiData>, r: &wasmi::Ref) -> Value {
    match r {
        wasmi::Ref::Func(f) => Value::FuncRef(match f {
            wasmi::Nullable::Null => None,
            wasmi::Nullable::Val(f) => Some(wasmi_sig(&f.ty(store))),
        }),
        wasmi::Ref::Extern(e) => Value::ExternRef(!matches!(e, wasmi::Nullable::Null)),
    }
}

fn to_wasmi(v: &Value) -> wasmi::Val {
    match v {
        Value::I32(x) => wasmi::Val::I32(*x),
        Value::I64(x) => wasmi::Val::I64(*x),
        Value::F32(x) => wasmi::Val::F32(wasmi::F32::from_bits(*x)),
        Value::F64(x) => wasmi::Val::F64(wasmi::F64::from_bits(*x)),
        Value::FuncRef(_) => wasmi::Val::FuncRef(wasmi::Nullable::Null),
        Value::ExternRef(_) => wasmi::Val::ExternRef(wasmi::Nullable::Null),
    }
}

// ---------------------------------------------------------------------------------------------
// Host side: the same deterministic behaviour in both stores.

/// The log of host calls: how many, and a hash of every (import, arguments) pair in order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HostLog {
    calls: u64,
    hash: u64,
}

/// wasmi's store data: the host log and the limiter.
pub struct WasmiData {
    log: HostLog,
    limits: wasmi::StoreLimits,
}

fn mix(h: u64, x: u64) -> u64 {
    let mut z = (h ^ x).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The behaviour of host function `import`: results derived from its arguments; every 61st
/// or so argument hash traps (with a host error).
fn host_call(
    log: &mut HostLog,
    import: usize,
    args: &[Value],
    results: &[Ty],
) -> Option<Vec<Value>> {
    let mut h = mix(0, import as u64);
    for a in args {
        h = mix(h, a.bits());
    }
    log.calls += 1;
    log.hash = mix(log.hash, h);
    if h.is_multiple_of(61) {
        return None;
    }
    Some(
        results
            .iter()
            .enumerate()
            .map(|(i, t)| Value::from_bits(*t, mix(h, i as u64 + 1)))
            .collect(),
    )
}

/// What to create for one import.
#[derive(Debug, Clone)]
enum ImportPlan {
    Func { params: Vec<Ty>, results: Vec<Ty> },
    Global { ty: Ty, mutable: bool, init: Value },
    Memory { min: u32, max: Option<u32> },
    Table { ty: Ty, min: u32, max: Option<u32> },
}

fn plan_imports(module: &mica::Module) -> Result<Vec<(String, ImportPlan)>, String> {
    let mut plans = Vec::new();
    for (i, imp) in module.imports().enumerate() {
        let label = format!("import {}::{}", imp.module(), imp.name());
        let h = mix(0x1A2B, i as u64);
        let plan = match imp.ty() {
            mica::ExternType::Func(f) => ImportPlan::Func {
                params: f
                    .params()
                    .iter()
                    .map(mica_ty)
                    .collect::<Option<_>>()
                    .ok_or("function import of an unsupported type")?,
                results: f
                    .results()
                    .iter()
                    .map(mica_ty)
                    .collect::<Option<_>>()
                    .ok_or("function import of an unsupported type")?,
            },
            mica::ExternType::Global(g) => {
                let ty = mica_ty(&g.content).ok_or("global import of an unsupported type")?;
                ImportPlan::Global {
                    ty,
                    mutable: g.mutability == mica::Mutability::Var,
                    init: Value::from_bits(ty, h),
                }
            }
            mica::ExternType::Memory(m) => {
                if m.memory64 || m.shared {
                    return Err("memory64 or shared memory import".into());
                }
                ImportPlan::Memory {
                    min: m.minimum as u32,
                    max: m.maximum.map(|m| m as u32),
                }
            }
            mica::ExternType::Table(t) => ImportPlan::Table {
                ty: mica_ty(&mica::ValType::Ref(t.element))
                    .ok_or("table import of an unsupported element type")?,
                min: t.minimum as u32,
                max: t.maximum.map(|m| m as u32),
            },
            mica::ExternType::Tag(_) => return Err("tag import".into()),
        };
        plans.push((label, plan));
    }
    Ok(plans)
}

/// Fills an imported memory with a deterministic pattern (so reads of it are interesting).
fn memory_pattern(len: usize) -> Vec<u8> {
    let mut rng = Rng::new(0xBEEF);
    let mut data = rng.bytes(len.min(4096));
    data.resize(len, 0);
    data
}

fn mica_imports(
    store: &mut mica::Store<HostLog>,
    plans: &[(String, ImportPlan)],
) -> Result<Vec<mica::Extern>, String> {
    let mut out = Vec::new();
    for (i, (_, plan)) in plans.iter().enumerate() {
        let ext = match plan {
            ImportPlan::Func { params, results } => {
                let ty = mica::FuncType::new(
                    params.iter().map(|t| to_mica_ty(*t)),
                    results.iter().map(|t| to_mica_ty(*t)),
                );
                let results_ty = results.clone();
                let f = mica::Func::new(&mut *store, ty, move |mut caller, args, res| {
                    let args: Vec<Value> = args.iter().map(from_mica_arg).collect();
                    match host_call(caller.data_mut(), i, &args, &results_ty) {
                        Some(vals) => {
                            for (slot, v) in res.iter_mut().zip(&vals) {
                                *slot = to_mica(v);
                            }
                            Ok(())
                        }
                        None => Err(mica::Error::msg("host trap")),
                    }
                });
                mica::Extern::Func(f)
            }
            ImportPlan::Global { ty, mutable, init } => {
                let gty = mica::GlobalType::new(
                    to_mica_ty(*ty),
                    if *mutable {
                        mica::Mutability::Var
                    } else {
                        mica::Mutability::Const
                    },
                );
                mica::Extern::Global(
                    mica::Global::new(&mut *store, gty, to_mica(init))
                        .map_err(|e| format!("mica global: {e}"))?,
                )
            }
            ImportPlan::Memory { min, max } => {
                let m = mica::Memory::new(&mut *store, mica::MemoryType::new(*min, *max))
                    .map_err(|e| format!("mica memory: {e}"))?;
                let data = memory_pattern(m.data_size(&*store));
                m.write(&mut *store, 0, &data)
                    .map_err(|e| format!("mica memory write: {e}"))?;
                mica::Extern::Memory(m)
            }
            ImportPlan::Table { ty, min, max } => {
                let element = match ty {
                    Ty::FuncRef => mica::RefType::FUNCREF,
                    _ => mica::RefType::EXTERNREF,
                };
                let init = to_mica(&Value::default_of(*ty));
                mica::Extern::Table(
                    mica::Table::new(&mut *store, mica::TableType::new(element, *min, *max), init)
                        .map_err(|e| format!("mica table: {e}"))?,
                )
            }
        };
        out.push(ext);
    }
    Ok(out)
}

/// Host functions see arguments without a store; references are reported by null-ness only.
fn from_mica_arg(v: &mica::Val) -> Value {
    match v {
        mica::Val::I32(x) => Value::I32(*x),
        mica::Val::I64(x) => Value::I64(*x),
        mica::Val::F32(x) => Value::F32(*x),
        mica::Val::F64(x) => Value::F64(*x),
        mica::Val::FuncRef(f) => Value::FuncRef(f.map(|_| String::new())),
        other => Value::ExternRef(!other.is_null()),
    }
}

fn from_wasmi_arg(v: &wasmi::Val) -> Value {
    match v {
        wasmi::Val::I32(x) => Value::I32(*x),
        wasmi::Val::I64(x) => Value::I64(*x),
        wasmi::Val::F32(x) => Value::F32(x.to_bits()),
        wasmi::Val::F64(x) => Value::F64(x.to_bits()),
        wasmi::Val::FuncRef(f) => {
            Value::FuncRef((!matches!(f, wasmi::Nullable::Null)).then(String::new))
        }
        wasmi::Val::ExternRef(e) => Value::ExternRef(!matches!(e, wasmi::Nullable::Null)),
        wasmi::Val::V128(_) => Value::ExternRef(true),
    }
}

fn wasmi_imports(
    store: &mut wasmi::Store<WasmiData>,
    plans: &[(String, ImportPlan)],
) -> Result<Vec<wasmi::Extern>, String> {
    let mut out = Vec::new();
    for (i, (_, plan)) in plans.iter().enumerate() {
        let ext = match plan {
            ImportPlan::Func { params, results } => {
                let ty = wasmi::FuncType::new(
                    params.iter().map(|t| to_wasmi_ty(*t)),
                    results.iter().map(|t| to_wasmi_ty(*t)),
                );
                let results_ty = results.clone();
                let f = wasmi::Func::new(
                    &mut *store,
                    ty,
                    move |mut caller: wasmi::Caller<'_, WasmiData>, args, res| {
                        let args: Vec<Value> = args.iter().map(from_wasmi_arg).collect();
                        match host_call(&mut caller.data_mut().log, i, &args, &results_ty) {
                            Some(vals) => {
                                for (slot, v) in res.iter_mut().zip(&vals) {
                                    *slot = to_wasmi(v);
                                }
                                Ok(())
                            }
                            None => Err(wasmi::Error::new("host trap")),
                        }
                    },
                );
                wasmi::Extern::Func(f)
            }
            ImportPlan::Global { mutable, init, .. } => wasmi::Extern::Global(wasmi::Global::new(
                &mut *store,
                to_wasmi(init),
                if *mutable {
                    wasmi::Mutability::Var
                } else {
                    wasmi::Mutability::Const
                },
            )),
            ImportPlan::Memory { min, max } => {
                let m = wasmi::Memory::new(&mut *store, wasmi::MemoryType::new(*min, *max))
                    .map_err(|e| format!("wasmi memory: {e}"))?;
                let data = memory_pattern(m.data_size(&*store));
                m.write(&mut *store, 0, &data)
                    .map_err(|e| format!("wasmi memory write: {e}"))?;
                wasmi::Extern::Memory(m)
            }
            ImportPlan::Table { ty, min, max } => {
                let (element, init) = match ty {
                    Ty::FuncRef => (
                        wasmi::RefType::Func,
                        wasmi::Ref::Func(wasmi::Nullable::Null),
                    ),
                    _ => (
                        wasmi::RefType::Extern,
                        wasmi::Ref::Extern(wasmi::Nullable::Null),
                    ),
                };
                wasmi::Extern::Table(
                    wasmi::Table::new(
                        &mut *store,
                        wasmi::TableType::new(element, *min, *max),
                        init,
                    )
                    .map_err(|e| format!("wasmi table: {e}"))?,
                )
            }
        };
        out.push(ext);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Arguments.

fn arg_value(rng: &mut Rng, ty: Ty) -> Value {
    let pick = rng.below(10);
    match ty {
        Ty::I32 => Value::I32(match pick {
            0 => 0,
            1 => 1,
            2 => -1,
            3 => i32::MIN,
            4 => i32::MAX,
            5..=6 => rng.below(256) as i32,
            7 => rng.below(65536 * 2) as i32,
            _ => rng.next_u64() as i32,
        }),
        Ty::I64 => Value::I64(match pick {
            0 => 0,
            1 => 1,
            2 => -1,
            3 => i64::MIN,
            4 => i64::MAX,
            5..=6 => rng.below(256) as i64,
            7 => i32::MIN as i64,
            _ => rng.next_u64() as i64,
        }),
        Ty::F32 => Value::F32(match pick {
            0 => 0.0f32.to_bits(),
            1 => (-0.0f32).to_bits(),
            2 => 1.0f32.to_bits(),
            3 => f32::INFINITY.to_bits(),
            4 => f32::NEG_INFINITY.to_bits(),
            5 => f32::NAN.to_bits(),
            6 => (rng.below(1 << 20) as f32 - 1000.0).to_bits(),
            7 => 2147483648.0f32.to_bits(),
            _ => rng.next_u64() as u32,
        }),
        Ty::F64 => Value::F64(match pick {
            0 => 0.0f64.to_bits(),
            1 => (-0.0f64).to_bits(),
            2 => 1.0f64.to_bits(),
            3 => f64::INFINITY.to_bits(),
            4 => f64::NEG_INFINITY.to_bits(),
            5 => f64::NAN.to_bits(),
            6 => (rng.below(1 << 20) as f64 - 1000.5).to_bits(),
            7 => 9223372036854775808.0f64.to_bits(),
            _ => rng.next_u64(),
        }),
        Ty::FuncRef => Value::FuncRef(None),
        Ty::ExternRef => Value::ExternRef(false),
    }
}

// ---------------------------------------------------------------------------------------------
// The two sides.

struct Sides {
    mstore: mica::Store<HostLog>,
    wstore: wasmi::Store<WasmiData>,
    /// Objects observed on both sides after each step: (label, mica, wasmi).
    observed: Vec<(String, mica::Extern, wasmi::Extern)>,
}

impl Sides {
    fn compare_state(&mut self, stage: &str) -> Result<(), Divergence> {
        let stage = || format!("state after {stage}");
        for (label, m, w) in &self.observed {
            match (m, w) {
                (mica::Extern::Memory(m), wasmi::Extern::Memory(w)) => {
                    let (ms, ws) = (m.size(&self.mstore), w.size(&self.wstore));
                    if ms != ws {
                        return Err(diverge(
                            stage(),
                            format!("{label}: size {ms} pages in mica, {ws} in wasmi"),
                        ));
                    }
                    let md = m.data(&self.mstore);
                    let wd = w.data(&self.wstore);
                    if md != wd {
                        let at = md
                            .iter()
                            .zip(wd)
                            .position(|(a, b)| a != b)
                            .unwrap_or(md.len().min(wd.len()));
                        let end = (at + 16).min(md.len()).min(wd.len());
                        return Err(diverge(
                            stage(),
                            format!(
                                "{label}: bytes differ from offset {at}: mica {:02x?}, wasmi {:02x?} \
                                 (lengths {} and {})",
                                &md[at..end],
                                &wd[at..end],
                                md.len(),
                                wd.len()
                            ),
                        ));
                    }
                }
                (mica::Extern::Global(m), wasmi::Extern::Global(w)) => {
                    let mv = from_mica(&self.mstore, &m.get(&self.mstore)).canonical();
                    let wv = from_wasmi(&self.wstore, &w.get(&self.wstore)).canonical();
                    if mv != wv {
                        return Err(diverge(
                            stage(),
                            format!("{label}: mica {mv:?}, wasmi {wv:?}"),
                        ));
                    }
                }
                (mica::Extern::Table(m), wasmi::Extern::Table(w)) => {
                    let (ms, ws) = (m.size(&self.mstore), w.size(&self.wstore));
                    if ms != ws {
                        return Err(diverge(
                            stage(),
                            format!("{label}: size {ms} in mica, {ws} in wasmi"),
                        ));
                    }
                    for i in 0..ms {
                        let mv = m
                            .get(&mut self.mstore, i)
                            .map(|v| from_mica(&self.mstore, &v));
                        let wv = w
                            .get(&self.wstore, i)
                            .map(|r| from_wasmi_ref(&self.wstore, &r));
                        if mv != wv {
                            return Err(diverge(
                                stage(),
                                format!("{label}[{i}]: mica {mv:?}, wasmi {wv:?}"),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        let (ml, wl) = (*self.mstore.data(), self.wstore.data().log);
        if ml != wl {
            return Err(diverge(
                stage(),
                format!(
                    "host calls: mica made {} (hash {:016x}), wasmi {} (hash {:016x})",
                    ml.calls, ml.hash, wl.calls, wl.hash
                ),
            ));
        }
        Ok(())
    }
}

/// wasmi 2.0.0 miscompiles some guarded divisions (see
/// tests/regressions/wasmi_rem_s_after_select.wat): in a module generated with
/// `disallow_traps`, a division, overflow or conversion trap raised by wasmi alone is that bug.
fn wasmi_bug(opts: &Options, mica: &Option<Failure>, wasmi: &Option<Failure>) -> bool {
    opts.traps_disallowed
        && matches!(
            wasmi,
            Some(Failure::Trap(
                TrapKind::IntegerDivisionByZero
                    | TrapKind::IntegerOverflow
                    | TrapKind::BadConversionToInteger
            ))
        )
        && mica != wasmi
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}

fn mica_engine() -> mica::Engine {
    mica::Engine::default()
}

fn wasmi_engine() -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    config.compilation_mode(wasmi::CompilationMode::Eager);
    // Generated modules recurse at most DEFAULT_FUEL deep: leave room (wasmi's default depth
    // is 1000 frames and 1 MB of value stack).
    config.set_max_recursion_depth(10_000);
    config.set_max_stack_height(16 << 20);
    wasmi::Engine::new(&config)
}

/// Whether mica rejects `bytes` as unsupported (the caller should skip the module).
fn mica_unsupported(e: &mica::Error) -> bool {
    matches!(e.kind(), mica::ErrorKind::Unsupported { .. })
}

/// Compares mica and wasmi on one module. `Ok` describes what was compared; `Err` is the
/// first divergence.
pub fn differential(bytes: &[u8], opts: &Options) -> Result<Outcome, Divergence> {
    // 1. Compile.
    let mengine = mica_engine();
    let wengine = wasmi_engine();
    let mmod = mica::Module::from_binary(&mengine, bytes);
    // wasmi 2.0.0's translator panics on some valid modules (`unreachable!()` in its store
    // translation, tests/regressions/wasmi-crash/): that is wasmi's bug, not a finding.
    let wmod = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wasmi::Module::new(&wengine, bytes)
    })) {
        Ok(m) => m,
        Err(_) => return Ok(Outcome::Skipped("wasmi panicked while compiling".into())),
    };
    let (mmod, wmod) = match (mmod, wmod) {
        (Err(e), _) if mica_unsupported(&e) => return Ok(Outcome::Skipped(format!("{e}"))),
        (Ok(m), Ok(w)) => (m, w),
        (Err(_), Err(_)) => return Ok(Outcome::BothRejected),
        (Ok(_), Err(e)) => {
            return Err(diverge(
                "validation",
                format!("mica accepts the module, wasmi rejects it: {e}"),
            ))
        }
        (Err(e), Ok(_)) => {
            return Err(diverge(
                "validation",
                format!("mica rejects the module, wasmi accepts it: {e}"),
            ))
        }
    };

    // 2. Imports.
    let plans = match plan_imports(&mmod) {
        Ok(p) => p,
        Err(why) => return Ok(Outcome::Skipped(why)),
    };
    if wmod.imports().len() != plans.len() {
        return Err(diverge(
            "validation",
            format!(
                "mica sees {} imports, wasmi {}",
                plans.len(),
                wmod.imports().len()
            ),
        ));
    }
    let mut mstore = mica::Store::new(&mengine, HostLog::default());
    mstore.limiter(
        mica::StoreLimitsBuilder::new()
            .memory_size(opts.memory_limit)
            .table_elements(opts.table_limit)
            .build(),
    );
    let mut wstore = wasmi::Store::new(
        &wengine,
        WasmiData {
            log: HostLog::default(),
            limits: wasmi::StoreLimitsBuilder::new()
                .memory_size(opts.memory_limit)
                .table_elements(opts.table_limit)
                .build(),
        },
    );
    wstore.limiter(|d| &mut d.limits);
    let mimports = match mica_imports(&mut mstore, &plans) {
        Ok(i) => i,
        Err(e) => return Ok(Outcome::Skipped(e)),
    };
    let wimports = match wasmi_imports(&mut wstore, &plans) {
        Ok(i) => i,
        Err(e) => return Ok(Outcome::Skipped(e)),
    };
    let observed: Vec<_> = plans
        .iter()
        .zip(mimports.iter().zip(&wimports))
        .filter(|(_, (m, _))| !matches!(m, mica::Extern::Func(_)))
        .map(|((label, _), (m, w))| (label.clone(), *m, *w))
        .collect();
    // wasmi's `Instance::new` takes the externs grouped by kind (functions, tables, memories,
    // globals; declaration order within each kind), not in the module's import order.
    let kind_rank = |e: &wasmi::Extern| match e {
        wasmi::Extern::Func(_) => 0,
        wasmi::Extern::Table(_) => 1,
        wasmi::Extern::Memory(_) => 2,
        wasmi::Extern::Global(_) => 3,
    };
    let mut wimports_by_kind = wimports.clone();
    wimports_by_kind.sort_by_key(kind_rank);
    let mut sides = Sides {
        mstore,
        wstore,
        observed,
    };

    // 3. Instantiate.
    let minst = mica::Instance::new(&mut sides.mstore, &mmod, &mimports);
    let winst = wasmi::Instance::new(&mut sides.wstore, &wmod, &wimports_by_kind);
    let (minst, winst) = match (minst, winst) {
        (Ok(m), Ok(w)) => (m, w),
        (m, w) => {
            let mf = m.as_ref().err().map(mica_failure);
            let wf = w.as_ref().err().map(wasmi_failure);
            let inconclusive = mf.as_ref().is_some_and(Failure::is_inconclusive)
                || wf.as_ref().is_some_and(Failure::is_inconclusive)
                || wasmi_bug(opts, &mf, &wf);
            if mf == Some(Failure::Trap(TrapKind::Unsupported)) {
                return Ok(Outcome::Skipped(
                    "mica: unsupported at instantiation".into(),
                ));
            }
            let alike = match (&mf, &wf) {
                (Some(Failure::Other(_)), Some(Failure::Other(_))) => true,
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            if !alike && !inconclusive {
                let show_m = match &m {
                    Ok(_) => "instantiates".to_string(),
                    Err(e) => format!("fails: {} ({mf:?})", first_line(&e.to_string())),
                };
                let show_w = match &w {
                    Ok(_) => "instantiates".to_string(),
                    Err(e) => format!("fails: {} ({wf:?})", first_line(&e.to_string())),
                };
                return Err(diverge(
                    "instantiation",
                    format!("mica {show_m}; wasmi {show_w}"),
                ));
            }
            if !inconclusive {
                sides.compare_state("failed instantiation")?;
            }
            return Ok(Outcome::Compared {
                instantiated: false,
                calls: 0,
                traps: 0,
                inconclusive: inconclusive.then(|| {
                    format!(
                        "instantiation: mica {:?}, wasmi {:?}",
                        m.err().map(|e| first_line(&e.to_string())),
                        w.err().map(|e| first_line(&e.to_string()))
                    )
                }),
            });
        }
    };

    // Exports to observe and to call.
    let mut funcs = Vec::new();
    for exp in mmod.exports() {
        let name = exp.name().to_string();
        let (Some(m), Some(w)) = (
            minst.get_export(&sides.mstore, &name),
            winst.get_export(&sides.wstore, &name),
        ) else {
            return Err(diverge(
                "instantiation",
                format!("export `{name}` missing on one side"),
            ));
        };
        match (&m, &w) {
            (mica::Extern::Func(mf), wasmi::Extern::Func(wf)) => {
                let mty = mf.ty(&sides.mstore);
                let wty = wf.ty(&sides.wstore);
                if mica_sig(&mty) != wasmi_sig(&wty) {
                    return Err(diverge(
                        "instantiation",
                        format!(
                            "export `{name}`: type {} in mica, {} in wasmi",
                            mica_sig(&mty),
                            wasmi_sig(&wty)
                        ),
                    ));
                }
                let Some(params) = mty.params().iter().map(mica_ty).collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                let Some(results) = mty
                    .results()
                    .iter()
                    .map(mica_ty)
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                funcs.push((name, *mf, *wf, params, results));
            }
            (mica::Extern::Func(_), _)
            | (_, wasmi::Extern::Func(_))
            | (mica::Extern::Tag(_), _) => {
                if !matches!(m, mica::Extern::Tag(_)) {
                    return Err(diverge(
                        "instantiation",
                        format!("export `{name}` has different kinds"),
                    ));
                }
            }
            _ => sides.observed.push((format!("export {name}"), m, w)),
        }
    }
    sides.compare_state("instantiation")?;

    // 4. Calls, each with a full tank of fuel when the module exports its fuel global.
    let fuel = match (
        minst.get_global(&sides.mstore, crate::generate::FUEL_EXPORT),
        winst.get_global(&sides.wstore, crate::generate::FUEL_EXPORT),
    ) {
        (Some(m), Some(w)) => Some((m, w)),
        _ => None,
    };
    let mut rng = Rng::new(opts.arg_seed);
    let mut calls = 0;
    let mut traps = 0;
    for round in 0..opts.calls_per_export {
        for (name, mf, wf, params, results) in &funcs {
            let args: Vec<Value> = params.iter().map(|t| arg_value(&mut rng, *t)).collect();
            let margs: Vec<mica::Val> = args.iter().map(to_mica).collect();
            let wargs: Vec<wasmi::Val> = args.iter().map(to_wasmi).collect();
            let mut mres: Vec<mica::Val> = results
                .iter()
                .map(|t| to_mica(&Value::default_of(*t)))
                .collect();
            let mut wres: Vec<wasmi::Val> = results
                .iter()
                .map(|t| to_wasmi(&Value::default_of(*t)))
                .collect();
            if let Some((m, w)) = &fuel {
                let full = crate::generate::DEFAULT_FUEL as i32;
                let _ = m.set(&mut sides.mstore, mica::Val::I32(full));
                let _ = w.set(&mut sides.wstore, wasmi::Val::I32(full));
            }
            let mr = mf.call(&mut sides.mstore, &margs, &mut mres);
            let wr = wf.call(&mut sides.wstore, &wargs, &mut wres);
            let stage = format!("call `{name}`#{round} with {args:?}");
            match (mr, wr) {
                (Ok(()), Ok(())) => {
                    let mv: Vec<Value> = mres
                        .iter()
                        .map(|v| from_mica(&sides.mstore, v).canonical())
                        .collect();
                    let wv: Vec<Value> = wres
                        .iter()
                        .map(|v| from_wasmi(&sides.wstore, v).canonical())
                        .collect();
                    if mv != wv {
                        return Err(diverge(
                            stage,
                            format!("results: mica {mv:?}, wasmi {wv:?}"),
                        ));
                    }
                }
                (mr, wr) => {
                    let mf = mr.as_ref().err().map(mica_failure);
                    let wf = wr.as_ref().err().map(wasmi_failure);
                    // wasmi 2.0.0 miscompiles some guarded divisions (see
                    // tests/regressions/wasmi_rem_s_after_select.wat).
                    let wasmi_bug = wasmi_bug(opts, &mf, &wf);
                    if wasmi_bug
                        || mf.as_ref().is_some_and(Failure::is_inconclusive)
                        || wf.as_ref().is_some_and(Failure::is_inconclusive)
                    {
                        return Ok(Outcome::Compared {
                            instantiated: true,
                            calls,
                            traps,
                            inconclusive: Some(format!(
                                "{}{stage}: mica {:?}, wasmi {:?}",
                                if wasmi_bug { "wasmi bug: " } else { "" },
                                mr.err().map(|e| first_line(&e.to_string())),
                                wr.err().map(|e| first_line(&e.to_string()))
                            )),
                        });
                    }
                    if mf != wf || mf.is_none() {
                        let show_m = match &mr {
                            Ok(()) => format!("returns {mres:?}"),
                            Err(e) => format!("fails: {}", first_line(&e.to_string())),
                        };
                        let show_w = match &wr {
                            Ok(()) => format!("returns {wres:?}"),
                            Err(e) => format!("fails: {e}"),
                        };
                        return Err(diverge(stage, format!("mica {show_m}; wasmi {show_w}")));
                    }
                    traps += 1;
                }
            }
            calls += 1;
            sides.compare_state(&stage)?;
        }
    }
    Ok(Outcome::Compared {
        instantiated: true,
        calls,
        traps,
        inconclusive: None,
    })
}
