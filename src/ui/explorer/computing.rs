//! "Computing…" over the last drawing of an explorer chart while a long computation runs.

use leptos::prelude::*;

use super::state::use_state;

/// Laid over a chart while a computation takes longer than `SLOW_MS`: the last chart stays
/// visible under it (never a blank), and the figure says `aria-busy`.
#[component]
pub fn ComputingOverlay() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="computing" data-testid="computing" hidden=move || !state.slow.get()>
            <span class="spinner" aria-hidden="true"></span>
            "Computing…"
        </div>
    }
}
