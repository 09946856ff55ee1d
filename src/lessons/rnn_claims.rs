//! The statements the recurrent lesson makes ("the tanh RNN's gradient reaches h₁ at about
//! 10⁻¹⁰ of its value at h₅₀"): each with its network through time, what the simulator must
//! show for it over [`super::claims::SEEDS`] seeds, and where the text says it.
//! `tests/lessons_recurrent.rs` runs each one; `tests/lessons_claims.rs` counts their quotes
//! when it scans the prose for uncovered outcome statements (the scanner knows the recurrent
//! cells, inits, gain, forget bias, truncation and clipping as configurations).
//!
//! Every network is the recurrent view's default size (H = 64, B = 32) over T = 50 steps
//! unless it says otherwise; the latching claims train the reference's task
//! (`sim::recurrent::train`).

use crate::sim::recurrent::{Cell, LatchingConfig, RecurrentInit, RnnConfig};
use crate::sim::Diagnosis::{self, Exploding, Healthy, Vanishing};

/// What a check measures in one seed's run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RnnQuantity {
    /// log10 of ‖∂L/∂hₜ‖ at the first step that receives a gradient (step 1 with full BPTT)
    /// over ‖∂L/∂h_T‖.
    Decades,
    /// The same at step t.
    DecadesAt(usize),
    /// How many steps back from T the gradient stays at or above 10⁻³ of its value at T
    /// (`sim::recurrent::summary::memory_horizon` of the seed's own curve).
    Horizon,
    /// log10 of ‖∂L/∂c₁‖ over ‖∂L/∂h_T‖ (LSTM only).
    CellDecades,
    /// The largest |log10(‖∂L/∂hₜ‖ / ‖∂L/∂h_T‖) − (T − t)·log10 g| over the steps: how far the
    /// curve is from exactly g^(T−t), in decades.
    GainLawError,
    /// How many steps receive exactly zero gradient.
    ZeroSteps,
    /// The largest |log10| of a step's ‖∂L/∂hₜ‖ over its value with full BPTT, over the steps
    /// that receive a gradient (the same weights, run again with k = T).
    KeptStepsVsFull,
    /// log10 ‖∂L/∂W_hh‖.
    RecurrentWeightGradLog10,
    /// 1 when the loss or some ‖∂L/∂hₜ‖ is not finite, else 0.
    Overflowed,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RnnCheck {
    /// Every seed's verdict (`summary::diagnose`) is one of these.
    EverySeedVerdict(&'static [Diagnosis]),
    /// Exactly `count` seeds' verdicts are one of these ("exploding in 11 of 20 seeds").
    SeedCount(&'static [Diagnosis], u64),
    /// "In all 20 seeds": every seed's value lies in `lo..=hi`.
    EverySeed(RnnQuantity, f64, f64),
    /// "About X": the median lies in `lo..=hi`, within a factor of 1.5 around its middle.
    Median(RnnQuantity, f64, f64),
    /// A bound: the median lies in `lo..=hi`.
    MedianWithin(RnnQuantity, f64, f64),
    /// "p10–p90 a–b": the 10th and 90th percentiles over the seeds lie in these ranges.
    SeedBand {
        p10: (f64, f64),
        p90: (f64, f64),
        of: RnnQuantity,
    },
}

/// One checked statement about a recurrent network at initialisation.
#[derive(Clone, Debug, PartialEq)]
pub struct RnnClaim {
    pub id: &'static str,
    /// The network (its seed is replaced by 0, 1, …).
    pub network: RnnConfig,
    pub checks: &'static [RnnCheck],
    /// Where the prose states it: (location as in `all_texts`, verbatim quote).
    pub cited: &'static [(&'static str, &'static str)],
}

/// What a latching check measures in one seed's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LatchingQuantity {
    /// log10 ‖∂L_test/∂h₁‖ before the first update (cheap: no training).
    H1GradLog10AtStart,
    /// Test accuracy after `train_steps` updates.
    FinalAccuracy,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LatchingCheck {
    Median(LatchingQuantity, f64, f64),
    MedianWithin(LatchingQuantity, f64, f64),
    SeedBand {
        p10: (f64, f64),
        p90: (f64, f64),
        of: LatchingQuantity,
    },
    /// Exactly this many seeds reach a test accuracy of 0.9 within `train_steps`.
    SeedsLearnt(u64),
    /// The median over seeds of the first evaluated step (multiples of 100 and 250) with test
    /// accuracy ≥ 0.9 lies in `lo..=hi` (a seed that never gets there counts as never).
    MedianStepsToLearnt(f64, f64),
}

/// One checked statement about the latching task. Checks of trained runs run only with
/// `GFE_FULL_CLAIMS=1`; the check before training runs always.
#[derive(Clone, Debug, PartialEq)]
pub struct LatchingClaim {
    pub id: &'static str,
    /// The task and its training (its seed is replaced by 0, 1, …).
    pub task: LatchingConfig,
    pub checks: &'static [LatchingCheck],
    pub cited: &'static [(&'static str, &'static str)],
}

/// Where the recurrent lesson is (`all_texts`' location).
pub const LESSON: &str = "lesson:through-time";

/// The lesson's network: `cell` with `init` at gain `gain`, T = 50, H = 64, B = 32, full BPTT.
pub const fn rnn(cell: Cell, init: RecurrentInit, gain: f64) -> RnnConfig {
    RnnConfig {
        cell,
        steps: 50,
        width: 64,
        batch: 32,
        init,
        gain,
        forget_bias: 0.0,
        truncate: 50,
        seed: 0,
    }
}

const fn with_forget_bias(c: RnnConfig, forget_bias: f64) -> RnnConfig {
    RnnConfig { forget_bias, ..c }
}

const fn with_truncate(c: RnnConfig, truncate: usize) -> RnnConfig {
    RnnConfig { truncate, ..c }
}

const fn with_steps(c: RnnConfig, steps: usize) -> RnnConfig {
    RnnConfig {
        steps,
        truncate: steps,
        ..c
    }
}

use Cell::{Gru, Lstm, RnnLinear, RnnRelu, RnnTanh};
use RecurrentInit::{Identity, Normal, Orthogonal};
use RnnCheck::{EverySeed, EverySeedVerdict, Median, MedianWithin, SeedBand, SeedCount};
use RnnQuantity::*;

const TANH: RnnConfig = rnn(RnnTanh, Orthogonal, 1.0);
const LINEAR: RnnConfig = rnn(RnnLinear, Orthogonal, 1.0);
const LSTM: RnnConfig = rnn(Lstm, Orthogonal, 1.0);
const TE: &str = "rnn-preset:rnn-tanh-vanishes";
const GE: &str = "rnn-preset:rnn-gain-explodes";
const LF: &str = "rnn-preset:rnn-lstm-forget-bias";
const L3: &str = "rnn-preset:rnn-lstm-forget-bias-3";
const LO: &str = "rnn-preset:rnn-linear-orthogonal";
const CAROUSEL: &str = "lesson:constant-error-carousel";
const INIT: &str = "lesson:recurrent-init";
const CUT: &str = "lesson:truncation-clipping";

pub const RNN_CLAIMS: &[RnnClaim] = &[
    RnnClaim {
        id: "rnn-linear-orthogonal-gain-law",
        network: LINEAR,
        checks: &[
            EverySeed(GainLawError, 0.0, 1e-5),
            EverySeed(Decades, -1e-5, 1e-5),
            EverySeedVerdict(&[Healthy]),
        ],
        cited: &[
            (LESSON, "Over 50 steps the linear RNN's curve follows $g^{T-t}$ to within $10^{-5}$ decades at every step in all 20 seeds, at $g = 1$ (a flat line)"),
            (LO, "here with g = 1 a flat line (ratio 1.000)"),
            ("rnn-preset:rnn-truncated", "steps 41–50 get the same gradient as with full BPTT"),
        ],
    },
    RnnClaim {
        id: "rnn-linear-orthogonal-gain-0.9",
        network: rnn(RnnLinear, Orthogonal, 0.9),
        checks: &[
            EverySeed(GainLawError, 0.0, 1e-5),
            // 0.9^49 = 0.005726…: log10 = −2.2421.
            EverySeed(Decades, -2.24215, -2.24205),
            EverySeedVerdict(&[Vanishing]),
        ],
        cited: &[(LESSON, "at $g = 0.9$ (the gradient at $h_1$ is $0.9^{49} \\approx 0.0057$ of the one at $h_{50}$)")],
    },
    RnnClaim {
        id: "rnn-linear-orthogonal-gain-1.1",
        network: rnn(RnnLinear, Orthogonal, 1.1),
        checks: &[
            EverySeed(GainLawError, 0.0, 1e-5),
            // 1.1^49 = 106.7: log10 = 2.0282.
            EverySeed(Decades, 2.0281, 2.0283),
            EverySeedVerdict(&[Exploding]),
            Median(RecurrentWeightGradLog10, 5.835, 5.845),
            SeedBand {
                of: RecurrentWeightGradLog10,
                p10: (5.815, 5.825),
                p90: (5.855, 5.865),
            },
        ],
        cited: &[
            (LESSON, "and at $g = 1.1$ ($1.1^{49} \\approx 107$ times larger: exploding, in every seed)"),
            (LESSON, "A gain of 1.1, which makes the linear RNN explode"),
            (GE, "Gain 1.1 explodes."),
            (GE, "A linear RNN whose orthogonal recurrent matrix is scaled by g = 1.1: each step back multiplies the gradient by 1.1, so after 49 steps it is 1.1⁴⁹ ≈ 107 times larger at h₁ than at h₅₀ — exploding."),
            (CUT, "In the linear RNN with gain 1.1 over 50 steps the recurrent weight gradient is about $7 \\times 10^{5}$ (median $\\lVert \\partial \\mathcal{L} / \\partial W_{hh} \\rVert = 10^{5.84}$, p10–p90 $10^{5.82}$–$10^{5.86}$)"),
        ],
    },
    RnnClaim {
        id: "rnn-linear-orthogonal-gain-1.1-200",
        network: with_steps(rnn(RnnLinear, Orthogonal, 1.1), 200),
        checks: &[
            EverySeed(Overflowed, 0.0, 0.0),
            Median(RecurrentWeightGradLog10, 18.85, 18.95),
            EverySeed(GainLawError, 0.0, 1e-4),
        ],
        cited: &[(CUT, "over 200 steps it is about $10^{18.9}$, still finite in float32 in every seed")],
    },
    RnnClaim {
        id: "rnn-linear-normal",
        network: rnn(RnnLinear, Normal, 1.0),
        checks: &[
            SeedBand {
                of: Decades,
                p10: (-0.12, -0.02),
                p90: (2.73, 2.83),
            },
            Median(Decades, 1.2, 1.25),
            SeedCount(&[Exploding], 11),
            SeedCount(&[Healthy], 9),
        ],
        cited: &[(LESSON, "the linear RNN's gradient at $h_1$ ranges from about 0.9 to 600 times the one at $h_{50}$ over our seeds (p10–p90; median about 17×): exploding in 11 of 20 seeds, healthy in the other 9.")],
    },
    RnnClaim {
        id: "rnn-tanh-orthogonal",
        network: TANH,
        checks: &[
            EverySeedVerdict(&[Vanishing]),
            Median(Decades, -9.85, -9.75),
            SeedBand {
                of: Decades,
                p10: (-10.0, -9.9),
                p90: (-9.65, -9.55),
            },
            Median(Horizon, 14.0, 14.0),
            SeedBand {
                of: Horizon,
                p10: (14.0, 14.0),
                p90: (15.0, 15.0),
            },
            MedianWithin(RecurrentWeightGradLog10, -0.75, -0.6),
        ],
        cited: &[
            (LESSON, "so with an orthogonal $W_{hh}$ and gain 1 the tanh RNN loses about 10 decades over 50 steps (median 9.8, p10–p90 9.6–10.0 over our 20 seeds), about 0.2 decades a step."),
            (LESSON, "Its memory horizon (how many steps back the gradient stays above $10^{-3}$ of its value at $h_{50}$) is 14 steps (p10–p90 14–15)."),
            (CAROUSEL, "as short as the tanh RNN's"),
            (INIT, "the tanh RNN with orthogonal weights still loses about 10 decades over 50 steps (the section above)."),
            (INIT, "where the tanh RNN's is about 0.2."),
            (TE, "Vanilla RNN vanishes."),
            (TE, "the gradient reaching h₁ is about 10⁻¹⁰ of the one at h₅₀ (median of 20 seeds), and it stays within 10⁻³ of its end value for only about 14 steps back."),
            (LF, "(the tanh RNN: 14)"),
            (LF, "(tanh: 10⁻¹⁰)"),
        ],
    },
    RnnClaim {
        id: "rnn-tanh-orthogonal-gain-1.1",
        network: rnn(RnnTanh, Orthogonal, 1.1),
        checks: &[EverySeedVerdict(&[Vanishing]), Median(Decades, -8.2, -8.05)],
        cited: &[
            (LESSON, "does not make the tanh RNN explode: it still loses about 8 decades (median 8.1)."),
            (GE, "(A tanh RNN at gain 1.1 still vanishes here: its saturation wins.)"),
        ],
    },
    RnnClaim {
        id: "rnn-tanh-orthogonal-gain-2",
        network: rnn(RnnTanh, Orthogonal, 2.0),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(Decades, 0.91, 0.93),
            SeedBand {
                of: Decades,
                p10: (0.81, 0.83),
                p90: (1.05, 1.07),
            },
        ],
        cited: &[(LESSON, "at $g = 2$ the gradient at $h_1$ is about 8× the one at $h_{50}$ (median 0.92 decades, p10–p90 0.82–1.06) and every seed is judged healthy")],
    },
    RnnClaim {
        id: "rnn-tanh-orthogonal-gain-3",
        network: rnn(RnnTanh, Orthogonal, 3.0),
        checks: &[
            EverySeedVerdict(&[Exploding]),
            Median(Decades, 5.6, 5.7),
            SeedBand {
                of: Decades,
                p10: (5.45, 5.55),
                p90: (5.85, 5.95),
            },
        ],
        cited: &[(LESSON, "at $g = 3$ it explodes in every seed, by about 5.7 decades (p10–p90 5.5–5.9)")],
    },
    RnnClaim {
        id: "rnn-lstm-forget-bias-0",
        network: LSTM,
        checks: &[
            EverySeedVerdict(&[Vanishing]),
            Median(Decades, -10.0, -9.9),
            SeedBand {
                of: Decades,
                p10: (-10.1, -10.05),
                p90: (-9.9, -9.85),
            },
            Median(Horizon, 12.0, 12.0),
        ],
        cited: &[
            (CAROUSEL, "Over 50 steps in our simulator, an LSTM with forget bias 0 loses about 10 decades (median 9.95, p10–p90 9.88–10.07, 20 seeds) and its memory horizon is 12 steps"),
            (LF, "Set the forget bias to 0 and the ratio falls to 10⁻¹⁰."),
        ],
    },
    RnnClaim {
        id: "rnn-lstm-forget-bias-1",
        network: with_forget_bias(LSTM, 1.0),
        checks: &[
            EverySeedVerdict(&[Vanishing]),
            Median(Decades, -4.95, -4.85),
            SeedBand {
                of: Decades,
                p10: (-5.0, -4.95),
                p90: (-4.85, -4.8),
            },
            Median(Horizon, 25.0, 25.0),
            SeedBand {
                of: Horizon,
                p10: (25.0, 25.0),
                p90: (26.0, 26.0),
            },
        ],
        cited: &[
            (CAROUSEL, "With forget bias 1 it loses about 5 decades (median 4.9, p10–p90 4.8–5.0) and the gradient stays above $10^{-3}$ of its end value for 25 steps back (p10–p90 25–26), still judged vanishing over 50 steps."),
            (LF, "An LSTM with forget-gate bias 1: the gradient reaches about 25 steps back before falling below 10⁻³ of its end value"),
            (LF, "and arrives at h₁ about 10⁻⁵ as strong"),
            (LF, "Over 50 steps it is still judged vanishing"),
        ],
    },
    RnnClaim {
        id: "rnn-lstm-forget-bias-3",
        network: with_forget_bias(LSTM, 3.0),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(Decades, -0.9, -0.85),
            SeedBand {
                of: Decades,
                p10: (-0.935, -0.925),
                p90: (-0.825, -0.815),
            },
            Median(CellDecades, -0.45, -0.435),
        ],
        cited: &[
            (CAROUSEL, "With forget bias 3 ($\\sigma(3) \\approx 0.95$) the gradient at $h_1$ is about 0.13 of the one at $h_{50}$ (median 0.88 decades lost, p10–p90 0.82–0.93), healthy in every seed."),
            (CAROUSEL, "$\\lVert \\partial \\mathcal{L} / \\partial c_1 \\rVert$ is about 0.36 of $\\lVert \\partial \\mathcal{L} / \\partial h_{50} \\rVert$ there (median 0.44 decades below)."),
            (L3, "over 50 steps the gradient at h₁ is about 0.13 of the one at h₅₀ (median of 20 seeds), judged healthy."),
            (L3, "‖∂L/∂c₁‖ is about a third of ‖∂L/∂h₅₀‖."),
        ],
    },
    RnnClaim {
        id: "rnn-gru",
        network: rnn(Gru, Orthogonal, 1.0),
        checks: &[
            EverySeedVerdict(&[Vanishing]),
            Median(Decades, -8.85, -8.75),
            SeedBand {
                of: Decades,
                p10: (-8.95, -8.85),
                p90: (-8.75, -8.65),
            },
            Median(Horizon, 16.0, 16.0),
        ],
        cited: &[
            (CAROUSEL, "the GRU loses about 9 decades over 50 steps (median 8.8, p10–p90 8.7–8.9; memory horizon 16 steps)."),
            ("rnn-preset:rnn-gru", "the gradient at h₁ is about 10⁻⁹ of the one at h₅₀ and stays above 10⁻³ of it for about 16 steps back"),
        ],
    },
    RnnClaim {
        id: "rnn-irnn",
        network: rnn(RnnRelu, Identity, 1.0),
        checks: &[
            EverySeedVerdict(&[Healthy]),
            Median(Decades, -0.31, -0.29),
            SeedBand {
                of: Decades,
                p10: (-0.335, -0.325),
                p90: (-0.295, -0.285),
            },
            Median(RecurrentWeightGradLog10, 3.115, 3.145),
            SeedBand {
                of: RecurrentWeightGradLog10,
                p10: (3.105, 3.115),
                p90: (3.155, 3.165),
            },
        ],
        cited: &[
            (INIT, "In our simulator the IRNN's gradient at $h_1$ is about half the one at $h_{50}$ (median 0.30 decades lost, p10–p90 0.29–0.33), healthy in every seed"),
            (INIT, "the recurrent weight gradient is about 1300 (median $\\lVert \\partial \\mathcal{L} / \\partial W_{hh} \\rVert = 10^{3.13}$, p10–p90 $10^{3.11}$–$10^{3.16}$)"),
            ("rnn-preset:rnn-irnn", "Over 50 steps the gradient at h₁ is about half the one at h₅₀ (median of 20 seeds): it neither vanishes nor explodes."),
        ],
    },
    RnnClaim {
        id: "rnn-relu-orthogonal",
        network: rnn(RnnRelu, Orthogonal, 1.0),
        checks: &[
            EverySeedVerdict(&[Vanishing]),
            Median(Decades, -7.25, -7.1),
            SeedBand {
                of: Decades,
                p10: (-8.0, -7.9),
                p90: (-6.25, -6.15),
            },
        ],
        cited: &[(INIT, "the same ReLU cell with an orthogonal matrix instead loses about 7 decades (median 7.2, p10–p90 6.2–8.0).")],
    },
    RnnClaim {
        id: "rnn-irnn-gain-1.1",
        network: rnn(RnnRelu, Identity, 1.1),
        checks: &[EverySeedVerdict(&[Exploding]), Median(Decades, 1.85, 1.95)],
        cited: &[(INIT, "At gain 1.1 the IRNN explodes in every seed, by about 1.9 decades.")],
    },
    RnnClaim {
        id: "rnn-tanh-identity",
        network: rnn(RnnTanh, Identity, 1.0),
        checks: &[
            EverySeedVerdict(&[Vanishing]),
            Median(Decades, -10.85, -10.75),
            SeedBand {
                of: Decades,
                p10: (-11.8, -11.75),
                p90: (-9.65, -9.55),
            },
        ],
        cited: &[(INIT, "The identity does not rescue the tanh RNN: it loses about 11 decades (median 10.8, p10–p90 9.6–11.8)")],
    },
    RnnClaim {
        id: "rnn-tanh-pytorch",
        network: rnn(RnnTanh, RecurrentInit::Pytorch, 1.0),
        checks: &[
            EverySeedVerdict(&[Vanishing]),
            Median(Decades, -16.25, -16.15),
            SeedBand {
                of: Decades,
                p10: (-17.0, -16.95),
                p90: (-14.95, -14.9),
            },
        ],
        cited: &[(INIT, "the tanh RNN loses about 16 decades with it over 50 steps (median 16.2, p10–p90 14.9–17.0)")],
    },
    RnnClaim {
        id: "rnn-truncated-linear",
        network: with_truncate(LINEAR, 10),
        checks: &[
            EverySeed(ZeroSteps, 40.0, 40.0),
            EverySeed(KeptStepsVsFull, 0.0, 0.0),
            EverySeed(Horizon, 9.0, 9.0),
            EverySeedVerdict(&[Healthy]),
        ],
        cited: &[
            (CUT, "the backward pass stops after $k$ steps, and the steps before $T - k + 1$ get no gradient at all, exactly 0."),
            (CUT, "With $k = 10$ over 50 steps, 40 steps receive exactly zero gradient and the last 10 receive the same gradient as with full BPTT (identical to the last digit), in all 20 seeds, for the linear, tanh and LSTM cells alike."),
            (CUT, "Truncation cannot make a gradient explode or vanish that would not otherwise: it only hides everything older than $k$ steps."),
            (CUT, "A dependency longer than $k$ steps cannot be learned from a truncated gradient at all, however healthy the cell."),
            ("rnn-preset:rnn-truncated", "steps 1–40 get exactly zero"),
            ("rnn-preset:rnn-truncated", "The memory horizon is cut to 9 steps; over the steps that do get a gradient the verdict is healthy."),
        ],
    },
    RnnClaim {
        id: "rnn-truncated-tanh",
        network: with_truncate(TANH, 10),
        checks: &[
            EverySeed(ZeroSteps, 40.0, 40.0),
            EverySeed(KeptStepsVsFull, 0.0, 0.0),
        ],
        cited: &[(CUT, "for the linear, tanh and LSTM cells alike")],
    },
    RnnClaim {
        id: "rnn-truncated-lstm",
        network: with_truncate(with_forget_bias(LSTM, 1.0), 10),
        checks: &[
            EverySeed(ZeroSteps, 40.0, 40.0),
            EverySeed(KeptStepsVsFull, 0.0, 0.0),
        ],
        cited: &[(CUT, "for the linear, tanh and LSTM cells alike")],
    },
];

/// The latching task of the reference's training entries: T = 10, H = 64, orthogonal gain 1,
/// Adam at lr 1e-3, 1500 updates.
pub const fn latching(cell: Cell, forget_bias: f64, clip: Option<f64>) -> LatchingConfig {
    LatchingConfig {
        cell,
        steps: 10,
        width: 64,
        init: Orthogonal,
        gain: 1.0,
        forget_bias,
        lr: 1e-3,
        clip,
        train_steps: 1500,
        seed: 0,
    }
}

pub const LATCHING_CLAIMS: &[LatchingClaim] = &[
    LatchingClaim {
        id: "latching-tanh",
        task: latching(RnnTanh, 0.0, None),
        checks: &[
            LatchingCheck::Median(LatchingQuantity::H1GradLog10AtStart, -3.28, -3.26),
            LatchingCheck::SeedBand {
                of: LatchingQuantity::H1GradLog10AtStart,
                p10: (-3.295, -3.285),
                p90: (-3.22, -3.21),
            },
            LatchingCheck::Median(LatchingQuantity::FinalAccuracy, 0.505, 0.515),
            LatchingCheck::SeedBand {
                of: LatchingQuantity::FinalAccuracy,
                p10: (0.475, 0.485),
                p90: (0.555, 0.565),
            },
            LatchingCheck::SeedsLearnt(1),
        ],
        cited: &[
            (CAROUSEL, "the gradient of the test loss that reaches $h_1$ before the first update is about $10^{-3.3}$ for the tanh RNN (median $-3.27$ decades, p10–p90 $-3.29$ to $-3.21$, 20 seeds)"),
            (CAROUSEL, "In our simulator, trained the same way over 20 seeds, the tanh RNN ends at a median test accuracy of 0.51 (p10–p90 0.48–0.56), with 1 seed of 20 reaching 0.9"),
        ],
    },
    LatchingClaim {
        id: "latching-tanh-clip-1",
        task: latching(RnnTanh, 0.0, Some(1.0)),
        checks: &[
            LatchingCheck::Median(LatchingQuantity::FinalAccuracy, 0.505, 0.515),
            LatchingCheck::SeedBand {
                of: LatchingQuantity::FinalAccuracy,
                p10: (0.48, 0.49),
                p90: (0.555, 0.565),
            },
            LatchingCheck::SeedsLearnt(2),
        ],
        cited: &[
            (CUT, "clipping the global norm at 1 leaves the tanh RNN where it was: trained with Adam at learning rate $10^{-3}$ for 1500 steps over 20 seeds, it ends at a median test accuracy of 0.51 (p10–p90 0.48–0.56), with 2 seeds of 20 reaching 0.9, against 1 without clipping."),
        ],
    },
    LatchingClaim {
        id: "latching-lstm-forget-bias-1",
        task: latching(Lstm, 1.0, None),
        checks: &[
            LatchingCheck::Median(LatchingQuantity::H1GradLog10AtStart, -3.1, -3.08),
            LatchingCheck::SeedBand {
                of: LatchingQuantity::H1GradLog10AtStart,
                p10: (-3.12, -3.105),
                p90: (-3.02, -3.005),
            },
            LatchingCheck::SeedsLearnt(20),
            LatchingCheck::MedianStepsToLearnt(400.0, 400.0),
            LatchingCheck::Median(LatchingQuantity::FinalAccuracy, 0.9955, 0.9965),
            LatchingCheck::SeedBand {
                of: LatchingQuantity::FinalAccuracy,
                p10: (0.9895, 0.9905),
                p90: (0.9975, 0.9985),
            },
        ],
        cited: &[
            (CAROUSEL, "and the LSTM with forget bias 1 reaches 0.9 in all 20 seeds (by step 400, median) and ends at a median 0.996 (p10–p90 0.990–0.998)."),
            (CAROUSEL, "and about $10^{-3.1}$ for the LSTM with forget bias 1 (median $-3.09$, p10–p90 $-3.11$ to $-3.01$): less than a fifth of a decade apart."),
        ],
    },
];

/// A training result of the reference (`tests/fixtures/recurrent_training.json`, its
/// `training` entries: T = 10, H = 64, Adam at lr 1e-3, 1500 steps, 10 seeds), quoted as the
/// reference's measurement; `tests/lessons_recurrent.rs` checks the quote against the file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReferenceLatchingClaim {
    pub cell: Cell,
    pub forget_bias: f64,
    /// The median final test accuracy lies in `lo..=hi`.
    pub median_final_accuracy: (f64, f64),
    /// Exactly this many seeds end at or above this accuracy.
    pub seeds_at_least: (f64, usize),
    pub cited: &'static [(&'static str, &'static str)],
}

pub const REFERENCE_LATCHING_CLAIMS: &[ReferenceLatchingClaim] = &[
    ReferenceLatchingClaim {
        cell: Lstm,
        forget_bias: 1.0,
        median_final_accuracy: (0.9955, 0.9965),
        seeds_at_least: (0.99, 9),
        cited: &[(CAROUSEL, "measured the LSTM at a median test accuracy of 0.996 with 9 of its 10 seeds at 0.99 or above")],
    },
    ReferenceLatchingClaim {
        cell: RnnTanh,
        forget_bias: 0.0,
        median_final_accuracy: (0.5125, 0.5135),
        seeds_at_least: (0.9, 1),
        cited: &[(CAROUSEL, "and the tanh RNN at a median 0.513, near chance (1 of its 10 seeds reached 0.9)")],
    },
];
