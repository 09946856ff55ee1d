//! The page's URL query <-> `Config`, so a configuration can be shared as a link. Each
//! parameter becomes an `Edit`; anything out of range is clamped by `edit::apply` to what the
//! controls offer, with a message saying what was changed.

use crate::page::edit::{self, Edit, BATCH_MAX, DEPTH_MAX};
use crate::page::presets;
use crate::page::train::edit::{Mode, TrainSettings};
use crate::page::train::query::{self as train_query, TrainParsed};
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::{Activation, Config, Init, Norm, Residual};

/// A config read from a URL, the preset it names (if any), and what had to be corrected.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub config: Config,
    /// The number format and loss scale (`precision=`, `loss_scale=`; float32 by default).
    pub mixed: MixedPrecision,
    pub preset: Option<&'static str>,
    pub warnings: Vec<String>,
    /// The edits that, applied in order to `Config::default()`, give `config`: the page
    /// restores a history entry through them (the one `Edit` path).
    pub edits: Vec<Edit>,
    /// The training panel's mode and settings (`train_query`).
    pub train: TrainParsed,
}

/// Reads `key=value` pairs (already URL-decoded). A preset sets the network first; explicit
/// parameters then override it.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Parsed {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let mut out = Parsed::default();
    out.train = train_query::parse(&pairs, &mut out.warnings);
    if let Some((_, id)) = pairs.iter().find(|(k, _)| *k == "preset") {
        match presets::find(id) {
            Some(p) => {
                out.push(Edit::Preset(p.id));
                out.preset = Some(p.id);
            }
            None => out.warnings.push(format!(
                "Unknown preset “{id}”; showing the default network."
            )),
        }
    }
    // A custom variance is read last: an `init` anywhere in the link would otherwise clear it;
    // the loss scale after the precision, which (in float32) drops it.
    let (custom, rest): (Vec<_>, Vec<_>) = pairs
        .iter()
        .partition(|(k, _)| matches!(*k, "sigma_w2" | "bias_std" | "loss_scale"));
    for &(key, value) in rest.iter().chain(&custom) {
        if let Some(edit) = parameter_edit(&out.config, key, value, &mut out.warnings) {
            out.push(edit);
        }
        if let Some(edit) = mixed_edit(&out.mixed, key, value, &mut out.warnings) {
            out.push(edit);
        }
    }
    if let Some(warning) = batch_lowered_warning(&pairs, &out.config) {
        out.warnings.push(warning);
    }
    if let Some(id) = out.preset {
        if !presets::find(id).is_some_and(|p| p.matches(&out.config, &out.mixed)) {
            out.preset = None;
        }
    }
    out
}

impl Parsed {
    /// Applies `edit` to the network and its format, and keeps it for the page's restore.
    fn push(&mut self, edit: Edit) {
        self.config = edit::apply(&self.config, &edit);
        self.mixed = edit::apply_mixed(&self.mixed, &edit);
        self.edits.push(edit);
    }
}

/// The edit a `precision=` or `loss_scale=` pair asks for (`None` with a warning when
/// unreadable, or when float32 leaves no loss scale to set); other keys are left alone.
fn mixed_edit(
    mixed: &MixedPrecision,
    key: &str,
    value: &str,
    warn: &mut Vec<String>,
) -> Option<Edit> {
    match key {
        "precision" => {
            let p = Precision::from_id(value.trim());
            if p.is_none() {
                warn.push(format!(
                    "Unknown precision “{value}” (float32, bfloat16 or float16); using {}.",
                    mixed.precision.id()
                ));
            }
            p.map(Edit::Precision)
        }
        "loss_scale" => match LossScale::parse(value.trim()) {
            None => {
                warn.push(format!(
                    "The loss scale “{value}” is not none, dynamic or a power of two 2^-24 … \
                     2^40; using {}.",
                    mixed.loss_scale.id()
                ));
                None
            }
            Some(s) if mixed.precision == Precision::Float32 && s != LossScale::None => {
                warn.push(format!(
                    "A loss scale ({value}) needs float16 or bfloat16; float32 has none."
                ));
                None
            }
            Some(s) => Some(Edit::LossScale(s)),
        },
        _ => None,
    }
}

/// `&precision=…&loss_scale=…` for a format other than float32, else nothing (so a float32
/// link is what it was before the precision lens).
pub fn mixed_query(mixed: &MixedPrecision) -> String {
    if mixed.is_float32() {
        return String::new();
    }
    let mut q = format!("&precision={}", mixed.precision.id());
    if mixed.loss_scale != LossScale::None {
        q.push_str(&format!("&loss_scale={}", mixed.loss_scale.id()));
    }
    q
}

/// Says so when the asked-for batch was lowered to fit the page's memory (`edit::batch_limit`).
fn batch_lowered_warning(pairs: &[(&str, &str)], cfg: &Config) -> Option<String> {
    let asked: usize = pairs
        .iter()
        .rev()
        .find(|(k, _)| *k == "batch")?
        .1
        .trim()
        .parse()
        .ok()?;
    (asked.min(BATCH_MAX) > cfg.batch).then(|| {
        format!(
            "Batch {asked} does not fit in the page's memory at depth {} × width {}; using {}.",
            cfg.net.depth, cfg.net.width, cfg.batch
        )
    })
}

/// The query string (without `?`) that `parse` reads back to the same config. Residual and
/// norm are written only when they differ from the default (none), so older links stay short.
pub fn to_query(cfg: &Config) -> String {
    let mut query = format!(
        "activation={}&init={}&depth={}&width={}&batch={}&seed={}",
        cfg.net.activation.id(),
        cfg.net.init.id(),
        cfg.net.depth,
        cfg.net.width,
        cfg.batch,
        cfg.seed
    );
    if cfg.net.residual != Residual::None {
        query.push_str(&format!("&residual={}", cfg.net.residual.id()));
    }
    if cfg.net.norm != Norm::None {
        query.push_str(&format!("&norm={}", cfg.net.norm.id()));
    }
    if let Some(v) = cfg.sigma_w2 {
        query.push_str(&format!("&sigma_w2={v}"));
    }
    if cfg.bias_std != 0.0 {
        query.push_str(&format!("&bias_std={}", cfg.bias_std));
    }
    query
}

/// `to_query` followed by the training panel's parameters (nothing in the explorer's mode).
pub fn to_query_with_training(cfg: &Config, mode: Mode, train: &TrainSettings) -> String {
    to_query(cfg) + &train_query::to_query(mode, train)
}

/// The edit one `key=value` pair asks for, or `None` (with a warning) when the value cannot
/// be read. Unknown keys are ignored.
fn parameter_edit(cfg: &Config, key: &str, value: &str, warn: &mut Vec<String>) -> Option<Edit> {
    match key {
        "depth" => whole_number(warn, "depth", value, 1, DEPTH_MAX, cfg.net.depth).map(Edit::Depth),
        "width" => width(warn, value, cfg.net.width).map(Edit::Width),
        "batch" => whole_number(warn, "batch", value, 1, BATCH_MAX, cfg.batch).map(Edit::Batch),
        "seed" => {
            let seed = value.parse::<u64>().ok();
            if seed.is_none() {
                warn.push(format!(
                    "Seed “{value}” is not a whole number ≥ 0; using {}.",
                    cfg.seed
                ));
            }
            seed.map(Edit::Seed)
        }
        "activation" => {
            let a = Activation::from_id(value);
            if a.is_none() {
                warn.push(format!(
                    "Unknown activation “{value}”; using {}.",
                    cfg.net.activation.label()
                ));
            }
            a.map(Edit::Activation)
        }
        "init" => {
            let i = Init::from_id(value);
            if i.is_none() {
                warn.push(format!(
                    "Unknown initialization “{value}”; using {}.",
                    cfg.net.init.label()
                ));
            }
            i.map(Edit::Init)
        }
        "residual" => {
            let r = Residual::from_id(value);
            if r.is_none() {
                warn.push(format!(
                    "Unknown residual “{value}” (none, identity or scaled); using {}.",
                    cfg.net.residual.id()
                ));
            }
            r.map(Edit::Residual)
        }
        "norm" => {
            let n = Norm::from_id(value);
            if n.is_none() {
                warn.push(format!(
                    "Unknown normalization “{value}” (none, batch or layer); using {}.",
                    cfg.net.norm.id()
                ));
            }
            n.map(Edit::Norm)
        }
        "sigma_w2" => variance(warn, "weight variance σ_w²", value, 100.0).map(Edit::SigmaW2),
        "bias_std" => variance(warn, "bias std", value, 10.0).map(Edit::BiasStd),
        _ => None,
    }
}

/// A number for a `0..=hi` setting (clamped by the edit), with a warning when it will change.
fn variance(warn: &mut Vec<String>, name: &str, value: &str, hi: f64) -> Option<f64> {
    match value.trim().parse::<f64>() {
        Ok(v) if !v.is_nan() => {
            if !(0.0..=hi).contains(&v) {
                let used = v.clamp(0.0, hi);
                warn.push(format!(
                    "The {name} {value} is outside 0–{hi}; using {used}."
                ));
            }
            Some(v)
        }
        _ => {
            warn.push(format!(
                "The {name} “{value}” is not a number; ignoring it."
            ));
            None
        }
    }
}

/// A number for a `lo..=hi` setting, rounded and clamped, with a warning when it changed.
fn whole_number(
    warn: &mut Vec<String>,
    name: &str,
    value: &str,
    lo: usize,
    hi: usize,
    keep: usize,
) -> Option<usize> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => {
            let clamped = v.round().clamp(lo as f64, hi as f64) as usize;
            if clamped as f64 != v {
                warn.push(format!(
                    "The {name} {value} is outside {lo}–{hi}; using {clamped}."
                ));
            }
            Some(clamped)
        }
        _ => {
            warn.push(format!(
                "The {name} “{value}” is not a number; using {keep}."
            ));
            None
        }
    }
}

/// Widths snap to the nearest offered choice (on a log scale).
fn width(warn: &mut Vec<String>, value: &str, keep: usize) -> Option<usize> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => {
            let best = edit::nearest_width(v);
            if best as f64 != v {
                warn.push(format!(
                    "Width {value} is not one of 8, 16, …, 512; using {best}."
                ));
            }
            Some(best)
        }
        _ => {
            warn.push(format!(
                "The width “{value}” is not a positive number; using {keep}."
            ));
            None
        }
    }
}
