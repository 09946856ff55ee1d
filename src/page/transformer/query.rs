//! The transformer mode's URL query <-> `TransformerConfig`: `arch=transformer&placement=…&
//! norm=…&blocks=…&width=…&heads=…&tokens=…&batch=…&init=…&scaled_init=…&rezero_init=…&
//! seed=…` (and `preset=…`), and, when not float32 without a scale, `precision=…&
//! loss_scale=…`. Each parameter becomes a `TransformerEdit`, so anything out of range is
//! clamped by `edit::apply` (`apply_mixed`), with a warning.

use super::edit::{apply, apply_mixed, TransformerEdit};
use super::presets;
use crate::page::query::mixed_query;
use crate::sim::mixed::{LossScale, MixedPrecision};
use crate::sim::numeric::Precision;
use crate::sim::transformer::{BlockInit, NormKind, Placement, TransformerConfig};

/// A transformer config read from a URL, the preset it names, and what had to be corrected.
#[derive(Debug, Default, PartialEq)]
pub struct TransformerParsed {
    pub config: TransformerConfig,
    pub preset: Option<&'static str>,
    pub mixed: MixedPrecision,
    pub warnings: Vec<String>,
}

/// The parameters in the order they are applied (width before heads, so the heads are
/// checked against the width asked for).
const KEYS: [&str; 13] = [
    "placement",
    "norm",
    "blocks",
    "width",
    "heads",
    "tokens",
    "batch",
    "init",
    "scaled_init",
    "rezero_init",
    "seed",
    "precision",
    "loss_scale",
];

/// Reads `key=value` pairs (already URL-decoded): a preset first, then the explicit
/// parameters in `KEYS`' order.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> TransformerParsed {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let mut out = TransformerParsed::default();
    let value = |key: &str| pairs.iter().rev().find(|(k, _)| *k == key).map(|p| p.1);
    if let Some(id) = value("preset") {
        match presets::find(id) {
            Some(p) => {
                out.config = apply(&out.config, &TransformerEdit::Preset(p.id));
                out.mixed = apply_mixed(&out.mixed, &TransformerEdit::Preset(p.id));
                out.preset = Some(p.id);
            }
            None => out.warnings.push(format!("Unknown preset “{id}”.")),
        }
    }
    for key in KEYS {
        let Some(v) = value(key) else { continue };
        let Some(edit) = edit_for(key, v) else {
            let w = format!("The {key} “{v}” could not be read; ignoring it.");
            out.warnings.push(w);
            continue;
        };
        let next = apply(&out.config, &edit);
        let mixed = apply_mixed(&out.mixed, &edit);
        if !applied_as_asked(&next, &mixed, &edit) {
            let w = format!("The {key} “{v}” was adjusted to what the page offers.");
            out.warnings.push(w);
        }
        out.config = next;
        out.mixed = mixed;
    }
    if let Some(id) = out.preset {
        if !presets::find(id).is_some_and(|p| p.matches(&out.config, &out.mixed)) {
            out.preset = None;
        }
    }
    out
}

/// The edit one `key=value` pair asks for; `None` when the value cannot be read.
fn edit_for(key: &str, v: &str) -> Option<TransformerEdit> {
    use TransformerEdit as E;
    let whole = || {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(|x| x.round().max(0.0) as usize)
    };
    match key {
        "placement" => Placement::from_id(v).map(E::Placement),
        "norm" => NormKind::from_id(v).map(E::Norm),
        "blocks" => whole().map(E::Blocks),
        "width" => whole().map(E::Width),
        "heads" => whole().map(E::Heads),
        "tokens" => whole().map(E::Tokens),
        "batch" => whole().map(E::Batch),
        "init" => BlockInit::from_id(v).map(E::Init),
        "scaled_init" => match v {
            "1" | "true" | "on" => Some(E::ScaledInit(true)),
            "0" | "false" | "off" => Some(E::ScaledInit(false)),
            _ => None,
        },
        "rezero_init" => v
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| !x.is_nan())
            .map(E::RezeroInit),
        "seed" => v.trim().parse::<u64>().ok().map(E::Seed),
        "precision" => Precision::from_id(v).map(E::Precision),
        "loss_scale" => LossScale::parse(v).map(E::LossScale),
        _ => None,
    }
}

/// Whether `cfg` holds exactly what `edit` asked for (else the URL gets a warning).
fn applied_as_asked(
    cfg: &TransformerConfig,
    mixed: &MixedPrecision,
    edit: &TransformerEdit,
) -> bool {
    use TransformerEdit as E;
    match *edit {
        E::Placement(p) => cfg.placement == p,
        E::Norm(n) => cfg.norm == n,
        E::Blocks(l) => cfg.blocks == l,
        E::Width(w) => cfg.width == w,
        E::Heads(h) => cfg.heads == h,
        E::Tokens(t) => cfg.tokens == t,
        E::Batch(b) => cfg.batch == b,
        E::Init(i) => cfg.init == i,
        E::ScaledInit(on) => cfg.scaled_init == on,
        E::RezeroInit(a) => cfg.rezero_init == a,
        E::Precision(p) => mixed.precision == p,
        E::LossScale(l) => mixed.loss_scale == l,
        E::Seed(_) | E::Preset(_) => true,
    }
}

/// The query string (without `?`) that `parse` reads back to the same config and format;
/// the format only when not float32 without a scale (so a float32 link stays short).
pub fn to_query(cfg: &TransformerConfig, mixed: &MixedPrecision) -> String {
    let q = format!(
        "arch=transformer&placement={}&norm={}&blocks={}&width={}&heads={}&tokens={}\
         &batch={}&init={}&scaled_init={}&rezero_init={}&seed={}",
        cfg.placement.id(),
        cfg.norm.id(),
        cfg.blocks,
        cfg.width,
        cfg.heads,
        cfg.tokens,
        cfg.batch,
        cfg.init.id(),
        u8::from(cfg.scaled_init),
        cfg.rezero_init,
        cfg.seed
    );
    q + &mixed_query(mixed)
}
