//! Fresh tasks: `run_in_next_task` runs a closure as soon as the browser is free (input events
//! already queued run first; `setTimeout(0)` would do the same but waits for the next frame
//! here, ~8 ms); `after_next_paint` once the next frame is on screen.

use wasm_bindgen::prelude::*;

pub fn run_in_next_task(f: impl FnOnce() + 'static) {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        // No MessageChannel (very old browser): fall back to a timer.
        leptos::prelude::set_timeout(f, std::time::Duration::ZERO);
        return;
    };
    let port = channel.port1();
    let callback = Closure::once_into_js(f);
    port.set_onmessage(Some(callback.unchecked_ref()));
    let _ = channel.port2().post_message(&JsValue::NULL);
}

/// Runs a closure after the browser has painted the next frame: a task queued from the frame
/// callback runs once that frame is on screen (for work that must not delay a first picture).
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || run_in_next_task(f));
}
