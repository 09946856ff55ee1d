//! A panic must never leave a frozen page: log it, then show a visible banner with a way out.
//!
//! The banner is plain DOM built here, and its "Reset to defaults" control is an ordinary link
//! (the page's own path, no query): after a panic the wasm instance may be unusable, so nothing
//! in the banner calls back into it.

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_error(&info.to_string());
    }));
}

/// Fills and reveals `#fatal-error`: what happened, and a link that reloads the page with the
/// default configuration (a link's query may be what made it panic).
pub fn show_fatal_error(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(banner) = document
        .get_element_by_id("fatal-error")
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    banner.set_text_content(Some(&format!(
        "Something went wrong and the explorer stopped. ({detail}) "
    )));
    if let Some(reset) = reset_link(&document) {
        let _ = banner.append_child(&reset);
    }
    banner.set_hidden(false);
}

/// `<a href="{path}" data-testid="reset-defaults">Reset to defaults</a>`: the page without
/// its query, i.e. every setting at its default.
fn reset_link(document: &Document) -> Option<web_sys::Element> {
    let path = document.location()?.pathname().ok()?;
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", &path).ok()?;
    link.set_attribute("class", "fatal-reset").ok()?;
    link.set_attribute("data-testid", "reset-defaults").ok()?;
    link.set_text_content(Some("Reset to defaults"));
    Some(link)
}
