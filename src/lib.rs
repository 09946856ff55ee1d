//! Gradient Flow Explorer: see `README.md` for the layout.

pub mod charts;
pub mod cli;
pub mod export;
pub mod lessons;
pub mod page;
pub mod sim;
pub mod train;
pub mod words;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub mod ui;
