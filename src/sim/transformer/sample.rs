//! Drawing a stack's parameters and the explorer's data from a seed. Each block has its own
//! random stream (`Stream::TransformerBlock(l)`), so block l's weights do not depend on the
//! depth, the placement or the init (a change of init rescales the same unit normals); the
//! data (x_0, then y) has another. Order inside a block: W_Q, W_K, W_V, W_O (d × d), W_1
//! (d × 4d), W_2 (4d × d), as in the reference. Biases 0, γ = 1, β = 0, ReZero's gates at
//! their chosen start.

use super::attention::AttnParams;
use super::block::BlockParams;
use super::config::{Placement, TransformerConfig};
use super::mlp::MlpParams;
use super::norm::Affine;
use crate::sim::rng::{Sampler, Stream};

/// x_0 then y (B·T × d each, N(0, 1)) from the seed's transformer data stream.
pub fn sample_stream_data(cfg: &TransformerConfig) -> (Vec<f32>, Vec<f32>) {
    let n = cfg.batch * cfg.tokens * cfg.width;
    let mut s = Sampler::new(cfg.seed, Stream::TransformerData);
    let (mut x, mut y) = (vec![0.0f32; n], vec![0.0f32; n]);
    s.fill_normal_f32(&mut x, 1.0);
    s.fill_normal_f32(&mut y, 1.0);
    (x, y)
}

/// A fan_in × fan_out matrix of N(0, (std·mult)²) entries: unit normals times one float32
/// factor (the init's std and the multipliers, multiplied in float64 first).
fn matrix(s: &mut Sampler, (fan_in, fan_out): (usize, usize), std: f64, mult: f64) -> Vec<f32> {
    let mut w = vec![0.0f32; fan_in * fan_out];
    s.fill_normal_f32(&mut w, 1.0);
    let f = (std * mult) as f32;
    w.iter_mut().for_each(|v| *v *= f);
    w
}

/// Block l's (1-based) parameters for `cfg`.
pub fn sample_block(cfg: &TransformerConfig, l: usize) -> BlockParams {
    let (d, k, big_l) = (cfg.width, 4 * cfg.width, cfg.blocks as f64);
    let mut s = Sampler::new(cfg.seed, Stream::TransformerBlock(l));
    let residual = if cfg.scaled_init {
        1.0 / (2.0 * big_l).sqrt()
    } else {
        1.0
    };
    let beta = cfg.placement.init_scale(cfg.blocks);
    let sd = |fi, fo| cfg.init.std(fi, fo);
    let w_q = matrix(&mut s, (d, d), sd(d, d), 1.0);
    let w_k = matrix(&mut s, (d, d), sd(d, d), 1.0);
    let w_v = matrix(&mut s, (d, d), sd(d, d), beta);
    let w_o = matrix(&mut s, (d, d), sd(d, d), residual * beta);
    let w_1 = matrix(&mut s, (d, k), sd(d, k), beta);
    let w_2 = matrix(&mut s, (k, d), sd(k, d), residual * beta);
    let gate = if cfg.placement == Placement::ReZero {
        cfg.rezero_init as f32
    } else {
        1.0
    };
    BlockParams {
        attn: AttnParams { w_q, w_k, w_v, w_o },
        mlp: MlpParams {
            w_1,
            b_1: vec![0.0; k],
            w_2,
            b_2: vec![0.0; d],
        },
        norm_attn: Affine::identity(d),
        norm_mlp: Affine::identity(d),
        gate_attn: gate,
        gate_mlp: gate,
    }
}
