//! The charts as SVG text: the same drawing code as the page's canvas, on plotters' SVG
//! backend (used by the page's "SVG" buttons and `gradflow --svg`).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};

use crate::charts::{
    draw_activation_chart, draw_gradient_chart_pinned, GradientChartData, PinnedProfile, Theme,
};
use crate::sim::Report;

/// The size `gradflow --svg` draws at, in pixels.
pub const CLI_SIZE: (u32, u32) = (800, 420);

/// Runs `draw` on an SVG of `size` pixels and returns the SVG text, or what went wrong.
fn render<E: std::fmt::Debug>(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), E>,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root).map_err(|e| format!("could not draw the chart: {e:?}"))?;
        root.present()
            .map_err(|e| format!("could not finish the SVG: {e:?}"))?;
    }
    Ok(out)
}

/// The gradient chart, with the pinned profile when there is one.
pub fn gradient_svg(
    data: &GradientChartData,
    pin: Option<&PinnedProfile>,
    theme: &Theme,
    size: (u32, u32),
) -> Result<String, String> {
    render(size, |area| {
        draw_gradient_chart_pinned(area, data, pin, theme).map(|_| ())
    })
}

/// The activation distribution chart.
pub fn activation_svg(report: &Report, theme: &Theme, size: (u32, u32)) -> Result<String, String> {
    render(size, |area| {
        draw_activation_chart(area, report, theme).map(|_| ())
    })
}
