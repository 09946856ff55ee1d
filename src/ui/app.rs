use leptos::prelude::*;

use super::activation_chart::ActivationChart;
use super::controls::Controls;
use super::gradient_chart::GradientChart;
use super::lessons::Lessons;
use super::presets::PresetBar;
use super::state::AppState;
use super::status::StatusCards;
use super::theme::prefers_dark;
use crate::{presets, query};

#[component]
pub fn App() -> impl IntoView {
    let params = url_params();
    if params.iter().any(|(k, _)| k == "panic") {
        // Test hook: proves the panic banner works (see tests/e2e).
        request_animation_frame(|| panic!("deliberate panic requested by ?panic"));
    }
    let parsed = query::parse(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let state = AppState::new(
        parsed.config,
        parsed.preset.and_then(presets::find),
        prefers_dark(),
    );
    provide_context(state);
    keep_url_in_sync(state);
    let warnings = parsed.warnings;
    view! {
        <header class="site-header">
            <h1>"Gradient Flow Explorer"</h1>
            <p class="tagline">"Watch gradients vanish or explode as they flow back through a deep network."</p>
        </header>
        <main>
            {(!warnings.is_empty()).then(|| view! {
                <div class="url-warnings" role="alert" data-testid="url-warnings">
                    <p>"Some settings in the link were adjusted:"</p>
                    <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            })}
            <section data-area="controls" aria-label="Network controls">
                <PresetBar />
                <Controls />
            </section>
            <section data-area="status" aria-label="Gradient status">
                <StatusCards />
            </section>
            <section data-area="charts" aria-label="Charts">
                <GradientChart />
                <ActivationChart />
            </section>
            <Lessons />
        </main>
        <footer class="site-footer">
            <p>"Every number is computed in your browser by a float32 forward and backward pass over the network you configure."</p>
        </footer>
    }
}

/// The URL's query as decoded key/value pairs.
fn url_params() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let Some(entries) = js_sys::try_iter(&params).ok().flatten() else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|pair| {
            let pair = js_sys::Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// The address bar holds a link to what is on screen. Writes are batched (at most one per
/// quarter second): a slider drag changes the config many times a second, and browsers
/// throttle frequent history updates.
fn keep_url_in_sync(state: AppState) {
    let scheduled = StoredValue::new(false);
    Effect::new(move |_| {
        state.config.track();
        state.preset.track();
        if scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        set_timeout(
            move || {
                scheduled.set_value(false);
                write_url(state);
            },
            std::time::Duration::from_millis(250),
        );
    });
}

fn write_url(state: AppState) {
    let mut q = state.config.with_untracked(query::to_query);
    if let Some(p) = state
        .preset
        .get_untracked()
        .filter(|p| state.config.with_untracked(|c| p.matches(c)))
    {
        q = format!("preset={}&{q}", p.id);
    }
    let Some(w) = web_sys::window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("?{q}{hash}")),
        );
    }
}
