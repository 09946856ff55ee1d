//! The transformer page's training panel's signals: its settings (changed only through
//! `apply`, one `ReverseEdit` at a time, or a preset), whether it is open (in the link), and
//! what its worker link (`ui::web::task_link`) fills: the run's losses and test records. `ArchPage`
//! makes it once, so a run survives a switch to another mode and back.

use std::rc::Rc;

use leptos::prelude::*;

use super::state::TransformerState;
use crate::page::transformer::train::{self as page_train, ReverseEdit, ReverseSettings};
use crate::page::transformer::train_presets::{find_reverse, ReversePreset};
use crate::sim::transformer::train::ReverseRecord;
use crate::ui::web::task_link::{TaskLink, TaskSignals};
use crate::worker::reverse::ReverseTask;

/// What the worker sent back about the run on screen.
pub type ReverseSignals = TaskSignals<ReverseRecord>;

#[derive(Clone, Copy)]
pub struct TransformerTrainState {
    pub settings: RwSignal<ReverseSettings>,
    /// The panel is open (`tf_train=1` in the link).
    pub open: RwSignal<bool>,
    /// The training preset loaded last.
    pub preset: RwSignal<Option<&'static ReversePreset>>,
    pub out: ReverseSignals,
    link: StoredValue<Rc<TaskLink<ReverseTask>>, LocalStorage>,
}

impl TransformerTrainState {
    pub fn new(parsed: page_train::ReverseParsed) -> TransformerTrainState {
        let out = ReverseSignals::new();
        TransformerTrainState {
            settings: RwSignal::new(parsed.settings),
            open: RwSignal::new(parsed.open),
            preset: RwSignal::new(None),
            out,
            link: StoredValue::new_local(TaskLink::new(out)),
        }
    }

    /// The one way the settings change.
    pub fn apply(&self, edit: ReverseEdit) {
        let next = self
            .settings
            .with_untracked(|s| page_train::apply(s, &edit));
        if self.settings.get_untracked() != next {
            self.settings.set(next);
        }
    }

    /// Loads preset `id`: its settings here and its stack on the explorer's controls.
    pub fn load_preset(&self, id: &'static str, tf: TransformerState) {
        let Some(p) = find_reverse(id) else { return };
        for edit in p.stack_edits() {
            tf.apply(edit);
        }
        tf.preset.set(None);
        self.apply(ReverseEdit::Preset(p.settings()));
        self.preset.set(Some(p));
    }

    /// A preset is loaded and a setting or the stack has changed since.
    pub fn modified(&self, tf: TransformerState) -> bool {
        self.preset.get().is_some_and(|p| {
            let s = self.settings.get();
            !tf.config.with(|c| p.matches(c, &s))
        })
    }

    /// A new run of the explorer's stack with the panel's settings, paused at step 0.
    pub fn start(&self, tf: TransformerState) {
        let cfg = tf
            .config
            .with_untracked(|c| page_train::reverse_config(c, &self.settings.get_untracked()));
        self.out.started.set(true);
        let steps = cfg.steps;
        self.link.with_value(|l| l.start(cfg, steps));
    }

    pub fn play(&self) {
        self.link.with_value(|l| l.play());
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

pub fn use_transformer_train() -> TransformerTrainState {
    expect_context::<TransformerTrainState>()
}
