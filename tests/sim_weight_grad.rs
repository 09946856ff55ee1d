//! The Gram route to ‖∂Loss/∂W_l‖ (`sim::weight_grad`) against the float32 matrix it replaces:
//! the same norm to float32 rounding wherever it is taken, the matrix itself (same bits)
//! wherever it cannot promise that.

use gradient_flow_explorer::sim::matmul::{naive, Gemm, View};
use gradient_flow_explorer::sim::network::{
    BackwardLayer, Network, Observer, WeightGrad, Workspace,
};
use gradient_flow_explorer::sim::rng::{Sampler, Stream};
use gradient_flow_explorer::sim::stats::frobenius;
use gradient_flow_explorer::sim::weight_grad::gram_norm;
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Residual};

/// Per layer: the weight-gradient norm, its non-finite count, and whether it came as a norm.
#[derive(Default)]
struct Norms {
    wants_matrices: bool,
    layers: Vec<(f64, u64, bool)>,
}

impl Observer for Norms {
    fn backward(&mut self, _: usize, b: BackwardLayer) {
        let (norm, nonfinite) = b.dw.norm_and_nonfinite();
        let gram = matches!(b.dw, WeightGrad::Norm(_));
        self.layers.push((norm, nonfinite, gram));
    }
    fn needs_weight_grads(&self) -> bool {
        self.wants_matrices
    }
}

fn norms(cfg: &Config, wants_matrices: bool) -> Vec<(f64, u64, bool)> {
    let net = Network::sample(cfg).expect("valid config");
    let mut obs = Norms {
        wants_matrices,
        ..Norms::default()
    };
    net.run(&mut Workspace::default(), &mut obs);
    obs.layers
}

/// Every layer's norm from the Gram route (where taken) against the matrix's; returns how many
/// layers took it.
fn compare(cfg: &Config) -> usize {
    let (fast, exact) = (norms(cfg, false), norms(cfg, true));
    for (l, (&(f, fn_, gram), &(e, en, _))) in fast.iter().zip(&exact).enumerate() {
        if gram {
            let rel = ((f - e) / e).abs();
            assert!(rel < 1e-5, "{cfg:?} layer {}: {f} vs {e} ({rel:e})", l + 1);
            assert_eq!((fn_, en), (0, 0));
        } else {
            assert_eq!((f.to_bits(), fn_), (e.to_bits(), en), "{cfg:?}");
        }
    }
    fast.iter().filter(|l| l.2).count()
}

fn config(activation: Activation, init: Init, residual: Residual, norm: Norm) -> Config {
    Config {
        net: MlpNet {
            depth: 12,
            width: 48,
            activation,
            init,
            residual,
            norm,
        },
        batch: 11,
        seed: 5,
        bias_std: 0.1,
        ..Config::default()
    }
}

#[test]
fn gram_norms_equal_the_matrix_norms() {
    let mut taken = 0;
    for act in Activation::ALL {
        for init in [Init::HeNormal, Init::XavierNormal, Init::Orthogonal] {
            for residual in [Residual::None, Residual::Identity] {
                for norm in [Norm::None, Norm::Batch, Norm::Layer] {
                    taken += compare(&config(act, init, residual, norm));
                }
            }
        }
    }
    let layers = Activation::ALL.len() * 3 * 2 * 3 * 12;
    assert!(
        taken * 10 > layers * 9,
        "Gram route taken in {taken} of {layers} layers"
    );
}

#[test]
fn gram_norms_equal_the_matrix_norms_at_the_page_sizes() {
    // Wide and normalized: where the Gram sums cancel most (ReLU's mean against batch norm's
    // zero-sum gradient), near the route's limit.
    for (act, norm) in [
        (Activation::Relu, Norm::Batch),
        (Activation::Gelu, Norm::Layer),
        (Activation::Tanh, Norm::None),
    ] {
        let cfg = Config {
            net: MlpNet {
                depth: 20,
                width: 256,
                ..config(act, Init::HeNormal, Residual::Scaled, norm).net
            },
            batch: 64,
            ..config(act, Init::HeNormal, Residual::Scaled, norm)
        };
        assert!(compare(&cfg) > 0, "{cfg:?}: no layer took the Gram route");
    }
}

#[test]
fn extremes_fall_back_to_the_matrix() {
    // random_normal + ReLU overflows float32 at depth 40; small_normal underflows to 0.
    for (init, act) in [
        (Init::RandomNormal, Activation::Relu),
        (Init::SmallNormal, Activation::Tanh),
    ] {
        let cfg = Config {
            net: MlpNet {
                depth: 40,
                ..config(act, init, Residual::None, Norm::None).net
            },
            ..config(act, init, Residual::None, Norm::None)
        };
        let fast = norms(&cfg, false);
        assert!(fast.iter().any(|l| !l.2), "{cfg:?}: no layer fell back");
        compare(&cfg);
    }
}

#[test]
fn only_where_it_pays() {
    let cfg = Config {
        net: MlpNet {
            width: 22,
            ..config(
                Activation::Tanh,
                Init::XavierNormal,
                Residual::None,
                Norm::None,
            )
            .net
        },
        ..config(
            Activation::Tanh,
            Init::XavierNormal,
            Residual::None,
            Norm::None,
        )
    };
    assert!(
        norms(&cfg, false).iter().all(|l| !l.2),
        "2B ≥ W forms the matrix"
    );
}

fn normal(seed: u64, n: usize, sd: f32) -> Vec<f32> {
    let mut v = vec![0.0; n];
    Sampler::new(seed, Stream::Weights(1)).fill_normal_f32(&mut v, sd as f64);
    v
}

fn matrix_norm(a: &[f32], d: &[f32], b: usize, w: usize) -> f64 {
    frobenius(&naive(w, b, w, View::transposed(a, w), View::rows(d, w)))
}

fn gram(a: &[f32], d: &[f32], b: usize, w: usize) -> Option<f64> {
    gram_norm(
        &mut Gemm::default(),
        (a, d),
        (b, w),
        (&mut Vec::new(), &mut Vec::new()),
    )
}

#[test]
fn odd_shapes_and_scales() {
    for (b, w) in [(1, 1), (1, 3), (7, 13), (3, 40), (16, 33)] {
        for (sa, sd) in [(1.0, 1.0), (3e-12, 1e9), (1e15, 1e-24), (8e37, 1e-25)] {
            let (a, d) = (normal(b as u64, b * w, sa), normal(w as u64, b * w, sd));
            let (got, want) = (gram(&a, &d, b, w), matrix_norm(&a, &d, b, w));
            let got = got.unwrap_or_else(|| panic!("{b}×{w} at {sa}, {sd}: no Gram norm"));
            assert!(
                ((got - want) / want).abs() < 1e-5,
                "{b}×{w}: {got} vs {want}"
            );
        }
    }
}

#[test]
fn refuses_what_it_cannot_promise() {
    let (b, w) = (4, 9);
    let a = normal(1, b * w, 1.0);
    let mut inf = a.clone();
    inf[5] = f32::INFINITY;
    let mut nan = a.clone();
    nan[0] = f32::NAN;
    let scaled = |s: f32| a.iter().map(|v| v * s).collect::<Vec<f32>>();
    let (huge, tiny) = (scaled(1e20), scaled(1e-20));
    for (a, d, why) in [
        (&a, &inf, "an inf"),
        (&a, &nan, "a NaN"),
        (&huge, &huge, "sums past float32's range"),
        (&tiny, &tiny, "products near denormals"),
    ] {
        assert_eq!(gram(a, d, b, w), None, "{why}");
    }
    // AᵀΔ = 0 exactly (rows 2 and 3 repeat rows 0 and 1, Δ's rows are negated): all cancels.
    let mut a2 = a.clone();
    a2.copy_within(0..2 * w, 2 * w);
    let mut d2 = normal(2, b * w, 1.0);
    for i in 0..2 * w {
        d2[2 * w + i] = -d2[i];
    }
    assert_eq!(gram(&a2, &d2, b, w), None, "cancellation");
    // The float32 matrix is rounding noise there, which no Gram sum reproduces.
    assert!(matrix_norm(&a2, &d2, b, w) < 1e-5);
}
