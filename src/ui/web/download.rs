//! Downloads from the page: a canvas as PNG, text as a file (through a Blob URL), and the
//! temporary `<a download>` that starts either.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::export::svg;

fn canvas(testid: &str) -> Option<web_sys::HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("[data-testid='{testid}']"))
        .ok()??
        .dyn_into()
        .ok()
}

/// The chart's size in CSS pixels (the SVG's size), or the CLI's when it is not laid out.
pub fn canvas_size(testid: &str) -> (u32, u32) {
    canvas(testid)
        .map(|c| {
            (
                c.client_width().max(0) as u32,
                c.client_height().max(0) as u32,
            )
        })
        .filter(|&(w, h)| w > 0 && h > 0)
        .unwrap_or(svg::CLI_SIZE)
}

/// The canvas's pixels (device resolution) as a PNG data URL.
pub fn canvas_png(testid: &str) -> Result<String, String> {
    canvas(testid)
        .ok_or_else(|| format!("no {testid} on the page"))?
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("{e:?}"))
}

pub fn download_text(text: &str, mime: &str, name: &str) -> Result<String, String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let result = download_url(&url, name);
    // Revoked after the download has started.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    result
}

/// Clicks a temporary `<a download>` for `url`.
pub fn download_url(url: &str, name: &str) -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(name.to_string())
}
