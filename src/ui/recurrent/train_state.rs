//! The recurrent page's training panel's signals (`ui::web::task_state`): the latching task
//! trained on the cell the page shows, each measurement with the test loss's gradient at
//! every step t.

use leptos::prelude::*;

use super::state::RnnState;
use crate::page::recurrent::edit::RnnEdit;
use crate::page::recurrent::train::{latching_config, LatchingSettings};
use crate::page::recurrent::train_presets::LatchingPreset;
use crate::sim::recurrent::{LatchingConfig, RnnConfig};
use crate::ui::web::task_state::{ModeNetwork, TaskMode, TaskTrainState};
use crate::worker::latching::LatchingTask;

impl ModeNetwork for RnnState {
    type Network = RnnConfig;
    type Edit = RnnEdit;
    fn network(&self) -> RwSignal<RnnConfig> {
        self.config
    }
    fn apply_edit(&self, edit: RnnEdit) {
        self.apply(edit);
    }
    fn forget_preset(&self) {
        self.preset.set(None);
    }
}

/// The recurrent mode's panel: the latching task.
pub struct Latching;

impl TaskMode for Latching {
    type Preset = LatchingPreset;
    type Mode = RnnState;
    type Kind = LatchingTask;
    fn run(rnn: &RnnConfig, s: &LatchingSettings) -> Result<LatchingConfig, String> {
        latching_config(rnn, s)
    }
}

pub type RnnTrainState = TaskTrainState<Latching>;

pub fn use_rnn_train() -> RnnTrainState {
    expect_context::<RnnTrainState>()
}
