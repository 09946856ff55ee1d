//! The training panel's state, shared through context. Settings change only through
//! `TrainState::edit` (a `TrainEdit`, applied by the pure `train_edit::apply`); the run itself
//! lives in the worker, and its replies fill `TrainSignals`. A change of the settings or of the
//! explorer's network starts a new run at step 0, paused.

use std::rc::Rc;

use leptos::prelude::*;

use super::state::AppState;
use super::train_link::TrainLink;
use crate::page::train::edit::{self as train_edit, train_config, Mode, TrainEdit, TrainSettings};
use crate::train::data::Points;
use crate::train::grid::BoundaryGrid;
use crate::train::history::TrainHistory;
use crate::train::presets::TrainPreset;
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
    fn new() -> Self {
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

#[derive(Clone, Copy)]
pub struct TrainState {
    pub mode: RwSignal<Mode>,
    pub settings: ReadSignal<TrainSettings>,
    set_settings: WriteSignal<TrainSettings>,
    pub out: TrainSignals,
    app: AppState,
    link: StoredValue<Rc<TrainLink>, LocalStorage>,
}

impl TrainState {
    /// `use_worker`: train in a Web Worker (the page) or inline (component tests).
    pub fn new(app: AppState, mode: Mode, settings: TrainSettings, use_worker: bool) -> Self {
        let (settings, set_settings) = signal(settings);
        let out = TrainSignals::new();
        let state = TrainState {
            mode: RwSignal::new(mode),
            settings,
            set_settings,
            out,
            app,
            link: StoredValue::new_local(TrainLink::new(out, use_worker)),
        };
        // A new run whenever the network or a training setting changes, in training mode.
        Effect::new(move |_| {
            if state.mode.get() != Mode::Train {
                return;
            }
            let (cfg, batch) = app
                .config
                .with(|c| (settings.with(|s| train_config(c, s)), c.batch));
            state.link.with_value(|l| l.start(cfg, batch));
        });
        state
    }

    pub fn edit(&self, edit: TrainEdit) {
        let next = self
            .settings
            .with_untracked(|s| train_edit::apply(s, &edit));
        if self.settings.with_untracked(|s| *s != next) {
            self.set_settings.set(next);
        }
    }

    /// Back/Forward: the mode and settings of a history entry (already clamped by the URL
    /// reader, which applies them as `TrainEdit`s).
    pub fn restore(&self, mode: Mode, settings: TrainSettings) {
        if self.mode.get_untracked() != mode {
            self.mode.set(mode);
        }
        if self.settings.with_untracked(|s| *s != settings) {
            self.set_settings.set(settings);
        }
    }

    /// The explorer state whose network the runs train.
    pub fn app(&self) -> AppState {
        self.app
    }

    /// Loads a training preset: its network into the explorer, its settings into the panel
    /// (one new run follows, as for any change).
    pub fn load_preset(&self, p: &TrainPreset) {
        let (network, settings) = train_edit::preset_edits(p);
        for e in network {
            self.app.apply(e);
        }
        let next = settings.iter().fold(self.settings.get_untracked(), |s, e| {
            train_edit::apply(&s, e)
        });
        self.set_settings.set(next);
    }

    pub fn play(&self) {
        self.link.with_value(|l| l.play());
    }

    pub fn pause(&self) {
        self.link.with_value(|l| l.pause());
    }

    pub fn step_once(&self) {
        self.link.with_value(|l| l.step_once());
    }

    pub fn reset(&self) {
        self.link.with_value(|l| l.reset());
    }
}

pub fn use_train() -> TrainState {
    expect_context::<TrainState>()
}
