//! The words on the diagnosis card (the UI's `StatusCards` shows them). Kept here, with no web
//! dependency, so native tests can check every statement against the simulator.

use crate::sim::diagnosis::JudgedGradient;
use crate::sim::diagnosis::{
    DEAD_FRACTION, EXPLODING_RATIO, EXPLODING_WEIGHT_GRAD, VANISHING_RATIO, VANISHING_WEIGHT_GRAD,
};
use crate::sim::{Diagnosis, Overflowed, Summary};
use crate::words::format::format_value;

/// The card's line saying which gradient the verdict was judged on: the core's own
/// description up to its colon, as a sentence ("Judged on the weight gradient ‖∂L/∂W_l‖ from
/// layer 1 to layer L."). The card shows the whole description as the line's tooltip.
pub fn judged_words(judged: JudgedGradient) -> String {
    let description = judged.description();
    let head = description.split(':').next().unwrap_or(description).trim();
    let mut chars = head.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// The ratio card's number and the sentence under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatioWords {
    pub value: String,
    pub note: String,
}

/// The ratio card for the gradient at layer L (`output`), at layer 1 (`input`) and their
/// ratio: "0.28×" with "shrank 3.6-fold on the way back"; beyond 0.01…100 the number as
/// "1.3×10⁻⁹" (a plain power of ten, not a fractional exponent); no ratio when both ends are
/// exactly 0 (nothing flows back); "overflow" when a value became infinite, "NaN" when one is
/// not a number.
pub fn ratio_words(output: f64, input: f64, ratio: f64) -> RatioWords {
    let words = |value: String, note: String| RatioWords { value, note };
    if output == 0.0 && input == 0.0 {
        return words(
            "—".into(),
            "Both ends are exactly 0: no gradient flows back, so there is no ratio.".into(),
        );
    }
    let values = [output, input, ratio];
    if values.iter().any(|v| v.is_nan()) {
        return words(
            "NaN".into(),
            "A gradient is NaN, not a number (after an overflow: ∞ − ∞ or 0 × ∞), so there is no ratio.".into(),
        );
    }
    if values.iter().any(|v| v.is_infinite()) {
        return words(
            "overflow".into(),
            "A gradient left float32's range: it became infinite.".into(),
        );
    }
    let value = ratio_value(ratio);
    let band = format!("{:.0}", EXPLODING_RATIO);
    let note = if ratio == 0.0 {
        "Layer 1 receives exactly 0 (underflow): nothing reaches it.".to_string()
    } else if ratio < 1.0 {
        format!(
            "It shrank {}-fold on the way back (1× = no change; within {band}× either way is healthy).",
            format_value(1.0 / ratio)
        )
    } else {
        format!(
            "It grew {}-fold on the way back (1× = no change; within {band}× either way is healthy).",
            format_value(ratio)
        )
    };
    words(value, note)
}

/// A ratio of gradients for people: "0.28×" within 0.01…100, else "1.3×10⁻⁹" (a power of ten
/// with a mantissa, not a fractional exponent), "overflow" for ±inf, "NaN" for NaN.
pub fn ratio_value(ratio: f64) -> String {
    if ratio.is_finite() && ((0.01..100.0).contains(&ratio.abs()) || ratio == 0.0) {
        format!("{}×", format_value(ratio))
    } else {
        format_value(ratio)
    }
}

/// Icon (so the verdict reads without colour), verdict, and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusWords {
    pub icon: &'static str,
    pub word: &'static str,
    pub why: String,
}

/// True when the weight gradient is about as large in layer 1 as in layer L (within the same
/// 1.5 decades the verdict uses): then a vanishing signal gradient does not single out the
/// early layers, because the forward signal faded as well and every layer's update is small.
pub fn weight_gradients_flat(s: &Summary) -> bool {
    (VANISHING_RATIO..=EXPLODING_RATIO).contains(&s.weight_ratio)
}

/// True when layer 1's signal or weight gradient is exactly zero: it underflowed float32 (a
/// zero gradient stays zero all the way back), which the card and the bars call "underflow to
/// zero".
pub fn underflowed_to_zero(s: &Summary) -> bool {
    s.first_layer_grad == 0.0 || s.first_layer_weight_grad == 0.0
}

/// The first sentence of the "overflow" verdict: which of the loss, the gradients and the
/// activations left float32's range. The JSON export's `overflowed.words` is this sentence.
pub fn overflow_headline(o: Overflowed) -> &'static str {
    match (o.loss, o.gradients) {
        (true, false) => "The loss overflowed float32; the gradients did not.",
        (true, true) => "The loss overflowed float32; the gradients overflowed too.",
        (false, true) => "The gradients overflowed float32; the loss did not.",
        (false, false) => "The activations overflowed float32; the loss and the gradients did not.",
    }
}

/// What the "overflow" verdict says: whether the loss, the gradients, or only forward values
/// left float32's range. A loss of +inf with finite gradients is what PyTorch prints too: it
/// sums the squared errors in float32, while ∂Loss/∂A_L = 2(A_L − Y)/N does not depend on it.
pub fn overflow_why(o: Overflowed) -> String {
    let consequence = "this network cannot be trained as is.";
    let detail = match (o.loss, o.gradients) {
        (true, false) => {
            "The squared errors sum past 3.4e38 (PyTorch prints a loss of inf), but \
             every gradient is still a finite number, shown as computed:"
        }
        (_, true) => "Some layer's gradient holds infinity or NaN:",
        (false, false) => "Values in the forward pass reached infinity or NaN:",
    };
    format!("{} {detail} {consequence}", overflow_headline(o))
}

/// The card's words for a run. The thresholds come from the core, so the words cannot drift
/// from the verdict.
pub fn status_words(s: &Summary) -> StatusWords {
    let factor = format!("{:.0}", EXPLODING_RATIO);
    let (icon, word, why) = match s.diagnosis {
        Diagnosis::Healthy => (
            "✓",
            "Healthy",
            format!(
                "The gradient reaching layer 1 is between 1/{factor} and {factor} times the one \
             leaving the output layer (within 1.5 decades): no layer's updates are starved or \
             blown up by the trip back."
            ),
        ),
        Diagnosis::Vanishing if underflowed_to_zero(s) => (
            "↓",
            "Vanishing",
            "The gradient fell below float32's smallest number (about 1.4e-45) on its way back \
             and reaches layer 1 as exactly 0 (underflow to zero): the early layers get no \
             update at all."
                .to_string(),
        ),
        Diagnosis::Vanishing if weight_gradients_flat(s) => (
            "↓",
            "Vanishing",
            format!(
                "The back-propagated gradient shrinks by more than {factor}× before it reaches \
             layer 1, yet the weight gradients are about equally small in every layer: the \
             forward signal faded too, so all layers barely learn, not only the early ones."
            ),
        ),
        Diagnosis::Vanishing => (
            "↓",
            "Vanishing",
            format!(
            "The gradient shrinks by more than {factor}× (or layer 1's weight gradient is below \
             {}) before it reaches layer 1: the early layers barely learn while the late ones do.",
            format_value(VANISHING_WEIGHT_GRAD)
        ),
        ),
        // Exploding in the late layers, then stopped dead: e.g. ELU + random normal at width
        // 8, batch 1, where one layer's units all sit on ELU's flat tail (derivative exactly 0).
        Diagnosis::Exploding if underflowed_to_zero(s) => (
            "↑",
            "Exploding",
            format!(
                "The gradient grows by more than {factor}× (or a weight gradient exceeds {}) on \
             its way back, then reaches layer 1 as exactly 0: some layer on the way passes no \
             gradient at all (its units sit where the activation is flat), so the late layers' \
             steps would be huge while the early layers get no update.",
                format_value(EXPLODING_WEIGHT_GRAD)
            ),
        ),
        Diagnosis::Exploding => (
            "↑",
            "Exploding",
            format!(
                "The gradient grows by more than {factor}× on its way to layer 1 (or a weight \
             gradient exceeds {}): training steps would be huge and unstable.",
                format_value(EXPLODING_WEIGHT_GRAD)
            ),
        ),
        Diagnosis::Overflow => ("⚠", "Overflow", overflow_why(s.overflowed)),
        Diagnosis::Dead => (
            "✕",
            "Dead layer",
            format!(
                "In some layer {:.0} % or more of the outputs (all units over all examples) are \
             exactly zero, so almost no gradient gets through it.",
                DEAD_FRACTION * 100.0
            ),
        ),
    };
    StatusWords { icon, word, why }
}
