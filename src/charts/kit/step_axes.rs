//! What the training charts share: a step axis along x (linear, 0 … the last step), a log10
//! value axis along y, the pixel columns a long run is sampled into, and the marker at the
//! first non-finite step, and the broken polylines the line charts draw.

use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{RGBColor, ShapeStyle};

use super::draw_util::{
    dash_polyline, draw_boxed_label, draw_line, draw_rect, draw_text, fill, stroke, DrawResult,
    PixelRect,
};
use super::frame::Frame;
use super::scale::{decade_label, DecadeRange};
use crate::train::NonFinite;

/// x = step, from 0 to `last` (at least 1), over the plot's width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepAxis {
    pub plot: PixelRect,
    pub last: usize,
}

impl StepAxis {
    pub fn new(plot: PixelRect, last: usize) -> StepAxis {
        StepAxis {
            plot,
            last: last.max(1),
        }
    }

    /// Pixel column of `step` (clamped to the plot).
    pub fn x_of(&self, step: usize) -> i32 {
        let f = (step as f64 / self.last as f64).clamp(0.0, 1.0);
        self.plot.left + (f * f64::from(self.plot.width() - 1)).round() as i32
    }

    /// Tick labels under the plot at `y` (whole steps only, the last step among them), and the
    /// word "step" at the left, clear of the "0" under the plot's left edge. The plot must
    /// keep [`StepAxis::end_room`] free on its right for the last label.
    pub fn draw_ticks<DB: DrawingBackend>(&self, frame: &Frame<DB>, y: i32) -> DrawResult<(), DB> {
        let axis = stroke(frame.theme.axis, 1);
        for t in self.ticks(frame) {
            let x = self.x_of(t);
            draw_line(
                frame.area,
                (x, self.plot.bottom),
                (x, self.plot.bottom + 3),
                axis,
            )?;
            let style = &frame.tick_style;
            let label = t.to_string();
            draw_text(frame.area, &label, (x, y), style, HPos::Center, VPos::Top)?;
        }
        let zero_half = frame.text_width("0", &frame.tick_style) / 2;
        let at = (self.plot.left - 6.max(zero_half + 4), y);
        draw_text(frame.area, "step", at, &frame.small, HPos::Right, VPos::Top)
    }

    /// The steps to label: round steps (1, 2 or 5 × 10ᵏ apart) as many as fit, and the last
    /// step, which takes the place of round ones its label would run into.
    pub fn ticks<DB: DrawingBackend>(&self, frame: &Frame<DB>) -> Vec<usize> {
        let half = |t: usize| frame.text_width(&t.to_string(), &frame.tick_style) / 2;
        let widest = 2 * half(self.last) + 16;
        let max = (self.plot.width() / widest.max(1)).max(2) as usize;
        let mut ticks = step_ticks(self.last, max);
        if ticks.last() == Some(&self.last) {
            return ticks;
        }
        let end_left = self.x_of(self.last) - half(self.last) - 8;
        while ticks.len() > 1 {
            let t = ticks[ticks.len() - 1];
            if self.x_of(t) + half(t) < end_left {
                break;
            }
            ticks.pop();
        }
        ticks.push(self.last);
        ticks
    }

    /// The room a plot must keep free on its right for the last step's label, which is
    /// centred on the plot's last column.
    pub fn end_room<DB: DrawingBackend>(frame: &Frame<DB>, last: usize) -> i32 {
        let w = frame.text_width(&last.max(1).to_string(), &frame.tick_style);
        w / 2 + 2
    }

    /// Indices into `steps` (ascending) to draw, at most one per pixel column: the last one
    /// landing in each column (a sample, like the history's thinning).
    pub fn sample(&self, steps: &[usize]) -> Vec<usize> {
        self.sample_at_most(steps, self.plot.width().max(1) as usize)
    }

    /// The same with the plot cut into at most `buckets` equal columns (fewer, wider cells
    /// keep a heatmap of a long, deep run cheap to redraw on a canvas).
    pub fn sample_at_most(&self, steps: &[usize], buckets: usize) -> Vec<usize> {
        let (width, buckets) = (self.plot.width().max(1) as usize, buckets.max(1));
        let bucket_of =
            |s: usize| (self.x_of(s) - self.plot.left).max(0) as usize * buckets / width;
        let mut out: Vec<usize> = Vec::new();
        let mut last = None;
        for (i, &s) in steps.iter().enumerate() {
            let b = bucket_of(s);
            if last == Some(b) {
                out.pop();
            }
            out.push(i);
            last = Some(b);
        }
        out
    }

    /// A vertical line at the first non-finite step, and "step N: overflow" beside it.
    pub fn mark_nonfinite<DB: DrawingBackend>(
        &self,
        frame: &Frame<DB>,
        nf: &NonFinite,
    ) -> DrawResult<(), DB> {
        let x = self.x_of(nf.step);
        let style = stroke(frame.theme.overflow, 2);
        draw_line(frame.area, (x, self.plot.top), (x, self.plot.bottom), style)?;
        let label = nonfinite_label(nf);
        let w = frame.text_width(&label, &frame.small);
        // Left of the line when it would run off the plot on the right.
        let cx = if x + 6 + w < self.plot.right {
            x + 4 + w / 2 + 3
        } else {
            (x - 4 - w / 2 - 3).max(self.plot.left + w / 2 + 3)
        };
        let at = (cx, self.plot.top + frame.line_h);
        let bg = frame.theme.background;
        draw_boxed_label(frame.area, &label, at, &frame.overflow_style(), bg)?;
        Ok(())
    }
}

/// Whole-step ticks from 0 to `last`, `stride` apart: 1, 2 or 5 × 10ᵏ steps (never a
/// fraction of a step), at most about `max` of them. A run of 0, 1 or 2 steps gets 0, 1 (and 2).
pub fn step_ticks(last: usize, max: usize) -> Vec<usize> {
    let max = max.max(2);
    let mut decade = 1usize;
    let stride = loop {
        let fits = [1, 2, 5]
            .into_iter()
            .map(|m| m * decade)
            .find(|&s| last / s < max);
        if let Some(s) = fits {
            break s;
        }
        decade = decade.saturating_mul(10);
    };
    (0..=last).step_by(stride).collect()
}

/// "7 steps", "1 step".
pub fn count_steps(n: usize) -> String {
    format!("{n} step{}", if n == 1 { "" } else { "s" })
}

/// "step 37: overflow (NaN)".
pub fn nonfinite_label(nf: &NonFinite) -> String {
    format!("step {}: overflow (inf/NaN)", nf.step)
}

/// y = log10 of a value over whole decades, with labelled grid lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogAxis {
    pub plot: PixelRect,
    pub range: DecadeRange,
}

impl LogAxis {
    /// Pixel row of `v` (finite and > 0), clamped to the plot; `None` otherwise.
    pub fn y_of(&self, v: f64) -> Option<i32> {
        let lg = super::scale::safe_log10(v)?;
        let f = self.range.fraction(lg).clamp(0.0, 1.0);
        Some(self.plot.bottom - 1 - (f * f64::from(self.plot.height() - 1)).round() as i32)
    }

    /// The widest decade label the axis will draw, for the left margin.
    pub fn label_width<DB: DrawingBackend>(frame: &Frame<DB>, range: DecadeRange) -> i32 {
        (range.lo..=range.hi)
            .map(|k| frame.text_width(&decade_label(k), &frame.tick_style))
            .max()
            .unwrap_or(0)
    }

    /// Grid lines and decade labels at the left, thinned to fit the height.
    pub fn draw_grid<DB: DrawingBackend>(&self, frame: &Frame<DB>) -> DrawResult<(), DB> {
        let max_ticks = (self.plot.height() / (frame.line_h * 2).max(1)).max(2) as usize;
        for k in self.range.ticks(max_ticks) {
            let Some(y) = self.y_of(10f64.powi(k)) else {
                continue;
            };
            frame.decade_gridline(self.plot, y, k)?;
        }
        Ok(())
    }
}

/// The plot's left and bottom edges.
pub fn draw_axes_lines<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
) -> DrawResult<(), DB> {
    let axis = stroke(frame.theme.axis, 1);
    draw_line(
        frame.area,
        (plot.left, plot.top),
        (plot.left, plot.bottom),
        axis,
    )?;
    draw_line(
        frame.area,
        (plot.left, plot.bottom),
        (plot.right, plot.bottom),
        axis,
    )
}

/// Splits a series of optional pixel points into runs of consecutive present points (a
/// missing value — non-finite or not positive on a log axis — breaks the line).
pub fn polyline_runs(points: impl IntoIterator<Item = Option<(i32, i32)>>) -> Vec<Vec<(i32, i32)>> {
    let mut runs: Vec<Vec<(i32, i32)>> = vec![Vec::new()];
    for p in points {
        match p {
            Some(p) => runs.last_mut().map_or((), |r| r.push(p)),
            None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// A polyline through the present points, broken at missing ones; a lone point is a dot.
pub fn draw_line_series<DB: DrawingBackend>(
    frame: &Frame<DB>,
    points: impl IntoIterator<Item = Option<(i32, i32)>>,
    color: RGBColor,
    dashed: bool,
) -> DrawResult<(), DB> {
    let style: ShapeStyle = stroke(color, 2);
    for run in polyline_runs(points) {
        if let [(x, y)] = run[..] {
            let dot = PixelRect {
                left: x - 1,
                top: y - 1,
                right: x + 2,
                bottom: y + 2,
            };
            draw_rect(frame.area, dot, fill(color))?;
        } else if dashed {
            let pts: Vec<(f64, f64)> = run.iter().map(|&(x, y)| (x as f64, y as f64)).collect();
            for d in dash_polyline(&pts, 6.0, 4.0) {
                frame.area.draw(&PathElement::new(d, style))?;
            }
        } else {
            frame.area.draw(&PathElement::new(run, style))?;
        }
    }
    Ok(())
}
