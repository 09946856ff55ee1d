//! The page's URL query <-> `Config`, so a configuration can be shared as a link. Anything out
//! of range is clamped to what the controls offer, with a message saying what was changed.

use crate::presets;
use crate::sim::{Activation, Config, Init};

/// What the depth slider offers (the core accepts up to 200, the page shows up to 100).
pub const DEPTH_MAX: usize = 100;
/// The width choices of the width slider.
pub const WIDTHS: [usize; 7] = [8, 16, 32, 64, 128, 256, 512];
pub const BATCH_MAX: usize = 1024;

/// A config read from a URL, the preset it names (if any), and what had to be corrected.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub config: Config,
    pub preset: Option<&'static str>,
    pub warnings: Vec<String>,
}

/// Reads `key=value` pairs (already URL-decoded). A preset sets the network first; explicit
/// parameters then override it.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Parsed {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let mut out = Parsed::default();
    if let Some((_, id)) = pairs.iter().find(|(k, _)| *k == "preset") {
        match presets::find(id) {
            Some(p) => {
                out.config = p.apply(&out.config);
                out.preset = Some(p.id);
            }
            None => out.warnings.push(format!("Unknown preset “{id}”; showing the default network.")),
        }
    }
    for (key, value) in pairs {
        let cfg = &mut out.config;
        let warn = &mut out.warnings;
        match key {
            "depth" => cfg.depth = clamp_int(warn, "depth", value, 1, DEPTH_MAX, cfg.depth),
            "width" => cfg.width = nearest_width(warn, value, cfg.width),
            "batch" => cfg.batch = clamp_int(warn, "batch", value, 1, BATCH_MAX, cfg.batch),
            "seed" => match value.parse::<u64>() {
                Ok(s) => cfg.seed = s,
                Err(_) => warn.push(format!("Seed “{value}” is not a whole number ≥ 0; using {}.", cfg.seed)),
            },
            "activation" => match Activation::from_id(value) {
                Some(a) => cfg.activation = a,
                None => warn.push(format!("Unknown activation “{value}”; using {}.", cfg.activation.display_name())),
            },
            "init" => match Init::from_id(value) {
                Some(i) => cfg.init = i,
                None => warn.push(format!("Unknown initialization “{value}”; using {}.", cfg.init.display_name())),
            },
            _ => {}
        }
    }
    if let Some(id) = out.preset {
        if !presets::find(id).is_some_and(|p| p.matches(&out.config)) {
            out.preset = None;
        }
    }
    out
}

/// The query string (without `?`) that `parse` reads back to the same config.
pub fn to_query(cfg: &Config) -> String {
    format!(
        "activation={}&init={}&depth={}&width={}&batch={}&seed={}",
        cfg.activation.id(),
        cfg.init.id(),
        cfg.depth,
        cfg.width,
        cfg.batch,
        cfg.seed
    )
}

fn clamp_int(warn: &mut Vec<String>, name: &str, value: &str, lo: usize, hi: usize, keep: usize) -> usize {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => {
            let clamped = v.round().clamp(lo as f64, hi as f64) as usize;
            if clamped as f64 != v {
                warn.push(format!("The {name} {value} is outside {lo}–{hi}; using {clamped}."));
            }
            clamped
        }
        _ => {
            warn.push(format!("The {name} “{value}” is not a number; using {keep}."));
            keep
        }
    }
}

/// Widths snap to the nearest offered choice (on a log scale).
fn nearest_width(warn: &mut Vec<String>, value: &str, keep: usize) -> usize {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => {
            let best = WIDTHS
                .into_iter()
                .min_by(|a, b| {
                    let d = |w: usize| (libm::log2(w as f64) - libm::log2(v)).abs();
                    d(*a).total_cmp(&d(*b))
                })
                .unwrap_or(keep);
            if best as f64 != v {
                warn.push(format!("Width {value} is not one of 8, 16, …, 512; using {best}."));
            }
            best
        }
        _ => {
            warn.push(format!("The width “{value}” is not a positive number; using {keep}."));
            keep
        }
    }
}
