//! The trainer's random streams, carved out of the core's `rng::Stream` so every purpose has
//! its own seeded stream: the training set, the test set, the shuffles and each layer's
//! weights never depend on one another (changing the depth leaves the data and the head alone).
//!
//! Mapping (biases start at 0, so the core's bias streams are free to reuse):
//! training set = `Data`; test set = `Bias(RESERVED)`; shuffles = `Bias(RESERVED + 1)`;
//! input layer = `Weights(0)`; hidden layer l = `Weights(l)`; head = `Weights(RESERVED)`.

use crate::sim::rng::{Sampler, Stream};

/// Above any depth the explorer allows (200).
const RESERVED: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    TrainData,
    TestData,
    Shuffle,
    /// Layer k: 0 is the input layer, 1..=L the hidden layers.
    Layer(usize),
    Head,
}

pub fn sampler(seed: u64, purpose: Purpose) -> Sampler {
    let stream = match purpose {
        Purpose::TrainData => Stream::Data,
        Purpose::TestData => Stream::Bias(RESERVED),
        Purpose::Shuffle => Stream::Bias(RESERVED + 1),
        Purpose::Layer(k) => Stream::Weights(k),
        Purpose::Head => Stream::Weights(RESERVED),
    };
    Sampler::new(seed, stream)
}
