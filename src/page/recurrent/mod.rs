//! The recurrent mode's page model, pure Rust and tested natively: its `edit`s (every change
//! to the `RnnConfig`, applied by one pure function), its URL `query`, its `presets`, its
//! precision card's words (`precision_words`), and its training panel (`train`,
//! `train_presets`: the latching task).

pub mod edit;
pub mod precision_words;
pub mod presets;
pub mod query;
pub mod train;
pub mod train_presets;
pub mod words;

/// Seeds in the recurrent chart's band and verdict: the explorer's seed band's count
/// (`ui::web::results::SPREAD_SEEDS`).
pub const RNN_SEEDS: usize = 5;
