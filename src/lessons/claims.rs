//! Every statement the prose makes about how a configuration behaves ("GELU with He vanishes
//! at depth 100"), with the network it is about, what the simulator must show for it, and
//! where the text says it. `tests/lessons_claims.rs` simulates each claim with [`SEEDS`]
//! seeds and checks it, checks that each quote is still in its text, and scans all prose
//! ([`super::texts::all_texts`]) for outcome statements that no claim covers. A statement
//! without a claim here fails the tests.
//!
//! Numbers: a claim's `Median` range is the tolerance for the number its quote states, within
//! a factor of 1.5 (e.g. "median about 50×" ↔ 1.6..=1.8 decades, 50× = 10^1.70); a bound
//! ("within one decade") is a `MedianWithin`; a spread ("35× to 70× over the middle 80 % of
//! 20 seeds") is a `SeedBand`; "in 19 of 20 seeds" is a `SeedCount`.

use crate::sim::Diagnosis::{self, Dead, Exploding, Healthy, Overflow, Vanishing};
use crate::sim::{Activation, Init, MlpNet, Norm, Residual};

/// Seeds each claim is simulated with (0, 1, …): a claim about "every seed" or a fraction of
/// seeds is a claim about these twenty.
pub const SEEDS: u64 = 20;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Layer {
    First,
    Last,
    At(usize),
}

/// What a check measures in one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// log10 of the signal-gradient ratio layer 1 / layer L.
    SignalDecades,
    /// The same divided by L − 1.
    DecadesPerLayer,
    /// log10 of the weight-gradient ratio layer 1 / layer L.
    WeightDecades,
    /// log10(max / min) of the signal gradient over the layers (how far apart the bars are).
    SignalLayerSpread,
    /// Largest and smallest log10 weight gradient over the layers.
    WeightGradLog10Max,
    WeightGradLog10Min,
    ActStd(Layer),
    ActMean(Layer),
    /// Fraction of a layer's outputs that are exactly zero (units × examples).
    ZeroOutputs(Layer),
    /// Saturated fraction averaged over the layers.
    MeanSaturated,
    /// Mean-field χ and q (the page's theory overlay).
    Chi(Layer),
    ChiMin,
    ChiMax,
    Q(Layer),
    /// The mean-field prediction for log10 of the signal-gradient ratio layer 1 / layer L.
    TheoryDecades,
    /// The simulation's own q: a layer's mean squared pre-activation.
    SimQ(Layer),
    /// The χ the simulation meets: the per-layer factor of the squared signal gradient over
    /// the whole depth, (‖∂/∂H_1‖ / ‖∂/∂H_L‖)^(2/(L−1)).
    SimChi,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// Every seed's diagnosis is one of these.
    EverySeed(&'static [Diagnosis]),
    /// Exactly `count` of the [`SEEDS`] seeds have one of these diagnoses ("19 of 20 seeds
    /// explode"; "3 of 20 vanish").
    SeedCount(&'static [Diagnosis], u64),
    /// "About X": the median over seeds lies in `lo..=hi`, a range tight enough to mean
    /// something (`tests/lessons_claims.rs` holds it to a factor of 1.5 around its middle).
    Median(Quantity, f64, f64),
    /// A bound ("within one decade", "towards zero"): the median lies in `lo..=hi`.
    MedianWithin(Quantity, f64, f64),
    /// "From 10^a to 10^b over the seeds": the 10th and 90th percentiles of a quantity over the
    /// seeds lie in these ranges.
    SeedBand {
        p10: (f64, f64),
        p90: (f64, f64),
        of: Quantity,
    },
}

/// One checked statement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Claim {
    pub id: &'static str,
    /// The network (plain unless `with_arch` says otherwise).
    pub net: MlpNet,
    /// Overrides the init's variance (weights ~ N(0, σ_w²/n)).
    pub sigma_w2: Option<f64>,
    pub checks: &'static [Check],
    /// Where the prose states it: (location as in `all_texts`, verbatim quote).
    pub cited: &'static [(&'static str, &'static str)],
}

const fn claim(
    id: &'static str,
    (activation, init, depth, width): (Activation, Init, usize, usize),
    checks: &'static [Check],
    cited: &'static [(&'static str, &'static str)],
) -> Claim {
    Claim {
        id,
        net: MlpNet {
            activation,
            init,
            depth,
            width,
            residual: Residual::None,
            norm: Norm::None,
        },
        sigma_w2: None,
        checks,
        cited,
    }
}

/// The claim about a network with skip connections and/or normalization.
const fn with_arch(c: Claim, residual: Residual, norm: Norm) -> Claim {
    Claim {
        net: MlpNet {
            residual,
            norm,
            ..c.net
        },
        ..c
    }
}

const fn with_sigma_w2(c: Claim, sigma_w2: f64) -> Claim {
    Claim {
        sigma_w2: Some(sigma_w2),
        ..c
    }
}

use Activation::{Elu, Gelu, LeakyRelu, Relu, Selu, Sigmoid, Tanh};
use Check::{EverySeed, Median, MedianWithin, SeedBand, SeedCount};
use Init::{HeNormal, LecunNormal, RandomNormal, SmallNormal, XavierNormal};
use Quantity::*;

pub const CLAIMS: &[Claim] = &[
    claim(
        "sigmoid-xavier-15",
        (Sigmoid, XavierNormal, 15, 64),
        &[EverySeed(&[Vanishing]), Median(SignalDecades, -9.6, -8.4)],
        &[
            ("lesson:initialization", "sigmoid with Xavier, loses about 9 decades over 15 layers"),
            ("preset:vanishing-sigmoid", "about 9 decades over 15 layers"),
            ("faq:how-many-layers", "Sigmoid with Xavier loses about 9 decades in 15 layers"),
            ("init:xavier_normal", "sigmoid with Xavier loses about 9 decades in 15 layers"),
        ],
    ),
    claim(
        "gelu-he-100",
        (Gelu, HeNormal, 100, 64),
        &[
            EverySeed(&[Vanishing]),
            Median(SignalDecades, -10.18, -9.82),
            SeedBand {
                of: SignalDecades,
                p10: (-12.18, -11.82),
                p90: (-3.88, -3.52),
            },
            Median(TheoryDecades, -13.2, -12.9),
            Median(WeightDecades, 0.73, 1.08),
            MedianWithin(Q(Layer::Last), 0.0, 1e-3),
            Median(Chi(Layer::Last), 0.49, 0.51),
        ],
        &[
            ("lesson:initialization", "GELU with He at depth 100 vanishes in every seed"),
            ("lesson:initialization", "so $\\chi$ falls to $2 \\cdot (\\tfrac12)^2 = 0.5$"),
            ("lesson:initialization", "mean-field theory puts the first layer's gradient at $10^{-13}$ of the last one's"),
            ("lesson:initialization", "ends between about $10^{-12}$ and $2 \\cdot 10^{-4}$ of the last one's (the middle 80 %; median about $10^{-10}$)"),
            ("lesson:initialization", "layer 1's is about 8× layer 100's"),
            ("faq:which-activation", "GELU with He vanishes at depth 100"),
            ("activation:gelu", "Vanishing with He at depth 100"),
            ("activation:gelu", "GELU with He vanishes at depth 100"),
            ("init:he_normal", "GELU with He vanishes at depth 100"),
        ],
    ),
    claim(
        "elu-he-100",
        (Elu, HeNormal, 100, 64),
        &[
            EverySeed(&[Exploding]),
            Median(SignalDecades, 1.9, 2.6),
            Median(Chi(Layer::First), 1.24, 1.27),
            Median(ChiMin, 1.0, 1.1),
        ],
        &[
            ("lesson:initialization", "ELU with He at depth 100 explodes instead, about 160× from the last layer to the first"),
            ("lesson:initialization", "its $\\chi$ is about 1.26 in layer 1 and stays above 1 all the way"),
            ("faq:which-activation", "ELU with He explodes"),
            ("activation:elu", "Exploding with He at depth 100"),
            ("activation:elu", "ELU with He explodes at depth 100"),
            ("init:he_normal", "ELU with He explodes"),
        ],
    ),
    claim(
        "elu-he-15",
        (Elu, HeNormal, 15, 64),
        &[EverySeed(&[Healthy])],
        &[
            ("lesson:initialization", "At depth 15 both are healthy in every seed we ran (20)"),
            ("faq:which-activation", "ELU and GELU with He are healthy at depth 15 in every seed"),
        ],
    ),
    claim(
        "gelu-he-15",
        (Gelu, HeNormal, 15, 64),
        &[EverySeed(&[Healthy])],
        &[
            ("lesson:initialization", "At depth 15 both are healthy in every seed we ran (20)"),
            ("faq:which-activation", "ELU and GELU with He are healthy at depth 15 in every seed"),
            ("lesson:initialization", "So He suits these two only in shallow networks."),
        ],
    ),
    claim(
        "elu-he-30",
        (Elu, HeNormal, 30, 64),
        &[SeedCount(&[Exploding], 1), SeedCount(&[Healthy], 19)],
        &[("lesson:initialization", "ELU with He explodes in 1 of 20 seeds")],
    ),
    claim(
        "gelu-he-30",
        (Gelu, HeNormal, 30, 64),
        &[
            SeedCount(&[Vanishing], 3),
            SeedCount(&[Healthy], 17),
            Median(TheoryDecades, -2.8, -2.4),
        ],
        &[
            ("lesson:initialization", "GELU with He vanishes in 3 of 20"),
            ("lesson:initialization", "2.6 decades lost by layer 1 at depth 30"),
            ("lesson:initialization", "hides the loss in most seeds"),
        ],
    ),
    claim(
        "gelu-he-30-width-1024",
        (Gelu, HeNormal, 30, 1024),
        &[EverySeed(&[Vanishing]), Median(SignalDecades, -2.35, -1.7)],
        &[(
            "lesson:initialization",
            "at width 1024, GELU with He vanishes at depth 30 in every seed, by about 2 decades",
        )],
    ),
    claim(
        "gelu-he-60-seed-dependent",
        (Gelu, HeNormal, 60, 64),
        &[SeedBand {
            of: SignalDecades,
            p10: (-6.18, -5.82),
            p90: (0.72, 1.08),
        }],
        &[(
            "lesson:pytorch",
            "GELU with He at depth 60 gives first-to-last ratios from about $10^{-6}$ to about $8$ over the middle 80 % of 20 seeds",
        )],
    ),
    claim(
        "selu-lecun-100",
        (Selu, LecunNormal, 100, 64),
        &[
            SeedCount(&[Exploding], 19),
            Median(TheoryDecades, 1.45, 1.53),
            Median(SignalDecades, 1.6, 1.8),
            SeedBand {
                of: SignalDecades,
                p10: (1.45, 1.65),
                p90: (1.75, 1.95),
            },
            Median(Chi(Layer::First), 1.0715, 1.0725),
            Median(Q(Layer::Last), 0.999, 1.001),
            Median(SimQ(Layer::Last), 0.9, 1.1),
            MedianWithin(ActMean(Layer::Last), -0.1, 0.1),
            Median(ActStd(Layer::Last), 0.9, 1.1),
        ],
        &[
            ("lesson:initialization", "SELU with LeCun keeps its activations at mean 0 and variance 1"),
            ("lesson:initialization", "its backward factor at that fixed point is $\\chi \\approx 1.072$"),
            ("lesson:initialization", "that factor alone gives $1.072^{99/2} \\approx 31\\times$"),
            ("lesson:initialization", "gives about 35× to 70× (the middle 80 % of 20 seeds, median about 50×)"),
            ("lesson:initialization", "the explorer calls it exploding in 19 of the 20 seeds"),
            ("faq:which-activation", "SELU with LeCun explodes at depth 100 in 19 of 20 seeds"),
            ("activation:selu", "Exploding at depth 100 in 19 of 20 seeds, even with LeCun"),
            ("activation:selu", "which alone gives 31× over 100 layers; the simulation's gradient grows about 35× to 70× there"),
            ("glossary:self-normalizing", "SELU's factor is $\\chi \\approx 1.072$"),
            ("preset:selu-lecun", "over 100 it alone gives 31×, and the simulation's gradient grows about 35× to 70×"),
            ("preset:selu-lecun", "SELU's factor is about 1.07 per layer"),
        ],
    ),
    claim(
        "selu-lecun-15",
        (Selu, LecunNormal, 15, 64),
        &[EverySeed(&[Healthy]), MedianWithin(SignalDecades, 0.0, 0.6)],
        &[("preset:selu-lecun", "harmless over 15 layers")],
    ),
    claim(
        "tanh-xavier-15",
        (Tanh, XavierNormal, 15, 64),
        &[
            EverySeed(&[Healthy]),
            Median(SignalDecades, -0.8, -0.4),
            Median(ActStd(Layer::First), 0.6, 0.66),
            Median(ActStd(Layer::Last), 0.17, 0.23),
        ],
        &[
            ("preset:tanh-xavier", "the gradient fades only gently, about half a decade over these 15 layers"),
            ("preset:tanh-xavier", "from about 0.63 in layer 1 to about 0.2 in layer 15"),
            ("lesson:initialization", "from about 0.63 in layer 1 to about 0.2 by layer 15"),
        ],
    ),
    claim(
        "tanh-xavier-100",
        (Tanh, XavierNormal, 100, 64),
        &[
            EverySeed(&[Healthy]),
            Median(SignalDecades, -1.5, -0.9),
            Median(ActStd(Layer::Last), 0.05, 0.07),
            SeedBand {
                of: ActStd(Layer::Last),
                p10: (0.025, 0.04),
                p90: (0.07, 0.095),
            },
            // q_l ≈ 1/(2l): 0.005 at l = 100, a standard deviation of 0.071.
            Median(Q(Layer::Last), 0.0045, 0.0055),
            Median(ChiMax, 0.98, 1.0),
        ],
        &[
            ("lesson:initialization", "at width 64 the simulation gives about 0.06 there (0.03 to 0.08 over the middle 80 % of 20 seeds)"),
            ("lesson:initialization", "says the pre-activation variance decays like $1/(2l)$"),
            ("lesson:initialization", "a standard deviation of $\\sqrt{1/200} \\approx 0.07$ at layer 100"),
            ("lesson:initialization", "$\\chi$ creeps up towards 1 from below"),
            ("faq:xavier", "tanh with Xavier stays healthy at depth 100"),
            ("preset:tanh-xavier", "the gradient still gets through while the activations keep shrinking"),
        ],
    ),
    claim(
        "tanh-xavier-100-width-256",
        (Tanh, XavierNormal, 100, 256),
        &[Median(ActStd(Layer::Last), 0.055, 0.075)],
        &[("lesson:initialization", "at width 256 about 0.065")],
    ),
    with_sigma_w2(
        claim(
            "sigmoid-sigma-w2-100",
            (Sigmoid, XavierNormal, 50, 64),
            &[
                SeedCount(&[Healthy], 18),
                SeedCount(&[Vanishing], 2),
                Median(Chi(Layer::Last), 0.97, 1.0),
                Median(MeanSaturated, 0.4, 0.6),
                Median(ActMean(Layer::Last), 0.45, 0.55),
            ],
            &[
                ("lesson:initialization", "With $\\sigma_w^2 = 100$ it stays healthy at depth 50 in 18 of 20 seeds"),
                ("lesson:initialization", "about half of its units are saturated and its outputs average 0.5"),
                ("lesson:how-to-use", "Why does the sigmoid need weights about ten times larger than usual before its gradient survives"),
                ("lesson:pytorch", "it needs weights about ten times larger than usual before its gradient survives, with half of its units saturated"),
                ("faq:saturation", "The sigmoid's factor reaches 1 only with weights of about"),
                ("pytorch:quick-fix", "keeps its gradient only with weights near 10/sqrt(n)"),
            ],
        ),
        100.0,
    ),
    with_sigma_w2(
        claim(
            "sigmoid-sigma-w2-25",
            (Sigmoid, XavierNormal, 50, 64),
            &[EverySeed(&[Vanishing])],
            &[
                ("lesson:initialization", "The sigmoid reaches $\\chi \\approx 1$ only with $\\sigma_w^2$ near 100"),
                ("pytorch:quick-fix", "keeps its gradient only with weights near 10/sqrt(n)"),
            ],
        ),
        25.0,
    ),
    claim(
        "sigmoid-random-40",
        (Sigmoid, RandomNormal, 40, 64),
        &[
            EverySeed(&[Vanishing]),
            Median(SignalDecades, -3.0, -2.0),
            Median(DecadesPerLayer, -0.075, -0.05),
            Median(MeanSaturated, 0.33, 0.47),
        ],
        &[
            ("preset:saturated-sigmoid", "about 40 % of the units are saturated"),
            ("preset:saturated-sigmoid", "each layer loses only about 0.06 decades, about 2.5 over 40 layers"),
            ("faq:saturation", "sigmoid with $\\mathcal{N}(0, 1)$ weights at depth 40 and width 64 loses about 2.5 decades"),
        ],
    ),
    claim(
        "sigmoid-xavier-40",
        (Sigmoid, XavierNormal, 40, 64),
        &[EverySeed(&[Vanishing]), Median(SignalDecades, -26.0, -24.0)],
        &[
            ("preset:saturated-sigmoid", "where Xavier loses about 25"),
            ("faq:saturation", "where sigmoid with Xavier loses about 25"),
        ],
    ),
    claim(
        "sigmoid-random-40-width-128",
        (Sigmoid, RandomNormal, 40, 128),
        &[EverySeed(&[Healthy])],
        &[("faq:saturation", "at width 128 the same network is healthy")],
    ),
    claim(
        "sigmoid-random-40-width-256",
        (Sigmoid, RandomNormal, 40, 256),
        &[EverySeed(&[Exploding])],
        &[("faq:saturation", "at width 256 it explodes")],
    ),
    claim(
        "sigmoid-random-15",
        (Sigmoid, RandomNormal, 15, 64),
        &[EverySeed(&[Healthy]), Median(SignalDecades, -1.0, -0.5)],
        &[("preset:saturated-sigmoid", "drop the depth to 15 (under a decade lost)")],
    ),
    claim(
        "relu-he-15",
        (Relu, HeNormal, 15, 64),
        &[
            EverySeed(&[Healthy]),
            MedianWithin(SignalLayerSpread, 0.0, 1.2),
            Median(ZeroOutputs(Layer::At(8)), 0.45, 0.55),
        ],
        &[
            ("preset:healthy-relu-he", "The bars stay within about one decade of each other"),
            ("glossary:dead-neurons", "in a healthy ReLU network about half of all outputs are zero"),
            ("lesson:how-to-use", "For ReLU, about half of all outputs are zero in a perfectly healthy network"),
        ],
    ),
    claim(
        "relu-he-100",
        (Relu, HeNormal, 100, 64),
        &[EverySeed(&[Healthy])],
        &[
            ("faq:how-many-layers", "ReLU with He at width 64 stays healthy at depth 100"),
            ("faq:which-activation", "ReLU with He stays healthy at depth 100"),
        ],
    ),
    claim(
        "leaky-relu-he-100",
        (LeakyRelu, HeNormal, 100, 64),
        &[EverySeed(&[Healthy])],
        &[(
            "faq:which-activation",
            "ReLU or leaky ReLU with He initialization is a dependable default",
        )],
    ),
    claim(
        "relu-he-100-width-8",
        (Relu, HeNormal, 100, 8),
        &[EverySeed(&[Vanishing, Dead])],
        &[(
            "faq:how-many-layers",
            "at width 8, ReLU with He at depth 100 vanishes or has a dead layer in each of 20 seeds",
        )],
    ),
    claim(
        "relu-xavier-30",
        (Relu, XavierNormal, 30, 64),
        &[
            EverySeed(&[Vanishing]),
            Median(Q(Layer::At(2)), 0.499, 0.501),
            Median(WeightGradLog10Max, -5.5, -4.5),
            Median(WeightGradLog10Min, -5.5, -4.5),
        ],
        &[
            ("preset:relu-xavier", "each layer loses about half of the signal's variance"),
            ("preset:relu-xavier", "Over 30 layers that compounds into a vanishing gradient"),
            ("preset:relu-xavier", "it is about 10⁻⁵ in every layer"),
            ("faq:he-for-relu", "ReLU with Xavier vanishes at depth 30"),
            ("lesson:activations", "a ReLU network with badly scaled weights still explodes or vanishes"),
        ],
    ),
    claim(
        "relu-random-15",
        (Relu, RandomNormal, 15, 64),
        &[
            EverySeed(&[Exploding]),
            Median(SignalDecades, 10.5, 11.5),
            MedianWithin(WeightDecades, -1.0, 1.0),
            Median(WeightGradLog10Min, 21.0, 23.0),
            Median(WeightGradLog10Max, 21.0, 23.0),
        ],
        &[
            ("preset:exploding-random", "grows by about 11 decades toward the input"),
            ("preset:exploding-random", "looks tame, but only because every layer's weight gradient is enormous, around 10²²"),
            ("regime:exploding", "such as plain $\\mathcal{N}(0, 1)$, are the usual cause"),
            ("lesson:activations", "a ReLU network with badly scaled weights still explodes or vanishes"),
        ],
    ),
    claim(
        "relu-random-30",
        (Relu, RandomNormal, 30, 64),
        &[EverySeed(&[Overflow])],
        &[
            ("preset:exploding-random", "depth 30, where float32 overflows"),
            ("faq:causes-exploding", "with ReLU and $\\mathcal{N}(0, 1)$ weights float32 overflows by depth 30"),
        ],
    ),
    claim(
        "tanh-small-15",
        (Tanh, SmallNormal, 15, 64),
        &[EverySeed(&[Vanishing]), Median(SignalDecades, -16.0, -14.5)],
        &[
            ("preset:small-init", "about 15 decades over 15 layers"),
            ("faq:small-init", "tanh with $\\sigma = 0.01$ loses about 15 decades over 15 layers"),
        ],
    ),
    with_sigma_w2(
        claim(
            "tanh-chaotic-100",
            (Tanh, XavierNormal, 100, 64),
            &[EverySeed(&[Exploding]), Median(ActStd(Layer::Last), 0.5, 1.0)],
            &[
                ("glossary:edge-of-chaos", "The size of the forward signal stays finite in both phases (for tanh, say)"),
                ("glossary:edge-of-chaos", "explode in the chaotic one"),
            ],
        ),
        4.0,
    ),
    with_sigma_w2(
        claim(
            "tanh-ordered-100",
            (Tanh, XavierNormal, 100, 64),
            &[EverySeed(&[Vanishing])],
            &[("glossary:edge-of-chaos", "it is the gradients that vanish in the ordered phase")],
        ),
        0.5,
    ),
    // Residual connections and normalization (the remedies presets and lesson).
    with_arch(
        claim(
            "batchnorm-relu-he-30",
            (Relu, HeNormal, 30, 64),
            &[
                EverySeed(&[Exploding]),
                // 1.21× per layer is 0.083 decades; over 29 steps 2.40 decades.
                Median(DecadesPerLayer, 0.074, 0.09),
                Median(SignalDecades, 2.1, 2.6),
                Median(WeightDecades, 2.2, 2.7),
                Median(ActStd(Layer::First), 0.55, 0.65),
                Median(ActStd(Layer::Last), 0.55, 0.65),
            ],
            &[
                ("preset:batchnorm-relu", "the spread is about 0.6 in layer 1 and still about 0.6 in layer 30"),
                ("preset:batchnorm-relu", "each batch-norm layer multiplies it by about 1.21 with ReLU"),
                ("preset:batchnorm-relu", "batch norm with ReLU grows the gradient by about 2.4 decades over 30 layers, and the diagnosis is exploding"),
                ("faq:how-many-layers", "in a plain stack it makes gradients explode at initialization"),
                ("lesson:normalization", "in a plain deep network batch norm makes the gradient explode at initialization"),
                ("lesson:normalization", "so thirty layers of ReLU with batch norm stretch the gradient by about 2.4 decades from layer 30 to layer 1, and the explorer's diagnosis is exploding"),
                ("glossary:batch-normalization", "in a plain deep stack it makes gradients explode at initialization"),
            ],
        ),
        Residual::None,
        Norm::Batch,
    ),
    with_arch(
        claim(
            "batchnorm-scaled-relu-he-30",
            (Relu, HeNormal, 30, 64),
            &[EverySeed(&[Healthy])],
            &[("preset:batchnorm-relu", "Try next: set the residual to scaled")],
        ),
        Residual::Scaled,
        Norm::Batch,
    ),
    with_arch(
        claim(
            "residual-relu-he-15",
            (Relu, HeNormal, 15, 64),
            &[
                EverySeed(&[Exploding]),
                Median(ActStd(Layer::First), 1.2, 1.4),
                Median(ActStd(Layer::Last), 900.0, 1500.0),
                Median(SignalDecades, 3.1, 3.5),
            ],
            &[
                ("preset:residual-relu-he", "with ReLU and He the spread goes from about 1.3 in layer 1 to about 1200 in layer 15"),
                ("preset:residual-relu-he", "the back-propagated gradient grows by about 3.3 decades toward the input"),
                // At least 2^7 = 128× in size from layer 1 to 15; the range above is ≥ 640×.
                ("lesson:residual-connections", "so the stream's second moment grows at least by"),
            ],
        ),
        Residual::Identity,
        Norm::None,
    ),
    with_arch(
        claim(
            "residual-layernorm-relu-he-15",
            (Relu, HeNormal, 15, 64),
            &[EverySeed(&[Healthy])],
            &[("preset:residual-relu-he", "set the normalization to layer norm")],
        ),
        Residual::Identity,
        Norm::Layer,
    ),
    with_arch(
        claim(
            "scaled-relu-he-15",
            (Relu, HeNormal, 15, 64),
            &[EverySeed(&[Healthy])],
            &[("preset:residual-relu-he", "or the residual to scaled")],
        ),
        Residual::Scaled,
        Norm::None,
    ),
    with_arch(
        claim(
            "scaled-layernorm-relu-he-100",
            (Relu, HeNormal, 100, 64),
            &[
                EverySeed(&[Healthy]),
                MedianWithin(WeightDecades, -1.0, 0.0),
                // √(1 + 1/2 − 1/(2π)) = 1.158; 100 · 0.1 / √(2π) = 3.99.
                Median(ActStd(Layer::Last), 1.1, 1.22),
                Median(ActMean(Layer::Last), 3.9, 4.1),
            ],
            &[
                ("lesson:residual-connections", "is about $\\sqrt{1 + 0.34} \\approx 1.16$ at any depth"),
                ("lesson:residual-connections", "which is 4.0 at depth 100"),
                ("preset:scaled-residual-layernorm", "layer 1's weight gradient stays within one decade of layer 100's"),
                ("preset:scaled-residual-layernorm", "ReLU with He, a skip path scaled by α = 1/√100 = 0.1 and layer norm stays healthy at depth 100"),
                ("preset:scaled-residual-layernorm", "the last layer's spread is about 1.16"),
                ("control:residual-scaled", "with layer norm in each branch it stays near 1.16"),
            ],
        ),
        Residual::Scaled,
        Norm::Layer,
    ),
    with_arch(
        claim(
            "scaled-relu-he-100",
            (Relu, HeNormal, 100, 64),
            &[EverySeed(&[Exploding]), Median(ActStd(Layer::Last), 38.0, 50.0)],
            &[
                ("preset:scaled-residual-layernorm", "the scaled residual with ReLU alone explodes at depth 100"),
                ("control:residual-scaled", "the last layer's spread is about 3.4 at depth 25 and 44 at depth 100"),
            ],
        ),
        Residual::Scaled,
        Norm::None,
    ),
    with_arch(
        claim(
            "scaled-relu-he-25",
            (Relu, HeNormal, 25, 64),
            &[Median(ActStd(Layer::Last), 3.0, 3.8)],
            &[("control:residual-scaled", "the last layer's spread is about 3.4 at depth 25 and 44 at depth 100")],
        ),
        Residual::Scaled,
        Norm::None,
    ),
    with_arch(
        claim(
            "scaled-layernorm-relu-he-25",
            (Relu, HeNormal, 25, 64),
            &[Median(ActStd(Layer::Last), 1.1, 1.22)],
            &[("control:residual-scaled", "with layer norm in each branch it stays near 1.16")],
        ),
        Residual::Scaled,
        Norm::Layer,
    ),
    with_arch(
        claim(
            "residual-sigmoid-xavier-30",
            (Sigmoid, XavierNormal, 30, 64),
            &[EverySeed(&[Healthy]), MedianWithin(WeightDecades, -2.0, 0.0)],
            &[
                ("preset:residual-sigmoid", "with a skip connection sigmoid is healthy at depth 30, with layer 1's weight gradient within two decades of layer 30's"),
            ],
        ),
        Residual::Identity,
        Norm::None,
    ),
    with_arch(
        claim(
            "layernorm-relu-he-100",
            (Relu, HeNormal, 100, 64),
            &[EverySeed(&[Healthy])],
            &[("lesson:normalization", "ReLU with He and layer norm stays healthy at depth 100, even without a skip path")],
        ),
        Residual::None,
        Norm::Layer,
    ),
    claim(
        "sigmoid-xavier-30",
        (Sigmoid, XavierNormal, 30, 64),
        &[EverySeed(&[Vanishing]), Median(WeightDecades, -19.5, -18.0)],
        &[
            ("preset:residual-sigmoid", "without the skip path sigmoid vanishes, and layer 1's weight gradient falls to about 10⁻¹⁹ of layer 30's"),
        ],
    ),
];
