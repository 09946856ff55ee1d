//! Browser test (wasm-bindgen-test): a real panic, with the page's hook installed, reveals the
//! error banner with a "Reset to defaults" link to the page without its query. Its own test
//! binary: after the panic this wasm instance has trapped, so nothing else runs in it.
//!
//! The release page has no way to panic on request (the `?panic` hook is debug-only; the
//! end-to-end test checks that it is ignored there), so the hook is proved here.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A function, not a closure: its `()` return type is stated, not inferred from `panic!`.
fn deliberate_panic() {
    panic!("deliberate test panic");
}

#[wasm_bindgen_test]
async fn a_panic_reveals_the_banner_with_a_reset_link() {
    let window = web_sys::window().expect("window");
    let document = window.document().expect("document");
    // The banner as index.html has it: empty and hidden.
    let banner: HtmlElement = document
        .create_element("div")
        .expect("div")
        .unchecked_into();
    banner.set_id("fatal-error");
    banner.set_hidden(true);
    document
        .body()
        .expect("body")
        .append_child(&banner)
        .expect("append");

    gradient_flow_explorer::ui::web::panic::install_hook();
    // Panics in a timer callback, outside this test's own stack, as a panic in an event would.
    let boom = Closure::once_into_js(deliberate_panic);
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(boom.unchecked_ref(), 0)
        .expect("setTimeout");
    sleep_ms(200).await;

    assert!(!banner.hidden(), "the banner is still hidden after a panic");
    let text = banner.text_content().unwrap_or_default();
    assert!(text.contains("Something went wrong"), "banner text: {text}");
    assert!(
        text.contains("deliberate test panic"),
        "banner text: {text}"
    );
    let reset = banner
        .query_selector("a[data-testid='reset-defaults']")
        .expect("selector")
        .expect("the banner has no reset link");
    let path = window.location().pathname().expect("pathname");
    assert_eq!(reset.get_attribute("href"), Some(path));
    assert_eq!(reset.text_content().as_deref(), Some("Reset to defaults"));
}
