//! The trained network's shape and parameters: an input layer 2→W, L hidden layers W→W and a
//! linear head W→2. Layer index k: 0 = input, 1..=L = hidden, L+1 = head.

use super::config::{Norm, TrainConfig};
use super::init::sample_matrix;
use super::streams::{sampler, Purpose};
use crate::sim::mlp::MlpLayer;
use crate::sim::Activation;

/// Input coordinates and classes.
pub const INPUTS: usize = 2;
pub const CLASSES: usize = 2;

/// What the forward and backward passes need to know about the network (not its values).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arch {
    pub activation: Activation,
    pub depth: usize,
    pub width: usize,
    pub norm: Norm,
    /// Weight of the residual branch on hidden layers (None: no skip connection).
    pub residual: Option<f32>,
}

impl Arch {
    pub fn of(cfg: &TrainConfig) -> Arch {
        Arch {
            activation: cfg.net.activation,
            depth: cfg.net.depth,
            width: cfg.net.width,
            norm: cfg.net.norm,
            residual: cfg.net.residual_alpha(),
        }
    }

    /// Number of weight matrices: input, L hidden, head.
    pub fn layers(&self) -> usize {
        self.depth + 2
    }

    /// Layer k as an engine block: the input layer and hidden layers carry φ and the norm
    /// (only hidden layers the skip), the head is linear.
    pub fn layer(&self, k: usize) -> MlpLayer {
        let (fan_in, fan_out) = self.shape(k);
        let head = k > self.depth;
        MlpLayer {
            fan_in,
            fan_out,
            activation: if head {
                Activation::Identity
            } else {
                self.activation
            },
            norm: if head { Norm::None } else { self.norm },
            alpha: self.residual.filter(|_| k > 0 && !head),
            rounded: false,
        }
    }

    /// (fan_in, fan_out) of layer k.
    pub fn shape(&self, k: usize) -> (usize, usize) {
        let w = self.width;
        if k == 0 {
            (INPUTS, w)
        } else if k <= self.depth {
            (w, w)
        } else {
            (w, CLASSES)
        }
    }
}

/// Weights (fan_in×fan_out row-major, input × output) and biases of every layer, float32.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    pub weights: Vec<Vec<f32>>,
    pub biases: Vec<Vec<f32>>,
}

impl Params {
    /// All zeros, in the network's shapes.
    pub fn zeros(arch: &Arch) -> Params {
        let shapes = (0..arch.layers()).map(|k| arch.shape(k));
        Params {
            weights: shapes.clone().map(|(i, o)| vec![0.0; i * o]).collect(),
            biases: shapes.map(|(_, o)| vec![0.0; o]).collect(),
        }
    }

    /// Weights from the config's init (each layer from its own stream), biases 0.
    pub fn init(cfg: &TrainConfig) -> Params {
        let arch = Arch::of(cfg);
        let mut p = Params::zeros(&arch);
        for (k, w) in p.weights.iter_mut().enumerate() {
            let (fi, fo) = arch.shape(k);
            let purpose = if k <= arch.depth {
                Purpose::Layer(k)
            } else {
                Purpose::Head
            };
            *w = sample_matrix(cfg.net.init, fi, fo, &mut sampler(cfg.seed, purpose));
        }
        p
    }

    /// Every parameter tensor, weights then bias per layer, in layer order.
    pub fn tensors(&self) -> impl Iterator<Item = &Vec<f32>> {
        self.weights
            .iter()
            .zip(&self.biases)
            .flat_map(|(w, b)| [w, b])
    }

    pub fn tensors_mut(&mut self) -> impl Iterator<Item = &mut Vec<f32>> {
        self.weights
            .iter_mut()
            .zip(self.biases.iter_mut())
            .flat_map(|(w, b)| [w, b])
    }
}

pub use crate::sim::optim::sum_sq;
