//! The `spectest` module every spec script may import from, made of host objects.

use mica::{
    Extern, Func, FuncType, Global, GlobalType, Memory, MemoryType, Mutability, Store, Table,
    TableType, Val, ValType,
};

/// Creates the `spectest` objects in `store`, as `(field name, extern)` pairs.
///
/// # Errors
/// If the runtime refuses to create one of them (a runtime bug: all of them are valid).
pub(crate) fn create(store: &mut Store<()>) -> mica::Result<Vec<(&'static str, Extern)>> {
    use ValType::{F32, F64, I32, I64};
    let mut externs = Vec::new();

    let prints: [(&str, &[ValType]); 7] = [
        ("print", &[]),
        ("print_i32", &[I32]),
        ("print_i64", &[I64]),
        ("print_f32", &[F32]),
        ("print_f64", &[F64]),
        ("print_i32_f32", &[I32, F32]),
        ("print_f64_f64", &[F64, F64]),
    ];
    for (name, params) in prints {
        let ty = FuncType::new(params.iter().copied(), []);
        let func = Func::new(&mut *store, ty, |_, _, _| Ok(()));
        externs.push((name, Extern::Func(func)));
    }

    let globals = [
        ("global_i32", I32, Val::I32(666)),
        ("global_i64", I64, Val::I64(666)),
        ("global_f32", F32, Val::from(666.6f32)),
        ("global_f64", F64, Val::from(666.6f64)),
    ];
    for (name, ty, init) in globals {
        let global = Global::new(&mut *store, GlobalType::new(ty, Mutability::Const), init)?;
        externs.push((name, Extern::Global(global)));
    }

    let table = Table::new(
        &mut *store,
        TableType::new(mica::RefType::FUNCREF, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    externs.push(("table", Extern::Table(table)));

    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    externs.push(("memory", Extern::Memory(memory)));

    Ok(externs)
}
