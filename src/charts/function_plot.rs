//! The small φ / φ' plot of the lessons' activation table (about 160×100 px): both curves,
//! the zero axes, the range ends as tick labels, and a two-entry key.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw_util::{
    dash_polyline, draw_line, draw_rect, draw_text, font, stroke, DrawResult, PixelRect,
};
use super::scale::linear_label;
use super::text_size::text_size;
use super::theme::Theme;

/// Draws φ (solid, `theme.phi`) and φ' (dashed, `theme.dphi`) over `x_range` × `y_range`.
/// Points outside `y_range` or non-finite break the curve instead of being drawn.
pub fn draw_function_plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: impl Fn(f64) -> f64,
    df: impl Fn(f64) -> f64,
    x_range: Range<f64>,
    y_range: Range<f64>,
    theme: &Theme,
) -> DrawResult<(), DB> {
    area.fill(&theme.background)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let valid = |r: &Range<f64>| r.start.is_finite() && r.end.is_finite() && r.end > r.start;
    if !valid(&x_range) || !valid(&y_range) || w < 8 || h < 8 {
        return Ok(());
    }
    let label = font(theme, 0.8, &theme.text_muted);
    let (_, lh) = text_size(area, "0", &label);
    let y_labels = [linear_label(y_range.start), linear_label(y_range.end)];
    let lw = y_labels
        .iter()
        .map(|s| text_size(area, s, &label).0)
        .max()
        .unwrap_or(0);
    let plot = PixelRect {
        left: lw + 4,
        right: w - 3,
        top: 3,
        bottom: h - lh - 3,
    };
    if plot.width() < 4 || plot.height() < 4 {
        return Ok(());
    }
    let to_px = |x: f64, y: f64| -> (f64, f64) {
        let fx = (x - x_range.start) / (x_range.end - x_range.start);
        let fy = (y - y_range.start) / (y_range.end - y_range.start);
        (
            f64::from(plot.left) + fx * f64::from(plot.width()),
            f64::from(plot.bottom) - fy * f64::from(plot.height()),
        )
    };

    // Frame and zero axes.
    draw_rect(area, plot, stroke(theme.grid, 1))?;
    if x_range.contains(&0.0) {
        let (x0, _) = to_px(0.0, y_range.start);
        draw_line(
            area,
            (x0.round() as i32, plot.top),
            (x0.round() as i32, plot.bottom),
            stroke(theme.axis, 1),
        )?;
    }
    if y_range.contains(&0.0) {
        let (_, y0) = to_px(x_range.start, 0.0);
        draw_line(
            area,
            (plot.left, y0.round() as i32),
            (plot.right, y0.round() as i32),
            stroke(theme.axis, 1),
        )?;
    }

    // Curves, sampled once per pixel column.
    for (g, dashed, color) in [
        (&f as &dyn Fn(f64) -> f64, false, theme.phi),
        (&df, true, theme.dphi),
    ] {
        for piece in sample(g, &x_range, &y_range, plot.width().max(2) as usize) {
            let px: Vec<(f64, f64)> = piece.iter().map(|&(x, y)| to_px(x, y)).collect();
            if dashed {
                for dash in dash_polyline(&px, 4.0, 3.0) {
                    area.draw(&PathElement::new(dash, stroke(color, 2)))?;
                }
            } else {
                let pts: Vec<(i32, i32)> = px
                    .iter()
                    .map(|p| (p.0.round() as i32, p.1.round() as i32))
                    .collect();
                area.draw(&PathElement::new(pts, stroke(color, 2)))?;
            }
        }
    }

    // Range ends as labels.
    let ty = plot.bottom + 2;
    draw_text(
        area,
        &linear_label(x_range.start),
        (plot.left, ty),
        &label,
        HPos::Left,
        VPos::Top,
    )?;
    draw_text(
        area,
        &linear_label(x_range.end),
        (plot.right, ty),
        &label,
        HPos::Right,
        VPos::Top,
    )?;
    draw_text(
        area,
        &y_labels[1],
        (plot.left - 3, plot.top),
        &label,
        HPos::Right,
        VPos::Top,
    )?;
    draw_text(
        area,
        &y_labels[0],
        (plot.left - 3, plot.bottom),
        &label,
        HPos::Right,
        VPos::Bottom,
    )?;

    // Key, top left inside the plot: "— φ   - - φ′".
    let key = font(theme, 0.8, &theme.text);
    let (kx, ky) = (plot.left + 4, plot.top + 2 + lh / 2);
    draw_line(area, (kx, ky), (kx + 10, ky), stroke(theme.phi, 2))?;
    draw_text(area, "φ", (kx + 13, ky), &key, HPos::Left, VPos::Center)?;
    let kx2 = kx + 13 + text_size(area, "φ", &key).0 + 8;
    draw_line(area, (kx2, ky), (kx2 + 4, ky), stroke(theme.dphi, 2))?;
    draw_line(area, (kx2 + 7, ky), (kx2 + 11, ky), stroke(theme.dphi, 2))?;
    draw_text(area, "φ′", (kx2 + 14, ky), &key, HPos::Left, VPos::Center)?;
    Ok(())
}

/// `g` sampled at `n + 1` points, split into pieces wherever it is non-finite or leaves
/// `y_range` (so a ReLU's kink is kept but an asymptote is not joined across the plot).
pub fn sample(
    g: &dyn Fn(f64) -> f64,
    x_range: &Range<f64>,
    y_range: &Range<f64>,
    n: usize,
) -> Vec<Vec<(f64, f64)>> {
    let n = n.max(1);
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    // A little slack so a curve running along the frame (φ' = 1 with y up to 1) is kept.
    let slack = (y_range.end - y_range.start) * 0.02;
    for i in 0..=n {
        let x = x_range.start + (x_range.end - x_range.start) * i as f64 / n as f64;
        let y = g(x);
        if y.is_finite() && y >= y_range.start - slack && y <= y_range.end + slack {
            current.push((x, y.clamp(y_range.start, y_range.end)));
        } else if !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces.retain(|p| p.len() >= 2);
    pieces
}
