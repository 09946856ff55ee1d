//! The drawing kit every chart shares, in the area's own pixel coordinates: the layer charts'
//! `frame` (title, legend rows, plot area, layer axis) and `layout`, axis `scale`s, the
//! training charts' `step_axes` and `step_heatmap`, the `theme`'s palettes, the `colormap` and the heatmaps' `color_bar`, label sizes
//! (`text_size`), labels placed among lines on a halo (`label_place`) and small pixel helpers
//! (`draw_util`). It draws no chart of its own.

pub mod color_bar;
pub mod colormap;
pub mod draw_util;
pub mod frame;
pub mod label_place;
pub mod layout;
pub mod scale;
pub mod step_axes;
pub mod step_heatmap;
pub mod text_size;
pub mod theme;
