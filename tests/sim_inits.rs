//! Initialisations: sample moments within statistical bounds of the formulas; orthogonality.

use gradient_flow_explorer::sim::init::sample_weights;
use gradient_flow_explorer::sim::network::Network;
use gradient_flow_explorer::sim::rng::{Sampler, Stream};
use gradient_flow_explorer::sim::{Config, Init, MlpNet};

fn moments(w: &[f32]) -> (f64, f64, f64) {
    let n = w.len() as f64;
    let mean = w.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = w.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
    let m4 = w.iter().map(|&v| (v as f64 - mean).powi(4)).sum::<f64>() / n;
    (mean, var, m4 / (var * var))
}

#[test]
fn variances_and_means_match_formulas() {
    let n = 256;
    for init in Init::ALL {
        let mut s = Sampler::new(3, Stream::Weights(1));
        let w = sample_weights(init, None, n, &mut s);
        let (mean, var, kurt) = moments(&w);
        let want = init.weight_variance(n, n);
        let count = (n * n) as f64;
        // 5 standard errors: mean SE = σ/√n, variance SE = σ²·√((κ−1)/n).
        assert!(
            mean.abs() < 5.0 * (want / count).sqrt(),
            "{init}: mean {mean}"
        );
        let kappa = if init == Init::XavierUniform {
            1.8
        } else {
            3.0
        };
        assert!(
            (var - want).abs() < 5.0 * want * ((kappa - 1.0) / count).sqrt(),
            "{init}: var {var} want {want}"
        );
        if init != Init::Orthogonal {
            assert!(
                (kurt - kappa).abs() < 0.1,
                "{init}: kurtosis {kurt}, want {kappa}"
            );
        }
    }
}

#[test]
fn variance_formulas() {
    assert_eq!(Init::XavierNormal.weight_variance(64, 64), 2.0 / 128.0);
    assert_eq!(Init::XavierUniform.weight_variance(100, 300), 2.0 / 400.0);
    assert_eq!(Init::HeNormal.weight_variance(50, 7), 2.0 / 50.0);
    assert_eq!(Init::LecunNormal.weight_variance(50, 7), 1.0 / 50.0);
    assert_eq!(Init::RandomNormal.weight_variance(50, 7), 1.0);
    assert_eq!(Init::SmallNormal.weight_variance(50, 7), 1e-4);
    assert!(Init::ALL
        .iter()
        .all(|i| i.weight_variance(0, 0).is_finite()));
}

#[test]
fn orthogonal_is_orthogonal() {
    for n in [1, 2, 7, 64] {
        let mut s = Sampler::new(11, Stream::Weights(2));
        let w = sample_weights(Init::Orthogonal, None, n, &mut s);
        for i in 0..n {
            for j in 0..n {
                let d: f64 = (0..n)
                    .map(|k| w[k * n + i] as f64 * w[k * n + j] as f64)
                    .sum();
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((d - want).abs() < 1e-5, "n={n} (WᵀW)[{i}][{j}] = {d}");
            }
        }
    }
}

#[test]
fn sigma_w2_override_and_bias_std() {
    let cfg = Config {
        net: MlpNet {
            depth: 3,
            width: 200,
            ..MlpNet::default()
        },
        batch: 4,
        sigma_w2: Some(3.0),
        bias_std: 0.7,
        ..Config::default()
    };
    let net = Network::sample(&cfg).unwrap();
    let all: Vec<f32> = net.weights.concat();
    let (_, var, _) = moments(&all);
    let want = 3.0 / 200.0;
    assert!(
        (var - want).abs() < 5.0 * want * (2.0 / all.len() as f64).sqrt(),
        "var {var}"
    );
    let b: Vec<f32> = net.biases.concat();
    assert_eq!(b.len(), 600);
    let (_, bvar, _) = moments(&b);
    assert!(
        (bvar - 0.49).abs() < 5.0 * 0.49 * (2.0 / 600.0f64).sqrt(),
        "bias var {bvar}"
    );
    let zero = Network::sample(&Config {
        bias_std: 0.0,
        ..cfg
    })
    .unwrap();
    assert!(zero.biases.is_empty());
}

#[test]
fn data_is_standard_normal_and_streams_are_independent() {
    let cfg = Config {
        net: MlpNet {
            width: 256,
            ..MlpNet::default()
        },
        batch: 256,
        ..Config::default()
    };
    let net = Network::sample(&cfg).unwrap();
    for v in [&net.x, &net.y] {
        let (m, var, k) = moments(v);
        assert!(
            m.abs() < 5.0 / 256.0
                && (var - 1.0).abs() < 5.0 * (2.0f64 / 65536.0).sqrt()
                && (k - 3.0).abs() < 0.1
        );
    }
    // Changing the depth or the init must not change X, Y or the first layer's Gaussian draws.
    let deeper = Network::sample(&Config {
        net: MlpNet {
            depth: 30,
            init: Init::LecunNormal,
            ..cfg.net
        },
        ..cfg.clone()
    })
    .unwrap();
    assert_eq!(net.x, deeper.x);
    let r = (net.weights[0][5] / deeper.weights[0][5]) as f64;
    assert!(
        (r - 2f64.sqrt()).abs() < 1e-6,
        "He = √2 × LeCun on the same draws, got ratio {r}"
    );
}
