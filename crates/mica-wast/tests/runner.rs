//! The runner's own behaviour, on directives that need no execution.

use mica_wast::{Report, WastRunner};

fn run(text: &str) -> Report {
    WastRunner::new().run_str("test.wast", text)
}

fn messages(report: &Report) -> Vec<String> {
    report.failures.iter().map(ToString::to_string).collect()
}

#[test]
fn passing_directives_are_counted() {
    let report = run(r#"
        (module $a (func (export "f")) (memory (export "m") 1))
        (register "a" $a)
        (module (import "a" "f" (func)) (import "a" "m" (memory 1)))
        (module definition $d (import "spectest" "global_i32" (global i32)))
        (module instance $i $d)
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
        (assert_malformed (module quote "(func (i32.wrong))") "unknown operator")
        (assert_unlinkable (module (import "a" "g" (func))) "unknown import")
        (assert_unlinkable (module (import "a" "f" (func (param i32)))) "incompatible import type")
        (assert_unlinkable (module (import "a" "m" (memory 2))) "incompatible import type")
        (assert_trap (module (memory 1) (data (i32.const 65536) "x")) "out of bounds memory access")
    "#);
    assert_eq!(messages(&report), Vec::<String>::new());
    assert_eq!((report.passed, report.failed), (12, 0));
}

#[test]
fn failures_carry_file_line_and_reason() {
    let report = run("(module)\n(assert_invalid (module) \"type mismatch\")\n(assert_unlinkable (module) \"unknown import\")\n");
    assert_eq!((report.passed, report.failed), (1, 2));
    assert_eq!(
        messages(&report),
        [
            "test.wast:2: invalid module was accepted; expected error `type mismatch`",
            "test.wast:3: expected link error `unknown import`, got success: []",
        ]
    );
}

#[test]
fn a_message_mismatch_of_a_rejected_module_is_a_note() {
    let report = run(r#"(assert_invalid (module (func (result i32))) "some other text")"#);
    assert_eq!((report.passed, report.failed), (1, 0));
    assert_eq!(report.notes.len(), 1);
    assert!(
        report.notes[0].message.contains("some other text"),
        "{}",
        report.notes[0]
    );
}

#[test]
fn an_unknown_import_names_the_import() {
    let report = run(r#"(module (import "nowhere" "x" (func)))"#);
    assert_eq!(report.failed, 1);
    assert!(
        report.failures[0]
            .message
            .contains("unknown import: `nowhere::x`"),
        "{}",
        report.failures[0]
    );
}

#[test]
fn a_failed_module_is_not_silently_replaced_by_the_previous_one() {
    let report = run(r#"
        (module (func (export "f")))
        (module (import "nowhere" "x" (func)))
        (register "r")
    "#);
    assert_eq!(report.failed, 2);
    assert!(
        report.failures[1]
            .message
            .contains("the module of line 3 failed"),
        "{}",
        report.failures[1]
    );
}

#[test]
fn unsupported_directives_are_failures_with_a_reason() {
    let report = run(r#"
        (module (func (export "f")))
        (assert_exception (invoke "f"))
        (thread $t (module))
        (wait $t)
    "#);
    assert_eq!(report.passed, 1);
    assert_eq!(report.failed, 3);
    assert!(
        report
            .failures
            .iter()
            .all(|f| f.message.starts_with("unsupported: ")),
        "{:?}",
        messages(&report)
    );
}

#[test]
fn a_script_that_does_not_parse_is_one_failure_at_its_line() {
    let report = run("(module)\n\n(assert_bogus)\n");
    assert_eq!((report.passed, report.failed), (0, 1));
    assert_eq!(report.failures[0].line, 3);
    assert!(
        report.failures[0]
            .message
            .starts_with("cannot parse the script"),
        "{}",
        report.failures[0]
    );
}

#[test]
fn a_missing_file_is_one_failure() {
    let report = WastRunner::new().run_file("/nonexistent/x.wast");
    assert_eq!((report.passed, report.failed), (0, 1));
    assert!(report.failures[0]
        .to_string()
        .starts_with("/nonexistent/x.wast:0: cannot read the script"));
}

#[test]
fn spectest_globals_have_their_values() {
    let report = run(r#"
        (module $m
          (import "spectest" "global_i32" (global i32))
          (import "spectest" "global_i64" (global i64))
          (import "spectest" "global_f32" (global f32))
          (import "spectest" "global_f64" (global f64))
          (global (export "i32") i32 (global.get 0))
          (global (export "i64") i64 (global.get 1))
          (global (export "f32") f32 (global.get 2))
          (global (export "f64") f64 (global.get 3)))
        (assert_return (get "i32") (i32.const 666))
        (assert_return (get "i64") (i64.const 666))
        (assert_return (get "f32") (f32.const 666.6))
        (assert_return (get "f64") (either (f64.const 1) (f64.const 666.6)))
        (assert_return (get "f64") (f64.const 666))
    "#);
    assert_eq!(report.passed, 5, "{:?}", messages(&report));
    assert_eq!(messages(&report), ["test.wast:15: expected [f64:666 (0x4084d00000000000)], got [f64:666.6 (0x4084d4cccccccccd)]"]);
}

#[test]
fn report_summary_line() {
    let report = run("(module) (assert_invalid (module) \"x\")");
    assert_eq!(report.to_string(), "1 passed, 1 failed");
}
