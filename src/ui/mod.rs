//! Leptos components. State flows one way: signals hold the `Config`, a memo computes the
//! `Report`, views read it.

mod app;
mod panic;

/// Entry point called from `main` in the browser.
pub fn start() {
    panic::install_hook();
    leptos::mount::mount_to_body(app::App);
}
