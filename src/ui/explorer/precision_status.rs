//! The precision lens's status card: in float16 or bfloat16, how many layers lost what
//! fraction of their gradient to underflow, and the loss scale used or reached (the words are
//! `words::precision`'s, tested natively). Float32 shows no card.

use leptos::prelude::*;

use super::charted::charted_report;
use super::state::use_state;
use crate::words::precision::precision_status;

#[component]
pub fn PrecisionStatusCard() -> impl IntoView {
    let state = use_state();
    let charted = charted_report(state);
    let status =
        Memo::new(move |_| charted.with(|c| c.report.as_ref().ok().and_then(precision_status)));
    move || {
        status.get().map(|s| {
            let first_lost = format!("{}", s.first_layer_lost);
            view! {
                <div class="card precision-card" data-testid="precision-status" role="status"
                    data-first-layer-lost=first_lost>
                    <h3>"Precision: " {s.format.clone()}</h3>
                    <p class="card-note" data-testid="precision-lost">
                        <strong>{format!("{}: ", s.format)}</strong>{s.lost}
                    </p>
                    {s.overflow.map(|o| view! {
                        <p class="card-note" data-testid="precision-overflow">{o}</p>
                    })}
                    <p class="card-note" data-testid="precision-scale">{s.scale}</p>
                </div>
            }
        })
    }
}
