//! The transformer mode's page model, pure Rust and tested natively: its `edit`s (every change
//! to the `TransformerConfig`, applied by one pure function), its URL `query`, its `presets`
//! and the `words` of its cards.

pub mod edit;
pub mod presets;
pub mod query;
pub mod words;

/// Seeds in the transformer charts' band and verdict: the explorer's seed band's count
/// (`ui::web::results::SPREAD_SEEDS`).
pub const TRANSFORMER_SEEDS: usize = 5;
