//! The transformer mode (issue #28's page): `state` (the only writer of the transformer
//! config), `link` (its job for the mode's worker: the report over the seed band comes back
//! from there), and the views: `view` (presets, status cards, pin), `controls`, `charts`
//! (the stream gradient, the stream's std, the weight gradients per block).

pub mod charts;
pub mod controls;
pub mod link;
pub mod state;
pub mod view;
