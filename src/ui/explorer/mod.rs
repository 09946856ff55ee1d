//! The explorer's state and views: `state` (the only writer of the config signal, with the
//! pinned network's `PinState`), the controls, presets, status cards, pin and compare, the
//! theory readouts and the chart components (gradient, activations, phase diagram, their
//! layer table and "Computing…" overlay; `charted`: which report they draw, the explorer's
//! or, in training mode, the trained one the training panel lends them).

pub mod activation_chart;
pub mod charted;
pub mod computing;
pub mod controls;
pub mod gradient_chart;
pub(crate) mod layer_table;
pub mod phase_diagram;
pub mod pin;
pub mod precision_chart;
pub mod precision_controls;
pub mod precision_status;
pub mod presets;
pub mod state;
pub mod status;
pub mod theory;
