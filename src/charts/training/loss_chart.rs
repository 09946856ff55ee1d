//! The loss chart of a training run: the minibatch loss of every kept step (faint) and the
//! full-training-set loss of each measurement (solid) on a log axis at the left; training
//! (solid) and test (dashed) accuracy on a 0–1 axis at the right, with chance (0.5) dotted;
//! and a marked line at the first non-finite step.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::kit::draw_util::{
    dash_polyline, draw_text, fill, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::scale::DecadeRange;
use crate::charts::kit::step_axes::{
    count_steps, draw_axes_lines, draw_line_series, nonfinite_label, LogAxis, StepAxis,
};
use crate::charts::kit::theme::Theme;
use crate::train::{Measurement, TrainHistory};
use crate::words::format::{format_share_percent, format_value_ascii};

/// Draws the chart filling `area`.
pub fn draw_loss_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &TrainHistory,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title("Loss (log scale) and accuracy over steps")?;
    let top = draw_legend(&frame, top)?;
    let measured: Vec<&Measurement> = history.measurements.series().collect();
    let minibatch: Vec<(usize, f64)> = history.steps.series().map(|c| (c.step, c.loss)).collect();
    let losses = minibatch
        .iter()
        .map(|p| p.1)
        .chain(measured.iter().map(|m| m.loss));
    let range = DecadeRange::covering(losses, 1);
    let label_w = LogAxis::label_width(&frame, range).max(frame.text_width("step", &frame.small));
    let right_w = frame.text_width("100%", &frame.tick_style) + 6;
    let bottom = frame.height - frame.line_h - 8;
    let plot = frame.plot_rect(top, bottom.max(top + 1), label_w, right_w);
    let last = history.last_step.max(measured.last().map_or(0, |m| m.step));
    let (steps, log) = (StepAxis::new(plot, last), LogAxis { plot, range });

    log.draw_grid(&frame)?;
    draw_accuracy_axis(&frame, plot)?;
    let faint = theme.fade(theme.vanishing, 0.35);
    let keep = steps.sample(&minibatch.iter().map(|p| p.0).collect::<Vec<_>>());
    let batch_pts = keep.iter().map(|&i| minibatch[i]);
    draw_line_series(
        &frame,
        batch_pts.map(|(s, v)| point(&steps, log.y_of(v), s)),
        faint,
        false,
    )?;
    let full = measured
        .iter()
        .map(|m| point(&steps, log.y_of(m.loss), m.step));
    draw_line_series(&frame, full, theme.vanishing, false)?;
    for (acc, color, dashed) in [
        (train_acc as fn(&Measurement) -> f64, theme.healthy, false),
        (test_acc, theme.exploding, true),
    ] {
        let pts = measured
            .iter()
            .map(|m| point(&steps, accuracy_y(plot, acc(m)), m.step));
        draw_line_series(&frame, pts, color, dashed)?;
    }
    draw_axes_lines(&frame, plot)?;
    steps.draw_ticks(&frame, plot.bottom + 4)?;
    if let Some(nf) = &history.first_nonfinite {
        steps.mark_nonfinite(&frame, nf)?;
    }
    Ok(())
}

fn train_acc(m: &Measurement) -> f64 {
    m.train_accuracy
}

fn test_acc(m: &Measurement) -> f64 {
    m.test_accuracy
}

fn point(steps: &StepAxis, y: Option<i32>, step: usize) -> Option<(i32, i32)> {
    y.map(|y| (steps.x_of(step), y))
}

/// Pixel row of an accuracy in 0..1 on the right axis; `None` if not finite.
fn accuracy_y(plot: PixelRect, a: f64) -> Option<i32> {
    a.is_finite().then(|| {
        let f = a.clamp(0.0, 1.0);
        plot.bottom - 1 - (f * f64::from(plot.height() - 1)).round() as i32
    })
}

/// The four series' keys; returns the plot's top.
fn draw_legend<DB: DrawingBackend>(frame: &Frame<DB>, top: i32) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let mut legend = Legend::at(top);
    let entries = [
        (t.fade(t.vanishing, 0.35), "minibatch loss"),
        (t.vanishing, "training loss (full set)"),
        (t.healthy, "train accuracy (right axis)"),
        (t.exploding, "test accuracy (dashed)"),
    ];
    for (color, label) in entries {
        legend.swatch(frame, (fill(color), None), label, 12)?;
    }
    Ok(legend.bottom(frame, 6))
}

/// Accuracy ticks at the right (0, 50%, 100%) and the dotted chance line at 0.5.
fn draw_accuracy_axis<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
) -> DrawResult<(), DB> {
    for a in [0.0, 0.5, 1.0] {
        let Some(y) = accuracy_y(plot, a) else {
            continue;
        };
        let (at, style) = ((plot.right + 4, y), &frame.tick_style);
        let label = format_share_percent(a);
        draw_text(frame.area, &label, at, style, HPos::Left, VPos::Center)?;
    }
    if let Some(y) = accuracy_y(plot, 0.5) {
        let dots = dash_polyline(
            &[(plot.left as f64, y as f64), (plot.right as f64, y as f64)],
            2.0,
            4.0,
        );
        for d in dots {
            frame
                .area
                .draw(&PathElement::new(d, stroke(frame.theme.text_muted, 1)))?;
        }
        let at = (plot.right - 4, y - 2);
        frame.small_text("chance", at, HPos::Right, VPos::Bottom)?;
    }
    Ok(())
}

/// The text alternative: "Training run, 1000 steps: training loss 0.726 at step 0, 0.0489 at
/// step 1000; training accuracy 98%, test accuracy 96% (chance 50%)." plus the overflow.
pub fn loss_summary(history: &TrainHistory) -> String {
    let mut m = history.measurements.series();
    let (first, last) = (m.next(), history.latest_measurement());
    let head = format!("Training run, {}", count_steps(history.last_step));
    let mut s = match (first, last) {
        (Some(a), Some(b)) => format!(
            "{head}: training loss {} at step {}, {} at step {}; training accuracy {}, test \
             accuracy {} (chance 50%)",
            format_value_ascii(a.loss),
            a.step,
            format_value_ascii(b.loss),
            b.step,
            format_share_percent(b.train_accuracy),
            format_share_percent(b.test_accuracy),
        ),
        _ => format!("{head}: not measured yet"),
    };
    if let Some(nf) = &history.first_nonfinite {
        s += &format!(
            "; {}: the values grew past the float32 range",
            nonfinite_label(nf)
        );
    }
    s + "."
}
