//! The address bar: read once at start-up into a config (see `query`), then kept holding a
//! link to what is on screen.

use leptos::prelude::*;

use super::state::AppState;
use super::train_state::TrainState;
use crate::query;

/// The URL's query as decoded key/value pairs.
pub fn url_params() -> Vec<(String, String)> {
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

/// The URL's query read into a config, a preset and warnings.
pub fn parse_url(params: &[(String, String)]) -> query::Parsed {
    query::parse(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Writes are batched (at most one per quarter second): a slider drag changes the config many
/// times a second, and browsers throttle frequent history updates.
pub fn keep_url_in_sync(state: AppState) {
    let scheduled = StoredValue::new(false);
    let train = use_context::<TrainState>();
    Effect::new(move |_| {
        state.config.track();
        state.preset.track();
        if let Some(train) = train {
            train.mode.track();
            train.settings.track();
        }
        if scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        set_timeout(
            move || {
                scheduled.set_value(false);
                write_url(state, train);
            },
            std::time::Duration::from_millis(250),
        );
    });
}

/// Replaces the address (keeping the `#section`) with the current config, naming the preset
/// while the config is still exactly that preset.
fn write_url(state: AppState, train: Option<TrainState>) {
    let mut q = match train {
        Some(t) => state.config.with_untracked(|c| {
            t.settings
                .with_untracked(|s| query::to_query_with_training(c, t.mode.get_untracked(), s))
        }),
        None => state.config.with_untracked(query::to_query),
    };
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
