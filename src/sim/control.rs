//! Control experiments that tell why a simulation departs from mean-field theory: the same
//! network run with its loss gradient ∂Loss/∂A_L, or with an independent Gaussian one in its
//! place. The theory treats the back-propagated gradient as independent of the weights; the
//! MSE loss's 2(A_L − Y)/n contains A_L, made from those very weights. Where the two runs agree,
//! that correlation is not the cause of a departure.

use super::config::{Config, ConfigError};
use super::network::{BackwardLayer, Network, Observer, Workspace};
use super::rng::{Sampler, Stream};
use super::stats::frobenius;

/// What seeds the backward pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputGrad {
    /// ∂Loss/∂A_L of the MSE loss (the explorer's network).
    Loss,
    /// N(0, 1) entries drawn from the seed's own stream, independent of the network.
    Independent,
}

/// ‖∂Loss/∂H_l‖ for l = L..1, in backward order.
struct SignalNorms(Vec<f64>);

impl Observer for SignalNorms {
    fn backward(&mut self, _layer: usize, b: BackwardLayer) {
        self.0.push(frobenius(b.dz));
    }
}

/// log10(‖∂/∂H_1‖ / ‖∂/∂H_L‖) of one seed's network with the given output gradient: the
/// signal-gradient ratio of the explorer's summary (NaN where it is not finite and positive).
pub fn signal_decades(cfg: &Config, output_grad: OutputGrad) -> Result<f64, ConfigError> {
    let net = Network::sample(cfg)?;
    let seeded = match output_grad {
        OutputGrad::Loss => None,
        OutputGrad::Independent => {
            let mut g = vec![0.0f32; cfg.batch * cfg.net.width];
            Sampler::new(cfg.seed, Stream::OutputGrad).fill_normal_f32(&mut g, 1.0);
            Some(g)
        }
    };
    let mut norms = SignalNorms(Vec::with_capacity(cfg.net.depth));
    net.as_ref()
        .run_seeded(&mut Workspace::default(), &mut norms, seeded.as_deref());
    let (last, first) = match (norms.0.first(), norms.0.last()) {
        (Some(&last), Some(&first)) => (last, first),
        _ => return Ok(f64::NAN),
    };
    let ok = |v: f64| v.is_finite() && v > 0.0;
    Ok(if ok(first) && ok(last) {
        (first / last).log10()
    } else {
        f64::NAN
    })
}
