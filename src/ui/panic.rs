//! A panic must never leave a frozen page: log it, then show a visible banner.

use wasm_bindgen::JsCast;

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_error(&info.to_string());
    }));
}

fn show_fatal_error(detail: &str) {
    let Some(banner) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal-error"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    banner.set_text_content(Some(&format!(
        "Something went wrong and the explorer stopped. Reload the page to start again. ({detail})"
    )));
    banner.set_hidden(false);
}
