//! Hidden states through time: h_t's values per step t as columns of the shared density
//! heatmap (`charts::density`), for the first seed: a tanh RNN's units piling up at ±1
//! (saturation, so tanh′ ≈ 0 and the gradient vanishes) or collapsing to 0, a ReLU RNN's zeros.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use crate::charts::chart::Chart;
use crate::charts::density::heatmap::draw_density_chart;
use crate::charts::density::histogram::DensityColumn;
use crate::charts::kit::draw_util::DrawResult;
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::theme::Theme;
use crate::sim::recurrent::{HiddenDensity, RnnSpread};
use crate::words::format::format_share_percent;

fn columns(sp: &RnnSpread) -> Vec<DensityColumn<'_>> {
    sp.hidden
        .iter()
        .map(|h| DensityColumn {
            axis: "step",
            index: h.t,
            histogram: &h.histogram,
            saturated_fraction: h.saturated_fraction,
            dead_fraction: h.dead_fraction,
            nonfinite: h.nonfinite,
        })
        .collect()
}

/// The first seed's hidden states, one density column per step.
#[derive(Clone, Copy, Debug)]
pub struct HiddenStates;

impl Chart for HiddenStates {
    type Data<'a> = &'a RnnSpread;
    /// The step columns' geometry.
    type Layout = LayerChartLayout;

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        sp: &RnnSpread,
        theme: &Theme,
    ) -> DrawResult<LayerChartLayout, DB> {
        draw_hidden_state_chart(area, sp, theme)
    }

    fn summary(&self, sp: &RnnSpread) -> String {
        hidden_state_summary(sp)
    }
}

/// Draws the chart filling `area`; returns its step columns' geometry.
fn draw_hidden_state_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sp: &RnnSpread,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    let title = format!("Hidden state hₜ per step (seed {})", sp.config.seed);
    draw_density_chart(area, &title, &columns(sp), theme)
}

/// The chart's text alternative: the window, and at steps 1 and T the saturated and zero
/// shares and what lies outside the window.
fn hidden_state_summary(sp: &RnnSpread) -> String {
    let c = &sp.config;
    let (Some(first), Some(last)) = (sp.hidden.first(), sp.hidden.last()) else {
        return "Hidden states: none computed.".to_string();
    };
    let h = &first.histogram;
    let mut text = format!(
        "Distribution of the hidden state hₜ of a {} (width {}, batch {}, seed {}) per step, \
         binned over [{}, {}]:",
        c.cell.label(),
        c.width,
        c.batch,
        c.seed,
        h.lo,
        h.hi
    );
    text += &format!(" at step {} {};", first.t, state_words(first));
    text += &format!(" at step {} {}.", last.t, state_words(last));
    if sp.hidden.len() < c.steps {
        text += &format!(
            " {} of the {} steps are shown, evenly spaced.",
            sp.hidden.len(),
            c.steps
        );
    }
    text
}

/// "12% saturated, 3% outside the window" for one step.
fn state_words(d: &HiddenDensity) -> String {
    let h = &d.histogram;
    let total = h.counts.iter().map(|c| u64::from(*c)).sum::<u64>()
        + u64::from(h.underflow)
        + u64::from(h.overflow)
        + u64::from(h.nonfinite);
    let share = |n: u64| n as f64 / total.max(1) as f64;
    let mut parts = Vec::new();
    if let Some(f) = d.saturated_fraction {
        parts.push(format!("{} saturated", format_share_percent(f)));
    }
    if let Some(f) = d.dead_fraction {
        parts.push(format!("{} exactly zero", format_share_percent(f)));
    }
    // tanh's float32 output reaches exactly ±1, the window's edge: a sliver, not news.
    let outside = share(u64::from(h.underflow) + u64::from(h.overflow));
    if outside >= 0.005 {
        parts.push(format!(
            "{} outside the window",
            format_share_percent(outside)
        ));
    }
    if d.nonfinite > 0 {
        parts.push(format!(
            "{} inf/NaN",
            format_share_percent(share(d.nonfinite))
        ));
    }
    if parts.is_empty() {
        "every value inside the window".to_string()
    } else {
        parts.join(", ")
    }
}
