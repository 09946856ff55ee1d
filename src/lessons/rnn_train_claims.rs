//! The recurrent training panel's claims: every statement of a training preset's explanation
//! (`page::recurrent::train_presets`) that names a configuration and an outcome, as a
//! `LatchingClaim` over seeds 0–19 quoting it. Its task is its preset's run; it is checked by
//! `rnn_check::check_latching_claim` (trained runs with `GFE_FULL_CLAIMS=1`: 20 seeds × 1500
//! steps each) in `tests/recurrent_train_page.rs`. The figures were measured in release
//! builds with `train_latching` (the tanh and LSTM ones are also the lessons' claims).

use super::rnn_claims::LatchingCheck::{Median, MedianStepsToLearnt, SeedBand, SeedsLearnt};
use super::rnn_claims::LatchingQuantity::FinalAccuracy;
use super::rnn_claims::{latching, LatchingClaim};
use crate::sim::recurrent::Cell::{self, Gru, Lstm, RnnTanh};
use crate::sim::recurrent::LatchingConfig;

/// The reference's latching task (`rnn_claims::latching`) at length `t` and learning rate `lr`.
const fn task(
    cell: Cell,
    t: usize,
    forget_bias: f64,
    lr: f64,
    clip: Option<f64>,
) -> LatchingConfig {
    LatchingConfig {
        steps: t,
        lr,
        ..latching(cell, forget_bias, clip)
    }
}

/// Where a preset's explanation is (`location` of a quote): `train-preset:<id>`.
pub const PRESET: &str = "train-preset:";

pub const RNN_TRAIN_CLAIMS: &[LatchingClaim] = &[
    LatchingClaim {
        id: "train-tanh-t10",
        task: task(RnnTanh, 10, 0.0, 1e-3, None),
        checks: &[
            Median(FinalAccuracy, 0.505, 0.515),
            SeedBand {
                of: FinalAccuracy,
                p10: (0.475, 0.485),
                p90: (0.555, 0.565),
            },
            SeedsLearnt(1),
        ],
        cited: &[("train-preset:tanh-t10", "ends at a median test accuracy of 0.51 (p10–p90 0.48–0.56), with 1 seed of 20 reaching 0.9")],
    },
    LatchingClaim {
        id: "train-tanh-t10-clip",
        task: task(RnnTanh, 10, 0.0, 1e-3, Some(1.0)),
        checks: &[
            Median(FinalAccuracy, 0.505, 0.515),
            SeedBand {
                of: FinalAccuracy,
                p10: (0.48, 0.49),
                p90: (0.555, 0.565),
            },
            SeedsLearnt(2),
        ],
        cited: &[("train-preset:tanh-t10-clip", "ends at a median test accuracy of 0.51 (p10–p90 0.48–0.56), with 2 seeds of 20 reaching 0.9")],
    },
    LatchingClaim {
        id: "train-tanh-t10-lr3e-3",
        task: task(RnnTanh, 10, 0.0, 3e-3, None),
        checks: &[
            SeedsLearnt(11),
            Median(FinalAccuracy, 0.9965, 0.9975),
            SeedBand {
                of: FinalAccuracy,
                p10: (0.735, 0.745),
                p90: (0.995, 1.0),
            },
        ],
        cited: &[("train-preset:tanh-t10-lr3e-3", "11 seeds of 20 reach 0.9, and the test accuracy ends at a median 0.997 (p10–p90 0.74–1.00)")],
    },
    LatchingClaim {
        id: "train-lstm-t10",
        task: task(Lstm, 10, 1.0, 1e-3, None),
        checks: &[
            SeedsLearnt(20),
            MedianStepsToLearnt(400.0, 400.0),
            Median(FinalAccuracy, 0.9955, 0.9965),
            SeedBand {
                of: FinalAccuracy,
                p10: (0.9895, 0.9905),
                p90: (0.9975, 0.9985),
            },
        ],
        cited: &[("train-preset:lstm-t10", "it reaches 0.9 in all 20 seeds (by step 400, median) and ends at a median 0.996 (p10–p90 0.990–0.998)")],
    },
    LatchingClaim {
        id: "train-gru-t10",
        task: task(Gru, 10, 0.0, 1e-3, None),
        checks: &[
            SeedsLearnt(20),
            MedianStepsToLearnt(850.0, 850.0),
            Median(FinalAccuracy, 0.9855, 0.9865),
            SeedBand {
                of: FinalAccuracy,
                p10: (0.9625, 0.9635),
                p90: (0.9955, 0.9965),
            },
        ],
        cited: &[("train-preset:gru-t10", "it reaches 0.9 in all 20 seeds (by step 850, median) and ends at a median 0.986 (p10–p90 0.963–0.996)")],
    },
    LatchingClaim {
        id: "train-lstm-t20",
        task: task(Lstm, 20, 1.0, 1e-3, None),
        checks: &[
            SeedsLearnt(1),
            Median(FinalAccuracy, 0.8475, 0.8485),
            SeedBand {
                of: FinalAccuracy,
                p10: (0.8045, 0.8055),
                p90: (0.8645, 0.8655),
            },
        ],
        cited: &[("train-preset:lstm-t20", "1 seed of 20 reaches 0.9 in 1500 steps; they end at a median 0.848 (p10–p90 0.805–0.865)")],
    },
];
