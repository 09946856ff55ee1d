//! Typesetting the lessons' `.math` placeholders (see `crate::lessons::markdown`) with the
//! KaTeX that index.html loads as `window.katex`.
//!
//! A formula is never left blank: if KaTeX is missing the TeX source is shown as code, and if
//! it fails to parse the source is shown in a `.katex-error` element and logged as a console
//! error (the end-to-end tests fail on either).

use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = katex, js_name = renderToString, catch)]
    fn katex_render_to_string(tex: &str, options: &JsValue) -> Result<String, JsValue>;
}

/// Marks a placeholder that has been filled, so typesetting twice is harmless.
const DONE_ATTR: &str = "data-typeset";

/// What rendering one formula gave.
pub enum Rendered {
    /// HTML to put in the placeholder.
    Html(String),
    /// No renderer on the page: show the source.
    Unavailable,
    /// The formula did not parse; the message says why.
    Error(String),
}

/// True when `window.katex.renderToString` exists.
pub fn katex_available() -> bool {
    let Ok(katex) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("katex")) else {
        return false;
    };
    js_sys::Reflect::get(&katex, &JsValue::from_str("renderToString"))
        .is_ok_and(|f| f.is_function())
}

/// Renders one formula with KaTeX (`throwOnError: true`, so a bad formula is reported;
/// `trust: false`, so no formula can make a link or load anything).
pub fn render_katex(tex: &str, display: bool) -> Rendered {
    if !katex_available() {
        return Rendered::Unavailable;
    }
    let options = js_sys::Object::new();
    let set = |k: &str, v: bool| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_bool(v));
    };
    set("displayMode", display);
    set("throwOnError", true);
    // No \href, \url, \includegraphics or \htmlClass: the output goes in through innerHTML.
    set("trust", false);
    match katex_render_to_string(tex, &options) {
        Ok(html) => Rendered::Html(html),
        Err(e) => Rendered::Error(error_message(&e)),
    }
}

fn error_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown KaTeX error".to_string())
}

/// Typesets every not-yet-typeset `.math` element under `root` with KaTeX.
pub fn typeset(root: &Element) {
    typeset_with(root, render_katex);
}

/// [`typeset`] with any renderer (tests pass a fake one).
pub fn typeset_with(root: &Element, render: impl Fn(&str, bool) -> Rendered) {
    // A live collection, but typesetting never adds or removes the `math` class.
    let nodes = root.get_elements_by_class_name("math");
    for i in 0..nodes.length() {
        let Some(el) = nodes.item(i) else {
            continue;
        };
        if el.has_attribute(DONE_ATTR) {
            continue;
        }
        let Some(tex) = el.get_attribute("data-tex") else {
            continue;
        };
        let display = el.get_attribute("data-display").as_deref() == Some("true");
        match render(&tex, display) {
            Rendered::Html(html) => el.set_inner_html(&html),
            Rendered::Unavailable => show_source(&el, &tex, "math-source", None),
            Rendered::Error(message) => {
                leptos::logging::error!("KaTeX could not render {tex:?}: {message}");
                show_source(&el, &tex, "katex-error", Some(&message));
            }
        }
        let _ = el.set_attribute(DONE_ATTR, "");
    }
}

/// Replaces the placeholder's content with `<code class=…>tex</code>` (text, not HTML).
fn show_source(el: &Element, tex: &str, class: &str, title: Option<&str>) {
    el.set_inner_html("");
    let Some(doc) = el.owner_document() else {
        el.set_text_content(Some(tex));
        return;
    };
    let Ok(code) = doc.create_element("code") else {
        el.set_text_content(Some(tex));
        return;
    };
    code.set_class_name(class);
    code.set_text_content(Some(tex));
    if let Some(t) = title {
        let _ = code.set_attribute("title", t);
    }
    let _ = el.append_child(&code);
}
