//! Training in float16/bfloat16 with a loss scale: GradScaler's rule (skip the step and halve
//! on inf/NaN, double after `growth_interval` clean steps), the float32 run untouched, and
//! the format's underflow where no scale lifts the gradient.

use gradient_flow_explorer::sim::mixed::{LossScale, MixedPrecision};
use gradient_flow_explorer::sim::numeric::Precision;
use gradient_flow_explorer::sim::{Activation, Init, MlpNet};
use gradient_flow_explorer::train::{Dataset, Optimizer, TrainConfig, Trainer};

fn cfg(mixed: MixedPrecision) -> TrainConfig {
    TrainConfig {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 8,
            width: 32,
            ..MlpNet::default()
        },
        data: Dataset::Spiral,
        optimizer: Optimizer::Adam,
        lr: 0.003,
        mixed,
        growth_interval: 50,
        ..TrainConfig::default()
    }
}

fn float16(loss_scale: LossScale) -> MixedPrecision {
    MixedPrecision {
        precision: Precision::Float16,
        loss_scale,
    }
}

#[test]
fn a_dynamic_scale_skips_and_halves_on_overflow_and_doubles_after_clean_steps() {
    let mut t = Trainer::new(&cfg(float16(LossScale::Dynamic))).expect("valid");
    let (mut skips, mut clean, mut grew) = (0, 0, 0);
    let mut scale = None;
    for _ in 0..400 {
        let before = t.params().clone();
        let s = t.step();
        if let Some(prev) = scale {
            // The scale a step used is the one the previous step left.
            assert!(
                s.scale_log2 == prev,
                "step {}: {} after {prev}",
                s.step,
                s.scale_log2
            );
        }
        let after = t.params();
        if s.skipped {
            skips += 1;
            assert_eq!(&before, after, "a skipped step changed the parameters");
            scale = Some(s.scale_log2 - 1);
            clean = 0;
        } else {
            assert_ne!(&before, after, "step {} changed nothing", s.step);
            clean += 1;
            scale = Some(if clean == 50 {
                clean = 0;
                grew += 1;
                s.scale_log2 + 1
            } else {
                s.scale_log2
            });
        }
    }
    assert!(skips >= 1 && grew >= 1, "skips {skips}, growths {grew}");
    let m = t.measure();
    assert_eq!(m.skipped_steps, skips);
    assert_eq!(Some(m.scale_log2), scale);
}

#[test]
fn float16_without_a_scale_loses_the_first_hidden_gradient_that_2_to_the_16_keeps() {
    let first_hidden = |mixed| {
        let mut t = Trainer::new(&cfg(mixed)).expect("valid");
        t.measure().weight_grad_norm[0]
    };
    let f32_grad = first_hidden(MixedPrecision::default());
    assert!(f32_grad > 0.0 && f32_grad < 1e-4, "{f32_grad}");
    assert_eq!(first_hidden(float16(LossScale::None)), 0.0);
    let scaled = first_hidden(float16(LossScale::Power(16)));
    assert!(
        (scaled / f32_grad).log10().abs() < 0.1,
        "{scaled} vs {f32_grad}"
    );
    let bf16 = first_hidden(MixedPrecision {
        precision: Precision::BFloat16,
        loss_scale: LossScale::None,
    });
    assert!(
        (bf16 / f32_grad).log10().abs() < 0.1,
        "{bf16} vs {f32_grad}"
    );
}

#[test]
fn a_static_power_of_two_scale_is_undone_exactly_in_float32() {
    // S·g then ÷S is exact for a power of two (away from float32's ends): the same training.
    let run = |loss_scale| {
        let mut t = Trainer::new(&cfg(MixedPrecision {
            precision: Precision::Float32,
            loss_scale,
        }))
        .expect("valid");
        let steps: Vec<_> = (0..30).map(|_| t.step().loss).collect();
        (steps, t.params().clone())
    };
    let (plain, scaled) = (run(LossScale::None), run(LossScale::Power(8)));
    assert_eq!(plain, scaled);
}
