//! Chart drawing, generic over plotters' `DrawingBackend`: canvas in the browser, SVG natively.
//! `chart` is the contract every chart implements (`Chart`: its data, drawing, layout and text
//! alternative) and renders any of them as SVG.
//! `kit` is the drawing kit every chart shares (frame, layout, scales, theme, text sizes,
//! colours, pixel helpers, the training charts' step axis); `explorer` holds the explorer's
//! charts (and the lessons' function plot), `training` the training panel's, `recurrent` and
//! `transformer` those modes'; `density` the value-density heatmap the explorer (activations
//! per layer) and the recurrent mode (hidden states per step) share. A chart uses the kit, and
//! `density`, and never another mode's chart; the kit uses no chart.

pub mod chart;
pub mod density;
pub mod explorer;
pub mod kit;
pub mod recurrent;
pub mod training;
pub mod transformer;

pub use chart::Chart;
pub use explorer::activations::draw_activation_chart;
pub use explorer::activations::draw_layer_histogram;
pub use explorer::function_plot::draw_function_plot;
pub use explorer::gradient::{
    draw_gradient_chart, draw_gradient_chart_pinned, draw_gradient_chart_with,
    draw_gradient_chart_with_theory, GradientChartData,
};
pub use explorer::health::Health;
pub use explorer::phase_diagram::{draw_phase_diagram, phase_summary, PhaseLayout};
pub use explorer::pinned::{network_name, report_name, PinnedProfile};
pub use explorer::summary::{activation_summary, gradient_summary};
pub use explorer::theory_overlay::TheoryOverlay;
pub use kit::draw_util::{DrawResult, PixelRect};
pub use kit::layout::LayerChartLayout;
pub use kit::theme::Theme;
pub use training::boundary_chart::{boundary_summary, draw_boundary_chart, BoundaryChartData};
pub use training::grad_heatmap::{draw_grad_heatmap, grad_heatmap_summary};
pub use training::loss_chart::{draw_loss_chart, loss_summary};
pub use training::update_ratio_chart::{draw_update_ratio_chart, update_ratio_summary};
