//! Number formatting for people: the charts, the status cards, the text alternatives and the
//! lessons all write numbers the same way.
//!
//! Pure functions: no plotters, no web. Non-finite values are the simulation's "overflow"
//! (float32 went to inf or NaN), so they never print as "inf"/"NaN".

use crate::words::layer_runs::consecutive_runs;

/// Unicode superscript for one ASCII character of a number (`-` becomes `⁻`).
fn superscript_char(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '-' => '⁻',
        '+' => '⁺',
        // No superscript full stop exists; a raised middle dot reads as one.
        '.' => '·',
        other => other,
    }
}

/// `-12` → `⁻¹²`, `-9.1` → `⁻⁹·¹`.
pub fn superscript(text: &str) -> String {
    text.chars().map(superscript_char).collect()
}

/// `10ᵏ` for a whole power: `1` for k = 0, `10` for k = 1, else `10⁻⁹`, `10³`.
pub fn pow10_label(k: i32) -> String {
    match k {
        0 => "1".to_string(),
        1 => "10".to_string(),
        _ => format!("10{}", superscript(&k.to_string())),
    }
}

/// Drops trailing zeros (and a dangling point) of a fixed-point number: "3.20" → "3.2".
fn trim_zeros(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0".to_string()
    } else {
        t.to_string()
    }
}

/// `v` with `sig` significant digits in fixed-point notation, trailing zeros dropped.
fn plain(v: f64, sig: i32) -> String {
    let mag = v.abs().log10().floor() as i32;
    let decimals = (sig - 1 - mag).max(0) as usize;
    trim_zeros(format!("{v:.decimals$}"))
}

/// Mantissa (one decimal) and exponent of |v| = m × 10^e with 1 ≤ m < 10 after rounding.
fn mantissa_exponent(v: f64) -> (f64, i32) {
    // Through log10 so that subnormals (10^-324 is 0 in f64) don't divide by zero.
    let lg = v.abs().log10();
    let mut e = lg.floor() as i32;
    let mut m = 10f64.powf(lg - f64::from(e));
    // Rounding 9.96 to one decimal gives 10.0: carry into the exponent.
    if (m * 10.0).round() / 10.0 >= 10.0 {
        e += 1;
        m = 10f64.powf(lg - f64::from(e));
    }
    ((m * 10.0).round() / 10.0, e)
}

/// A value that is not a number as what it is: "overflow" for ±inf (a float32 sum or product
/// past its largest value), "NaN" for NaN (inf − inf, 0 × inf: no value at all).
fn non_finite(v: f64) -> String {
    match v.is_nan() {
        true => "NaN".to_string(),
        false => "overflow".to_string(),
    }
}

/// A gradient norm or activation statistic for people:
/// "overflow" for ±inf, "NaN" for NaN (`non_finite`), "0" for exact zero, plain for 0.01 ≤ |v| < 1000 ("0.034", "3.2", "412"),
/// otherwise "3.2×10⁻⁴". Negative values keep their sign.
pub fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let a = v.abs();
    if (0.01..1000.0).contains(&a) {
        return plain(v, 3);
    }
    let (m, e) = mantissa_exponent(v);
    let sign = if v < 0.0 { "-" } else { "" };
    let mant = trim_zeros(format!("{m:.1}"));
    format!("{sign}{mant}×{}", pow10_label_exp(e))
}

/// `10⁻⁴` including for e = 0, 1 (inside a "m×10ᵉ" product the power is always written out).
fn pow10_label_exp(e: i32) -> String {
    format!("10{}", superscript(&e.to_string()))
}

/// A ratio of two gradient norms: "0.85×" for 0.01 ≤ r < 100, "10⁻⁹·¹×" beyond (exponent with
/// one decimal), "0×" for zero, "overflow" for ±inf, "NaN" for NaN. Negative ratios keep their
/// sign.
pub fn format_ratio(r: f64) -> String {
    if !r.is_finite() {
        return non_finite(r);
    }
    if r == 0.0 {
        return "0×".to_string();
    }
    let sign = if r < 0.0 { "-" } else { "" };
    let a = r.abs();
    if (0.01..100.0).contains(&a) {
        return format!("{}×", plain(r, 2));
    }
    let exp = (a.log10() * 10.0).round() / 10.0;
    let text = trim_zeros(format!("{exp:.1}"));
    format!("{sign}10{}×", superscript(&text))
}

/// Plain-ASCII value for screen readers: "3.2e-3", "0.85", "overflow", "NaN", "0".
pub fn format_value_ascii(v: f64) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    if v == 0.0 {
        return "0".to_string();
    }
    if (0.01..1000.0).contains(&v.abs()) {
        return plain(v, 3);
    }
    let (m, e) = mantissa_exponent(v);
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{}e{e}", trim_zeros(format!("{m:.1}")))
}

/// Plain-ASCII ratio for screen readers: "10^-9.1", "0.85", "overflow", "NaN".
pub fn format_ratio_ascii(r: f64) -> String {
    if !r.is_finite() {
        return non_finite(r);
    }
    if r == 0.0 {
        return "0".to_string();
    }
    let a = r.abs();
    if (0.01..100.0).contains(&a) {
        return plain(r, 2);
    }
    let sign = if r < 0.0 { "-" } else { "" };
    let exp = (a.log10() * 10.0).round() / 10.0;
    format!("{sign}10^{}", trim_zeros(format!("{exp:.1}")))
}

/// A share of units (a fraction in 0..1) as a compact percentage: 0.456 → "46%",
/// 0.004 → "0.4%", exact 0 → "0%".
pub fn format_share_percent(f: f64) -> String {
    if !f.is_finite() {
        return non_finite(f);
    }
    let p = f * 100.0;
    if p != 0.0 && p.abs() < 1.0 {
        trim_zeros(format!("{p:.1}")) + "%"
    } else {
        format!("{p:.0}%")
    }
}

/// Sorted layer numbers as compact runs: [1, 2, 3, 7, 9, 10] → "1–3, 7, 9–10".
pub fn format_layer_list(layers: &[usize]) -> String {
    consecutive_runs(layers)
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
