//! The report as JSON, in `gradflow --format json`'s schema (see README): `config`, `seeds`,
//! `loss`, `layers` (p10/p50/p90 per quantity) and `summary` (medians, the judged gradient and
//! the most frequent diagnosis). One report is one seed: its percentiles are its values.

use serde_json::{json, Value};

use crate::sim::seeds::{percentiles, spread};
use crate::sim::{judged_gradient, Config, Diagnosis, JudgedGradient, Percentiles, Report};

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
    json!({"p10": p.p10, "p50": p.p50, "p90": p.p90})
}

/// The JSON object for `reports` (seeds `cfg.seed …`, at least one); non-finite numbers
/// become `null`.
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
            json!({
                "layer": l.layer,
                "weight_grad_norm": pjson(&l.weight_grad_norm),
                "signal_grad_norm": pjson(&l.signal_grad_norm),
                "act_mean": pjson(&l.act_mean),
                "act_std": pjson(&l.act_std),
                "saturated_fraction": l.saturated_fraction.as_ref().map(pjson),
                "dead_fraction": l.dead_fraction.as_ref().map(pjson),
                "theory_signal_grad_rel_log10": theory.get(i).map(|t| t.signal_grad_rel_log10),
                "nonfinite": nonfinite(i),
            })
        })
        .collect();
    json!({
        "config": cfg,
        "seeds": reports.len(),
        "loss": pjson(&sp.loss),
        "layers": layers,
        "summary": {
            "first_layer_grad": h.first,
            "last_layer_grad": h.last,
            "ratio": h.ratio,
            "weight_ratio": h.weight_ratio,
            "judged_gradient": h.judged.id(),
            "diagnosis": h.diagnosis.id(),
        },
    })
}

/// One report (one seed) as JSON.
pub fn report_json(report: &Report) -> Value {
    reports_json(&report.config, std::slice::from_ref(report))
}
