//! Preset buttons and the explanation of the one loaded last.

use leptos::prelude::*;

use super::state::use_state;
use crate::page::edit::Edit;
use crate::page::presets::PRESETS;

#[component]
pub fn PresetBar() -> impl IntoView {
    let state = use_state();
    let modified = move || {
        state
            .preset
            .get()
            .is_some_and(|p| !state.config.with(|c| p.matches(c)))
    };
    view! {
        <div class="presets" role="group" aria-label="Preset scenarios">
            {PRESETS.iter().map(|p| view! {
                <button type="button" class="preset" data-testid=format!("preset-{}", p.id)
                    aria-pressed=move || state.preset.get().is_some_and(|q| q.id == p.id && !modified()).to_string()
                    on:click=move |_| state.apply(Edit::Preset(p.id))>
                    {p.title}
                </button>
            }).collect_view()}
        </div>
        <p class="preset-explanation" data-testid="preset-explanation" aria-live="polite">
            {move || match state.preset.get() {
                None => "Pick a preset above to load a scenario, or set the controls yourself.".to_string(),
                Some(p) if modified() => format!("{} (modified: you changed a control since loading it) — {}", p.title, p.explanation),
                Some(p) => format!("{} — {}", p.title, p.explanation),
            }}
        </p>
    }
}
