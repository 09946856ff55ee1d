//! The residual stream per block on a log axis: the median over seeds as a line, p10–p90 as a
//! band, and a pinned run's median dashed beside it (Pre-LN pinned beside Post-LN is Xiong et
//! al.'s Figure 3, measured). One function draws both of the mode's line charts: the stream
//! gradient ‖∂L/∂x_{l−1}‖ at each block's input and the stream's std(x_l) after it.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Polygon;
use plotters::prelude::DrawingBackend;

use super::block_axis::draw_block_axis;
use super::summary::{std_summary, stream_summary};
use crate::charts::chart::Chart;
use crate::charts::kit::draw_util::{fill, fill_alpha, DrawResult};
use crate::charts::kit::frame::{Frame, Legend, PAD};
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::scale::DecadeRange;
use crate::charts::kit::step_axes::{draw_axes_lines, draw_line_series, LogAxis};
use crate::charts::kit::theme::Theme;
use crate::sim::report::Percentiles;
use crate::sim::transformer::report::BlockSpread;
use crate::sim::transformer::StackReport;

/// Which of the stream's two quantities a chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamQuantity {
    /// ‖∂L/∂x_{l−1}‖ at block l's input.
    Gradient,
    /// std(x_l) after block l.
    Std,
}

impl StreamQuantity {
    pub fn of(self, b: &BlockSpread) -> Percentiles {
        match self {
            StreamQuantity::Gradient => b.stream_grad_norm,
            StreamQuantity::Std => b.stream_std,
        }
    }

    fn title(self) -> &'static str {
        match self {
            StreamQuantity::Gradient => "Stream gradient ‖∂L/∂x‖ at each block's input (log scale)",
            StreamQuantity::Std => "Stream std(x) after each block (log scale)",
        }
    }

    fn median_label(self) -> &'static str {
        match self {
            StreamQuantity::Gradient => "‖∂L/∂x‖ median",
            StreamQuantity::Std => "std(x) median",
        }
    }
}

/// A pinned run drawn beside the current one: its medians and its name.
pub struct PinnedStack<'a> {
    pub report: &'a StackReport,
    pub name: String,
}

/// What a stream chart draws: a report, and a pinned run beside it.
#[derive(Clone, Copy)]
pub struct StreamData<'a> {
    pub report: &'a StackReport,
    pub pinned: Option<&'a PinnedStack<'a>>,
}

/// Each quantity is a chart of its own.
impl Chart for StreamQuantity {
    type Data<'a> = StreamData<'a>;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        data: StreamData,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_stream_chart(area, (data.report, *self), data.pinned, theme)
    }

    /// The current run's words (the pinned one's name is in the legend).
    fn summary(&self, data: StreamData) -> String {
        match self {
            StreamQuantity::Gradient => stream_summary(data.report),
            StreamQuantity::Std => std_summary(data.report),
        }
    }
}

/// Draws `q` of `report` (and of `pinned`) filling `area`.
fn draw_stream_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (report, q): (&StackReport, StreamQuantity),
    pinned: Option<&PinnedStack>,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title_fit(&[q.title(), q.median_label()])?;
    let top = draw_legend(&frame, top, q, pinned)?;
    let pin_values = pinned.map_or(Vec::new(), |p| medians(p.report, q));
    let values = report
        .blocks
        .iter()
        .flat_map(|b| {
            let p = q.of(b);
            [p.p10, p.p50, p.p90]
        })
        .chain(pin_values.iter().copied());
    let range = DecadeRange::covering(values, 2);
    let label_w = LogAxis::label_width(&frame, range).max(frame.text_width("block", &frame.small));
    let bottom = (frame.height - frame.line_h - 8).max(top + 1);
    let plot = frame.plot_rect(top, bottom, label_w, 8);
    let (layout, log) = (
        LayerChartLayout::new(plot, report.blocks.len()),
        LogAxis { plot, range },
    );
    log.draw_grid(&frame)?;
    draw_band(&frame, report, q, (&layout, &log))?;
    let at = |b: usize, v: f64| Some((layout.center_x(b)?, log.y_of(v)?));
    let pin_points = pin_values.iter().enumerate().map(|(i, &v)| at(i + 1, v));
    draw_line_series(&frame, pin_points, theme.text_muted, true)?;
    let median = report.blocks.iter().map(|b| at(b.block, q.of(b).p50));
    draw_line_series(&frame, median, theme.vanishing, false)?;
    draw_axes_lines(&frame, plot)?;
    draw_block_axis(&frame, &layout, plot.bottom + 4)
}

/// The medians of `q` over `report`'s blocks.
fn medians(report: &StackReport, q: StreamQuantity) -> Vec<f64> {
    report.blocks.iter().map(|b| q.of(b).p50).collect()
}

/// The p10–p90 band, one polygon per run of blocks where both ends have a log.
fn draw_band<DB: DrawingBackend>(
    frame: &Frame<DB>,
    report: &StackReport,
    q: StreamQuantity,
    (layout, log): (&LayerChartLayout, &LogAxis),
) -> DrawResult<(), DB> {
    let style = fill_alpha(frame.theme.band, frame.theme.band_alpha);
    let mut run: Vec<(i32, i32, i32)> = Vec::new();
    let flush = |run: &mut Vec<(i32, i32, i32)>| -> DrawResult<(), DB> {
        if run.len() > 1 {
            let upper = run.iter().map(|&(x, hi, _)| (x, hi));
            let lower = run.iter().rev().map(|&(x, _, lo)| (x, lo));
            let points: Vec<(i32, i32)> = upper.chain(lower).collect();
            frame.area.draw(&Polygon::new(points, style))?;
        }
        run.clear();
        Ok(())
    };
    for b in &report.blocks {
        let p = q.of(b);
        match (layout.center_x(b.block), log.y_of(p.p90), log.y_of(p.p10)) {
            (Some(x), Some(hi), Some(lo)) => run.push((x, hi, lo)),
            _ => flush(&mut run)?,
        }
    }
    flush(&mut run)
}

/// The series' keys; returns the plot's top.
fn draw_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    top: i32,
    q: StreamQuantity,
    pinned: Option<&PinnedStack>,
) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let mut legend = Legend::at(top);
    legend.swatch(frame, (fill(t.vanishing), None), q.median_label(), 12)?;
    let band = (fill_alpha(t.band, t.band_alpha), None);
    legend.swatch(frame, band, "p10–p90 over seeds", 12)?;
    if let Some(p) = pinned {
        // The whole name when it fits on a row, else only its placement ("Pre-LN").
        let full = format!("pinned: {} (dashed)", p.name);
        let room = frame.width - 2 * PAD - frame.line_h - 4;
        let short = p.name.split(',').next().unwrap_or_default();
        let label = if frame.text_width(&full, &frame.small) <= room {
            full
        } else {
            format!("pinned: {short} (dashed)")
        };
        legend.swatch(frame, (fill(t.text_muted), None), &label, 12)?;
    }
    Ok(legend.bottom(frame, 6))
}
