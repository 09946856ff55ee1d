//! The training panel's charts: the loss over steps (`loss_chart`, its table `loss_table`), the
//! decision boundary (`boundary_chart`), the gradient heatmap (`grad_heatmap`) and the
//! update-to-weight ratios (`update_ratio_chart`), the loss scale of a mixed-precision run
//! (`scale_chart`) and the skipped steps' marks it shares with the loss chart (`skip_marks`);
//! and the sequence tasks' loss-and-accuracy chart both mode pages' panels draw (`task_chart`).

pub mod boundary_chart;
pub mod grad_heatmap;
pub mod loss_chart;
pub mod loss_table;
pub mod scale_chart;
pub mod skip_marks;
pub mod task_chart;
pub mod update_ratio_chart;
