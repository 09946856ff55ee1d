//! Light or dark, following the system setting live.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::charts::Theme;

/// A signal that is true while the system prefers a dark colour scheme.
pub fn prefers_dark() -> ReadSignal<bool> {
    let query = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
    let (dark, set_dark) = signal(query.as_ref().map(|q| q.matches()).unwrap_or(false));
    if let Some(query) = query {
        let on_change = Closure::<dyn Fn()>::new({
            let query = query.clone();
            move || set_dark.set(query.matches())
        });
        query.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        // The listener lives as long as the page.
        on_change.forget();
    }
    dark
}

pub fn chart_theme(dark: bool) -> Theme {
    if dark {
        Theme::dark()
    } else {
        Theme::light()
    }
}
