//! What the training panel says when a run overflows: the step, the value, the cause.

use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::train::history::{NonFinite, NonFiniteCause, NonFiniteValue};
use gradient_flow_explorer::words::train::nonfinite_words;

#[test]
fn the_overflow_notice_names_the_step_the_value_and_the_last_finite_gradient() {
    let nf = NonFinite {
        step: 17,
        value: NonFiniteValue::MinibatchLoss,
        cause: NonFiniteCause::Overflow,
        last_finite_grad_norm: Some(2.5e30),
    };
    let words = nonfinite_words(&nf, Precision::Float32);
    for needle in [
        "step 17",
        "minibatch loss",
        "overflow",
        "float32",
        "Clipping",
    ] {
        assert!(words.contains(needle), "{needle:?} missing from {words:?}");
    }
    assert!(
        words.contains("10^30") || words.contains("10³⁰") || words.contains("e30"),
        "{words}"
    );
    let without = nonfinite_words(
        &NonFinite {
            last_finite_grad_norm: None,
            ..nf
        },
        Precision::Float32,
    );
    assert!(!without.contains("last finite"), "{without}");
    // A float16 run overflows at float16's limit, not float32's.
    let half = nonfinite_words(&nf, Precision::Float16);
    assert!(
        half.contains("float16 limit (65 504)") && !half.contains("float32"),
        "{half}"
    );
}

#[test]
fn a_non_finite_loss_reads_as_what_it_is() {
    use gradient_flow_explorer::words::train::loss_text;
    assert_eq!(loss_text(f64::NAN), "NaN");
    assert_eq!(loss_text(f64::INFINITY), "∞");
    assert_eq!(loss_text(0.5), "0.5");
}
