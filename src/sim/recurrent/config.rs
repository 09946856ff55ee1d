//! What the user chooses for a recurrent network: the cell, the recurrent init, the sizes,
//! the gain, the LSTM forget-gate bias and the truncation of back-propagation through time.

use std::fmt;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::sim::choice::choice;
use crate::sim::memory::{megabytes, MEMORY_LIMIT_BYTES};

/// The recurrent cell (PyTorch's conventions, gate blocks in PyTorch's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    RnnTanh,
    RnnRelu,
    RnnLinear,
    Lstm,
    Gru,
}

choice!(Cell {
    RnnTanh => "rnn_tanh", "Vanilla RNN (tanh)";
    RnnRelu => "rnn_relu", "Vanilla RNN (ReLU)";
    RnnLinear => "rnn_linear", "Linear RNN";
    Lstm => "lstm", "LSTM";
    Gru => "gru", "GRU";
});

impl Cell {
    /// G, the number of H×H blocks in W_ih and W_hh (1 | 4 gates i f g o | 3 gates r z n).
    pub fn blocks(self) -> usize {
        match self {
            Cell::RnnTanh | Cell::RnnRelu | Cell::RnnLinear => 1,
            Cell::Lstm => 4,
            Cell::Gru => 3,
        }
    }

    /// Whether the cell has a cell state c_t besides h_t.
    pub fn has_cell_state(self) -> bool {
        self == Cell::Lstm
    }

    /// Whether the cell is one of the plain RNNs h_t = φ(x_t W_ih + h_{t−1} W_hh + b).
    pub fn is_plain(self) -> bool {
        self.blocks() == 1
    }
}

/// How the recurrent blocks of W_hh are sampled (the input blocks are always N(0, 1/H)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecurrentInit {
    Orthogonal,
    Normal,
    Identity,
    Pytorch,
}

choice!(RecurrentInit {
    Orthogonal => "orthogonal", "Orthogonal (g·Q)";
    Normal => "normal", "Normal N(0, g²/H)";
    Identity => "identity", "Identity (g·I, IRNN)";
    Pytorch => "pytorch", "PyTorch default U(±1/√H)";
});

impl RecurrentInit {
    /// The reference's init index, which keys the recurrent random stream.
    pub fn index(self) -> usize {
        match self {
            RecurrentInit::Orthogonal => 0,
            RecurrentInit::Normal => 1,
            RecurrentInit::Identity => 2,
            RecurrentInit::Pytorch => 3,
        }
    }
}

/// Everything that determines one recurrent run. The same config always gives the same run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RnnConfig {
    pub cell: Cell,
    /// T, the sequence length.
    pub steps: usize,
    /// H, the hidden width (the input width is H too).
    pub width: usize,
    pub batch: usize,
    pub init: RecurrentInit,
    /// g: scales the recurrent blocks (ignored by `pytorch`).
    pub gain: f64,
    /// Added to the LSTM's forget-gate bias (ignored by the other cells).
    pub forget_bias: f64,
    /// k: back-propagation through the last k steps only (k = T: full BPTT).
    pub truncate: usize,
    pub seed: u64,
}

impl Default for RnnConfig {
    fn default() -> Self {
        RnnConfig {
            cell: Cell::RnnTanh,
            steps: 50,
            width: 64,
            batch: 32,
            init: RecurrentInit::Orthogonal,
            gain: 1.0,
            forget_bias: 0.0,
            truncate: 50,
            seed: 0,
        }
    }
}

pub const STEPS_RANGE: RangeInclusive<usize> = 1..=1000;
pub const WIDTH_RANGE: RangeInclusive<usize> = 8..=512;
pub const BATCH_RANGE: RangeInclusive<usize> = 1..=1024;
/// Beyond a gain of 10 every cell has overflowed or saturated long before; the range keeps
/// the numbers a user can type meaningful.
pub const GAIN_RANGE: RangeInclusive<f64> = 0.0..=10.0;
/// A forget bias of ±10 already sets the gate to 1 or 0 within float32's resolution.
pub const FORGET_BIAS_RANGE: RangeInclusive<f64> = -10.0..=10.0;

/// A field of `RnnConfig` out of its allowed range.
#[derive(Clone, Debug, PartialEq)]
pub enum RnnConfigError {
    Steps(usize),
    Width(usize),
    Batch(usize),
    Gain(f64),
    ForgetBias(f64),
    Truncate {
        truncate: usize,
        steps: usize,
    },
    /// The identity init is defined for the plain RNNs only (one square block).
    IdentityGated(Cell),
    Memory {
        bytes: u64,
    },
}

impl fmt::Display for RnnConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let range = |r: &RangeInclusive<usize>| format!("between {} and {}", r.start(), r.end());
        let frange = |r: &RangeInclusive<f64>| format!("between {} and {}", r.start(), r.end());
        match self {
            RnnConfigError::Steps(v) => {
                write!(f, "steps must be {} (got {v})", range(&STEPS_RANGE))
            }
            RnnConfigError::Width(v) => {
                write!(f, "width must be {} (got {v})", range(&WIDTH_RANGE))
            }
            RnnConfigError::Batch(v) => {
                write!(f, "batch must be {} (got {v})", range(&BATCH_RANGE))
            }
            RnnConfigError::Gain(v) => {
                write!(f, "gain must be a number {} (got {v})", frange(&GAIN_RANGE))
            }
            RnnConfigError::ForgetBias(v) => write!(
                f,
                "forget bias must be a number {} (got {v})",
                frange(&FORGET_BIAS_RANGE)
            ),
            RnnConfigError::Truncate { truncate, steps } => write!(
                f,
                "truncate must be between 1 and the number of steps {steps} (got {truncate})"
            ),
            RnnConfigError::IdentityGated(c) => write!(
                f,
                "the identity init is for rnn_tanh, rnn_relu and rnn_linear, not {c}"
            ),
            RnnConfigError::Memory { bytes } => write!(
                f,
                "this run would need about {} MB of memory, more than the limit of {} MB: use \
                 fewer steps, a narrower network or a smaller batch",
                megabytes(*bytes),
                megabytes(MEMORY_LIMIT_BYTES)
            ),
        }
    }
}

impl std::error::Error for RnnConfigError {}

impl RnnConfig {
    /// Checks every field against its allowed range; NaN fails every float range.
    pub fn validate(&self) -> Result<(), RnnConfigError> {
        if !STEPS_RANGE.contains(&self.steps) {
            return Err(RnnConfigError::Steps(self.steps));
        }
        if !WIDTH_RANGE.contains(&self.width) {
            return Err(RnnConfigError::Width(self.width));
        }
        if !BATCH_RANGE.contains(&self.batch) {
            return Err(RnnConfigError::Batch(self.batch));
        }
        if !GAIN_RANGE.contains(&self.gain) {
            return Err(RnnConfigError::Gain(self.gain));
        }
        if !FORGET_BIAS_RANGE.contains(&self.forget_bias) {
            return Err(RnnConfigError::ForgetBias(self.forget_bias));
        }
        if !(1..=self.steps).contains(&self.truncate) {
            return Err(RnnConfigError::Truncate {
                truncate: self.truncate,
                steps: self.steps,
            });
        }
        if self.init == RecurrentInit::Identity && !self.cell.is_plain() {
            return Err(RnnConfigError::IdentityGated(self.cell));
        }
        let bytes = recurrent_bytes(self);
        if bytes > MEMORY_LIMIT_BYTES {
            return Err(RnnConfigError::Memory { bytes });
        }
        Ok(())
    }
}

/// Upper estimate of the bytes one run allocates (float32): the weights and their gradients
/// (4 of H×GH), per step x_t, h_t, c_t, the cell's cache (`pass::cache_width`, at most 4H per
/// row) and the packed copy of x_t (or h_{t−1}) the weight-gradient product makes, and a
/// dozen B×GH scratch arrays.
pub fn recurrent_bytes(cfg: &RnnConfig) -> u64 {
    let (t, h, b) = (cfg.steps as u64, cfg.width as u64, cfg.batch as u64);
    let gh = cfg.cell.blocks() as u64 * h;
    let per_step = b * (3 * h + 4 * h + h);
    4 * (4 * h * gh + 8 * gh + (t + 1) * per_step + 12 * b * gh)
}
