//! A small fixed network and the exact bits it must produce, shared by the native test
//! (`tests/sim_determinism.rs`) and the browser test, to prove native and wasm32 agree.

use super::config::{Activation, Config, Init, MlpNet, Norm, Residual};
use super::report::Report;

pub const GOLDEN_CONFIG: Config = Config {
    net: MlpNet {
        depth: 5,
        width: 16,
        activation: Activation::Tanh,
        init: Init::XavierNormal,
        residual: Residual::None,
        norm: Norm::None,
    },
    batch: 8,
    seed: 42,
    bias_std: 0.0,
    sigma_w2: None,
};

/// loss, ‖∂W‖ and ‖∂Z‖ of layers 1 and L, act mean/std of layer L, preact msq of layer 1,
/// and the theory's χ_1 (NaN where there is no prediction), as `f64::to_bits`.
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
        r.theory.first().map_or(f64::NAN, |t| t.chi),
        r.summary.ratio,
    ]
    .map(f64::to_bits)
}

/// What `golden_fingerprint(&simulate(&GOLDEN_CONFIG))` gives natively (x86-64).
pub const GOLDEN_BITS: [u64; 10] = [
    4607834396446162944,
    4600733676079897983,
    4592581914618756631,
    4597292934774263149,
    4595070147945099525,
    13807331648654934016,
    4599139505051356419,
    4604912413530245518,
    4602037558871569094,
    4604216637981988354,
];

/// Residual and normalized networks: GELU (φ' from N_l, erf) + scaled residual + layer norm
/// with biases, and tanh + identity residual + batch norm.
pub const GOLDEN_ARCH_CONFIGS: [Config; 2] = [
    Config {
        net: MlpNet {
            activation: Activation::Gelu,
            residual: Residual::Scaled,
            norm: Norm::Layer,
            ..GOLDEN_CONFIG.net
        },
        bias_std: 0.3,
        ..GOLDEN_CONFIG
    },
    Config {
        net: MlpNet {
            residual: Residual::Identity,
            norm: Norm::Batch,
            ..GOLDEN_CONFIG.net
        },
        ..GOLDEN_CONFIG
    },
];

/// What `golden_fingerprint` gives natively (x86-64) for `GOLDEN_ARCH_CONFIGS`.
pub const GOLDEN_ARCH_BITS: [[u64; 10]; 2] = [
    [
        4612226089626894336,
        4600134460000595659,
        4591585117040022335,
        4599404361642770875,
        4589371557654258843,
        4602809562380632064,
        4607675881809373550,
        4607182278128633650,
        9221120237041090560,
        4609300263520438469,
    ],
    [
        4615474688536084480,
        4612699548867119198,
        4603660235771865654,
        4608104562008844739,
        4595042461472939861,
        13817409747474710528,
        4610044585919223517,
        4607182196067355888,
        9221120237041090560,
        4615592518166806076,
    ],
];
