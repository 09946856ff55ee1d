//! What the training panel says in words about a run (pure, tested natively).

use crate::sim::numeric::Precision;
use crate::train::history::{NonFinite, NonFiniteCause, NonFiniteValue};
use crate::words::format::format_value;

/// Why a run in `precision` stopped at its first non-finite value.
pub fn nonfinite_words(nf: &NonFinite, precision: Precision) -> String {
    let what = match nf.value {
        NonFiniteValue::MinibatchLoss => "the minibatch loss",
        NonFiniteValue::GradientNorm => "a layer's gradient",
        NonFiniteValue::TrainingLoss => "the training loss",
    };
    let why = match nf.cause {
        NonFiniteCause::Overflow => {
            let limit = match precision {
                Precision::Float16 => "65 504",
                Precision::Float32 | Precision::BFloat16 => "about 3.4·10³⁸",
            };
            format!(
                "overflow: values grew past the {} limit ({limit}) and became infinite, then NaN",
                precision.id()
            )
        }
    };
    let before = match nf.last_finite_grad_norm {
        Some(g) => format!(" The last finite gradient norm was {}.", format_value(g)),
        None => String::new(),
    };
    // `nf.step` is the update that produced the overflow (the parameters θ_step).
    let when = match nf.step {
        0 => format!("At the initial weights (step 0), {what} is not a number"),
        n => format!("After step {n}'s update, {what} stopped being a number"),
    };
    format!(
        "{when} — {why}.{before} Clipping the gradient norm keeps each step small enough to \
         stay finite."
    )
}

/// A loss for the readout: NaN and ∞ written as what they are (not as a number).
pub fn loss_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "∞" } else { "−∞" }.to_string()
    } else {
        format_value(v)
    }
}
