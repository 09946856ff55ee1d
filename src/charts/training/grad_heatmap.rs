//! The gradient heatmap of a training run: hidden layers (rows, layer 1 = input side at the
//! bottom) × steps (columns) of log10 ‖∂L/∂Wₗ‖ on the minibatch, coloured with viridis in
//! `LEVELS` steps (dark = small, "cold"; yellow = large) and a colour bar. Non-finite cells are
//! hatched in the overflow colour and named in the legend. A vanishing network shows a cold
//! band along the bottom that never warms.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use crate::charts::chart::Chart;
use crate::charts::kit::color_bar::draw_color_bar;
pub use crate::charts::kit::color_bar::gradient_color;
use crate::charts::kit::draw_util::{fill, DrawResult};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::scale::DecadeRange;
use crate::charts::kit::step_axes::{count_steps, draw_axes_lines, nonfinite_label, StepAxis};
use crate::charts::kit::step_heatmap::{draw_row_labels, draw_step_cells, StepValues};
use crate::charts::kit::theme::Theme;
use crate::train::{StepColumn, TrainHistory};
use crate::words::format::{format_layer_list, format_value_ascii};

/// At most this many step columns are drawn (a canvas redraw of 200 layers stays cheap).
const MAX_COLUMNS: usize = 240;
/// A layer is "cold" at a step when its gradient is this many decades below the largest.
pub const COLD_DECADES: f64 = 2.0;
/// … and it "stays cold" when that holds at this share of the kept steps.
pub const COLD_SHARE: f64 = 0.9;

/// The weight gradient of every layer over a run's steps.
#[derive(Clone, Copy, Debug)]
pub struct GradHeatmap;

impl Chart for GradHeatmap {
    type Data<'a> = &'a TrainHistory;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        history: &TrainHistory,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_grad_heatmap(area, history, theme)
    }

    fn summary(&self, history: &TrainHistory) -> String {
        grad_heatmap_summary(history)
    }
}

/// Draws the chart filling `area`.
pub fn draw_grad_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &TrainHistory,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title_fit(&[
        "Weight gradient ‖∂L/∂Wₗ‖ per layer over steps (log scale, minibatch)",
        "Weight gradient per layer over steps (log scale)",
        "‖∂L/∂Wₗ‖ per layer over steps (log)",
    ])?;
    let columns: Vec<&StepColumn> = history.steps.series().collect();
    let values = columns.iter().flat_map(|c| c.grad_norm.iter().copied());
    let range = DecadeRange::covering(values, 1);
    let any_nonfinite = columns
        .iter()
        .any(|c| c.grad_norm.iter().any(|g| !g.is_finite()));
    let top = draw_scale_key(&frame, range, any_nonfinite, top)?;
    let depth = history.depth.max(1);
    let label_w = frame.text_width(&format!("{depth} (output)"), &frame.tick_style);
    let label_w = label_w.max(frame.text_width("1 (input)", &frame.tick_style));
    let bottom = (frame.height - frame.line_h - 8).max(top + 1);
    let right = StepAxis::end_room(&frame, history.last_step).max(4);
    let plot = frame.plot_rect(top, bottom, label_w, right);
    let steps = StepAxis::new(plot, history.last_step);
    let cells: Vec<StepValues> = columns
        .iter()
        .map(|c| (c.step, c.grad_norm.as_slice()))
        .collect();
    draw_step_cells(&frame, &steps, &cells, range, (depth, MAX_COLUMNS))?;
    draw_row_labels(&frame, plot, depth, |l| layer_label(l, depth))?;
    draw_axes_lines(&frame, plot)?;
    steps.draw_ticks(&frame, plot.bottom + 4)?;
    if let Some(nf) = &history.first_nonfinite {
        steps.mark_nonfinite(&frame, nf)?;
    }
    Ok(())
}

/// "‖∂L/∂Wₗ‖: 10⁻⁸ [ramp] 10⁰", and the overflow swatch when needed.
fn draw_scale_key<DB: DrawingBackend>(
    frame: &Frame<DB>,
    range: DecadeRange,
    any_nonfinite: bool,
    top: i32,
) -> DrawResult<i32, DB> {
    let x = draw_color_bar(frame, "‖∂L/∂Wₗ‖", range, top)?;
    let mut legend = Legend { x, y: top };
    if any_nonfinite {
        let swatch = (fill(frame.theme.overflow), Some(frame.theme.background));
        legend.swatch(frame, swatch, "overflow (inf/NaN)", 0)?;
    }
    Ok(legend.bottom(frame, 6))
}

/// Layer numbers at the left, "1 (input)" at the bottom, "L (output)" at the top.
fn layer_label(l: usize, depth: usize) -> String {
    match l {
        1 => "1 (input)".to_string(),
        l if l == depth => format!("{l} (output)"),
        l => l.to_string(),
    }
}

/// Hidden layers (1-based) whose gradient stays cold: at least `COLD_DECADES` below the
/// largest layer's at `COLD_SHARE` of the kept steps (steps with any non-finite value skipped).
pub fn cold_layers(history: &TrainHistory) -> Vec<usize> {
    let finite: Vec<&StepColumn> = history
        .steps
        .series()
        .filter(|c| c.grad_norm.iter().all(|g| g.is_finite()))
        .collect();
    if finite.is_empty() {
        return Vec::new();
    }
    (0..history.depth)
        .filter(|&l| {
            let cold = finite.iter().filter(|c| {
                let top = c.grad_norm.iter().copied().fold(0.0f64, f64::max);
                c.grad_norm[l] * 10f64.powf(COLD_DECADES) < top
            });
            cold.count() as f64 >= COLD_SHARE * finite.len() as f64
        })
        .map(|l| l + 1)
        .collect()
}

/// The text alternative: the last step's first and last layer, which layers stay cold, and
/// where the values stopped being finite.
pub fn grad_heatmap_summary(history: &TrainHistory) -> String {
    let depth = history.depth;
    let Some(last) = history.steps.latest() else {
        return format!(
            "Weight gradient ‖∂L/∂Wₗ‖ per layer ({depth} hidden layers): no steps yet."
        );
    };
    let at = |l: usize| {
        last.grad_norm
            .get(l)
            .copied()
            .map_or("none".into(), format_value_ascii)
    };
    let mut s = format!(
        "Weight gradient ‖∂L/∂Wₗ‖ per layer over {}, {depth} hidden layers: at step {} layer 1 \
         (input side) {}, layer {depth} (output side) {}",
        count_steps(history.last_step),
        last.step,
        at(0),
        at(depth.saturating_sub(1)),
    );
    let cold = cold_layers(history);
    s += &match cold.as_slice() {
        [] => "; no layer stays cold".to_string(),
        [one] => format!("; layer {one} stays cold"),
        many => format!("; layers {} stay cold", format_layer_list(many)),
    };
    if !cold.is_empty() {
        s += " (more than 100 times below the largest layer in 90% of the steps: vanishing)";
    }
    if let Some(nf) = &history.first_nonfinite {
        s += &format!("; {}", nonfinite_label(nf));
    }
    s + "."
}
