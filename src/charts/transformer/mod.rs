//! The transformer mode's charts: the residual stream per block (`stream`: its gradient and
//! its std, with a pinned run beside them), the six weight gradients per block
//! (`block_weights`), their shared x axis (`block_axis`) and text alternatives (`summary`);
//! the reverse task's training run (`train_chart`).

pub mod block_axis;
pub mod block_weights;
pub mod stream;
pub mod summary;
pub mod train_chart;
