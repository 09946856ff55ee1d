//! Optimizers' first three steps against values worked out by hand from PyTorch's update
//! rules, and clipping by the global norm.

use gradient_flow_explorer::train::model::Params;
use gradient_flow_explorer::train::optim::{clip_global_norm, global_norm, OptimState};
use gradient_flow_explorer::train::{Optimizer, TrainConfig};

/// One weight p (starting at 1) and one bias q (starting at −2); gradients 0.5, −1, 2 for p
/// and the negatives for q.
fn three_steps(optimizer: Optimizer, momentum: f64) -> Vec<(f32, f32)> {
    let cfg = TrainConfig {
        optimizer,
        lr: 0.1,
        momentum,
        ..TrainConfig::default()
    };
    let mut p = Params {
        weights: vec![vec![1.0]],
        biases: vec![vec![-2.0]],
    };
    let mut opt = OptimState::new(&cfg, &p);
    [0.5f32, -1.0, 2.0]
        .iter()
        .map(|&g| {
            let grads = Params {
                weights: vec![vec![g]],
                biases: vec![vec![-g]],
            };
            opt.apply(&mut p, &grads);
            (p.weights[0][0], p.biases[0][0])
        })
        .collect()
}

fn assert_close(got: &[(f32, f32)], want_p: [f64; 3], start_q: f64) {
    for (i, (&(p, q), want)) in got.iter().zip(want_p).enumerate() {
        // q sees the negated gradients, so it moves by the same amounts the other way.
        let want_q = start_q - (want - 1.0);
        assert!(
            (p as f64 - want).abs() < 1e-6,
            "step {}: p = {p}, expected {want}",
            i + 1
        );
        assert!(
            (q as f64 - want_q).abs() < 1e-6,
            "step {}: q = {q}, expected {want_q}",
            i + 1
        );
    }
}

#[test]
fn sgd_first_three_steps() {
    // p −= 0.1·g: 1 − 0.05 = 0.95; + 0.1 = 1.05; − 0.2 = 0.85.
    assert_close(&three_steps(Optimizer::Sgd, 0.0), [0.95, 1.05, 0.85], -2.0);
}

#[test]
fn sgd_momentum_first_three_steps() {
    // v = 0.9v + g: 0.5, −0.55, 1.505; p −= 0.1·v: 0.95, 1.005, 0.8545.
    assert_close(
        &three_steps(Optimizer::Sgd, 0.9),
        [0.95, 1.005, 0.8545],
        -2.0,
    );
}

#[test]
fn adam_first_three_steps() {
    // k=1: m̂ = 0.5, v̂ = 0.25 → p = 1 − 0.1·0.5/0.5 = 0.9.
    // k=2: m = −0.055, v = 0.00124975; m̂ = −0.055/0.19, v̂ = 0.00124975/0.001999
    //      → p = 0.9 + 0.1·0.289474/0.790688 = 0.936610.
    // k=3: m = 0.1505, v = 0.005248500; m̂ = 0.1505/0.271, v̂ = 0.0052485/0.002997001
    //      → p = 0.936610 − 0.1·0.555351/1.323353 = 0.894645.
    assert_close(
        &three_steps(Optimizer::Adam, 0.0),
        [0.900_000_002, 0.936_610_354, 0.894_644_793],
        -2.0,
    );
}

#[test]
fn adam_ignores_momentum_and_sgd_without_momentum_keeps_no_history() {
    assert_eq!(
        three_steps(Optimizer::Adam, 0.5),
        three_steps(Optimizer::Adam, 0.0)
    );
    let plain = three_steps(Optimizer::Sgd, 0.0);
    assert_ne!(plain, three_steps(Optimizer::Sgd, 0.5));
}

/// Gradients of assorted shapes and scales, from a fixed pseudo-random sequence.
fn gradients(scale: f32, salt: u32) -> Params {
    let mut state = 0x9E37_79B9u32 ^ salt;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state as f32 / u32::MAX as f32 - 0.5) * scale
    };
    let mut t = |n: usize| (0..n).map(|_| next()).collect::<Vec<f32>>();
    Params {
        weights: vec![t(128), t(4096), t(128)],
        biases: vec![t(64), t(64), t(2)],
    }
}

#[test]
fn clipping_never_leaves_the_global_norm_above_c() {
    for (salt, scale) in [1e-3f32, 0.1, 1.0, 7.0, 1e3, 1e6, 1e12].iter().enumerate() {
        for c in [1e-3, 0.5, 1.0, 3.0, 1e4] {
            let mut g = gradients(*scale, salt as u32);
            let before = global_norm(&g);
            let reported = clip_global_norm(&mut g, c);
            let after = global_norm(&g);
            assert_eq!(reported, before);
            assert!(
                after <= c,
                "scale {scale} c {c}: norm {before} clipped to {after}"
            );
            if before + 1e-6 <= c {
                assert_eq!(after, before, "a norm below c must be left alone");
            } else {
                assert!(
                    after > 0.999 * c,
                    "clipped to {after}, expected just under {c}"
                );
            }
        }
    }
}

#[test]
fn clipping_keeps_the_direction() {
    let orig = gradients(100.0, 3);
    let mut g = orig.clone();
    clip_global_norm(&mut g, 1.0);
    let ratio = g.weights[1][10] as f64 / orig.weights[1][10] as f64;
    for (a, b) in g.tensors().flatten().zip(orig.tensors().flatten()) {
        assert!((*a as f64 - ratio * *b as f64).abs() <= 1e-6 * b.abs() as f64 + 1e-12);
    }
}
