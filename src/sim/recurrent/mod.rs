//! Recurrent networks through time: a block of the engine with its own forward, backward and
//! workspace. Cells `rnn_tanh`, `rnn_relu`, `rnn_linear`, `lstm`, `gru` (PyTorch's
//! conventions), run over T steps from h_0 = c_0 = 0 with the loss on h_T only, so the gradient
//! must travel back through time; truncated BPTT cuts it after k steps. The specification is
//! the reference's (`recurrent_public.json`, its `spec` field), random streams included
//! (ours are `rng::Stream::Recurrent*`, so only distributions agree with it).
//!
//! - `config`: the choices (cell, recurrent init) and their ranges.
//! - `params`: sampling the weights and the data from a seed; `draws`: what the page's first
//!   look keeps of them (and of the input projections) between a slider's values.
//! - `cell`, `simple`, `lstm`, `gru`: one step forward and back, elementwise.
//! - `pass`: forward through time, BPTT with truncation, the parameter gradients.
//! - `run`: one seed of the untrained picture (`first_look`: without the weight gradients
//!   where they cannot change the verdict); `report`: per-step percentiles over seeds;
//!   `summary`: memory horizon and verdict.
//! - `latching`, `train`: the latching task (the class in x_1, noise after it) trained with
//!   Adam: whether a cell learns what its gradient through time lets it learn.

pub mod cell;
pub mod config;
pub mod draws;
pub mod first_look;
pub mod gru;
pub mod latching;
pub mod lstm;
pub mod mixed;
pub mod params;
pub mod pass;
pub mod report;
pub mod run;
pub mod simple;
pub mod summary;
pub mod theory;
pub mod train;

pub use config::{Cell, RecurrentInit, RnnConfig, RnnConfigError};
pub use draws::{Drawn, Draws};
pub use params::{Params, Sequence};
pub use pass::{
    backward, backward_through_time, forward, forward_projected, input_grad, input_projections,
    weight_grads, Grads, StepGrad, StepObserver, Workspace,
};
pub use report::{
    simulate_rnn_seeds, simulate_rnn_seeds_in, simulate_rnn_seeds_mixed, spread, RnnSpread,
    RnnSummary, StepSpread,
};
pub use run::{
    hidden_densities, hidden_density_steps, simulate_rnn, simulate_rnn_first_look,
    simulate_rnn_with, HiddenDensity, RnnRun, StepStats, WeightGradNorms, HIDDEN_DENSITY_STEPS,
};
pub use train::{train_latching, LatchingConfig, LatchingRecord, LatchingRun, LatchingTrainer};
