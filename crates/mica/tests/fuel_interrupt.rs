//! Fuel (`Config::consume_fuel`) and interruption (`Config::interruptible`,
//! `Store::interrupt_handle`).

use std::time::Duration;

use mica::{Config, Engine, Instance, Module, Store, TrapCode, Val};

const WAT: &str = r#"(module
    (func $leaf (result i32) i32.const 1)
    (func (export "count") (param $n i32) (result i32) (local $acc i32)
        (block $done
            (loop $top
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (i32.add (local.get $acc) (call $leaf)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $top)))
        local.get $acc)
    (func (export "spin") (loop $l (br $l)))
    (func (export "spin_calls") (loop $l (drop (call $leaf)) (br $l)))
    (func (export "straight") (result i32)
        i32.const 1 i32.const 2 i32.add i32.const 3 i32.add))"#;

fn setup(config: &Config) -> (Store<()>, Instance) {
    let engine = Engine::new(config);
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

fn call(store: &mut Store<()>, i: &Instance, name: &str, args: &[Val]) -> mica::Result<Vec<Val>> {
    let f = i.get_func(&*store, name).unwrap();
    let mut results = vec![Val::I32(0); f.ty(&*store).results().len()];
    f.call(&mut *store, args, &mut results)?;
    Ok(results)
}

#[test]
fn fuel_is_off_by_default() {
    let (mut store, i) = setup(&Config::new());
    assert_eq!(store.get_fuel(), None);
    assert!(store.set_fuel(10).is_err());
    let r = call(&mut store, &i, "count", &[Val::I32(1000)]).unwrap();
    assert_eq!(r[0].i32(), Some(1000));
}

#[test]
fn fuel_is_consumed_and_runs_out() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let (mut store, i) = setup(&config);
    assert_eq!(store.get_fuel(), Some(0));
    // No fuel: the function entry traps.
    let e = call(&mut store, &i, "straight", &[]).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::OutOfFuel));
    assert!(e.to_string().contains("all fuel consumed"), "{e}");

    // Straight-line code: one unit per operator (5 operators and `end`).
    store.set_fuel(100).unwrap();
    assert_eq!(
        call(&mut store, &i, "straight", &[]).unwrap()[0].i32(),
        Some(6)
    );
    assert_eq!(store.get_fuel(), Some(94));

    // A loop is charged per iteration, and the cost grows with the iteration count.
    store.set_fuel(1_000_000).unwrap();
    call(&mut store, &i, "count", &[Val::I32(10)]).unwrap();
    let used10 = 1_000_000 - store.get_fuel().unwrap();
    store.set_fuel(1_000_000).unwrap();
    call(&mut store, &i, "count", &[Val::I32(20)]).unwrap();
    let used20 = 1_000_000 - store.get_fuel().unwrap();
    assert!(used20 > used10 && used10 > 10, "{used10} {used20}");
    // Exactly linear: each iteration costs the same.
    store.set_fuel(1_000_000).unwrap();
    call(&mut store, &i, "count", &[Val::I32(30)]).unwrap();
    let used30 = 1_000_000 - store.get_fuel().unwrap();
    assert_eq!(used30 - used20, used20 - used10);

    // An infinite loop runs out, and the fuel left is 0.
    store.set_fuel(10_000).unwrap();
    let e = call(&mut store, &i, "spin", &[]).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::OutOfFuel));
    assert_eq!(store.get_fuel(), Some(0));
    store.set_fuel(10_000).unwrap();
    let e = call(&mut store, &i, "spin_calls", &[]).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::OutOfFuel));

    // Refuelled, the store is usable again.
    store.set_fuel(1_000_000).unwrap();
    let r = call(&mut store, &i, "count", &[Val::I32(100)]).unwrap();
    assert_eq!(r[0].i32(), Some(100));
}

#[test]
fn interrupt_stops_an_infinite_loop_from_another_thread() {
    let mut config = Config::new();
    config.interruptible(true);
    let (mut store, i) = setup(&config);
    for name in ["spin", "spin_calls"] {
        let handle = store.interrupt_handle();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            handle.interrupt();
        });
        let e = call(&mut store, &i, name, &[]).unwrap_err();
        t.join().unwrap();
        assert_eq!(e.trap_code(), Some(TrapCode::Interrupted), "{name}");
        assert!(e.to_string().contains("interrupted"), "{e}");
        // The request was consumed: the store runs normally again.
        let r = call(&mut store, &i, "count", &[Val::I32(5)]).unwrap();
        assert_eq!(r[0].i32(), Some(5));
    }
    // An interruption requested while nothing runs stops the next call.
    store.interrupt_handle().interrupt();
    let e = call(&mut store, &i, "straight", &[]).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::Interrupted));
    assert_eq!(
        call(&mut store, &i, "straight", &[]).unwrap()[0].i32(),
        Some(6)
    );
}

#[test]
fn fuel_and_interrupt_together() {
    let mut config = Config::new();
    config.consume_fuel(true).interruptible(true);
    let (mut store, i) = setup(&config);
    store.set_fuel(u64::MAX).unwrap();
    let handle = store.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let e = call(&mut store, &i, "spin", &[]).unwrap_err();
    t.join().unwrap();
    assert_eq!(e.trap_code(), Some(TrapCode::Interrupted));
    assert!(store.get_fuel().unwrap() < u64::MAX);
    store.set_fuel(50).unwrap();
    let e = call(&mut store, &i, "spin", &[]).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::OutOfFuel));
}

#[test]
fn interrupt_handle_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<mica::InterruptHandle>();
}
