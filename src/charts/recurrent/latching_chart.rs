//! The latching task's training chart: the sequence tasks' chart (`training::task_chart`)
//! with the latching task's words (two classes: chance 50%).

use crate::charts::training::task_chart::{TaskCurves, TaskText};
use crate::sim::recurrent::latching::CLASSES;
use crate::sim::recurrent::LatchingRecord;

pub const LATCHING_CHART: TaskCurves<LatchingRecord> = TaskCurves::new(&TaskText {
    titles: [
        "Latching task: loss (log scale) and test accuracy over steps",
        "Loss and test accuracy over steps",
    ],
    name: "Latching task",
    chance: 1.0 / CLASSES as f64,
});
