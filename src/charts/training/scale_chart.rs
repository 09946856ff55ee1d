//! The loss-scale chart of a mixed-precision run: log₂ of the scale S each step's backward
//! was seeded with, over steps (a step line: S changes only between steps), on an axis of
//! powers of two; the steps a dynamic scale skipped marked along the bottom (`skip_marks`).
//! A static scale draws a flat line; a dynamic one halves at each skipped step and doubles
//! after `--growth-interval` clean steps.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::skip_marks::{draw_skip_marks, skipped_words};
use crate::charts::chart::Chart;
use crate::charts::kit::draw_util::{draw_line, draw_text, fill, stroke, DrawResult, PixelRect};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::scale::nice_step;
use crate::charts::kit::step_axes::{count_steps, draw_axes_lines, StepAxis};
use crate::charts::kit::theme::Theme;
use crate::train::TrainHistory;
pub use crate::words::scale::power_label;

/// A mixed-precision run's loss scale over steps.
#[derive(Clone, Copy, Debug)]
pub struct ScaleChart;

impl Chart for ScaleChart {
    type Data<'a> = &'a TrainHistory;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        history: &TrainHistory,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_scale_chart(area, history, theme)
    }

    fn summary(&self, history: &TrainHistory) -> String {
        scale_summary(history)
    }
}

/// Draws the chart filling `area`.
pub fn draw_scale_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &TrainHistory,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title("Loss scale S over steps (log₂ scale)")?;
    let top = draw_legend(&frame, top)?;
    let points: Vec<(usize, i32)> = history
        .steps
        .series()
        .map(|c| (c.step, c.scale_log2))
        .collect();
    let axis = Log2Axis::covering(points.iter().map(|p| p.1));
    let label_w = axis
        .ticks(8)
        .iter()
        .map(|&k| frame.text_width(&power_label(k), &frame.tick_style))
        .max()
        .unwrap_or(0)
        .max(frame.text_width("step", &frame.small));
    let bottom = (frame.height - frame.line_h - 8).max(top + 1);
    let plot = frame.plot_rect(top, bottom, label_w, 8);
    let steps = StepAxis::new(plot, history.last_step);
    let max_ticks = (plot.height() / (frame.line_h * 2).max(1)).max(2) as usize;
    for k in axis.ticks(max_ticks) {
        let y = axis.y_of(plot, k);
        draw_line(
            frame.area,
            (plot.left, y),
            (plot.right, y),
            stroke(theme.grid, 1),
        )?;
        let (at, style) = ((plot.left - 6, y), &frame.tick_style);
        draw_text(
            frame.area,
            &power_label(k),
            at,
            style,
            HPos::Right,
            VPos::Center,
        )?;
    }
    let kept = steps.sample(&points.iter().map(|p| p.0).collect::<Vec<_>>());
    let mut line: Vec<(i32, i32)> = Vec::new();
    for &i in &kept {
        let (step, k) = points[i];
        let (x, y) = (steps.x_of(step), axis.y_of(plot, k));
        if let Some(&(_, prev_y)) = line.last() {
            line.push((x, prev_y));
        }
        line.push((x, y));
    }
    if line.len() == 1 {
        let (x, y) = line[0];
        line.push((x + 1, y));
    }
    frame
        .area
        .draw(&PathElement::new(line, stroke(theme.healthy, 2)))?;
    draw_skip_marks(&frame, &steps, history)?;
    draw_axes_lines(&frame, plot)?;
    steps.draw_ticks(&frame, plot.bottom + 4)
}

/// y = log₂ S over whole powers, `lo` at the bottom, `hi` at the top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Log2Axis {
    pub lo: i32,
    pub hi: i32,
}

impl Log2Axis {
    /// One power of two beyond the values on each side, at least four powers in all; 2⁰…2¹⁶
    /// when there is nothing yet.
    pub fn covering(values: impl IntoIterator<Item = i32>) -> Log2Axis {
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for k in values {
            lo = lo.min(k);
            hi = hi.max(k);
        }
        if lo > hi {
            return Log2Axis { lo: 0, hi: 16 };
        }
        let (lo, hi) = (lo.saturating_sub(1), hi.saturating_add(1));
        let short = (4 - (hi - lo)).max(0);
        Log2Axis {
            lo: lo - short / 2,
            hi: hi + (short - short / 2),
        }
    }

    /// Pixel row of 2^k in `plot` (clamped to it).
    pub fn y_of(&self, plot: PixelRect, k: i32) -> i32 {
        let span = f64::from((self.hi - self.lo).max(1));
        let f = (f64::from(k - self.lo) / span).clamp(0.0, 1.0);
        plot.bottom - 1 - (f * f64::from(plot.height() - 1)).round() as i32
    }

    /// Powers to label, a whole number of powers apart, at most about `max`.
    pub fn ticks(&self, max: usize) -> Vec<i32> {
        let span = (self.hi - self.lo).max(1) as usize;
        let stride = nice_step(span, max.max(2)).max(1) as i32;
        let first = self.lo.div_euclid(stride) * stride;
        (0..)
            .map(|i| first + i * stride)
            .take_while(|&k| k <= self.hi)
            .filter(|&k| k >= self.lo)
            .collect()
    }
}

fn draw_legend<DB: DrawingBackend>(frame: &Frame<DB>, top: i32) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let mut legend = Legend::at(top);
    legend.swatch(frame, (fill(t.healthy), None), "loss scale S", 12)?;
    let skipped = "skipped step (inf/NaN in the gradients: no update, S halved)";
    legend.swatch(frame, (fill(t.overflow), None), skipped, 12)?;
    Ok(legend.bottom(frame, 6))
}

/// The text alternative: "Loss scale over 300 steps: 2^16 at step 1, 2^13 at step 300
/// (lowest 2^13, highest 2^16); 3 steps skipped (inf or NaN in the gradients, no update): 1, 2, 3."
pub fn scale_summary(history: &TrainHistory) -> String {
    let mut columns = history.steps.series();
    let (Some(first), Some(last)) = (columns.next(), history.steps.latest()) else {
        return "Loss scale: no step made yet.".to_string();
    };
    let used = || history.steps.series().map(|c| c.scale_log2);
    let lowest = used().min().unwrap_or(last.scale_log2);
    let highest = used().max().unwrap_or(last.scale_log2);
    let mut s = format!(
        "Loss scale over {}: 2^{} at step {}, 2^{} at step {} (lowest 2^{lowest}, highest \
         2^{highest})",
        count_steps(history.last_step),
        first.scale_log2,
        first.step,
        last.scale_log2,
        last.step,
    );
    s += &skipped_words(history);
    s + "."
}
