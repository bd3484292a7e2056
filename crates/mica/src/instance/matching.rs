//! The spec's import matching rules (extern subtyping).

use crate::engine::type_registry::TypeId;
use crate::error::{Error, LinkErrorReason, Result};
use crate::externs::Extern;
use crate::module::{Import, ImportDesc, ModuleInner};
use crate::store::StoreInner;
use crate::types::Mutability;

/// Whether limits `(amin, amax)` of the provided object match the expected `(emin, emax)`.
fn limits_match(amin: u64, amax: Option<u64>, emin: u64, emax: Option<u64>) -> bool {
    amin >= emin
        && match emax {
            None => true,
            Some(emax) => amax.is_some_and(|amax| amax <= emax),
        }
}

/// Checks `ext` against `import`; on mismatch, a link error naming the import.
pub(crate) fn check_import(
    store: &StoreInner,
    module: &ModuleInner,
    types: &[TypeId],
    import: &Import,
    ext: &Extern,
) -> Result<()> {
    if ext.store_id() != store.id {
        return Err(Error::link(
            &import.module,
            &import.name,
            LinkErrorReason::WrongStore,
        ));
    }
    let reg = store.engine.types();
    let ok = match (&import.desc, ext) {
        (ImportDesc::Func(t), Extern::Func(f)) => {
            reg.is_subtype(store.funcs[f.index as usize].type_id(), types[*t as usize])
        }
        (ImportDesc::Global(expected), Extern::Global(g)) => {
            let actual = store.global_types.get(g.index);
            actual.mutability == expected.mutability
                && match expected.mutability {
                    Mutability::Const => reg.val_matches(actual.content, expected.content),
                    Mutability::Var => {
                        reg.val_matches(actual.content, expected.content)
                            && reg.val_matches(expected.content, actual.content)
                    }
                }
        }
        (ImportDesc::Memory(expected), Extern::Memory(m)) => {
            let mem = &store.memories[m.index as usize];
            mem.ty.shared == expected.shared
                && mem.ty.memory64 == expected.memory64
                && limits_match(
                    mem.pages(),
                    mem.ty.maximum,
                    expected.minimum,
                    expected.maximum,
                )
        }
        (ImportDesc::Table(expected), Extern::Table(t)) => {
            let table = &store.tables[t.index as usize];
            reg.ref_matches(table.ty.element, expected.element)
                && reg.ref_matches(expected.element, table.ty.element)
                && limits_match(
                    table.size(),
                    table.ty.maximum,
                    expected.minimum,
                    expected.maximum,
                )
        }
        (ImportDesc::Tag(t), Extern::Tag(tag)) => {
            store.tags[tag.index as usize].ty == types[*t as usize]
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        let expected = module.import_type(import);
        let actual = actual_type(store, ext);
        Err(Error::link(
            &import.module,
            &import.name,
            LinkErrorReason::IncompatibleType { expected, actual },
        ))
    }
}

/// The current type of an extern, read from the store without a typed context.
pub(crate) fn actual_type(store: &StoreInner, ext: &Extern) -> crate::ExternType {
    use crate::types::{ExternType, MemoryType, TableType, TagType};
    match ext {
        Extern::Func(f) => ExternType::Func(crate::func::func_type_of(store, f.index)),
        Extern::Global(g) => ExternType::Global(store.global_types.get(g.index)),
        Extern::Memory(m) => {
            let mem = &store.memories[m.index as usize];
            ExternType::Memory(MemoryType {
                minimum: mem.pages(),
                ..mem.ty
            })
        }
        Extern::Table(t) => {
            let table = &store.tables[t.index as usize];
            ExternType::Table(TableType {
                minimum: table.size(),
                ..table.ty
            })
        }
        Extern::Tag(t) => ExternType::Tag(TagType {
            ty: store.tags[t.index as usize].func_ty.clone(),
        }),
    }
}
