//! Chart drawing, generic over plotters' `DrawingBackend`: canvas in the browser, SVG natively.

pub mod activations;
pub mod boundary_chart;
pub mod colormap;
pub mod draw_util;
pub mod frame;
pub mod function_plot;
pub mod grad_heatmap;
pub mod gradient;
pub mod health;
pub mod layer_histogram;
pub mod layout;
pub mod loss_chart;
pub mod loss_table;
pub mod phase_diagram;
pub mod pinned;
pub mod scale;
pub mod step_axes;
pub mod summary;
pub mod text_size;
pub mod theme;
pub mod theory_overlay;
pub mod trend_marks;
pub mod update_ratio_chart;

pub use activations::draw_activation_chart;
pub use boundary_chart::{boundary_summary, draw_boundary_chart, BoundaryChartData};
pub use draw_util::{DrawResult, PixelRect};
pub use function_plot::draw_function_plot;
pub use grad_heatmap::{draw_grad_heatmap, grad_heatmap_summary};
pub use gradient::{
    draw_gradient_chart, draw_gradient_chart_pinned, draw_gradient_chart_with,
    draw_gradient_chart_with_theory, GradientChartData,
};
pub use health::Health;
pub use layer_histogram::draw_layer_histogram;
pub use layout::LayerChartLayout;
pub use loss_chart::{draw_loss_chart, loss_summary};
pub use phase_diagram::{draw_phase_diagram, phase_summary, PhaseLayout};
pub use pinned::{network_name, PinnedProfile};
pub use summary::{activation_summary, gradient_summary};
pub use theme::Theme;
pub use theory_overlay::TheoryOverlay;
pub use update_ratio_chart::{draw_update_ratio_chart, update_ratio_summary};
