//! The report as CSV: a header row, then one row per layer (layer 1, the input side, first).
//! Numbers are written so they read back exactly (`0.25`, `1.5e-8`, `NaN`, `inf`); a quantity the
//! activation does not have (saturation of ReLU, …) or a layer without a mean-field prediction
//! is an empty cell. Several seeds give each layer's median (their p50).

use crate::sim::seeds::spread;
use crate::sim::{Percentiles, Report};

/// The columns, in order.
pub const HEADER: [&str; 9] = [
    "layer",
    "weight_grad_norm",
    "signal_grad_norm",
    "act_mean",
    "act_std",
    "saturated_fraction",
    "dead_fraction",
    "theory_signal_grad_rel_log10",
    "nonfinite",
];

/// The CSV text for `reports` (one seed, or several: medians), ending with a newline.
pub fn reports_csv(reports: &[Report]) -> String {
    let sp = spread(reports);
    let theory = reports.first().map(|r| r.theory.as_slice()).unwrap_or(&[]);
    let mut out = HEADER.join(",");
    out.push('\n');
    for (i, l) in sp.layers.iter().enumerate() {
        let nonfinite: u64 = reports
            .iter()
            .filter_map(|r| r.layers.get(i))
            .map(|l| l.nonfinite)
            .sum();
        let median = |p: &Option<Percentiles>| p.as_ref().map(|p| p.p50);
        let cells = [
            l.layer.to_string(),
            number(l.weight_grad_norm.p50),
            number(l.signal_grad_norm.p50),
            number(l.act_mean.p50),
            number(l.act_std.p50),
            optional(median(&l.saturated_fraction)),
            optional(median(&l.dead_fraction)),
            optional(theory.get(i).map(|t| t.signal_grad_rel_log10)),
            nonfinite.to_string(),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// One report as CSV.
pub fn report_csv(report: &Report) -> String {
    reports_csv(std::slice::from_ref(report))
}

/// Shortest text that parses back to the same `f64` (`NaN`, `inf` and `-inf` included):
/// plain between 10⁻⁴ and 10¹⁵ (and 0), with an exponent beyond.
fn number(v: f64) -> String {
    let plain = v == 0.0 || (1e-4..1e15).contains(&v.abs()) || !v.is_finite();
    if plain {
        v.to_string()
    } else {
        format!("{v:e}")
    }
}

fn optional(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}
