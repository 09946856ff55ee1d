//! Chart drawing, generic over plotters' `DrawingBackend`: canvas in the browser, SVG natively.

pub mod activations;
pub mod colormap;
pub mod draw_util;
pub mod frame;
pub mod function_plot;
pub mod gradient;
pub mod health;
pub mod layer_histogram;
pub mod layout;
pub mod pinned;
pub mod scale;
pub mod summary;
pub mod text_size;
pub mod theme;

pub use activations::draw_activation_chart;
pub use draw_util::{DrawResult, PixelRect};
pub use function_plot::draw_function_plot;
pub use gradient::{draw_gradient_chart, draw_gradient_chart_pinned, GradientChartData};
pub use health::Health;
pub use layer_histogram::draw_layer_histogram;
pub use layout::LayerChartLayout;
pub use pinned::{network_name, PinnedProfile};
pub use summary::{activation_summary, gradient_summary};
pub use theme::Theme;
