//! The transformer page's training panel, pure Rust: the reverse task (`sim::transformer::task`)
//! trained on the stack the explorer shows. Its settings (Adam's learning rate, the linear
//! warm-up, the steps), every change to them as a `ReverseEdit` applied by the pure
//! `TaskSettings::apply` (clamped to what the controls offer), the run's `ReverseConfig`, and
//! the URL part (`page::task_train`'s `parse` and `to_query`):
//! `tf_train=1&tf_lr=…&tf_warmup=…&tf_steps=…` (prefixed so they never meet the explorer's
//! own keys or the MLP panel's `lr` and `steps`; nothing while the panel is closed, so a
//! transformer link stays as it was).

use std::ops::RangeInclusive;

use crate::page::task_train::{number, whole, KeyRead, TaskParsed, TaskSettings};
use crate::sim::transformer::task::ReverseConfig;
use crate::sim::transformer::TransformerConfig;

/// What the learning-rate field accepts (the core accepts (0, 1]).
pub const LR_RANGE: RangeInclusive<f64> = 1e-5..=1.0;
/// What the warm-up field accepts, in updates.
pub const WARMUP_RANGE: RangeInclusive<usize> = 0..=5000;
/// What the steps field accepts.
pub const STEPS_RANGE: RangeInclusive<usize> = 1..=5000;

/// The training panel's own settings (the stack is the explorer's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReverseSettings {
    /// Adam's learning rate after the warm-up.
    pub lr: f64,
    /// Updates of the linear warm-up (0: none).
    pub warmup: usize,
    pub steps: usize,
}

impl Default for ReverseSettings {
    fn default() -> Self {
        ReverseSettings {
            lr: 3e-3,
            warmup: 0,
            steps: 500,
        }
    }
}

/// One change to the training panel's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReverseEdit {
    /// Clamped to `LR_RANGE`; NaN changes nothing.
    Lr(f64),
    Warmup(usize),
    Steps(usize),
    /// A training preset's settings (`ReversePreset::settings`; its stack goes through the
    /// explorer's edits: `TaskPreset::network_edits`).
    Preset(ReverseSettings),
}

impl TaskSettings for ReverseSettings {
    type Edit = ReverseEdit;
    const OPEN_KEY: &'static str = "tf_train";

    fn apply(&self, edit: &ReverseEdit) -> ReverseSettings {
        let mut next = *self;
        match *edit {
            ReverseEdit::Lr(lr) => {
                if !lr.is_nan() {
                    next.lr = lr.clamp(*LR_RANGE.start(), *LR_RANGE.end());
                }
            }
            ReverseEdit::Warmup(w) => next.warmup = w.min(*WARMUP_RANGE.end()),
            ReverseEdit::Steps(n) => next.steps = n.clamp(*STEPS_RANGE.start(), *STEPS_RANGE.end()),
            ReverseEdit::Preset(settings) => next = settings,
        }
        next
    }

    fn load_edit(self) -> ReverseEdit {
        ReverseEdit::Preset(self)
    }

    fn steps(&self) -> usize {
        self.steps
    }

    fn read(key: &str, v: &str) -> KeyRead<ReverseEdit> {
        let edit = match key {
            "tf_lr" => number(v).map(ReverseEdit::Lr),
            "tf_warmup" => whole(v).map(ReverseEdit::Warmup),
            "tf_steps" => whole(v).map(ReverseEdit::Steps),
            _ => return KeyRead::Other,
        };
        edit.map_or(KeyRead::Unreadable, KeyRead::Edit)
    }

    fn holds(&self, edit: &ReverseEdit) -> bool {
        match *edit {
            ReverseEdit::Lr(lr) => self.lr == lr,
            ReverseEdit::Warmup(w) => self.warmup == w,
            ReverseEdit::Steps(n) => self.steps == n,
            ReverseEdit::Preset(_) => true,
        }
    }

    /// `&tf_lr=…&tf_warmup=…&tf_steps=…`.
    fn query_pairs(&self) -> String {
        format!(
            "&tf_lr={}&tf_warmup={}&tf_steps={}",
            self.lr, self.warmup, self.steps
        )
    }
}

/// The run the panel trains: the explorer's stack (placement, norm, blocks, width, heads,
/// init, ReZero gate, seed) on the reverse task (T = 8, B = 32 whatever the explorer's tokens
/// and batch; GPT-2's scaled init off, as the reference's) with the panel's settings.
pub fn reverse_config(tf: &TransformerConfig, s: &ReverseSettings) -> ReverseConfig {
    ReverseConfig {
        placement: tf.placement,
        norm: tf.norm,
        blocks: tf.blocks,
        width: tf.width,
        heads: tf.heads,
        init: tf.init,
        rezero_init: tf.rezero_init,
        lr: s.lr,
        warmup: s.warmup,
        steps: s.steps,
        seed: tf.seed,
    }
}

/// The training part of a transformer link.
pub type ReverseParsed = TaskParsed<ReverseSettings>;
