//! The recurrent block's backward pass checked without any reference: finite differences
//! through every cell (every parameter block and the input at every step), and the linear
//! orthogonal RNN, whose gradient through time is exactly g^(T−t).

use gradient_flow_explorer::sim::numeric::Float32;
use gradient_flow_explorer::sim::recurrent::{
    backward, forward, input_grad, simulate_rnn, Cell, Params, RecurrentInit, RnnConfig, Sequence,
    Workspace,
};
use gradient_flow_explorer::sim::rng::{Sampler, Stream};

const T: usize = 6;
const H: usize = 8;
const B: usize = 3;

/// mean((h_T − y)²) in float64 from a float32 forward pass.
fn loss(p: &Params, seq: &Sequence) -> f64 {
    let mut ws = Workspace::default();
    forward(p, &seq.x, B, &mut ws, &mut (), &Float32);
    let n = seq.y.len() as f64;
    ws.h_last()
        .iter()
        .zip(&seq.y)
        .map(|(&a, &y)| {
            let d = a as f64 - y as f64;
            d * d
        })
        .sum::<f64>()
        / n
}

/// Forward and full backward; the workspace then holds the gradients and the caches.
fn analytic(p: &Params, seq: &Sequence) -> Workspace {
    let mut ws = Workspace::default();
    forward(p, &seq.x, B, &mut ws, &mut (), &Float32);
    let scale = 2.0 / seq.y.len() as f32;
    let dh: Vec<f32> = ws
        .h_last()
        .iter()
        .zip(&seq.y)
        .map(|(&a, &y)| (a - y) * scale)
        .collect();
    backward(p, &seq.x, &dh, T, &mut ws, &mut (), &Float32);
    ws
}

fn direction(n: usize, seed: u64) -> Vec<f32> {
    let mut s = Sampler::new(seed, Stream::OutputGrad);
    let mut d = vec![0.0f32; n];
    s.fill_normal_f32(&mut d, 1.0);
    d
}

/// Central difference along `d` of `f`, called with `orig ± eps·d`.
fn central(orig: &[f32], d: &[f32], eps: f32, f: &mut dyn FnMut(&[f32]) -> f64) -> f64 {
    let at = |sign: f32| -> Vec<f32> {
        orig.iter()
            .zip(d)
            .map(|(&o, &di)| o + sign * eps * di)
            .collect()
    };
    let plus = f(&at(1.0));
    let minus = f(&at(-1.0));
    (plus - minus) / (2.0 * eps as f64)
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(&x, &y)| x as f64 * y as f64).sum()
}

fn config(cell: Cell) -> RnnConfig {
    RnnConfig {
        cell,
        steps: T,
        width: H,
        batch: B,
        init: RecurrentInit::Pytorch,
        gain: 1.0,
        forget_bias: 0.5,
        truncate: T,
        seed: 7,
    }
}

/// Disagreement of a finite difference and an analytic derivative, relative to their size
/// or, for a tiny derivative, to `FLOOR`: the float32 forward pass perturbs the loss (≈ 1) by
/// about 1e-7 per rounding, so a central difference over ±1e-3 carries ~1e-6 of noise, and
/// the relu kinks add O(ε) where a perturbation crosses one. A wrong derivative (a missing
/// factor, a swapped gate) is off by order 1.
fn rel(num: f64, ana: f64) -> f64 {
    (num - ana).abs() / num.abs().max(ana.abs()).max(FLOOR)
}

const FLOOR: f64 = 1e-3;
const TOL: f64 = 1e-2;
const EPS: f32 = 1e-3;

#[test]
fn finite_differences_agree_with_every_cells_parameter_gradients() {
    let mut worst = (0.0f64, String::new());
    for cell in Cell::ALL {
        let cfg = config(cell);
        let p = Params::sample(&cfg);
        let seq = Sequence::sample(cfg.seed, T, H, B);
        let g = analytic(&p, &seq).grads;
        let (gh, blocks) = (cell.blocks() * H, cell.blocks());
        for j in 0..blocks {
            // One gate block of W_ih and of W_hh at a time: a direction zero outside it.
            for (name, which) in [("w_ih", 0), ("w_hh", 1)] {
                let mut d = direction(H * gh, 100 + j as u64);
                for (i, v) in d.iter_mut().enumerate() {
                    if (i % gh) / H != j {
                        *v = 0.0;
                    }
                }
                let grad = if which == 0 { &g.w_ih } else { &g.w_hh };
                let ana = dot(grad, &d);
                let seq = &seq;
                let mut q = p.clone();
                let num = if which == 0 {
                    central(&p.w_ih, &d, EPS, &mut |w| {
                        q.w_ih.copy_from_slice(w);
                        loss(&q, seq)
                    })
                } else {
                    central(&p.w_hh, &d, EPS, &mut |w| {
                        q.w_hh.copy_from_slice(w);
                        loss(&q, seq)
                    })
                };
                let r = rel(num, ana);
                println!("{cell} {name} block {j}: fd {num:.6e} analytic {ana:.6e} rel {r:.1e}");
                if r > worst.0 {
                    worst = (r, format!("{cell} {name} block {j}"));
                }
                assert!(r < TOL, "{cell} {name} block {j}: fd {num} analytic {ana}");
            }
        }
        for (name, grad) in [("b", g.b.clone()), ("b_hn", g.b_hn.clone())] {
            if grad.is_empty() {
                continue;
            }
            let d = direction(grad.len(), 200);
            let ana = dot(&grad, &d);
            let orig = if name == "b" {
                p.b.clone()
            } else {
                p.b_hn.clone()
            };
            let mut q = p.clone();
            let num = central(&orig, &d, EPS, &mut |v| {
                if name == "b" {
                    q.b.copy_from_slice(v);
                } else {
                    q.b_hn.copy_from_slice(v);
                }
                loss(&q, &seq)
            });
            let r = rel(num, ana);
            println!("{cell} {name}: fd {num:.6e} analytic {ana:.6e} rel {r:.1e}");
            assert!(r < TOL, "{cell} {name}: fd {num} analytic {ana}");
        }
    }
    println!(
        "worst parameter disagreement {:.1e} at {}",
        worst.0, worst.1
    );
}

#[test]
fn finite_differences_agree_with_the_gradient_reaching_every_input_step() {
    for cell in Cell::ALL {
        let cfg = config(cell);
        let p = Params::sample(&cfg);
        let seq = Sequence::sample(cfg.seed, T, H, B);
        let mut ws = analytic(&p, &seq);
        for t in 1..=T {
            let mut gx = vec![0.0f32; B * H];
            input_grad(&p, &mut ws, t, T, &mut gx);
            let d = direction(B * H, 300 + t as u64);
            let ana = dot(&gx, &d);
            let range = (t - 1) * B * H..t * B * H;
            let xt = seq.x[range.clone()].to_vec();
            let mut q = seq.clone();
            let num = central(&xt, &d, EPS, &mut |v| {
                q.x[range.clone()].copy_from_slice(v);
                loss(&p, &q)
            });
            let r = rel(num, ana);
            println!("{cell} x_{t}: fd {num:.6e} analytic {ana:.6e} rel {r:.1e}");
            assert!(r < TOL, "{cell} x_{t}: fd {num} analytic {ana}");
        }
    }
}

#[test]
fn linear_orthogonal_rnn_keeps_exactly_g_to_the_k() {
    for gain in [0.9, 1.0, 1.1] {
        let cfg = RnnConfig {
            cell: Cell::RnnLinear,
            steps: 50,
            width: 64,
            batch: 32,
            init: RecurrentInit::Orthogonal,
            gain,
            forget_bias: 0.0,
            truncate: 50,
            seed: 3,
        };
        let run = simulate_rnn(&cfg).expect("valid");
        let last = run.steps[49].hidden_grad_norm;
        let mut worst = 0.0f64;
        for (i, s) in run.steps.iter().enumerate() {
            let k = (49 - i) as i32;
            let expected = (gain as f32 as f64).powi(k);
            let err = (s.hidden_grad_norm / last / expected - 1.0).abs();
            worst = worst.max(err);
        }
        println!(
            "gain {gain}: largest relative error of ‖∂L/∂h_t‖/‖∂L/∂h_T‖ vs g^(T−t): {worst:.1e}"
        );
        // Float32 precision: a few units of 6e-8 (one rounding) after 49 products by g·Q.
        assert!(worst < 1e-6, "gain {gain}: {worst}");
    }
}
