//! The training panel's presets, drawn from the reference's training entries (the reverse task
//! at L = 12, d = 64, 4 heads, Xavier, layer norm, Adam lr 0.003). An explanation quotes only
//! test accuracies measured here, over seeds 0–9 (`PRESET_SEEDS`): each `AccuracyQuote` as
//! `quote_words` writes it. `tests/transformer_train_page.rs` checks that every quote stands
//! in its explanation and that the page's seed 0 lies within the quotes at step 100;
//! `GFE_FULL_REFERENCE=1` re-measures every quote over the ten seeds.

use super::edit::TransformerEdit;
use super::train::{reverse_config, ReverseSettings};
use crate::page::task_train::TaskPreset;
use crate::sim::transformer::task::ReverseConfig;
use crate::sim::transformer::{BlockInit, NormKind, Placement, TransformerConfig};
use crate::words::format::format_share_percent;

/// Seeds 0 … PRESET_SEEDS − 1 behind every quote.
pub const PRESET_SEEDS: u64 = 10;

/// Test accuracy over the preset's seeds after `step` updates, as the explanation writes it
/// (`format_share_percent` of the lowest seed, the median — the mean of the middle two — and
/// the highest), and how many seeds reached `LEARNED` or more.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AccuracyQuote {
    pub step: usize,
    pub low: &'static str,
    pub median: &'static str,
    pub high: &'static str,
    pub learned: usize,
}

/// A seed whose test accuracy reaches this has learned the task.
pub const LEARNED: f64 = 0.9;

/// The words a quote stands in: "at step 100, 100% in every seed", "at step 500, 6% to 7%
/// (median 6%)", or with some seeds learned "…, 5 of 10 seeds at 90% or more".
pub fn quote_words(q: &AccuracyQuote) -> String {
    if q.low == q.high {
        return format!("at step {}, {} in every seed", q.step, q.low);
    }
    let mut words = format!(
        "at step {}, {} to {} (median {})",
        q.step, q.low, q.high, q.median
    );
    if q.learned > 0 {
        words += &format!(
            ", {} of {PRESET_SEEDS} seeds at {} or more",
            q.learned,
            format_share_percent(LEARNED)
        );
    }
    words
}

/// The quote `accuracies` (one per seed) give at `step`: lowest, median and highest as
/// written, and the seeds at `LEARNED` or more (`None` without any).
pub fn quote_of(step: usize, accuracies: &[f64]) -> Option<(usize, [String; 3], usize)> {
    let mut v: Vec<f64> = accuracies.to_vec();
    v.sort_by(f64::total_cmp);
    let (lo, hi) = (*v.first()?, *v.last()?);
    let n = v.len();
    let mid = (v[(n - 1) / 2] + v[n / 2]) / 2.0;
    let learned = v.iter().filter(|&&a| a >= LEARNED).count();
    Some((step, [lo, mid, hi].map(format_share_percent), learned))
}

pub struct ReversePreset {
    /// Stable id: `data-testid="tf-train-preset-<id>"`.
    pub id: &'static str,
    pub title: &'static str,
    pub placement: Placement,
    pub warmup: usize,
    pub steps: usize,
    pub explanation: &'static str,
    pub quotes: &'static [AccuracyQuote],
}

/// The reference's stack: L = 12, d = 64, 4 heads, Xavier, layer norm.
const BLOCKS: usize = 12;
const WIDTH: usize = 64;
const HEADS: usize = 4;
const LR: f64 = 3e-3;

impl ReversePreset {
    /// The run of one seed.
    pub fn config(&self, seed: u64) -> ReverseConfig {
        ReverseConfig {
            placement: self.placement,
            norm: NormKind::LayerNorm,
            blocks: BLOCKS,
            width: WIDTH,
            heads: HEADS,
            init: BlockInit::XavierNormal,
            rezero_init: 0.0,
            lr: LR,
            warmup: self.warmup,
            steps: self.steps,
            seed,
        }
    }
}

impl TaskPreset for ReversePreset {
    type Settings = ReverseSettings;
    type Network = TransformerConfig;
    type NetworkEdit = TransformerEdit;

    fn all() -> &'static [ReversePreset] {
        &REVERSE_PRESETS
    }
    fn id(&self) -> &'static str {
        self.id
    }
    fn title(&self) -> &'static str {
        self.title
    }
    fn explanation(&self) -> &'static str {
        self.explanation
    }

    fn settings(&self) -> ReverseSettings {
        ReverseSettings {
            lr: LR,
            warmup: self.warmup,
            steps: self.steps,
        }
    }

    /// The reference's stack (its seed, tokens and batch are kept).
    fn network_edits(&self) -> Vec<TransformerEdit> {
        use TransformerEdit as E;
        vec![
            E::Placement(self.placement),
            E::Norm(NormKind::LayerNorm),
            E::Width(WIDTH),
            E::Heads(HEADS),
            E::Blocks(BLOCKS),
            E::Init(BlockInit::XavierNormal),
            E::ScaledInit(false),
        ]
    }

    fn matches(&self, tf: &TransformerConfig, s: &ReverseSettings) -> bool {
        reverse_config(tf, s) == self.config(tf.seed)
    }
}

pub const REVERSE_PRESETS: [ReversePreset; 3] = [
    ReversePreset {
        id: "post-ln-no-warmup",
        title: "Post-LN without warm-up stays at chance",
        placement: Placement::PostLn,
        warmup: 0,
        steps: 500,
        explanation: "Post-LN, 12 blocks, Adam at lr 0.003 from the first step: the test \
            accuracy stays at chance (1 in 16, 6%) — at step 100, 6% to 7% (median 6%); at \
            step 500, 6% to 7% (median 6%), over seeds 0–9.",
        quotes: &[
            AccuracyQuote {
                step: 100,
                low: "6%",
                median: "6%",
                high: "7%",
                learned: 0,
            },
            AccuracyQuote {
                step: 500,
                low: "6%",
                median: "6%",
                high: "7%",
                learned: 0,
            },
        ],
    },
    ReversePreset {
        id: "pre-ln",
        title: "Pre-LN learns by step 100",
        placement: Placement::PreLn,
        warmup: 0,
        steps: 100,
        explanation: "The same stack with the norm in front of each sublayer, the same \
            learning rate, no warm-up: it learns to reverse the sequence — at step 100, 100% \
            in every seed (0–9).",
        quotes: &[AccuracyQuote {
            step: 100,
            low: "100%",
            median: "100%",
            high: "100%",
            learned: 10,
        }],
    },
    ReversePreset {
        id: "post-ln-warmup",
        title: "Post-LN with a 500-step warm-up",
        placement: Placement::PostLn,
        warmup: 500,
        steps: 500,
        explanation: "Post-LN again, the learning rate rising linearly from 0 to 0.003 over \
            the first 500 steps: at step 100, 22% to 23% (median 23%); at step 500, 21% to \
            100% (median 92%), 5 of 10 seeds at 90% or more, over seeds 0–9. The warm-up \
            rescues some seeds by step 500, not all.",
        quotes: &[
            AccuracyQuote {
                step: 100,
                low: "22%",
                median: "23%",
                high: "23%",
                learned: 0,
            },
            AccuracyQuote {
                step: 500,
                low: "21%",
                median: "92%",
                high: "100%",
                learned: 5,
            },
        ],
    },
];
