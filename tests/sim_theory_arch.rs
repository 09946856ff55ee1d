//! Mean-field theory of residual and normalized networks against our own simulation:
//! the residual variance recursion (sigmoid, tanh), the batch norm + ReLU gradient growth
//! √(π/(π−1)) a layer, and "no prediction" where the theory has none.

use gradient_flow_explorer::sim::theory::batch_norm_relu_chi;
use gradient_flow_explorer::sim::{
    simulate, Activation, Config, Init, MlpNet, Norm, Report, Residual,
};

fn runs(cfg: &Config, seeds: u64) -> Vec<Report> {
    (0..seeds)
        .map(|seed| {
            simulate(&Config {
                seed,
                ..cfg.clone()
            })
            .expect("valid config")
        })
        .collect()
}

/// Median over seeds of `f(report, layer index)`, per layer.
fn medians(reports: &[Report], f: impl Fn(&Report, usize) -> f64) -> Vec<f64> {
    let depth = reports[0].layers.len();
    (0..depth)
        .map(|l| {
            let mut v: Vec<f64> = reports.iter().map(|r| f(r, l)).collect();
            v.sort_by(f64::total_cmp);
            let n = v.len();
            0.5 * (v[(n - 1) / 2] + v[n / 2])
        })
        .collect()
}

#[test]
fn residual_recursion_predicts_variance_and_gradient() {
    // Sigmoid's growing mean gives each column a shared offset, and so a seed spread of
    // ~0.05 decades in mean N² at W = 256; at W = 1024 it is ~0.01.
    for (act, width, seeds) in [(Activation::Sigmoid, 1024, 2), (Activation::Tanh, 256, 5)] {
        for residual in [Residual::Identity, Residual::Scaled] {
            let cfg = Config {
                net: MlpNet {
                    depth: 30,
                    width,
                    activation: act,
                    init: Init::XavierNormal,
                    residual,
                    ..MlpNet::default()
                },
                ..Config::default()
            };
            let reports = runs(&cfg, seeds);
            let theory = &reports[0].theory;
            assert_eq!(theory.len(), 30, "{act}/{residual}: a prediction exists");
            let msq = medians(&reports, |r, l| r.layers[l].preact_msq.log10());
            let rel = medians(&reports, |r, l| {
                (r.layers[l].signal_grad_norm / r.layers[29].signal_grad_norm).log10()
            });
            for l in 0..30 {
                let (t, what) = (&theory[l], format!("{act}/{residual} layer {}", l + 1));
                assert!(
                    (msq[l] - t.q.log10()).abs() < 0.03,
                    "{what}: log10 mean N² {} vs q {}",
                    msq[l],
                    t.q.log10()
                );
                assert!(
                    (rel[l] - t.signal_grad_rel_log10).abs() < 0.08,
                    "{what}: signal rel {} vs theory {}",
                    rel[l],
                    t.signal_grad_rel_log10
                );
            }
        }
    }
}

#[test]
fn batch_norm_relu_gradient_grows_by_sqrt_pi_over_pi_minus_1() {
    let cfg = Config {
        net: MlpNet {
            depth: 30,
            width: 256,
            activation: Activation::Relu,
            init: Init::HeNormal,
            norm: Norm::Batch,
            ..MlpNet::default()
        },
        ..Config::default()
    };
    let reports = runs(&cfg, 5);
    let want = 0.5 * batch_norm_relu_chi().log10();
    assert!((want - 0.0832).abs() < 1e-3, "log10 √(π/(π−1)) = {want}");
    for (name, log_grad) in [
        (
            "signal",
            medians(&reports, |r, l| r.layers[l].signal_grad_norm.log10()),
        ),
        (
            "weight",
            medians(&reports, |r, l| r.layers[l].weight_grad_norm.log10()),
        ),
    ] {
        // Least-squares slope of log10 gradient against the layer, going back (L → 1).
        let n = log_grad.len() as f64;
        let mx = (n - 1.0) / 2.0;
        let my = log_grad.iter().sum::<f64>() / n;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for (x, y) in log_grad.iter().enumerate() {
            sxy += (x as f64 - mx) * (y - my);
            sxx += (x as f64 - mx).powi(2);
        }
        let growth = -sxy / sxx;
        assert!(
            (growth - want).abs() < 0.02,
            "{name} gradient grows {growth:.4} decades a layer, theory {want:.4}"
        );
    }
    let th = &reports[0].theory;
    assert_eq!(th.len(), 30);
    assert!((th[0].signal_grad_rel_log10 - 29.0 * want).abs() < 1e-9);
}

#[test]
fn no_prediction_where_the_theory_has_none() {
    for (act, residual, norm) in [
        (Activation::Relu, Residual::None, Norm::Layer),
        (Activation::Tanh, Residual::None, Norm::Batch),
        (Activation::Tanh, Residual::Scaled, Norm::Layer),
        (Activation::Relu, Residual::Identity, Norm::None),
        (Activation::Gelu, Residual::Scaled, Norm::None),
    ] {
        let r = simulate(&Config {
            net: MlpNet {
                depth: 5,
                width: 16,
                activation: act,
                residual,
                norm,
                ..MlpNet::default()
            },
            ..Config::default()
        })
        .expect("valid config");
        assert!(r.theory.is_empty(), "{act}/{residual}/{norm}");
    }
}
