//! The recurrent summary's rules on made-up curves: the memory horizon and the verdict.

use gradient_flow_explorer::sim::recurrent::summary::{consensus, diagnose, memory_horizon};
use gradient_flow_explorer::sim::recurrent::{RnnConfig, RnnRun, StepStats, WeightGradNorms};
use gradient_flow_explorer::sim::Diagnosis;

#[test]
fn memory_horizon_counts_the_steps_back_that_stay_above_a_thousandth() {
    assert_eq!(memory_horizon(&[1e-5, 1e-2, 0.5, 1.0]), 2);
    // Exactly 10⁻³ of the last value still counts; a later dip ends the horizon.
    assert_eq!(memory_horizon(&[1.0, 1e-3, 1.0]), 2);
    assert_eq!(memory_horizon(&[1.0, 1.0, 9e-4, 1.0]), 0);
    // Growing back in time (exploding): every step.
    assert_eq!(memory_horizon(&[1e6, 1e3, 1.0]), 2);
    assert_eq!(memory_horizon(&[1.0]), 0);
    assert_eq!(memory_horizon(&[]), 0);
    // Nothing to compare with: a zero or non-finite gradient at T.
    assert_eq!(memory_horizon(&[1.0, 0.0]), 0);
    assert_eq!(memory_horizon(&[1.0, f64::NAN]), 0);
    assert_eq!(memory_horizon(&[f64::NAN, 1.0]), 0);
}

fn run(grads: &[f64], truncate: usize, weight: f64) -> RnnRun {
    RnnRun {
        config: RnnConfig {
            steps: grads.len(),
            truncate,
            ..RnnConfig::default()
        },
        loss: 1.0,
        steps: grads
            .iter()
            .map(|&g| StepStats {
                hidden_grad_norm: g,
                cell_grad_norm: None,
                hidden_std: 0.5,
                grad_fractions: None,
            })
            .collect(),
        weight_grad_norm: Some(WeightGradNorms {
            recurrent: weight,
            input: weight,
        }),
        hidden: Vec::new(),
        mixed: None,
    }
}

#[test]
fn the_verdict_uses_the_explorers_thresholds_over_the_steps_that_get_a_gradient() {
    assert_eq!(
        diagnose(&run(&[0.05, 0.5, 1.0], 3, 1.0)),
        Diagnosis::Healthy
    );
    assert_eq!(
        diagnose(&run(&[0.01, 0.5, 1.0], 3, 1.0)),
        Diagnosis::Vanishing
    );
    assert_eq!(
        diagnose(&run(&[40.0, 5.0, 1.0], 3, 1.0)),
        Diagnosis::Exploding
    );
    assert_eq!(
        diagnose(&run(&[1.0, 1.0, 1.0], 3, 2e4)),
        Diagnosis::Exploding
    );
    assert_eq!(
        diagnose(&run(&[1.0, f64::INFINITY, 1.0], 3, 1.0)),
        Diagnosis::Overflow
    );
    // Truncated to the last two steps: step 1's zero is the cut, not a vanishing gradient.
    assert_eq!(diagnose(&run(&[0.0, 0.5, 1.0], 2, 1.0)), Diagnosis::Healthy);
    assert_eq!(
        diagnose(&run(&[0.0, 0.0, 1.0], 3, 1.0)),
        Diagnosis::Vanishing
    );
}

#[test]
fn consensus_is_the_most_frequent_verdict_and_ties_go_to_the_more_severe() {
    use Diagnosis::*;
    assert_eq!(consensus(&[Healthy, Vanishing, Vanishing]), Vanishing);
    assert_eq!(consensus(&[Healthy, Healthy, Exploding]), Healthy);
    assert_eq!(consensus(&[Healthy, Exploding]), Exploding);
    assert_eq!(consensus(&[Vanishing, Overflow]), Overflow);
    assert_eq!(consensus(&[]), Healthy);
}
