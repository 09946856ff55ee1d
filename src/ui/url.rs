//! The address bar holds a link to what is on screen (see `link`): read at start-up, written
//! back as the state changes, and walked with Back and Forward.
//!
//! History: each change makes one entry (`pushState`), except a slider drag, which makes one
//! entry for the whole drag (its first write pushes, the later ones replace it). A drag is
//! `input` events on a range slider; it ends with the slider's `change` event, or with any
//! other click or change (which first writes what the drag left). Writes are batched, at most
//! one per quarter second: browsers throttle frequent history updates. Back and Forward
//! (`popstate`) restore the entry's state through the one `Edit` path.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::explorer::state::AppState;
use super::training::state::TrainState;
use crate::page::link::{self, Link, View};
use crate::page::presets;

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

/// The URL's query read into the page state and warnings.
pub fn parse_url(params: &[(String, String)]) -> Link {
    link::read(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The view part of the state as it is now.
fn current_view(state: &AppState) -> View {
    View {
        metric: state.metric.get_untracked(),
        show_spread: state.show_spread.get_untracked(),
        show_theory: state.show_theory.get_untracked(),
        pin: state.pin.config.get_untracked(),
    }
}

/// The query (without `?`) describing what is on screen, naming the preset while the config
/// is still exactly that preset.
pub fn current_query(state: &AppState) -> String {
    let cfg = state.config.get_untracked();
    let mixed = state.mixed.get_untracked();
    let preset = state
        .preset
        .get_untracked()
        .filter(|p| p.matches(&cfg, &mixed))
        .map(|p| p.id);
    link::write(&cfg, &mixed, preset, &current_view(state)) + &training_query()
}

thread_local! {
    /// The training panel's state, when the page has one (set by `keep_url_in_sync`).
    static TRAINING: Cell<Option<TrainState>> = const { Cell::new(None) };
}

/// `&mode=train&…` while the training panel is open (`train_query`), else nothing.
fn training_query() -> String {
    match TRAINING.with(Cell::get) {
        Some(t) => t
            .settings
            .with_untracked(|s| crate::page::train::query::to_query(t.mode.get_untracked(), s)),
        None => String::new(),
    }
}

/// The full address of what is on screen (for "copy link").
pub fn current_link(state: &AppState) -> String {
    let Some(w) = web_sys::window() else {
        return format!("?{}", current_query(state));
    };
    let l = w.location();
    format!(
        "{}{}?{}{}",
        l.origin().unwrap_or_default(),
        l.pathname().unwrap_or_default(),
        current_query(state),
        l.hash().unwrap_or_default()
    )
}

/// Applies a link's state to the page (Back/Forward).
fn apply_link(state: AppState, link: &Link) {
    let preset = link.network.preset.and_then(presets::find);
    state.restore(&link.network.edits, preset);
    state.metric.set(link.view.metric);
    state.show_spread.set(link.view.show_spread);
    state.show_theory.set(link.view.show_theory);
    state.pin.config.set(link.view.pin.clone());
    if let Some(t) = TRAINING.with(Cell::get) {
        t.restore(link.network.train.mode, link.network.train.settings.clone());
    }
}

/// Whether the address already describes the state on screen (then nothing is written).
fn address_matches(state: &AppState) -> bool {
    let shown = parse_url(&url_params());
    let now = link::read(
        current_query(state)
            .split('&')
            .filter_map(|kv| kv.split_once('=')),
    );
    shown.network.config == now.network.config
        && shown.network.mixed == now.network.mixed
        && shown.network.preset == now.network.preset
        && shown.view == now.view
        && shown.network.train == now.network.train
}

/// Where the history stands with respect to a slider drag.
#[derive(Default)]
struct Gesture {
    /// A range slider sent `input` since the last end of a drag.
    dragging: Cell<bool>,
    /// The current history entry was pushed by this drag: later writes replace it.
    drag_entry: Cell<bool>,
    /// The slider sent `change`: the drag ends after the next write.
    ending: Cell<bool>,
    /// A write is scheduled.
    scheduled: Cell<bool>,
}

/// Keeps the address bar in sync with the state, one history entry per change.
pub fn keep_url_in_sync(state: AppState) {
    let gesture = Rc::new(Gesture::default());
    let train = use_context::<TrainState>();
    TRAINING.with(|t| t.set(train));
    write(&state, Write::Replace);
    listen_for_gestures(state, gesture.clone());
    listen_for_history(state);
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        state.config.track();
        state.mixed.track();
        state.preset.track();
        state.metric.track();
        state.show_spread.track();
        state.show_theory.track();
        state.pin.config.track();
        if let Some(t) = train {
            t.mode.track();
            t.settings.track();
        }
        if first.get_value() {
            first.set_value(false);
            return;
        }
        if gesture.scheduled.replace(true) {
            return;
        }
        let gesture = gesture.clone();
        set_timeout(
            move || {
                if gesture.scheduled.get() {
                    flush(&state, &gesture);
                }
            },
            std::time::Duration::from_millis(250),
        );
    });
}

#[derive(Clone, Copy, PartialEq)]
enum Write {
    Push,
    Replace,
}

/// Writes the pending change now (if any) with the drag rules above.
fn flush(state: &AppState, gesture: &Gesture) {
    gesture.scheduled.set(false);
    if !address_matches(state) {
        let how = if gesture.dragging.get() && gesture.drag_entry.get() {
            Write::Replace
        } else {
            gesture.drag_entry.set(gesture.dragging.get());
            Write::Push
        };
        write(state, how);
    }
    if gesture.ending.replace(false) {
        gesture.dragging.set(false);
        gesture.drag_entry.set(false);
    }
}

fn write(state: &AppState, how: Write) {
    let Some(w) = web_sys::window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    let url = format!("?{}{hash}", current_query(state));
    if let Ok(history) = w.history() {
        let null = JsValue::NULL;
        let _ = match how {
            Write::Push => history.push_state_with_url(&null, "", Some(&url)),
            Write::Replace => history.replace_state_with_url(&null, "", Some(&url)),
        };
    }
}

/// Range-slider `input` starts or continues a drag; its `change` ends it after the next
/// write; any other click or change first writes what is pending, then ends it. Capture
/// listeners on the window run before the controls' own handlers.
fn listen_for_gestures(state: AppState, gesture: Rc<Gesture>) {
    let Some(w) = web_sys::window() else { return };
    let on_event = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let on_slider = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.type_() == "range");
        match (ev.type_().as_str(), on_slider) {
            ("input", true) => gesture.dragging.set(true),
            // The release: ends the drag after its last write, or now if that is done.
            ("change", true) if gesture.scheduled.get() => gesture.ending.set(true),
            ("input", false) => {}
            _ => {
                if gesture.scheduled.get() {
                    flush(&state, &gesture);
                }
                gesture.dragging.set(false);
                gesture.drag_entry.set(false);
            }
        }
    });
    for kind in ["input", "change", "click"] {
        let _ = w.add_event_listener_with_callback_and_bool(
            kind,
            on_event.as_ref().unchecked_ref(),
            true,
        );
    }
    // The listener lives as long as the page.
    on_event.forget();
}

/// Back and Forward: the entry's link becomes the state.
fn listen_for_history(state: AppState) {
    let Some(w) = web_sys::window() else { return };
    let on_pop = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        apply_link(state, &parse_url(&url_params()));
    });
    let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
}
