//! The steps a dynamic loss scale skipped (GradScaler found inf or NaN in the gradients, made
//! no update and halved the scale), marked along the bottom edge of a training chart's plot:
//! one short upward tick per skipped step in the overflow colour, a pixel column drawn once.
//! The loss chart and the scale chart both call `draw_skip_marks`; their text alternatives
//! say the same in words (`skipped_words`).

use plotters::prelude::DrawingBackend;

use crate::charts::kit::draw_util::{draw_line, stroke, DrawResult};
use crate::charts::kit::frame::Frame;
use crate::charts::kit::step_axes::{count_steps, StepAxis};
use crate::train::TrainHistory;

/// How many skipped steps a text alternative names one by one.
const NAMED_SKIPS: usize = 5;

/// The loss chart's legend entry for the ticks (the scale chart's says what S did too).
pub const SKIPPED_KEY: &str = "skipped step (inf/NaN gradient, no update)";

/// How tall a mark is, in pixels.
pub const MARK_H: i32 = 8;

/// The pixel columns of `history`'s skipped steps on `steps`, each once, left to right.
pub fn skip_columns(steps: &StepAxis, history: &TrainHistory) -> Vec<i32> {
    let mut xs: Vec<i32> = history
        .skipped_steps
        .iter()
        .map(|&s| steps.x_of(s))
        .collect();
    xs.dedup();
    xs
}

/// A tick up from the plot's bottom edge at every skipped step (nothing when none was).
pub fn draw_skip_marks<DB: DrawingBackend>(
    frame: &Frame<DB>,
    steps: &StepAxis,
    history: &TrainHistory,
) -> DrawResult<(), DB> {
    let style = stroke(frame.theme.overflow, 2);
    let bottom = steps.plot.bottom - 1;
    for x in skip_columns(steps, history) {
        draw_line(frame.area, (x, bottom), (x, bottom - MARK_H), style)?;
    }
    Ok(())
}

/// "; no step skipped" or "; 3 steps skipped (…): 1, 2, 3".
pub fn skipped_words(history: &TrainHistory) -> String {
    let n = history.skipped_count;
    if n == 0 {
        return "; no step skipped".to_string();
    }
    let named: Vec<String> = history
        .skipped_steps
        .iter()
        .take(NAMED_SKIPS)
        .map(|s| s.to_string())
        .collect();
    let more = if n > named.len() { ", …" } else { "" };
    format!(
        "; {} skipped (inf or NaN in the gradients, no update): step{} {}{more}",
        count_steps(n),
        if n == 1 { "" } else { "s" },
        named.join(", ")
    )
}
