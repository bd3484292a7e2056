//! Host functions called from wasm: the [`Caller`] (host data, the calling instance's exports),
//! calls back into wasm from inside a host function, and errors passing through unchanged.
//!
//! All of these execute wasm code and need the interpreter.

use std::fmt;

use mica::{
    Caller, Engine, Error, ErrorKind, Func, FuncType, Instance, Module, Store, TrapCode, Val,
    ValType,
};

/// A host error type, to check that errors pass through wasm frames unchanged.
#[derive(Debug, PartialEq)]
struct Refused {
    depth: i32,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused at depth {}", self.depth)
    }
}

impl std::error::Error for Refused {}

fn host_error(err: &Error) -> &(dyn std::error::Error + Send + Sync + 'static) {
    match err.kind() {
        ErrorKind::Host(e) => &**e,
        other => panic!("expected a host error, got {other:?}"),
    }
}

#[derive(Default)]
struct State {
    depth: u32,
    max_depth: u32,
    log: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// The calling instance's exports

#[test]
fn host_reads_the_calling_instances_memory() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "log" (func $log (param i32 i32)))
            (memory (export "memory") 1)
            (data (i32.const 8) "first")
            (data (i32.const 32) "second")
            (func (export "run")
                i32.const 8 i32.const 5 call $log
                i32.const 32 i32.const 6 call $log))"#,
    )
    .unwrap();
    let log = Func::wrap(
        &mut store,
        |mut caller: Caller<'_, State>, ptr: u32, len: u32| {
            let mem = caller
                .get_export("memory")
                .and_then(|e| e.into_memory())
                .expect("memory");
            let mut bytes = vec![0; len as usize];
            mem.read(&caller, ptr as usize, &mut bytes)?;
            caller
                .data_mut()
                .log
                .push(String::from_utf8(bytes).unwrap());
            Ok::<(), Error>(())
        },
    );
    let inst = Instance::new(&mut store, &module, &[log.into()]).unwrap();
    inst.get_typed_func::<(), ()>(&store, "run")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(store.data().log, ["first", "second"]);
}

#[test]
fn caller_exports_are_those_of_the_calling_instance() {
    // Two instances of one module share a host function; each call sees its own caller's
    // memory.
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "peek" (func $peek (result i32)))
            (memory (export "memory") 1)
            (func (export "set_and_peek") (param i32) (result i32)
                i32.const 0 local.get 0 i32.store
                call $peek))"#,
    )
    .unwrap();
    let peek = Func::wrap(&mut store, |caller: Caller<'_, State>| -> i32 {
        let mem = caller.get_export("memory").unwrap().into_memory().unwrap();
        i32::from_le_bytes(mem.data(&caller)[..4].try_into().unwrap())
    });
    let a = Instance::new(&mut store, &module, &[peek.into()]).unwrap();
    let b = Instance::new(&mut store, &module, &[peek.into()]).unwrap();
    let run_a = a
        .get_typed_func::<i32, i32>(&store, "set_and_peek")
        .unwrap();
    let run_b = b
        .get_typed_func::<i32, i32>(&store, "set_and_peek")
        .unwrap();
    assert_eq!(run_a.call(&mut store, 11).unwrap(), 11);
    assert_eq!(run_b.call(&mut store, 22).unwrap(), 22);
    assert_eq!(a.get_memory(&store, "memory").unwrap().data(&store)[0], 11);
}

#[test]
fn host_function_called_directly_has_no_caller_instance() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let f = Func::wrap(&mut store, |caller: Caller<'_, State>| {
        caller.get_export("memory").is_none() as i32
    });
    assert_eq!(
        f.typed::<(), i32>(&store)
            .unwrap()
            .call(&mut store, ())
            .unwrap(),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Re-entrancy

const RECURSIVE: &str = r#"
(module
  (import "env" "host" (func $host (param i32) (result i32)))
  ;; wasm(n) = n == 0 ? 1000 : host(n - 1) + n
  (func (export "wasm") (param i32) (result i32)
    local.get 0
    i32.eqz
    if (result i32)
      i32.const 1000
    else
      local.get 0 i32.const 1 i32.sub
      call $host
      local.get 0
      i32.add
    end))
"#;

/// host(m) = wasm(m) + 10, calling back into the calling instance's export.
fn reentrant_host(mut caller: Caller<'_, State>, m: i32) -> mica::Result<i32> {
    let state = caller.data_mut();
    state.depth += 1;
    state.max_depth = state.max_depth.max(state.depth);
    let wasm = caller
        .get_export("wasm")
        .and_then(|e| e.into_func())
        .expect("export");
    let result = wasm.typed::<i32, i32>(&caller)?.call(&mut caller, m);
    caller.data_mut().depth -= 1;
    Ok(result? + 10)
}

#[test]
fn wasm_host_wasm_host_wasm_returns_the_right_value() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(&engine, RECURSIVE).unwrap();
    let host = Func::wrap(&mut store, reentrant_host);
    let inst = Instance::new(&mut store, &module, &[host.into()]).unwrap();
    let wasm = inst.get_typed_func::<i32, i32>(&store, "wasm").unwrap();
    // wasm(2) -> host(1) -> wasm(1) -> host(0) -> wasm(0) = 1000; back up: +10 +1 +10 +2.
    assert_eq!(wasm.call(&mut store, 2).unwrap(), 1023);
    assert_eq!(store.data().max_depth, 2);
    assert_eq!(store.data().depth, 0);
    // Deeper, and the store is still usable afterwards.
    assert_eq!(
        wasm.call(&mut store, 20).unwrap(),
        1000 + 10 * 20 + (1..=20).sum::<i32>()
    );
    assert_eq!(wasm.call(&mut store, 0).unwrap(), 1000);
}

#[test]
fn reentrancy_with_untyped_calls() {
    // The same recursion with `Func::new` and `Val`s.
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(&engine, RECURSIVE).unwrap();
    let ty = FuncType::new([ValType::I32], [ValType::I32]);
    let host = Func::new(&mut store, ty, |mut caller, args, results| {
        let wasm = caller.get_export("wasm").unwrap().into_func().unwrap();
        let mut out = [Val::I32(0)];
        wasm.call(&mut caller, args, &mut out)?;
        results[0] = Val::I32(out[0].i32().unwrap() + 10);
        Ok(())
    });
    let inst = Instance::new(&mut store, &module, &[host.into()]).unwrap();
    let wasm = inst.get_func(&store, "wasm").unwrap();
    let mut out = [Val::I32(0)];
    wasm.call(&mut store, &[Val::I32(2)], &mut out).unwrap();
    assert_eq!(out[0].i32(), Some(1023));
}

#[test]
fn host_error_comes_out_of_func_call_unchanged() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "refuse" (func $refuse (param i32) (result i32)))
            (func (export "run") (param i32) (result i32)
                local.get 0 call $refuse
                ;; never reached
                unreachable))"#,
    )
    .unwrap();
    let refuse = Func::wrap(&mut store, |depth: i32| -> mica::Result<i32> {
        Err(Error::host(Refused { depth }))
    });
    let inst = Instance::new(&mut store, &module, &[refuse.into()]).unwrap();
    let run = inst.get_func(&store, "run").unwrap();
    let err = run
        .call(&mut store, &[Val::I32(3)], &mut [Val::I32(0)])
        .unwrap_err();
    assert_eq!(
        host_error(&err).downcast_ref::<Refused>(),
        Some(&Refused { depth: 3 })
    );
    assert_eq!(err.trap_code(), None);
    assert_eq!(err.to_string(), "refused at depth 3");
    // Typed calls too.
    let err = inst
        .get_typed_func::<i32, i32>(&store, "run")
        .unwrap()
        .call(&mut store, 4)
        .unwrap_err();
    assert_eq!(
        host_error(&err).downcast_ref::<Refused>(),
        Some(&Refused { depth: 4 })
    );
}

#[test]
fn host_error_passes_through_nested_wasm_and_host_frames() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(&engine, RECURSIVE).unwrap();
    // Like `reentrant_host`, but the innermost host call (m == 0) fails.
    let host = Func::wrap(
        &mut store,
        |mut caller: Caller<'_, State>, m: i32| -> mica::Result<i32> {
            if m == 0 {
                return Err(Error::host(Refused { depth: 0 }));
            }
            let wasm = caller.get_export("wasm").unwrap().into_func().unwrap();
            Ok(wasm.typed::<i32, i32>(&caller)?.call(&mut caller, m)? + 10)
        },
    );
    let inst = Instance::new(&mut store, &module, &[host.into()]).unwrap();
    let wasm = inst.get_typed_func::<i32, i32>(&store, "wasm").unwrap();
    let err = wasm.call(&mut store, 3).unwrap_err();
    assert_eq!(
        host_error(&err).downcast_ref::<Refused>(),
        Some(&Refused { depth: 0 })
    );
    // After the error, calls work again.
    assert_eq!(wasm.call(&mut store, 0).unwrap(), 1000);
}

#[test]
fn trap_in_nested_wasm_is_seen_by_the_host_and_passes_out() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "host" (func $host (result i32)))
            (func (export "outer") (result i32) call $host)
            (func (export "inner") (result i32) i32.const 1 i32.const 0 i32.div_s))"#,
    )
    .unwrap();
    let host = Func::wrap(
        &mut store,
        |mut caller: Caller<'_, State>| -> mica::Result<i32> {
            let inner = caller.get_export("inner").unwrap().into_func().unwrap();
            let result = inner.typed::<(), i32>(&caller)?.call(&mut caller, ());
            let err = result.expect_err("division by zero traps");
            caller
                .data_mut()
                .log
                .push(err.trap_code().map(|c| c.to_string()).unwrap_or_default());
            Err(err)
        },
    );
    let inst = Instance::new(&mut store, &module, &[host.into()]).unwrap();
    let err = inst
        .get_typed_func::<(), i32>(&store, "outer")
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::IntegerDivisionByZero));
    assert_eq!(store.data().log, ["integer divide by zero"]);
}

#[test]
fn unbounded_host_wasm_recursion_is_call_stack_exhausted() {
    let engine = Engine::new(mica::Config::new().max_host_nesting(20));
    let mut store = Store::new(&engine, State::default());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "host" (func $host))
            (func (export "wasm") call $host))"#,
    )
    .unwrap();
    let host = Func::wrap(
        &mut store,
        |mut caller: Caller<'_, State>| -> mica::Result<()> {
            caller.data_mut().depth += 1;
            let wasm = caller.get_export("wasm").unwrap().into_func().unwrap();
            wasm.typed::<(), ()>(&caller)?.call(&mut caller, ())
        },
    );
    let inst = Instance::new(&mut store, &module, &[host.into()]).unwrap();
    let err = inst
        .get_typed_func::<(), ()>(&store, "wasm")
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow), "{err}");
    assert!(err.to_string().contains("call stack exhausted"), "{err}");
    // The limit is on nesting, whatever exactly counts as one level.
    let depth = store.data().depth;
    assert!((10..=21).contains(&depth), "{depth}");
}
