//! The numeric policy: every tensor a block produces goes through one policy before anything
//! reads it, so a number format is one choice for the whole network. [`Float32`] (the explorer
//! today) is the identity and compiles to nothing; [`Precision`] rounds each value to float32,
//! bfloat16 or float16 the way a framework's cast does: round to nearest, ties to even,
//! subnormals kept, overflow to ±infinity, NaN stays NaN. The values stay `f32` (every
//! bfloat16 and float16 value is one), so the arithmetic between two roundings is float32's,
//! as in PyTorch's autocast. Plain IEEE arithmetic and bit operations only: the same bits
//! natively and in wasm.

/// What a block does with each tensor it produces.
pub trait NumericPolicy {
    /// True when [`NumericPolicy::round`] changes nothing (float32): a pass may then take
    /// shortcuts that never form a tensor (the Gram route for weight-gradient norms).
    const IDENTITY: bool;
    fn round(&self, t: &mut [f32]);
}

/// Float32 throughout: rounding is the identity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Float32;

impl NumericPolicy for Float32 {
    const IDENTITY: bool = true;
    #[inline(always)]
    fn round(&self, _t: &mut [f32]) {}
}

/// The number format tensors are stored in (the CLI's and the URL's `precision`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    Float32,
    /// 8 exponent bits (float32's range), 8 significant bits.
    BFloat16,
    /// IEEE binary16: 5 exponent bits, 11 significant bits, largest 65504.
    Float16,
}

impl Precision {
    pub const ALL: [Precision; 3] = [Precision::Float32, Precision::BFloat16, Precision::Float16];

    /// The stable id of the CLI and the URL.
    pub fn id(self) -> &'static str {
        match self {
            Precision::Float32 => "float32",
            Precision::BFloat16 => "bfloat16",
            Precision::Float16 => "float16",
        }
    }

    pub fn from_id(id: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|f| f.id() == id)
    }

    /// `x` rounded to this format (as the f32 that holds it exactly).
    pub fn round_value(self, x: f32) -> f32 {
        match self {
            Precision::Float32 => x,
            Precision::BFloat16 => round_bf16(x),
            Precision::Float16 => round_f16(x),
        }
    }

    /// The smallest positive normal value: below it a value is subnormal.
    pub fn min_normal(self) -> f32 {
        match self {
            Precision::Float32 | Precision::BFloat16 => f32::MIN_POSITIVE,
            Precision::Float16 => F16_MIN_NORMAL,
        }
    }
}

impl NumericPolicy for Precision {
    const IDENTITY: bool = false;
    fn round(&self, t: &mut [f32]) {
        match self {
            Precision::Float32 => {}
            Precision::BFloat16 => t.iter_mut().for_each(|v| *v = round_bf16(*v)),
            Precision::Float16 => t.iter_mut().for_each(|v| *v = round_f16(*v)),
        }
    }
}

/// float16's largest finite value, smallest normal and smallest subnormal.
pub const F16_MAX: f32 = 65504.0;
pub const F16_MIN_NORMAL: f32 = 6.103_515_6e-5; // 2^-14
pub const F16_MIN_SUBNORMAL: f32 = 5.960_464_5e-8; // 2^-24

/// The bfloat16 nearest to `x` (ties to even), as f32: the upper 16 bits of float32, rounded.
/// A carry out of the significand moves into the exponent, so the largest values round to ±∞.
pub fn round_bf16(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    let bits = x.to_bits();
    let lsb = (bits >> 16) & 1;
    f32::from_bits(bits.wrapping_add(0x7FFF + lsb) & 0xFFFF_0000)
}

/// The float16 nearest to `x` (ties to even, subnormals kept), as f32. Both roundings are
/// computed and one is selected, without branches, so a tensor's loop vectorizes (the float16
/// pass stays within twice float32's).
#[inline(always)]
pub fn round_f16(x: f32) -> f32 {
    let a = x.abs();
    // Normal: keep 10 of float32's 23 fraction bits, ties to even; a carry moves into the
    // exponent, and the result stays ≤ 65504 where a < 65520.
    let bits = x.to_bits();
    let lsb = (bits >> 13) & 1;
    let normal = f32::from_bits(bits.wrapping_add(0x0FFF + lsb) & !0x1FFF);
    // Subnormal: multiples of 2^-24. x·2^24 is exact; adding and taking away 1.5·2^23 rounds
    // it to an integer, ties to even (|x·2^24| < 2^10 where this is selected). Zero stays ±0.
    const MAGIC: f32 = 12_582_912.0;
    let q = (a * 16_777_216.0 + MAGIC) - MAGIC;
    let subnormal = (q * F16_MIN_SUBNORMAL).copysign(x);
    let r = if a < F16_MIN_NORMAL {
        subnormal
    } else {
        normal
    };
    // Halfway between 65504 and 65536 (odd significand): ties go up, out of range.
    let r = if a >= 65520.0 {
        f32::INFINITY.copysign(x)
    } else {
        r
    };
    if x.is_nan() {
        x
    } else {
        r
    }
}

/// How the entries of a gradient tensor sit in a format.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Fractions {
    pub zero: f64,
    pub subnormal: f64,
    pub normal: f64,
    pub nonfinite: f64,
}

/// The fractions of `t`'s entries that are zero, subnormal in `precision`, normal, inf or NaN.
pub fn fractions(t: &[f32], precision: Precision) -> Fractions {
    let min_normal = precision.min_normal();
    let mut counts = [0usize; 4];
    for &v in t {
        let i = if !v.is_finite() {
            3
        } else if v == 0.0 {
            0
        } else if v.abs() < min_normal {
            1
        } else {
            2
        };
        counts[i] += 1;
    }
    let n = t.len().max(1) as f64;
    Fractions {
        zero: counts[0] as f64 / n,
        subnormal: counts[1] as f64 / n,
        normal: counts[2] as f64 / n,
        nonfinite: counts[3] as f64 / n,
    }
}
