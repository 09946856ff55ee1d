//! The reverse task's training chart: the sequence tasks' chart (`training::task_chart`) with
//! the reverse task's words (chance: one token in 16).

use crate::charts::training::task_chart::{TaskCurves, TaskSeries, TaskText};
use crate::sim::transformer::task::VOCAB;
use crate::sim::transformer::train::ReverseRecord;

pub type ReverseSeries<'a> = TaskSeries<'a, ReverseRecord>;

/// Chance: one token in `VOCAB`.
pub const CHANCE: f64 = 1.0 / VOCAB as f64;

/// Its text alternative reads "Reverse task, step 100 of 500: test accuracy 6% at step 0,
/// 100% at step 100 (chance 6%); test loss 2.8 → 0.0012."
pub const REVERSE_CHART: TaskCurves<ReverseRecord> = TaskCurves::new(&TaskText {
    titles: [
        "Reverse task: loss (log scale) and test accuracy over steps",
        "Loss and test accuracy over steps",
    ],
    name: "Reverse task",
    chance: CHANCE,
});
