//! Chooses the interpreter's dispatch mode (see `src/interp/handlers.rs`).
//!
//! `mica_tail_dispatch` is set when handlers may tail-call each other: the build optimises
//! (`opt-level` 2, 3, `s` or `z`: LLVM turns the calls into jumps only then) and the target is
//! one where that sibling-call optimisation is known to apply to the handlers' signature
//! (x86-64, AArch64), unless the `portable-dispatch` feature asks for the loop.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(mica_tail_dispatch)");
    println!("cargo::rerun-if-changed=build.rs");
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let optimising = matches!(opt.as_str(), "2" | "3" | "s" | "z");
    let arch_ok = matches!(arch.as_str(), "x86_64" | "aarch64");
    let portable = std::env::var_os("CARGO_FEATURE_PORTABLE_DISPATCH").is_some();
    if optimising && arch_ok && !portable {
        println!("cargo::rustc-cfg=mica_tail_dispatch");
    }
}
