//! `mica inspect`: a module's imports and exports, as text or JSON, or its dependency graph.

use std::path::PathBuf;
use std::process::ExitCode;

use mica::{Engine, FsResolver, Linker};

/// Options of `mica inspect`.
#[derive(clap::Args)]
pub(crate) struct InspectArgs {
    /// The module, `.wasm` or `.wat`.
    file: PathBuf,
    /// Print imports and exports as JSON.
    #[arg(long)]
    json: bool,
    /// Print the dependency graph that loading linking would build (with `--module-path`).
    #[arg(long)]
    deps: bool,
    /// Where dependency modules are searched (`NAME.wasm`, `NAME.wat`). Repeatable.
    #[arg(long = "module-path", value_name = "DIR")]
    module_paths: Vec<PathBuf>,
}

pub(crate) fn inspect(a: &InspectArgs) -> anyhow::Result<ExitCode> {
    let engine = Engine::default();
    let module = crate::load(&engine, &a.file)?;
    if a.deps {
        let mut linker = Linker::<()>::new(&engine);
        // WASI imports are provided by `mica run`, not loaded from files.
        for f in mica_wasi::PREVIEW1_FUNCS {
            linker.func_new(
                mica_wasi::MODULE,
                f,
                mica::FuncType::new([], []),
                |_, _, _| Ok(()),
            )?;
        }
        let resolver = FsResolver::new(a.module_paths.iter().cloned());
        let name = a
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let graph = linker.dependency_graph(&module, &name, &resolver)?;
        for node in graph.iter().rev() {
            let origin = if node.origin == "(root)" {
                a.file.display().to_string()
            } else {
                node.origin.clone()
            };
            if node.deps.is_empty() {
                println!("{} ({origin})", node.name);
            } else {
                println!("{} ({origin}) -> {}", node.name, node.deps.join(", "));
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if a.json {
        let imports: Vec<String> = module
            .imports()
            .map(|i| {
                format!(
                    "{{\"module\":{},\"name\":{},\"kind\":{},\"type\":{}}}",
                    json_str(i.module()),
                    json_str(i.name()),
                    json_str(i.ty().kind_name()),
                    json_str(&i.ty().to_string())
                )
            })
            .collect();
        let exports: Vec<String> = module
            .exports()
            .map(|e| {
                format!(
                    "{{\"name\":{},\"kind\":{},\"type\":{}}}",
                    json_str(e.name()),
                    json_str(e.ty().kind_name()),
                    json_str(&e.ty().to_string())
                )
            })
            .collect();
        println!(
            "{{\"imports\":[{}],\"exports\":[{}]}}",
            imports.join(","),
            exports.join(",")
        );
        return Ok(ExitCode::SUCCESS);
    }
    for i in module.imports() {
        println!("import {}::{}: {}", i.module(), i.name(), i.ty());
    }
    for e in module.exports() {
        println!("export {}: {}", e.name(), e.ty());
    }
    Ok(ExitCode::SUCCESS)
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(
            super::json_str("a\"b\\c\n\u{1}"),
            "\"a\\\"b\\\\c\\n\\u0001\""
        );
    }
}
