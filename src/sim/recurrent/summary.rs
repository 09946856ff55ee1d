//! The headline numbers of a recurrent run: how far back the gradient reaches (memory
//! horizon) and the verdict, in the explorer's vocabulary with the explorer's thresholds
//! (`sim::diagnosis`): a change of more than 1.5 decades between the last step and the first
//! step that receives a gradient is vanishing or exploding, for the same reason as between
//! layer L and layer 1 (step 1 then learns ~30× slower or faster than step T; seed-to-seed
//! noise at H = 64 is ~0.1–0.3 decades); a weight gradient above 1e4 is exploding; any
//! non-finite value is overflow. With truncation the ratio is taken over the k steps that
//! receive a gradient: the cut itself is shown by the memory horizon, not by the verdict.

use super::run::RnnRun;
use crate::sim::diagnosis::{EXPLODING_RATIO, EXPLODING_WEIGHT_GRAD, VANISHING_RATIO};
use crate::sim::report::Diagnosis;

/// The fraction of ‖∂L/∂h_T‖ above which a step still "remembers" (10⁻³).
pub const HORIZON_FRACTION: f64 = 1e-3;

/// How many steps back from T the gradient norm stays at or above 10⁻³ of its value at T
/// (`norms[t − 1]` is step t): 0 when step T − 1 is already below, T − 1 when none is.
pub fn memory_horizon(norms: &[f64]) -> usize {
    let Some(&last) = norms.last() else {
        return 0;
    };
    if !(last.is_finite() && last > 0.0) {
        return 0;
    }
    norms[..norms.len() - 1]
        .iter()
        .rev()
        .take_while(|&&v| v >= HORIZON_FRACTION * last)
        .count()
}

/// Whether some value of the run left float32's range.
pub fn overflowed(run: &RnnRun) -> bool {
    let w = run.weight_grad_norm.unwrap_or_default();
    !run.loss.is_finite()
        || !w.recurrent.is_finite()
        || !w.input.is_finite()
        || run.steps.iter().any(|s| {
            !s.hidden_std.is_finite()
                || !s.hidden_grad_norm.is_finite()
                || s.cell_grad_norm.is_some_and(|c| !c.is_finite())
        })
}

/// The verdict on one seed (see the module comment).
pub fn diagnose(run: &RnnRun) -> Diagnosis {
    if overflowed(run) {
        return Diagnosis::Overflow;
    }
    let steps = run.steps.len();
    if steps == 0 {
        return Diagnosis::Healthy;
    }
    let first = steps - run.config.truncate.clamp(1, steps);
    let (s1, st) = (
        run.steps[first].hidden_grad_norm,
        run.steps[steps - 1].hidden_grad_norm,
    );
    // Not formed (a first look): then their bound is below the threshold.
    let w = run.weight_grad_norm.unwrap_or_default();
    if w.recurrent.max(w.input) > EXPLODING_WEIGHT_GRAD || (st > 0.0 && s1 / st > EXPLODING_RATIO) {
        return Diagnosis::Exploding;
    }
    if st == 0.0 || s1 / st < VANISHING_RATIO {
        return Diagnosis::Vanishing;
    }
    Diagnosis::Healthy
}

/// The most frequent verdict over seeds; ties go to the more severe one (as the explorer's);
/// healthy for no seeds.
pub fn consensus(verdicts: &[Diagnosis]) -> Diagnosis {
    let order = [
        Diagnosis::Overflow,
        Diagnosis::Dead,
        Diagnosis::Exploding,
        Diagnosis::Vanishing,
        Diagnosis::Healthy,
    ];
    if verdicts.is_empty() {
        return Diagnosis::Healthy;
    }
    let count = |d: Diagnosis| verdicts.iter().filter(|&&v| v == d).count();
    // `max_by_key` keeps the last maximum: iterate from the mildest so severity wins ties.
    order
        .into_iter()
        .rev()
        .max_by_key(|&d| count(d))
        .unwrap_or(Diagnosis::Healthy)
}
