//! The linking API in one program: `cargo run -p mica --example linking`.
//!
//! A host function and a host-made memory are defined in a `Linker`; a "lib" module is
//! instantiated and registered under a name; an "app" module imports from both; one import is
//! given explicitly; a broken module shows every problem at once; and an `InstancePre`
//! instantiates the app many times cheaply.

use mica::{
    Engine, Extern, Global, GlobalType, ImportKey, Linker, Memory, MemoryType, Module, Mutability,
    Store, Val, ValType,
};

fn main() -> mica::Result<()> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0u32); // host data: a call counter

    let mut linker = Linker::new(&engine);
    // A host function that belongs to no store: the linker can serve any number of stores.
    linker.func_wrap(
        "host",
        "log",
        |mut caller: mica::Caller<'_, u32>, x: i32| {
            *caller.data_mut() += 1;
            println!("  log({x})");
        },
    )?;
    // A memory made by the host, shared with every module that imports it.
    let memory = Memory::new(&mut store, MemoryType::new(1, None))?;
    linker.define("host", "memory", memory)?;

    // Instantiate a library and register all its exports under the name "lib".
    let lib = Module::new(
        &engine,
        r#"(module
            (import "host" "memory" (memory 1))
            (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))"#,
    )?;
    let lib_instance = linker.instantiate(&mut store, &lib)?;
    linker.instance(&store, "lib", lib_instance)?;

    let app = Module::new(
        &engine,
        r#"(module
            (import "host" "log" (func $log (param i32)))
            (import "lib" "store" (func $store (param i32 i32)))
            (import "config" "base" (global $base i32))
            (import "host" "memory" (memory 1))
            (func (export "run") (result i32)
                (call $store (global.get $base) (i32.const 42))
                (call $log (i32.load (global.get $base)))
                (i32.load (global.get $base))))"#,
    )?;

    // "config::base" is not in the linker: give it explicitly, the linker fills in the rest.
    let base = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(64),
    )?;
    let instance = linker.instantiate_with(
        &mut store,
        &app,
        &[(ImportKey::Name("config", "base"), Extern::Global(base))],
    )?;
    let run = instance.get_typed_func::<(), i32>(&store, "run")?;
    println!("run() = {}", run.call(&mut store, ())?);
    let mut word = [0u8; 4];
    memory.read(&store, 64, &mut word)?;
    println!(
        "the host sees {} at address 64 of the shared memory",
        i32::from_le_bytes(word)
    );

    // Every missing or mismatched import is reported at once.
    let broken = Module::new(
        &engine,
        r#"(module
            (import "host" "log" (func (param i64)))
            (import "nowhere" "f" (func))
            (import "host" "memory" (memory 2)))"#,
    )?;
    if let Err(errors) = linker.resolve_imports(&mut store, &broken) {
        println!("{errors}");
    }

    // Resolve once, instantiate many times.
    let mut with_base = linker.clone();
    with_base.define("config", "base", base)?;
    let pre = with_base.instantiate_pre(&app)?;
    for _ in 0..3 {
        let instance = pre.instantiate(&mut store)?;
        instance
            .get_typed_func::<(), i32>(&store, "run")?
            .call(&mut store, ())?;
    }
    println!("host function called {} times", store.data());
    Ok(())
}
