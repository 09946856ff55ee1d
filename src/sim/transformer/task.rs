//! The reverse task of the reference's training part: a sequence of T = 8 tokens drawn
//! uniformly from V = 16 is to be output reversed (target at position i is s_{T+1−i}), with
//! cross-entropy at every position. The model: x_0 = E[s] + P (token embedding and learned
//! positions, N(0, 1) entries), L blocks of the chosen placement with NON-causal attention
//! (position 1 must see token T), logits = out W_h + b_h (W_h Xavier, b_h = 0).

use serde::{Deserialize, Serialize};

use super::block::Layout;
use super::config::{BlockInit, NormKind, Placement, TransformerConfig, TransformerConfigError};
use super::norm::Affine;
use super::pass::{layout_of, Stack, StackObserver, StackWorkspace};
use super::sample::sample_block;
use crate::sim::matmul::{Gemm, View};
use crate::sim::numeric::Float32;
use crate::sim::rng::{Sampler, Stream};

pub const VOCAB: usize = 16;
pub const SEQ: usize = 8;
/// Fresh sequences per training step.
pub const TRAIN_BATCH: usize = 32;
/// A step's batch is worked in this many shards of `SHARD_SEQUENCES` (the page's worker
/// and its helper take one each, natively one after the other): every gradient is the sum of
/// the shards' in shard order, the same bits wherever each shard was computed.
pub const SHARDS: usize = 2;
pub const SHARD_SEQUENCES: usize = TRAIN_BATCH / SHARDS;
/// Rows (positions) of a step's batch: the cross-entropy's mean is over all of them.
pub const TRAIN_ROWS: usize = TRAIN_BATCH * SEQ;
/// The fixed test set's sequences (the same for every seed and config).
pub const TEST_SEQUENCES: usize = 512;

/// What k of `Stream::TransformerTask(k)` draws.
const STREAM_TRAIN: usize = 0;
const STREAM_TEST: usize = 1;
const STREAM_EMBED: usize = 2;
const STREAM_HEAD: usize = 3;

/// One training run of the reverse task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReverseConfig {
    pub placement: Placement,
    pub norm: NormKind,
    pub blocks: usize,
    pub width: usize,
    pub heads: usize,
    pub init: BlockInit,
    pub rezero_init: f64,
    /// Adam's learning rate after the warm-up.
    pub lr: f64,
    /// Updates of the linear warm-up (0: none).
    pub warmup: usize,
    pub steps: usize,
    pub seed: u64,
}

impl Default for ReverseConfig {
    fn default() -> Self {
        ReverseConfig {
            placement: Placement::PreLn,
            norm: NormKind::LayerNorm,
            blocks: 12,
            width: 64,
            heads: 4,
            init: BlockInit::XavierNormal,
            rezero_init: 0.0,
            lr: 3e-3,
            warmup: 0,
            steps: 500,
            seed: 0,
        }
    }
}

impl ReverseConfig {
    /// The stack's config for `batch` sequences (scaled init off, as the reference).
    pub fn stack_config(&self, batch: usize) -> TransformerConfig {
        TransformerConfig {
            placement: self.placement,
            norm: self.norm,
            blocks: self.blocks,
            width: self.width,
            heads: self.heads,
            tokens: SEQ,
            batch,
            init: self.init,
            scaled_init: false,
            rezero_init: self.rezero_init,
            seed: self.seed,
        }
    }

    /// The stack's checks plus lr in (0, 1].
    pub fn validate(&self) -> Result<(), String> {
        self.stack_config(TRAIN_BATCH)
            .validate()
            .map_err(|e: TransformerConfigError| e.to_string())?;
        if !(self.lr > 0.0 && self.lr <= 1.0) {
            return Err(format!("lr must be in (0, 1] (got {})", self.lr));
        }
        Ok(())
    }
}

/// `n` tokens, each uniform over the vocabulary (the top 4 bits of a 64-bit word).
pub fn draw_tokens(s: &mut Sampler, n: usize) -> Vec<u8> {
    (0..n).map(|_| (s.next_u64() >> 60) as u8).collect()
}

/// The test set: the same 512 sequences for every seed and config.
pub fn test_tokens() -> Vec<u8> {
    let mut s = Sampler::new(0, Stream::TransformerTask(STREAM_TEST));
    draw_tokens(&mut s, TEST_SEQUENCES * SEQ)
}

/// The sampler of a run's training sequences (32 fresh ones a step).
pub fn train_sampler(seed: u64) -> Sampler {
    Sampler::new(seed, Stream::TransformerTask(STREAM_TRAIN))
}

/// The trained parameters around the stack (the stack's own are in `stack.blocks`).
#[derive(Clone, Debug)]
pub struct ReverseModel {
    pub stack: Stack,
    /// E (V × d) and P (T × d).
    pub embed: Vec<f32>,
    pub pos: Vec<f32>,
    /// W_h (d × V) and b_h (V).
    pub head_w: Vec<f32>,
    pub head_b: Vec<f32>,
}

/// Loss, accuracy and (for training) the gradients of the parameters outside the stack.
#[derive(Default)]
pub struct ReverseWorkspace {
    pub stack: StackWorkspace,
    x0: Vec<f32>,
    logits: Vec<f32>,
    dlogits: Vec<f32>,
    dout: Vec<f32>,
    gemm: Gemm,
    /// Gradients of E, P, W_h, b_h from the last `train_step`.
    pub d_embed: Vec<f32>,
    pub d_pos: Vec<f32>,
    pub d_head_w: Vec<f32>,
    pub d_head_b: Vec<f32>,
}

/// Observes nothing.
struct Quiet;
impl StackObserver for Quiet {}

/// A layout for `batch` sequences of the reverse task: attention not causal (the model runs
/// `SHARD_SEQUENCES` at a time).
fn task_layout(cfg: &ReverseConfig, batch: usize) -> Layout {
    let mut l = layout_of(&cfg.stack_config(batch));
    l.shape.causal = false;
    l
}

impl ReverseModel {
    /// E and P from the seed's embedding stream, the blocks as the explorer draws them
    /// (`sample_block`), W_h from the head stream.
    pub fn sample(cfg: &ReverseConfig) -> Result<ReverseModel, String> {
        cfg.validate()?;
        let (d, tc) = (cfg.width, cfg.stack_config(TRAIN_BATCH));
        let mut s = Sampler::new(cfg.seed, Stream::TransformerTask(STREAM_EMBED));
        let (mut embed, mut pos) = (vec![0.0f32; VOCAB * d], vec![0.0f32; SEQ * d]);
        s.fill_normal_f32(&mut embed, 1.0);
        s.fill_normal_f32(&mut pos, 1.0);
        let mut h = Sampler::new(cfg.seed, Stream::TransformerTask(STREAM_HEAD));
        let mut head_w = vec![0.0f32; d * VOCAB];
        h.fill_normal_f32(&mut head_w, BlockInit::XavierNormal.std(d, VOCAB));
        let stack = Stack {
            layout: task_layout(cfg, SHARD_SEQUENCES),
            blocks: (1..=cfg.blocks).map(|l| sample_block(&tc, l)).collect(),
            final_norm: Affine::identity(d),
            x: Vec::new(),
            y: Vec::new(),
        };
        Ok(ReverseModel {
            stack,
            embed,
            pos,
            head_w,
            head_b: vec![0.0; VOCAB],
        })
    }

    /// Logits (rows × V) of `tokens` (whole sequences) into `ws.logits`.
    fn forward(&self, tokens: &[u8], ws: &mut ReverseWorkspace) {
        let d = self.stack.layout.shape.width;
        let rows = tokens.len();
        ws.x0.resize(rows * d, 0.0);
        for (i, (row, &tok)) in ws.x0.chunks_exact_mut(d).zip(tokens).enumerate() {
            let e = &self.embed[tok as usize * d..][..d];
            let p = &self.pos[(i % SEQ) * d..][..d];
            row.iter_mut()
                .zip(e)
                .zip(p)
                .for_each(|((o, &a), &b)| *o = a + b);
        }
        let out = self
            .stack
            .forward(&ws.x0, &mut ws.stack, &mut Quiet, &Float32);
        ws.logits.resize(rows * VOCAB, 0.0);
        let (a, b) = (View::rows(out, d), View::rows(&self.head_w, VOCAB));
        ws.gemm.run(rows, d, VOCAB, a, b, &mut ws.logits);
        for row in ws.logits.chunks_exact_mut(VOCAB) {
            row.iter_mut().zip(&self.head_b).for_each(|(v, &b)| *v += b);
        }
    }

    /// Each shard-sized chunk's summed cross-entropy and correct tokens, in order (a short
    /// last chunk is dropped; 512 = 32 × 16).
    pub fn chunk_scores(&self, tokens: &[u8], ws: &mut ReverseWorkspace) -> Vec<ChunkScore> {
        let chunks = tokens.chunks_exact(SHARD_SEQUENCES * SEQ);
        chunks
            .map(|chunk| {
                self.forward(chunk, ws);
                cross_entropy(&ws.logits, chunk, None)
            })
            .collect()
    }

    /// Mean cross-entropy and token accuracy on `tokens` (whole sequences).
    pub fn evaluate(&self, tokens: &[u8], ws: &mut ReverseWorkspace) -> (f64, f64) {
        mean_scores(&self.chunk_scores(tokens, ws))
    }

    /// One shard of a training batch (`SHARD_SEQUENCES` sequences): its summed cross-entropy,
    /// and every gradient of the mean over the whole batch's `TRAIN_ROWS` rows — the stack's in
    /// `ws.stack.grads` / `final_grads`, the others in `ws.d_*`.
    pub fn shard_step(&self, tokens: &[u8], ws: &mut ReverseWorkspace) -> f64 {
        let (d, rows) = (self.stack.layout.shape.width, tokens.len());
        self.forward(tokens, ws);
        let grad = Some((&mut ws.dlogits, TRAIN_ROWS));
        let (sum, _) = cross_entropy(&ws.logits, tokens, grad);
        let ReverseWorkspace {
            stack,
            gemm,
            dlogits,
            dout,
            d_head_w,
            ..
        } = ws;
        let out = stack.output();
        d_head_w.resize(d * VOCAB, 0.0);
        let dl = View::rows(dlogits, VOCAB);
        gemm.run(d, rows, VOCAB, View::transposed(out, d), dl, d_head_w);
        dout.resize(rows * d, 0.0);
        let wt = View::transposed(&self.head_w, VOCAB);
        gemm.run(rows, VOCAB, d, dl, wt, dout);
        ws.d_head_b = column_sums(&ws.dlogits, VOCAB);
        self.stack
            .backward(&ws.dout, &mut ws.stack, &mut Quiet, &Float32);
        let dx = ws.stack.input_grad();
        ws.d_embed = vec![0.0; VOCAB * d];
        ws.d_pos = vec![0.0; SEQ * d];
        for (i, (row, &tok)) in dx.chunks_exact(d).zip(tokens).enumerate() {
            let e = &mut ws.d_embed[tok as usize * d..][..d];
            e.iter_mut().zip(row).for_each(|(o, &g)| *o += g);
            let p = &mut ws.d_pos[(i % SEQ) * d..][..d];
            p.iter_mut().zip(row).for_each(|(o, &g)| *o += g);
        }
        sum
    }

    /// Every trained tensor, in `tensors_mut` order.
    pub fn tensors(&self) -> Vec<&[f32]> {
        let mut t: Vec<&[f32]> = vec![&self.embed, &self.pos];
        for b in &self.stack.blocks {
            t.extend(b.tensors());
        }
        let f = &self.stack.final_norm;
        t.extend([&f.gamma[..], &f.beta[..], &self.head_w, &self.head_b]);
        t
    }

    /// Every trained value, tensor after tensor (what a helper is sent).
    pub fn flat_params(&self) -> Vec<f32> {
        self.tensors().concat()
    }

    /// Sets every trained value from `flat_params`' layout; `Err` when the count differs.
    pub fn load_params(&mut self, flat: &[f32]) -> Result<(), String> {
        let mut tensors = self.tensors_mut();
        let n: usize = tensors.iter().map(|t| t.len()).sum();
        if n != flat.len() {
            return Err(format!("{} parameters sent for a model of {n}", flat.len()));
        }
        let mut rest = flat;
        for t in tensors.iter_mut() {
            let (head, tail) = rest.split_at(t.len());
            t.copy_from_slice(head);
            rest = tail;
        }
        Ok(())
    }

    /// Every trained tensor in a fixed order: E, P, each block's, the final norm, W_h, b_h.
    pub fn tensors_mut(&mut self) -> Vec<&mut [f32]> {
        let mut t: Vec<&mut [f32]> = vec![&mut self.embed, &mut self.pos];
        for b in self.stack.blocks.iter_mut() {
            t.extend(b.tensors_mut());
        }
        let f = &mut self.stack.final_norm;
        t.extend([
            &mut f.gamma[..],
            &mut f.beta[..],
            &mut self.head_w,
            &mut self.head_b,
        ]);
        t
    }
}

impl ReverseWorkspace {
    /// A trainer's workspace: the stack keeps GELU's erf between the passes
    /// (`StackWorkspace::keep_gelu_erf`).
    pub fn training() -> ReverseWorkspace {
        let mut ws = ReverseWorkspace::default();
        ws.stack.keep_gelu_erf = true;
        ws
    }

    /// The gradients of the last `shard_step`, in `ReverseModel::tensors_mut` order.
    pub fn gradients(&self) -> Vec<&[f32]> {
        let mut g: Vec<&[f32]> = vec![&self.d_embed, &self.d_pos];
        for b in &self.stack.grads {
            g.extend(b.tensors());
        }
        let f = &self.stack.final_grads;
        g.extend([&f.gamma[..], &f.beta[..], &self.d_head_w, &self.d_head_b]);
        g
    }
}

/// A chunk of sequences' summed cross-entropy and count of correct tokens.
pub type ChunkScore = (f64, usize);

/// Mean cross-entropy and token accuracy of chunks' scores, summed in their order.
pub fn mean_scores(scores: &[ChunkScore]) -> (f64, f64) {
    let (mut sum, mut correct) = (0.0f64, 0usize);
    for &(s, c) in scores {
        (sum, correct) = (sum + s, correct + c);
    }
    let n = (scores.len() * SHARD_SEQUENCES * SEQ).max(1) as f64;
    (sum / n, correct as f64 / n)
}

impl ReverseWorkspace {
    /// Adds another shard's gradients (`ShardGrads::flat`) to these, value by value.
    pub fn add_gradients(&mut self, flat: &[f32]) -> Result<(), String> {
        let mut own = self.gradients_mut();
        let n: usize = own.iter().map(|t| t.len()).sum();
        if n != flat.len() {
            return Err(format!("{} gradients sent for a shard of {n}", flat.len()));
        }
        let mut rest = flat;
        for t in own.iter_mut() {
            let (head, tail) = rest.split_at(t.len());
            t.iter_mut().zip(head).for_each(|(g, &o)| *g += o);
            rest = tail;
        }
        Ok(())
    }

    fn gradients_mut(&mut self) -> Vec<&mut [f32]> {
        let mut g: Vec<&mut [f32]> = vec![&mut self.d_embed, &mut self.d_pos];
        for b in self.stack.grads.iter_mut() {
            g.extend(b.tensors_mut());
        }
        let f = &mut self.stack.final_grads;
        g.extend([
            &mut f.gamma[..],
            &mut f.beta[..],
            &mut self.d_head_w,
            &mut self.d_head_b,
        ]);
        g
    }
}

/// Column sums in float64, in row order.
fn column_sums(m: &[f32], width: usize) -> Vec<f32> {
    let mut acc = vec![0.0f64; width];
    for row in m.chunks_exact(width) {
        acc.iter_mut().zip(row).for_each(|(a, &v)| *a += v as f64);
    }
    acc.iter().map(|&v| v as f32).collect()
}

/// The target of row r of a batch of whole sequences: the token at the mirrored position.
fn target(tokens: &[u8], r: usize) -> usize {
    let (seq, i) = (r / SEQ, r % SEQ);
    tokens[seq * SEQ + SEQ - 1 - i] as usize
}

/// Summed cross-entropy (logsumexp − target logit, float64 sums) and the count of rows whose
/// first largest logit is the target (a row with a NaN predicts token 0, as the reference's
/// argmax does); with `grad` = (buffer, n), (softmax − onehot)/n in float32 (n: the rows of
/// the whole batch the mean is over).
fn cross_entropy(
    logits: &[f32],
    tokens: &[u8],
    mut grad: Option<(&mut Vec<f32>, usize)>,
) -> (f64, usize) {
    let rows = logits.len() / VOCAB;
    if let Some((g, _)) = grad.as_mut() {
        g.resize(rows * VOCAB, 0.0);
    }
    let (mut sum, mut correct) = (0.0f64, 0usize);
    for (r, row) in logits.chunks_exact(VOCAB).enumerate() {
        let t = target(tokens, r);
        let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let se = row
            .iter()
            .fold(0.0f64, |s, &v| s + libm::exp((v - max) as f64));
        let lse = max as f64 + libm::log(se);
        sum += lse - row[t] as f64;
        let arg = if row.iter().any(|v| v.is_nan()) {
            0
        } else {
            row.iter()
                .enumerate()
                .fold(0, |b, (j, &v)| if v > row[b] { j } else { b })
        };
        correct += (arg == t) as usize;
        if let Some((g, n)) = grad.as_mut() {
            let inv = 1.0 / *n as f64;
            for (j, (o, &v)) in g[r * VOCAB..][..VOCAB].iter_mut().zip(row).enumerate() {
                let p = libm::exp(v as f64 - lse) - (j == t) as u8 as f64;
                *o = (p * inv) as f32;
            }
        }
    }
    (sum, correct)
}
