//! The recurrent mode's charts: the gradient through time (`time_gradient`), the hidden
//! states per step (`hidden_states`) and, for the training panel, the latching task's
//! loss-and-accuracy chart (`latching_chart`) and the test loss's gradient at each step t over
//! training (`time_heatmap`).

pub mod hidden_states;
pub mod latching_chart;
pub mod time_gradient;
pub mod time_heatmap;
