//! The recurrent mode's signals. Every change goes through `RnnState::apply` (one
//! `RnnEdit`, applied by `page::recurrent::edit::apply` and `apply_mixed`); the worker fills
//! `result`.

use leptos::prelude::*;

use crate::page::recurrent::edit::{apply, apply_mixed, RnnEdit};
use crate::page::recurrent::presets::{find, RnnPreset};
use crate::page::recurrent::query::RnnParsed;
use crate::sim::mixed::MixedPrecision;
use crate::sim::recurrent::{RnnConfig, RnnSpread};
use crate::ui::web::mode_link::ModeSignals;

#[derive(Clone, Copy)]
pub struct RnnState {
    pub config: RwSignal<RnnConfig>,
    /// The number format and loss scale the worker runs the network in.
    pub mixed: RwSignal<MixedPrecision>,
    /// The preset loaded last (its explanation stays shown, marked modified after a change).
    pub preset: RwSignal<Option<&'static RnnPreset>>,
    /// The newest spread the worker sent back, or what went wrong ("Computing…" at first).
    pub result: RwSignal<Result<RnnSpread, String>>,
    pub busy: RwSignal<bool>,
    /// What a link asked for that had to be adjusted.
    pub warnings: RwSignal<Vec<String>>,
}

impl RnnState {
    pub fn new(parsed: RnnParsed) -> RnnState {
        RnnState {
            config: RwSignal::new(parsed.config),
            mixed: RwSignal::new(parsed.mixed),
            preset: RwSignal::new(parsed.preset.and_then(find)),
            result: RwSignal::new(Err("Computing…".to_string())),
            busy: RwSignal::new(true),
            warnings: RwSignal::new(parsed.warnings),
        }
    }

    /// Where the worker link puts its replies.
    pub fn signals(&self) -> ModeSignals<RnnSpread> {
        ModeSignals {
            result: self.result,
            busy: self.busy,
        }
    }

    /// The one way the config changes.
    pub fn apply(&self, edit: RnnEdit) {
        if let RnnEdit::Preset(id) = edit {
            self.preset.set(find(id));
        }
        let next = self.config.with_untracked(|c| apply(c, &edit));
        if self.config.with_untracked(|c| *c != next) {
            self.config.set(next);
        }
        let mixed = self.mixed.with_untracked(|m| apply_mixed(m, &edit));
        if self.mixed.get_untracked() != mixed {
            self.mixed.set(mixed);
        }
    }

    /// True when a preset is loaded and a control has changed its network since.
    pub fn modified(&self) -> bool {
        self.preset
            .get()
            .is_some_and(|p| !self.config.with(|c| p.matches(c)))
    }
}

pub fn use_rnn_state() -> RnnState {
    expect_context::<RnnState>()
}
