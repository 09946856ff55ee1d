//! The gradient chart: one bar per layer (1 = input, left … L = output, right) on a log10 axis,
//! coloured by health relative to layer L, with an optional p10–p90 seed band.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::format_bands::{self, FormatBands};
use super::health::{reference_value, Health};
use super::pinned::{self, PinnedProfile};
use super::theory_overlay::{self, TheoryOverlay};
use super::trend_marks;
use crate::charts::kit::draw_util::{
    draw_line, draw_rect, draw_text, fill, fill_alpha, font, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::frame::{Frame, Legend, RunLabels, PAD};
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::scale::{decade_label, safe_log10, DecadeRange};
use crate::charts::kit::text_size::text_size;
use crate::charts::kit::theme::Theme;
use crate::sim::{Report, SeedSpread};
use crate::words::layer_runs::runs_of_true;
use crate::words::metric::Metric;

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
    draw_gradient_chart_with(area, data, None, None, theme)
}

/// `draw_gradient_chart` with a pinned profile beside the bars (see `pinned`).
pub fn draw_gradient_chart_pinned<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &GradientChartData,
    pin: Option<&PinnedProfile>,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    draw_gradient_chart_with(area, data, pin, None, theme)
}

/// `draw_gradient_chart` with the mean-field overlay (`theory_overlay`) when `theory` is given.
pub fn draw_gradient_chart_with_theory<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &GradientChartData,
    theory: Option<&TheoryOverlay>,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    draw_gradient_chart_with(area, data, None, theory, theme)
}

/// The chart with an optional pinned profile and an optional mean-field overlay.
pub fn draw_gradient_chart_with<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &GradientChartData,
    pin: Option<&PinnedProfile>,
    theory: Option<&TheoryOverlay>,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    let overlays = Overlays {
        pin,
        theory,
        bands: None,
    };
    draw_gradient_chart_overlaid(area, data, overlays, theme)
}

/// What may be drawn over the bars: a pinned profile, the mean-field line, the number
/// format's limits (`format_bands`: `data` then holds the scaled values, S·‖∂L/∂z‖).
#[derive(Clone, Copy, Default)]
pub struct Overlays<'a> {
    pub pin: Option<&'a PinnedProfile>,
    pub theory: Option<&'a TheoryOverlay>,
    pub bands: Option<&'a FormatBands>,
}

/// The chart with any of the `Overlays`.
pub fn draw_gradient_chart_overlaid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &GradientChartData,
    Overlays { pin, theory, bands }: Overlays,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    let frame = Frame::open(area, theme)?;
    let legend_top = frame.title(&format!("{} (log scale)", data.metric_label))?;
    let legend_bottom = draw_legend(&frame, data, (pin, theory, bands), legend_top)?;
    let mut axis_values = theory.map(TheoryOverlay::values).unwrap_or_default();
    axis_values.extend(bands.map(FormatBands::axis_values).unwrap_or_default());
    let axis = LogAxis::fit(&frame, data, pin, &axis_values, legend_bottom);
    let plot = axis.plot;
    let layers = pinned::layers(data.values.len(), pin);
    let mut layout = LayerChartLayout::new(plot, layers);

    if let Some(b) = bands {
        format_bands::draw(&frame, plot, b, |lg| axis.y_of(lg))?;
    }
    draw_decade_grid(&frame, &axis)?;
    if let Some(band) = &data.band {
        draw_band(&frame, &axis, &layout, band)?;
    }
    layout.bars = draw_bars(&frame, &axis, &layout, &data.values, pin.is_some())?;
    if let Some(pin) = pin {
        pinned::draw_outline(&frame, &layout, |lg| axis.y_of(lg), pin)?;
    }
    if let Some(band) = &data.band {
        draw_whiskers(&frame, &axis, &layout.bars, band)?;
    }
    let dots: Vec<Option<i32>> = match theory {
        Some(TheoryOverlay::Line(logs)) => logs
            .iter()
            .map(|v| v.is_finite().then(|| axis.y_of(*v)))
            .collect(),
        _ => Vec::new(),
    };
    trend_marks::draw_trend_marks(&frame, plot, &layout.bars, &data.values, &dots)?;
    label_special_runs(&frame, &layout, &data.values)?;
    if let Some(TheoryOverlay::Line(logs)) = theory {
        theory_overlay::draw_line_marks(&frame, &layout, logs, |lg| axis.y_of(lg))?;
    }

    let axis_style = stroke(theme.axis, 1);
    draw_line(
        area,
        (plot.left, plot.top),
        (plot.left, plot.bottom),
        axis_style,
    )?;
    draw_line(
        area,
        (plot.left, plot.bottom),
        (plot.right, plot.bottom),
        axis_style,
    )?;
    let row_y = plot.bottom + 4;
    frame.layer_axis(&layout, row_y, Some((plot.bottom, axis_style)))?;
    draw_direction_caption(&frame, &layout, row_y + frame.line_h + 4)?;
    Ok(layout)
}

/// Health colours (plus overflow, underflow and the seed band when present), wrapped to the
/// width; returns the plot's top.
fn draw_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    data: &GradientChartData,
    (pin, theory, bands): (
        Option<&PinnedProfile>,
        Option<&TheoryOverlay>,
        Option<&FormatBands>,
    ),
    top: i32,
) -> DrawResult<i32, DB> {
    let mut entries: Vec<(Health, &str)> = vec![
        (Health::Healthy, "within 32× of layer L (healthy)"),
        (Health::Vanishing { decades: 4.0 }, "↓ smaller (vanishing)"),
        (Health::Exploding { decades: 4.0 }, "↑ larger (exploding)"),
    ];
    if data.values.iter().any(|v| !v.is_finite()) {
        entries.push((Health::Overflow, "overflow (inf/NaN)"));
    }
    if data.values.contains(&0.0) {
        entries.push((Health::Underflow, "0 = underflow"));
    }
    let theme = frame.theme;
    let mut legend = Legend::at(top);
    for (health, label) in &entries {
        let hatch = matches!(health, Health::Overflow).then_some(theme.background);
        legend.swatch(frame, (fill(health.color(theme)), hatch), label, 12)?;
    }
    if data.band.is_some() {
        let band = fill_alpha(theme.band, theme.band_alpha * 2.0);
        legend.swatch(frame, (band, None), "p10–p90 across seeds", 12)?;
    }
    if let Some(theory) = theory {
        theory_overlay::legend_entry(frame, &mut legend, theory)?;
    }
    if let Some(pin) = pin {
        pinned::legend(frame, &mut legend, pin)?;
    }
    if let Some(b) = bands {
        format_bands::legend(frame, &mut legend, b)?;
    }
    Ok(legend.bottom(frame, 6))
}

/// The plot and its log10 value axis: whole decades covering every finite positive value and
/// band end, labelled at the left.
struct LogAxis {
    plot: PixelRect,
    range: DecadeRange,
    ticks: Vec<i32>,
}

impl LogAxis {
    fn fit<DB: DrawingBackend>(
        frame: &Frame<DB>,
        data: &GradientChartData,
        pin: Option<&PinnedProfile>,
        extra: &[f64],
        top: i32,
    ) -> Self {
        let band_values = data.band.iter().flatten().flat_map(|&(a, b)| [a, b]);
        let pin_values = pin.iter().flat_map(|p| p.values.iter().copied());
        let values = data.values.iter().chain(extra).copied().chain(band_values);
        let range = DecadeRange::covering(values.chain(pin_values), 2);
        // Bottom rows: layer numbers, then the backward-pass caption.
        let bottom_rows = 2 * (frame.line_h + 4) + 6;
        let bottom = (frame.height - bottom_rows).max(top + 1);
        let tick_h = frame.line_h.max(1);
        let max_ticks = (((bottom - top).max(1) / (tick_h * 2)).max(2)) as usize;
        let ticks = range.ticks(max_ticks);
        // The left margin fits the widest decade label and the "layer" row header.
        let label_w = ticks
            .iter()
            .map(|k| frame.text_width(&decade_label(*k), &frame.tick_style))
            .chain(std::iter::once(frame.text_width("layer", &frame.small)))
            .max()
            .unwrap_or(0);
        let last_layer = pinned::layers(data.values.len(), pin).to_string();
        let last_label_w = frame.text_width(&last_layer, &frame.tick_style);
        let plot = frame.plot_rect(top, bottom, label_w, last_label_w / 2);
        LogAxis { plot, range, ticks }
    }

    /// Pixel row of log10 value `lg`, clamped to the plot.
    fn y_of(&self, lg: f64) -> i32 {
        let f = self.range.fraction(lg).clamp(0.0, 1.0);
        self.plot.bottom - (f * f64::from(self.plot.height())).round() as i32
    }

    /// Pixel row of a band end: its log10, or the bottom of the axis for 0 and below.
    fn y_of_band_end(&self, v: f64) -> i32 {
        self.y_of(safe_log10(v).unwrap_or(f64::from(self.range.lo)))
    }
}

/// Grid lines and labels at the decade ticks.
fn draw_decade_grid<DB: DrawingBackend>(frame: &Frame<DB>, axis: &LogAxis) -> DrawResult<(), DB> {
    let plot = axis.plot;
    for &k in &axis.ticks {
        frame.decade_gridline(plot, axis.y_of(f64::from(k)), k)?;
    }
    Ok(())
}

/// The seed band behind the bars, one slot-wide step per layer.
fn draw_band<DB: DrawingBackend>(
    frame: &Frame<DB>,
    axis: &LogAxis,
    layout: &LayerChartLayout,
    band: &[(f64, f64)],
) -> DrawResult<(), DB> {
    let theme = frame.theme;
    for (i, &(p10, p90)) in band.iter().enumerate().take(layout.layers) {
        let Some(top) = safe_log10(p90) else { continue };
        let Some((left, right)) = layout.slot(i + 1) else {
            continue;
        };
        let top = axis.y_of(top);
        let bottom = axis.y_of_band_end(p10).max(top + 1);
        let rect = PixelRect {
            left,
            right,
            top,
            bottom,
        };
        draw_rect(frame.area, rect, fill_alpha(theme.band, theme.band_alpha))?;
    }
    Ok(())
}

/// One bar per layer, coloured by health against layer L; returns the bars drawn.
fn draw_bars<DB: DrawingBackend>(
    frame: &Frame<DB>,
    axis: &LogAxis,
    layout: &LayerChartLayout,
    values: &[f64],
    beside_pin: bool,
) -> DrawResult<Vec<PixelRect>, DB> {
    let plot = axis.plot;
    let reference = reference_value(values);
    let mut bars = Vec::with_capacity(values.len());
    for (i, &v) in values.iter().enumerate() {
        let slot = layout.slot(i + 1).unwrap_or((plot.left, plot.left + 1));
        let (l, r) = if beside_pin {
            pinned::live_part(slot)
        } else {
            slot
        };
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
                .map(|lg| axis.y_of(lg))
                .unwrap_or(plot.bottom)
                .min(plot.bottom - 1),
        };
        let bar = PixelRect {
            left,
            right: left + bar_w,
            top,
            bottom: plot.bottom,
        };
        draw_rect(frame.area, bar, fill(health.color(frame.theme)))?;
        bars.push(bar);
    }
    Ok(bars)
}

/// Over bars wide enough, a whisker shows the part of the band the bar itself hides.
fn draw_whiskers<DB: DrawingBackend>(
    frame: &Frame<DB>,
    axis: &LogAxis,
    bars: &[PixelRect],
    band: &[(f64, f64)],
) -> DrawResult<(), DB> {
    let whisker = stroke(frame.theme.text_muted, 1);
    for (bar, &(p10, p90)) in bars.iter().zip(band) {
        let Some(top) = safe_log10(p90) else { continue };
        if bar.width() < 4 {
            continue;
        }
        let bottom = axis.y_of_band_end(p10);
        let (cx, top) = (bar.center_x(), axis.y_of(top));
        draw_line(frame.area, (cx, top), (cx, bottom), whisker)?;
        draw_line(frame.area, (cx - 2, top), (cx + 2, top), whisker)?;
        draw_line(frame.area, (cx - 2, bottom), (cx + 2, bottom), whisker)?;
    }
    Ok(())
}

/// Marks and names runs of overflow (hatched, "overflow") and underflow ("underflow to zero"
/// or "0") layers, left to
/// right, so they are never silently empty.
fn label_special_runs<DB: DrawingBackend>(
    frame: &Frame<DB>,
    layout: &LayerChartLayout,
    values: &[f64],
) -> DrawResult<(), DB> {
    let mut runs: Vec<((usize, usize), bool)> = Vec::new();
    runs.extend(
        runs_of_true(values.iter().map(|v| !v.is_finite()))
            .into_iter()
            .map(|r| (r, true)),
    );
    runs.extend(
        runs_of_true(values.iter().map(|v| *v == 0.0))
            .into_iter()
            .map(|r| (r, false)),
    );
    runs.sort_by_key(|((first, _), _)| *first);
    let mut labels = RunLabels::new();
    for (run, overflow) in runs {
        if overflow {
            let Some(rect) = frame.hatch_overflow_run(layout, run)? else {
                continue;
            };
            label_overflow_run(frame, &mut labels, rect)?;
        } else if let (Some(a), Some(b)) = (layout.bars.get(run.0), layout.bars.get(run.1)) {
            let cx = a.left + (b.right - a.left) / 2;
            label_zero_run(frame, &mut labels, layout, cx, b.right - a.left)?;
        }
    }
    Ok(())
}

/// "overflow" across a wide run, up a narrow one, or not at all where it would collide.
fn label_overflow_run<DB: DrawingBackend>(
    frame: &Frame<DB>,
    labels: &mut RunLabels,
    run: PixelRect,
) -> DrawResult<(), DB> {
    let (tw, th) = text_size(frame.area, "overflow", &frame.small);
    let cx = run.center_x();
    if run.width() >= tw + 8 && labels.clears(cx - tw / 2) {
        labels.boxed_overflow(frame, run)
    } else if tw + 8 < run.height() && labels.clears(cx - th / 2) {
        labels.vertical_overflow(frame, run)
    } else {
        Ok(())
    }
}

/// "underflow to zero" (or "0" where the run is too narrow for the words) at the foot of a
/// run of layers whose gradient is exactly zero, `width` pixels wide.
fn label_zero_run<DB: DrawingBackend>(
    frame: &Frame<DB>,
    labels: &mut RunLabels,
    layout: &LayerChartLayout,
    cx: i32,
    width: i32,
) -> DrawResult<(), DB> {
    let words = "underflow to zero";
    let label = if frame.text_width(words, &frame.small) + 8 <= width {
        words
    } else {
        "0"
    };
    let (tw, th) = text_size(frame.area, label, &frame.small);
    let plot = layout.plot();
    if labels.clears(cx - tw / 2) && plot.height() > th + 4 {
        let style = font(frame.theme, 0.85, &frame.theme.vanishing);
        let at = (cx, plot.bottom - 4);
        draw_text(frame.area, label, at, &style, HPos::Center, VPos::Bottom)?;
        labels.last_right = cx + tw / 2 + 2;
    }
    Ok(())
}

/// The direction of back-propagation under the layer numbers, shortened to what fits.
fn draw_direction_caption<DB: DrawingBackend>(
    frame: &Frame<DB>,
    layout: &LayerChartLayout,
    y: i32,
) -> DrawResult<(), DB> {
    let n = layout.layers;
    let full = if n == 1 {
        "← backward pass: the loss's gradient enters layer 1 (output = input)".to_string()
    } else {
        format!("← backward pass: gradient flows from layer {n} (output) to layer 1 (input)")
    };
    let short = format!("← backward pass: layer {n} to layer 1");
    let caption = [full.as_str(), short.as_str(), "← backward pass"]
        .into_iter()
        .find(|c| frame.text_width(c, &frame.small) <= frame.width - 2 * PAD)
        .unwrap_or("←");
    let at = ((layout.plot_left + layout.plot_right) / 2, y);
    frame.small_text(caption, at, HPos::Center, VPos::Top)
}
