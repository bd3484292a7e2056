//! The interpreter's handlers run in constant native stack.
//!
//! In optimised builds on x86-64 and AArch64 the handlers tail-call each other
//! (`src/interp/handlers.rs`); that only works if the compiler turns every one of those calls
//! into a jump. These tests run loops of a million iterations over the hot instructions on a
//! thread with a 256 KiB stack: a single handler that is called instead of jumped to would
//! leave a native frame per execution and overflow that stack within a few thousand
//! iterations. Each iteration also checks its own results, so the loops test the handlers'
//! behaviour as well.

use mica::{Config, Engine, Instance, Linker, Module, Store, Val};

const ITERATIONS: i32 = 1_000_000;

/// Every iteration performs eight self-checks; the function returns how many passed.
const KERNEL: &str = r#"
(module
  (import "helper" "twice" (func $twice (param i32) (result i32)))
  (memory 1)
  (table $t 4 funcref)
  (elem (table $t) (i32.const 0) func $inc $dec $inc $dec)
  (global $g (mut i64) (i64.const 0))
  (type $un (func (param i32) (result i32)))
  (func $inc (type $un) (i32.add (local.get 0) (i32.const 1)))
  (func $dec (type $un) (i32.sub (local.get 0) (i32.const 1)))
  (func $tail (param i32) (result i32) (return_call $inc (local.get 0)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $ok i32) (local $x i64) (local $f f64) (local $y f32) (local $k i32)
    (local.set $x (i64.const 0x12345))
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; i32 and i64 arithmetic: (i * 7 + 3) / 7 == i (for i < 2^28)
        (local.set $ok (i32.add (local.get $ok)
          (i32.eq (i32.div_u (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.const 3))
                             (i32.const 7))
                  (local.get $i))))
        (local.set $x (i64.xor (i64.rotl (local.get $x) (i64.const 5))
                               (i64.extend_i32_u (local.get $i))))
        (local.set $ok (i32.add (local.get $ok)
          (i64.eq (i64.rem_u (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 1000003))
                             (i64.const 1000003))
                  (i64.const 0))))
        ;; floats and conversions
        (local.set $f (f64.add (f64.convert_i32_u (local.get $i)) (f64.const 0.5)))
        (local.set $y (f32.demote_f64 (f64.sqrt (f64.mul (local.get $f) (local.get $f)))))
        (local.set $ok (i32.add (local.get $ok)
          (i32.eq (i32.trunc_f64_u (f64.floor (local.get $f))) (local.get $i))))
        ;; memory: store then load back, both addressing forms
        (i32.store (i32.and (local.get $i) (i32.const 1020)) (local.get $i))
        (i64.store offset=2048 (i32.const 0) (local.get $x))
        (i32.store8 (i32.const 4000) (local.get $i))
        (local.set $ok (i32.add (local.get $ok)
          (i32.and
            (i32.eq (i32.load (i32.and (local.get $i) (i32.const 1020))) (local.get $i))
            (i32.and
              (i64.eq (i64.load offset=2048 (i32.const 0)) (local.get $x))
              (i32.eq (i32.load8_u (i32.const 4000)) (i32.and (local.get $i) (i32.const 255)))))))
        ;; globals and select
        (global.set $g (i64.add (global.get $g) (i64.const 1)))
        (local.set $ok (i32.add (local.get $ok)
          (select (i32.const 1) (i32.const 0)
            (i64.eq (global.get $g) (i64.extend_i32_u (i32.add (local.get $i) (i32.const 1)))))))
        ;; calls: direct, indirect, tail, and an imported wasm function of another instance
        (local.set $k (call_indirect $t (type $un) (local.get $i)
                        (i32.and (local.get $i) (i32.const 3))))
        (local.set $ok (i32.add (local.get $ok)
          (i32.eq
            (i32.add (call $inc (local.get $k)) (call $tail (call $dec (local.get $i))))
            (i32.add
              (i32.add (local.get $i) (local.get $i))
              (select (i32.const 0) (i32.const 2) (i32.and (local.get $i) (i32.const 1)))))))
        (local.set $ok (i32.add (local.get $ok)
          (i32.eq (call $twice (local.get $i)) (i32.shl (local.get $i) (i32.const 1)))))
        ;; br_table
        (local.set $k (i32.const 2))
        (block $b2 (block $b1 (block $b0
          (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))
          (local.set $k (i32.const 0)) (br $b2))
          (local.set $k (i32.const 1)))
        (local.set $ok (i32.add (local.get $ok)
          (i32.eq (local.get $k) (i32.rem_u (local.get $i) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $ok)))
"#;

const HELPER: &str = r#"(module (func (export "twice") (param i32) (result i32)
    (i32.add (local.get 0) (local.get 0))))"#;

fn run_kernel(config: &Config, fuel: bool) -> i32 {
    let engine = Engine::new(config);
    let mut store = Store::new(&engine, ());
    if fuel {
        store.set_fuel(u64::MAX).unwrap();
    }
    let helper = Module::new(&engine, HELPER).unwrap();
    let helper = Instance::new(&mut store, &helper, &[]).unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&store, "helper", helper).unwrap();
    let module = Module::new(&engine, KERNEL).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_func(&store, "run").unwrap();
    let mut out = [Val::I32(0)];
    run.call(&mut store, &[Val::I32(ITERATIONS)], &mut out)
        .unwrap();
    out[0].i32().unwrap()
}

fn on_small_stack(f: impl FnOnce() -> i32 + Send + 'static) -> i32 {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn a_million_iterations_of_hot_instructions_run_in_constant_native_stack() {
    let ok = on_small_stack(|| run_kernel(&Config::new(), false));
    assert_eq!(ok, 8 * ITERATIONS);
}

#[test]
fn the_fuel_and_interruption_checks_run_in_constant_native_stack() {
    let ok = on_small_stack(|| {
        let mut config = Config::new();
        config.consume_fuel(true).interruptible(true);
        run_kernel(&config, true)
    });
    assert_eq!(ok, 8 * ITERATIONS);
}
