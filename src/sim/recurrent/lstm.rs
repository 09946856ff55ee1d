//! The LSTM cell: [i f g o] = x_t W_ih + h_{t−1} W_hh + b (PyTorch's gate order), i, f, o =
//! σ, g = tanh; c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh c_t. The cache holds the four
//! activated gates going forward and their pre-activation gradients coming back; tanh c_t is
//! recomputed once in the backward step (same function, same bits) instead of being stored.

use super::cell::{sigmoid, tanh, BackIn, BackOut, StepIn, StepOut};
use crate::sim::numeric::NumericPolicy;

/// The four gates, then c_t, tanh c_t (in the scratch) and h_t, each rounded by `policy`.
pub fn forward<P: NumericPolicy>(i: StepIn, o: StepOut, policy: &P) {
    let h = i.b.len() / 4;
    let rows = o.cache.chunks_exact_mut(4 * h);
    for ((gates, xw), rec) in rows
        .zip(i.xw.chunks_exact(4 * h))
        .zip(i.rec.chunks_exact(4 * h))
    {
        for (((p, &x), &r), &b) in gates.iter_mut().zip(xw).zip(rec).zip(i.b) {
            *p = (x + r) + b;
        }
    }
    policy.round(o.cache);
    for gates in o.cache.chunks_exact_mut(4 * h) {
        let (ifg, og) = gates.split_at_mut(3 * h);
        let (i_f, g) = ifg.split_at_mut(2 * h);
        i_f.iter_mut().for_each(|v| *v = sigmoid(*v));
        g.iter_mut().for_each(|v| *v = tanh(*v));
        og.iter_mut().for_each(|v| *v = sigmoid(*v));
    }
    policy.round(o.cache);
    let rows = o.c.chunks_exact_mut(h).zip(i.c_prev.chunks_exact(h));
    for ((c, cp), gates) in rows.zip(o.cache.chunks_exact(4 * h)) {
        let (ig, fg, gg) = (&gates[..h], &gates[h..2 * h], &gates[2 * h..3 * h]);
        for j in 0..h {
            c[j] = fg[j] * cp[j] + ig[j] * gg[j];
        }
    }
    policy.round(o.c);
    let tc = &mut *o.scratch;
    tc.iter_mut()
        .zip(o.c.iter())
        .for_each(|(t, &c)| *t = tanh(c));
    policy.round(tc);
    let rows = o.h.chunks_exact_mut(h).zip(tc.chunks_exact(h));
    for ((hr, tc), gates) in rows.zip(o.cache.chunks_exact(4 * h)) {
        let og = &gates[3 * h..];
        for j in 0..h {
            hr[j] = og[j] * tc[j];
        }
    }
    policy.round(o.h);
}

/// The total ∂L/∂c_t into `dc` (in: what came through c_{t+1}), dc_t ⊙ f_t into `carry`, and
/// the gates' pre-activation gradients [di df dg do] into the cache.
pub fn backward<P: NumericPolicy>(i: BackIn, o: BackOut, policy: &P) {
    let h = i.width;
    // tanh c_t as the forward step rounded it.
    let tc = &mut *o.scratch;
    tc.iter_mut().zip(i.c).for_each(|(t, &c)| *t = tanh(c));
    policy.round(tc);
    // dc_t = ∂L/∂h_t ⊙ o ⊙ (1 − tanh² c_t) + what came through c_{t+1}.
    let rows = o.dc.chunks_exact_mut(h).zip(i.dh.chunks_exact(h));
    for ((dc, dh), (tc, gates)) in rows.zip(tc.chunks_exact(h).zip(o.cache.chunks_exact(4 * h))) {
        let og = &gates[3 * h..];
        for j in 0..h {
            let t = tc[j];
            dc[j] += dh[j] * og[j] * ((1.0 - t) * (1.0 + t));
        }
    }
    policy.round(o.dc);
    let rows = o.carry.chunks_exact_mut(h).zip(o.dc.chunks_exact(h));
    for ((carry, dc), gates) in rows.zip(o.cache.chunks_exact(4 * h)) {
        let fg = &gates[h..2 * h];
        carry
            .iter_mut()
            .zip(dc)
            .zip(fg)
            .for_each(|((k, &d), &f)| *k = d * f);
    }
    policy.round(o.carry);
    let rows = o.cache.chunks_exact_mut(4 * h).zip(o.dc.chunks_exact(h));
    for (((gates, dc), dh), (tc, cp)) in rows
        .zip(i.dh.chunks_exact(h))
        .zip(o.scratch.chunks_exact(h).zip(i.c_prev.chunks_exact(h)))
    {
        for j in 0..h {
            let (ig, fg, gg, og) = (gates[j], gates[h + j], gates[2 * h + j], gates[3 * h + j]);
            let t = tc[j];
            gates[j] = dc[j] * gg * (ig * (1.0 - ig));
            gates[h + j] = dc[j] * cp[j] * (fg * (1.0 - fg));
            gates[2 * h + j] = dc[j] * ig * ((1.0 - gg) * (1.0 + gg));
            gates[3 * h + j] = dh[j] * t * (og * (1.0 - og));
        }
    }
    policy.round(o.cache);
}
