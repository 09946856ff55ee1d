//! Browser plumbing, shared by the explorer and the training panel: any `Chart` on a canvas
//! (`chart_canvas`), built on a chart drawn on a `<canvas>` (`canvas_draw`) and redrawn when
//! its inputs change (`chart_redraw`), the canvas's
//! text measure for the charts (`text_measure`), the options of a select over any choice
//! (`choice_options`), the one link to a simulation worker that every mode and panel uses
//! (`worker_link`), the explorer's requests and replies (`sim_worker`, filling the `results`
//! signals), the dark-mode `theme`, `timing` marks, `next_task`, downloads,
//! the modes' worker link (`mode_link`), the panic hook and `show_chart` (bring the chart into view, with a way back); a sequence
//! task's training run: its worker link and signals (`task_link`), the panel's state over a
//! mode (`task_state`), its disclosure, presets and readouts (`task_frame`), its buttons and chart
//! (`task_panel`).

pub mod canvas_draw;
pub mod chart_canvas;
pub mod chart_redraw;
pub mod choice_options;
pub(crate) mod download;
pub(crate) mod mode_link;
pub(crate) mod next_task;
pub mod panic;
pub mod precision_selects;
pub mod results;
pub mod show_chart;
pub(crate) mod sim_worker;
pub mod task_frame;
pub mod task_link;
pub mod task_panel;
pub mod task_state;
pub mod text_measure;
pub mod theme;
pub(crate) mod timing;
pub(crate) mod worker_link;
