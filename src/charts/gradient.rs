//! The gradient chart: one bar per layer (1 = input, left … L = output, right) on a log10 axis,
//! coloured by health relative to layer L, with an optional p10–p90 seed band.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw_util::{
    draw_boxed_label, draw_hatch, draw_line, draw_rect, draw_swatch_label, draw_text,
    draw_text_vertical, fill, fill_alpha, font, stroke, DrawResult, PixelRect,
};
use super::health::{reference_value, Health};
use super::layout::{draw_layer_axis, LayerChartLayout};
use super::scale::{decade_label, safe_log10, DecadeRange};
use super::text_size::text_size;
use super::theme::Theme;
use crate::metric::Metric;
use crate::sim::{Report, SeedSpread};

/// What the gradient chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientChartData<'a> {
    /// One value per layer, layer 1 first; may hold inf, NaN and 0.
    pub values: Vec<f64>,
    /// Optional (p10, p90) per layer; non-finite or non-positive ends are skipped/clamped.
    pub band: Option<Vec<(f64, f64)>>,
    pub metric_label: &'a str,
}

impl GradientChartData<'static> {
    pub fn from_report(report: &Report, metric: Metric, spread: Option<&SeedSpread>) -> Self {
        GradientChartData {
            values: report.layers.iter().map(|l| metric.value(l)).collect(),
            band: spread.map(|s| {
                s.layers
                    .iter()
                    .map(|l| {
                        let p = metric.spread(l);
                        (p.p10, p.p90)
                    })
                    .collect()
            }),
            metric_label: metric.title(),
        }
    }
}

/// Draws the chart filling `area` and returns where the layers landed (`layer_at(x)` maps a
/// mouse x back to a layer).
pub fn draw_gradient_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &GradientChartData,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    area.fill(&theme.background)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let n = data.values.len();

    let title_style = font(theme, 1.0, &theme.text);
    let small = font(theme, 0.85, &theme.text_muted);
    let tick_style = font(theme, 0.85, &theme.text);
    let (_, line_h) = text_size(area, "Mg", &small);
    let (_, title_h) = text_size(area, "Mg", &title_style);

    // Title, top left.
    let pad = 6;
    draw_text(
        area,
        &format!("{} (log scale)", data.metric_label),
        (pad, pad),
        &title_style,
        HPos::Left,
        VPos::Top,
    )?;
    let mut y = pad + title_h + 4;

    // Legend, wrapped to the width.
    let has_overflow = data.values.iter().any(|v| !v.is_finite());
    let has_zero = data.values.contains(&0.0);
    let mut legend: Vec<(Health, &str)> = vec![
        (Health::Healthy, "within 10× of layer L"),
        (Health::Vanishing { decades: 4.0 }, "smaller (vanishing)"),
        (Health::Exploding { decades: 4.0 }, "larger (exploding)"),
    ];
    if has_overflow {
        legend.push((Health::Overflow, "overflow (inf/NaN)"));
    }
    if has_zero {
        legend.push((Health::Underflow, "0 = underflow"));
    }
    let mut x = pad;
    let place = |label: &str, x: &mut i32, y: &mut i32| {
        let (tw, _) = text_size(area, label, &small);
        let need = tw + line_h + 4;
        if *x > pad && *x + need > w - pad {
            *x = pad;
            *y += line_h + 3;
        }
    };
    for (health, label) in &legend {
        place(label, &mut x, &mut y);
        let hatch = matches!(health, Health::Overflow).then_some(theme.background);
        x = draw_swatch_label(
            area,
            (x, y),
            fill(health.color(theme)),
            hatch,
            label,
            &small,
        )? + 12;
    }
    if data.band.is_some() {
        let label = "p10–p90 across seeds";
        place(label, &mut x, &mut y);
        draw_swatch_label(
            area,
            (x, y),
            fill_alpha(theme.band, theme.band_alpha * 2.0),
            None,
            label,
            &small,
        )?;
    }
    let legend_bottom = y + line_h + 6;

    // Vertical range: all finite positive values and band ends.
    let band_values = data.band.iter().flatten().flat_map(|&(a, b)| [a, b]);
    let range = DecadeRange::covering(data.values.iter().copied().chain(band_values), 2);

    // Bottom rows: tick labels, then the backward-pass caption.
    let caption_full = if n == 1 {
        "← backward pass: the loss's gradient enters layer 1 (output = input)".to_string()
    } else {
        format!("← backward pass: gradient flows from layer {n} (output) to layer 1 (input)")
    };
    let bottom_rows = 2 * (line_h + 4) + 6;
    let plot_bottom = (h - bottom_rows).max(legend_bottom + 1);

    // Left margin fits the widest decade label and the "layer" row header.
    let tick_h = line_h.max(1);
    let plot_h_guess = (plot_bottom - legend_bottom).max(1);
    let max_y_ticks = ((plot_h_guess / (tick_h * 2)).max(2)) as usize;
    let y_ticks = range.ticks(max_y_ticks);
    let label_w = y_ticks
        .iter()
        .map(|k| text_size(area, &decade_label(*k), &tick_style).0)
        .chain(std::iter::once(text_size(area, "layer", &small).0))
        .max()
        .unwrap_or(0);
    let last_label_w = text_size(area, &n.to_string(), &tick_style).0;
    let plot = PixelRect {
        left: (pad + label_w + 8).min(w - 1),
        top: legend_bottom,
        right: (w - pad - last_label_w / 2).max(pad + label_w + 9).min(w),
        bottom: plot_bottom,
    };
    let mut layout = LayerChartLayout::new(plot, n);
    let y_of = |lg: f64| -> i32 {
        let f = range.fraction(lg).clamp(0.0, 1.0);
        plot.bottom - (f * f64::from(plot.height())).round() as i32
    };

    // Grid and y tick labels.
    for &k in &y_ticks {
        let yy = y_of(f64::from(k));
        draw_line(
            area,
            (plot.left, yy),
            (plot.right, yy),
            stroke(theme.grid, 1),
        )?;
        draw_text(
            area,
            &decade_label(k),
            (plot.left - 6, yy),
            &tick_style,
            HPos::Right,
            VPos::Center,
        )?;
    }

    // Seed band behind the bars, one slot-wide step per layer.
    if let Some(band) = &data.band {
        for (i, &(p10, p90)) in band.iter().enumerate().take(n) {
            let Some(top) = safe_log10(p90) else { continue };
            let bottom = safe_log10(p10).unwrap_or(f64::from(range.lo));
            let Some((l, r)) = layout.slot(i + 1) else {
                continue;
            };
            let rect = PixelRect {
                left: l,
                right: r,
                top: y_of(top),
                bottom: y_of(bottom).max(y_of(top) + 1),
            };
            draw_rect(area, rect, fill_alpha(theme.band, theme.band_alpha))?;
        }
    }

    // Bars.
    let reference = reference_value(&data.values);
    for (i, &v) in data.values.iter().enumerate() {
        let (l, r) = layout.slot(i + 1).unwrap_or((plot.left, plot.left + 1));
        let slot_w = r - l;
        // Leave a gap between bars while they are wide enough to afford one; cap very wide ones.
        let bar_w = if slot_w >= 4 {
            ((f64::from(slot_w) * 0.75).round() as i32).min(56)
        } else {
            (slot_w - 1).max(1)
        };
        let left = l + (slot_w - bar_w) / 2;
        let health = Health::classify(v, reference);
        let top = match health {
            Health::Overflow => plot.top,
            Health::Underflow => plot.bottom - 2,
            _ => safe_log10(v)
                .map(y_of)
                .unwrap_or(plot.bottom)
                .min(plot.bottom - 1),
        };
        let bar = PixelRect {
            left,
            right: left + bar_w,
            top,
            bottom: plot.bottom,
        };
        draw_rect(area, bar, fill(health.color(theme)))?;
        layout.bars.push(bar);
    }

    // Over wide enough bars, a whisker shows the part of the band the bar itself hides.
    if let Some(band) = &data.band {
        for (bar, &(p10, p90)) in layout.bars.iter().zip(band) {
            let Some(top) = safe_log10(p90) else { continue };
            if bar.width() < 4 {
                continue;
            }
            let bottom = y_of(safe_log10(p10).unwrap_or(f64::from(range.lo)));
            let (cx, top) = (bar.center_x(), y_of(top));
            let whisker = stroke(theme.text_muted, 1);
            draw_line(area, (cx, top), (cx, bottom), whisker)?;
            draw_line(area, (cx - 2, top), (cx + 2, top), whisker)?;
            draw_line(area, (cx - 2, bottom), (cx + 2, bottom), whisker)?;
        }
    }

    // Mark and name runs of overflow / underflow layers so they are never silently empty.
    let mut last_label_right = i32::MIN;
    for (start, end, overflow) in special_runs(&data.values) {
        let (Some(bar_l), Some(bar_r)) = (layout.bars.get(start), layout.bars.get(end)) else {
            continue;
        };
        let run = PixelRect {
            left: bar_l.left,
            right: bar_r.right,
            top: plot.top,
            bottom: plot.bottom,
        };
        let cx = run.center_x();
        if overflow {
            draw_hatch(area, run, 6, theme.background)?;
            let (tw, th) = text_size(area, "overflow", &small);
            let ov_style = font(theme, 0.85, &theme.overflow);
            let mid_y = plot.top + plot.height() / 2;
            if run.width() >= tw + 8 && cx - tw / 2 > last_label_right {
                // Wide run: horizontal word on a plain box so the hatching doesn't eat it.
                let bx =
                    draw_boxed_label(area, "overflow", (cx, mid_y), &ov_style, theme.background)?;
                last_label_right = bx.right;
            } else if tw + 8 < plot.height() && cx - th / 2 > last_label_right {
                // Narrow run: the word runs up the column instead.
                let bx = PixelRect {
                    left: cx - th / 2 - 2,
                    right: cx + th / 2 + 2,
                    top: mid_y - tw / 2 - 3,
                    bottom: mid_y + tw / 2 + 3,
                };
                draw_rect(area, bx, fill(theme.background))?;
                draw_text_vertical(area, "overflow", (cx, mid_y), &ov_style)?;
                last_label_right = bx.right;
            }
        } else {
            let (tw, th) = text_size(area, "0", &small);
            if cx - tw / 2 > last_label_right && plot.height() > th + 4 {
                draw_text(
                    area,
                    "0",
                    (cx, plot.bottom - 4),
                    &font(theme, 0.85, &theme.vanishing),
                    HPos::Center,
                    VPos::Bottom,
                )?;
                last_label_right = cx + tw / 2 + 2;
            }
        }
    }

    // Axes.
    draw_line(
        area,
        (plot.left, plot.top),
        (plot.left, plot.bottom),
        stroke(theme.axis, 1),
    )?;
    draw_line(
        area,
        (plot.left, plot.bottom),
        (plot.right, plot.bottom),
        stroke(theme.axis, 1),
    )?;

    // Layer ticks, thinned to what fits.
    let row_y = plot.bottom + 4;
    let tick_mark = Some((plot.bottom, stroke(theme.axis, 1)));
    draw_layer_axis(area, &layout, row_y, tick_mark, &tick_style, &small)?;

    // Direction of back-propagation, shortened to what fits.
    let caption_y = row_y + line_h + 4;
    let short = format!("← backward pass: layer {n} to layer 1");
    let caption = [caption_full.as_str(), short.as_str(), "← backward pass"]
        .into_iter()
        .find(|c| text_size(area, c, &small).0 <= w - 2 * pad)
        .unwrap_or("←");
    draw_text(
        area,
        caption,
        ((plot.left + plot.right) / 2, caption_y),
        &small,
        HPos::Center,
        VPos::Top,
    )?;

    Ok(layout)
}

/// Runs (first index, last index, is_overflow) of consecutive non-finite or zero values.
fn special_runs(values: &[f64]) -> Vec<(usize, usize, bool)> {
    let kind = |v: f64| {
        if !v.is_finite() {
            Some(true)
        } else if v == 0.0 {
            Some(false)
        } else {
            None
        }
    };
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        let Some(k) = kind(v) else { continue };
        match runs.last_mut() {
            Some((_, end, kk)) if *end + 1 == i && *kk == k => *end = i,
            _ => runs.push((i, i, k)),
        }
    }
    runs
}
