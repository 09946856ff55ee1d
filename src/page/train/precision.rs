//! What the training panel's and the recurrent mode's precision controls offer: the loss
//! scales of the `loss-scale` select (none, a few static powers of two, dynamic) and the range
//! The words are the CLI's: `--precision`, `--loss-scale`; the `growth-interval` field's range
//! is the training edit's (`edit::GROWTH_INTERVAL_MAX`).

use crate::sim::mixed::LossScale;

/// The static scales 2^k the select offers: 2⁸ lifts a float16 gradient eight binades, 2¹⁶
/// is where a dynamic scale starts, 2²⁴ already overflows most networks' gradients.
pub const LOSS_SCALE_POWERS: [i32; 4] = [8, 12, 16, 24];

/// Every loss scale the select offers, in its order.
pub fn offered_loss_scales() -> Vec<LossScale> {
    let powers = LOSS_SCALE_POWERS.iter().map(|&k| LossScale::Power(k));
    std::iter::once(LossScale::None)
        .chain(powers)
        .chain(std::iter::once(LossScale::Dynamic))
        .collect()
}

/// `scale` as the select can show it: a static 2^k snaps to the nearest offered power (the
/// lower one on a tie); none and dynamic stay.
pub fn offered_loss_scale(scale: LossScale) -> LossScale {
    match scale {
        LossScale::Power(k) => {
            let nearest = LOSS_SCALE_POWERS
                .iter()
                .copied()
                .min_by_key(|&p| (p - k).unsigned_abs())
                .unwrap_or(k);
            LossScale::Power(nearest)
        }
        other => other,
    }
}

/// The select's text for a scale: "none", "2^16 (static)", "dynamic (GradScaler)".
pub fn loss_scale_label(scale: LossScale) -> String {
    match scale {
        LossScale::None => "none".into(),
        LossScale::Power(k) => format!("2^{k} (static)"),
        LossScale::Dynamic => "dynamic (GradScaler)".into(),
    }
}
