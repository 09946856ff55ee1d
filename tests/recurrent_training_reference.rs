//! The latching task against the JAX reference's training entries
//! (tests/fixtures/recurrent_training.json: rnn_tanh and LSTM with forget bias 1, T = 10,
//! H = 64, orthogonal gain 1, Adam lr 1e-3, 10 seeds). Our seeds 0..9 (our draws differ, so
//! only statistics can agree): the median test accuracy at each recorded step within
//! max(0.05, 0.85·(p90 − p10)) of the reference's, and the number of seeds reaching 0.9 within
//! ±2. In CI the runs stop at step 250 (a sixth of the training; about 140 s for both entries
//! to step 500 on a loaded 2-core machine, so half that) and compare the records up to it,
//! where the LSTM has begun to learn (reference median 0.74) and the tanh RNN has not;
//! `GFE_FULL_REFERENCE=1` trains the full 1500 steps (552 s here under load: tanh median 0.509
//! against 0.513 with 1 seed of 10 reaching 0.9 in both; LSTM 0.996 against 0.996, 10 of 10 in
//! both). Also the median log10 ‖∂L_test/∂h_1‖ before training, with the per-step rule.

use std::thread;
use std::time::Instant;

use gradient_flow_explorer::sim::recurrent::{
    train_latching, Cell, LatchingConfig, LatchingRun, RecurrentInit,
};
use serde_json::Value;

const SEEDS: u64 = 10;
/// Last recorded step compared without GFE_FULL_REFERENCE.
const CI_LAST_STEP: usize = 250;

/// numpy's 'linear' percentile of `v`.
fn percentile(v: &[f64], q: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = q / 100.0 * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (pos - lo as f64) * (v[hi] - v[lo])
}

struct Entry {
    cfg: LatchingConfig,
    /// Per record step: the seeds' test accuracies.
    accuracy: Vec<(usize, Vec<f64>)>,
    /// Per seed: the first evaluated step with accuracy ≥ 0.9.
    learnt: Vec<Option<usize>>,
    /// Per seed: log10 ‖∂L_test/∂h_1‖ before training.
    h1_grad_at_0: Vec<f64>,
}

fn entries(last: usize) -> Vec<Entry> {
    let all: Value = serde_json::from_str(include_str!("fixtures/recurrent_training.json"))
        .expect("fixture parses");
    let steps: Vec<usize> = all["record_steps"]
        .as_array()
        .expect("record steps")
        .iter()
        .filter_map(Value::as_u64)
        .map(|s| s as usize)
        .filter(|&s| s <= last)
        .collect();
    let entries = all["entries"].as_array().expect("entries");
    entries
        .iter()
        .map(|e| {
            let c = &e["config"];
            let cfg = LatchingConfig {
                cell: Cell::from_id(c["cell"].as_str().expect("cell")).expect("cell"),
                steps: c["T"].as_u64().expect("T") as usize,
                width: c["H"].as_u64().expect("H") as usize,
                init: RecurrentInit::from_id(c["init"].as_str().expect("init")).expect("init"),
                gain: c["gain"].as_f64().expect("gain"),
                forget_bias: c["forget_bias"].as_f64().expect("forget bias"),
                lr: c["lr"].as_f64().expect("lr"),
                clip: c["clip"].as_f64(),
                train_steps: last,
                seed: 0,
            };
            let seeds = e["per_seed"].as_array().expect("per seed");
            let accuracy = steps
                .iter()
                .map(|&s| {
                    let key = s.to_string();
                    let v = seeds
                        .iter()
                        .map(|p| p["test_accuracy"][&key].as_f64().expect("accuracy"))
                        .collect();
                    (s, v)
                })
                .collect();
            let learnt = seeds
                .iter()
                .map(|p| p["steps_to_0.9"].as_u64().map(|s| s as usize))
                .collect();
            let h1_grad_at_0 = seeds
                .iter()
                .map(|p| p["h1_grad_log10"]["0"].as_f64().expect("h1 gradient"))
                .collect();
            Entry {
                cfg,
                accuracy,
                learnt,
                h1_grad_at_0,
            }
        })
        .collect()
}

fn runs(cfg: &LatchingConfig, record: &[usize]) -> Vec<LatchingRun> {
    let seeds: Vec<u64> = (0..SEEDS).collect();
    thread::scope(|s| {
        let handles: Vec<_> = seeds
            .chunks(SEEDS as usize / 2)
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|&seed| {
                            let c = LatchingConfig {
                                seed,
                                ..cfg.clone()
                            };
                            train_latching(&c, record).expect("valid config")
                        })
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
fn latching_task_matches_jax_reference() {
    let full = std::env::var("GFE_FULL_REFERENCE").is_ok_and(|v| v == "1");
    let last = if full { 1500 } else { CI_LAST_STEP };
    let start = Instant::now();
    let mut failures = Vec::new();
    for e in entries(last) {
        let record: Vec<usize> = e.accuracy.iter().map(|(s, _)| *s).collect();
        let ours = runs(&e.cfg, &record);
        let name = format!("{} T {} lr {}", e.cfg.cell, e.cfg.steps, e.cfg.lr);
        for (i, (step, reference)) in e.accuracy.iter().enumerate() {
            let mine: Vec<f64> = ours.iter().map(|r| r.records[i].test_accuracy).collect();
            let (p10, p50, p90) = (
                percentile(reference, 10.0),
                percentile(reference, 50.0),
                percentile(reference, 90.0),
            );
            let tol = (0.85 * (p90 - p10)).max(0.05);
            let m = percentile(&mine, 50.0);
            println!(
                "{name} step {step}: median accuracy ours {m:.4} reference {p50:.4} (tol {tol:.3})"
            );
            if (m - p50).abs() > tol {
                failures.push(format!(
                    "{name} step {step}: ours {m:.4} ref {p50:.4} tol {tol:.3}"
                ));
            }
        }
        // Before training: the gradient of the test loss that reaches h_1 (10^−3.3 for tanh).
        let reference = &e.h1_grad_at_0;
        let tol = (0.85 * (percentile(reference, 90.0) - percentile(reference, 10.0))).max(0.1);
        let mine: Vec<f64> = ours
            .iter()
            .map(|r| r.records[0].h1_grad_norm.log10())
            .collect();
        let (m, p50) = (percentile(&mine, 50.0), percentile(reference, 50.0));
        println!(
            "{name} step 0: median log10 |dL/dh_1| ours {m:.3} reference {p50:.3} (tol {tol:.3})"
        );
        if (m - p50).abs() > tol {
            failures.push(format!(
                "{name} h_1 gradient at step 0: ours {m:.3} ref {p50:.3}"
            ));
        }
        let count = |v: &mut dyn Iterator<Item = Option<usize>>| {
            v.filter(|s| s.is_some_and(|s| s <= last)).count() as i64
        };
        let theirs = count(&mut e.learnt.iter().copied());
        let mine = count(&mut ours.iter().map(|r| r.steps_to_learnt));
        println!("{name}: seeds reaching 0.9 by step {last}: ours {mine}, reference {theirs}");
        if (mine - theirs).abs() > 2 {
            failures.push(format!(
                "{name}: seeds reaching 0.9 ours {mine} ref {theirs}"
            ));
        }
    }
    println!("trained in {:.1} s", start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{failures:#?}");
}
