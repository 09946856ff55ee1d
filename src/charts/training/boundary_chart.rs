//! The decision-boundary chart: the network's class-1 probability on a grid as a diverging
//! heatmap (Okabe–Ito blue for class 0 through the background at 0.5 to orange for class 1,
//! in 10 bands), the training points on top — class 0 as circles, class 1 as triangles, so the
//! class never rests on colour alone — and NaN cells hatched.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Polygon};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

use crate::charts::chart::Chart;
use crate::charts::kit::draw_util::{
    draw_heat_cell, draw_rect, draw_text, fill, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::frame::{Frame, Legend, PAD};
use crate::charts::kit::scale::linear_label;
use crate::charts::kit::theme::{mix, Theme};
use crate::train::data::Points;
use crate::train::BoundaryGrid;
use crate::words::format::format_share_percent;

/// Colour bands of the probability (0–0.1, 0.1–0.2, …): neighbouring cells in one band merge.
const BANDS: f64 = 10.0;
/// How strongly the surest band is tinted (the points must stand out on it).
const TINT: f64 = 0.6;

/// What the chart draws.
pub struct BoundaryChartData<'a> {
    pub grid: &'a BoundaryGrid,
    /// The training points (drawn over the grid).
    pub points: &'a Points,
    /// The step the grid was computed at.
    pub step: usize,
}

/// The decision boundary over the training points.
#[derive(Clone, Copy, Debug)]
pub struct DecisionBoundary;

impl Chart for DecisionBoundary {
    type Data<'a> = &'a BoundaryChartData<'a>;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        data: &BoundaryChartData,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_boundary_chart(area, data, theme)
    }

    fn summary(&self, data: &BoundaryChartData) -> String {
        boundary_summary(data)
    }
}

/// Draws the chart filling `area`.
pub fn draw_boundary_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &BoundaryChartData,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title(&format!("Decision boundary at step {}", data.step))?;
    let any_nan = data.grid.prob.iter().any(|p| p.is_nan());
    let top = draw_legend(&frame, any_nan, top)?;
    let tick_w = frame.text_width("-1.25", &frame.tick_style);
    let side = (frame.width - 2 * PAD - tick_w - 8)
        .min(frame.height - top - frame.line_h - 8)
        .max(1);
    let left = PAD + tick_w + 8 + (frame.width - 2 * PAD - tick_w - 8 - side).max(0) / 2;
    let plot = PixelRect {
        left,
        top,
        right: left + side,
        bottom: top + side,
    };
    draw_cells(&frame, data.grid, plot)?;
    draw_points(&frame, data, plot)?;
    draw_rect(area, plot, stroke(theme.axis, 1))?;
    draw_range_ticks(&frame, data.grid, plot)
}

/// The class colours on this theme.
fn class_colors(theme: &Theme) -> (RGBColor, RGBColor) {
    (theme.vanishing, theme.exploding)
}

/// The cell colour of probability `p` (its band's middle); `None` for NaN.
pub fn probability_color(p: f64, theme: &Theme) -> Option<RGBColor> {
    if p.is_nan() {
        return None;
    }
    let band = ((p.clamp(0.0, 1.0) * BANDS).floor().min(BANDS - 1.0) + 0.5) / BANDS;
    let (c0, c1) = class_colors(theme);
    let (toward, t) = if band < 0.5 {
        (c0, 0.5 - band)
    } else {
        (c1, band - 0.5)
    };
    Some(mix(theme.background, toward, 2.0 * t * TINT))
}

fn draw_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    any_nan: bool,
    top: i32,
) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let (c0, c1) = class_colors(t);
    let mut x = PAD;
    let mid = top + frame.line_h / 2;
    for (class, color, label) in [(0, c0, "class 0"), (1, c1, "class 1")] {
        draw_marker(frame, class, (x + 5, mid), color)?;
        frame.small_text(label, (x + 13, mid), HPos::Left, VPos::Center)?;
        x += 13 + frame.text_width(label, &frame.small) + 12;
    }
    let label = "P(class 1): 0";
    let ramp_w = frame.text_width(label, &frame.small) + 4 + 6 * BANDS as i32 + 3;
    let (mut x, top) = if x + ramp_w + frame.text_width("1", &frame.small) > frame.width - PAD {
        (PAD, top + frame.line_h + 3)
    } else {
        (x, top)
    };
    let mid = top + frame.line_h / 2;
    frame.small_text(label, (x, mid), HPos::Left, VPos::Center)?;
    x += frame.text_width(label, &frame.small) + 4;
    for i in 0..BANDS as i32 {
        let p = (f64::from(i) + 0.5) / BANDS;
        let cell = PixelRect {
            left: x,
            top: top + 2,
            right: x + 6,
            bottom: top + frame.line_h - 2,
        };
        draw_rect(
            frame.area,
            cell,
            fill(probability_color(p, t).unwrap_or(t.background)),
        )?;
        x += 6;
    }
    frame.small_text("1", (x + 3, mid), HPos::Left, VPos::Center)?;
    let mut legend = Legend { x: x + 20, y: top };
    if any_nan {
        let swatch = (fill(t.overflow), Some(t.background));
        legend.swatch(frame, swatch, "overflow (NaN)", 0)?;
    }
    Ok(legend.bottom(frame, 6))
}

/// The grid, one rectangle per run of same-band cells in a row; NaN cells hatched.
fn draw_cells<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &BoundaryGrid,
    plot: PixelRect,
) -> DrawResult<(), DB> {
    let n = grid.n.max(1);
    let edge =
        |i: usize, lo: i32, len: i32| lo + (f64::from(len) * i as f64 / n as f64).round() as i32;
    for row in 0..n {
        // Row 0 is the lowest y: the bottom of the plot.
        let bottom = plot.bottom - edge(row, 0, plot.height());
        let top = plot.bottom - edge(row + 1, 0, plot.height());
        let mut col = 0;
        while col < n {
            let color = cell_color(grid, row, col, frame.theme);
            let mut end = col + 1;
            while end < n && cell_color(grid, row, end, frame.theme) == color {
                end += 1;
            }
            let r = PixelRect {
                left: edge(col, plot.left, plot.width()),
                right: edge(end, plot.left, plot.width()),
                top,
                bottom,
            };
            let theme = frame.theme;
            draw_heat_cell(frame.area, r, color, theme.overflow, theme.background)?;
            col = end;
        }
    }
    Ok(())
}

fn cell_color(grid: &BoundaryGrid, row: usize, col: usize, theme: &Theme) -> Option<RGBColor> {
    let p = grid
        .prob
        .get(row * grid.n + col)
        .copied()
        .unwrap_or(f64::NAN);
    probability_color(p, theme)
}

/// Pixel position of a data point, `None` outside the grid's square.
fn to_pixel(grid: &BoundaryGrid, plot: PixelRect, x: f64, y: f64) -> Option<(i32, i32)> {
    let fx = (x - grid.x_range.0) / (grid.x_range.1 - grid.x_range.0);
    let fy = (y - grid.y_range.0) / (grid.y_range.1 - grid.y_range.0);
    ((0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy)).then(|| {
        let px = plot.left + (fx * f64::from(plot.width() - 1)).round() as i32;
        let py = plot.bottom - 1 - (fy * f64::from(plot.height() - 1)).round() as i32;
        (px, py)
    })
}

fn draw_points<DB: DrawingBackend>(
    frame: &Frame<DB>,
    data: &BoundaryChartData,
    plot: PixelRect,
) -> DrawResult<(), DB> {
    let (c0, c1) = class_colors(frame.theme);
    for (p, &class) in data.points.x.chunks_exact(2).zip(&data.points.y) {
        let Some(at) = to_pixel(data.grid, plot, f64::from(p[0]), f64::from(p[1])) else {
            continue;
        };
        draw_marker(frame, class, at, if class == 0 { c0 } else { c1 })?;
    }
    Ok(())
}

/// Class 0: a filled circle; class 1: a filled triangle; both outlined in the text colour.
fn draw_marker<DB: DrawingBackend>(
    frame: &Frame<DB>,
    class: u8,
    (x, y): (i32, i32),
    color: RGBColor,
) -> DrawResult<(), DB> {
    let outline = stroke(frame.theme.text, 1);
    if class == 0 {
        frame.area.draw(&Circle::new((x, y), 3, color.filled()))?;
        frame.area.draw(&Circle::new((x, y), 3, outline))
    } else {
        let tri = vec![(x, y - 4), (x + 4, y + 3), (x - 4, y + 3)];
        frame
            .area
            .draw(&Polygon::new(tri.clone(), color.filled()))?;
        let mut closed = tri.clone();
        closed.push(tri[0]);
        frame
            .area
            .draw(&plotters::element::PathElement::new(closed, outline))
    }
}

/// The square's ends as labels: x under the corners, y beside them.
fn draw_range_ticks<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &BoundaryGrid,
    plot: PixelRect,
) -> DrawResult<(), DB> {
    let label = |v: f64| linear_label((v * 100.0).round() / 100.0);
    let style = &frame.tick_style;
    let below = plot.bottom + 3;
    draw_text(
        frame.area,
        &label(grid.x_range.0),
        (plot.left, below),
        style,
        HPos::Left,
        VPos::Top,
    )?;
    draw_text(
        frame.area,
        &label(grid.x_range.1),
        (plot.right, below),
        style,
        HPos::Right,
        VPos::Top,
    )?;
    let at_left = plot.left - 4;
    draw_text(
        frame.area,
        &label(grid.y_range.0),
        (at_left, plot.bottom),
        style,
        HPos::Right,
        VPos::Bottom,
    )?;
    draw_text(
        frame.area,
        &label(grid.y_range.1),
        (at_left, plot.top),
        style,
        HPos::Right,
        VPos::Top,
    )
}

/// The text alternative: "Decision boundary at step 1000: 97% of the 256 training points lie
/// in a cell of their class's colour; class-1 probability on the grid from 0.01 to 0.99."
pub fn boundary_summary(data: &BoundaryChartData) -> String {
    let grid = data.grid;
    let n = grid.n.max(1);
    let cell_of = |v: f64, (lo, hi): (f64, f64)| ((v - lo) / (hi - lo) * n as f64).floor();
    let mut right = 0usize;
    for (p, &class) in data.points.x.chunks_exact(2).zip(&data.points.y) {
        let (col, row) = (
            cell_of(f64::from(p[0]), grid.x_range),
            cell_of(f64::from(p[1]), grid.y_range),
        );
        if !(0.0..n as f64).contains(&col) || !(0.0..n as f64).contains(&row) {
            continue;
        }
        let prob = grid
            .prob
            .get(row as usize * n + col as usize)
            .copied()
            .unwrap_or(f64::NAN);
        right += usize::from(if class == 1 { prob > 0.5 } else { prob < 0.5 });
    }
    let total = data.points.len();
    let share = right as f64 / total.max(1) as f64;
    let finite: Vec<f64> = grid.prob.iter().copied().filter(|p| !p.is_nan()).collect();
    let mut s = format!(
        "Decision boundary at step {}: {} of the {total} training points lie in a cell the \
         network gives to their class (circles class 0, triangles class 1)",
        data.step,
        format_share_percent(share)
    );
    if let (Some(lo), Some(hi)) = (
        finite.iter().copied().reduce(f64::min),
        finite.iter().copied().reduce(f64::max),
    ) {
        s += &format!("; class-1 probability on the grid from {lo:.2} to {hi:.2}");
    }
    let nan = grid.prob.len() - finite.len();
    if nan > 0 {
        let share = nan as f64 / grid.prob.len() as f64;
        s += &format!(
            "; the output is not finite (overflow) on {} of the grid",
            format_share_percent(share)
        );
    }
    s + "."
}
