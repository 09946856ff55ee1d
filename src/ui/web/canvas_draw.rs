//! Drawing a plotters chart onto a `<canvas>` crisply: the backing store is sized in device
//! pixels, the theme's type is scaled to match, and labels are measured with the canvas's own
//! `measureText` (see `text_measure`).

use leptos::prelude::{SetValue, StoredValue};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::charts::Theme;

/// Sizes `canvas` to its CSS box × devicePixelRatio and calls `draw` on the whole area.
/// Returns the device-pixel ratio used, or `None` when the canvas has no size yet or the
/// backend could not be created (a hidden canvas, for instance).
pub fn draw_on_canvas<T>(
    canvas: &HtmlCanvasElement,
    theme: &Theme,
    draw: impl FnOnce(&DrawingArea<CanvasBackend, Shift>, &Theme) -> T,
) -> Option<(T, f64)> {
    super::text_measure::install();
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let css_w = canvas.client_width().max(0) as f64;
    let css_h = canvas.client_height().max(0) as f64;
    if css_w < 1.0 || css_h < 1.0 {
        return None;
    }
    let (w, h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let area = backend.into_drawing_area();
    let scaled = Theme {
        font_size: theme.font_size * dpr,
        ..*theme
    };
    let out = draw(&area, &scaled);
    area.present().ok()?;
    Some((out, dpr))
}

/// After `draw_on_canvas` with a drawing that returns where it put its marks: keeps them and
/// the pixel ratio in `layout` (for hit-testing clicks and hovers); true when it drew.
pub fn keep_layout<L: Send + Sync + 'static>(
    drawn: Option<(Option<L>, f64)>,
    layout: StoredValue<Option<(L, f64)>>,
) -> bool {
    match drawn {
        Some((Some(l), dpr)) => {
            layout.set_value(Some((l, dpr)));
            true
        }
        _ => false,
    }
}
