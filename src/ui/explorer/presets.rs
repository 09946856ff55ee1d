//! Preset buttons and the explanation of the one loaded last: the three that state the
//! problem (vanishing, healthy, exploding) first, the others under "More scenarios", grouped
//! by the question they answer (`page::presets::MORE_SCENARIOS`). The preset whose network
//! the controls hold is pressed, whether it was loaded or set by hand (or by the link).

use leptos::prelude::*;

use super::state::{use_state, AppState};
use crate::page::edit::Edit;
use crate::page::presets::{self, Preset, FIRST, MORE_SCENARIOS};
use crate::ui::web::show_chart::show_chart;

#[component]
pub fn PresetBar() -> impl IntoView {
    let state = use_state();
    let modified = move || {
        state
            .preset
            .get()
            .is_some_and(|p| !state.config.with(|c| p.matches(c, &state.mixed.get())))
    };
    let first = FIRST
        .iter()
        .filter_map(|id| presets::find(id))
        .map(|p| preset_button(state, p))
        .collect_view();
    // Open at first when the page starts on one of them (a link), so its mark shows.
    let mixed = state.mixed.get_untracked();
    let open = state
        .config
        .with_untracked(|c| presets::matching(c, &mixed))
        .is_some_and(|p| !FIRST.contains(&p.id));
    let groups = MORE_SCENARIOS
        .iter()
        .map(|g| {
            let buttons = g
                .ids
                .iter()
                .filter_map(|id| presets::find(id))
                .map(|p| preset_button(state, p))
                .collect_view();
            view! {
                <div class="preset-group" role="group" aria-label=g.question>
                    <p class="preset-question">{g.question}</p>
                    <div class="presets">{buttons}</div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="presets presets-first" role="group" aria-label="The problem: three networks">
            {first}
        </div>
        <details class="more-scenarios" data-testid="more-scenarios" open=open>
            <summary>"More scenarios"</summary>
            {groups}
        </details>
        <p class="preset-explanation" data-testid="preset-explanation" aria-live="polite">
            {move || match state.preset.get() {
                // On load (or after a link) the controls may hold a preset's network: name it,
                // in no more words than the line it replaces (on a phone the chart comes next).
                None => match state.config.with(|c| presets::matching(c, &state.mixed.get())) {
                    Some(p) => format!("{}: the network the controls hold now.", p.title),
                    None => "Pick a preset above to load a scenario, or set the controls yourself.".to_string(),
                },
                Some(p) if modified() => format!("{} (modified: you changed a control since loading it) — {}", p.title, p.explanation),
                Some(p) => format!("{} — {}", p.title, p.explanation),
            }}
        </p>
    }
}

/// One preset's button: pressed while the controls hold its network; a click loads it and
/// brings the gradient chart into view.
fn preset_button(state: AppState, p: &'static Preset) -> impl IntoView {
    let current = move || state.config.with(|c| p.matches(c, &state.mixed.get()));
    view! {
        <button type="button" class="preset" data-testid=format!("preset-{}", p.id)
            aria-pressed=move || current().to_string()
            on:click=move |_| {
                state.apply(Edit::Preset(p.id));
                show_chart(None);
            }>
            {p.title}
        </button>
    }
}
