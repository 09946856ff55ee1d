//! Leptos components (browser only). State flows one way: signals hold the `Config`, a memo
//! computes the `Report`, views read it (see `state`).

mod activation_chart;
mod app;
pub mod canvas;
mod chart_canvas;
mod controls;
mod gradient_chart;
mod lessons;
mod panic;
mod presets;
pub mod state;
mod status;
pub mod theme;

/// Entry point called from `main` in the browser.
pub fn start() {
    panic::install_hook();
    leptos::mount::mount_to_body(app::App);
}
