//! The page's vocabulary, pure Rust: how numbers are written for people (`format`), which
//! gradient is shown (`metric`), runs of consecutive layers (`layer_runs`), and what the
//! training panel says about a run (`train`) and its loss scale (`scale`).

pub mod format;
pub mod layer_runs;
pub mod lost;
pub mod metric;
pub mod precision;
pub mod scale;
pub mod train;
