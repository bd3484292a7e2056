//! Translation of one function body to IR in a single pass, validating every operator with
//! wasmparser's `FuncValidator` before translating it.
//!
//! The translator keeps a virtual operand stack. Entry `i` of it is one of:
//! - `Temp`: the value lives in the temporary slot of position `i` (`num_locals + i`);
//! - `Local(n)`: the value is the current value of local `n` (not yet copied);
//! - `Const(c)`: the value is the constant `c` (not yet materialised).
//!
//! Lazy entries are materialised into their position's slot when their identity could change
//! (a `local.set` of that local), at control-flow boundaries (block entry, block results), and
//! when an instruction needs consecutive slots (call arguments, bulk-memory operands).
//! Code executed only on a branch path never changes the virtual stack.

use wasmparser::{
    BlockType, FuncValidator, FunctionBody, Operator, OperatorsReader, ValidatorResources,
};

use super::ir::{Instr, LoadKind, Off, Op, Slot};
use super::{CompiledFunc, Translated};
use crate::engine::type_registry::TypeId;
use crate::error::{Error, Result};
use crate::module::ModuleInner;

/// Translates function bodies; reuses its allocations across the functions of a module.
#[derive(Default)]
pub(crate) struct Translator {
    allocs: wasmparser::FuncValidatorAllocations,
    bufs: Buffers,
}

#[derive(Default)]
struct Buffers {
    code: Vec<Instr>,
    stack: Vec<Opd>,
    ctrl: Vec<Ctrl>,
    labels: Vec<Label>,
    sigs: Vec<(TypeId, u32)>,
    depths: Vec<u32>,
    /// Number of `Local(n)` entries on the virtual stack, per local.
    local_refs: Vec<u32>,
}

/// An entry of the virtual operand stack.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Opd {
    Temp,
    Local(u32),
    Const(u64),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Func,
    Block,
    Loop,
    If,
    Else,
}

/// A control frame.
#[derive(Clone, Copy, Debug)]
struct Ctrl {
    kind: Kind,
    /// Entered in unreachable code: nothing inside is translated.
    dead: bool,
    /// Operand stack height at entry, below the block's parameters.
    height: usize,
    nparams: usize,
    nresults: usize,
    /// Branch target: the end (block, if) or the start (loop).
    label: usize,
    /// For `if`: where the false condition jumps.
    else_label: usize,
}

impl Ctrl {
    /// Where branch values go and how many there are.
    fn branch_arity(&self) -> (usize, usize) {
        let n = if self.kind == Kind::Loop {
            self.nparams
        } else {
            self.nresults
        };
        (self.height, n)
    }
}

#[derive(Default)]
struct Label {
    pos: Option<usize>,
    uses: Vec<usize>,
    used: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum W {
    I32,
    I64,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cmp {
    Eq,
    Ne,
    LtS,
    LtU,
    GtS,
    GtU,
    LeS,
    LeU,
    GeS,
    GeU,
}

impl Cmp {
    /// The comparison that is true exactly when `self` is false (integers only).
    fn negate(self) -> Cmp {
        use Cmp::*;
        match self {
            Eq => Ne,
            Ne => Eq,
            LtS => GeS,
            LtU => GeU,
            GtS => LeS,
            GtU => LeU,
            LeS => GtS,
            LeU => GtU,
            GeS => LtS,
            GeU => LtU,
        }
    }

    /// The comparison with its operands swapped: `a OP b == b OP.swap() a`.
    fn swap(self) -> Cmp {
        use Cmp::*;
        match self {
            Eq => Eq,
            Ne => Ne,
            LtS => GtS,
            LtU => GtU,
            GtS => LtS,
            GtU => LtU,
            LeS => GeS,
            LeU => GeU,
            GeS => LeS,
            GeU => LeU,
        }
    }
}

/// The right operand of a compare.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Rhs {
    Slot(Slot),
    Imm(i32),
}

/// A branch condition, possibly the fusable compare that produced it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cond {
    Cmp(W, Cmp, Slot, Rhs),
    Eqz(W, Slot),
    Nez(W, Slot),
    Const(bool),
}

/// The last instruction, when it wrote the top temporary and nothing followed it.
#[derive(Clone, Copy, Debug)]
struct LastDef {
    idx: usize,
    pos: usize,
    end: usize,
    cond: Option<Cond>,
}

/// How a constant operand may become an immediate.
#[derive(Clone, Copy)]
enum Pol {
    Any,
    Shift,
    DivS,
    DivU,
}

fn imm_of(w: W, pol: Pol, c: u64) -> Option<i32> {
    let v = match w {
        W::I32 => Some(c as u32 as i32),
        W::I64 => {
            let s = c as i64;
            (s == s as i32 as i64).then_some(s as i32)
        }
    };
    match pol {
        Pol::Any => v,
        Pol::Shift => Some((c & if w == W::I32 { 31 } else { 63 }) as i32),
        Pol::DivS => v.filter(|&x| x != 0 && x != -1),
        Pol::DivU => v.filter(|&x| x != 0),
    }
}

macro_rules! by_cmp {
    ($c:expr, [$eq:ident, $ne:ident, $lts:ident, $ltu:ident, $gts:ident, $gtu:ident, $les:ident,
      $leu:ident, $ges:ident, $geu:ident], ($($arg:expr),*)) => {
        match $c {
            Cmp::Eq => Instr::$eq($($arg),*),
            Cmp::Ne => Instr::$ne($($arg),*),
            Cmp::LtS => Instr::$lts($($arg),*),
            Cmp::LtU => Instr::$ltu($($arg),*),
            Cmp::GtS => Instr::$gts($($arg),*),
            Cmp::GtU => Instr::$gtu($($arg),*),
            Cmp::LeS => Instr::$les($($arg),*),
            Cmp::LeU => Instr::$leu($($arg),*),
            Cmp::GeS => Instr::$ges($($arg),*),
            Cmp::GeU => Instr::$geu($($arg),*),
        }
    };
}

fn cmp_instr(w: W, c: Cmp, d: Slot, a: Slot, rhs: Rhs) -> Instr {
    match (w, rhs) {
        (W::I32, Rhs::Slot(b)) => by_cmp!(
            c,
            [I32Eq, I32Ne, I32LtS, I32LtU, I32GtS, I32GtU, I32LeS, I32LeU, I32GeS, I32GeU],
            (d, a, b)
        ),
        (W::I32, Rhs::Imm(b)) => by_cmp!(
            c,
            [
                I32EqImm, I32NeImm, I32LtSImm, I32LtUImm, I32GtSImm, I32GtUImm, I32LeSImm,
                I32LeUImm, I32GeSImm, I32GeUImm
            ],
            (d, a, b)
        ),
        (W::I64, Rhs::Slot(b)) => by_cmp!(
            c,
            [I64Eq, I64Ne, I64LtS, I64LtU, I64GtS, I64GtU, I64LeS, I64LeU, I64GeS, I64GeU],
            (d, a, b)
        ),
        (W::I64, Rhs::Imm(b)) => by_cmp!(
            c,
            [
                I64EqImm, I64NeImm, I64LtSImm, I64LtUImm, I64GtSImm, I64GtUImm, I64LeSImm,
                I64LeUImm, I64GeSImm, I64GeUImm
            ],
            (d, a, b)
        ),
    }
}

/// The condition under which a conditional branch instruction jumps (`None` for anything
/// else).
fn branch_cond(i: Instr) -> Option<Cond> {
    use Cmp::*;
    use Instr as I;
    macro_rules! decode {
        ($i:expr; $( $v:ident => $w:ident $c:ident $r:ident ),* $(,)?) => {
            match $i {
                $( I::$v(a, b, _) => Some(Cond::Cmp(W::$w, $c, a, Rhs::$r(b))), )*
                I::BrIfNez(s, _) => Some(Cond::Nez(W::I32, s)),
                I::BrIfEqz(s, _) => Some(Cond::Eqz(W::I32, s)),
                I::BrIfNez64(s, _) => Some(Cond::Nez(W::I64, s)),
                I::BrIfEqz64(s, _) => Some(Cond::Eqz(W::I64, s)),
                _ => None,
            }
        };
    }
    decode!(i;
        BrIfI32Eq => I32 Eq Slot, BrIfI32Ne => I32 Ne Slot,
        BrIfI32LtS => I32 LtS Slot, BrIfI32LtU => I32 LtU Slot,
        BrIfI32GtS => I32 GtS Slot, BrIfI32GtU => I32 GtU Slot,
        BrIfI32LeS => I32 LeS Slot, BrIfI32LeU => I32 LeU Slot,
        BrIfI32GeS => I32 GeS Slot, BrIfI32GeU => I32 GeU Slot,
        BrIfI32EqImm => I32 Eq Imm, BrIfI32NeImm => I32 Ne Imm,
        BrIfI32LtSImm => I32 LtS Imm, BrIfI32LtUImm => I32 LtU Imm,
        BrIfI32GtSImm => I32 GtS Imm, BrIfI32GtUImm => I32 GtU Imm,
        BrIfI32LeSImm => I32 LeS Imm, BrIfI32LeUImm => I32 LeU Imm,
        BrIfI32GeSImm => I32 GeS Imm, BrIfI32GeUImm => I32 GeU Imm,
        BrIfI64Eq => I64 Eq Slot, BrIfI64Ne => I64 Ne Slot,
        BrIfI64LtS => I64 LtS Slot, BrIfI64LtU => I64 LtU Slot,
        BrIfI64GtS => I64 GtS Slot, BrIfI64GtU => I64 GtU Slot,
        BrIfI64LeS => I64 LeS Slot, BrIfI64LeU => I64 LeU Slot,
        BrIfI64GeS => I64 GeS Slot, BrIfI64GeU => I64 GeU Slot,
        BrIfI64EqImm => I64 Eq Imm, BrIfI64NeImm => I64 Ne Imm,
        BrIfI64LtSImm => I64 LtS Imm, BrIfI64LtUImm => I64 LtU Imm,
        BrIfI64GtSImm => I64 GtS Imm, BrIfI64GtUImm => I64 GtU Imm,
        BrIfI64LeSImm => I64 LeS Imm, BrIfI64LeUImm => I64 LeU Imm,
        BrIfI64GeSImm => I64 GeS Imm, BrIfI64GeUImm => I64 GeU Imm,
    )
}

fn fused_instr(w: W, c: Cmp, a: Slot, rhs: Rhs) -> Instr {
    match (w, rhs) {
        (W::I32, Rhs::Slot(b)) => by_cmp!(
            c,
            [
                BrIfI32Eq, BrIfI32Ne, BrIfI32LtS, BrIfI32LtU, BrIfI32GtS, BrIfI32GtU, BrIfI32LeS,
                BrIfI32LeU, BrIfI32GeS, BrIfI32GeU
            ],
            (a, b, 0)
        ),
        (W::I32, Rhs::Imm(b)) => by_cmp!(
            c,
            [
                BrIfI32EqImm,
                BrIfI32NeImm,
                BrIfI32LtSImm,
                BrIfI32LtUImm,
                BrIfI32GtSImm,
                BrIfI32GtUImm,
                BrIfI32LeSImm,
                BrIfI32LeUImm,
                BrIfI32GeSImm,
                BrIfI32GeUImm
            ],
            (a, b, 0)
        ),
        (W::I64, Rhs::Slot(b)) => by_cmp!(
            c,
            [
                BrIfI64Eq, BrIfI64Ne, BrIfI64LtS, BrIfI64LtU, BrIfI64GtS, BrIfI64GtU, BrIfI64LeS,
                BrIfI64LeU, BrIfI64GeS, BrIfI64GeU
            ],
            (a, b, 0)
        ),
        (W::I64, Rhs::Imm(b)) => by_cmp!(
            c,
            [
                BrIfI64EqImm,
                BrIfI64NeImm,
                BrIfI64LtSImm,
                BrIfI64LtUImm,
                BrIfI64GtSImm,
                BrIfI64GtUImm,
                BrIfI64LeSImm,
                BrIfI64LeUImm,
                BrIfI64GeSImm,
                BrIfI64GeUImm
            ],
            (a, b, 0)
        ),
    }
}

/// Rejects operators of proposals mica does not execute (GC, exceptions, threads, ...).
fn check_supported(op: &Operator<'_>, offset: u64) -> Result<()> {
    macro_rules! define_proposal {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            match op {
                $( Operator::$op { .. } => (stringify!($op), stringify!($proposal)), )*
                #[allow(unreachable_patterns)]
                _ => ("operator", "unknown"),
            }
        };
    }
    let (name, proposal) = wasmparser::for_each_operator!(define_proposal);
    super::supported::check_operator(name, proposal, offset)
}

/// Hands each operator the reader decodes straight to the builder (translation of validated
/// bodies): the operator is built in its visit method and passed on, rather than returned by
/// `OperatorsReader::read` and copied again, and each method's support check is a constant.
struct Feed<'x, 'm> {
    b: &'x mut Builder<'m>,
    offset: u64,
}

macro_rules! define_feed {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Result<()> {
                // A constant check: each method either translates or refuses.
                super::supported::check_operator(
                    stringify!($op),
                    stringify!($proposal),
                    self.offset,
                )?;
                #[allow(unreachable_code)]
                self.b.op_checked(Operator::$op $({ $($arg),* })?, self.offset)
            }
        )*
    };
}

impl<'a> wasmparser::VisitOperator<'a> for Feed<'_, '_> {
    type Output = Result<()>;

    fn simd_visitor(
        &mut self,
    ) -> Option<&mut dyn wasmparser::VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_feed);
}

impl<'a> wasmparser::VisitSimdOperator<'a> for Feed<'_, '_> {
    wasmparser::for_each_visit_simd_operator!(define_feed);
}

/// Parameters plus declared locals of a (validated) body.
pub(crate) fn count_locals(body: &FunctionBody<'_>, num_params: usize) -> Result<u32> {
    let mut locals = body.get_locals_reader()?;
    let mut n = num_params as u64;
    for _ in 0..locals.get_count() {
        n += u64::from(locals.read()?.0);
    }
    if n > u64::from(u32::MAX / 2) {
        return Err(Error::unsupported(None, "functions with this many locals"));
    }
    Ok(n as u32)
}

/// Translates `func` of `module` on its first call. The body was validated at load (with the
/// same features), so it is not validated again: the translator only reads it.
pub(crate) fn translate_lazily(module: &ModuleInner, func: &CompiledFunc) -> Result<Translated> {
    thread_local! {
        static TRANSLATOR: std::cell::RefCell<Translator> =
            std::cell::RefCell::new(Translator::default());
    }
    let bytes = module
        .code_bytes
        .get(func.body.clone())
        .ok_or_else(|| internal("function body outside the code section"))?;
    let reader = wasmparser::BinaryReader::new_features(
        bytes,
        (module.code_offset + func.body.start) as u64,
        crate::module::features(),
    );
    let body = FunctionBody::new(reader);
    let translate = |t: &mut Translator| t.translate_inner(module, func.func_index, &body, None);
    // A translation that itself needs translating (it does not) would find the cell borrowed:
    // fall back to a fresh translator rather than failing.
    TRANSLATOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut t) => translate(&mut t),
        Err(_) => translate(&mut Translator::default()),
    })
}

impl Translator {
    pub(crate) fn take_allocations(&mut self) -> wasmparser::FuncValidatorAllocations {
        std::mem::take(&mut self.allocs)
    }

    pub(crate) fn translate(
        &mut self,
        module: &ModuleInner,
        func_index: u32,
        body: &FunctionBody<'_>,
        mut validator: FuncValidator<ValidatorResources>,
    ) -> Result<Translated> {
        let result = self.translate_inner(module, func_index, body, Some(&mut validator));
        self.allocs = validator.into_allocations();
        result
    }

    fn translate_inner(
        &mut self,
        module: &ModuleInner,
        func_index: u32,
        body: &FunctionBody<'_>,
        mut validator: Option<&mut FuncValidator<ValidatorResources>>,
    ) -> Result<Translated> {
        let ty = module.func_type(func_index);
        let num_params = ty.params().len();
        let num_results = ty.results().len();

        let mut locals = body.get_locals_reader()?;
        let mut num_locals = num_params as u64;
        for _ in 0..locals.get_count() {
            let offset = locals.original_position();
            let (count, ty) = locals.read()?;
            if let Some(v) = validator.as_deref_mut() {
                v.define_locals(offset, count, ty)?;
            }
            num_locals += u64::from(count);
        }
        if num_locals > u64::from(u32::MAX / 2) {
            return Err(Error::unsupported(None, "functions with this many locals"));
        }
        let mut reader = locals.get_binary_reader();
        reader.set_features(crate::module::features());
        let mut reader = OperatorsReader::new(reader);

        let bufs = &mut self.bufs;
        bufs.code.clear();
        bufs.stack.clear();
        bufs.ctrl.clear();
        bufs.labels.clear();
        bufs.sigs.clear();
        bufs.local_refs.clear();
        bufs.local_refs.resize(num_locals as usize, 0);
        let mut b = Builder {
            module,
            b: bufs,
            nlocals: num_locals as u32,
            num_results,
            max_height: 0,
            reachable: true,
            last: None,
            total_local_refs: 0,
            checks: false,
            fuel: false,
            interrupt: false,
            check_at: None,
            ops_since_check: 0,
        };
        let config = module.engine.config();
        b.fuel = config.consume_fuel;
        b.interrupt = config.interruptible;
        b.checks = b.fuel || b.interrupt;
        b.emit_check();
        let label = b.new_label();
        b.b.ctrl.push(Ctrl {
            kind: Kind::Func,
            dead: false,
            height: 0,
            nparams: 0,
            nresults: num_results,
            label,
            else_label: usize::MAX,
        });

        match validator.as_deref_mut() {
            Some(v) => {
                while !reader.eof() {
                    let offset = reader.original_position();
                    let op = reader.read()?;
                    v.op(offset, &op)?;
                    b.op(op, offset)?;
                }
            }
            None => {
                while !reader.eof() {
                    let offset = reader.original_position();
                    reader.visit_operator(&mut Feed { b: &mut b, offset })??;
                }
            }
        }
        b.finish_check();
        // The same end-of-body check as `FuncValidator::validate`.
        let rest = reader.get_binary_reader();
        if let Some(v) = validator {
            rest.finish_expression(&v.visitor(rest.original_position()))?;
        }
        thread_jumps(&mut b.b.code);
        let mut targets = branch_targets(&b.b.code);
        if fuse_address_adds(&mut b.b.code, num_locals as u32, &targets) {
            targets = branch_targets(&b.b.code);
        }
        use_accumulator(&mut b.b.code, &targets);
        // Both fusion sweeps mark what they merge away, then one compaction.
        let mut removed = vec![false; b.b.code.len()];
        let pairs = fuse_pairs(&mut b.b.code, num_locals as u32, &targets, &mut removed);
        if fuse_steps(&mut b.b.code, &targets, &mut removed) || pairs {
            remove_instrs(&mut b.b.code, &removed);
        }
        duplicate_dispatch_heads(&mut b.b.code);

        let mut frame_size = (num_locals + b.max_height as u64).max(num_results as u64);
        if num_locals > num_params as u64 {
            frame_size = frame_size.max(num_params as u64 + super::ZEROED_AT_CALL as u64);
        }
        if frame_size > u64::from(u32::MAX / 2) {
            return Err(Error::unsupported(None, "functions with frames this large"));
        }
        Ok(Translated {
            code: b.b.code.iter().map(|&i| Op::new(i)).collect(),
            frame_size: frame_size as u32,
            sigs: b.b.sigs.as_slice().into(),
        })
    }
}

/// The position a branch at `at` with offset `off` jumps to (offsets count from the next
/// instruction; the translator's branches stay inside the function).
fn branch_target(at: usize, off: Off) -> usize {
    (at as i64 + 1 + i64::from(off)) as usize
}

/// The `Br`s that are not `br_table` entries (those stay `Br`s: the handler indexes them),
/// with their positions and offsets.
fn plain_branches(code: &[Instr]) -> impl Iterator<Item = (usize, Off)> + '_ {
    let mut table_end = 0;
    code.iter()
        .enumerate()
        .filter_map(move |(i, ins)| match *ins {
            Instr::BrTable(_, n) | Instr::BrTableAcc(n) => {
                table_end = i + 2 + n as usize;
                None
            }
            Instr::Br(o) if i >= table_end => Some((i, o)),
            _ => None,
        })
}

/// Positions that some branch jumps to (and the end of the code).
fn branch_targets(code: &[Instr]) -> Vec<bool> {
    let mut target = vec![false; code.len() + 1];
    for (j, i) in code.iter().enumerate() {
        if let Some(off) = i.branch_offset() {
            if let Some(slot) = target.get_mut(branch_target(j, off)) {
                *slot = true;
            }
        }
    }
    target
}

/// Fuses `i32.add`-of-a-constant into the load or store right after it that uses the sum as
/// its address with offset 0 (compiled C computes `p + k` this way, because the offset field
/// cannot wrap as the `i32.add` does): `I32AddImm(t, a, k); Load(d, t, 0)` becomes
/// `LoadAddImm(d, a, k)`, which computes the wrapping sum itself. Only when `t` is an operand
/// temporary (consumed by that load or store alone, so dead after it) and nothing jumps to
/// the load; the code is then compacted and branch offsets recomputed.
fn fuse_address_adds(code: &mut Vec<Instr>, num_locals: u32, target: &[bool]) -> bool {
    use Instr as I;
    let mut removed = vec![false; code.len()];
    let mut fused = false;
    for j in 1..code.len() {
        let I::I32AddImm(t, a, k) = code[j - 1] else {
            continue;
        };
        if t < num_locals || target[j] {
            continue;
        }
        let f = match code[j] {
            I::I32Load(d, s, 0) if s == t => I::I32LoadAddImm(d, a, k),
            I::I64Load(d, s, 0) if s == t => I::I64LoadAddImm(d, a, k),
            I::F64Load(d, s, 0) if s == t => I::F64LoadAddImm(d, a, k),
            I::I32Load8U(d, s, 0) if s == t => I::I32Load8UAddImm(d, a, k),
            I::I32Load8S(d, s, 0) if s == t => I::I32Load8SAddImm(d, a, k),
            I::I32Load16U(d, s, 0) if s == t => I::I32Load16UAddImm(d, a, k),
            I::I32Load16S(d, s, 0) if s == t => I::I32Load16SAddImm(d, a, k),
            I::I32Store(s, v, 0) if s == t && v != t => I::I32StoreAddImm(a, v, k),
            I::I64Store(s, v, 0) if s == t && v != t => I::I64StoreAddImm(a, v, k),
            I::I32Store8(s, v, 0) if s == t && v != t => I::I32Store8AddImm(a, v, k),
            I::I32Store16(s, v, 0) if s == t && v != t => I::I32Store16AddImm(a, v, k),
            _ => continue,
        };
        // The fused instruction takes the add's position (which branches may target: it does
        // the add's work); the load or store it replaces is removed below.
        code[j - 1] = f;
        removed[j] = true;
        fused = true;
    }
    if !fused {
        return false;
    }
    remove_instrs(code, &removed);
    true
}

/// Removes the instructions marked in `removed` (never branch targets) and re-aims every
/// branch at the new positions.
fn remove_instrs(code: &mut Vec<Instr>, removed: &[bool]) {
    let mut new_pos = Vec::with_capacity(code.len() + 1);
    let mut n = 0usize;
    for &r in removed {
        new_pos.push(n);
        n += usize::from(!r);
    }
    new_pos.push(n);
    // Compacted in place: an instruction only ever moves to a lower position.
    let mut w = 0;
    for j in 0..code.len() {
        if removed[j] {
            continue;
        }
        let mut i = code[j];
        if let Some(off) = i.branch_offset_mut() {
            let t = branch_target(j, *off);
            *off = (new_pos[t] as i64 - (new_pos[j] as i64 + 1)) as Off;
        }
        code[w] = i;
        w += 1;
    }
    code.truncate(w);
}

/// Fuses pairs of instructions into one. Where the first produces a temporary only the second
/// consumes through the accumulator, the accumulator pass has made sure the second is not a
/// branch target:
/// - an `f64.load` into the f64 multiply or add that takes the loaded value (`c += a * b[j]`
///   in compiled C): `F64Load(t, p, off); F64MulAccL(d, s)` becomes `F64MulLoad(off, d, s,
///   p)`, likewise for adds, when the other operand is not `t` too and the offset fits 16 bits;
/// - a multiply by a constant into the subtraction of the product (`x - (x / c) * c`, how
///   compiled C takes a remainder once it has the quotient): `MulImmAcc(t, c); SubAccR(d, x)`
///   becomes `SubMulImmAcc(d, x, c)`, when `x` is not `t`;
/// - two copies to consecutive slots (call arguments) into one `Copy2`, when nothing jumps to
///   the second (`target`: the branch targets, positions as before this pass);
/// - a xorshift step's shift into its xor, a shifted index into its load, a loop counter's
///   increment into the branch on it (see the match arms).
///
/// Branches to the next instruction are dropped. Nothing moves: `removed` marks what was
/// merged away or dropped, for the caller to compact.
fn fuse_pairs(code: &mut [Instr], num_locals: u32, target: &[bool], removed: &mut [bool]) -> bool {
    use Instr as I;
    let mut fused = false;
    // Branches to the next instruction (left where a block ends) do nothing.
    for (i, _) in plain_branches(code).filter(|&(_, o)| o == 0) {
        removed[i] = true;
        fused = true;
    }
    let mut j = 1;
    while j < code.len() {
        // The slot the accumulator held before `code[j - 1]`: the destination of the
        // instruction before it (skipping a data word and what this pass removed).
        let acc_before = || {
            let mut i = j.checked_sub(2)?;
            while removed[i] || matches!(code[i], I::Data(..)) {
                i = i.checked_sub(1)?;
            }
            code[i].dst()
        };
        let merged = match (code[j - 1], code[j]) {
            // Xorshift steps: the shifted copy is a temporary only the xor reads, and the xor's
            // other operand is the value that was shifted.
            (I::I32ShlImm(t, x, k), I::I32XorAccL(d, s)) if t >= num_locals && s == x => {
                Some(I::I32XorShlImm(d, x, k as u32))
            }
            (I::I32ShrUImm(t, x, k), I::I32XorAccL(d, s)) if t >= num_locals && s == x => {
                Some(I::I32XorShrUImm(d, x, k as u32))
            }
            (I::I64ShlImm(t, x, k), I::I64XorAccL(d, s)) if t >= num_locals && s == x => {
                Some(I::I64XorShlImm(d, x, k as u32))
            }
            (I::I64ShrUImm(t, x, k), I::I64XorAccL(d, s)) if t >= num_locals && s == x => {
                Some(I::I64XorShrUImm(d, x, k as u32))
            }
            (I::I32ShlImmAcc(t, k), I::I32XorAccL(d, s))
                if t >= num_locals && acc_before() == Some(s) =>
            {
                Some(I::I32XorShlImmAcc(d, k as u32))
            }
            (I::I32ShrUImmAcc(t, k), I::I32XorAccL(d, s))
                if t >= num_locals && acc_before() == Some(s) =>
            {
                Some(I::I32XorShrUImmAcc(d, k as u32))
            }
            (I::I64ShlImmAcc(t, k), I::I64XorAccL(d, s))
                if t >= num_locals && acc_before() == Some(s) =>
            {
                Some(I::I64XorShlImmAcc(d, k as u32))
            }
            (I::I64ShrUImmAcc(t, k), I::I64XorAccL(d, s))
                if t >= num_locals && acc_before() == Some(s) =>
            {
                Some(I::I64XorShrUImmAcc(d, k as u32))
            }
            (I::F64Load(t, p, off), next) if t >= num_locals => match (u16::try_from(off), next) {
                (Ok(off), I::F64MulAccL(d, s)) if s != t => Some(I::F64MulLoad(off, d, s, p)),
                (Ok(off), I::F64AddAccL(d, s)) if s != t => Some(I::F64AddLoad(off, d, s, p)),
                _ => None,
            },
            // `x - acc * c`: the product, a temporary, is consumed by the subtraction alone; the
            // fused instruction reads the multiply's own accumulator input.
            (I::I32MulImmAcc(t, c), I::I32SubAccR(d, x)) if t >= num_locals && x != t => {
                Some(I::I32SubMulImmAcc(d, x, c))
            }
            (I::I64MulImmAcc(t, c), I::I64SubAccR(d, x)) if t >= num_locals && x != t => {
                Some(I::I64SubMulImmAcc(d, x, c))
            }
            // Two copies to consecutive slots (call arguments), the second not a branch target.
            (I::Copy(d, a), I::Copy(e, b)) if d.checked_add(1) == Some(e) && !target[j] => {
                Some(I::Copy2(d, a, b))
            }
            // A scaled array index into the load that uses it (the shifted index is a
            // temporary only the load reads).
            (I::I32ShlImm(t, x, 2), I::I32LoadAddImmAcc(d, i)) if t >= num_locals => {
                Some(I::I32LoadIdx4(d, x, i))
            }
            (I::I32ShlImm(t, x, 3), I::I64LoadAddImmAcc(d, i)) if t >= num_locals => {
                Some(I::I64LoadIdx8(d, x, i))
            }
            // A loop counter's increment and the branch on its new value.
            (add, br) if !target[j] && br.branch_offset().is_some() => counter_branch(add, br),
            _ => None,
        };
        let Some(f) = merged else {
            j += 1;
            continue;
        };
        code[j - 1] = f;
        removed[j] = true;
        fused = true;
        j += 2;
    }
    fused
}

/// Fuses in-place i32 increments (`d += imm`, 16-bit `d` and `imm`: pointer and counter
/// steps) with what precedes them, after [`fuse_pairs`] (whose loop-counter branches take
/// the increment that ends a loop first) and on its output before compaction (`removed`
/// marks what it merged away; this pass adds to it): a store of the accumulator and the
/// increment becomes `I32StoreAccVInc`/`I64StoreAccVInc`, a byte-constant store and a step by
/// a slot `I32Store8ImmStep`, two increments `I32Inc2`; the increment must not be a branch
/// target.
fn fuse_steps(code: &mut [Instr], target: &[bool], removed: &mut [bool]) -> bool {
    use Instr as I;
    let mut fused = false;
    // The instruction before `j` that is still there (`fuse_pairs` removed some).
    let mut prev = None;
    for j in 0..code.len() {
        if removed[j] {
            continue;
        }
        let Some(p) = prev.replace(j) else {
            continue;
        };
        let merged = match (code[p], Step::of(code[j])) {
            _ if target[j] => None,
            (I::I32StoreAccV(a, o), Some(Step::Imm(d, k))) => Some(I::I32StoreAccVInc(a, o, d, k)),
            (I::I64StoreAccV(a, o), Some(Step::Imm(d, k))) => Some(I::I64StoreAccVInc(a, o, d, k)),
            (I::I32Store8Imm(a, v, o), Some(Step::Slot(d, s))) => {
                Some(I::I32Store8ImmStep(v as u8, a, o, d, s))
            }
            (first, Some(Step::Imm(d2, k2))) => match Step::of(first) {
                Some(Step::Imm(d1, k1)) => Some(I::I32Inc2(d1, k1, d2, k2)),
                _ => None,
            },
            _ => None,
        };
        if let Some(f) = merged {
            code[p] = f;
            removed[j] = true;
            fused = true;
            // The fused instruction does not pair again.
            prev = None;
        }
    }
    fused
}

/// An in-place i32 step, `d += imm` or `d += s`, with `d` and `s` slots below 2^16 and `imm`
/// a 16-bit constant: the increment the loop-counter branches and the step fusions absorb.
#[derive(Clone, Copy)]
enum Step {
    Imm(u16, i16),
    Slot(u16, u16),
}

impl Step {
    fn of(i: Instr) -> Option<Step> {
        let slot = |s: Slot| u16::try_from(s).ok();
        match i {
            Instr::I32AddImm(d, s, k) if d == s => {
                Some(Step::Imm(slot(d)?, i16::try_from(k).ok()?))
            }
            Instr::I32Add(d, a, b) if d == a => Some(Step::Slot(slot(d)?, slot(b)?)),
            Instr::I32Add(d, a, b) if d == b => Some(Step::Slot(slot(d)?, slot(a)?)),
            _ => None,
        }
    }
}

/// The increment of an i32 loop counter in place (`d = d + imm`, `d = d + s`) fused with the
/// branch on the sum that follows it (through the accumulator: `BrIfI32*AccL`,
/// `BrIfI32*ImmAcc`, `BrIfNezAcc`, `BrIfEqzAcc`), when `d` and `s` fit 16 bits and `imm`
/// fits 16 bits signed. The fused branch's offset is re-based on its own position.
fn counter_branch(add: Instr, br: Instr) -> Option<Instr> {
    use Instr as I;
    use Step as Inc;
    let inc = Step::of(add)?;
    macro_rules! pick {
        ($( $accl:ident, $immacc:ident => $is:ident, $ii:ident, $ss:ident, $si:ident; )*) => {
            match (inc, br) {
                $(
                    (Inc::Imm(d, i), I::$accl(b, o)) => I::$is(d, i, b, o),
                    (Inc::Imm(d, i), I::$immacc(b, o)) => I::$ii(d, i, b, o),
                    (Inc::Slot(d, s), I::$accl(b, o)) => I::$ss(d, s, b, o),
                    (Inc::Slot(d, s), I::$immacc(b, o)) => I::$si(d, s, b, o),
                )*
                (Inc::Imm(d, i), I::BrIfNezAcc(o)) => I::BrIfAddImmNeImm(d, i, 0, o),
                (Inc::Imm(d, i), I::BrIfEqzAcc(o)) => I::BrIfAddImmEqImm(d, i, 0, o),
                (Inc::Slot(d, s), I::BrIfNezAcc(o)) => I::BrIfAddNeImm(d, s, 0, o),
                (Inc::Slot(d, s), I::BrIfEqzAcc(o)) => I::BrIfAddEqImm(d, s, 0, o),
                _ => return None,
            }
        };
    }
    let mut fused = pick! {
        BrIfI32EqAccL, BrIfI32EqImmAcc => BrIfAddImmEq, BrIfAddImmEqImm, BrIfAddEq, BrIfAddEqImm;
        BrIfI32NeAccL, BrIfI32NeImmAcc => BrIfAddImmNe, BrIfAddImmNeImm, BrIfAddNe, BrIfAddNeImm;
        BrIfI32LtSAccL, BrIfI32LtSImmAcc => BrIfAddImmLtS, BrIfAddImmLtSImm, BrIfAddLtS, BrIfAddLtSImm;
        BrIfI32LtUAccL, BrIfI32LtUImmAcc => BrIfAddImmLtU, BrIfAddImmLtUImm, BrIfAddLtU, BrIfAddLtUImm;
        BrIfI32GtSAccL, BrIfI32GtSImmAcc => BrIfAddImmGtS, BrIfAddImmGtSImm, BrIfAddGtS, BrIfAddGtSImm;
        BrIfI32GtUAccL, BrIfI32GtUImmAcc => BrIfAddImmGtU, BrIfAddImmGtUImm, BrIfAddGtU, BrIfAddGtUImm;
        BrIfI32LeSAccL, BrIfI32LeSImmAcc => BrIfAddImmLeS, BrIfAddImmLeSImm, BrIfAddLeS, BrIfAddLeSImm;
        BrIfI32LeUAccL, BrIfI32LeUImmAcc => BrIfAddImmLeU, BrIfAddImmLeUImm, BrIfAddLeU, BrIfAddLeUImm;
        BrIfI32GeSAccL, BrIfI32GeSImmAcc => BrIfAddImmGeS, BrIfAddImmGeSImm, BrIfAddGeS, BrIfAddGeSImm;
        BrIfI32GeUAccL, BrIfI32GeUImmAcc => BrIfAddImmGeU, BrIfAddImmGeUImm, BrIfAddGeU, BrIfAddGeUImm;
    };
    // The branch moves back one position: its offset grows by one to keep its target.
    let off = fused.branch_offset_mut()?;
    *off = off.checked_add(1)?;
    Some(fused)
}

/// Accumulator forms: every instruction that writes a slot also leaves the value in the
/// executor's accumulator register, so an instruction that reads the slot the previous
/// instruction wrote can read the register instead (no load, and no wait for the store to be
/// forwarded). Only when the previous instruction is the only way in: an instruction that is a
/// branch target (or the first of the function) keeps its slot form.
fn use_accumulator(code: &mut [Instr], target: &[bool]) {
    use Instr as I;
    // The source of the previous instruction when it was a `Copy` (before any rewrite): the
    // accumulator holds that slot's value as well.
    let mut copied_from = None;
    for j in 1..code.len() {
        let also = std::mem::take(&mut copied_from);
        if let I::Copy(d, s) = code[j] {
            copied_from = (s != d).then_some(s);
        }
        if target[j] {
            continue;
        }
        // An instruction with a data word (`Select`, `LoadMem`, the magic divisions) wrote
        // the accumulator before it.
        let mut prev = match code[j - 1] {
            I::Data(..) if j >= 2 => code[j - 2],
            other => other,
        };
        let Some(&mut p) = prev.dst_mut() else {
            continue;
        };
        // Whether the float accumulator holds the value too (f64 results).
        let float_prev = writes_float_acc(prev);
        // Written back only when rewritten: the next position reads this one, and reading an
        // instruction just stored would wait for the store at every position.
        let form = acc_form(code, j, p, float_prev)
            .or_else(|| also.and_then(|s| acc_form(code, j, s, float_prev)));
        if let Some(f) = form {
            code[j] = f;
        }
    }
}

/// The accumulator form of `code[j]` when it reads slot `p`, whose value the accumulator
/// holds (`float_prev`: the float accumulator holds it too).
fn acc_form(code: &[Instr], j: usize, p: Slot, float_prev: bool) -> Option<Instr> {
    use Instr as I;
    Some(match code[j] {
        I::I32Add(d, a, b) if a == p => I::I32AddAccL(d, b),
        I::I32Add(d, a, b) if b == p => I::I32AddAccL(d, a),
        I::I32Mul(d, a, b) if a == p => I::I32MulAccL(d, b),
        I::I32Mul(d, a, b) if b == p => I::I32MulAccL(d, a),
        I::I32And(d, a, b) if a == p => I::I32AndAccL(d, b),
        I::I32And(d, a, b) if b == p => I::I32AndAccL(d, a),
        I::I32Or(d, a, b) if a == p => I::I32OrAccL(d, b),
        I::I32Or(d, a, b) if b == p => I::I32OrAccL(d, a),
        I::I32Xor(d, a, b) if a == p => I::I32XorAccL(d, b),
        I::I32Xor(d, a, b) if b == p => I::I32XorAccL(d, a),
        I::I32Eq(d, a, b) if a == p => I::I32EqAccL(d, b),
        I::I32Eq(d, a, b) if b == p => I::I32EqAccL(d, a),
        I::I32Ne(d, a, b) if a == p => I::I32NeAccL(d, b),
        I::I32Ne(d, a, b) if b == p => I::I32NeAccL(d, a),
        I::I64Add(d, a, b) if a == p => I::I64AddAccL(d, b),
        I::I64Add(d, a, b) if b == p => I::I64AddAccL(d, a),
        I::I64Mul(d, a, b) if a == p => I::I64MulAccL(d, b),
        I::I64Mul(d, a, b) if b == p => I::I64MulAccL(d, a),
        I::I64And(d, a, b) if a == p => I::I64AndAccL(d, b),
        I::I64And(d, a, b) if b == p => I::I64AndAccL(d, a),
        I::I64Or(d, a, b) if a == p => I::I64OrAccL(d, b),
        I::I64Or(d, a, b) if b == p => I::I64OrAccL(d, a),
        I::I64Xor(d, a, b) if a == p => I::I64XorAccL(d, b),
        I::I64Xor(d, a, b) if b == p => I::I64XorAccL(d, a),
        I::F64Add(d, a, b) if a == p && float_prev => I::F64AddAccL(d, b),
        I::F64Add(d, a, b) if b == p && float_prev => I::F64AddAccL(d, a),
        I::F64Mul(d, a, b) if a == p && float_prev => I::F64MulAccL(d, b),
        I::F64Mul(d, a, b) if b == p && float_prev => I::F64MulAccL(d, a),
        I::F32Add(d, a, b) if a == p => I::F32AddAccL(d, b),
        I::F32Add(d, a, b) if b == p => I::F32AddAccL(d, a),
        I::F32Mul(d, a, b) if a == p => I::F32MulAccL(d, b),
        I::F32Mul(d, a, b) if b == p => I::F32MulAccL(d, a),
        I::I32Sub(d, a, b) if a == p => I::I32SubAccL(d, b),
        I::I32Sub(d, a, b) if b == p => I::I32SubAccR(d, a),
        I::I32Shl(d, a, b) if a == p => I::I32ShlAccL(d, b),
        I::I32Shl(d, a, b) if b == p => I::I32ShlAccR(d, a),
        I::I32ShrS(d, a, b) if a == p => I::I32ShrSAccL(d, b),
        I::I32ShrS(d, a, b) if b == p => I::I32ShrSAccR(d, a),
        I::I32ShrU(d, a, b) if a == p => I::I32ShrUAccL(d, b),
        I::I32ShrU(d, a, b) if b == p => I::I32ShrUAccR(d, a),
        I::I64Sub(d, a, b) if a == p => I::I64SubAccL(d, b),
        I::I64Sub(d, a, b) if b == p => I::I64SubAccR(d, a),
        I::I64Shl(d, a, b) if a == p => I::I64ShlAccL(d, b),
        I::I64Shl(d, a, b) if b == p => I::I64ShlAccR(d, a),
        I::I64ShrS(d, a, b) if a == p => I::I64ShrSAccL(d, b),
        I::I64ShrS(d, a, b) if b == p => I::I64ShrSAccR(d, a),
        I::I64ShrU(d, a, b) if a == p => I::I64ShrUAccL(d, b),
        I::I64ShrU(d, a, b) if b == p => I::I64ShrUAccR(d, a),
        I::F64Sub(d, a, b) if a == p && float_prev => I::F64SubAccL(d, b),
        I::F64Sub(d, a, b) if b == p && float_prev => I::F64SubAccR(d, a),
        I::F64Div(d, a, b) if a == p && float_prev => I::F64DivAccL(d, b),
        I::F64Div(d, a, b) if b == p && float_prev => I::F64DivAccR(d, a),
        I::F32Sub(d, a, b) if a == p => I::F32SubAccL(d, b),
        I::F32Sub(d, a, b) if b == p => I::F32SubAccR(d, a),
        I::I32AddImm(d, a, i) if a == p => I::I32AddImmAcc(d, i),
        I::I32MulImm(d, a, i) if a == p => I::I32MulImmAcc(d, i),
        I::I32AndImm(d, a, i) if a == p => I::I32AndImmAcc(d, i),
        I::I32OrImm(d, a, i) if a == p => I::I32OrImmAcc(d, i),
        I::I32XorImm(d, a, i) if a == p => I::I32XorImmAcc(d, i),
        I::I32ShlImm(d, a, i) if a == p => I::I32ShlImmAcc(d, i),
        I::I32ShrSImm(d, a, i) if a == p => I::I32ShrSImmAcc(d, i),
        I::I32ShrUImm(d, a, i) if a == p => I::I32ShrUImmAcc(d, i),
        I::I32RotlImm(d, a, i) if a == p => I::I32RotlImmAcc(d, i),
        I::I32EqImm(d, a, i) if a == p => I::I32EqImmAcc(d, i),
        I::I32NeImm(d, a, i) if a == p => I::I32NeImmAcc(d, i),
        I::I64AddImm(d, a, i) if a == p => I::I64AddImmAcc(d, i),
        I::I64MulImm(d, a, i) if a == p => I::I64MulImmAcc(d, i),
        I::I64AddImm64(d, a, lo) if a == p => I::I64AddImm64Acc(d, lo),
        I::I64MulImm64(d, a, lo) if a == p => I::I64MulImm64Acc(d, lo),
        I::I64AndImm64(d, a, lo) if a == p => I::I64AndImm64Acc(d, lo),
        I::I64OrImm64(d, a, lo) if a == p => I::I64OrImm64Acc(d, lo),
        I::I64XorImm64(d, a, lo) if a == p => I::I64XorImm64Acc(d, lo),
        I::I64AndImm(d, a, i) if a == p => I::I64AndImmAcc(d, i),
        I::I64OrImm(d, a, i) if a == p => I::I64OrImmAcc(d, i),
        I::I64XorImm(d, a, i) if a == p => I::I64XorImmAcc(d, i),
        I::I64ShlImm(d, a, i) if a == p => I::I64ShlImmAcc(d, i),
        I::I64ShrSImm(d, a, i) if a == p => I::I64ShrSImmAcc(d, i),
        I::I64ShrUImm(d, a, i) if a == p => I::I64ShrUImmAcc(d, i),
        I::I64RotlImm(d, a, i) if a == p => I::I64RotlImmAcc(d, i),
        I::I32Eqz(d, a) if a == p => I::I32EqzAcc(d),
        I::I32WrapI64(d, a) if a == p => I::I32WrapI64Acc(d),
        I::I64ExtendI32S(d, a) if a == p => I::I64ExtendI32SAcc(d),
        I::I64ExtendI32U(d, a) if a == p => I::I64ExtendI32UAcc(d),
        I::I64Eqz(d, a) if a == p => I::I64EqzAcc(d),
        I::F64ConvertI32S(d, a) if a == p => I::F64ConvertI32SAcc(d),
        I::F64ConvertI32U(d, a) if a == p => I::F64ConvertI32UAcc(d),
        I::I32Load(d, a, o) if a == p => I::I32LoadAcc(d, o),
        I::I64Load(d, a, o) if a == p => I::I64LoadAcc(d, o),
        I::I32Load8U(d, a, o) if a == p => I::I32Load8UAcc(d, o),
        I::I32Load8S(d, a, o) if a == p => I::I32Load8SAcc(d, o),
        I::I32Load16U(d, a, o) if a == p => I::I32Load16UAcc(d, o),
        I::I32Load16S(d, a, o) if a == p => I::I32Load16SAcc(d, o),
        I::I32Store(a, v, o) if v == p => I::I32StoreAccV(a, o),
        I::I32Store(a, v, o) if a == p => I::I32StoreAccA(v, o),
        I::I64Store(a, v, o) if v == p => I::I64StoreAccV(a, o),
        I::I64Store(a, v, o) if a == p => I::I64StoreAccA(v, o),
        I::I32Store8(a, v, o) if v == p => I::I32Store8AccV(a, o),
        I::I32Store8(a, v, o) if a == p => I::I32Store8AccA(v, o),
        I::I32Store16(a, v, o) if v == p => I::I32Store16AccV(a, o),
        I::I32Store16(a, v, o) if a == p => I::I32Store16AccA(v, o),
        I::BrIfI32Eq(a, b, o) if a == p => I::BrIfI32EqAccL(b, o),
        I::BrIfI32Eq(a, b, o) if b == p => I::BrIfI32EqAccL(a, o),
        I::BrIfI32EqImm(a, b, o) if a == p => I::BrIfI32EqImmAcc(b, o),
        I::BrIfI32Ne(a, b, o) if a == p => I::BrIfI32NeAccL(b, o),
        I::BrIfI32Ne(a, b, o) if b == p => I::BrIfI32NeAccL(a, o),
        I::BrIfI32NeImm(a, b, o) if a == p => I::BrIfI32NeImmAcc(b, o),
        I::BrIfI32LtS(a, b, o) if a == p => I::BrIfI32LtSAccL(b, o),
        I::BrIfI32LtS(a, b, o) if b == p => I::BrIfI32GtSAccL(a, o),
        I::BrIfI32LtSImm(a, b, o) if a == p => I::BrIfI32LtSImmAcc(b, o),
        I::BrIfI32LtU(a, b, o) if a == p => I::BrIfI32LtUAccL(b, o),
        I::BrIfI32LtU(a, b, o) if b == p => I::BrIfI32GtUAccL(a, o),
        I::BrIfI32LtUImm(a, b, o) if a == p => I::BrIfI32LtUImmAcc(b, o),
        I::BrIfI32GtS(a, b, o) if a == p => I::BrIfI32GtSAccL(b, o),
        I::BrIfI32GtS(a, b, o) if b == p => I::BrIfI32LtSAccL(a, o),
        I::BrIfI32GtSImm(a, b, o) if a == p => I::BrIfI32GtSImmAcc(b, o),
        I::BrIfI32GtU(a, b, o) if a == p => I::BrIfI32GtUAccL(b, o),
        I::BrIfI32GtU(a, b, o) if b == p => I::BrIfI32LtUAccL(a, o),
        I::BrIfI32GtUImm(a, b, o) if a == p => I::BrIfI32GtUImmAcc(b, o),
        I::BrIfI32LeS(a, b, o) if a == p => I::BrIfI32LeSAccL(b, o),
        I::BrIfI32LeS(a, b, o) if b == p => I::BrIfI32GeSAccL(a, o),
        I::BrIfI32LeSImm(a, b, o) if a == p => I::BrIfI32LeSImmAcc(b, o),
        I::BrIfI32LeU(a, b, o) if a == p => I::BrIfI32LeUAccL(b, o),
        I::BrIfI32LeU(a, b, o) if b == p => I::BrIfI32GeUAccL(a, o),
        I::BrIfI32LeUImm(a, b, o) if a == p => I::BrIfI32LeUImmAcc(b, o),
        I::BrIfI32GeS(a, b, o) if a == p => I::BrIfI32GeSAccL(b, o),
        I::BrIfI32GeS(a, b, o) if b == p => I::BrIfI32LeSAccL(a, o),
        I::BrIfI32GeSImm(a, b, o) if a == p => I::BrIfI32GeSImmAcc(b, o),
        I::BrIfI32GeU(a, b, o) if a == p => I::BrIfI32GeUAccL(b, o),
        I::BrIfI32GeU(a, b, o) if b == p => I::BrIfI32LeUAccL(a, o),
        I::BrIfI32GeUImm(a, b, o) if a == p => I::BrIfI32GeUImmAcc(b, o),
        I::BrIfI64Eq(a, b, o) if a == p => I::BrIfI64EqAccL(b, o),
        I::BrIfI64Eq(a, b, o) if b == p => I::BrIfI64EqAccL(a, o),
        I::BrIfI64EqImm(a, b, o) if a == p => I::BrIfI64EqImmAcc(b, o),
        I::BrIfI64Ne(a, b, o) if a == p => I::BrIfI64NeAccL(b, o),
        I::BrIfI64Ne(a, b, o) if b == p => I::BrIfI64NeAccL(a, o),
        I::BrIfI64NeImm(a, b, o) if a == p => I::BrIfI64NeImmAcc(b, o),
        I::BrIfI64LtS(a, b, o) if a == p => I::BrIfI64LtSAccL(b, o),
        I::BrIfI64LtS(a, b, o) if b == p => I::BrIfI64GtSAccL(a, o),
        I::BrIfI64LtSImm(a, b, o) if a == p => I::BrIfI64LtSImmAcc(b, o),
        I::BrIfI64LtU(a, b, o) if a == p => I::BrIfI64LtUAccL(b, o),
        I::BrIfI64LtU(a, b, o) if b == p => I::BrIfI64GtUAccL(a, o),
        I::BrIfI64LtUImm(a, b, o) if a == p => I::BrIfI64LtUImmAcc(b, o),
        I::BrIfI64GtS(a, b, o) if a == p => I::BrIfI64GtSAccL(b, o),
        I::BrIfI64GtS(a, b, o) if b == p => I::BrIfI64LtSAccL(a, o),
        I::BrIfI64GtSImm(a, b, o) if a == p => I::BrIfI64GtSImmAcc(b, o),
        I::BrIfI64GtU(a, b, o) if a == p => I::BrIfI64GtUAccL(b, o),
        I::BrIfI64GtU(a, b, o) if b == p => I::BrIfI64LtUAccL(a, o),
        I::BrIfI64GtUImm(a, b, o) if a == p => I::BrIfI64GtUImmAcc(b, o),
        I::BrIfI64LeS(a, b, o) if a == p => I::BrIfI64LeSAccL(b, o),
        I::BrIfI64LeS(a, b, o) if b == p => I::BrIfI64GeSAccL(a, o),
        I::BrIfI64LeSImm(a, b, o) if a == p => I::BrIfI64LeSImmAcc(b, o),
        I::BrIfI64LeU(a, b, o) if a == p => I::BrIfI64LeUAccL(b, o),
        I::BrIfI64LeU(a, b, o) if b == p => I::BrIfI64GeUAccL(a, o),
        I::BrIfI64LeUImm(a, b, o) if a == p => I::BrIfI64LeUImmAcc(b, o),
        I::BrIfI64GeS(a, b, o) if a == p => I::BrIfI64GeSAccL(b, o),
        I::BrIfI64GeS(a, b, o) if b == p => I::BrIfI64LeSAccL(a, o),
        I::BrIfI64GeSImm(a, b, o) if a == p => I::BrIfI64GeSImmAcc(b, o),
        I::BrIfI64GeU(a, b, o) if a == p => I::BrIfI64GeUAccL(b, o),
        I::BrIfI64GeU(a, b, o) if b == p => I::BrIfI64LeUAccL(a, o),
        I::BrIfI64GeUImm(a, b, o) if a == p => I::BrIfI64GeUImmAcc(b, o),
        I::BrIfNez(c, o) if c == p => I::BrIfNezAcc(o),
        I::BrIfEqz(c, o) if c == p => I::BrIfEqzAcc(o),
        I::BrIfNez64(c, o) if c == p => I::BrIfNez64Acc(o),
        I::BrIfEqz64(c, o) if c == p => I::BrIfEqz64Acc(o),
        I::Copy(d, s) if s == p => I::CopyAcc(d),
        I::BrTable(c, n) if c == p => I::BrTableAcc(n),
        I::I32DivUMagic(d, a, m) if a == p => I::I32DivUMagicAcc(d, m),
        I::I64DivUMagic(d, a, m) if a == p => I::I64DivUMagicAcc(d, m),
        I::I32RemUMagic(d, a, m) if a == p => I::I32RemUMagicAcc(d, m),
        I::I64RemUMagic(d, a, m) if a == p => I::I64RemUMagicAcc(d, m),
        I::F64Load(d, a, o) if a == p => I::F64LoadAcc(d, o),
        I::F64LoadAddImm(d, a, i) if a == p => I::F64LoadAddImmAcc(d, i),
        I::Select(d, a, b) if matches!(code.get(j + 1), Some(&I::Data(c, ..)) if c == p) => {
            I::SelectAcc(d, a, b)
        }
        I::I32LoadAddImm(d, a, i) if a == p => I::I32LoadAddImmAcc(d, i),
        I::I64LoadAddImm(d, a, i) if a == p => I::I64LoadAddImmAcc(d, i),
        I::I32Load8UAddImm(d, a, i) if a == p => I::I32Load8UAddImmAcc(d, i),
        I::I32Load8SAddImm(d, a, i) if a == p => I::I32Load8SAddImmAcc(d, i),
        I::I32Load16UAddImm(d, a, i) if a == p => I::I32Load16UAddImmAcc(d, i),
        I::I32Load16SAddImm(d, a, i) if a == p => I::I32Load16SAddImmAcc(d, i),
        I::I32StoreAddImm(a, v, i) if v == p => I::I32StoreAddImmAccV(a, i),
        I::I32StoreAddImm(a, v, i) if a == p => I::I32StoreAddImmAccA(v, i),
        I::I64StoreAddImm(a, v, i) if v == p => I::I64StoreAddImmAccV(a, i),
        I::I64StoreAddImm(a, v, i) if a == p => I::I64StoreAddImmAccA(v, i),
        I::I32Store8AddImm(a, v, i) if v == p => I::I32Store8AddImmAccV(a, i),
        I::I32Store8AddImm(a, v, i) if a == p => I::I32Store8AddImmAccA(v, i),
        I::I32Store16AddImm(a, v, i) if v == p => I::I32Store16AddImmAccV(a, i),
        I::I32Store16AddImm(a, v, i) if a == p => I::I32Store16AddImmAccA(v, i),
        _ => return None,
    })
}

macro_rules! float_acc_producers {
    ($($name:ident),* $(,)?) => {
        /// Whether the instruction's handler also leaves its result in the float accumulator
        /// (an f64 result written through `wf64!`): the f64 accumulator forms may follow it.
        fn writes_float_acc(i: Instr) -> bool {
            matches!(i, $(Instr::$name(..))|*)
        }

        /// The same list by name, for the test that checks it against the handlers.
        #[cfg(test)]
        pub(crate) const FLOAT_ACC_PRODUCERS: &[&str] = &[$(stringify!($name)),*];
    };
}

float_acc_producers!(
    F64Add,
    F64Sub,
    F64Mul,
    F64Div,
    F64Min,
    F64Max,
    F64Ceil,
    F64Floor,
    F64Trunc,
    F64Nearest,
    F64Sqrt,
    F64ConvertI32S,
    F64ConvertI32U,
    F64ConvertI64S,
    F64ConvertI64U,
    F64PromoteF32,
    F64AddAccL,
    F64MulAccL,
    F64SubAccL,
    F64SubAccR,
    F64DivAccL,
    F64DivAccR,
    F64ConvertI32SAcc,
    F64ConvertI32UAcc,
    F64Load,
    F64LoadAddImm,
    F64LoadAcc,
    F64LoadAddImmAcc,
    F64MulLoad,
    F64AddLoad,
);

/// The longest head (instructions before the `br_table`) that [`duplicate_dispatch_heads`]
/// copies, and the largest table.
const DISPATCH_HEAD_MAX: usize = 4;
const DISPATCH_TABLE_MAX: u32 = 64;

/// Threaded dispatch for interpreter loops: an unconditional branch back to a short run of
/// straight-line instructions ending in a `br_table` (a `switch` in a loop: the dispatch of
/// a bytecode interpreter compiled to wasm) becomes a copy of that run and its table. Each
/// case then ends with its own `br_table` jump, whose target the branch predictor learns
/// per case (which opcode tends to follow which), and one dispatch (the `br`) less. Copies
/// are bounded: heads of at most [`DISPATCH_HEAD_MAX`] instructions (no branches or calls),
/// tables of at most [`DISPATCH_TABLE_MAX`] entries, and the code at most doubles.
fn duplicate_dispatch_heads(code: &mut Vec<Instr>) {
    use Instr as I;
    // The length of the run to copy when a branch lands on `t`: the head plus the table.
    let head_len = |code: &[Instr], t: usize| -> Option<usize> {
        for k in 0..=DISPATCH_HEAD_MAX {
            match *code.get(t + k)? {
                I::BrTable(_, n) | I::BrTableAcc(n) if n <= DISPATCH_TABLE_MAX => {
                    return Some(k + 2 + n as usize);
                }
                I::Data(..) => {}
                i if i.branch_offset().is_some() || is_call(i) => return None,
                I::Return0() | I::Return1(_) | I::ReturnImm32(_) | I::ReturnN(..) => return None,
                I::BrTable(..) | I::BrTableAcc(_) | I::Unreachable() => return None,
                _ => {}
            }
        }
        None
    };
    // The branches to replace by copies (not `br_table` entries, which must stay `Br`s).
    let mut copies = Vec::new();
    let mut budget = code.len();
    for (i, o) in plain_branches(code) {
        let t = branch_target(i, o);
        if let Some(len) = head_len(code, t).filter(|&len| len <= budget) {
            budget -= len;
            copies.push((i, t, len));
        }
    }
    if copies.is_empty() {
        return;
    }
    // Lay out the new code, remembering for every instruction the old position of its branch
    // target, then aim every branch at the new position of that target.
    let mut new_pos = Vec::with_capacity(code.len() + 1);
    let mut out: Vec<(Instr, Option<usize>)> = Vec::with_capacity(code.len() + code.len() - budget);
    let mut next_copy = copies.iter().peekable();
    for (i, &ins) in code.iter().enumerate() {
        new_pos.push(out.len());
        match next_copy.peek() {
            Some(&&(at, t, len)) if at == i => {
                next_copy.next();
                for (k, &c) in code[t..t + len].iter().enumerate() {
                    out.push((c, c.branch_offset().map(|o| branch_target(t + k, o))));
                }
            }
            _ => out.push((ins, ins.branch_offset().map(|o| branch_target(i, o)))),
        }
    }
    new_pos.push(out.len());
    code.clear();
    for (j, (mut ins, tgt)) in out.into_iter().enumerate() {
        if let (Some(t), Some(off)) = (tgt, ins.branch_offset_mut()) {
            *off = (new_pos[t] as i64 - (j as i64 + 1)) as Off;
        }
        code.push(ins);
    }
}

/// Whether the instruction calls a function.
fn is_call(i: Instr) -> bool {
    matches!(
        i,
        Instr::Call(..)
            | Instr::CallInternal(..)
            | Instr::CallIndirect(..)
            | Instr::CallRef(..)
            | Instr::ReturnCall(..)
            | Instr::ReturnCallInternal(..)
            | Instr::ReturnCallIndirect(..)
            | Instr::ReturnCallRef(..)
    )
}

/// Jump threading: an unconditional branch to a return becomes that return, and a branch to
/// an unconditional branch goes straight to the final target.
fn thread_jumps(code: &mut [Instr]) {
    let target = branch_target;
    // `br_table` entries stay `Br`s (the handler reads their offsets); `table_end` is the
    // first position after the current table.
    let mut table_end = 0;
    for i in 0..code.len() {
        if let Instr::BrTable(_, n) = code[i] {
            table_end = i + 2 + n as usize;
        }
        let Instr::Br(off) = code[i] else { continue };
        let mut t = target(i, off);
        for _ in 0..8 {
            match code.get(t) {
                Some(&Instr::Br(o)) => t = target(t, o),
                _ => break,
            }
        }
        match code.get(t) {
            Some(
                r @ (Instr::Return0()
                | Instr::Return1(_)
                | Instr::ReturnImm32(_)
                | Instr::ReturnN(..)),
            ) if i >= table_end => code[i] = *r,
            Some(_) => {
                if let Ok(off) = Off::try_from(t as i64 - (i as i64 + 1)) {
                    code[i] = Instr::Br(off);
                }
            }
            None => {}
        }
    }
}

/// Per-function translation state.
struct Builder<'a> {
    module: &'a ModuleInner,
    b: &'a mut Buffers,
    nlocals: u32,
    num_results: usize,
    max_height: usize,
    reachable: bool,
    last: Option<LastDef>,
    /// Total number of `Local` entries on the virtual stack.
    total_local_refs: usize,
    /// Whether function entries and loop headers get a `Check` (fuel, interruption).
    checks: bool,
    /// Whether checks charge fuel, and whether they test the interrupt flag.
    fuel: bool,
    interrupt: bool,
    /// The last `Check` emitted, and the operators translated since (its fuel charge).
    check_at: Option<usize>,
    ops_since_check: u32,
}

fn internal(msg: &str) -> Error {
    Error::compile(None, format!("internal translator error: {msg}"))
}

type Bin = fn(Slot, Slot, Slot) -> Instr;
type BinImm = fn(Slot, Slot, i32) -> Instr;
type Un = fn(Slot, Slot) -> Instr;
type Mem = fn(Slot, Slot, u32) -> Instr;

impl Builder<'_> {
    // ---- basic helpers ----

    /// The temporary slot of operand-stack position `pos`.
    fn slot(&self, pos: usize) -> Slot {
        self.nlocals.wrapping_add(pos as u32)
    }

    fn emit(&mut self, i: Instr) -> usize {
        self.last = None;
        self.b.code.push(i);
        self.b.code.len() - 1
    }

    fn emit_const(&mut self, dst: Slot, c: u64) {
        if c >> 32 == 0 {
            self.emit(Instr::Const32(dst, c as u32));
        } else {
            self.emit(Instr::Const64(dst, c as u32, (c >> 32) as u32));
        }
    }

    fn push(&mut self, o: Opd) {
        if let Opd::Local(l) = o {
            self.b.local_refs[l as usize] += 1;
            self.total_local_refs += 1;
        }
        self.b.stack.push(o);
        self.max_height = self.max_height.max(self.b.stack.len());
    }

    /// Forgets that the entry `o` is on the stack.
    fn unref(&mut self, o: Opd) {
        if let Opd::Local(l) = o {
            self.b.local_refs[l as usize] -= 1;
            self.total_local_refs -= 1;
        }
    }

    fn pop(&mut self) -> Result<(Opd, usize)> {
        let o = self
            .b
            .stack
            .pop()
            .ok_or_else(|| internal("operand stack underflow"))?;
        self.unref(o);
        Ok((o, self.b.stack.len()))
    }

    fn truncate(&mut self, height: usize) {
        while self.b.stack.len() > height {
            if let Some(o) = self.b.stack.pop() {
                self.unref(o);
            }
        }
    }

    fn top_pos(&self) -> Result<usize> {
        self.b
            .stack
            .len()
            .checked_sub(1)
            .ok_or_else(|| internal("operand stack underflow"))
    }

    /// The slot holding a popped operand that was at position `pos`, materialising a
    /// constant into that position's slot.
    fn use_slot(&mut self, o: Opd, pos: usize) -> Slot {
        match o {
            Opd::Temp => self.slot(pos),
            Opd::Local(l) => l,
            Opd::Const(c) => {
                let s = self.slot(pos);
                self.emit_const(s, c);
                s
            }
        }
    }

    fn pop_slot(&mut self) -> Result<Slot> {
        let (o, pos) = self.pop()?;
        Ok(self.use_slot(o, pos))
    }

    /// Makes the entry at `pos` a `Temp` (straight-line code only).
    fn materialize(&mut self, pos: usize) {
        match self.b.stack[pos] {
            Opd::Temp => return,
            Opd::Local(l) => {
                let s = self.slot(pos);
                self.emit(Instr::Copy(s, l));
            }
            Opd::Const(c) => {
                let s = self.slot(pos);
                self.emit_const(s, c);
            }
        }
        let o = std::mem::replace(&mut self.b.stack[pos], Opd::Temp);
        self.unref(o);
    }

    fn materialize_top(&mut self, n: usize) -> Result<usize> {
        let len = self.b.stack.len();
        let base = len
            .checked_sub(n)
            .ok_or_else(|| internal("operand stack underflow"))?;
        for pos in base..len {
            self.materialize(pos);
        }
        Ok(base)
    }

    fn materialize_locals(&mut self) {
        if self.total_local_refs == 0 {
            return;
        }
        for pos in 0..self.b.stack.len() {
            if let Opd::Local(_) = self.b.stack[pos] {
                self.materialize(pos);
            }
        }
    }

    /// Emits `f(dst)` writing a new temporary on top of the stack.
    fn push_result(&mut self, f: impl FnOnce(Slot) -> Instr, cond: Option<Cond>) {
        let pos = self.b.stack.len();
        let d = self.slot(pos);
        let idx = self.emit(f(d));
        self.push(Opd::Temp);
        self.last = Some(LastDef {
            idx,
            pos,
            end: self.b.code.len(),
            cond,
        });
    }

    /// The last instruction, if it wrote the temporary at stack position `pos` and nothing
    /// was emitted after it.
    fn last_def_of(&self, pos: usize) -> Option<LastDef> {
        self.last
            .filter(|ld| ld.pos == pos && ld.end == self.b.code.len())
    }

    // ---- fuel and interruption ----

    /// Emits a `Check` (function entry, loop header) when the engine wants them; its fuel
    /// charge is filled in when the next one is emitted or the function ends.
    fn emit_check(&mut self) {
        if !self.checks {
            return;
        }
        self.finish_check();
        self.check_at = Some(self.emit(Instr::Check(0, u32::from(self.interrupt))));
        self.ops_since_check = 0;
    }

    /// Sets the fuel charge of the last `Check`: the operators translated since (at least 1).
    fn finish_check(&mut self) {
        if let Some(at) = self.check_at.take() {
            let fuel = if self.fuel {
                self.ops_since_check.max(1)
            } else {
                0
            };
            self.b.code[at] = Instr::Check(fuel, u32::from(self.interrupt));
        }
    }

    // ---- labels and branches ----

    fn new_label(&mut self) -> usize {
        self.b.labels.push(Label::default());
        self.b.labels.len() - 1
    }

    fn set_offset(&mut self, at: usize, target: usize) -> Result<()> {
        let off = target as i64 - (at as i64 + 1);
        let off = Off::try_from(off).map_err(|_| Error::unsupported(None, "function too large"))?;
        match self.b.code[at].branch_offset_mut() {
            Some(o) => *o = off,
            None => return Err(internal("patching a non-branch")),
        }
        Ok(())
    }

    fn emit_branch(&mut self, i: Instr, label: usize) -> Result<()> {
        let at = self.emit(i);
        let l = &mut self.b.labels[label];
        l.used = true;
        match l.pos {
            Some(p) => self.set_offset(at, p)?,
            None => l.uses.push(at),
        }
        Ok(())
    }

    fn bind(&mut self, label: usize) -> Result<()> {
        self.last = None;
        let pos = self.b.code.len();
        let uses = std::mem::take(&mut self.b.labels[label].uses);
        for &u in &uses {
            self.set_offset(u, pos)?;
        }
        self.b.labels[label].pos = Some(pos);
        Ok(())
    }

    /// Pops a branch condition; when the compare that produced it is the last instruction,
    /// removes that instruction so the branch can fuse it.
    fn take_cond(&mut self) -> Result<Cond> {
        let (c, pos) = self.pop()?;
        Ok(match c {
            Opd::Const(k) => Cond::Const(k as u32 != 0),
            Opd::Local(l) => Cond::Nez(W::I32, l),
            Opd::Temp => {
                if let Some(LastDef {
                    idx,
                    cond: Some(cond),
                    ..
                }) = self.last_def_of(pos)
                {
                    self.b.code.truncate(idx);
                    self.last = None;
                    return Ok(cond);
                }
                Cond::Nez(W::I32, self.slot(pos))
            }
        })
    }

    /// Emits "if `cond` (negated if `negate`) then go to `label`".
    fn branch_if(&mut self, cond: Cond, negate: bool, label: usize) -> Result<()> {
        let i = match cond {
            Cond::Const(b) => {
                if b == negate {
                    return Ok(());
                }
                Instr::Br(0)
            }
            Cond::Cmp(w, c, a, rhs) => fused_instr(w, if negate { c.negate() } else { c }, a, rhs),
            Cond::Eqz(w, s) | Cond::Nez(w, s) => {
                let zero = matches!(cond, Cond::Eqz(..)) != negate;
                match (w, zero) {
                    (W::I32, true) => Instr::BrIfEqz(s, 0),
                    (W::I32, false) => Instr::BrIfNez(s, 0),
                    (W::I64, true) => Instr::BrIfEqz64(s, 0),
                    (W::I64, false) => Instr::BrIfNez64(s, 0),
                }
            }
        };
        self.emit_branch(i, label)
    }

    /// Whether branching with the top `n` values to a label whose values go at positions
    /// `h..h + n` needs copies.
    fn needs_copies(&self, h: usize, n: usize) -> bool {
        let len = self.b.stack.len();
        (0..n).any(|i| {
            let pos = len - n + i;
            !(self.b.stack[pos] == Opd::Temp && pos == h + i)
        })
    }

    /// Copies the top `n` values to positions `h..h + n` without changing the virtual stack
    /// (for branch paths). Ascending order is safe: sources are at or above destinations.
    fn emit_copies(&mut self, h: usize, n: usize) {
        let len = self.b.stack.len();
        for i in 0..n {
            let pos = len - n + i;
            let dst = self.slot(h + i);
            match self.b.stack[pos] {
                Opd::Temp => {
                    if pos != h + i {
                        let src = self.slot(pos);
                        self.emit(Instr::Copy(dst, src));
                    }
                }
                Opd::Local(l) => {
                    self.emit(Instr::Copy(dst, l));
                }
                Opd::Const(c) => self.emit_const(dst, c),
            }
        }
    }

    /// Emits a return of the top `num_results` values without changing the virtual stack.
    fn emit_return(&mut self) -> Result<()> {
        let nr = self.num_results;
        let len = self.b.stack.len();
        if len < nr {
            return Err(internal("operand stack underflow at return"));
        }
        match nr {
            0 => {
                self.emit(Instr::Return0());
            }
            1 => {
                let pos = len - 1;
                // The value was just computed by the previous instruction (nothing jumps in
                // between): compute it straight into the result slot.
                if self.b.stack[pos] == Opd::Temp && self.redirect_last(pos, 0) {
                    self.emit(Instr::Return0());
                    return Ok(());
                }
                let i = match self.b.stack[pos] {
                    Opd::Temp => Instr::Return1(self.slot(pos)),
                    Opd::Local(l) => Instr::Return1(l),
                    Opd::Const(c) if c >> 32 == 0 => Instr::ReturnImm32(c as u32),
                    Opd::Const(c) => {
                        let s = self.slot(pos);
                        self.emit_const(s, c);
                        Instr::Return1(s)
                    }
                };
                self.emit(i);
            }
            _ => {
                for pos in len - nr..len {
                    let s = self.slot(pos);
                    match self.b.stack[pos] {
                        Opd::Temp => {}
                        Opd::Local(l) => {
                            self.emit(Instr::Copy(s, l));
                        }
                        Opd::Const(c) => self.emit_const(s, c),
                    }
                }
                self.emit(Instr::ReturnN(self.slot(len - nr), nr as u32));
            }
        }
        Ok(())
    }

    fn target(&self, depth: u32) -> Result<Ctrl> {
        let n = self.b.ctrl.len();
        let i = n
            .checked_sub(1 + depth as usize)
            .ok_or_else(|| internal("branch depth"))?;
        Ok(self.b.ctrl[i])
    }

    /// Emits an unconditional branch (with its values) to the frame at `depth`.
    fn branch_to(&mut self, depth: u32) -> Result<()> {
        let c = self.target(depth)?;
        if c.kind == Kind::Func {
            return self.emit_return();
        }
        let (h, n) = c.branch_arity();
        self.emit_copies(h, n);
        if c.kind == Kind::Loop && self.invert_loop_branch(&c)? {
            return Ok(());
        }
        self.emit_branch(Instr::Br(0), c.label)
    }

    /// Loop inversion: a branch back to a loop whose first instruction is a conditional exit
    /// (`loop (br_if $out cond) ... (br $loop)`) becomes "if not cond, go to the loop's second
    /// instruction; else go where the exit goes", so each iteration runs one branch instead
    /// of two. Returns whether it emitted that.
    fn invert_loop_branch(&mut self, c: &Ctrl) -> Result<bool> {
        let Some(p) = self.b.labels[c.label].pos else {
            return Ok(false);
        };
        let Some(cond) = self.b.code.get(p).copied().and_then(branch_cond) else {
            return Ok(false);
        };
        // Where the header's branch goes: still unresolved on an enclosing frame's label, or
        // already resolved (backward, or a label bound since).
        let pending = self
            .b
            .ctrl
            .iter()
            .map(|f| f.label)
            .find(|&l| self.b.labels[l].uses.contains(&p));
        let exit = match pending {
            Some(l) => l,
            None => {
                let mut header = self.b.code[p];
                let off = *header
                    .branch_offset_mut()
                    .ok_or_else(|| internal("loop header branch"))?;
                let target = usize::try_from(p as i64 + 1 + i64::from(off))
                    .map_err(|_| internal("loop header branch target"))?;
                self.label_at(target)
            }
        };
        let body = self.label_at(p + 1);
        self.branch_if(cond, true, body)?;
        self.emit_branch(Instr::Br(0), exit)?;
        Ok(true)
    }

    /// A label bound at `pos` (for branches to an already emitted position).
    fn label_at(&mut self, pos: usize) -> usize {
        let l = self.new_label();
        self.b.labels[l].pos = Some(pos);
        l
    }

    /// Emits a branch to `depth` taken when `cond` holds.
    fn branch_to_if(&mut self, cond: Cond, depth: u32) -> Result<()> {
        let c = self.target(depth)?;
        if c.kind != Kind::Func {
            let (h, n) = c.branch_arity();
            if !self.needs_copies(h, n) {
                return self.branch_if(cond, false, c.label);
            }
        }
        let skip = self.new_label();
        self.branch_if(cond, true, skip)?;
        self.branch_to(depth)?;
        self.bind(skip)
    }

    fn block_arity(&self, bt: BlockType) -> (usize, usize) {
        match bt {
            BlockType::Empty => (0, 0),
            BlockType::Type(_) => (0, 1),
            BlockType::FuncType(i) => {
                let f = self.module.type_func(i);
                (f.params().len(), f.results().len())
            }
        }
    }

    fn push_dead(&mut self) {
        self.b.ctrl.push(Ctrl {
            kind: Kind::Block,
            dead: true,
            height: self.b.stack.len(),
            nparams: 0,
            nresults: 0,
            label: usize::MAX,
            else_label: usize::MAX,
        });
    }

    // ---- control ----

    fn enter(&mut self, kind: Kind, bt: BlockType, cond: Option<Cond>) -> Result<()> {
        let (np, nr) = self.block_arity(bt);
        self.materialize_locals();
        let base = self.materialize_top(np)?;
        let label = self.new_label();
        let mut else_label = usize::MAX;
        match kind {
            Kind::Loop => {
                self.bind(label)?;
                self.emit_check();
            }
            Kind::If => {
                else_label = self.new_label();
                let cond = cond.ok_or_else(|| internal("if without condition"))?;
                self.branch_if(cond, true, else_label)?;
            }
            _ => {}
        }
        self.b.ctrl.push(Ctrl {
            kind,
            dead: false,
            height: base,
            nparams: np,
            nresults: nr,
            label,
            else_label,
        });
        Ok(())
    }

    fn op_else(&mut self) -> Result<()> {
        let c = *self
            .b
            .ctrl
            .last()
            .ok_or_else(|| internal("else without if"))?;
        if c.dead {
            return Ok(());
        }
        if self.reachable {
            self.materialize_top(c.nresults)?;
            self.emit_branch(Instr::Br(0), c.label)?;
        }
        self.bind(c.else_label)?;
        self.truncate(c.height);
        for _ in 0..c.nparams {
            self.push(Opd::Temp);
        }
        self.reachable = true;
        if let Some(last) = self.b.ctrl.last_mut() {
            last.kind = Kind::Else;
        }
        Ok(())
    }

    fn op_end(&mut self) -> Result<()> {
        let c = self
            .b
            .ctrl
            .pop()
            .ok_or_else(|| internal("end without block"))?;
        if c.kind == Kind::Func {
            if self.reachable {
                self.emit_return()?;
            }
            self.reachable = false;
            return Ok(());
        }
        if c.dead {
            return Ok(());
        }
        if self.reachable {
            self.materialize_top(c.nresults)?;
        }
        if c.kind == Kind::If {
            self.bind(c.else_label)?;
        }
        if c.kind != Kind::Loop {
            self.bind(c.label)?;
        }
        let reachable = self.reachable
            || c.kind == Kind::If
            || (c.kind != Kind::Loop && self.b.labels[c.label].used);
        self.truncate(c.height);
        for _ in 0..c.nresults {
            self.push(Opd::Temp);
        }
        self.reachable = reachable;
        Ok(())
    }

    fn op_br_table(&mut self, targets: &wasmparser::BrTable<'_>) -> Result<()> {
        let (idx, ipos) = self.pop()?;
        let mut depths = std::mem::take(&mut self.b.depths);
        depths.clear();
        for t in targets.targets() {
            depths.push(t?);
        }
        let default = targets.default();
        let result = self.br_table_with(idx, ipos, &depths, default);
        self.b.depths = depths;
        self.reachable = false;
        result
    }

    fn br_table_with(&mut self, idx: Opd, ipos: usize, depths: &[u32], default: u32) -> Result<()> {
        if let Opd::Const(k) = idx {
            let d = depths.get(k as u32 as usize).copied().unwrap_or(default);
            return self.branch_to(d);
        }
        let sidx = self.use_slot(idx, ipos);
        let (_, n) = self.target(default)?.branch_arity();
        self.materialize_top(n)?;
        self.emit(Instr::BrTable(sidx, depths.len() as u32));
        let mut tramps: Vec<(u32, usize)> = Vec::new();
        let mut tramp_of = vec![usize::MAX; self.b.ctrl.len()];
        for &d in depths.iter().chain(std::iter::once(&default)) {
            let c = self.target(d)?;
            let (h, n) = c.branch_arity();
            if c.kind != Kind::Func && !self.needs_copies(h, n) {
                self.emit_branch(Instr::Br(0), c.label)?;
            } else {
                let slot = tramp_of
                    .get_mut(d as usize)
                    .ok_or_else(|| internal("branch depth"))?;
                if *slot == usize::MAX {
                    *slot = self.b.labels.len();
                    self.b.labels.push(Label::default());
                    tramps.push((d, *slot));
                }
                let l = *slot;
                self.emit_branch(Instr::Br(0), l)?;
            }
        }
        for (d, l) in tramps {
            self.bind(l)?;
            self.branch_to(d)?;
        }
        Ok(())
    }

    // ---- calls ----

    fn finish_call(&mut self, base: usize, nr: usize, tail: bool) {
        self.truncate(base);
        if tail {
            // A tail-called host function gets its result buffer in this frame.
            self.max_height = self.max_height.max(base + nr);
            self.reachable = false;
        } else {
            for _ in 0..nr {
                self.push(Opd::Temp);
            }
        }
    }

    fn op_call(&mut self, f: u32, tail: bool) -> Result<()> {
        let ty = self.module.func_type(f);
        let (np, nr) = (ty.params().len(), ty.results().len());
        let base = self.materialize_top(np)?;
        let sbase = self.slot(base);
        let nimp = self.module.num_imported_funcs;
        let i = match (f >= nimp, tail) {
            (true, false) => Instr::CallInternal(f - nimp, sbase),
            (false, false) => Instr::Call(f, sbase),
            (true, true) => Instr::ReturnCallInternal(f - nimp, sbase),
            (false, true) => Instr::ReturnCall(f, sbase),
        };
        self.emit(i);
        self.finish_call(base, nr, tail);
        Ok(())
    }

    fn op_call_indirect(&mut self, type_index: u32, table: u32, tail: bool) -> Result<()> {
        let ty = self.module.type_func(type_index);
        let (np, nr) = (ty.params().len(), ty.results().len());
        let sidx = self.pop_slot()?;
        let base = self.materialize_top(np)?;
        let sbase = self.slot(base);
        self.b
            .sigs
            .push((self.module.types[type_index as usize], table));
        let sig = (self.b.sigs.len() - 1) as u32;
        self.emit(if tail {
            Instr::ReturnCallIndirect(sbase, sidx, sig)
        } else {
            Instr::CallIndirect(sbase, sidx, sig)
        });
        self.finish_call(base, nr, tail);
        Ok(())
    }

    fn op_call_ref(&mut self, type_index: u32, tail: bool) -> Result<()> {
        let ty = self.module.type_func(type_index);
        let (np, nr) = (ty.params().len(), ty.results().len());
        let sref = self.pop_slot()?;
        let base = self.materialize_top(np)?;
        let sbase = self.slot(base);
        self.emit(if tail {
            Instr::ReturnCallRef(sbase, sref)
        } else {
            Instr::CallRef(sbase, sref)
        });
        self.finish_call(base, nr, tail);
        Ok(())
    }

    // ---- variables and parametric ----

    /// When the temporary at stack position `pos` was written by the last instruction and
    /// nothing has been emitted since, makes that instruction write `slot` instead; returns
    /// whether it did.
    fn redirect_last(&mut self, pos: usize, slot: Slot) -> bool {
        let Some(ld) = self.last_def_of(pos) else {
            return false;
        };
        match self.b.code[ld.idx].dst_mut() {
            Some(d) => {
                *d = slot;
                true
            }
            None => false,
        }
    }

    /// [`Self::redirect_last`] into local `l`. References to `l` still on the stack become
    /// temporaries copied from `l` *before* the last instruction (which then writes `l`
    /// directly) rather than after it (which would also cost a copy of its result). The copies
    /// only write the slots of those references, which the last instruction does not read
    /// (its operands sat above them); no label sits between the references and the last
    /// instruction, because block boundaries materialise references.
    fn redirect_last_to_local(&mut self, pos: usize, l: u32) -> bool {
        let Some(ld) = self.last_def_of(pos) else {
            return false;
        };
        if self.b.code[ld.idx].dst().is_none() {
            return false;
        }
        let at = self.save_refs(l, ld.idx);
        if let Some(d) = self.b.code[at].dst_mut() {
            *d = l;
        }
        true
    }

    /// Turns the stack's references to local `l` into temporaries holding its current value,
    /// with the copies inserted at code position `at` (the end of the code: appended); returns
    /// the position after them.
    fn save_refs(&mut self, l: u32, mut at: usize) -> usize {
        if self.b.local_refs[l as usize] == 0 {
            return at;
        }
        for p in 0..self.b.stack.len() {
            if self.b.stack[p] == Opd::Local(l) {
                let s = self.slot(p);
                self.b.code.insert(at, Instr::Copy(s, l));
                at += 1;
                self.b.stack[p] = Opd::Temp;
                self.unref(Opd::Local(l));
            }
        }
        at
    }

    fn local_set(&mut self, l: u32, tee: bool) -> Result<()> {
        let (v, pos) = self.pop()?;
        if v == Opd::Local(l) {
            if tee {
                self.push(v);
            }
            return Ok(());
        }
        let done = v == Opd::Temp && self.redirect_last_to_local(pos, l);
        if !done {
            let end = self.b.code.len();
            self.save_refs(l, end);
            match v {
                Opd::Temp => {
                    let s = self.slot(pos);
                    self.emit(Instr::Copy(l, s));
                }
                Opd::Local(m) => {
                    self.emit(Instr::Copy(l, m));
                }
                Opd::Const(c) => self.emit_const(l, c),
            }
        }
        self.last = None;
        if tee {
            self.push(if let Opd::Const(c) = v {
                Opd::Const(c)
            } else {
                Opd::Local(l)
            });
        }
        Ok(())
    }

    fn op_select(&mut self) -> Result<()> {
        let (c, pc) = self.pop()?;
        let (b, pb) = self.pop()?;
        let (a, pa) = self.pop()?;
        if let Opd::Const(k) = c {
            if k as u32 != 0 {
                self.push(a);
            } else if b == Opd::Temp {
                let (d, s) = (self.slot(pa), self.slot(pb));
                self.emit(Instr::Copy(d, s));
                self.push(Opd::Temp);
            } else {
                self.push(b);
            }
            return Ok(());
        }
        let sc = self.use_slot(c, pc);
        let sb = self.use_slot(b, pb);
        let sa = self.use_slot(a, pa);
        let d = self.slot(pa);
        let idx = self.emit(Instr::Select(d, sa, sb));
        self.emit(Instr::Data(sc, 0, 0));
        self.push(Opd::Temp);
        self.last = Some(LastDef {
            idx,
            pos: pa,
            end: self.b.code.len(),
            cond: None,
        });
        Ok(())
    }

    // ---- numeric ----

    fn unop(&mut self, f: Un) -> Result<()> {
        let s = self.pop_slot()?;
        self.push_result(|d| f(d, s), None);
        Ok(())
    }

    fn binop(&mut self, w: W, rr: Bin, ri: Option<(BinImm, Pol)>, commutative: bool) -> Result<()> {
        let (b, pb) = self.pop()?;
        let (a, pa) = self.pop()?;
        if let Some((ri, pol)) = ri {
            if let Opd::Const(c) = b {
                if let Some(imm) = imm_of(w, pol, c) {
                    let sa = self.use_slot(a, pa);
                    self.push_result(|d| ri(d, sa, imm), None);
                    return Ok(());
                }
            }
            if commutative {
                if let Opd::Const(c) = a {
                    if let Some(imm) = imm_of(w, pol, c) {
                        let sb = self.use_slot(b, pb);
                        self.push_result(|d| ri(d, sb, imm), None);
                        return Ok(());
                    }
                }
            }
        }
        let sa = self.use_slot(a, pa);
        let sb = self.use_slot(b, pb);
        self.push_result(|d| rr(d, sa, sb), None);
        Ok(())
    }

    /// A commutative i64 operation: with a constant operand that no 32-bit immediate covers,
    /// the wide form (its high half in a data word) instead of a materialised constant;
    /// otherwise `binop`'s forms.
    fn binop_i64(&mut self, rr: Bin, ri: BinImm, wide: fn(Slot, Slot, u32) -> Instr) -> Result<()> {
        let n = self.b.stack.len();
        let big = |o: Opd| match o {
            Opd::Const(c) if imm_of(W::I64, Pol::Any, c).is_none() => Some(c),
            _ => None,
        };
        let (a, b) = match n.checked_sub(2) {
            Some(i) => (self.b.stack[i], self.b.stack[i + 1]),
            None => return self.binop(W::I64, rr, Some((ri, Pol::Any)), true),
        };
        let (c, other_first) = match (big(a), big(b)) {
            (_, Some(c)) if !matches!(a, Opd::Const(_)) => (c, true),
            (Some(c), _) if !matches!(b, Opd::Const(_)) => (c, false),
            _ => return self.binop(W::I64, rr, Some((ri, Pol::Any)), true),
        };
        let (b, pb) = self.pop()?;
        let (a, pa) = self.pop()?;
        let sx = if other_first {
            self.use_slot(a, pa)
        } else {
            self.use_slot(b, pb)
        };
        self.push_result(|d| wide(d, sx, c as u32), None);
        self.emit_data((c >> 32) as u32, 0, 0);
        Ok(())
    }

    /// `i32/i64.div_u` or `rem_u`: by a constant divisor that `ops::udiv_magic` covers, the
    /// multiply form (followed by its data word); otherwise `binop`'s forms.
    fn div_rem_u(&mut self, w: W, rem: bool, rr: Bin, ri: BinImm) -> Result<()> {
        if let Some(&Opd::Const(c)) = self.b.stack.last() {
            let divisor = if w == W::I32 { u64::from(c as u32) } else { c };
            if let Some((m, shift)) = super::ops::udiv_magic(divisor) {
                // The remainder needs the divisor, which the data word holds in 32 bits.
                let dv = u32::try_from(divisor).ok().or((!rem).then_some(0));
                if let Some(dv) = dv {
                    let f: fn(Slot, Slot, u32) -> Instr = match (w, rem) {
                        (W::I32, false) => Instr::I32DivUMagic,
                        (W::I32, true) => Instr::I32RemUMagic,
                        (W::I64, false) => Instr::I64DivUMagic,
                        (W::I64, true) => Instr::I64RemUMagic,
                    };
                    return self.emit_magic(f, m, shift, dv);
                }
            }
        }
        self.binop(w, rr, Some((ri, Pol::DivU)), false)
    }

    fn emit_magic(
        &mut self,
        f: fn(Slot, Slot, u32) -> Instr,
        m: u64,
        shift: u32,
        divisor: u32,
    ) -> Result<()> {
        self.pop()?;
        let sa = self.pop_slot()?;
        self.push_result(|d| f(d, sa, m as u32), None);
        self.emit_data((m >> 32) as u32, shift, divisor);
        Ok(())
    }

    /// Emits the data word of the instruction just pushed by `push_result`. It does not name
    /// the destination, so a `local.set` may still redirect the instruction before it.
    fn emit_data(&mut self, a: u32, b: u32, c: u32) {
        let last = self.last;
        self.emit(Instr::Data(a, b, c));
        let end = self.b.code.len();
        self.last = last.map(|l| LastDef { end, ..l });
    }

    fn sub(&mut self, w: W) -> Result<()> {
        let (b, pb) = self.pop()?;
        let (a, pa) = self.pop()?;
        if let Opd::Const(c) = b {
            let neg = match w {
                W::I32 => Some((c as u32).wrapping_neg() as i32),
                W::I64 => (c as i64)
                    .checked_neg()
                    .and_then(|n| imm_of(W::I64, Pol::Any, n as u64)),
            };
            if let Some(imm) = neg {
                let sa = self.use_slot(a, pa);
                let f = if w == W::I32 {
                    Instr::I32AddImm
                } else {
                    Instr::I64AddImm
                };
                self.push_result(|d| f(d, sa, imm), None);
                return Ok(());
            }
        }
        if let Opd::Const(c) = a {
            if let Some(imm) = imm_of(w, Pol::Any, c) {
                let sb = self.use_slot(b, pb);
                let f = if w == W::I32 {
                    Instr::I32SubImmRev
                } else {
                    Instr::I64SubImmRev
                };
                self.push_result(|d| f(d, sb, imm), None);
                return Ok(());
            }
        }
        let sa = self.use_slot(a, pa);
        let sb = self.use_slot(b, pb);
        let f = if w == W::I32 {
            Instr::I32Sub
        } else {
            Instr::I64Sub
        };
        self.push_result(|d| f(d, sa, sb), None);
        Ok(())
    }

    fn cmp(&mut self, w: W, c: Cmp) -> Result<()> {
        let (b, pb) = self.pop()?;
        let (a, pa) = self.pop()?;
        let (c, sa, rhs) = match (a, b) {
            (_, Opd::Const(k)) if imm_of(w, Pol::Any, k).is_some() => {
                let imm = imm_of(w, Pol::Any, k).unwrap_or(0);
                (c, self.use_slot(a, pa), Rhs::Imm(imm))
            }
            (Opd::Const(k), _) if imm_of(w, Pol::Any, k).is_some() => {
                let imm = imm_of(w, Pol::Any, k).unwrap_or(0);
                (c.swap(), self.use_slot(b, pb), Rhs::Imm(imm))
            }
            _ => {
                let sa = self.use_slot(a, pa);
                let sb = self.use_slot(b, pb);
                (c, sa, Rhs::Slot(sb))
            }
        };
        self.push_result(
            |d| cmp_instr(w, c, d, sa, rhs),
            Some(Cond::Cmp(w, c, sa, rhs)),
        );
        Ok(())
    }

    fn eqz(&mut self, w: W) -> Result<()> {
        let (a, pa) = self.pop()?;
        if let Opd::Const(k) = a {
            let k = if w == W::I32 { k as u32 as u64 } else { k };
            self.push(Opd::Const((k == 0) as u64));
            return Ok(());
        }
        // `i32.eqz` of a compare (or of an `eqz`) that is the last instruction: rewrite that
        // instruction into the negated compare, so a following branch can still fuse it
        // (clang's `if (!(a == b))` and `!!x`).
        if let (W::I32, Opd::Temp, Some(ld)) = (w, a, self.last_def_of(pa)) {
            let negated = match ld.cond {
                Some(Cond::Cmp(cw, c, sa, rhs)) => Some((cw, c.negate(), sa, rhs)),
                Some(Cond::Eqz(cw, sa)) => Some((cw, Cmp::Ne, sa, Rhs::Imm(0))),
                _ => None,
            };
            if let Some((cw, c, sa, rhs)) = negated {
                self.b.code[ld.idx] = cmp_instr(cw, c, self.slot(pa), sa, rhs);
                self.push(Opd::Temp);
                self.last = Some(LastDef {
                    cond: Some(Cond::Cmp(cw, c, sa, rhs)),
                    ..ld
                });
                return Ok(());
            }
        }
        let s = self.use_slot(a, pa);
        let f = if w == W::I32 {
            Instr::I32Eqz
        } else {
            Instr::I64Eqz
        };
        self.push_result(|d| f(d, s), Some(Cond::Eqz(w, s)));
        Ok(())
    }

    // ---- memory ----

    /// The memory index of an access (GC array targets are not supported).
    fn memory_of(memarg: &wasmparser::MemArg, at: u64) -> Result<u32> {
        match memarg.target {
            wasmparser::MemArgTarget::Memory(m) => Ok(m),
            wasmparser::MemArgTarget::Array(_) => Err(Error::unsupported(
                Some(at),
                "GC (array accesses not supported)",
            )),
        }
    }

    fn offset(memarg: &wasmparser::MemArg, at: u64) -> Result<u32> {
        u32::try_from(memarg.offset)
            .map_err(|_| Error::unsupported(Some(at), "64-bit memory offsets"))
    }

    /// The effective address of an access with constant address `c`, if it fits 32 bits.
    fn const_ea(c: u64, off: u32) -> Option<u32> {
        u32::try_from(u64::from(c as u32) + u64::from(off)).ok()
    }

    fn load(&mut self, f: Mem, memarg: &wasmparser::MemArg, at: u64) -> Result<()> {
        let off = Self::offset(memarg, at)?;
        let memory = Self::memory_of(memarg, at)?;
        if memory != 0 {
            let kind = match f(0, 0, 0) {
                Instr::I32Load(..) => LoadKind::I32,
                Instr::I64Load(..) | Instr::F64Load(..) => LoadKind::I64,
                Instr::I32Load8S(..) => LoadKind::I32_8S,
                Instr::I32Load8U(..) => LoadKind::I32_8U,
                Instr::I32Load16S(..) => LoadKind::I32_16S,
                Instr::I32Load16U(..) => LoadKind::I32_16U,
                Instr::I64Load8S(..) => LoadKind::I64_8S,
                Instr::I64Load16S(..) => LoadKind::I64_16S,
                Instr::I64Load32S(..) => LoadKind::I64_32S,
                _ => return Err(internal("unknown load")),
            };
            let s = self.pop_slot()?;
            self.push_result(|d| Instr::LoadMem(d, s, off), None);
            // Clears `last`: the result is not redirected (the data word follows).
            self.emit(Instr::Data(memory, kind as u32, 0));
            return Ok(());
        }
        if let Some(&Opd::Const(c)) = self.b.stack.last() {
            if let Some(ea) = Self::const_ea(c, off) {
                let abs: fn(Slot, u32) -> Instr = match f(0, 0, 0) {
                    Instr::I32Load(..) => Instr::I32LoadAbs,
                    Instr::I64Load(..) | Instr::F64Load(..) => Instr::I64LoadAbs,
                    Instr::I32Load8S(..) => Instr::I32Load8SAbs,
                    Instr::I32Load8U(..) => Instr::I32Load8UAbs,
                    Instr::I32Load16S(..) => Instr::I32Load16SAbs,
                    Instr::I32Load16U(..) => Instr::I32Load16UAbs,
                    Instr::I64Load8S(..) => Instr::I64Load8SAbs,
                    Instr::I64Load16S(..) => Instr::I64Load16SAbs,
                    Instr::I64Load32S(..) => Instr::I64Load32SAbs,
                    _ => return Err(internal("unknown load")),
                };
                self.pop()?;
                self.push_result(|d| abs(d, ea), None);
                return Ok(());
            }
        }
        let s = self.pop_slot()?;
        self.push_result(|d| f(d, s, off), None);
        Ok(())
    }

    fn store(&mut self, f: Mem, memarg: &wasmparser::MemArg, at: u64) -> Result<()> {
        let off = Self::offset(memarg, at)?;
        let memory = Self::memory_of(memarg, at)?;
        if memory != 0 {
            let width = match f(0, 0, 0) {
                Instr::I32Store8(..) => 1,
                Instr::I32Store16(..) => 2,
                Instr::I32Store(..) => 4,
                Instr::I64Store(..) => 8,
                _ => return Err(internal("unknown store")),
            };
            let sv = self.pop_slot()?;
            let sa = self.pop_slot()?;
            self.emit(Instr::StoreMem(sa, sv, off));
            self.emit(Instr::Data(memory, width, 0));
            return Ok(());
        }
        if let Some(&Opd::Const(c)) = self.b.stack.last() {
            let imm = match f(0, 0, 0) {
                Instr::I32Store8(..) => Some(Instr::I32Store8Imm(0, c as u32, off)),
                Instr::I32Store16(..) => Some(Instr::I32Store16Imm(0, c as u32, off)),
                Instr::I32Store(..) => Some(Instr::I32StoreImm(0, c as u32, off)),
                Instr::I64Store(..) => {
                    imm_of(W::I64, Pol::Any, c).map(|i| Instr::I64StoreImm(0, i, off))
                }
                _ => None,
            };
            if let Some(mut imm) = imm {
                self.pop()?;
                let sa = self.pop_slot()?;
                match &mut imm {
                    Instr::I32Store8Imm(a, ..)
                    | Instr::I32Store16Imm(a, ..)
                    | Instr::I32StoreImm(a, ..)
                    | Instr::I64StoreImm(a, ..) => *a = sa,
                    _ => {}
                }
                self.emit(imm);
                return Ok(());
            }
        }
        let (v, pv) = self.pop()?;
        if let Some(&Opd::Const(c)) = self.b.stack.last() {
            if let Some(ea) = Self::const_ea(c, off) {
                let abs: fn(Slot, u32) -> Instr = match f(0, 0, 0) {
                    Instr::I32Store8(..) => Instr::I32Store8Abs,
                    Instr::I32Store16(..) => Instr::I32Store16Abs,
                    Instr::I32Store(..) => Instr::I32StoreAbs,
                    Instr::I64Store(..) => Instr::I64StoreAbs,
                    _ => return Err(internal("unknown store")),
                };
                let sv = self.use_slot(v, pv);
                self.pop()?;
                self.emit(abs(sv, ea));
                return Ok(());
            }
        }
        let sv = self.use_slot(v, pv);
        let sa = self.pop_slot()?;
        self.emit(f(sa, sv, off));
        Ok(())
    }

    /// Materialises the top `n` operands into consecutive slots, pops them, and returns the
    /// first slot.
    fn bulk(&mut self, n: usize) -> Result<Slot> {
        let base = self.materialize_top(n)?;
        self.truncate(base);
        Ok(self.slot(base))
    }

    /// The slot of the top entry (kept on the stack), materialising a constant.
    fn top_slot(&mut self) -> Result<Slot> {
        let pos = self.top_pos()?;
        if let Opd::Const(_) = self.b.stack[pos] {
            self.materialize(pos);
        }
        Ok(match self.b.stack[pos] {
            Opd::Local(l) => l,
            _ => self.slot(pos),
        })
    }

    // ---- the operator dispatch ----

    fn op(&mut self, op: Operator<'_>, offset: u64) -> Result<()> {
        check_supported(&op, offset)?;
        self.op_checked(op, offset)
    }

    /// Translates `op`, of a proposal mica executes.
    fn op_checked(&mut self, op: Operator<'_>, offset: u64) -> Result<()> {
        use Instr as I;
        use Operator as O;
        if self.b.ctrl.is_empty() {
            return Err(Error::compile(
                Some(offset),
                "operators remaining after end of function",
            ));
        }
        if !self.reachable {
            match op {
                O::Block { .. } | O::Loop { .. } | O::If { .. } => self.push_dead(),
                O::Else => self.op_else()?,
                O::End => self.op_end()?,
                _ => {}
            }
            return Ok(());
        }
        self.ops_since_check = self.ops_since_check.saturating_add(1);
        let (i32w, i64w) = (W::I32, W::I64);
        match op {
            O::Unreachable => {
                self.emit(I::Unreachable());
                self.reachable = false;
            }
            O::Nop => {}
            O::Block { blockty } => self.enter(Kind::Block, blockty, None)?,
            O::Loop { blockty } => self.enter(Kind::Loop, blockty, None)?,
            O::If { blockty } => {
                let cond = self.take_cond()?;
                self.enter(Kind::If, blockty, Some(cond))?;
            }
            O::Else => self.op_else()?,
            O::End => self.op_end()?,
            O::Br { relative_depth } => {
                self.branch_to(relative_depth)?;
                self.reachable = false;
            }
            O::BrIf { relative_depth } => {
                let cond = self.take_cond()?;
                self.branch_to_if(cond, relative_depth)?;
            }
            O::BrTable { targets } => self.op_br_table(&targets)?,
            O::Return => {
                self.emit_return()?;
                self.reachable = false;
            }
            O::Call { function_index } => self.op_call(function_index, false)?,
            O::ReturnCall { function_index } => self.op_call(function_index, true)?,
            O::CallIndirect {
                type_index,
                table_index,
            } => self.op_call_indirect(type_index, table_index, false)?,
            O::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.op_call_indirect(type_index, table_index, true)?,
            O::CallRef { type_index } => self.op_call_ref(type_index, false)?,
            O::ReturnCallRef { type_index } => self.op_call_ref(type_index, true)?,
            O::Drop => {
                self.pop()?;
            }
            O::Select | O::TypedSelect { .. } => self.op_select()?,
            O::LocalGet { local_index } => self.push(Opd::Local(local_index)),
            O::LocalSet { local_index } => self.local_set(local_index, false)?,
            O::LocalTee { local_index } => self.local_set(local_index, true)?,
            O::GlobalGet { global_index } => {
                // A defined global is read at its place after the instance's first one; only
                // an imported one goes through the instance's map.
                match global_index.checked_sub(self.module.num_imported_globals) {
                    Some(own) => self.push_result(|d| I::GlobalGetOwn(d, own), None),
                    None => self.push_result(|d| I::GlobalGet(d, global_index), None),
                }
            }
            O::GlobalSet { global_index } => {
                let s = self.pop_slot()?;
                let i = match global_index.checked_sub(self.module.num_imported_globals) {
                    Some(own) => I::GlobalSetOwn(s, own),
                    None => I::GlobalSet(s, global_index),
                };
                self.emit(i);
            }

            O::I32Load { memarg } | O::F32Load { memarg } | O::I64Load32U { memarg } => {
                self.load(I::I32Load, &memarg, offset)?
            }
            O::I64Load { memarg } => self.load(I::I64Load, &memarg, offset)?,
            O::F64Load { memarg } => self.load(I::F64Load, &memarg, offset)?,
            O::I32Load8S { memarg } => self.load(I::I32Load8S, &memarg, offset)?,
            O::I32Load8U { memarg } | O::I64Load8U { memarg } => {
                self.load(I::I32Load8U, &memarg, offset)?
            }
            O::I32Load16S { memarg } => self.load(I::I32Load16S, &memarg, offset)?,
            O::I32Load16U { memarg } | O::I64Load16U { memarg } => {
                self.load(I::I32Load16U, &memarg, offset)?
            }
            O::I64Load8S { memarg } => self.load(I::I64Load8S, &memarg, offset)?,
            O::I64Load16S { memarg } => self.load(I::I64Load16S, &memarg, offset)?,
            O::I64Load32S { memarg } => self.load(I::I64Load32S, &memarg, offset)?,
            O::I32Store { memarg } | O::F32Store { memarg } | O::I64Store32 { memarg } => {
                self.store(I::I32Store, &memarg, offset)?
            }
            O::I64Store { memarg } | O::F64Store { memarg } => {
                self.store(I::I64Store, &memarg, offset)?
            }
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => {
                self.store(I::I32Store8, &memarg, offset)?
            }
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => {
                self.store(I::I32Store16, &memarg, offset)?
            }
            O::MemorySize { mem } => self.push_result(|d| I::MemorySize(d, mem), None),
            O::MemoryGrow { mem } => {
                let s = self.pop_slot()?;
                let pos = self.b.stack.len();
                let d = self.slot(pos);
                self.push(Opd::Temp);
                self.emit(I::MemoryGrow(d, s, mem));
            }
            O::MemoryFill { mem } => {
                let b = self.bulk(3)?;
                self.emit(I::MemoryFill(b, mem));
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let b = self.bulk(3)?;
                self.emit(I::MemoryCopy(b, dst_mem, src_mem));
            }
            O::MemoryInit { data_index, mem } => {
                let b = self.bulk(3)?;
                self.emit(I::MemoryInit(b, data_index, mem));
            }
            O::DataDrop { data_index } => {
                self.emit(I::DataDrop(data_index));
            }

            O::I32Const { value } => self.push(Opd::Const(value as u32 as u64)),
            O::I64Const { value } => self.push(Opd::Const(value as u64)),
            O::F32Const { value } => self.push(Opd::Const(value.bits() as u64)),
            O::F64Const { value } => self.push(Opd::Const(value.bits())),

            O::I32Eqz => self.eqz(i32w)?,
            O::I32Eq => self.cmp(i32w, Cmp::Eq)?,
            O::I32Ne => self.cmp(i32w, Cmp::Ne)?,
            O::I32LtS => self.cmp(i32w, Cmp::LtS)?,
            O::I32LtU => self.cmp(i32w, Cmp::LtU)?,
            O::I32GtS => self.cmp(i32w, Cmp::GtS)?,
            O::I32GtU => self.cmp(i32w, Cmp::GtU)?,
            O::I32LeS => self.cmp(i32w, Cmp::LeS)?,
            O::I32LeU => self.cmp(i32w, Cmp::LeU)?,
            O::I32GeS => self.cmp(i32w, Cmp::GeS)?,
            O::I32GeU => self.cmp(i32w, Cmp::GeU)?,
            O::I64Eqz => self.eqz(i64w)?,
            O::I64Eq => self.cmp(i64w, Cmp::Eq)?,
            O::I64Ne => self.cmp(i64w, Cmp::Ne)?,
            O::I64LtS => self.cmp(i64w, Cmp::LtS)?,
            O::I64LtU => self.cmp(i64w, Cmp::LtU)?,
            O::I64GtS => self.cmp(i64w, Cmp::GtS)?,
            O::I64GtU => self.cmp(i64w, Cmp::GtU)?,
            O::I64LeS => self.cmp(i64w, Cmp::LeS)?,
            O::I64LeU => self.cmp(i64w, Cmp::LeU)?,
            O::I64GeS => self.cmp(i64w, Cmp::GeS)?,
            O::I64GeU => self.cmp(i64w, Cmp::GeU)?,
            O::F32Eq => self.binop(i32w, I::F32Eq, None, false)?,
            O::F32Ne => self.binop(i32w, I::F32Ne, None, false)?,
            O::F32Lt => self.binop(i32w, I::F32Lt, None, false)?,
            O::F32Gt => self.binop(i32w, I::F32Gt, None, false)?,
            O::F32Le => self.binop(i32w, I::F32Le, None, false)?,
            O::F32Ge => self.binop(i32w, I::F32Ge, None, false)?,
            O::F64Eq => self.binop(i64w, I::F64Eq, None, false)?,
            O::F64Ne => self.binop(i64w, I::F64Ne, None, false)?,
            O::F64Lt => self.binop(i64w, I::F64Lt, None, false)?,
            O::F64Gt => self.binop(i64w, I::F64Gt, None, false)?,
            O::F64Le => self.binop(i64w, I::F64Le, None, false)?,
            O::F64Ge => self.binop(i64w, I::F64Ge, None, false)?,

            O::I32Clz => self.unop(I::I32Clz)?,
            O::I32Ctz => self.unop(I::I32Ctz)?,
            O::I32Popcnt => self.unop(I::I32Popcnt)?,
            O::I32Add => self.binop(i32w, I::I32Add, Some((I::I32AddImm, Pol::Any)), true)?,
            O::I32Sub => self.sub(i32w)?,
            O::I32Mul => self.binop(i32w, I::I32Mul, Some((I::I32MulImm, Pol::Any)), true)?,
            O::I32DivS => self.binop(i32w, I::I32DivS, Some((I::I32DivSImm, Pol::DivS)), false)?,
            O::I32DivU => self.div_rem_u(i32w, false, I::I32DivU, I::I32DivUImm)?,
            O::I32RemS => self.binop(i32w, I::I32RemS, Some((I::I32RemSImm, Pol::DivS)), false)?,
            O::I32RemU => self.div_rem_u(i32w, true, I::I32RemU, I::I32RemUImm)?,
            O::I32And => self.binop(i32w, I::I32And, Some((I::I32AndImm, Pol::Any)), true)?,
            O::I32Or => self.binop(i32w, I::I32Or, Some((I::I32OrImm, Pol::Any)), true)?,
            O::I32Xor => self.binop(i32w, I::I32Xor, Some((I::I32XorImm, Pol::Any)), true)?,
            O::I32Shl => self.binop(i32w, I::I32Shl, Some((I::I32ShlImm, Pol::Shift)), false)?,
            O::I32ShrS => self.binop(i32w, I::I32ShrS, Some((I::I32ShrSImm, Pol::Shift)), false)?,
            O::I32ShrU => self.binop(i32w, I::I32ShrU, Some((I::I32ShrUImm, Pol::Shift)), false)?,
            O::I32Rotl => self.binop(i32w, I::I32Rotl, Some((I::I32RotlImm, Pol::Shift)), false)?,
            O::I32Rotr => self.binop(i32w, I::I32Rotr, Some((I::I32RotrImm, Pol::Shift)), false)?,
            O::I64Clz => self.unop(I::I64Clz)?,
            O::I64Ctz => self.unop(I::I64Ctz)?,
            O::I64Popcnt => self.unop(I::I64Popcnt)?,
            O::I64Add => self.binop_i64(I::I64Add, I::I64AddImm, I::I64AddImm64)?,
            O::I64Sub => self.sub(i64w)?,
            O::I64Mul => self.binop_i64(I::I64Mul, I::I64MulImm, I::I64MulImm64)?,
            O::I64DivS => self.binop(i64w, I::I64DivS, Some((I::I64DivSImm, Pol::DivS)), false)?,
            O::I64DivU => self.div_rem_u(i64w, false, I::I64DivU, I::I64DivUImm)?,
            O::I64RemS => self.binop(i64w, I::I64RemS, Some((I::I64RemSImm, Pol::DivS)), false)?,
            O::I64RemU => self.div_rem_u(i64w, true, I::I64RemU, I::I64RemUImm)?,
            O::I64And => self.binop_i64(I::I64And, I::I64AndImm, I::I64AndImm64)?,
            O::I64Or => self.binop_i64(I::I64Or, I::I64OrImm, I::I64OrImm64)?,
            O::I64Xor => self.binop_i64(I::I64Xor, I::I64XorImm, I::I64XorImm64)?,
            O::I64Shl => self.binop(i64w, I::I64Shl, Some((I::I64ShlImm, Pol::Shift)), false)?,
            O::I64ShrS => self.binop(i64w, I::I64ShrS, Some((I::I64ShrSImm, Pol::Shift)), false)?,
            O::I64ShrU => self.binop(i64w, I::I64ShrU, Some((I::I64ShrUImm, Pol::Shift)), false)?,
            O::I64Rotl => self.binop(i64w, I::I64Rotl, Some((I::I64RotlImm, Pol::Shift)), false)?,
            O::I64Rotr => self.binop(i64w, I::I64Rotr, Some((I::I64RotrImm, Pol::Shift)), false)?,

            O::F32Abs => self.unop(I::F32Abs)?,
            O::F32Neg => self.unop(I::F32Neg)?,
            O::F32Ceil => self.unop(I::F32Ceil)?,
            O::F32Floor => self.unop(I::F32Floor)?,
            O::F32Trunc => self.unop(I::F32Trunc)?,
            O::F32Nearest => self.unop(I::F32Nearest)?,
            O::F32Sqrt => self.unop(I::F32Sqrt)?,
            O::F32Add => self.binop(i32w, I::F32Add, None, false)?,
            O::F32Sub => self.binop(i32w, I::F32Sub, None, false)?,
            O::F32Mul => self.binop(i32w, I::F32Mul, None, false)?,
            O::F32Div => self.binop(i32w, I::F32Div, None, false)?,
            O::F32Min => self.binop(i32w, I::F32Min, None, false)?,
            O::F32Max => self.binop(i32w, I::F32Max, None, false)?,
            O::F32Copysign => self.binop(i32w, I::F32Copysign, None, false)?,
            O::F64Abs => self.unop(I::F64Abs)?,
            O::F64Neg => self.unop(I::F64Neg)?,
            O::F64Ceil => self.unop(I::F64Ceil)?,
            O::F64Floor => self.unop(I::F64Floor)?,
            O::F64Trunc => self.unop(I::F64Trunc)?,
            O::F64Nearest => self.unop(I::F64Nearest)?,
            O::F64Sqrt => self.unop(I::F64Sqrt)?,
            O::F64Add => self.binop(i64w, I::F64Add, None, false)?,
            O::F64Sub => self.binop(i64w, I::F64Sub, None, false)?,
            O::F64Mul => self.binop(i64w, I::F64Mul, None, false)?,
            O::F64Div => self.binop(i64w, I::F64Div, None, false)?,
            O::F64Min => self.binop(i64w, I::F64Min, None, false)?,
            O::F64Max => self.binop(i64w, I::F64Max, None, false)?,
            O::F64Copysign => self.binop(i64w, I::F64Copysign, None, false)?,

            O::I32WrapI64 => self.unop(I::I32WrapI64)?,
            O::I32TruncF32S => self.unop(I::I32TruncF32S)?,
            O::I32TruncF32U => self.unop(I::I32TruncF32U)?,
            O::I32TruncF64S => self.unop(I::I32TruncF64S)?,
            O::I32TruncF64U => self.unop(I::I32TruncF64U)?,
            O::I64ExtendI32S => self.unop(I::I64ExtendI32S)?,
            O::I64ExtendI32U => self.unop(I::I64ExtendI32U)?,
            O::I64TruncF32S => self.unop(I::I64TruncF32S)?,
            O::I64TruncF32U => self.unop(I::I64TruncF32U)?,
            O::I64TruncF64S => self.unop(I::I64TruncF64S)?,
            O::I64TruncF64U => self.unop(I::I64TruncF64U)?,
            O::F32ConvertI32S => self.unop(I::F32ConvertI32S)?,
            O::F32ConvertI32U => self.unop(I::F32ConvertI32U)?,
            O::F32ConvertI64S => self.unop(I::F32ConvertI64S)?,
            O::F32ConvertI64U => self.unop(I::F32ConvertI64U)?,
            O::F32DemoteF64 => self.unop(I::F32DemoteF64)?,
            O::F64ConvertI32S => self.unop(I::F64ConvertI32S)?,
            O::F64ConvertI32U => self.unop(I::F64ConvertI32U)?,
            O::F64ConvertI64S => self.unop(I::F64ConvertI64S)?,
            O::F64ConvertI64U => self.unop(I::F64ConvertI64U)?,
            O::F64PromoteF32 => self.unop(I::F64PromoteF32)?,
            // Slots hold raw bits: reinterpretation is free.
            O::I32ReinterpretF32
            | O::I64ReinterpretF64
            | O::F32ReinterpretI32
            | O::F64ReinterpretI64 => {}
            O::I32Extend8S => self.unop(I::I32Extend8S)?,
            O::I32Extend16S => self.unop(I::I32Extend16S)?,
            O::I64Extend8S => self.unop(I::I64Extend8S)?,
            O::I64Extend16S => self.unop(I::I64Extend16S)?,
            O::I64Extend32S => self.unop(I::I64Extend32S)?,
            O::I32TruncSatF32S => self.unop(I::I32TruncSatF32S)?,
            O::I32TruncSatF32U => self.unop(I::I32TruncSatF32U)?,
            O::I32TruncSatF64S => self.unop(I::I32TruncSatF64S)?,
            O::I32TruncSatF64U => self.unop(I::I32TruncSatF64U)?,
            O::I64TruncSatF32S => self.unop(I::I64TruncSatF32S)?,
            O::I64TruncSatF32U => self.unop(I::I64TruncSatF32U)?,
            O::I64TruncSatF64S => self.unop(I::I64TruncSatF64S)?,
            O::I64TruncSatF64U => self.unop(I::I64TruncSatF64U)?,

            O::RefNull { .. } => self.push(Opd::Const(0)),
            O::RefIsNull => self.eqz(i64w)?,
            O::RefFunc { function_index } => {
                self.push_result(|d| I::RefFunc(d, function_index), None)
            }
            O::RefAsNonNull => {
                let s = self.top_slot()?;
                self.emit(I::RefAsNonNull(s));
            }
            O::BrOnNull { relative_depth } => {
                let s = self.top_slot()?;
                let r = self.pop()?.0;
                self.branch_to_if(Cond::Eqz(W::I64, s), relative_depth)?;
                self.push(r);
            }
            O::BrOnNonNull { relative_depth } => {
                let s = self.top_slot()?;
                self.branch_to_if(Cond::Nez(W::I64, s), relative_depth)?;
                self.pop()?;
            }

            O::TableGet { table } => {
                let s = self.pop_slot()?;
                self.push_result(|d| I::TableGet(d, s, table), None);
            }
            O::TableSet { table } => {
                let sv = self.pop_slot()?;
                let si = self.pop_slot()?;
                self.emit(I::TableSet(si, sv, table));
            }
            O::TableSize { table } => self.push_result(|d| I::TableSize(d, table), None),
            O::TableGrow { table } => {
                let b = self.bulk(2)?;
                self.push(Opd::Temp);
                self.emit(I::TableGrow(b, table));
            }
            O::TableFill { table } => {
                let b = self.bulk(3)?;
                self.emit(I::TableFill(b, table));
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let b = self.bulk(3)?;
                self.emit(I::TableCopy(b, dst_table, src_table));
            }
            O::TableInit { elem_index, table } => {
                let b = self.bulk(3)?;
                self.emit(I::TableInit(b, table, elem_index));
            }
            O::ElemDrop { elem_index } => {
                self.emit(I::ElemDrop(elem_index));
            }

            other => {
                let dbg = format!("{other:?}");
                let name = dbg
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or("operator")
                    .to_string();
                return Err(Error::unsupported(
                    Some(offset),
                    format!("{name} (not supported)"),
                ));
            }
        }
        Ok(())
    }
}
