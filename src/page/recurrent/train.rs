//! The recurrent page's training panel, pure Rust: the latching task
//! (`sim::recurrent::latching`) trained on the cell the explorer shows. Its settings (Adam's
//! learning rate, the optional clipping of the global gradient norm, the steps), every change
//! to them as a `LatchingEdit` applied by the pure `apply` (clamped to what the controls
//! offer), the run's `LatchingConfig`, and the URL part:
//! `rnn_train=1&rnn_lr=…&rnn_clip=…&rnn_steps=…` (`rnn_clip=off` without clipping; prefixed
//! so they never meet the recurrent page's own keys; nothing while the panel is closed, so a
//! recurrent link stays as it was).

use std::ops::RangeInclusive;

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
    /// recurrent page's edits: `LatchingPreset::rnn_edits`).
    Preset(LatchingSettings),
}

/// The settings after `edit`.
pub fn apply(s: &LatchingSettings, edit: &LatchingEdit) -> LatchingSettings {
    let mut next = *s;
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
        LatchingEdit::Steps(n) => next.steps = n.clamp(*STEPS_RANGE.start(), *STEPS_RANGE.end()),
        LatchingEdit::Preset(settings) => next = settings,
    }
    next
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatchingParsed {
    /// The panel is open (`rnn_train=1`).
    pub open: bool,
    pub settings: LatchingSettings,
}

/// Reads the training parameters among `pairs` (other keys are ignored), adding a warning
/// for each value that could not be read or had to be adjusted.
pub fn parse<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    warnings: &mut Vec<String>,
) -> LatchingParsed {
    let mut out = LatchingParsed::default();
    for (key, value) in pairs {
        let v = value.trim();
        let number = || v.parse::<f64>().ok().filter(|x| x.is_finite());
        let edit = match key {
            "rnn_train" => {
                out.open = matches!(v, "1" | "true" | "on");
                continue;
            }
            "rnn_lr" => number().map(LatchingEdit::Lr),
            "rnn_clip" if matches!(v, "off" | "none" | "") => Some(LatchingEdit::Clip(None)),
            "rnn_clip" => number().map(|c| LatchingEdit::Clip(Some(c))),
            "rnn_steps" => number()
                .filter(|x| *x >= 0.0)
                .map(|x| LatchingEdit::Steps(x.round() as usize)),
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
            LatchingEdit::Lr(lr) => next.lr == lr,
            LatchingEdit::Clip(c) => next.clip == c,
            LatchingEdit::Steps(n) => next.steps == n,
            LatchingEdit::Preset(_) => true,
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

/// `&rnn_train=1&rnn_lr=…&rnn_clip=…&rnn_steps=…` while the panel is open; nothing while it
/// is closed.
pub fn to_query(open: bool, s: &LatchingSettings) -> String {
    if !open {
        return String::new();
    }
    let clip = s.clip.map_or("off".to_string(), |c| c.to_string());
    format!(
        "&rnn_train=1&rnn_lr={}&rnn_clip={clip}&rnn_steps={}",
        s.lr, s.steps
    )
}
