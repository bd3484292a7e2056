use crate::{Engine, Instance, Module, Store, Val};

fn run(wat: &str, name: &str, args: &[Val], nresults: usize) -> crate::Result<Vec<Val>> {
    let engine = Engine::default();
    let module = Module::new(&engine, wat)?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let f = instance.get_func(&store, name).expect("export");
    let mut results = vec![Val::I32(0); nresults];
    f.call(&mut store, args, &mut results)?;
    Ok(results)
}

#[test]
fn add() {
    let r = run(
        r#"(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))"#,
        "add",
        &[Val::I32(2), Val::I32(3)],
        1,
    )
    .unwrap();
    assert_eq!(r[0].i32(), Some(5));
}
