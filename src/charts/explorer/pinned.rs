//! The pinned comparison on the gradient chart: a pinned network's profile drawn as outlined
//! bars in the left half of each layer's slot, the live bars in the right half, and both
//! networks named in the legend, each with its number format when it is not float32. The
//! gradient chart calls in here only when something is pinned, so without a pin it draws
//! exactly as before.

use plotters::prelude::DrawingBackend;

use super::health::Health;
use crate::charts::kit::draw_util::{draw_rect, fill, stroke, DrawResult, PixelRect};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::scale::safe_log10;
use crate::sim::mixed::MixedPrecision;
use crate::sim::{Config, Report};
use crate::words::metric::Metric;
use crate::words::precision::format_words;

/// The pinned profile and the names the legend gives both networks.
#[derive(Clone, Debug, PartialEq)]
pub struct PinnedProfile {
    /// One value per layer of the pinned network, layer 1 first.
    pub values: Vec<f64>,
    /// "ReLU + He normal, L15 × W64", "…, float16, dynamic loss scale".
    pub pinned_name: String,
    pub live_name: String,
    /// log2 of the loss scale S of the pinned pass (0 in float32).
    pub scale_log2: i32,
}

impl PinnedProfile {
    /// The pinned report's `metric`, named beside the live report's network.
    pub fn new(pinned: &Report, live: &Report, metric: Metric) -> PinnedProfile {
        PinnedProfile {
            values: pinned.layers.iter().map(|l| metric.value(l)).collect(),
            pinned_name: report_name(pinned),
            live_name: report_name(live),
            scale_log2: pinned.mixed.map_or(0, |m| m.scale_log2),
        }
    }

    /// The pinned gradient as its own format holds it (S·‖∂L/∂z‖, S = 1 in float32), for
    /// live bars drawn that way: a pin of the same run then lies on the live bars.
    pub fn as_held(self) -> PinnedProfile {
        let s = 2f64.powi(self.scale_log2);
        PinnedProfile {
            values: self.values.iter().map(|v| v * s).collect(),
            ..self
        }
    }
}

/// A report's network in its number format (see `network_name`).
pub fn report_name(r: &Report) -> String {
    network_name(&r.config, &r.mixed_precision())
}

/// A short name for a network: "Sigmoid + Xavier normal, L15 × W64" (+ residual, norm, a
/// seed other than 0 and a format other than float32: ", float16, dynamic loss scale"),
/// enough to tell two pinned settings apart.
pub fn network_name(cfg: &Config, mixed: &MixedPrecision) -> String {
    let mut name = format!(
        "{} + {}, L{} × W{}",
        cfg.net.activation.label(),
        cfg.net.init.label(),
        cfg.net.depth,
        cfg.net.width
    );
    if cfg.net.residual != crate::sim::Residual::None {
        name.push_str(&format!(", residual {}", cfg.net.residual.id()));
    }
    if cfg.net.norm != crate::sim::Norm::None {
        name.push_str(&format!(", {} norm", cfg.net.norm.id()));
    }
    if cfg.seed != 0 {
        name.push_str(&format!(", seed {}", cfg.seed));
    }
    if !mixed.is_float32() {
        name.push_str(&format!(", {}", format_words(mixed)));
    }
    name
}

/// The legend entries: the live bars, then the pinned outline.
pub fn legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    legend: &mut Legend,
    pinned: &PinnedProfile,
) -> DrawResult<(), DB> {
    let theme = frame.theme;
    let live = format!("bars: live {}", pinned.live_name);
    legend.swatch(frame, (fill(theme.healthy), None), &live, 12)?;
    let outline = format!("outline: pinned {}", pinned.pinned_name);
    legend.swatch(frame, (stroke(theme.text, 2), None), &outline, 0)
}

/// Layers the chart needs: the deeper of the two networks.
pub fn layers(live: usize, pinned: Option<&PinnedProfile>) -> usize {
    pinned.map_or(live, |p| live.max(p.values.len()))
}

/// The right part of a layer slot, where the live bar goes while something is pinned.
pub fn live_part((left, right): (i32, i32)) -> (i32, i32) {
    ((left + right) / 2, right)
}

/// The left part of a layer slot, for the pinned outline.
fn pinned_part((left, right): (i32, i32)) -> (i32, i32) {
    (left, (left + right) / 2)
}

/// The pinned profile as outlined bars; `y_of` maps a log10 value to a pixel row.
pub fn draw_outline<DB: DrawingBackend>(
    frame: &Frame<DB>,
    layout: &LayerChartLayout,
    y_of: impl Fn(f64) -> i32,
    pinned: &PinnedProfile,
) -> DrawResult<(), DB> {
    let plot = layout.plot();
    let style = stroke(frame.theme.text, 1);
    for (i, &v) in pinned.values.iter().enumerate() {
        let Some(slot) = layout.slot(i + 1) else {
            continue;
        };
        let (l, r) = pinned_part(slot);
        let w = r - l;
        let bar_w = if w >= 4 {
            ((f64::from(w) * 0.8).round() as i32).min(28)
        } else {
            w.max(1)
        };
        let left = l + (w - bar_w) / 2;
        let top = match Health::classify(v, None) {
            Health::Overflow => plot.top,
            Health::Underflow => plot.bottom - 2,
            _ => safe_log10(v)
                .map(&y_of)
                .unwrap_or(plot.bottom)
                .min(plot.bottom - 1),
        };
        let bar = PixelRect {
            left,
            right: left + bar_w,
            top,
            bottom: plot.bottom,
        };
        draw_rect(frame.area, bar, style)?;
    }
    Ok(())
}

/// The first (input-side) and last (output-side) layer's value of `report`'s `metric`.
fn ends(report: &Report, metric: Metric) -> (f64, f64) {
    let value = |l: Option<&crate::sim::LayerReport>| l.map_or(f64::NAN, |l| metric.value(l));
    (value(report.layers.first()), value(report.layers.last()))
}

/// The difference for the status cards: "first layer: 10⁻⁸ → 10⁻¹ · last layer: …", pinned
/// value first, live value after the arrow.
pub fn difference_words(pinned: &Report, live: &Report, metric: Metric) -> String {
    use crate::words::format::format_value;
    let ((pf, pl), (lf, ll)) = (ends(pinned, metric), ends(live, metric));
    format!(
        "first layer: {} → {} · last layer: {} → {}",
        format_value(pf),
        format_value(lf),
        format_value(pl),
        format_value(ll)
    )
}

/// The chart's text alternative for the comparison, naming both networks (plain ASCII).
pub fn comparison_summary(pinned: &Report, live: &Report, metric: Metric) -> String {
    use crate::words::format::format_value_ascii;
    let ((pf, pl), (lf, ll)) = (ends(pinned, metric), ends(live, metric));
    format!(
        "Compared with the pinned network {} (outlined bars): layer 1 {} pinned vs {} live ({}), \
         last layer {} pinned vs {} live",
        report_name(pinned),
        format_value_ascii(pf),
        format_value_ascii(lf),
        report_name(live),
        format_value_ascii(pl),
        format_value_ascii(ll)
    )
}
