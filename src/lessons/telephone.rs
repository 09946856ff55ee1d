//! Section 1's toy: a gradient passed back through a chain of layers, each scaling it by the
//! same factor, like a message whispered down a line of people.

use super::regimes::Regime;
use crate::words::format::superscript;

/// Default position of the multiplier slider.
pub const DEFAULT_MULTIPLIER: f64 = 0.5;
/// Number of layers in the toy chain.
pub const DEFAULT_LAYERS: usize = 5;
/// Slider range and step for the multiplier.
pub const MULTIPLIER_MIN: f64 = 0.1;
pub const MULTIPLIER_MAX: f64 = 2.0;
pub const MULTIPLIER_STEP: f64 = 0.05;

/// The gradient after each layer on its way back, starting from 1 at the loss.
///
/// `v[k]` is the size after `k + 1` layers, i.e. what arrives at layer `layers − k`
/// (`v[0]` at the last layer, `v[layers − 1]` at layer 1). Computed by repeated
/// multiplication, exactly as back-propagation does it. Empty when `layers` is 0.
pub fn telephone_chain(multiplier: f64, layers: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(layers);
    let mut g = 1.0;
    for _ in 0..layers {
        g *= multiplier;
        out.push(g);
    }
    out
}

/// What reaches layer 1 (the last element of [`telephone_chain`]; 1 for an empty chain).
pub fn telephone_result(multiplier: f64, layers: usize) -> f64 {
    telephone_chain(multiplier, layers)
        .last()
        .copied()
        .unwrap_or(1.0)
}

/// Vanishing below 1, exploding above, healthy at exactly 1 (the toy has no noise).
pub fn telephone_regime(multiplier: f64) -> Regime {
    if multiplier < 1.0 {
        Regime::Vanishing
    } else if multiplier > 1.0 {
        Regime::Exploding
    } else {
        Regime::Healthy
    }
}

/// A fraction as a percentage with two significant figures below 10 %, whole percents above,
/// and powers of ten when it gets very small or very large: `0.03125` → `"3.1 %"`.
///
/// Not [`crate::words::format::format_share_percent`]: that one suits the charts' shares (whole
/// percents from 1 % up, no space, "overflow" for non-finite) and would print the toy's
/// headline as "3%", while the prose quotes "3.1 %"; the toy also needs thousands separators
/// and powers of ten for its exploding chains ("102,400 %", "1.0 × 10⁻⁵ %").
pub fn format_percent_any_magnitude(fraction: f64) -> String {
    if fraction.is_nan() {
        return "— %".to_string();
    }
    if fraction.is_infinite() {
        return "∞ %".to_string();
    }
    let p = fraction * 100.0;
    let a = p.abs();
    if a == 0.0 {
        return "0 %".to_string();
    }
    if !(1e-3..1e6).contains(&a) {
        return format!("{} %", format_scientific(p, 2));
    }
    if a >= 10.0 {
        return format!("{} %", group_thousands(&format!("{p:.0}")));
    }
    let decimals = (1 - a.log10().floor() as i32).max(0) as usize;
    let s = format!("{p:.decimals$}");
    // Rounding may carry into a new digit (9.96 → "10.0"): show whole percents then.
    if s.trim_start_matches('-').starts_with("10") {
        return format!("{p:.0} %");
    }
    format!("{s} %")
}

/// `2.5e-7` with `digits` significant figures → `"2.5 × 10⁻⁷"`.
pub fn format_scientific(x: f64, digits: usize) -> String {
    let s = format!("{:.*e}", digits.saturating_sub(1), x);
    let Some((mantissa, exp)) = s.split_once('e') else {
        return s;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp == 0 {
        return mantissa.to_string();
    }
    format!("{mantissa} × 10{}", superscript(&exp.to_string()))
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", digits),
    };
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// The toy's headline: `"3.1 % of the gradient reaches layer 1"`.
pub fn telephone_summary(multiplier: f64, layers: usize) -> String {
    format!(
        "{} of the gradient reaches layer 1",
        format_percent_any_magnitude(telephone_result(multiplier, layers))
    )
}

/// The formula line under the toy: `"0.5⁵ = 0.031"` (three decimals, or powers of ten when the
/// result is below 0.001 or at least 1000).
pub fn telephone_formula(multiplier: f64, layers: usize) -> String {
    let r = telephone_result(multiplier, layers);
    let m = format!("{multiplier:.2}");
    let m = m.trim_end_matches('0').trim_end_matches('.');
    let value = if r != 0.0 && !(1e-3..1e3).contains(&r.abs()) {
        format_scientific(r, 2)
    } else {
        format!("{r:.3}")
    };
    format!(
        "{m}{} = {value}",
        superscript(&layers.min(i32::MAX as usize).to_string())
    )
}
