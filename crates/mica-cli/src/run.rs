//! `mica run`: WASI commands and reactors, plain exports, loading linking.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use mica::{Config, Engine, FsResolver, Func, Linker, Module, Store, StoreLimitsBuilder, Val};
use mica_wasi::{WasiCtx, WasiCtxBuilder};

use crate::values::{parse_arg, show_val};

/// Exit code of a run that trapped (as wasmtime: 128 + SIGABRT).
const TRAP_EXIT: u8 = 134;

/// Options of `mica run`.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// The module, `.wasm` or `.wat`.
    file: PathBuf,
    /// Call this export (after `_initialize`, if the module has one) with ARGS parsed by its
    /// parameter types, and print its results. Without it, `_start` runs with ARGS as the WASI
    /// program's arguments.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// Give the program a host directory, as GUEST (default: the same path). Repeatable.
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// iwasm's spelling of `--dir GUEST`'s reverse: `--map-dir GUEST::HOST`. Repeatable.
    #[arg(long = "map-dir", value_name = "GUEST::HOST")]
    map_dirs: Vec<String>,
    /// Set an environment variable for the program (`NAME` alone passes the host's value).
    /// Repeatable.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    envs: Vec<String>,
    /// The most bytes of wasm value stack (locals and operands of all frames) before the run
    /// traps with `call stack exhausted`.
    #[arg(long, value_name = "BYTES")]
    stack_size: Option<usize>,
    /// Append an app heap of this many bytes to the module's memory, for host buffer exchange
    /// (`module_malloc`) when the module exports no allocator.
    #[arg(long, value_name = "BYTES")]
    heap_size: Option<u32>,
    /// The largest size in bytes any memory may grow to.
    #[arg(long, value_name = "BYTES")]
    max_memory: Option<usize>,
    /// Search DIR for modules the program imports from (`NAME.wasm`, `NAME.wat`): loading
    /// linking. Repeatable; searched in order.
    #[arg(long = "module-path", value_name = "DIR")]
    module_paths: Vec<PathBuf>,
    /// Instantiate FILE first and register it under NAME for the program's imports. Repeatable.
    #[arg(long = "preload", value_name = "NAME=FILE")]
    preloads: Vec<String>,
    /// The program's arguments (with `--invoke`: the function's arguments).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

/// The host data of a run.
struct Host {
    wasi: WasiCtx,
}

pub(crate) fn run(a: &RunArgs) -> anyhow::Result<ExitCode> {
    let mut config = Config::new();
    if let Some(bytes) = a.stack_size {
        config.max_stack_values(bytes / 8);
    }
    if let Some(bytes) = a.heap_size {
        config.app_heap_size(bytes);
    }
    let engine = Engine::new(&config);
    let module = crate::load(&engine, &a.file)?;

    let mut wasi = WasiCtxBuilder::new();
    wasi.inherit_stdio();
    wasi.arg(a.file.display().to_string());
    if a.invoke.is_none() {
        wasi.args(&a.args);
    }
    for d in &a.dirs {
        wasi.dir_spec(d);
    }
    for m in &a.map_dirs {
        let Some((guest, host)) = m.split_once("::") else {
            bail!("--map-dir takes GUEST::HOST, not `{m}`");
        };
        wasi.preopen_dir(host, guest);
    }
    for e in &a.envs {
        wasi.env_spec(e)?;
    }
    let mut store = Store::new(
        &engine,
        Host {
            wasi: wasi.build()?,
        },
    );
    if let Some(max) = a.max_memory {
        store.limiter(StoreLimitsBuilder::new().memory_size(max).build());
    }

    let mut linker = Linker::<Host>::new(&engine);
    mica_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi)?;
    let resolver = FsResolver::new(a.module_paths.iter().cloned());
    for p in &a.preloads {
        let Some((name, file)) = p.split_once('=') else {
            bail!("--preload takes NAME=FILE, not `{p}`");
        };
        let m = crate::load(&engine, Path::new(file))?;
        let inst = linker
            .instantiate_with_resolver(&mut store, &m, name, &resolver)
            .with_context(|| format!("cannot instantiate preloaded `{file}`"))?;
        linker.instance(&store, name, inst)?;
    }

    let name = module_name(&a.file);
    let outcome = linker
        .instantiate_with_resolver(&mut store, &module, &name, &resolver)
        .and_then(|instance| match &a.invoke {
            None => {
                let start = instance.get_func(&store, "_start");
                let Some(start) = start else {
                    return Ok(Err(no_function(&module, "_start", true)));
                };
                start
                    .call(&mut store, &[], &mut [])
                    .map(|()| Ok(Vec::new()))
            }
            Some(func_name) => {
                if let Some(init) = instance.get_func(&store, "_initialize") {
                    init.call(&mut store, &[], &mut [])?;
                }
                let Some(func) = instance.get_func(&store, func_name) else {
                    return Ok(Err(no_function(&module, func_name, false)));
                };
                let params = match parse_params(&store, func, func_name, &a.args) {
                    Ok(p) => p,
                    Err(e) => return Ok(Err(e)),
                };
                let mut results = vec![Val::I32(0); func.ty(&store).results().len()];
                func.call(&mut store, &params, &mut results)?;
                Ok(Ok(results))
            }
        });
    match outcome {
        Ok(Ok(results)) => {
            for r in results {
                println!("{}", show_val(&r));
            }
            Ok(ExitCode::SUCCESS)
        }
        Ok(Err(usage)) => Err(usage),
        Err(e) => {
            if let Some(code) = mica_wasi::exit_code(&e) {
                return Ok(ExitCode::from(code as u8));
            }
            if e.as_trap().is_some() {
                eprintln!("error: `{}` trapped: {e}", a.file.display());
                return Ok(ExitCode::from(TRAP_EXIT));
            }
            Err(anyhow::Error::new(e).context(format!("cannot run `{}`", a.file.display())))
        }
    }
}

/// The name a module is known by for loading linking: its file stem.
fn module_name(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "main".into())
}

fn no_function(module: &Module, name: &str, default: bool) -> anyhow::Error {
    let funcs: Vec<&str> = module
        .exports()
        .filter(|e| matches!(e.ty(), mica::ExternType::Func(_)))
        .map(|e| e.name())
        .collect();
    let hint = if default {
        "; name one with --invoke"
    } else {
        ""
    };
    anyhow::anyhow!(
        "the module exports no function `{name}`{hint} (exported functions: {})",
        if funcs.is_empty() {
            "none".to_string()
        } else {
            funcs.join(", ")
        }
    )
}

/// Parses command-line arguments by `func`'s parameter types.
fn parse_params(
    store: &Store<Host>,
    func: Func,
    name: &str,
    args: &[String],
) -> anyhow::Result<Vec<Val>> {
    let ty = func.ty(store);
    if args.len() != ty.params().len() {
        bail!(
            "`{name}` {ty} takes {} arguments, {} given",
            ty.params().len(),
            args.len()
        );
    }
    args.iter()
        .zip(ty.params())
        .enumerate()
        .map(|(i, (arg, t))| {
            parse_arg(arg, *t)
                .with_context(|| format!("argument {} `{arg}` is not a valid {t}", i + 1))
        })
        .collect()
}
