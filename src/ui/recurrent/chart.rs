//! The gradient-through-time chart on a canvas: redrawn on every new spread (and theme or
//! window change), counted in `data-render-count`, with the summary as its text alternative
//! and a table of the per-step medians.

use leptos::prelude::*;

use super::state::use_rnn_state;
use crate::charts::recurrent::time_gradient::TimeGradient;
use crate::ui::web::chart_canvas::{shown, ChartCanvas};
use crate::words::format::format_value;

#[component]
pub fn TimeGradientChart(dark: ReadSignal<bool>) -> impl IntoView {
    let state = use_rnn_state();
    // 1000 steps are 6000 cells: built only while the table is open (at T = 1000 building
    // them with every result held the main thread up).
    let open = RwSignal::new(false);
    let rows = move || {
        if !open.get() {
            return None;
        }
        state.result.with(|r| {
            r.as_ref()
                .map(|sp| {
                    sp.steps
                        .iter()
                        .map(|s| {
                            let cell = s.cell_grad_norm.as_ref().map_or("—".into(), |c| {
                                format_value(c.p50)
                            });
                            view! {
                                <tr>
                                    <td>{s.t}</td>
                                    <td>{format_value(s.hidden_grad_norm.p50)}</td>
                                    <td>{format_value(s.hidden_grad_norm.p10)} " – " {format_value(s.hidden_grad_norm.p90)}</td>
                                    <td>{cell}</td>
                                    <td>{format!("{:.3}", s.hidden_std.p50)}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                })
                .ok()
        })
    };
    view! {
        <figure class="chart rnn-chart gradient-figure" aria-busy=move || state.busy.get().to_string()>
            <figcaption>
                <h2>"Gradient through time"</h2>
                <p class="hint read-hint">"The loss sits on the last step only: the line shows how much of its gradient reaches each earlier step t (median over the seed band, shaded p10–p90)."</p>
            </figcaption>
            <div class="canvas-wrap">
                <ChartCanvas chart=TimeGradient dark=dark testid="time-gradient-chart" class="rnn-canvas"
                    data=move |see| state.result.with(|r| see(shown(r))) />
                <Show when=move || state.busy.get()>
                    <div class="rnn-computing" role="status">"Computing…"</div>
                </Show>
            </div>
            <details class="layer-table" data-testid="time-gradient-table"
                on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>"Table of values per step"</summary>
                <table>
                    <thead><tr>
                        <th scope="col">"Step t"</th>
                        <th scope="col">"‖∂L/∂hₜ‖ median"</th>
                        <th scope="col">"p10 – p90"</th>
                        <th scope="col">"‖∂L/∂cₜ‖ (LSTM)"</th>
                        <th scope="col">"std(hₜ)"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
