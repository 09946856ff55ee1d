//! The "lost to underflow" card of the recurrent and transformer modes, in words: over how
//! many steps (or blocks) the gradient lost entries to the format's underflow (zero in the
//! format's run, non-zero in float32's: the lens's `lost` fraction, median over seeds) and
//! the loss scale the backward used. Float32 without a scale has no card (`None`).

use crate::sim::mixed::LossScale;
use crate::sim::precision::{GradFractions, MixedRun};
use crate::sim::seeds::percentiles;
use crate::words::scale::power_label;

/// A step or block counts as "entirely lost" from this median fraction on.
pub const ENTIRELY: f64 = 0.999;

/// The card's text and its figures (for `data-` attributes and tests).
#[derive(Clone, Debug, PartialEq)]
pub struct LostCard {
    pub value: String,
    pub note: String,
    /// Steps (blocks) where the median lost fraction is above zero.
    pub lost: usize,
    /// Steps (blocks) where it is at least `ENTIRELY`.
    pub entirely_lost: usize,
    /// Median over seeds of log2 of the scale the reported pass used.
    pub scale_log2: i32,
}

/// What the card counts and whose gradient: ("steps", "∂L/∂hₜ") or ("blocks", "∂L/∂x").
pub struct LostUnit {
    pub plural: &'static str,
    pub singular: &'static str,
    pub gradient: &'static str,
}

/// The card of a run in `mixed` over `seeds` seeds, from each unit's median fractions and the
/// scale each seed reached; `None` for float32 without a scale.
pub fn lost_card(
    mixed: Option<MixedRun>,
    fractions: impl Iterator<Item = Option<GradFractions>>,
    (scale_log2, seeds): (&[i32], usize),
    unit: &LostUnit,
) -> Option<LostCard> {
    let mixed = mixed?;
    let lost: Vec<f64> = fractions.map(|f| f.map_or(0.0, |f| f.lost)).collect();
    let lost_count = lost.iter().filter(|&&f| f > 0.0).count();
    let entirely_lost = lost.iter().filter(|&&f| f >= ENTIRELY).count();
    let reached = percentiles(scale_log2.iter().map(|&k| f64::from(k)));
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
    let entirely = match entirely_lost {
        0 => String::new(),
        1 => format!("; every entry at 1 {}", unit.singular),
        n => format!("; every entry at {n} {}", unit.plural),
    };
    let note = format!(
        "{} where {} turned entries of {} to zero that float32 keeps (median of {seeds} \
         seeds){entirely}; {scale}",
        unit.plural,
        mixed.precision.id(),
        unit.gradient,
    );
    Some(LostCard {
        value: format!("{lost_count} of {}", lost.len()),
        note,
        lost: lost_count,
        entirely_lost,
        scale_log2,
    })
}
