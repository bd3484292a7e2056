//! `mica`: run WebAssembly modules (WASI commands and reactors, plain exports) and `.wast`
//! scripts, and inspect modules.

mod inspect;
mod run;
mod values;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use mica::{Engine, Module};
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
    /// Run a module: a WASI command (`_start`), a WASI reactor (`_initialize`, then
    /// `--invoke`), or any export called with arguments.
    Run(run::RunArgs),
    /// Print a module's imports and exports with their types (or its dependency graph).
    Inspect(inspect::InspectArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Wast { files, verbose } => wast(&files, verbose),
        Command::Run(args) => run::run(&args),
        Command::Inspect(args) => inspect::inspect(&args),
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
pub(crate) fn load(engine: &Engine, file: &Path) -> anyhow::Result<Module> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read `{}`", file.display()))?;
    let module = if file.extension().is_some_and(|e| e == "wasm") {
        Module::from_binary(engine, &bytes)
    } else {
        Module::new(engine, bytes)
    };
    module.with_context(|| format!("cannot load `{}`", file.display()))
}
