//! Gradient Flow Explorer: see `README.md` for the layout.

pub mod charts;
pub mod cli;
pub mod edit;
pub mod export;
pub mod format;
pub mod layer_runs;
pub mod lessons;
pub mod link;
pub mod metric;
pub mod presets;
pub mod query;
pub mod sim;
pub mod train;
pub mod train_edit;
pub mod train_query;
pub mod train_words;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub mod ui;
