//! The statements the transformer lessons make ("Pre-LN's stream gradient at block 1 is about
//! 3.8 times the one at block 12"): each with its stack, what the simulator must show for it
//! over [`super::claims::SEEDS`] seeds, and where the text says it. `tests/lessons_transformer.rs`
//! runs each one (`tf_check.rs`); `tests/lessons_claims.rs` counts their quotes when it scans the
//! prose for uncovered outcome statements (the scanner knows the placements, norms and inits as
//! configurations).
//!
//! Every stack is the transformer view's default size (L = 12, d = 64, 4 heads, T = 16, B = 8)
//! with Xavier init unless it says otherwise. Training statements quote the training panel's
//! presets (`page::transformer::train_presets`), whose figures are measured over their seeds
//! 0–9 and checked there: a [`TfTrainClaim`] only points at one.

use crate::sim::transformer::{BlockInit, NormKind, Placement, TransformerConfig};
use crate::sim::Diagnosis::{self, Exploding, Healthy};

/// What a check measures in one seed's pass.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TfQuantity {
    /// ‖∂L/∂x₀‖ at block 1 over ‖∂L/∂x_{L−1}‖ at block L (the page's ratio, per seed).
    StreamRatio,
    /// The largest |log10| of the stream gradient's change from one block to the next.
    MaxBlockStep,
    /// std(x_L), the stream's spread after the last block.
    LastStreamStd,
    /// ‖∂L/∂W₂‖ at block 1.
    W2First,
    /// ‖∂L/∂W₂‖ at block L.
    W2Last,
    /// How many of the 6·L weight gradients are exactly 0.
    ZeroWeightGrads,
    /// The smallest |∂L/∂a| over the 2·L ReZero gates (0 for other placements).
    SmallestGateGrad,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TfCheck {
    /// Every seed's verdict (the page's rules on that seed alone) is one of these.
    EverySeedVerdict(&'static [Diagnosis]),
    /// "In every seed": every seed's value lies in `lo..=hi`.
    EverySeed(TfQuantity, f64, f64),
    /// "About X": the median lies in `lo..=hi`, within a factor of 1.5 around its middle.
    Median(TfQuantity, f64, f64),
    /// A bound: the median lies in `lo..=hi`.
    MedianWithin(TfQuantity, f64, f64),
    /// "p10–p90 a–b": the 10th and 90th percentiles over the seeds lie in these ranges.
    SeedBand {
        p10: (f64, f64),
        p90: (f64, f64),
        of: TfQuantity,
    },
    /// "Bit for bit the same stack": every seed's loss, stream gradients, stream std and weight
    /// gradients equal those of this stack.
    SameAs(TransformerConfig),
}

/// One checked statement about a transformer stack at initialisation.
#[derive(Clone, Debug, PartialEq)]
pub struct TfClaim {
    pub id: &'static str,
    /// The stack (its seed is replaced by 0, 1, …).
    pub network: TransformerConfig,
    pub checks: &'static [TfCheck],
    /// Where the prose states it: (location as in `all_texts`, verbatim quote).
    pub cited: &'static [(&'static str, &'static str)],
}

/// A training statement: it quotes the training preset `preset`'s accuracy at `step`, in the
/// words `train_presets::quote_words` writes (checked by `tests/lessons_transformer.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TfTrainClaim {
    pub id: &'static str,
    pub preset: &'static str,
    pub step: usize,
    pub cited: &'static [(&'static str, &'static str)],
}

/// The view's default stack with `placement` and Xavier init.
pub const fn stack(placement: Placement) -> TransformerConfig {
    TransformerConfig {
        placement,
        norm: NormKind::LayerNorm,
        blocks: 12,
        width: 64,
        heads: 4,
        tokens: 16,
        batch: 8,
        init: BlockInit::XavierNormal,
        scaled_init: false,
        rezero_init: 0.0,
        seed: 0,
    }
}

const fn deep(c: TransformerConfig, blocks: usize) -> TransformerConfig {
    TransformerConfig { blocks, ..c }
}

const fn rezero(a: f64) -> TransformerConfig {
    TransformerConfig {
        rezero_init: a,
        ..stack(Placement::ReZero)
    }
}

const fn rms(c: TransformerConfig) -> TransformerConfig {
    TransformerConfig {
        norm: NormKind::RmsNorm,
        ..c
    }
}

const fn scaled(c: TransformerConfig) -> TransformerConfig {
    TransformerConfig {
        scaled_init: true,
        ..c
    }
}

const fn gpt2(c: TransformerConfig) -> TransformerConfig {
    TransformerConfig {
        init: BlockInit::Normal002,
        ..c
    }
}

use Placement::{DeepNorm, NoNorm, PostLn, PreLn};
use TfCheck::{EverySeed, EverySeedVerdict, Median, SameAs, SeedBand};
use TfQuantity::*;

pub const STREAM: &str = "lesson:residual-stream";
pub const WARM_UP: &str = "lesson:warm-up";
pub const DEEPNORM: &str = "lesson:deepnorm-rezero";
pub const SCALED: &str = "lesson:rmsnorm-scaled-init";

const NO_NORM: TransformerConfig = stack(NoNorm);
const PRE_LN: TransformerConfig = stack(PreLn);
const POST_LN: TransformerConfig = stack(PostLn);

pub const TF_CLAIMS: &[TfClaim] = &[
    TfClaim {
        id: "tf-no-norm",
        network: NO_NORM,
        checks: &[
            EverySeedVerdict(&[Exploding]),
            Median(LastStreamStd, 270.0, 330.0),
            SeedBand {
                of: StreamRatio,
                p10: (1.5e3, 2.5e3),
                p90: (3.5e5, 4.5e5),
            },
            Median(MaxBlockStep, 0.85, 0.95),
            SeedBand {
                of: MaxBlockStep,
                p10: (0.45, 0.55),
                p90: (1.65, 1.75),
            },
        ],
        cited: &[
            (STREAM, "With Xavier init and 12 blocks the stream's std is about 300 after block 12, and the stream gradient at block 1 is between about $2 \\times 10^{3}$ and $4 \\times 10^{5}$ times the one at block 12 (p10–p90 over 20 seeds): exploding, in every seed."),
            (STREAM, "where the stack without a norm changes by up to 0.9 decades (p10–p90 0.5–1.7)"),
            (STREAM, "so the stream grows block after block"),
            (SCALED, "where the same stack without it explodes."),
        ],
    },
    TfClaim {
        id: "tf-pre-ln",
        network: PRE_LN,
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(LastStreamStd, 3.25, 3.35),
            SeedBand {
                of: LastStreamStd,
                p10: (3.15, 3.25),
                p90: (3.35, 3.45),
            },
            Median(W2First, 0.115, 0.125),
            Median(W2Last, 0.0415, 0.0425),
            Median(StreamRatio, 3.65, 3.75),
            SeedBand {
                of: StreamRatio,
                p10: (3.65, 3.75),
                p90: (4.05, 4.15),
            },
        ],
        cited: &[
            (STREAM, "with Xavier init its std is about 3.3 after block 12 (p10–p90 3.2–3.4)."),
            (STREAM, "$\\lVert \\partial \\mathcal{L} / \\partial W_2 \\rVert$ is about 0.12 at block 1 and 0.042 at block 12 (medians of 20 seeds)."),
            (STREAM, "The stream gradient at block 1 is 3.7 to 4.1 times the one at block 12 (p10–p90), healthy in every seed."),
            (STREAM, "$\\lVert \\partial \\mathcal{L} / \\partial W_2 \\rVert$ is about 0.12 for Post-LN and 0.042 for Pre-LN"),
            (STREAM, "it is Pre-LN's that fall toward the output and Post-LN's that stay flat."),
            (SCALED, "Pre-LN with Xavier init at 12 blocks has its stream gradient at block 1 about 3.7 times the one at block 12 with either norm, and its stream's std about 3.3 after block 12"),
            (SCALED, "(3.3 without)"),
            (SCALED, "(3.7 without)"),
            (SCALED, "(0.12 and 0.042 without)"),
        ],
    },
    TfClaim {
        id: "tf-post-ln",
        network: POST_LN,
        checks: &[
            EverySeedVerdict(&[Healthy]),
            EverySeed(LastStreamStd, 0.999, 1.001),
            Median(MaxBlockStep, 0.075, 0.085),
            SeedBand {
                of: MaxBlockStep,
                p10: (0.065, 0.075),
                p90: (0.095, 0.105),
            },
            SeedBand {
                of: StreamRatio,
                p10: (1.25, 1.35),
                p90: (1.75, 1.85),
            },
            Median(StreamRatio, 1.45, 1.55),
            Median(W2First, 0.145, 0.155),
            Median(W2Last, 0.115, 0.125),
        ],
        cited: &[
            (STREAM, "every block resets the stream's std to 1."),
            (STREAM, "the stream gradient changes by at most 0.08 decades from one block to the next (median over 20 seeds, p10–p90 0.07–0.10)"),
            (STREAM, "The stream gradient at block 1 is 1.3 to 1.8 times the one at block 12 (p10–p90), and the $W_2$ gradients stay flat: about 0.15 at block 1 and 0.12 at block 12."),
            (STREAM, "$\\lVert \\partial \\mathcal{L} / \\partial W_2 \\rVert$ is about 0.12 for Post-LN and 0.042 for Pre-LN"),
            (STREAM, "it is Pre-LN's that fall toward the output and Post-LN's that stay flat."),
            (SCALED, "Post-LN's ratio is about 1.5 with either."),
            (DEEPNORM, "where Post-LN's are about 0.15 and 0.12"),
        ],
    },
    TfClaim {
        id: "tf-deepnorm",
        network: stack(DeepNorm),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            SeedBand {
                of: StreamRatio,
                p10: (1.005, 1.015),
                p90: (1.025, 1.035),
            },
            Median(W2First, 0.016, 0.017),
            Median(W2Last, 0.016, 0.017),
        ],
        cited: &[
            (DEEPNORM, "at 12 blocks with Xavier init the stream gradient at block 1 is 1.01 to 1.03 times the one at block 12 (p10–p90 over 20 seeds), and $\\lVert \\partial \\mathcal{L} / \\partial W_2 \\rVert$ is about 0.0165 at block 1 and at block 12"),
            (DEEPNORM, "the smaller $\\beta$ makes the weights' gradients smaller too."),
        ],
    },
    TfClaim {
        id: "tf-rezero-0",
        network: rezero(0.0),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            EverySeed(StreamRatio, 1.0, 1.0),
            EverySeed(MaxBlockStep, 0.0, 0.0),
            EverySeed(ZeroWeightGrads, 72.0, 72.0),
            EverySeed(SmallestGateGrad, 1e-9, f64::INFINITY),
        ],
        cited: &[
            (DEEPNORM, "At $a = 0$ every block is the identity: in every seed the stream gradient is the same at every block (ratio 1.00) and every weight gradient is exactly 0."),
            (DEEPNORM, "Only the gates get a gradient"),
        ],
    },
    TfClaim {
        id: "tf-rezero-0.1",
        network: rezero(0.1),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(LastStreamStd, 1.035, 1.045),
            Median(StreamRatio, 1.095, 1.105),
        ],
        cited: &[(DEEPNORM, "At $a = 0.1$ the stream's std is about 1.04 after block 12 and the stream gradient at block 1 about 1.10 times the one at block 12")],
    },
    TfClaim {
        id: "tf-rezero-0.5",
        network: rezero(0.5),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(LastStreamStd, 4.65, 4.75),
            Median(StreamRatio, 18.5, 19.5),
        ],
        cited: &[(DEEPNORM, "$a = 0.5$ the std is about 4.7 and the ratio about 19, still healthy in every seed")],
    },
    TfClaim {
        id: "tf-rezero-1",
        network: rezero(1.0),
        checks: &[EverySeedVerdict(&[Exploding]), SameAs(NO_NORM)],
        cited: &[(DEEPNORM, "at $a = 1$ the stack is the stack without a norm, bit for bit, and explodes.")],
    },
    TfClaim {
        id: "tf-pre-ln-rmsnorm",
        network: rms(PRE_LN),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(StreamRatio, 3.65, 3.75),
            Median(LastStreamStd, 3.25, 3.35),
        ],
        cited: &[(SCALED, "Pre-LN with Xavier init at 12 blocks has its stream gradient at block 1 about 3.7 times the one at block 12 with either norm, and its stream's std about 3.3 after block 12")],
    },
    TfClaim {
        id: "tf-post-ln-rmsnorm",
        network: rms(POST_LN),
        checks: &[EverySeedVerdict(&[Healthy]), Median(StreamRatio, 1.45, 1.55)],
        cited: &[(SCALED, "Post-LN's ratio is about 1.5 with either.")],
    },
    TfClaim {
        id: "tf-gpt2",
        network: gpt2(PRE_LN),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(LastStreamStd, 1.005, 1.015),
            Median(StreamRatio, 1.0045, 1.0055),
        ],
        cited: &[(SCALED, "with Pre-LN at 12 blocks the stream's std stays about 1.01, and the stream gradient at block 1 is about 1.005 times the one at block 12 without the scaling")],
    },
    TfClaim {
        id: "tf-gpt2-scaled",
        network: scaled(gpt2(PRE_LN)),
        checks: &[EverySeedVerdict(&[Healthy]), Median(StreamRatio, 0.9995, 1.0005)],
        cited: &[(SCALED, "and 1.000 with it.")],
    },
    TfClaim {
        id: "tf-pre-ln-scaled",
        network: scaled(PRE_LN),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(LastStreamStd, 1.135, 1.145),
            Median(StreamRatio, 1.175, 1.185),
            Median(W2First, 0.135, 0.145),
            Median(W2Last, 0.115, 0.125),
        ],
        cited: &[(SCALED, "With Xavier init and Pre-LN at 12 blocks it holds the stream's std at about 1.14 after block 12 (3.3 without), the stream gradient ratio at about 1.18 (3.7 without), and the $W_2$ gradients nearly flat: about 0.14 at block 1 and 0.12 at block 12 (0.12 and 0.042 without).")],
    },
    TfClaim {
        id: "tf-no-norm-scaled",
        network: scaled(NO_NORM),
        checks: &[EverySeedVerdict(&[Healthy]), Median(StreamRatio, 1.55, 1.65)],
        cited: &[(SCALED, "It even tames the stack without any norm: Xavier with the scaled init is healthy at 12 blocks in every seed (the ratio about 1.6)")],
    },
];

/// Claims about 24-block stacks: twice the CPU, so checked only with `GFE_FULL_CLAIMS=1`.
pub const TF_DEEP_CLAIMS: &[TfClaim] = &[
    TfClaim {
        id: "tf-pre-ln-24",
        network: deep(PRE_LN, 24),
        checks: &[Median(W2Last, 0.0275, 0.029), Median(W2First, 0.105, 0.12)],
        cited: &[(STREAM, "while Pre-LN's falls to about 0.028")],
    },
    TfClaim {
        id: "tf-post-ln-24",
        network: deep(POST_LN, 24),
        checks: &[Median(W2Last, 0.115, 0.125)],
        cited: &[(
            STREAM,
            "at 24 blocks Post-LN's is still about 0.12 at the last block",
        )],
    },
];

pub const TF_TRAIN_CLAIMS: &[TfTrainClaim] = &[
    TfTrainClaim {
        id: "tf-train-post-ln-no-warmup",
        preset: "post-ln-no-warmup",
        step: 500,
        cited: &[
            (
                WARM_UP,
                "stays at chance, 1 in 16 — at step 500, 6% to 7% (median 6%).",
            ),
            (
                WARM_UP,
                "So in our measurement Post-LN needs the warm-up and Pre-LN does not",
            ),
        ],
    },
    TfTrainClaim {
        id: "tf-train-pre-ln",
        preset: "pre-ln",
        step: 100,
        cited: &[(
            WARM_UP,
            "learns to reverse the sequence — at step 100, 100% in every seed.",
        )],
    },
    TfTrainClaim {
        id: "tf-train-post-ln-warmup",
        preset: "post-ln-warmup",
        step: 500,
        cited: &[
            (
                WARM_UP,
                "step 500, 21% to 100% (median 92%), 5 of 10 seeds at 90% or more.",
            ),
            (
                WARM_UP,
                "The warm-up rescues some seeds by step 500, not all.",
            ),
        ],
    },
];
