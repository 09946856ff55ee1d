//! The mean-field prediction drawn over the gradient bars: a dashed line with a dot per layer,
//! anchored at the output layer's simulated signal gradient (the theory predicts only how the
//! gradient changes going back, not its size). Where there is nothing honest to draw, the
//! legend says why instead.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::{Circle, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use crate::charts::kit::draw_util::{
    dash_polyline, draw_line, draw_text, fill, stroke, DrawResult,
};
use crate::charts::kit::frame::{Frame, Legend, PAD};
use crate::charts::kit::layout::LayerChartLayout;
use crate::lessons::theory_words::no_prediction_words;
use crate::sim::Report;
use crate::words::format::format_value;
use crate::words::metric::Metric;

/// What the overlay shows when the toggle is on.
#[derive(Clone, Debug, PartialEq)]
pub enum TheoryOverlay {
    /// Predicted log10 of the signal gradient per layer (layer 1 first), anchored at layer L.
    Line(Vec<f64>),
    /// No line, and the legend's reason ("no mean-field prediction for …").
    Absent(String),
}

impl TheoryOverlay {
    /// The prediction for `report` as the chart shows `metric`. The theory predicts the
    /// signal gradient ∂L/∂z only, so over the weight gradient it is not drawn.
    pub fn from_report(report: &Report, metric: Metric) -> TheoryOverlay {
        if metric == Metric::Weight {
            return TheoryOverlay::Absent(
                "mean-field prediction is for ∂L/∂z: show the signal gradient to compare".into(),
            );
        }
        if report.theory.is_empty() {
            return TheoryOverlay::Absent(no_prediction_words(&report.config));
        }
        let anchor = report.layers.last().map(|l| l.signal_grad_norm);
        match anchor.filter(|g| g.is_finite() && *g > 0.0) {
            Some(g) => {
                let base = libm::log10(g);
                let line = report.theory.iter().map(|t| base + t.signal_grad_rel_log10);
                TheoryOverlay::Line(line.collect())
            }
            None => TheoryOverlay::Absent(
                "mean-field prediction not drawn: layer L's gradient is not a finite number".into(),
            ),
        }
    }

    /// The legend's words.
    pub fn legend_label(&self) -> &str {
        match self {
            TheoryOverlay::Line(_) => "mean-field prediction (anchored at layer L)",
            TheoryOverlay::Absent(why) => why,
        }
    }

    /// One sentence for the chart's text alternative.
    pub fn sentence(&self, report: &Report) -> String {
        match self {
            TheoryOverlay::Line(logs) => {
                let predicted = logs.first().map_or(f64::NAN, |lg| libm::pow(10.0, *lg));
                let simulated = report
                    .layers
                    .first()
                    .map_or(f64::NAN, |l| l.signal_grad_norm);
                format!(
                    "Dashed line: the mean-field prediction, anchored at layer L; at layer 1 it \
                     predicts {}, the simulation gives {}.",
                    format_value(predicted),
                    format_value(simulated)
                )
            }
            TheoryOverlay::Absent(why) => format!("Theory overlay: {why}."),
        }
    }

    /// The predicted values (not log10), for fitting the value axis; empty without a line.
    pub fn values(&self) -> Vec<f64> {
        match self {
            TheoryOverlay::Line(logs) => logs
                .iter()
                .filter(|v| v.is_finite())
                .map(|v| libm::pow(10.0, *v))
                .collect(),
            TheoryOverlay::Absent(_) => Vec::new(),
        }
    }
}

/// The legend entry: a short dashed line with a dot, or (no line) the reason in muted text.
pub fn legend_entry<DB: DrawingBackend>(
    frame: &Frame<DB>,
    legend: &mut Legend,
    overlay: &TheoryOverlay,
) -> DrawResult<(), DB> {
    let label = overlay.legend_label();
    let glyph = if matches!(overlay, TheoryOverlay::Line(_)) {
        22
    } else {
        0
    };
    let need = frame.text_width(label, &frame.small) + glyph + 4;
    if legend.x > PAD && legend.x + need > frame.width - PAD {
        legend.x = PAD;
        legend.y += frame.line_h + 3;
    }
    let mid = legend.y + frame.line_h / 2;
    if glyph > 0 {
        let ink = frame.theme.text;
        draw_line(
            frame.area,
            (legend.x, mid),
            (legend.x + 6, mid),
            stroke(ink, 2),
        )?;
        draw_line(
            frame.area,
            (legend.x + 14, mid),
            (legend.x + 20, mid),
            stroke(ink, 2),
        )?;
        dot(
            frame.area,
            (legend.x + 10, mid),
            ink,
            frame.theme.background,
        )?;
    }
    let at = (legend.x + glyph, mid);
    draw_text(
        frame.area,
        label,
        at,
        &frame.small,
        HPos::Left,
        VPos::Center,
    )?;
    legend.x += need + 12;
    Ok(())
}

/// The dashed line through one dot per layer; `y_of` maps a log10 value to a pixel row.
pub fn draw_line_marks<DB: DrawingBackend>(
    frame: &Frame<DB>,
    layout: &LayerChartLayout,
    logs: &[f64],
    y_of: impl Fn(f64) -> i32,
) -> DrawResult<(), DB> {
    let ink = frame.theme.text;
    let points: Vec<(i32, i32)> = logs
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .filter_map(|(i, v)| Some((layout.center_x(i + 1)?, y_of(*v))))
        .collect();
    let as_f64: Vec<(f64, f64)> = points
        .iter()
        .map(|&(x, y)| (f64::from(x), f64::from(y)))
        .collect();
    for dash in dash_polyline(&as_f64, 6.0, 4.0) {
        for w in dash.windows(2) {
            draw_line(frame.area, w[0], w[1], stroke(ink, 2))?;
        }
    }
    // Dots only while the layers are far enough apart to tell them apart.
    if layout.bars.first().is_some_and(|b| b.width() >= 6) {
        for &p in &points {
            dot(frame.area, p, ink, frame.theme.background)?;
        }
    }
    Ok(())
}

/// A dot on a ring of the background, so it reads over a bar of any colour.
fn dot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    ink: RGBColor,
    background: RGBColor,
) -> DrawResult<(), DB> {
    area.draw(&Circle::new(at, 4, fill(background)))?;
    area.draw(&Circle::new(at, 3, fill(ink)))
}
