//! Timing one forward + backward pass of the recurrent network and of the transformer stack in
//! a number format (`perf::PassBench::pass_in` is the MLP's): the speed figures, each
//! format against float32 in the same run (`bin/bench.rs`). The weights and data are sampled
//! once; a pass runs every tensor through `policy`, as the precision lens does.

use super::numeric::NumericPolicy;
use super::recurrent::{self, Params, RnnConfig, RnnConfigError, Sequence};
use super::stats::{frobenius, mse_gradient};
use super::transformer::{Stack, StackObserver, StackWorkspace};
use super::transformer::{TransformerConfig, TransformerConfigError};

/// A sampled recurrent network, its sequence and its buffers.
pub struct RnnPassBench {
    cfg: RnnConfig,
    params: Params,
    seq: Sequence,
    ws: recurrent::Workspace,
    dh: Vec<f32>,
}

impl RnnPassBench {
    pub fn new(cfg: &RnnConfig) -> Result<RnnPassBench, RnnConfigError> {
        cfg.validate()?;
        Ok(RnnPassBench {
            cfg: cfg.clone(),
            params: Params::sample(cfg),
            seq: Sequence::sample(cfg.seed, cfg.steps, cfg.width, cfg.batch),
            ws: recurrent::Workspace::default(),
            dh: vec![0.0; cfg.batch * cfg.width],
        })
    }

    /// Forward through time, the loss, and full BPTT with every tensor rounded by `policy`;
    /// returns loss + ‖∂L/∂W_hh‖ so the work cannot be optimised away.
    pub fn pass_in<P: NumericPolicy>(&mut self, policy: &P) -> f64 {
        let (p, x, b) = (&self.params, &self.seq.x, self.cfg.batch);
        recurrent::forward(p, x, b, &mut self.ws, &mut (), policy);
        let loss = mse_gradient(self.ws.h_last(), &self.seq.y, &mut self.dh);
        policy.round(&mut self.dh);
        let truncate = self.cfg.truncate;
        recurrent::backward(p, x, &self.dh, truncate, &mut self.ws, &mut (), policy);
        loss + frobenius(&self.ws.grads.w_hh)
    }
}

/// A sampled transformer stack and its buffers.
pub struct StackPassBench {
    stack: Stack,
    ws: StackWorkspace,
}

/// Looks at nothing: the pass alone is timed.
struct Quiet;

impl StackObserver for Quiet {}

impl StackPassBench {
    pub fn new(cfg: &TransformerConfig) -> Result<StackPassBench, TransformerConfigError> {
        Ok(StackPassBench {
            stack: Stack::sample(cfg)?,
            ws: StackWorkspace::default(),
        })
    }

    /// One pass of the stack on its own data with every tensor rounded by `policy`; returns
    /// the loss.
    pub fn pass_in<P: NumericPolicy>(&mut self, policy: &P) -> f64 {
        self.stack.run(&mut self.ws, &mut Quiet, policy)
    }
}
