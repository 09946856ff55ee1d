//! Training in the worker: one `Trainer`, driven by the page a chunk at a time.
//!
//! The page plays a run by asking for chunk after chunk (`Advance`), one at a time; each chunk
//! stops after `max_steps` steps or once its time budget is spent, so the worker is never busy
//! for long and a pause (the page simply asks for no further chunk) takes effect within one
//! chunk. Nothing here knows about the browser: the clock is passed in, so the logic is tested
//! natively.

use serde::{Deserialize, Serialize};

use crate::train::grid::{boundary_grid, BoundaryGrid};
use crate::train::{Measurement, Prober, StepReport, StepStats, TrainConfig, Trainer};

/// Full-set measurements are taken at every multiple of this step (and where a run stops),
/// so the page's loss and accuracy readouts are never more than this many steps old.
pub const MEASURE_EVERY: usize = 10;

/// Cells per side of the decision-boundary grid (40² points: about the cost of six full-set
/// forward passes).
pub const BOUNDARY_CELLS: usize = 40;

/// A playing chunk skips the explorer's report until the worker has spent this many times the
/// last report's cost on other work since, so reports take at most a tenth of its time (at
/// depth 100 × width 512 one costs more than a training step).
pub const PROBE_COST_RATIO: f64 = 9.0;

/// What the page asks the worker's trainer to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TrainAction {
    /// Replace the run with a fresh trainer for this config; replies with the step-0 figures.
    Start(TrainConfig),
    /// Train up to `max_steps` more steps. The chunk ends early once `budget_ms` of the
    /// worker's clock has passed, at the config's `steps`, or at the first non-finite loss.
    Advance {
        max_steps: usize,
        budget_ms: f64,
        /// Also return the decision-boundary grid at the chunk's end (it costs a forward pass
        /// over the grid, so the page asks for it every few chunks).
        boundary: bool,
        /// Also return the explorer's report at the chunk's end, probed with this many
        /// examples (see `train::report`). A chunk of `MEASURE_EVERY` steps or more skips it
        /// while reports would take over a tenth of the worker's time (`PROBE_COST_RATIO`).
        probe: Option<usize>,
    },
    /// Back to step 0 with the same initialization and shuffles.
    Reset,
    /// The explorer's report at the current step, probed with `batch` examples; no step made.
    Probe { batch: usize },
}

/// What a chunk did: every step's cheap statistics, the full-set measurements, and why it
/// stopped when it stopped early.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainProgress {
    /// One entry per step made, in order.
    pub steps: Vec<StepStats>,
    /// At every multiple of `MEASURE_EVERY`, and at the chunk's last step when the run ended
    /// or stopped there or the chunk asked for fewer than `MEASURE_EVERY` steps (after `Start`
    /// and `Reset`: the step-0 measurement).
    pub measurements: Vec<Measurement>,
    /// The step whose loss (minibatch or full-set) was first non-finite in this chunk.
    pub nonfinite_at: Option<usize>,
    /// The run has made its configured number of steps.
    pub finished: bool,
    /// The class-1 probability on a grid over the data, if asked for.
    pub boundary: Option<BoundaryGrid>,
    /// The explorer's report of the hidden layers at the chunk's end, if asked for and made.
    pub report: Option<StepReport>,
}

/// The worker's training state.
#[derive(Default)]
pub struct TrainSession {
    trainer: Option<Trainer>,
    prober: Prober,
    /// Worker time the last report took, and when it was done.
    probe_cost_ms: f64,
    probe_done_ms: Option<f64>,
}

impl TrainSession {
    /// Carries out `action`; `now` is the worker's clock in milliseconds.
    pub fn handle(
        &mut self,
        action: TrainAction,
        now: &dyn Fn() -> f64,
    ) -> Result<TrainProgress, String> {
        match action {
            TrainAction::Start(cfg) => {
                self.trainer = None;
                let trainer = Trainer::new(&cfg).map_err(|e| e.to_string())?;
                Ok(at_start(self.trainer.insert(trainer)))
            }
            TrainAction::Reset => {
                let trainer = self.trainer.as_mut().ok_or(NO_RUN)?;
                trainer.reset();
                Ok(at_start(trainer))
            }
            TrainAction::Advance {
                max_steps,
                budget_ms,
                boundary,
                probe,
            } => {
                let trainer = self.trainer.as_mut().ok_or(NO_RUN)?;
                let mut progress = advance(trainer, max_steps, budget_ms, now);
                if boundary {
                    progress.boundary = Some(boundary_grid(trainer, BOUNDARY_CELLS));
                }
                let asked = probe.filter(|_| max_steps < MEASURE_EVERY || self.probe_due(now()));
                if let Some(batch) = asked {
                    progress.report = self.probe(batch, now);
                }
                Ok(progress)
            }
            // Without a run (its config was rejected) there is nothing to report, and no
            // second error to put over the first.
            TrainAction::Probe { batch } => Ok(TrainProgress {
                report: self.probe(batch, now),
                finished: self
                    .trainer
                    .as_ref()
                    .is_some_and(|t| t.steps_done() >= t.config().steps),
                ..TrainProgress::default()
            }),
        }
    }

    /// The explorer's report of the current run, timed for `probe_due`.
    fn probe(&mut self, batch: usize, now: &dyn Fn() -> f64) -> Option<StepReport> {
        let trainer = self.trainer.as_ref()?;
        let started = now();
        let report = self.prober.step_report(trainer, batch);
        let done = now();
        self.probe_cost_ms = done - started;
        self.probe_done_ms = Some(done);
        Some(report)
    }

    /// Enough other work since the last report that one more keeps reports to a tenth.
    fn probe_due(&self, now_ms: f64) -> bool {
        self.probe_done_ms
            .is_none_or(|t| now_ms - t >= PROBE_COST_RATIO * self.probe_cost_ms)
    }
}

const NO_RUN: &str = "no training run to advance: start one first";

/// The step-0 (or current) figures after a start or a reset.
fn at_start(trainer: &mut Trainer) -> TrainProgress {
    let m = trainer.measure();
    TrainProgress {
        nonfinite_at: (!m.loss_finite).then_some(m.step),
        measurements: vec![m],
        finished: trainer.steps_done() >= trainer.config().steps,
        boundary: Some(boundary_grid(trainer, BOUNDARY_CELLS)),
        ..TrainProgress::default()
    }
}

/// Steps until the chunk's limit, its time budget, the run's end or a non-finite loss.
fn advance(
    trainer: &mut Trainer,
    max_steps: usize,
    budget_ms: f64,
    now: &dyn Fn() -> f64,
) -> TrainProgress {
    let started = now();
    let target = trainer.config().steps;
    let mut out = TrainProgress::default();
    let mut measured_last = false;
    while out.steps.len() < max_steps && trainer.steps_done() < target {
        let stats = trainer.step();
        let step = stats.step;
        let finite = stats.loss_finite;
        out.steps.push(stats);
        measured_last = step.is_multiple_of(MEASURE_EVERY);
        if measured_last {
            let m = trainer.measure();
            if !m.loss_finite && out.nonfinite_at.is_none() {
                out.nonfinite_at = Some(step);
            }
            out.measurements.push(m);
        }
        if !finite && out.nonfinite_at.is_none() {
            out.nonfinite_at = Some(step);
        }
        if out.nonfinite_at.is_some() || now() - started >= budget_ms {
            break;
        }
    }
    // While playing, chunks end on their time budget at arbitrary steps: measuring there too
    // would double the measuring cost, and the every-10th measurement keeps the readouts fresh
    // enough. A short request (one step), the run's end and a non-finite stop are measured.
    let stopped = trainer.steps_done() >= target || out.nonfinite_at.is_some();
    let short = max_steps < MEASURE_EVERY;
    if !measured_last && !out.steps.is_empty() && (stopped || short) {
        let m = trainer.measure();
        if !m.loss_finite && out.nonfinite_at.is_none() {
            out.nonfinite_at = Some(m.step);
        }
        out.measurements.push(m);
    }
    out.finished = trainer.steps_done() >= target;
    out
}
