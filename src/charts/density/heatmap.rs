//! Value distributions over many columns: a column × value density heatmap (one column per
//! layer or step, so it stays legible at 200 columns), strips for the saturated / dead /
//! non-finite fractions, and, when there is room, small-multiple histograms of the first,
//! middle and last columns. The explorer draws its activations per layer with it, the
//! recurrent mode its hidden states per step.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::histogram::{draw_column_histogram, hist_range, DensityColumn, Shares};
use crate::charts::kit::colormap::density_color;
use crate::charts::kit::draw_util::{
    draw_hatch, draw_line, draw_rect, draw_swatch_label, draw_text, fill, stroke, DrawResult,
    PixelRect,
};
use crate::charts::kit::frame::{Frame, RunLabels, PAD};
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::scale::{linear_label, linear_ticks};
use crate::charts::kit::theme::Theme;
use crate::words::format::format_share_percent;
use crate::words::layer_runs::runs_of_true;

/// Below this height the small multiples are left out (the heatmap needs the room).
const SMALL_MULTIPLES_MIN_HEIGHT: i32 = 420;

/// Draws the heatmap (plus strips and, if tall enough, small multiples) of `layers` under
/// `title`, filling `area`. Returns the heatmap's column geometry for hover tooltips.
pub fn draw_density_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    layers: &[DensityColumn],
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    let frame = Frame::open(area, theme)?;
    let shares: Vec<Shares> = layers.iter().map(|l| Shares::of(l.histogram)).collect();
    let legend_top = frame.title(title)?;
    let density = Density::of(layers, &shares, theme.dark);
    let any_nonfinite =
        shares.iter().any(|s| s.nonfinite > 0.0) || layers.iter().any(|l| l.nonfinite > 0);
    let axis = layers.first().map_or("layer", |l| l.axis);
    let top = draw_ramp_legend(&frame, &density, any_nonfinite, legend_top, axis)?;
    let strips: Vec<Strip> = Strip::ALL
        .into_iter()
        .filter(|s| match s {
            Strip::Saturated => layers.iter().any(|l| l.saturated_fraction.is_some()),
            Strip::Dead => layers.iter().any(|l| l.dead_fraction.is_some()),
            Strip::NonFinite => any_nonfinite,
        })
        .collect();
    let geo = Geometry::fit(&frame, &density, &shares, strips, top);
    let mut layout = LayerChartLayout::new(geo.plot, layers.len());

    layout.bars = draw_columns(&frame, &geo, layers, &shares, &density)?;
    let overflowing = layers.iter().zip(&shares).map(|(l, s)| s.all_nonfinite(l));
    let mut labels = RunLabels::new();
    for run in runs_of_true(overflowing) {
        let Some(rect) = frame.hatch_overflow_run(&layout, run)? else {
            continue;
        };
        let tw = frame.text_width("overflow", &frame.small);
        if labels.clears(rect.center_x() - tw / 2 - 3) && tw + 6 < frame.width {
            labels.boxed_overflow(&frame, rect)?;
        }
    }
    draw_value_axis(&frame, &geo)?;
    let strips_bottom = draw_strips(&frame, &geo, &layout, layers, &shares)?;
    let number = |i: usize| layers.get(i - 1).map_or(i, |l| l.index);
    frame.column_axis(&layout, strips_bottom + 2, None, (axis, &number))?;
    if geo.multiples_h > 0 {
        draw_small_multiples(&frame, geo.multiples_h, layers)?;
    }
    Ok(layout)
}

/// The value range shown (the union of the layers' binned ranges) and the colour of a share.
struct Density {
    vlo: f64,
    vhi: f64,
    /// The largest share anywhere: the top of the colour ramp.
    max_share: f64,
    dark: bool,
}

impl Density {
    fn of(layers: &[DensityColumn], shares: &[Shares], dark: bool) -> Density {
        let (vlo, vhi) = layers
            .iter()
            .filter_map(|l| hist_range(l.histogram))
            .fold(None, |acc: Option<(f64, f64)>, (a, b)| {
                Some(acc.map_or((a, b), |(x, y)| (x.min(a), y.max(b))))
            })
            .unwrap_or((-1.0, 1.0));
        let max_share = shares
            .iter()
            .flat_map(|s| s.bins.iter().copied().chain([s.below, s.above]))
            .fold(0.0f64, f64::max);
        Density {
            vlo,
            vhi,
            max_share,
            dark,
        }
    }

    /// Colours normalised to the largest share, on a square-root scale so thin tails stay
    /// visible next to a tall peak; `None` for an empty cell.
    fn color_of(&self, share: f64) -> Option<RGBColor> {
        (share > 0.0 && self.max_share > 0.0)
            .then(|| density_color((share / self.max_share).sqrt(), self.dark))
    }
}

/// The colour ramp with its ends, then the overflow swatch if needed; returns the plot's top.
fn draw_ramp_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    density: &Density,
    any_nonfinite: bool,
    y: i32,
    axis: &str,
) -> DrawResult<i32, DB> {
    let (theme, line_h) = (frame.theme, frame.line_h);
    let ramp_label = format!("share of the {axis}'s units (√ scale): 0");
    let ramp_label = ramp_label.as_str();
    frame.small_text(ramp_label, (PAD, y), HPos::Left, VPos::Top)?;
    let ramp_left = PAD + frame.text_width(ramp_label, &frame.small) + 6;
    let ramp_w = 80.min((frame.width - ramp_left - 60).max(0));
    for i in 0..ramp_w {
        let t = f64::from(i) / f64::from(ramp_w.max(1));
        let r = PixelRect {
            left: ramp_left + i,
            right: ramp_left + i + 1,
            top: y + 2,
            bottom: y + line_h - 2,
        };
        draw_rect(frame.area, r, fill(density_color(t, theme.dark)))?;
    }
    let mut x = ramp_left + ramp_w + 4;
    if ramp_w > 0 {
        let top_label = format_share_percent(density.max_share);
        frame.small_text(&top_label, (x, y), HPos::Left, VPos::Top)?;
        x += frame.text_width(&top_label, &frame.small) + 14;
    }
    if any_nonfinite && x + 120 < frame.width {
        let (swatch, hatch) = (fill(theme.overflow), Some(theme.background));
        let label = "overflow (inf/NaN)";
        draw_swatch_label(frame.area, (x, y), swatch, hatch, label, &frame.small)?;
    }
    Ok(y + line_h + 8)
}

/// A row of small bars under the heatmap: the share of each layer's units in some state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strip {
    Saturated,
    Dead,
    NonFinite,
}

impl Strip {
    const ALL: [Strip; 3] = [Strip::Saturated, Strip::Dead, Strip::NonFinite];

    fn name(self) -> &'static str {
        match self {
            Strip::Saturated => "saturated",
            Strip::Dead => "zero outputs",
            Strip::NonFinite => "non-finite",
        }
    }

    /// The layer's share in this state; a non-finite count too small to show still gets a
    /// sliver.
    fn share(self, layer: &DensityColumn, shares: &Shares) -> Option<f64> {
        match self {
            Strip::Saturated => layer.saturated_fraction,
            Strip::Dead => layer.dead_fraction,
            Strip::NonFinite => {
                Some(
                    shares
                        .nonfinite
                        .max(if layer.nonfinite > 0 { 1e-3 } else { 0.0 }),
                )
            }
        }
    }
}

/// Where the heatmap, its value axis, the strips and the small multiples go.
struct Geometry {
    plot: PixelRect,
    vlo: f64,
    vhi: f64,
    ticks: Vec<f64>,
    /// Rows for values above / below the binned range, with their labels.
    above: Option<((i32, i32), String)>,
    below: Option<((i32, i32), String)>,
    /// The binned range runs between these rows.
    inner_top: i32,
    inner_bottom: i32,
    strips: Vec<Strip>,
    strip_h: i32,
    /// Room under the heatmap for half of its bottom tick label before the strips start.
    strip_gap: i32,
    /// Height of the small multiples at the bottom, 0 when left out.
    multiples_h: i32,
}

impl Geometry {
    fn fit<DB: DrawingBackend>(
        frame: &Frame<DB>,
        density: &Density,
        shares: &[Shares],
        strips: Vec<Strip>,
        top: i32,
    ) -> Geometry {
        let (h, line_h) = (frame.height, frame.line_h);
        let strip_h = line_h.max(8);
        let strip_gap = line_h / 2 + 3;
        let strips_h = strip_gap + strips.len() as i32 * (strip_h + 3);
        // Small multiples take the bottom third when the area is tall enough.
        let multiples = h >= SMALL_MULTIPLES_MIN_HEIGHT && !shares.is_empty();
        let multiples_h = if multiples { (h / 3).max(110) } else { 0 };
        let axis_rows = line_h + 8;
        let bottom = (h - multiples_h - axis_rows - strips_h - 4).max(top + 1);

        // Left margin: value tick labels, strip names and the out-of-range rows' labels.
        let (vlo, vhi) = (density.vlo, density.vhi);
        let ticks = linear_ticks(vlo, vhi, (((bottom - top) / (line_h * 2)).max(2)) as usize);
        let below_label = format!("<{}", linear_label(vlo));
        let above_label = format!("≥{}", linear_label(vhi));
        let label_w = ticks
            .iter()
            .map(|t| frame.text_width(&linear_label(*t), &frame.tick_style))
            .chain(
                strips
                    .iter()
                    .map(|s| frame.text_width(s.name(), &frame.small)),
            )
            .chain([
                frame.text_width(&below_label, &frame.small),
                frame.text_width(&above_label, &frame.small),
            ])
            .max()
            .unwrap_or(0);
        let plot = frame.plot_rect(top, bottom, label_w, 10);

        let edge_h = if plot.height() > 60 { 6 } else { 0 };
        let has_above = shares.iter().any(|s| s.above > 0.0) && edge_h > 0;
        let has_below = shares.iter().any(|s| s.below > 0.0) && edge_h > 0;
        let above = has_above.then_some(((plot.top, plot.top + edge_h), above_label));
        let below = has_below.then_some(((plot.bottom - edge_h, plot.bottom), below_label));
        Geometry {
            plot,
            vlo,
            vhi,
            ticks,
            inner_top: plot.top + above.as_ref().map_or(0, |_| edge_h + 2),
            inner_bottom: plot.bottom - below.as_ref().map_or(0, |_| edge_h + 2),
            above,
            below,
            strips,
            strip_h,
            strip_gap,
            multiples_h,
        }
    }

    /// Pixel row of value `v`, clamped to the binned range's rows.
    fn y_of(&self, v: f64) -> i32 {
        let f = ((v - self.vlo) / (self.vhi - self.vlo)).clamp(0.0, 1.0);
        self.inner_bottom - (f * f64::from(self.inner_bottom - self.inner_top)).round() as i32
    }
}

/// One column per layer; returns the columns.
fn draw_columns<DB: DrawingBackend>(
    frame: &Frame<DB>,
    geo: &Geometry,
    layers: &[DensityColumn],
    shares: &[Shares],
    density: &Density,
) -> DrawResult<Vec<PixelRect>, DB> {
    let plot = geo.plot;
    let layout = LayerChartLayout::new(plot, layers.len());
    let mut columns = Vec::with_capacity(layers.len());
    for (i, (layer, s)) in layers.iter().zip(shares).enumerate() {
        let (l, r) = layout.slot(i + 1).unwrap_or((plot.left, plot.left + 1));
        let column = PixelRect {
            left: l,
            right: if r - l >= 6 { r - 1 } else { r.max(l + 1) },
            top: plot.top,
            bottom: plot.bottom,
        };
        columns.push(column);
        if s.all_nonfinite(layer) {
            draw_rect(frame.area, column, fill(frame.theme.overflow))?;
            continue;
        }
        draw_column_cells(frame, geo, column, layer, s, density)?;
    }
    Ok(columns)
}

/// One layer's bins up its column, then the out-of-range rows.
fn draw_column_cells<DB: DrawingBackend>(
    frame: &Frame<DB>,
    geo: &Geometry,
    column: PixelRect,
    layer: &DensityColumn,
    s: &Shares,
    density: &Density,
) -> DrawResult<(), DB> {
    let area = frame.area;
    if let Some((lo, hi)) = hist_range(layer.histogram) {
        let bw = (hi - lo) / s.bins.len() as f64;
        // Consecutive cells of one colour that touch are drawn as one rect (same pixels, far
        // fewer backend calls: each canvas fill parses a colour string).
        let mut run: Option<(PixelRect, RGBColor)> = None;
        for (b, share) in s.bins.iter().enumerate() {
            let Some(c) = density.color_of(*share) else {
                if let Some((r, c)) = run.take() {
                    draw_rect(area, r, fill(c))?;
                }
                continue;
            };
            let (y0, y1) = (
                geo.y_of(lo + bw * (b + 1) as f64),
                geo.y_of(lo + bw * b as f64),
            );
            let cell = PixelRect {
                top: y0,
                bottom: y1.max(y0 + 1),
                ..column
            };
            match &mut run {
                // Bins go up the column: this cell sits on (or overlaps) the run's top.
                Some((r, rc)) if *rc == c && cell.bottom >= r.top && cell.top <= r.bottom => {
                    r.top = r.top.min(cell.top);
                    r.bottom = r.bottom.max(cell.bottom);
                }
                _ => {
                    if let Some((r, rc)) = run.replace((cell, c)) {
                        draw_rect(area, r, fill(rc))?;
                    }
                }
            }
        }
        if let Some((r, c)) = run {
            draw_rect(area, r, fill(c))?;
        }
    }
    for (row, share) in [(&geo.above, s.above), (&geo.below, s.below)] {
        if let (Some(((top, bottom), _)), Some(c)) = (row, density.color_of(share)) {
            let cell = PixelRect {
                top: *top,
                bottom: *bottom,
                ..column
            };
            draw_rect(area, cell, fill(c))?;
        }
    }
    Ok(())
}

/// The value axis left of the heatmap: line, ticks, labels, and the out-of-range rows' labels.
fn draw_value_axis<DB: DrawingBackend>(frame: &Frame<DB>, geo: &Geometry) -> DrawResult<(), DB> {
    let (area, plot) = (frame.area, geo.plot);
    let axis = stroke(frame.theme.axis, 1);
    draw_line(
        area,
        (plot.left - 1, plot.top),
        (plot.left - 1, plot.bottom),
        axis,
    )?;
    // The out-of-range rows' labels ("≥4", "<-4") win over a tick label they would overlap.
    let edge_rows: Vec<i32> = [&geo.above, &geo.below]
        .into_iter()
        .flatten()
        .map(|((top, bottom), _)| (top + bottom) / 2)
        .collect();
    for t in &geo.ticks {
        let y = geo.y_of(*t);
        draw_line(area, (plot.left - 4, y), (plot.left - 1, y), axis)?;
        if edge_rows.iter().any(|e| (e - y).abs() < frame.line_h) {
            continue;
        }
        let (label, style) = (linear_label(*t), &frame.tick_style);
        draw_text(
            area,
            &label,
            (plot.left - 6, y),
            style,
            HPos::Right,
            VPos::Center,
        )?;
    }
    for ((top, bottom), label) in [&geo.above, &geo.below].into_iter().flatten() {
        let at = (plot.left - 6, (top + bottom) / 2);
        frame.small_text(label, at, HPos::Right, VPos::Center)?;
    }
    Ok(())
}

/// The strips under the heatmap, one row each; returns the y below the last.
fn draw_strips<DB: DrawingBackend>(
    frame: &Frame<DB>,
    geo: &Geometry,
    layout: &LayerChartLayout,
    layers: &[DensityColumn],
    shares: &[Shares],
) -> DrawResult<i32, DB> {
    let (theme, plot, strip_h) = (frame.theme, geo.plot, geo.strip_h);
    let mut y = plot.bottom + geo.strip_gap;
    for &strip in &geo.strips {
        let (color, hatch) = match strip {
            Strip::Saturated => (theme.saturated, false),
            Strip::Dead => (theme.dead, false),
            Strip::NonFinite => (theme.overflow, true),
        };
        let name_at = (plot.left - 6, y + strip_h / 2);
        frame.small_text(strip.name(), name_at, HPos::Right, VPos::Center)?;
        let row = PixelRect {
            top: y,
            bottom: y + strip_h,
            ..plot
        };
        draw_rect(frame.area, row, fill(theme.fade(theme.grid, 0.6)))?;
        for (i, (layer, s)) in layers.iter().zip(shares).enumerate() {
            let share = strip.share(layer, s);
            let Some(share) = share.filter(|s| s.is_finite() && *s > 0.0) else {
                continue;
            };
            let Some(col) = layout.bars.get(i) else {
                continue;
            };
            // A tiny bar chart: height = fraction, at least 1 px when non-zero.
            let bar_h = ((share.clamp(0.0, 1.0) * f64::from(strip_h)).round() as i32).max(1);
            let cell = PixelRect {
                top: y + strip_h - bar_h,
                bottom: y + strip_h,
                ..*col
            };
            draw_rect(frame.area, cell, fill(color))?;
            if hatch {
                draw_hatch(frame.area, cell, 4, theme.background)?;
            }
        }
        y += strip_h + 3;
    }
    Ok(y)
}

/// Histograms of the first, middle and last layer side by side in the bottom `height` px.
fn draw_small_multiples<DB: DrawingBackend>(
    frame: &Frame<DB>,
    height: i32,
    layers: &[DensityColumn],
) -> DrawResult<(), DB> {
    let top = frame.height - height;
    let picks = pick_layers(layers.len());
    let cell_w = (frame.width - PAD) / picks.len().max(1) as i32;
    for (k, &l) in picks.iter().enumerate() {
        let x0 = PAD + k as i32 * cell_w;
        let size = (cell_w.max(1) as u32, height.max(1) as u32);
        let sub = frame.area.clone().shrink((x0, top), size);
        if let Some(layer) = layers.get(l - 1) {
            draw_column_histogram(&sub, layer, frame.theme)?;
        }
    }
    Ok(())
}

/// First, middle and last layer (fewer for shallow networks), 1-based.
fn pick_layers(n: usize) -> Vec<usize> {
    let mut picks = vec![1, n.div_ceil(2), n];
    picks.dedup();
    picks.retain(|l| *l >= 1);
    picks
}
