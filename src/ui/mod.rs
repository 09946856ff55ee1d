//! Leptos components (browser only). State flows one way: signals hold the `Config`, the
//! simulation worker computes the `Report`, views read it (see `explorer::state`).
//! `explorer/` holds the explorer's state and views, `training/` the training panel's (above
//! the explorer: it trains the explorer's network), `web/` the browser plumbing both use
//! (canvas drawing and redraws, text measuring, the simulation worker, timing, downloads, the
//! panic hook, the modes' worker link); `lessons/` the lessons' interactive parts,
//! `challenges/` the guided challenges, `recurrent/` and `transformer/` those modes' states and
//! views. At this level: the page (`app`), its navigation (`views`), the view it selects
//! (`arch_page`), its address bar (`url`), the terms' definitions (`term`) and the share and
//! export buttons (`share`).

pub mod app;
pub mod arch_page;
pub mod challenges;
pub mod explorer;
pub mod lessons;
pub mod recurrent;
pub mod share;
pub mod term;
pub mod training;
pub mod transformer;
pub mod url;
pub mod views;
pub mod web;

/// Entry point called from `main` in the browser.
pub fn start() {
    web::panic::install_hook();
    leptos::mount::mount_to_body(app::App);
}
