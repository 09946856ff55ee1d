//! The training panel's page model, the sibling of the explorer's: its settings as edits
//! (`edit`) and its part of the URL query (`query`).

pub mod edit;
pub mod query;
