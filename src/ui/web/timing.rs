//! `performance` marks and measures: visible in the browser's performance tools, and read by the
//! end-to-end benchmarks to split a slider's delay into the worker's round trip (and its parts:
//! request wait, compute, reply wait), decoding and each chart's drawing.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.measure(name, { start, end })` (web-sys has it only as an unstable API).
    #[wasm_bindgen(catch, js_namespace = performance, js_name = measure)]
    fn measure_with_options(name: &str, options: &js_sys::Object) -> Result<JsValue, JsValue>;
}

/// Measures kept before the timeline is cleared, so a long session does not grow it forever.
const KEPT_MEASURES: u32 = 1000;

thread_local! {
    static MEASURES: Cell<u32> = const { Cell::new(0) };
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Sets the mark `name` (replacing an earlier one of that name).
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        p.clear_marks_with_mark_name(name);
        let _ = p.mark(name);
    }
}

/// Now, in milliseconds since the Unix epoch (`performance.timeOrigin + performance.now()`):
/// the simulation worker's clock counts the same way, so times from both can be compared.
pub fn epoch_now() -> f64 {
    performance().map_or(0.0, |p| p.time_origin() + p.now())
}

/// Records the measure `name` from the mark `since` to now (nothing if there is no such mark).
pub fn measure_since(name: &str, since: &str) {
    let Some(p) = performance() else { return };
    count_measure(&p);
    let _ = p.measure_with_start_mark(name, since);
}

/// Records the measure `name` from `start` to `end`, both from `epoch_now` or the worker's
/// clock. A negative duration is kept: it would show the two clocks disagree.
pub fn measure_between(name: &str, start: f64, end: f64) {
    let Some(p) = performance() else { return };
    if !start.is_finite() || !end.is_finite() {
        return;
    }
    count_measure(&p);
    let options = js_sys::Object::new();
    let origin = p.time_origin();
    for (key, t) in [("start", start - origin), ("end", end - origin)] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &t.into());
    }
    let _ = measure_with_options(name, &options);
}

/// Counts a measure, clearing the timeline once `KEPT_MEASURES` have been recorded.
fn count_measure(p: &web_sys::Performance) {
    let kept = MEASURES.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    if kept > KEPT_MEASURES {
        p.clear_measures();
        MEASURES.with(|n| n.set(1));
    }
}

/// Runs `f` under the measure `name`.
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    const START: &str = "measured start";
    mark(START);
    let out = f();
    measure_since(name, START);
    out
}
