//! The small φ / φ' plot of the lessons' activation table (about 160×100 px): both curves,
//! the zero axes, the range ends as tick labels, and a two-entry key.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{RGBColor, TextStyle};

use crate::charts::kit::draw_util::{
    dash_polyline, draw_line, draw_rect, draw_text, font, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::scale::linear_label;
use crate::charts::kit::text_size::text_size;
use crate::charts::kit::theme::Theme;

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
    let valid = |r: &Range<f64>| r.start.is_finite() && r.end.is_finite() && r.end > r.start;
    if !valid(&x_range) || !valid(&y_range) {
        return Ok(());
    }
    let label = font(theme, 0.8, &theme.text_muted);
    let Some(axes) = Axes::fit(area, x_range, y_range, &label) else {
        return Ok(());
    };
    draw_rect(area, axes.plot, stroke(theme.grid, 1))?;
    draw_zero_axes(area, &axes, theme)?;
    for (g, dashed, color) in [
        (&f as &dyn Fn(f64) -> f64, false, theme.phi),
        (&df, true, theme.dphi),
    ] {
        draw_curve(area, &axes, g, dashed, color)?;
    }
    draw_range_labels(area, &axes, &label)?;
    draw_key(area, &axes, theme)
}

/// The plot rectangle inside the area (room for the range labels) and the data ranges.
struct Axes {
    plot: PixelRect,
    x_range: Range<f64>,
    y_range: Range<f64>,
    /// Height of a label line.
    label_h: i32,
}

impl Axes {
    /// `None` when the area is too small to draw in.
    fn fit<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        x_range: Range<f64>,
        y_range: Range<f64>,
        label: &TextStyle,
    ) -> Option<Axes> {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        if w < 8 || h < 8 {
            return None;
        }
        let (_, label_h) = text_size(area, "0", label);
        let lw = [y_range.start, y_range.end]
            .iter()
            .map(|v| text_size(area, &linear_label(*v), label).0)
            .max()
            .unwrap_or(0);
        let plot = PixelRect {
            left: lw + 4,
            right: w - 3,
            top: 3,
            bottom: h - label_h - 3,
        };
        (plot.width() >= 4 && plot.height() >= 4).then_some(Axes {
            plot,
            x_range,
            y_range,
            label_h,
        })
    }

    fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        let (xr, yr, plot) = (&self.x_range, &self.y_range, self.plot);
        let fx = (x - xr.start) / (xr.end - xr.start);
        let fy = (y - yr.start) / (yr.end - yr.start);
        (
            f64::from(plot.left) + fx * f64::from(plot.width()),
            f64::from(plot.bottom) - fy * f64::from(plot.height()),
        )
    }
}

/// The x = 0 and y = 0 lines where they fall inside the ranges.
fn draw_zero_axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axes: &Axes,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let plot = axes.plot;
    if axes.x_range.contains(&0.0) {
        let x0 = axes.to_px(0.0, axes.y_range.start).0.round() as i32;
        draw_line(
            area,
            (x0, plot.top),
            (x0, plot.bottom),
            stroke(theme.axis, 1),
        )?;
    }
    if axes.y_range.contains(&0.0) {
        let y0 = axes.to_px(axes.x_range.start, 0.0).1.round() as i32;
        draw_line(
            area,
            (plot.left, y0),
            (plot.right, y0),
            stroke(theme.axis, 1),
        )?;
    }
    Ok(())
}

/// `g` sampled once per pixel column, solid or dashed.
fn draw_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axes: &Axes,
    g: &dyn Fn(f64) -> f64,
    dashed: bool,
    color: RGBColor,
) -> DrawResult<(), DB> {
    let columns = axes.plot.width().max(2) as usize;
    for piece in sample(g, &axes.x_range, &axes.y_range, columns) {
        let px: Vec<(f64, f64)> = piece.iter().map(|&(x, y)| axes.to_px(x, y)).collect();
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
    Ok(())
}

/// The ranges' ends: x under the plot's corners, y beside them.
fn draw_range_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axes: &Axes,
    label: &TextStyle,
) -> DrawResult<(), DB> {
    let (plot, xr, yr) = (axes.plot, &axes.x_range, &axes.y_range);
    let ty = plot.bottom + 2;
    for (v, at, h, v_pos) in [
        (xr.start, (plot.left, ty), HPos::Left, VPos::Top),
        (xr.end, (plot.right, ty), HPos::Right, VPos::Top),
        (yr.end, (plot.left - 3, plot.top), HPos::Right, VPos::Top),
        (
            yr.start,
            (plot.left - 3, plot.bottom),
            HPos::Right,
            VPos::Bottom,
        ),
    ] {
        draw_text(area, &linear_label(v), at, label, h, v_pos)?;
    }
    Ok(())
}

/// Key, top left inside the plot: "— φ   - - φ′".
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axes: &Axes,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let key = font(theme, 0.8, &theme.text);
    let (kx, ky) = (axes.plot.left + 4, axes.plot.top + 2 + axes.label_h / 2);
    draw_line(area, (kx, ky), (kx + 10, ky), stroke(theme.phi, 2))?;
    draw_text(area, "φ", (kx + 13, ky), &key, HPos::Left, VPos::Center)?;
    let kx2 = kx + 13 + text_size(area, "φ", &key).0 + 8;
    draw_line(area, (kx2, ky), (kx2 + 4, ky), stroke(theme.dphi, 2))?;
    draw_line(area, (kx2 + 7, ky), (kx2 + 11, ky), stroke(theme.dphi, 2))?;
    draw_text(area, "φ′", (kx2 + 14, ky), &key, HPos::Left, VPos::Center)
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
