//! How big a label will be, for layout: the backend's estimate, or, where the host supplies
//! one, a faster measuring function (the page's canvas `measureText`). Results are memoised
//! per (text, font) because the charts measure the same labels on every redraw.
//!
//! Plain Rust: the browser's measuring code lives in `ui::web::text_measure` and is handed in
//! with [`set_text_width_measure`], so the charts stay generic over the backend.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::{FontStyle, TextStyle};

/// Measures the advance width in pixels of `text` drawn in `css_font` (a CSS font shorthand:
/// "normal 13px sans-serif"); `None` when it cannot, and the backend's estimate is used.
pub type TextWidthMeasure = fn(text: &str, css_font: &str) -> Option<f64>;

/// Installs (or, with `None`, removes) the width measure used by [`text_size`] on this thread.
/// Forgets every size memoised so far, since those came from the previous measure.
pub fn set_text_width_measure(measure: Option<TextWidthMeasure>) {
    WIDTH_MEASURE.with(|m| m.set(measure));
    TEXT_SIZES.with(|c| c.borrow_mut().clear());
    LINE_HEIGHTS.with(|c| c.borrow_mut().clear());
}

thread_local! {
    static WIDTH_MEASURE: Cell<Option<TextWidthMeasure>> = const { Cell::new(None) };
    static TEXT_SIZES: RefCell<HashMap<TextKey, (i32, i32)>> = RefCell::new(HashMap::new());
    /// Line box height per CSS font, for the width measure (which gives widths only).
    static LINE_HEIGHTS: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::new());
}

/// Width and height the backend will give `text` (estimated, or measured by the installed
/// [`TextWidthMeasure`]), memoised per (text, font).
pub fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> (i32, i32) {
    let key = TextKey::new(text, style);
    if let Some(size) = TEXT_SIZES.with(|c| c.borrow().get(&key).copied()) {
        return size;
    }
    let measured = match WIDTH_MEASURE.with(Cell::get) {
        Some(measure) => measured_size(area, text, style, &key, measure),
        None => area.estimate_text_size(text, style).map_err(|_| ()),
    };
    let size = match measured {
        Ok((w, h)) => (w as i32, h as i32),
        // Estimation can only fail on a broken font; assume a generous box (not cached).
        Err(_) => {
            return (
                (text.chars().count() as f64 * style.font.get_size() * 0.6) as i32,
                style.font.get_size() as i32,
            )
        }
    };
    TEXT_SIZES.with(|c| {
        let mut c = c.borrow_mut();
        // Labels with data in them (percentages, layer counts) keep arriving: stay bounded.
        if c.len() >= TEXT_CACHE_CAP {
            c.clear();
        }
        c.insert(key, size);
    });
    size
}

const TEXT_CACHE_CAP: usize = 1024;

/// The measure's width with the font's line box height, which does not depend on the text:
/// one backend estimate per font gives it.
fn measured_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    key: &TextKey,
    measure: TextWidthMeasure,
) -> Result<(u32, u32), ()> {
    let font = format!("{} {}px {}", key.style, style.font.get_size(), key.family);
    let height = match LINE_HEIGHTS.with(|h| h.borrow().get(&font).copied()) {
        Some(h) => h,
        None => {
            let (_, h) = area.estimate_text_size("Mg", style).map_err(|_| ())?;
            LINE_HEIGHTS.with(|m| m.borrow_mut().insert(font.clone(), h));
            h
        }
    };
    match measure(text, &font) {
        Some(w) if w.is_finite() && w >= 0.0 => Ok((w.round() as u32, height)),
        _ => area.estimate_text_size(text, style).map_err(|_| ()),
    }
}

/// What a measurement depends on: the text and the font (family, style, size).
#[derive(Clone, PartialEq, Eq, Hash)]
struct TextKey {
    text: String,
    family: String,
    style: &'static str,
    size_bits: u64,
}

impl TextKey {
    fn new(text: &str, style: &TextStyle) -> TextKey {
        TextKey {
            text: text.to_string(),
            family: style.font.get_family().as_str().to_string(),
            style: match style.font.get_style() {
                FontStyle::Normal => "normal",
                FontStyle::Oblique => "oblique",
                FontStyle::Italic => "italic",
                FontStyle::Bold => "bold",
            },
            size_bits: style.font.get_size().to_bits(),
        }
    }
}
