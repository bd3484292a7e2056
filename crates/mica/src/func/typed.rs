//! The statically typed function API: [`TypedFunc`] for calling functions whose signature is
//! known at compile time, and [`Func::wrap`] for making host functions from Rust closures.
//!
//! Rust types map to WebAssembly value types through [`WasmTy`]:
//!
//! | Rust type | WebAssembly type |
//! |---|---|
//! | `i32`, `u32` | `i32` (an `u32` is the same bits) |
//! | `i64`, `u64` | `i64` |
//! | `f32`, `f64` | `f32`, `f64` (NaN payloads are kept) |
//! | `Option<Func>` | `funcref` (`None` is null) |
//! | [`Func`] | `(ref func)` (non-null) |
//! | `Option<ExternRef>` | `externref` (`None` is null) |
//! | [`ExternRef`] | `(ref extern)` (non-null) |
//!
//! Lists of values (parameters and results) are `()`, a single [`WasmTy`], or tuples of up to
//! 16 [`WasmTy`]s ([`WasmTyList`]).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use super::{func_type_of, Caller, Func};
use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, HostFuncFn};
use crate::types::{FuncType, HeapType, RefType, ValType};
use crate::value::ExternRef;

/// The most values a [`WasmTyList`] holds (tuples go up to 16 elements), so a typed call
/// packs its arguments and results into a stack buffer of this many slots.
const MAX_TYPED_VALUES: usize = 16;

/// The crate-private halves of the public traits: the conversions to and from raw slots.
/// Being in a module private to the crate, the traits cannot be named (hence not implemented)
/// outside mica, which seals the public traits built on them.
pub(crate) mod sealed {
    use std::sync::Arc;

    use crate::error::Result;
    use crate::store::{HostFuncFn, StoreInner};
    use crate::types::{FuncType, ValType};

    /// The store that raw slots belong to. (A wrapper, so the sealed traits' signatures name
    /// only public types.)
    #[derive(Clone, Copy)]
    pub struct StoreView<'a>(pub(crate) &'a StoreInner);

    /// Raw-slot conversions of one value.
    pub trait WasmTyRaw: Sized {
        /// The WebAssembly type.
        const VALTYPE: ValType;
        /// Encodes the value as a raw slot of `store`.
        ///
        /// # Errors
        /// If the value is a reference into another store.
        fn into_raw(self, store: StoreView<'_>) -> Result<u64>;
        /// Decodes a raw slot of `store` holding a value of type [`Self::VALTYPE`].
        fn from_raw(raw: u64, store: StoreView<'_>) -> Self;
    }

    /// Raw-slot conversions of a list of values.
    pub trait WasmTyListRaw: Sized {
        /// The WebAssembly types, in order.
        const TYPES: &'static [ValType];
        /// Writes the values to `buf[..TYPES.len()]`.
        ///
        /// # Errors
        /// If a value is a reference into another store.
        fn store_raw(self, store: StoreView<'_>, buf: &mut [u64]) -> Result<()>;
        /// Reads the values from `buf[..TYPES.len()]`.
        fn load_raw(buf: &[u64], store: StoreView<'_>) -> Self;
    }

    /// What a host closure's return value turns into.
    pub trait WasmRetRaw {
        /// The results proper.
        type Results: super::WasmResults;
        /// The results, or the error the closure returned.
        fn into_results(self) -> Result<Self::Results>;
    }

    /// Conversion of a closure to the raw host-function form.
    pub trait IntoFuncRaw<T, Params, Results> {
        /// The function type and the raw host function.
        fn into_raw_func(self) -> (FuncType, Arc<HostFuncFn<T>>);
    }
}

use sealed::{IntoFuncRaw, StoreView, WasmRetRaw, WasmTyListRaw, WasmTyRaw};

/// A Rust type that stands for a WebAssembly value type (see [`Func::wrap`](crate::Func::wrap) for
/// the mapping).
///
/// This trait is sealed: mica implements it for `i32`, `u32`, `i64`, `u64`, `f32`, `f64`,
/// `Option<Func>`, [`Func`], `Option<ExternRef>` and [`ExternRef`].
pub trait WasmTy: WasmTyRaw {
    /// The WebAssembly value type this Rust type maps to.
    ///
    /// ```
    /// use mica::{Func, ValType, WasmTy};
    /// assert_eq!(u32::valtype(), ValType::I32);
    /// assert_eq!(<Option<Func>>::valtype(), ValType::FUNCREF);
    /// ```
    fn valtype() -> ValType {
        Self::VALTYPE
    }
}

/// A list of [`WasmTy`] values: `()`, a single [`WasmTy`], or a tuple of up to 16 of them.
///
/// This trait is sealed.
pub trait WasmTyList: WasmTyListRaw {
    /// The WebAssembly value types of the list, in order.
    ///
    /// ```
    /// use mica::{ValType, WasmTyList};
    /// assert_eq!(<(i32, f64)>::valtypes().collect::<Vec<_>>(), [ValType::I32, ValType::F64]);
    /// assert_eq!(<()>::valtypes().len(), 0);
    /// ```
    fn valtypes() -> impl ExactSizeIterator<Item = ValType> {
        Self::TYPES.iter().copied()
    }
}

/// The parameters of a [`TypedFunc`] or of a host closure: any [`WasmTyList`].
pub trait WasmParams: WasmTyList {}
impl<L: WasmTyList> WasmParams for L {}

/// The results of a [`TypedFunc`] or of a host closure: any [`WasmTyList`].
pub trait WasmResults: WasmTyList {}
impl<L: WasmTyList> WasmResults for L {}

/// What a closure given to [`Func::wrap`] may return: its results ([`WasmResults`]), or
/// `Result<R, mica::Error>` of them, where an `Err` traps the calling wasm code with that
/// error (it comes out of the outermost [`Func::call`] unchanged).
///
/// This trait is sealed.
pub trait WasmRet: WasmRetRaw {}

/// A closure that [`Func::wrap`] can turn into a host function: `Fn(A1, ..., An) -> R` or
/// `Fn(Caller<'_, T>, A1, ..., An) -> R` for up to 12 arguments `Ai: WasmTy`, with
/// `R: WasmRet`, that is `Send + Sync + 'static`.
///
/// `Params` and `Results` only serve to tell the implementations apart; they are inferred.
/// This trait is sealed.
pub trait IntoFunc<T, Params, Results>:
    IntoFuncRaw<T, Params, Results> + Send + Sync + 'static
{
}

// ---------------------------------------------------------------------------------------------
// Values

fn foreign_ref(what: &str) -> Error {
    Error::usage(format!("{what} from another store"))
}

macro_rules! impl_wasm_ty_num {
    ($($t:ty => $vt:ident, |$s:ident| $to:expr, |$r:ident| $from:expr;)*) => {$(
        impl WasmTyRaw for $t {
            const VALTYPE: ValType = ValType::$vt;
            #[inline]
            fn into_raw(self, _store: StoreView<'_>) -> Result<u64> {
                let $s = self;
                Ok($to)
            }
            #[inline]
            fn from_raw($r: u64, _store: StoreView<'_>) -> Self {
                $from
            }
        }
        impl WasmTy for $t {}
    )*};
}

impl_wasm_ty_num! {
    i32 => I32, |v| v as u32 as u64, |r| r as u32 as i32;
    u32 => I32, |v| v as u64, |r| r as u32;
    i64 => I64, |v| v as u64, |r| r as i64;
    u64 => I64, |v| v, |r| r;
    f32 => F32, |v| v.to_bits() as u64, |r| f32::from_bits(r as u32);
    f64 => F64, |v| v.to_bits(), |r| f64::from_bits(r);
}

impl WasmTyRaw for Option<Func> {
    const VALTYPE: ValType = ValType::FUNCREF;
    #[inline]
    fn into_raw(self, store: StoreView<'_>) -> Result<u64> {
        match self {
            None => Ok(0),
            Some(f) => f.into_raw(store),
        }
    }
    #[inline]
    fn from_raw(raw: u64, store: StoreView<'_>) -> Self {
        (raw != 0).then(|| Func {
            store: store.0.id,
            index: (raw - 1) as u32,
        })
    }
}
impl WasmTy for Option<Func> {}

impl WasmTyRaw for Func {
    const VALTYPE: ValType = ValType::Ref(RefType {
        nullable: false,
        heap: HeapType::Func,
    });
    #[inline]
    fn into_raw(self, store: StoreView<'_>) -> Result<u64> {
        if self.store != store.0.id {
            return Err(foreign_ref("function reference"));
        }
        Ok(self.index as u64 + 1)
    }
    #[inline]
    fn from_raw(raw: u64, store: StoreView<'_>) -> Self {
        // Validation guarantees a `(ref func)` slot is never null.
        debug_assert_ne!(raw, 0, "null in a non-nullable function reference slot");
        Func {
            store: store.0.id,
            index: raw.wrapping_sub(1) as u32,
        }
    }
}
impl WasmTy for Func {}

impl WasmTyRaw for Option<ExternRef> {
    const VALTYPE: ValType = ValType::EXTERNREF;
    #[inline]
    fn into_raw(self, store: StoreView<'_>) -> Result<u64> {
        match self {
            None => Ok(0),
            Some(e) => e.into_raw(store),
        }
    }
    #[inline]
    fn from_raw(raw: u64, store: StoreView<'_>) -> Self {
        (raw != 0).then(|| ExternRef {
            store: store.0.id,
            index: (raw - 1) as u32,
        })
    }
}
impl WasmTy for Option<ExternRef> {}

impl WasmTyRaw for ExternRef {
    const VALTYPE: ValType = ValType::Ref(RefType {
        nullable: false,
        heap: HeapType::Extern,
    });
    #[inline]
    fn into_raw(self, store: StoreView<'_>) -> Result<u64> {
        if self.store != store.0.id {
            return Err(foreign_ref("extern reference"));
        }
        Ok(self.index as u64 + 1)
    }
    #[inline]
    fn from_raw(raw: u64, store: StoreView<'_>) -> Self {
        // Validation guarantees a `(ref extern)` slot is never null.
        debug_assert_ne!(raw, 0, "null in a non-nullable extern reference slot");
        ExternRef {
            store: store.0.id,
            index: raw.wrapping_sub(1) as u32,
        }
    }
}
impl WasmTy for ExternRef {}

// ---------------------------------------------------------------------------------------------
// Lists of values

impl WasmTyListRaw for () {
    const TYPES: &'static [ValType] = &[];
    #[inline]
    fn store_raw(self, _store: StoreView<'_>, _buf: &mut [u64]) -> Result<()> {
        Ok(())
    }
    #[inline]
    fn load_raw(_buf: &[u64], _store: StoreView<'_>) -> Self {}
}
impl WasmTyList for () {}

impl<A: WasmTy> WasmTyListRaw for A {
    const TYPES: &'static [ValType] = &[A::VALTYPE];
    #[inline]
    fn store_raw(self, store: StoreView<'_>, buf: &mut [u64]) -> Result<()> {
        buf[0] = self.into_raw(store)?;
        Ok(())
    }
    #[inline]
    fn load_raw(buf: &[u64], store: StoreView<'_>) -> Self {
        A::from_raw(buf[0], store)
    }
}
impl<A: WasmTy> WasmTyList for A {}

macro_rules! impl_wasm_ty_list_tuple {
    ($n:literal: $($t:ident $i:tt),+) => {
        impl<$($t: WasmTy),+> WasmTyListRaw for ($($t,)+) {
            const TYPES: &'static [ValType] = &[$($t::VALTYPE),+];
            #[inline]
            fn store_raw(self, store: StoreView<'_>, buf: &mut [u64]) -> Result<()> {
                let buf = &mut buf[..$n];
                $(buf[$i] = self.$i.into_raw(store)?;)+
                Ok(())
            }
            #[inline]
            fn load_raw(buf: &[u64], store: StoreView<'_>) -> Self {
                let buf = &buf[..$n];
                ($($t::from_raw(buf[$i], store),)+)
            }
        }
        impl<$($t: WasmTy),+> WasmTyList for ($($t,)+) {}
    };
}

impl_wasm_ty_list_tuple!(1: A1 0);
impl_wasm_ty_list_tuple!(2: A1 0, A2 1);
impl_wasm_ty_list_tuple!(3: A1 0, A2 1, A3 2);
impl_wasm_ty_list_tuple!(4: A1 0, A2 1, A3 2, A4 3);
impl_wasm_ty_list_tuple!(5: A1 0, A2 1, A3 2, A4 3, A5 4);
impl_wasm_ty_list_tuple!(6: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5);
impl_wasm_ty_list_tuple!(7: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6);
impl_wasm_ty_list_tuple!(8: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7);
impl_wasm_ty_list_tuple!(9: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8);
impl_wasm_ty_list_tuple!(10: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9);
impl_wasm_ty_list_tuple!(11: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10);
impl_wasm_ty_list_tuple!(12: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10,
    A12 11);
impl_wasm_ty_list_tuple!(13: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10,
    A12 11, A13 12);
impl_wasm_ty_list_tuple!(14: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10,
    A12 11, A13 12, A14 13);
impl_wasm_ty_list_tuple!(15: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10,
    A12 11, A13 12, A14 13, A15 14);
impl_wasm_ty_list_tuple!(16: A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10,
    A12 11, A13 12, A14 13, A15 14, A16 15);

// ---------------------------------------------------------------------------------------------
// Host closure return values

impl<R: WasmResults> WasmRetRaw for R {
    type Results = R;
    #[inline]
    fn into_results(self) -> Result<R> {
        Ok(self)
    }
}
impl<R: WasmResults> WasmRet for R {}

impl<R: WasmResults> WasmRetRaw for Result<R, Error> {
    type Results = R;
    #[inline]
    fn into_results(self) -> Result<R> {
        self
    }
}
impl<R: WasmResults> WasmRet for Result<R, Error> {}

// ---------------------------------------------------------------------------------------------
// Typed functions

/// A function with a statically known signature: `Params` and `Results` are [`WasmParams`]
/// and [`WasmResults`] (`()`, one [`WasmTy`], or a tuple of up to 16).
///
/// Made by [`Func::typed`] or [`Instance::get_typed_func`](crate::Instance::get_typed_func),
/// which check the function's type once; calls then move arguments and results without
/// dynamic type checks or heap allocation.
///
/// ```
/// use mica::{Engine, Instance, Module, Store};
///
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"
///     (module (func (export "swap") (param i32 i64) (result i64 i32)
///         local.get 1 local.get 0))
/// "#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Instance::new(&mut store, &module, &[])?;
/// let swap = instance.get_typed_func::<(i32, i64), (i64, i32)>(&store, "swap")?;
/// assert_eq!(swap.call(&mut store, (1, 2))?, (2, 1));
/// # Ok::<(), mica::Error>(())
/// ```
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<Params, Results> Clone for TypedFunc<Params, Results> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Params, Results> Copy for TypedFunc<Params, Results> {}

impl<Params, Results> fmt::Debug for TypedFunc<Params, Results> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedFunc")
            .field("func", &self.func)
            .finish()
    }
}

/// The function type a parameter list and a result list stand for.
fn func_type_for<Params: WasmParams, Results: WasmResults>() -> FuncType {
    FuncType::new(Params::valtypes(), Results::valtypes())
}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// Checks that `func`'s type is exactly `Params -> Results`.
    pub(crate) fn new(func: Func, store: impl AsContext) -> Result<Self> {
        let inner = &store.as_context().0.inner;
        if func.store != inner.id {
            return Err(Error::usage(
                "function used with a store other than the one that owns it",
            ));
        }
        let actual = func_type_of(inner, func.index);
        if actual.params() != Params::TYPES || actual.results() != Results::TYPES {
            return Err(Error::usage(format!(
                "function type mismatch: expected {}, found {actual}",
                func_type_for::<Params, Results>()
            )));
        }
        Ok(TypedFunc {
            func,
            _marker: PhantomData,
        })
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }

    /// Calls the function with `params` and returns its results.
    ///
    /// Arguments and results move through a buffer on the native stack: a typed call allocates
    /// nothing on the heap (the callee may).
    ///
    /// # Errors
    /// A trap of the called code, an error returned by a host function (passed through
    /// unchanged), the store not being the one that owns the function, or a reference argument
    /// belonging to another store.
    pub fn call(&self, mut store: impl AsContextMut, params: Params) -> Result<Results> {
        let store = store.as_context_mut().0;
        if self.func.store != store.inner.id {
            return Err(Error::usage(
                "function used with a store other than the one that owns it",
            ));
        }
        let mut slots = [0u64; MAX_TYPED_VALUES];
        let buf = &mut slots[..Params::TYPES.len().max(Results::TYPES.len())];
        params.store_raw(StoreView(&store.inner), buf)?;
        crate::interp::call(store, self.func.index, buf)?;
        Ok(Results::load_raw(buf, StoreView(&store.inner)))
    }
}

// ---------------------------------------------------------------------------------------------
// Host functions from closures

/// Turns a closure into a function type and the raw host-function form, without a store (so
/// that a host function can be defined once and added to many stores).
pub(crate) fn host_func_from_closure<T, Params, Results>(
    func: impl IntoFunc<T, Params, Results>,
) -> (FuncType, Arc<HostFuncFn<T>>) {
    func.into_raw_func()
}

impl Func {
    /// Creates a host function from a Rust closure, deriving its WebAssembly type from the
    /// closure's argument and return types.
    ///
    /// The closure takes up to 12 [`WasmTy`] arguments, optionally preceded by a
    /// [`Caller`] (for the host data, the store, and the calling instance's exports), and
    /// returns `()`, one [`WasmTy`], a tuple of up to 16 of them, or a `Result` of any of
    /// these with [`mica::Error`](crate::Error). Returning `Err` traps the calling wasm code
    /// with that error, which comes out of the outermost call unchanged.
    ///
    /// ```
    /// use mica::{Caller, Engine, Func, Store, ValType};
    ///
    /// let engine = Engine::default();
    /// let mut store = Store::new(&engine, 10_i64);
    ///
    /// // (func (param i64 i64) (result i64))
    /// let add = Func::wrap(&mut store, |a: i64, b: i64| a.wrapping_add(b));
    /// assert_eq!(add.ty(&store).params(), [ValType::I64, ValType::I64]);
    ///
    /// // (func (param i64) (result i64)), reading the host data
    /// let offset = Func::wrap(&mut store, |caller: Caller<'_, i64>, x: i64| x + *caller.data());
    ///
    /// // (func (param i32)) that may fail
    /// let check = Func::wrap(&mut store, |x: i32| -> mica::Result<()> {
    ///     if x < 0 { Err(mica::Error::msg("negative")) } else { Ok(()) }
    /// });
    ///
    /// assert_eq!(add.typed::<(i64, i64), i64>(&store)?.call(&mut store, (2, 3))?, 5);
    /// assert_eq!(offset.typed::<i64, i64>(&store)?.call(&mut store, 1)?, 11);
    /// let err = check.typed::<i32, ()>(&store)?.call(&mut store, -1).unwrap_err();
    /// assert!(matches!(err.kind(), mica::ErrorKind::Host(_)));
    /// # Ok::<(), mica::Error>(())
    /// ```
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, host) = host_func_from_closure(func);
        Func::from_host(store.as_context_mut().0, ty, host)
    }
}

macro_rules! impl_into_func {
    ($($a:ident $v:ident),*) => {
        // Closures without a caller.
        impl<T, F, R, $($a,)*> IntoFuncRaw<T, ($($a,)*), R> for F
        where
            T: 'static,
            F: Fn($($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
            $($a: WasmTy,)*
        {
            fn into_raw_func(self) -> (FuncType, Arc<HostFuncFn<T>>) {
                let ty = FuncType::new(
                    <($($a,)*) as WasmTyList>::valtypes(),
                    <R::Results as WasmTyList>::valtypes(),
                );
                let host: Arc<HostFuncFn<T>> =
                    Arc::new(move |caller: Caller<'_, T>, buf: &mut [u64]| -> Result<()> {
                        let ($($v,)*) =
                            <($($a,)*) as WasmTyListRaw>::load_raw(buf, StoreView(&caller.store.inner));
                        let results = self($($v),*).into_results()?;
                        results.store_raw(StoreView(&caller.store.inner), buf)
                    });
                (ty, host)
            }
        }
        impl<T, F, R, $($a,)*> IntoFunc<T, ($($a,)*), R> for F
        where
            T: 'static,
            F: Fn($($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
            $($a: WasmTy,)*
        {
        }

        // Closures with a caller.
        impl<'c, T, F, R, $($a,)*> IntoFuncRaw<T, (Caller<'c, T>, $($a,)*), R> for F
        where
            T: 'static,
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
            $($a: WasmTy,)*
        {
            fn into_raw_func(self) -> (FuncType, Arc<HostFuncFn<T>>) {
                let ty = FuncType::new(
                    <($($a,)*) as WasmTyList>::valtypes(),
                    <R::Results as WasmTyList>::valtypes(),
                );
                let host: Arc<HostFuncFn<T>> =
                    Arc::new(move |caller: Caller<'_, T>, buf: &mut [u64]| -> Result<()> {
                        let Caller { store, instance } = caller;
                        let ($($v,)*) =
                            <($($a,)*) as WasmTyListRaw>::load_raw(buf, StoreView(&store.inner));
                        let results =
                            self(Caller { store: &mut *store, instance }, $($v),*).into_results()?;
                        results.store_raw(StoreView(&store.inner), buf)
                    });
                (ty, host)
            }
        }
        impl<'c, T, F, R, $($a,)*> IntoFunc<T, (Caller<'c, T>, $($a,)*), R> for F
        where
            T: 'static,
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
            $($a: WasmTy,)*
        {
        }
    };
}

impl_into_func!();
impl_into_func!(A1 a1);
impl_into_func!(A1 a1, A2 a2);
impl_into_func!(A1 a1, A2 a2, A3 a3);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11);
impl_into_func!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11,
    A12 a12);
