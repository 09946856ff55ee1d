//! The trainer's backward pass against central finite differences of its own loss, through the
//! head and the cross-entropy and every layer kind: plain, residual (identity and scaled),
//! batch norm and layer norm, with smooth activations.

use gradient_flow_explorer::sim::{Activation, Init, MlpNet};
use gradient_flow_explorer::train::model::{Arch, Params};
use gradient_flow_explorer::train::network::Workspace;
use gradient_flow_explorer::train::{Norm, Residual, TrainConfig};

fn loss(arch: &Arch, p: &Params, x: &[f32], y: &[u8]) -> f64 {
    let mut ws = Workspace::default();
    ws.forward(arch, p, x);
    ws.backward(arch, p, x, y)
}

fn nudge(q: &mut Params, k: usize, is_bias: bool, i: usize, by: f32) {
    if is_bias {
        q.biases[k][i] += by;
    } else {
        q.weights[k][i] += by;
    }
}

/// Compares every parameter's analytic gradient with (L(θ+h) − L(θ−h))/2h.
fn check(activation: Activation, residual: Residual, norm: Norm) {
    let cfg = TrainConfig {
        net: MlpNet {
            activation,
            init: Init::XavierNormal,
            depth: 3,
            width: 5,
            residual,
            norm,
        },
        seed: 7,
        ..TrainConfig::default()
    };
    let arch = Arch::of(&cfg);
    let p = Params::init(&cfg);
    // Six points with mixed classes (batch norm needs more than one row).
    let x = [
        0.3f32, -0.8, -0.5, 0.1, 0.9, 0.7, -0.2, -0.6, 0.4, 0.5, -0.9, 0.2,
    ];
    let y = [0u8, 1, 1, 0, 1, 0];
    let mut ws = Workspace::default();
    ws.forward(&arch, &p, &x);
    ws.backward(&arch, &p, &x, &y);
    let grads = ws.grads().clone();
    let h = 1e-2f32;
    let mut checked = 0;
    for k in 0..arch.layers() {
        for (is_bias, len) in [(false, p.weights[k].len()), (true, p.biases[k].len())] {
            for i in 0..len {
                let (mut plus, mut minus) = (p.clone(), p.clone());
                nudge(&mut plus, k, is_bias, i, h);
                nudge(&mut minus, k, is_bias, i, -h);
                let fd =
                    (loss(&arch, &plus, &x, &y) - loss(&arch, &minus, &x, &y)) / (2.0 * h as f64);
                let g = if is_bias {
                    grads.biases[k][i]
                } else {
                    grads.weights[k][i]
                } as f64;
                assert!(
                    (fd - g).abs() <= 2e-3 + 2e-2 * g.abs(),
                    "{activation:?} {residual:?} {norm:?} layer {k} {} {i}: analytic {g} vs finite difference {fd}",
                    if is_bias { "bias" } else { "weight" }
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, (2 * 5 + 5) + 3 * (25 + 5) + (5 * 2 + 2));
}

#[test]
fn plain_network_gradients_match_finite_differences() {
    check(Activation::Tanh, Residual::None, Norm::None);
    check(Activation::Gelu, Residual::None, Norm::None);
    check(Activation::Sigmoid, Residual::None, Norm::None);
}

#[test]
fn residual_gradients_match_finite_differences() {
    check(Activation::Tanh, Residual::Identity, Norm::None);
    check(Activation::Elu, Residual::Scaled, Norm::None);
}

#[test]
fn batch_norm_gradients_match_finite_differences() {
    check(Activation::Tanh, Residual::None, Norm::Batch);
    check(Activation::Gelu, Residual::Identity, Norm::Batch);
}

#[test]
fn layer_norm_gradients_match_finite_differences() {
    check(Activation::Tanh, Residual::None, Norm::Layer);
    check(Activation::Sigmoid, Residual::Scaled, Norm::Layer);
}

#[test]
fn a_wrong_gradient_would_be_caught() {
    // The check itself can fail: a loss whose head bias gradient is off by 0.01 per unit
    // would exceed the tolerance at the magnitudes seen here.
    let cfg = TrainConfig {
        net: MlpNet {
            depth: 1,
            width: 3,
            activation: Activation::Tanh,
            ..MlpNet::default()
        },
        ..TrainConfig::default()
    };
    let arch = Arch::of(&cfg);
    let p = Params::init(&cfg);
    let (x, y) = ([0.5f32, -0.5, 0.1, 0.2], [1u8, 0]);
    let mut ws = Workspace::default();
    ws.forward(&arch, &p, &x);
    ws.backward(&arch, &p, &x, &y);
    let g = ws.grads().biases[2][0] as f64;
    let h = 1e-2f32;
    let (mut plus, mut minus) = (p.clone(), p.clone());
    plus.biases[2][0] += h;
    minus.biases[2][0] -= h;
    let fd = (loss(&arch, &plus, &x, &y) - loss(&arch, &minus, &x, &y)) / (2.0 * h as f64);
    assert!((fd - g).abs() < 2e-3, "{fd} {g}");
    assert!((fd - (g + 0.01)).abs() > 2e-3 + 2e-2 * g.abs());
}
