//! Training mode: a small classifier on 2-D data, trained step by step with the explorer's
//! network choices. Pure Rust, no web dependency, deterministic per seed and bit-identical
//! natively and in wasm32 (`libm` for transcendentals, no FMA, fixed summation orders).
//! Front door: `Trainer::new(&TrainConfig)`, then `step()`, `measure()`, `reset()`.

pub mod config;
mod config_serde;
pub mod data;
pub mod grid;
pub mod history;
pub mod init;
pub mod loss;
pub mod model;
pub mod network;
pub mod optim;
pub mod outcome;
pub mod presets;
pub mod report;
pub mod seeds;
pub mod streams;
pub mod trainer;

pub use config::{Dataset, Norm, Optimizer, Residual, TrainConfig, TrainConfigError};
pub use grid::{boundary_grid, class1_probability, BoundaryGrid};
pub use history::{NonFinite, NonFiniteCause, NonFiniteValue, StepColumn, Thinned, TrainHistory};
pub use report::{Prober, StepReport};
pub use seeds::{run_seeds, Spread};
pub use trainer::{Measurement, StepStats, Trainer, MINIBATCH};
