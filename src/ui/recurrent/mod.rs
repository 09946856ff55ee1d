//! The recurrent mode (issue #27's page): `state` (the only writer of the recurrent config),
//! `link` (its job for the mode's worker: the spread over the seed band comes back from there),
//! and the views: `view` (presets, controls, status cards), `chart` (gradient through time),
//! `hidden_chart` (the hidden states per step); the training panel: `train_state` (its worker
//! link is `ui::web::task_link`'s), `train_panel`.

pub mod chart;
pub mod controls;
pub mod hidden_chart;
pub mod link;
pub mod state;
pub mod train_panel;
pub mod train_state;
pub mod view;
