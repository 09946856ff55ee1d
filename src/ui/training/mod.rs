//! The training panel: its `state` (settings through `TrainEdit`s; it lends the explorer's
//! charts the trained report, `explorer::charted::TrainedReport`), the `signals` the training
//! worker's replies fill through `link`, the `panel` (its `precision` controls) and `presets`,
//! the training `charts`.

pub mod charts;
pub(crate) mod link;
pub mod panel;
pub mod precision;
pub mod presets;
pub mod signals;
pub mod state;
