//! The charts as SVG text: the same drawing code as the page's canvas, on plotters' SVG
//! backend (used by the page's "SVG" buttons and `gradflow --svg`).

use crate::charts::chart::{draw_svg, svg};
use crate::charts::explorer::activations::Activations;
use crate::charts::{draw_gradient_chart_pinned, GradientChartData, PinnedProfile, Theme};
use crate::sim::Report;

/// The size `gradflow --svg` draws at, in pixels.
pub const CLI_SIZE: (u32, u32) = (800, 420);

/// The gradient chart, with the pinned profile when there is one.
pub fn gradient_svg(
    data: &GradientChartData,
    pin: Option<&PinnedProfile>,
    theme: &Theme,
    size: (u32, u32),
) -> Result<String, String> {
    draw_svg(size, |area| {
        draw_gradient_chart_pinned(area, data, pin, theme)
    })
    .map(|(text, _)| text)
}

/// The activation distribution chart.
pub fn activation_svg(report: &Report, theme: &Theme, size: (u32, u32)) -> Result<String, String> {
    svg(&Activations, report, theme, size).map(|(text, _)| text)
}
