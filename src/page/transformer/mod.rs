//! The transformer mode's page model, pure Rust and tested natively: its `edit`s (every change
//! to the `TransformerConfig`, applied by one pure function), its URL `query`, its `presets`
//! and the `words` of its cards; the training panel's `train` (settings, edits, URL part) and
//! `train_presets`.

pub mod edit;
pub mod presets;
pub mod query;
pub mod train;
pub mod train_presets;
pub mod words;

/// Seeds in the transformer charts' band and verdict: the explorer's seed band's count
/// (`ui::web::results::SPREAD_SEEDS`).
pub const TRANSFORMER_SEEDS: usize = 5;
