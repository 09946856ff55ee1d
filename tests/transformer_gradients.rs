//! The transformer block's backward pass against finite differences of its own forward pass,
//! through causal attention, both norms (with γ, β) and every placement, at small sizes.
//!
//! Each check takes a unit direction v (the gradient's direction plus a random part, so a
//! gradient with the right size but a wrong direction fails too), and compares ⟨∂L/∂θ, v⟩
//! with the central difference (L(θ + h·v) − L(θ − h·v)) / 2h of the float32 forward pass.

use gradient_flow_explorer::sim::numeric::Float32;
use gradient_flow_explorer::sim::transformer::block::BlockParams;
use gradient_flow_explorer::sim::transformer::pass::mse;
use gradient_flow_explorer::sim::transformer::{
    BlockInit, NormKind, Placement, Stack, StackObserver, StackWorkspace, TransformerConfig,
};

/// Keeps ∂L/∂x_0 (the stream gradient at block 1's input).
#[derive(Default)]
struct InputGrad(Vec<f32>);

impl StackObserver for InputGrad {
    fn backward(&mut self, block: usize, stream_grad: &[f32], _g: &BlockParams) {
        if block == 1 {
            self.0 = stream_grad.to_vec();
        }
    }
}

fn config(placement: Placement, norm: NormKind) -> TransformerConfig {
    TransformerConfig {
        placement,
        norm,
        blocks: 2,
        width: 16,
        heads: 2,
        tokens: 5,
        batch: 2,
        init: BlockInit::XavierNormal,
        scaled_init: false,
        rezero_init: 0.7,
        seed: 3,
    }
}

/// The loss of `stack` on its own data (forward only).
fn loss(stack: &Stack) -> f64 {
    let mut ws = StackWorkspace::default();
    let out = stack.forward(&stack.x, &mut ws, &mut InputGrad::default(), &Float32);
    mse(out, &stack.y).0
}

/// Every parameter gradient and ∂L/∂x_0 of one pass.
fn gradients(stack: &Stack) -> (Vec<BlockParams>, Vec<f32>, Vec<f32>) {
    let mut ws = StackWorkspace::default();
    let mut obs = InputGrad::default();
    stack.run(&mut ws, &mut obs, &Float32);
    let final_gamma = ws.final_grads.gamma.clone();
    (ws.grads, obs.0, final_gamma)
}

/// A tensor of a stack by name: "x", "final_gamma", or "<block>.<name>".
fn tensor<'a>(s: &'a mut Stack, name: &str) -> &'a mut Vec<f32> {
    if name == "x" {
        return &mut s.x;
    }
    if name == "final_gamma" {
        return &mut s.final_norm.gamma;
    }
    let (l, t) = name.split_once('.').expect("block.tensor");
    let b = &mut s.blocks[l.parse::<usize>().expect("block index")];
    match t {
        "w_q" => &mut b.attn.w_q,
        "w_k" => &mut b.attn.w_k,
        "w_v" => &mut b.attn.w_v,
        "w_o" => &mut b.attn.w_o,
        "w_1" => &mut b.mlp.w_1,
        "b_1" => &mut b.mlp.b_1,
        "w_2" => &mut b.mlp.w_2,
        "b_2" => &mut b.mlp.b_2,
        "gamma_attn" => &mut b.norm_attn.gamma,
        "beta_attn" => &mut b.norm_attn.beta,
        "gamma_mlp" => &mut b.norm_mlp.gamma,
        "beta_mlp" => &mut b.norm_mlp.beta,
        other => panic!("unknown tensor {other}"),
    }
}

/// The gradient of the same tensor from one backward pass.
fn grad_of(g: &(Vec<BlockParams>, Vec<f32>, Vec<f32>), name: &str) -> Vec<f32> {
    let mut fake = Stack::sample(&config(Placement::PreLn, NormKind::LayerNorm)).expect("valid");
    fake.x = g.1.clone();
    fake.final_norm.gamma = g.2.clone();
    fake.blocks = g.0.clone();
    tensor(&mut fake, name).clone()
}

/// A fixed pseudo-random vector (no dependence on the core's generator).
fn noise(n: usize, salt: u64) -> Vec<f64> {
    let mut z = salt.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            z ^= z << 13;
            z ^= z >> 7;
            z ^= z << 17;
            (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        })
        .collect()
}

fn unit(v: &[f64]) -> Vec<f64> {
    let n = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-300);
    v.iter().map(|x| x / n).collect()
}

/// (analytic, finite-difference) directional derivatives of L along one tensor.
fn directional(stack: &Stack, name: &str, salt: u64) -> (f64, f64) {
    let g: Vec<f64> = grad_of(&gradients(stack), name)
        .iter()
        .map(|&v| v as f64)
        .collect();
    let r = unit(&noise(g.len(), salt));
    let gu = unit(&g);
    let v = unit(
        &gu.iter()
            .zip(&r)
            .map(|(a, b)| a + 0.5 * b)
            .collect::<Vec<_>>(),
    );
    let analytic: f64 = g.iter().zip(&v).map(|(a, b)| a * b).sum();
    let scale = {
        let mut s = stack.clone();
        let t = tensor(&mut s, name);
        (t.iter().map(|&x| (x as f64) * (x as f64)).sum::<f64>() / t.len() as f64).sqrt()
    };
    let h = 3e-3 * scale.max(0.3) * (g.len() as f64).sqrt();
    let at = |sign: f64| {
        let mut s = stack.clone();
        for (x, &d) in tensor(&mut s, name).iter_mut().zip(&v) {
            *x = (*x as f64 + sign * h * d) as f32;
        }
        loss(&s)
    };
    (analytic, (at(1.0) - at(-1.0)) / (2.0 * h))
}

const TENSORS: [&str; 9] = [
    "x", "0.w_q", "0.w_k", "0.w_v", "1.w_o", "0.w_1", "1.b_1", "1.w_2", "0.b_2",
];
const NORM_TENSORS: [&str; 4] = ["0.gamma_attn", "1.beta_attn", "1.gamma_mlp", "0.beta_mlp"];

fn check(placement: Placement, norm: NormKind) {
    let stack = Stack::sample(&config(placement, norm)).expect("valid");
    let mut names: Vec<&str> = TENSORS.to_vec();
    if placement.has_norm() {
        names.extend(NORM_TENSORS);
    }
    if placement == Placement::PreLn {
        names.push("final_gamma");
    }
    for (i, name) in names.iter().enumerate() {
        let (a, fd) = directional(&stack, name, i as u64 + 1);
        let rel = (a - fd).abs() / a.abs().max(fd.abs()).max(1e-6);
        println!("{placement}/{norm} {name}: analytic {a:.6e} fd {fd:.6e} rel {rel:.1e}");
        assert!(
            rel < 2e-3,
            "{placement}/{norm} {name}: analytic {a:.6e} vs finite difference {fd:.6e}"
        );
    }
}

#[test]
fn every_placement_and_norm_matches_finite_differences() {
    for p in Placement::ALL {
        let norms: &[NormKind] = if p.has_norm() {
            &NormKind::ALL
        } else {
            &[NormKind::LayerNorm]
        };
        for &n in norms {
            check(p, n);
        }
    }
}

/// ReZero's gate gradient ∂L/∂a against a central difference in a.
#[test]
fn rezero_gate_gradient_matches_finite_difference() {
    let stack = Stack::sample(&config(Placement::ReZero, NormKind::LayerNorm)).expect("valid");
    let (grads, _, _) = gradients(&stack);
    let h = 1e-3f32;
    for (l, g) in grads.iter().enumerate() {
        for attn in [true, false] {
            let at = |d: f32| {
                let mut s = stack.clone();
                let b = &mut s.blocks[l];
                let g = if attn {
                    &mut b.gate_attn
                } else {
                    &mut b.gate_mlp
                };
                *g += d;
                loss(&s)
            };
            let fd = (at(h) - at(-h)) / (2.0 * h as f64);
            let a = if attn { g.gate_attn } else { g.gate_mlp } as f64;
            assert!(
                (a - fd).abs() <= 2e-2 * a.abs().max(fd.abs()).max(1e-4),
                "block {l} gate (attention {attn}): {a} vs {fd}"
            );
        }
    }
}

/// The causal mask: a change to the last token of a sequence changes no earlier output.
#[test]
fn attention_is_causal() {
    for p in Placement::ALL {
        let stack = Stack::sample(&config(p, NormKind::RmsNorm)).expect("valid");
        let mut ws = StackWorkspace::default();
        let before = stack
            .forward(&stack.x, &mut ws, &mut InputGrad::default(), &Float32)
            .to_vec();
        let mut x = stack.x.clone();
        let (t, d) = (5, 16);
        x[(t - 1) * d..t * d].iter_mut().for_each(|v| *v += 1.0);
        let after = stack
            .forward(&x, &mut ws, &mut InputGrad::default(), &Float32)
            .to_vec();
        assert_eq!(
            before[..(t - 1) * d],
            after[..(t - 1) * d],
            "{p}: earlier tokens moved"
        );
        assert_ne!(
            before[(t - 1) * d..t * d],
            after[(t - 1) * d..t * d],
            "{p}: last token"
        );
    }
}
