//! What the user chooses for a transformer stack: the placement of the norm around the
//! residual stream, the norm, the init and the sizes (issue #28; the reference's `spec`).

use std::fmt;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::sim::choice::choice;
use crate::sim::memory::{megabytes, MEMORY_LIMIT_BYTES};

/// Where the norm sits around each sublayer F (attention, then the MLP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// x ← x + F(N(x)), and a final N on the output.
    PreLn,
    /// x ← N(x + F(x)).
    PostLn,
    /// x ← N(α·x + F(x)), α = (2L)^¼, W_V, W_O, W_1, W_2 × (8L)^−¼ at init.
    #[serde(rename = "deepnorm")]
    DeepNorm,
    /// x ← x + a·F(x), a trainable scalar per sublayer.
    #[serde(rename = "rezero")]
    ReZero,
    /// x ← x + F(x).
    NoNorm,
}

choice!(Placement {
    PreLn => "pre_ln", "Pre-LN";
    PostLn => "post_ln", "Post-LN";
    DeepNorm => "deepnorm", "DeepNorm";
    ReZero => "rezero", "ReZero";
    NoNorm => "no_norm", "No norm";
});

impl Placement {
    /// Whether this placement has norms at all (ReZero and no_norm have none).
    pub fn has_norm(self) -> bool {
        matches!(
            self,
            Placement::PreLn | Placement::PostLn | Placement::DeepNorm
        )
    }

    /// DeepNorm's α = (2L)^¼ on the skip path (1 elsewhere), as float32.
    pub fn skip_scale(self, blocks: usize) -> f32 {
        match self {
            Placement::DeepNorm => libm::pow(2.0 * blocks as f64, 0.25) as f32,
            _ => 1.0,
        }
    }

    /// DeepNorm's β = (8L)^−¼ on W_V, W_O, W_1, W_2 at init (1 elsewhere).
    pub fn init_scale(self, blocks: usize) -> f64 {
        match self {
            Placement::DeepNorm => libm::pow(8.0 * blocks as f64, -0.25),
            _ => 1.0,
        }
    }
}

/// The normalization of a row (one token's d features), eps 1e-5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NormKind {
    /// (u − mean)/√(var + eps), biased variance.
    #[serde(rename = "layernorm")]
    LayerNorm,
    /// u/√(mean(u²) + eps).
    #[serde(rename = "rmsnorm")]
    RmsNorm,
}

choice!(NormKind {
    LayerNorm => "layernorm", "LayerNorm";
    RmsNorm => "rmsnorm", "RMSNorm";
});

/// How the weight matrices are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockInit {
    /// N(0, 0.02²) for every matrix (GPT-2).
    #[serde(rename = "normal_002")]
    Normal002,
    /// N(0, 2/(fan_in + fan_out)) per matrix.
    XavierNormal,
}

choice!(BlockInit {
    Normal002 => "normal_002", "N(0, 0.02²) (GPT-2)";
    XavierNormal => "xavier_normal", "Xavier (Glorot) normal";
});

impl BlockInit {
    /// Standard deviation of a fan_in × fan_out matrix's entries.
    pub fn std(self, fan_in: usize, fan_out: usize) -> f64 {
        match self {
            BlockInit::Normal002 => 0.02,
            BlockInit::XavierNormal => (2.0 / (fan_in + fan_out).max(1) as f64).sqrt(),
        }
    }
}

/// Everything that determines one transformer pass. The same config gives the same bits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransformerConfig {
    pub placement: Placement,
    /// Ignored by ReZero and no_norm.
    pub norm: NormKind,
    /// L, the number of blocks.
    pub blocks: usize,
    /// d, the stream's width.
    pub width: usize,
    pub heads: usize,
    /// T, tokens per sequence.
    pub tokens: usize,
    /// B, sequences per batch.
    pub batch: usize,
    pub init: BlockInit,
    /// GPT-2's W_O and W_2 × 1/√(2L).
    pub scaled_init: bool,
    /// ReZero's gates at init.
    pub rezero_init: f64,
    pub seed: u64,
}

impl Default for TransformerConfig {
    fn default() -> Self {
        TransformerConfig {
            placement: Placement::PreLn,
            norm: NormKind::LayerNorm,
            blocks: 12,
            width: 64,
            heads: 4,
            tokens: 16,
            batch: 8,
            init: BlockInit::Normal002,
            scaled_init: false,
            rezero_init: 0.0,
            seed: 0,
        }
    }
}

pub const BLOCKS_RANGE: RangeInclusive<usize> = 1..=100;
pub const WIDTH_RANGE: RangeInclusive<usize> = 16..=512;
pub const TOKENS_RANGE: RangeInclusive<usize> = 1..=256;
pub const BATCH_RANGE: RangeInclusive<usize> = 1..=256;
pub const REZERO_INIT_RANGE: RangeInclusive<f64> = -10.0..=10.0;

/// A field out of its range, with the range in the message.
#[derive(Clone, Debug, PartialEq)]
pub enum TransformerConfigError {
    Blocks(usize),
    Width(usize),
    /// Heads must be ≥ 1 and divide the width.
    Heads {
        heads: usize,
        width: usize,
    },
    Tokens(usize),
    Batch(usize),
    RezeroInit(f64),
    Memory {
        bytes: u64,
    },
}

impl fmt::Display for TransformerConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let range = |name: &str, r: &RangeInclusive<usize>, v: usize| {
            format!(
                "{name} must be between {} and {} (got {v})",
                r.start(),
                r.end()
            )
        };
        let text = match *self {
            Self::Blocks(v) => range("blocks", &BLOCKS_RANGE, v),
            Self::Width(v) => range("width", &WIDTH_RANGE, v),
            Self::Heads { heads, width } => {
                format!("heads must be at least 1 and divide the width {width} (got {heads})")
            }
            Self::Tokens(v) => range("tokens", &TOKENS_RANGE, v),
            Self::Batch(v) => range("batch", &BATCH_RANGE, v),
            Self::RezeroInit(v) => format!(
                "rezero init must be a number between {} and {} (got {v})",
                REZERO_INIT_RANGE.start(),
                REZERO_INIT_RANGE.end()
            ),
            Self::Memory { bytes } => format!(
                "this stack would need about {} MB of memory, more than the limit of {} MB: \
                 use fewer blocks, a smaller width, fewer tokens or a smaller batch",
                megabytes(bytes),
                megabytes(MEMORY_LIMIT_BYTES)
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for TransformerConfigError {}

impl TransformerConfig {
    /// Checks every field; NaN fails the float range.
    pub fn validate(&self) -> Result<(), TransformerConfigError> {
        use TransformerConfigError as E;
        if !BLOCKS_RANGE.contains(&self.blocks) {
            return Err(E::Blocks(self.blocks));
        }
        if !WIDTH_RANGE.contains(&self.width) {
            return Err(E::Width(self.width));
        }
        if self.heads == 0 || !self.width.is_multiple_of(self.heads) {
            return Err(E::Heads {
                heads: self.heads,
                width: self.width,
            });
        }
        if !TOKENS_RANGE.contains(&self.tokens) {
            return Err(E::Tokens(self.tokens));
        }
        if !BATCH_RANGE.contains(&self.batch) {
            return Err(E::Batch(self.batch));
        }
        if !REZERO_INIT_RANGE.contains(&self.rezero_init) {
            return Err(E::RezeroInit(self.rezero_init));
        }
        let bytes = transformer_bytes(self);
        if bytes > MEMORY_LIMIT_BYTES {
            return Err(E::Memory { bytes });
        }
        Ok(())
    }
}

/// Upper estimate of the bytes the explorer's pass allocates (float32): per block 12 d²
/// weights, the ≈ 16 row×d tensors the backward pass keeps (stream, norms, Q, K, V, heads'
/// outputs, the MLP's 4d pre-activation, sums) and the heads' T×T probabilities; one block's
/// 12 d² gradients (`StackWorkspace::one_grad_buffer`) and about 20 row×4d scratch tensors.
/// (L = 100 × d = 512 needs 1.3 GB of weights alone and is refused.)
pub fn transformer_bytes(cfg: &TransformerConfig) -> u64 {
    let (l, d) = (cfg.blocks as u64, cfg.width as u64);
    let rows = (cfg.batch as u64) * (cfg.tokens as u64);
    let probs = rows * (cfg.tokens as u64) * (cfg.heads as u64);
    let per_block = 12 * d * d + 16 * rows * d + probs;
    4 * (l * per_block + 12 * d * d + 20 * rows * 4 * d)
}
