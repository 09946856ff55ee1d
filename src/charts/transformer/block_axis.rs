//! The transformer charts' x axis: blocks 1…L in equal slots (the explorer's
//! `LayerChartLayout`), numbered under the plot with the word "block" at the left.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::kit::draw_util::{draw_line, draw_text, stroke, DrawResult};
use crate::charts::kit::frame::Frame;
use crate::charts::kit::layout::LayerChartLayout;
use crate::charts::kit::scale::layer_ticks;

/// Block numbers under the plot at `y`, thinned to what fits, each with a tick.
pub fn draw_block_axis<DB: DrawingBackend>(
    frame: &Frame<DB>,
    layout: &LayerChartLayout,
    y: i32,
) -> DrawResult<(), DB> {
    let n = layout.layers;
    let widest = frame.text_width(&n.to_string(), &frame.tick_style).max(1);
    let max_labels = (layout.plot().width() / (widest + 14)).max(2) as usize;
    let axis = stroke(frame.theme.axis, 1);
    for b in layer_ticks(n, max_labels) {
        let Some(x) = layout.center_x(b) else {
            continue;
        };
        draw_line(
            frame.area,
            (x, layout.plot_bottom),
            (x, layout.plot_bottom + 3),
            axis,
        )?;
        let style = &frame.tick_style;
        draw_text(
            frame.area,
            &b.to_string(),
            (x, y),
            style,
            HPos::Center,
            VPos::Top,
        )?;
    }
    let at = (layout.plot_left - 6, y);
    draw_text(
        frame.area,
        "block",
        at,
        &frame.small,
        HPos::Right,
        VPos::Top,
    )
}
