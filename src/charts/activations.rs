//! Activation distributions for deep networks: a layer × value density heatmap (one column per
//! layer, so it stays legible at 200 layers), strips for the saturated / dead / non-finite
//! fractions, and, when there is room, small-multiple histograms of the first, middle and last
//! layers.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Polygon;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::colormap::density_color;
use super::draw_util::{
    draw_boxed_label, draw_hatch, draw_line, draw_rect, draw_swatch_label, draw_text, fill, font,
    stroke, DrawResult, PixelRect,
};
use super::layout::{draw_layer_axis, LayerChartLayout};
use super::scale::{linear_label, linear_ticks};
use super::text_size::text_size;
use super::theme::Theme;
use crate::format::format_share_percent;
use crate::sim::{Histogram, LayerReport, Report};

/// Below this height the small multiples are left out (the heatmap needs the room).
const SMALL_MULTIPLES_MIN_HEIGHT: i32 = 420;

/// Shares of one layer's values: per bin, below/above the binned range, and non-finite.
struct Shares {
    bins: Vec<f64>,
    below: f64,
    above: f64,
    nonfinite: f64,
}

impl Shares {
    fn of(h: &Histogram) -> Shares {
        let total: f64 = h.counts.iter().map(|c| f64::from(*c)).sum::<f64>()
            + f64::from(h.underflow)
            + f64::from(h.overflow)
            + f64::from(h.nonfinite);
        let share = |c: u32| {
            if total > 0.0 {
                f64::from(c) / total
            } else {
                0.0
            }
        };
        Shares {
            bins: h.counts.iter().map(|c| share(*c)).collect(),
            below: share(h.underflow),
            above: share(h.overflow),
            nonfinite: share(h.nonfinite),
        }
    }

    /// All values were inf/NaN (or nothing was counted but the layer reported non-finite).
    fn all_nonfinite(&self, layer: &LayerReport) -> bool {
        self.nonfinite >= 1.0 || (self.bins.iter().all(|b| *b == 0.0) && layer.nonfinite > 0)
    }
}

/// A histogram's usable range, `None` if its ends are not finite and increasing.
fn hist_range(h: &Histogram) -> Option<(f64, f64)> {
    let (lo, hi) = (f64::from(h.lo), f64::from(h.hi));
    (lo.is_finite() && hi.is_finite() && hi > lo && !h.counts.is_empty()).then_some((lo, hi))
}

/// The activation's name for titles ("tanh").
fn activation_name(report: &Report) -> &'static str {
    report.config.activation.id()
}

/// Draws the heatmap (plus strips and, if tall enough, small multiples) filling `area`.
/// Returns the heatmap's layer geometry for hover tooltips.
pub fn draw_activation_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    area.fill(&theme.background)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let layers = &report.layers;
    let n = layers.len();
    let shares: Vec<Shares> = layers.iter().map(|l| Shares::of(&l.histogram)).collect();

    let title_style = font(theme, 1.0, &theme.text);
    let small = font(theme, 0.85, &theme.text_muted);
    let tick_style = font(theme, 0.85, &theme.text);
    let (_, line_h) = text_size(area, "Mg", &small);
    let (_, title_h) = text_size(area, "Mg", &title_style);
    let pad = 6;

    draw_text(
        area,
        &format!(
            "Activation distribution per layer ({})",
            activation_name(report)
        ),
        (pad, pad),
        &title_style,
        HPos::Left,
        VPos::Top,
    )?;
    let legend_y = pad + title_h + 4;

    // Value range: the union of the layers' binned ranges.
    let (vlo, vhi) = layers
        .iter()
        .filter_map(|l| hist_range(&l.histogram))
        .fold(None, |acc: Option<(f64, f64)>, (a, b)| {
            Some(acc.map_or((a, b), |(x, y)| (x.min(a), y.max(b))))
        })
        .unwrap_or((-1.0, 1.0));

    // Normalise colours to the largest share anywhere, on a square-root scale so thin tails
    // stay visible next to a tall peak.
    let max_share = shares
        .iter()
        .flat_map(|s| s.bins.iter().copied().chain([s.below, s.above]))
        .fold(0.0f64, f64::max);
    let color_of = |share: f64| -> Option<RGBColor> {
        (share > 0.0 && max_share > 0.0)
            .then(|| density_color((share / max_share).sqrt(), theme.dark))
    };

    // Legend: colour ramp, overflow swatch.
    let ramp_label = "share of the layer's units (√ scale): 0";
    let (rl_w, _) = text_size(area, ramp_label, &small);
    draw_text(
        area,
        ramp_label,
        (pad, legend_y),
        &small,
        HPos::Left,
        VPos::Top,
    )?;
    let ramp_left = pad + rl_w + 6;
    let ramp_w = 80.min((w - ramp_left - 60).max(0));
    for i in 0..ramp_w {
        let t = f64::from(i) / f64::from(ramp_w.max(1));
        let c = density_color(t, theme.dark);
        let r = PixelRect {
            left: ramp_left + i,
            right: ramp_left + i + 1,
            top: legend_y + 2,
            bottom: legend_y + line_h - 2,
        };
        draw_rect(area, r, fill(c))?;
    }
    let mut x = ramp_left + ramp_w + 4;
    if ramp_w > 0 {
        draw_text(
            area,
            &format_share_percent(max_share),
            (x, legend_y),
            &small,
            HPos::Left,
            VPos::Top,
        )?;
        x += text_size(area, &format_share_percent(max_share), &small).0 + 14;
    }
    let any_nonfinite =
        shares.iter().any(|s| s.nonfinite > 0.0) || layers.iter().any(|l| l.nonfinite > 0);
    if any_nonfinite && x + 120 < w {
        draw_swatch_label(
            area,
            (x, legend_y),
            fill(theme.overflow),
            Some(theme.background),
            "overflow (inf/NaN)",
            &small,
        )?;
    }
    let top = legend_y + line_h + 8;

    // Strip rows under the heatmap: only those with something to say.
    let any_sat = layers.iter().any(|l| l.saturated_fraction.is_some());
    let any_dead = layers.iter().any(|l| l.dead_fraction.is_some());
    let strip_h = line_h.max(8);
    // Room under the heatmap for half of its bottom tick label before the strips start.
    let strip_gap = line_h / 2 + 3;
    let strip_rows: Vec<&str> = [
        (any_sat, "saturated"),
        (any_dead, "dead"),
        (any_nonfinite, "non-finite"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    let strips_h = strip_gap + strip_rows.len() as i32 * (strip_h + 3);

    // Small multiples take the bottom third when the area is tall enough.
    let multiples = h >= SMALL_MULTIPLES_MIN_HEIGHT && n > 0;
    let multiples_h = if multiples { (h / 3).max(110) } else { 0 };
    let axis_rows = line_h + 8;
    let heat_bottom = (h - multiples_h - axis_rows - strips_h - 4).max(top + 1);

    // Left margin: value tick labels and strip names.
    let max_ticks = (((heat_bottom - top) / (line_h * 2)).max(2)) as usize;
    let ticks = linear_ticks(vlo, vhi, max_ticks);
    let has_below = shares.iter().any(|s| s.below > 0.0);
    let has_above = shares.iter().any(|s| s.above > 0.0);
    let below_label = format!("<{}", linear_label(vlo));
    let above_label = format!("≥{}", linear_label(vhi));
    let label_w = ticks
        .iter()
        .map(|t| text_size(area, &linear_label(*t), &tick_style).0)
        .chain(strip_rows.iter().map(|s| text_size(area, s, &small).0))
        .chain([
            text_size(area, &below_label, &small).0,
            text_size(area, &above_label, &small).0,
        ])
        .max()
        .unwrap_or(0);
    let plot = PixelRect {
        left: (pad + label_w + 8).min(w - 1),
        top,
        right: (w - pad - 10).max(pad + label_w + 9).min(w),
        bottom: heat_bottom,
    };
    let mut layout = LayerChartLayout::new(plot, n);

    // Rows for values outside the binned range, then the binned range between them.
    let edge_h = if plot.height() > 60 { 6 } else { 0 };
    let above_row = (has_above && edge_h > 0).then_some((plot.top, plot.top + edge_h));
    let below_row = (has_below && edge_h > 0).then_some((plot.bottom - edge_h, plot.bottom));
    let inner_top = plot.top + above_row.map_or(0, |_| edge_h + 2);
    let inner_bottom = plot.bottom - below_row.map_or(0, |_| edge_h + 2);
    let y_of = |v: f64| -> i32 {
        let f = ((v - vlo) / (vhi - vlo)).clamp(0.0, 1.0);
        inner_bottom - (f * f64::from(inner_bottom - inner_top)).round() as i32
    };

    // Columns.
    for (i, (layer, s)) in layers.iter().zip(&shares).enumerate() {
        let (l, r) = layout.slot(i + 1).unwrap_or((plot.left, plot.left + 1));
        let col_r = if r - l >= 6 { r - 1 } else { r.max(l + 1) };
        let column = PixelRect {
            left: l,
            right: col_r,
            top: plot.top,
            bottom: plot.bottom,
        };
        layout.bars.push(column);
        if s.all_nonfinite(layer) {
            draw_rect(area, column, fill(theme.overflow))?;
            continue;
        }
        if let Some((lo, hi)) = hist_range(&layer.histogram) {
            let bw = (hi - lo) / s.bins.len() as f64;
            // Consecutive cells of one colour that touch are drawn as one rect (same pixels,
            // far fewer backend calls: each canvas fill parses a colour string).
            let mut run: Option<(PixelRect, RGBColor)> = None;
            for (b, share) in s.bins.iter().enumerate() {
                let Some(c) = color_of(*share) else {
                    if let Some((r, c)) = run.take() {
                        draw_rect(area, r, fill(c))?;
                    }
                    continue;
                };
                let (y0, y1) = (y_of(lo + bw * (b + 1) as f64), y_of(lo + bw * b as f64));
                let cell = PixelRect {
                    left: l,
                    right: col_r,
                    top: y0,
                    bottom: y1.max(y0 + 1),
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
        for (row, share) in [(above_row, s.above), (below_row, s.below)] {
            if let (Some((t, b)), Some(c)) = (row, color_of(share)) {
                draw_rect(
                    area,
                    PixelRect {
                        left: l,
                        right: col_r,
                        top: t,
                        bottom: b,
                    },
                    fill(c),
                )?;
            }
        }
    }

    // Overflowing runs: hatched, and named once per run where there is room.
    let mut last_label_right = i32::MIN;
    for (a, b) in runs(layers.iter().zip(&shares).map(|(l, s)| s.all_nonfinite(l))) {
        let (Some(ca), Some(cb)) = (layout.bars.get(a), layout.bars.get(b)) else {
            continue;
        };
        let run = PixelRect {
            left: ca.left,
            right: cb.right,
            top: plot.top,
            bottom: plot.bottom,
        };
        draw_hatch(area, run, 6, theme.background)?;
        let tw = text_size(area, "overflow", &small).0;
        let (cx, cy) = (run.center_x(), plot.top + plot.height() / 2);
        if cx - tw / 2 - 3 > last_label_right && tw + 6 < w {
            let style = font(theme, 0.85, &theme.overflow);
            let bx = draw_boxed_label(area, "overflow", (cx, cy), &style, theme.background)?;
            last_label_right = bx.right;
        }
    }

    // Value axis.
    draw_line(
        area,
        (plot.left - 1, plot.top),
        (plot.left - 1, plot.bottom),
        stroke(theme.axis, 1),
    )?;
    for t in &ticks {
        let y = y_of(*t);
        draw_line(
            area,
            (plot.left - 4, y),
            (plot.left - 1, y),
            stroke(theme.axis, 1),
        )?;
        draw_text(
            area,
            &linear_label(*t),
            (plot.left - 6, y),
            &tick_style,
            HPos::Right,
            VPos::Center,
        )?;
    }
    if let Some((t, b)) = above_row {
        draw_text(
            area,
            &above_label,
            (plot.left - 6, (t + b) / 2),
            &small,
            HPos::Right,
            VPos::Center,
        )?;
    }
    if let Some((t, b)) = below_row {
        draw_text(
            area,
            &below_label,
            (plot.left - 6, (t + b) / 2),
            &small,
            HPos::Right,
            VPos::Center,
        )?;
    }

    // Strips: saturated, dead, non-finite fraction per layer.
    let mut y = plot.bottom + strip_gap;
    for name in &strip_rows {
        let (color, hatch) = match *name {
            "saturated" => (theme.saturated, false),
            "dead" => (theme.dead, false),
            _ => (theme.overflow, true),
        };
        draw_text(
            area,
            name,
            (plot.left - 6, y + strip_h / 2),
            &small,
            HPos::Right,
            VPos::Center,
        )?;
        let row = PixelRect {
            left: plot.left,
            right: plot.right,
            top: y,
            bottom: y + strip_h,
        };
        draw_rect(area, row, fill(theme.fade(theme.grid, 0.6)))?;
        for (i, layer) in layers.iter().enumerate() {
            let share = match *name {
                "saturated" => layer.saturated_fraction,
                "dead" => layer.dead_fraction,
                _ => Some(
                    shares[i]
                        .nonfinite
                        .max(if layer.nonfinite > 0 { 1e-3 } else { 0.0 }),
                ),
            };
            let Some(share) = share.filter(|s| s.is_finite() && *s > 0.0) else {
                continue;
            };
            let Some(col) = layout.bars.get(i) else {
                continue;
            };
            // A tiny bar chart: height = fraction, at least 1 px when non-zero.
            let bar_h = ((share.clamp(0.0, 1.0) * f64::from(strip_h)).round() as i32).max(1);
            let cell = PixelRect {
                left: col.left,
                right: col.right,
                top: y + strip_h - bar_h,
                bottom: y + strip_h,
            };
            draw_rect(area, cell, fill(color))?;
            if hatch {
                draw_hatch(area, cell, 4, theme.background)?;
            }
        }
        y += strip_h + 3;
    }

    // Layer axis.
    let row_y = y + 2;
    draw_layer_axis(area, &layout, row_y, None, &tick_style, &small)?;

    if multiples {
        let top = h - multiples_h;
        let picks = pick_layers(n);
        let cell_w = (w - pad) / picks.len().max(1) as i32;
        for (k, &l) in picks.iter().enumerate() {
            let x0 = pad + k as i32 * cell_w;
            let sub = area
                .clone()
                .shrink((x0, top), (cell_w.max(1) as u32, multiples_h.max(1) as u32));
            if let Some(layer) = layers.get(l - 1) {
                draw_layer_histogram(&sub, layer, theme)?;
            }
        }
    }
    Ok(layout)
}

/// First, middle and last layer (fewer for shallow networks), 1-based.
fn pick_layers(n: usize) -> Vec<usize> {
    let mut picks = vec![1, n.div_ceil(2), n];
    picks.dedup();
    picks.retain(|l| *l >= 1);
    picks
}

/// Runs (first, last) of consecutive `true`s.
fn runs(flags: impl Iterator<Item = bool>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, f) in flags.enumerate() {
        if !f {
            continue;
        }
        match out.last_mut() {
            Some((_, end)) if *end + 1 == i => *end = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// One layer's histogram as bars (share of units per bin), for the small multiples.
pub fn draw_layer_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layer: &LayerReport,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let small = font(theme, 0.85, &theme.text_muted);
    let title = font(theme, 0.9, &theme.text);
    let (_, line_h) = text_size(area, "Mg", &small);
    let s = Shares::of(&layer.histogram);
    let mut heading = format!("layer {}", layer.layer);
    if let Some(f) = layer.saturated_fraction {
        heading += &format!(" · saturated {}", format_share_percent(f));
    }
    if let Some(f) = layer.dead_fraction {
        heading += &format!(" · dead {}", format_share_percent(f));
    }
    draw_text(area, &heading, (4, 2), &title, HPos::Left, VPos::Top)?;
    let plot = PixelRect {
        left: 8,
        right: (w - 8).max(9),
        top: line_h + 8,
        bottom: (h - line_h - 6).max(line_h + 9),
    };
    draw_line(
        area,
        (plot.left, plot.bottom),
        (plot.right, plot.bottom),
        stroke(theme.axis, 1),
    )?;

    if s.all_nonfinite(layer) {
        draw_rect(area, plot, fill(theme.overflow))?;
        draw_hatch(area, plot, 6, theme.background)?;
        let centre = (plot.center_x(), plot.top + plot.height() / 2);
        let style = font(theme, 0.85, &theme.overflow);
        draw_boxed_label(area, "overflow", centre, &style, theme.background)?;
        return Ok(());
    }
    let Some((lo, hi)) = hist_range(&layer.histogram) else {
        draw_text(
            area,
            "no data",
            (plot.center_x(), plot.top),
            &small,
            HPos::Center,
            VPos::Top,
        )?;
        return Ok(());
    };
    let peak = s.bins.iter().copied().fold(0.0f64, f64::max);
    let nb = s.bins.len() as i32;
    let bar_color = fill(density_color(0.75, theme.dark));
    let bar_top = |share: f64| {
        let top = plot.bottom - ((share / peak) * f64::from(plot.height())).round() as i32;
        top.min(plot.bottom - 1)
    };
    if peak > 0.0 && plot.width() >= nb {
        // Bars tile the axis and all stand on it, so their union is one skyline polygon:
        // one fill instead of one per bin (empty bins run along the baseline).
        let mut outline = vec![(plot.left, plot.bottom)];
        for (b, share) in s.bins.iter().enumerate() {
            let x0 = plot.left + plot.width() * b as i32 / nb;
            let x1 = plot.left + plot.width() * (b as i32 + 1) / nb;
            let top = if *share > 0.0 {
                bar_top(*share)
            } else {
                plot.bottom
            };
            outline.extend([(x0, top), (x1, top)]);
        }
        outline.push((plot.right, plot.bottom));
        area.draw(&Polygon::new(outline, bar_color))?;
    } else {
        for (b, share) in s.bins.iter().enumerate() {
            if peak <= 0.0 || *share <= 0.0 {
                continue;
            }
            let x0 = plot.left + plot.width() * b as i32 / nb;
            let x1 = (plot.left + plot.width() * (b as i32 + 1) / nb).max(x0 + 1);
            let bar = PixelRect {
                left: x0,
                right: x1,
                top: bar_top(*share),
                bottom: plot.bottom,
            };
            draw_rect(area, bar, bar_color)?;
        }
    }
    // Range ends and, if inside, zero.
    let y = plot.bottom + 2;
    draw_text(
        area,
        &linear_label(lo),
        (plot.left, y),
        &small,
        HPos::Left,
        VPos::Top,
    )?;
    draw_text(
        area,
        &linear_label(hi),
        (plot.right, y),
        &small,
        HPos::Right,
        VPos::Top,
    )?;
    if lo < 0.0 && hi > 0.0 {
        let x0 = plot.left + ((-lo) / (hi - lo) * f64::from(plot.width())).round() as i32;
        draw_text(area, "0", (x0, y), &small, HPos::Center, VPos::Top)?;
    }
    if s.nonfinite > 0.0 {
        draw_text(
            area,
            &format!("overflow: {} non-finite", format_share_percent(s.nonfinite)),
            (plot.right, plot.top),
            &font(theme, 0.85, &theme.overflow),
            HPos::Right,
            VPos::Top,
        )?;
    }
    Ok(())
}
