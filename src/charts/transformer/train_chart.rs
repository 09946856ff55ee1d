//! The reverse task's training chart: the sequence tasks' chart (`training::task_chart`) with
//! the reverse task's words (chance: one token in 16).

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use crate::charts::kit::draw_util::DrawResult;
use crate::charts::kit::theme::Theme;
use crate::charts::training::task_chart::{draw_task_chart, task_summary, TaskSeries, TaskText};
use crate::sim::transformer::task::VOCAB;
use crate::sim::transformer::train::ReverseRecord;

pub type ReverseSeries<'a> = TaskSeries<'a, ReverseRecord>;

/// Chance: one token in `VOCAB`.
pub const CHANCE: f64 = 1.0 / VOCAB as f64;

pub const REVERSE_TEXT: TaskText = TaskText {
    titles: [
        "Reverse task: loss (log scale) and test accuracy over steps",
        "Loss and test accuracy over steps",
    ],
    name: "Reverse task",
    chance: CHANCE,
};

/// Draws the chart filling `area`.
pub fn draw_reverse_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: ReverseSeries,
    theme: &Theme,
) -> DrawResult<(), DB> {
    draw_task_chart(area, series, &REVERSE_TEXT, theme)
}

/// The text alternative: "Reverse task, step 100 of 500: test accuracy 6% at step 0, 100% at
/// step 100 (chance 6%); test loss 2.8 → 0.0012."
pub fn reverse_summary(series: ReverseSeries) -> String {
    task_summary(series, &REVERSE_TEXT)
}
