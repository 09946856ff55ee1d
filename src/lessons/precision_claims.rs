//! The statements the prose makes about a network in float16 or bfloat16 ("layer 1's gradient
//! is entirely zero in all 20 seeds"): each with its network, its format and loss scale, what
//! the precision lens (`sim::mixed`) must show for it over [`super::claims::SEEDS`] seeds, and
//! where the text says it. `tests/lessons_precision.rs` runs each one (in its format and, for
//! the comparisons, in float32 with the same weights); `tests/lessons_claims.rs` counts their
//! quotes when it scans the prose for uncovered outcome statements.

use super::claims::{Layer, Quantity};
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::{Activation, Init, MlpNet, Norm, Residual};

/// What a check measures in one seed's pair of runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PrecisionQuantity {
    /// Fraction of ∂L/∂z_l's entries that are zero in the format but not in float32.
    Lost(Layer),
    /// Fraction of ∂L/∂z_l's entries that are exactly zero in the format (lost or not).
    Zero(Layer),
    /// Fraction of ∂L/∂z_l's entries that are zero in the format and in float32 alike.
    ZeroNotLost(Layer),
    /// Fraction of ∂L/∂z_l's entries that are ±∞ or NaN.
    Nonfinite(Layer),
    /// 1 when ‖∂L/∂W_l‖ is ±∞ or NaN, else 0.
    WeightGradNonfinite(Layer),
    /// How many layers, counted from layer 1, lost every entry of ∂L/∂z_l ("the first 15").
    FirstLayersAllLost,
    /// The largest lost fraction of any layer.
    MostLostInALayer,
    /// log2 of the loss scale of the reported pass (what a dynamic scale settled at).
    ScaleLog2,
    /// 1 when some ∂L/∂W_l or ∂L/∂z_l holds an inf or NaN, else 0.
    GradientsOverflowed,
    /// log10 of ‖∂L/∂W_l‖ (unscaled) over float32's: decades gained (> 0) or lost (< 0).
    WeightGradVsFloat32(Layer),
    /// The largest |log10 ‖∂L/∂W_l‖ / float32's| over the layers (∞ where one is not finite).
    WeightGradVsFloat32Worst,
    /// A quantity of the float32 run of the same network.
    Float32(Quantity),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PrecisionCheck {
    /// "In all 20 seeds": every seed's value lies in `lo..=hi`.
    EverySeed(PrecisionQuantity, f64, f64),
    /// "In 13 of 20 seeds": exactly `count` seeds have a value in `lo..=hi`.
    SeedCount(PrecisionQuantity, f64, f64, u64),
    /// "About X": the median lies in `lo..=hi`, within a factor of 1.5 around its middle.
    Median(PrecisionQuantity, f64, f64),
    /// A bound: the median lies in `lo..=hi`.
    MedianWithin(PrecisionQuantity, f64, f64),
    /// "p10–p90 a–b": the 10th and 90th percentiles over the seeds lie in these ranges.
    SeedBand {
        p10: (f64, f64),
        p90: (f64, f64),
        of: PrecisionQuantity,
    },
}

/// One checked statement about a network in a number format.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrecisionClaim {
    pub id: &'static str,
    /// The network (plain, width 64).
    pub net: MlpNet,
    pub mixed: MixedPrecision,
    pub checks: &'static [PrecisionCheck],
    /// Where the prose states it: (location as in `all_texts`, verbatim quote).
    pub cited: &'static [(&'static str, &'static str)],
}

/// A claim about a width-64 network (batch 64, as every claim) in `precision` at `loss_scale`.
pub const fn precision_claim(
    id: &'static str,
    (activation, init, depth): (Activation, Init, usize),
    (precision, loss_scale): (Precision, LossScale),
    checks: &'static [PrecisionCheck],
    cited: &'static [(&'static str, &'static str)],
) -> PrecisionClaim {
    PrecisionClaim {
        id,
        net: MlpNet {
            activation,
            init,
            depth,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: MixedPrecision {
            precision,
            loss_scale,
        },
        checks,
        cited,
    }
}

const LESSON: &str = "lesson:number-formats";

use super::claims::Quantity::SignalDecades;
use crate::sim::numeric::Precision::{BFloat16, Float16};
use Activation::{Relu, Sigmoid};
use Init::{HeNormal, XavierNormal};
use LossScale::{Dynamic, Power};
use PrecisionCheck::{EverySeed, Median, MedianWithin, SeedBand, SeedCount};
use PrecisionQuantity::*;

const SIGMOID_12: (Activation, Init, usize) = (Sigmoid, XavierNormal, 12);
const SIGMOID_30: (Activation, Init, usize) = (Sigmoid, XavierNormal, 30);
const RELU_30: (Activation, Init, usize) = (Relu, HeNormal, 30);
const NEG_INF: f64 = f64::NEG_INFINITY;

pub const PRECISION_CLAIMS: &[PrecisionClaim] = &[
    precision_claim(
        "float16-sigmoid-12-unscaled",
        SIGMOID_12,
        (Float16, LossScale::None),
        &[
            Median(Float32(SignalDecades), -7.3, -6.7),
            SeedBand {
                of: Float32(SignalDecades),
                p10: (-7.05, -6.95),
                p90: (-6.95, -6.85),
            },
            EverySeed(Lost(Layer::First), 1.0, 1.0),
            EverySeed(Lost(Layer::At(5)), 1.0, 1.0),
            EverySeed(FirstLayersAllLost, 5.0, 5.0),
            EverySeed(WeightGradVsFloat32(Layer::First), NEG_INF, NEG_INF),
            EverySeed(WeightGradVsFloat32(Layer::At(5)), NEG_INF, NEG_INF),
            Median(Lost(Layer::At(6)), 0.9, 0.92),
            SeedBand {
                of: Lost(Layer::At(6)),
                p10: (0.875, 0.885),
                p90: (0.925, 0.935),
            },
        ],
        &[
            (LESSON, "Twelve sigmoid layers with Xavier weights lose about 7 decades of signal gradient from layer 12 to layer 1 in float32 (median 7.0, p10–p90 6.9–7.0 over our 20 seeds)"),
            (LESSON, "layer 1's gradient is entirely zero in all 20 seeds, and so is every layer's from 1 to 5, so their weight gradients are exactly 0."),
            (LESSON, "Layer 6 loses a median 0.91 of its entries (p10–p90 0.88–0.93)."),
            ("preset:float16-underflow", "Without a loss scale the gradient of layers 1 to 5 is lost entirely"),
        ],
    ),
    precision_claim(
        "float16-sigmoid-12-scale-2^8",
        SIGMOID_12,
        (Float16, Power(8)),
        &[EverySeed(Lost(Layer::First), 1.0, 1.0)],
        &[
            (LESSON, "a loss scale of $2^8$ still leaves layer 1 with nothing in all 20 seeds"),
            ("preset:float16-underflow", "layer 1 is still lost entirely"),
        ],
    ),
    precision_claim(
        "float16-sigmoid-12-scale-2^12",
        SIGMOID_12,
        (Float16, Power(12)),
        &[
            Median(Lost(Layer::First), 0.485, 0.495),
            SeedBand {
                of: Lost(Layer::First),
                p10: (0.415, 0.425),
                p90: (0.555, 0.565),
            },
        ],
        &[(LESSON, "At $2^{12}$ it loses about half of its entries (median 0.49, p10–p90 0.42–0.56).")],
    ),
    precision_claim(
        "float16-sigmoid-12-scale-2^16",
        SIGMOID_12,
        (Float16, Power(16)),
        &[
            Median(Lost(Layer::First), 0.0345, 0.0355),
            SeedBand {
                of: Lost(Layer::First),
                p10: (0.0295, 0.0305),
                p90: (0.0395, 0.0405),
            },
            EverySeed(WeightGradVsFloat32(Layer::First), -0.001, 0.001),
        ],
        &[(LESSON, "$2^{16}$ it loses a median 0.035 of them (p10–p90 0.030–0.040), and layer 1's weight gradient is within 0.001 decades of float32's in all 20 seeds")],
    ),
    precision_claim(
        "float16-sigmoid-30-dynamic",
        SIGMOID_30,
        (Float16, Dynamic),
        &[
            Median(Float32(SignalDecades), -18.5, -18.1),
            SeedBand {
                of: Float32(SignalDecades),
                p10: (-18.45, -18.35),
                p90: (-18.15, -18.05),
            },
            EverySeed(ScaleLog2, 16.0, 16.0),
            EverySeed(FirstLayersAllLost, 15.0, 15.0),
            EverySeed(Lost(Layer::At(15)), 1.0, 1.0),
        ],
        &[
            (LESSON, "Thirty sigmoid layers with Xavier weights lose about 18 decades from layer 30 to layer 1 in float32 (median 18.3, p10–p90 18.1–18.4), more than the twelve of float16's range."),
            (LESSON, "A dynamic scale stays at $2^{16}$ here, and the first 15 of the 30 layers get no gradient at all, in every seed."),
        ],
    ),
    precision_claim(
        "float16-sigmoid-30-scale-2^23",
        SIGMOID_30,
        (Float16, Power(23)),
        &[
            EverySeed(GradientsOverflowed, 0.0, 0.0),
            EverySeed(Lost(Layer::First), 1.0, 1.0),
            SeedCount(FirstLayersAllLost, 12.0, 12.0, 19),
            SeedCount(FirstLayersAllLost, 11.0, 11.0, 1),
            EverySeed(Lost(Layer::At(11)), 1.0, 1.0),
        ],
        &[(LESSON, "At a loss scale of $2^{23}$ nothing overflows and layer 1's gradient is still entirely zero in all 20 seeds (the first 12 layers lose every entry in 19 seeds, the first 11 in the other).")],
    ),
    precision_claim(
        "float16-sigmoid-30-scale-2^24",
        SIGMOID_30,
        (Float16, Power(24)),
        &[
            EverySeed(Lost(Layer::First), 1.0, 1.0),
            EverySeed(GradientsOverflowed, 1.0, 1.0),
            EverySeed(WeightGradNonfinite(Layer::Last), 1.0, 1.0),
        ],
        &[(LESSON, "At $2^{24}$ layer 1 is still all zero, and the last layer's weight gradient overflows in all 20 seeds")],
    ),
    precision_claim(
        "float16-relu-he-30-scale-2^16",
        RELU_30,
        (Float16, Power(16)),
        &[SeedCount(GradientsOverflowed, 1.0, 1.0, 13)],
        &[(LESSON, "Thirty ReLU layers with He weights overflow at $2^{16}$ in 13 of 20 seeds")],
    ),
    precision_claim(
        "float16-relu-he-30-dynamic",
        RELU_30,
        (Float16, Dynamic),
        &[
            Median(ScaleLog2, 15.0, 15.0),
            SeedBand {
                of: ScaleLog2,
                p10: (14.0, 14.0),
                p90: (16.0, 16.0),
            },
            EverySeed(ScaleLog2, 12.0, 16.0),
            SeedCount(ScaleLog2, 12.0, 12.0, 1),
            EverySeed(GradientsOverflowed, 0.0, 0.0),
            Median(WeightGradVsFloat32Worst, 0.004, 0.005),
            SeedBand {
                of: WeightGradVsFloat32Worst,
                p10: (0.0015, 0.0025),
                p90: (0.0105, 0.0115),
            },
        ],
        &[
            (LESSON, "a dynamic scale settles at $2^{15}$ (median; p10–p90 $2^{14}$–$2^{16}$, never below $2^{12}$)"),
            (LESSON, "against a median 0.0045 (p10–p90 0.002–0.011) in float16 with a dynamic scale"),
        ],
    ),
    precision_claim(
        "float16-relu-he-30-unscaled",
        RELU_30,
        (Float16, LossScale::None),
        &[
            EverySeed(Lost(Layer::First), 0.0, 1.0 / 4096.0),
            EverySeed(GradientsOverflowed, 0.0, 0.0),
            Median(Zero(Layer::First), 0.49, 0.51),
            Median(ZeroNotLost(Layer::First), 0.49, 0.51),
        ],
        &[
            (LESSON, "Without any scale the same network loses at most one of layer 1's 4096 entries and nothing overflows, in all 20 seeds."),
            (LESSON, "About half of those entries are zero in float16 (median 0.50), and just as many in float32"),
        ],
    ),
    precision_claim(
        "bfloat16-sigmoid-30",
        SIGMOID_30,
        (BFloat16, LossScale::None),
        &[
            EverySeed(MostLostInALayer, 0.0, 0.0),
            EverySeed(WeightGradVsFloat32Worst, 0.0, 0.005),
        ],
        &[
            (LESSON, "loses no entry of any layer in bfloat16 without a scale, and every layer's weight gradient stays within 0.005 decades of float32's, in all 20 seeds."),
            (LESSON, "the deep sigmoid network loses no entry at all in it"),
        ],
    ),
    precision_claim(
        "bfloat16-relu-he-30",
        RELU_30,
        (BFloat16, LossScale::None),
        &[
            Median(WeightGradVsFloat32Worst, 0.012, 0.014),
            SeedBand {
                of: WeightGradVsFloat32Worst,
                p10: (0.0075, 0.0085),
                p90: (0.0285, 0.0295),
            },
            MedianWithin(WeightGradVsFloat32(Layer::First), -0.001, 0.0),
            SeedBand {
                of: WeightGradVsFloat32(Layer::First),
                p10: (-0.0115, -0.0105),
                p90: (0.0065, 0.0075),
            },
        ],
        &[
            (LESSON, "in thirty ReLU layers with He weights, the layer furthest from float32 differs by a median 0.013 decades in bfloat16 (p10–p90 0.008–0.029)"),
            (LESSON, "layer 1's weight gradient in bfloat16 ranges from 0.011 decades below float32's to 0.007 above (p10–p90; median 0.0006 below)"),
        ],
    ),
];
