//! Load-time validation of a function body in one pass over its operators, refusing those of
//! the proposals mica validates but does not execute (GC, exceptions, SIMD, threads, ...).
//!
//! The validator's own visitor is wrapped, so no operator is decoded twice nor built as an
//! [`Operator`](wasmparser::Operator) value (decoding dominated the load time of real programs).

use wasmparser::{
    BinaryReaderError, FuncValidator, FunctionBody, ValidatorResources, VisitOperator,
    VisitSimdOperator,
};

use crate::error::{Error, Result};

/// Whether mica executes operator `op` of proposal `proposal` (wasmparser's names): those of the
/// proposals it implements, but for `select` with several results. Called with constant names
/// from the operator visitors, where it folds to a constant per visit method.
#[inline]
pub(crate) fn operator_supported(op: &str, proposal: &str) -> bool {
    let proposal_supported = matches!(
        proposal,
        "mvp"
            | "sign_extension"
            | "saturating_float_to_int"
            | "bulk_memory"
            | "reference_types"
            | "tail_call"
            | "function_references"
    );
    proposal_supported && op != "TypedSelectMulti"
}

/// `Ok` for an operator mica executes, else its `Unsupported` error at `offset`.
#[inline]
pub(crate) fn check_operator(op: &str, proposal: &str, offset: u64) -> Result<()> {
    if operator_supported(op, proposal) {
        Ok(())
    } else {
        Err(unsupported(op, proposal, offset))
    }
}

/// The error for operator `op` of unsupported proposal `proposal`.
pub(crate) fn unsupported(op: &str, proposal: &str, offset: u64) -> Error {
    if op == "TypedSelectMulti" {
        return Error::unsupported(Some(offset), "select with multiple results");
    }
    let what = match proposal {
        "gc" | "exceptions" | "legacy_exceptions" | "custom_descriptors" => "GC/exceptions",
        "simd" | "relaxed_simd" => "SIMD",
        "threads" | "shared_everything_threads" => "threads",
        p => p,
    };
    Error::unsupported(Some(offset), format!("{op} ({what} not supported)"))
}

/// Why an operator was not accepted.
enum Refusal {
    Invalid(BinaryReaderError),
    /// Operator and proposal names.
    Unsupported(&'static str, &'static str),
}

/// The validator's visitor, refusing unsupported operators before they reach it.
struct Supported<V> {
    inner: V,
}

macro_rules! define_visit {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                // A constant: each method either delegates or refuses.
                if !operator_supported(stringify!($op), stringify!($proposal)) {
                    return Err(Refusal::Unsupported(stringify!($op), stringify!($proposal)));
                }
                self.inner.$visit($($($arg),*)?).map_err(Refusal::Invalid)
            }
        )*
    };
}

macro_rules! define_refuse_simd {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                $($(let _ = $arg;)*)?
                Err(Refusal::Unsupported(stringify!($op), stringify!($proposal)))
            }
        )*
    };
}

impl<'a, V> VisitOperator<'a> for Supported<V>
where
    V: VisitOperator<'a, Output = std::result::Result<(), BinaryReaderError>>,
{
    type Output = std::result::Result<(), Refusal>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_visit);
}

impl<'a, V> VisitSimdOperator<'a> for Supported<V>
where
    V: VisitOperator<'a, Output = std::result::Result<(), BinaryReaderError>>,
{
    wasmparser::for_each_visit_simd_operator!(define_refuse_simd);
}

/// Validates `body` completely, refusing unsupported operators (at the first one, before the
/// validator sees it).
pub(crate) fn validate_supported(
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<ValidatorResources>,
) -> Result<()> {
    let mut locals = body.get_locals_reader()?;
    for _ in 0..locals.get_count() {
        let offset = locals.original_position();
        let (count, ty) = locals.read()?;
        validator.define_locals(offset, count, ty)?;
    }
    let mut reader = locals.get_binary_reader();
    reader.set_features(*validator.features());
    let mut reader = wasmparser::OperatorsReader::new(reader);
    while !reader.eof() {
        let offset = reader.original_position();
        let mut visitor = Supported {
            inner: validator.visitor(offset),
        };
        match reader.visit_operator(&mut visitor)? {
            Ok(()) => {}
            Err(Refusal::Invalid(e)) => return Err(e.into()),
            Err(Refusal::Unsupported(op, proposal)) => {
                return Err(unsupported(op, proposal, offset))
            }
        }
    }
    let rest = reader.get_binary_reader();
    rest.finish_expression(&validator.visitor(rest.original_position()))?;
    Ok(())
}

/// Code sections smaller than this are validated on the calling thread only (threads cost more
/// than they save below about a millisecond of work).
const PARALLEL_MIN_BYTES: usize = 512 * 1024;
/// Most threads used to validate one module.
const MAX_THREADS: usize = 8;

/// A function body waiting for validation.
pub(crate) type PendingBody<'a> = (
    wasmparser::FuncToValidate<ValidatorResources>,
    FunctionBody<'a>,
);

/// Validates function bodies with [`validate_supported`]: on several threads when `parallel`
/// and the code is large enough, each taking a run of consecutive bodies. The error reported is
/// the first in function order, as when validating sequentially.
pub(crate) fn validate_bodies(bodies: Vec<PendingBody<'_>>, parallel: bool) -> Result<()> {
    let len = |b: &FunctionBody<'_>| (b.range().end - b.range().start) as usize;
    let bytes: usize = bodies.iter().map(|(_, b)| len(b)).sum();
    let threads = if parallel && bytes >= PARALLEL_MIN_BYTES {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
    } else {
        1
    };
    if threads <= 1 {
        return validate_run(bodies);
    }
    // Runs of about equal code size, in order.
    let per_run = bytes.div_ceil(threads);
    let mut runs = vec![Vec::new()];
    let mut size = 0;
    for body in bodies {
        size += len(&body.1);
        runs.last_mut().expect("one run at least").push(body);
        if size >= per_run {
            runs.push(Vec::new());
            size = 0;
        }
    }
    // Each run sits in a slot its thread takes it from; a run whose thread could not be started
    // stays in its slot and is validated here.
    let slots: Vec<std::sync::Mutex<Option<Vec<PendingBody<'_>>>>> = runs
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| std::sync::Mutex::new(Some(r)))
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (slots.iter().skip(1))
            .map(|slot| {
                std::thread::Builder::new()
                    .name("mica-validate".into())
                    .spawn_scoped(scope, || validate_run(take_run(slot)))
                    .ok()
            })
            .collect();
        let mut result = slots
            .first()
            .map_or(Ok(()), |slot| validate_run(take_run(slot)));
        for (slot, handle) in slots.iter().skip(1).zip(handles) {
            let r = match handle {
                Some(h) => h.join().unwrap_or_else(|_| {
                    Err(Error::compile(
                        None,
                        "internal error: a validation thread panicked",
                    ))
                }),
                None => validate_run(take_run(slot)),
            };
            if result.is_ok() {
                result = r;
            }
        }
        result
    })
}

/// The run in `slot`, leaving it empty.
fn take_run<'a>(slot: &std::sync::Mutex<Option<Vec<PendingBody<'a>>>>) -> Vec<PendingBody<'a>> {
    slot.lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .unwrap_or_default()
}

/// Validates consecutive bodies on this thread, reusing the validator's allocations.
fn validate_run(bodies: Vec<PendingBody<'_>>) -> Result<()> {
    let mut allocs = wasmparser::FuncValidatorAllocations::default();
    for (to_validate, body) in bodies {
        let mut validator = to_validate.into_validator(allocs);
        validate_supported(&body, &mut validator)?;
        allocs = validator.into_allocations();
    }
    Ok(())
}
