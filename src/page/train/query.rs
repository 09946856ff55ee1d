//! The training panel's part of the URL: `mode=train` plus `data`, `noise`, `optimizer`, `lr`,
//! `momentum`, `clip` (`off` or a number) and `steps`, and, only when not float32's defaults,
//! `train_precision`, `train_loss_scale` and `growth_interval` (so older links read as before;
//! `train_` keeps them apart from the explorer's own `precision` and `loss_scale`). Each value becomes a `TrainEdit`, so
//! anything out of range is clamped like a control would, with a warning saying what changed.
//! `query` calls this module; the network parameters stay in `query` itself.

use crate::page::train::edit::{self as train_edit, Mode, TrainEdit, TrainSettings};
use crate::sim::mixed::LossScale;
use crate::sim::numeric::Precision;
use crate::train::config::GROWTH_INTERVAL;
use crate::train::{Dataset, Optimizer};

/// The training part of a URL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainParsed {
    pub mode: Mode,
    pub settings: TrainSettings,
}

/// Reads the training parameters among `pairs` (other keys are ignored), adding a warning for
/// each value that could not be read or had to be changed.
pub fn parse(pairs: &[(&str, &str)], warnings: &mut Vec<String>) -> TrainParsed {
    let mut out = TrainParsed::default();
    for &(key, value) in pairs {
        if key == "mode" {
            match value {
                "train" => out.mode = Mode::Train,
                "explore" => out.mode = Mode::Explore,
                _ => warnings.push(format!(
                    "Unknown mode “{value}” (explore or train); showing the explorer."
                )),
            }
            continue;
        }
        let Some(edit) = parameter_edit(key, value, warnings) else {
            continue;
        };
        let next = train_edit::apply(&out.settings, &edit);
        if let Some(note) = adjusted(key, value, &next) {
            warnings.push(note);
        }
        out.settings = next;
    }
    out
}

/// `&mode=train&…` with every training setting, or nothing in the explorer's mode (so an
/// explorer link stays as it was).
pub fn to_query(mode: Mode, s: &TrainSettings) -> String {
    if mode == Mode::Explore {
        return String::new();
    }
    let clip = s.clip.map_or("off".to_string(), |c| c.to_string());
    let mut q = format!(
        "&mode=train&data={}&noise={}&optimizer={}&lr={}&momentum={}&clip={clip}&steps={}",
        s.data.id(),
        s.noise,
        s.optimizer.id(),
        s.lr,
        s.momentum,
        s.steps
    );
    if s.mixed.precision != Precision::Float32 {
        q += &format!("&train_precision={}", s.mixed.precision.id());
    }
    if s.mixed.loss_scale != LossScale::None {
        q += &format!("&train_loss_scale={}", s.mixed.loss_scale.id());
    }
    if s.growth_interval != GROWTH_INTERVAL {
        q += &format!("&growth_interval={}", s.growth_interval);
    }
    q
}

fn parameter_edit(key: &str, value: &str, warn: &mut Vec<String>) -> Option<TrainEdit> {
    let number = |warn: &mut Vec<String>, name: &str| {
        let v = value.trim().parse::<f64>().ok().filter(|v| !v.is_nan());
        if v.is_none() {
            warn.push(format!("The {name} “{value}” is not a number; ignored."));
        }
        v
    };
    match key {
        "data" => {
            let d = Dataset::from_id(value);
            if d.is_none() {
                warn.push(format!(
                    "Unknown data set “{value}” (spiral, circles or xor); ignored."
                ));
            }
            d.map(TrainEdit::Data)
        }
        "optimizer" => {
            let o = Optimizer::from_id(value);
            if o.is_none() {
                warn.push(format!(
                    "Unknown optimizer “{value}” (sgd or adam); ignored."
                ));
            }
            o.map(TrainEdit::Optimizer)
        }
        "noise" => number(warn, "noise").map(TrainEdit::Noise),
        "lr" => number(warn, "learning rate").map(TrainEdit::Lr),
        "momentum" => number(warn, "momentum").map(TrainEdit::Momentum),
        "clip" if value == "off" => Some(TrainEdit::Clip(None)),
        "clip" => number(warn, "clip").map(|c| TrainEdit::Clip(Some(c))),
        // Steps are a whole number; `as` saturates, and the edit clamps.
        "steps" => number(warn, "steps").map(|n| TrainEdit::Steps(n.round().max(0.0) as usize)),
        "train_precision" => {
            let p = Precision::from_id(value);
            if p.is_none() {
                warn.push(format!(
                    "Unknown precision “{value}” (float32, bfloat16 or float16); ignored."
                ));
            }
            p.map(TrainEdit::Precision)
        }
        "train_loss_scale" => {
            let l = LossScale::parse(value);
            if l.is_none() {
                warn.push(format!(
                    "Unknown loss scale “{value}” (none, dynamic or 2^k); ignored."
                ));
            }
            l.map(TrainEdit::LossScale)
        }
        "growth_interval" => number(warn, "growth interval")
            .map(|n| TrainEdit::GrowthInterval(n.round().max(0.0) as usize)),
        _ => None,
    }
}

/// A warning when the value in use differs from the one in the link.
fn adjusted(key: &str, value: &str, s: &TrainSettings) -> Option<String> {
    let used = match key {
        "noise" => s.noise,
        "lr" => s.lr,
        "momentum" => s.momentum,
        "clip" => s.clip?,
        "steps" => s.steps as f64,
        "growth_interval" => s.growth_interval as f64,
        "train_loss_scale" => {
            let asked = LossScale::parse(value)?;
            return (asked != s.mixed.loss_scale).then(|| {
                format!(
                    "The loss scale {value} is not one the panel offers; using {}.",
                    s.mixed.loss_scale.id()
                )
            });
        }
        _ => return None,
    };
    let asked = value.trim().parse::<f64>().ok()?;
    (asked != used)
        .then(|| format!("The {key} {value} is outside what the panel offers; using {used}."))
}
