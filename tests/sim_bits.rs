//! The bit fields the precision lesson draws: every float16 and bfloat16 bit pattern decoded
//! independently and read back to the same fields, and the edge values by hand.

use gradient_flow_explorer::sim::bits::{bit_fields, BitFields, NumberClass};
use gradient_flow_explorer::sim::numeric::Precision;

/// A float16 pattern's value by the IEEE formula (no rounding code involved).
fn f16_value(h: u32) -> f64 {
    let sign = if h >> 15 == 1 { -1.0 } else { 1.0 };
    let (e, m) = ((h >> 10) & 0x1f, h & 0x3ff);
    match e {
        0 => sign * f64::from(m) * 2f64.powi(-24),
        0x1f if m == 0 => sign * f64::INFINITY,
        0x1f => f64::NAN,
        _ => sign * (1.0 + f64::from(m) / 1024.0) * 2f64.powi(e as i32 - 15),
    }
}

#[test]
fn every_float16_pattern_reads_back_to_its_fields() {
    for h in 0..=0xffffu32 {
        let v = f16_value(h) as f32;
        let f = bit_fields(v, Precision::Float16);
        if v.is_nan() {
            assert_eq!(f.class, NumberClass::NaN);
            continue;
        }
        assert_eq!(f.value.to_bits(), v.to_bits(), "{h:#06x}: held exactly");
        assert_eq!(
            (f.sign, f.exponent, f.significand),
            (h >> 15, (h >> 10) & 0x1f, h & 0x3ff),
            "{h:#06x}"
        );
    }
}

#[test]
fn every_bfloat16_pattern_reads_back_to_its_fields() {
    for h in 0..=0xffffu32 {
        let v = f32::from_bits(h << 16);
        let f = bit_fields(v, Precision::BFloat16);
        if v.is_nan() {
            assert_eq!(f.class, NumberClass::NaN);
            continue;
        }
        assert_eq!(
            (f.sign, f.exponent, f.significand),
            (h >> 15, (h >> 7) & 0xff, h & 0x7f),
            "{h:#06x}"
        );
    }
}

#[test]
fn edge_values_round_and_classify_as_the_lesson_says() {
    let f16 = |x: f32| bit_fields(x, Precision::Float16);
    let one = f16(1.0);
    assert_eq!(
        one.digits(),
        ("0".into(), "01111".into(), "0000000000".into())
    );
    assert_eq!(one.class, NumberClass::Normal);
    let max = f16(65504.0);
    assert_eq!(max.digits().1, "11110");
    assert_eq!(max.digits().2, "1111111111");
    // Halfway to 65536 rounds up, out of range: +inf.
    let over = f16(65520.0);
    assert_eq!(
        (over.class, over.value),
        (NumberClass::Infinite, f32::INFINITY)
    );
    let tiny = f16(2f32.powi(-24));
    assert_eq!((tiny.class, tiny.significand), (NumberClass::Subnormal, 1));
    // Half the smallest subnormal is a tie: to even, 0.
    assert_eq!(f16(2f32.powi(-25)).class, NumberClass::Zero);
    assert_eq!(f16(1e-8).value, 0.0);
    let minus_zero = f16(-0.0);
    assert_eq!((minus_zero.sign, minus_zero.class), (1, NumberClass::Zero));
    assert_eq!(f16(f32::NAN).class, NumberClass::NaN);
    assert_eq!(f16(6.1035156e-5).class, NumberClass::Normal, "2^-14");
    // bfloat16 keeps float32's range with 8 significant bits: 1e-39 stays, as a subnormal.
    let b = bit_fields(1e-39, Precision::BFloat16);
    assert_eq!(b.class, NumberClass::Subnormal);
    assert_eq!(
        bit_fields(1e-39, Precision::Float32).class,
        NumberClass::Subnormal
    );
    // 0x3dcd0000: 0.1 rounded to 8 significant bits, exactly.
    assert_eq!(
        f64::from(bit_fields(0.1, Precision::BFloat16).value),
        0.10009765625
    );
    assert_eq!(BitFields::widths(Precision::Float32), (8, 23));
    let f32_one = bit_fields(1.0, Precision::Float32).digits();
    assert_eq!(f32_one.1, "01111111");
    assert_eq!(f32_one.2.len(), 23);
}

#[test]
fn the_lessons_field_reads_numbers_and_refuses_the_rest() {
    use gradient_flow_explorer::lessons::bits::read_number;
    assert_eq!(read_number(" 0.1 "), Some(0.1));
    assert_eq!(read_number("0,5"), Some(0.5));
    assert_eq!(read_number("1e-8"), Some(1e-8));
    assert_eq!(read_number("1e39"), Some(f32::INFINITY));
    assert!(read_number("nan").is_some_and(f32::is_nan));
    for bad in ["", "abc", "1..2", "💥", "0x10"] {
        assert_eq!(read_number(bad), None, "{bad}");
    }
}
