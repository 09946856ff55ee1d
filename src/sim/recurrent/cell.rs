//! What every cell's step shares: the tensors a step reads and writes, and the float32 gate
//! nonlinearities (`fastmath`'s branch-free lanes: the same bits natively and in wasm, and a
//! loop over them vectorises).

use crate::sim::fastmath::{sigmoid_lane, tanh_lane};

/// The gate nonlinearity σ(z) = 1/(1 + e^−z) (`fastmath`; the MLP's `Activation::Sigmoid`
/// keeps libm's expf, whose bits the explorer's fingerprints pin).
#[inline(always)]
pub fn sigmoid(z: f32) -> f32 {
    sigmoid_lane(z)
}

/// tanh z, as `Activation::Tanh` computes it (`fastmath`).
#[inline(always)]
pub fn tanh(z: f32) -> f32 {
    tanh_lane(z)
}

/// What the forward step at t reads (all row-major, B rows).
pub struct StepIn<'a> {
    /// x_t W_ih (B×GH, no bias).
    pub xw: &'a [f32],
    /// h_{t−1} W_hh (B×GH, no bias).
    pub rec: &'a [f32],
    /// b (GH) and the GRU's b_hn (H; empty for the other cells).
    pub b: &'a [f32],
    pub b_hn: &'a [f32],
    pub h_prev: &'a [f32],
    /// c_{t−1} (LSTM; empty for the other cells).
    pub c_prev: &'a [f32],
}

/// What the forward step at t writes.
pub struct StepOut<'a> {
    /// The step's cache (B × `cache_width`): what its backward needs.
    pub cache: &'a mut [f32],
    pub h: &'a mut [f32],
    /// c_t (LSTM; empty for the other cells).
    pub c: &'a mut [f32],
    /// A B×H scratch array.
    pub scratch: &'a mut [f32],
}

/// What the backward step at t reads besides its cache.
pub struct BackIn<'a> {
    /// H, the hidden width.
    pub width: usize,
    /// ∂L/∂h_t, the total gradient reaching h_t.
    pub dh: &'a [f32],
    pub h: &'a [f32],
    pub h_prev: &'a [f32],
    /// c_t and c_{t−1} (LSTM; empty for the other cells).
    pub c: &'a [f32],
    pub c_prev: &'a [f32],
}

/// What the backward step at t writes.
pub struct BackOut<'a> {
    /// In: the forward cache; out: ∂L/∂(pre-activations), laid out as `pass` reads them.
    pub cache: &'a mut [f32],
    /// LSTM: in, ∂L/∂c_t through c_{t+1} (dc_{t+1} ⊙ f_{t+1}); out, the total ∂L/∂c_t.
    pub dc: &'a mut [f32],
    /// LSTM: dc_t ⊙ f_t, what reaches c_{t−1}. GRU: dh_t ⊙ z_t, what reaches h_{t−1}
    /// directly (not through W_hh).
    pub carry: &'a mut [f32],
    /// A B×H scratch array.
    pub scratch: &'a mut [f32],
}
