//! Every change to the transformer configuration, as a value. Controls, presets and the URL
//! describe what they want as a `TransformerEdit`; `apply` is the one place that turns it into
//! a new `TransformerConfig`, `apply_mixed` the one place for its number format. Pure and
//! total: any value is clamped to what the controls offer, and the stack always fits the
//! page's memory budget (the batch shrinks first, then the blocks).

use std::ops::RangeInclusive;

use crate::page::edit::{nearest_width, PAGE_MEMORY_BUDGET};
use crate::page::train::precision::offered_loss_scale;
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::transformer::config::{transformer_bytes, BATCH_RANGE, BLOCKS_RANGE, WIDTH_RANGE};
use crate::sim::transformer::{BlockInit, NormKind, Placement, TransformerConfig};

use super::presets;

/// The head counts the heads select offers (each divides every offered width).
pub const HEADS: [usize; 5] = [1, 2, 4, 8, 16];
/// What the tokens slider offers (the core accepts up to 256).
pub const TOKENS_RANGE: RangeInclusive<usize> = 1..=64;
/// What the ReZero gate slider offers (the core accepts −10..=10).
pub const REZERO_INIT_RANGE: RangeInclusive<f64> = -1.0..=1.0;

/// One change a user can make to the transformer configuration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TransformerEdit {
    Placement(Placement),
    Norm(NormKind),
    /// L, clamped to 1..=100 and to what fits the page's memory.
    Blocks(usize),
    /// d, snapped to the nearest offered width from 16 to 512.
    Width(usize),
    /// Snapped to the nearest of `HEADS` that divides the width.
    Heads(usize),
    /// T, clamped to `TOKENS_RANGE`.
    Tokens(usize),
    /// B, clamped to 1..=256 and to what fits the page's memory.
    Batch(usize),
    Init(BlockInit),
    /// GPT-2's 1/√(2L) on W_O and W_2.
    ScaledInit(bool),
    /// ReZero's gates at init, clamped to `REZERO_INIT_RANGE`; NaN changes nothing.
    RezeroInit(f64),
    Seed(u64),
    /// Loads the preset with this id (its network and format; batch and seed kept).
    Preset(&'static str),
    /// The number format (`apply_mixed`; the config is unchanged).
    Precision(Precision),
    /// The loss scale, a static power snapped to one the select offers (`apply_mixed`).
    LossScale(LossScale),
}

/// The configuration after `edit`.
pub fn apply(cfg: &TransformerConfig, edit: &TransformerEdit) -> TransformerConfig {
    use TransformerEdit as E;
    let mut next = cfg.clone();
    match *edit {
        E::Placement(p) => next.placement = p,
        E::Norm(n) => next.norm = n,
        E::Blocks(l) => next.blocks = l.clamp(*BLOCKS_RANGE.start(), *BLOCKS_RANGE.end()),
        E::Width(w) => {
            let w = nearest_width(w as f64);
            next.width = w.clamp(*WIDTH_RANGE.start(), *WIDTH_RANGE.end());
        }
        E::Heads(h) => next.heads = h,
        E::Tokens(t) => next.tokens = t.clamp(*TOKENS_RANGE.start(), *TOKENS_RANGE.end()),
        E::Batch(b) => next.batch = b.clamp(*BATCH_RANGE.start(), *BATCH_RANGE.end()),
        E::Init(i) => next.init = i,
        E::ScaledInit(on) => next.scaled_init = on,
        E::RezeroInit(a) => {
            if !a.is_nan() {
                let (lo, hi) = (*REZERO_INIT_RANGE.start(), *REZERO_INIT_RANGE.end());
                next.rezero_init = a.clamp(lo, hi);
            }
        }
        E::Seed(s) => next.seed = s,
        E::Preset(id) => {
            if let Some(p) = presets::find(id) {
                next = p.apply(cfg);
            }
        }
        E::Precision(_) | E::LossScale(_) => {}
    }
    next.heads = offered_heads(next.heads, next.width);
    fit_memory(next)
}

/// The number format and loss scale after `edit` (a preset brings its own).
pub fn apply_mixed(mixed: &MixedPrecision, edit: &TransformerEdit) -> MixedPrecision {
    let mut next = *mixed;
    match *edit {
        TransformerEdit::Precision(p) => next.precision = p,
        TransformerEdit::LossScale(l) => next.loss_scale = offered_loss_scale(l),
        TransformerEdit::Preset(id) => {
            if let Some(p) = presets::find(id) {
                next = p.mixed;
            }
        }
        _ => {}
    }
    next
}

/// `edits` applied in order to `cfg`.
pub fn apply_all(cfg: &TransformerConfig, edits: &[TransformerEdit]) -> TransformerConfig {
    edits.iter().fold(cfg.clone(), |c, e| apply(&c, e))
}

/// The offered head count nearest to `heads` (the smaller on a tie) that divides `width`.
pub fn offered_heads(heads: usize, width: usize) -> usize {
    let distance = |h: usize| h.abs_diff(heads);
    HEADS
        .into_iter()
        .filter(|&h| h <= width && width.is_multiple_of(h))
        .min_by_key(|&h| distance(h))
        .unwrap_or(1)
}

/// `cfg` with the batch, then the blocks, cut until its buffers fit `PAGE_MEMORY_BUDGET`.
fn fit_memory(mut cfg: TransformerConfig) -> TransformerConfig {
    let fits = |c: &TransformerConfig| transformer_bytes(c) <= PAGE_MEMORY_BUDGET;
    while !fits(&cfg) && cfg.batch > 1 {
        cfg.batch = (cfg.batch / 2).max(1);
    }
    while !fits(&cfg) && cfg.blocks > 1 {
        cfg.blocks -= 1;
    }
    cfg
}
