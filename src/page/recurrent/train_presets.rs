//! The training panel's presets: the latching task of the reference's training entries
//! (H = 64, orthogonal recurrent init at gain 1, Adam, 1500 steps, batch 32, 512 test
//! sequences) with a cell, a sequence length T, a learning rate and optional clipping. An
//! explanation states only what our simulator measured over seeds 0–19: each statement is a
//! `LatchingClaim` of `lessons::rnn_train_claims` quoting it, checked by
//! `tests/recurrent_train_page.rs` (seed 0 of every preset in CI; all 20 seeds with
//! `GFE_FULL_CLAIMS=1`).

use super::edit::RnnEdit;
use super::train::{latching_config, LatchingSettings};
use crate::page::task_train::TaskPreset;
use crate::sim::recurrent::{Cell, LatchingConfig, RecurrentInit, RnnConfig};

pub struct LatchingPreset {
    /// Stable id: `data-testid="rnn-train-preset-<id>"`.
    pub id: &'static str,
    pub title: &'static str,
    pub cell: Cell,
    /// T.
    pub steps: usize,
    pub forget_bias: f64,
    pub lr: f64,
    pub clip: Option<f64>,
    pub explanation: &'static str,
}

/// The reference's network and training length.
const WIDTH: usize = 64;
const TRAIN_STEPS: usize = 1500;

impl LatchingPreset {
    /// The run of one seed.
    pub fn config(&self, seed: u64) -> LatchingConfig {
        LatchingConfig {
            cell: self.cell,
            steps: self.steps,
            width: WIDTH,
            init: RecurrentInit::Orthogonal,
            gain: 1.0,
            forget_bias: self.forget_bias,
            lr: self.lr,
            clip: self.clip,
            train_steps: TRAIN_STEPS,
            seed,
        }
    }
}

impl TaskPreset for LatchingPreset {
    type Settings = LatchingSettings;
    type Network = RnnConfig;
    type NetworkEdit = RnnEdit;

    fn all() -> &'static [LatchingPreset] {
        &LATCHING_PRESETS
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

    fn settings(&self) -> LatchingSettings {
        LatchingSettings {
            lr: self.lr,
            clip: self.clip,
            steps: TRAIN_STEPS,
        }
    }

    /// The cell, T, the reference's width and init, and full BPTT (seed and batch are kept).
    fn network_edits(&self) -> Vec<RnnEdit> {
        use RnnEdit as E;
        vec![
            E::Cell(self.cell),
            E::Init(RecurrentInit::Orthogonal),
            E::Steps(self.steps),
            E::Width(WIDTH),
            E::Gain(1.0),
            E::ForgetBias(self.forget_bias),
            E::Truncate(self.steps),
        ]
    }

    fn matches(&self, rnn: &RnnConfig, s: &LatchingSettings) -> bool {
        latching_config(rnn, s).is_ok_and(|c| c == self.config(rnn.seed))
    }
}

const fn preset(id: &'static str, title: &'static str, cell: Cell) -> LatchingPreset {
    LatchingPreset {
        id,
        title,
        cell,
        steps: 10,
        forget_bias: 0.0,
        lr: 1e-3,
        clip: None,
        explanation: "",
    }
}

pub const LATCHING_PRESETS: [LatchingPreset; 6] = [
    LatchingPreset {
        explanation: "A tanh RNN (H = 64, orthogonal, gain 1) must carry the class from x₁ \
            through 10 steps of noise; Adam at lr 0.001 for 1500 steps. Over seeds 0–19 it \
            ends at a median test accuracy of 0.51 (p10–p90 0.48–0.56), with 1 seed of 20 \
            reaching 0.9: chance is 0.5.",
        ..preset(
            "tanh-t10",
            "tanh RNN, T = 10: stays at chance",
            Cell::RnnTanh,
        )
    },
    LatchingPreset {
        clip: Some(1.0),
        explanation: "The same tanh RNN with the global gradient norm clipped at 1: it ends \
            at a median test accuracy of 0.51 (p10–p90 0.48–0.56), with 2 seeds of 20 \
            reaching 0.9. Clipping caps a gradient that is too large; it cannot enlarge a \
            small one.",
        ..preset(
            "tanh-t10-clip",
            "tanh RNN clipped at 1: still at chance",
            Cell::RnnTanh,
        )
    },
    LatchingPreset {
        lr: 3e-3,
        explanation: "The tanh RNN again, Adam at lr 0.003 instead of 0.001: 11 seeds of 20 \
            reach 0.9, and the test accuracy ends at a median 0.997 (p10–p90 0.74–1.00): \
            with larger steps, about half the seeds learn.",
        ..preset(
            "tanh-t10-lr3e-3",
            "tanh RNN at lr 0.003: about half learn",
            Cell::RnnTanh,
        )
    },
    LatchingPreset {
        forget_bias: 1.0,
        explanation: "An LSTM with forget-gate bias 1, otherwise as the tanh RNN (T = 10, \
            Adam at lr 0.001): it reaches 0.9 in all 20 seeds (by step 400, median) and ends \
            at a median 0.996 (p10–p90 0.990–0.998).",
        ..preset(
            "lstm-t10",
            "LSTM (forget bias 1), T = 10: learns",
            Cell::Lstm,
        )
    },
    LatchingPreset {
        explanation: "A GRU, T = 10, Adam at lr 0.001: it reaches 0.9 in all 20 seeds (by \
            step 850, median) and ends at a median 0.986 (p10–p90 0.963–0.996) — later than \
            the LSTM, but every seed learns.",
        ..preset("gru-t10", "GRU, T = 10: learns, later", Cell::Gru)
    },
    LatchingPreset {
        steps: 20,
        forget_bias: 1.0,
        explanation: "The LSTM with forget bias 1 at T = 20, twice as long: 1 seed of 20 \
            reaches 0.9 in 1500 steps; they end at a median 0.848 (p10–p90 0.805–0.865).",
        ..preset("lstm-t20", "LSTM at T = 20: part of the way", Cell::Lstm)
    },
];
