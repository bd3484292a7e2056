//! The interpreter: translation of validated function bodies to IR, and its executor.
//! (Placeholder: being written.)

use crate::error::{Error, Result};
use crate::module::ModuleInner;
use crate::store::Store;

/// A translated function body.
#[derive(Debug)]
pub(crate) struct CompiledFunc {}

/// Translates function bodies; reuses its allocations across functions of a module.
#[derive(Default)]
pub(crate) struct Translator {
    allocs: wasmparser::FuncValidatorAllocations,
}

impl Translator {
    pub(crate) fn take_allocations(&mut self) -> wasmparser::FuncValidatorAllocations {
        std::mem::take(&mut self.allocs)
    }

    pub(crate) fn translate(
        &mut self,
        _module: &ModuleInner,
        _func_index: u32,
        body: &wasmparser::FunctionBody<'_>,
        mut validator: wasmparser::FuncValidator<wasmparser::ValidatorResources>,
    ) -> Result<CompiledFunc> {
        validator.validate(body)?;
        self.allocs = validator.into_allocations();
        Ok(CompiledFunc {})
    }
}

/// Calls the store function `func` with arguments in `buf[..params]`, leaving results in
/// `buf[..results]`.
pub(crate) fn call<T>(_store: &mut Store<T>, _func: u32, _buf: &mut [u64]) -> Result<()> {
    Err(Error::unsupported(None, "execution (interpreter not yet written)"))
}
