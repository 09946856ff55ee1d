//! The training statements of the prose (the training lesson and the training presets'
//! explanations): each names a training preset and outcomes from that preset's own `expected`
//! list, which `tests/train_presets.rs` checks by training it. So a training claim costs no
//! extra training in the tests, and the prose cannot promise what the preset does not check.
//! `tests/lessons_claims.rs` checks that every claim's outcomes are its preset's, that every
//! quote is still in its text, and counts these quotes when it scans the prose for uncovered
//! outcome statements.

use crate::train::presets::{find_train_preset, Expect};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainClaim {
    pub id: &'static str,
    /// The training preset the statement is about.
    pub preset: &'static str,
    /// What it says happens: each must be one of the preset's `expected`.
    pub checks: &'static [Expect],
    /// Where the prose states it: (location as in `all_texts`, verbatim quote).
    pub cited: &'static [(&'static str, &'static str)],
}

/// What is wrong with a claim: an unknown preset, or an outcome its preset does not check.
pub fn claim_problems(c: &TrainClaim) -> Vec<String> {
    let Some(p) = find_train_preset(c.preset) else {
        return vec![format!("{}: no training preset {}", c.id, c.preset)];
    };
    let mut out: Vec<String> = c
        .checks
        .iter()
        .filter(|e| !p.expected.contains(e))
        .map(|e| format!("{}: {e:?} is not among {}'s expected outcomes", c.id, p.id))
        .collect();
    if c.checks.is_empty() {
        out.push(format!("{}: checks nothing", c.id));
    }
    if c.cited.is_empty() {
        out.push(format!("{}: cited nowhere", c.id));
    }
    out
}

const LESSON: &str = "lesson:gradients-in-training";

pub const TRAIN_CLAIMS: &[TrainClaim] = &[
    TrainClaim {
        id: "train-deep-sigmoid-stuck",
        preset: "train-deep-sigmoid",
        checks: &[
            Expect::FirstLayerBelowLast {
                step: 0,
                decades: 5.0,
            },
            Expect::FirstLayerRatioWithin {
                step: 300,
                lo: 0.0,
                hi: 1e-7,
            },
            Expect::AccuracyAtMost {
                step: 300,
                max: 0.6,
            },
            Expect::FirstLayerRatioWithin {
                step: 1,
                lo: 0.0,
                hi: 1e-7,
            },
            Expect::AccuracyAtMost {
                step: 1000,
                max: 0.6,
            },
            Expect::OutputSpreadBelow {
                step: 1000,
                max: 1e-6,
            },
            Expect::LossWithin {
                step: 1000,
                lo: 0.69,
                hi: 0.72,
            },
        ],
        cited: &[
            (
                LESSON,
                "The spread of the output (the difference of the two logits) over the training \
                 points is below $10^{-6}$ at step 1000, so every point gets the same answer: the \
                 loss stays near $\\ln 2 \\approx 0.69$",
            ),
            (
                LESSON,
                "where SGD's first step changes it by $10^{-10}$ to $10^{-8}$",
            ),
            (
                "train-preset:train-deep-sigmoid",
                "the output hardly depends on the input (its spread over the training points \
                 stays below 10⁻⁶), so every point gets the same answer, the loss stays near ln 2",
            ),
            (
                LESSON,
                "Ten sigmoid layers with Xavier weights start with the first layer's gradient \
                 more than five decades below the last layer's, and at step 300 its \
                 update-to-weight ratio is below $10^{-7}$.",
            ),
            (
                LESSON,
                "the ten-layer sigmoid network stays at chance accuracy, 0.5, at steps 300 and \
                 1000.",
            ),
            (
                "train-preset:train-deep-sigmoid",
                "The first layer's gradient starts more than five decades below the last one's",
            ),
            (
                "lesson:number-formats",
                "in float32 the network stays at chance anyway",
            ),
        ],
    },
    TrainClaim {
        id: "train-relu-he-learns",
        preset: "train-relu-he-spiral",
        checks: &[
            Expect::AccuracyAtLeast {
                step: 1000,
                min: 0.9,
            },
            Expect::FirstLayerRatioWithin {
                step: 300,
                lo: 1e-3,
                hi: 2e-2,
            },
        ],
        cited: &[
            (
                LESSON,
                "With ReLU and He weights the gradients stay balanced: the first layer's ratio at \
                 step 300 is of the order of $10^{-3}$ to $10^{-2}$ (ten seeds: \
                 $2.7 \\times 10^{-3}$ to $1.9 \\times 10^{-2}$, with single steps up to about \
                 $5 \\times 10^{-2}$), and eight ReLU layers with He weights reach a training \
                 accuracy above 0.9 on the spiral by step 1000.",
            ),
            (
                "train-preset:train-relu-he-spiral",
                "the training accuracy on the spiral passes 0.9 within 1000 steps",
            ),
        ],
    },
    TrainClaim {
        id: "train-random-normal-overflows",
        preset: "train-random-normal",
        checks: &[Expect::Overflows { step: 10 }],
        cited: &[
            (
                LESSON,
                "**Exploding gradients end in overflow.** With weights drawn from \
                 $\\mathcal{N}(0, 1)$, not scaled by the width $n$,",
            ),
            (
                LESSON,
                "The eight-layer network with $\\mathcal{N}(0, 1)$ weights overflows within ten \
                 steps in every seed",
            ),
            (
                "train-preset:train-random-normal",
                "overflow float32 within ten steps and the loss is NaN from then on",
            ),
        ],
    },
    TrainClaim {
        id: "train-clipping-rescues",
        preset: "train-random-normal-clipped",
        checks: &[
            Expect::StaysFinite { step: 1000 },
            Expect::AccuracyAtLeast {
                step: 1000,
                min: 0.8,
            },
            Expect::AccuracyAtMost {
                step: 1000,
                max: 0.95,
            },
        ],
        cited: &[
            (
                LESSON,
                "clipped at $c = 1$, the same $\\mathcal{N}(0, 1)$ network stays finite for 1000 \
                 steps and reaches a training accuracy of about 0.89.",
            ),
            (
                "train-preset:train-random-normal-clipped",
                "training accuracy about 0.89 at step 1000",
            ),
        ],
    },
    TrainClaim {
        id: "train-sigmoid-sgd-stuck",
        preset: "train-sigmoid-sgd",
        checks: &[
            Expect::FirstLayerBelowLast {
                step: 0,
                decades: 1.5,
            },
            Expect::AccuracyAtMost {
                step: 1000,
                max: 0.6,
            },
        ],
        cited: &[
            (
                LESSON,
                "On the two circles, four sigmoid layers trained with SGD stay at chance \
                 accuracy for 1000 steps,",
            ),
            (
                "train-preset:train-sigmoid-sgd",
                "the first layer's gradient is about two decades below the last one's",
            ),
        ],
    },
    TrainClaim {
        id: "train-sigmoid-adam-learns",
        preset: "train-sigmoid-adam",
        checks: &[
            Expect::AccuracyAtLeast {
                step: 1000,
                min: 0.75,
            },
            Expect::AccuracyAtMost {
                step: 1000,
                max: 0.9,
            },
        ],
        cited: &[
            (
                LESSON,
                "while Adam at $\\eta = 0.003$ takes the same network to a training accuracy of \
                 about 0.83.",
            ),
            (
                "train-preset:train-sigmoid-adam",
                "training accuracy about 0.83 at step 1000",
            ),
        ],
    },
    TrainClaim {
        id: "train-deep-sigmoid-adam-stuck",
        preset: "train-deep-sigmoid-adam",
        checks: &[
            Expect::FirstLayerBelowLast {
                step: 1000,
                decades: 6.5,
            },
            Expect::FirstLayerGradWithin {
                step: 1000,
                lo: 0.0,
                hi: 1e-8,
            },
            Expect::FirstLayerRatioWithin {
                step: 1,
                lo: 1e-3,
                hi: 2e-2,
            },
            Expect::AccuracyAtMost {
                step: 1000,
                max: 0.6,
            },
            Expect::OutputSpreadBelow {
                step: 1000,
                max: 1e-6,
            },
        ],
        cited: &[
            (
                LESSON,
                "Ten sigmoid layers defeat it, though not by starving it of steps: with Adam the \
                 first layer's gradient keeps shrinking, to more than 6.5 decades below the last \
                 layer's and below $10^{-8}$ in norm by step 1000, and the accuracy stays at \
                 chance.",
            ),
            (
                LESSON,
                "Its first step changes $W_1$ by $10^{-3}$ to $10^{-2}$ of its size",
            ),
            (
                LESSON,
                "The network fails because its output has collapsed, as above",
            ),
            (
                "train-preset:train-deep-sigmoid-adam",
                "the first layer's gradient keeps shrinking",
            ),
        ],
    },
    TrainClaim {
        id: "train-deep-relu-plain-slow",
        preset: "train-deep-relu-plain",
        checks: &[
            Expect::AccuracyAtLeast {
                step: 1000,
                min: 0.55,
            },
            Expect::AccuracyAtMost {
                step: 1000,
                max: 0.85,
            },
        ],
        cited: &[
            (
                LESSON,
                "the plain network reaches a training accuracy of only about 0.70 after 1000 \
                 steps;",
            ),
            (
                "train-preset:train-deep-relu-plain",
                "after 1000 steps the training accuracy is only about 0.70",
            ),
        ],
    },
    TrainClaim {
        id: "train-deep-relu-residual-learns",
        preset: "train-deep-relu-scaled-residual",
        checks: &[Expect::AccuracyAtLeast {
            step: 1000,
            min: 0.95,
        }],
        cited: &[
            (
                LESSON,
                "**Skip paths make depth trainable.** At depth 30, ReLU with He weights starts \
                 with balanced gradients,",
            ),
            (
                LESSON,
                "here each layer added to the identity path with weight $1/\\sqrt{30}$ as in \
                 Hanin and Rolnick (2018), it reaches about 0.99.",
            ),
            (
                "train-preset:train-deep-relu-scaled-residual",
                "the network reaches a training accuracy of about 0.99 by step 1000",
            ),
        ],
    },
];
