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

/// Unsigned division by a constant as a multiply: the magic number and shift for divisor `d`
/// (Granlund–Montgomery, the variant with the add step that works for every 64-bit dividend).
/// `None` for divisors it does not pay for or cover: 0, powers of two (a shift is cheaper and
/// the translator's immediate forms do them well enough) and divisors of 2^63 or more.
pub(crate) fn udiv_magic(d: u64) -> Option<(u64, u32)> {
    if d < 3 || d.is_power_of_two() || d >= 1 << 63 {
        return None;
    }
    // 2^(l-1) < d < 2^l
    let l = 64 - (d - 1).leading_zeros();
    // floor(2^(64+l) / d) lies in [2^64, 2^65): keep the low 64 bits, plus one.
    let m = ((1u128 << (64 + l)) / u128::from(d) - (1u128 << 64) + 1) as u64;
    Some((m, l - 1))
}

/// `n / d` from `udiv_magic(d) == Some((m, s))`.
#[inline(always)]
pub(crate) fn udiv_by_magic(n: u64, m: u64, s: u32) -> u64 {
    let t = ((u128::from(m) * u128::from(n)) >> 64) as u64;
    // t <= n, so neither the subtraction nor the sum overflows.
    (t + ((n - t) >> 1)) >> s
}

/// `n % d` from `udiv_magic(d) == Some((m, s))`.
#[inline(always)]
pub(crate) fn urem_by_magic(n: u64, m: u64, s: u32, d: u64) -> u64 {
    n - udiv_by_magic(n, m, s) * d
}

#[cfg(test)]
mod magic_tests {
    use super::{udiv_by_magic, udiv_magic, urem_by_magic};

    fn check(d: u64, n: u64) {
        let (m, s) = udiv_magic(d).unwrap();
        assert_eq!(udiv_by_magic(n, m, s), n / d, "{n} / {d}");
        assert_eq!(urem_by_magic(n, m, s, d), n % d, "{n} % {d}");
    }

    #[test]
    fn magic_division_matches_division() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut divisors: Vec<u64> = vec![
            3,
            5,
            6,
            7,
            9,
            10,
            11,
            12,
            25,
            100,
            255,
            641,
            1000,
            1_000_000_007,
            1_000_000_000,
            10_000_000_000_000_000_000 / 2,
            u32::MAX as u64,
            (1 << 32) + 1,
            (1 << 63) - 1,
            (1 << 62) + 1,
            (1 << 62) - 1,
            0x7fff_ffff,
            0x8000_0001,
        ];
        for k in 2..63 {
            divisors.push((1u64 << k) - 1);
            divisors.push((1u64 << k) + 1);
        }
        for _ in 0..2000 {
            let shift = next() % 63;
            divisors.push((next() >> (1 + shift)).max(3));
        }
        divisors.retain(|&d| udiv_magic(d).is_some());
        assert!(divisors.len() > 2000);
        for &d in &divisors {
            for n in [
                0,
                1,
                d - 1,
                d,
                d + 1,
                2 * d - 1,
                2 * d,
                u64::MAX,
                u64::MAX - 1,
                u64::from(u32::MAX),
                1 << 63,
                (1 << 63) - 1,
                (u64::MAX / d) * d,
                (u64::MAX / d) * d - 1,
            ] {
                check(d, n);
            }
            for _ in 0..200 {
                let n = next();
                check(d, n);
                check(d, n >> (next() % 64));
            }
        }
        assert!(udiv_magic(0).is_none() && udiv_magic(1).is_none() && udiv_magic(2).is_none());
        assert!(udiv_magic(1024).is_none() && udiv_magic(1 << 63).is_none());
        assert!(udiv_magic(u64::MAX).is_none());
    }
}
