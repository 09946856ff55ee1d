//! Preset scenarios: a named network plus what to look at and what to try next.

use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::{Activation, Config, Diagnosis, Init, MlpNet, Norm, Residual};

pub struct Preset {
    /// Stable id, used in `data-testid="preset-<id>"`, URLs and the lessons' buttons.
    pub id: &'static str,
    pub title: &'static str,
    pub net: MlpNet,
    /// The number format and loss scale (float32 for every preset but the precision lens's).
    pub mixed: MixedPrecision,
    /// What to look at, and what to try next. Every outcome it states is a claim in
    /// [`crate::lessons::claims`], checked by simulation.
    pub explanation: &'static str,
    /// The diagnosis the explanation promises, for every seed (tests run several).
    pub expected: Diagnosis,
}

impl Preset {
    /// The preset's network; batch and seed are kept from `base`, every other control is set.
    pub fn apply(&self, base: &Config) -> Config {
        Config {
            net: self.net,
            bias_std: 0.0,
            sigma_w2: None,
            ..base.clone()
        }
    }

    /// True when `cfg` in `mixed` is still exactly this preset (batch and seed may differ).
    pub fn matches(&self, cfg: &Config, mixed: &MixedPrecision) -> bool {
        self.apply(cfg) == *cfg && self.mixed == *mixed
    }
}

/// The three presets the page opens with: the problem in both directions and its cure.
pub const FIRST: [&str; 3] = ["vanishing-sigmoid", "healthy-relu-he", "exploding-random"];

/// The other presets, under "More scenarios", grouped by the question each group answers.
pub struct PresetGroup {
    pub question: &'static str,
    pub ids: &'static [&'static str],
}

pub const MORE_SCENARIOS: [PresetGroup; 4] = [
    PresetGroup {
        question: "Which initialization suits which activation?",
        ids: &["tanh-xavier", "selu-lecun", "relu-xavier"],
    },
    PresetGroup {
        question: "What do weights that are too large or too small do?",
        ids: &["saturated-sigmoid", "small-init"],
    },
    PresetGroup {
        question: "How do very deep networks keep the gradient alive?",
        ids: &[
            "batchnorm-relu",
            "residual-relu-he",
            "scaled-residual-layernorm",
            "residual-sigmoid",
        ],
    },
    PresetGroup {
        question: "What does float16 do to a small gradient, and what does a loss scale do?",
        ids: &["float16-underflow", "float16-dynamic-scale"],
    },
];

/// The preset whose network `cfg` in `mixed` is (batch and seed aside), if any.
pub fn matching(cfg: &Config, mixed: &MixedPrecision) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.matches(cfg, mixed))
}

/// Float32 without a loss scale: the explorer's own pass.
const FLOAT32: MixedPrecision = MixedPrecision {
    precision: Precision::Float32,
    loss_scale: LossScale::None,
};

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

pub const PRESETS: [Preset; 14] = [
    Preset {
        id: "vanishing-sigmoid",
        title: "Vanishing (Sigmoid)",
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 15,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "The sigmoid's slope is at most 0.25, and Xavier's weights, \
            derived for activations with slope 1 at zero, do not make up for it: every layer \
            shrinks the gradient. Look at the bars: they fall steadily from the output layer on \
            the right to the input layer on the left, about 9 decades over 15 layers. Try \
            next: switch the activation to ReLU and the initialization to He.",
        expected: Diagnosis::Vanishing,
    },
    Preset {
        id: "healthy-relu-he",
        title: "Healthy (ReLU + He)",
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::HeNormal,
            depth: 15,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "ReLU passes gradients through with slope 1 where a unit is active, and He \
            initialization doubles the weight variance to make up for the half of the units that \
            are off. The bars stay within about one decade of each other. Try next: drag the \
            depth to 60 and see how well the balance holds, then make the network narrow.",
        expected: Diagnosis::Healthy,
    },
    Preset {
        id: "exploding-random",
        title: "Exploding (ReLU + σ = 1)",
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::RandomNormal,
            depth: 15,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "Weights drawn with standard deviation 1 are far too large for 64 inputs: \
            each layer multiplies the signal by about √32 ≈ 5.7. The back-propagated gradient \
            grows by about 11 decades toward the input. Switch the metric to the weight gradient: \
            the ratio between layer 1 and layer 15 looks tame, but only because every layer's \
            weight gradient is enormous, around 10²². Try next: depth 30, where float32 \
            overflows.",
        expected: Diagnosis::Exploding,
    },
    Preset {
        id: "tanh-xavier",
        title: "Tanh + Xavier",
        net: MlpNet {
            activation: Activation::Tanh,
            init: Init::XavierNormal,
            depth: 15,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "Tanh has slope 1 near zero, so with Xavier the gradient fades only \
            gently, about half a decade over these 15 layers. The activations do not keep their \
            spread: in the activation chart their standard deviation shrinks from about 0.63 in \
            layer 1 to about 0.2 in layer 15, as mean-field theory predicts (Poole et al., \
            2016). Try next: raise the depth to 100; the gradient still gets through while the \
            activations keep shrinking.",
        expected: Diagnosis::Healthy,
    },
    Preset {
        id: "selu-lecun",
        title: "Self-normalizing (SELU + LeCun)",
        net: MlpNet {
            activation: Activation::Selu,
            init: Init::LecunNormal,
            depth: 15,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "SELU with LeCun initialization pulls activations toward mean 0 and variance \
            1 at every layer: look at the activation chart, where the distribution keeps its \
            shape from layer to layer. That is the forward pass. Backwards, SELU's factor is \
            about 1.07 per layer, harmless over 15 layers; over 100 it alone gives 31×, and the \
            simulation's gradient grows about 35× to 70× (Philipp et al., 2018). Try next: raise the depth to 100.",
        expected: Diagnosis::Healthy,
    },
    Preset {
        id: "relu-xavier",
        title: "Slow fade (ReLU + Xavier)",
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::XavierNormal,
            depth: 30,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "Xavier was designed for activations that keep both halves of their input; \
            ReLU zeroes one half, so each layer loses about half of the signal's variance. Over \
            30 layers that compounds into a vanishing gradient, the reason He et al. moved to \
            a variance of 2/n. Switch the metric to the weight gradient: it is about 10⁻⁵ in \
            every layer, because the forward signal has faded too, so all layers, not only the \
            early ones, barely learn. Try next: switch the initialization to He.",
        expected: Diagnosis::Vanishing,
    },
    Preset {
        id: "saturated-sigmoid",
        title: "Saturated (Sigmoid + σ = 1)",
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::RandomNormal,
            depth: 40,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "Large weights push the sigmoid's inputs far from zero, into its flat tails: \
            look at the activation chart, where the values pile up near 0 and 1 and about 40 % \
            of the units are saturated. The large weights also amplify what slope is left, so \
            each layer loses only about 0.06 decades, about 2.5 over 40 layers, where Xavier \
            loses about 25. Try next: drop the depth to 15 (under a decade lost), then switch \
            to Xavier and compare the histograms.",
        expected: Diagnosis::Vanishing,
    },
    Preset {
        id: "small-init",
        title: "Tiny weights (σ = 0.01)",
        net: MlpNet {
            activation: Activation::Tanh,
            init: Init::SmallNormal,
            depth: 15,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "With weights of standard deviation 0.01, each layer scales the signal by \
            about 0.01 × √64 = 0.08. Both the activations and the gradient shrink toward zero \
            layer after layer: about 15 decades over 15 layers. Try next: switch the \
            initialization to Xavier.",
        expected: Diagnosis::Vanishing,
    },
    Preset {
        id: "batchnorm-relu",
        title: "Batch norm alone (ReLU + He)",
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::HeNormal,
            depth: 30,
            width: 64,
            residual: Residual::None,
            norm: Norm::Batch,
        },
        mixed: FLOAT32,
        explanation: "Batch norm standardizes every unit over the batch before ReLU, so the \
            forward signal keeps its shape: in the activation chart the spread is about 0.6 in \
            layer 1 and still about 0.6 in layer 30. The gradient is another matter. On the way \
            back each batch-norm layer multiplies it by about 1.21 with ReLU (Yang et al., 2019), \
            so batch norm with ReLU grows the gradient by about 2.4 decades over 30 layers, \
            and the diagnosis is exploding. The card judges the weight gradient, because the \
            norm rescales the signal gradient. Try next: set the residual to scaled.",
        expected: Diagnosis::Exploding,
    },
    Preset {
        id: "residual-relu-he",
        title: "Plain residual (ReLU + He)",
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::HeNormal,
            depth: 15,
            width: 64,
            residual: Residual::Identity,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "Each layer adds its branch to the stream, aₗ = aₗ₋₁ + φ(zₗ), and with He \
            the branch carries as much variance as its input, so the stream's second moment at \
            least doubles at every layer. Look at the activation chart: with ReLU and He the \
            spread goes from about 1.3 in layer 1 to about 1200 in layer 15, and the \
            back-propagated gradient grows by about 3.3 decades toward the input. Try next: \
            set the normalization to layer norm, or the residual to scaled.",
        expected: Diagnosis::Exploding,
    },
    Preset {
        id: "scaled-residual-layernorm",
        title: "Scaled residual + layer norm",
        net: MlpNet {
            activation: Activation::Relu,
            init: Init::HeNormal,
            depth: 100,
            width: 64,
            residual: Residual::Scaled,
            norm: Norm::Layer,
        },
        mixed: FLOAT32,
        explanation: "A hundred layers, and layer 1's weight gradient stays within one decade of \
            layer 100's: ReLU with He, a skip path scaled by α = 1/√100 = 0.1 and layer norm stays \
            healthy at depth 100. Layer norm standardizes what each branch's activation \
            receives, that layer's A·W, and the small α keeps the sum of 100 branches in check: \
            the last layer's spread is about 1.16. Try next: set the normalization to \
            none; the scaled residual with ReLU alone explodes at depth 100.",
        expected: Diagnosis::Healthy,
    },
    Preset {
        id: "residual-sigmoid",
        title: "Residual rescue (Sigmoid)",
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 30,
            width: 64,
            residual: Residual::Identity,
            norm: Norm::None,
        },
        mixed: FLOAT32,
        explanation: "Thirty sigmoid layers with Xavier, and yet the first layer learns: the \
            identity path hands the gradient to every layer unshrunk, so with a skip connection \
            sigmoid is healthy at depth 30, with layer 1's weight gradient within two decades \
            of layer 30's. Try next: set the residual to none; without the skip path sigmoid \
            vanishes, and layer 1's weight gradient falls to about 10⁻¹⁹ of layer 30's.",
        expected: Diagnosis::Healthy,
    },
    Preset {
        id: "float16-underflow",
        title: "float16 underflow (Sigmoid, 12 layers)",
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 12,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: MixedPrecision {
            precision: Precision::Float16,
            loss_scale: LossScale::None,
        },
        explanation: "The same network as in float32, run as mixed-precision training runs it: \
            every tensor rounded to float16, whose smallest positive number is 2⁻²⁴ ≈ 6e−8. \
            Without a loss scale the gradient of layers 1 to 5 is lost entirely: every entry \
            of ∂L/∂z rounds to zero, although float32 holds them all. Look at the precision \
            chart: layer 6 lost about 90 % of its entries and layer 7 about 30 %, and most of \
            the rest are subnormal, with few significant bits. Try next: set the loss scale to \
            2^8 (layer 1 is still lost entirely), then to dynamic.",
        expected: Diagnosis::Vanishing,
    },
    Preset {
        id: "float16-dynamic-scale",
        title: "float16 with a dynamic loss scale",
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 12,
            width: 64,
            residual: Residual::None,
            norm: Norm::None,
        },
        mixed: MixedPrecision {
            precision: Precision::Float16,
            loss_scale: LossScale::Dynamic,
        },
        explanation: "A loss scale multiplies the loss by S before the backward pass, so every \
            gradient is S times larger while float16 holds it, and divides it out afterwards. \
            The dynamic scale starts at 2^16 = 65536 and halves only while a gradient \
            overflows; here it stays at 2^16. Layer 1 now lost only about 3 % of its entries, \
            and its gradient norm matches float32's. Try next: set the precision to bfloat16, \
            which has float32's range and needs no loss scale.",
        expected: Diagnosis::Vanishing,
    },
];
