//! The plain RNNs: h_t = φ(x_t W_ih + h_{t−1} W_hh + b), φ = tanh | relu | identity. The
//! cache holds the pre-activation going forward and ∂L/∂(pre-activation) coming back; φ' is
//! read from h_t, as autograd does for tanh (and h > 0 ⇔ pre > 0 for relu).

use super::cell::{BackIn, BackOut, StepIn, StepOut};
use crate::sim::config::Activation;
use crate::sim::numeric::NumericPolicy;

/// φ of the plain RNN cell.
pub fn phi(cell: super::config::Cell) -> Activation {
    use super::config::Cell;
    match cell {
        Cell::RnnRelu => Activation::Relu,
        Cell::RnnLinear => Activation::Identity,
        _ => Activation::Tanh,
    }
}

/// h_t = φ((x_t W_ih + h_{t−1} W_hh) + b).
pub fn forward<P: NumericPolicy>(act: Activation, i: StepIn, o: StepOut, policy: &P) {
    let h = i.b.len();
    for ((pre, xw), rec) in o
        .cache
        .chunks_exact_mut(h)
        .zip(i.xw.chunks_exact(h))
        .zip(i.rec.chunks_exact(h))
    {
        for (((p, &x), &r), &b) in pre.iter_mut().zip(xw).zip(rec).zip(i.b) {
            *p = (x + r) + b;
        }
    }
    policy.round(o.cache);
    act.forward_f32(o.cache, o.h);
    policy.round(o.h);
}

/// ∂L/∂pre = ∂L/∂h_t ⊙ φ'(pre), into the cache.
pub fn backward<P: NumericPolicy>(act: Activation, i: BackIn, o: BackOut, policy: &P) {
    act.backward_f32(i.h, i.dh, o.cache);
    policy.round(o.cache);
}
