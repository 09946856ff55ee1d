//! The six weight gradients of every block as a heatmap: rows W_Q, W_K, W_V, W_O, W₁, W₂,
//! columns blocks 1…L, colour log10 of the median ‖∂L/∂W‖ over seeds (viridis: dark = small,
//! yellow = large). Exact zeros (ReZero's sublayers at a = 0) have no log: they take the
//! background colour with a cross and their own legend entry; inf/NaN are hatched.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::block_axis::draw_block_axis;
use super::summary::{block_weight_summary, weight_median, WEIGHT_LABELS};
use crate::charts::chart::Chart;
use crate::charts::kit::color_bar::{draw_color_bar, gradient_color};
use crate::charts::kit::draw_util::{
    draw_heat_cell, draw_line, draw_rect, draw_text, fill, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::scale::DecadeRange;
use crate::charts::kit::step_axes::draw_axes_lines;
use crate::charts::kit::theme::Theme;
use crate::sim::transformer::StackReport;

/// The six weight gradients of every block.
#[derive(Clone, Copy, Debug)]
pub struct BlockWeights;

impl Chart for BlockWeights {
    type Data<'a> = &'a StackReport;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        report: &StackReport,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_block_weight_chart(area, report, theme)
    }

    fn summary(&self, report: &StackReport) -> String {
        block_weight_summary(report)
    }
}

/// Draws the chart filling `area`.
fn draw_block_weight_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &StackReport,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title_fit(&[
        "Weight gradients ‖∂L/∂W‖ per block (log scale)",
        "‖∂L/∂W‖ per block (log)",
    ])?;
    let blocks = report.blocks.len();
    let all = (1..=blocks).flat_map(|b| (0..6).map(move |w| (b, w)));
    let values: Vec<f64> = all.map(|(b, w)| weight_median(report, b, w)).collect();
    let range = DecadeRange::covering(values.iter().copied().filter(|v| *v > 0.0), 1);
    let any_zero = values.contains(&0.0);
    let top = draw_scale_key(&frame, range, any_zero, top)?;
    let label_w = WEIGHT_LABELS
        .iter()
        .map(|l| frame.text_width(l, &frame.tick_style))
        .max()
        .unwrap_or(0)
        .max(frame.text_width("block", &frame.small));
    let bottom = (frame.height - frame.line_h - 8).max(top + 1);
    let plot = frame.plot_rect(top, bottom, label_w, 8);
    let layout = LayerChartLayout::new(plot, blocks);
    draw_cells(&frame, report, &layout, range)?;
    draw_row_labels(&frame, plot)?;
    draw_axes_lines(&frame, plot)?;
    draw_block_axis(&frame, &layout, plot.bottom + 4)
}

/// Row `w`'s top and bottom pixel (W_Q at the top).
fn row_edges(plot: PixelRect, w: usize) -> (i32, i32) {
    let edge = |i: usize| plot.top + (f64::from(plot.height()) * i as f64 / 6.0).round() as i32;
    (edge(w), edge(w + 1))
}

fn draw_cells<DB: DrawingBackend>(
    frame: &Frame<DB>,
    report: &StackReport,
    layout: &LayerChartLayout,
    range: DecadeRange,
) -> DrawResult<(), DB> {
    let t = frame.theme;
    for b in 1..=layout.layers {
        let Some((left, right)) = layout.slot(b) else {
            continue;
        };
        for w in 0..6 {
            let (top, bottom) = row_edges(layout.plot(), w);
            let r = PixelRect {
                left,
                right,
                top,
                bottom,
            };
            let g = weight_median(report, b, w);
            if g == 0.0 {
                draw_zero_cell(frame, r)?;
            } else {
                draw_heat_cell(
                    frame.area,
                    r,
                    gradient_color(g, range),
                    t.overflow,
                    t.background,
                )?;
            }
        }
    }
    Ok(())
}

/// An exact zero: the background with a thin cross (no colour of the ramp means "0").
fn draw_zero_cell<DB: DrawingBackend>(frame: &Frame<DB>, r: PixelRect) -> DrawResult<(), DB> {
    let t = frame.theme;
    draw_rect(frame.area, r, fill(t.background))?;
    let line = stroke(t.text_muted, 1);
    draw_line(
        frame.area,
        (r.left + 1, r.top + 1),
        (r.right - 2, r.bottom - 2),
        line,
    )?;
    draw_line(
        frame.area,
        (r.left + 1, r.bottom - 2),
        (r.right - 2, r.top + 1),
        line,
    )
}

fn draw_row_labels<DB: DrawingBackend>(frame: &Frame<DB>, plot: PixelRect) -> DrawResult<(), DB> {
    for (w, label) in WEIGHT_LABELS.iter().enumerate() {
        let (top, bottom) = row_edges(plot, w);
        let at = (plot.left - 6, (top + bottom) / 2);
        draw_text(
            frame.area,
            label,
            at,
            &frame.tick_style,
            HPos::Right,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// "‖∂L/∂W‖: 10⁻³ [ramp] 10⁰", and the "exactly 0" key when a cell is one.
fn draw_scale_key<DB: DrawingBackend>(
    frame: &Frame<DB>,
    range: DecadeRange,
    any_zero: bool,
    top: i32,
) -> DrawResult<i32, DB> {
    let x = draw_color_bar(frame, "‖∂L/∂W‖", range, top)?;
    let mut legend = Legend { x, y: top };
    if any_zero {
        let swatch = (fill(frame.theme.background), Some(frame.theme.text_muted));
        legend.swatch(frame, swatch, "exactly 0", 0)?;
    }
    Ok(legend.bottom(frame, 6))
}
