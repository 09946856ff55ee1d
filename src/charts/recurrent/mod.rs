//! The recurrent mode's charts: the gradient through time (`time_gradient`).

pub mod time_gradient;
