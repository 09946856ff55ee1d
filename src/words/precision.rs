//! What the precision lens says in words (the status card and the precision chart's text
//! alternative): the format and loss scale a run used, which layers lost how much of their
//! gradient to underflow, and where the format overflowed. The numbers come from the report's
//! `GradFractions`; the names are the CLI's (`--precision`, `--loss-scale`).

use crate::sim::mixed::{GradFractions, LossScale, MixedPrecision, MixedRun};
use crate::sim::numeric::Precision;
use crate::sim::Report;
use crate::words::format::{format_layer_list, format_share_percent};

/// The status card's sentences about one mixed-precision report.
#[derive(Clone, Debug, PartialEq)]
pub struct PrecisionStatus {
    /// "float16, no loss scale", "float16, loss scale 2^8", "float16, dynamic loss scale".
    pub format: String,
    /// Which layers lost how much of ∂L/∂z to underflow.
    pub lost: String,
    /// Which layers' gradient held inf or NaN (`None`: no layer).
    pub overflow: Option<String>,
    /// The loss scale used, and for `dynamic` the one reached.
    pub scale: String,
    /// Layer 1's lost fraction (NaN where the report has none).
    pub first_layer_lost: f64,
}

/// The words for `r`, `None` for a float32 report (no precision lens).
pub fn precision_status(r: &Report) -> Option<PrecisionStatus> {
    let run = r.mixed?;
    let fractions: Vec<GradFractions> = r
        .layers
        .iter()
        .map(|l| l.grad_fractions.unwrap_or(NAN_FRACTIONS))
        .collect();
    Some(PrecisionStatus {
        format: format_words(&run.asked()),
        lost: lost_words(&fractions),
        overflow: overflow_words(&fractions),
        scale: scale_words(&run),
        first_layer_lost: fractions.first().map_or(f64::NAN, |f| f.lost),
    })
}

const NAN_FRACTIONS: GradFractions = GradFractions {
    zero: f64::NAN,
    subnormal: f64::NAN,
    normal: f64::NAN,
    nonfinite: f64::NAN,
    lost: f64::NAN,
};

/// A float32 sentence of the diagnosis card said of a run in `precision`: its smallest
/// number and its name (float32's words are unchanged).
pub fn in_format(sentence: &str, precision: Precision) -> String {
    let smallest = match precision {
        Precision::Float32 => return sentence.to_string(),
        Precision::Float16 => "float16's smallest number (2⁻²⁴ ≈ 6e-8)",
        Precision::BFloat16 => "bfloat16's smallest number (2⁻¹³³ ≈ 9e-41)",
    };
    sentence
        .replace("float32's smallest number (about 1.4e-45)", smallest)
        .replace("float32", precision.id())
}

/// "float16, no loss scale" and the like.
pub fn format_words(mixed: &MixedPrecision) -> String {
    let scale = match mixed.loss_scale {
        LossScale::None => "no loss scale".to_string(),
        LossScale::Power(k) => format!("loss scale 2^{k}"),
        LossScale::Dynamic => "dynamic loss scale".to_string(),
    };
    format!("{}, {scale}", mixed.precision.id())
}

/// "S = 2^8 = 256", or for dynamic "the dynamic loss scale started at 2^16 and reached 2^15".
pub fn scale_words(run: &MixedRun) -> String {
    let value = |k: i32| format!("2^{k} = {}", format_power_of_two(k));
    match run.requested {
        LossScale::None => "No loss scale: the gradients are held as they are (S = 1).".into(),
        LossScale::Power(k) => format!(
            "Loss scale S = {}: every gradient is S times larger while the format holds it, \
             and divided by S afterwards.",
            value(k)
        ),
        LossScale::Dynamic => format!(
            "The dynamic loss scale started at 2^{} and reached S = {} (it halves while a \
             gradient overflows).",
            LossScale::Dynamic.start_log2(),
            value(run.scale_log2)
        ),
    }
}

/// 2^k written out: "65536", "0.0039" for small ones.
fn format_power_of_two(k: i32) -> String {
    let v = libm::ldexp(1.0, k);
    if (0..=40).contains(&k) {
        format!("{v:.0}")
    } else {
        format!("{v:.2e}")
    }
}

/// "layers 1–5 lost 100 % of their gradient entries to underflow; layers 6–11 lost some
/// (the most: layer 6, 91 %)", or that no layer lost any.
pub fn lost_words(fractions: &[GradFractions]) -> String {
    let layers_where = |keep: &dyn Fn(f64) -> bool| -> Vec<usize> {
        (1..=fractions.len())
            .filter(|&l| keep(fractions[l - 1].lost))
            .collect()
    };
    let all = layers_where(&|f| f >= 1.0);
    let some = layers_where(&|f| f > 0.0 && f < 1.0);
    let unknown = layers_where(&|f| f.is_nan());
    let mut parts = Vec::new();
    if !all.is_empty() {
        let (noun, own) = layer_noun(&all);
        parts.push(format!(
            "{noun} lost 100 % of {own} gradient entries to underflow"
        ));
    }
    if let Some(&worst) = some
        .iter()
        .max_by(|&&a, &&b| fractions[a - 1].lost.total_cmp(&fractions[b - 1].lost))
    {
        let (noun, own) = layer_noun(&some);
        let most = spaced_percent(&format_share_percent(fractions[worst - 1].lost));
        let what = if all.is_empty() {
            format!("part of {own} gradient entries to underflow")
        } else if some.len() == 1 {
            "part of its".to_string()
        } else {
            "part of theirs".to_string()
        };
        parts.push(format!(
            "{noun} lost {what} (the most: layer {worst}, {most})"
        ));
    }
    if parts.is_empty() {
        parts.push("no layer lost a gradient entry to underflow".to_string());
    }
    if !unknown.is_empty() {
        let (noun, _) = layer_noun(&unknown);
        parts.push(format!("{noun}: not measured"));
    }
    capitalized(&parts.join("; ")) + "."
}

/// "layers 1–5 …" → "Layers 1–5 …" (the sentences start with ASCII words).
fn capitalized(text: &str) -> String {
    match text.get(..1) {
        Some(first) => first.to_uppercase() + &text[1..],
        None => String::new(),
    }
}

/// Which layers' ∂L/∂z held inf or NaN, `None` where none did.
pub fn overflow_words(fractions: &[GradFractions]) -> Option<String> {
    let layers: Vec<usize> = (1..=fractions.len())
        .filter(|&l| fractions[l - 1].nonfinite > 0.0)
        .collect();
    if layers.is_empty() {
        return None;
    }
    let (noun, _) = layer_noun(&layers);
    Some(capitalized(&format!(
        "{noun} overflowed the format: inf or NaN in the gradient."
    )))
}

/// ("layer 1", "its") or ("layers 1–5", "their").
fn layer_noun(layers: &[usize]) -> (String, &'static str) {
    match layers {
        [one] => (format!("layer {one}"), "its"),
        _ => (format!("layers {}", format_layer_list(layers)), "their"),
    }
}

/// "91%" → "91 %", as the page writes a share in a sentence.
fn spaced_percent(p: &str) -> String {
    match p.strip_suffix('%') {
        Some(n) => format!("{n} %"),
        None => p.to_string(),
    }
}
