//! The training panel's state, shared through context. Settings change only through
//! `TrainState::edit` (a `TrainEdit`, applied by the pure `train_edit::apply`); the run itself
//! lives in the worker, and its replies fill `TrainSignals`. A change of the settings or of the
//! explorer's network starts a new run at step 0, paused.

use std::rc::Rc;

use leptos::prelude::*;

use super::link::TrainLink;
use super::signals::TrainSignals;
use crate::page::train::edit::{self as train_edit, train_config, Mode, TrainEdit, TrainSettings};
use crate::train::presets::TrainPreset;
use crate::ui::explorer::charted::TrainedReport;
use crate::ui::explorer::state::AppState;

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
    /// `mode`: the signal the views' navigation also switches. `use_worker`: train in a Web
    /// Worker (the page) or inline (component tests).
    pub fn new(
        app: AppState,
        mode: RwSignal<Mode>,
        settings: TrainSettings,
        use_worker: bool,
    ) -> Self {
        let (settings, set_settings) = signal(settings);
        let out = TrainSignals::new();
        let state = TrainState {
            mode,
            settings,
            set_settings,
            out,
            app,
            link: StoredValue::new_local(TrainLink::new(out, use_worker)),
        };
        // The explorer's charts draw the trained report in training mode (`charted_report`).
        provide_context(TrainedReport {
            mode: state.mode,
            report: out.report,
        });
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
