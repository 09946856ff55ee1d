//! What the step heatmaps share (the MLP panel's ‖∂L/∂Wₗ‖ per layer, the recurrent panel's
//! ‖∂L/∂hₜ‖ per time step): rows stacked from the bottom, one column per sampled training
//! step on a `StepAxis`, each cell coloured by `color_bar::gradient_color` (equal neighbours
//! in a row merge into one rectangle; non-finite cells hatched), and the rows' labels.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::color_bar::gradient_color;
use super::draw_util::{draw_heat_cell, draw_text, DrawResult, PixelRect};
use super::frame::Frame;
use super::scale::{layer_ticks, DecadeRange};
use super::step_axes::StepAxis;

/// One column: a step and its value per row (row 0 at the bottom; a missing value is drawn
/// as non-finite).
pub type StepValues<'a> = (usize, &'a [f64]);

/// One row per value, one column per sampled step (at most `max_columns`).
pub fn draw_step_cells<DB: DrawingBackend>(
    frame: &Frame<DB>,
    steps: &StepAxis,
    columns: &[StepValues],
    range: DecadeRange,
    (rows, max_columns): (usize, usize),
) -> DrawResult<(), DB> {
    let plot = steps.plot;
    let all: Vec<usize> = columns.iter().map(|c| c.0).collect();
    let kept = steps.sample_at_most(&all, max_columns);
    // Column j spans from the previous column's right edge to just past its own step.
    let mut edges = vec![plot.left];
    edges.extend(
        kept.iter()
            .map(|&i| (steps.x_of(columns[i].0) + 1).min(plot.right)),
    );
    let row_edge =
        |l: usize| plot.bottom - (f64::from(plot.height()) * l as f64 / rows as f64).round() as i32;
    for row in 0..rows {
        let (top, bottom) = (row_edge(row + 1), row_edge(row));
        let color_at = |j: usize| {
            let g = columns[kept[j]].1.get(row).copied().unwrap_or(f64::NAN);
            gradient_color(g, range)
        };
        let mut j = 0;
        while j < kept.len() {
            let color = color_at(j);
            let mut end = j + 1;
            while end < kept.len() && color_at(end) == color {
                end += 1;
            }
            let r = PixelRect {
                left: edges[j],
                right: edges[end],
                top,
                bottom,
            };
            let theme = frame.theme;
            draw_heat_cell(frame.area, r, color, theme.overflow, theme.background)?;
            j = end;
        }
    }
    Ok(())
}

/// Row numbers 1…`rows` at the plot's left (as many as fit), each written by `label`.
pub fn draw_row_labels<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    rows: usize,
    label: impl Fn(usize) -> String,
) -> DrawResult<(), DB> {
    let max = (plot.height() / (frame.line_h + 2).max(1)).max(2) as usize;
    for l in layer_ticks(rows, max) {
        let mid = plot.bottom
            - ((f64::from(plot.height()) * (l as f64 - 0.5)) / rows as f64).round() as i32;
        let at = (plot.left - 6, mid);
        let style = &frame.tick_style;
        draw_text(frame.area, &label(l), at, style, HPos::Right, VPos::Center)?;
    }
    Ok(())
}
