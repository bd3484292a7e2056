//! Interpreter tests through the public API.

use super::ir::Instr;
use crate::{
    Caller, Config, Engine, Error, ErrorKind, Extern, Func, FuncType, Instance, Memory, MemoryType,
    Module, Store, TrapCode, Val, ValType,
};

fn setup_with(
    engine: &Engine,
    wat: &str,
    imports: impl FnOnce(&mut Store<()>) -> Vec<Extern>,
) -> (Store<()>, Instance) {
    let module = Module::new(engine, wat).expect("module compiles");
    let mut store = Store::new(engine, ());
    let externs = imports(&mut store);
    let instance = Instance::new(&mut store, &module, &externs).expect("instantiates");
    (store, instance)
}

fn setup(wat: &str) -> (Store<()>, Instance) {
    setup_with(&Engine::default(), wat, |_| Vec::new())
}

fn call(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
    args: &[Val],
) -> crate::Result<Vec<Val>> {
    let f = instance
        .get_func(&*store, name)
        .unwrap_or_else(|| panic!("no export {name}"));
    let n = f.ty(&*store).results().len();
    let mut results = vec![Val::I32(0); n];
    f.call(&mut *store, args, &mut results)?;
    Ok(results)
}

fn i32s(vals: &[Val]) -> Vec<i32> {
    vals.iter().map(|v| v.i32().expect("i32")).collect()
}

fn one_i32(store: &mut Store<()>, instance: &Instance, name: &str, args: &[Val]) -> i32 {
    call(store, instance, name, args).unwrap()[0].i32().unwrap()
}

fn one_i64(store: &mut Store<()>, instance: &Instance, name: &str, args: &[Val]) -> i64 {
    call(store, instance, name, args).unwrap()[0].i64().unwrap()
}

fn trap_of(r: crate::Result<Vec<Val>>) -> TrapCode {
    match r {
        Ok(v) => panic!("expected a trap, got {v:?}"),
        Err(e) => e
            .trap_code()
            .unwrap_or_else(|| panic!("expected a trap, got {e}")),
    }
}

#[test]
fn i32_arithmetic_edge_cases() {
    let (mut s, i) = setup(
        r#"(module
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
            (func (export "sub") (param i32 i32) (result i32) local.get 0 local.get 1 i32.sub)
            (func (export "sub_imm") (param i32) (result i32) local.get 0 i32.const 5 i32.sub)
            (func (export "imm_sub") (param i32) (result i32) i32.const 5 local.get 0 i32.sub)
            (func (export "mul") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul)
            (func (export "div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
            (func (export "div_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
            (func (export "rem_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
            (func (export "rem_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_u)
            (func (export "div_s_imm") (param i32) (result i32) local.get 0 i32.const -1 i32.div_s)
            (func (export "rem_s_imm") (param i32) (result i32) local.get 0 i32.const 7 i32.rem_s)
            (func (export "shl") (param i32 i32) (result i32) local.get 0 local.get 1 i32.shl)
            (func (export "shr_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.shr_s)
            (func (export "shr_u_imm") (param i32) (result i32) local.get 0 i32.const 33 i32.shr_u)
            (func (export "rotl") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rotl)
            (func (export "rotr") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rotr)
            (func (export "clz") (param i32) (result i32) local.get 0 i32.clz)
            (func (export "ctz") (param i32) (result i32) local.get 0 i32.ctz)
            (func (export "popcnt") (param i32) (result i32) local.get 0 i32.popcnt)
            (func (export "lt_s_imm") (param i32) (result i32) local.get 0 i32.const -1 i32.lt_s)
            (func (export "imm_lt_u") (param i32) (result i32) i32.const 10 local.get 0 i32.lt_u)
            (func (export "extend8") (param i32) (result i32) local.get 0 i32.extend8_s)
            (func (export "extend16") (param i32) (result i32) local.get 0 i32.extend16_s)
            (func (export "wrap") (param i64) (result i32) local.get 0 i32.wrap_i64)
        )"#,
    );
    let mut f = |name: &str, args: &[i32]| {
        let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
        call(&mut s, &i, name, &args)
    };
    let v = |r: crate::Result<Vec<Val>>| r.unwrap()[0].i32().unwrap();
    assert_eq!(v(f("add", &[i32::MAX, 1])), i32::MIN);
    assert_eq!(v(f("sub", &[i32::MIN, 1])), i32::MAX);
    assert_eq!(v(f("sub_imm", &[3])), -2);
    assert_eq!(v(f("imm_sub", &[3])), 2);
    assert_eq!(v(f("mul", &[0x10000, 0x10000])), 0);
    assert_eq!(v(f("div_s", &[-7, 2])), -3);
    assert_eq!(v(f("div_u", &[-1, 2])), i32::MAX);
    assert_eq!(v(f("rem_s", &[-7, 2])), -1);
    assert_eq!(v(f("rem_s", &[i32::MIN, -1])), 0);
    assert_eq!(v(f("rem_u", &[-1, 10])), 5);
    assert_eq!(
        trap_of(f("div_s", &[i32::MIN, -1])),
        TrapCode::IntegerOverflow
    );
    assert_eq!(
        trap_of(f("div_s", &[1, 0])),
        TrapCode::IntegerDivisionByZero
    );
    assert_eq!(
        trap_of(f("div_u", &[1, 0])),
        TrapCode::IntegerDivisionByZero
    );
    assert_eq!(
        trap_of(f("rem_s", &[1, 0])),
        TrapCode::IntegerDivisionByZero
    );
    assert_eq!(
        trap_of(f("rem_u", &[1, 0])),
        TrapCode::IntegerDivisionByZero
    );
    // A constant -1 divisor is not folded into an immediate: the overflow check stays.
    assert_eq!(
        trap_of(f("div_s_imm", &[i32::MIN])),
        TrapCode::IntegerOverflow
    );
    assert_eq!(v(f("div_s_imm", &[5])), -5);
    assert_eq!(v(f("rem_s_imm", &[-15])), -1);
    assert_eq!(v(f("shl", &[1, 33])), 2);
    assert_eq!(v(f("shr_s", &[-8, 1])), -4);
    assert_eq!(v(f("shr_s", &[-8, 32])), -8);
    assert_eq!(v(f("shr_u_imm", &[-8])), 0x7fff_fffc);
    assert_eq!(v(f("rotl", &[0x8000_0001u32 as i32, 1])), 3);
    assert_eq!(v(f("rotr", &[3, 33])), 0x8000_0001u32 as i32);
    assert_eq!(v(f("clz", &[0])), 32);
    assert_eq!(v(f("clz", &[1])), 31);
    assert_eq!(v(f("ctz", &[0])), 32);
    assert_eq!(v(f("ctz", &[8])), 3);
    assert_eq!(v(f("popcnt", &[-1])), 32);
    assert_eq!(v(f("lt_s_imm", &[-2])), 1);
    assert_eq!(v(f("lt_s_imm", &[0])), 0);
    assert_eq!(v(f("imm_lt_u", &[-1])), 1);
    assert_eq!(v(f("imm_lt_u", &[3])), 0);
    assert_eq!(v(f("extend8", &[0x80])), -128);
    assert_eq!(v(f("extend16", &[0x7fff])), 0x7fff);
    let r = call(&mut s, &i, "wrap", &[Val::I64(0x1_2345_6789)]).unwrap();
    assert_eq!(r[0].i32(), Some(0x2345_6789));
}

#[test]
fn i64_arithmetic_edge_cases() {
    let (mut s, i) = setup(
        r#"(module
            (func (export "div_s") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_s)
            (func (export "rem_s") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_s)
            (func (export "add_big") (param i64) (result i64) local.get 0 i64.const 0x100000000 i64.add)
            (func (export "sub_imm") (param i64) (result i64) local.get 0 i64.const -2147483648 i64.sub)
            (func (export "lt_u_imm") (param i64) (result i32) local.get 0 i64.const -1 i64.lt_u)
            (func (export "shl") (param i64 i64) (result i64) local.get 0 local.get 1 i64.shl)
            (func (export "rotl_imm") (param i64) (result i64) local.get 0 i64.const 65 i64.rotl)
            (func (export "clz") (param i64) (result i64) local.get 0 i64.clz)
            (func (export "extend_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)
            (func (export "extend_u") (param i32) (result i64) local.get 0 i64.extend_i32_u)
            (func (export "extend32") (param i64) (result i64) local.get 0 i64.extend32_s)
            (func (export "eqz") (param i64) (result i32) local.get 0 i64.eqz)
        )"#,
    );
    let l = Val::I64;
    assert_eq!(
        trap_of(call(&mut s, &i, "div_s", &[l(i64::MIN), l(-1)])),
        TrapCode::IntegerOverflow
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "div_s", &[l(1), l(0)])),
        TrapCode::IntegerDivisionByZero
    );
    assert_eq!(one_i64(&mut s, &i, "rem_s", &[l(i64::MIN), l(-1)]), 0);
    assert_eq!(one_i64(&mut s, &i, "add_big", &[l(1)]), 0x1_0000_0001);
    assert_eq!(one_i64(&mut s, &i, "sub_imm", &[l(0)]), 2147483648);
    assert_eq!(one_i32(&mut s, &i, "lt_u_imm", &[l(-2)]), 1);
    assert_eq!(one_i32(&mut s, &i, "lt_u_imm", &[l(-1)]), 0);
    assert_eq!(one_i64(&mut s, &i, "shl", &[l(1), l(65)]), 2);
    assert_eq!(one_i64(&mut s, &i, "rotl_imm", &[l(i64::MIN)]), 1);
    assert_eq!(one_i64(&mut s, &i, "clz", &[l(1)]), 63);
    assert_eq!(one_i64(&mut s, &i, "extend_s", &[Val::I32(-1)]), -1);
    assert_eq!(
        one_i64(&mut s, &i, "extend_u", &[Val::I32(-1)]),
        0xffff_ffff
    );
    assert_eq!(
        one_i64(&mut s, &i, "extend32", &[l(0x8000_0000)]),
        -0x8000_0000
    );
    assert_eq!(one_i32(&mut s, &i, "eqz", &[l(0x1_0000_0000)]), 0);
}

#[test]
fn float_semantics() {
    let (mut s, i) = setup(
        r#"(module
            (func (export "min") (param f32 f32) (result f32) local.get 0 local.get 1 f32.min)
            (func (export "max") (param f64 f64) (result f64) local.get 0 local.get 1 f64.max)
            (func (export "nearest") (param f64) (result f64) local.get 0 f64.nearest)
            (func (export "nearest32") (param f32) (result f32) local.get 0 f32.nearest)
            (func (export "copysign") (param f32 f32) (result f32) local.get 0 local.get 1 f32.copysign)
            (func (export "neg") (param f64) (result f64) local.get 0 f64.neg)
            (func (export "trunc_s") (param f64) (result i32) local.get 0 i32.trunc_f64_s)
            (func (export "trunc_u") (param f32) (result i32) local.get 0 i32.trunc_f32_u)
            (func (export "trunc64_s") (param f64) (result i64) local.get 0 i64.trunc_f64_s)
            (func (export "sat_s") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_s)
            (func (export "sat_u") (param f32) (result i64) local.get 0 i64.trunc_sat_f32_u)
            (func (export "convert_u") (param i64) (result f32) local.get 0 f32.convert_i64_u)
            (func (export "demote") (param f64) (result f32) local.get 0 f32.demote_f64)
            (func (export "reinterpret") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
            (func (export "lt") (param f64 f64) (result i32) local.get 0 local.get 1 f64.lt)
        )"#,
    );
    let f32v = |x: f32| Val::F32(x.to_bits());
    let f64v = |x: f64| Val::F64(x.to_bits());
    let r = call(&mut s, &i, "min", &[f32v(0.0), f32v(-0.0)]).unwrap();
    assert_eq!(r[0].f32().unwrap().to_bits(), (-0.0f32).to_bits());
    let r = call(&mut s, &i, "min", &[f32v(f32::NAN), f32v(1.0)]).unwrap();
    assert!(r[0].f32().unwrap().is_nan());
    let r = call(&mut s, &i, "max", &[f64v(-0.0), f64v(0.0)]).unwrap();
    assert_eq!(r[0].f64().unwrap().to_bits(), 0.0f64.to_bits());
    let r = call(&mut s, &i, "max", &[f64v(1.0), f64v(f64::NAN)]).unwrap();
    assert!(r[0].f64().unwrap().is_nan());
    for (x, want) in [
        (2.5, 2.0),
        (3.5, 4.0),
        (-2.5, -2.0),
        (0.49999999999999994, 0.0),
        (-0.5, -0.0),
    ] {
        let r = call(&mut s, &i, "nearest", &[f64v(x)]).unwrap();
        assert_eq!(
            r[0].f64().unwrap().to_bits(),
            f64::to_bits(want),
            "nearest({x})"
        );
    }
    let r = call(&mut s, &i, "nearest32", &[f32v(4.5)]).unwrap();
    assert_eq!(r[0].f32(), Some(4.0));
    let r = call(&mut s, &i, "copysign", &[f32v(1.5), f32v(-0.0)]).unwrap();
    assert_eq!(r[0].f32(), Some(-1.5));
    // neg/abs/copysign only flip bits: NaN payloads survive.
    let r = call(&mut s, &i, "neg", &[Val::F64(0x7ff0_0000_0000_0001)]).unwrap();
    assert_eq!(r[0].f64().unwrap().to_bits(), 0xfff0_0000_0000_0001);
    assert_eq!(
        one_i32(&mut s, &i, "trunc_s", &[f64v(-2147483648.9)]),
        i32::MIN
    );
    assert_eq!(
        one_i32(&mut s, &i, "trunc_s", &[f64v(2147483647.9)]),
        i32::MAX
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "trunc_s", &[f64v(2147483648.0)])),
        TrapCode::IntegerOverflow
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "trunc_s", &[f64v(-2147483649.0)])),
        TrapCode::IntegerOverflow
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "trunc_s", &[f64v(f64::NAN)])),
        TrapCode::BadConversionToInteger
    );
    assert_eq!(one_i32(&mut s, &i, "trunc_u", &[f32v(-0.9)]), 0);
    assert_eq!(
        trap_of(call(&mut s, &i, "trunc_u", &[f32v(-1.0)])),
        TrapCode::IntegerOverflow
    );
    assert_eq!(one_i32(&mut s, &i, "trunc_u", &[f32v(4294967040.0)]), -256);
    assert_eq!(
        trap_of(call(&mut s, &i, "trunc_u", &[f32v(4294967296.0)])),
        TrapCode::IntegerOverflow
    );
    assert_eq!(
        one_i64(&mut s, &i, "trunc64_s", &[f64v(-9223372036854775808.0)]),
        i64::MIN
    );
    assert_eq!(
        trap_of(call(
            &mut s,
            &i,
            "trunc64_s",
            &[f64v(9223372036854775808.0)]
        )),
        TrapCode::IntegerOverflow
    );
    assert_eq!(one_i32(&mut s, &i, "sat_s", &[f64v(1e10)]), i32::MAX);
    assert_eq!(one_i32(&mut s, &i, "sat_s", &[f64v(f64::NAN)]), 0);
    assert_eq!(one_i64(&mut s, &i, "sat_u", &[f32v(-5.0)]), 0);
    assert_eq!(one_i64(&mut s, &i, "sat_u", &[f32v(f32::INFINITY)]), -1);
    let r = call(&mut s, &i, "convert_u", &[Val::I64(-1)]).unwrap();
    assert_eq!(r[0].f32(), Some(18446744073709551616.0));
    let r = call(&mut s, &i, "demote", &[Val::F64(0x7ff4_0000_0000_0000)]).unwrap();
    assert!(r[0].f32().unwrap().is_nan());
    assert_eq!(one_i32(&mut s, &i, "reinterpret", &[f32v(-0.0)]), i32::MIN);
    assert_eq!(one_i32(&mut s, &i, "lt", &[f64v(f64::NAN), f64v(1.0)]), 0);
    assert_eq!(one_i32(&mut s, &i, "lt", &[f64v(-1.0), f64v(1.0)]), 1);
}

#[test]
fn control_flow_and_br_table() {
    let (mut s, i) = setup(
        r#"(module
            (func (export "switch") (param i32) (result i32)
                (block $d (block $c (block $b (block $a
                    (br_table $a $b $c $d (local.get 0)))
                    (return (i32.const 100)))
                    (return (i32.const 101)))
                    (return (i32.const 102)))
                (i32.const 103))
            ;; br_table carrying a value, with targets at different heights
            (func (export "switch_value") (param i32) (result i32)
                (block $outer (result i32)
                    (i32.const 1000)
                    (block $inner (result i32)
                        (local.get 0)
                        (br_table $inner $outer $inner (local.get 0)))
                    (i32.add)))
            (func (export "sum") (param i32) (result i32) (local i32)
                (block $done
                    (loop $l
                        (br_if $done (i32.eqz (local.get 0)))
                        (local.set 1 (i32.add (local.get 1) (local.get 0)))
                        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                        (br $l)))
                (local.get 1))
            (func (export "count_up") (param i32) (result i32) (local i32)
                (loop $l
                    (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                    (br_if $l (i32.lt_s (local.get 1) (local.get 0))))
                (local.get 1))
            (func (export "if_else") (param i32) (result i32)
                (if (result i32) (i32.ge_u (local.get 0) (i32.const 10))
                    (then (i32.const 1)) (else (i32.const 2))))
            (func (export "nested_br") (param i32) (result i32)
                (block $a (result i32)
                    (block $b (result i32)
                        (i32.add (local.get 0) (i32.const 5))
                        (br_if $a (i32.const 50) (local.get 0))
                        (drop) (drop)
                        (i32.const 6))
                    (i32.const 10) (i32.add)))
            (func (export "br_if_value_kept") (param i32) (result i32)
                (block $a (result i32)
                    (drop (br_if $a (i32.const 3) (local.get 0)))
                    (i32.const 4)))
            (func (export "select") (param i32 i32 i32) (result i32)
                (select (local.get 0) (local.get 1) (local.get 2)))
            (func (export "select_typed") (param i64 i64 i32) (result i64)
                (select (result i64) (local.get 0) (local.get 1) (local.get 2)))
        )"#,
    );
    for (x, want) in [(0, 100), (1, 101), (2, 102), (3, 103), (4, 103), (-1, 103)] {
        assert_eq!(
            one_i32(&mut s, &i, "switch", &[Val::I32(x)]),
            want,
            "switch({x})"
        );
    }
    // index 0 and 2 (and out of range, default $inner) go to $inner: 1000 + x; 1 goes to $outer: x
    assert_eq!(one_i32(&mut s, &i, "switch_value", &[Val::I32(0)]), 1000);
    assert_eq!(one_i32(&mut s, &i, "switch_value", &[Val::I32(1)]), 1);
    assert_eq!(one_i32(&mut s, &i, "switch_value", &[Val::I32(2)]), 1002);
    assert_eq!(one_i32(&mut s, &i, "switch_value", &[Val::I32(9)]), 1009);
    assert_eq!(one_i32(&mut s, &i, "sum", &[Val::I32(100)]), 5050);
    assert_eq!(one_i32(&mut s, &i, "count_up", &[Val::I32(10)]), 10);
    assert_eq!(one_i32(&mut s, &i, "count_up", &[Val::I32(-5)]), 1);
    assert_eq!(one_i32(&mut s, &i, "if_else", &[Val::I32(10)]), 1);
    assert_eq!(one_i32(&mut s, &i, "if_else", &[Val::I32(-1)]), 1);
    assert_eq!(one_i32(&mut s, &i, "if_else", &[Val::I32(9)]), 2);
    assert_eq!(one_i32(&mut s, &i, "nested_br", &[Val::I32(1)]), 50);
    assert_eq!(one_i32(&mut s, &i, "nested_br", &[Val::I32(0)]), 16);
    assert_eq!(one_i32(&mut s, &i, "br_if_value_kept", &[Val::I32(1)]), 3);
    assert_eq!(one_i32(&mut s, &i, "br_if_value_kept", &[Val::I32(0)]), 4);
    assert_eq!(
        one_i32(
            &mut s,
            &i,
            "select",
            &[Val::I32(1), Val::I32(2), Val::I32(1)]
        ),
        1
    );
    assert_eq!(
        one_i32(
            &mut s,
            &i,
            "select",
            &[Val::I32(1), Val::I32(2), Val::I32(0)]
        ),
        2
    );
    let r = call(
        &mut s,
        &i,
        "select_typed",
        &[Val::I64(-1), Val::I64(2), Val::I32(0)],
    )
    .unwrap();
    assert_eq!(r[0].i64(), Some(2));
}

#[test]
fn multi_value_blocks_and_functions() {
    let (mut s, i) = setup(
        r#"(module
            (type $pair (func (param i32 i32) (result i32 i32)))
            (func $swap (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
            (func (export "swap_twice") (param i32 i32) (result i32 i32)
                (call $swap (call $swap (local.get 0) (local.get 1))))
            (func (export "block_params") (param i32 i32) (result i32)
                (local.get 0) (local.get 1)
                (block (param i32 i32) (result i32) (i32.sub)))
            (func (export "loop_params") (param i32) (result i32)
                ;; computes 2^n by doubling, with the accumulator and counter as loop params
                (i32.const 1) (local.get 0)
                (loop $l (param i32 i32) (result i32)
                    (local.set 0)
                    (if (param i32) (result i32) (local.get 0)
                        (then
                            (i32.shl (i32.const 1))
                            (i32.sub (local.get 0) (i32.const 1))
                            (br $l))
                        (else))))
            (func (export "if_params") (param i32 i32 i32) (result i32 i32)
                (local.get 0) (local.get 1)
                (if (type $pair) (local.get 2)
                    (then (i32.add) (i32.const 1))
                    (else (i32.mul) (i32.const 2))))
            (func (export "br_multi") (param i32) (result i32 i32 i32)
                (block (result i32 i32 i32)
                    (i32.const 1) (i32.const 2) (local.get 0)
                    (br_if 0 (local.get 0))
                    (drop) (drop) (drop)
                    (i32.const 7) (i32.const 8) (i32.const 9)))
            (func (export "return_consts") (result i32 i64 i32)
                (i32.const 1) (i64.const 0x100000000) (i32.const 3))
        )"#,
    );
    let r = call(&mut s, &i, "swap", &[Val::I32(1), Val::I32(2)]).unwrap();
    assert_eq!(i32s(&r), [2, 1]);
    let r = call(&mut s, &i, "swap_twice", &[Val::I32(1), Val::I32(2)]).unwrap();
    assert_eq!(i32s(&r), [1, 2]);
    assert_eq!(
        one_i32(&mut s, &i, "block_params", &[Val::I32(10), Val::I32(3)]),
        7
    );
    assert_eq!(one_i32(&mut s, &i, "loop_params", &[Val::I32(10)]), 1024);
    let r = call(
        &mut s,
        &i,
        "if_params",
        &[Val::I32(3), Val::I32(4), Val::I32(1)],
    )
    .unwrap();
    assert_eq!(i32s(&r), [7, 1]);
    let r = call(
        &mut s,
        &i,
        "if_params",
        &[Val::I32(3), Val::I32(4), Val::I32(0)],
    )
    .unwrap();
    assert_eq!(i32s(&r), [12, 2]);
    let r = call(&mut s, &i, "br_multi", &[Val::I32(5)]).unwrap();
    assert_eq!(i32s(&r), [1, 2, 5]);
    let r = call(&mut s, &i, "br_multi", &[Val::I32(0)]).unwrap();
    assert_eq!(i32s(&r), [7, 8, 9]);
    let r = call(&mut s, &i, "return_consts", &[]).unwrap();
    assert_eq!(
        (r[0].i32(), r[1].i64(), r[2].i32()),
        (Some(1), Some(0x1_0000_0000), Some(3))
    );
}

#[test]
fn lazy_locals_are_materialised() {
    let (mut s, i) = setup(
        r#"(module
            ;; the old value of local 0 is on the stack when it is overwritten
            (func (export "old_value") (param i32) (result i32)
                (local.get 0)
                (local.set 0 (i32.const 100))
                (local.get 0)
                (i32.sub))
            (func (export "swap_locals") (param i32 i32) (result i32)
                (local.get 0) (local.get 1)
                (local.set 0) (local.set 1)
                (i32.sub (local.get 0) (local.get 1)))
            ;; the local changes inside a branch taken only sometimes
            (func (export "changed_in_branch") (param i32 i32) (result i32)
                (local.get 0)
                (if (local.get 1) (then (local.set 0 (i32.const 5))))
                (local.get 0)
                (i32.add))
            ;; the result of an add goes straight into a local (tee keeps it on the stack)
            (func (export "tee") (param i32) (result i32) (local i32)
                (i32.mul (local.tee 1 (i32.add (local.get 0) (i32.const 1))) (local.get 1)))
            ;; a local that is an operand of the expression assigned to it
            (func (export "self_update") (param i32) (result i32)
                (local.set 0 (i32.add (local.get 0) (local.get 0)))
                (local.set 0 (i32.mul (local.get 0) (i32.const 3)))
                (local.get 0))
        )"#,
    );
    assert_eq!(one_i32(&mut s, &i, "old_value", &[Val::I32(1)]), -99);
    assert_eq!(
        one_i32(&mut s, &i, "swap_locals", &[Val::I32(10), Val::I32(3)]),
        -7
    );
    assert_eq!(
        one_i32(&mut s, &i, "changed_in_branch", &[Val::I32(1), Val::I32(1)]),
        6
    );
    assert_eq!(
        one_i32(&mut s, &i, "changed_in_branch", &[Val::I32(1), Val::I32(0)]),
        2
    );
    assert_eq!(one_i32(&mut s, &i, "tee", &[Val::I32(4)]), 25);
    assert_eq!(one_i32(&mut s, &i, "self_update", &[Val::I32(7)]), 42);
}

const FIB: &str = r#"(module
    (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
            (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                           (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func $depth (export "depth") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
            (then (i32.const 0))
            (else (i32.add (call $depth (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
)"#;

#[test]
fn recursion() {
    let (mut s, i) = setup(FIB);
    assert_eq!(one_i32(&mut s, &i, "fib", &[Val::I32(20)]), 6765);
    assert_eq!(one_i32(&mut s, &i, "depth", &[Val::I32(50_000)]), 50_000);
}

#[test]
fn deep_recursion_exhausts_the_call_stack() {
    let (mut s, i) = setup(FIB);
    let err = call(&mut s, &i, "depth", &[Val::I32(1_000_000)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    assert!(err.to_string().contains("call stack exhausted"), "{err}");
    // The store is still usable afterwards.
    assert_eq!(one_i32(&mut s, &i, "depth", &[Val::I32(10)]), 10);

    // The value-stack limit applies too.
    let mut config = Config::new();
    config.max_stack_values(4096).max_call_depth(1_000_000);
    let engine = Engine::new(&config);
    let (mut s, i) = setup_with(&engine, FIB, |_| Vec::new());
    let err = call(&mut s, &i, "depth", &[Val::I32(100_000)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    assert_eq!(one_i32(&mut s, &i, "depth", &[Val::I32(100)]), 100);
}

#[test]
fn tail_calls_run_in_constant_space() {
    let mut config = Config::new();
    config.max_call_depth(100).max_stack_values(1024);
    let engine = Engine::new(&config);
    let (mut s, i) = setup_with(
        &engine,
        r#"(module
            (type $t (func (param i64 i64) (result i64)))
            (table 2 funcref)
            (elem (i32.const 0) $count_indirect $count_ref)
            (func $count (export "count") (param i64 i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                    (then (local.get 1))
                    (else (return_call $count (i64.sub (local.get 0) (i64.const 1))
                                              (i64.add (local.get 1) (i64.const 2))))))
            (func $count_indirect (export "count_indirect") (param i64 i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                    (then (local.get 1))
                    (else (return_call_indirect (type $t)
                        (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
                        (i32.const 0)))))
            (func $count_ref (export "count_ref") (param i64 i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                    (then (local.get 1))
                    (else (return_call_ref $t
                        (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 3))
                        (ref.func $count_ref)))))
            ;; mutual tail recursion with different frame sizes
            (func $even (export "even") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
                    (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
            (func $odd (param i32) (result i32) (local i64 i64 i64)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                    (else (return_call $even (i32.sub (local.get 0) (i32.const 1))))))
        )"#,
        |_| Vec::new(),
    );
    let n = 1_000_000;
    let r = call(&mut s, &i, "count", &[Val::I64(n), Val::I64(0)]).unwrap();
    assert_eq!(r[0].i64(), Some(2 * n));
    let r = call(&mut s, &i, "count_indirect", &[Val::I64(n), Val::I64(0)]).unwrap();
    assert_eq!(r[0].i64(), Some(n));
    let r = call(&mut s, &i, "count_ref", &[Val::I64(n), Val::I64(0)]).unwrap();
    assert_eq!(r[0].i64(), Some(3 * n));
    assert_eq!(one_i32(&mut s, &i, "even", &[Val::I32(1_000_001)]), 0);
    assert_eq!(one_i32(&mut s, &i, "even", &[Val::I32(1_000_000)]), 1);
}

#[test]
fn traps_carry_a_backtrace() {
    let (mut s, i) = setup(
        r#"(module $m
            (memory 1)
            (func $inner (i32.store (i32.const 65536) (i32.const 1)))
            (func $middle (call $inner))
            (func $outer (export "outer") (call $middle))
            (func $unreachable (export "unreachable") (unreachable))
        )"#,
    );
    let err = call(&mut s, &i, "outer", &[]).unwrap_err();
    let trap = err.as_trap().expect("a trap");
    assert_eq!(trap.code(), TrapCode::MemoryOutOfBounds);
    let names: Vec<_> = trap
        .backtrace()
        .iter()
        .map(|f| f.func_name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, ["inner", "middle", "outer"]);
    assert_eq!(trap.backtrace()[0].func_index, 0);
    assert_eq!(trap.backtrace()[0].module_name.as_deref(), Some("m"));
    assert!(
        err.to_string().contains("out of bounds memory access"),
        "{err}"
    );
    let err = call(&mut s, &i, "unreachable", &[]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Unreachable));
    assert_eq!(err.as_trap().unwrap().backtrace().len(), 1);
}

#[test]
fn call_indirect_checks() {
    let (mut s, i) = setup(
        r#"(module
            (type $i (func (result i32)))
            (type $ii (func (param i32) (result i32)))
            (table $t 4 funcref)
            (table $t2 2 funcref)
            (elem (table $t) (i32.const 0) func $one $id)
            (elem (table $t2) (i32.const 1) func $two)
            (func $one (result i32) (i32.const 1))
            (func $two (result i32) (i32.const 2))
            (func $id (param i32) (result i32) (local.get 0))
            (func (export "call") (param i32) (result i32) (call_indirect $t (type $i) (local.get 0)))
            (func (export "call2") (param i32) (result i32) (call_indirect $t2 (type $i) (local.get 0)))
            (func (export "call_ref_null") (result i32) (call_ref $i (ref.null $i)))
        )"#,
    );
    assert_eq!(one_i32(&mut s, &i, "call", &[Val::I32(0)]), 1);
    assert_eq!(one_i32(&mut s, &i, "call2", &[Val::I32(1)]), 2);
    assert_eq!(
        trap_of(call(&mut s, &i, "call", &[Val::I32(1)])),
        TrapCode::IndirectCallTypeMismatch
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "call", &[Val::I32(2)])),
        TrapCode::UninitializedElement
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "call", &[Val::I32(4)])),
        TrapCode::UndefinedElement
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "call", &[Val::I32(-1)])),
        TrapCode::UndefinedElement
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "call2", &[Val::I32(0)])),
        TrapCode::UninitializedElement
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "call_ref_null", &[])),
        TrapCode::NullFunctionReference
    );
}

#[test]
fn memory_access_and_bounds() {
    let (mut s, i) = setup(
        r#"(module
            (memory (export "mem") 1 3)
            (data (i32.const 0) "\01\02\03\04\05\06\07\08\ff\ff")
            (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
            (func (export "load8_u") (param i32) (result i32) (i32.load8_u (local.get 0)))
            (func (export "load16_s") (param i32) (result i32) (i32.load16_s (local.get 0)))
            (func (export "load") (param i32) (result i32) (i32.load offset=1 (local.get 0)))
            (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
            (func (export "load32_s") (param i32) (result i64) (i64.load32_s (local.get 0)))
            (func (export "load32_u") (param i32) (result i64) (i64.load32_u (local.get 0)))
            (func (export "load_max_offset") (param i32) (result i32) (i32.load offset=0xffffffff (local.get 0)))
            (func (export "store16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
            (func (export "store64") (param i32 i64) (i64.store offset=4 (local.get 0) (local.get 1)))
            (func (export "storef") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
            (func (export "loadf") (param i32) (result f64) (f64.load (local.get 0)))
            (func (export "size") (result i32) (memory.size))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        )"#,
    );
    let a = |x: i32| [Val::I32(x)];
    assert_eq!(one_i32(&mut s, &i, "load8_s", &a(8)), -1);
    assert_eq!(one_i32(&mut s, &i, "load8_u", &a(8)), 255);
    assert_eq!(one_i32(&mut s, &i, "load16_s", &a(7)), -248);
    assert_eq!(one_i32(&mut s, &i, "load", &a(0)), 0x05040302);
    assert_eq!(one_i64(&mut s, &i, "load64", &a(0)), 0x0807060504030201);
    assert_eq!(
        one_i64(&mut s, &i, "load32_s", &a(6)),
        0xffff_0807u32 as i32 as i64
    );
    assert_eq!(one_i64(&mut s, &i, "load32_u", &a(6)), 0xffff_0807);
    // Last valid address, then one past it.
    assert_eq!(one_i32(&mut s, &i, "load", &a(65531)), 0);
    assert_eq!(
        trap_of(call(&mut s, &i, "load", &a(65532))),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "load8_u", &a(-1))),
        TrapCode::MemoryOutOfBounds
    );
    // address + offset never wraps around 32 bits
    assert_eq!(
        trap_of(call(&mut s, &i, "load_max_offset", &a(1))),
        TrapCode::MemoryOutOfBounds
    );
    call(
        &mut s,
        &i,
        "store16",
        &[Val::I32(100), Val::I32(0x12345678)],
    )
    .unwrap();
    assert_eq!(one_i32(&mut s, &i, "load8_u", &a(100)), 0x78);
    assert_eq!(one_i32(&mut s, &i, "load8_u", &a(101)), 0x56);
    assert_eq!(one_i32(&mut s, &i, "load8_u", &a(102)), 0);
    assert_eq!(
        trap_of(call(&mut s, &i, "store64", &[Val::I32(65528), Val::I64(1)])),
        TrapCode::MemoryOutOfBounds
    );
    call(&mut s, &i, "store64", &[Val::I32(65524), Val::I64(-1)]).unwrap();
    call(
        &mut s,
        &i,
        "storef",
        &[Val::I32(3), Val::F64(1.5f64.to_bits())],
    )
    .unwrap();
    let r = call(&mut s, &i, "loadf", &a(3)).unwrap();
    assert_eq!(r[0].f64(), Some(1.5));
    assert_eq!(one_i32(&mut s, &i, "size", &[]), 1);
    assert_eq!(one_i32(&mut s, &i, "grow", &a(1)), 1);
    assert_eq!(one_i32(&mut s, &i, "size", &[]), 2);
    // The grown memory is usable, and zeroed.
    assert_eq!(one_i32(&mut s, &i, "load", &a(65536)), 0);
    assert_eq!(one_i32(&mut s, &i, "grow", &a(2)), -1);
    assert_eq!(one_i32(&mut s, &i, "grow", &a(1)), 2);
    assert_eq!(one_i32(&mut s, &i, "grow", &a(0)), 3);
    let mem = i.get_memory(&s, "mem").unwrap();
    assert_eq!(mem.data(&s)[65528..65536], [0xff; 8]);
}

#[test]
fn bulk_memory() {
    let (mut s, i) = setup(
        r#"(module
            (memory (export "mem") 1)
            (data $d "hello")
            (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
            (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
            (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
            (func (export "drop") (data.drop $d))
        )"#,
    );
    let args = |a: i32, b: i32, c: i32| [Val::I32(a), Val::I32(b), Val::I32(c)];
    call(&mut s, &i, "init", &args(10, 0, 5)).unwrap();
    call(&mut s, &i, "copy", &args(12, 10, 5)).unwrap(); // overlapping, forwards
    call(&mut s, &i, "copy", &args(0, 1, 4)).unwrap(); // nothing interesting
    call(&mut s, &i, "fill", &args(20, 0x2a, 3)).unwrap();
    let mem = i.get_memory(&s, "mem").unwrap();
    assert_eq!(&mem.data(&s)[10..23], b"hehello\0\0\0***");
    // Out of bounds, even by one, traps without writing anything.
    assert_eq!(
        trap_of(call(&mut s, &i, "fill", &args(65530, 1, 7))),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(mem.data(&s)[65530], 0);
    assert_eq!(
        trap_of(call(&mut s, &i, "copy", &args(0, 65535, 2))),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "init", &args(0, 1, 5))),
        TrapCode::MemoryOutOfBounds
    );
    // Zero length at the very end is fine; beyond the end is not.
    call(&mut s, &i, "fill", &args(65536, 0, 0)).unwrap();
    call(&mut s, &i, "copy", &args(65536, 65536, 0)).unwrap();
    call(&mut s, &i, "init", &args(65536, 5, 0)).unwrap();
    assert_eq!(
        trap_of(call(&mut s, &i, "fill", &args(65537, 0, 0))),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "init", &args(0, 6, 0))),
        TrapCode::MemoryOutOfBounds
    );
    call(&mut s, &i, "drop", &[]).unwrap();
    call(&mut s, &i, "init", &args(0, 0, 0)).unwrap();
    assert_eq!(
        trap_of(call(&mut s, &i, "init", &args(0, 0, 1))),
        TrapCode::MemoryOutOfBounds
    );
}

#[test]
fn tables_and_references() {
    let (mut s, i) = setup(
        r#"(module
            (type $i (func (result i32)))
            (table $t (export "t") 2 10 (ref null $i))
            (table $e 2 externref)
            (elem $seg (ref $i) (ref.func $a) (ref.func $b) (ref.func $a))
            (func $a (type $i) (i32.const 10))
            (func $b (type $i) (i32.const 20))
            (func (export "size") (result i32) (table.size $t))
            (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $b) (local.get 0)))
            (func (export "init") (param i32 i32 i32) (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
            (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
            (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.null $i) (local.get 1)))
            (func (export "drop") (elem.drop $seg))
            (func (export "call") (param i32) (result i32) (call_indirect $t (type $i) (local.get 0)))
            (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
            (func (export "set_null") (param i32) (table.set $t (local.get 0) (ref.null $i)))
            (func (export "set_extern") (param i32 externref) (table.set $e (local.get 0) (local.get 1)))
            (func (export "get_extern") (param i32) (result externref) (table.get $e (local.get 0)))
            (func (export "as_non_null") (param i32) (result i32)
                (call_ref $i (ref.as_non_null (table.get $t (local.get 0)))))
            (func (export "br_on_null") (param i32) (result i32)
                (block $null
                    (return (call_ref $i (br_on_null $null (table.get $t (local.get 0))))))
                (i32.const -1))
            (func (export "br_on_non_null") (param i32) (result i32)
                (block $nn (result (ref $i))
                    (br_on_non_null $nn (table.get $t (local.get 0)))
                    (return (i32.const -2)))
                (call_ref $i))
        )"#,
    );
    let a = |x: i32| [Val::I32(x)];
    let args = |a: i32, b: i32, c: i32| [Val::I32(a), Val::I32(b), Val::I32(c)];
    assert_eq!(one_i32(&mut s, &i, "size", &[]), 2);
    assert_eq!(one_i32(&mut s, &i, "is_null", &a(0)), 1);
    assert_eq!(
        trap_of(call(&mut s, &i, "is_null", &a(2))),
        TrapCode::TableOutOfBounds
    );
    call(&mut s, &i, "init", &args(0, 1, 2)).unwrap();
    assert_eq!(one_i32(&mut s, &i, "call", &a(0)), 20);
    assert_eq!(one_i32(&mut s, &i, "call", &a(1)), 10);
    assert_eq!(
        trap_of(call(&mut s, &i, "init", &args(1, 1, 2))),
        TrapCode::TableOutOfBounds
    );
    assert_eq!(one_i32(&mut s, &i, "grow", &a(3)), 2);
    assert_eq!(one_i32(&mut s, &i, "grow", &a(6)), -1);
    assert_eq!(one_i32(&mut s, &i, "size", &[]), 5);
    assert_eq!(one_i32(&mut s, &i, "call", &a(4)), 20);
    call(&mut s, &i, "copy", &args(3, 0, 2)).unwrap();
    assert_eq!(one_i32(&mut s, &i, "call", &a(3)), 20);
    assert_eq!(one_i32(&mut s, &i, "call", &a(4)), 10);
    assert_eq!(
        trap_of(call(&mut s, &i, "copy", &args(4, 0, 2))),
        TrapCode::TableOutOfBounds
    );
    call(&mut s, &i, "fill", &[Val::I32(1), Val::I32(2)]).unwrap();
    assert_eq!(
        trap_of(call(&mut s, &i, "call", &a(2))),
        TrapCode::UninitializedElement
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "fill", &[Val::I32(4), Val::I32(2)])),
        TrapCode::TableOutOfBounds
    );
    assert_eq!(one_i32(&mut s, &i, "as_non_null", &a(0)), 20);
    assert_eq!(
        trap_of(call(&mut s, &i, "as_non_null", &a(1))),
        TrapCode::NullReference
    );
    assert_eq!(one_i32(&mut s, &i, "br_on_null", &a(0)), 20);
    assert_eq!(one_i32(&mut s, &i, "br_on_null", &a(1)), -1);
    assert_eq!(one_i32(&mut s, &i, "br_on_non_null", &a(4)), 10);
    assert_eq!(one_i32(&mut s, &i, "br_on_non_null", &a(1)), -2);
    call(&mut s, &i, "drop", &[]).unwrap();
    call(&mut s, &i, "init", &args(0, 0, 0)).unwrap();
    assert_eq!(
        trap_of(call(&mut s, &i, "init", &args(0, 0, 1))),
        TrapCode::TableOutOfBounds
    );
    call(&mut s, &i, "set_null", &a(0)).unwrap();
    assert_eq!(one_i32(&mut s, &i, "is_null", &a(0)), 1);
    let ext = crate::ExternRef::new(&mut s, 42u32);
    call(
        &mut s,
        &i,
        "set_extern",
        &[Val::I32(1), Val::ExternRef(Some(ext))],
    )
    .unwrap();
    let r = call(&mut s, &i, "get_extern", &a(1)).unwrap();
    match r[0] {
        Val::ExternRef(Some(e)) => assert_eq!(e.data(&s).downcast_ref::<u32>(), Some(&42)),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn globals() {
    let (mut s, i) = setup_with(
        &Engine::default(),
        r#"(module
            (import "env" "g" (global $imp (mut i32)))
            (global $g (mut i64) (i64.const 5))
            (func (export "bump") (result i64)
                (global.set $g (i64.add (global.get $g) (i64.const 1)))
                (global.set $imp (i32.add (global.get $imp) (i32.const 10)))
                (global.get $g))
        )"#,
        |s| {
            let ty = crate::GlobalType {
                content: ValType::I32,
                mutability: crate::Mutability::Var,
            };
            vec![Extern::Global(
                crate::Global::new(s, ty, Val::I32(1)).unwrap(),
            )]
        },
    );
    assert_eq!(one_i64(&mut s, &i, "bump", &[]), 6);
    assert_eq!(one_i64(&mut s, &i, "bump", &[]), 7);
    let module = i.module(&s);
    let _ = module;
}

#[test]
fn host_functions_and_reentrancy() {
    let wat = r#"(module
        (import "env" "double" (func $double (param i32) (result i32)))
        (import "env" "reenter" (func $reenter (param i32) (result i32)))
        (import "env" "fail" (func $fail))
        (memory (export "mem") 1)
        (func (export "quad") (param i32) (result i32) (call $double (call $double (local.get 0))))
        (func (export "tail_double") (param i32) (result i32) (return_call $double (local.get 0)))
        ;; counts down through the host: wasm -> host -> wasm -> ...
        (func $down (export "down") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0))
                (then (i32.load (i32.const 0)))
                (else (i32.add (i32.const 1) (call $reenter (i32.sub (local.get 0) (i32.const 1)))))))
        (func (export "fail") (call $fail))
    )"#;
    let (mut s, i) = setup_with(&Engine::default(), wat, |s| {
        let ii = FuncType::new([ValType::I32], [ValType::I32]);
        let double = Func::new(
            &mut *s,
            ii.clone(),
            |_caller: Caller<'_, ()>, args: &[Val], results: &mut [Val]| {
                results[0] = Val::I32(args[0].i32().unwrap() * 2);
                Ok(())
            },
        );
        let reenter = Func::new(
            &mut *s,
            ii,
            |mut caller: Caller<'_, ()>, args: &[Val], results: &mut [Val]| {
                // Touch the caller's memory, grow it, then call back into wasm.
                let mem = caller
                    .get_export("mem")
                    .and_then(Extern::into_memory)
                    .unwrap();
                mem.grow(&mut caller, 1)?;
                mem.write(&mut caller, 0, &7i32.to_le_bytes())?;
                let down = caller
                    .get_export("down")
                    .and_then(Extern::into_func)
                    .unwrap();
                let mut r = [Val::I32(0)];
                down.call(&mut caller, args, &mut r)?;
                results[0] = r[0];
                Ok(())
            },
        );
        let fail = Func::new(
            &mut *s,
            FuncType::new([], []),
            |_c: Caller<'_, ()>, _a: &[Val], _r: &mut [Val]| Err(Error::msg("host says no")),
        );
        vec![
            Extern::Func(double),
            Extern::Func(reenter),
            Extern::Func(fail),
        ]
    });
    assert_eq!(one_i32(&mut s, &i, "quad", &[Val::I32(3)]), 12);
    assert_eq!(one_i32(&mut s, &i, "tail_double", &[Val::I32(21)]), 42);
    assert_eq!(one_i32(&mut s, &i, "down", &[Val::I32(5)]), 12);
    let mem: Memory = i.get_memory(&s, "mem").unwrap();
    assert_eq!(mem.size(&s), 6);
    let err = call(&mut s, &i, "fail", &[]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Host(_)), "{err}");
    assert_eq!(err.to_string(), "host says no");
    // Unbounded host re-entrancy is stopped by the nesting limit, not by a native overflow.
    let err = call(&mut s, &i, "down", &[Val::I32(100_000)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow), "{err}");
    assert_eq!(one_i32(&mut s, &i, "down", &[Val::I32(2)]), 9);
    let _ = MemoryType {
        minimum: 1,
        maximum: None,
        shared: false,
        memory64: false,
    };
}

#[test]
fn unsupported_operators_are_rejected_at_load_time() {
    let engine = Engine::default();
    let err = Module::new(
        &engine,
        r#"(module (type $s (struct (field i32))) (func (drop (struct.new $s (i32.const 1)))))"#,
    )
    .unwrap_err();
    match err.kind() {
        ErrorKind::Unsupported { feature, offset } => {
            assert!(
                feature.contains("StructNew") && feature.contains("GC"),
                "{feature}"
            );
            assert!(offset.is_some());
        }
        other => panic!("unexpected {other:?}"),
    }
    // Invalid code is reported by the validator.
    let err = Module::new(&engine, r#"(module (func (result i32) (i64.const 1)))"#).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Compile { .. }), "{err}");
    assert!(err.to_string().contains("type mismatch"), "{err}");
}

#[test]
fn operators_of_each_unsupported_proposal_are_named_at_load_time() {
    let cases = [
        (
            r#"(module (func (drop (v128.const i32x4 1 2 3 4))))"#,
            "V128Const (SIMD not supported)",
        ),
        (
            r#"(module (tag $t) (func (throw $t)))"#,
            "Throw (GC/exceptions not supported)",
        ),
        // Unreachable code is validated too, so it is refused as well.
        (
            r#"(module (func (unreachable) (drop (i32x4.splat (i32.const 1)))))"#,
            "I32x4Splat (SIMD not supported)",
        ),
    ];
    for lazy in [true, false] {
        let mut config = crate::Config::new();
        config.lazy_translation(lazy);
        let engine = Engine::new(&config);
        for (wat, message) in cases {
            let err = Module::new(&engine, wat).unwrap_err();
            match err.kind() {
                ErrorKind::Unsupported { feature, offset } => {
                    assert_eq!(feature, message, "lazy {lazy}");
                    assert!(offset.is_some());
                }
                other => panic!("lazy {lazy}: unexpected {other:?} for {wat}"),
            }
        }
        // Supported operators of the same proposals' neighbours still load.
        Module::new(&engine, r#"(module (func (drop (ref.null func))))"#).unwrap();
    }
}

#[test]
fn unreachable_code_is_skipped() {
    let (mut s, i) = setup(
        r#"(module
            (func (export "f") (param i32) (result i32)
                (block $b (result i32)
                    (br $b (i32.const 1))
                    (i32.add (i32.const 1) (i32.const 2))
                    (block (loop (if (i32.const 0) (then (unreachable)) (else (br 0)))))
                    (drop)
                    (i32.const 5))
                (if (result i32) (local.get 0)
                    (then (return (i32.const 9)) (i32.const 3))
                    (else (i32.const 4)))
                (i32.add))
        )"#,
    );
    assert_eq!(one_i32(&mut s, &i, "f", &[Val::I32(1)]), 9);
    assert_eq!(one_i32(&mut s, &i, "f", &[Val::I32(0)]), 5);
}

#[test]
#[ignore]
fn dump_ir() {
    let wat = std::fs::read(std::env::var("DUMP_WAT").unwrap()).unwrap();
    let mut config = Config::new();
    config.lazy_translation(false);
    let module = Module::new(&Engine::new(&config), wat).unwrap();
    for (i, f) in module.inner.code.iter().enumerate() {
        let t = f.translated.get().unwrap();
        println!(
            "func {i}: params {} locals {} frame {}",
            f.num_params, f.num_locals, t.frame_size
        );
        for (j, ins) in t.code.iter().enumerate() {
            println!("  {j:3}: {ins:?}");
        }
    }
}

#[test]
fn panicking_host_function_leaves_the_store_usable() {
    let wat = r#"(module
        (import "env" "boom" (func $boom))
        (func (export "f") (call $boom))
        (func (export "g") (result i32) (i32.const 7)))"#;
    let (mut s, i) = setup_with(&Engine::default(), wat, |s| {
        let f = Func::new(
            &mut *s,
            FuncType::new([], []),
            |_c: Caller<'_, ()>, _a: &[Val], _r: &mut [Val]| panic!("host panic"),
        );
        vec![Extern::Func(f)]
    });
    for _ in 0..300 {
        let r =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call(&mut s, &i, "f", &[])));
        assert!(r.is_err());
    }
    // The nesting count was restored each time (the limit is 200).
    assert_eq!(one_i32(&mut s, &i, "g", &[]), 7);
}

#[test]
fn value_stack_exhaustion_backtrace_has_each_frame_once() {
    let mut config = Config::new();
    config.max_stack_values(2048).max_call_depth(1_000_000);
    let engine = Engine::new(&config);
    let (mut s, i) = setup_with(
        &engine,
        r#"(module
            (func $big (param i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
                (call $big (local.get 0)))
            (func (export "f") (call $big (i32.const 0))))"#,
        |_| Vec::new(),
    );
    let err = call(&mut s, &i, "f", &[]).unwrap_err();
    let trap = err.as_trap().unwrap();
    assert_eq!(trap.code(), TrapCode::StackOverflow);
    let bt = trap.backtrace();
    // innermost `big`, ..., `big`, then the export: every frame once
    assert_eq!(bt.last().unwrap().func_index, 1);
    assert_eq!(bt.iter().filter(|f| f.func_index == 1).count(), 1);
    assert!(bt.len() > 50 && bt.len() < 2048 / 17 + 2, "{}", bt.len());
}

#[test]
fn constant_address_accesses() {
    let (mut s, i) = setup(
        r#"(module
            (memory 1)
            (func (export "roundtrip") (param i64) (result i64)
                (i64.store (i32.const 65528) (local.get 0))
                (i64.load (i32.const 65528)))
            (func (export "narrow") (param i32) (result i32)
                (i32.store16 offset=2 (i32.const 8) (local.get 0))
                (i32.add (i32.load16_s (i32.const 10)) (i32.load8_u offset=11 (i32.const 0))))
            (func (export "oob_load") (result i32) (i32.load (i32.const 65533)))
            (func (export "oob_store") (i32.store8 offset=1 (i32.const 65535) (i32.const 1)))
            ;; address + offset beyond 32 bits: never wraps
            (func (export "wrap") (result i32) (i32.load offset=4 (i32.const -2)))
            (func (export "big_value") (i64.store (i32.const 0) (i64.const 0x123456789)))
            (func (export "read0") (result i64) (i64.load (i32.const 0)))
        )"#,
    );
    let r = call(&mut s, &i, "roundtrip", &[Val::I64(-5)]).unwrap();
    assert_eq!(r[0].i64(), Some(-5));
    assert_eq!(
        one_i32(&mut s, &i, "narrow", &[Val::I32(0x8081)]),
        -32639 + 0x80
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "oob_load", &[])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "oob_store", &[])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "wrap", &[])),
        TrapCode::MemoryOutOfBounds
    );
    call(&mut s, &i, "big_value", &[]).unwrap();
    assert_eq!(one_i64(&mut s, &i, "read0", &[]), 0x123456789);
}

#[test]
fn multi_memory_loads_stores_size_grow() {
    let (mut s, i) = setup(
        r#"(module
            (memory $a 1)
            (memory $b 2 3)
            (data (memory $b) (i32.const 8) "\01\02\03\04\05\06\07\88")
            (func (export "store_b") (param i32 i64)
                local.get 0 local.get 1 i64.store $b offset=4)
            (func (export "load_b") (param i32) (result i64)
                local.get 0 i64.load $b offset=4)
            (func (export "load_a") (param i32) (result i64) local.get 0 i64.load $a)
            (func (export "kinds") (result i64)
                (i64.add
                  (i64.add (i64.load8_s $b (i32.const 15)) (i64.load16_u $b (i32.const 14)))
                  (i64.add (i64.extend_i32_s (i32.load8_s $b (i32.const 15)))
                           (i64.load32_s $b (i32.const 12)))))
            (func (export "narrow_stores") (param i32)
                (i32.store8 $b (local.get 0) (i32.const 0x1ff))
                (i32.store16 $b offset=2 (local.get 0) (i32.const 0x12345))
                (f32.store $b offset=4 (local.get 0) (f32.const 1.5))
                (f64.store $b offset=8 (local.get 0) (f64.const -2)))
            (func (export "f32_b") (param i32) (result f32) local.get 0 f32.load $b offset=4)
            (func (export "u8_b") (param i32) (result i32) local.get 0 i32.load8_u $b)
            (func (export "u16_b") (param i32) (result i32) local.get 0 i32.load16_u $b offset=2)
            (func (export "size_a") (result i32) memory.size $a)
            (func (export "size_b") (result i32) memory.size $b)
            (func (export "grow_b") (param i32) (result i32) local.get 0 memory.grow $b)
            (func (export "grow_a") (param i32) (result i32) local.get 0 memory.grow $a)
        )"#,
    );
    // Memory 1 holds the data segment; memory 0 does not.
    assert_eq!(
        one_i64(&mut s, &i, "load_b", &[Val::I32(4)]),
        0x8807_0605_0403_0201u64 as i64
    );
    assert_eq!(one_i64(&mut s, &i, "load_a", &[Val::I32(8)]), 0);
    assert_eq!(
        one_i64(&mut s, &i, "kinds", &[]),
        (-120i64) + 0x8807 + (-120) + (0x8807_0605u32 as i32 as i64)
    );
    call(
        &mut s,
        &i,
        "store_b",
        &[Val::I32(100), Val::I64(0x1122_3344_5566_7788)],
    )
    .unwrap();
    assert_eq!(
        one_i64(&mut s, &i, "load_b", &[Val::I32(100)]),
        0x1122_3344_5566_7788
    );
    assert_eq!(one_i64(&mut s, &i, "load_a", &[Val::I32(104)]), 0);
    call(&mut s, &i, "narrow_stores", &[Val::I32(200)]).unwrap();
    assert_eq!(one_i32(&mut s, &i, "u8_b", &[Val::I32(200)]), 0xff);
    assert_eq!(one_i32(&mut s, &i, "u16_b", &[Val::I32(200)]), 0x2345);
    let f = call(&mut s, &i, "f32_b", &[Val::I32(200)]).unwrap()[0]
        .f32()
        .unwrap();
    assert_eq!(f, 1.5);

    // Bounds are per memory: memory 1 is 2 pages, memory 0 is 1 page.
    let two_pages = 2 * 65536;
    assert_eq!(
        one_i64(&mut s, &i, "load_b", &[Val::I32(two_pages - 12)]),
        0
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "load_b", &[Val::I32(two_pages - 11)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "load_a", &[Val::I32(65536 - 7)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "store_b", &[Val::I32(-1), Val::I64(0)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(one_i32(&mut s, &i, "size_a", &[]), 1);
    assert_eq!(one_i32(&mut s, &i, "size_b", &[]), 2);
    assert_eq!(one_i32(&mut s, &i, "grow_b", &[Val::I32(1)]), 2);
    assert_eq!(one_i32(&mut s, &i, "grow_b", &[Val::I32(1)]), -1);
    assert_eq!(one_i32(&mut s, &i, "size_b", &[]), 3);
    assert_eq!(one_i32(&mut s, &i, "size_a", &[]), 1);
    // After growth memory 1 accepts the old out-of-bounds address.
    assert_eq!(
        one_i64(&mut s, &i, "load_b", &[Val::I32(two_pages - 11)]),
        0
    );
    assert_eq!(one_i32(&mut s, &i, "grow_a", &[Val::I32(2)]), 1);
    assert_eq!(one_i32(&mut s, &i, "size_a", &[]), 3);
    assert_eq!(one_i32(&mut s, &i, "size_b", &[]), 3);
}

#[test]
fn multi_memory_bulk_operations() {
    let (mut s, i) = setup(
        r#"(module
            (memory $a 1)
            (memory $b 1)
            (memory $c 1)
            (data $d "hello")
            (func (export "fill") (param i32 i32 i32) (memory.fill $c (local.get 0) (local.get 1) (local.get 2)))
            (func (export "copy_ca") (param i32 i32 i32) (memory.copy $a $c (local.get 0) (local.get 1) (local.get 2)))
            (func (export "copy_ac") (param i32 i32 i32) (memory.copy $c $a (local.get 0) (local.get 1) (local.get 2)))
            (func (export "copy_cc") (param i32 i32 i32) (memory.copy $c $c (local.get 0) (local.get 1) (local.get 2)))
            (func (export "init_b") (param i32 i32 i32) (memory.init $b $d (local.get 0) (local.get 1) (local.get 2)))
            (func (export "drop") (data.drop $d))
            (func (export "a8") (param i32) (result i32) local.get 0 i32.load8_u $a)
            (func (export "b8") (param i32) (result i32) local.get 0 i32.load8_u $b)
            (func (export "c8") (param i32) (result i32) local.get 0 i32.load8_u $c)
        )"#,
    );
    let b = |s: &mut Store<()>, f: &str, x: i32| one_i32(s, &i, f, &[Val::I32(x)]);
    let args = |a: i32, b: i32, c: i32| [Val::I32(a), Val::I32(b), Val::I32(c)];
    call(&mut s, &i, "fill", &args(10, 0xab, 4)).unwrap();
    assert_eq!(b(&mut s, "c8", 13), 0xab);
    assert_eq!(b(&mut s, "c8", 14), 0);
    assert_eq!(b(&mut s, "a8", 10), 0);
    // Copy from memory 2 into memory 0, and back to another place of memory 2.
    call(&mut s, &i, "copy_ca", &args(100, 10, 4)).unwrap();
    assert_eq!(b(&mut s, "a8", 103), 0xab);
    call(&mut s, &i, "copy_ac", &args(1000, 99, 6)).unwrap();
    assert_eq!(b(&mut s, "c8", 1000), 0);
    assert_eq!(b(&mut s, "c8", 1001), 0xab);
    assert_eq!(b(&mut s, "c8", 1005), 0);
    // Overlapping copy within memory 2.
    call(&mut s, &i, "copy_cc", &args(11, 10, 4)).unwrap();
    assert_eq!(b(&mut s, "c8", 14), 0xab);
    // Init into memory 1 only.
    call(&mut s, &i, "init_b", &args(7, 1, 4)).unwrap();
    assert_eq!(b(&mut s, "b8", 7), i32::from(b'e'));
    assert_eq!(b(&mut s, "b8", 10), i32::from(b'o'));
    assert_eq!(b(&mut s, "a8", 7), 0);
    // Bounds are checked per memory, and nothing is written on a trap.
    for (f, a) in [
        ("fill", args(65535, 1, 2)),
        ("copy_ca", args(65535, 0, 2)),
        ("copy_ca", args(0, 65535, 2)),
        ("copy_ac", args(65535, 0, 2)),
        ("copy_cc", args(0, 65535, 2)),
        ("init_b", args(65535, 0, 2)),
        ("init_b", args(0, 4, 2)),
    ] {
        assert_eq!(
            trap_of(call(&mut s, &i, f, &a)),
            TrapCode::MemoryOutOfBounds,
            "{f}"
        );
    }
    call(&mut s, &i, "fill", &args(65535, 7, 1)).unwrap();
    assert_eq!(b(&mut s, "c8", 65535), 7);
    call(&mut s, &i, "drop", &[]).unwrap();
    assert_eq!(
        trap_of(call(&mut s, &i, "init_b", &args(0, 0, 1))),
        TrapCode::MemoryOutOfBounds
    );
    call(&mut s, &i, "init_b", &args(0, 0, 0)).unwrap();
}

#[test]
fn multi_memory_imported_second_memory_is_shared() {
    let engine = Engine::default();
    let exporter = Module::new(
        &engine,
        r#"(module
            (memory (export "mem") 1 4)
            (func (export "get") (param i32) (result i32) local.get 0 i32.load)
            (func (export "size") (result i32) memory.size))"#,
    )
    .unwrap();
    let importer = Module::new(
        &engine,
        r#"(module
            (import "m" "mem" (memory $shared 1))
            (memory $own 1)
            (data (memory $shared) (i32.const 16) "\2a")
            (func (export "put") (param i32 i32) (i32.store $shared (local.get 0) (local.get 1)))
            (func (export "own") (param i32) (result i32) (i32.load $own (local.get 0)))
            (func (export "grow") (param i32) (result i32) (memory.grow $shared (local.get 0)))
            (func (export "copy") (param i32 i32 i32)
                (memory.copy $own $shared (local.get 0) (local.get 1) (local.get 2))))"#,
    )
    .unwrap();
    let mut s = Store::new(&engine, ());
    let e = Instance::new(&mut s, &exporter, &[]).unwrap();
    let mem = e.get_memory(&s, "mem").unwrap();
    // The import is memory 0 (imports come first); the module's own memory is 1.
    let i = Instance::new(&mut s, &importer, &[Extern::Memory(mem)]).unwrap();
    assert_eq!(one_i32(&mut s, &e, "get", &[Val::I32(16)]), 42);
    call(&mut s, &i, "put", &[Val::I32(32), Val::I32(7)]).unwrap();
    assert_eq!(one_i32(&mut s, &e, "get", &[Val::I32(32)]), 7);
    assert_eq!(one_i32(&mut s, &i, "grow", &[Val::I32(2)]), 1);
    assert_eq!(one_i32(&mut s, &e, "size", &[]), 3);
    assert_eq!(mem.size(&s), 3);
    call(
        &mut s,
        &i,
        "copy",
        &[Val::I32(0), Val::I32(32), Val::I32(4)],
    )
    .unwrap();
    assert_eq!(one_i32(&mut s, &i, "own", &[Val::I32(0)]), 7);
}

#[test]
fn multi_memory_imported_memory_at_index_one() {
    let engine = Engine::default();
    let exporter = Module::new(
        &engine,
        r#"(module
            (memory (export "mem") 1)
            (func (export "get") (param i32) (result i32) local.get 0 i32.load))"#,
    )
    .unwrap();
    // Memory 0 is the host-created memory, memory 1 the exporter's.
    let importer = Module::new(
        &engine,
        r#"(module
            (import "h" "m0" (memory 1))
            (import "m" "mem" (memory $second 1))
            (data (memory $second) (i32.const 0) "\05")
            (func (export "put") (param i32 i32) (i32.store $second (local.get 0) (local.get 1)))
            (func (export "get0") (param i32) (result i32) (i32.load (local.get 0))))"#,
    )
    .unwrap();
    let mut s = Store::new(&engine, ());
    let e = Instance::new(&mut s, &exporter, &[]).unwrap();
    let mem = e.get_memory(&s, "mem").unwrap();
    let host = Memory::new(&mut s, MemoryType::new(1, None)).unwrap();
    let i = Instance::new(
        &mut s,
        &importer,
        &[Extern::Memory(host), Extern::Memory(mem)],
    )
    .unwrap();
    assert_eq!(one_i32(&mut s, &e, "get", &[Val::I32(0)]), 5);
    call(&mut s, &i, "put", &[Val::I32(8), Val::I32(9)]).unwrap();
    assert_eq!(one_i32(&mut s, &e, "get", &[Val::I32(8)]), 9);
    assert_eq!(one_i32(&mut s, &i, "get0", &[Val::I32(8)]), 0);
    assert_eq!(host.data(&s)[..16], [0; 16]);
}

#[test]
fn backtrace_names_fall_back_to_export_names() {
    // Binary without a name section: `(func (export "_start") (call 1)) (func unreachable)`.
    let (mut s, i) = setup(
        r#"(module
            (func (export "_start") (call 1))
            (func (export "helper") (export "helper_alias") unreachable)
            (func (export "anon_caller") (call 3))
            (func unreachable))"#,
    );
    let names = |e: Error| -> Vec<Option<String>> {
        e.as_trap()
            .unwrap()
            .backtrace()
            .iter()
            .map(|f| f.func_name.clone())
            .collect()
    };
    let err = call(&mut s, &i, "_start", &[]).unwrap_err();
    assert_eq!(
        names(err),
        [Some("helper".to_string()), Some("_start".to_string())]
    );
    let err = call(&mut s, &i, "anon_caller", &[]).unwrap_err();
    assert_eq!(names(err), [None, Some("anon_caller".to_string())]);
}

/// Loop inversion (a `br` back to a loop that starts with a conditional exit becomes one
/// inverted conditional branch) keeps every exit path: to the enclosing block, to an outer
/// block with a value, back to the loop itself, and with fuel checks at loop headers.
#[test]
fn inverted_loops_keep_their_exits() {
    let wat = r#"(module
        ;; sum of 0..n: the header exits to the enclosing block
        (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (block $out (loop $l
                (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $s (i32.add (local.get $s) (local.get $i)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
            (local.get $s))
        ;; the header exits two blocks out with a value; a second exit in the body
        (func (export "find") (param $n i32) (param $x i32) (result i32) (local $i i32)
            (block $found (result i32)
                (block $none
                    (loop $l
                        (br_if $none (i32.eq (local.get $i) (local.get $n)))
                        (br_if $found (local.get $i)
                            (i32.eq (i32.mul (local.get $i) (local.get $i)) (local.get $x)))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br $l)))
                (i32.const -1)))
        ;; the header's branch goes back to the loop itself (a countdown that skips odd steps)
        (func (export "evens") (param $n i32) (result i32) (local $c i32)
            (block $out (loop $l
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br_if $out (i32.lt_s (local.get $n) (i32.const 0)))
                (br_if $l (i32.and (local.get $n) (i32.const 1)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $l)))
            (local.get $c))
        (func (export "nested") (param $n i64) (result i64) (local $i i64) (local $j i64) (local $t i64)
            (block $o (loop $lo
                (br_if $o (i64.ge_s (local.get $i) (local.get $n)))
                (local.set $j (i64.const 0))
                (block $in (loop $li
                    (br_if $in (i64.gt_u (local.get $j) (local.get $i)))
                    (local.set $t (i64.add (local.get $t) (local.get $j)))
                    (local.set $j (i64.add (local.get $j) (i64.const 1)))
                    (br $li)))
                (local.set $i (i64.add (local.get $i) (i64.const 1)))
                (br $lo)))
            (local.get $t)))"#;
    let expect_sum = |n: i32| (0..n).sum::<i32>();
    let expect_find = |n: i32, x: i32| (0..n).find(|i| i * i == x).unwrap_or(-1);
    let expect_evens = |n: i32| (0..n).filter(|k| k % 2 == 0).count() as i32;
    let expect_nested = |n: i64| (0..n).map(|i| (0..=i).sum::<i64>()).sum::<i64>();
    for config in [Config::new(), {
        let mut c = Config::new();
        c.consume_fuel(true);
        c
    }] {
        let engine = Engine::new(&config);
        let (mut s, i) = setup_with(&engine, wat, |_| Vec::new());
        if config.consume_fuel {
            s.set_fuel(u64::MAX).unwrap();
        }
        for n in [0, 1, 2, 7, 100] {
            assert_eq!(one_i32(&mut s, &i, "sum", &[Val::I32(n)]), expect_sum(n));
            assert_eq!(
                one_i32(&mut s, &i, "evens", &[Val::I32(n)]),
                expect_evens(n)
            );
            assert_eq!(
                one_i64(&mut s, &i, "nested", &[Val::I64(i64::from(n))]),
                expect_nested(i64::from(n))
            );
            for x in [0, 1, 49, 50] {
                assert_eq!(
                    one_i32(&mut s, &i, "find", &[Val::I32(n), Val::I32(x)]),
                    expect_find(n, x),
                    "find({n}, {x})"
                );
            }
        }
    }
    // Without fuel checks, the loops of `sum` and `nested` end in a conditional branch: no
    // unconditional branch goes back.
    let mut config = Config::new();
    config.lazy_translation(false);
    let module = Module::new(&Engine::new(&config), wat).unwrap();
    for f in [0, 3] {
        let code = &module.inner.code[f].translated.get().unwrap().code;
        let back = code
            .iter()
            .filter(|op| matches!(op.instr, Instr::Br(o) if o < 0))
            .count();
        assert_eq!(back, 0, "function {f}: {code:?}");
    }
}

/// With lazy translation (the default) a body is translated on its first call only, by
/// whichever thread calls it first; results are those of eager translation.
#[test]
fn lazy_translation_translates_on_first_call_only() {
    let wat = r#"(module
        (func $sq (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
        (func (export "sum_sq") (param $n i32) (result i32) (local $s i32)
            (block $d (loop $l
                (br_if $d (i32.eqz (local.get $n)))
                (local.set $s (i32.add (local.get $s) (call $sq (local.get $n))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $l)))
            (local.get $s))
        (func (export "unused") (result i32) (i32.const 7)))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let translated = |m: &Module| -> Vec<bool> {
        m.inner
            .code
            .iter()
            .map(|f| f.translated.get().is_some())
            .collect()
    };
    assert_eq!(translated(&module), [false, false, false]);
    let expected: i32 = (1..=100).map(|k: i32| k * k).sum();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (engine, module) = (engine.clone(), module.clone());
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let i = Instance::new(&mut store, &module, &[]).unwrap();
                one_i32(&mut store, &i, "sum_sq", &[Val::I32(100)])
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), expected);
    }
    assert_eq!(translated(&module), [true, true, false]);
    let size = module.code_size();
    assert_eq!((size.functions, size.translated_functions), (3, 2));
    assert!(size.translated_bytes >= 24 * 4, "{size:?}");
    assert!(size.wasm_bytes > 20 && size.wasm_bytes < 100, "{size:?}");

    let mut config = Config::new();
    config.lazy_translation(false);
    let eager = Module::new(&Engine::new(&config), wat).unwrap();
    assert_eq!(translated(&eager), [true, true, true]);
    assert_eq!(eager.code_size().wasm_bytes, size.wasm_bytes);
    assert!(eager.code_size().translated_bytes > size.translated_bytes);
}

/// `select` whose condition is `eqz(eqz(x))` (a pattern wasmi 2.0.0 gets wrong, found by the
/// differential fuzzer): the condition is `x != 0`.
#[test]
fn select_on_double_eqz() {
    let (mut s, i) = setup(
        r#"(module
            (func (export "f") (param i32) (result i32)
                i32.const 2047
                local.get 0
                local.get 0
                i32.eqz
                i32.eqz
                select)
            (func (export "h") (param i32) (result i32)
                (i32.xor (call 0 (local.get 0)) (local.get 0))))"#,
    );
    assert_eq!(one_i32(&mut s, &i, "f", &[Val::I32(244)]), 2047);
    assert_eq!(one_i32(&mut s, &i, "f", &[Val::I32(0)]), 0);
    assert_eq!(one_i32(&mut s, &i, "h", &[Val::I32(244)]), 1803);
}

/// `call_indirect` finds its target after the table's elements moved: grown by the code itself,
/// and by the host during a host call.
#[test]
fn call_indirect_after_the_table_grows() {
    let engine = Engine::default();
    let wat = r#"(module
        (import "env" "grow" (func $grow (param i32)))
        (table $t (export "t") 1 funcref)
        (type $v (func (result i32)))
        (func $seven (type $v) (i32.const 7))
        (elem declare func $seven)
        (func (export "wasm_grows") (result i32)
            (drop (table.grow $t (ref.null func) (i32.const 5000)))
            (table.set $t (i32.const 4000) (ref.func $seven))
            (call_indirect $t (type $v) (i32.const 4000)))
        (func (export "host_grows") (result i32)
            (call $grow (i32.const 20000))
            (table.set $t (i32.const 20500) (ref.func $seven))
            (call_indirect $t (type $v) (i32.const 20500))))"#;
    let (mut s, i) = setup_with(&engine, wat, |s| {
        let grow = Func::wrap(&mut *s, |mut caller: Caller<'_, ()>, n: i32| {
            let t = caller.get_export("t").unwrap().into_table().unwrap();
            t.grow(&mut caller, n as u32 as u64, Val::FuncRef(None))
                .unwrap();
        });
        vec![Extern::Func(grow)]
    });
    assert_eq!(one_i32(&mut s, &i, "wasm_grows", &[]), 7);
    assert_eq!(one_i32(&mut s, &i, "host_grows", &[]), 7);
}

/// A load or store whose address is `x + k` (an `i32.add` of a constant) runs as one fused
/// instruction that keeps the add's 32-bit wrap-around, and traps out of bounds as before.
#[test]
fn address_adds_fuse_with_loads_and_stores() {
    let wat = r#"(module
        (memory 1)
        (data (i32.const 16) "\2a\00\00\00")
        (func (export "load") (param i32) (result i32)
            (i32.load (i32.add (local.get 0) (i32.const 32))))
        (func (export "load16") (param i32) (result i32)
            (i32.load16_s (i32.add (local.get 0) (i32.const 32))))
        (func (export "store_load") (param i32 i32) (result i32)
            (i32.store (i32.add (local.get 0) (i32.const 32)) (local.get 1))
            (i32.load (i32.const 16))))"#;
    let (mut s, i) = setup(wat);
    // 0xffff_fff0 + 32 wraps to 16.
    assert_eq!(one_i32(&mut s, &i, "load", &[Val::I32(-16)]), 42);
    assert_eq!(one_i32(&mut s, &i, "load16", &[Val::I32(-16)]), 42);
    assert_eq!(
        one_i32(&mut s, &i, "store_load", &[Val::I32(-16), Val::I32(7)]),
        7
    );
    let err = call(&mut s, &i, "load", &[Val::I32(65_504)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    let err = call(&mut s, &i, "store_load", &[Val::I32(65_502), Val::I32(1)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));

    let mut config = Config::new();
    config.lazy_translation(false);
    let module = Module::new(&Engine::new(&config), wat).unwrap();
    let code = |f: usize| module.inner.code[f].translated.get().unwrap().code.clone();
    assert!(
        matches!(code(0)[0].instr, Instr::I32LoadAddImm(_, 0, 32)),
        "{:?}",
        code(0)
    );
    assert!(
        matches!(code(1)[0].instr, Instr::I32Load16SAddImm(_, 0, 32)),
        "{:?}",
        code(1)
    );
    assert!(
        matches!(code(2)[0].instr, Instr::I32StoreAddImm(0, 1, 32)),
        "{:?}",
        code(2)
    );
}

/// The IR of the module's function `index` (eager translation).
fn ir_of(wat: &str, index: usize) -> Vec<Instr> {
    let mut config = Config::new();
    config.lazy_translation(false);
    let module = Module::new(&Engine::new(&config), wat).expect("module compiles");
    let t = module.inner.code[index]
        .translated
        .get()
        .expect("translated");
    t.code.iter().map(|op| op.instr).collect()
}

/// Asserts that `code` has an instruction of each of the `forms` (matched by the start of its
/// debug form, so `"I32DivUMagic("` excludes the `Acc` variant).
fn assert_uses(code: &[Instr], forms: &[&str]) {
    for form in forms {
        assert!(
            code.iter().any(|i| format!("{i:?}").starts_with(form)),
            "no {form} in {code:?}"
        );
    }
}

#[test]
fn br_table_jumps_straight_to_its_targets() {
    // Targets: the function itself (a return), blocks at different depths, one carrying a
    // value that needs a copy, and the default; the index comes from the accumulator (`$acc`)
    // or from a local (`$local`).
    let body = |index: &str| {
        format!(
            r#"(block $d (result i32)
                 (block $c (result i32)
                   (block $b (result i32)
                     (block $a (result i32)
                       (br_table $a $b $c $d 4 $a (i32.add (local.get 1) (i32.const 0)) {index}))
                     (return (i32.add (i32.const 10))))
                   (return (i32.add (i32.const 20))))
                 (return (i32.add (i32.const 30))))
               (i32.add (i32.const 1))"#
        )
    };
    let wat = format!(
        r#"(module
            (func $acc (export "acc") (param i32 i32) (result i32)
              {})
            (func $local (export "local") (param i32 i32) (result i32)
              {}))"#,
        body("(i32.add (local.get 0) (i32.const 0))"),
        body("(local.get 0)")
    );
    let (mut s, i) = setup(&wat);
    for name in ["acc", "local"] {
        for (index, want) in [
            (0, 110),
            (1, 120),
            (2, 130),
            (3, 101),
            (4, 100),
            (5, 110),
            (6, 110),
        ] {
            let got = one_i32(&mut s, &i, name, &[Val::I32(index), Val::I32(100)]);
            assert_eq!(got, want, "{name}({index})");
        }
        let got = one_i32(&mut s, &i, name, &[Val::I32(-1), Val::I32(100)]);
        assert_eq!(got, 110, "{name}(-1)");
    }
    // Every table entry is a plain branch, and the computed index is read from the
    // accumulator.
    let code = ir_of(&wat, 0);
    let at = code
        .iter()
        .position(|i| matches!(i, Instr::BrTableAcc(_)))
        .expect("an accumulator br_table");
    let Instr::BrTableAcc(len) = code[at] else {
        unreachable!()
    };
    assert!(code[at + 1..at + 2 + len as usize]
        .iter()
        .all(|i| matches!(i, Instr::Br(_))));
}

#[test]
fn eqz_of_a_compare_is_the_negated_compare() {
    let cmps = [
        "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
    ];
    let mut funcs = String::new();
    for ty in ["i32", "i64"] {
        for c in cmps {
            funcs += &format!(
                r#"(func (export "{ty}_{c}_value") (param {ty} {ty}) (result i32)
                     (i32.eqz ({ty}.{c} (local.get 0) (local.get 1))))
                   (func (export "{ty}_{c}_branch") (param {ty} {ty}) (result i32)
                     (if (result i32) (i32.eqz ({ty}.{c} (local.get 0) (local.get 1)))
                       (then (i32.const 7)) (else (i32.const 9))))
                   (func (export "{ty}_{c}_imm") (param {ty}) (result i32)
                     (i32.eqz ({ty}.{c} (local.get 0) ({ty}.const 5))))
"#
            );
        }
    }
    let wat = format!(
        r#"(module {funcs}
            (func (export "not_not") (param i32) (result i32) (i32.eqz (i32.eqz (local.get 0))))
            (func (export "not_not_branch") (param i64) (result i32)
              (if (result i32) (i32.eqz (i64.eqz (local.get 0)))
                (then (i32.const 7)) (else (i32.const 9)))))"#
    );
    let (mut s, i) = setup(&wat);
    let vals: [i64; 6] = [i64::MIN, -5, 0, 5, 6, i64::MAX];
    for (ci, c) in cmps.iter().enumerate() {
        let holds = |a: i64, b: i64, wide: bool| -> bool {
            let (ua, ub) = if wide {
                (a as u64, b as u64)
            } else {
                (u64::from(a as u32), u64::from(b as u32))
            };
            let (sa, sb) = if wide {
                (a, b)
            } else {
                (i64::from(a as i32), i64::from(b as i32))
            };
            [
                ua == ub,
                ua != ub,
                sa < sb,
                ua < ub,
                sa > sb,
                ua > ub,
                sa <= sb,
                ua <= ub,
                sa >= sb,
                ua >= ub,
            ][ci]
        };
        for &a in &vals {
            for &b in &vals {
                for wide in [false, true] {
                    let ty = if wide { "i64" } else { "i32" };
                    let args = if wide {
                        [Val::I64(a), Val::I64(b)]
                    } else {
                        [Val::I32(a as i32), Val::I32(b as i32)]
                    };
                    let want = !holds(a, b, wide);
                    let name = format!("{ty}_{c}_value");
                    assert_eq!(
                        one_i32(&mut s, &i, &name, &args),
                        want as i32,
                        "{name}({a}, {b})"
                    );
                    let name = format!("{ty}_{c}_branch");
                    let got = one_i32(&mut s, &i, &name, &args);
                    assert_eq!(got, if want { 7 } else { 9 }, "{name}({a}, {b})");
                }
            }
            for wide in [false, true] {
                let ty = if wide { "i64" } else { "i32" };
                let arg = if wide {
                    Val::I64(a)
                } else {
                    Val::I32(a as i32)
                };
                let name = format!("{ty}_{c}_imm");
                let want = !holds(a, 5, wide);
                assert_eq!(
                    one_i32(&mut s, &i, &name, &[arg]),
                    want as i32,
                    "{name}({a})"
                );
            }
        }
    }
    for v in [0, 1, -1, 5] {
        assert_eq!(
            one_i32(&mut s, &i, "not_not", &[Val::I32(v)]),
            (v != 0) as i32
        );
        let got = one_i32(
            &mut s,
            &i,
            "not_not_branch",
            &[Val::I64(i64::from(v) << 40)],
        );
        assert_eq!(got, if v != 0 { 7 } else { 9 });
    }
}

#[test]
fn accumulator_address_and_select_forms() {
    // Loads and stores whose address base (before a constant add) or stored value was written
    // by the previous instruction, and a select whose condition was.
    let wat = r#"(module
        (memory 1)
        (data (i32.const 0) "\01\02\03\04\05\06\07\08\f9\fa\fb\fc\fd\fe\ff\80\11\22\33\44\55\66\77\88")
        (func (export "l32") (param i32) (result i64)
          (i64.extend_i32_u (i32.load (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)))))
        (func (export "l64") (param i32) (result i64)
          (i64.load (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2))))
        (func (export "l8u") (param i32) (result i64)
          (i64.extend_i32_u (i32.load8_u (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)))))
        (func (export "l8s") (param i32) (result i64)
          (i64.extend_i32_u (i32.load8_s (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)))))
        (func (export "l16u") (param i32) (result i64)
          (i64.extend_i32_u (i32.load16_u (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)))))
        (func (export "l16s") (param i32) (result i64)
          (i64.extend_i32_u (i32.load16_s (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)))))
        (func (export "s32a") (param i32 i64) (local i32)
          (local.set 2 (i32.wrap_i64 (local.get 1)))
          (i32.store (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)) (local.get 2)))
        (func (export "s64a") (param i32 i64)
          (i64.store (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)) (local.get 1)))
        (func (export "s8a") (param i32 i64) (local i32)
          (local.set 2 (i32.wrap_i64 (local.get 1)))
          (i32.store8 (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)) (local.get 2)))
        (func (export "s16a") (param i32 i64) (local i32)
          (local.set 2 (i32.wrap_i64 (local.get 1)))
          (i32.store16 (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 2)) (local.get 2)))
        (func (export "s32v") (param i32 i64) (local i32)
          (local.set 2 (i32.mul (i32.wrap_i64 (local.get 1)) (i32.const 3)))
          (i32.store (i32.add (local.get 0) (i32.const 2)) (local.get 2)))
        (func (export "s64v") (param i32 i64)
          (local.set 1 (i64.mul (local.get 1) (i64.const 3)))
          (i64.store (i32.add (local.get 0) (i32.const 2)) (local.get 1)))
        (func (export "s8v") (param i32 i64) (local i32)
          (local.set 2 (i32.mul (i32.wrap_i64 (local.get 1)) (i32.const 3)))
          (i32.store8 (i32.add (local.get 0) (i32.const 2)) (local.get 2)))
        (func (export "s16v") (param i32 i64) (local i32)
          (local.set 2 (i32.mul (i32.wrap_i64 (local.get 1)) (i32.const 3)))
          (i32.store16 (i32.add (local.get 0) (i32.const 2)) (local.get 2)))
        (func (export "sel") (param i32 i32 i32) (result i32)
          (select (local.get 1) (local.get 2) (i32.lt_s (local.get 0) (i32.const 5))))
        (func (export "peek") (param i32) (result i64) (i64.load (local.get 0))))"#;
    let (mut s, i) = setup(wat);
    let init: Vec<u8> = vec![
        1, 2, 3, 4, 5, 6, 7, 8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0x80, 0x11, 0x22, 0x33,
        0x44, 0x55, 0x66, 0x77, 0x88,
    ];
    let le = |m: &[u8], at: usize, n: usize| -> u64 {
        (0..n).fold(0u64, |v, k| v | u64::from(m[at + k]) << (8 * k))
    };
    for x in 0..6i32 {
        let at = (x * 2 + 2) as usize;
        let sx = |v: u64, bits: u32| ((v << (64 - bits)) as i64 >> (64 - bits)) as u64;
        let want = [
            ("l32", le(&init, at, 4)),
            ("l64", le(&init, at, 8)),
            ("l8u", le(&init, at, 1)),
            ("l8s", u64::from(sx(le(&init, at, 1), 8) as u32)),
            ("l16u", le(&init, at, 2)),
            ("l16s", u64::from(sx(le(&init, at, 2), 16) as u32)),
        ];
        for (name, v) in want {
            assert_eq!(
                one_i64(&mut s, &i, name, &[Val::I32(x)]) as u64,
                v,
                "{name}({x})"
            );
        }
    }
    // Out of bounds through the accumulator address.
    assert_eq!(
        trap_of(call(&mut s, &i, "l32", &[Val::I32(32767)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "s64a", &[Val::I32(32765), Val::I64(1)])),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(call(&mut s, &i, "s8v", &[Val::I32(65534), Val::I64(1)])),
        TrapCode::MemoryOutOfBounds
    );
    // Stores: model the memory and compare the first 32 bytes after each.
    let mut model = init.clone();
    model.resize(32, 0);
    let v: i64 = 0x0123_4567_89ab_cdef;
    for (name, x, width, value) in [
        ("s32a", 1, 4, v as u64),
        ("s64a", 3, 8, v as u64),
        ("s8a", 0, 1, v as u64),
        ("s16a", 5, 2, v as u64),
        ("s32v", 7, 4, (v as u32).wrapping_mul(3) as u64),
        ("s64v", 9, 8, (v as u64).wrapping_mul(3)),
        ("s8v", 20, 1, (v as u32).wrapping_mul(3) as u64),
        ("s16v", 13, 2, (v as u32).wrapping_mul(3) as u64),
    ] {
        call(&mut s, &i, name, &[Val::I32(x), Val::I64(v)]).unwrap();
        let at = if name.ends_with('a') {
            x as usize * 2 + 2
        } else {
            x as usize + 2
        };
        for k in 0..width {
            model[at + k] = (value >> (8 * k)) as u8;
        }
        for word in 0..4 {
            let got = one_i64(&mut s, &i, "peek", &[Val::I32(word * 8)]) as u64;
            assert_eq!(
                got,
                le(&model, word as usize * 8, 8),
                "after {name}: word {word}"
            );
        }
    }
    for x in [i32::MIN, 4, 5, 6] {
        let got = one_i32(
            &mut s,
            &i,
            "sel",
            &[Val::I32(x), Val::I32(10), Val::I32(20)],
        );
        assert_eq!(got, if x < 5 { 10 } else { 20 });
    }
    // The forms under test are the ones that ran.
    let all: Vec<Instr> = (0..16).flat_map(|f| ir_of(wat, f)).collect();
    let has = |p: fn(&Instr) -> bool| all.iter().any(p);
    assert!(has(|i| matches!(i, Instr::I32LoadAddImmAcc(..))));
    assert!(has(|i| matches!(i, Instr::I64LoadAddImmAcc(..))));
    assert!(has(|i| matches!(i, Instr::I32Load8UAddImmAcc(..))));
    assert!(has(|i| matches!(i, Instr::I32Load8SAddImmAcc(..))));
    assert!(has(|i| matches!(i, Instr::I32Load16UAddImmAcc(..))));
    assert!(has(|i| matches!(i, Instr::I32Load16SAddImmAcc(..))));
    assert!(has(|i| matches!(i, Instr::I32StoreAddImmAccA(..))));
    assert!(has(|i| matches!(i, Instr::I64StoreAddImmAccA(..))));
    assert!(has(|i| matches!(i, Instr::I32Store8AddImmAccA(..))));
    assert!(has(|i| matches!(i, Instr::I32Store16AddImmAccA(..))));
    assert!(has(|i| matches!(i, Instr::I32StoreAddImmAccV(..))));
    assert!(has(|i| matches!(i, Instr::I64StoreAddImmAccV(..))));
    assert!(has(|i| matches!(i, Instr::I32Store8AddImmAccV(..))));
    assert!(has(|i| matches!(i, Instr::I32Store16AddImmAccV(..))));
    assert!(has(|i| matches!(i, Instr::SelectAcc(..))));
}

#[test]
fn float_accumulator_producers_match_the_handlers() {
    // The handlers that write the float accumulator (`wf64!`) are exactly the translator's
    // list: a listed instruction that did not write it would feed stale values to the f64
    // accumulator forms.
    let src = include_str!("handlers.rs");
    let start = src.find("handlers! { |").expect("handler definitions");
    let mut producers: Vec<&str> = Vec::new();
    let mut rest = &src[start..];
    while let Some(at) = rest
        .find("\n        hot ")
        .or_else(|| rest.find("\n        cold "))
    {
        let chunk = &rest[at + 1..];
        let name_start = chunk.find(|c: char| c.is_ascii_uppercase()).unwrap();
        let name_end = name_start + chunk[name_start..].find('(').unwrap();
        let name = &chunk[name_start..name_end];
        let next = chunk[1..]
            .find("\n        hot ")
            .into_iter()
            .chain(chunk[1..].find("\n        cold "))
            .min()
            .map_or(chunk.len(), |n| n + 1);
        if chunk[..next].contains("wf64!(") {
            producers.push(name);
        }
        rest = &chunk[next..];
    }
    let mut listed: Vec<&str> = super::translate::FLOAT_ACC_PRODUCERS.to_vec();
    producers.sort_unstable();
    listed.sort_unstable();
    assert_eq!(producers, listed);
}

#[test]
fn f64_chains_through_the_float_accumulator() {
    // Every f64 producer followed by every f64 accumulator consumer, plus f64 loads (local,
    // address-add and accumulator-address forms) and stores of f64 results.
    let producers = [
        ("add", "(f64.add (local.get 0) (local.get 1))"),
        ("sub", "(f64.sub (local.get 0) (local.get 1))"),
        ("mul", "(f64.mul (local.get 0) (local.get 1))"),
        ("div", "(f64.div (local.get 0) (local.get 1))"),
        ("min", "(f64.min (local.get 0) (local.get 1))"),
        ("max", "(f64.max (local.get 0) (local.get 1))"),
        ("sqrt", "(f64.sqrt (local.get 0))"),
        ("floor", "(f64.floor (local.get 0))"),
        ("neg", "(f64.neg (local.get 0))"),
        ("abs", "(f64.abs (local.get 1))"),
        (
            "conv",
            "(f64.convert_i32_s (i32.trunc_f64_s (local.get 0)))",
        ),
        (
            "promote",
            "(f64.promote_f32 (f32.demote_f64 (local.get 0)))",
        ),
        ("load", "(f64.load (i32.const 8))"),
        ("loadp", "(f64.load (i32.add (local.get 2) (i32.const 8)))"),
        (
            "loadacc",
            "(f64.load offset=8 (i32.shl (local.get 2) (i32.const 0)))",
        ),
        (
            "loadaddacc",
            "(f64.load (i32.add (i32.shl (local.get 2) (i32.const 0)) (i32.const 8)))",
        ),
    ];
    let consumers = [
        ("add", "(f64.add {p} (local.get 1))"),
        ("radd", "(f64.add (local.get 1) {p})"),
        ("mul", "(f64.mul {p} (local.get 1))"),
        ("sub", "(f64.sub {p} (local.get 1))"),
        ("rsub", "(f64.sub (local.get 1) {p})"),
        ("div", "(f64.div {p} (local.get 1))"),
        ("rdiv", "(f64.div (local.get 1) {p})"),
        ("lt", "(f64.convert_i32_u (f64.lt {p} (local.get 1)))"),
        (
            "store",
            "(f64.store (i32.const 16) {p}) (f64.load (i32.const 16))",
        ),
    ];
    let mut funcs = String::new();
    for (pn, p) in producers {
        for (cn, c) in consumers {
            let body = c.replace("{p}", p);
            funcs +=
                &format!("(func (export \"{pn}_{cn}\") (param f64 f64 i32) (result f64) {body})\n");
        }
    }
    let wat =
        format!(r#"(module (memory 1) (data (i32.const 8) "\00\00\00\00\00\00\1c\40") {funcs})"#);
    let (mut s, i) = setup(&wat);
    let (x, y) = (6.75f64, -2.5f64);
    let value = |pn: &str| -> f64 {
        match pn {
            "add" => x + y,
            "sub" => x - y,
            "mul" => x * y,
            "div" => x / y,
            "min" => x.min(y),
            "max" => x.max(y),
            "sqrt" => x.sqrt(),
            "floor" => x.floor(),
            "neg" => -x,
            "abs" => y.abs(),
            "conv" => (x as i32) as f64,
            "promote" => f64::from(x as f32),
            _ => 7.0, // the loads: the data segment's f64 at address 8
        }
    };
    for (pn, _) in producers {
        let v = value(pn);
        for (cn, _) in consumers {
            let want = match cn {
                "add" => v + y,
                "radd" => y + v,
                "mul" => v * y,
                "sub" => v - y,
                "rsub" => y - v,
                "div" => v / y,
                "rdiv" => y / v,
                "lt" => f64::from(u8::from(v < y)),
                _ => v,
            };
            let name = format!("{pn}_{cn}");
            let r = call(
                &mut s,
                &i,
                &name,
                &[Val::F64(x.to_bits()), Val::F64(y.to_bits()), Val::I32(0)],
            )
            .unwrap();
            let Val::F64(bits) = r[0] else {
                panic!("{name}: {r:?}")
            };
            assert_eq!(f64::from_bits(bits), want, "{name}");
        }
    }
    // The float accumulator forms are in use.
    let all: Vec<Instr> = (0..producers.len() * consumers.len())
        .flat_map(|f| ir_of(&wat, f))
        .collect();
    assert_uses(
        &all,
        &[
            "F64AddAccL",
            "F64MulAccL",
            "F64SubAccL",
            "F64SubAccR",
            "F64DivAccL",
            "F64DivAccR",
            "F64LoadAcc",
            "F64LoadAddImm",
            "F64LoadAddImmAcc",
        ],
    );
}

#[test]
fn unsigned_division_by_constants() {
    let divisors: [u64; 16] = [
        1,
        2,
        3,
        7,
        10,
        16,
        641,
        1_000_000_000,
        0x7fff_ffff,
        0x8000_0001,
        0xffff_ffff,
        0x1_0000_0001,
        0x7fff_ffff_ffff_ffff,
        0x8000_0000_0000_0001,
        u64::MAX,
        12345,
    ];
    let mut funcs = String::new();
    for (k, &d) in divisors.iter().enumerate() {
        let d32 = d as u32 as i32;
        let d64 = d as i64;
        funcs += &format!(
            r#"(func (export "div32_{k}") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const {d32})))
               (func (export "rem32_{k}") (param i32) (result i32) (i32.rem_u (local.get 0) (i32.const {d32})))
               (func (export "div64_{k}") (param i64) (result i64) (i64.div_u (local.get 0) (i64.const {d64})))
               (func (export "rem64_{k}") (param i64) (result i64) (i64.rem_u (local.get 0) (i64.const {d64})))
               (func (export "accdiv32_{k}") (param i32) (result i32) (i32.div_u (i32.xor (local.get 0) (i32.const 0)) (i32.const {d32})))
               (func (export "accrem32_{k}") (param i32) (result i32) (i32.rem_u (i32.xor (local.get 0) (i32.const 0)) (i32.const {d32})))
               (func (export "accdiv64_{k}") (param i64) (result i64) (i64.div_u (i64.xor (local.get 0) (i64.const 0)) (i64.const {d64})))
               (func (export "accrem64_{k}") (param i64) (result i64) (i64.rem_u (i64.xor (local.get 0) (i64.const 0)) (i64.const {d64})))
               (func (export "chain64_{k}") (param i64) (result i64) (local i64)
                 (local.set 1 (i64.div_u (local.get 0) (i64.const {d64})))
                 (i64.add (local.get 1) (i64.rem_u (local.get 0) (i64.const {d64}))))
"#
        );
    }
    let wat = format!("(module {funcs})");
    let (mut s, i) = setup(&wat);
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut values: Vec<u64> = vec![
        0,
        1,
        2,
        9,
        10,
        11,
        u64::from(u32::MAX),
        1 << 32,
        u64::MAX,
        1 << 63,
    ];
    for _ in 0..40 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        values.push(x);
        values.push(x >> (x % 64));
    }
    // The export `name` called with `v` (an i64, or an i32 when not `wide`), as u64.
    let mut run = |name: String, v: u64, wide: bool| -> u64 {
        if wide {
            one_i64(&mut s, &i, &name, &[Val::I64(v as i64)]) as u64
        } else {
            u64::from(one_i32(&mut s, &i, &name, &[Val::I32(v as u32 as i32)]) as u32)
        }
    };
    for (k, &d) in divisors.iter().enumerate() {
        let d32 = d as u32;
        for &v in &values {
            let v32 = v as u32;
            for pre in ["", "acc"] {
                if let (Some(q), Some(r)) = (v32.checked_div(d32), v32.checked_rem(d32)) {
                    let got = run(format!("{pre}div32_{k}"), v, false);
                    assert_eq!(got, u64::from(q), "{pre} {v32} / {d32}");
                    let got = run(format!("{pre}rem32_{k}"), v, false);
                    assert_eq!(got, u64::from(r), "{pre} {v32} % {d32}");
                }
                assert_eq!(
                    run(format!("{pre}div64_{k}"), v, true),
                    v / d,
                    "{pre} {v} / {d}"
                );
                assert_eq!(
                    run(format!("{pre}rem64_{k}"), v, true),
                    v % d,
                    "{pre} {v} % {d}"
                );
            }
            let got = run(format!("chain64_{k}"), v, true);
            assert_eq!(got, (v / d).wrapping_add(v % d), "chain {v} {d}");
        }
    }
    // The multiply forms are in use, and a `local.set` of a division writes the local directly.
    let all: Vec<Instr> = (0..divisors.len() * 9)
        .flat_map(|f| ir_of(&wat, f))
        .collect();
    assert_uses(
        &all,
        &[
            "I32DivUMagic(",
            "I32RemUMagic(",
            "I64DivUMagic(",
            "I64RemUMagic(",
            "I32DivUMagicAcc",
            "I32RemUMagicAcc",
            "I64DivUMagicAcc",
            "I64RemUMagicAcc",
        ],
    );
    let chain = ir_of(&wat, 2 * 9 + 8); // chain64 by 3
    assert!(
        matches!(chain[0], Instr::I64DivUMagic(1, 0, _)),
        "{chain:?}"
    );
}

#[test]
fn f64_loads_fused_into_multiply_and_add() {
    // `c[i] += k * b[i]` as clang emits it: load b, multiply, load c, add, store.
    let wat = r#"(module
        (memory 1)
        (func (export "axpy") (param $k f64) (param $b i32) (param $c i32) (param $n i32)
          (loop $l
            (f64.store (local.get $c)
              (f64.add (f64.mul (f64.load (local.get $b)) (local.get $k))
                       (f64.load (local.get $c))))
            (f64.store offset=8 (local.get $c)
              (f64.add (f64.load offset=8 (local.get $c))
                       (f64.mul (local.get $k) (f64.load offset=8 (local.get $b)))))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
        (func (export "set") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
        (func (export "get") (param i32) (result f64) (f64.load (local.get 0))))"#;
    let (mut s, i) = setup(wat);
    let (b, c, n) = (1024i32, 4096i32, 8);
    let vb = |j: i32| f64::from(j) * 1.25 - 3.0;
    let vc = |j: i32| f64::from(j * j) / 7.0;
    for j in 0..2 * n {
        call(
            &mut s,
            &i,
            "set",
            &[Val::I32(b + 8 * j), Val::F64(vb(j).to_bits())],
        )
        .unwrap();
        call(
            &mut s,
            &i,
            "set",
            &[Val::I32(c + 8 * j), Val::F64(vc(j).to_bits())],
        )
        .unwrap();
    }
    let k = 0.375f64;
    let args = [Val::F64(k.to_bits()), Val::I32(b), Val::I32(c), Val::I32(n)];
    call(&mut s, &i, "axpy", &args).unwrap();
    for j in 0..2 * n {
        let r = call(&mut s, &i, "get", &[Val::I32(c + 8 * j)]).unwrap();
        let Val::F64(bits) = r[0] else { unreachable!() };
        // Both elements of a pair compute `c + k * b` (in either operand order: the same).
        let want = vc(j) + k * vb(j);
        assert_eq!(f64::from_bits(bits), want, "c[{j}]");
    }
    // Out of bounds through a fused load traps.
    let args = [
        Val::F64(k.to_bits()),
        Val::I32(65536 - 8),
        Val::I32(c),
        Val::I32(1),
    ];
    assert_eq!(
        trap_of(call(&mut s, &i, "axpy", &args)),
        TrapCode::MemoryOutOfBounds
    );
    let code = ir_of(wat, 0);
    assert!(
        code.iter().any(|i| matches!(i, Instr::F64MulLoad(0, ..))),
        "{code:?}"
    );
    assert!(
        code.iter().any(|i| matches!(i, Instr::F64AddLoad(0, ..))),
        "{code:?}"
    );
    assert!(
        code.iter().any(|i| matches!(i, Instr::F64MulLoad(8, ..))),
        "{code:?}"
    );
}

#[test]
fn multiply_by_constant_fused_into_subtraction() {
    // `x - (x / c) * c` as clang emits a remainder next to its quotient, in both widths; and
    // `q * c` subtracted from a value that is itself the product's slot is left alone.
    let wat = r#"(module
        (func (export "rem64") (param $x i64) (result i64) (local $q i64)
          (local.set $q (i64.div_u (local.get $x) (i64.const 1000000000)))
          (i64.sub (local.get $x) (i64.mul (local.get $q) (i64.const 1000000000))))
        (func (export "rem32") (param $x i32) (result i32) (local $q i32)
          (local.set $q (i32.div_u (local.get $x) (i32.const 10)))
          (i32.sub (local.get $x) (i32.mul (local.get $q) (i32.const 10))))
        (func (export "msub64") (param $a i64) (param $b i64) (result i64)
          (i64.sub (local.get $a) (i64.mul (i64.add (local.get $b) (i64.const 1)) (i64.const -7))))
        (func (export "msub32") (param $a i32) (param $b i32) (result i32)
          (i32.sub (local.get $a) (i32.mul (i32.add (local.get $b) (i32.const 1)) (i32.const -3)))))"#;
    let (mut s, i) = setup(wat);
    for x in [
        0u64,
        1,
        999_999_999,
        1_000_000_000,
        123_456_789_012_345,
        u64::MAX,
    ] {
        let r = call(&mut s, &i, "rem64", &[Val::I64(x as i64)]).unwrap();
        assert!(
            matches!(r[0], Val::I64(v) if v as u64 == x % 1_000_000_000),
            "rem64({x}): {r:?}"
        );
    }
    for x in [0u32, 9, 10, 12345, u32::MAX] {
        let r = call(&mut s, &i, "rem32", &[Val::I32(x as i32)]).unwrap();
        assert!(
            matches!(r[0], Val::I32(v) if v as u32 == x % 10),
            "rem32({x}): {r:?}"
        );
    }
    for (a, b) in [(5i64, 3i64), (i64::MIN, i64::MAX), (-1, -2), (0, 1 << 62)] {
        let r = call(&mut s, &i, "msub64", &[Val::I64(a), Val::I64(b)]).unwrap();
        let want = a.wrapping_sub(b.wrapping_add(1).wrapping_mul(-7));
        assert!(
            matches!(r[0], Val::I64(v) if v == want),
            "msub64({a}, {b}): {r:?}"
        );
    }
    for (a, b) in [(5i32, 3i32), (i32::MIN, i32::MAX), (-1, -2)] {
        let r = call(&mut s, &i, "msub32", &[Val::I32(a), Val::I32(b)]).unwrap();
        let want = a.wrapping_sub(b.wrapping_add(1).wrapping_mul(-3));
        assert!(
            matches!(r[0], Val::I32(v) if v == want),
            "msub32({a}, {b}): {r:?}"
        );
    }
    for (f, fused) in [
        (0, "I64SubMulImmAcc"),
        (1, "I32SubMulImmAcc"),
        (2, "I64SubMulImmAcc"),
        (3, "I32SubMulImmAcc"),
    ] {
        let code = ir_of(wat, f);
        assert_uses(&code, &[fused]);
        assert!(
            !code
                .iter()
                .any(|i| matches!(i, Instr::I64MulImmAcc(..) | Instr::I32MulImmAcc(..))),
            "function {f}: {code:?}"
        );
    }
}

#[test]
fn consecutive_argument_copies_fused() {
    // Two- and three-argument calls (direct and indirect) whose arguments come from locals:
    // the first two copies become one `Copy2`; the arguments must arrive in order.
    let wat = r#"(module
        (type $t2 (func (param i32 i32) (result i32)))
        (table 1 funcref)
        (elem (i32.const 0) $sub)
        (func $sub (type $t2) (i32.sub (local.get 0) (local.get 1)))
        (func $mix (param i32 i32 i32) (result i32)
          (i32.add (i32.mul (local.get 0) (i32.const 100))
                   (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 2))))
        (func (export "run") (param $a i32) (param $b i32) (param $c i32) (result i32)
          (local $x i32)
          (local.set $x (call $sub (local.get $a) (local.get $b)))
          (local.set $x (i32.add (local.get $x)
            (call_indirect (type $t2) (local.get $b) (local.get $a) (i32.const 0))))
          (i32.add (local.get $x) (call $mix (local.get $c) (local.get $a) (local.get $b)))))"#;
    let (mut s, i) = setup(wat);
    for (a, b, c) in [(7, 3, 1), (0, 9, 4), (-5, 2, 8)] {
        let r = call(&mut s, &i, "run", &[Val::I32(a), Val::I32(b), Val::I32(c)]).unwrap();
        let want = (a - b) + (b - a) + (c * 100 + a * 10 + b);
        assert!(
            matches!(r[0], Val::I32(v) if v == want),
            "run({a}, {b}, {c}): {r:?}"
        );
    }
    let code = ir_of(wat, 2);
    let pairs = code
        .iter()
        .filter(|i| matches!(i, Instr::Copy2(..)))
        .count();
    assert_eq!(pairs, 3, "{code:?}");
}

#[test]
fn loop_counter_branches_fused() {
    // `i += step; br_if (i <cond> rhs)` for every i32 condition, both operand orders, the
    // bound in a local, a constant or `i` itself, the step a constant (fitting 16 bits or not)
    // or a local; also `br_if i` and `br_if (i32.eqz i)`. A cap of 50 iterations ends loops
    // whose condition stays true. Checked against the same loop in Rust.
    type Cond = fn(i32, i32) -> bool;
    let conds: [(&str, Cond); 10] = [
        ("eq", |a, b| a == b),
        ("ne", |a, b| a != b),
        ("lt_s", |a, b| a < b),
        ("lt_u", |a, b| (a as u32) < b as u32),
        ("gt_s", |a, b| a > b),
        ("gt_u", |a, b| a as u32 > b as u32),
        ("le_s", |a, b| a <= b),
        ("le_u", |a, b| a as u32 <= b as u32),
        ("ge_s", |a, b| a >= b),
        ("ge_u", |a, b| a as u32 >= b as u32),
    ];
    // The same conditions with their operands swapped.
    fn swapped(name: &str) -> &str {
        match name {
            "lt_s" => "gt_s",
            "lt_u" => "gt_u",
            "gt_s" => "lt_s",
            "gt_u" => "lt_u",
            "le_s" => "ge_s",
            "le_u" => "ge_u",
            "ge_s" => "le_s",
            "ge_u" => "le_u",
            other => other,
        }
    }
    #[derive(Clone, Copy, Debug)]
    enum Operand {
        Local,
        Const(i32),
        Counter,
    }
    let steps = [
        Operand::Local,
        Operand::Const(1),
        Operand::Const(-2),
        Operand::Const(100_000),
    ];
    let bounds = [
        Operand::Local,
        Operand::Const(7),
        Operand::Const(-7),
        Operand::Counter,
    ];
    let text = |o: Operand, local: &str| match o {
        Operand::Local => format!("(local.get {local})"),
        Operand::Const(k) => format!("(i32.const {k})"),
        Operand::Counter => "(local.get $i)".to_string(),
    };
    // (export name, condition on (new i, bound), step, bound)
    let mut cases: Vec<(String, Cond, Operand, Operand)> = Vec::new();
    let mut funcs = String::new();
    for &(name, cond) in &conds {
        for swap in [false, true] {
            for step in steps {
                for bound in bounds {
                    let export = format!("f{}", cases.len());
                    let test = if swap {
                        format!(
                            "({} {} (local.get $i))",
                            format_args!("i32.{}", swapped(name)),
                            text(bound, "$rhs")
                        )
                    } else {
                        format!("(i32.{name} (local.get $i) {})", text(bound, "$rhs"))
                    };
                    funcs += &counted_loop(&export, &text(step, "$step"), &test);
                    cases.push((export, cond, step, bound));
                }
            }
        }
    }
    for step in steps {
        let export = format!("f{}", cases.len());
        funcs += &counted_loop(&export, &text(step, "$step"), "(local.get $i)");
        cases.push((export, |i, _| i != 0, step, Operand::Const(0)));
        let export = format!("f{}", cases.len());
        funcs += &counted_loop(&export, &text(step, "$step"), "(i32.eqz (local.get $i))");
        cases.push((export, |i, _| i == 0, step, Operand::Const(0)));
    }
    let wat = format!("(module {funcs})");
    let (mut s, inst) = setup(&wat);
    let starts = [-3, 0, 5, i32::MAX - 2, i32::MIN + 1];
    let rhss = [0, 10, -10, i32::MIN, i32::MAX];
    let step_args = [1, -1, 3];
    for (export, cond, step, bound) in &cases {
        for &start in &starts {
            for &rhs in &rhss {
                for &step_arg in &step_args {
                    let inc = match step {
                        Operand::Const(k) => *k,
                        _ => step_arg,
                    };
                    let (mut i, mut n) = (start, 0);
                    loop {
                        if n == 50 {
                            break;
                        }
                        n += 1;
                        i = i.wrapping_add(inc);
                        let b = match bound {
                            Operand::Local => rhs,
                            Operand::Const(k) => *k,
                            Operand::Counter => i,
                        };
                        if !cond(i, b) {
                            break;
                        }
                    }
                    let args = [Val::I32(start), Val::I32(step_arg), Val::I32(rhs)];
                    let r = call(&mut s, &inst, export, &args).unwrap();
                    assert!(
                        matches!(r[..], [Val::I32(gi), Val::I32(gn)] if gi == i && gn == n),
                        "{export} (step {step:?}, bound {bound:?}) {args:?}: got {r:?}, want {i} after {n}"
                    );
                }
            }
        }
    }
    // Every fused form is used somewhere (functions are numbered as exported).
    let mut forms = std::collections::HashSet::new();
    for f in 0..cases.len() {
        for ins in ir_of(&wat, f) {
            let name = format!("{ins:?}");
            forms.insert(name[..name.find('(').unwrap_or(name.len())].to_string());
        }
    }
    for fam in ["BrIfAddImm", "BrIfAdd"] {
        for c in [
            "Eq", "Ne", "LtS", "LtU", "GtS", "GtU", "LeS", "LeU", "GeS", "GeU",
        ] {
            for suffix in ["", "Imm"] {
                let form = format!("{fam}{c}{suffix}");
                assert!(forms.contains(&form), "{form} never used");
            }
        }
    }
}

/// A function `(param $i $step $rhs) (result i32 i32)` that runs `i += step` and then loops
/// while `test` holds, at most 50 times; returns the final `i` and the number of iterations.
fn counted_loop(export: &str, step: &str, test: &str) -> String {
    format!(
        r#"(func (export "{export}") (param $i i32) (param $step i32) (param $rhs i32)
             (result i32 i32) (local $n i32)
           (block $done
             (loop $l
               (br_if $done (i32.eq (local.get $n) (i32.const 50)))
               (local.set $n (i32.add (local.get $n) (i32.const 1)))
               (local.set $i (i32.add (local.get $i) {step}))
               (br_if $l {test})))
           (local.get $i) (local.get $n))"#
    )
}

#[test]
fn local_set_with_pending_reads_of_the_local() {
    // The old value of `x` is still on the operand stack when `x` is set: it is saved before
    // the instruction that computes the new value, which then writes `x` itself. The saved
    // value is read back through the accumulator when the next instruction uses it.
    let wat = r#"(module
        (func (export "f") (param $x i32) (result i32 i32 i32)
          (local.get $x)
          (local.set $x (i32.mul (local.get $x) (i32.const 5)))
          (local.get $x)
          (local.get $x)
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (i32.sub (local.get $x)))
        (func (export "g") (param $t i64) (param $m i64) (result i64 i64)
          ;; carry = t / 10^9 with t still needed for the remainder (compiled C's bignum
          ;; limb loop)
          (local.set $t (i64.add (local.get $t) (local.get $m)))
          (local.get $t)
          (local.set $t (i64.div_u (local.get $t) (i64.const 1000000000)))
          (local.get $t)))"#;
    let (mut s, i) = setup(wat);
    for x in [0, 7, -3, i32::MAX] {
        let r = call(&mut s, &i, "f", &[Val::I32(x)]).unwrap();
        let x5 = x.wrapping_mul(5);
        let want = [x, x5, x5.wrapping_sub(x5.wrapping_add(1))];
        assert!(
            matches!(r[..], [Val::I32(a), Val::I32(b), Val::I32(c)] if [a, b, c] == want),
            "f({x}): {r:?}"
        );
    }
    for (t, m) in [(0i64, 5i64), (123_456_789_012, 999_999_999), (-1, 1)] {
        let r = call(&mut s, &i, "g", &[Val::I64(t), Val::I64(m)]).unwrap();
        let sum = t.wrapping_add(m);
        let q = (sum as u64 / 1_000_000_000) as i64;
        assert!(
            matches!(r[..], [Val::I64(a), Val::I64(b)] if a == sum && b == q),
            "g({t}, {m}): {r:?}"
        );
    }
    // No copy of a result into the local: the multiply and the add write `x` (slot 0); the
    // division writes `t` and reads the sum through the accumulator, past the copy of the old
    // `t` placed before it.
    let code = ir_of(wat, 0);
    assert!(
        code.iter().all(|i| !matches!(i, Instr::Copy(0, _))),
        "{code:?}"
    );
    let code = ir_of(wat, 1);
    assert_uses(&code, &["I64DivUMagicAcc(0,"]);
}

#[test]
fn interpreter_loop_dispatch_is_duplicated() {
    // A bytecode interpreter: `br $top` at the end of each case goes back to a load of the
    // next opcode and a `br_table`; each case gets its own copy of that dispatch. Opcodes:
    // 0: acc += 1; 1: acc = acc * 3 ^ pc; 2: if --n > 0 restart at 0 (fuel for the loop);
    // 3: halt. The program sits in a data segment.
    let program = [0u8, 1, 0, 0, 1, 2, 1, 3];
    let data: String = program.iter().map(|b| format!("\\{b:02x}")).collect();
    let wat = format!(
        r#"(module
        (memory 1)
        (data (i32.const 0) "{data}")
        (func (export "vm") (param $n i32) (result i32) (local $pc i32) (local $acc i32)
          (block $halt
            (loop $top
              (block $c2 (block $c1 (block $c0
                (br_table $c0 $c1 $c2 $halt (i32.load8_u (local.get $pc))))
                ;; 0
                (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                (br $top))
                ;; 1
                (local.set $acc (i32.xor (i32.mul (local.get $acc) (i32.const 3)) (local.get $pc)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                (br $top))
              ;; 2
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (local.set $pc (select (i32.const 0) (i32.add (local.get $pc) (i32.const 1))
                                     (i32.gt_s (local.get $n) (i32.const 0))))
              (br $top)))
          (local.get $acc)))"#
    );
    let (mut s, i) = setup(&wat);
    for n in [0, 1, 2, 10, 1000] {
        let (mut pc, mut acc, mut left) = (0usize, 0i32, n);
        loop {
            match program[pc] {
                0 => {
                    acc = acc.wrapping_add(1);
                    pc += 1;
                }
                1 => {
                    acc = acc.wrapping_mul(3) ^ pc as i32;
                    pc += 1;
                }
                2 => {
                    left -= 1;
                    pc = if left > 0 { 0 } else { pc + 1 };
                }
                _ => break,
            }
        }
        assert_eq!(one_i32(&mut s, &i, "vm", &[Val::I32(n)]), acc, "vm({n})");
    }
    let code = ir_of(&wat, 0);
    let tables = code
        .iter()
        .filter(|i| matches!(i, Instr::BrTable(..) | Instr::BrTableAcc(..)))
        .count();
    assert_eq!(tables, 4, "{code:?}");
}

#[test]
fn wide_i64_constants_as_operands() {
    // i64 add, mul, and, or, xor with a constant no 32-bit immediate covers, on either side,
    // from a local and from the previous instruction's result (the accumulator forms).
    const K: i64 = 0x9E37_79B9_7F4A_7C15_u64 as i64;
    let mut funcs = String::new();
    for op in ["add", "mul", "and", "or", "xor"] {
        funcs += &format!(
            r#"(func (export "{op}_r") (param i64) (result i64) (i64.{op} (local.get 0) (i64.const {K})))
               (func (export "{op}_l") (param i64) (result i64) (i64.{op} (i64.const {K}) (local.get 0)))
               (func (export "{op}_acc") (param i64) (result i64)
                 (i64.{op} (i64.rotl (local.get 0) (i64.const 7)) (i64.const {K})))"#
        );
    }
    let wat = format!("(module {funcs})");
    let (mut s, i) = setup(&wat);
    type Op64 = fn(i64, i64) -> i64;
    let ops: [(&str, Op64); 5] = [
        ("add", i64::wrapping_add),
        ("mul", i64::wrapping_mul),
        ("and", |a, b| a & b),
        ("or", |a, b| a | b),
        ("xor", |a, b| a ^ b),
    ];
    for (name, f) in ops {
        for x in [0i64, 1, -1, 0x1234_5678_9abc_def0, i64::MIN] {
            assert_eq!(
                one_i64(&mut s, &i, &format!("{name}_r"), &[Val::I64(x)]),
                f(x, K)
            );
            assert_eq!(
                one_i64(&mut s, &i, &format!("{name}_l"), &[Val::I64(x)]),
                f(K, x)
            );
            let r = x.rotate_left(7);
            assert_eq!(
                one_i64(
                    &mut s,
                    &i,
                    &format!("{name}_acc"),
                    &[Val::I64(r.rotate_right(7))]
                ),
                f(r, K)
            );
        }
    }
    let code = ir_of(&wat, 1);
    assert_uses(&code, &["I64AddImm64("]);
    let code = ir_of(&wat, 5);
    assert_uses(&code, &["I64MulImm64Acc("]);
    assert!(ir_of(&wat, 0)
        .iter()
        .all(|i| !matches!(i, Instr::Const64(..))));
}

#[test]
fn stores_and_increments_fused() {
    // Pointer steps after stores (`I32StoreAccVInc`, `I64StoreAccVInc`) and two pointer
    // steps in a row (`I32Inc2`), in loops whose results depend on every step.
    let wat = r#"(module
        (memory 1)
        ;; dst[i] = src[i] * 3 for n i64s, with two pointers stepping by 8; returns the sum
        (func (export "scale64") (param $src i32) (param $dst i32) (param $n i32) (result i64)
          (local $sum i64) (local $v i64)
          (block $done (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $v (i64.mul (i64.load (local.get $src)) (i64.const 3)))
            (i64.store (local.get $dst) (local.get $v))
            (local.set $src (i32.add (local.get $src) (i32.const 8)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
            (local.set $sum (i64.add (local.get $sum) (i64.load offset=0 (i32.sub (local.get $dst) (i32.const 8)))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
          (local.get $sum))
        ;; the same with i32 values and a step of -4 (walking down)
        (func (export "scale32") (param $src i32) (param $dst i32) (param $n i32) (result i32)
          (local $sum i32) (local $v i32)
          (block $done (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $v (i32.add (i32.load (local.get $src)) (i32.const 5)))
            (i32.store (local.get $dst) (local.get $v))
            (local.set $dst (i32.add (local.get $dst) (i32.const -4)))
            (local.set $sum (i32.xor (i32.mul (local.get $sum) (i32.const 31)) (local.get $v)))
            (local.set $src (i32.add (local.get $src) (i32.const -4)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
          (i32.add (local.get $sum) (local.get $dst)))
        (func (export "steps") (param $a i32) (param $b i32) (param $n i32) (result i32)
          (block $done (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $a (i32.add (local.get $a) (i32.const 3)))
            (local.set $b (i32.add (local.get $b) (i32.const -5)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
          (i32.sub (local.get $a) (local.get $b)))
        (func (export "fill") (param $p i32) (param $n i32)
          (local $i i32)
          (block $done (loop $l
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $i) (local.get $i)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l)))))"#;
    let (mut s, i) = setup(wat);
    call(&mut s, &i, "fill", &[Val::I32(0), Val::I32(4096)]).unwrap();
    let word = |k: i64| k * k; // fill wrote k*k (as i32) at 4k
    for n in [0, 1, 7, 100] {
        // i64s at 0 are pairs of fill's i32s
        let mut sum = 0i64;
        for k in 0..n {
            let lo = word(2 * k) as u32 as i64;
            let hi = word(2 * k + 1) as u32 as i64;
            sum = sum.wrapping_add((lo | hi << 32).wrapping_mul(3));
        }
        let r = one_i64(
            &mut s,
            &i,
            "scale64",
            &[Val::I32(0), Val::I32(8192), Val::I32(n as i32)],
        );
        assert_eq!(r, sum, "scale64 {n}");
    }
    for n in [0, 1, 9, 200] {
        let (src, dst) = (4000i32, 12000i32);
        let (mut sum, mut d) = (0i32, dst);
        for k in 0..n {
            let v = (word(((src - 4 * k) / 4) as i64) as i32).wrapping_add(5);
            d -= 4;
            sum = sum.wrapping_mul(31) ^ v;
        }
        let r = one_i32(
            &mut s,
            &i,
            "scale32",
            &[Val::I32(src), Val::I32(dst), Val::I32(n)],
        );
        assert_eq!(r, sum.wrapping_add(d), "scale32 {n}");
    }
    for (a, b, n) in [(0, 0, 0), (10, 20, 5), (i32::MAX, i32::MIN, 1000)] {
        let want = a.wrapping_add(3 * n).wrapping_sub(b.wrapping_sub(5 * n));
        let r = one_i32(
            &mut s,
            &i,
            "steps",
            &[Val::I32(a), Val::I32(b), Val::I32(n)],
        );
        assert_eq!(r, want, "steps({a}, {b}, {n})");
    }
    assert_uses(&ir_of(wat, 0), &["I64StoreAccVInc"]);
    assert_uses(&ir_of(wat, 1), &["I32StoreAccVInc"]);
    assert_uses(&ir_of(wat, 2), &["I32Inc2"]);
}

#[test]
fn scaled_index_loads_fused() {
    // `a[i]` as `load((i << k) + base)` (the address add wraps at 32 bits, so a huge index can
    // land low); an FNV hash over bytes to check the neighbouring forms.
    let wat = r#"(module
        (memory 1)
        (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
        (func (export "ld32") (param $i i32) (result i32)
          (i32.load (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 4))))
        (func (export "ld64") (param $i i32) (result i64)
          (i64.load (i32.add (i32.shl (local.get $i) (i32.const 3)) (i32.const -8))))
        (func (export "fnv") (param $n i32) (result i32) (local $h i32) (local $k i32)
          (local.set $h (i32.const -2128831035))
          (block $done (loop $l
            (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $k)))
                                   (i32.const 16777619)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $l)))
          (local.get $h)))"#;
    let (mut s, i) = setup(wat);
    let mem: Vec<u8> = (1..=16).chain(std::iter::repeat_n(0, 65520)).collect();
    let at = |ea: u32, n: usize| -> Option<u64> {
        let ea = ea as usize;
        (ea + n <= mem.len()).then(|| {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&mem[ea..ea + n]);
            u64::from_le_bytes(b)
        })
    };
    for idx in [
        0u32,
        1,
        2,
        3,
        0x4000_0000 - 1,
        0x2000_0001,
        u32::MAX,
        100_000,
    ] {
        let r = call(&mut s, &i, "ld32", &[Val::I32(idx as i32)]);
        match at((idx << 2).wrapping_add(4), 4) {
            Some(v) => assert_eq!(r.unwrap()[0].i32(), Some(v as u32 as i32), "ld32({idx})"),
            None => assert_eq!(trap_of(r), TrapCode::MemoryOutOfBounds, "ld32({idx})"),
        }
        let r = call(&mut s, &i, "ld64", &[Val::I32(idx as i32)]);
        match at((idx << 3).wrapping_add(-8i32 as u32), 8) {
            Some(v) => assert_eq!(r.unwrap()[0].i64(), Some(v as i64), "ld64({idx})"),
            None => assert_eq!(trap_of(r), TrapCode::MemoryOutOfBounds, "ld64({idx})"),
        }
    }
    for n in [0u32, 1, 5, 16] {
        let mut h = 2_166_136_261u32;
        for k in 0..n {
            h = (h ^ mem[k as usize] as u32).wrapping_mul(16_777_619);
        }
        assert_eq!(
            one_i32(&mut s, &i, "fnv", &[Val::I32(n as i32)]),
            h as i32,
            "fnv({n})"
        );
    }
    assert_uses(&ir_of(wat, 0), &["I32LoadIdx4"]);
    assert_uses(&ir_of(wat, 1), &["I64LoadIdx8"]);
}

#[test]
fn xorshift_steps_fused() {
    // xorshift64 (`x ^= x << 13; x ^= x >> 7; x ^= x << 17`) and xorshift32 (13, 17, 5):
    // the first step reads `x` from its local, the next ones from the accumulator.
    let wat = r#"(module
        (func (export "xs64") (param $x i64) (param $n i32) (result i64)
          (block $done (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
            (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
            (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
          (local.get $x))
        (func (export "xs32") (param $x i32) (param $n i32) (result i32)
          (block $done (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
            (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
            (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
          (local.get $x))
        ;; not a xorshift: the xor's other operand is another value
        (func (export "mix") (param $x i32) (param $y i32) (result i32)
          (i32.xor (local.get $y) (i32.shr_u (local.get $x) (i32.const 3)))))"#;
    let (mut s, i) = setup(wat);
    for (seed, n) in [(1u64, 1), (0x9E37_79B9_7F4A_7C15, 1000), (u64::MAX, 7)] {
        let mut x = seed;
        for _ in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }
        let r = one_i64(&mut s, &i, "xs64", &[Val::I64(seed as i64), Val::I32(n)]);
        assert_eq!(r as u64, x, "xs64({seed}, {n})");
        let mut y = seed as u32;
        for _ in 0..n {
            y ^= y << 13;
            y ^= y >> 17;
            y ^= y << 5;
        }
        let r = one_i32(&mut s, &i, "xs32", &[Val::I32(seed as i32), Val::I32(n)]);
        assert_eq!(r as u32, y, "xs32({seed}, {n})");
    }
    assert_eq!(one_i32(&mut s, &i, "mix", &[Val::I32(64), Val::I32(1)]), 9);
    assert_uses(
        &ir_of(wat, 0),
        &["I64XorShlImm(", "I64XorShrUImmAcc", "I64XorShlImmAcc"],
    );
    assert_uses(
        &ir_of(wat, 1),
        &["I32XorShlImm(", "I32XorShrUImmAcc", "I32XorShlImmAcc"],
    );
    assert!(ir_of(wat, 2)
        .iter()
        .all(|i| !format!("{i:?}").starts_with("I32XorShr")));
}

#[test]
fn strided_byte_fill_fused() {
    // The sieve's marking loop: `a[j] = 1; j += i` while `j <= n`, then a scan counting the
    // unmarked bytes; the store and the pointer step run as one instruction.
    let wat = r#"(module
        (memory 1)
        (func (export "sieve") (param $n i32) (result i32)
          (local $i i32) (local $p i32) (local $j i32) (local $count i32)
          (local.set $i (i32.const 2))
          (block $done (loop $outer
            (br_if $done (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (local.set $p (local.get $j))
            (block $d2 (loop $inner
              (br_if $d2 (i32.gt_u (local.get $j) (local.get $n)))
              (i32.store8 (local.get $p) (i32.const 1))
              (local.set $p (i32.add (local.get $i) (local.get $p)))
              (local.set $j (i32.add (local.get $j) (local.get $i)))
              (br $inner)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $outer)))
          (local.set $i (i32.const 2))
          (block $d3 (loop $scan
            (br_if $d3 (i32.gt_u (local.get $i) (local.get $n)))
            (local.set $count (i32.add (local.get $count) (i32.eqz (i32.load8_u (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $scan)))
          (local.get $count)))"#;
    for n in [2, 10, 100, 5000] {
        let (mut s, i) = setup(wat);
        let mut marked = vec![false; n as usize + 1];
        let mut k = 2usize;
        while k * k <= n as usize {
            let mut j = k * k;
            while j <= n as usize {
                marked[j] = true;
                j += k;
            }
            k += 1;
        }
        let primes = (2..=n as usize).filter(|&x| !marked[x]).count() as i32;
        assert_eq!(
            one_i32(&mut s, &i, "sieve", &[Val::I32(n)]),
            primes,
            "sieve({n})"
        );
    }
    assert_uses(&ir_of(wat, 0), &["I32Store8ImmStep"]);
}
