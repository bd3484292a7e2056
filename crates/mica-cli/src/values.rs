//! Command-line values: parsing arguments by their WebAssembly type, printing results.

use anyhow::bail;
use mica::{Val, ValType};

/// Parses an integer of `bits` bits, signed or unsigned, decimal or `0x` hex, into its bit
/// pattern.
pub(crate) fn parse_int(s: &str, bits: u32) -> anyhow::Result<u128> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => u128::from_str_radix(hex, 16)?,
        None => digits.parse::<u128>()?,
    };
    let mask = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    if negative {
        if bits < 128 && magnitude > 1u128 << (bits - 1) {
            bail!("below the smallest {bits}-bit integer");
        }
        Ok(magnitude.wrapping_neg() & mask)
    } else {
        if magnitude > mask {
            bail!("above the largest {bits}-bit integer");
        }
        Ok(magnitude)
    }
}

pub(crate) fn parse_arg(s: &str, ty: ValType) -> anyhow::Result<Val> {
    Ok(match ty {
        ValType::I32 => Val::I32(parse_int(s, 32)? as u32 as i32),
        ValType::I64 => Val::I64(parse_int(s, 64)? as u64 as i64),
        ValType::F32 => Val::from(s.parse::<f32>()?),
        ValType::F64 => Val::from(s.parse::<f64>()?),
        ValType::V128 => Val::V128(parse_int(s, 128)?),
        ValType::Ref(r) if s == "null" && r.nullable => Val::null_of(r.heap),
        ValType::Ref(_) => bail!("only `null` can be passed for a nullable reference"),
    })
}

/// A result as `mica run` prints it: integers in signed decimal, floats in Rust's shortest
/// round-trip form (`{:?}`: `1.0`, `0.1`, `1e300`, `-0.0`, `NaN`, `inf`).
pub(crate) fn show_val(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => format!("{:?}", f32::from_bits(*b)),
        Val::F64(b) => format!("{:?}", f64::from_bits(*b)),
        Val::V128(b) => format!("0x{b:032x}"),
        Val::FuncRef(None) | Val::ExternRef(None) | Val::NullRef(_) => "null".to_string(),
        Val::FuncRef(Some(_)) => "funcref".to_string(),
        Val::ExternRef(Some(_)) => "externref".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_int("5", 32).unwrap(), 5);
        assert_eq!(parse_int("-1", 32).unwrap(), 0xffff_ffff);
        assert_eq!(parse_int("0xffffffff", 32).unwrap(), 0xffff_ffff);
        assert_eq!(parse_int("4294967295", 32).unwrap(), 0xffff_ffff);
        assert_eq!(parse_int("-2147483648", 32).unwrap(), 0x8000_0000);
        assert!(parse_int("4294967296", 32).is_err());
        assert!(parse_int("-2147483649", 32).is_err());
        assert_eq!(parse_int("-0x10", 64).unwrap(), (-16i64) as u64 as u128);
        assert!(parse_int("abc", 32).is_err());
    }

    #[test]
    fn args_by_type() {
        assert_eq!(parse_arg("-7", ValType::I32).unwrap().i32(), Some(-7));
        assert_eq!(parse_arg("1.5", ValType::F64).unwrap().f64(), Some(1.5));
        assert!(parse_arg("nan", ValType::F32)
            .unwrap()
            .f32()
            .unwrap()
            .is_nan());
        assert_eq!(
            parse_arg("-inf", ValType::F32).unwrap().f32(),
            Some(f32::NEG_INFINITY)
        );
        assert!(parse_arg("null", ValType::FUNCREF).unwrap().is_null());
    }

    #[test]
    fn results_print_shortest() {
        assert_eq!(show_val(&Val::from(0.1f32)), "0.1");
        assert_eq!(show_val(&Val::from(1.0f64)), "1.0");
        assert_eq!(show_val(&Val::from(1e300f64)), "1e300");
        assert_eq!(show_val(&Val::from(-0.0f32)), "-0.0");
        assert_eq!(show_val(&Val::I32(-3)), "-3");
    }
}
