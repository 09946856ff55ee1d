//! The latching task's gradient through time over training: time steps t (rows, t = 1 — the
//! step holding the class — at the bottom, T at the top, where the loss is) × training steps
//! (columns) of log10 ‖∂L_test/∂hₜ‖, measured on the 512 test sequences at every measured
//! step, in the heatmaps' viridis scale with its colour bar (`kit::step_heatmap`). A cell that
//! never carries the class back shows a cold bottom row that never warms.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use crate::charts::chart::Chart;
use crate::charts::kit::color_bar::draw_color_bar;
use crate::charts::kit::draw_util::{fill, DrawResult};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::scale::DecadeRange;
use crate::charts::kit::step_axes::{draw_axes_lines, StepAxis};
use crate::charts::kit::step_heatmap::{draw_row_labels, draw_step_cells, StepValues};
use crate::charts::kit::theme::Theme;
use crate::sim::recurrent::LatchingRecord;
use crate::words::format::format_value_ascii;

/// At most this many step columns are drawn.
const MAX_COLUMNS: usize = 240;

/// What the heatmap draws: a run's measurements so far.
#[derive(Clone, Copy, Debug)]
pub struct TimeHeatSeries<'a> {
    pub records: &'a [LatchingRecord],
    /// T, the rows.
    pub time_steps: usize,
    /// The run's configured number of training steps (the axis's end).
    pub steps: usize,
}

/// ‖∂L_test/∂hₜ‖ per step t over a latching run's training steps.
#[derive(Clone, Copy, Debug)]
pub struct TrainedTimeGradient;

impl Chart for TrainedTimeGradient {
    type Data<'a> = TimeHeatSeries<'a>;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        series: TimeHeatSeries,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_time_heatmap(area, series, theme)
    }

    fn summary(&self, series: TimeHeatSeries) -> String {
        time_heatmap_summary(series)
    }
}

/// Draws the chart filling `area`.
fn draw_time_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: TimeHeatSeries,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title_fit(&[
        "Test-loss gradient ‖∂L/∂hₜ‖ at each step t over training (log scale)",
        "‖∂L/∂hₜ‖ per step t over training (log)",
    ])?;
    let values = series
        .records
        .iter()
        .flat_map(|r| r.h_grad_norms.iter().copied());
    let range = DecadeRange::covering(values, 1);
    let nonfinite = series
        .records
        .iter()
        .any(|r| r.h_grad_norms.iter().any(|g| !g.is_finite()));
    let x = draw_color_bar(&frame, "‖∂L/∂hₜ‖", range, top)?;
    let mut legend = Legend { x, y: top };
    if nonfinite {
        let swatch = (fill(frame.theme.overflow), Some(frame.theme.background));
        legend.swatch(&frame, swatch, "overflow (inf/NaN)", 0)?;
    }
    let top = legend.bottom(&frame, 6);
    let rows = series.time_steps.max(1);
    let label = |t: usize| match t {
        1 => "1 (class)".to_string(),
        t if t == rows => format!("{t} (loss)"),
        t => t.to_string(),
    };
    let label_w = frame
        .text_width(&label(rows), &frame.tick_style)
        .max(frame.text_width(&label(1), &frame.tick_style));
    let last = series
        .steps
        .max(series.records.last().map_or(0, |r| r.step));
    let bottom = (frame.height - frame.line_h - 8).max(top + 1);
    let right = StepAxis::end_room(&frame, last).max(4);
    let plot = frame.plot_rect(top, bottom, label_w, right);
    let steps = StepAxis::new(plot, last);
    let cells: Vec<StepValues> = series
        .records
        .iter()
        .map(|r| (r.step, r.h_grad_norms.as_slice()))
        .collect();
    draw_step_cells(&frame, &steps, &cells, range, (rows, MAX_COLUMNS))?;
    draw_row_labels(&frame, plot, rows, label)?;
    draw_axes_lines(&frame, plot)?;
    steps.draw_ticks(&frame, plot.bottom + 4)
}

/// The text alternative: "Test-loss gradient ‖∂L/∂hₜ‖ through T = 10 steps, measured at 3
/// training steps: at step 0, 0.00054 at t = 1 and 0.031 at t = 10; at step 50, …."
fn time_heatmap_summary(series: TimeHeatSeries) -> String {
    let t = series.time_steps;
    let head = format!(
        "Test-loss gradient ‖∂L/∂hₜ‖ through T = {t} steps, measured at {} training step{}",
        series.records.len(),
        if series.records.len() == 1 { "" } else { "s" }
    );
    let at = |r: &LatchingRecord| {
        let g = |i: usize| {
            r.h_grad_norms
                .get(i)
                .copied()
                .map_or("none".to_string(), format_value_ascii)
        };
        format!(
            "at step {}, {} at t = 1 and {} at t = {t}",
            r.step,
            g(0),
            g(t.saturating_sub(1))
        )
    };
    match (series.records.first(), series.records.last()) {
        (Some(a), Some(b)) if a.step != b.step => format!("{head}: {}; {}.", at(a), at(b)),
        (Some(a), _) => format!("{head}: {}.", at(a)),
        _ => format!("{head}: not measured yet."),
    }
}
