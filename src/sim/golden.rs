//! A small fixed network and the exact bits it must produce, shared by the native test
//! (`tests/sim_determinism.rs`) and the browser test, to prove native and wasm32 agree.

use super::config::{Activation, Config, Init, Norm, Residual};
use super::report::Report;

pub const GOLDEN_CONFIG: Config = Config {
    depth: 5,
    width: 16,
    batch: 8,
    activation: Activation::Tanh,
    init: Init::XavierNormal,
    seed: 42,
    bias_std: 0.0,
    sigma_w2: None,
    residual: Residual::None,
    norm: Norm::None,
};

/// loss, ‖∂W‖ and ‖∂Z‖ of layers 1 and L, act mean/std of layer L, preact msq of layer 1,
/// and the theory's χ_1, as `f64::to_bits`.
pub fn golden_fingerprint(r: &Report) -> [u64; 10] {
    let first = &r.layers[0];
    let last = &r.layers[r.layers.len() - 1];
    [
        r.loss,
        first.weight_grad_norm,
        first.signal_grad_norm,
        last.weight_grad_norm,
        last.signal_grad_norm,
        last.act_mean,
        last.act_std,
        first.preact_msq,
        r.theory[0].chi,
        r.summary.ratio,
    ]
    .map(f64::to_bits)
}

/// What `golden_fingerprint(&simulate(&GOLDEN_CONFIG))` gives natively (x86-64).
pub const GOLDEN_BITS: [u64; 10] = [
    4607834396446162944,
    4600733676346630370,
    4592581914648957693,
    4597292934894246070,
    4595070147977559510,
    13807331647077875712,
    4599139505113490741,
    4604912413530245516,
    4602037558871569094,
    4604216637971807134,
];
