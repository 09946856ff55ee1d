//! Forward through time and back-propagation through time (BPTT), with truncation, for any
//! cell: the driver owns the matrix products (`Gemm`, fixed summation order), the cells
//! (`simple`, `lstm`, `gru`) own the elementwise step. Every tensor goes through the numeric
//! policy; the observer sees h_t going forward and ∂L/∂h_t (∂L/∂c_t) coming back; the
//! parameter gradients come out of the same backward pass into `Workspace::grads`.

use super::cell::{BackIn, BackOut, StepIn, StepOut};
use super::config::Cell;
use super::params::Params;
use super::{gru, lstm, simple};
use crate::sim::matmul::{Gemm, PackedB, View};
use crate::sim::numeric::NumericPolicy;

/// The gradients reaching step t's state: the total ∂L/∂h_t and (LSTM) the total ∂L/∂c_t.
pub struct StepGrad<'a> {
    pub dh: &'a [f32],
    pub dc: Option<&'a [f32]>,
}

/// Receives each step's values during a pass: `forward` for t = 1..T in order, `backward`
/// for t = T..1 (steps cut off by truncation get exact zeros).
pub trait StepObserver {
    fn forward(&mut self, _t: usize, _h: &[f32]) {}
    fn backward(&mut self, _t: usize, _g: StepGrad) {}
}

/// An observer that looks at nothing (a trainer that only needs `Workspace::grads`).
impl StepObserver for () {}

/// ∂L/∂W_ih, ∂L/∂W_hh, ∂L/∂b and ∂L/∂b_hn, laid out as `Params`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grads {
    pub w_ih: Vec<f32>,
    pub w_hh: Vec<f32>,
    pub b: Vec<f32>,
    pub b_hn: Vec<f32>,
}

/// Floats per batch row that a step's cache holds (see each cell's module).
pub fn cache_width(cell: Cell, width: usize) -> usize {
    match cell {
        Cell::Lstm | Cell::Gru => 4 * width,
        _ => width,
    }
}

/// Buffers reused across passes, sized by `forward`.
#[derive(Default)]
pub struct Workspace {
    gemm: Gemm,
    /// h_0 = 0, h_1, …, h_T (B×H each).
    hs: Vec<f32>,
    /// c_0 = 0, c_1, …, c_T (LSTM; empty otherwise).
    cs: Vec<f32>,
    /// Step t's cache at index t − 1 (B × `cache_width` each).
    cache: Vec<f32>,
    xw: Vec<f32>,
    rec: Vec<f32>,
    dh: Vec<f32>,
    dc: Vec<f32>,
    carry: Vec<f32>,
    scratch: Vec<f32>,
    tmp: Vec<f32>,
    steps: usize,
    batch: usize,
    /// The parameter gradients of the last `backward`.
    pub grads: Grads,
}

impl Workspace {
    /// h_T of the last forward pass (B×H).
    pub fn h_last(&self) -> &[f32] {
        let n = self.hs.len() / (self.steps + 1);
        &self.hs[self.steps * n..]
    }

    /// h_{t−1} (B×H) of the last forward pass, t = 1..=T.
    pub fn h_prev(&self, t: usize) -> &[f32] {
        let n = self.hs.len() / (self.steps + 1);
        &self.hs[(t - 1) * n..t * n]
    }

    /// Step t's pre-activation gradients after `backward_through_time` (B rows of
    /// `cache_width`), t = 1..=T.
    pub fn pre_activation_grads(&self, t: usize) -> &[f32] {
        let n = self.cache.len() / self.steps.max(1);
        &self.cache[(t - 1) * n..t * n]
    }

    /// h_1, …, h_T of the last forward pass (B×H each).
    pub fn hidden_states(&self) -> impl Iterator<Item = &[f32]> {
        let n = self.hs.len() / (self.steps + 1);
        self.hs.chunks_exact(n.max(1)).skip(1).take(self.steps)
    }

    fn prepare(&mut self, p: &Params, steps: usize, batch: usize) {
        let (h, g) = (p.width, p.cell.blocks());
        let bh = batch * h;
        let cells = if p.cell.has_cell_state() { 1 } else { 0 };
        let size = |v: &mut Vec<f32>, n: usize| {
            v.clear();
            v.resize(n, 0.0);
        };
        size(&mut self.hs, (steps + 1) * bh);
        size(&mut self.cs, cells * (steps + 1) * bh);
        self.cache
            .resize(steps * batch * cache_width(p.cell, h), 0.0);
        for v in [&mut self.xw, &mut self.rec] {
            v.resize(batch * g * h, 0.0);
        }
        for v in [
            &mut self.dh,
            &mut self.dc,
            &mut self.carry,
            &mut self.scratch,
        ] {
            v.resize(bh, 0.0);
        }
        (self.steps, self.batch) = (steps, batch);
    }
}

/// Runs the cell over x_1..x_T (`x`: T×B×H, step-major) from h_0 = c_0 = 0.
pub fn forward<P: NumericPolicy>(
    p: &Params,
    x: &[f32],
    batch: usize,
    ws: &mut Workspace,
    obs: &mut impl StepObserver,
    policy: &P,
) {
    forward_projected(p, (x, None), batch, ws, obs, policy)
}

/// x_t·W_ih for every step (T×B×G·H, step-major), the bits `forward` forms step by step: what
/// a pass whose W_hh, b or truncation alone changed can reuse (`forward_projected`).
pub fn input_projections<P: NumericPolicy>(
    p: &Params,
    x: &[f32],
    batch: usize,
    policy: &P,
) -> Vec<f32> {
    let (h, gh) = (p.width, p.cell.blocks() * p.width);
    let w_ih = PackedB::new(h, gh, View::rows(&p.w_ih, gh));
    let mut gemm = Gemm::default();
    let mut out = vec![0.0f32; x.len() / h.max(1) * gh];
    for (x_t, xw) in x
        .chunks_exact((batch * h).max(1))
        .zip(out.chunks_exact_mut((batch * gh).max(1)))
    {
        project_step(&mut gemm, (x_t, &w_ih), (batch, h), xw, policy);
    }
    out
}

/// One step's x_t·W_ih (B rows of x_t), rounded by the policy.
fn project_step<P: NumericPolicy>(
    gemm: &mut Gemm,
    (x_t, w_ih): (&[f32], &PackedB),
    (batch, h): (usize, usize),
    out: &mut [f32],
    policy: &P,
) {
    gemm.run_packed(batch, View::rows(x_t, h), w_ih, out);
    policy.round(out);
}

/// Where a forward pass takes each step's x_t·W_ih from.
enum InputSide<'a> {
    /// `input_projections`' output, read step by step.
    Projected(&'a [f32]),
    /// W_ih packed, to form each step's product.
    Weights(PackedB),
}

/// `forward` with the input projections taken from `projected` (`input_projections` of these
/// `p` and `x`) when it is `Some`, formed step by step otherwise.
pub fn forward_projected<P: NumericPolicy>(
    p: &Params,
    (x, projected): (&[f32], Option<&[f32]>),
    batch: usize,
    ws: &mut Workspace,
    obs: &mut impl StepObserver,
    policy: &P,
) {
    let (h, gh) = (p.width, p.cell.blocks() * p.width);
    let bh = batch * h;
    let steps = x.len() / bh.max(1);
    ws.prepare(p, steps, batch);
    let cw = batch * cache_width(p.cell, h);
    // Every step multiplies by the same two matrices: packed once, not T times (W_ih only
    // when no projections were given).
    let input_side = match projected {
        Some(all) => InputSide::Projected(all),
        None => InputSide::Weights(PackedB::new(h, gh, View::rows(&p.w_ih, gh))),
    };
    let w_hh = PackedB::new(h, gh, View::rows(&p.w_hh, gh));
    for t in 1..=steps {
        let xw = match &input_side {
            InputSide::Projected(all) => &all[(t - 1) * batch * gh..t * batch * gh],
            InputSide::Weights(w_ih) => {
                let x_t = &x[(t - 1) * bh..t * bh];
                project_step(&mut ws.gemm, (x_t, w_ih), (batch, h), &mut ws.xw, policy);
                &ws.xw
            }
        };
        let (done, rest) = ws.hs.split_at_mut(t * bh);
        let h_prev = &done[(t - 1) * bh..];
        ws.gemm
            .run_packed(batch, View::rows(h_prev, h), &w_hh, &mut ws.rec);
        policy.round(&mut ws.rec);
        let (c_prev, c) = if p.cell.has_cell_state() {
            let (cd, cr) = ws.cs.split_at_mut(t * bh);
            (&cd[(t - 1) * bh..], &mut cr[..bh])
        } else {
            (&[][..], &mut [][..])
        };
        let i = StepIn {
            xw,
            rec: &ws.rec,
            b: &p.b,
            b_hn: &p.b_hn,
            h_prev,
            c_prev,
        };
        let o = StepOut {
            cache: &mut ws.cache[(t - 1) * cw..t * cw],
            h: &mut rest[..bh],
            c,
            scratch: &mut ws.scratch,
        };
        match p.cell {
            Cell::Lstm => lstm::forward(i, o, policy),
            Cell::Gru => gru::forward(i, o, policy),
            cell => simple::forward(simple::phi(cell), i, o, policy),
        }
        obs.forward(t, &rest[..bh]);
    }
}

/// Back-propagation through the last `truncate` steps from ∂L/∂h_T = `dh_last` (B×H): h_t
/// and c_t for t ≤ T − k are treated as constants (stop_gradient), so they receive exactly 0.
/// Reports every step to `obs` (T..1) and leaves the parameter gradients in `ws.grads`.
pub fn backward<P: NumericPolicy>(
    p: &Params,
    x: &[f32],
    dh_last: &[f32],
    truncate: usize,
    ws: &mut Workspace,
    obs: &mut impl StepObserver,
    policy: &P,
) {
    match backward_through_time(p, dh_last, truncate, ws, obs, policy) {
        Some(first) => weight_grads(p, x, first, ws, policy),
        None => ws.grads = Grads::default(),
    }
}

/// `backward` up to the parameter gradients (which `weight_grads` then forms): every step's
/// ∂L/∂h_t to `obs` and the pre-activation gradients in the workspace. Returns the first step
/// that received a gradient, or `None` when no forward pass ran (or `dh_last` has the wrong
/// shape) and there is nothing to propagate.
pub fn backward_through_time<P: NumericPolicy>(
    p: &Params,
    dh_last: &[f32],
    truncate: usize,
    ws: &mut Workspace,
    obs: &mut impl StepObserver,
    policy: &P,
) -> Option<usize> {
    let (h, steps, batch) = (p.width, ws.steps, ws.batch);
    let (bh, cw) = (batch * h, batch * cache_width(p.cell, h));
    if steps == 0 || dh_last.len() != bh {
        return None;
    }
    let first = steps - truncate.clamp(1, steps) + 1;
    ws.dh.copy_from_slice(dh_last);
    policy.round(&mut ws.dh);
    ws.dc.fill(0.0);
    let lstm = p.cell.has_cell_state();
    let gh = p.cell.blocks() * h;
    let w_hh_t = PackedB::new(gh, h, View::transposed(&p.w_hh, gh));
    for t in (first..=steps).rev() {
        let (hs, cs) = (&ws.hs, &ws.cs);
        let i = BackIn {
            width: h,
            dh: &ws.dh,
            h: &hs[t * bh..(t + 1) * bh],
            h_prev: &hs[(t - 1) * bh..t * bh],
            c: if lstm { &cs[t * bh..(t + 1) * bh] } else { &[] },
            c_prev: if lstm { &cs[(t - 1) * bh..t * bh] } else { &[] },
        };
        let o = BackOut {
            cache: &mut ws.cache[(t - 1) * cw..t * cw],
            dc: &mut ws.dc,
            carry: &mut ws.carry,
            scratch: &mut ws.scratch,
        };
        match p.cell {
            Cell::Lstm => lstm::backward(i, o, policy),
            Cell::Gru => gru::backward(i, o, policy),
            cell => simple::backward(simple::phi(cell), i, o, policy),
        }
        let dc = lstm.then_some(&ws.dc[..]);
        obs.backward(t, StepGrad { dh: &ws.dh, dc });
        if t > first {
            step_back(p, t, &w_hh_t, ws, policy);
        }
    }
    ws.dh.fill(0.0);
    for t in (1..first).rev() {
        let dc = lstm.then_some(&ws.dh[..]);
        obs.backward(t, StepGrad { dh: &ws.dh, dc });
    }
    Some(first)
}

/// ∂L/∂h_{t−1} (and the LSTM's ∂L/∂c_{t−1} through c_t) from step t's pre-activation
/// gradients: dA_hh · W_hhᵀ, plus dh_t ⊙ z_t for the GRU.
fn step_back<P: NumericPolicy>(
    p: &Params,
    t: usize,
    w_hh_t: &PackedB,
    ws: &mut Workspace,
    policy: &P,
) {
    let (batch, cwr) = (ws.batch, cache_width(p.cell, p.width));
    let cw = batch * cwr;
    let da = View {
        data: &ws.cache[(t - 1) * cw..t * cw],
        rs: cwr,
        cs: 1,
        scale: None,
    };
    ws.gemm.run_packed(batch, da, w_hh_t, &mut ws.dh);
    match p.cell {
        Cell::Gru => {
            ws.dh.iter_mut().zip(&ws.carry).for_each(|(d, &c)| *d += c);
        }
        Cell::Lstm => std::mem::swap(&mut ws.dc, &mut ws.carry),
        _ => {}
    }
    policy.round(&mut ws.dh);
}

/// ∂L/∂x_t (B×H) into `out` after `backward`: step t's input-side pre-activation gradients
/// times W_ihᵀ (zero for a step cut off by truncation). What a saliency view would show, and
/// what lets a finite-difference test check every step of the backward pass through the data.
pub fn input_grad(p: &Params, ws: &mut Workspace, t: usize, truncate: usize, out: &mut [f32]) {
    let (h, gh, batch, steps) = (p.width, p.cell.blocks() * p.width, ws.batch, ws.steps);
    let cwr = cache_width(p.cell, h);
    if t == 0 || t > steps || t + truncate.clamp(1, steps.max(1)) <= steps {
        out.fill(0.0);
        return;
    }
    let da = &ws.cache[(t - 1) * batch * cwr..t * batch * cwr];
    let wt = View::transposed(&p.w_ih, gh);
    if p.cell == Cell::Gru {
        // dA_ih = [∂r̃ ∂z̃ ∂ñ]: cache columns 0..2H and 3H..4H.
        ws.tmp.resize(batch * gh, 0.0);
        for (dst, row) in ws.tmp.chunks_exact_mut(gh).zip(da.chunks_exact(cwr)) {
            dst[..2 * h].copy_from_slice(&row[..2 * h]);
            dst[2 * h..].copy_from_slice(&row[3 * h..]);
        }
        ws.gemm.run(batch, gh, h, View::rows(&ws.tmp, gh), wt, out);
    } else {
        ws.gemm.run(batch, gh, h, View::rows(da, gh), wt, out);
    }
}

/// Column sums of the `cols` columns from `from` of a row-major matrix with rows of `stride`,
/// rows in ascending order (float32, fixed order): the gradient of a bias added to every row.
fn column_sums(m: &[f32], stride: usize, from: usize, cols: usize, out: &mut [f32]) {
    out[..cols].fill(0.0);
    for row in m.chunks_exact(stride) {
        out[..cols]
            .iter_mut()
            .zip(&row[from..from + cols])
            .for_each(|(o, &v)| *o += v);
    }
}

/// ∂L/∂W_ih = Σ_t x_tᵀ·dA_t, ∂L/∂W_hh = Σ_t h_{t−1}ᵀ·dA_t and the bias gradients, over the
/// steps t ≥ `first` that received a gradient (`backward_through_time`), each as one product
/// over all their rows.
pub fn weight_grads<P: NumericPolicy>(
    p: &Params,
    x: &[f32],
    first: usize,
    ws: &mut Workspace,
    policy: &P,
) {
    let (h, g, batch, steps) = (p.width, p.cell.blocks(), ws.batch, ws.steps);
    let (gh, cwr, bh) = (g * h, cache_width(p.cell, h), batch * h);
    let rows = (steps + 1 - first) * batch;
    let da = &ws.cache[(first - 1) * batch * cwr..steps * batch * cwr];
    let xs = View::transposed(&x[(first - 1) * bh..steps * bh], h);
    let hs = View::transposed(&ws.hs[(first - 1) * bh..steps * bh], h);
    let dv = |from: usize| View {
        data: &da[from..],
        rs: cwr,
        cs: 1,
        scale: None,
    };
    let gr = &mut ws.grads;
    gr.w_ih.resize(h * gh, 0.0);
    gr.w_hh.resize(h * gh, 0.0);
    gr.b.resize(gh, 0.0);
    gr.b_hn.resize(p.b_hn.len(), 0.0);
    ws.gemm.run(h, rows, gh, hs, dv(0), &mut gr.w_hh);
    if p.cell == Cell::Gru {
        // dA_ih = [∂r̃ ∂z̃ ∂ñ]: cache columns 0..2H and 3H..4H.
        ws.tmp.resize(h * 2 * h, 0.0);
        ws.gemm.run(h, rows, 2 * h, xs, dv(0), &mut ws.tmp);
        for (dst, src) in gr.w_ih.chunks_exact_mut(gh).zip(ws.tmp.chunks_exact(2 * h)) {
            dst[..2 * h].copy_from_slice(src);
        }
        ws.tmp.resize(h * h, 0.0);
        ws.gemm.run(h, rows, h, xs, dv(3 * h), &mut ws.tmp);
        for (dst, src) in gr.w_ih.chunks_exact_mut(gh).zip(ws.tmp.chunks_exact(h)) {
            dst[2 * h..].copy_from_slice(src);
        }
        column_sums(da, cwr, 0, 2 * h, &mut gr.b[..2 * h]);
        column_sums(da, cwr, 3 * h, h, &mut gr.b[2 * h..]);
        column_sums(da, cwr, 2 * h, h, &mut gr.b_hn);
    } else {
        ws.gemm.run(h, rows, gh, xs, dv(0), &mut gr.w_ih);
        column_sums(da, cwr, 0, gh, &mut gr.b);
    }
    for v in [&mut gr.w_ih, &mut gr.w_hh, &mut gr.b, &mut gr.b_hn] {
        policy.round(v);
    }
}
