//! The recurrent mode's charts: the gradient through time (`time_gradient`) and the hidden
//! states per step (`hidden_states`).

pub mod hidden_states;
pub mod time_gradient;
