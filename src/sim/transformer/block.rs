//! One transformer block: attention then the MLP, each placed around the residual stream as
//! the placement says (F is the sublayer, N the norm):
//! pre_ln x ← x + F(N(x)); post_ln x ← N(x + F(x)); deepnorm x ← N(α·x + F(x));
//! rezero x ← x + a·F(x); no_norm x ← x + F(x).
//! The block owns its parameters' layout, its forward, its backward (which yields every
//! parameter gradient, for a trainer) and what it keeps in between (`BlockCache`).

use super::attention::{attn_backward, attn_forward, AttnCache, AttnParams, AttnScratch};
use super::config::{NormKind, Placement};
use super::mlp::{mlp_backward, mlp_forward, MlpCache, MlpParams, MlpScratch};
use super::norm::{norm_backward, norm_forward, Affine, NormCache};
use super::shape::Shape;
use crate::sim::matmul::Gemm;
use crate::sim::numeric::NumericPolicy;

/// One block's parameters; the same type holds their gradients.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockParams {
    pub attn: AttnParams,
    pub mlp: MlpParams,
    /// The norms before (pre_ln) or after (post_ln, deepnorm) each sublayer; unused otherwise.
    pub norm_attn: Affine,
    pub norm_mlp: Affine,
    /// ReZero's gates a (1 and unused elsewhere).
    pub gate_attn: f32,
    pub gate_mlp: f32,
}

/// How the blocks of a stack are built.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub shape: Shape,
    pub placement: Placement,
    pub norm: NormKind,
    /// DeepNorm's α on the skip path (1 for post_ln).
    pub alpha: f32,
}

/// What one sublayer keeps for its backward pass.
#[derive(Clone, Debug, Default)]
struct SubCache {
    /// pre_ln: N(x), F's input; post_ln and deepnorm: the sum before the norm.
    u: Vec<f32>,
    norm: NormCache,
    /// F's output (ReZero's gate gradient reads it).
    f: Vec<f32>,
}

/// What one block keeps between its forward and backward passes.
#[derive(Clone, Debug, Default)]
pub struct BlockCache {
    attn_sub: SubCache,
    mlp_sub: SubCache,
    attn: AttnCache,
    mlp: MlpCache,
    /// The stream between the two sublayers.
    mid: Vec<f32>,
}

impl BlockCache {
    /// Whether the MLP keeps erf(h/√2) for the backward pass (`StackWorkspace::keep_gelu_erf`).
    pub fn keep_gelu_erf(&mut self, keep: bool) {
        self.mlp.keep_erf = keep;
    }
}

/// Scratch shared by every block of a pass.
#[derive(Default)]
pub struct Scratch {
    gemm: Gemm,
    attn: AttnScratch,
    mlp: MlpScratch,
    ds: Vec<f32>,
    du: Vec<f32>,
    dn: Vec<f32>,
    dmid: Vec<f32>,
}

/// x_out = Block(x_in), keeping what `block_backward` needs in `cache`.
pub fn block_forward<P: NumericPolicy>(
    lay: &Layout,
    p: &BlockParams,
    x_in: &[f32],
    cache: &mut BlockCache,
    sc: &mut Scratch,
    x_out: &mut [f32],
    policy: &P,
) {
    let BlockCache {
        attn_sub,
        mlp_sub,
        attn,
        mlp,
        mid,
    } = cache;
    let s = &lay.shape;
    mid.resize(s.rows() * s.width, 0.0);
    let (gemm, msc, asc) = (&mut sc.gemm, &mut sc.mlp, &mut sc.attn);
    let run_attn =
        |u: &[f32], f: &mut [f32]| attn_forward(s, &p.attn, u, attn, (gemm, asc), f, policy);
    sub_forward(
        lay,
        (x_in, mid),
        attn_sub,
        (&p.norm_attn, p.gate_attn),
        policy,
        run_attn,
    );
    let run_mlp = |u: &[f32], f: &mut [f32]| mlp_forward(s, &p.mlp, u, mlp, (gemm, msc), f, policy);
    sub_forward(
        lay,
        (mid, x_out),
        mlp_sub,
        (&p.norm_mlp, p.gate_mlp),
        policy,
        run_mlp,
    );
}

/// One sublayer around the stream, F given as `f(input, output)`.
fn sub_forward<P: NumericPolicy>(
    lay: &Layout,
    (x_in, x_out): (&[f32], &mut [f32]),
    sub: &mut SubCache,
    (norm, gate): (&Affine, f32),
    policy: &P,
    f: impl FnOnce(&[f32], &mut [f32]),
) {
    let dims = (lay.shape.rows(), lay.shape.width);
    sub.u.resize(dims.0 * dims.1, 0.0);
    sub.f.resize(dims.0 * dims.1, 0.0);
    match lay.placement {
        Placement::PreLn => {
            norm_forward(
                lay.norm,
                dims,
                norm,
                x_in,
                &mut sub.norm,
                &mut sub.u,
                policy,
            );
            f(&sub.u, &mut sub.f);
            add_scaled(x_out, (1.0, x_in), (1.0, &sub.f));
        }
        Placement::PostLn | Placement::DeepNorm => {
            f(x_in, &mut sub.f);
            add_scaled(&mut sub.u, (lay.alpha, x_in), (1.0, &sub.f));
            policy.round(&mut sub.u);
            norm_forward(lay.norm, dims, norm, &sub.u, &mut sub.norm, x_out, policy);
        }
        Placement::ReZero => {
            f(x_in, &mut sub.f);
            add_scaled(x_out, (1.0, x_in), (gate, &sub.f));
        }
        Placement::NoNorm => {
            f(x_in, &mut sub.f);
            add_scaled(x_out, (1.0, x_in), (1.0, &sub.f));
        }
    }
    policy.round(x_out);
}

/// out = a·x + b·y elementwise (a multiply by 1 is exact, so x + y keeps its bits).
fn add_scaled(out: &mut [f32], (a, x): (f32, &[f32]), (b, y): (f32, &[f32])) {
    for ((o, &xv), &yv) in out.iter_mut().zip(x).zip(y) {
        *o = a * xv + b * yv;
    }
}

/// From ∂x_out: every parameter gradient (into `grads`, overwritten) and ∂x_in.
#[allow(clippy::too_many_arguments)]
pub fn block_backward<P: NumericPolicy>(
    lay: &Layout,
    p: &BlockParams,
    x_in: &[f32],
    cache: &BlockCache,
    dx_out: &[f32],
    grads: &mut BlockParams,
    sc: &mut Scratch,
    dx_in: &mut [f32],
    policy: &P,
) {
    let s = &lay.shape;
    let Scratch {
        gemm,
        attn: asc,
        mlp: msc,
        ds,
        du,
        dn,
        dmid,
        ..
    } = sc;
    dmid.resize(s.rows() * s.width, 0.0);
    let pre = lay.placement == Placement::PreLn;
    let bufs = (&mut *ds, &mut *du, &mut *dn);
    let mlp_in: &[f32] = if pre { &cache.mlp_sub.u } else { &cache.mid };
    let (mlp_g, gm) = (&mut grads.mlp, &mut *gemm);
    let run_mlp = |d: &[f32], u_grad: &mut [f32]| {
        mlp_backward(
            s,
            &p.mlp,
            mlp_in,
            &cache.mlp,
            d,
            mlp_g,
            (gm, msc),
            u_grad,
            policy,
        )
    };
    let norm_g = (&mut grads.norm_mlp, &mut grads.gate_mlp);
    let mlp_sub = (&cache.mlp_sub, &p.norm_mlp, p.gate_mlp);
    sub_backward(lay, (dx_out, dmid), mlp_sub, norm_g, bufs, policy, run_mlp);
    let bufs = (&mut *ds, &mut *du, &mut *dn);
    let attn_in: &[f32] = if pre { &cache.attn_sub.u } else { x_in };
    let attn_g = &mut grads.attn;
    let run_attn = |d: &[f32], u_grad: &mut [f32]| {
        attn_backward(
            s,
            &p.attn,
            attn_in,
            &cache.attn,
            d,
            attn_g,
            (gemm, asc),
            u_grad,
            policy,
        )
    };
    let norm_g = (&mut grads.norm_attn, &mut grads.gate_attn);
    let attn_sub = (&cache.attn_sub, &p.norm_attn, p.gate_attn);
    sub_backward(lay, (dmid, dx_in), attn_sub, norm_g, bufs, policy, run_attn);
}

/// One sublayer's backward, F's backward given as `fb(∂F, ∂input)`.
fn sub_backward<P: NumericPolicy>(
    lay: &Layout,
    (dx_out, dx_in): (&[f32], &mut [f32]),
    (sub, norm, gate): (&SubCache, &Affine, f32),
    (norm_g, gate_g): (&mut Affine, &mut f32),
    (ds, du, dn): (&mut Vec<f32>, &mut Vec<f32>, &mut Vec<f32>),
    policy: &P,
    fb: impl FnOnce(&[f32], &mut [f32]),
) {
    let dims = (lay.shape.rows(), lay.shape.width);
    let n = dims.0 * dims.1;
    ds.resize(n, 0.0);
    du.resize(n, 0.0);
    *gate_g = 0.0;
    if !lay.placement.has_norm() && norm_g.gamma.len() != dims.1 {
        *norm_g = Affine::zeros(dims.1);
    }
    match lay.placement {
        Placement::PreLn => {
            fb(dx_out, du);
            norm_backward(
                lay.norm,
                dims,
                norm,
                &sub.norm,
                du,
                norm_g,
                (dn, ds),
                policy,
            );
            add_scaled(dx_in, (1.0, dx_out), (1.0, ds));
        }
        Placement::PostLn | Placement::DeepNorm => {
            norm_backward(
                lay.norm,
                dims,
                norm,
                &sub.norm,
                dx_out,
                norm_g,
                (dn, ds),
                policy,
            );
            fb(ds, du);
            add_scaled(dx_in, (lay.alpha, ds), (1.0, du));
        }
        Placement::ReZero => {
            // ∂a = Σ ∂x_out ⊙ F (float64, in order); ∂F = a·∂x_out.
            let dot = dx_out.iter().zip(&sub.f);
            *gate_g = dot.fold(0.0f64, |s, (&g, &v)| s + (g as f64) * (v as f64)) as f32;
            ds.iter_mut().zip(dx_out).for_each(|(o, &g)| *o = gate * g);
            policy.round(ds);
            fb(ds, du);
            add_scaled(dx_in, (1.0, dx_out), (1.0, du));
        }
        Placement::NoNorm => {
            fb(dx_out, du);
            add_scaled(dx_in, (1.0, dx_out), (1.0, du));
        }
    }
    policy.round(dx_in);
}

impl BlockParams {
    /// The tensors of `tensors_mut`, read-only (a gradient's, to pair with the parameters').
    pub fn tensors(&self) -> Vec<&[f32]> {
        let (a, m) = (&self.attn, &self.mlp);
        vec![
            &a.w_q,
            &a.w_k,
            &a.w_v,
            &a.w_o,
            &m.w_1,
            &m.b_1,
            &m.w_2,
            &m.b_2,
            &self.norm_attn.gamma,
            &self.norm_attn.beta,
            &self.norm_mlp.gamma,
            &self.norm_mlp.beta,
            std::slice::from_ref(&self.gate_attn),
            std::slice::from_ref(&self.gate_mlp),
        ]
    }

    /// Every tensor in a fixed order (ReZero's gates as one-value slices), for an optimizer.
    pub fn tensors_mut(&mut self) -> Vec<&mut [f32]> {
        let (a, m) = (&mut self.attn, &mut self.mlp);
        vec![
            &mut a.w_q,
            &mut a.w_k,
            &mut a.w_v,
            &mut a.w_o,
            &mut m.w_1,
            &mut m.b_1,
            &mut m.w_2,
            &mut m.b_2,
            &mut self.norm_attn.gamma,
            &mut self.norm_attn.beta,
            &mut self.norm_mlp.gamma,
            &mut self.norm_mlp.beta,
            std::slice::from_mut(&mut self.gate_attn),
            std::slice::from_mut(&mut self.gate_mlp),
        ]
    }
}
