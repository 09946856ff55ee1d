//! The training panel's charts: the loss over steps (`loss_chart`, its table `loss_table`), the
//! decision boundary (`boundary_chart`), the gradient heatmap (`grad_heatmap`) and the
//! update-to-weight ratios (`update_ratio_chart`).

pub mod boundary_chart;
pub mod grad_heatmap;
pub mod loss_chart;
pub mod loss_table;
pub mod update_ratio_chart;
