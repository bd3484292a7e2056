#!/usr/bin/env bash
# Builds and runs the workspace test suite under AddressSanitizer.
#
#   scripts/asan.sh                  # the whole workspace (unit, integration, spec, differential)
#   scripts/asan.sh -p mica          # extra arguments go to `cargo test`
#
# Sanitizers are a nightly flag; the stable toolchain accepts it with RUSTC_BOOTSTRAP=1. Only
# the code cargo builds is instrumented (std is not: no -Zbuild-std), which catches
# out-of-bounds and use-after-free accesses in mica's own unsafe code (linear memory, tables,
# the interpreter's value stack and frames). The explicit --target keeps build scripts and
# proc macros uninstrumented, as they must be. Doctests are not run (rustdoc would need the
# same flags for every doctest binary; they hold no unsafe code).
set -euo pipefail
cd "$(dirname "$0")/.."

target="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Zsanitizer=address -Cforce-frame-pointers=yes ${RUSTFLAGS:-}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/asan}"
# Leak checking stays on; any report makes the test binary exit non-zero.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=0:abort_on_error=0:halt_on_error=1}"
# The spec testsuite recurses deeply (call stack exhaustion tests): ASan's redzones need a
# larger native stack for the test threads.
export RUST_MIN_STACK="${RUST_MIN_STACK:-67108864}"

echo "asan: target $target, CARGO_TARGET_DIR=$CARGO_TARGET_DIR"
if [ "$#" -eq 0 ]; then
    set -- --workspace
fi
cargo test --target "$target" --lib --bins --tests "$@"
echo "asan: no AddressSanitizer report; all tests passed"
