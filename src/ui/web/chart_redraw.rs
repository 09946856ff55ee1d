//! What every chart on a canvas shares: redraw whenever its inputs, the theme or the window
//! size change, and count completed draws in `data-render-count` (the end-to-end tests wait on
//! it). The explorer's "Computing…" over the last drawing is `computing.rs`.

use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use super::timing::measured;

/// Bumped on every window resize, so charts follow their container's size.
pub(crate) fn resize_tick() -> ReadSignal<u32> {
    if let Some(tick) = use_context::<ReadSignal<u32>>() {
        return tick;
    }
    let (tick, set_tick) = signal(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| set_tick.update(|t| *t += 1));
    // The listener lives as long as the page.
    std::mem::forget(handle);
    provide_context(tick);
    tick
}

/// Runs `draw` on the canvas after mount and again whenever a signal it reads changes;
/// returns the number of completed draws.
pub fn redraw_on_change(
    canvas: NodeRef<leptos::html::Canvas>,
    draw: impl Fn(&HtmlCanvasElement) -> bool + 'static,
) -> ReadSignal<u32> {
    let tick = resize_tick();
    let (count, set_count) = signal(0u32);
    Effect::new(move |_| {
        tick.track();
        if let Some(el) = canvas.get() {
            let name = format!(
                "draw {}",
                el.get_attribute("data-testid").unwrap_or_default()
            );
            if measured(&name, || draw(&el)) {
                if count.get_untracked() == 0 {
                    mark_first_chart();
                }
                set_count.update(|c| *c += 1);
            }
        }
    });
    count
}

/// A `performance` mark when a chart first shows a report (the footprint benchmark reads the
/// earliest one as the time to the first real chart).
fn mark_first_chart() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("first chart drawn");
    }
}
