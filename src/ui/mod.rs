//! Leptos components (browser only). State flows one way: signals hold the `Config`, a memo
//! computes the `Report`, views read it (see `state`).

mod app;
pub mod canvas;
pub mod lessons;
mod panic;
pub mod state;
pub mod theme;

/// Entry point called from `main` in the browser.
pub fn start() {
    panic::install_hook();
    leptos::mount::mount_to_body(app::App);
}
