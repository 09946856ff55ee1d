//! `performance` marks and measures: visible in the browser's performance tools, and read by the
//! end-to-end benchmarks to split a slider's delay into the worker's round trip, decoding and
//! each chart's drawing.

use std::cell::Cell;

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

/// Records the measure `name` from the mark `since` to now (nothing if there is no such mark).
pub fn measure_since(name: &str, since: &str) {
    let Some(p) = performance() else { return };
    let kept = MEASURES.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    if kept > KEPT_MEASURES {
        p.clear_measures();
        MEASURES.with(|n| n.set(1));
    }
    let _ = p.measure_with_start_mark(name, since);
}

/// Runs `f` under the measure `name`.
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    const START: &str = "measured start";
    mark(START);
    let out = f();
    measure_since(name, START);
    out
}
