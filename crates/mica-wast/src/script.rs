//! Running one script: its directives, in order, against one store.

use std::collections::HashMap;

use mica::{Engine, Extern, ExternRef, Instance, Module, Store, Val};
use wast::lexer::Lexer;
use wast::parser::ParseBuffer;
use wast::token::Id;
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

use crate::{panic_capture, spectest, values, Finding, Report};

/// Parses and runs the script `text`, reporting under the name `file`.
pub(crate) fn run(engine: &Engine, file: &str, text: &str) -> Report {
    let mut report = Report::default();
    let whole_file_failure = |line: usize, message: String| Report {
        passed: 0,
        failed: 1,
        failures: vec![Finding {
            file: file.to_string(),
            line,
            message,
        }],
        notes: Vec::new(),
    };

    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let parsed = ParseBuffer::new_with_lexer(lexer).and_then(|buf| {
        // The directives borrow the buffer; parse and run inside its lifetime.
        let wast = wast::parser::parse::<Wast<'_>>(&buf)?;
        let mut script = match Script::new(engine) {
            Ok(s) => s,
            Err(e) => {
                report = whole_file_failure(0, format!("cannot create the spectest module: {e}"));
                return Ok(());
            }
        };
        for directive in wast.directives {
            let line = directive.span().linecol_in(text).0 + 1;
            script.line = line;
            let outcome = panic_capture::catch(|| script.directive(directive))
                .unwrap_or_else(|panic| Err(format!("PANIC: {panic}")));
            match outcome {
                Ok(note) => {
                    report.passed += 1;
                    if let Some(message) = note {
                        report.notes.push(Finding {
                            file: file.to_string(),
                            line,
                            message,
                        });
                    }
                }
                Err(message) => {
                    report.failed += 1;
                    report.failures.push(Finding {
                        file: file.to_string(),
                        line,
                        message,
                    });
                }
            }
        }
        Ok(())
    });
    match parsed {
        Ok(()) => report,
        Err(e) => {
            let line = e.span().linecol_in(text).0 + 1;
            whole_file_failure(line, format!("cannot parse the script: {}", e.message()))
        }
    }
}

/// The outcome of one directive: `Ok` with an optional note when it passed, `Err` with the
/// reason when it failed.
type Outcome = Result<Option<String>, String>;

/// The outcome of running something (a call, an instantiation): its results, or the error's
/// message (trap and link assertions compare messages).
type Run = Result<Vec<Val>, String>;

/// The state of a running script.
struct Script {
    engine: Engine,
    store: Store<()>,
    /// Line of the directive being run (for messages about modules that failed).
    line: usize,
    /// Externs importable by `(module name, field name)`: `spectest` and registered instances.
    registry: HashMap<(String, String), Extern>,
    /// The current instance, or why there is none.
    current: Result<Instance, String>,
    /// Instances by `$id`, or why the module of that name failed.
    named: HashMap<String, Result<Instance, String>>,
    /// `module definition`s by `$id`, or why they failed.
    definitions: HashMap<String, Result<Module, String>>,
    /// The latest `module definition` (for `module instance` without a module name).
    last_definition: Result<Module, String>,
    /// The extern reference of each `ref.extern N`, made once per `N`.
    externrefs: HashMap<u32, ExternRef>,
}

/// What the text tools made of a script module.
enum Encoded {
    Binary(Vec<u8>),
    /// The text parser or encoder rejected it, with this message.
    TextRejected(String),
}

impl Script {
    fn new(engine: &Engine) -> mica::Result<Script> {
        let mut store = Store::new(engine, ());
        let registry = spectest::create(&mut store)?
            .into_iter()
            .map(|(name, ext)| (("spectest".to_string(), name.to_string()), ext))
            .collect();
        Ok(Script {
            engine: engine.clone(),
            store,
            line: 0,
            registry,
            current: Err("no module has been defined yet".into()),
            named: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: Err("no module definition yet".into()),
            externrefs: HashMap::new(),
        })
    }

    fn directive(&mut self, directive: WastDirective<'_>) -> Outcome {
        use WastDirective as D;
        match directive {
            D::Module(mut module) => {
                let name = module.name();
                let instance = self.compile(&mut module).and_then(|m| self.instantiate(&m));
                let outcome = instance.as_ref().map(|_| None).map_err(Clone::clone);
                self.set_current(name, instance);
                outcome
            }
            D::ModuleDefinition(mut module) => {
                let name = module.name();
                let compiled = self.compile(&mut module);
                let outcome = compiled.as_ref().map(|_| None).map_err(Clone::clone);
                let compiled = compiled.map_err(|e| self.failed_module(&e));
                if let Some(id) = name {
                    self.definitions
                        .insert(id.name().to_string(), compiled.clone());
                }
                self.last_definition = compiled;
                outcome
            }
            D::ModuleInstance {
                instance, module, ..
            } => {
                let definition = match module {
                    Some(id) => self.definitions.get(id.name()).cloned().unwrap_or_else(|| {
                        Err(format!("no module definition named `${}`", id.name()))
                    }),
                    None => self.last_definition.clone(),
                };
                let result = definition.and_then(|m| self.instantiate(&m));
                let outcome = result.as_ref().map(|_| None).map_err(Clone::clone);
                self.set_current(instance, result);
                outcome
            }
            D::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                let exports: Vec<(String, Extern)> = instance
                    .exports(&self.store)
                    .map(|(n, e)| (n.to_string(), e))
                    .collect();
                for (field, ext) in exports {
                    self.registry.insert((name.to_string(), field), ext);
                }
                Ok(None)
            }
            D::Invoke(invoke) => match self.call(&invoke)? {
                Ok(_) => Ok(None),
                Err(e) => Err(format!("invoke `{}` failed: {e}", invoke.name)),
            },
            D::AssertReturn { exec, results, .. } => self.assert_return(exec, &results),
            D::AssertTrap { exec, message, .. } => {
                let outcome = self.execute(exec)?;
                self.expect_error(outcome, message, "trap")
            }
            D::AssertExhaustion { call, message, .. } => {
                let outcome = self.call(&call)?;
                self.expect_error(outcome, message, "exhaustion")
            }
            D::AssertUnlinkable {
                module, message, ..
            } => {
                let module = self.compile(&mut QuoteWat::Wat(module))?;
                let outcome = self.instantiate(&module).map(|_| Vec::new());
                self.expect_error(outcome, message, "link error")
            }
            D::AssertMalformed {
                module, message, ..
            } => self.assert_rejected(module, message, "malformed"),
            D::AssertInvalid {
                module, message, ..
            } => self.assert_rejected(module, message, "invalid"),
            D::AssertException { .. } => {
                Err("unsupported: assert_exception (mica does not execute exceptions yet)".into())
            }
            D::AssertSuspension { .. } => {
                Err("unsupported: assert_suspension (stack switching)".into())
            }
            D::AssertInvalidCustom { .. } | D::AssertMalformedCustom { .. } => {
                Err("unsupported: assertions on custom sections".into())
            }
            D::Thread(_) => Err("unsupported: `thread` directive (threads)".into()),
            D::Wait { .. } => Err("unsupported: `wait` directive (threads)".into()),
        }
    }

    /// Why a module that failed at the current line cannot be used later.
    fn failed_module(&self, reason: &str) -> String {
        format!("the module of line {} failed: {reason}", self.line)
    }

    /// Makes `result` the current instance and, with a name, the named one.
    fn set_current(&mut self, name: Option<Id<'_>>, result: Result<Instance, String>) {
        let result = result.map_err(|e| self.failed_module(&e));
        if let Some(id) = name {
            self.named.insert(id.name().to_string(), result.clone());
        }
        self.current = result;
    }

    /// The instance `$id`, or the current one.
    fn instance(&self, id: Option<Id<'_>>) -> Result<Instance, String> {
        match id {
            None => self.current.clone(),
            Some(id) => self
                .named
                .get(id.name())
                .cloned()
                .unwrap_or_else(|| Err(format!("no module named `${}`", id.name()))),
        }
    }

    fn encode(module: &mut QuoteWat<'_>) -> Result<Encoded, String> {
        if matches!(
            module,
            QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..)
        ) {
            return Err("unsupported: components (component model)".into());
        }
        Ok(match module.encode() {
            Ok(bytes) => Encoded::Binary(bytes),
            Err(e) => Encoded::TextRejected(e.message()),
        })
    }

    /// Encodes and compiles a module that is expected to be valid.
    fn compile(&self, module: &mut QuoteWat<'_>) -> Result<Module, String> {
        match Self::encode(module)? {
            Encoded::TextRejected(e) => Err(format!("the text parser rejected the module: {e}")),
            Encoded::Binary(bytes) => Module::from_binary(&self.engine, &bytes)
                .map_err(|e| format!("module failed to compile: {e}")),
        }
    }

    /// Instantiates `module` with its imports taken from the registry, in import order.
    fn instantiate(&mut self, module: &Module) -> Result<Instance, String> {
        let mut imports = Vec::with_capacity(module.imports().len());
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            match self.registry.get(&key) {
                Some(ext) => imports.push(*ext),
                None => {
                    return Err(format!(
                        "unknown import: `{}::{}` ({}) is not registered",
                        import.module(),
                        import.name(),
                        import.ty()
                    ))
                }
            }
        }
        Instance::new(&mut self.store, module, &imports).map_err(|e| e.to_string())
    }

    fn externref(&mut self, n: u32) -> ExternRef {
        *self
            .externrefs
            .entry(n)
            .or_insert_with(|| ExternRef::new(&mut self.store, n))
    }

    /// Calls an export. `Err` when the call cannot be made at all (no such module or
    /// function, unsupported argument); `Ok` with the call's own outcome otherwise.
    fn call(&mut self, invoke: &WastInvoke<'_>) -> Result<Run, String> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| format!("no exported function named `{}`", invoke.name))?;
        let args = invoke
            .args
            .iter()
            .map(|a| values::arg(a, |n| self.externref(n)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut results = vec![Val::I32(0); func.ty(&self.store).results().len()];
        Ok(func
            .call(&mut self.store, &args, &mut results)
            .map(|()| results)
            .map_err(|e| e.to_string()))
    }

    /// Runs what an assertion names: a call, a global read, or an instantiation.
    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Run, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.call(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module)?;
                let g = instance
                    .get_global(&self.store, global)
                    .ok_or_else(|| format!("no exported global named `{global}`"))?;
                Ok(Ok(vec![g.get(&self.store)]))
            }
            WastExecute::Wat(wat) => {
                let module = self.compile(&mut QuoteWat::Wat(wat))?;
                Ok(self.instantiate(&module).map(|_| Vec::new()))
            }
        }
    }

    fn assert_return(&mut self, exec: WastExecute<'_>, expected: &[WastRet<'_>]) -> Outcome {
        let show_expected = || {
            let parts: Vec<String> = expected.iter().map(values::show_ret).collect();
            format!("[{}]", parts.join(", "))
        };
        let actual = match self.execute(exec)? {
            Ok(vals) => vals,
            Err(e) => return Err(format!("expected {}, got error: {e}", show_expected())),
        };
        let ok = actual.len() == expected.len()
            && actual
                .iter()
                .zip(expected)
                .all(|(a, e)| values::matches(&self.store, a, e));
        if ok {
            Ok(None)
        } else {
            Err(format!(
                "expected {}, got {}",
                show_expected(),
                values::show_vals(&self.store, &actual)
            ))
        }
    }

    /// Passes when `outcome` is an error whose message contains `message`.
    fn expect_error(&self, outcome: Run, message: &str, what: &str) -> Outcome {
        match outcome {
            Err(e) if message_matches(&e, message) => Ok(None),
            Err(e) => Err(format!("expected {what} `{message}`, got error: {e}")),
            Ok(vals) => Err(format!(
                "expected {what} `{message}`, got success: {}",
                values::show_vals(&self.store, &vals)
            )),
        }
    }

    /// `assert_malformed` and `assert_invalid`: the module must be rejected, by the text
    /// tools or by mica; a different message is a note.
    fn assert_rejected(&self, mut module: QuoteWat<'_>, message: &str, what: &str) -> Outcome {
        let quoted = matches!(module, QuoteWat::QuoteModule(..));
        match Self::encode(&mut module)? {
            // Malformed text is the text parser's to reject: that is the expected outcome.
            Encoded::TextRejected(_) if quoted && what == "malformed" => Ok(None),
            Encoded::TextRejected(e) => Ok(Some(format!(
                "{what} module rejected by the text parser, not by mica: {e}"
            ))),
            Encoded::Binary(bytes) => match Module::from_binary(&self.engine, &bytes) {
                Ok(_) => Err(format!(
                    "{what} module was accepted; expected error `{message}`"
                )),
                Err(e) => {
                    let e = e.to_string();
                    if e.contains(message) {
                        Ok(None)
                    } else {
                        Ok(Some(format!(
                            "{what} module rejected with `{e}`; the spec says `{message}`"
                        )))
                    }
                }
            },
        }
    }
}

/// Whether an error message matches the script's expected text: it contains it. Some spec
/// texts add an element index to the trap's message (`uninitialized element 2`); the index
/// is not required.
fn message_matches(actual: &str, expected: &str) -> bool {
    if actual.contains(expected) {
        return true;
    }
    let without_index = expected
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end();
    without_index.len() < expected.len()
        && !without_index.is_empty()
        && actual.contains(without_index)
}

#[cfg(test)]
mod tests {
    use super::message_matches;

    #[test]
    fn messages_match_by_containment_with_an_optional_index() {
        assert!(message_matches(
            "wasm trap: out of bounds memory access",
            "out of bounds memory access"
        ));
        assert!(message_matches(
            "wasm trap: uninitialized element",
            "uninitialized element 2"
        ));
        assert!(!message_matches(
            "wasm trap: unreachable",
            "uninitialized element 2"
        ));
        assert!(!message_matches("wasm trap: x", "123"));
    }
}
