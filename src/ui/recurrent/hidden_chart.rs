//! The hidden-state chart on a canvas: h_t's density per step for the first seed, redrawn on
//! every new spread (and theme or window change), counted in `data-render-count`, with its
//! summary as the text alternative. It redraws once the next frame is on screen, so a new
//! spread's gradient chart, the mode's main picture, is painted without waiting for it, and
//! only when the first seed's network or states changed (not for the seed band).

use leptos::prelude::*;

use super::state::use_rnn_state;
use crate::charts::recurrent::hidden_states::HiddenStates;
use crate::ui::web::chart_canvas::{shown, ChartCanvas};
use crate::ui::web::next_task::after_next_paint;

#[component]
pub fn HiddenStateChart(dark: ReadSignal<bool>) -> impl IntoView {
    let state = use_rnn_state();
    // The seed band that follows a first look brings the same first seed: no redraw for it.
    let first_seed = Memo::new(move |_| {
        state.result.with(|r| match r {
            Ok(sp) => Ok((sp.config.clone(), sp.hidden.clone())),
            Err(e) => Err(e.clone()),
        })
    });
    let painted = RwSignal::new(0u32);
    Effect::new(move |_| {
        // Read, not only tracked: a memo computes when read.
        first_seed.with(|_| ());
        // The chart may be gone by then (`try_update` on a disposed signal does nothing).
        after_next_paint(move || {
            painted.try_update(|n| *n += 1);
        });
    });
    view! {
        <figure class="chart rnn-chart rnn-hidden-figure" aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>"Hidden states through time"</h2>
                <p class="hint read-hint">"Each column is one step's hidden state hₜ (every unit of every batch row, first seed), coloured by the share of units in each value bin. A tanh RNN's units piling up at ±1 are saturated: there tanh′ ≈ 0 passes almost no gradient back."</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=HiddenStates dark=dark testid="hidden-state-chart" class="rnn-canvas"
                    data=move |see| {
                        painted.track();
                        state.result.with_untracked(|r| see(shown(r)))
                    } />
            </div>
        </figure>
    }
}
