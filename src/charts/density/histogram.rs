//! One column's histogram (share of values per bin): the small multiples under the density
//! heatmap. Also what a column is (`DensityColumn`) and the shares both draw from.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Polygon;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::ShapeStyle;

use crate::charts::kit::colormap::density_color;
use crate::charts::kit::draw_util::{
    draw_boxed_label, draw_hatch, draw_line, draw_rect, draw_text, fill, font, stroke, DrawResult,
    PixelRect,
};
use crate::charts::kit::scale::linear_label;
use crate::charts::kit::text_size::text_size;
use crate::charts::kit::theme::Theme;
use crate::sim::{Histogram, LayerReport};

/// One column of a density chart: a layer's activations, or a step's hidden states.
#[derive(Clone, Copy)]
pub struct DensityColumn<'a> {
    /// What the columns are ("layer", "step") and this one's number, 1-based.
    pub axis: &'a str,
    pub index: usize,
    pub histogram: &'a Histogram,
    /// Shares of values saturated / exactly zero, where the column's function has such a state.
    pub saturated_fraction: Option<f64>,
    pub dead_fraction: Option<f64>,
    /// Values that were inf/NaN.
    pub nonfinite: u64,
}

impl<'a> DensityColumn<'a> {
    /// An explorer layer's activations.
    pub fn of_layer(layer: &'a LayerReport) -> DensityColumn<'a> {
        DensityColumn {
            axis: "layer",
            index: layer.layer,
            histogram: &layer.histogram,
            saturated_fraction: layer.saturated_fraction,
            dead_fraction: layer.dead_fraction,
            nonfinite: layer.nonfinite,
        }
    }
}
use crate::words::format::format_share_percent;

/// Shares of one layer's values: per bin, below/above the binned range, and non-finite.
pub(super) struct Shares {
    pub bins: Vec<f64>,
    pub below: f64,
    pub above: f64,
    pub nonfinite: f64,
}

impl Shares {
    pub fn of(h: &Histogram) -> Shares {
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
    pub fn all_nonfinite(&self, layer: &DensityColumn) -> bool {
        self.nonfinite >= 1.0 || (self.bins.iter().all(|b| *b == 0.0) && layer.nonfinite > 0)
    }
}

/// A histogram's usable range, `None` if its ends are not finite and increasing.
pub(super) fn hist_range(h: &Histogram) -> Option<(f64, f64)> {
    let (lo, hi) = (f64::from(h.lo), f64::from(h.hi));
    (lo.is_finite() && hi.is_finite() && hi > lo && !h.counts.is_empty()).then_some((lo, hi))
}

/// One column's histogram as bars (share of values per bin), for the small multiples.
pub fn draw_column_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layer: &DensityColumn,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let small = font(theme, 0.85, &theme.text_muted);
    let (_, line_h) = text_size(area, "Mg", &small);
    draw_heading(area, layer, theme)?;
    let plot = PixelRect {
        left: 8,
        right: (w - 8).max(9),
        top: line_h + 8,
        bottom: (h - line_h - 6).max(line_h + 9),
    };
    let baseline = ((plot.left, plot.bottom), (plot.right, plot.bottom));
    draw_line(area, baseline.0, baseline.1, stroke(theme.axis, 1))?;

    let s = Shares::of(layer.histogram);
    if s.all_nonfinite(layer) {
        return draw_all_overflow(area, plot, theme);
    }
    let Some((lo, hi)) = hist_range(layer.histogram) else {
        let at = (plot.center_x(), plot.top);
        return draw_text(area, "no data", at, &small, HPos::Center, VPos::Top);
    };
    draw_bins(area, plot, &s.bins, fill(density_color(0.75, theme.dark)))?;
    draw_range_labels(area, plot, (lo, hi), &small)?;
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

/// "layer 3 · saturated 12% · zero 40%" (outputs exactly 0, not dead units), top left.
fn draw_heading<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layer: &DensityColumn,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let mut heading = format!("{} {}", layer.axis, layer.index);
    if let Some(f) = layer.saturated_fraction {
        heading += &format!(" · saturated {}", format_share_percent(f));
    }
    if let Some(f) = layer.dead_fraction {
        heading += &format!(" · zero {}", format_share_percent(f));
    }
    let title = font(theme, 0.9, &theme.text);
    draw_text(area, &heading, (4, 2), &title, HPos::Left, VPos::Top)
}

/// Every value was inf/NaN: the whole plot hatched and named.
fn draw_all_overflow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: PixelRect,
    theme: &Theme,
) -> DrawResult<(), DB> {
    draw_rect(area, plot, fill(theme.overflow))?;
    draw_hatch(area, plot, 6, theme.background)?;
    let centre = (plot.center_x(), plot.top + plot.height() / 2);
    let style = font(theme, 0.85, &theme.overflow);
    draw_boxed_label(area, "overflow", centre, &style, theme.background)?;
    Ok(())
}

/// The bins as bars scaled to the tallest, tiling the plot's width.
fn draw_bins<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: PixelRect,
    bins: &[f64],
    bar_color: ShapeStyle,
) -> DrawResult<(), DB> {
    let peak = bins.iter().copied().fold(0.0f64, f64::max);
    let nb = bins.len() as i32;
    let bar_top = |share: f64| {
        let top = plot.bottom - ((share / peak) * f64::from(plot.height())).round() as i32;
        top.min(plot.bottom - 1)
    };
    let x_of = |b: usize| plot.left + plot.width() * b as i32 / nb;
    if peak > 0.0 && plot.width() >= nb {
        // Bars tile the axis and all stand on it, so their union is one skyline polygon:
        // one fill instead of one per bin (empty bins run along the baseline).
        let mut outline = vec![(plot.left, plot.bottom)];
        for (b, share) in bins.iter().enumerate() {
            let top = if *share > 0.0 {
                bar_top(*share)
            } else {
                plot.bottom
            };
            outline.extend([(x_of(b), top), (x_of(b + 1), top)]);
        }
        outline.push((plot.right, plot.bottom));
        return area.draw(&Polygon::new(outline, bar_color));
    }
    for (b, share) in bins.iter().enumerate() {
        if peak <= 0.0 || *share <= 0.0 {
            continue;
        }
        let bar = PixelRect {
            left: x_of(b),
            right: x_of(b + 1).max(x_of(b) + 1),
            top: bar_top(*share),
            bottom: plot.bottom,
        };
        draw_rect(area, bar, bar_color)?;
    }
    Ok(())
}

/// The binned range's ends under the plot and, if inside, zero.
fn draw_range_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: PixelRect,
    (lo, hi): (f64, f64),
    style: &plotters::style::TextStyle,
) -> DrawResult<(), DB> {
    let y = plot.bottom + 2;
    for (v, x, h) in [(lo, plot.left, HPos::Left), (hi, plot.right, HPos::Right)] {
        draw_text(area, &linear_label(v), (x, y), style, h, VPos::Top)?;
    }
    if lo < 0.0 && hi > 0.0 {
        let x0 = plot.left + ((-lo) / (hi - lo) * f64::from(plot.width())).round() as i32;
        draw_text(area, "0", (x0, y), style, HPos::Center, VPos::Top)?;
    }
    Ok(())
}
