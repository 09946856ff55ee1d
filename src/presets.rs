//! Preset scenarios: a named network plus what to look at and what to try next.

use crate::sim::{Activation, Config, Init};

pub struct Preset {
    /// Stable id, used in `data-testid="preset-<id>"`, URLs and the lessons' buttons.
    pub id: &'static str,
    pub title: &'static str,
    pub activation: Activation,
    pub init: Init,
    pub depth: usize,
    pub width: usize,
    /// What to look at, and what to try next.
    pub explanation: &'static str,
}

impl Preset {
    /// The preset's network; batch and seed are kept from `base`, every other control is set.
    pub fn apply(&self, base: &Config) -> Config {
        Config {
            depth: self.depth,
            width: self.width,
            activation: self.activation,
            init: self.init,
            bias_std: 0.0,
            sigma_w2: None,
            ..base.clone()
        }
    }

    /// True when `cfg` is still exactly this preset's network (batch and seed may differ).
    pub fn matches(&self, cfg: &Config) -> bool {
        self.apply(cfg) == *cfg
    }
}

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

pub const PRESETS: [Preset; 8] = [
    Preset {
        id: "vanishing-sigmoid",
        title: "Vanishing (Sigmoid)",
        activation: Activation::Sigmoid,
        init: Init::XavierNormal,
        depth: 15,
        width: 64,
        explanation: "The sigmoid's slope is at most 0.25, so every layer shrinks the gradient \
            before passing it on. Look at the bars: they fall steadily from the output layer on \
            the right to the input layer on the left, losing several orders of magnitude. Try \
            next: switch the activation to ReLU and the initialization to He.",
    },
    Preset {
        id: "healthy-relu-he",
        title: "Healthy (ReLU + He)",
        activation: Activation::Relu,
        init: Init::HeNormal,
        depth: 15,
        width: 64,
        explanation: "ReLU passes gradients through with slope 1 where a unit is active, and He \
            initialization doubles the weight variance to make up for the half of the units that \
            are off. The bars stay within about one decade of each other. Try next: drag the \
            depth to 60 and see how well the balance holds.",
    },
    Preset {
        id: "exploding-random",
        title: "Exploding (ReLU + σ = 1)",
        activation: Activation::Relu,
        init: Init::RandomNormal,
        depth: 15,
        width: 64,
        explanation: "Weights drawn with standard deviation 1 are far too large for 64 inputs: \
            each layer multiplies the signal by about √32 ≈ 5.7. The back-propagated gradient \
            grows by many decades toward the input. Switch the metric to the weight gradient and \
            notice its ratio looks tame — only the signal shows the explosion. Try next: depth \
            30, where float32 overflows.",
    },
    Preset {
        id: "tanh-xavier",
        title: "Tanh + Xavier",
        activation: Activation::Tanh,
        init: Init::XavierNormal,
        depth: 15,
        width: 64,
        explanation: "Xavier initialization keeps the variance of a tanh network roughly constant, \
            since tanh has slope 1 near zero. The gradient fades only gently with depth. Try \
            next: raise the depth to 100 and watch the slow decay add up.",
    },
    Preset {
        id: "selu-lecun",
        title: "Self-normalizing (SELU + LeCun)",
        activation: Activation::Selu,
        init: Init::LecunNormal,
        depth: 15,
        width: 64,
        explanation: "SELU with LeCun initialization pulls activations toward mean 0 and variance \
            1 at every layer, so the signal neither dies nor blows up. Look at the activation \
            chart: the distribution keeps its shape from layer to layer. Try next: switch the \
            initialization to random σ = 1.",
    },
    Preset {
        id: "relu-xavier",
        title: "Slow fade (ReLU + Xavier)",
        activation: Activation::Relu,
        init: Init::XavierNormal,
        depth: 30,
        width: 64,
        explanation: "Xavier was designed for activations that keep both halves of their input; \
            ReLU zeroes one half, so each layer loses about half of the signal's variance. Over \
            30 layers that compounds into a vanishing gradient — the reason He et al. moved to \
            a variance of 2/n. Try next: switch the initialization to He.",
    },
    Preset {
        id: "saturated-sigmoid",
        title: "Saturated (Sigmoid + σ = 1)",
        activation: Activation::Sigmoid,
        init: Init::RandomNormal,
        depth: 15,
        width: 64,
        explanation: "Large weights push the sigmoid's inputs far from zero, where its slope is \
            nearly flat. Look at the activation chart: the values pile up near 0 and 1 and the \
            saturated fraction is high. Gradients die in the flat tails. Try next: switch to \
            Xavier and compare the histograms.",
    },
    Preset {
        id: "small-init",
        title: "Tiny weights (σ = 0.01)",
        activation: Activation::Tanh,
        init: Init::SmallNormal,
        depth: 15,
        width: 64,
        explanation: "With weights of standard deviation 0.01, each layer scales the signal by \
            about 0.01 × √64 = 0.08. Both the activations and the gradient shrink toward zero \
            layer after layer. Try next: switch the initialization to Xavier.",
    },
];
