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

/// Whether mica executes the operators of `proposal` (a wasmparser proposal name).
pub(crate) fn proposal_supported(proposal: &str) -> bool {
    matches!(
        proposal,
        "mvp"
            | "sign_extension"
            | "saturating_float_to_int"
            | "bulk_memory"
            | "reference_types"
            | "tail_call"
            | "function_references"
    )
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
                // Both conditions are constants: each method either delegates or refuses.
                if !proposal_supported(stringify!($proposal)) || stringify!($op) == "TypedSelectMulti" {
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
