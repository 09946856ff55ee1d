//! The GRU cell, as PyTorch's nn.GRU: r = σ(x W_ir + h W_hr + b_r), z = σ(x W_iz + h W_hz + b_z),
//! n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)), h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
//! The cache (4H per row) holds [r z hn n] going forward (hn = h W_hn + b_hn) and
//! [∂r̃ ∂z̃ ∂hn ∂ñ] coming back (the gradients of the pre-activations): its first 3H columns
//! are then what multiplies W_hh, its columns r, z and n what multiplies W_ih.

use super::cell::{sigmoid, tanh, BackIn, BackOut, StepIn, StepOut};
use crate::sim::numeric::NumericPolicy;

/// r, z, hn, then n, then h_t, each rounded by `policy`.
pub fn forward<P: NumericPolicy>(i: StepIn, o: StepOut, policy: &P) {
    let h = i.b_hn.len();
    let rows = o.cache.chunks_exact_mut(4 * h);
    for ((c, xw), rec) in rows
        .zip(i.xw.chunks_exact(3 * h))
        .zip(i.rec.chunks_exact(3 * h))
    {
        for j in 0..2 * h {
            c[j] = sigmoid((xw[j] + rec[j]) + i.b[j]);
        }
        for j in 0..h {
            c[2 * h + j] = rec[2 * h + j] + i.b_hn[j];
        }
    }
    policy.round(o.cache);
    for (c, xw) in o
        .cache
        .chunks_exact_mut(4 * h)
        .zip(i.xw.chunks_exact(3 * h))
    {
        for j in 0..h {
            let pre = (xw[2 * h + j] + i.b[2 * h + j]) + c[j] * c[2 * h + j];
            c[3 * h + j] = tanh(pre);
        }
    }
    policy.round(o.cache);
    let rows = o.h.chunks_exact_mut(h).zip(i.h_prev.chunks_exact(h));
    for ((hr, hp), c) in rows.zip(o.cache.chunks_exact(4 * h)) {
        for j in 0..h {
            let (z, n) = (c[h + j], c[3 * h + j]);
            hr[j] = (1.0 - z) * n + z * hp[j];
        }
    }
    policy.round(o.h);
}

/// The pre-activation gradients into the cache, and dh_t ⊙ z_t (what reaches h_{t−1}
/// directly) into `carry`.
pub fn backward<P: NumericPolicy>(i: BackIn, o: BackOut, policy: &P) {
    let h = i.width;
    let rows = o.carry.chunks_exact_mut(h).zip(i.dh.chunks_exact(h));
    for ((direct, dh), c) in rows.zip(o.cache.chunks_exact(4 * h)) {
        let z = &c[h..2 * h];
        direct
            .iter_mut()
            .zip(dh)
            .zip(z)
            .for_each(|((d, &g), &z)| *d = g * z);
    }
    policy.round(o.carry);
    let rows = o.cache.chunks_exact_mut(4 * h).zip(i.dh.chunks_exact(h));
    for ((c, dh), hp) in rows.zip(i.h_prev.chunks_exact(h)) {
        for j in 0..h {
            let (r, z, hn, n) = (c[j], c[h + j], c[2 * h + j], c[3 * h + j]);
            let dn = dh[j] * (1.0 - z);
            let dz = dh[j] * (hp[j] - n);
            let dn_pre = dn * ((1.0 - n) * (1.0 + n));
            c[j] = dn_pre * hn * (r * (1.0 - r));
            c[h + j] = dz * (z * (1.0 - z));
            c[2 * h + j] = dn_pre * r;
            c[3 * h + j] = dn_pre;
        }
    }
    policy.round(o.cache);
}
