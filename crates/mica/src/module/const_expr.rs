//! Constant expressions (global initialisers, segment offsets and element items), decoded once
//! at load time and evaluated at instantiation.

use crate::error::{Error, Result};

/// One operation of a constant expression.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ConstOp {
    /// Push a raw 64-bit value (integer or float bits, or null).
    Push(u64),
    /// Push a reference to the function with this module index.
    RefFunc(u32),
    /// Push the value of the global with this module index.
    GlobalGet(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// A decoded constant expression.
#[derive(Debug, Clone)]
pub(crate) struct ConstExpr {
    ops: Ops,
}

/// The operations; almost every expression is one operation, kept without an allocation.
#[derive(Clone, Debug)]
enum Ops {
    One(ConstOp),
    Many(Box<[ConstOp]>),
}

impl ConstExpr {
    /// Decodes a validated constant expression.
    pub(crate) fn decode(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
        use wasmparser::Operator as O;
        let mut ops: Vec<ConstOp> = Vec::new();
        let mut reader = expr.get_operators_reader();
        while !reader.eof() {
            let offset = reader.original_position();
            let op = reader.read()?;
            ops.push(match op {
                O::I32Const { value } => ConstOp::Push(value as u32 as u64),
                O::I64Const { value } => ConstOp::Push(value as u64),
                O::F32Const { value } => ConstOp::Push(value.bits() as u64),
                O::F64Const { value } => ConstOp::Push(value.bits()),
                O::RefNull { .. } => ConstOp::Push(0),
                O::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                O::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                O::I32Add => ConstOp::I32Add,
                O::I32Sub => ConstOp::I32Sub,
                O::I32Mul => ConstOp::I32Mul,
                O::I64Add => ConstOp::I64Add,
                O::I64Sub => ConstOp::I64Sub,
                O::I64Mul => ConstOp::I64Mul,
                O::End => continue,
                other => {
                    return Err(Error::unsupported(
                        Some(offset),
                        format!("constant expression operator {other:?}"),
                    ))
                }
            });
        }
        Ok(ConstExpr {
            ops: match *ops {
                [op] => Ops::One(op),
                _ => Ops::Many(ops.into()),
            },
        })
    }

    fn ops(&self) -> &[ConstOp] {
        match &self.ops {
            Ops::One(op) => std::slice::from_ref(op),
            Ops::Many(ops) => ops,
        }
    }

    /// A constant expression that pushes one raw value.
    pub(crate) fn constant(raw: u64) -> ConstExpr {
        ConstExpr {
            ops: Ops::One(ConstOp::Push(raw)),
        }
    }

    /// The value of an expression that is a single constant.
    pub(crate) fn as_const(&self) -> Option<u64> {
        match *self.ops() {
            [ConstOp::Push(v)] => Some(v),
            _ => None,
        }
    }

    /// The single function index of a `ref.func` expression, if that is all it is.
    pub(crate) fn as_ref_func(&self) -> Option<u32> {
        match *self.ops() {
            [ConstOp::RefFunc(f)] => Some(f),
            _ => None,
        }
    }

    /// The functions (module indices) the expression takes references to.
    pub(crate) fn referenced_funcs(&self) -> impl Iterator<Item = u32> + '_ {
        self.ops().iter().filter_map(|op| match op {
            ConstOp::RefFunc(f) => Some(*f),
            _ => None,
        })
    }

    /// Evaluates the expression. `global` reads a global's raw value by module index and
    /// `func_ref` gives the raw reference to a function by module index.
    pub(crate) fn eval(&self, global: impl Fn(u32) -> u64, func_ref: impl Fn(u32) -> u64) -> u64 {
        // Almost every constant expression is a single operation: no stack needed.
        match *self.ops() {
            [ConstOp::Push(v)] => return v,
            [ConstOp::RefFunc(f)] => return func_ref(f),
            [ConstOp::GlobalGet(g)] => return global(g),
            _ => {}
        }
        let mut stack: Vec<u64> = Vec::with_capacity(4);
        for op in self.ops().iter() {
            let v = match *op {
                ConstOp::Push(v) => v,
                ConstOp::RefFunc(f) => func_ref(f),
                ConstOp::GlobalGet(g) => global(g),
                bin => {
                    let b = stack.pop().unwrap_or(0);
                    let a = stack.pop().unwrap_or(0);
                    match bin {
                        ConstOp::I32Add => (a as u32).wrapping_add(b as u32) as u64,
                        ConstOp::I32Sub => (a as u32).wrapping_sub(b as u32) as u64,
                        ConstOp::I32Mul => (a as u32).wrapping_mul(b as u32) as u64,
                        ConstOp::I64Add => a.wrapping_add(b),
                        ConstOp::I64Sub => a.wrapping_sub(b),
                        ConstOp::I64Mul => a.wrapping_mul(b),
                        _ => unreachable!("handled above"),
                    }
                }
            };
            stack.push(v);
        }
        stack.pop().unwrap_or(0)
    }
}

impl ConstExpr {
    /// A `ref.func` expression.
    pub(crate) fn ref_func(func: u32) -> ConstExpr {
        ConstExpr {
            ops: Ops::One(ConstOp::RefFunc(func)),
        }
    }
}
