//! Numeric helpers with the spec's exact semantics (NaN and signed-zero rules, trapping and
//! saturating conversions).

use crate::error::TrapCode;

macro_rules! float_helpers {
    ($f:ident, $bits:ident, $quiet:expr, $min:ident, $max:ident, $nearest:ident, $ceil:ident,
     $floor:ident, $trunc:ident, $sqrt:ident) => {
        /// `min` with the spec's rules: NaN if either operand is NaN, and -0 < +0.
        #[inline]
        pub(crate) fn $min(a: $f, b: $f) -> $f {
            if a < b {
                a
            } else if b < a {
                b
            } else if a == b {
                // Equal: either identical, or +0 and -0 (OR of the bits gives -0).
                $f::from_bits(a.to_bits() | b.to_bits())
            } else {
                // At least one NaN: the sum is a quiet NaN.
                a + b
            }
        }

        /// `max` with the spec's rules: NaN if either operand is NaN, and -0 < +0.
        #[inline]
        pub(crate) fn $max(a: $f, b: $f) -> $f {
            if a > b {
                a
            } else if b > a {
                b
            } else if a == b {
                $f::from_bits(a.to_bits() & b.to_bits())
            } else {
                a + b
            }
        }

        /// Quiets a NaN input (so the result is an arithmetic NaN) or applies `op`.
        #[inline]
        fn $bits(x: $f, op: impl FnOnce($f) -> $f) -> $f {
            if x.is_nan() {
                $f::from_bits(x.to_bits() | $quiet)
            } else {
                op(x)
            }
        }

        /// Round to nearest, ties to even.
        #[inline]
        pub(crate) fn $nearest(x: $f) -> $f {
            $bits(x, $f::round_ties_even)
        }
        #[inline]
        pub(crate) fn $ceil(x: $f) -> $f {
            $bits(x, $f::ceil)
        }
        #[inline]
        pub(crate) fn $floor(x: $f) -> $f {
            $bits(x, $f::floor)
        }
        #[inline]
        pub(crate) fn $trunc(x: $f) -> $f {
            $bits(x, $f::trunc)
        }
        #[inline]
        pub(crate) fn $sqrt(x: $f) -> $f {
            $bits(x, $f::sqrt)
        }
    };
}

float_helpers!(
    f32,
    quiet32,
    0x0040_0000,
    f32_min,
    f32_max,
    f32_nearest,
    f32_ceil,
    f32_floor,
    f32_trunc,
    f32_sqrt
);
float_helpers!(
    f64,
    quiet64,
    0x0008_0000_0000_0000,
    f64_min,
    f64_max,
    f64_nearest,
    f64_ceil,
    f64_floor,
    f64_trunc,
    f64_sqrt
);

macro_rules! trunc {
    ($name:ident, $f:ty, $i:ty, $lo:expr, $lo_inclusive:expr, $hi:expr) => {
        /// Trapping float-to-integer conversion: NaN is an invalid conversion, values whose
        /// truncation is out of range overflow.
        #[inline]
        pub(crate) fn $name(x: $f) -> Result<$i, TrapCode> {
            if x.is_nan() {
                return Err(TrapCode::BadConversionToInteger);
            }
            let above_lo = if $lo_inclusive { x >= $lo } else { x > $lo };
            if above_lo && x < $hi {
                Ok(x as $i)
            } else {
                Err(TrapCode::IntegerOverflow)
            }
        }
    };
}

trunc!(
    i32_trunc_f32_s,
    f32,
    i32,
    -2147483648.0f32,
    true,
    2147483648.0f32
);
trunc!(i32_trunc_f32_u, f32, u32, -1.0f32, false, 4294967296.0f32);
trunc!(
    i32_trunc_f64_s,
    f64,
    i32,
    -2147483649.0f64,
    false,
    2147483648.0f64
);
trunc!(i32_trunc_f64_u, f64, u32, -1.0f64, false, 4294967296.0f64);
trunc!(
    i64_trunc_f32_s,
    f32,
    i64,
    -9223372036854775808.0f32,
    true,
    9223372036854775808.0f32
);
trunc!(
    i64_trunc_f32_u,
    f32,
    u64,
    -1.0f32,
    false,
    18446744073709551616.0f32
);
trunc!(
    i64_trunc_f64_s,
    f64,
    i64,
    -9223372036854775808.0f64,
    true,
    9223372036854775808.0f64
);
trunc!(
    i64_trunc_f64_u,
    f64,
    u64,
    -1.0f64,
    false,
    18446744073709551616.0f64
);
