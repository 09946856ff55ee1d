//! The training state and its three operations: `step`, `measure`, `reset`.

use serde::{Deserialize, Serialize};

use super::config::POINTS;
use super::config::{TrainConfig, TrainConfigError};
use super::data::{generate, Points};
use super::loss::accuracy;
use super::model::{sum_sq, Arch, Params, CLASSES, INPUTS};
use super::network::Workspace;
use super::optim::{clip_global_norm, global_norm, OptimState};
use super::streams::{sampler, Purpose};
use crate::sim::mixed::{LossScale, DYNAMIC_START_LOG2, SCALE_FLOOR_LOG2, SCALE_MAX_LOG2};
use crate::sim::numeric::{Float32, NumericPolicy, Precision};
use crate::sim::rng::Sampler;

/// Examples per optimizer step.
pub const MINIBATCH: usize = 32;

/// What one optimizer step costs nothing extra to report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepStats {
    /// Steps taken so far, this one included (the parameters are now θ_step).
    pub step: usize,
    /// Minibatch loss at the parameters before the step (non-finite → null in JSON).
    pub loss: f64,
    pub loss_finite: bool,
    /// ‖∂Loss_minibatch/∂W_l‖ for hidden layers l = 1..L, before any clipping.
    pub grad_norm: Vec<f64>,
    /// ‖ΔW_l‖/‖W_l‖ for hidden layers l = 1..L (‖W_l‖ before the step).
    pub update_ratio: Vec<f64>,
    /// Norm of the whole gradient (all layers, weights and biases) before clipping.
    pub global_grad_norm: f64,
    /// A dynamic loss scale found inf or NaN in the gradients and skipped this step.
    #[serde(default)]
    pub skipped: bool,
    /// log2 of the loss scale this step's backward was seeded with (0 without a scale).
    #[serde(default)]
    pub scale_log2: i32,
}

/// Full-set statistics at the current parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub step: usize,
    /// Mean cross-entropy on the whole training set.
    pub loss: f64,
    pub loss_finite: bool,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    /// ‖∂Loss_train/∂W_l‖ for hidden layers l = 1..L, on the whole training set.
    pub weight_grad_norm: Vec<f64>,
    /// How much the output depends on the input: the standard deviation, over the training
    /// points, of the logit difference z_1 − z_0 (0 when every input gets the same output).
    pub output_spread: f64,
    /// log2 of the loss scale now (0 without a scale), and how many steps a dynamic scale
    /// skipped so far.
    #[serde(default)]
    pub scale_log2: i32,
    #[serde(default)]
    pub skipped_steps: usize,
}

pub struct Trainer {
    cfg: TrainConfig,
    arch: Arch,
    train: Points,
    test: Points,
    initial: Params,
    params: Params,
    optim: OptimState,
    steps: usize,
    shuffle: Sampler,
    order: Vec<usize>,
    ws: Workspace,
    batch_x: Vec<f32>,
    batch_y: Vec<u8>,
    old_hidden: Vec<Vec<f32>>,
    scaler: Scaler,
}

/// Which rows a pass runs over.
enum Rows {
    Minibatch,
    Test,
    /// The training set, forward and backward.
    TrainWithLoss,
}

/// The loss scale's state (GradScaler's: the scale, the clean steps since it last changed).
#[derive(Clone, Copy, Debug)]
struct Scaler {
    log2: i32,
    clean_steps: usize,
    skipped: usize,
}

impl Scaler {
    fn new(cfg: &TrainConfig) -> Scaler {
        let log2 = match cfg.mixed.loss_scale {
            LossScale::None => 0,
            LossScale::Power(k) => k,
            LossScale::Dynamic => DYNAMIC_START_LOG2,
        };
        Scaler {
            log2,
            clean_steps: 0,
            skipped: 0,
        }
    }

    fn scale(&self) -> f32 {
        2f32.powi(self.log2)
    }
}

impl Trainer {
    pub fn new(cfg: &TrainConfig) -> Result<Trainer, TrainConfigError> {
        cfg.validate()?;
        let train = generate(
            cfg.data,
            POINTS,
            cfg.noise,
            &mut sampler(cfg.seed, Purpose::TrainData),
        );
        let test = generate(
            cfg.data,
            POINTS,
            cfg.noise,
            &mut sampler(cfg.seed, Purpose::TestData),
        );
        let initial = Params::init(cfg);
        Ok(Trainer {
            cfg: cfg.clone(),
            arch: Arch::of(cfg),
            optim: OptimState::new(cfg, &initial),
            params: initial.clone(),
            initial,
            train,
            test,
            steps: 0,
            shuffle: sampler(cfg.seed, Purpose::Shuffle),
            order: (0..POINTS).collect(),
            ws: Workspace::default(),
            batch_x: Vec::with_capacity(MINIBATCH * INPUTS),
            batch_y: Vec::with_capacity(MINIBATCH),
            old_hidden: Vec::new(),
            scaler: Scaler::new(cfg),
        })
    }

    pub fn config(&self) -> &TrainConfig {
        &self.cfg
    }

    pub fn steps_done(&self) -> usize {
        self.steps
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn train_set(&self) -> &Points {
        &self.train
    }

    pub fn test_set(&self) -> &Points {
        &self.test
    }

    /// Back to the untrained network, the same initialization and the same shuffles.
    pub fn reset(&mut self) {
        self.params.clone_from(&self.initial);
        self.optim = OptimState::new(&self.cfg, &self.initial);
        self.steps = 0;
        self.shuffle = sampler(self.cfg.seed, Purpose::Shuffle);
        self.order = (0..POINTS).collect();
        self.scaler = Scaler::new(&self.cfg);
    }

    /// One optimizer step on the next minibatch (a fresh shuffle starts every epoch).
    pub fn step(&mut self) -> StepStats {
        self.fill_minibatch();
        let used = self.scaler.log2;
        let loss = self.pass(Rows::Minibatch, self.scaler.scale());
        let grads = self.ws.grads_mut();
        let hidden = 1..=self.arch.depth;
        let grad_norm: Vec<f64> = hidden
            .clone()
            .map(|l| sum_sq(&grads.weights[l]).sqrt())
            .collect();
        let dynamic = self.cfg.mixed.loss_scale == LossScale::Dynamic;
        if dynamic && !grads.tensors().all(|t| t.iter().all(|v| v.is_finite())) {
            // GradScaler: skip the step (no optimizer change), halve the scale.
            self.scaler.log2 = (used - 1).max(SCALE_FLOOR_LOG2);
            self.scaler.clean_steps = 0;
            self.scaler.skipped += 1;
            self.steps += 1;
            return StepStats {
                step: self.steps,
                loss,
                loss_finite: loss.is_finite(),
                update_ratio: vec![0.0; grad_norm.len()],
                grad_norm,
                global_grad_norm: global_norm(grads),
                skipped: true,
                scale_log2: used,
            };
        }
        let global_grad_norm = match self.cfg.clip {
            Some(c) => clip_global_norm(grads, c),
            None => global_norm(grads),
        };
        self.old_hidden.resize_with(self.arch.depth, Vec::new);
        for (old, l) in self.old_hidden.iter_mut().zip(hidden.clone()) {
            old.clone_from(&self.params.weights[l]);
        }
        self.optim.apply(&mut self.params, grads);
        let update_ratio = self
            .old_hidden
            .iter()
            .zip(hidden)
            .map(|(old, l)| {
                let new = &self.params.weights[l];
                let delta = old.iter().zip(new).fold(0.0f64, |a, (&o, &n)| {
                    let d = n as f64 - o as f64;
                    a + d * d
                });
                (delta / sum_sq(old)).sqrt()
            })
            .collect();
        self.steps += 1;
        if dynamic {
            self.scaler.clean_steps += 1;
            if self.scaler.clean_steps >= self.cfg.growth_interval {
                self.scaler.log2 = (self.scaler.log2 + 1).min(SCALE_MAX_LOG2);
                self.scaler.clean_steps = 0;
            }
        }
        StepStats {
            step: self.steps,
            loss,
            loss_finite: loss.is_finite(),
            grad_norm,
            update_ratio,
            global_grad_norm,
            skipped: false,
            scale_log2: used,
        }
    }

    /// Forward over `rows` (and backward with the loss scale `scale` where they come with
    /// their labels) in the run's number format; returns the loss (NaN without labels).
    fn pass(&mut self, rows: Rows, scale: f32) -> f64 {
        let (x, labels): (&[f32], Option<&[u8]>) = match rows {
            Rows::Minibatch => (&self.batch_x, Some(&self.batch_y)),
            Rows::Test => (&self.test.x, None),
            Rows::TrainWithLoss => (&self.train.x, Some(&self.train.y)),
        };
        let (ws, arch, p) = (&mut self.ws, &self.arch, &self.params);
        match self.cfg.mixed.precision {
            Precision::Float32 => run_pass(ws, (arch, p), (x, labels), (&Float32, scale)),
            format => run_pass(ws, (arch, p), (x, labels), (&format, scale)),
        }
    }

    /// Loss, accuracies and hidden-layer gradient norms on the full sets (batch norm uses the
    /// whole set's statistics).
    pub fn measure(&mut self) -> Measurement {
        let scale = self.scaler.scale();
        self.pass(Rows::Test, scale);
        let test_accuracy = accuracy(&self.ws.logits, &self.test.y, CLASSES);
        // The backward leaves the training set's logits in place.
        let loss = self.pass(Rows::TrainWithLoss, scale);
        let train_accuracy = accuracy(&self.ws.logits, &self.train.y, CLASSES);
        let output_spread = logit_difference_std(&self.ws.logits);
        let g = self.ws.grads();
        let weight_grad_norm = (1..=self.arch.depth)
            .map(|l| sum_sq(&g.weights[l]).sqrt())
            .collect();
        Measurement {
            step: self.steps,
            loss,
            loss_finite: loss.is_finite(),
            train_accuracy,
            test_accuracy,
            weight_grad_norm,
            output_spread,
            scale_log2: self.scaler.log2,
            skipped_steps: self.scaler.skipped,
        }
    }

    /// The next MINIBATCH training points in the current epoch's order.
    fn fill_minibatch(&mut self) {
        let start = (self.steps * MINIBATCH) % POINTS;
        if start == 0 {
            shuffle(&mut self.order, &mut self.shuffle);
        }
        self.batch_x.clear();
        self.batch_y.clear();
        for &i in &self.order[start..start + MINIBATCH] {
            self.batch_x
                .extend_from_slice(&self.train.x[i * INPUTS..(i + 1) * INPUTS]);
            self.batch_y.push(self.train.y[i]);
        }
    }
}

/// Forward (and backward, given labels) under `policy`, the backward seeded with `scale`.
fn run_pass<P: NumericPolicy>(
    ws: &mut Workspace,
    (arch, p): (&Arch, &Params),
    (x, labels): (&[f32], Option<&[u8]>),
    (policy, scale): (&P, f32),
) -> f64 {
    ws.forward_in(arch, p, x, policy);
    match labels {
        Some(y) => ws.backward_in(arch, p, x, y, (policy, scale)),
        None => f64::NAN,
    }
}

/// The population standard deviation of z_1 − z_0 over the rows of the logits (float64).
fn logit_difference_std(logits: &[f32]) -> f64 {
    let d: Vec<f64> = logits
        .chunks_exact(CLASSES)
        .map(|z| f64::from(z[1]) - f64::from(z[0]))
        .collect();
    let n = d.len().max(1) as f64;
    let mean = d.iter().sum::<f64>() / n;
    (d.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt()
}

/// Fisher–Yates from the end, j = ⌊u·(i+1)⌋ with a 53-bit uniform u.
fn shuffle(order: &mut [usize], s: &mut Sampler) {
    for i in (1..order.len()).rev() {
        let j = ((s.uniform() * (i + 1) as f64) as usize).min(i);
        order.swap(i, j);
    }
}
