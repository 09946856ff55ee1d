//! Every button that changes the network from afar (a lesson's "Try it", the phase diagram, a
//! training preset) brings the gradient chart into view, not the controls, and leaves a
//! "back" button that returns the learner to the button they pressed (scrolled to and
//! focused). The way back is a signal in context (`BackTo`); the button is `BackButton`.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Where the back button returns to: the element with this `data-testid`, and its words.
#[derive(Clone, Debug, PartialEq)]
pub struct BackPoint {
    pub testid: String,
    /// "Back to the lesson", "Back to the phase diagram", …
    pub label: &'static str,
}

/// The way back, given by the page (`provide_back_to`); absent in component tests.
#[derive(Clone, Copy)]
pub struct BackTo(pub RwSignal<Option<BackPoint>>);

pub fn provide_back_to() {
    provide_context(BackTo(RwSignal::new(None)));
}

/// Brings the gradient chart into view (the smallest scroll that shows it); with `from`, the
/// back button offers a way back to that element.
pub fn show_chart(from: Option<BackPoint>) {
    if let (Some(back), Some(point)) = (use_context::<BackTo>(), from) {
        back.0.set(Some(point));
    }
    // After the change has reached the page (an explanation above the chart may grow).
    request_animation_frame(|| {
        if let Some(el) = by_selector("[data-testid=gradient-figure]") {
            scroll_into_view(&el, "nearest");
        }
    });
}

/// Brings the element with this `data-testid` into view (the smallest scroll that shows it),
/// once a change made by the caller has reached the page: a mode's "Try it" buttons show their
/// mode's first chart this way.
pub fn show_by_testid(testid: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = by_selector(&format!("[data-testid={testid}]")) {
            scroll_into_view(&el, "nearest");
        }
    });
}

fn by_selector(css: &str) -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector(css)
        .ok()
        .flatten()
}

/// `el.scrollIntoView({ block })`, instant (reduced motion needs nothing more).
fn scroll_into_view(el: &web_sys::Element, block: &str) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &block.into());
    let method = js_sys::Reflect::get(el, &"scrollIntoView".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(f) = method {
        let _ = f.call1(&JsValue::from(el), &options);
    }
}

/// The "back to …" button, fixed at the bottom of the window while there is a way back.
#[component]
pub fn BackButton() -> impl IntoView {
    let Some(BackTo(back)) = use_context::<BackTo>() else {
        return ().into_any();
    };
    let go_back = move |_| {
        let Some(point) = back.get_untracked() else {
            return;
        };
        back.set(None);
        if let Some(el) = by_selector(&format!("[data-testid='{}']", point.testid)) {
            scroll_into_view(&el, "center");
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    view! {
        {move || back.get().map(|point| view! {
            <div class="back-to">
                <button type="button" data-testid="back-button" on:click=go_back>
                    <span aria-hidden="true">"↩ "</span>{point.label}
                </button>
                <button type="button" class="back-close" data-testid="back-close"
                    aria-label="Close the way back" on:click=move |_| back.set(None)>"×"</button>
            </div>
        })}
    }
    .into_any()
}
