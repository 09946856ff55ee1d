//! The chart contract: what a chart draws from (`Data`), how it draws it on any plotters
//! backend, what it returns for hit-testing (`Layout`), and its text alternative. The page
//! shows any `Chart` on a canvas with one component (`ui::web::chart_canvas`), natively any
//! `Chart` becomes SVG text with `svg` (tests, `gradflow --svg`, the page's SVG buttons).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

use super::kit::draw_util::DrawResult;
use super::kit::theme::Theme;

/// A chart: a value holding how it is drawn (which quantity, which words), drawing `Data` it
/// borrows from the page's signals or a test.
pub trait Chart {
    /// What one drawing shows: a borrowed view of a report or a run, cheap to copy.
    type Data<'a>: Copy
    where
        Self: 'a;
    /// Where the chart put its marks (pixel coordinates), for hit-testing; `()` when nothing
    /// reads it.
    type Layout;

    /// Draws the chart filling `area`.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        data: Self::Data<'_>,
        theme: &Theme,
    ) -> DrawResult<Self::Layout, DB>;

    /// The chart's text alternative: what it shows, in words and numbers.
    fn summary(&self, data: Self::Data<'_>) -> String;
}

/// `chart` drawn on an SVG of `size` pixels: the SVG text and the layout, or what went wrong.
pub fn svg<C: Chart>(
    chart: &C,
    data: C::Data<'_>,
    theme: &Theme,
    size: (u32, u32),
) -> Result<(String, C::Layout), String> {
    draw_svg(size, |area| chart.draw(area, data, theme))
}

/// Runs `draw` on an SVG of `size` pixels: the SVG text and what `draw` returned, or what
/// went wrong (for a drawing that is not a `Chart` of its own).
pub fn draw_svg<T, E: std::fmt::Debug>(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<T, E>,
) -> Result<(String, T), String> {
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let drawn = draw(&root).map_err(|e| format!("could not draw the chart: {e:?}"))?;
        root.present()
            .map_err(|e| format!("could not finish the SVG: {e:?}"))?;
        drawn
    };
    Ok((out, drawn))
}
