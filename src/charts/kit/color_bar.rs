//! The heatmaps' colour scale: log10 of a gradient on a `DecadeRange` in `LEVELS` steps of
//! viridis (dark = small, "cold"; yellow = large), and its colour bar
//! ("‖∂L/∂W‖: 10⁻⁸ [ramp] 10⁰").

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::colormap::viridis;
use super::draw_util::{draw_rect, fill, DrawResult, PixelRect};
use super::frame::{Frame, PAD};
use super::scale::{decade_label, safe_log10, DecadeRange};

/// Colour steps of the ramp (neighbouring cells in one step merge into one rectangle).
pub const LEVELS: f64 = 32.0;

/// The cell colour of gradient `g` on `range`; `None` for inf/NaN. 0 (and anything below the
/// range) takes the coldest colour.
pub fn gradient_color(g: f64, range: DecadeRange) -> Option<RGBColor> {
    if !g.is_finite() {
        return None;
    }
    let t = safe_log10(g).map_or(0.0, |lg| range.fraction(lg).clamp(0.0, 1.0));
    let level = (t * LEVELS).floor().min(LEVELS - 1.0);
    Some(viridis(level / (LEVELS - 1.0)))
}

/// "`name`: 10^lo [ramp] 10^hi" at the frame's left edge on row `top`; returns the x just
/// after it, where a legend may go on.
pub fn draw_color_bar<DB: DrawingBackend>(
    frame: &Frame<DB>,
    name: &str,
    range: DecadeRange,
    top: i32,
) -> DrawResult<i32, DB> {
    let label = format!("{name}: {}", decade_label(range.lo));
    frame.small_text(&label, (PAD, top), HPos::Left, VPos::Top)?;
    let left = PAD + frame.text_width(&label, &frame.small) + 6;
    let ramp_w = 96.min((frame.width - left - 60).max(0));
    for i in 0..ramp_w {
        let t = (f64::from(i) + 0.5) / f64::from(ramp_w);
        let lg = f64::from(range.lo) + t * f64::from(range.decades());
        let color = gradient_color(10f64.powf(lg), range).unwrap_or(frame.theme.overflow);
        let r = PixelRect {
            left: left + i,
            right: left + i + 1,
            top: top + 2,
            bottom: top + frame.line_h - 2,
        };
        draw_rect(frame.area, r, fill(color))?;
    }
    let hi = decade_label(range.hi);
    let x = left + ramp_w + 4;
    frame.small_text(&hi, (x, top), HPos::Left, VPos::Top)?;
    Ok(x + frame.text_width(&hi, &frame.small) + 14)
}
