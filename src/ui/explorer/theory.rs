//! The theory panel, a deeper layer the learner opens (a `<details>`, closed at first; its
//! content is built when first opened, so the phase diagram costs nothing at load): χ and the
//! depth scale in words (`chi-readout`), a note where the simulation departs from the
//! prediction (`theory-note`), and the phase diagram.

use leptos::prelude::*;

use super::phase_diagram::PhaseDiagram;
use super::state::use_state;
use crate::lessons::theory_words::{chi_readout, departure_words, theory_departure};

#[component]
pub fn TheoryPanel() -> impl IntoView {
    let opened = RwSignal::new(false);
    view! {
        <details class="theory-panel deeper" data-testid="theory-details"
            on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if open && !opened.get_untracked() {
                    opened.set(true);
                }
            }>
            <summary>
                <span class="summary-title">"Go deeper: mean-field theory"</span>
                <span class="summary-note">"χ, the depth scale, and the order-to-chaos phase diagram"</span>
            </summary>
            <Show when=move || opened.get()>
                <ChiReadout />
                <DepartureNote />
                <PhaseDiagram />
            </Show>
        </details>
    }
}

/// χ at the variance fixed point in words, the number itself in `data-value` ("none" where
/// the plain-network theory does not apply).
#[component]
pub fn ChiReadout() -> impl IntoView {
    let state = use_state();
    let readout = Memo::new(move |_| state.config.with(chi_readout));
    let value = move || {
        readout.with(|r| match r.chi {
            Some(chi) => format!("{chi}"),
            None => "none".to_string(),
        })
    };
    view! {
        <p class="chi-readout" data-testid="chi-readout" data-value=value>
            {move || readout.with(|r| r.text.clone())}
        </p>
    }
}

/// Shown only where the simulation on screen departs from the prediction by more than the
/// seed noise (or, without the seed band, noticeably), with the reason.
#[component]
pub fn DepartureNote() -> impl IntoView {
    let state = use_state();
    let note = move || {
        let spread = state.spread.get();
        state.report.with(|r| {
            let r = r.as_ref().ok()?;
            let d = theory_departure(r, spread.as_ref())?;
            Some(departure_words(d, &r.config))
        })
    };
    view! {
        <p class="card-note theory-note" data-testid="theory-note" hidden=move || note().is_none()>
            {move || note().unwrap_or_default()}
        </p>
    }
}
