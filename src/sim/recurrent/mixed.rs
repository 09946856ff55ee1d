//! The precision lens through time (`sim::mixed` for the MLP): the recurrent network with x and
//! the weights cast to the format, every tensor of the cell rounded to it, the backward seeded
//! with S·∂L/∂h_T, and per step the fractions of ∂L/∂h_t's entries that are zero, subnormal,
//! normal, inf/NaN, and lost (zero here, non-zero in the float32 run of the same network).
//! Norms are reported unscaled; a dynamic scale halves from 2^16 while the backward overflows.

use super::config::{RnnConfig, RnnConfigError};
use super::params::{Params, Sequence};
use super::pass::{backward, forward, StepGrad, StepObserver, Workspace};
use super::run::{hidden_densities, RnnRun, StepStats, WeightGradNorms};
use crate::sim::mixed::{grad_fractions, with_loss_scale, GradFractions, MixedPrecision, NonZero};
use crate::sim::numeric::{Float32, NumericPolicy, Precision};
use crate::sim::stats::{frobenius, mse_gradient, population_std};

/// One seed of `cfg` in `mixed`'s format, with the fractions per step.
pub fn simulate_rnn_mixed(
    cfg: &RnnConfig,
    ws: &mut Workspace,
    mixed: &MixedPrecision,
) -> Result<RnnRun, RnnConfigError> {
    cfg.validate()?;
    let params = Params::sample(cfg);
    let seq = Sequence::sample(cfg.seed, cfg.steps, cfg.width, cfg.batch);
    let mut float32 = NonZeroSteps(NonZero::default());
    run_once(cfg, (&params, &seq), ws, &mut float32, (&Float32, 1.0));
    let format = mixed.precision;
    let cast = cast_params(&params, format);
    let seq = Sequence {
        x: rounded(&seq.x, format),
        y: seq.y,
    };
    let ((mut lens, loss), scale, run) = with_loss_scale(mixed, |scale| {
        let mut lens = Lens::new(cfg.steps, format, &float32.0);
        let loss = run_once(cfg, (&cast, &seq), ws, &mut lens, (&format, scale));
        let overflowed = lens.overflowed || !ws.grads.w_hh.iter().all(|v| v.is_finite());
        ((lens, loss), overflowed)
    });
    let unscale = 1.0 / f64::from(scale);
    for s in &mut lens.steps {
        s.hidden_grad_norm *= unscale;
        s.cell_grad_norm = s.cell_grad_norm.map(|c| c * unscale);
    }
    Ok(RnnRun {
        config: cfg.clone(),
        loss,
        steps: lens.steps,
        weight_grad_norm: Some(WeightGradNorms {
            recurrent: frobenius(&ws.grads.w_hh) * unscale,
            input: frobenius(&ws.grads.w_ih) * unscale,
        }),
        hidden: hidden_densities(cfg.cell, ws),
        mixed: Some(run),
    })
}

/// Forward, the loss, and the backward seeded with `scale`·∂L/∂h_T; returns the loss.
fn run_once<P: NumericPolicy>(
    cfg: &RnnConfig,
    (params, seq): (&Params, &Sequence),
    ws: &mut Workspace,
    obs: &mut impl StepObserver,
    (policy, scale): (&P, f32),
) -> f64 {
    forward(params, &seq.x, cfg.batch, ws, obs, policy);
    let mut dh = vec![0.0f32; cfg.batch * cfg.width];
    let loss = mse_gradient(ws.h_last(), &seq.y, &mut dh);
    if scale != 1.0 {
        dh.iter_mut().for_each(|g| *g *= scale);
    }
    backward(params, &seq.x, &dh, cfg.truncate, ws, obs, policy);
    loss
}

fn rounded(v: &[f32], format: Precision) -> Vec<f32> {
    let mut v = v.to_vec();
    format.round(&mut v);
    v
}

/// The weights and biases as the format holds them (the float32 master copy stays).
fn cast_params(p: &Params, format: Precision) -> Params {
    Params {
        w_ih: rounded(&p.w_ih, format),
        w_hh: rounded(&p.w_hh, format),
        b: rounded(&p.b, format),
        b_hn: rounded(&p.b_hn, format),
        ..p.clone()
    }
}

/// The float32 run's non-zero entries of ∂L/∂h_t, per step.
struct NonZeroSteps(NonZero);

impl StepObserver for NonZeroSteps {
    fn backward(&mut self, t: usize, g: StepGrad) {
        self.0.record(t, g.dh);
    }
}

/// Per-step statistics of the format's run, its fractions, and whether it overflowed.
struct Lens<'a> {
    steps: Vec<StepStats>,
    format: Precision,
    float32: &'a NonZero,
    overflowed: bool,
}

impl<'a> Lens<'a> {
    fn new(steps: usize, format: Precision, float32: &'a NonZero) -> Self {
        let blank = StepStats {
            hidden_grad_norm: 0.0,
            cell_grad_norm: None,
            hidden_std: 0.0,
            grad_fractions: None,
        };
        Lens {
            steps: vec![blank; steps],
            format,
            float32,
            overflowed: false,
        }
    }
}

impl StepObserver for Lens<'_> {
    fn forward(&mut self, t: usize, h: &[f32]) {
        self.steps[t - 1].hidden_std = population_std(h);
    }

    fn backward(&mut self, t: usize, g: StepGrad) {
        let f: GradFractions = grad_fractions(g.dh, self.format, self.float32.mask(t));
        self.overflowed |=
            f.nonfinite > 0.0 || g.dc.is_some_and(|c| c.iter().any(|v| !v.is_finite()));
        let s = &mut self.steps[t - 1];
        s.hidden_grad_norm = frobenius(g.dh);
        s.cell_grad_norm = g.dc.map(frobenius);
        s.grad_fractions = Some(f);
    }
}
