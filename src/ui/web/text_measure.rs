//! The browser's text measurement for the charts' layout.
//!
//! Plotters measures text in the browser by adding a `<span>` to the page and reading its
//! offset size, which forces a layout of the whole (just updated) page, once per label. The
//! width is the text's advance, which a canvas `measureText` gives without any layout; the
//! charts get the height (the font's line box) once per font from plotters.

use std::sync::Once;

use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::charts::kit::text_size::set_text_width_measure;

thread_local! {
    static CONTEXT: Option<CanvasRenderingContext2d> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .and_then(|c| c.get_context("2d").ok().flatten())
        .and_then(|c| c.dyn_into().ok());
}

/// Hands [`measure_width`] to the charts (once; later calls do nothing).
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| set_text_width_measure(Some(measure_width)));
}

/// Advance width of `text` in `css_font`, from an off-page canvas's `measureText`.
pub fn measure_width(text: &str, css_font: &str) -> Option<f64> {
    CONTEXT.with(|ctx| {
        let ctx = ctx.as_ref()?;
        ctx.set_font(css_font);
        ctx.measure_text(text).ok().map(|m| m.width())
    })
}
