//! The loss chart of a training run: the minibatch loss of every kept step (faint) and the
//! full-training-set loss of each measurement (solid) on a log axis at the left; training
//! (solid) and test (dashed) accuracy on a 0–100 % axis at the right, with chance (50 %)
//! dotted; a marked line at the first non-finite step; and a tick at the bottom per step a
//! dynamic loss scale skipped (`skip_marks`), keyed in the legend only when there is one.
//! Each axis is titled with the quantity it carries and a sample of its lines, and the legend
//! says which axis a line reads on; the "chance" label sits where the lines leave room, over
//! them on a halo.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use crate::charts::chart::Chart;
use crate::charts::kit::draw_util::{
    dash_polyline, draw_line, draw_text, fill, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::frame::{Frame, Legend, PAD};
use crate::charts::kit::label_place::{beside_hline, draw_halo_label, least_crossed, Line};
use crate::charts::kit::scale::DecadeRange;
use crate::charts::kit::step_axes::{
    count_steps, draw_axes_lines, draw_line_series, nonfinite_label, polyline_runs, LogAxis,
    StepAxis,
};
use crate::charts::kit::text_size::text_size;
use crate::charts::kit::theme::Theme;
use crate::charts::training::skip_marks::{skipped_words, SKIPPED_KEY};
use crate::train::{Measurement, TrainHistory};
use crate::words::format::{format_share_percent, format_value_ascii};

/// The left axis's title, longest first: the first that fits beside the right one is drawn.
pub const LOSS_TITLES: [&str; 2] = ["loss, log scale (left axis)", "loss (log, left)"];
/// The right axis's title, longest first.
pub const ACCURACY_TITLES: [&str; 2] = ["accuracy % (right axis)", "accuracy % (right)"];

/// A run's loss and accuracy over steps.
#[derive(Clone, Copy, Debug)]
pub struct LossChart;

impl Chart for LossChart {
    type Data<'a> = &'a TrainHistory;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        history: &TrainHistory,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_loss_chart(area, history, theme)
    }

    fn summary(&self, history: &TrainHistory) -> String {
        loss_summary_with_skips(history)
    }
}

/// Draws the chart filling `area`.
pub fn draw_loss_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &TrainHistory,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title_fit(&[
        "Loss (log scale) and accuracy over steps",
        "Loss and accuracy over steps",
    ])?;
    let top = draw_legend(&frame, top, history.skipped_count > 0)?;
    let measured: Vec<&Measurement> = history.measurements.series().collect();
    let minibatch: Vec<(usize, f64)> = history.steps.series().map(|c| (c.step, c.loss)).collect();
    let losses = minibatch
        .iter()
        .map(|p| p.1)
        .chain(measured.iter().map(|m| m.loss));
    let range = DecadeRange::covering(losses, 1);
    let label_w = LogAxis::label_width(&frame, range).max(frame.text_width("step", &frame.small));
    let last = history.last_step.max(measured.last().map_or(0, |m| m.step));
    let right_w =
        (frame.text_width("100%", &frame.tick_style) + 6).max(StepAxis::end_room(&frame, last));
    let top = draw_axis_titles(&frame, top)?;
    let bottom = frame.height - frame.line_h - 8;
    let plot = frame.plot_rect(top, bottom.max(top + 1), label_w, right_w);
    let (steps, log) = (StepAxis::new(plot, last), LogAxis { plot, range });

    log.draw_grid(&frame)?;
    let chance_y = draw_accuracy_axis(&frame, plot)?;
    let mut lines = draw_series(&frame, (&steps, &log), &minibatch, &measured)?;
    super::skip_marks::draw_skip_marks(&frame, &steps, history)?;
    draw_axes_lines(&frame, plot)?;
    steps.draw_ticks(&frame, plot.bottom + 4)?;
    if let Some(nf) = &history.first_nonfinite {
        steps.mark_nonfinite(&frame, nf)?;
        let x = steps.x_of(nf.step);
        lines.push(vec![(x, plot.top), (x, plot.bottom)]);
    }
    if let Some(y) = chance_y {
        label_chance(&frame, plot, y, &lines)?;
    }
    Ok(())
}

/// The four series, loss first (so accuracy lies on top); returns their polylines.
fn draw_series<DB: DrawingBackend>(
    frame: &Frame<DB>,
    (steps, log): (&StepAxis, &LogAxis),
    minibatch: &[(usize, f64)],
    measured: &[&Measurement],
) -> DrawResult<Vec<Line>, DB> {
    let theme = frame.theme;
    let keep = steps.sample(&minibatch.iter().map(|p| p.0).collect::<Vec<_>>());
    let batch: Vec<_> = keep
        .iter()
        .map(|&i| point(steps, log.y_of(minibatch[i].1), minibatch[i].0))
        .collect();
    let full: Vec<_> = measured
        .iter()
        .map(|m| point(steps, log.y_of(m.loss), m.step))
        .collect();
    let plot = steps.plot;
    let accuracy = |acc: fn(&Measurement) -> f64| -> Vec<_> {
        measured
            .iter()
            .map(|m| point(steps, accuracy_y(plot, acc(m)), m.step))
            .collect()
    };
    let series = [
        (batch, theme.fade(theme.vanishing, 0.35), false),
        (full, theme.vanishing, false),
        (accuracy(train_acc), theme.healthy, false),
        (accuracy(test_acc), theme.exploding, true),
    ];
    let mut lines = Vec::new();
    for (pts, color, dashed) in series {
        draw_line_series(frame, pts.iter().copied(), color, dashed)?;
        lines.extend(polyline_runs(pts));
    }
    Ok(lines)
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

/// The four series' keys, each naming its axis, and the skip ticks' key when a run skipped
/// steps (a float32 run never does, so its legend stays as it was); returns the plot's top.
fn draw_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    top: i32,
    skipped: bool,
) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let mut legend = Legend::at(top);
    let entries = [
        (t.fade(t.vanishing, 0.35), "minibatch loss (left)"),
        (t.vanishing, "training loss, full set (left)"),
        (t.healthy, "train accuracy (right)"),
        (t.exploding, "test accuracy (right, dashed)"),
    ];
    for (color, label) in entries {
        legend.swatch(frame, (fill(color), None), label, 12)?;
    }
    if skipped {
        legend.swatch(frame, (fill(t.overflow), None), SKIPPED_KEY, 12)?;
    }
    Ok(legend.bottom(frame, 6))
}

/// A row over the plot: at the left a sample of the loss line and the loss axis's title, at
/// the right the accuracy axis's title and samples of its lines (the longest titles
/// that fit side by side; on a second row when even the short ones do not). Returns the
/// plot's top.
fn draw_axis_titles<DB: DrawingBackend>(frame: &Frame<DB>, top: i32) -> DrawResult<i32, DB> {
    let style = &frame.tick_style;
    let key_w = KEY + 4;
    let width = |t: &str| frame.text_width(t, style);
    let room = frame.width - 2 * PAD;
    let fits = |i: usize| {
        key_w + width(LOSS_TITLES[i]) + 12 + 2 * key_w + width(ACCURACY_TITLES[i]) <= room
    };
    let i = (0..LOSS_TITLES.len()).find(|&i| fits(i));
    let (loss, acc) = match i {
        Some(i) => (LOSS_TITLES[i], ACCURACY_TITLES[i]),
        None => (LOSS_TITLES[1], ACCURACY_TITLES[1]),
    };
    let mid = top + frame.line_h / 2;
    let t = frame.theme;
    line_key(frame, (PAD, mid), t.vanishing, false)?;
    draw_text(
        frame.area,
        loss,
        (PAD + key_w, mid),
        style,
        HPos::Left,
        VPos::Center,
    )?;
    let mid = if i.is_some() {
        mid
    } else {
        mid + frame.line_h + 3
    };
    // The samples at the far right and the title right-aligned before them, so both stay
    // where they belong whatever the font's real width.
    let right = frame.width - PAD;
    line_key(frame, (right - KEY, mid), t.exploding, true)?;
    line_key(frame, (right - KEY - key_w, mid), t.healthy, false)?;
    let at = (right - 2 * key_w, mid);
    draw_text(frame.area, acc, at, style, HPos::Right, VPos::Center)?;
    Ok(mid + frame.line_h / 2 + 6)
}

/// Length of a line sample in an axis title.
const KEY: i32 = 14;

/// A short sample of a series' line (2 px, dashed or solid) starting at `(x, y)`.
fn line_key<DB: DrawingBackend>(
    frame: &Frame<DB>,
    (x, y): (i32, i32),
    color: RGBColor,
    dashed: bool,
) -> DrawResult<(), DB> {
    if dashed {
        for (a, b) in [(x, x + 5), (x + 9, x + KEY)] {
            draw_line(frame.area, (a, y), (b, y), stroke(color, 2))?;
        }
        return Ok(());
    }
    draw_line(frame.area, (x, y), (x + KEY, y), stroke(color, 2))
}

/// Accuracy ticks at the right (0, 50%, 100%) and the dotted chance line at 0.5; returns the
/// chance line's row.
fn draw_accuracy_axis<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
) -> DrawResult<Option<i32>, DB> {
    for a in [0.0, 0.5, 1.0] {
        let Some(y) = accuracy_y(plot, a) else {
            continue;
        };
        let (at, style) = ((plot.right + 4, y), &frame.tick_style);
        let label = format_share_percent(a);
        draw_text(frame.area, &label, at, style, HPos::Left, VPos::Center)?;
    }
    let y = accuracy_y(plot, 0.5);
    if let Some(y) = y {
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
    }
    Ok(y)
}

/// "chance" beside its dotted line, at the spot (just above or below the line, right end
/// first) that the fewest line segments cross, drawn over them on a halo.
fn label_chance<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    y: i32,
    lines: &[Line],
) -> DrawResult<(), DB> {
    let text = "chance";
    let size = text_size(frame.area, text, &frame.small);
    let spots = beside_hline(size, plot, y, 3, true);
    let inner = PixelRect {
        left: plot.left + 1,
        top: plot.top,
        right: plot.right,
        bottom: plot.bottom - 1,
    };
    match least_crossed(&spots, inner, lines) {
        Some(bx) => draw_halo_label(frame, text, bx, &frame.small),
        None => Ok(()),
    }
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

/// The loss chart's text alternative, with the skipped steps when a dynamic scale skipped any.
pub fn loss_summary_with_skips(history: &TrainHistory) -> String {
    let s = loss_summary(history);
    if history.skipped_count == 0 {
        return s;
    }
    let s = s.strip_suffix('.').unwrap_or(&s).to_string();
    format!(
        "{s}{}; the ticks along the bottom mark them.",
        skipped_words(history)
    )
}
