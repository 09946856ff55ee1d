//! The recurrent mode's precision card in words: over how many steps ∂L/∂h_t lost entries to
//! the format's underflow (zero in the format's run, non-zero in float32's: the lens's `lost`
//! fraction, median over seeds) and the loss scale the backward used. The numbers are the
//! worker's `RnnSpread`; float32 without a scale has no card (`None`).

use crate::sim::mixed::LossScale;
use crate::sim::recurrent::RnnSpread;
use crate::sim::seeds::percentiles;
use crate::words::scale::power_label;

/// A step counts as "entirely lost" from this median fraction on.
pub const ENTIRELY: f64 = 0.999;

/// The card's text and its figures (for `data-` attributes and tests).
#[derive(Clone, Debug, PartialEq)]
pub struct LostCard {
    pub value: String,
    pub note: String,
    /// Steps where the median lost fraction is above zero.
    pub lost_steps: usize,
    /// Steps where it is at least `ENTIRELY`.
    pub entirely_lost_steps: usize,
    /// Median over seeds of log2 of the scale the reported pass used.
    pub scale_log2: i32,
}

/// The card for `spread`, or `None` for a float32 run without a scale.
pub fn lost_card(spread: &RnnSpread) -> Option<LostCard> {
    let mixed = spread.mixed?;
    let lost: Vec<f64> = spread
        .steps
        .iter()
        .map(|s| s.grad_fractions.map_or(0.0, |f| f.lost))
        .collect();
    let lost_steps = lost.iter().filter(|&&f| f > 0.0).count();
    let entirely_lost_steps = lost.iter().filter(|&&f| f >= ENTIRELY).count();
    let reached = percentiles(spread.scale_log2.iter().map(|&k| f64::from(k)));
    let scale_log2 = if reached.p50.is_finite() {
        reached.p50.round() as i32
    } else {
        mixed.requested.start_log2()
    };
    let scale = match mixed.requested {
        LossScale::None => "no loss scale".to_string(),
        LossScale::Power(k) => format!("static scale {}", power_label(k)),
        LossScale::Dynamic => format!("dynamic scale reached {}", power_label(scale_log2)),
    };
    let entirely = match entirely_lost_steps {
        0 => String::new(),
        1 => "; every entry at 1 step".to_string(),
        n => format!("; every entry at {n} steps"),
    };
    let note = format!(
        "steps where {} turned entries of ∂L/∂hₜ to zero that float32 keeps (median of {} \
         seeds){entirely}; {scale}",
        mixed.precision.id(),
        spread.seeds
    );
    Some(LostCard {
        value: format!("{lost_steps} of {}", lost.len()),
        note,
        lost_steps,
        entirely_lost_steps,
        scale_log2,
    })
}
