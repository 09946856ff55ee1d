//! The transformer mode's signals. Every change goes through `TransformerState::apply` (one
//! `TransformerEdit`, applied by `page::transformer::edit::apply` and `apply_mixed`); the
//! worker fills `result`.

use leptos::prelude::*;

use crate::page::transformer::edit::{apply, apply_mixed, TransformerEdit};
use crate::page::transformer::presets::{find, TransformerPreset};
use crate::page::transformer::query::TransformerParsed;
use crate::sim::mixed::MixedPrecision;
use crate::sim::transformer::{StackReport, TransformerConfig};
use crate::ui::web::mode_link::ModeSignals;

#[derive(Clone, Copy)]
pub struct TransformerState {
    pub config: RwSignal<TransformerConfig>,
    /// The number format and loss scale the worker runs the stack in.
    pub mixed: RwSignal<MixedPrecision>,
    /// The preset loaded last (its explanation stays shown, marked modified after a change).
    pub preset: RwSignal<Option<&'static TransformerPreset>>,
    /// The newest report the worker sent back, or what went wrong ("Computing…" at first).
    pub result: RwSignal<Result<StackReport, String>>,
    pub busy: RwSignal<bool>,
    /// A report kept to compare against (drawn dashed beside the current one).
    pub pinned: RwSignal<Option<StackReport>>,
    /// What a link asked for that had to be adjusted.
    pub warnings: RwSignal<Vec<String>>,
}

impl TransformerState {
    pub fn new(parsed: TransformerParsed) -> TransformerState {
        TransformerState {
            config: RwSignal::new(parsed.config),
            mixed: RwSignal::new(parsed.mixed),
            preset: RwSignal::new(parsed.preset.and_then(find)),
            result: RwSignal::new(Err("Computing…".to_string())),
            busy: RwSignal::new(true),
            pinned: RwSignal::new(None),
            warnings: RwSignal::new(parsed.warnings),
        }
    }

    /// Where the worker link puts its replies.
    pub fn signals(&self) -> ModeSignals<StackReport> {
        ModeSignals {
            result: self.result,
            busy: self.busy,
        }
    }

    /// The one way the config changes.
    pub fn apply(&self, edit: TransformerEdit) {
        if let TransformerEdit::Preset(id) = edit {
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

    /// True when a preset is loaded and a control has changed its stack or format since.
    pub fn modified(&self) -> bool {
        self.preset.get().is_some_and(|p| {
            let mixed = self.mixed.get();
            !self.config.with(|c| p.matches(c, &mixed))
        })
    }

    /// Pins the current report, or unpins when one is pinned.
    pub fn toggle_pin(&self) {
        if self.pinned.with_untracked(Option::is_some) {
            self.pinned.set(None);
        } else if let Ok(r) = self.result.get_untracked() {
            self.pinned.set(Some(r));
        }
    }
}

pub fn use_transformer_state() -> TransformerState {
    expect_context::<TransformerState>()
}
