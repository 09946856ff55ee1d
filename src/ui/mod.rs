//! Leptos components (browser only). State flows one way: signals hold the `Config`, a memo
//! computes the `Report`, views read it (see `state`).

pub mod activation_chart;
pub mod app;
pub mod canvas_draw;
pub mod chart_redraw;
pub mod computing;
pub mod controls;
mod download;
pub mod gradient_chart;
mod layer_table;
pub mod lessons;
mod next_task;
pub mod panic;
pub mod phase_diagram;
pub mod pin;
pub mod presets;
pub mod results;
pub mod share;
mod sim_worker;
pub mod state;
pub mod status;
pub mod text_measure;
pub mod theme;
pub mod theory;
mod timing;
pub mod train_charts;
mod train_link;
pub mod train_panel;
pub mod train_presets;
pub mod train_report;
pub mod train_signals;
pub mod train_state;
pub mod url;

/// Entry point called from `main` in the browser.
pub fn start() {
    panic::install_hook();
    leptos::mount::mount_to_body(app::App);
}
