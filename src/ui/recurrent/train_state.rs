//! The recurrent page's training panel's signals: its settings (changed only through
//! `apply`, one `LatchingEdit` at a time, or a preset), whether it is open (in the link), and
//! what its worker link (`ui::web::task_link`) fills: the run's losses and test records, each
//! with the test loss's gradient at every step t. `ArchPage` makes it once, so a run survives
//! a switch to another mode and back.

use std::rc::Rc;

use leptos::prelude::*;

use super::state::RnnState;
use crate::page::recurrent::train::{self as page_train, LatchingEdit, LatchingSettings};
use crate::page::recurrent::train_presets::{find_latching, LatchingPreset};
use crate::sim::recurrent::LatchingRecord;
use crate::ui::web::task_link::{TaskLink, TaskSignals};
use crate::worker::latching::LatchingTask;

#[derive(Clone, Copy)]
pub struct RnnTrainState {
    pub settings: RwSignal<LatchingSettings>,
    /// The panel is open (`rnn_train=1` in the link).
    pub open: RwSignal<bool>,
    /// The training preset loaded last.
    pub preset: RwSignal<Option<&'static LatchingPreset>>,
    pub out: TaskSignals<LatchingRecord>,
    /// T of the run on screen (the heatmap's rows).
    pub time_steps: RwSignal<usize>,
    link: StoredValue<Rc<TaskLink<LatchingTask>>, LocalStorage>,
}

impl RnnTrainState {
    pub fn new(parsed: page_train::LatchingParsed) -> RnnTrainState {
        let out = TaskSignals::new();
        RnnTrainState {
            settings: RwSignal::new(parsed.settings),
            open: RwSignal::new(parsed.open),
            preset: RwSignal::new(None),
            out,
            time_steps: RwSignal::new(0),
            link: StoredValue::new_local(TaskLink::new(out)),
        }
    }

    /// The one way the settings change.
    pub fn apply(&self, edit: LatchingEdit) {
        let next = self
            .settings
            .with_untracked(|s| page_train::apply(s, &edit));
        if self.settings.get_untracked() != next {
            self.settings.set(next);
        }
    }

    /// Loads preset `id`: its settings here and its network on the page's controls.
    pub fn load_preset(&self, id: &'static str, rnn: RnnState) {
        let Some(p) = find_latching(id) else { return };
        for edit in p.rnn_edits() {
            rnn.apply(edit);
        }
        rnn.preset.set(None);
        self.apply(LatchingEdit::Preset(p.settings()));
        self.preset.set(Some(p));
    }

    /// A preset is loaded and a setting or the network has changed since.
    pub fn modified(&self, rnn: RnnState) -> bool {
        self.preset.get().is_some_and(|p| {
            let s = self.settings.get();
            !rnn.config.with(|c| p.matches(c, &s))
        })
    }

    /// A new run of the page's network with the panel's settings, paused at step 0; a network
    /// the panel will not train is said instead.
    pub fn start(&self, rnn: RnnState) {
        let s = self.settings.get_untracked();
        let cfg = rnn
            .config
            .with_untracked(|c| page_train::latching_config(c, &s));
        self.out.started.set(true);
        match cfg {
            Ok(cfg) => {
                self.time_steps.set(cfg.steps);
                let steps = cfg.train_steps;
                self.link.with_value(|l| l.start(cfg, steps));
            }
            Err(e) => {
                self.out.clear(s.steps);
                self.link.with_value(|l| l.fail(&e));
            }
        }
    }

    pub fn play(&self) {
        if self.out.error.get_untracked().is_none() {
            self.link.with_value(|l| l.play());
        }
    }

    pub fn pause(&self) {
        self.link.with_value(|l| l.pause());
    }

    pub fn reset(&self) {
        self.link.with_value(|l| l.reset());
    }

    /// The panel's part of the address (nothing while it is closed).
    pub fn query(&self) -> String {
        page_train::to_query(self.open.get(), &self.settings.get())
    }
}

pub fn use_rnn_train() -> RnnTrainState {
    expect_context::<RnnTrainState>()
}
