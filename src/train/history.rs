//! What the page keeps of a training run to chart it: per step the minibatch loss and each
//! hidden layer's gradient norm and update-to-weight ratio, the periodic full-set
//! `Measurement`s, and the first step where something stopped being finite.
//!
//! Memory is bounded by deterministic decimation (`Thinned`): a series keeps the items whose
//! ordinal is a multiple of its stride, and when it holds more than its capacity the stride
//! doubles and every item off the new stride is dropped. So after any number of pushes the kept
//! items are exactly "every stride-th", the stride is the smallest power of two that fits, and
//! the same run always keeps the same columns. Thinned columns are samples (the value at that
//! step), not averages: a spike between two kept steps is not shown, but every value shown is
//! one the trainer really produced. The first non-finite step is kept apart, so it is never
//! thinned away.

use serde::{Deserialize, Serialize};

use super::trainer::{Measurement, StepStats};

/// At most this many step columns (between half of it and all of it once thinning started).
pub const MAX_STEP_COLUMNS: usize = 2000;
/// At most this many measurements.
pub const MAX_MEASUREMENTS: usize = 1000;

/// One kept optimizer step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepColumn {
    pub step: usize,
    /// Minibatch loss before the step (may be NaN or ±∞).
    pub loss: f64,
    /// ‖∂L/∂Wₗ‖ for hidden layers 1..L.
    pub grad_norm: Vec<f64>,
    /// ‖ΔW_l‖/‖W_l‖ for hidden layers 1..L.
    pub update_ratio: Vec<f64>,
    /// A dynamic loss scale found inf or NaN in this step's gradients and skipped it.
    pub skipped: bool,
    /// log2 of the loss scale this step's backward was seeded with (0 without a scale).
    pub scale_log2: i32,
}

/// Why a value stopped being finite. In this network the only way is overflow: float32
/// values pass ~3.4·10³⁸ and become ±∞, and ∞ − ∞ or 0·∞ then gives NaN (the loss is a
/// stable log-sum-exp and norms have σ ≥ √10⁻⁵, so nothing else produces NaN or ∞).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonFiniteCause {
    Overflow,
}

/// Which value was first seen non-finite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonFiniteValue {
    /// The minibatch loss of a step.
    MinibatchLoss,
    /// A hidden layer's gradient norm (the loss itself was still finite).
    GradientNorm,
    /// The full-training-set loss of a measurement.
    TrainingLoss,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NonFinite {
    /// The step t whose parameters θ_t first gave a non-finite value (a `Measurement::step`,
    /// or a `StepStats::step` − 1: a step's minibatch values are computed before its update),
    /// i.e. the update that produced the overflow; `gradflow train` reports the same step.
    pub step: usize,
    pub value: NonFiniteValue,
    pub cause: NonFiniteCause,
    /// The global gradient norm of the last step whose values were all finite, if any: how
    /// large the gradient had grown before it overflowed.
    pub last_finite_grad_norm: Option<f64>,
}

/// Every `stride`-th item by ordinal, at most `capacity` of them (see the module comment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thinned<T> {
    capacity: usize,
    stride: usize,
    pushed: usize,
    items: Vec<(usize, T)>,
    /// The newest item offered, when it is not among `items` (so a chart can end at "now").
    tail: Option<T>,
}

impl<T> Thinned<T> {
    /// `capacity` is raised to at least 2 (thinning needs room for two items).
    pub fn new(capacity: usize) -> Self {
        Thinned {
            capacity: capacity.max(2),
            stride: 1,
            pushed: 0,
            items: Vec::new(),
            tail: None,
        }
    }

    /// Offers the next item (ordinal = how many were offered before it).
    pub fn push(&mut self, item: T) {
        let ordinal = self.pushed;
        self.pushed += 1;
        if !ordinal.is_multiple_of(self.stride) {
            self.tail = Some(item);
            return;
        }
        self.tail = None;
        self.items.push((ordinal, item));
        if self.items.len() > self.capacity {
            self.stride *= 2;
            let stride = self.stride;
            if !ordinal.is_multiple_of(stride) {
                self.tail = self.items.pop().map(|(_, t)| t);
            }
            self.items.retain(|(o, _)| o.is_multiple_of(stride));
        }
    }

    /// The kept items, every `stride`-th, oldest first.
    pub fn items(&self) -> impl ExactSizeIterator<Item = &T> + DoubleEndedIterator {
        self.items.iter().map(|(_, t)| t)
    }

    /// The kept items followed by the newest one offered if it was not kept: what a chart
    /// draws, so the line always reaches the current step.
    pub fn series(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items().chain(self.tail.as_ref())
    }

    /// The newest item offered.
    pub fn latest(&self) -> Option<&T> {
        self.series().next_back()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every how many offered items one is kept.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// How many items were offered in all.
    pub fn offered(&self) -> usize {
        self.pushed
    }
}

/// What a training run has shown so far, for the charts. A reset or a new config starts a new
/// history (`TrainHistory::new`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainHistory {
    /// Hidden layers L (each column has L gradient norms and ratios).
    pub depth: usize,
    pub steps: Thinned<StepColumn>,
    pub measurements: Thinned<Measurement>,
    pub first_nonfinite: Option<NonFinite>,
    /// The newest step's global gradient norm while everything was still finite.
    last_finite_grad_norm: Option<f64>,
    /// The newest step seen (kept or not).
    pub last_step: usize,
    /// Every step a dynamic loss scale skipped, in order (kept apart from the thinned
    /// columns, so none is thinned away; at most `MAX_SKIPPED_KEPT`, the count goes on).
    pub skipped_steps: Vec<usize>,
    /// How many steps were skipped in all.
    pub skipped_count: usize,
}

/// Skipped steps kept by number (a run that skips more has lost its scale long ago).
pub const MAX_SKIPPED_KEPT: usize = 10_000;

impl TrainHistory {
    pub fn new(depth: usize) -> Self {
        TrainHistory {
            depth,
            steps: Thinned::new(MAX_STEP_COLUMNS),
            measurements: Thinned::new(MAX_MEASUREMENTS),
            first_nonfinite: None,
            last_finite_grad_norm: None,
            last_step: 0,
            skipped_steps: Vec::new(),
            skipped_count: 0,
        }
    }

    /// Records one step's statistics.
    pub fn push_step(&mut self, s: &StepStats) {
        self.last_step = s.step;
        let grads_finite = s.grad_norm.iter().all(|g| g.is_finite());
        // Step s's loss and gradients are computed at θ_{s−1}, the parameters step s − 1's
        // update produced: that update made the overflow, and `gradflow train`, measuring at
        // θ_t, reports it at step s − 1 too.
        let at = s.step.saturating_sub(1);
        if s.skipped {
            // The scaler caught the inf or NaN: no update was made, the run goes on.
            self.skipped_count += 1;
            if self.skipped_steps.len() < MAX_SKIPPED_KEPT {
                self.skipped_steps.push(s.step);
            }
        }
        if !s.loss.is_finite() {
            self.note_nonfinite(at, NonFiniteValue::MinibatchLoss);
        } else if !grads_finite && !s.skipped {
            self.note_nonfinite(at, NonFiniteValue::GradientNorm);
        } else if self.first_nonfinite.is_none() && s.global_grad_norm.is_finite() {
            self.last_finite_grad_norm = Some(s.global_grad_norm);
        }
        self.steps.push(StepColumn {
            step: s.step,
            loss: s.loss,
            grad_norm: s.grad_norm.clone(),
            update_ratio: s.update_ratio.clone(),
            skipped: s.skipped,
            scale_log2: s.scale_log2,
        });
    }

    /// Records a full-set measurement.
    pub fn push_measurement(&mut self, m: &Measurement) {
        if !m.loss.is_finite() {
            self.note_nonfinite(m.step, NonFiniteValue::TrainingLoss);
        }
        self.measurements.push(m.clone());
    }

    /// The newest measurement.
    pub fn latest_measurement(&self) -> Option<&Measurement> {
        self.measurements.latest()
    }

    fn note_nonfinite(&mut self, step: usize, value: NonFiniteValue) {
        if self.first_nonfinite.is_none() {
            self.first_nonfinite = Some(NonFinite {
                step,
                value,
                cause: NonFiniteCause::Overflow,
                last_finite_grad_norm: self.last_finite_grad_norm,
            });
        }
    }
}
