//! The simulation core: pure Rust, no web or UI dependency, deterministic for a given seed
//! (bit-identical natively and in wasm32: `libm` or our own basic-arithmetic kernels
//! (`fastmath`) for every transcendental, no FMA, fixed summation orders). Front doors:
//! `simulate(&Config) -> Report`, `Simulator::run` (the same, reusing draws between calls)
//! and `simulate_seeds`.

pub mod activation;
pub mod bits;
pub mod choice;
pub mod config;
mod config_serde;
pub mod control;
pub mod diagnosis;
pub mod fastmath;
pub mod gelu;
pub mod golden;
pub mod init;
pub mod libm_lanes;
pub mod matmul;
pub mod memory;
pub mod mixed;
pub mod mlp;
pub mod network;
pub mod norm;
pub mod numeric;
pub mod optim;
pub mod perf;
pub mod perf_formats;
pub mod phase;
pub mod phase_grid;
pub mod precision;
pub mod recurrent;
pub mod report;
pub mod rng;
pub mod seeds;
pub mod simd;
pub mod simulate;
pub mod simulator;
pub mod stats;
pub mod theory;
pub mod transformer;
pub mod weight_grad;

pub use choice::Choice;
pub use config::{Activation, Config, ConfigError, Init, MlpNet, NetError, Norm, Residual};
pub use diagnosis::{judged_gradient, JudgedGradient};
pub use perf::bench_pass;
pub use report::{
    Diagnosis, Histogram, LayerReport, LayerSpread, Overflowed, Percentiles, Report, SeedSpread,
    Summary, TheoryLayer,
};
pub use seeds::simulate_seeds;
pub use simulate::simulate;
pub use simulator::Simulator;
