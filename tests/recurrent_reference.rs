//! Recurrent networks against the independent JAX reference (tests/fixtures/recurrent_w64.json:
//! every cell × recurrent init × gain 0.9 / 1.0 / 1.1, an LSTM with forget bias 1, and
//! truncation k = 10; T = 50, H = 64, B = 32, 20 seeds).
//!
//! We run our own seeds 0..19 (our draws differ, so only statistics can agree) and compare the
//! per-step medians of log10 ‖∂L/∂h_t‖, log10 ‖∂L/∂c_t‖ (LSTM) and log10 std(h_t), and per entry
//! the medians of log10 ‖∂L/∂W_hh‖, log10 ‖∂L/∂W_ih‖ and log10 L, with the reference README's
//! rule tol = max(0.1, 0.85·(p90 − p10)), only where the reference p10 > −35 (JAX flushes float32
//! subnormals to zero). Truncated steps (null in the reference) must be exact zeros in every
//! seed here. At least 99 % within tol, none beyond 2×tol.
//!
//! The largest systematic deviations (LSTM and GRU with normal init, early steps, our medians
//! about 0.5 tol above, e.g. −11.31 against −11.49 at t = 1 for the LSTM at g = 1) are the
//! reference's sample, not a difference of model: numpy with the spec's streams (PCG64, float64
//! draws, blocks in order) reproduces the reference's figures for seeds 100–119 exactly
//! (−11.494, p10 −11.593, p90 −11.300) and gives −11.24 … −11.43 for eight other sets of 20
//! seeds, where ours give −11.27 … −11.41; the paired design (LSTM and GRU share their first
//! recurrent blocks) makes those entries one sample. Likewise rnn_linear + pytorch at t = 1:
//! reference −12.69, numpy over 15 other seed sets −12.21 ± 0.26, ours over 8 sets −12.29.

use std::thread;
use std::time::Instant;

use gradient_flow_explorer::sim::recurrent::{
    simulate_rnn_seeds, Cell, RecurrentInit, RnnConfig, RnnRun,
};
use serde_json::Value;

mod reference_support;
use reference_support::{median, Tally};

const SEEDS: usize = 20;
const HARD_LIMIT: f64 = 2.0;
const SOFT_SHARE: f64 = 0.01;
/// Below this log10 the reference's float32 values may have been flushed to zero.
const FLUSH_LOG10: f64 = -35.0;

type Triple = Option<[f64; 3]>;

/// One reference entry, parsed.
struct Entry {
    cfg: RnnConfig,
    /// (name, per-step [p10, p50, p90] or None).
    per_step: Vec<(&'static str, Vec<Triple>)>,
    /// (name, [p10, p50, p90] or None).
    whole: Vec<(&'static str, Triple)>,
}

fn triple(v: &Value) -> Triple {
    let p = v.as_array()?;
    Some([p[0].as_f64()?, p[1].as_f64()?, p[2].as_f64()?])
}

fn entries() -> Vec<Entry> {
    let all: Vec<Value> =
        serde_json::from_str(include_str!("fixtures/recurrent_w64.json")).expect("fixture parses");
    all.iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().expect("string field");
            let u = |k: &str| e[k].as_u64().expect("integer field") as usize;
            let f = |k: &str| e[k].as_f64().expect("number field");
            let cfg = RnnConfig {
                cell: Cell::from_id(s("cell")).expect("cell"),
                init: RecurrentInit::from_id(s("init")).expect("init"),
                gain: f("gain"),
                forget_bias: f("forget_bias"),
                steps: u("T"),
                width: u("H"),
                truncate: u("trunc"),
                batch: u("batch"),
                seed: 0,
            };
            let steps = |k: &str| -> Vec<Triple> {
                e[k].as_array()
                    .map_or(Vec::new(), |a| a.iter().map(triple).collect())
            };
            let mut per_step = vec![
                ("h_grad", steps("h_grad_log10")),
                ("h_std", steps("h_std_log10")),
            ];
            if cfg.cell == Cell::Lstm {
                per_step.push(("c_grad", steps("c_grad_log10")));
            }
            let whole = vec![
                ("loss", triple(&e["loss_log10"])),
                ("w_hh_grad", triple(&e["weight_grad_hh_log10"])),
                ("w_ih_grad", triple(&e["weight_grad_ih_log10"])),
            ];
            Entry {
                cfg,
                per_step,
                whole,
            }
        })
        .collect()
}

/// Our per-seed log10 values of a per-step statistic.
fn step_values(runs: &[RnnRun], name: &str, i: usize) -> Vec<f64> {
    runs.iter()
        .map(|r| {
            let s = &r.steps[i];
            match name {
                "h_grad" => s.hidden_grad_norm,
                "h_std" => s.hidden_std,
                _ => s.cell_grad_norm.unwrap_or(f64::NAN),
            }
            .log10()
        })
        .collect()
}

fn whole_values(runs: &[RnnRun], name: &str) -> Vec<f64> {
    runs.iter()
        .map(|r| match name {
            "loss" => r.loss,
            "w_hh_grad" => r.weight_grad_norm.map_or(f64::NAN, |w| w.recurrent),
            _ => r.weight_grad_norm.map_or(f64::NAN, |w| w.input),
        })
        .map(f64::log10)
        .collect()
}

fn describe(c: &RnnConfig) -> String {
    format!(
        "{}/{}/g {}/fb {}/k {}",
        c.cell, c.init, c.gain, c.forget_bias, c.truncate
    )
}

/// Compares one entry into `tally`; returns the truncated steps that were not exact zeros.
fn compare(e: &Entry, runs: &[RnnRun], tally: &mut Tally) -> Vec<String> {
    let mut not_zero = Vec::new();
    let what = describe(&e.cfg);
    for (name, steps) in &e.per_step {
        for (i, reference) in steps.iter().enumerate() {
            let ours = step_values(runs, name, i);
            let Some([p10, p50, p90]) = *reference else {
                if ours.iter().any(|&v| v != f64::NEG_INFINITY) {
                    not_zero.push(format!("{what} t {} {name}", i + 1));
                }
                continue;
            };
            if p10 <= FLUSH_LOG10 {
                continue;
            }
            let at = format!("{what} t {} {name}", i + 1);
            tally.check(&at, median(ours), p50, (0.85 * (p90 - p10)).max(0.1));
        }
    }
    for (name, reference) in &e.whole {
        if let Some([p10, p50, p90]) = *reference {
            let at = format!("{what} {name}");
            tally.check(
                &at,
                median(whole_values(runs, name)),
                p50,
                (0.85 * (p90 - p10)).max(0.1),
            );
        }
    }
    not_zero
}

#[test]
fn recurrent_networks_match_jax_reference() {
    let all = entries();
    assert_eq!(all.len(), 48);
    let start = Instant::now();
    let runs: Vec<(usize, Vec<RnnRun>)> = thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let all = &all;
                s.spawn(move || {
                    (t..all.len())
                        .step_by(2)
                        .map(|i| (i, simulate_rnn_seeds(&all[i].cfg, SEEDS).expect("valid")))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64();
    let mut tally = Tally::default();
    let mut not_zero = Vec::new();
    for (i, r) in &runs {
        not_zero.extend(compare(&all[*i], r, &mut tally));
    }
    println!("{} entries in {seconds:.1} s", runs.len());
    assert!(
        not_zero.is_empty(),
        "truncated steps not zero: {not_zero:?}"
    );
    tally.report_and_assert("per-step medians", 0, HARD_LIMIT, SOFT_SHARE);
}
