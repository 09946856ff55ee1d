//! The simulation core: pure Rust, no web or UI dependency, deterministic for a given seed.
//! One front door: `simulate(&Config) -> Report`.

pub mod config;
pub mod report;

pub use config::{Activation, Config, ConfigError, Init};
pub use report::{
    Diagnosis, Histogram, LayerReport, LayerSpread, Percentiles, Report, SeedSpread, Summary,
    TheoryLayer,
};
