//! The transformer page's training panel, pure Rust: the reverse task (`sim::transformer::task`)
//! trained on the stack the explorer shows. Its settings (Adam's learning rate, the linear
//! warm-up, the steps), every change to them as a `ReverseEdit` applied by the pure `apply`
//! (clamped to what the controls offer), the run's `ReverseConfig`, and the URL part:
//! `tf_train=1&tf_lr=…&tf_warmup=…&tf_steps=…` (prefixed so they never meet the explorer's
//! own keys or the MLP panel's `lr` and `steps`; nothing while the panel is closed, so a
//! transformer link stays as it was).

use std::ops::RangeInclusive;

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
    /// explorer's edits: `ReversePreset::stack_edits`).
    Preset(ReverseSettings),
}

/// The settings after `edit`.
pub fn apply(s: &ReverseSettings, edit: &ReverseEdit) -> ReverseSettings {
    let mut next = *s;
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReverseParsed {
    /// The panel is open (`tf_train=1`).
    pub open: bool,
    pub settings: ReverseSettings,
}

/// Reads the training parameters among `pairs` (other keys are ignored), adding a warning
/// for each value that could not be read or had to be adjusted.
pub fn parse<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    warnings: &mut Vec<String>,
) -> ReverseParsed {
    let mut out = ReverseParsed::default();
    for (key, value) in pairs {
        let v = value.trim();
        let number = || v.parse::<f64>().ok().filter(|x| x.is_finite());
        let whole = || number().filter(|x| *x >= 0.0).map(|x| x.round() as usize);
        let edit = match key {
            "tf_train" => {
                out.open = matches!(v, "1" | "true" | "on");
                continue;
            }
            "tf_lr" => number().map(ReverseEdit::Lr),
            "tf_warmup" => whole().map(ReverseEdit::Warmup),
            "tf_steps" => whole().map(ReverseEdit::Steps),
            _ => continue,
        };
        let Some(edit) = edit else {
            warnings.push(format!(
                "The {key} “{value}” could not be read; ignoring it."
            ));
            continue;
        };
        let next = apply(&out.settings, &edit);
        let asked = match edit {
            ReverseEdit::Lr(lr) => next.lr == lr,
            ReverseEdit::Warmup(w) => next.warmup == w,
            ReverseEdit::Steps(n) => next.steps == n,
            ReverseEdit::Preset(_) => true,
        };
        if !asked {
            warnings.push(format!(
                "The {key} “{value}” was adjusted to what the page offers."
            ));
        }
        out.settings = next;
    }
    out
}

/// `&tf_train=1&tf_lr=…&tf_warmup=…&tf_steps=…` while the panel is open; nothing while it
/// is closed.
pub fn to_query(open: bool, s: &ReverseSettings) -> String {
    if !open {
        return String::new();
    }
    format!(
        "&tf_train=1&tf_lr={}&tf_warmup={}&tf_steps={}",
        s.lr, s.warmup, s.steps
    )
}
