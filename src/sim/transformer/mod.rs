//! The transformer residual stream (issue #28): blocks of causal multi-head self-attention and
//! a GELU MLP around a residual stream, with the norm placed pre-LN, post-LN, DeepNorm, ReZero
//! or not at all; layer norm or RMSNorm. Each part has one job: `config` (the choices),
//! `shape` (sizes), `norm`, `attention`, `mlp` (each a forward and a backward), `block` (the
//! placements around the stream), `sample` (parameters and data from a seed), `pass` (the
//! stack and its loss), `report` (per-block percentiles over seeds and the verdict); `task`
//! (the reverse task's model and data), `train` (training it with the core's `optim::Adam`),
//! `shard` (half of an update or of the test set, for a helper worker),
//! `perf` (where a training step's time goes, for the bench).
//! Every tensor goes through a `NumericPolicy`; every product through `Gemm`; every
//! transcendental through libm: deterministic per seed, the same bits natively and in wasm.

pub mod attention;
pub mod block;
pub mod config;
mod f32_bytes;
pub mod mixed;
pub mod mlp;
pub mod norm;
pub mod pass;
pub mod perf;
pub mod report;
pub mod sample;
pub mod shape;
pub mod shard;
pub mod task;
pub mod train;

pub use config::{BlockInit, NormKind, Placement, TransformerConfig, TransformerConfigError};
pub use mixed::simulate_transformer_mixed;
pub use pass::{Stack, StackObserver, StackWorkspace};
pub use report::{run_seeds, simulate_transformer, SeedRun, StackReport};
