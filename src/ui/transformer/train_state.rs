//! The transformer page's training panel's signals (`ui::web::task_state`): the reverse task
//! trained on the stack the page shows.

use leptos::prelude::*;

use super::state::TransformerState;
use crate::page::transformer::edit::TransformerEdit;
use crate::page::transformer::train::{reverse_config, ReverseSettings};
use crate::page::transformer::train_presets::ReversePreset;
use crate::sim::transformer::task::ReverseConfig;
use crate::sim::transformer::TransformerConfig;
use crate::ui::web::task_state::{ModeNetwork, TaskMode, TaskTrainState};
use crate::worker::reverse::ReverseTask;

impl ModeNetwork for TransformerState {
    type Network = TransformerConfig;
    type Edit = TransformerEdit;
    fn network(&self) -> RwSignal<TransformerConfig> {
        self.config
    }
    fn apply_edit(&self, edit: TransformerEdit) {
        self.apply(edit);
    }
    fn forget_preset(&self) {
        self.preset.set(None);
    }
}

/// The transformer mode's panel: the reverse task (every stack the controls allow trains).
pub struct Reverse;

impl TaskMode for Reverse {
    type Preset = ReversePreset;
    type Mode = TransformerState;
    type Kind = ReverseTask;
    fn run(tf: &TransformerConfig, s: &ReverseSettings) -> Result<ReverseConfig, String> {
        Ok(reverse_config(tf, s))
    }
}

pub type TransformerTrainState = TaskTrainState<Reverse>;

pub fn use_transformer_train() -> TransformerTrainState {
    expect_context::<TransformerTrainState>()
}
