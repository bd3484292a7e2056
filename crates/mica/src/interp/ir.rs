//! The interpreter's register-style IR.
//!
//! A function's frame is a window of the value stack: parameters, then declared locals, then
//! temporaries (one per operand-stack position). Every instruction names the slots it reads and
//! writes by their index relative to the frame base; constants are folded into immediates where
//! a form exists. Instructions are 16 bytes. Branch offsets are relative to the instruction
//! that follows the branch.

/// A slot index relative to the current frame base.
pub(crate) type Slot = u32;
/// A branch offset in instructions, relative to the next instruction.
pub(crate) type Off = i32;

macro_rules! instrs {
    (
        // Instructions whose first field is the one slot they write (after reading all their
        // operands): the translator may redirect that write straight into a local.
        dst { $( $(#[$dm:meta])* $dname:ident ( $($dty:ty),* ) ),* $(,)? }
        // Branches: their last field is the branch offset.
        branch { $( $(#[$bm:meta])* $bname:ident ( $($bty:ty),* ) ),* $(,)? }
        // Everything else.
        other { $( $(#[$om:meta])* $oname:ident ( $($oty:ty),* ) ),* $(,)? }
    ) => {
        /// One IR instruction. `repr(u16)`: the first two bytes are the opcode, which indexes
        /// [`HANDLERS`].
        #[derive(Clone, Copy, Debug)]
        #[repr(u16)]
        pub(crate) enum Instr {
            $( $(#[$dm])* $dname(Slot, $($dty),*), )*
            $( $(#[$bm])* $bname($($bty,)* Off), )*
            $( $(#[$om])* $oname($($oty),*), )*
        }

        /// The handler of every opcode, in opcode (declaration) order: handlers are named after
        /// their instruction, so the table cannot fall out of step with the enum.
        pub(crate) static HANDLERS: [super::handlers::Handler; [
            $( stringify!($dname), )* $( stringify!($bname), )* $( stringify!($oname), )*
        ].len()] = [
            $( super::handlers::$dname, )* $( super::handlers::$bname, )* $( super::handlers::$oname, )*
        ];

        impl Instr {
            /// The destination slot of a single-result instruction, if it has one that may be
            /// redirected.
            pub(crate) fn dst_mut(&mut self) -> Option<&mut Slot> {
                match self {
                    $( Instr::$dname(d, ..) => Some(d), )*
                    _ => None,
                }
            }

            /// The branch offset of a branch instruction.
            pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut Off> {
                match self {
                    $( Instr::$bname(.., o) => Some(o), )*
                    _ => None,
                }
            }

        }
    };
}

instrs! {
    dst {
        // Loads at `slot + imm` (32-bit wrapping sum, offset 0): an `i32.add` of a constant fused
        // with the load that consumes it (see `translate::fuse_address_adds`).
        I32LoadAddImm(Slot, i32), I64LoadAddImm(Slot, i32), I32Load8UAddImm(Slot, i32),
        I32Load8SAddImm(Slot, i32), I32Load16UAddImm(Slot, i32), I32Load16SAddImm(Slot, i32),
        // Accumulator forms (see `translate::use_accumulator`): the operand written by the
        // previous instruction is read from the accumulator register instead of its slot.
        I32AddAccL(Slot), I32MulAccL(Slot), I32AndAccL(Slot), I32OrAccL(Slot),
        I32XorAccL(Slot), I32EqAccL(Slot), I32NeAccL(Slot), I64AddAccL(Slot),
        I64MulAccL(Slot), I64AndAccL(Slot), I64OrAccL(Slot), I64XorAccL(Slot),
        F64AddAccL(Slot), F64MulAccL(Slot), F32AddAccL(Slot), F32MulAccL(Slot),
        I32SubAccL(Slot), I32SubAccR(Slot), I32ShlAccL(Slot), I32ShlAccR(Slot),
        I32ShrSAccL(Slot), I32ShrSAccR(Slot), I32ShrUAccL(Slot), I32ShrUAccR(Slot),
        I64SubAccL(Slot), I64SubAccR(Slot), I64ShlAccL(Slot), I64ShlAccR(Slot),
        I64ShrSAccL(Slot), I64ShrSAccR(Slot), I64ShrUAccL(Slot), I64ShrUAccR(Slot),
        F64SubAccL(Slot), F64SubAccR(Slot), F64DivAccL(Slot), F64DivAccR(Slot),
        F32SubAccL(Slot), F32SubAccR(Slot), I32AddImmAcc(i32), I32MulImmAcc(i32),
        I32AndImmAcc(i32), I32OrImmAcc(i32), I32XorImmAcc(i32), I32ShlImmAcc(i32),
        I32ShrSImmAcc(i32), I32ShrUImmAcc(i32), I32RotlImmAcc(i32), I32EqImmAcc(i32),
        I32NeImmAcc(i32), I64AddImmAcc(i32), I64MulImmAcc(i32), I64AndImmAcc(i32),
        I64OrImmAcc(i32), I64XorImmAcc(i32), I64ShlImmAcc(i32), I64ShrSImmAcc(i32),
        I64ShrUImmAcc(i32), I64RotlImmAcc(i32), I32EqzAcc(), I32WrapI64Acc(),
        I64ExtendI32SAcc(), I64ExtendI32UAcc(), I64EqzAcc(), F64ConvertI32SAcc(),
        F64ConvertI32UAcc(), I32LoadAcc(u32), I64LoadAcc(u32), I32Load8UAcc(u32),
        I32Load8SAcc(u32), I32Load16UAcc(u32), I32Load16SAcc(u32), CopyAcc(),
        I32LoadAddImmAcc(i32), I64LoadAddImmAcc(i32), I32Load8UAddImmAcc(i32),
        I32Load8SAddImmAcc(i32), I32Load16UAddImmAcc(i32), I32Load16SAddImmAcc(i32),
        /// `dst = src - acc * imm`: a multiply by a constant fused with the subtraction that
        /// consumes it (`x - (x / c) * c`, a remainder from its quotient; see
        /// `translate::fuse_pairs`): (src, imm).
        I32SubMulImmAcc(Slot, i32), I64SubMulImmAcc(Slot, i32),
        /// `dst = acc != 0 ? a : b` (a `Select` whose condition is in the accumulator; its
        /// `Data` word stays and is skipped).
        SelectAcc(Slot, Slot),
        /// `dst = src`
        Copy(Slot),
        /// `dst = imm` (32-bit, zero-extended)
        Const32(u32),
        /// `dst = lo | hi << 32`
        Const64(u32, u32),
        /// `dst = cond != 0 ? a : b`; followed by `Data(cond, _, _)`.
        Select(Slot, Slot),
        /// Unsigned division and remainder by a constant, as a multiply (`ops::udiv_magic`):
        /// (src, low half of the magic number); followed by `Data(high half, shift, divisor)`.
        I32DivUMagic(Slot, u32), I64DivUMagic(Slot, u32), I32RemUMagic(Slot, u32),
        I64RemUMagic(Slot, u32),
        /// The same with the dividend in the accumulator: (low half of the magic number).
        I32DivUMagicAcc(u32), I64DivUMagicAcc(u32), I32RemUMagicAcc(u32), I64RemUMagicAcc(u32),
        /// i64 operations with a constant no 32-bit immediate covers: (src, low half of the
        /// constant); followed by `Data(high half, 0, 0)`.
        I64AddImm64(Slot, u32), I64MulImm64(Slot, u32), I64AndImm64(Slot, u32),
        I64OrImm64(Slot, u32), I64XorImm64(Slot, u32),
        /// The same with the operand in the accumulator: (low half).
        I64AddImm64Acc(u32), I64MulImm64Acc(u32), I64AndImm64Acc(u32), I64OrImm64Acc(u32),
        I64XorImm64Acc(u32),
        /// Xorshift steps, `dst = x ^ (x << k)` and `dst = x ^ (x >> k)` (unsigned), reading `x`
        /// once (see `translate::fuse_pairs`): (x, k).
        I32XorShlImm(Slot, u32), I32XorShrUImm(Slot, u32), I64XorShlImm(Slot, u32),
        I64XorShrUImm(Slot, u32),
        /// The same with `x` in the accumulator: (k).
        I32XorShlImmAcc(u32), I32XorShrUImmAcc(u32), I64XorShlImmAcc(u32), I64XorShrUImmAcc(u32),
        /// `dst = global[idx]` (module index of an imported global)
        GlobalGet(u32),
        /// `dst = global[imported + idx]` (index among the module's defined globals)
        GlobalGetOwn(u32),
        /// `dst = ref.func idx` (module function index)
        RefFunc(u32),
        /// `dst = memory.size mem`
        MemorySize(u32),
        /// `dst = load(mem, addr + offset)`: (addr, offset), for a memory other than 0;
        /// followed by `Data(mem, kind, 0)` (`kind`: see [`LoadKind`]).
        LoadMem(Slot, u32),
        /// `dst = table[t][idx]`: (idx, table)
        TableGet(Slot, u32),
        /// `dst = table.size t`
        TableSize(u32),

        // Loads: (addr, offset). f32/f64 loads are I32Load/I64Load; unsigned i64 narrow loads
        // are the i32 ones (slots hold zero-extended values).
        I32Load(Slot, u32),
        I64Load(Slot, u32),
        I32Load8S(Slot, u32),
        I32Load8U(Slot, u32),
        I32Load16S(Slot, u32),
        I32Load16U(Slot, u32),
        I64Load8S(Slot, u32),
        I64Load16S(Slot, u32),
        I64Load32S(Slot, u32),
        /// `f64.load` (the value also goes to the float accumulator): (addr, offset).
        F64Load(Slot, u32),
        /// `f64.load` at `slot + imm` (see `I32LoadAddImm`).
        F64LoadAddImm(Slot, i32),
        /// `f64.load` with the address in the accumulator: offset.
        F64LoadAcc(u32),
        /// `f64.load` at `acc + imm`.
        F64LoadAddImmAcc(i32),
        // Loads from a constant effective address (address + offset, below 2^32).
        I32LoadAbs(u32),
        I64LoadAbs(u32),
        I32Load8SAbs(u32),
        I32Load8UAbs(u32),
        I32Load16SAbs(u32),
        I32Load16UAbs(u32),
        I64Load8SAbs(u32),
        I64Load16SAbs(u32),
        I64Load32SAbs(u32),

        // i32 binary
        I32Add(Slot, Slot), I32Sub(Slot, Slot), I32Mul(Slot, Slot),
        I32DivS(Slot, Slot), I32DivU(Slot, Slot), I32RemS(Slot, Slot), I32RemU(Slot, Slot),
        I32And(Slot, Slot), I32Or(Slot, Slot), I32Xor(Slot, Slot),
        I32Shl(Slot, Slot), I32ShrS(Slot, Slot), I32ShrU(Slot, Slot),
        I32Rotl(Slot, Slot), I32Rotr(Slot, Slot),
        I32Eq(Slot, Slot), I32Ne(Slot, Slot),
        I32LtS(Slot, Slot), I32LtU(Slot, Slot), I32GtS(Slot, Slot), I32GtU(Slot, Slot),
        I32LeS(Slot, Slot), I32LeU(Slot, Slot), I32GeS(Slot, Slot), I32GeU(Slot, Slot),
        // i32 binary with immediate right operand
        I32AddImm(Slot, i32), I32MulImm(Slot, i32),
        I32DivSImm(Slot, i32), I32DivUImm(Slot, i32), I32RemSImm(Slot, i32), I32RemUImm(Slot, i32),
        I32AndImm(Slot, i32), I32OrImm(Slot, i32), I32XorImm(Slot, i32),
        I32ShlImm(Slot, i32), I32ShrSImm(Slot, i32), I32ShrUImm(Slot, i32),
        I32RotlImm(Slot, i32), I32RotrImm(Slot, i32),
        I32EqImm(Slot, i32), I32NeImm(Slot, i32),
        I32LtSImm(Slot, i32), I32LtUImm(Slot, i32), I32GtSImm(Slot, i32), I32GtUImm(Slot, i32),
        I32LeSImm(Slot, i32), I32LeUImm(Slot, i32), I32GeSImm(Slot, i32), I32GeUImm(Slot, i32),
        /// `dst = imm - src`
        I32SubImmRev(Slot, i32),

        // i64 binary
        I64Add(Slot, Slot), I64Sub(Slot, Slot), I64Mul(Slot, Slot),
        I64DivS(Slot, Slot), I64DivU(Slot, Slot), I64RemS(Slot, Slot), I64RemU(Slot, Slot),
        I64And(Slot, Slot), I64Or(Slot, Slot), I64Xor(Slot, Slot),
        I64Shl(Slot, Slot), I64ShrS(Slot, Slot), I64ShrU(Slot, Slot),
        I64Rotl(Slot, Slot), I64Rotr(Slot, Slot),
        I64Eq(Slot, Slot), I64Ne(Slot, Slot),
        I64LtS(Slot, Slot), I64LtU(Slot, Slot), I64GtS(Slot, Slot), I64GtU(Slot, Slot),
        I64LeS(Slot, Slot), I64LeU(Slot, Slot), I64GeS(Slot, Slot), I64GeU(Slot, Slot),
        // i64 binary with a sign-extended 32-bit immediate right operand
        I64AddImm(Slot, i32), I64MulImm(Slot, i32),
        I64DivSImm(Slot, i32), I64DivUImm(Slot, i32), I64RemSImm(Slot, i32), I64RemUImm(Slot, i32),
        I64AndImm(Slot, i32), I64OrImm(Slot, i32), I64XorImm(Slot, i32),
        I64ShlImm(Slot, i32), I64ShrSImm(Slot, i32), I64ShrUImm(Slot, i32),
        I64RotlImm(Slot, i32), I64RotrImm(Slot, i32),
        I64EqImm(Slot, i32), I64NeImm(Slot, i32),
        I64LtSImm(Slot, i32), I64LtUImm(Slot, i32), I64GtSImm(Slot, i32), I64GtUImm(Slot, i32),
        I64LeSImm(Slot, i32), I64LeUImm(Slot, i32), I64GeSImm(Slot, i32), I64GeUImm(Slot, i32),
        /// `dst = imm - src`
        I64SubImmRev(Slot, i32),

        // float binary
        F32Add(Slot, Slot), F32Sub(Slot, Slot), F32Mul(Slot, Slot), F32Div(Slot, Slot),
        F32Min(Slot, Slot), F32Max(Slot, Slot), F32Copysign(Slot, Slot),
        F32Eq(Slot, Slot), F32Ne(Slot, Slot), F32Lt(Slot, Slot), F32Gt(Slot, Slot),
        F32Le(Slot, Slot), F32Ge(Slot, Slot),
        F64Add(Slot, Slot), F64Sub(Slot, Slot), F64Mul(Slot, Slot), F64Div(Slot, Slot),
        F64Min(Slot, Slot), F64Max(Slot, Slot), F64Copysign(Slot, Slot),
        F64Eq(Slot, Slot), F64Ne(Slot, Slot), F64Lt(Slot, Slot), F64Gt(Slot, Slot),
        F64Le(Slot, Slot), F64Ge(Slot, Slot),

        // unary
        I32Clz(Slot), I32Ctz(Slot), I32Popcnt(Slot), I32Eqz(Slot),
        I32Extend8S(Slot), I32Extend16S(Slot),
        I64Clz(Slot), I64Ctz(Slot), I64Popcnt(Slot), I64Eqz(Slot),
        I64Extend8S(Slot), I64Extend16S(Slot), I64Extend32S(Slot),
        F32Abs(Slot), F32Neg(Slot), F32Ceil(Slot), F32Floor(Slot), F32Trunc(Slot),
        F32Nearest(Slot), F32Sqrt(Slot),
        F64Abs(Slot), F64Neg(Slot), F64Ceil(Slot), F64Floor(Slot), F64Trunc(Slot),
        F64Nearest(Slot), F64Sqrt(Slot),
        I32WrapI64(Slot),
        I32TruncF32S(Slot), I32TruncF32U(Slot), I32TruncF64S(Slot), I32TruncF64U(Slot),
        I64ExtendI32S(Slot), I64ExtendI32U(Slot),
        I64TruncF32S(Slot), I64TruncF32U(Slot), I64TruncF64S(Slot), I64TruncF64U(Slot),
        F32ConvertI32S(Slot), F32ConvertI32U(Slot), F32ConvertI64S(Slot), F32ConvertI64U(Slot),
        F32DemoteF64(Slot),
        F64ConvertI32S(Slot), F64ConvertI32U(Slot), F64ConvertI64S(Slot), F64ConvertI64U(Slot),
        F64PromoteF32(Slot),
        I32TruncSatF32S(Slot), I32TruncSatF32U(Slot), I32TruncSatF64S(Slot), I32TruncSatF64U(Slot),
        I64TruncSatF32S(Slot), I64TruncSatF32U(Slot), I64TruncSatF64S(Slot), I64TruncSatF64U(Slot),
    }
    branch {
        // Accumulator forms (see `translate::use_accumulator`): the operand written by the
        // previous instruction is read from the accumulator register instead of its slot.
        BrIfI32EqAccL(Slot), BrIfI32EqImmAcc(i32), BrIfI32NeAccL(Slot), BrIfI32NeImmAcc(i32),
        BrIfI32LtSAccL(Slot), BrIfI32LtSImmAcc(i32), BrIfI32LtUAccL(Slot), BrIfI32LtUImmAcc(i32),
        BrIfI32GtSAccL(Slot), BrIfI32GtSImmAcc(i32), BrIfI32GtUAccL(Slot), BrIfI32GtUImmAcc(i32),
        BrIfI32LeSAccL(Slot), BrIfI32LeSImmAcc(i32), BrIfI32LeUAccL(Slot), BrIfI32LeUImmAcc(i32),
        BrIfI32GeSAccL(Slot), BrIfI32GeSImmAcc(i32), BrIfI32GeUAccL(Slot), BrIfI32GeUImmAcc(i32),
        BrIfI64EqAccL(Slot), BrIfI64EqImmAcc(i32), BrIfI64NeAccL(Slot), BrIfI64NeImmAcc(i32),
        BrIfI64LtSAccL(Slot), BrIfI64LtSImmAcc(i32), BrIfI64LtUAccL(Slot), BrIfI64LtUImmAcc(i32),
        BrIfI64GtSAccL(Slot), BrIfI64GtSImmAcc(i32), BrIfI64GtUAccL(Slot), BrIfI64GtUImmAcc(i32),
        BrIfI64LeSAccL(Slot), BrIfI64LeSImmAcc(i32), BrIfI64LeUAccL(Slot), BrIfI64LeUImmAcc(i32),
        BrIfI64GeSAccL(Slot), BrIfI64GeSImmAcc(i32), BrIfI64GeUAccL(Slot), BrIfI64GeUImmAcc(i32),
        BrIfNezAcc(), BrIfEqzAcc(), BrIfNez64Acc(), BrIfEqz64Acc(),
        /// Loop counters (see `translate::fuse_pairs`): `d += imm` (i32), then branch if
        /// `d <cond> rhs`, `rhs` a slot or, in the `Imm` forms, a constant: (d, imm, rhs).
        /// The accumulator ends with the new `d`.
        BrIfAddImmEq(u16, i16, Slot), BrIfAddImmEqImm(u16, i16, i32), BrIfAddImmNe(u16, i16, Slot), BrIfAddImmNeImm(u16, i16, i32),
        BrIfAddImmLtS(u16, i16, Slot), BrIfAddImmLtSImm(u16, i16, i32), BrIfAddImmLtU(u16, i16, Slot), BrIfAddImmLtUImm(u16, i16, i32),
        BrIfAddImmGtS(u16, i16, Slot), BrIfAddImmGtSImm(u16, i16, i32), BrIfAddImmGtU(u16, i16, Slot), BrIfAddImmGtUImm(u16, i16, i32),
        BrIfAddImmLeS(u16, i16, Slot), BrIfAddImmLeSImm(u16, i16, i32), BrIfAddImmLeU(u16, i16, Slot), BrIfAddImmLeUImm(u16, i16, i32),
        BrIfAddImmGeS(u16, i16, Slot), BrIfAddImmGeSImm(u16, i16, i32), BrIfAddImmGeU(u16, i16, Slot), BrIfAddImmGeUImm(u16, i16, i32),
        /// The same with a slot for the increment: `d += s`: (d, s, rhs).
        BrIfAddEq(u16, u16, Slot), BrIfAddEqImm(u16, u16, i32), BrIfAddNe(u16, u16, Slot), BrIfAddNeImm(u16, u16, i32),
        BrIfAddLtS(u16, u16, Slot), BrIfAddLtSImm(u16, u16, i32), BrIfAddLtU(u16, u16, Slot), BrIfAddLtUImm(u16, u16, i32),
        BrIfAddGtS(u16, u16, Slot), BrIfAddGtSImm(u16, u16, i32), BrIfAddGtU(u16, u16, Slot), BrIfAddGtUImm(u16, u16, i32),
        BrIfAddLeS(u16, u16, Slot), BrIfAddLeSImm(u16, u16, i32), BrIfAddLeU(u16, u16, Slot), BrIfAddLeUImm(u16, u16, i32),
        BrIfAddGeS(u16, u16, Slot), BrIfAddGeSImm(u16, u16, i32), BrIfAddGeU(u16, u16, Slot), BrIfAddGeUImm(u16, u16, i32),
        /// Unconditional branch.
        Br(),
        /// Branch if the i32 in the slot is non-zero.
        BrIfNez(Slot),
        /// Branch if the i32 in the slot is zero.
        BrIfEqz(Slot),
        /// Branch if the 64-bit slot (i64 or reference) is non-zero.
        BrIfNez64(Slot),
        /// Branch if the 64-bit slot (i64 or reference) is zero.
        BrIfEqz64(Slot),
        // Fused compare-and-branch.
        BrIfI32Eq(Slot, Slot), BrIfI32Ne(Slot, Slot),
        BrIfI32LtS(Slot, Slot), BrIfI32LtU(Slot, Slot), BrIfI32GtS(Slot, Slot), BrIfI32GtU(Slot, Slot),
        BrIfI32LeS(Slot, Slot), BrIfI32LeU(Slot, Slot), BrIfI32GeS(Slot, Slot), BrIfI32GeU(Slot, Slot),
        BrIfI32EqImm(Slot, i32), BrIfI32NeImm(Slot, i32),
        BrIfI32LtSImm(Slot, i32), BrIfI32LtUImm(Slot, i32), BrIfI32GtSImm(Slot, i32), BrIfI32GtUImm(Slot, i32),
        BrIfI32LeSImm(Slot, i32), BrIfI32LeUImm(Slot, i32), BrIfI32GeSImm(Slot, i32), BrIfI32GeUImm(Slot, i32),
        BrIfI64Eq(Slot, Slot), BrIfI64Ne(Slot, Slot),
        BrIfI64LtS(Slot, Slot), BrIfI64LtU(Slot, Slot), BrIfI64GtS(Slot, Slot), BrIfI64GtU(Slot, Slot),
        BrIfI64LeS(Slot, Slot), BrIfI64LeU(Slot, Slot), BrIfI64GeS(Slot, Slot), BrIfI64GeU(Slot, Slot),
        BrIfI64EqImm(Slot, i32), BrIfI64NeImm(Slot, i32),
        BrIfI64LtSImm(Slot, i32), BrIfI64LtUImm(Slot, i32), BrIfI64GtSImm(Slot, i32), BrIfI64GtUImm(Slot, i32),
        BrIfI64LeSImm(Slot, i32), BrIfI64LeUImm(Slot, i32), BrIfI64GeSImm(Slot, i32), BrIfI64GeUImm(Slot, i32),
    }
    other {
        /// `d = a; d + 1 = b`, in that order (two copies to consecutive slots, as call
        /// arguments are placed; see `translate::fuse_pairs`): (d, a, b). The accumulator ends
        /// with the second value.
        Copy2(Slot, Slot, Slot),
        /// Stores at `slot + imm` (32-bit wrapping sum, offset 0): (addr, value, imm).
        I32StoreAddImm(Slot, Slot, i32), I64StoreAddImm(Slot, Slot, i32),
        I32Store8AddImm(Slot, Slot, i32), I32Store16AddImm(Slot, Slot, i32),
        // Accumulator forms (see `translate::use_accumulator`): the operand written by the
        // previous instruction is read from the accumulator register instead of its slot.
        I32StoreAccV(Slot, u32), I32StoreAccA(Slot, u32), I64StoreAccV(Slot, u32), I64StoreAccA(Slot, u32),
        I32Store8AccV(Slot, u32), I32Store8AccA(Slot, u32), I32Store16AccV(Slot, u32), I32Store16AccA(Slot, u32),
        I32StoreAddImmAccV(Slot, i32), I32StoreAddImmAccA(Slot, i32),
        I64StoreAddImmAccV(Slot, i32), I64StoreAddImmAccA(Slot, i32),
        I32Store8AddImmAccV(Slot, i32), I32Store8AddImmAccA(Slot, i32),
        I32Store16AddImmAccV(Slot, i32), I32Store16AddImmAccA(Slot, i32),
        /// A store of the accumulator followed by an in-place i32 increment (a pointer or
        /// counter step; see `translate::fuse_steps`): `store(addr + off, acc); d += imm`:
        /// (addr, off, d, imm). The accumulator ends with the new `d`.
        I32StoreAccVInc(Slot, u32, u16, i16), I64StoreAccVInc(Slot, u32, u16, i16),
        /// A byte constant stored, then a pointer stepped by a slot (a strided fill: the
        /// sieve's `a[j] = 1; j += i`): `store8(addr + off, v); d += s`: (v, addr, off, d, s).
        /// The accumulator ends with the new `d`.
        I32Store8ImmStep(u8, Slot, u32, u16, u16),
        /// Two in-place i32 increments, `d1 += i1; d2 += i2`: (d1, i1, d2, i2). The
        /// accumulator ends with the new `d2`.
        I32Inc2(u16, i16, u16, i16),
        /// Array loads: `dst = load((idx << 2) + imm)` (i32) and `dst = load((idx << 3) +
        /// imm)` (i64), 32-bit wrapping address, offset 0: a scaled index fused with the load
        /// it feeds (see `translate::fuse_pairs`): (dst, idx, imm).
        I32LoadIdx4(Slot, Slot, i32), I64LoadIdx8(Slot, Slot, i32),
        /// `dst = src * f64.load(addr + offset)`: (offset, dst, src, addr); see
        /// `translate::fuse_pairs`.
        F64MulLoad(u16, Slot, Slot, Slot),
        /// `dst = src + f64.load(addr + offset)`: (offset, dst, src, addr).
        F64AddLoad(u16, Slot, Slot, Slot),
        /// Traps with `unreachable`.
        Unreachable(),
        /// Operands of the preceding instruction; never executed.
        #[allow(dead_code)]
        Data(u32, u32, u32),
        /// `(index, len)`: followed by `len + 1` `Br` instructions (only `Br`: jump threading
        /// leaves table entries as branches); jumps to the target of the `min(index, len)`-th.
        BrTable(Slot, u32),
        /// `BrTable` with the index in the accumulator.
        BrTableAcc(u32),
        /// Return with no results.
        Return0(),
        /// Return one result from the slot.
        Return1(Slot),
        /// Return one 32-bit constant.
        ReturnImm32(u32),
        /// `(first, n)`: return the `n` results in consecutive slots from `first`.
        ReturnN(Slot, u32),
        /// `(func, base)`: call the module function `func` (an import) with arguments in the
        /// slots from `base`; results come back from `base`.
        Call(u32, Slot),
        /// `(def_index, base)`: call a function defined in this module.
        CallInternal(u32, Slot),
        /// `(base, index_slot, sig)`: `sig` indexes the function's `(type, table)` side table.
        CallIndirect(Slot, Slot, u32),
        /// `(base, ref_slot)`
        CallRef(Slot, Slot),
        /// Tail calls, like the calls above; arguments are moved to the frame base.
        ReturnCall(u32, Slot),
        ReturnCallInternal(u32, Slot),
        ReturnCallIndirect(Slot, Slot, u32),
        ReturnCallRef(Slot, Slot),
        /// `(src, global)` (module index of an imported global)
        GlobalSet(Slot, u32),
        /// `(src, defined global index)`
        GlobalSetOwn(Slot, u32),
        /// Stores: (addr, value, offset).
        I32Store8(Slot, Slot, u32),
        I32Store16(Slot, Slot, u32),
        I32Store(Slot, Slot, u32),
        I64Store(Slot, Slot, u32),
        /// Stores to a constant effective address: (value, address).
        I32Store8Abs(Slot, u32),
        I32Store16Abs(Slot, u32),
        I32StoreAbs(Slot, u32),
        I64StoreAbs(Slot, u32),
        /// Stores of a constant: (addr, value, offset); the i64 value is sign-extended.
        I32Store8Imm(Slot, u32, u32),
        I32Store16Imm(Slot, u32, u32),
        I32StoreImm(Slot, u32, u32),
        I64StoreImm(Slot, i32, u32),
        /// Stores to a memory other than 0: (addr, value, offset); followed by
        /// `Data(mem, width, 0)` (`width`: 1, 2, 4 or 8 bytes, low bytes of the value).
        StoreMem(Slot, Slot, u32),
        /// `(dst, delta, mem)`
        MemoryGrow(Slot, Slot, u32),
        /// Operands in three consecutive slots from `base`: (dst, value, len); memory.
        MemoryFill(Slot, u32),
        /// (dst, src, len) from `base`; destination memory, source memory.
        MemoryCopy(Slot, u32, u32),
        /// (dst, src, len) from `base`; data segment, memory.
        MemoryInit(Slot, u32, u32),
        DataDrop(u32),
        /// Fuel and interruption check at a function entry or loop header: charges `fuel`
        /// units (when fuel is on; 0 otherwise) and, if `interrupt != 0`, traps when the
        /// store's interrupt flag is set. Only emitted when the engine enables either.
        Check(u32, u32),
        /// `(index, value, table)`
        TableSet(Slot, Slot, u32),
        /// (init, delta) from `base`, result at `base`; table.
        TableGrow(Slot, u32),
        /// (index, value, len) from `base`; table.
        TableFill(Slot, u32),
        /// (dst, src, len) from `base`; dst table, src table.
        TableCopy(Slot, u32, u32),
        /// (dst, src, len) from `base`; table, element segment.
        TableInit(Slot, u32, u32),
        ElemDrop(u32),
        /// Traps if the reference in the slot is null.
        RefAsNonNull(Slot),
    }
}

impl Instr {
    /// The branch offset, if this is a branch.
    pub(crate) fn branch_offset(mut self) -> Option<Off> {
        self.branch_offset_mut().copied()
    }

    /// The destination slot, if this is a single-result instruction (see `dst_mut`).
    pub(crate) fn dst(mut self) -> Option<Slot> {
        self.dst_mut().copied()
    }
}

/// The access of a `LoadMem` (the `Data` word's second field).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(non_camel_case_types)]
pub(crate) enum LoadKind {
    I32 = 0,
    I64,
    I32_8S,
    I32_8U,
    I32_16S,
    I32_16U,
    I64_8S,
    I64_16S,
    I64_32S,
}

impl LoadKind {
    pub(crate) const ALL: [LoadKind; 9] = [
        LoadKind::I32,
        LoadKind::I64,
        LoadKind::I32_8S,
        LoadKind::I32_8U,
        LoadKind::I32_16S,
        LoadKind::I32_16U,
        LoadKind::I64_8S,
        LoadKind::I64_16S,
        LoadKind::I64_32S,
    ];
}

const _: () = assert!(std::mem::size_of::<Instr>() == 16);

/// An instruction as the executor runs it: its handler, then the instruction (direct
/// threading: dispatching is one load and an indirect jump, without a table lookup).
#[derive(Clone, Copy)]
pub(crate) struct Op {
    pub(super) handler: super::handlers::Handler,
    pub(crate) instr: Instr,
}

impl Op {
    /// `instr` with the handler of its opcode.
    pub(crate) fn new(instr: Instr) -> Self {
        // SAFETY: `Instr` is `repr(u16)`: its first two bytes are the discriminant.
        let opcode = unsafe { *std::ptr::from_ref(&instr).cast::<u16>() };
        Op {
            handler: HANDLERS[usize::from(opcode)],
            instr,
        }
    }
}

impl std::fmt::Debug for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.instr.fmt(f)
    }
}

const _: () = assert!(std::mem::size_of::<Op>() == 24);
