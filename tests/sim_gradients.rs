//! Analytic float32 gradients against central finite differences of a float64 loss computed
//! here, independently of the core (same weights and data, cast to float64), for the plain
//! network and through batch norm, layer norm and the residual sum.

use gradient_flow_explorer::sim::network::{
    BackwardLayer, Network, Observer, WeightGrad, Workspace,
};
use gradient_flow_explorer::sim::{Activation, Config, Init, MlpNet, Norm, Residual};

struct Grab {
    dw: Vec<Vec<f32>>,
    dz: Vec<Vec<f32>>,
}

impl Observer for Grab {
    fn backward(&mut self, l: usize, b: BackwardLayer) {
        if let WeightGrad::Matrix(dw) = b.dw {
            self.dw[l - 1] = dw.to_vec();
        }
        self.dz[l - 1] = b.dz.to_vec();
    }
    fn needs_weight_grads(&self) -> bool {
        true
    }
}

/// Norm(h) in float64 over the groups of a B×W matrix: (h − mean)/√(var + 1e-5), biased.
fn normalize64(norm: Norm, h: &[f64], b: usize, w: usize) -> Vec<f64> {
    let groups: Vec<Vec<usize>> = match norm {
        Norm::None => return h.to_vec(),
        Norm::Batch => (0..w)
            .map(|j| (0..b).map(|r| r * w + j).collect())
            .collect(),
        Norm::Layer => (0..b)
            .map(|r| (0..w).map(|j| r * w + j).collect())
            .collect(),
    };
    let mut out = vec![0.0; h.len()];
    for g in groups {
        let n = g.len() as f64;
        let mean = g.iter().map(|&i| h[i]).sum::<f64>() / n;
        let var = g.iter().map(|&i| (h[i] - mean).powi(2)).sum::<f64>() / n;
        for &i in &g {
            out[i] = (h[i] - mean) / (var + 1e-5).sqrt();
        }
    }
    out
}

/// float64 loss; `bump` adds eps to weight (layer, index) or to the linear output H (layer, index).
fn loss64(
    net: &Network,
    wbump: Option<(usize, usize, f64)>,
    zbump: Option<(usize, usize, f64)>,
) -> f64 {
    let (b, w) = (net.batch, net.width);
    let mut a: Vec<f64> = net.x.iter().map(|&v| v as f64).collect();
    for (l, wl) in net.weights.iter().enumerate() {
        let mut wm: Vec<f64> = wl.iter().map(|&v| v as f64).collect();
        if let Some((ll, i, e)) = wbump {
            if ll == l {
                wm[i] += e;
            }
        }
        let mut z = vec![0.0f64; b * w];
        for r in 0..b {
            for j in 0..w {
                let mut s = 0.0;
                for k in 0..w {
                    s += a[r * w + k] * wm[k * w + j];
                }
                if let Some(bias) = net.biases.get(l) {
                    s += bias[j] as f64;
                }
                z[r * w + j] = s;
            }
        }
        if let Some((ll, i, e)) = zbump {
            if ll == l {
                z[i] += e;
            }
        }
        let f = normalize64(net.norm, &z, b, w)
            .into_iter()
            .map(|v| net.activation.eval(v));
        a = match net.residual.alpha(net.weights.len()) {
            None => f.collect(),
            Some(alpha) => a
                .iter()
                .zip(f)
                .map(|(&p, v)| p + alpha as f64 * v)
                .collect(),
        };
    }
    a.iter()
        .zip(&net.y)
        .map(|(&p, &t)| (p - t as f64).powi(2))
        .sum::<f64>()
        / (b * w) as f64
}

fn check(act: Activation, bias_std: f64) {
    check_arch(act, bias_std, Residual::None, Norm::None);
}

fn check_arch(act: Activation, bias_std: f64, residual: Residual, norm: Norm) {
    let what = format!("{act}/res {residual}/norm {norm}");
    let cfg = Config {
        net: MlpNet {
            depth: 3,
            width: 5,
            activation: act,
            init: Init::XavierNormal,
            residual,
            norm,
        },
        batch: 4,
        seed: 7,
        bias_std,
        sigma_w2: None,
    };
    let net = Network::sample(&cfg).unwrap();
    let mut g = Grab {
        dw: vec![vec![]; 3],
        dz: vec![vec![]; 3],
    };
    let loss = net.run(&mut Workspace::default(), &mut g);
    let l64 = loss64(&net, None, None);
    assert!(
        (loss - l64).abs() <= 1e-5 * l64,
        "{what}: loss {loss} vs f64 {l64}"
    );
    let h = 1e-5;
    for l in 0..3 {
        let scale_w = g.dw[l].iter().fold(0.0f64, |m, &v| m.max((v as f64).abs()));
        for i in 0..25 {
            let fd = (loss64(&net, Some((l, i, h)), None) - loss64(&net, Some((l, i, -h)), None))
                / (2.0 * h);
            let an = g.dw[l][i] as f64;
            assert!(
                (fd - an).abs() <= 2e-3 * scale_w + 1e-7,
                "{what} dW layer {} entry {i}: analytic {an} vs fd {fd}",
                l + 1
            );
        }
        let scale_z = g.dz[l].iter().fold(0.0f64, |m, &v| m.max((v as f64).abs()));
        for i in 0..20 {
            let fd = (loss64(&net, None, Some((l, i, h))) - loss64(&net, None, Some((l, i, -h))))
                / (2.0 * h);
            let an = g.dz[l][i] as f64;
            assert!(
                (fd - an).abs() <= 2e-3 * scale_z + 1e-7,
                "{what} dH layer {} entry {i}: analytic {an} vs fd {fd}",
                l + 1
            );
        }
    }
}

#[test]
fn every_activation_matches_finite_differences() {
    for act in Activation::ALL {
        check(act, 0.0);
    }
}

#[test]
fn norms_and_residual_sums_match_finite_differences() {
    for act in Activation::ALL {
        for residual in Residual::ALL {
            for norm in Norm::ALL {
                if (residual, norm) != (Residual::None, Norm::None) {
                    check_arch(act, 0.0, residual, norm);
                }
            }
        }
    }
    check_arch(Activation::Tanh, 0.5, Residual::Scaled, Norm::Batch);
}

#[test]
fn with_biases_too() {
    for act in [Activation::Tanh, Activation::Relu, Activation::Gelu] {
        check(act, 0.5);
    }
}

#[test]
fn f64_derivative_matches_f64_eval_and_documented_zero_values() {
    for act in Activation::ALL {
        for i in -40..=40 {
            let x = i as f64 * 0.1 + 0.05; // avoid the kink at 0
            let h = 1e-6;
            let fd = (act.eval(x + h) - act.eval(x - h)) / (2.0 * h);
            assert!((fd - act.derivative(x)).abs() < 1e-6, "{act} at {x}");
        }
    }
    let at0 = |a: Activation| a.derivative(0.0);
    assert_eq!(at0(Activation::Relu), 0.0);
    assert_eq!(at0(Activation::LeakyRelu), 0.01);
    assert_eq!(at0(Activation::Elu), 1.0);
    assert!((at0(Activation::Selu) - 1.0507009873554805 * 1.6732632423543772).abs() < 1e-15);
    assert_eq!(at0(Activation::Gelu), 0.5);
    // The same conventions in the float32 backward pass (Z exactly 0 via a zero input).
    for (act, want) in [
        (Activation::Relu, 0.0f32),
        (Activation::LeakyRelu, 0.01),
        (Activation::Elu, 1.0),
        (
            Activation::Selu,
            (1.0507009873554805f64 * 1.6732632423543772) as f32,
        ),
        (Activation::Gelu, 0.5),
        (Activation::Sigmoid, 0.25),
        (Activation::Tanh, 1.0),
    ] {
        let net = Network {
            activation: act,
            residual: Residual::None,
            norm: Norm::None,
            width: 1,
            batch: 1,
            x: vec![0.0],
            y: vec![1.0],
            weights: vec![vec![1.0]],
            biases: vec![],
        };
        let mut g = Grab {
            dw: vec![vec![]],
            dz: vec![vec![]],
        };
        net.run(&mut Workspace::default(), &mut g);
        let d_a = 2.0 * (act.eval(0.0) as f32 - 1.0);
        assert!(
            (g.dz[0][0] - d_a * want).abs() < 1e-6,
            "{act}: dz {} want {}",
            g.dz[0][0],
            d_a * want
        );
    }
}

#[test]
fn derivative_ranges_are_what_the_text_says() {
    let sup = |a: Activation| {
        (-4000..=4000)
            .map(|i| a.derivative(i as f64 * 0.005))
            .fold(f64::MIN, f64::max)
    };
    let inf = |a: Activation| {
        (-4000..=4000)
            .map(|i| a.derivative(i as f64 * 0.005))
            .fold(f64::MAX, f64::min)
    };
    assert!((sup(Activation::Sigmoid) - 0.25).abs() < 1e-9);
    assert!(
        (sup(Activation::Gelu) - 1.1289).abs() < 1e-3
            && (inf(Activation::Gelu) + 0.1289).abs() < 1e-3
    );
    assert!((sup(Activation::Selu) - 1.7581).abs() < 1e-3);
}
