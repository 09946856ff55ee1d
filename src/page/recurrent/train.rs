//! The recurrent page's training panel, pure Rust: the latching task
//! (`sim::recurrent::latching`) trained on the cell the explorer shows. Its settings (Adam's
//! learning rate, the optional clipping of the global gradient norm, the steps), every change
//! to them as a `LatchingEdit` applied by the pure `TaskSettings::apply` (clamped to what the
//! controls offer), the run's `LatchingConfig`, and the URL part (`page::task_train`'s `parse`
//! and `to_query`):
//! `rnn_train=1&rnn_lr=…&rnn_clip=…&rnn_steps=…` (`rnn_clip=off` without clipping; prefixed
//! so they never meet the recurrent page's own keys; nothing while the panel is closed, so a
//! recurrent link stays as it was).

use std::ops::RangeInclusive;

use crate::page::task_train::{number, whole, KeyRead, TaskParsed, TaskSettings};
use crate::sim::recurrent::{LatchingConfig, RnnConfig};

/// What the learning-rate field accepts (Adam; beyond 1 nothing trains).
pub const LR_RANGE: RangeInclusive<f64> = 1e-5..=1.0;
/// What the clipping field accepts (the global norm's ceiling).
pub const CLIP_RANGE: RangeInclusive<f64> = 1e-3..=100.0;
/// What the steps field accepts.
pub const STEPS_RANGE: RangeInclusive<usize> = 1..=5000;
/// The largest T and H the panel trains: each measurement back-propagates 512 test
/// sequences, which at T = 100, H = 128 already takes about a second in the browser.
pub const TRAIN_MAX_T: usize = 100;
pub const TRAIN_MAX_WIDTH: usize = 128;

/// The training panel's own settings (the cell is the explorer's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatchingSettings {
    pub lr: f64,
    /// The global gradient norm's ceiling (`None`: no clipping).
    pub clip: Option<f64>,
    pub steps: usize,
}

impl Default for LatchingSettings {
    /// The reference's training: Adam at 10⁻³, no clipping, 1500 steps.
    fn default() -> Self {
        LatchingSettings {
            lr: 1e-3,
            clip: None,
            steps: 1500,
        }
    }
}

/// One change to the training panel's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LatchingEdit {
    /// Clamped to `LR_RANGE`; NaN changes nothing.
    Lr(f64),
    /// Clamped to `CLIP_RANGE`; `None` turns clipping off; NaN changes nothing.
    Clip(Option<f64>),
    Steps(usize),
    /// A training preset's settings (`LatchingPreset::settings`; its cell goes through the
    /// recurrent page's edits: `TaskPreset::network_edits`).
    Preset(LatchingSettings),
}

impl TaskSettings for LatchingSettings {
    type Edit = LatchingEdit;
    const OPEN_KEY: &'static str = "rnn_train";

    fn apply(&self, edit: &LatchingEdit) -> LatchingSettings {
        let mut next = *self;
        match *edit {
            LatchingEdit::Lr(lr) => {
                if !lr.is_nan() {
                    next.lr = lr.clamp(*LR_RANGE.start(), *LR_RANGE.end());
                }
            }
            LatchingEdit::Clip(None) => next.clip = None,
            LatchingEdit::Clip(Some(c)) => {
                if !c.is_nan() {
                    next.clip = Some(c.clamp(*CLIP_RANGE.start(), *CLIP_RANGE.end()));
                }
            }
            LatchingEdit::Steps(n) => {
                next.steps = n.clamp(*STEPS_RANGE.start(), *STEPS_RANGE.end())
            }
            LatchingEdit::Preset(settings) => next = settings,
        }
        next
    }

    fn load_edit(self) -> LatchingEdit {
        LatchingEdit::Preset(self)
    }

    fn steps(&self) -> usize {
        self.steps
    }

    fn read(key: &str, v: &str) -> KeyRead<LatchingEdit> {
        let edit = match key {
            "rnn_lr" => number(v).map(LatchingEdit::Lr),
            "rnn_clip" if matches!(v, "off" | "none" | "") => Some(LatchingEdit::Clip(None)),
            "rnn_clip" => number(v).map(|c| LatchingEdit::Clip(Some(c))),
            "rnn_steps" => whole(v).map(LatchingEdit::Steps),
            _ => return KeyRead::Other,
        };
        edit.map_or(KeyRead::Unreadable, KeyRead::Edit)
    }

    fn holds(&self, edit: &LatchingEdit) -> bool {
        match *edit {
            LatchingEdit::Lr(lr) => self.lr == lr,
            LatchingEdit::Clip(c) => self.clip == c,
            LatchingEdit::Steps(n) => self.steps == n,
            LatchingEdit::Preset(_) => true,
        }
    }

    /// `&rnn_lr=…&rnn_clip=…&rnn_steps=…` (`rnn_clip=off` without clipping).
    fn query_pairs(&self) -> String {
        let clip = self.clip.map_or("off".to_string(), |c| c.to_string());
        format!(
            "&rnn_lr={}&rnn_clip={clip}&rnn_steps={}",
            self.lr, self.steps
        )
    }
}

/// The run the panel trains: the explorer's cell (cell, T, H, init, gain, forget bias, seed;
/// full BPTT, batch 32, whatever the explorer's truncation and batch) on the latching task
/// with the panel's settings; `Err` says why the panel will not train it.
pub fn latching_config(rnn: &RnnConfig, s: &LatchingSettings) -> Result<LatchingConfig, String> {
    if rnn.steps > TRAIN_MAX_T || rnn.width > TRAIN_MAX_WIDTH {
        return Err(format!(
            "The panel trains networks up to T = {TRAIN_MAX_T} steps and width H = \
             {TRAIN_MAX_WIDTH} (this one: T = {}, H = {}); a larger one would take minutes \
             a chunk.",
            rnn.steps, rnn.width
        ));
    }
    Ok(LatchingConfig {
        cell: rnn.cell,
        steps: rnn.steps,
        width: rnn.width,
        init: rnn.init,
        gain: rnn.gain,
        forget_bias: rnn.forget_bias,
        lr: s.lr,
        clip: s.clip,
        train_steps: s.steps,
        seed: rnn.seed,
    })
}

/// The training part of a recurrent link.
pub type LatchingParsed = TaskParsed<LatchingSettings>;
