//! Which challenges the learner has met, kept in the browser's local storage (one key, the ids
//! separated by commas). Read once at start; written on every change. Without storage (a
//! private window that refuses it) progress lasts as long as the page.

use wasm_bindgen::{JsCast, JsValue};

const KEY: &str = "gradient-flow-explorer.challenges-met";

fn storage() -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"localStorage".into())
        .ok()
        .filter(|s| !s.is_null() && !s.is_undefined())
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f = js_sys::Reflect::get(target, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let args: js_sys::Array = args.iter().collect();
    f.apply(target, &args).ok()
}

/// The ids stored as met (unknown ids are kept out by the caller).
pub fn load() -> Vec<String> {
    storage()
        .and_then(|s| call(&s, "getItem", &[KEY.into()]))
        .and_then(|v| v.as_string())
        .map(|v| {
            v.split(',')
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

pub fn save(met: &[&'static str]) {
    if let Some(s) = storage() {
        let _ = call(&s, "setItem", &[KEY.into(), met.join(",").into()]);
    }
}
