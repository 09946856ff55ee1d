//! Sampling a recurrent network's weights and its data from a seed, as the reference's spec
//! says (its distributions; the bits are ours, `rng::Stream`). Every stream is keyed by the
//! seed and its purpose only, so the gains share one set of draws (paired design), the plain
//! RNNs share their one input block, and LSTM and GRU share their first blocks.

use super::config::{Cell, RecurrentInit, RnnConfig};
use crate::sim::init::orthogonal;
use crate::sim::rng::{Sampler, Stream};

/// The trainable parameters of one cell. W_ih and W_hh are H×(G·H), row-major (input index ×
/// output index): G blocks side by side, each its own H×H matrix (PyTorch's gate order).
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub cell: Cell,
    pub width: usize,
    pub w_ih: Vec<f32>,
    pub w_hh: Vec<f32>,
    /// b, G·H values (one bias per gate, not PyTorch's b_ih + b_hh).
    pub b: Vec<f32>,
    /// The GRU's b_hn (H values, inside r ⊙ (h W_hn + b_hn)); empty for the other cells.
    pub b_hn: Vec<f32>,
}

/// The untrained picture's data: x_1..x_T (T×B×H, step-major) and the target y (B×H).
#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
}

impl Sequence {
    /// y then x_1, x_2, … from the seed's data stream, N(0, 1) each.
    pub fn sample(seed: u64, steps: usize, width: usize, batch: usize) -> Sequence {
        let mut s = Sampler::new(seed, Stream::RecurrentData);
        let mut y = vec![0.0f32; batch * width];
        let mut x = vec![0.0f32; steps * batch * width];
        s.fill_normal_f32(&mut y, 1.0);
        s.fill_normal_f32(&mut x, 1.0);
        Sequence { x, y }
    }
}

/// Copies the H×H `block` into columns j·H.. of the H×(G·H) matrix `w`.
fn place_block(w: &mut [f32], block: &[f32], j: usize, h: usize, g: usize) {
    for (row, src) in w.chunks_exact_mut(g * h).zip(block.chunks_exact(h)) {
        row[j * h..(j + 1) * h].copy_from_slice(src);
    }
}

/// U(−1/√H, 1/√H) draws, PyTorch's default for every RNN weight and bias.
fn fill_uniform(s: &mut Sampler, out: &mut [f32], h: usize) {
    let a = 1.0 / (h as f64).sqrt();
    out.iter_mut()
        .for_each(|v| *v = (a * (2.0 * s.uniform() - 1.0)) as f32);
}

impl Params {
    /// The weights of `cfg` (its cell, width, init, gain, forget bias and seed).
    pub fn sample(cfg: &RnnConfig) -> Params {
        Params::unit(cfg).scaled(cfg)
    }

    /// The draws before the gain and the forget bias (which `scaled` applies): W_ih, and W_hh
    /// as Q, N(0, 1) or I blocks (or PyTorch's draws, which take neither).
    pub(super) fn unit(cfg: &RnnConfig) -> Params {
        let (h, g) = (cfg.width, cfg.cell.blocks());
        let mut p = Params {
            cell: cfg.cell,
            width: h,
            w_ih: vec![0.0; h * g * h],
            w_hh: vec![0.0; h * g * h],
            b: vec![0.0; g * h],
            b_hn: vec![0.0; if cfg.cell == Cell::Gru { h } else { 0 }],
        };
        let mut block = vec![0.0f32; h * h];
        if cfg.init == RecurrentInit::Pytorch {
            p.sample_pytorch(cfg.seed, &mut block);
        } else {
            let mut s = Sampler::new(cfg.seed, Stream::RecurrentInput);
            for j in 0..g {
                s.fill_normal_f32(&mut block, (1.0 / h as f64).sqrt());
                place_block(&mut p.w_ih, &block, j, h, g);
            }
            let mut s = Sampler::new(cfg.seed, Stream::RecurrentWeights(cfg.init.index()));
            for j in 0..g {
                unit_block(cfg.init, h, &mut s, &mut block);
                place_block(&mut p.w_hh, &block, j, h, g);
            }
        }
        p
    }

    /// The unit draws of `cfg` times its gain, with its forget bias. The gain multiplies unit
    /// draws in float32, so every gain uses the same Q or the same normals.
    pub(super) fn scaled(mut self, cfg: &RnnConfig) -> Params {
        let g = cfg.gain as f32;
        match cfg.init {
            RecurrentInit::Orthogonal => self.w_hh.iter_mut().for_each(|v| *v *= g),
            RecurrentInit::Normal => {
                let sd = (cfg.gain / (cfg.width as f64).sqrt()) as f32;
                self.w_hh.iter_mut().for_each(|v| *v *= sd);
            }
            // The ones become g; the zeros stay +0 whatever g's sign.
            RecurrentInit::Identity => self
                .w_hh
                .iter_mut()
                .filter(|v| **v != 0.0)
                .for_each(|v| *v = g),
            RecurrentInit::Pytorch => {}
        }
        if cfg.cell == Cell::Lstm {
            let (h, fb) = (cfg.width, cfg.forget_bias as f32);
            self.b[h..2 * h].iter_mut().for_each(|v| *v += fb);
        }
        self
    }

    /// `pytorch`: W_ih blocks, W_hh blocks, b, b_hn, all U(±1/√H) from one stream, gain ignored.
    fn sample_pytorch(&mut self, seed: u64, block: &mut [f32]) {
        let (h, g) = (self.width, self.cell.blocks());
        let mut s = Sampler::new(
            seed,
            Stream::RecurrentWeights(RecurrentInit::Pytorch.index()),
        );
        for j in 0..g {
            fill_uniform(&mut s, block, h);
            place_block(&mut self.w_ih, block, j, h, g);
        }
        for j in 0..g {
            fill_uniform(&mut s, block, h);
            place_block(&mut self.w_hh, block, j, h, g);
        }
        fill_uniform(&mut s, &mut self.b, h);
        fill_uniform(&mut s, &mut self.b_hn, h);
    }
}

/// One H×H recurrent block of unit draws: Q (orthogonal), N(0, 1) (normal) or I (identity).
fn unit_block(init: RecurrentInit, h: usize, s: &mut Sampler, out: &mut [f32]) {
    match init {
        RecurrentInit::Orthogonal => orthogonal(h, h, s, out),
        RecurrentInit::Normal => s.fill_normal_f32(out, 1.0),
        RecurrentInit::Identity => {
            out.fill(0.0);
            (0..h).for_each(|i| out[i * h + i] = 1.0);
        }
        // Drawn by `sample_pytorch`, never per block.
        RecurrentInit::Pytorch => fill_uniform(s, out, h),
    }
}
