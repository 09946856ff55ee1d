//! What the training panel says about a run's loss scale: the scale S now (`--loss-scale`)
//! and how many steps a dynamic scale skipped, as the "Loss scale" card shows it. The numbers
//! are the trainer's (its measurements and the history of its steps).

use crate::sim::mixed::{LossScale, MixedPrecision, DYNAMIC_START_LOG2};
use crate::train::{Measurement, TrainHistory};
use crate::words::format::superscript;

/// "2¹⁶", "2⁰", "2⁻³".
pub fn power_label(k: i32) -> String {
    format!("2{}", superscript(&k.to_string()))
}

/// The card's text and the figures behind it (for `data-` attributes).
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleCard {
    pub value: String,
    pub note: String,
    /// log2 S as last measured (None without a scale).
    pub scale_log2: Option<i32>,
    /// Steps skipped so far.
    pub skipped: usize,
}

/// The card for a run asked to use `mixed`, its newest measurement and its history.
pub fn scale_card(
    mixed: &MixedPrecision,
    latest: Option<&Measurement>,
    history: &TrainHistory,
) -> ScaleCard {
    let skipped = history.skipped_count;
    let format = mixed.precision.id();
    let (value, note, scale_log2) = match mixed.loss_scale {
        LossScale::None => (
            "none (S = 1)".to_string(),
            format!("{format} gradients unscaled: nothing is skipped"),
            None,
        ),
        LossScale::Power(k) => (
            power_label(k),
            "static: S never changes and no step is skipped".to_string(),
            Some(k),
        ),
        LossScale::Dynamic => {
            let now = latest.map_or(DYNAMIC_START_LOG2, |m| m.scale_log2);
            let at = latest
                .filter(|m| m.step != history.last_step)
                .map(|m| format!(" (at step {})", m.step))
                .unwrap_or_default();
            let note = format!(
                "dynamic, started at {}{at}; {}",
                power_label(DYNAMIC_START_LOG2),
                skipped_note(history)
            );
            (power_label(now), note, Some(now))
        }
    };
    ScaleCard {
        value,
        note,
        scale_log2,
        skipped,
    }
}

/// "no step skipped so far" or "2 steps skipped (inf/NaN): 1, 2".
pub fn skipped_note(history: &TrainHistory) -> String {
    let n = history.skipped_count;
    if n == 0 {
        return "no step skipped so far".to_string();
    }
    let first: Vec<String> = history
        .skipped_steps
        .iter()
        .take(3)
        .map(|s| s.to_string())
        .collect();
    let more = if n > first.len() { ", …" } else { "" };
    let plural = if n == 1 { "step" } else { "steps" };
    format!(
        "{n} {plural} skipped (inf/NaN in the gradients): {} {}{more}",
        plural,
        first.join(", ")
    )
}
