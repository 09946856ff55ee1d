//! The training panel's page model, the sibling of the explorer's: its settings as edits
//! (`edit`), its part of the URL query (`query`) and what its precision controls offer
//! (`precision`, which the recurrent mode's controls share).

pub mod edit;
pub mod precision;
pub mod query;
