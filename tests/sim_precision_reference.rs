//! The precision lens against the independent numpy reference with explicit rounding
//! (tests/fixtures/precision_w64.json, from ../shared/reference/precision_public.json:
//! sigmoid/tanh/relu/gelu × xavier/he, plus residual 1/√L + layer norm, × float32 / bfloat16 /
//! float16 × loss scale none / 2^12 / dynamic; depth 30, width 64, batch 64, 20 seeds).
//!
//! We run our own seeds 0..19 and compare per layer the median of log10 ‖∂Loss/∂W_l‖
//! (unscaled) with tol = max(0.1, 0.85·(p90 − p10)), and the medians of ∂Loss/∂H_l's fractions
//! (zero, subnormal, normal, non-finite, lost) with tol = max(0.02, 0.85·(p90 − p10)); at least
//! 99 % of each within tol and none beyond 2×tol. Medians are numpy's, null where they touch a
//! seed whose norm is exactly 0 (the whole gradient underflowed); the count of such seeds must
//! match within ±3 of 20. A dynamic scale's median log2 must match within 1.

use std::thread;

use gradient_flow_explorer::sim::mixed::{simulate_mixed, LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::seeds::percentiles;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Report, Residual};
use serde_json::Value;

mod reference_support;
use reference_support::{median, Tally};

const SEEDS: u64 = 20;
const HARD_LIMIT: f64 = 2.0;
const SOFT_SHARE: f64 = 0.01;
const FRACTIONS: [&str; 5] = ["zero", "subnormal", "normal", "nonfinite", "lost"];

struct Entry {
    cfg: Config,
    mixed: MixedPrecision,
    what: String,
    json: Value,
}

fn entries() -> Vec<Entry> {
    let all: Vec<Value> =
        serde_json::from_str(include_str!("fixtures/precision_w64.json")).expect("fixture");
    all.into_iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().expect("string field").to_string();
            let u = |k: &str| e[k].as_u64().expect("integer field") as usize;
            let residual = match s("residual").as_str() {
                "none" => Residual::None,
                "inv_sqrt_depth" => Residual::Scaled,
                other => panic!("unknown residual {other}"),
            };
            let cfg = Config {
                net: MlpNet {
                    depth: u("depth"),
                    width: u("width"),
                    activation: Activation::from_id(&s("activation")).expect("activation"),
                    init: Init::from_id(&s("init")).expect("init"),
                    residual,
                    norm: Norm::from_id(&s("norm")).expect("norm"),
                },
                batch: u("batch"),
                ..Config::default()
            };
            let mixed = MixedPrecision {
                precision: Precision::from_id(&s("format")).expect("format"),
                loss_scale: LossScale::parse(&s("loss_scale")).expect("loss scale"),
            };
            let what = format!(
                "{}/{}/{}/{} {} S={}",
                s("activation"),
                s("init"),
                s("residual"),
                s("norm"),
                s("format"),
                s("loss_scale")
            );
            Entry {
                cfg,
                mixed,
                what,
                json: e,
            }
        })
        .collect()
}

fn our_reports(e: &Entry) -> Vec<Report> {
    (0..SEEDS)
        .map(|seed| {
            let cfg = Config {
                seed,
                ..e.cfg.clone()
            };
            simulate_mixed(&cfg, &e.mixed).expect("valid config")
        })
        .collect()
}

fn triple(v: &Value) -> Option<[f64; 3]> {
    let a = v.as_array()?;
    Some([a[0].as_f64()?, a[1].as_f64()?, a[2].as_f64()?])
}

/// Compares one entry; returns the layers whose zero-norm counts differ by more than 3.
fn compare(e: &Entry, reports: &[Report], norms: &mut Tally, fracs: &mut Tally) -> Vec<String> {
    let mut count_misses = Vec::new();
    for (l, layer) in e.json["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .enumerate()
    {
        let what = format!("{} layer {}", e.what, l + 1);
        let logs: Vec<f64> = reports
            .iter()
            .map(|r| r.layers[l].weight_grad_norm.log10())
            .collect();
        // numpy's median, null where it touches a non-finite value (as the reference's).
        let p50 = percentiles(logs.iter().copied()).p50;
        if let Some([p10, ref_p50, p90]) = triple(&layer["w"]) {
            let ours = p50.is_finite().then_some(p50);
            norms.check(&what, ours, ref_p50, (0.85 * (p90 - p10)).max(0.1));
        }
        let theirs = layer["w_nonfinite"][0].as_u64().unwrap_or(0) as i64;
        let ours = logs.iter().filter(|v| **v == f64::NEG_INFINITY).count() as i64;
        if (ours - theirs).abs() > 3 {
            count_misses.push(format!("{what}: zero norms {ours} vs {theirs}"));
        }
        for k in FRACTIONS {
            let Some([p10, p50, p90]) = triple(&layer["f"][k]) else {
                continue;
            };
            let ours: Vec<f64> = reports
                .iter()
                .map(|r| {
                    let f = r.layers[l]
                        .grad_fractions
                        .expect("fractions in a mixed run");
                    match k {
                        "zero" => f.zero,
                        "subnormal" => f.subnormal,
                        "normal" => f.normal,
                        "nonfinite" => f.nonfinite,
                        _ => f.lost,
                    }
                })
                .collect();
            let tol = (0.85 * (p90 - p10)).max(0.02);
            fracs.check(&format!("{what} {k}"), median(ours), p50, tol);
        }
    }
    count_misses
}

/// Float32 without a scale is the explorer's own pass; the reference's float32 "none" entries
/// are compared through `simulate_mixed` all the same (it returns `simulate`'s report).
fn mixed_reports(all: &[Entry]) -> Vec<(usize, Vec<Report>)> {
    thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                s.spawn(move || {
                    (t..all.len())
                        .step_by(2)
                        .map(|i| (i, our_reports(&all[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    })
}

#[test]
fn precision_lens_matches_the_numpy_reference() {
    let mut all = entries();
    assert_eq!(all.len(), 90);
    // Plain float32 reports carry no fractions: ask for them with a scale of 2^0 (identical
    // arithmetic; the reference's float32 entries count fractions too).
    for e in &mut all {
        if e.mixed.is_float32() {
            e.mixed.loss_scale = LossScale::Power(0);
        }
    }
    let ours = mixed_reports(&all);
    let (mut norms, mut fracs) = (Tally::default(), Tally::default());
    let (mut count_misses, mut scale_misses) = (Vec::new(), Vec::new());
    for (i, reports) in &ours {
        let e = &all[*i];
        count_misses.extend(compare(e, reports, &mut norms, &mut fracs));
        if let Some(theirs) = e.json["dynamic_scale_log2"].as_array() {
            let theirs: Vec<f64> = theirs.iter().filter_map(Value::as_f64).collect();
            let ours: Vec<f64> = reports
                .iter()
                .filter_map(|r| r.mixed.map(|m| f64::from(m.scale_log2)))
                .collect();
            let (a, b) = (median(ours), median(theirs));
            if a.zip(b).is_none_or(|(a, b)| (a - b).abs() > 1.0) {
                scale_misses.push(format!("{}: log2 S {a:?} vs {b:?}", e.what));
            }
        }
    }
    println!("zero-norm counts off by > 3: {count_misses:?}");
    println!("dynamic scales off by > 1 halving: {scale_misses:?}");
    norms.report_and_assert("log10 |dW|", 1000, HARD_LIMIT, SOFT_SHARE);
    fracs.report_and_assert("fractions", 1000, HARD_LIMIT, SOFT_SHARE);
    assert!(count_misses.is_empty(), "{count_misses:?}");
    assert!(scale_misses.is_empty(), "{scale_misses:?}");
}
