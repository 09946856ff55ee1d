//! Every change to the recurrent configuration, as a value. Controls, presets and the URL
//! describe what they want as an `RnnEdit`; `apply` is the one place that turns it into a new
//! `RnnConfig`, and `apply_mixed` the one place that turns its precision edits into the
//! `MixedPrecision` the worker runs it in. Pure and total: any value is clamped to what the
//! controls offer.

use crate::page::edit::{nearest_width, BATCH_MAX, PAGE_MEMORY_BUDGET};
use crate::page::train::precision::offered_loss_scale;
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::recurrent::config::{recurrent_bytes, FORGET_BIAS_RANGE, STEPS_RANGE};
use crate::sim::recurrent::{Cell, RecurrentInit, RnnConfig};

use super::presets;

/// What the gain slider offers (the core accepts up to 10; beyond 2 every cell has long
/// overflowed or saturated).
pub const GAIN_MAX: f64 = 2.0;

/// One change a user can make to the recurrent configuration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RnnEdit {
    /// Switching to a gated cell drops the identity init (plain RNNs only) for orthogonal.
    Cell(Cell),
    /// An identity init on a gated cell is refused (nothing changes).
    Init(RecurrentInit),
    /// T, clamped to 1..=1000; full BPTT stays full, a truncation is kept within T.
    Steps(usize),
    /// H, snapped to the nearest of 8, 16, …, 512.
    Width(usize),
    /// Clamped to 0..=`GAIN_MAX`; NaN changes nothing.
    Gain(f64),
    /// Clamped to −10..=10; NaN changes nothing.
    ForgetBias(f64),
    /// k, clamped to 1..=T.
    Truncate(usize),
    /// Clamped to 1..=1024 and to what fits the page's memory.
    Batch(usize),
    Seed(u64),
    /// Loads the preset with this id (keeping batch and seed); an unknown id changes nothing.
    Preset(&'static str),
    /// The number format (`apply_mixed`; the config is unchanged).
    Precision(Precision),
    /// The loss scale, a static power snapped to one the select offers (`apply_mixed`).
    LossScale(LossScale),
}

/// The configuration after `edit`.
pub fn apply(cfg: &RnnConfig, edit: &RnnEdit) -> RnnConfig {
    let mut next = cfg.clone();
    match *edit {
        RnnEdit::Cell(c) => {
            next.cell = c;
            if !c.is_plain() && next.init == RecurrentInit::Identity {
                next.init = RecurrentInit::Orthogonal;
            }
        }
        RnnEdit::Init(i) => {
            if i != RecurrentInit::Identity || next.cell.is_plain() {
                next.init = i;
            }
        }
        RnnEdit::Steps(t) => {
            let t = t.clamp(*STEPS_RANGE.start(), *STEPS_RANGE.end());
            next.truncate = if cfg.truncate >= cfg.steps {
                t
            } else {
                cfg.truncate.min(t)
            };
            next.steps = t;
        }
        RnnEdit::Width(w) => next.width = nearest_width(w as f64),
        RnnEdit::Gain(g) => next.gain = clamp_to(g, 0.0, GAIN_MAX).unwrap_or(cfg.gain),
        RnnEdit::ForgetBias(f) => {
            let (lo, hi) = (*FORGET_BIAS_RANGE.start(), *FORGET_BIAS_RANGE.end());
            next.forget_bias = clamp_to(f, lo, hi).unwrap_or(cfg.forget_bias);
        }
        RnnEdit::Truncate(k) => next.truncate = k.clamp(1, next.steps.max(1)),
        RnnEdit::Batch(b) => next.batch = b.clamp(1, BATCH_MAX),
        RnnEdit::Seed(s) => next.seed = s,
        RnnEdit::Preset(id) => {
            if let Some(p) = presets::find(id) {
                next = p.apply(cfg);
            }
        }
        RnnEdit::Precision(_) | RnnEdit::LossScale(_) => {}
    }
    next.batch = next.batch.min(batch_limit(&next));
    next.truncate = next.truncate.clamp(1, next.steps.max(1));
    next
}

/// The number format and loss scale after `edit` (other edits leave them as they are).
pub fn apply_mixed(mixed: &MixedPrecision, edit: &RnnEdit) -> MixedPrecision {
    let mut next = *mixed;
    match *edit {
        RnnEdit::Precision(p) => next.precision = p,
        RnnEdit::LossScale(l) => next.loss_scale = offered_loss_scale(l),
        _ => {}
    }
    next
}

/// `edits` applied in order to `cfg`.
pub fn apply_all(cfg: &RnnConfig, edits: &[RnnEdit]) -> RnnConfig {
    edits.iter().fold(cfg.clone(), |c, e| apply(&c, e))
}

/// The largest batch (at most `BATCH_MAX`, at least 1) whose buffers fit the page's memory
/// budget with `cfg`'s other settings.
pub fn batch_limit(cfg: &RnnConfig) -> usize {
    let bytes = |batch| {
        recurrent_bytes(&RnnConfig {
            batch,
            ..cfg.clone()
        })
    };
    let (fixed, per_example) = (bytes(0), bytes(1) - bytes(0));
    let fitting = PAGE_MEMORY_BUDGET.saturating_sub(fixed) / per_example.max(1);
    (fitting.min(BATCH_MAX as u64) as usize).max(1)
}

/// `v` clamped to `lo..=hi`; `None` for NaN.
fn clamp_to(v: f64, lo: f64, hi: f64) -> Option<f64> {
    (!v.is_nan()).then(|| v.clamp(lo, hi))
}
