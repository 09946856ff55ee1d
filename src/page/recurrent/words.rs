//! The recurrent diagnosis card's words, in the explorer's vocabulary (the same verdicts,
//! icons and thresholds as `lessons::status`), said about steps instead of layers.

use crate::sim::diagnosis::EXPLODING_RATIO;
use crate::sim::Diagnosis;

/// Icon (so the verdict reads without colour), verdict, and what it means through time.
pub fn diagnosis_words(d: Diagnosis, truncated: bool) -> (&'static str, &'static str, String) {
    let f = format!("{EXPLODING_RATIO:.0}");
    let first = if truncated {
        "the first step that still gets a gradient"
    } else {
        "step 1"
    };
    match d {
        Diagnosis::Healthy => (
            "✓",
            "Healthy",
            format!(
                "The gradient reaching {first} is between 1/{f} and {f} times the one at the \
                 last step (within 1.5 decades): early inputs still steer the loss."
            ),
        ),
        Diagnosis::Vanishing => (
            "↓",
            "Vanishing",
            format!(
                "The gradient shrinks by more than {f}× on its way back to {first}: what the \
                 network saw early barely changes its weights."
            ),
        ),
        Diagnosis::Exploding => (
            "↑",
            "Exploding",
            format!(
                "The gradient grows by more than {f}× (or a weight gradient exceeds 10⁴) on its \
                 way back to {first}: early steps would get huge updates."
            ),
        ),
        Diagnosis::Overflow => (
            "⚠",
            "Overflow",
            "A value left float32's range (inf or NaN) somewhere in the run.".to_string(),
        ),
        Diagnosis::Dead => ("✕", "Dead", "No gradient passes.".to_string()),
    }
}
