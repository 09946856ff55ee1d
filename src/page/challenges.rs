//! Guided challenges: a goal, a hint, a starting point and a check the page runs on what it
//! sees. The check reads only what came back from the simulation and training workers (the
//! diagnosis of the network on screen, the run's outcome) and the controls themselves, never
//! a table of answers. Pure data and pure functions, tested natively (`tests/challenges.rs`
//! solves each one with the simulation; the end-to-end test solves each through the page).

use crate::page::edit::{self, Edit};
use crate::page::train::edit::TrainSettings;
use crate::sim::{Activation, Config, Diagnosis, Init, Norm, Residual};

/// Where a challenge is played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The untrained network (explorer).
    Explorer,
    /// Fixing a network with residual paths and normalization.
    Remedies,
    /// Training it (the training panel).
    Training,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Explorer => "Explore",
            Stage::Remedies => "Fix",
            Stage::Training => "Train",
        }
    }
}

/// The outcome of a training run, as the training worker reported it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSeen {
    pub settings: TrainSettings,
    /// The run reached its last step.
    pub finished: bool,
    /// Some loss or gradient became infinite or NaN.
    pub halted: bool,
    /// The newest measured training accuracy (0..1).
    pub train_accuracy: Option<f64>,
}

/// What the page sees now: the controls, the worker's diagnosis of exactly that network
/// (`None` while it is computed) and, in training mode, the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub config: Config,
    pub diagnosis: Option<Diagnosis>,
    pub run: Option<RunSeen>,
}

pub struct Challenge {
    /// Stable id: `data-testid="challenge-<id>"`, and the progress kept in local storage.
    pub id: &'static str,
    pub stage: Stage,
    pub title: &'static str,
    /// What to achieve, in one or two sentences.
    pub goal: &'static str,
    pub hint: &'static str,
    /// What the start button loads into the explorer, applied in order to the default network.
    pub start: &'static [Edit],
    /// The training preset the start button loads (training challenges).
    pub train_preset: Option<&'static str>,
    /// True once `seen` meets the goal.
    pub met: fn(&Seen) -> bool,
}

impl Challenge {
    /// The network the challenge starts from (seed and batch: the default's).
    pub fn start_config(&self) -> Config {
        self.start
            .iter()
            .fold(Config::default(), |c, e| edit::apply(&c, e))
    }
}

/// A plain network: the given activation, initialization and depth, width 64, no skip path,
/// no normalization, no bias.
const fn plain(activation: Activation, init: Init, depth: usize) -> [Edit; 7] {
    [
        Edit::Activation(activation),
        Edit::Init(init),
        Edit::Depth(depth),
        Edit::Width(64),
        Edit::Residual(Residual::None),
        Edit::Norm(Norm::None),
        Edit::BiasStd(0.0),
    ]
}

const SIGMOID_15: [Edit; 7] = plain(Activation::Sigmoid, Init::XavierNormal, 15);
const RELU_50: [Edit; 7] = plain(Activation::Relu, Init::HeNormal, 50);
const SIGMOID_30: [Edit; 7] = plain(Activation::Sigmoid, Init::XavierNormal, 30);
const TANH_50: [Edit; 7] = plain(Activation::Tanh, Init::RandomNormal, 50);

pub const CHALLENGES: [Challenge; 6] = [
    Challenge {
        id: "sigmoid-no-skip",
        stage: Stage::Explorer,
        title: "Rescue the sigmoid with the weights alone",
        goal: "The 15-layer sigmoid network vanishes. Make it healthy without changing the \
            activation, the depth, the residual or the normalization.",
        hint: "The sigmoid's slope is at most 0.25, so each layer shrinks the gradient unless \
            its weights make up for it. Try an initialization with larger weights.",
        start: &SIGMOID_15,
        train_preset: None,
        met: sigmoid_no_skip,
    },
    Challenge {
        id: "explode-one-control",
        stage: Stage::Explorer,
        title: "Break it with one control",
        goal: "The 50-layer ReLU + He network is healthy. Make it explode (or overflow) by \
            changing exactly one control.",
        hint: "He initialization balances ReLU exactly. What happens to that balance with \
            weights of standard deviation 1, with batch norm, or with a plain skip path?",
        start: &RELU_50,
        train_preset: None,
        met: explode_one_control,
    },
    Challenge {
        id: "sigmoid-30-healthy",
        stage: Stage::Remedies,
        title: "Thirty sigmoid layers, healthy",
        goal: "Make the 30-layer sigmoid network healthy without changing the activation or \
            making it shallower.",
        hint: "Larger weights are not enough at 30 layers. Give the gradient a path around \
            each layer: a skip connection.",
        start: &SIGMOID_30,
        train_preset: None,
        met: sigmoid_30_healthy,
    },
    Challenge {
        id: "tanh-residual-norm",
        stage: Stage::Remedies,
        title: "Tame chaos with a skip path and a norm",
        goal: "Tanh with weights of standard deviation 1 explodes at depth 50. Keep the \
            activation, the weights and the depth; make it healthy by adding a residual \
            connection and a normalization.",
        hint: "Try the scaled residual (α = 1/√L) together with layer norm.",
        start: &TANH_50,
        train_preset: None,
        met: tanh_residual_norm,
    },
    Challenge {
        id: "train-deep-sigmoid",
        stage: Stage::Training,
        title: "Train the deep sigmoid network",
        goal: "The 10-layer sigmoid network stays at chance on the spiral. Keep sigmoid and 10 \
            layers, and finish a run with training accuracy above 80 %.",
        hint: "Two changes: weights that keep the gradient alive (the first challenge's \
            answer), and an optimizer that scales each step (Adam, learning rate about 0.003).",
        start: &[],
        train_preset: Some("train-deep-sigmoid"),
        met: train_deep_sigmoid,
    },
    Challenge {
        id: "train-clip",
        stage: Stage::Training,
        title: "Keep the huge weights, stop the blow-up",
        goal: "With weights of standard deviation 1 the loss becomes NaN within ten steps. Keep \
            those weights and finish the run with a finite loss and training accuracy above \
            80 %.",
        hint: "Cap the size of every step: clip the gradient norm.",
        start: &[],
        train_preset: Some("train-random-normal"),
        met: train_clip,
    },
];

pub fn find(id: &str) -> Option<&'static Challenge> {
    CHALLENGES.iter().find(|c| c.id == id)
}

/// The controls in which two networks differ (seed and batch aside).
pub fn controls_changed(a: &Config, b: &Config) -> usize {
    [
        a.net.depth != b.net.depth,
        a.net.width != b.net.width,
        a.net.activation != b.net.activation,
        a.net.init != b.net.init || a.sigma_w2 != b.sigma_w2,
        a.bias_std != b.bias_std,
        a.net.residual != b.net.residual,
        a.net.norm != b.net.norm,
    ]
    .into_iter()
    .filter(|&d| d)
    .count()
}

fn healthy(s: &Seen) -> bool {
    s.diagnosis == Some(Diagnosis::Healthy)
}

fn plain_net(c: &Config) -> bool {
    c.net.residual == Residual::None && c.net.norm == Norm::None
}

fn sigmoid_no_skip(s: &Seen) -> bool {
    let c = &s.config;
    healthy(s) && c.net.activation == Activation::Sigmoid && c.net.depth == 15 && plain_net(c)
}

fn explode_one_control(s: &Seen) -> bool {
    let start = plain(Activation::Relu, Init::HeNormal, 50)
        .iter()
        .fold(Config::default(), |c, e| edit::apply(&c, e));
    matches!(
        s.diagnosis,
        Some(Diagnosis::Exploding | Diagnosis::Overflow)
    ) && controls_changed(&start, &s.config) == 1
}

fn sigmoid_30_healthy(s: &Seen) -> bool {
    healthy(s) && s.config.net.activation == Activation::Sigmoid && s.config.net.depth >= 30
}

fn tanh_residual_norm(s: &Seen) -> bool {
    let c = &s.config;
    healthy(s)
        && c.net.activation == Activation::Tanh
        && c.net.init == Init::RandomNormal
        && c.sigma_w2.is_none()
        && c.net.depth >= 50
        && c.net.residual != Residual::None
        && c.net.norm != Norm::None
}

/// A finished run, finite throughout, past 80 % training accuracy.
fn learned(s: &Seen) -> bool {
    s.run
        .as_ref()
        .is_some_and(|r| r.finished && !r.halted && r.train_accuracy.is_some_and(|a| a > 0.8))
}

fn train_deep_sigmoid(s: &Seen) -> bool {
    learned(s) && s.config.net.activation == Activation::Sigmoid && s.config.net.depth >= 10
}

fn train_clip(s: &Seen) -> bool {
    learned(s) && s.config.net.init == Init::RandomNormal && s.config.sigma_w2.is_none()
}
