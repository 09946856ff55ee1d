//! The training panel: its `state` (settings through `TrainEdit`s), the `signals` the training
//! worker's replies fill through `link`, the `panel` and `presets`, the training `charts`, and
//! `report` (which report the explorer's charts draw: the explorer's own or the trained one).

pub mod charts;
pub(crate) mod link;
pub mod panel;
pub mod presets;
pub mod report;
pub mod signals;
pub mod state;
