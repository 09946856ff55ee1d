//! Text alternatives for the charts (`aria-label`s): plain ASCII numbers, since screen readers
//! stumble over superscripts.

use crate::charts::kit::scale::safe_log10;
use crate::sim::Report;
use crate::words::format::{
    format_layer_list, format_ratio_ascii, format_share_percent, format_value_ascii,
};
use crate::words::metric::Metric;

/// "Signal gradient per layer, 15 layers: 3.2e-3 at layer 15 (output) falling to 4.1e-12 at
/// layer 1 (input), ratio 10^-9.1; diagnosis vanishing".
pub fn gradient_summary(report: &Report, metric: Metric) -> String {
    let values: Vec<f64> = report.layers.iter().map(|l| metric.value(l)).collect();
    let n = values.len();
    let head = format!(
        "{} per layer, {n} layer{}",
        metric.noun(),
        if n == 1 { "" } else { "s" }
    );
    let (Some(&first), Some(&last)) = (values.first(), values.last()) else {
        return format!("{head}: no layers");
    };
    let mut s = if n == 1 {
        format!(
            "{head}: {} at layer 1 (input and output)",
            format_value_ascii(first)
        )
    } else {
        let verb = match (safe_log10(first), safe_log10(last)) {
            (Some(a), Some(b)) if a < b - 1.0 => "falling to",
            (Some(a), Some(b)) if a > b + 1.0 => "rising to",
            (Some(_), Some(_)) => "staying near",
            _ => "and",
        };
        let ratio = first / last;
        format!(
            "{head}: {} at layer {n} (output) {verb} {} at layer 1 (input), ratio {}",
            format_value_ascii(last),
            format_value_ascii(first),
            if ratio.is_finite() {
                format_ratio_ascii(ratio)
            } else {
                "undefined".to_string()
            },
        )
    };
    let overflow: Vec<usize> = layer_numbers(&values, |v| !v.is_finite());
    if !overflow.is_empty() {
        s += &format!(
            "; overflow (inf/NaN) at layer{} {}",
            plural(&overflow),
            format_layer_list(&overflow)
        );
    }
    let zero: Vec<usize> = layer_numbers(&values, |v| v == 0.0);
    if !zero.is_empty() {
        s += &format!(
            "; exactly 0 (underflow) at layer{} {}",
            plural(&zero),
            format_layer_list(&zero)
        );
    }
    s + &format!("; diagnosis {}", report.summary.diagnosis.id())
}

/// "Activation distribution (tanh), 15 layers, binned over [-3, 3]: std 0.87 at layer 1,
/// 0.12 at layer 15; saturated up to 45% (layer 12); non-finite values at layers 10–15".
pub fn activation_summary(report: &Report) -> String {
    let layers = &report.layers;
    let n = layers.len();
    let mut s = format!(
        "Activation distribution ({}), {n} layer{}",
        report.config.net.activation.id(),
        if n == 1 { "" } else { "s" }
    );
    let (Some(first), Some(last)) = (layers.first(), layers.last()) else {
        return s + ": no layers";
    };
    let h = &first.histogram;
    if h.lo.is_finite() && h.hi.is_finite() {
        s += &format!(", binned over [{}, {}]", h.lo, h.hi);
    }
    s += &format!(
        ": mean {} and std {} at layer 1",
        format_value_ascii(first.act_mean),
        format_value_ascii(first.act_std)
    );
    if n > 1 {
        s += &format!(
            ", mean {} and std {} at layer {n}",
            format_value_ascii(last.act_mean),
            format_value_ascii(last.act_std)
        );
    }
    for (name, get) in [
        (
            "saturated",
            (|l: &crate::sim::LayerReport| l.saturated_fraction) as fn(&_) -> _,
        ),
        ("zero outputs", |l: &crate::sim::LayerReport| {
            l.dead_fraction
        }),
    ] {
        let peak = layers
            .iter()
            .filter_map(|l| get(l).filter(|f| f.is_finite()).map(|f| (f, l.layer)))
            .fold(None, |best: Option<(f64, usize)>, (f, l)| match best {
                Some((bf, _)) if bf >= f => best,
                _ => Some((f, l)),
            });
        if let Some((f, l)) = peak {
            s += &format!("; {name} up to {} (layer {l})", format_share_percent(f));
        }
    }
    let nonfinite: Vec<usize> = layers
        .iter()
        .filter(|l| l.histogram.nonfinite > 0 || l.nonfinite > 0)
        .map(|l| l.layer)
        .collect();
    if !nonfinite.is_empty() {
        s += &format!(
            "; overflow: non-finite values at layer{} {}",
            plural(&nonfinite),
            format_layer_list(&nonfinite)
        );
    }
    s
}

fn layer_numbers(values: &[f64], pred: impl Fn(f64) -> bool) -> Vec<usize> {
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| pred(**v))
        .map(|(i, _)| i + 1)
        .collect()
}

fn plural(list: &[usize]) -> &'static str {
    if list.len() == 1 {
        ""
    } else {
        "s"
    }
}
