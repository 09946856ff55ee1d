//! The precision chart: for each layer, where the entries of ∂L/∂z sit in the number format,
//! as one stacked bar of shares (0–100 %): lost to underflow (zero here, non-zero in float32;
//! hatched), zero in float32 too, subnormal (few significant bits), normal, and inf/NaN
//! (hatched). Layer 1 (input) left … L (output) right, like the gradient chart. Its text
//! alternative is `precision_summary`.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use crate::charts::kit::draw_util::{draw_hatch, draw_line, draw_rect, fill, stroke, DrawResult};
use crate::charts::kit::draw_util::{draw_text, PixelRect};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::theme::Theme;
use crate::sim::mixed::GradFractions;
use crate::sim::Report;
use crate::words::precision::{format_words, precision_status};

/// What the precision chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct PrecisionChartData {
    /// One per layer, layer 1 first (NaN shares draw nothing).
    pub layers: Vec<GradFractions>,
    /// "float16, dynamic loss scale" (the CLI's words).
    pub format: String,
}

impl PrecisionChartData {
    /// The chart of a mixed-precision report; `None` for float32 (no chart).
    pub fn from_report(r: &Report) -> Option<PrecisionChartData> {
        let run = r.mixed?;
        Some(PrecisionChartData {
            layers: r
                .layers
                .iter()
                .map(|l| l.grad_fractions.unwrap_or_default())
                .collect(),
            format: format_words(&run.asked()),
        })
    }
}

/// The stacked parts of a bar, bottom up: (share, colour, hatched, legend label).
fn parts(f: &GradFractions, theme: &Theme) -> [(f64, RGBColor, bool, &'static str); 5] {
    let also_zero = (f.zero - f.lost).max(0.0);
    [
        (
            f.lost,
            theme.vanishing,
            true,
            "lost to underflow (0 here, not in float32)",
        ),
        (also_zero, theme.dead, false, "0 in float32 too"),
        (f.subnormal, theme.saturated, false, "subnormal (few bits)"),
        (f.normal, theme.healthy, false, "normal"),
        (f.nonfinite, theme.overflow, true, "inf/NaN (overflow)"),
    ]
}

/// Draws the chart filling `area`; returns where the layers landed.
pub fn draw_precision_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &PrecisionChartData,
    theme: &Theme,
) -> DrawResult<LayerChartLayout, DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title(&format!("Entries of ∂L/∂z per layer, {}", data.format))?;
    let mut legend = Legend::at(top);
    for (_, color, hatched, label) in parts(&GradFractions::default(), theme) {
        let hatch = hatched.then_some(theme.background);
        legend.swatch(&frame, (fill(color), hatch), label, 12)?;
    }
    let top = legend.bottom(&frame, 6);
    let bottom = (frame.height - (frame.line_h + 4) - 6).max(top + 1);
    let label_w = frame.text_width("100%", &frame.tick_style);
    let layer_w = frame.text_width("layer", &frame.small);
    let last_w = frame.text_width(&data.layers.len().to_string(), &frame.tick_style);
    let plot = frame.plot_rect(top, bottom, label_w.max(layer_w), last_w / 2);
    let mut layout = LayerChartLayout::new(plot, data.layers.len());
    let y_of = |share: f64| {
        plot.bottom - (share.clamp(0.0, 1.0) * f64::from(plot.height())).round() as i32
    };
    for (share, text) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
        let y = y_of(share);
        draw_line(area, (plot.left, y), (plot.right, y), stroke(theme.grid, 1))?;
        let at = (plot.left - 6, y);
        draw_text(area, text, at, &frame.tick_style, HPos::Right, VPos::Center)?;
    }
    for (i, f) in data.layers.iter().enumerate() {
        let Some((left, right)) = layout.slot(i + 1) else {
            continue;
        };
        let gap = ((right - left) / 6).min(4);
        let (left, right) = (left + gap, (right - gap).max(left + gap + 1));
        layout
            .bars
            .push(draw_stack(&frame, (left, right), f, &y_of)?);
    }
    let axis = stroke(theme.axis, 1);
    draw_line(
        area,
        (plot.left, plot.bottom),
        (plot.right, plot.bottom),
        axis,
    )?;
    frame.layer_axis(&layout, plot.bottom + 4, Some((plot.bottom, axis)))?;
    Ok(layout)
}

/// One layer's stacked bar between columns `left..right`; returns its whole rectangle.
fn draw_stack<DB: DrawingBackend>(
    frame: &Frame<DB>,
    (left, right): (i32, i32),
    f: &GradFractions,
    y_of: &dyn Fn(f64) -> i32,
) -> DrawResult<PixelRect, DB> {
    let theme = frame.theme;
    let mut below = 0.0;
    for (share, color, hatched, _) in parts(f, theme) {
        if !share.is_finite() || share <= 0.0 {
            continue;
        }
        let r = PixelRect {
            left,
            right,
            top: y_of(below + share),
            bottom: y_of(below),
        };
        below += share;
        // A share too small for a pixel still shows as one.
        let r = PixelRect {
            top: r.top.min(r.bottom - 1),
            ..r
        };
        draw_rect(frame.area, r, fill(color))?;
        if hatched {
            draw_hatch(frame.area, r, 4, theme.background)?;
        }
    }
    Ok(PixelRect {
        left,
        right,
        top: y_of(below),
        bottom: y_of(0.0),
    })
}

/// The chart's text alternative: the format, which layers lost how much, and overflow.
pub fn precision_summary(r: &Report) -> String {
    match precision_status(r) {
        Some(s) => {
            let overflow = s.overflow.map(|o| format!(" {o}")).unwrap_or_default();
            format!(
                "Entries of the signal gradient per layer in {}. {}{overflow} {}",
                s.format, s.lost, s.scale
            )
        }
        None => "float32: no precision chart.".to_string(),
    }
}
