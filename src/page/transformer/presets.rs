//! The transformer mode's presets: a residual stream and what it teaches. Every figure an
//! explanation quotes is declared in its `figures` and re-measured over 20 seeds (0–19,
//! L = 12 unless said, d = 64, T = 16, B = 8, medians) by `tests/transformer_page.rs`, which
//! also checks each preset's diagnosis over the page's seed band and over 20 seeds (the
//! float16 preset's dynamic scale, which reruns each seed some 20 times, over the page's band).

use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::transformer::{BlockInit, NormKind, Placement, TransformerConfig};
use crate::sim::Diagnosis;

/// A measured quantity an explanation quotes (medians over seeds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    /// ‖∂L/∂x₀‖ at block 1 over ‖∂L/∂x_{L−1}‖ at block L (the summary's ratio).
    StreamRatio,
    /// ‖∂L/∂W₂‖ at block 1.
    W2First,
    /// ‖∂L/∂W₂‖ at block L.
    W2Last,
    /// std(x_L), the stream's spread after the last block.
    LastStreamStd,
}

pub struct TransformerPreset {
    /// Stable id: `data-testid="tf-preset-<id>"` and `preset=` in a link.
    pub id: &'static str,
    pub title: &'static str,
    pub placement: Placement,
    pub norm: NormKind,
    pub blocks: usize,
    pub init: BlockInit,
    pub scaled_init: bool,
    pub rezero_init: f64,
    pub mixed: MixedPrecision,
    pub explanation: &'static str,
    /// The verdict the explanation promises.
    pub expected: Diagnosis,
    /// Each figure the explanation quotes, as written there.
    pub figures: &'static [(Figure, &'static str)],
}

impl TransformerPreset {
    /// The preset's stack; width, heads, tokens, batch and seed are kept from `base`.
    pub fn apply(&self, base: &TransformerConfig) -> TransformerConfig {
        TransformerConfig {
            placement: self.placement,
            norm: self.norm,
            blocks: self.blocks,
            init: self.init,
            scaled_init: self.scaled_init,
            rezero_init: self.rezero_init,
            ..base.clone()
        }
    }

    /// True when `cfg` in `mixed` is still exactly this preset.
    pub fn matches(&self, cfg: &TransformerConfig, mixed: &MixedPrecision) -> bool {
        self.apply(cfg) == *cfg && self.mixed == *mixed
    }
}

pub fn find(id: &str) -> Option<&'static TransformerPreset> {
    TRANSFORMER_PRESETS.iter().find(|p| p.id == id)
}

const FLOAT32: MixedPrecision = MixedPrecision {
    precision: Precision::Float32,
    loss_scale: LossScale::None,
};

const fn preset(id: &'static str, title: &'static str, placement: Placement) -> TransformerPreset {
    TransformerPreset {
        id,
        title,
        placement,
        norm: NormKind::LayerNorm,
        blocks: 12,
        init: BlockInit::XavierNormal,
        scaled_init: false,
        rezero_init: 0.0,
        mixed: FLOAT32,
        explanation: "",
        expected: Diagnosis::Healthy,
        figures: &[],
    }
}

pub const TRANSFORMER_PRESETS: [TransformerPreset; 9] = [
    TransformerPreset {
        explanation: "Pre-LN with Xavier init, 12 blocks: each block adds to the stream \
            without normalising it, so its std grows to 3.3 by block 12, and the norm in front \
            of each sublayer divides by it. The stream gradient at block 1 is 3.8 times the \
            one at block 12 (healthy), and the weight gradients fall toward the output: \
            ‖∂L/∂W₂‖ is 0.12 at block 1 and 0.042 at block 12 (medians of 20 seeds). Pin it, \
            then pick Post-LN to compare.",
        figures: &[
            (Figure::LastStreamStd, "3.3"),
            (Figure::StreamRatio, "3.8"),
            (Figure::W2First, "0.12"),
            (Figure::W2Last, "0.042"),
        ],
        ..preset("pre-ln", "Pre-LN (Xavier)", Placement::PreLn)
    },
    TransformerPreset {
        explanation: "Post-LN: a norm after every sum resets the stream's std to 1 in every \
            block, and the W₂ gradients stay flat across blocks: 0.15 at block 1, 0.12 at \
            block 12 (the stream gradient's ratio is 1.5). Xiong et al. (2020, Fig. 3) draw \
            Post-LN's gradient growing toward the output and Pre-LN's flat, and argue that \
            this is why Post-LN needs warm-up; measured here (Xavier, MSE on the output) it is \
            Pre-LN's that fall toward the output, and Post-LN's that stay flat.",
        figures: &[
            (Figure::W2First, "0.15"),
            (Figure::W2Last, "0.12"),
            (Figure::StreamRatio, "1.5"),
        ],
        ..preset("post-ln", "Post-LN (Xavier)", Placement::PostLn)
    },
    TransformerPreset {
        blocks: 24,
        explanation: "Pre-LN at 24 blocks: the stream keeps growing (std 4.8 after block 24), \
            and the weight gradients near the output shrink further — ‖∂L/∂W₂‖ is 0.11 at \
            block 1 and 0.028 at block 24 (0.042 at block 12 of the 12-block stack); the \
            stream gradient's ratio is 5.4, still under the 31.6 that the verdict calls \
            exploding.",
        figures: &[
            (Figure::LastStreamStd, "4.8"),
            (Figure::W2First, "0.11"),
            (Figure::W2Last, "0.028"),
            (Figure::StreamRatio, "5.4"),
        ],
        ..preset("pre-ln-deep", "Pre-LN, 24 blocks", Placement::PreLn)
    },
    TransformerPreset {
        explanation: "No norm at all, Xavier init: each block adds its output to the stream \
            unnormalised, the stream's std reaches 300 by block 12, and the stream gradient at \
            block 1 is 6.5 × 10⁴ times the one at block 12 — exploding.",
        expected: Diagnosis::Exploding,
        figures: &[
            (Figure::LastStreamStd, "300"),
            (Figure::StreamRatio, "6.5 × 10⁴"),
        ],
        ..preset("no-norm", "No norm explodes", Placement::NoNorm)
    },
    TransformerPreset {
        explanation: "DeepNorm (Wang et al. 2022): a Post-LN block whose skip path is scaled \
            by α = (2L)^¼ ≈ 2.2 and whose W_V, W_O, W₁, W₂ start scaled by β = (8L)^−¼ ≈ 0.32. \
            The stream gradient is flat (ratio 1.02) and ‖∂L/∂W₂‖ is 0.017 at block 12, as at \
            block 1.",
        figures: &[
            (Figure::StreamRatio, "1.02"),
            (Figure::W2Last, "0.017"),
            (Figure::W2First, "0.017"),
        ],
        ..preset("deepnorm", "DeepNorm", Placement::DeepNorm)
    },
    TransformerPreset {
        explanation: "ReZero (Bachlechner et al. 2020) multiplies each sublayer's output by a \
            gate a that starts at 0: every block is the identity at init, the stream gradient \
            is the same at every block (ratio 1.00), and every weight gradient is exactly 0 — \
            only the gates get a gradient. Move the gate a to watch the weights wake up.",
        figures: &[(Figure::StreamRatio, "1.00"), (Figure::W2First, "0")],
        ..preset("rezero", "ReZero (a = 0)", Placement::ReZero)
    },
    TransformerPreset {
        init: BlockInit::Normal002,
        explanation: "GPT-2's init, N(0, 0.02²) for every matrix: each sublayer's output is \
            tiny next to the stream, so every block is close to the identity and the stream \
            gradient is flat (ratio 1.01) — Pre-LN's fall toward the output needs an init \
            whose sublayers matter.",
        figures: &[(Figure::StreamRatio, "1.01")],
        ..preset("gpt2-init", "GPT-2 init N(0, 0.02²)", Placement::PreLn)
    },
    TransformerPreset {
        scaled_init: true,
        explanation: "Pre-LN with Xavier init and GPT-2's scaled init: W_O and W₂ start \
            multiplied by 1/√(2L), so each sublayer adds less to the stream. Its std stays at \
            1.14 after block 12 (3.3 without the scaling), the stream gradient's ratio is 1.18 \
            (3.8 without), and ‖∂L/∂W₂‖ is 0.14 at block 1 and 0.12 at block 12: nearly flat.",
        figures: &[
            (Figure::LastStreamStd, "1.14"),
            (Figure::StreamRatio, "1.18"),
            (Figure::W2First, "0.14"),
            (Figure::W2Last, "0.12"),
        ],
        ..preset(
            "pre-ln-scaled-init",
            "Pre-LN, scaled init",
            Placement::PreLn,
        )
    },
    TransformerPreset {
        mixed: MixedPrecision {
            precision: Precision::Float16,
            loss_scale: LossScale::None,
        },
        explanation: "The no-norm stack in float16 without a loss scale: the gradient grows \
            past float16's largest value, 65 504, on its way back and turns to inf — overflow. \
            Pick the dynamic loss scale: it halves until the backward pass fits (below 1 in each \
            of the page's five seeds), and the gradient is finite again, still exploding.",
        expected: Diagnosis::Overflow,
        ..preset("no-norm-float16", "No norm in float16", Placement::NoNorm)
    },
];
