//! The recurrent mode's precision card (`words::lost`): over how many steps ∂L/∂hₜ lost
//! entries to the format's underflow, and the loss scale the backward used. The numbers are
//! the worker's `RnnSpread`; float32 without a scale has no card (`None`).

use crate::sim::recurrent::RnnSpread;
use crate::words::lost::{self, LostCard, LostUnit};

const STEPS: LostUnit = LostUnit {
    plural: "steps",
    singular: "step",
    gradient: "∂L/∂hₜ",
};

/// The card for `spread`, or `None` for a float32 run without a scale.
pub fn lost_card(spread: &RnnSpread) -> Option<LostCard> {
    let fractions = spread.steps.iter().map(|s| s.grad_fractions);
    let scales = (spread.scale_log2.as_slice(), spread.seeds);
    lost::lost_card(spread.mixed, fractions, scales, &STEPS)
}
