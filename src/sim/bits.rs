//! A number's bit fields in a format: sign, exponent and stored significand, the value the
//! format holds and its class (zero, subnormal, normal, infinite, NaN). The lesson's picture of
//! the bits draws these; the rounding is `numeric`'s, so it is the lens's own.

use super::numeric::Precision;

/// Which kind of number a bit pattern is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberClass {
    Zero,
    Subnormal,
    Normal,
    Infinite,
    NaN,
}

impl NumberClass {
    pub fn word(self) -> &'static str {
        match self {
            NumberClass::Zero => "zero",
            NumberClass::Subnormal => "subnormal",
            NumberClass::Normal => "normal",
            NumberClass::Infinite => "infinite",
            NumberClass::NaN => "NaN",
        }
    }
}

/// A value as a format stores it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BitFields {
    pub precision: Precision,
    /// 0 or 1.
    pub sign: u32,
    /// The biased exponent field (`exponent_bits` wide).
    pub exponent: u32,
    /// The stored significand field (`significand_bits` wide).
    pub significand: u32,
    /// The value the format holds (exactly representable in f32).
    pub value: f32,
    pub class: NumberClass,
}

impl BitFields {
    /// (exponent bits, stored significand bits) of a format.
    pub fn widths(precision: Precision) -> (u32, u32) {
        match precision {
            Precision::Float32 => (8, 23),
            Precision::BFloat16 => (8, 7),
            Precision::Float16 => (5, 10),
        }
    }

    /// The fields as binary digits: ("0", "01111", "0000000000").
    pub fn digits(&self) -> (String, String, String) {
        let (e, m) = Self::widths(self.precision);
        let bin = |v: u32, n: u32| format!("{v:0width$b}", width = n as usize);
        (
            bin(self.sign, 1),
            bin(self.exponent, e),
            bin(self.significand, m),
        )
    }
}

/// `x` (a float32) rounded to `precision` as the precision lens rounds it, and its fields.
pub fn bit_fields(x: f32, precision: Precision) -> BitFields {
    let value = precision.round_value(x);
    let bits = value.to_bits();
    let sign = bits >> 31;
    let (exponent, significand) = match precision {
        Precision::Float32 => ((bits >> 23) & 0xff, bits & 0x7f_ffff),
        // bfloat16 is float32's upper half: the rounding cleared the lower 16 bits.
        Precision::BFloat16 => ((bits >> 23) & 0xff, (bits >> 16) & 0x7f),
        Precision::Float16 => f16_fields(value),
    };
    let (e_bits, _) = BitFields::widths(precision);
    let max_exponent = (1 << e_bits) - 1;
    let class = match (exponent, significand) {
        (0, 0) => NumberClass::Zero,
        (0, _) => NumberClass::Subnormal,
        (e, 0) if e == max_exponent => NumberClass::Infinite,
        (e, _) if e == max_exponent => NumberClass::NaN,
        _ => NumberClass::Normal,
    };
    BitFields {
        precision,
        sign,
        exponent,
        significand,
        value,
        class,
    }
}

/// The float16 exponent and significand fields of `v`, a value float16 holds exactly.
fn f16_fields(v: f32) -> (u32, u32) {
    let a = v.abs();
    if a.is_nan() {
        return (0x1f, 0x200);
    }
    if a.is_infinite() {
        return (0x1f, 0);
    }
    let bits = a.to_bits();
    // float16's subnormals are normal float32 numbers: their exponent is below −14.
    let e = ((bits >> 23) & 0xff) as i32 - 127;
    if a == 0.0 {
        (0, 0)
    } else if e >= -14 {
        ((e + 15) as u32, (bits & 0x7f_ffff) >> 13)
    } else {
        // A multiple of 2^-24 below 2^-14: the count of 2^-24 steps is the field, exactly.
        (0, (f64::from(a) * 2f64.powi(24)) as u32)
    }
}
