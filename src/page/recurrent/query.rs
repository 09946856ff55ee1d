//! The recurrent mode's URL query <-> `RnnConfig`: `arch=recurrent&cell=…&init=…&steps=…&
//! width=…&gain=…&forget_bias=…&truncate=…&batch=…&seed=…` (and `preset=…`), and, when not
//! float32 without a scale, `precision=…&loss_scale=…`. Each parameter becomes an `RnnEdit`,
//! so anything out of range is clamped by `edit::apply` (`apply_mixed`), with a warning.

use super::edit::{apply, apply_mixed, RnnEdit};
use super::presets;
use crate::page::query::mixed_query;
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::recurrent::{Cell, RecurrentInit, RnnConfig};

/// A recurrent config read from a URL, the preset it names, and what had to be corrected.
#[derive(Debug, Default, PartialEq)]
pub struct RnnParsed {
    pub config: RnnConfig,
    pub preset: Option<&'static str>,
    /// The number format and loss scale (`precision=`, `loss_scale=`).
    pub mixed: MixedPrecision,
    pub warnings: Vec<String>,
}

/// Reads `key=value` pairs (already URL-decoded): a preset first, then the explicit
/// parameters in a fixed order (cell before init, steps before truncate).
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> RnnParsed {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let mut out = RnnParsed::default();
    let value = |key: &str| pairs.iter().rev().find(|(k, _)| *k == key).map(|p| p.1);
    if let Some(id) = value("preset") {
        match presets::find(id) {
            Some(p) => {
                out.config = apply(&out.config, &RnnEdit::Preset(p.id));
                out.preset = Some(p.id);
            }
            None => out.warnings.push(format!("Unknown preset “{id}”.")),
        }
    }
    let keys = [
        "cell",
        "init",
        "steps",
        "width",
        "gain",
        "forget_bias",
        "truncate",
        "batch",
        "seed",
        "precision",
        "loss_scale",
    ];
    for key in keys {
        let Some(v) = value(key) else { continue };
        match edit_for(key, v) {
            Some(edit) => {
                let next = apply(&out.config, &edit);
                let mixed = apply_mixed(&out.mixed, &edit);
                if !applied_as_asked(&next, &mixed, &edit) {
                    out.warnings.push(format!(
                        "The {key} “{v}” was adjusted to what the page offers."
                    ));
                }
                out.config = next;
                out.mixed = mixed;
            }
            None => out
                .warnings
                .push(format!("The {key} “{v}” could not be read; ignoring it.")),
        }
    }
    if let Some(id) = out.preset {
        if !presets::find(id).is_some_and(|p| p.matches(&out.config)) {
            out.preset = None;
        }
    }
    out
}

/// The edit one `key=value` pair asks for; `None` when the value cannot be read.
fn edit_for(key: &str, v: &str) -> Option<RnnEdit> {
    let whole = || {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(|x| x.round().max(0.0) as usize)
    };
    let real = || v.trim().parse::<f64>().ok().filter(|x| !x.is_nan());
    match key {
        "cell" => Cell::from_id(v).map(RnnEdit::Cell),
        "init" => RecurrentInit::from_id(v).map(RnnEdit::Init),
        "steps" => whole().map(RnnEdit::Steps),
        "width" => whole().map(RnnEdit::Width),
        "truncate" => whole().map(RnnEdit::Truncate),
        "batch" => whole().map(RnnEdit::Batch),
        "gain" => real().map(RnnEdit::Gain),
        "forget_bias" => real().map(RnnEdit::ForgetBias),
        "seed" => v.trim().parse::<u64>().ok().map(RnnEdit::Seed),
        "precision" => Precision::from_id(v).map(RnnEdit::Precision),
        "loss_scale" => LossScale::parse(v).map(RnnEdit::LossScale),
        _ => None,
    }
}

/// Whether `cfg` holds exactly what `edit` asked for (else the URL gets a warning).
fn applied_as_asked(cfg: &RnnConfig, mixed: &MixedPrecision, edit: &RnnEdit) -> bool {
    match *edit {
        RnnEdit::Cell(c) => cfg.cell == c,
        RnnEdit::Init(i) => cfg.init == i,
        RnnEdit::Steps(t) => cfg.steps == t,
        RnnEdit::Width(w) => cfg.width == w,
        RnnEdit::Gain(g) => cfg.gain == g,
        RnnEdit::ForgetBias(f) => cfg.forget_bias == f,
        RnnEdit::Truncate(k) => cfg.truncate == k,
        RnnEdit::Batch(b) => cfg.batch == b,
        RnnEdit::Precision(p) => mixed.precision == p,
        RnnEdit::LossScale(l) => mixed.loss_scale == l,
        RnnEdit::Seed(_) | RnnEdit::Preset(_) => true,
    }
}

/// `to_query` and the format and loss scale, each only when not the float32 default (so a
/// float32 link reads as before).
pub fn to_query_with_mixed(cfg: &RnnConfig, mixed: &MixedPrecision) -> String {
    to_query(cfg) + &mixed_query(mixed)
}

/// The query string (without `?`) that `parse` reads back to the same config.
pub fn to_query(cfg: &RnnConfig) -> String {
    format!(
        "arch=recurrent&cell={}&init={}&steps={}&width={}&gain={}&forget_bias={}&truncate={}\
         &batch={}&seed={}",
        cfg.cell.id(),
        cfg.init.id(),
        cfg.steps,
        cfg.width,
        cfg.gain,
        cfg.forget_bias,
        cfg.truncate,
        cfg.batch,
        cfg.seed
    )
}
