//! The density chart both the explorer and the recurrent mode draw: values per column (a
//! layer's activations, a step's hidden states) as a heatmap (`heatmap`) with small-multiple
//! histograms (`histogram`, which also says what a column is).

pub mod heatmap;
pub mod histogram;
