//! Training presets: a named run (data, network, optimizer) with what to look at, and the
//! outcome its explanation promises as data (`expected`), which `tests/train_presets.rs`
//! checks by training. Every figure in an explanation was measured with
//! `gradflow train … --seeds 10` (seeds 0–9, medians unless said otherwise).

use super::config::{Dataset, Optimizer, TrainConfig};
use crate::sim::{Activation, Init, MlpNet, Norm, Residual};

/// What a preset promises, checked on the median over seeds 0..`PRESET_CHECK_SEEDS`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expect {
    /// Median full-set training accuracy at `step` is at least `min`.
    AccuracyAtLeast { step: usize, min: f64 },
    /// Median full-set training accuracy at `step` is at most `max` (chance is 0.5).
    AccuracyAtMost { step: usize, max: f64 },
    /// Every seed's full-set training loss is non-finite (overflow) at `step`.
    Overflows { step: usize },
    /// Every seed's loss stays finite at every measured step up to `step`.
    StaysFinite { step: usize },
    /// At `step`, the first hidden layer's full-set gradient is at least `decades` decades
    /// below the last hidden layer's (median over seeds): vanishing.
    FirstLayerBelowLast { step: usize, decades: f64 },
    /// The first hidden layer's update-to-weight ratio ‖ΔW_1‖/‖W_1‖ in the step that reaches
    /// `step` lies in `lo..=hi` (median over seeds).
    FirstLayerRatioWithin { step: usize, lo: f64, hi: f64 },
    /// The first hidden layer's full-set gradient norm at `step` lies in `lo..=hi` (median).
    FirstLayerGradWithin { step: usize, lo: f64, hi: f64 },
    /// The output's spread over the training points (`Measurement::output_spread`) is below
    /// `max` at `step` (median): the output barely depends on the input.
    OutputSpreadBelow { step: usize, max: f64 },
    /// The full-set training loss at `step` lies in `lo..=hi` (median).
    LossWithin { step: usize, lo: f64, hi: f64 },
}

impl Expect {
    /// The last step the check needs measured.
    pub fn step(&self) -> usize {
        match *self {
            Expect::AccuracyAtLeast { step, .. }
            | Expect::AccuracyAtMost { step, .. }
            | Expect::Overflows { step }
            | Expect::StaysFinite { step }
            | Expect::FirstLayerBelowLast { step, .. }
            | Expect::FirstLayerRatioWithin { step, .. }
            | Expect::FirstLayerGradWithin { step, .. }
            | Expect::OutputSpreadBelow { step, .. }
            | Expect::LossWithin { step, .. } => step,
        }
    }
}

/// Seeds the preset test trains (fewer than the ten the explanations were measured with).
pub const PRESET_CHECK_SEEDS: u64 = 3;

pub struct TrainPreset {
    /// Stable id, for `data-testid="train-preset-<id>"`, URLs and the lessons' links.
    pub id: &'static str,
    pub title: &'static str,
    pub data: Dataset,
    pub net: MlpNet,
    pub optimizer: Optimizer,
    pub lr: f64,
    pub clip: Option<f64>,
    /// How many steps the run makes.
    pub steps: usize,
    /// What to look at and what to try next; every outcome it states is in `expected`.
    pub explanation: &'static str,
    pub expected: &'static [Expect],
    /// The preset this one is meant to be compared with, if any.
    pub compare_with: Option<&'static str>,
}

impl TrainPreset {
    /// The run at `seed` (noise 0.05, no momentum).
    pub fn config(&self, seed: u64) -> TrainConfig {
        TrainConfig {
            net: self.net,
            data: self.data,
            noise: 0.05,
            optimizer: self.optimizer,
            lr: self.lr,
            momentum: 0.0,
            clip: self.clip,
            steps: self.steps,
            seed,
            ..TrainConfig::default()
        }
    }
}

impl TrainPreset {
    /// The page address's query that loads this run (`mode=train` plus the explorer's network
    /// and the training parameters); clipping and momentum appear only when used.
    pub fn query(&self) -> String {
        let mut q = format!(
            "mode=train&data={}&activation={}&init={}&depth={}&width={}&residual={}&norm={}\
             &optimizer={}&lr={}&steps={}",
            self.data.id(),
            self.net.activation.id(),
            self.net.init.id(),
            self.net.depth,
            self.net.width,
            self.net.residual.id(),
            self.net.norm.id(),
            self.optimizer.id(),
            self.lr,
            self.steps
        );
        if let Some(c) = self.clip {
            q += &format!("&clip={c}");
        }
        q
    }
}

pub fn find_train_preset(id: &str) -> Option<&'static TrainPreset> {
    TRAIN_PRESETS.iter().find(|p| p.id == id)
}

/// Eight ReLU layers of width 64 with He init, no skip, no norm.
const PLAIN_NET: MlpNet = MlpNet {
    activation: Activation::Relu,
    init: Init::HeNormal,
    depth: 8,
    width: 64,
    residual: Residual::None,
    norm: Norm::None,
};

/// `PLAIN_NET` trained with SGD at lr 0.1 on the spiral for 1000 steps.
const fn plain(id: &'static str, title: &'static str) -> TrainPreset {
    TrainPreset {
        id,
        title,
        data: Dataset::Spiral,
        net: PLAIN_NET,
        optimizer: Optimizer::Sgd,
        lr: 0.1,
        clip: None,
        steps: 1000,
        explanation: "",
        expected: &[],
        compare_with: None,
    }
}

pub const TRAIN_PRESETS: [TrainPreset; 9] = [
    TrainPreset {
        explanation: "Eight ReLU layers with He initialization, plain SGD at learning rate 0.1. \
            Every layer's gradient stays within about a decade of the others, so every layer \
            learns: the training accuracy on the spiral passes 0.9 within 1000 steps (median of \
            ten seeds 0.98). Watch the boundary wind itself around the two arms. Try next: \
            switch the activation to sigmoid.",
        expected: &[
            Expect::AccuracyAtLeast { step: 1000, min: 0.9 },
            Expect::FirstLayerRatioWithin { step: 300, lo: 1e-3, hi: 2e-2 },
        ],
        ..plain("train-relu-he-spiral", "ReLU + He learns the spiral")
    },
    TrainPreset {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 10,
            ..PLAIN_NET
        },
        explanation: "Ten sigmoid layers with Xavier initialization, the same SGD. The first \
            layer's gradient starts more than five decades below the last one's (5.6, median of \
            ten seeds), so its update-to-\
            weight ratio is far below 10⁻³ and its weights stay where they started. The same \
            small factors act going forward: the output hardly depends on the input (its spread \
            over the training points stays below 10⁻⁶), so every point gets the same answer, the \
            loss stays near ln 2 and the training accuracy stays at chance, 0.5, at steps 300 \
            and 1000 (median of ten seeds). Try next: the same \
            network with Adam.",
        expected: &[
            Expect::FirstLayerBelowLast { step: 0, decades: 5.0 },
            Expect::FirstLayerRatioWithin { step: 300, lo: 0.0, hi: 1e-7 },
            Expect::FirstLayerRatioWithin { step: 1, lo: 0.0, hi: 1e-7 },
            Expect::AccuracyAtMost { step: 300, max: 0.6 },
            Expect::AccuracyAtMost { step: 1000, max: 0.6 },
            Expect::OutputSpreadBelow { step: 1000, max: 1e-6 },
            Expect::LossWithin { step: 1000, lo: 0.69, hi: 0.72 },
        ],
        compare_with: Some("train-deep-sigmoid-adam"),
        ..plain("train-deep-sigmoid", "Deep sigmoid stays at chance")
    },
    TrainPreset {
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 10,
            ..PLAIN_NET
        },
        optimizer: Optimizer::Adam,
        lr: 0.003,
        explanation: "The deep sigmoid network again, now with Adam (learning rate 0.003). Adam \
            divides each parameter's step by the size of its own recent gradients, so the first \
            layer's tiny gradient no longer means a tiny step. Here it is not enough: the first \
            layer's gradient keeps shrinking (from 5.6 to 7.0 decades below the last layer's by \
            step 1000) while the network sits at chance: median accuracy still 0.5 at step 1000. Try next: the four-layer pair, where Adam does rescue \
            the sigmoid.",
        expected: &[
            Expect::FirstLayerBelowLast { step: 1000, decades: 6.5 },
            Expect::FirstLayerGradWithin { step: 1000, lo: 0.0, hi: 1e-8 },
            Expect::FirstLayerRatioWithin { step: 1, lo: 1e-3, hi: 2e-2 },
            Expect::AccuracyAtMost { step: 1000, max: 0.6 },
            Expect::OutputSpreadBelow { step: 1000, max: 1e-6 },
        ],
        compare_with: Some("train-deep-sigmoid"),
        ..plain(
            "train-deep-sigmoid-adam",
            "Adam on the deep sigmoid: not enough",
        )
    },
    TrainPreset {
        data: Dataset::Circles,
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 4,
            ..PLAIN_NET
        },
        explanation: "Four sigmoid layers on the two circles, SGD at 0.1. Even at this depth \
            the first layer's gradient is about two decades below the last one's, and after \
            1000 steps the training accuracy is still 0.5. Try next: the same network with \
            Adam.",
        expected: &[
            Expect::FirstLayerBelowLast { step: 0, decades: 1.5 },
            Expect::AccuracyAtMost { step: 1000, max: 0.6 },
        ],
        compare_with: Some("train-sigmoid-adam"),
        ..plain("train-sigmoid-sgd", "Sigmoid, SGD: stuck")
    },
    TrainPreset {
        data: Dataset::Circles,
        net: MlpNet {
            activation: Activation::Sigmoid,
            init: Init::XavierNormal,
            depth: 4,
            ..PLAIN_NET
        },
        optimizer: Optimizer::Adam,
        lr: 0.003,
        explanation: "The same four sigmoid layers with Adam at 0.003. Its per-parameter \
            scaling gives the small early-layer gradients full-sized steps, and the network \
            finds the circles: training accuracy about 0.83 at step 1000 (median of ten seeds), \
            where SGD stayed at 0.5. Try next: the ten-layer version, where Adam fails too.",
        expected: &[
            Expect::AccuracyAtLeast { step: 1000, min: 0.75 },
            Expect::AccuracyAtMost { step: 1000, max: 0.9 },
        ],
        compare_with: Some("train-sigmoid-sgd"),
        ..plain("train-sigmoid-adam", "Sigmoid, Adam: rescued")
    },
    TrainPreset {
        net: MlpNet {
            init: Init::RandomNormal,
            ..PLAIN_NET
        },
        explanation: "Eight ReLU layers with weights drawn from N(0, 1), not scaled by the \
            width: every layer multiplies the signal by about √(64/2) ≈ 5.7, so the untrained \
            loss is already around a million and the first SGD steps are enormous. The values \
            overflow float32 within ten steps and the loss is NaN from then on, in every \
            seed. Try next: the same network with clipping.",
        expected: &[
            Expect::Overflows { step: 10 },
        ],
        compare_with: Some("train-random-normal-clipped"),
        ..plain("train-random-normal", "Random normal weights blow up")
    },
    TrainPreset {
        net: MlpNet {
            init: Init::RandomNormal,
            ..PLAIN_NET
        },
        clip: Some(1.0),
        explanation: "The same N(0, 1) network with the global gradient norm clipped to 1. \
            Clipping cannot make the gradient well scaled, but it caps every step, so nothing \
            overflows and the network learns: training accuracy about 0.89 at step 1000 \
            (median of ten seeds). Its loss is still in the thousands, because its logits are \
            huge and its few mistakes wildly over-confident. Try next: He initialization, which \
            fixes the cause instead of the symptom.",
        expected: &[
            Expect::StaysFinite { step: 1000 },
            Expect::AccuracyAtLeast { step: 1000, min: 0.8 },
            Expect::AccuracyAtMost { step: 1000, max: 0.95 },
        ],
        compare_with: Some("train-random-normal"),
        ..plain("train-random-normal-clipped", "Clipping rescues random normal weights")
    },
    TrainPreset {
        net: MlpNet {
            depth: 30,
            ..PLAIN_NET
        },
        optimizer: Optimizer::Adam,
        lr: 0.003,
        explanation: "Thirty plain ReLU layers with He initialization and Adam at 0.003. At \
            initialization the gradients are balanced, but a deep plain network is hard to \
            train: after 1000 steps the training accuracy is only about 0.70 (median of ten \
            seeds; the middle eight of them between 0.5 and 0.87). Try next: the same network with scaled residual connections.",
        expected: &[
            Expect::AccuracyAtLeast { step: 1000, min: 0.55 },
            Expect::AccuracyAtMost { step: 1000, max: 0.85 },
        ],
        compare_with: Some("train-deep-relu-scaled-residual"),
        ..plain("train-deep-relu-plain", "Depth 30, plain: slow")
    },
    TrainPreset {
        net: MlpNet {
            depth: 30,
            residual: Residual::Scaled,
            ..PLAIN_NET
        },
        optimizer: Optimizer::Adam,
        lr: 0.003,
        explanation: "The same thirty ReLU layers, each now added to an identity path with \
            weight 1/√30. The skip paths give every layer a short route to the loss, and the \
            network reaches a training accuracy of about 0.99 by step 1000 (median of ten \
            seeds). Try next: compare the two gradient heatmaps.",
        expected: &[
            Expect::AccuracyAtLeast { step: 1000, min: 0.95 },
        ],
        compare_with: Some("train-deep-relu-plain"),
        ..plain(
            "train-deep-relu-scaled-residual",
            "Depth 30, scaled residual: learns",
        )
    },
];
