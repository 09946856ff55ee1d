//! The page model, pure Rust and tested natively: what the page holds and how it changes, with
//! no browser in sight. The explorer's side (`edit`, `query`, `presets`) and the training
//! panel's (`train`) side by side; `task_train` what the modes' sequence-task panels share
//! (settings, presets, their URL part); `link` is the whole page state a link carries (both
//! modes).

pub mod arch;
pub mod challenges;
pub mod edit;
pub mod link;
pub mod presets;
pub mod query;
pub mod recurrent;
pub mod task_train;
pub mod train;
pub mod transformer;
