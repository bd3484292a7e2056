//! # mica-fuzzing
//!
//! Robustness tooling for mica:
//!
//! - [`generate`]: `wasm-smith` configured to the proposals mica (and wasmi 2.0) support, with
//!   NaN canonicalisation and guaranteed termination;
//! - [`oracle`]: the differential oracle: instantiate a module in mica and in wasmi with the
//!   same (deterministic) imports, call every exported function with the same arguments and
//!   compare results, traps, exported/imported memories, globals and tables after each call;
//! - [`hostile`]: the checks of the `load` and `instantiate` fuzz targets (arbitrary bytes and
//!   mutated modules must never panic; random extern lists must give link errors, not panics);
//! - [`rng`]: a tiny deterministic PRNG used to turn seeds into input bytes and arguments.
//!
//! The same functions back the cargo-fuzz targets in `/fuzz`, the stable `fuzz-driver` binary
//! and the deterministic `differential` test.

pub mod generate;
pub mod hostile;
pub mod oracle;
pub mod rng;

pub use oracle::{differential, Divergence, Options, Outcome, Stats};
