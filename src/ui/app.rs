use leptos::prelude::*;

use super::lessons::Lessons;
use super::state::AppState;
use super::theme::prefers_dark;
use crate::query;

#[component]
pub fn App() -> impl IntoView {
    if query_param("panic").is_some() {
        // Test hook: proves the panic banner works (see tests/e2e).
        request_animation_frame(|| panic!("deliberate panic requested by ?panic"));
    }
    let parsed = query::parse(url_pairs().iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let preset = parsed.preset.and_then(crate::presets::find);
    let state = AppState::new(parsed.config, preset, prefers_dark());
    provide_context(state);
    view! {
        <header class="site-header">
            <h1>"Gradient Flow Explorer"</h1>
            <p class="tagline">"Watch gradients vanish or explode as they flow back through a deep network."</p>
        </header>
        <main>
            <section data-area="controls" aria-label="Network controls"></section>
            <section data-area="status" aria-label="Gradient status"></section>
            <section data-area="charts" aria-label="Charts"></section>
            <Lessons />
        </main>
    }
}

fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// The URL's query as decoded key/value pairs.
fn url_pairs() -> Vec<(String, String)> {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    ["preset", "activation", "init", "depth", "width", "batch", "seed"]
        .into_iter()
        .filter_map(|k| params.get(k).map(|v| (k.to_string(), v)))
        .collect()
}
