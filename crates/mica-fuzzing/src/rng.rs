//! A small deterministic PRNG (SplitMix64): seeds → input bytes and call arguments, the same on
//! every machine and every run.

/// SplitMix64.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

/// The input bytes of deterministic seed `seed`: between 1 and 16 KiB of pseudo-random data,
/// what [`generate::module`](crate::generate::module) turns into a module.
pub fn seed_bytes(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0x6D69_6361_6675_7A7A);
    let len = 1024 + rng.below(15 * 1024) as usize;
    rng.bytes(len)
}
