//! The precision lens's words (`words::precision`): runs of layers, one layer, none lost,
//! overflow, and fractions that were not measured (NaN) said as such, never as a number.

use gradient_flow_explorer::lessons::status_words;
use gradient_flow_explorer::page::presets::find;
use gradient_flow_explorer::sim::mixed::{simulate_mixed, GradFractions, LossScale, MixedRun};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::Config;
use gradient_flow_explorer::words::precision::{
    format_words, in_format, lost_words, overflow_words, scale_words,
};

fn lost(l: f64) -> GradFractions {
    GradFractions {
        zero: l,
        normal: 1.0 - l,
        lost: l,
        ..GradFractions::default()
    }
}

#[test]
fn whole_layers_and_partial_ones_are_told_apart() {
    let f = [lost(1.0), lost(1.0), lost(0.91), lost(0.3), lost(0.0)];
    assert_eq!(
        lost_words(&f),
        "Layers 1–2 lost 100 % of their gradient entries to underflow; layers 3–4 lost part of \
         theirs (the most: layer 3, 91 %)."
    );
    assert_eq!(
        lost_words(&[lost(1.0), lost(0.004)]),
        "Layer 1 lost 100 % of its gradient entries to underflow; layer 2 lost part of its \
         (the most: layer 2, 0.4 %)."
    );
    assert_eq!(
        lost_words(&[lost(0.0), lost(0.035)]),
        "Layer 2 lost part of its gradient entries to underflow (the most: layer 2, 4 %)."
    );
    assert_eq!(
        lost_words(&[lost(0.0), lost(0.0)]),
        "No layer lost a gradient entry to underflow."
    );
    assert_eq!(
        lost_words(&[lost(f64::NAN), lost(0.0)]),
        "No layer lost a gradient entry to underflow; layer 1: not measured."
    );
}

#[test]
fn overflow_names_its_layers() {
    let mut f = [lost(0.0), lost(0.0), lost(0.0)];
    assert_eq!(overflow_words(&f), None);
    f[1].nonfinite = 0.5;
    f[2].nonfinite = 1.0;
    assert_eq!(
        overflow_words(&f).as_deref(),
        Some("Layers 2–3 overflowed the format: inf or NaN in the gradient.")
    );
}

#[test]
fn the_format_and_scale_use_the_clis_names() {
    let run = |requested, scale_log2| MixedRun {
        precision: Precision::Float16,
        requested,
        scale_log2,
    };
    assert_eq!(
        format_words(&run(LossScale::None, 0).asked()),
        "float16, no loss scale"
    );
    assert_eq!(
        format_words(&run(LossScale::Power(8), 8).asked()),
        "float16, loss scale 2^8"
    );
    assert_eq!(
        format_words(&run(LossScale::Dynamic, 15).asked()),
        "float16, dynamic loss scale"
    );
    assert!(scale_words(&run(LossScale::Dynamic, 15)).contains("reached S = 2^15 = 32768"));
    assert!(scale_words(&run(LossScale::Power(8), 8)).contains("S = 2^8 = 256"));
    assert!(scale_words(&run(LossScale::Power(-3), -3)).contains("2^-3 = 1.25e-1"));
}

#[test]
fn the_diagnosis_names_the_format_it_underflowed() {
    // Float16 without a scale: layer 1's gradient is exactly 0, and the card says float16's
    // smallest number, not float32's.
    let p = find("float16-underflow").expect("preset");
    let r = simulate_mixed(&p.apply(&Config::default()), &p.mixed).expect("valid");
    let why = status_words(&r.summary).why;
    assert!(
        why.contains("float32's smallest number (about 1.4e-45)"),
        "{why}"
    );
    let said = in_format(&why, Precision::Float16);
    assert!(
        said.contains("float16's smallest number (2⁻²⁴ ≈ 6e-8)"),
        "{said}"
    );
    assert!(!said.contains("float32"), "{said}");
    assert_eq!(in_format(&why, Precision::Float32), why);
    assert_eq!(
        in_format(
            "A gradient left float32's range: it became infinite.",
            Precision::BFloat16
        ),
        "A gradient left bfloat16's range: it became infinite."
    );
}
