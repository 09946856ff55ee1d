//! The explorer's charts: the gradient chart (`gradient`, with its `health` colours, `pinned`
//! comparison, `theory_overlay` and `trend_marks`), the activation chart (`activations`: its
//! layers as columns of the shared `density` chart), the order-to-chaos `phase_diagram`, the precision lens's `precision` chart and the
//! `format_bands` on the gradient chart, the lessons'
//! `function_plot`, and their text alternatives (`summary`).

pub mod activations;
pub mod format_bands;
pub mod function_plot;
pub mod gradient;
pub mod health;
pub mod phase_diagram;
pub mod pinned;
pub mod precision;
pub mod summary;
pub mod theory_overlay;
pub mod trend_marks;
