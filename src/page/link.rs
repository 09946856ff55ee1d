//! The whole page state a link carries: the network (read and written by `query`), the preset,
//! and what the page shows on top of it (`View`: the metric, the seed band, the theory
//! overlay, the pinned comparison). A new view parameter is one arm in `read_view_param` and one line in
//! `view_query`; a new network parameter belongs in `query`.
//!
//! Parameters beyond the network are written only when they differ from the default, so a
//! link to the default view is the same as before they existed.

use crate::page::edit::Setup;
use crate::page::query::{self, Parsed};
use crate::sim::mixed::MixedPrecision;
use crate::sim::Config;
use crate::words::metric::Metric;

/// Keys starting with this describe the pinned network in its number format, with `query`'s
/// names after it (`pin.depth=15&pin.precision=float16`).
pub const PIN_PREFIX: &str = "pin.";

/// What the page shows besides the network.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub metric: Metric,
    /// The p10–p90 band over seeds.
    pub show_spread: bool,
    /// The mean-field prediction over the gradient bars.
    pub show_theory: bool,
    /// The pinned network in its number format: its profile is recomputed from it
    /// (deterministic per seed).
    pub pin: Option<Setup>,
}

impl Default for View {
    fn default() -> Self {
        View {
            metric: Metric::Signal,
            show_spread: false,
            show_theory: false,
            pin: None,
        }
    }
}

type Pair<'a> = (&'a str, &'a str);

/// Everything read from a link: the network (with its edits and warnings) and the view.
#[derive(Debug, Default, PartialEq)]
pub struct Link {
    pub network: Parsed,
    pub view: View,
}

impl Link {
    /// Every message about the link, the network's first.
    pub fn warnings(&self) -> &[String] {
        &self.network.warnings
    }
}

/// Reads decoded `key=value` pairs. Never panics; anything unreadable keeps the default with
/// a warning, anything out of range is clamped (see `query`), unknown keys are ignored.
pub fn read<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Link {
    let (pinned, rest): (Vec<Pair>, Vec<Pair>) = pairs
        .into_iter()
        .partition(|(k, _)| k.starts_with(PIN_PREFIX));
    let mut network = query::parse(rest.iter().copied());
    let mut view = View::default();
    for (key, value) in rest {
        read_view_param(&mut view, key, value, &mut network.warnings);
    }
    if !pinned.is_empty() {
        let strip = |(k, v): (&'a str, &'a str)| (&k[PIN_PREFIX.len()..], v);
        let pin = query::parse(pinned.into_iter().map(strip));
        let notes = pin.warnings.iter().map(|w| format!("Pinned network: {w}"));
        network.warnings.extend(notes);
        view.pin = Some(Setup {
            config: pin.config,
            mixed: pin.mixed,
        });
    }
    Link { network, view }
}

/// The query string (without `?`) that `read` turns back into this state: the network in its
/// number format, the preset and the view.
pub fn write(config: &Config, mixed: &MixedPrecision, preset: Option<&str>, view: &View) -> String {
    let mut q = query::to_query(config) + &query::mixed_query(mixed);
    if let Some(id) = preset {
        q = format!("preset={id}&{q}");
    }
    q.push_str(&view_query(view));
    q
}

/// The view's parameters, each only when it is not the default.
fn view_query(view: &View) -> String {
    let mut q = String::new();
    if view.metric == Metric::Weight {
        q.push_str("&metric=weight");
    }
    if view.show_spread {
        q.push_str("&spread=1");
    }
    if view.show_theory {
        q.push_str("&theory=1");
    }
    if let Some(pin) = &view.pin {
        let pairs = query::to_query(&pin.config) + &query::mixed_query(&pin.mixed);
        for pair in pairs.split('&').filter(|p| !p.is_empty()) {
            q.push_str(&format!("&{PIN_PREFIX}{pair}"));
        }
    }
    q
}

/// An on/off parameter's value, `None` when it is neither.
fn switch(value: &str) -> Option<bool> {
    match value {
        "1" | "true" | "on" => Some(true),
        "0" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// Applies one view parameter; keys that are not view parameters are left alone.
fn read_view_param(view: &mut View, key: &str, value: &str, warn: &mut Vec<String>) {
    match key {
        "metric" => match value {
            "signal" => view.metric = Metric::Signal,
            "weight" => view.metric = Metric::Weight,
            _ => warn.push(format!(
                "Unknown gradient “{value}” (signal or weight); ignored."
            )),
        },
        "spread" => match switch(value) {
            Some(on) => view.show_spread = on,
            None => warn.push(format!(
                "The variability band “{value}” is not 1 or 0; ignored."
            )),
        },
        "theory" => match switch(value) {
            Some(on) => view.show_theory = on,
            None => warn.push(format!(
                "The theory overlay “{value}” is not 1 or 0; ignored."
            )),
        },
        _ => {}
    }
}
