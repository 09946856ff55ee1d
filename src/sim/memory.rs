//! How many bytes a simulation's buffers take, and the limit beyond which the core refuses a
//! config with a message instead of letting the allocator abort (a browser tab has at most
//! 4 GiB of wasm32 memory, often less; depth 200 × width 1024 × batch 1024 needs ≈ 1.7 GB).
//!
//! The limit is 1 GB: the page's largest network (depth 100 × width 512 × batch 1024, see
//! `page/edit.rs`) needs ≈ 343 MB plain and ≈ 763 MB with a residual sum and a norm, so it fits.

/// Most bytes of buffers one simulation may need.
pub const MEMORY_LIMIT_BYTES: u64 = 1_000_000_000;

/// Upper estimate of the bytes `simulate` allocates for `depth` layers of `width` units and a
/// batch of `batch` (float32 = 4 bytes): weights L·W², biases L·W, X and Y, the B×W arrays
/// kept for the backward pass (`kept_per_layer` per layer: A_l, plus N_l and F_l when the
/// architecture keeps them, see `config::simulation_bytes` and `mlp::MlpTape`), about ten
/// B×W scratch arrays (gradients, packing buffers) and ∂Loss/∂W.
pub fn buffer_bytes(depth: usize, width: usize, batch: usize, kept_per_layer: u64) -> u64 {
    let (l, w, b) = (depth as u64, width as u64, batch as u64);
    let weights = l * w * w + l * w + w * w;
    let batch_arrays = 2 + 1 + l * kept_per_layer + 10;
    4 * (weights + batch_arrays * b * w)
}

/// Bytes as megabytes for messages (10⁶ bytes, rounded up).
pub fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(1_000_000)
}
