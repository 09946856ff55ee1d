//! What the training worker's replies fill: the signals the training charts, readouts and
//! the explorer's charts (in training mode) read. `link` writes them, `TrainState`
//! holds them.

use leptos::prelude::*;

use crate::train::data::Points;
use crate::train::grid::BoundaryGrid;
use crate::train::history::TrainHistory;
use crate::train::{Measurement, StepReport};
use crate::worker::TrainProgress;

/// What the worker's replies fill.
#[derive(Clone, Copy)]
pub struct TrainSignals {
    /// Everything charted. Charts read it untracked and redraw on `frame`.
    pub history: RwSignal<TrainHistory>,
    /// The decision boundary and the step it was computed at.
    pub boundary: RwSignal<Option<(usize, BoundaryGrid)>>,
    /// The run's training points (generated on the page from the same seeded stream).
    pub points: RwSignal<Option<Points>>,
    /// The explorer's report of the trained hidden layers, at the step it was made (the
    /// explorer's gradient chart and histograms draw it in training mode).
    pub report: RwSignal<Option<StepReport>>,
    /// The newest full-set measurement (the readouts; at most 9 steps behind `step`).
    pub latest: RwSignal<Option<Measurement>>,
    /// Steps made in the run on screen.
    pub step: RwSignal<usize>,
    pub finished: RwSignal<bool>,
    pub playing: RwSignal<bool>,
    /// A rejected config or a failed worker.
    pub error: RwSignal<Option<String>>,
    /// Bumped when the charts should redraw (throttled while playing).
    pub frame: RwSignal<u64>,
}

impl TrainSignals {
    pub(crate) fn new() -> Self {
        TrainSignals {
            history: RwSignal::new(TrainHistory::new(1)),
            boundary: RwSignal::new(None),
            points: RwSignal::new(None),
            report: RwSignal::new(None),
            latest: RwSignal::new(None),
            step: RwSignal::new(0),
            finished: RwSignal::new(false),
            playing: RwSignal::new(false),
            error: RwSignal::new(None),
            frame: RwSignal::new(0),
        }
    }

    /// A new (or reset) run: nothing recorded yet.
    pub fn clear(&self, depth: usize) {
        self.history.set(TrainHistory::new(depth));
        self.boundary.set(None);
        self.report.set(None);
        self.latest.set(None);
        self.step.set(0);
        self.finished.set(false);
        self.playing.set(false);
        self.error.set(None);
        self.frame.update(|f| *f += 1);
    }

    /// Adds a chunk's figures.
    pub fn record(&self, p: TrainProgress) {
        self.history.update(|h| {
            for s in &p.steps {
                h.push_step(s);
            }
            for m in &p.measurements {
                h.push_measurement(m);
            }
        });
        let step = p
            .steps
            .last()
            .map(|s| s.step)
            .or(p.measurements.last().map(|m| m.step));
        if let Some(step) = step {
            self.step.set(step);
        }
        if let Some(m) = p.measurements.last() {
            self.latest.set(Some(m.clone()));
        }
        if let (Some(b), Some(step)) = (p.boundary, step) {
            self.boundary.set(Some((step, b)));
        }
        if let Some(r) = p.report {
            self.report.set(Some(r));
        }
        self.finished.set(p.finished);
    }

    /// The run has met a non-finite value.
    pub fn halted(&self) -> bool {
        self.history.with_untracked(|h| h.first_nonfinite.is_some())
    }
}
