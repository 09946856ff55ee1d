//! The training chart of a sequence task (the transformer's reverse task, the recurrent
//! latching task): each update's batch loss (faint) and the test set's loss (solid) on a log
//! axis at the left, the test accuracy (dashed) on a 0–100 % axis at the right with chance
//! dotted. The step axis runs to the run's configured end, so a playing run fills it from the
//! left. A task gives its records (`TestPoint`) and its words (`TaskText`).

use std::marker::PhantomData;

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::chart::Chart;
use crate::charts::kit::draw_util::{
    dash_polyline, draw_text, fill, stroke, DrawResult, PixelRect,
};
use crate::charts::kit::frame::{Frame, Legend};
use crate::charts::kit::scale::DecadeRange;
use crate::charts::kit::step_axes::{draw_axes_lines, draw_line_series, LogAxis, StepAxis};
use crate::charts::kit::theme::Theme;
use crate::sim::recurrent::LatchingRecord;
use crate::sim::transformer::train::ReverseRecord;
use crate::words::format::{format_share_percent, format_value_ascii};

/// A measurement of a task's test set.
pub trait TestPoint {
    fn step(&self) -> usize;
    fn test_loss(&self) -> f64;
    fn test_accuracy(&self) -> f64;
}

impl TestPoint for ReverseRecord {
    fn step(&self) -> usize {
        self.step
    }
    fn test_loss(&self) -> f64 {
        self.test_loss
    }
    fn test_accuracy(&self) -> f64 {
        self.test_accuracy
    }
}

impl TestPoint for LatchingRecord {
    fn step(&self) -> usize {
        self.step
    }
    fn test_loss(&self) -> f64 {
        self.test_loss
    }
    fn test_accuracy(&self) -> f64 {
        self.test_accuracy
    }
}

/// A task's words on the chart.
#[derive(Clone, Copy, Debug)]
pub struct TaskText {
    /// The chart's title, longest first (the first that fits is drawn).
    pub titles: [&'static str; 2],
    /// The task's name in the text alternative ("Reverse task").
    pub name: &'static str,
    /// The test accuracy of guessing.
    pub chance: f64,
}

/// What the chart draws: a run's numbers so far.
#[derive(Debug)]
pub struct TaskSeries<'a, R> {
    /// (step, the training batch's mean cross-entropy) of every update.
    pub losses: &'a [(usize, f64)],
    /// The test set at the measured steps.
    pub records: &'a [R],
    /// The run's configured number of steps (the axis's end).
    pub steps: usize,
}

// Only references inside: copyable whatever the record type.
impl<R> Clone for TaskSeries<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for TaskSeries<'_, R> {}

/// A task's chart: its words, over its records.
pub struct TaskCurves<R> {
    pub text: &'static TaskText,
    record: PhantomData<fn() -> R>,
}

impl<R> TaskCurves<R> {
    pub const fn new(text: &'static TaskText) -> Self {
        TaskCurves {
            text,
            record: PhantomData,
        }
    }
}

// Only a reference inside: copyable whatever the record type.
impl<R> Clone for TaskCurves<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for TaskCurves<R> {}

impl<R: TestPoint> Chart for TaskCurves<R> {
    type Data<'a>
        = TaskSeries<'a, R>
    where
        R: 'a;
    type Layout = ();

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        series: TaskSeries<R>,
        theme: &Theme,
    ) -> DrawResult<(), DB> {
        draw_task_chart(area, series, self.text, theme)
    }

    fn summary(&self, series: TaskSeries<R>) -> String {
        task_summary(series, self.text)
    }
}

/// Draws the chart filling `area`.
fn draw_task_chart<DB: DrawingBackend, R: TestPoint>(
    area: &DrawingArea<DB, Shift>,
    series: TaskSeries<R>,
    text: &TaskText,
    theme: &Theme,
) -> DrawResult<(), DB> {
    let frame = Frame::open(area, theme)?;
    let top = frame.title_fit(&text.titles)?;
    let top = draw_legend(&frame, top, text.chance)?;
    let values = series.losses.iter().map(|p| p.1);
    let tests = series.records.iter().map(R::test_loss);
    let range = DecadeRange::covering(values.chain(tests), 1);
    let label_w = LogAxis::label_width(&frame, range).max(frame.text_width("step", &frame.small));
    let last = series
        .steps
        .max(series.losses.last().map_or(0, |p| p.0))
        .max(series.records.last().map_or(0, R::step));
    let right_w =
        (frame.text_width("100%", &frame.tick_style) + 6).max(StepAxis::end_room(&frame, last));
    let bottom = frame.height - frame.line_h - 8;
    let plot = frame.plot_rect(top, bottom.max(top + 1), label_w, right_w);
    let (steps, log) = (StepAxis::new(plot, last), LogAxis { plot, range });
    log.draw_grid(&frame)?;
    draw_accuracy_axis(&frame, plot, text.chance)?;
    let keep = steps.sample(&series.losses.iter().map(|p| p.0).collect::<Vec<_>>());
    let batch = keep.iter().map(|&i| {
        let (step, loss) = series.losses[i];
        log.y_of(loss).map(|y| (steps.x_of(step), y))
    });
    let t = frame.theme;
    draw_line_series(&frame, batch, t.fade(t.vanishing, 0.35), false)?;
    let test_loss = series
        .records
        .iter()
        .map(|r| log.y_of(r.test_loss()).map(|y| (steps.x_of(r.step()), y)));
    draw_line_series(&frame, test_loss, t.vanishing, false)?;
    let accuracy = series
        .records
        .iter()
        .map(|r| accuracy_y(plot, r.test_accuracy()).map(|y| (steps.x_of(r.step()), y)));
    draw_line_series(&frame, accuracy, t.exploding, true)?;
    draw_axes_lines(&frame, plot)?;
    steps.draw_ticks(&frame, plot.bottom + 4)
}

/// Pixel row of an accuracy in 0..1 on the right axis; `None` if not finite.
fn accuracy_y(plot: PixelRect, a: f64) -> Option<i32> {
    a.is_finite().then(|| {
        let f = a.clamp(0.0, 1.0);
        plot.bottom - 1 - (f * f64::from(plot.height() - 1)).round() as i32
    })
}

/// The three series' keys, each naming its axis; returns the plot's top.
fn draw_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    top: i32,
    chance: f64,
) -> DrawResult<i32, DB> {
    let t = frame.theme;
    let mut legend = Legend::at(top);
    let chance = format!("chance {} (dotted)", format_share_percent(chance));
    let entries = [
        (t.fade(t.vanishing, 0.35), "batch loss (left, log)"),
        (t.vanishing, "test loss (left, log)"),
        (t.exploding, "test accuracy (right, dashed)"),
        (t.text_muted, chance.as_str()),
    ];
    for (color, label) in entries {
        legend.swatch(frame, (fill(color), None), label, 12)?;
    }
    Ok(legend.bottom(frame, 6))
}

/// Accuracy ticks at the right (0, 50 %, 100 %) and the dotted chance line.
fn draw_accuracy_axis<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: PixelRect,
    chance: f64,
) -> DrawResult<(), DB> {
    for a in [0.0, 0.5, 1.0] {
        let Some(y) = accuracy_y(plot, a) else {
            continue;
        };
        let (at, style) = ((plot.right + 4, y), &frame.tick_style);
        let label = format_share_percent(a);
        draw_text(frame.area, &label, at, style, HPos::Left, VPos::Center)?;
    }
    let Some(y) = accuracy_y(plot, chance) else {
        return Ok(());
    };
    let line = [(plot.left as f64, y as f64), (plot.right as f64, y as f64)];
    for d in dash_polyline(&line, 2.0, 4.0) {
        let style = stroke(frame.theme.text_muted, 1);
        frame.area.draw(&PathElement::new(d, style))?;
    }
    Ok(())
}

/// The text alternative: "Reverse task, step 100 of 500: test accuracy 6% at step 0, 100% at
/// step 100 (chance 6%); test loss 2.8 → 0.0012."
fn task_summary<R: TestPoint>(series: TaskSeries<R>, text: &TaskText) -> String {
    let (first, last) = (series.records.first(), series.records.last());
    let done = series.losses.last().map_or(0, |p| p.0);
    let head = format!("{}, step {done} of {}", text.name, series.steps);
    match (first, last) {
        (Some(a), Some(b)) => format!(
            "{head}: test accuracy {} at step {}, {} at step {} (chance {}); test loss {} → {}.",
            format_share_percent(a.test_accuracy()),
            a.step(),
            format_share_percent(b.test_accuracy()),
            b.step(),
            format_share_percent(text.chance),
            format_value_ascii(a.test_loss()),
            format_value_ascii(b.test_loss()),
        ),
        _ => format!("{head}: not measured yet."),
    }
}
