//! The hidden-state chart on a canvas: h_t's density per step for the first seed, redrawn on
//! every new spread (and theme or window change), counted in `data-render-count`, with its
//! summary as the text alternative.

use leptos::prelude::*;

use super::state::use_rnn_state;
use crate::charts::recurrent::hidden_states::{draw_hidden_state_chart, hidden_state_summary};
use crate::ui::web::canvas_draw::draw_on_canvas;
use crate::ui::web::chart_redraw::redraw_on_change;
use crate::ui::web::theme::chart_theme;

#[component]
pub fn HiddenStateChart(dark: ReadSignal<bool>) -> impl IntoView {
    let state = use_rnn_state();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let renders = redraw_on_change(canvas, move |el| {
        let theme = chart_theme(dark.get());
        state.result.with(|r| {
            let Ok(sp) = r else { return false };
            let drawn = draw_on_canvas(el, &theme, |area, theme| {
                draw_hidden_state_chart(area, sp, theme).ok().map(|_| ())
            });
            matches!(drawn, Some((Some(()), _)))
        })
    });
    let label = move || {
        state.result.with(|r| match r {
            Ok(sp) => hidden_state_summary(sp),
            Err(e) => e.clone(),
        })
    };
    view! {
        <figure class="chart rnn-chart rnn-hidden-figure" aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>"Hidden states through time"</h2>
                <p class="hint read-hint">"Each column is one step's hidden state hₜ (every unit of every batch row, first seed), coloured by the share of units in each value bin. A tanh RNN's units piling up at ±1 are saturated: there tanh′ ≈ 0 passes almost no gradient back."</p>
            </figcaption>
            <div class="canvas-wrap">
                <canvas node_ref=canvas data-testid="hidden-state-chart" class="rnn-canvas"
                    role="img" aria-label=label data-render-count=move || renders.get()></canvas>
            </div>
        </figure>
    }
}
