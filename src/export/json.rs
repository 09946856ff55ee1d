//! The report as JSON, in `gradflow --format json`'s schema (see README): `config`, `seeds`,
//! `loss`, `layers` (p10/p50/p90 per quantity) and `summary` (medians, the judged gradient and
//! the most frequent diagnosis), and `overflowed` (what left the run's number format's range,
//! in the card's words). One report is one seed: its percentiles are its values.
//!
//! JSON has no inf or NaN, so a non-finite number is written as one of the strings "inf",
//! "-inf" and "NaN" (`number`); `null` only ever means "not applicable" (no theory, no
//! saturated fraction for this activation, nothing overflowed).

use serde_json::{json, Value};

use crate::lessons::status::overflow_headline;
use crate::sim::mixed::{median_fractions, GradFractions, LossScale};
use crate::sim::numeric::Precision;
use crate::sim::seeds::{percentiles, spread};
use crate::sim::{
    judged_gradient, Config, Diagnosis, JudgedGradient, Overflowed, Percentiles, Report,
};
use crate::words::precision::in_format;

/// A number as JSON: finite ones as numbers, the others as "inf", "-inf" or "NaN".
pub fn number(v: f64) -> Value {
    if v.is_nan() {
        Value::from("NaN")
    } else if v == f64::INFINITY {
        Value::from("inf")
    } else if v == f64::NEG_INFINITY {
        Value::from("-inf")
    } else {
        Value::from(v)
    }
}

/// What overflowed, as the card says it (`words`, naming the run's `precision`), or `null` when
/// nothing did. `loss`/`gradients`/`activations` say which values left the format's range in some seed;
/// `first_layer` says where it began: for activations the lowest such layer (the forward pass
/// runs 1 → L), for gradients the highest (back-propagation runs L → 1).
pub fn overflow_json(
    o: Overflowed,
    activation_layers: &[usize],
    gradient_layers: &[usize],
    precision: Precision,
) -> Value {
    if !o.any {
        return Value::Null;
    }
    json!({
        "loss": o.loss,
        "gradients": o.gradients,
        "activations": !activation_layers.is_empty(),
        "first_layer": {
            "activations": activation_layers.iter().min(),
            "gradients": gradient_layers.iter().max(),
        },
        "words": in_format(overflow_headline(o), precision),
    })
}

/// `overflow_json` over seeds: anything that overflowed in some seed, and where it began first.
fn reports_overflow(reports: &[Report]) -> Value {
    let any = |f: fn(&Overflowed) -> bool| reports.iter().any(|r| f(&r.summary.overflowed));
    let o = Overflowed {
        loss: any(|o| o.loss),
        gradients: any(|o| o.gradients),
        any: any(|o| o.any),
    };
    let layers = |bad: fn(&crate::sim::LayerReport) -> bool| -> Vec<usize> {
        reports
            .iter()
            .flat_map(|r| r.layers.iter().filter(|l| bad(l)).map(|l| l.layer))
            .collect()
    };
    let activations = layers(|l| l.histogram.nonfinite > 0);
    let gradients = layers(|l| !l.weight_grad_norm.is_finite() || !l.signal_grad_norm.is_finite());
    // Every seed runs in the same format: the first report's names it.
    let precision = reports
        .first()
        .and_then(|r| r.mixed)
        .map_or(Precision::Float32, |m| m.precision);
    overflow_json(o, &activations, &gradients, precision)
}

/// The summary numbers over seeds: medians, the judged gradient and the consensus diagnosis.
pub struct Headline {
    pub first: f64,
    pub last: f64,
    pub ratio: f64,
    pub weight_ratio: f64,
    pub judged: JudgedGradient,
    pub diagnosis: Diagnosis,
}

impl Headline {
    pub fn of(cfg: &Config, reports: &[Report]) -> Headline {
        let p50 = |f: fn(&Report) -> f64| percentiles(reports.iter().map(f)).p50;
        Headline {
            first: p50(|r| r.summary.first_layer_grad),
            last: p50(|r| r.summary.last_layer_grad),
            ratio: p50(|r| r.summary.ratio),
            weight_ratio: p50(|r| r.summary.weight_ratio),
            judged: judged_gradient(cfg),
            diagnosis: consensus(reports),
        }
    }
}

/// The most frequent diagnosis over seeds; ties go to the more severe one.
pub fn consensus(reports: &[Report]) -> Diagnosis {
    let order = [
        Diagnosis::Overflow,
        Diagnosis::Dead,
        Diagnosis::Exploding,
        Diagnosis::Vanishing,
        Diagnosis::Healthy,
    ];
    let count = |d: Diagnosis| reports.iter().filter(|r| r.summary.diagnosis == d).count();
    order.into_iter().fold(Diagnosis::Healthy, |best, d| {
        if count(d) > count(best)
            || (count(d) == count(best)
                && order.iter().position(|&x| x == d) < order.iter().position(|&x| x == best))
        {
            d
        } else {
            best
        }
    })
}

fn pjson(p: &Percentiles) -> Value {
    json!({"p10": number(p.p10), "p50": number(p.p50), "p90": number(p.p90)})
}

/// The JSON object for `reports` (seeds `cfg.seed …`, at least one); non-finite numbers
/// become "inf", "-inf" or "NaN".
pub fn reports_json(cfg: &Config, reports: &[Report]) -> Value {
    let sp = spread(reports);
    let h = Headline::of(cfg, reports);
    let theory = reports.first().map(|r| r.theory.as_slice()).unwrap_or(&[]);
    let nonfinite = |i: usize| {
        reports
            .iter()
            .filter_map(|r| r.layers.get(i))
            .map(|l| l.nonfinite)
            .sum::<u64>()
    };
    let layers: Vec<Value> = sp
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut layer = json!({
                "layer": l.layer,
                "weight_grad_norm": pjson(&l.weight_grad_norm),
                "signal_grad_norm": pjson(&l.signal_grad_norm),
                "act_mean": pjson(&l.act_mean),
                "act_std": pjson(&l.act_std),
                "saturated_fraction": l.saturated_fraction.as_ref().map(pjson),
                "dead_fraction": l.dead_fraction.as_ref().map(pjson),
                "theory_signal_grad_rel_log10": theory.get(i).map(|t| number(t.signal_grad_rel_log10)),
                "nonfinite": nonfinite(i),
            });
            if let Some(f) = fractions_json(reports, i) {
                layer["grad_fractions"] = f;
            }
            layer
        })
        .collect();
    let mut out = json!({
        "config": cfg,
        "seeds": reports.len(),
        "loss": pjson(&sp.loss),
        "layers": layers,
        "summary": {
            "first_layer_grad": number(h.first),
            "last_layer_grad": number(h.last),
            "ratio": number(h.ratio),
            "weight_ratio": number(h.weight_ratio),
            "judged_gradient": h.judged.id(),
            "diagnosis": h.diagnosis.id(),
        },
        "overflowed": reports_overflow(reports),
    });
    if let Some(m) = reports.first().and_then(|r| r.mixed) {
        out["precision"] = json!(m.precision);
        let reached = reports.iter().filter_map(|r| r.mixed.map(|m| m.scale_log2));
        out["loss_scale"] = loss_scale_json(m.requested, reached);
    }
    out
}

/// Medians over the seeds of layer i's gradient fractions (mixed-precision runs only).
fn fractions_json(reports: &[Report], i: usize) -> Option<Value> {
    let per_seed: Vec<GradFractions> = reports
        .iter()
        .filter_map(|r| r.layers.get(i).and_then(|l| l.grad_fractions))
        .collect();
    (!per_seed.is_empty()).then(|| grad_fractions_json(&median_fractions(&per_seed)))
}

/// Gradient fractions as JSON (non-finite medians as strings, as every number here).
pub fn grad_fractions_json(f: &GradFractions) -> Value {
    json!({
        "zero": number(f.zero),
        "subnormal": number(f.subnormal),
        "normal": number(f.normal),
        "nonfinite": number(f.nonfinite),
        "lost": number(f.lost),
    })
}

/// The loss scale asked for and the one each seed's pass reached (S, p10/p50/p90 over seeds).
pub fn loss_scale_json(requested: LossScale, reached_log2: impl Iterator<Item = i32>) -> Value {
    let reached = percentiles(reached_log2.map(|k| 2f64.powi(k)));
    json!({"requested": requested.id(), "reached": pjson(&reached)})
}

/// One report (one seed) as JSON.
pub fn report_json(report: &Report) -> Value {
    reports_json(&report.config, std::slice::from_ref(report))
}
