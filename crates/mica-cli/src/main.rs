//! `mica`: run WebAssembly modules and `.wast` scripts, and inspect modules.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use mica::{Engine, Func, Instance, Module, Store, Val, ValType};
use mica_wast::{Report, WastRunner};

/// The mica WebAssembly runtime.
#[derive(Parser)]
#[command(name = "mica", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run .wast scripts and report failed assertions.
    ///
    /// Prints each failure as `file:line: message`, then `N passed, M failed`.
    /// Exits with code 1 if any assertion failed.
    Wast {
        /// The scripts to run.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also print notes (malformed or invalid modules rejected with another message than
        /// the script's).
        #[arg(short, long)]
        verbose: bool,
    },
    /// Instantiate a module (binary or text) with no imports, call a function, print its results.
    ///
    /// Calls `_start` unless `--invoke` names another export. ARGS are parsed by the
    /// function's parameter types: integers in decimal or 0x hex, floats in decimal (also
    /// `nan`, `inf`, `-inf`), `null` for references. Options go before ARGS. Each result is
    /// printed on its own line.
    Run {
        /// The module, `.wasm` or `.wat`.
        file: PathBuf,
        /// The exported function to call (default: `_start`).
        #[arg(long, value_name = "NAME")]
        invoke: Option<String>,
        /// The function's arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Print a module's imports and exports with their types.
    Inspect {
        /// The module, `.wasm` or `.wat`.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Wast { files, verbose } => wast(&files, verbose),
        Command::Run { file, invoke, args } => run(&file, invoke.as_deref(), &args),
        Command::Inspect { file } => inspect(&file),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn wast(files: &[PathBuf], verbose: bool) -> anyhow::Result<ExitCode> {
    let runner = WastRunner::new();
    let mut total = Report::default();
    for file in files {
        let report = runner.run_file(file);
        for failure in &report.failures {
            println!("{failure}");
        }
        if verbose {
            for note in &report.notes {
                println!("{note} (note)");
            }
        }
        total.merge(report);
    }
    println!("{total}");
    Ok(if total.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Loads a module: a `.wasm` file as binary only (so a damaged binary is reported as such, not
/// as text that does not parse), anything else as binary or text.
fn load(engine: &Engine, file: &Path) -> anyhow::Result<Module> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read `{}`", file.display()))?;
    let module = if file.extension().is_some_and(|e| e == "wasm") {
        Module::from_binary(engine, &bytes)
    } else {
        Module::new(engine, bytes)
    };
    module.with_context(|| format!("cannot load `{}`", file.display()))
}

fn run(file: &Path, invoke: Option<&str>, args: &[String]) -> anyhow::Result<ExitCode> {
    let engine = Engine::default();
    let module = load(&engine, file)?;
    if module.imports().len() > 0 {
        let list: Vec<String> = module
            .imports()
            .map(|i| format!("\n  import {}::{}: {}", i.module(), i.name(), i.ty()))
            .collect();
        bail!(
            "`{}` has imports, and `mica run` provides none:{}",
            file.display(),
            list.concat()
        );
    }
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])
        .with_context(|| format!("cannot instantiate `{}`", file.display()))?;

    let name = invoke.unwrap_or("_start");
    let Some(func) = instance.get_func(&store, name) else {
        let funcs: Vec<&str> = module
            .exports()
            .filter(|e| matches!(e.ty(), mica::ExternType::Func(_)))
            .map(|e| e.name())
            .collect();
        let hint = if invoke.is_none() {
            "; name one with --invoke"
        } else {
            ""
        };
        bail!(
            "`{}` exports no function `{name}`{hint} (exported functions: {})",
            file.display(),
            if funcs.is_empty() {
                "none".to_string()
            } else {
                funcs.join(", ")
            }
        );
    };
    let results = call(&mut store, func, name, args)?;
    for r in results {
        println!("{}", show_val(&r));
    }
    Ok(ExitCode::SUCCESS)
}

fn call(
    store: &mut Store<()>,
    func: Func,
    name: &str,
    args: &[String],
) -> anyhow::Result<Vec<Val>> {
    let ty = func.ty(&*store);
    if args.len() != ty.params().len() {
        bail!(
            "`{name}` {ty} takes {} arguments, {} given",
            ty.params().len(),
            args.len()
        );
    }
    let params = args
        .iter()
        .zip(ty.params())
        .enumerate()
        .map(|(i, (arg, t))| {
            parse_arg(arg, *t)
                .with_context(|| format!("argument {} `{arg}` is not a valid {t}", i + 1))
        })
        .collect::<anyhow::Result<Vec<Val>>>()?;
    let mut results = vec![Val::I32(0); ty.results().len()];
    func.call(&mut *store, &params, &mut results)?;
    Ok(results)
}

/// Parses an integer of `bits` bits, signed or unsigned, decimal or `0x` hex, into its bit
/// pattern.
fn parse_int(s: &str, bits: u32) -> anyhow::Result<u128> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => u128::from_str_radix(hex, 16)?,
        None => digits.parse::<u128>()?,
    };
    let mask = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    if negative {
        if bits < 128 && magnitude > 1u128 << (bits - 1) {
            bail!("below the smallest {bits}-bit integer");
        }
        Ok(magnitude.wrapping_neg() & mask)
    } else {
        if magnitude > mask {
            bail!("above the largest {bits}-bit integer");
        }
        Ok(magnitude)
    }
}

fn parse_arg(s: &str, ty: ValType) -> anyhow::Result<Val> {
    Ok(match ty {
        ValType::I32 => Val::I32(parse_int(s, 32)? as u32 as i32),
        ValType::I64 => Val::I64(parse_int(s, 64)? as u64 as i64),
        ValType::F32 => Val::from(s.parse::<f32>()?),
        ValType::F64 => Val::from(s.parse::<f64>()?),
        ValType::V128 => Val::V128(parse_int(s, 128)?),
        ValType::Ref(r) if s == "null" && r.nullable => Val::null_of(r.heap),
        ValType::Ref(_) => bail!("only `null` can be passed for a nullable reference"),
    })
}

/// A result as `mica run` prints it: integers in signed decimal, floats in Rust's shortest
/// round-trip form (`{:?}`: `1.0`, `0.1`, `1e300`, `-0.0`, `NaN`, `inf`).
fn show_val(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => format!("{:?}", f32::from_bits(*b)),
        Val::F64(b) => format!("{:?}", f64::from_bits(*b)),
        Val::V128(b) => format!("0x{b:032x}"),
        Val::FuncRef(None) | Val::ExternRef(None) | Val::NullRef(_) => "null".to_string(),
        Val::FuncRef(Some(_)) => "funcref".to_string(),
        Val::ExternRef(Some(_)) => "externref".to_string(),
    }
}

fn inspect(file: &Path) -> anyhow::Result<ExitCode> {
    let module = load(&Engine::default(), file)?;
    for i in module.imports() {
        println!("import {}::{}: {}", i.module(), i.name(), i.ty());
    }
    for e in module.exports() {
        println!("export {}: {}", e.name(), e.ty());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_int("5", 32).unwrap(), 5);
        assert_eq!(parse_int("-1", 32).unwrap(), 0xffff_ffff);
        assert_eq!(parse_int("0xffffffff", 32).unwrap(), 0xffff_ffff);
        assert_eq!(parse_int("4294967295", 32).unwrap(), 0xffff_ffff);
        assert_eq!(parse_int("-2147483648", 32).unwrap(), 0x8000_0000);
        assert!(parse_int("4294967296", 32).is_err());
        assert!(parse_int("-2147483649", 32).is_err());
        assert_eq!(parse_int("-0x10", 64).unwrap(), (-16i64) as u64 as u128);
        assert!(parse_int("abc", 32).is_err());
    }

    #[test]
    fn args_by_type() {
        assert_eq!(parse_arg("-7", ValType::I32).unwrap().i32(), Some(-7));
        assert_eq!(parse_arg("1.5", ValType::F64).unwrap().f64(), Some(1.5));
        assert!(parse_arg("nan", ValType::F32)
            .unwrap()
            .f32()
            .unwrap()
            .is_nan());
        assert_eq!(
            parse_arg("-inf", ValType::F32).unwrap().f32(),
            Some(f32::NEG_INFINITY)
        );
        assert!(parse_arg("null", ValType::FUNCREF).unwrap().is_null());
    }

    #[test]
    fn results_print_shortest() {
        assert_eq!(show_val(&Val::from(0.1f32)), "0.1");
        assert_eq!(show_val(&Val::from(1.0f64)), "1.0");
        assert_eq!(show_val(&Val::from(1e300f64)), "1e300");
        assert_eq!(show_val(&Val::from(-0.0f32)), "-0.0");
        assert_eq!(show_val(&Val::I32(-3)), "-3");
    }
}
