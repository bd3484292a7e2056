//! Hostile inputs: the checks behind the `load` and `instantiate` fuzz targets.
//!
//! Both functions panic only when mica misbehaves (a panic inside mica propagates; a broken
//! property is an `assert!`), so a fuzzer or the stable driver reports them as crashes.

use arbitrary::{Result, Unstructured};

use crate::generate;

/// Loads `data` as a module, never expecting a panic: raw bytes when the first byte is even,
/// else a wasm-smith module (valid, or with invalid function bodies) mutated by the rest of the
/// input (byte flips, truncation, insertions, LEB128-shaped overwrites of counts and sizes).
pub fn load(data: &[u8]) {
    let engine = mica::Engine::default();
    let Some((&mode, rest)) = data.split_first() else {
        let _ = mica::Module::new(&engine, data);
        return;
    };
    if mode % 2 == 0 {
        load_bytes(&engine, rest);
        return;
    }
    let mut u = Unstructured::new(rest);
    let Ok(bytes) = mutated_module(&mut u, mode & 2 != 0) else {
        return;
    };
    load_bytes(&engine, &bytes);
}

/// `Module::new` (binary or text) and `Module::validate` on `bytes`; a module that loads is
/// also introspected (imports, exports, their types), as a host would.
pub fn load_bytes(engine: &mica::Engine, bytes: &[u8]) {
    let validated = mica::Module::validate(engine, bytes).is_ok();
    match mica::Module::new(engine, bytes) {
        Ok(module) => {
            if bytes.starts_with(b"\0asm") {
                assert!(
                    validated,
                    "Module::new accepts what Module::validate rejects"
                );
            }
            for imp in module.imports() {
                let _ = format!("{}::{} {}", imp.module(), imp.name(), imp.ty());
            }
            for exp in module.exports() {
                let _ = format!("{} {}", exp.name(), exp.ty());
                assert!(module.get_export(exp.name()).is_some());
            }
        }
        Err(e) => {
            let _ = format!("{e}");
        }
    }
}

/// A wasm-smith module (with invalid function bodies if `invalid_funcs`), then mutated by
/// the remaining input.
pub fn mutated_module(u: &mut Unstructured<'_>, invalid_funcs: bool) -> Result<Vec<u8>> {
    let mut config = generate::config(u)?;
    config.allow_invalid_funcs = invalid_funcs;
    // Also let the generator use proposals mica refuses: those must be clean errors too.
    if u.ratio(1, 4)? {
        config.simd_enabled = true;
        config.gc_enabled = true;
        config.exceptions_enabled = true;
        config.memory64_enabled = u.arbitrary()?;
        config.threads_enabled = u.arbitrary()?;
        config.max_memories = u.int_in_range(1..=3)?;
        config.max_tags = 5;
    }
    let m = wasm_smith::Module::new(config, u)?;
    let mut bytes = m.to_bytes();
    let mutations = u.int_in_range(0..=8)?;
    for _ in 0..mutations {
        if bytes.is_empty() {
            break;
        }
        let at = u.choose_index(bytes.len())?;
        match u.int_in_range(0..=5)? {
            0 => bytes[at] ^= 1 << u.int_in_range(0..=7)?,
            1 => bytes[at] = u.arbitrary()?,
            2 => bytes.truncate(at),
            3 => {
                let b: u8 = u.arbitrary()?;
                bytes.insert(at, b);
            }
            4 => {
                // A large LEB128 (a count or size that claims far more than there is).
                let big: [u8; 5] = [0xff, 0xff, 0xff, 0xff, 0x0f];
                let n = (bytes.len() - at).min(5);
                bytes[at..at + n].copy_from_slice(&big[..n]);
            }
            _ => {
                bytes.remove(at);
            }
        }
    }
    Ok(bytes)
}

/// What an extern given for an import is, relative to the import's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Exactly the import's type: must link.
    Exact,
    /// Certainly incompatible: must be a link error.
    Wrong,
}

/// Generates a module with imports and a random extern list for it (exact, wrong kind, wrong
/// type, wrong limits, another store's object; sometimes a wrong count), instantiates it with
/// mica and checks: a list with a certainly incompatible extern or a wrong count gives a link
/// error; a list of exact matches never gives one; nothing panics. Exported functions of a
/// successful instance are then called with default arguments.
pub fn instantiate(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let _ = instantiate_inner(&mut u);
}

fn instantiate_inner(u: &mut Unstructured<'_>) -> Result<()> {
    let mut config = generate::config(u)?;
    config.max_imports = u.int_in_range(1..=20)?;
    config.min_imports = 1;
    if u.ratio(1, 4)? {
        config.exceptions_enabled = true;
        config.max_tags = 4;
    }
    let mut m = wasm_smith::Module::new(config, u)?;
    m.ensure_termination(generate::DEFAULT_FUEL)
        .map_err(|_| arbitrary::Error::IncorrectFormat)?;
    let bytes = m.to_bytes();

    let engine = mica::Engine::default();
    let Ok(module) = mica::Module::from_binary(&engine, &bytes) else {
        return Ok(());
    };
    let mut store = mica::Store::new(&engine, ());
    store.limiter(
        mica::StoreLimitsBuilder::new()
            .memory_size(64 << 16)
            .table_elements(100_000)
            .build(),
    );
    let mut other = mica::Store::new(&engine, ());

    let mut externs = Vec::new();
    let mut all_exact = true;
    let mut any_wrong = false;
    let imports: Vec<mica::ExternType> = module.imports().map(|i| i.ty().clone()).collect();
    for ty in &imports {
        let (ext, fit) = match u.int_in_range(0..=9)? {
            0..=5 => (exact_extern(&mut store, ty), Some(Fit::Exact)),
            6 => (wrong_kind(&mut store, ty), Some(Fit::Wrong)),
            7 => (wrong_type(&mut store, ty, u)?, None),
            8 => (exact_extern(&mut other, ty), Some(Fit::Wrong)),
            _ => (random_extern(&mut store, u)?, None),
        };
        let Some(ext) = ext else {
            return Ok(());
        };
        match fit {
            Some(Fit::Exact) => {}
            Some(Fit::Wrong) => {
                all_exact = false;
                any_wrong = true;
            }
            None => all_exact = false,
        }
        externs.push(ext);
    }
    // Sometimes a wrong count.
    match u.int_in_range(0..=15)? {
        0 if !externs.is_empty() => {
            externs.pop();
            all_exact = false;
            any_wrong = true;
        }
        1 => {
            externs.push(mica::Extern::Global(
                mica::Global::new(
                    &mut store,
                    mica::GlobalType::new(mica::ValType::I32, mica::Mutability::Const),
                    mica::Val::I32(0),
                )
                .unwrap(),
            ));
            all_exact = false;
            any_wrong = true;
        }
        _ => {}
    }

    let result = mica::Instance::new(&mut store, &module, &externs);
    let is_link = |e: &mica::Error| {
        matches!(
            e.kind(),
            mica::ErrorKind::Link(_) | mica::ErrorKind::Imports(_)
        )
    };
    match &result {
        Ok(_) => assert!(
            !any_wrong,
            "instantiation succeeded with an incompatible extern list"
        ),
        Err(e) => {
            if any_wrong {
                assert!(
                    is_link(e),
                    "an incompatible extern list gave a non-link error: {e}"
                );
            }
            if all_exact {
                assert!(
                    !is_link(e),
                    "an exactly matching extern list gave a link error: {e}"
                );
            }
        }
    }
    if let Ok(instance) = result {
        let funcs: Vec<mica::Func> = instance
            .exports(&mut store)
            .filter_map(|(_, e)| e.into_func())
            .collect();
        for f in funcs {
            let ty = f.ty(&store);
            let args: Option<Vec<mica::Val>> = ty
                .params()
                .iter()
                .map(|t| mica::Val::default_for(*t))
                .collect();
            let Some(args) = args else { continue };
            let mut results = vec![mica::Val::I32(0); ty.results().len()];
            let _ = f.call(&mut store, &args, &mut results);
        }
    }
    Ok(())
}

/// Externs that exactly match `module`'s imports, created in `store`: host functions that
/// return default values, globals holding defaults, memories and tables of the minimum size.
/// `None` if an import has no default (a non-nullable reference global or table).
pub fn default_externs<T: 'static>(
    store: &mut mica::Store<T>,
    module: &mica::Module,
) -> Option<Vec<mica::Extern>> {
    let types: Vec<mica::ExternType> = module.imports().map(|i| i.ty().clone()).collect();
    types.iter().map(|ty| exact_extern(store, ty)).collect()
}

fn exact_extern<T: 'static>(
    store: &mut mica::Store<T>,
    ty: &mica::ExternType,
) -> Option<mica::Extern> {
    Some(match ty {
        mica::ExternType::Func(f) => {
            let results: Vec<mica::ValType> = f.results().to_vec();
            mica::Extern::Func(mica::Func::new(&mut *store, f.clone(), move |_, _, out| {
                for (slot, t) in out.iter_mut().zip(&results) {
                    *slot = mica::Val::default_for(*t).unwrap_or(mica::Val::I32(0));
                }
                Ok(())
            }))
        }
        mica::ExternType::Global(g) => {
            let init = mica::Val::default_for(g.content)?;
            mica::Extern::Global(mica::Global::new(&mut *store, *g, init).ok()?)
        }
        mica::ExternType::Memory(m) => {
            mica::Extern::Memory(mica::Memory::new(&mut *store, *m).ok()?)
        }
        mica::ExternType::Table(t) => {
            let init = mica::Val::default_for(mica::ValType::Ref(t.element))?;
            mica::Extern::Table(mica::Table::new(&mut *store, *t, init).ok()?)
        }
        mica::ExternType::Tag(t) => mica::Extern::Tag(mica::Tag::new(&mut *store, t)),
    })
}

/// An extern of another kind than the import's.
fn wrong_kind<T: 'static>(
    store: &mut mica::Store<T>,
    ty: &mica::ExternType,
) -> Option<mica::Extern> {
    let global = || {
        mica::ExternType::Global(mica::GlobalType::new(
            mica::ValType::I64,
            mica::Mutability::Var,
        ))
    };
    let other = match ty {
        mica::ExternType::Func(_) => global(),
        mica::ExternType::Global(_) => mica::ExternType::Memory(mica::MemoryType::new(0, None)),
        mica::ExternType::Memory(_) => {
            mica::ExternType::Table(mica::TableType::new(mica::RefType::FUNCREF, 0, None))
        }
        mica::ExternType::Table(_) => {
            mica::ExternType::Func(mica::FuncType::new([mica::ValType::I32], []))
        }
        mica::ExternType::Tag(_) => global(),
    };
    exact_extern(store, &other)
}

/// An extern of the import's kind whose type may or may not match (the property checked is
/// only "no panic").
fn wrong_type<T: 'static>(
    store: &mut mica::Store<T>,
    ty: &mica::ExternType,
    u: &mut Unstructured<'_>,
) -> Result<Option<mica::Extern>> {
    let tweaked = match ty {
        mica::ExternType::Func(f) => {
            let mut params = f.params().to_vec();
            if u.arbitrary()? {
                params.push(mica::ValType::F64);
            } else {
                params.pop();
            }
            mica::ExternType::Func(mica::FuncType::new(params, f.results().to_vec()))
        }
        mica::ExternType::Global(g) => {
            let mutability = if u.arbitrary()? {
                mica::Mutability::Var
            } else {
                mica::Mutability::Const
            };
            let content = if u.arbitrary()? {
                g.content
            } else {
                mica::ValType::F32
            };
            mica::ExternType::Global(mica::GlobalType::new(content, mutability))
        }
        mica::ExternType::Memory(m) => {
            let min = (m.minimum as u32).saturating_add(u.int_in_range(0..=2)?);
            let min = min.saturating_sub(u.int_in_range(0..=2)?).min(64);
            let max = if u.arbitrary()? {
                None
            } else {
                Some(min + u.int_in_range(0..=4)?)
            };
            mica::ExternType::Memory(mica::MemoryType::new(min, max))
        }
        mica::ExternType::Table(t) => {
            let element = if u.arbitrary()? {
                t.element
            } else {
                mica::RefType::EXTERNREF
            };
            let min = (t.minimum as u32)
                .saturating_add(u.int_in_range(0..=2)?)
                .saturating_sub(u.int_in_range(0..=2)?)
                .min(10_000);
            let max = if u.arbitrary()? {
                None
            } else {
                Some(min + u.int_in_range(0..=4)?)
            };
            mica::ExternType::Table(mica::TableType::new(element, min, max))
        }
        mica::ExternType::Tag(_) => mica::ExternType::Tag(mica::TagType {
            ty: mica::FuncType::new([mica::ValType::I32], []),
        }),
    };
    Ok(exact_extern(store, &tweaked))
}

/// Any small extern.
fn random_extern<T: 'static>(
    store: &mut mica::Store<T>,
    u: &mut Unstructured<'_>,
) -> Result<Option<mica::Extern>> {
    let vt = |u: &mut Unstructured<'_>| -> Result<mica::ValType> {
        Ok(*u.choose(&[
            mica::ValType::I32,
            mica::ValType::I64,
            mica::ValType::F32,
            mica::ValType::F64,
            mica::ValType::FUNCREF,
            mica::ValType::EXTERNREF,
        ])?)
    };
    let ty = match u.int_in_range(0..=4)? {
        0 => {
            let np = u.int_in_range(0..=3)?;
            let nr = u.int_in_range(0..=2)?;
            let mut params = Vec::new();
            for _ in 0..np {
                params.push(vt(u)?);
            }
            let mut results = Vec::new();
            for _ in 0..nr {
                results.push(vt(u)?);
            }
            mica::ExternType::Func(mica::FuncType::new(params, results))
        }
        1 => mica::ExternType::Global(mica::GlobalType::new(
            vt(u)?,
            if u.arbitrary()? {
                mica::Mutability::Var
            } else {
                mica::Mutability::Const
            },
        )),
        2 => {
            let min = u.int_in_range(0..=4)?;
            let max = if u.arbitrary()? {
                Some(min + u.int_in_range(0..=4)?)
            } else {
                None
            };
            mica::ExternType::Memory(mica::MemoryType::new(min, max))
        }
        3 => {
            let min = u.int_in_range(0..=20)?;
            let max = if u.arbitrary()? {
                Some(min + u.int_in_range(0..=20)?)
            } else {
                None
            };
            let el = if u.arbitrary()? {
                mica::RefType::FUNCREF
            } else {
                mica::RefType::EXTERNREF
            };
            mica::ExternType::Table(mica::TableType::new(el, min, max))
        }
        _ => mica::ExternType::Tag(mica::TagType {
            ty: mica::FuncType::new([vt(u)?], []),
        }),
    };
    Ok(exact_extern(store, &ty))
}
