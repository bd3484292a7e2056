//! Statically typed functions (placeholder: being written).

use std::marker::PhantomData;

use super::Func;
use crate::error::{Error, Result};
use crate::store::AsContext;

/// A Rust type that maps to a WebAssembly value type.
pub trait WasmTy {}
/// A list of [`WasmTy`].
pub trait WasmTyList {}
/// Parameters of a typed function.
pub trait WasmParams {}
/// Results of a typed function.
pub trait WasmResults {}
/// What a host closure may return.
pub trait WasmRet {}
/// A closure that can become a host function.
pub trait IntoFunc<T, Params, Results> {}

/// A function with a statically known signature.
pub struct TypedFunc<Params, Results> {
    #[allow(dead_code)]
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    pub(crate) fn new(_func: Func, _store: impl AsContext) -> Result<Self> {
        Err(Error::usage("typed functions not yet written"))
    }
}
