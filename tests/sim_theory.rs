//! Mean-field theory: closed forms, the SELU fixed point, agreement with the reference's
//! theory block and with our own simulation where the reference says theory holds.

use gradient_flow_explorer::sim::theory::{gaussian_expectation, mean_field};
use gradient_flow_explorer::sim::{simulate, Activation, Config, Init, MlpNet};
use serde_json::Value;

#[test]
fn relu_chi_is_half_sigma_w2() {
    for sw2 in [0.5, 1.0, 2.0, 64.0] {
        let th = mean_field(Activation::Relu, sw2, 0.0, 10, 1.0);
        for t in &th {
            assert!(
                (t.chi - sw2 / 2.0).abs() < 1e-12 * sw2,
                "σ_w²={sw2}: χ={}",
                t.chi
            );
        }
        // q_{l+1} = σ_w²·q_l/2 exactly for ReLU without bias.
        for w in th.windows(2) {
            assert!((w[1].q - sw2 * w[0].q / 2.0).abs() < 1e-10 * w[1].q);
        }
    }
}

#[test]
fn selu_lecun_fixed_point() {
    let th = mean_field(Activation::Selu, 1.0, 0.0, 30, 1.0);
    // χ at q = 1: λ²(1/2 + α² e² Φ(−2)), Φ(−2) = erfc(√2)/2.
    let (l, a) = (1.0507009873554805f64, 1.6732632423543772f64);
    let chi = l * l * (0.5 + a * a * libm::exp(2.0) * 0.5 * libm::erfc(2f64.sqrt()));
    assert!((chi - 1.0716).abs() < 1e-4);
    for t in &th {
        assert!((t.q - 1.0).abs() < 1e-6, "layer {} q {}", t.layer, t.q);
        assert!((t.chi - chi).abs() < 1e-6, "layer {} χ {}", t.layer, t.chi);
    }
}

#[test]
fn quadrature_is_accurate_at_large_q() {
    // E[sigmoid'(z)²] for huge q: ≈ (1/√(2πq))·∫σ'(x)²dx = (1/√(2πq))·(1/6).
    let q: f64 = 1e8;
    let e = gaussian_expectation(|z| Activation::Sigmoid.derivative(z).powi(2), q);
    let want = 1.0 / 6.0 / (2.0 * std::f64::consts::PI * q).sqrt();
    assert!((e / want - 1.0).abs() < 1e-3, "{e} vs {want}");
    // E[z²] = q at any scale.
    for q in [1e-6, 1.0, 1e6, 1e30] {
        let m = gaussian_expectation(|z| z * z, q);
        assert!((m / q - 1.0).abs() < 1e-9, "q={q}: {m}");
    }
}

#[test]
fn agrees_with_reference_theory_block() {
    let entries: Vec<Value> =
        serde_json::from_str(include_str!("fixtures/reference_w64.json")).unwrap();
    let mut compared = 0;
    let mut worst: f64 = 0.0;
    for e in entries.iter().filter(|e| e["dtype"] == "float32") {
        let act = Activation::from_id(e["activation"].as_str().unwrap()).unwrap();
        let init = Init::from_id(e["init"].as_str().unwrap()).unwrap();
        let depth = e["depth"].as_u64().unwrap() as usize;
        let sw2 = 64.0 * init.weight_variance(64, 64);
        let th = mean_field(act, sw2, 0.0, depth, 1.0);
        let rel = e["theory"]["signal_grad_log10_rel"].as_array().unwrap();
        let chi = e["theory"]["chi"].as_array().unwrap();
        for (l, t) in th.iter().enumerate() {
            if let Some(r) = rel[l].as_f64() {
                let d = (t.signal_grad_rel_log10 - r).abs();
                worst = worst.max(d / (0.002 + 1e-4 * r.abs()));
                assert!(
                    d <= 0.002 + 1e-4 * r.abs(),
                    "{act}/{init}/L{depth} layer {}: rel {} vs {r}",
                    l + 1,
                    t.signal_grad_rel_log10
                );
                compared += 1;
            }
            if let Some(c) = chi[l].as_f64() {
                assert!(
                    (t.chi - c).abs() <= 1e-5 * c.abs() + 1e-12,
                    "{act}/{init}/L{depth} χ_{} {} vs {c}",
                    l + 1,
                    t.chi
                );
            }
        }
    }
    println!("theory: {compared} layers compared with the reference, worst {worst:.2}×tol");
}

#[test]
fn theory_predicts_simulation_where_it_should() {
    // The reference: within ~0.05 decades for sigmoid/tanh at W ≥ 64 and for orthogonal init.
    for (act, init) in [
        (Activation::Tanh, Init::XavierNormal),
        (Activation::Sigmoid, Init::XavierNormal),
        (Activation::Tanh, Init::Orthogonal),
    ] {
        let depth = 15;
        let mut rel: Vec<Vec<f64>> = vec![Vec::new(); depth];
        let mut theory = Vec::new();
        for seed in 0..20 {
            let r = simulate(&Config {
                net: MlpNet {
                    depth,
                    width: 64,
                    activation: act,
                    init,
                    ..MlpNet::default()
                },
                batch: 64,
                seed,
                ..Config::default()
            })
            .unwrap();
            let last = r.layers[depth - 1].signal_grad_norm;
            for (l, v) in rel.iter_mut().enumerate() {
                v.push((r.layers[l].signal_grad_norm / last).log10());
            }
            theory = r.theory;
        }
        for (l, v) in rel.iter_mut().enumerate() {
            v.sort_by(f64::total_cmp);
            let med = 0.5 * (v[9] + v[10]);
            let d = (med - theory[l].signal_grad_rel_log10).abs();
            assert!(
                d < 0.1,
                "{act}/{init} layer {}: sim {med} theory {}",
                l + 1,
                theory[l].signal_grad_rel_log10
            );
        }
    }
}
