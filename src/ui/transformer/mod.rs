//! The transformer mode (issue #28's page): `state` (the only writer of the transformer
//! config), `link` (its job for the mode's worker: the report over the seed band comes back
//! from there), and the views: `view` (presets, status cards, pin), `controls`, `charts`
//! (the stream gradient, the stream's std, the weight gradients per block); the training
//! panel: `train_state` (its worker link is `ui::web::task_link`'s), `train_panel`.

pub mod charts;
pub mod controls;
pub mod link;
pub mod state;
pub mod train_panel;
pub mod train_state;
pub mod view;
