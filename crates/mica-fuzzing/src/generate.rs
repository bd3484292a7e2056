//! Module generation with `wasm-smith`, restricted to what both mica and wasmi 2.0 execute.
//!
//! Enabled: the MVP, mutable globals, sign extension, saturating float-to-int, multi-value,
//! bulk memory, reference types (several tables), tail calls and extended constant
//! expressions. Disabled: SIMD, relaxed SIMD, threads, GC (and with it typed function
//! references), exceptions, memory64, multi-memory, custom page sizes, wide arithmetic,
//! compact imports and the other pre-standard proposals.
//!
//! Every generated module canonicalises NaNs (so float results are deterministic) and is
//! made to terminate with wasm-smith's `ensure_termination`: a fuel global, decremented at
//! each function entry and loop header, that traps with `unreachable` when it reaches zero.
//! `f32.demote_f64`/`f64.promote_f32`, which wasm-smith leaves alone, are made NaN-deterministic
//! too ([`finish`]).

use arbitrary::{Result, Unstructured};
use wasm_smith::{Config, InstructionKind, InstructionKinds};

/// Fuel of the termination global (function entries plus loop iterations per instance).
pub const DEFAULT_FUEL: u32 = 1000;

/// Largest memory size (initial or maximum) a generated module declares: 16 pages.
pub const MAX_MEMORY_BYTES: u64 = 16 * 65536;

/// Largest table size a generated module declares.
pub const MAX_TABLE_ELEMENTS: u64 = 1000;

/// The instruction kinds a module may be restricted to (no vector or aggregate kinds: SIMD
/// and GC are off anyway).
const KINDS: [InstructionKind; 9] = [
    InstructionKind::NumericInt,
    InstructionKind::Numeric,
    InstructionKind::Reference,
    InstructionKind::Parametric,
    InstructionKind::Variable,
    InstructionKind::Table,
    InstructionKind::MemoryInt,
    InstructionKind::Memory,
    InstructionKind::Control,
];

/// The fixed part of the configuration: the proposals and the size caps.
pub fn base_config() -> Config {
    Config {
        // Proposals mica and wasmi 2.0 both support.
        sign_extension_ops_enabled: true,
        saturating_float_to_int_enabled: true,
        multi_value_enabled: true,
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        tail_call_enabled: true,
        extended_const_enabled: true,
        // Everything else off.
        simd_enabled: false,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        gc_enabled: false,
        exceptions_enabled: false,
        memory64_enabled: false,
        custom_page_sizes_enabled: false,
        wide_arithmetic_enabled: false,
        compact_imports_enabled: false,
        custom_descriptors_enabled: false,
        acquire_release_atomics_enabled: false,
        multibyte_array_access_enabled: false,
        max_memories: 1,
        max_tags: 0,
        // Deterministic execution and bounded resources.
        canonicalize_nans: true,
        max_memory32_bytes: MAX_MEMORY_BYTES,
        max_table_elements: MAX_TABLE_ELEMENTS,
        max_tables: 3,
        max_funcs: 30,
        max_instructions: 200,
        max_globals: 20,
        max_imports: 12,
        max_exports: 40,
        max_data_segments: 10,
        max_element_segments: 10,
        max_elements: 40,
        max_types: 30,
        ..Config::default()
    }
}

/// A configuration for one module: [`base_config`] with some knobs drawn from `u` (swarm
/// testing: each module gets its own mix of instruction kinds, sizes and shapes).
pub fn config(u: &mut Unstructured<'_>) -> Result<Config> {
    let mut c = base_config();
    c.max_funcs = u.int_in_range(1..=30)?;
    c.max_instructions = u.int_in_range(10..=300)?;
    c.max_imports = if u.ratio(1, 3)? {
        0
    } else {
        u.int_in_range(0..=12)?
    };
    c.max_tables = u.int_in_range(0..=3)?;
    c.max_globals = u.int_in_range(0..=20)?;
    c.min_types = 1;
    c.min_funcs = 1;
    c.export_everything = u.ratio(3, 4)?;
    c.min_exports = if c.export_everything { 0 } else { 1 };
    c.allow_floats = u.ratio(3, 4)?;
    // wasm-smith's `disallow_traps` guards every division with
    // `d == 0 ? 1 : d` built from `select` over a local, a shape wasmi 2.0.0 miscompiles (wrong
    // values and spurious divide-by-zero traps: tests/regressions/wasmi_rem_s_after_select.wat,
    // wasmi_div_s_after_select.wat). The draw is kept so inputs map to the same modules
    // otherwise; the `disallow_traps` config knob is off until wasmi is fixed.
    let _disallow_traps: bool = u.ratio(1, 8)?;
    c.disallow_traps = false;
    c.memory_max_size_required = u.ratio(1, 4)?;
    c.table_max_size_required = u.ratio(1, 4)?;
    c.allow_start_export = u.ratio(3, 4)?;
    if u.ratio(1, 3)? {
        let mut kinds = Vec::new();
        for kind in KINDS {
            if u.ratio(2, 3)? {
                kinds.push(kind);
            }
        }
        // Control is what makes functions interesting; keep it.
        if !kinds.contains(&InstructionKind::Control) {
            kinds.push(InstructionKind::Control);
        }
        c.allowed_instructions = InstructionKinds::new(&kinds);
    }
    Ok(c)
}

/// Generates one module's binary from `u`, with termination guaranteed by a fuel of
/// [`DEFAULT_FUEL`].
pub fn module(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    Ok(generated(u)?.bytes)
}

/// A generated module and what the oracle should know about how it was made.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The module binary.
    pub bytes: Vec<u8>,
    /// Generated with wasm-smith's `disallow_traps`: every division and conversion is guarded,
    /// so the only traps a correct runtime can raise are `unreachable` (fuel), host traps and
    /// exhaustion.
    pub traps_disallowed: bool,
}

/// Like [`module`], with the [`Generated`] facts.
pub fn generated(u: &mut Unstructured<'_>) -> Result<Generated> {
    let config = config(u)?;
    let traps_disallowed = config.disallow_traps;
    Ok(Generated {
        bytes: module_with(config, u)?,
        traps_disallowed,
    })
}

/// A module generated with `config` (which should come from [`base_config`]), made to
/// terminate, with its fuel global exported as [`FUEL_EXPORT`] and NaN-deterministic
/// conversions.
pub fn module_with(config: Config, u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let mut m = wasm_smith::Module::new(config, u)?;
    let fuel = m
        .ensure_termination(DEFAULT_FUEL)
        .map_err(|_| arbitrary::Error::IncorrectFormat)?;
    Ok(finish(&m.to_bytes(), Some(fuel)))
}

/// The module of deterministic seed `seed` (`None` if wasm-smith ran out of input, which the
/// seed lengths make rare).
pub fn seed_module(seed: u64) -> Option<Generated> {
    let data = crate::rng::seed_bytes(seed);
    generated(&mut Unstructured::new(&data)).ok()
}

/// The name under which generated modules export their fuel global (a mutable `i32`), so the
/// oracle can refill it before each call: every call then gets [`DEFAULT_FUEL`] of its own
/// instead of the first runaway loop starving all later calls.
pub const FUEL_EXPORT: &str = "__mica_fuzz_fuel";

/// Post-processes a generated module: exports global `fuel_global` as [`FUEL_EXPORT`] (unless
/// the name is taken) and makes `f32.demote_f64` and `f64.promote_f32` deterministic on NaNs.
///
/// wasm-smith's `canonicalize_nans` wraps arithmetic but not these two conversions, whose NaN
/// results the spec leaves open (mica returns the canonical NaN, wasmi keeps the payload: both
/// are right). Every occurrence becomes a call of an added helper that returns the positive
/// canonical NaN for a NaN input and converts anything else. Modules without either
/// instruction get no helpers. A module that cannot be rewritten is returned unchanged.
pub fn finish(bytes: &[u8], fuel_global: Option<u32>) -> Vec<u8> {
    match rewrite(bytes, fuel_global) {
        Ok(out) => out,
        Err(_) => bytes.to_vec(),
    }
}

fn rewrite(
    bytes: &[u8],
    fuel_global: Option<u32>,
) -> std::result::Result<Vec<u8>, Box<dyn std::error::Error>> {
    use wasmparser::{Operator, Parser, Payload, TypeRef};
    let mut types = 0u32;
    let mut funcs = 0u32;
    let mut found = false;
    let mut has_exports = false;
    let mut name_taken = false;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ExportSection(s) => {
                has_exports = true;
                for e in s {
                    name_taken |= e?.name == FUEL_EXPORT;
                }
            }
            Payload::TypeSection(s) => {
                for group in s {
                    types += group?.types().len() as u32;
                }
            }
            Payload::ImportSection(s) => {
                for imp in s.into_imports() {
                    if matches!(imp?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        funcs += 1;
                    }
                }
            }
            Payload::FunctionSection(s) => funcs += s.count(),
            Payload::CodeSectionEntry(body) => {
                let mut ops = body.get_operators_reader()?;
                while !ops.eof() {
                    if matches!(
                        ops.read()?,
                        Operator::F32DemoteF64 | Operator::F64PromoteF32
                    ) {
                        found = true;
                    }
                }
            }
            _ => {}
        }
    }
    let mut re = Canon {
        helpers: found,
        demote_ty: types,
        promote_ty: types + 1,
        demote: funcs,
        promote: funcs + 1,
        fuel: fuel_global.filter(|_| !name_taken),
        has_exports,
    };
    let mut module = wasm_encoder::Module::new();
    wasm_encoder::reencode::Reencode::parse_core_module(
        &mut re,
        &mut module,
        Parser::new(0),
        bytes,
    )
    .map_err(|e| format!("{e:?}"))?;
    Ok(module.finish())
}

struct Canon {
    /// Whether to add the conversion helpers (only when a conversion occurs).
    helpers: bool,
    demote_ty: u32,
    promote_ty: u32,
    demote: u32,
    promote: u32,
    /// The fuel global still to export.
    fuel: Option<u32>,
    has_exports: bool,
}

/// Position of a section in the binary's order.
fn section_rank(id: wasm_encoder::SectionId) -> u32 {
    match id as u8 {
        1..=5 => id as u32 * 10,
        13 => 55, // tag
        6..=9 => id as u32 * 10,
        12 => 95, // data count
        10 => 100,
        11 => 110,
        _ => 0,
    }
}

impl wasm_encoder::reencode::Reencode for Canon {
    type Error = std::convert::Infallible;

    fn instruction<'a>(
        &mut self,
        op: wasmparser::Operator<'a>,
    ) -> std::result::Result<
        wasm_encoder::Instruction<'a>,
        wasm_encoder::reencode::Error<Self::Error>,
    > {
        Ok(match op {
            wasmparser::Operator::F32DemoteF64 if self.helpers => {
                wasm_encoder::Instruction::Call(self.demote)
            }
            wasmparser::Operator::F64PromoteF32 if self.helpers => {
                wasm_encoder::Instruction::Call(self.promote)
            }
            op => wasm_encoder::reencode::utils::instruction(self, op)?,
        })
    }

    fn parse_type_section(
        &mut self,
        types: &mut wasm_encoder::TypeSection,
        section: wasmparser::TypeSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        use wasm_encoder::ValType;
        wasm_encoder::reencode::utils::parse_type_section(self, types, section)?;
        if !self.helpers {
            return Ok(());
        }
        debug_assert_eq!(types.len(), self.demote_ty);
        types.ty().function([ValType::F64], [ValType::F32]);
        types.ty().function([ValType::F32], [ValType::F64]);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        wasm_encoder::reencode::utils::parse_export_section(self, exports, section)?;
        if let Some(g) = self.fuel.take() {
            exports.export(FUEL_EXPORT, wasm_encoder::ExportKind::Global, g);
        }
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        after: Option<wasm_encoder::SectionId>,
        before: Option<wasm_encoder::SectionId>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        // A module without an export section gets one at its place in the order.
        let export = section_rank(wasm_encoder::SectionId::Export);
        if !self.has_exports
            && after.is_none_or(|a| section_rank(a) < export)
            && before.is_none_or(|b| section_rank(b) > export)
        {
            if let Some(g) = self.fuel.take() {
                let mut exports = wasm_encoder::ExportSection::new();
                exports.export(FUEL_EXPORT, wasm_encoder::ExportKind::Global, g);
                module.section(&exports);
            }
        }
        Ok(())
    }

    fn parse_function_section(
        &mut self,
        functions: &mut wasm_encoder::FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        wasm_encoder::reencode::utils::parse_function_section(self, functions, section)?;
        if !self.helpers {
            return Ok(());
        }
        functions.function(self.demote_ty);
        functions.function(self.promote_ty);
        Ok(())
    }

    fn parse_code_section(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        section: wasmparser::CodeSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        use wasm_encoder::{BlockType, Function, Instruction as I, ValType};
        wasm_encoder::reencode::utils::parse_code_section(self, code, section)?;
        if !self.helpers {
            return Ok(());
        }
        // (param f64) (result f32): x != x ? nan : demote(x)
        let mut f = Function::new([]);
        f.instruction(&I::LocalGet(0))
            .instruction(&I::LocalGet(0))
            .instruction(&I::F64Ne)
            .instruction(&I::If(BlockType::Result(ValType::F32)))
            .instruction(&I::F32Const(f32::from_bits(0x7fc0_0000).into()))
            .instruction(&I::Else)
            .instruction(&I::LocalGet(0))
            .instruction(&I::F32DemoteF64)
            .instruction(&I::End)
            .instruction(&I::End);
        code.function(&f);
        // (param f32) (result f64): x != x ? nan : promote(x)
        let mut f = Function::new([]);
        f.instruction(&I::LocalGet(0))
            .instruction(&I::LocalGet(0))
            .instruction(&I::F32Ne)
            .instruction(&I::If(BlockType::Result(ValType::F64)))
            .instruction(&I::F64Const(f64::from_bits(0x7ff8_0000_0000_0000).into()))
            .instruction(&I::Else)
            .instruction(&I::LocalGet(0))
            .instruction(&I::F64PromoteF32)
            .instruction(&I::End)
            .instruction(&I::End);
        code.function(&f);
        Ok(())
    }
}
